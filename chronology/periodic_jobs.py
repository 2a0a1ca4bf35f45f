"""Clearing exports nobody downloaded: the encrypted copy of a PDF is kept only for its download window."""

from datetime import timedelta

from django.tasks import task

from core.exports import exports_clear_expired
from core.periodic import periodic


@periodic(name="chronology.clear_expired_exports", every=timedelta(hours=1))
@task()
def clear_expired_exports() -> int:
    return exports_clear_expired()
