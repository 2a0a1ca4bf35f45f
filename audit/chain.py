"""How an audit row is sealed: HMAC-SHA256 over the row's canonical JSON and the previous row's hash."""

from __future__ import annotations

import hashlib
import hmac
import json
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from django.conf import settings

if TYPE_CHECKING:
    from .models import AuditEvent

GENESIS_HASH = "0" * 64


def _timestamp(value: datetime) -> str:
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_payload(event: AuditEvent) -> str:
    """The row as sorted, compact JSON: the same bytes whichever database stored it."""
    payload: dict[str, Any] = {
        "sequence": event.sequence,
        "occurred_at": _timestamp(event.occurred_at),
        "actor": event.actor_id,
        "acting_organisation": event.acting_organisation_id,
        "acting_role": event.acting_role,
        "action": event.action,
        "object_type": event.object_type,
        "object_id": event.object_id,
        "request_id": event.request_id,
        "ip_address": event.ip_address,
        "details": event.details,
        "previous_hash": event.previous_hash,
    }
    return json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def seal(event: AuditEvent) -> str:
    key = settings.AUDIT_HMAC_KEY.encode()
    return hmac.new(key, canonical_payload(event).encode(), hashlib.sha256).hexdigest()
