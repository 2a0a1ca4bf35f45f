"""Core takes up the ProtectedExport model from the chronology (its table renamed by chronology.0002), and adds what
kind of export each one is, so that a referral copy's download is audited under its own name."""

import uuid

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


def mark_referral_copies(apps, schema_editor):
    # Before this migration the two kinds differed only by their file names: "referral-R-000001.pdf" for a copy of a
    # referral, "chronology-<person>-<date>.pdf" for a chronology.
    ProtectedExport = apps.get_model("core", "ProtectedExport")
    ProtectedExport.objects.filter(filename__startswith="referral-").update(kind="referral_copy")


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
        ("chronology", "0002_protected_export_moves_to_core"),
        ("organisations", "0001_initial"),
        ("people", "0001_initial"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="ProtectedExport",
                    fields=[
                        (
                            "id",
                            models.BigAutoField(
                                auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                            ),
                        ),
                        ("public_id", models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                        ("filename", models.CharField(max_length=160)),
                        ("entries", models.PositiveIntegerField(default=0)),
                        ("created_at", models.DateTimeField(auto_now_add=True, db_index=True)),
                        ("downloaded_at", models.DateTimeField(blank=True, null=True)),
                        ("blob", models.BinaryField(null=True)),
                        (
                            "created_by",
                            models.ForeignKey(
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
                            "person",
                            models.ForeignKey(
                                on_delete=django.db.models.deletion.PROTECT, related_name="+", to="people.person"
                            ),
                        ),
                    ],
                    options={"ordering": ["-created_at"]},
                ),
            ],
        ),
        migrations.AddField(
            model_name="protectedexport",
            name="kind",
            field=models.CharField(
                choices=[("chronology", "Chronology"), ("referral_copy", "Copy of a referral")],
                default="chronology",
                max_length=30,
            ),
        ),
        migrations.RunPython(mark_referral_copies, migrations.RunPython.noop),
    ]
