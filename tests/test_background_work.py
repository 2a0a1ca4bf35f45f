"""E-mail from a task over real SMTP, the database task worker, and the periodic runner."""

from datetime import timedelta
from io import StringIO

import pytest
from django.core.management import call_command
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from audit.models import AuditEvent
from core.models import PeriodicJobRun
from core.periodic import enqueue_due_jobs, registered_jobs
from core.periodic_jobs import verify_audit_chain
from core.tasks import send_email

pytestmark = pytest.mark.django_db

DB_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


def test_send_email_task_delivers_over_smtp(smtp):
    send_email.enqueue(to=["dsl@example.org"], subject="A new concern", body="Sign in to see it.")
    assert len(smtp) == 1
    assert smtp[0]["Subject"] == "A new concern"
    assert smtp[0]["X-Envelope-To"] == "dsl@example.org"
    assert "Sign in to see it." in smtp[0].get_payload()


def test_password_reset_reaches_the_smtp_server_without_revealing_accounts(smtp, personas):
    Client().post(reverse("account_reset_password"), {"email": personas["dsl"].email})
    Client().post(reverse("account_reset_password"), {"email": "nobody-here@example.org"})
    # Only the person with an account is written to; the unknown address gets nothing.
    assert [message["X-Envelope-To"] for message in smtp] == [personas["dsl"].email]
    reset = smtp[0]
    body = reset.get_payload(0).get_payload(decode=True).decode() if reset.is_multipart() else reset.get_payload()
    assert "/account/password/reset/key/" in body


# A real transaction: the worker calls close_old_connections(), which closes a connection that is inside the test's
# wrapping transaction on PostgreSQL.
@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DB_TASKS)
def test_database_worker_runs_queued_email(smtp):
    send_email.enqueue(to=["lead@example.org"], subject="Queued", body="Body")
    assert smtp == []  # nothing sent until a worker runs
    assert DBTaskResult.objects.count() == 1
    call_command("db_worker", "--batch", "--no-startup-delay", "--queue-name", "*", stdout=StringIO())
    assert [m["Subject"] for m in smtp] == ["Queued"]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_periodic_runner_enqueues_due_jobs_once_per_interval():
    now = timezone.now()
    names = [job.name for job in registered_jobs()]
    assert "audit.verify_chain" in names
    assert "audit.verify_chain" in enqueue_due_jobs(now=now)
    assert "audit.verify_chain" not in enqueue_due_jobs(now=now + timedelta(hours=1))
    assert "audit.verify_chain" in enqueue_due_jobs(now=now + timedelta(hours=24, seconds=1))
    assert PeriodicJobRun.objects.get(name="audit.verify_chain").last_enqueued_at == now + timedelta(
        hours=24, seconds=1
    )


def test_run_periodic_command_once():
    out = StringIO()
    call_command("run_periodic", "--once", stdout=out)
    assert "enqueued audit.verify_chain" in out.getvalue()
    assert AuditEvent.objects.filter(action="audit.chain_verified", details__intact=True).exists()


def test_daily_chain_check_alerts_information_governance_when_broken(smtp, personas, monkeypatch):
    personas["ig"]
    from audit.services import ChainBreak

    monkeypatch.setattr("core.periodic_jobs.audit_verify_chain", lambda: (10, ChainBreak(4, "altered")))
    result = verify_audit_chain.call()
    assert result == {"rows": 10, "intact": False, "broken_at": 4}
    assert [m["X-Envelope-To"] for m in smtp] == [personas["ig"].email]
    assert "entry 4" in smtp[0].get_payload()
