"""Business rules of referrals, one function each, the rule's wording as its docstring."""

from __future__ import annotations

import datetime

from django.conf import settings

from .models import PreliminaryAssessment, Referral, Screening, SecureDomain

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


def working_days_between(start: datetime.date, end: datetime.date) -> int:
    """Monday to Friday between two days (the start day not counted). Bank holidays are not known to the service."""
    days = 0
    day = start
    while day < end:
        day += datetime.timedelta(days=1)
        if day.weekday() < 5:
            days += 1
    return days


def screening_overdue(referral: Referral, *, today: datetime.date) -> bool:
    """A referral not screened within SCREENING_DUE_WORKING_DAYS working days (5 by default) of being sent is
    overdue."""
    if referral.submitted_at is None or referral.status not in {Referral.Status.SUBMITTED, Referral.Status.SCREENING}:
        return False
    return working_days_between(referral.submitted_at.date(), today) > settings.SCREENING_DUE_WORKING_DAYS


def screening_problems(*, outcome: str, signpost_to: str, reason: str, checks_made: str) -> dict[str, str]:
    """Screening records the checks made and an outcome. Not for Prevent needs where the person is signposted and
    why; escalation needs a reason."""
    problems = {}
    if not checks_made.strip():
        problems["checks_made"] = "Record the checks you made"
    if outcome not in Screening.Outcome.values:
        problems["outcome"] = "Select the outcome of screening"
    if outcome == Screening.Outcome.NOT_PREVENT:
        if signpost_to not in Screening.Signpost.values:
            problems["signpost_to"] = "Select where the person is signposted"
        if not reason.strip():
            problems["reason"] = "Explain why this is not for Prevent"
    if outcome == Screening.Outcome.ESCALATED and not reason.strip():
        problems["reason"] = "Explain why it is escalated"
    return problems


def assessment_decision_problems(
    assessment: PreliminaryAssessment, *, decision: str, other_support: str, reason: str
) -> dict[str, str]:
    """The partners decide: Channel, other support (which kind, and why) or exit (why). Where significant harm is
    suspected, a referral to children's or adult social care must be recorded before the person leaves the process
    (policy 2.5), whether to other support or out of it."""
    problems = {}
    if decision not in PreliminaryAssessment.Decision.values:
        return {"decision": "Select the decision"}
    if not assessment.initial_vulnerability_assessment.strip():
        problems["initial_vulnerability_assessment"] = "Record the initial vulnerability assessment first"
    if (
        decision == PreliminaryAssessment.Decision.OTHER_SUPPORT
        and other_support not in PreliminaryAssessment.OtherSupport.values
    ):
        problems["other_support"] = "Select the other support"
    if decision != PreliminaryAssessment.Decision.CHANNEL and not reason.strip():
        problems["reason"] = "Explain the decision"
    leaving = decision in {PreliminaryAssessment.Decision.OTHER_SUPPORT, PreliminaryAssessment.Decision.EXIT}
    if leaving and assessment.significant_harm_suspected and not assessment.social_care_referral.strip():
        problems["social_care_referral"] = "Record the referral to social care before the person leaves the process"
    return problems
