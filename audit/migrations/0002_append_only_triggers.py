"""Make the audit table append-only in the database itself: UPDATE and DELETE (and TRUNCATE) are refused."""

from django.db import migrations

from audit.guards import create_statements, drop_statements


def install(apps, schema_editor):
    for statement in create_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement)


def remove(apps, schema_editor):
    for statement in drop_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("audit", "0001_initial")]
    operations = [migrations.RunPython(install, remove)]
