"""Reference data the service ships with: the Home Office's types of concern and the secure e-mail domains named in
the policy (2.5: "GCSX, nhs.net, .pnn, cjsm, .gsi or a secure system such as Egress"). The GCSX and GSI networks were
withdrawn in 2019: they stay listed, switched off, so nobody adds them back by mistake.

Loaded by migration 0002; `ensure_reference_data()` puts back whatever is missing (tests that wipe the database use
it). Administrators change the lists in the administration pages; this never overwrites their changes.
"""

from typing import Any

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


def ensure_reference_data(concern_type_model: Any, secure_domain_model: Any) -> None:
    for order, (code, label) in enumerate(CONCERN_TYPES):
        concern_type_model.objects.get_or_create(code=code, defaults={"label": label, "order": order})
    for domain, description, active, note in SECURE_DOMAINS:
        secure_domain_model.objects.get_or_create(
            domain=domain, defaults={"description": description, "is_active": active, "note": note}
        )
