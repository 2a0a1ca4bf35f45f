"""The periodic jobs of the core. Later stages add their reminders in their own periodic_jobs modules."""

from datetime import timedelta

from django.conf import settings
from django.tasks import task

from audit.services import audit_append, audit_verify_chain

from .exports import exports_clear_expired
from .periodic import periodic


@periodic(name="audit.verify_chain", every=timedelta(hours=24))
@task()
def verify_audit_chain() -> dict[str, object]:
    """Walk the audit chain daily; a break is logged in the chain itself and mailed to information governance."""
    checked, broken = audit_verify_chain()
    result: dict[str, object] = {"rows": checked, "intact": broken is None}
    if broken is not None:
        result["broken_at"] = broken.sequence
        _alert_information_governance(broken.sequence)
    audit_append(action="audit.chain_verified", object_type="audit.auditevent", details=result)
    return result


def _alert_information_governance(sequence: int) -> None:
    from organisations.models import Membership
    from organisations.roles import Role

    from .tasks import send_email

    recipients = sorted(
        set(Membership.objects.current().filter(role=Role.INFORMATION_GOVERNANCE).values_list("user__email", flat=True))
    )
    if recipients:
        send_email.enqueue(
            to=recipients,
            subject=f"{settings.SERVICE_NAME}: the audit log failed its integrity check",
            body=(
                f"The daily check of the audit log found a broken link at entry {sequence}.\n"
                "Sign in and run the audit check from the audit log page, and follow your incident procedure."
            ),
        )


# Protected exports are core's (core.exports); the job keeps the name it had when they were the chronology's, so the
# periodic runner's record of its last run still applies.
@periodic(name="chronology.clear_expired_exports", every=timedelta(hours=1))
@task()
def clear_expired_exports() -> int:
    """Clear the encrypted copy of every protected export whose download window has passed."""
    return exports_clear_expired()
