"""Demo triage: the older of Rowan's concerns read, clarified, consent recorded and decided (monitor)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from concerns.models import Concern
from organisations.models import Membership

from .models import Decision
from .services import clarification_record, concern_mark_read, consent_record, decision_record


def load() -> list[str]:
    if Decision.objects.exists():
        return []
    dsl = (
        Membership.objects.current()
        .select_related("user", "organisation")
        .get(user__email="dsl@hollybank.example.org", organisation__name="Hollybank Infant School")
    )
    concerns = Concern.objects.filter(organisation__name="Hollybank Infant School", status=Concern.Status.SUBMITTED)
    oldest = concerns.order_by("observed_on").first()
    urgent = concerns.filter(is_urgent=True).first()
    if oldest is None:
        return []
    oldest = concern_mark_read(concern=oldest, acting=dsl)
    clarification_record(
        concern=oldest,
        acting=dsl,
        spoke_with="child",
        who="Rowan, with his class teacher present",
        spoke_on=oldest.observed_on or timezone.localdate(),
        summary="Rowan said his cousin says it; he did not know what the word meant.",
    )
    consent_record(
        concern=oldest,
        acting=dsl,
        position="given",
        given_by="Casey Testperson (parent)",
        note="Parent agreed to the school keeping an eye and talking again in a month.",
    )
    decision_record(
        concern=oldest,
        acting=dsl,
        outcome=Decision.Outcome.MONITOR,
        rationale="A young child repeating words heard at home; no other signs. Parent engaged. Monitor in class.",
        review_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    if urgent is not None:
        concern_mark_read(concern=urgent, acting=dsl)
    return ["triage records for Hollybank Infant School"]
