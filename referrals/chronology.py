"""The referral stage's entries in a person's chronology, registered from ReferralsConfig.ready(): a referral
started and sent, and the disclosures of the person's referrals on the sharing register.

Each provider reads through the visibility helpers (referrals.selectors.referrals_visible_to,
sharing.selectors.records_visible_to) and costs one query however many referrals there are. `referral_page` and
`person_referral_ids` are shared with the later stages' providers.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import CharField, QuerySet
from django.db.models.functions import Cast

from chronology.providers import Entry, _name, _paragraphs, _url, kind_label, register
from organisations.models import Membership
from organisations.roles import SAFEGUARDING_LEADS, Role
from people.models import Person
from sharing.models import SharingRecord
from sharing.selectors import records_visible_to

from .models import Referral
from .selectors import referrals_visible_to

REFERRAL_STARTED = "referral.started"
REFERRAL_SUBMITTED = "referral.submitted"
DISCLOSURE = "sharing.disclosure"

# The page each role works on a referral in. Named, never imported: screening and the preliminary assessment are
# later stages.
_PAGES: dict[str, str] = {
    Role.DSL: "referrals:detail",
    Role.HEADTEACHER: "referrals:detail",
    Role.POLICE_PREVENT_OFFICER: "screening:screen",
    Role.LA_PREVENT_COORDINATOR: "preliminary:assess",
    Role.PANEL_CHAIR: "preliminary:assess",
}


def person_referrals(person: Person, membership: Membership | None) -> QuerySet[Referral]:
    """The person's referrals that the membership may see (referrals_visible_to)."""
    return referrals_visible_to(acting=membership).filter(subject=person)


def person_referral_ids(person: Person, membership: Membership | None) -> QuerySet[Referral, Any]:
    """The same, as a subquery."""
    return person_referrals(person, membership).values("pk")


def referral_source(referral_id: int) -> str:
    return f"referral {Referral(pk=referral_id).reference}"


def referral_page(membership: Membership | None, referral_id: int) -> str:
    """The page about the referral that the acting membership works in, or "" if none."""
    name = _PAGES.get(membership.role) if membership is not None else None
    return _url(name, referral_id) if name else ""


@register(REFERRAL_STARTED, "Referral started")
def referrals_started(*, person: Person, membership: Membership | None) -> Iterator[Entry]:
    """A referral form opened (a draft): for the referring organisation's safeguarding leads, who alone see drafts."""
    if membership is None or membership.role not in SAFEGUARDING_LEADS:
        return
    referrals = person_referrals(person, membership).select_related("referrer")
    for referral in referrals:
        draft = referral.status == Referral.Status.DRAFT
        yield Entry(
            at=referral.created_at,
            kind=REFERRAL_STARTED,
            kind_label=kind_label(REFERRAL_STARTED),
            title="Referral to Prevent started",
            detail="Still a draft: not sent." if draft else "",
            by=_name(referral.referrer),
            url=referral_page(membership, referral.pk),
            source=referral_source(referral.pk),
        )


@register(REFERRAL_SUBMITTED, "Referral sent")
def referrals_submitted(*, person: Person, membership: Membership | None) -> Iterator[Entry]:
    """A referral sent to the police Prevent team, with its reason: for everyone who sees the referral."""
    referrals = (
        person_referrals(person, membership)
        .filter(submitted_at__isnull=False)
        .select_related("referrer", "organisation")
    )
    for referral in referrals:
        assert referral.submitted_at is not None
        yield Entry(
            at=referral.submitted_at,
            kind=REFERRAL_SUBMITTED,
            kind_label=kind_label(REFERRAL_SUBMITTED),
            title="Referral sent to the police Prevent team",
            detail=_paragraphs(f"Sent by {referral.organisation.name}.", referral.reason),
            by=_name(referral.referrer),
            url=referral_page(membership, referral.pk),
            source=referral_source(referral.pk),
        )


def _sharing_records(person: Person, membership: Membership | None) -> QuerySet[SharingRecord]:
    """The register's records of disclosures of the person's referrals, as far as the membership reads the register
    (records_visible_to). The register names its records by type and id (text), so the ids are cast to match."""
    referral_keys = (
        Referral.objects.filter(subject=person).annotate(key=Cast("pk", output_field=CharField())).values("key")
    )
    return records_visible_to(acting=membership).filter(
        object_type=Referral._meta.label_lower, object_id__in=referral_keys
    )


def _recipient(record: SharingRecord) -> str:
    if record.to_organisation is not None:
        return record.to_organisation.name
    return record.to_address or "Not recorded"


@register(DISCLOSURE, "Information shared")
def disclosures(*, person: Person, membership: Membership | None) -> Iterator[Entry]:
    """Each disclosure of the person's referrals on the sharing register, dated when it was sent (a protected PDF
    counts as sent once the call that passed its password is recorded; until then, when it was made). What was
    shared, to whom, how, and under which power; never anything about the password itself."""
    records = _sharing_records(person, membership).select_related("to_organisation", "shared_by")
    for record in records:
        awaiting = record.status == SharingRecord.Status.AWAITING_CALL
        yield Entry(
            at=record.sent_at or record.created_at,
            kind=DISCLOSURE,
            kind_label=kind_label(DISCLOSURE),
            title=f"Shared: {record.what}",
            detail=_paragraphs(
                f"Shared with: {_recipient(record)}.",
                f"How: {record.get_channel_display()}.",
                f"Power to share: {record.get_power_to_share_display()}.",
                f"Consent: {record.get_consent_display()}.",
                "Not yet sent: waiting for the phone call." if awaiting else "",
            ),
            by=_name(record.shared_by),
            url=_url("sharing:record_detail", record.pk),
            source=referral_source(int(record.object_id)),
        )
