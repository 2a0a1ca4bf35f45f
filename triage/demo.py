"""Demo triage: the older of Rowan's concerns read, clarified, consent recorded and decided (monitor)."""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.models import User
from concerns.models import Concern

from .models import Decision
from .services import clarification_record, concern_mark_read, consent_record, decision_record


def load() -> list[str]:
    if Decision.objects.exists():
        return []
    dsl = User.objects.get(email="dsl@hollybank.example.org")
    concerns = Concern.objects.filter(organisation__name="Hollybank Infant School", status=Concern.Status.SUBMITTED)
    oldest = concerns.order_by("observed_on").first()
    urgent = concerns.filter(is_urgent=True).first()
    if oldest is None:
        return []
    oldest = concern_mark_read(concern=oldest, acting_user=dsl)
    clarification_record(
        concern=oldest,
        acting_user=dsl,
        spoke_with="child",
        who="Rowan, with his class teacher present",
        spoke_on=oldest.observed_on or timezone.localdate(),
        summary="Rowan said his cousin says it; he did not know what the word meant.",
    )
    consent_record(
        concern=oldest,
        acting_user=dsl,
        position="given",
        given_by="Casey Testperson (parent)",
        note="Parent agreed to the school keeping an eye and talking again in a month.",
    )
    decision_record(
        concern=oldest,
        acting_user=dsl,
        outcome=Decision.Outcome.MONITOR,
        rationale="A young child repeating words heard at home; no other signs. Parent engaged. Monitor in class.",
        review_on=timezone.localdate() + datetime.timedelta(days=10),
    )
    if urgent is not None:
        concern_mark_read(concern=urgent, acting_user=dsl)
    return ["triage records for Hollybank Infant School"]
