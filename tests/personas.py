"""Named personas: the people every permission test speaks of. Each signs in with a password and a TOTP app."""

from __future__ import annotations

import time
from dataclasses import dataclass

from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value

from accounts.models import User
from organisations.models import Membership, Organisation
from organisations.roles import Role

from .factories import AreaFactory, MembershipFactory, OrganisationFactory, UserFactory

TOTP_SECRET = "KBZGK5TFNZ2FIZLTORZUE4TPO5ZWK4RB"  # base32, test only


def totp_code(secret: str = TOTP_SECRET, offset: int = 0) -> str:
    counter = int(time.time()) // mfa_settings.TOTP_PERIOD + offset
    return format_hotp_value(hotp_value(secret, counter))


@dataclass(frozen=True)
class PersonaSpec:
    organisation: str
    role: Role | None
    second_factor: bool = True
    is_staff: bool = False


ORGANISATIONS = {
    "school": ("Hollybank Infant School (test)", Organisation.Kind.SCHOOL, "essex"),
    "other_school": ("Marshview Academy (test)", Organisation.Kind.SCHOOL, "southend"),
    "police": ("Essex Police Prevent Team (test)", Organisation.Kind.POLICE, "essex"),
    "other_police": ("Thurrock Police Prevent Team (test)", Organisation.Kind.POLICE, "thurrock"),
    "council": ("Essex County Council (test)", Organisation.Kind.LOCAL_AUTHORITY, "essex"),
    "health": ("Riverside Health (test)", Organisation.Kind.HEALTH, "essex"),
    "provider": ("Brightpath Mentoring (test)", Organisation.Kind.SUPPORT_PROVIDER, "essex"),
    "service": ("Prevent Casework Service (test)", Organisation.Kind.OTHER, "essex"),
}

PERSONAS: dict[str, PersonaSpec] = {
    "staff": PersonaSpec("school", Role.STAFF),
    "dsl": PersonaSpec("school", Role.DSL),
    "headteacher": PersonaSpec("school", Role.HEADTEACHER),
    "other_dsl": PersonaSpec("other_school", Role.DSL),
    "police": PersonaSpec("police", Role.POLICE_PREVENT_OFFICER),
    "other_police": PersonaSpec("other_police", Role.POLICE_PREVENT_OFFICER),
    "coordinator": PersonaSpec("council", Role.LA_PREVENT_COORDINATOR),
    "chair": PersonaSpec("council", Role.PANEL_CHAIR),
    "panel_member": PersonaSpec("health", Role.PANEL_MEMBER),
    "provider": PersonaSpec("provider", Role.SUPPORT_PROVIDER),
    "ig": PersonaSpec("council", Role.INFORMATION_GOVERNANCE),
    "sysadmin": PersonaSpec("service", Role.SYSTEM_ADMIN, is_staff=True),
    "no_membership": PersonaSpec("school", None),
    "no_second_factor": PersonaSpec("school", Role.STAFF, second_factor=False),
}
# "anonymous" is the persona nobody signed in as.
ALL_PERSONAS = ["anonymous", *PERSONAS]


class Personas:
    """Builds the personas on first use in a test, so a test pays only for those it names."""

    def __init__(self) -> None:
        self._users: dict[str, User] = {}
        self._organisations: dict[str, Organisation] = {}

    def organisation(self, key: str) -> Organisation:
        if key not in self._organisations:
            name, kind, area = ORGANISATIONS[key]
            self._organisations[key] = OrganisationFactory.create(
                name=name, kind=kind, area=AreaFactory(code=area, name=area.title())
            )
        return self._organisations[key]

    def __getitem__(self, name: str) -> User:
        if name not in self._users:
            spec = PERSONAS[name]
            user = UserFactory.create(
                email=f"{name.replace('_', '.')}@example.org",
                full_name=name.replace("_", " ").title(),
                is_staff=spec.is_staff,
            )
            if spec.role is not None:
                MembershipFactory.create(user=user, organisation=self.organisation(spec.organisation), role=spec.role)
            if spec.second_factor:
                TOTP.activate(user, TOTP_SECRET)
            self._users[name] = user
        return self._users[name]

    def membership(self, name: str) -> Membership:
        """The persona's membership: what services take as `acting`."""
        user = self[name]
        return Membership.objects.select_related("user", "organisation").get(user=user, ended_at__isnull=True)

    def all(self) -> dict[str, User]:
        return {name: self[name] for name in PERSONAS}


def make_personas() -> Personas:
    """The personas (each built on first use), the Essex police Prevent team, and the reference data."""
    personas = Personas()
    # Essex has its police Prevent team from the start, as every area must for referrals to be sent.
    personas.organisation("police")
    # Reference data loaded by migrations is wiped by the flush after tests that use real transactions.
    from referrals.models import ConcernType, SecureDomain
    from referrals.reference_data import ensure_reference_data

    ensure_reference_data(ConcernType, SecureDomain)
    return personas
