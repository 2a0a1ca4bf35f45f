"""The Channel case moves here from referrals (its table kept, renamed)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("referrals", "0003_later_stages_move_to_their_apps"),
        ("organisations", "0001_initial"),
        ("people", "0001_initial"),
    ]

    # The tables were made by referrals.0001 and renamed by referrals.0003: only the model state moves here.
    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ChannelCase",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        (
                            "status",
                            models.CharField(
                                choices=[("awaiting_panel", "Waiting for the next panel")],
                                default="awaiting_panel",
                                max_length=30,
                            ),
                        ),
                        ("opened_at", models.DateTimeField(auto_now_add=True)),
                        (
                            "area",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="channel_cases",
                                to="organisations.area",
                            ),
                        ),
                        (
                            "subject",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="channel_cases",
                                to="people.person",
                            ),
                        ),
                        (
                            "referral",
                            models.OneToOneField(
                                on_delete=django.db.models.deletion.PROTECT,
                                related_name="channel_case",
                                to="referrals.referral",
                            ),
                        ),
                    ],
                ),
            ],
        ),
    ]
