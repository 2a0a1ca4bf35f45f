"""The one way rows get into the audit log. Every service write calls audit_append inside its own transaction."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, models, transaction
from django.utils import timezone

from . import context
from .chain import GENESIS_HASH, seal
from .models import AuditEvent

# Any constant will do: it names the one advisory lock that serialises appends on PostgreSQL.
_CHAIN_LOCK_KEY = 7_204_117_001


def _lock_chain() -> None:
    """Serialise appends so that two writers never chain onto the same previous row.

    On PostgreSQL a transaction-scoped advisory lock is held until the surrounding transaction commits. On SQLite
    the connection opens every transaction with BEGIN IMMEDIATE (settings), which already admits one writer at a
    time. The unique constraints on sequence and hash are the last line: a fork cannot be stored.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_CHAIN_LOCK_KEY])


def _describe(obj: models.Model | None, object_type: str, object_id: str) -> tuple[str, str]:
    if obj is None:
        return object_type, object_id
    return obj._meta.label_lower, str(obj.pk)


def audit_append(
    *,
    action: str,
    actor: Any = None,
    obj: models.Model | None = None,
    object_type: str = "",
    object_id: str = "",
    details: dict[str, Any] | None = None,
    organisation_id: int | None = None,
    role: str | None = None,
) -> AuditEvent:
    """Append one sealed event. `details` must hold no personal or case content: ids, codes and counts only.

    The acting organisation and role default to the request's acting membership; the request id and address
    always come from the request context.
    """
    request = context.current()
    kind, ident = _describe(obj, object_type, object_id)
    actor_id = getattr(actor, "pk", None) if actor is not None and getattr(actor, "is_authenticated", False) else None
    with transaction.atomic():
        _lock_chain()
        last = AuditEvent.objects.order_by("-sequence").values("sequence", "hash").first()
        event = AuditEvent(
            sequence=(last["sequence"] + 1) if last else 1,
            occurred_at=timezone.now(),
            actor_id=actor_id,
            acting_organisation_id=organisation_id if organisation_id is not None else request.organisation_id,
            acting_role=role if role is not None else request.role,
            action=action,
            object_type=kind,
            object_id=ident,
            request_id=request.request_id,
            ip_address=request.ip_address,
            details=details or {},
            previous_hash=last["hash"] if last else GENESIS_HASH,
        )
        event.hash = seal(event)
        event.save(force_insert=True)
    return event


def record_read(
    *, actor: Any, obj: models.Model, what: str = "view", details: dict[str, Any] | None = None
) -> AuditEvent:
    """Record that someone read case content: every page, API response or export that shows it calls this."""
    return audit_append(action=f"read.{what}", actor=actor, obj=obj, details=details)


# The most row ids one list-read event keeps. Lists are paginated or small (a page of the sharing register is 50
# rows), so this is reached only by an unusually long unpaginated list; the event then says so.
LIST_READ_MAX_IDS = 500
LIST_READ_ACTION = "read.list"


def record_list_read(
    *,
    actor: Any,
    what: str,
    objects: Sequence[models.Model] | Sequence[int],
    details: dict[str, Any] | None = None,
    object_type: str = "",
) -> AuditEvent:
    """Record that someone read a list page of case content: one event per page view, action "read.list".

    `what` names the list ("my_concerns", "triage_queue", ...). `objects` are exactly the rows the page shows, in
    order (model instances or their ids), never the whole query behind a paginated list. The event's details are
    {"what": what, "ids": [ids of the rows shown], "count": how many rows were shown}, plus `details` (ids, codes
    and counts only, such as a page number or a filter's code: never a name). At most LIST_READ_MAX_IDS ids are
    kept; when a page showed more, "ids_truncated" is true and "count" still says how many there were. An empty
    page is recorded too: someone looked. The object type is that of the rows (or `object_type`, for bare ids).
    """
    reserved = {"what", "ids", "count", "ids_truncated"} & set(details or {})
    if reserved:
        raise TypeError(f"record_list_read sets these details itself: {sorted(reserved)}")
    shown: list[models.Model | int] = list(objects)
    ids = [item.pk if isinstance(item, models.Model) else int(item) for item in shown]
    first = shown[0] if shown else None
    kind = object_type or (first._meta.label_lower if isinstance(first, models.Model) else "")
    payload: dict[str, Any] = {**(details or {}), "what": what, "ids": ids[:LIST_READ_MAX_IDS], "count": len(ids)}
    if len(ids) > LIST_READ_MAX_IDS:
        payload["ids_truncated"] = True
    return audit_append(action=LIST_READ_ACTION, actor=actor, object_type=kind, details=payload)


@dataclass(frozen=True)
class ChainBreak:
    sequence: int
    reason: str


def _walk(events: Iterator[AuditEvent]) -> ChainBreak | None:
    expected_previous = GENESIS_HASH
    expected_sequence = 1
    for event in events:
        if event.sequence != expected_sequence:
            return ChainBreak(expected_sequence, f"row {expected_sequence} is missing (next row is {event.sequence})")
        if event.previous_hash != expected_previous:
            return ChainBreak(event.sequence, "its previous-hash does not match the row before it")
        if seal(event) != event.hash:
            return ChainBreak(event.sequence, "its contents do not match its hash (the row was altered)")
        expected_previous = event.hash
        expected_sequence += 1
    return None


def audit_verify_chain(*, chunk_size: int = 2000) -> tuple[int, ChainBreak | None]:
    """Walk the whole chain in order. Returns how many rows were checked and the first broken link, if any."""
    checked = 0

    def rows() -> Iterator[AuditEvent]:
        nonlocal checked
        for event in AuditEvent.objects.order_by("sequence").iterator(chunk_size=chunk_size):
            checked += 1
            yield event

    broken = _walk(rows())
    return checked, broken
