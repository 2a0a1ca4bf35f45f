"""The referral as a document: every section of the Vulnerable to Radicalisation (VTR) form, for a copy that leaves
the service (policy 2.5) — e-mailed to a secure address, or a password-protected PDF whose password is given by
phone. The PDF itself is written by core.pdf; this module says what goes in it.

Callers fetch the referral through referrals.selectors and record the read; this module only reads what it is
given (and the person's household and the linked concerns that belong to the referral).
"""

from __future__ import annotations

import datetime

from django.utils import timezone

from concerns.models import Concern
from core.pdf import PdfSection
from people.models import HouseholdMember

from .models import Referral
from .rules import SECTIONS, age_on

NOT_GIVEN = "Not given"


def referral_pdf_title(referral: Referral) -> str:
    return f"Prevent referral {referral.reference}"


def referral_pdf_filename(referral: Referral) -> str:
    """A plain ASCII name that identifies nobody: the reference only."""
    return f"referral-{referral.reference}.pdf"


def _day(value: datetime.date | None) -> str:
    return f"{value.day} {value:%B %Y}" if value else NOT_GIVEN


def _when(value: datetime.datetime | None) -> str:
    if value is None:
        return NOT_GIVEN
    local = timezone.localtime(value)
    return f"{local.day} {local:%B %Y at %H:%M}"


def _yes_no(value: bool | None) -> str:
    return {True: "Yes", False: "No", None: "Not answered"}[value]


def _paragraphs(text: str, *, empty: str = NOT_GIVEN) -> list[str]:
    parts = [part.strip() for part in text.replace("\r\n", "\n").split("\n\n") if part.strip()]
    return parts or [empty]


def _referrer(referral: Referral) -> PdfSection:
    referrer = referral.referrer
    return PdfSection(
        SECTIONS["referrer"],
        rows=[
            ("Name", referrer.full_name or NOT_GIVEN),
            ("E-mail", referrer.email),
            ("Phone", referral.referrer_phone or NOT_GIVEN),
            ("Organisation", referral.organisation.name),
            ("Kind of organisation", referral.organisation.get_kind_display()),
            ("Area", referral.area.name),
        ],
    )


def _person(referral: Referral, today: datetime.date) -> PdfSection:
    person = referral.subject
    age = age_on(person.date_of_birth, today)
    born = _day(person.date_of_birth)
    if age is not None:
        born = f"{born} (age {age})"
    return PdfSection(
        SECTIONS["person"],
        rows=[
            ("Given name", person.given_name),
            ("Family name", person.family_name),
            ("Known as", person.preferred_name or NOT_GIVEN),
            ("Date of birth", born),
            ("Gender", person.get_gender_display()),
            ("Address", person.address or NOT_GIVEN),
        ],
    )


def _aliases(referral: Referral) -> PdfSection:
    aliases = [str(alias) for alias in referral.subject.aliases or [] if str(alias).strip()]
    rows = [("Alias", alias) for alias in aliases] or [("Aliases", "None known")]
    paragraphs = _paragraphs(referral.aliases_note, empty="") if referral.aliases_note.strip() else []
    return PdfSection(SECTIONS["aliases"], rows=rows, paragraphs=paragraphs)


def _household(referral: Referral) -> list[PdfSection]:
    members = list(HouseholdMember.objects.filter(person=referral.subject_id).order_by("pk"))
    sections = []
    if not members:
        sections.append(PdfSection(SECTIONS["household"], rows=[("Household members", "None recorded")]))
    for number, member in enumerate(members, start=1):
        heading = SECTIONS["household"] if number == 1 else f"{SECTIONS['household']} (continued)"
        sections.append(
            PdfSection(
                heading,
                rows=[
                    ("Name", member.name),
                    ("Relationship", member.get_relationship_display()),
                    ("Parental responsibility", _yes_no(member.has_parental_responsibility)),
                    ("Lives with them", _yes_no(member.lives_with_person)),
                    ("Contact details", member.contact_details or NOT_GIVEN),
                ],
            )
        )
    if referral.household_note.strip():
        sections.append(PdfSection("About the household", paragraphs=_paragraphs(referral.household_note)))
    return sections


def _social_media(referral: Referral) -> PdfSection:
    rows = []
    for account in referral.social_media or []:
        if isinstance(account, dict):
            platform, handle = str(account.get("platform", "")).strip(), str(account.get("handle", "")).strip()
        else:
            platform, handle = "Account", str(account).strip()
        if platform or handle:
            rows.append((platform or "Account", handle or NOT_GIVEN))
    return PdfSection(SECTIONS["social_media"], rows=rows or [("Accounts", "None known")])


def _reason(referral: Referral) -> list[PdfSection]:
    sections = [PdfSection(SECTIONS["reason"], paragraphs=_paragraphs(referral.reason))]
    for concern in referral.concerns.exclude(status=Concern.Status.DRAFT).order_by("observed_on", "submitted_at", "pk"):
        observed = _day(concern.observed_on)
        if concern.observed_on and concern.observed_time:
            observed = f"{observed} at {concern.observed_time:%H:%M}"
        sections.append(
            PdfSection(
                f"Concern {concern.reference}",
                rows=[
                    ("Reference", concern.reference),
                    ("When it happened", observed),
                    ("Recorded", _when(concern.submitted_at)),
                ],
                paragraphs=_paragraphs(concern.account),
            )
        )
    return sections


def _concern_types(referral: Referral) -> PdfSection:
    labels = [concern_type.label for concern_type in referral.concern_types.order_by("order", "label")]
    return PdfSection(SECTIONS["concern_type"], rows=[("Type", label) for label in labels] or [("Type", NOT_GIVEN)])


def _factors(referral: Referral) -> list[PdfSection]:
    return [
        PdfSection("Personal and social factors", paragraphs=_paragraphs(referral.personal_factors)),
        PdfSection("Risk factors", paragraphs=_paragraphs(referral.risk_factors)),
        PdfSection("Protective factors", paragraphs=_paragraphs(referral.protective_factors)),
    ]


def _consent(referral: Referral) -> PdfSection:
    rows = [("Consent", referral.get_consent_display() or NOT_GIVEN)]
    if referral.consent == Referral.Consent.GIVEN:
        rows.append(("Given by", referral.get_consent_by_display() or NOT_GIVEN))
    if referral.consent_reason.strip():
        rows.append(("Reason", referral.consent_reason))
    rows.append(("Capacity to consent in doubt", _yes_no(referral.capacity_in_doubt)))
    if referral.capacity_support.strip():
        rows.append(("Support given to help them decide", referral.capacity_support))
    return PdfSection(SECTIONS["consent"], rows=rows)


def referral_pdf_sections(referral: Referral, *, today: datetime.date | None = None) -> list[PdfSection]:
    """Every section of the VTR form, in the form's order, for the police Prevent team to read."""
    today = today or timezone.localdate()
    summary = PdfSection(
        "Referral",
        rows=[
            ("Reference", referral.reference),
            ("Sent", _when(referral.submitted_at)),
            ("Status", referral.get_status_display()),
        ],
    )
    return [
        summary,
        _referrer(referral),
        _person(referral, today),
        _aliases(referral),
        *_household(referral),
        _social_media(referral),
        *_reason(referral),
        _concern_types(referral),
        *_factors(referral),
        _consent(referral),
    ]
