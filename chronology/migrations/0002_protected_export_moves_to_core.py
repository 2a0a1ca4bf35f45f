"""Protected exports are not only the chronology's (copies of referrals use them too): the model moves to core. The
rows stay: the table is renamed and only Django's model state moves (core.0002 takes it up)."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("chronology", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.AlterModelTable(name="protectedexport", table="core_protectedexport")],
            state_operations=[migrations.DeleteModel(name="protectedexport")],
        ),
    ]
