"""The one check every refusal test makes: a service refused a membership that may not act, with a plain reason, in
the audit log ("service.refused", written before the service changed anything and kept when the caller's
transaction rolls back)."""

from __future__ import annotations

from audit.models import AuditEvent

from .personas import Personas

ANOTHER_AREA = "the record belongs to another area"
ANOTHER_ORGANISATION = "the record belongs to another organisation"


def not_allowed(role: str) -> str:
    return f"the role {role} may not do this"


def assert_refused(personas: Personas, persona: str, *, service: str, reason: str) -> AuditEvent:
    """Exactly one refusal was audited: of `service`, for the persona's membership, with `reason`."""
    acting = personas.membership(persona)
    event = AuditEvent.objects.get(action="service.refused")
    assert event.actor == personas[persona]
    assert (event.acting_organisation_id, event.acting_role) == (acting.organisation_id, acting.role)
    assert event.details == {"service": service, "reason": reason, "role": acting.role}
    return event
