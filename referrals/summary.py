"""What the later stages show of a referral, read-only: the referral form's own summary, and the panel of earlier
referrals about the same person. Used by police screening and the preliminary assessment."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ObjectDoesNotExist
from django.utils import timezone

from organisations.models import Membership

from .models import Referral
from .rules import SECTIONS, age_on
from .selectors import earlier_referrals, referrals_visible_to

CAPACITY_AGE = 16  # from 16, the referral says whether capacity to consent is in doubt (referrals.rules)


def related_or_none(obj: Any, name: str) -> Any:
    """A reverse one-to-one (a referral's screening, assessment or Channel case), or None when there is none."""
    try:
        return getattr(obj, name)
    except ObjectDoesNotExist:
        return None


def submitted_on(referral: Referral) -> datetime.date | None:
    return timezone.localtime(referral.submitted_at).date() if referral.submitted_at else None


def earlier_panel(*, acting: Membership, referral: Referral, link_to: str) -> list[dict[str, Any]]:
    """Other referrals in the area about someone with the same name and date of birth, newest first, each with its
    screening outcome and a link when the acting membership may open it (`link_to`: the URL name)."""
    earlier = list(earlier_referrals(acting=acting, referral=referral))
    openable = set(
        referrals_visible_to(acting=acting).filter(pk__in=[r.pk for r in earlier]).values_list("pk", flat=True)
    )
    rows = []
    for other in earlier:
        screening = related_or_none(other, "screening")
        assessment = related_or_none(other, "preliminary_assessment")
        rows.append(
            {
                "referral": other,
                "link_to": link_to if other.pk in openable else "",
                "outcome": screening.get_outcome_display() if screening is not None and screening.outcome else "",
                "decision": (
                    assessment.get_decision_display() if assessment is not None and assessment.decision else ""
                ),
            }
        )
    return rows


def summary_context(referral: Referral) -> dict[str, Any]:
    """What the referral's sections show, read-only: the referral form's own summary (templates/referrals/_answers.html,
    whose comment lists what it needs). Linked concerns are listed by reference and date only: their words stay with
    the referring organisation."""
    subject = referral.subject
    age = age_on(subject.date_of_birth, timezone.localdate())
    return {
        "referral": referral,
        "sections": SECTIONS,
        "change": False,
        "subject": subject,
        "age": age,
        "household": list(subject.household.all()),
        "social_media": referral.social_media if isinstance(referral.social_media, list) else [],
        "linked_concerns": list(referral.concerns.order_by("submitted_at", "pk").only("pk", "submitted_at")),
        "concern_types": list(referral.concern_types.all()),
        "ask_capacity": age is not None and age >= CAPACITY_AGE,
    }
