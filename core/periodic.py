"""A small periodic runner: jobs register how often they run, and `manage.py run_periodic` enqueues those due.

django.tasks has no scheduler of its own, and a cron table outside the project would not travel with it; this
keeps the schedule in code, next to the jobs, with the last run recorded in the database (docs/decisions).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from django.db import transaction

from .models import PeriodicJobRun


@dataclass(frozen=True)
class PeriodicJob:
    name: str
    every: timedelta
    task: Any  # a django.tasks Task


_registry: dict[str, PeriodicJob] = {}


def periodic(*, name: str, every: timedelta) -> Callable[[Any], Any]:
    """Register a django.tasks Task to be enqueued every `every`. Use under @task()."""

    def register(task_obj: Any) -> Any:
        _registry[name] = PeriodicJob(name=name, every=every, task=task_obj)
        return task_obj

    return register


def registered_jobs() -> list[PeriodicJob]:
    return sorted(_registry.values(), key=lambda job: job.name)


def enqueue_due_jobs(*, now: datetime) -> list[str]:
    """Enqueue every job whose interval has passed since it was last enqueued. Returns the names enqueued."""
    enqueued = []
    for job in registered_jobs():
        with transaction.atomic():
            run = PeriodicJobRun.objects.select_for_update().filter(name=job.name).first()
            if run is not None and now - run.last_enqueued_at < job.every:
                continue
            PeriodicJobRun.objects.update_or_create(name=job.name, defaults={"last_enqueued_at": now})
            job.task.enqueue()
        enqueued.append(job.name)
    return enqueued
