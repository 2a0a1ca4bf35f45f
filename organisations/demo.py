"""Demo areas, organisations and one person per role. Fictional people; example.org / example.gov.uk addresses."""

from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP

from accounts.models import User
from accounts.services import user_create

from .models import Area, Membership, Organisation
from .roles import Role
from .services import membership_create

DEMO_PASSWORD = "Prevent-Demo-2026"  # noqa: S105 - demo mode only, refused when DEBUG is off
# One authenticator secret for every demo persona, so a newcomer adds it to their app once.
DEMO_TOTP_SECRET = "KBZGK5TFNZ2EGYLTMV3W64TLIRSW23ZB"  # noqa: S105

AREAS = [("Essex", "essex"), ("Southend", "southend"), ("Thurrock", "thurrock")]

ORGANISATIONS = [
    ("Hollybank Infant School", Organisation.Kind.SCHOOL, "essex"),
    ("Marshview Academy", Organisation.Kind.SCHOOL, "southend"),
    ("Essex Police Prevent Team", Organisation.Kind.POLICE, "essex"),
    ("Essex County Council", Organisation.Kind.LOCAL_AUTHORITY, "essex"),
    ("Southend-on-Sea City Council", Organisation.Kind.LOCAL_AUTHORITY, "southend"),
    ("Thurrock Council", Organisation.Kind.LOCAL_AUTHORITY, "thurrock"),
    ("Riverside Community Health NHS Trust", Organisation.Kind.HEALTH, "essex"),
    ("Brightpath Mentoring", Organisation.Kind.SUPPORT_PROVIDER, "essex"),
    ("Prevent Casework Service", Organisation.Kind.OTHER, "essex"),
]


@dataclass(frozen=True)
class DemoPerson:
    email: str
    full_name: str
    job_title: str
    organisation: str
    role: Role
    is_staff: bool = False


PEOPLE = [
    DemoPerson(
        "teacher@hollybank.example.org",
        "Amira Teacher",
        "Class teacher",
        "Hollybank Infant School",
        Role.STAFF,
    ),
    DemoPerson(
        "dsl@hollybank.example.org",
        "Dana Lead",
        "Designated safeguarding lead",
        "Hollybank Infant School",
        Role.DSL,
    ),
    DemoPerson(
        "head@hollybank.example.org",
        "Harriet Head",
        "Headteacher",
        "Hollybank Infant School",
        Role.HEADTEACHER,
    ),
    DemoPerson(
        "dsl@marshview.example.org",
        "Morgan Marsh",
        "Designated safeguarding lead",
        "Marshview Academy",
        Role.DSL,
    ),
    DemoPerson(
        "prevent.officer@police.example.gov.uk",
        "Pat Officer",
        "Prevent officer",
        "Essex Police Prevent Team",
        Role.POLICE_PREVENT_OFFICER,
    ),
    DemoPerson(
        "prevent.coordinator@essex.example.gov.uk",
        "Cameron Coordinator",
        "Prevent safeguarding coordinator",
        "Essex County Council",
        Role.LA_PREVENT_COORDINATOR,
    ),
    DemoPerson(
        "channel.chair@essex.example.gov.uk",
        "Charlie Chair",
        "Channel panel chair",
        "Essex County Council",
        Role.PANEL_CHAIR,
    ),
    DemoPerson(
        "panel.member@riverside-health.example.org",
        "Morgan Member",
        "Safeguarding nurse",
        "Riverside Community Health NHS Trust",
        Role.PANEL_MEMBER,
    ),
    DemoPerson("mentor@brightpath.example.org", "Sam Mentor", "Mentor", "Brightpath Mentoring", Role.SUPPORT_PROVIDER),
    DemoPerson(
        "info.governance@essex.example.gov.uk",
        "Iris Governance",
        "Information governance officer",
        "Essex County Council",
        Role.INFORMATION_GOVERNANCE,
    ),
    DemoPerson(
        "admin@prevent-casework.example.gov.uk",
        "Alex Admin",
        "System administrator",
        "Prevent Casework Service",
        Role.SYSTEM_ADMIN,
        is_staff=True,
    ),
]


def load() -> list[str]:
    """Create what is missing; change nothing that exists. Returns lines describing what was done."""
    lines = []
    areas = {code: Area.objects.get_or_create(code=code, defaults={"name": name})[0] for name, code in AREAS}
    organisations = {
        name: Organisation.objects.get_or_create(name=name, defaults={"kind": kind, "area": areas[area]})[0]
        for name, kind, area in ORGANISATIONS
    }
    for person in PEOPLE:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            user = user_create(
                email=person.email,
                password=DEMO_PASSWORD,
                full_name=person.full_name,
                job_title=person.job_title,
                is_staff=person.is_staff,
                acting_user=None,
            )
            lines.append(f"created {person.email}")
        organisation = organisations[person.organisation]
        if not Membership.objects.current().filter(user=user, organisation=organisation, role=person.role).exists():
            membership_create(user=user, organisation=organisation, role=person.role, acting_user=None)
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, DEMO_TOTP_SECRET)
    return lines
