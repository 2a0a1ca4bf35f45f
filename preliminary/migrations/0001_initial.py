"""The preliminary assessment and information requests move here from referrals (tables kept, renamed)."""

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
                    name="InformationRequest",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("question", encryption.fields.EncryptedTextField()),
                        ("due_on", models.DateField()),
                        ("sent_at", models.DateTimeField(auto_now_add=True)),
                        ("answer", encryption.fields.EncryptedTextField(blank=True, default="")),
                        ("answered_at", models.DateTimeField(blank=True, null=True)),
                        ("reminded_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "answered_by",
                            models.ForeignKey(
                                blank=True,
                                null=True,
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "organisation",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to="organisations.organisation",
                            ),
                        ),
                        (
                            "sent_by",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
                        (
                            "referral",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="information_requests",
                                to="referrals.referral",
                            ),
                        ),
                    ],
                    options={
                        "ordering": ["due_on", "sent_at"],
                    },
                ),
                migrations.CreateModel(
                    name="PreliminaryAssessment",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("started_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "initial_vulnerability_assessment",
                            encryption.fields.EncryptedTextField(blank=True, default=""),
                        ),
                        ("significant_harm_suspected", models.BooleanField(default=False)),
                        (
                            "social_care_referral",
                            encryption.fields.EncryptedTextField(
                                blank=True,
                                default="",
                                help_text="Who made the referral to children's or adult social care, and when.",
                            ),
                        ),
                        (
                            "decision",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("channel", "Appropriate for Channel"),
                                    ("other_support", "Other support"),
                                    ("exit", "Exit the process"),
                                ],
                                default="",
                                max_length=20,
                            ),
                        ),
                        (
                            "other_support",
                            models.CharField(
                                blank=True,
                                choices=[
                                    ("childrens_social_care", "Children's social care"),
                                    ("adult_social_care", "Adult social care"),
                                    ("early_help", "Early Help"),
                                    ("health", "Health"),
                                    ("other", "Other"),
                                ],
                                default="",
                                max_length=30,
                            ),
                        ),
                        ("reason", encryption.fields.EncryptedTextField(blank=True, default="")),
                        ("decided_at", models.DateTimeField(blank=True, null=True)),
                        (
                            "coordinator",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="+",
                                to=settings.AUTH_USER_MODEL,
                            ),
                        ),
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
                                related_name="preliminary_assessment",
                                to="referrals.referral",
                            ),
                        ),
                    ],
                ),
            ],
        ),
        reseal_migration_operations(
            [
                (
                    "preliminary_informationrequest",
                    ["question", "answer"],
                    "referrals.informationrequest",
                    "preliminary.informationrequest",
                ),
                (
                    "preliminary_preliminaryassessment",
                    ["initial_vulnerability_assessment", "social_care_referral", "reason"],
                    "referrals.preliminaryassessment",
                    "preliminary.preliminaryassessment",
                ),
            ]
        ),
    ]
