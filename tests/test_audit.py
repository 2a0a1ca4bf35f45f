"""The audit log: sealed rows, a chain that names its first broken link, and a table the database keeps append-only."""

import threading
from io import StringIO
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.db import DatabaseError, IntegrityError, connection, connections, transaction

from audit import context, guards
from audit.chain import GENESIS_HASH, seal
from audit.models import AuditEvent
from audit.services import LIST_READ_MAX_IDS, audit_append, audit_verify_chain, record_list_read, record_read

pytestmark = pytest.mark.django_db


def _tamper(sql: str, params: list[Any]) -> None:
    """Change the table as an intruder with database access would: past the guards, behind the application."""
    vendor = connection.vendor
    with connection.cursor() as cursor:
        for statement in guards.drop_statements(vendor):
            cursor.execute(statement)
        cursor.execute(sql, params)
        for statement in guards.create_statements(vendor):
            cursor.execute(statement)


def test_rows_are_sealed_and_chained(personas):
    first = audit_append(action="test.first", actor=personas["dsl"], details={"n": 1})
    second = audit_append(action="test.second", actor=personas["dsl"])
    assert (first.sequence, second.sequence) == (1, 2)
    assert first.previous_hash == GENESIS_HASH
    assert second.previous_hash == first.hash
    assert seal(AuditEvent.objects.get(pk=first.pk)) == first.hash  # the stored row reproduces its hash
    assert audit_verify_chain() == (2, None)


def test_row_records_actor_request_and_acting_membership(personas):
    dsl = personas["dsl"]
    membership = dsl.memberships.get()
    token = context.begin(request_id="req-12345678", ip_address="192.0.2.7")
    try:
        context.set_acting(organisation_id=membership.organisation_id, role=membership.role)
        event = record_read(actor=dsl, obj=membership, what="membership")
    finally:
        context.end(token)
    event.refresh_from_db()
    assert event.action == "read.membership"
    assert event.actor == dsl
    assert event.acting_organisation_id == membership.organisation_id
    assert event.acting_role == "dsl"
    assert (event.object_type, event.object_id) == ("organisations.membership", str(membership.pk))
    assert (event.request_id, event.ip_address) == ("req-12345678", "192.0.2.7")


def test_a_list_read_is_one_event_with_the_ids_shown(personas):
    dsl = personas["dsl"]
    memberships = list(dsl.memberships.all())
    event = record_list_read(actor=dsl, what="memberships", objects=memberships, details={"page": 1})
    event.refresh_from_db()
    assert event.action == "read.list"
    assert (event.object_type, event.object_id) == ("organisations.membership", "")
    assert event.details == {"page": 1, "what": "memberships", "ids": [m.pk for m in memberships], "count": 1}
    assert AuditEvent.objects.count() == 1


def test_a_list_read_takes_bare_ids_and_records_an_empty_page(personas):
    ids = record_list_read(actor=personas["dsl"], what="queue", objects=[7, 3], object_type="concerns.concern")
    assert (ids.object_type, ids.details["ids"], ids.details["count"]) == ("concerns.concern", [7, 3], 2)
    empty = record_list_read(actor=personas["dsl"], what="queue", objects=[], object_type="concerns.concern")
    assert empty.details == {"what": "queue", "ids": [], "count": 0}


def test_a_list_read_keeps_at_most_the_cap_of_ids_and_says_so(personas):
    event = record_list_read(actor=personas["dsl"], what="long", objects=list(range(1, LIST_READ_MAX_IDS + 11)))
    assert len(event.details["ids"]) == LIST_READ_MAX_IDS
    assert event.details["count"] == LIST_READ_MAX_IDS + 10
    assert event.details["ids_truncated"] is True


def test_a_list_read_will_not_let_details_overwrite_what_was_shown(personas):
    with pytest.raises(TypeError, match="ids"):
        record_list_read(actor=personas["dsl"], what="x", objects=[1], details={"ids": [2]})
    assert not AuditEvent.objects.exists()


def test_database_refuses_update():
    audit_append(action="test.one")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.update(action="test.rewritten")
    assert AuditEvent.objects.get().action == "test.one"


def test_database_refuses_delete():
    audit_append(action="test.one")
    with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
        AuditEvent.objects.all().delete()
    assert AuditEvent.objects.count() == 1


def test_database_refuses_raw_sql_update_and_delete():
    audit_append(action="test.one")
    for sql in ("UPDATE audit_auditevent SET action = 'x'", "DELETE FROM audit_auditevent"):
        with (
            pytest.raises(DatabaseError, match="append-only"),
            transaction.atomic(),
            connection.cursor() as cursor,
        ):
            cursor.execute(sql)
    assert AuditEvent.objects.filter(action="test.one").count() == 1


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="TRUNCATE exists on PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_postgres_refuses_truncate():
    audit_append(action="test.one")
    with (
        pytest.raises(DatabaseError, match="append-only"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("TRUNCATE audit_auditevent")


def test_verify_names_an_altered_row():
    for n in range(5):
        audit_append(action="test.row", details={"n": n})
    _tamper("UPDATE audit_auditevent SET details = %s WHERE sequence = 3", ['{"n": 99}'])
    _, broken = audit_verify_chain()
    assert broken is not None
    assert broken.sequence == 3
    assert "altered" in broken.reason
    with pytest.raises(CommandError, match="broken at sequence 3"):
        call_command("audit_verify")


def test_verify_names_a_removed_row():
    for n in range(4):
        audit_append(action="test.row", details={"n": n})
    _tamper("DELETE FROM audit_auditevent WHERE sequence = %s", [2])
    _, broken = audit_verify_chain()
    assert broken is not None and broken.sequence == 2
    assert "missing" in broken.reason


def test_verify_names_a_row_rehashed_without_the_key():
    """An intruder who recomputes a plain SHA-256 cannot forge the HMAC seal."""
    audit_append(action="test.row")
    audit_append(action="test.row")
    _tamper("UPDATE audit_auditevent SET action = %s, hash = %s WHERE sequence = 2", ["test.forged", "f" * 64])
    _, broken = audit_verify_chain()
    assert broken is not None and broken.sequence == 2


def test_audit_verify_command_reports_an_intact_chain():
    audit_append(action="test.row")
    out = StringIO()
    call_command("audit_verify", stdout=out)
    assert "intact: 1 rows verified" in out.getvalue()


def test_a_fork_cannot_be_stored():
    first = audit_append(action="test.row")
    fork = AuditEvent(
        sequence=first.sequence,
        occurred_at=first.occurred_at,
        action="test.fork",
        previous_hash=GENESIS_HASH,
        hash="a" * 64,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        fork.save(force_insert=True)


def test_details_stay_inside_a_failed_transaction():
    """A write that fails leaves no audit row behind: the event and the write share one transaction."""
    with pytest.raises(RuntimeError), transaction.atomic():
        audit_append(action="test.rolled_back")
        raise RuntimeError("the service failed after auditing")
    assert not AuditEvent.objects.filter(action="test.rolled_back").exists()


@pytest.mark.skipif("connection.vendor != 'postgresql'", reason="concurrent writers need a server database")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain_on_postgres():
    writers, per_writer = 8, 15
    barrier = threading.Barrier(writers)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            barrier.wait()
            for i in range(per_writer):
                with transaction.atomic():
                    audit_append(action="test.concurrent", details={"writer": n, "i": i})
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    checked, broken = audit_verify_chain()
    assert broken is None
    assert checked == writers * per_writer
    assert list(AuditEvent.objects.values_list("sequence", flat=True)) == list(range(1, checked + 1))
