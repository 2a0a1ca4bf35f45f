"""Reads of the audit log, for information governance."""

from datetime import date

from django.db.models import QuerySet

from .models import AuditEvent


def audit_events_filtered(*, action: str = "", actor_email: str = "", on: date | None = None) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.select_related("actor", "acting_organisation").order_by("-sequence")
    if action:
        events = events.filter(action__startswith=action)
    if actor_email:
        events = events.filter(actor__email__iexact=actor_email.strip())
    if on:
        events = events.filter(occurred_at__date=on)
    return events
