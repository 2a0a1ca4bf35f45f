"""Business rules of referrals, one function each, the rule's wording as its docstring."""

from __future__ import annotations

import datetime

from django.core.exceptions import ObjectDoesNotExist

from concerns.models import Concern
from concerns.states import CONCERN_STATES

from .models import Referral, SecureDomain

SECTIONS = {
    "referrer": "Referrer and organisation",
    "person": "The person",
    "aliases": "Aliases",
    "household": "Family and household",
    "social_media": "Social media",
    "reason": "Reason for referral",
    "concern_type": "Type of concern",
    "factors": "Personal and social factors, risks and protective factors",
    "consent": "Consent",
}
# Sections that may be left empty, once the referrer has looked at them.
OPTIONAL_SECTIONS = frozenset({"aliases", "household", "social_media"})


def age_on(date_of_birth: datetime.date | None, day: datetime.date) -> int | None:
    if date_of_birth is None:
        return None
    return day.year - date_of_birth.year - ((day.month, day.day) < (date_of_birth.month, date_of_birth.day))


def consent_problems(referral: Referral, *, today: datetime.date) -> dict[str, str]:
    """Consent is given (by the person, or by a parent or guardian when they are under 18), refused, or not sought
    because seeking it would place the child at risk — which needs a reason. From 16, say whether capacity is in
    doubt, and if it is, what support was given to help them decide (policy 2.4, Mental Capacity Act 2005)."""
    problems = {}
    age = age_on(referral.subject.date_of_birth, today)
    if referral.consent == "":
        problems["consent"] = "Select the consent position"
    elif referral.consent == Referral.Consent.GIVEN:
        if referral.consent_by == "":
            problems["consent_by"] = "Select who gave consent"
        elif age is not None and age < 18 and referral.consent_by == Referral.ConsentBy.PERSON:
            problems["consent_by"] = "Under 18, consent is given by a parent or guardian"
    elif referral.consent == Referral.Consent.NOT_SOUGHT_RISK and not referral.consent_reason.strip():
        problems["consent_reason"] = "Explain how seeking consent would place the child at risk"
    if age is not None and age >= 16:
        if referral.capacity_in_doubt is None:
            problems["capacity_in_doubt"] = "Select whether their capacity to consent is in doubt"
        elif referral.capacity_in_doubt and not referral.capacity_support.strip():
            problems["capacity_support"] = "Describe the support given to help them decide"
    return problems


def section_problems(referral: Referral, *, today: datetime.date) -> dict[str, dict[str, str]]:
    """A referral can be sent only when every required section is complete. Returns {section: {field: message}}."""
    problems: dict[str, dict[str, str]] = {}
    if not referral.referrer_phone.strip():
        problems["referrer"] = {"referrer_phone": "Enter a phone number the police can call you on"}
    if referral.subject.date_of_birth is None:
        problems["person"] = {"date_of_birth": "Add their date of birth to their record"}
    if not referral.reason.strip():
        problems["reason"] = {"reason": "Explain why you are referring them"}
    if referral.pk and not referral.concern_types.exists():
        problems["concern_type"] = {"concern_types": "Select at least one type of concern"}
    factors = {}
    if not referral.personal_factors.strip():
        factors["personal_factors"] = "Describe their personal and social circumstances"
    if not referral.risk_factors.strip():
        factors["risk_factors"] = "Describe the risk factors"
    if not referral.protective_factors.strip():
        factors["protective_factors"] = "Describe the protective factors, or say there are none known"
    if factors:
        problems["factors"] = factors
    consent = consent_problems(referral, today=today)
    if consent:
        problems["consent"] = consent
    return problems


def is_secure_address(address: str, domains: list[SecureDomain]) -> bool:
    """A copy may be e-mailed only to an address on a domain on the secure list (a listed domain or a subdomain of
    one), and only while that domain is active."""
    if address.count("@") != 1:
        return False
    host = address.rsplit("@", 1)[1].strip().lower().rstrip(".")
    for domain in domains:
        name = domain.domain.lower().strip(".")
        if domain.is_active and (host == name or host.endswith("." + name)):
            return True
    return False


# --- guards of referrals.states: (referral, **context) -> None when the rule allows it, else the reason -----------


def concern_of_the_same_person_and_organisation(referral: Referral, *, concern: Concern, **_: object) -> str | None:
    """Only the organisation's own submitted concerns about the same person can be linked to its referral."""
    if (
        concern.organisation_id != referral.organisation_id
        or concern.subject_id != referral.subject_id
        or not CONCERN_STATES.in_phase("submitted", concern)
    ):
        return "Only the organisation's concerns about the same person can be linked"
    return None


def no_channel_case_yet(referral: Referral, **_: object) -> str | None:
    """A referral has at most one Channel case."""
    try:
        referral.channel_case  # noqa: B018  (a later stage's record, read through the reverse accessor)
    except ObjectDoesNotExist:
        return None
    return "This referral already has a Channel case."
