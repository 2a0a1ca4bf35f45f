"""Seed the type-of-concern list (the Home Office's categories) and the secure e-mail domains named in the policy.

The policy (2.5) lists "GCSX, nhs.net, .pnn, cjsm, .gsi or a secure system such as Egress". The GCSX and GSI
networks were withdrawn in 2019: they stay listed, switched off, so nobody adds them back by mistake. Administrators
edit the list in the administration pages.
"""

from django.db import migrations

from referrals.reference_data import ensure_reference_data


def seed(apps, schema_editor):
    ensure_reference_data(apps.get_model("referrals", "ConcernType"), apps.get_model("referrals", "SecureDomain"))


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
