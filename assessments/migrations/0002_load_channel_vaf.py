"""Load the shipped Channel vulnerability assessment framework (assessments/frameworks/channel-vaf-1.json): three
dimensions, 22 factors (13, 6, 3) and the rating scale, published. Administrators publish later versions in the
administration pages."""

from django.db import migrations

from assessments.framework_data import ensure_shipped_framework


def load(apps, schema_editor):
    ensure_shipped_framework(apps=apps)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
