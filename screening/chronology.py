"""Police screening's entry in a person's chronology, registered from ScreeningConfig.ready(): the outcome, dated
when it was decided.

Who sees what follows the stages' own pages. The police (who screen) see everything: the outcome, where the person
was signposted, the checks made and the reason. The area's Prevent coordinators and panel chair see the outcome and
its reason, as on the preliminary assessment page; never the police's checks. The referring organisation's
safeguarding leads see only the outcome and where the person was signposted, as on their referral's page: never the
checks, the reason or who decided. One query, through referrals.selectors.referrals_visible_to.
"""

from __future__ import annotations

from collections.abc import Iterator

from chronology.providers import Entry, _name, _paragraphs, kind_label, register
from organisations.models import Membership
from organisations.roles import Role
from people.models import Person
from referrals.chronology import person_referral_ids, referral_page, referral_source

from .models import Screening

SCREENING_OUTCOME = "screening.outcome"

# Who may read the screening's words: all of them for the police, the reason for the local authority.
SEES_CHECKS = frozenset({Role.POLICE_PREVENT_OFFICER})
SEES_REASON = frozenset({Role.POLICE_PREVENT_OFFICER, Role.LA_PREVENT_COORDINATOR, Role.PANEL_CHAIR})
POLICE_TEAM = "Police Prevent team"


@register(SCREENING_OUTCOME, "Police screening")
def screening_outcomes(*, person: Person, membership: Membership | None) -> Iterator[Entry]:
    screenings = (
        Screening.objects.filter(referral__in=person_referral_ids(person, membership), decided_at__isnull=False)
        .exclude(outcome="")
        .select_related("decided_by")
    )
    role = membership.role if membership is not None else ""
    for screening in screenings:
        assert screening.decided_at is not None
        signpost = f"Signposted to {screening.get_signpost_to_display()}." if screening.signpost_to else ""
        checks = f"Checks made: {screening.checks_made}" if role in SEES_CHECKS and screening.checks_made else ""
        reason = f"Reason: {screening.reason}" if role in SEES_REASON and screening.reason else ""
        yield Entry(
            at=screening.decided_at,
            kind=SCREENING_OUTCOME,
            kind_label=kind_label(SCREENING_OUTCOME),
            title=f"Police screening: {screening.get_outcome_display()}",
            detail=_paragraphs(signpost, checks, reason),
            by=_name(screening.decided_by) if role in SEES_REASON else POLICE_TEAM,
            url=referral_page(membership, screening.referral_id),
            source=referral_source(screening.referral_id),
        )
