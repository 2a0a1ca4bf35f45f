"""Seed the type-of-concern list (the Home Office's categories) and the secure e-mail domains named in the policy.

The policy (2.5) lists "GCSX, nhs.net, .pnn, cjsm, .gsi or a secure system such as Egress". The GCSX and GSI
networks were withdrawn in 2019: they stay listed, switched off, so nobody adds them back by mistake. Administrators
edit the list in the administration pages.
"""

from django.db import migrations

CONCERN_TYPES = [
    ("islamist", "Islamist"),
    ("extreme_right_wing", "Extreme right-wing"),
    ("left_wing_anarchist_single_issue", "Left-wing, anarchist or single-issue"),
    ("mixed_unclear_unstable", "Mixed, unclear or unstable"),
    ("conflicted", "Conflicted"),
    ("school_massacre", "School massacre"),
    ("incel", "Incel"),
    ("other", "Other"),
]

SECURE_DOMAINS = [
    ("nhs.net", "NHSmail", True, ""),
    ("pnn.police.uk", "Police National Network", True, ""),
    ("cjsm.net", "Criminal Justice Secure Mail", True, ""),
    ("gcsx.gov.uk", "Government Connect Secure Extranet", False, "Withdrawn in 2019; listed in the 2019 policy."),
    ("gsi.gov.uk", "Government Secure Intranet", False, "Withdrawn in 2019; listed in the 2019 policy."),
    ("gsx.gov.uk", "Government Secure Extranet", False, "Withdrawn in 2019 with GSI."),
]


def seed(apps, schema_editor):
    ConcernType = apps.get_model("referrals", "ConcernType")
    SecureDomain = apps.get_model("referrals", "SecureDomain")
    for order, (code, label) in enumerate(CONCERN_TYPES):
        ConcernType.objects.get_or_create(code=code, defaults={"label": label, "order": order})
    for domain, description, active, note in SECURE_DOMAINS:
        SecureDomain.objects.get_or_create(
            domain=domain, defaults={"description": description, "is_active": active, "note": note}
        )


class Migration(migrations.Migration):
    dependencies = [("referrals", "0001_initial")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
