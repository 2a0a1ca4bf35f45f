"""Police screening takes over the Screening model from referrals (its table kept, renamed)."""

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models

import encryption.fields
from encryption.moves import reseal_migration_operations


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("referrals", "0003_later_stages_move_to_their_apps"),
        ("organisations", "0001_initial"),
        ("people", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    # The tables were made by referrals.0001 and renamed by referrals.0003: only the model state moves here. Their
    # encrypted values were sealed to the old model label and are sealed again to the new one.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="Screening",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("started_at", models.DateTimeField(auto_now_add=True)),
                        ("checks_made", encryption.fields.EncryptedTextField(blank=True, default="")),
                        (
                            "outcome",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("not_prevent", "Not for Prevent: signpost and close"),
                                    ("proceed", "Proceed to preliminary assessment"),
                                    ("escalated", "Escalate through police processes"),
                                ],
                                default="",
                                max_length=20,
                            ),
                        ),
                        (
                            "signpost_to",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("childrens_social_care", "Children's social care"),
                                    ("adult_social_care", "Adult social care"),
                                    ("early_help", "Early Help"),
                                    ("other", "Other support"),
                                ],
                                default="",
                                max_length=30,
                            ),
                        ),
                        ("reason", encryption.fields.EncryptedTextField(blank=True, default="")),
                        ("decided_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "decided_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "referral",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="screening",
                                to="referrals.referral",
                            ),
                        ),
                        (
                            "started_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                    ],
                ),
            ],
        ),
        reseal_migration_operations(
            [("screening_screening", ["checks_made", "reason"], "referrals.screening", "screening.screening")]
        ),
    ]
