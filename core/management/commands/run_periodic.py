"""`manage.py run_periodic`: enqueue periodic jobs when they fall due. `--once` checks once and stops."""

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from core.periodic import enqueue_due_jobs


class Command(BaseCommand):
    help = "Enqueue the periodic jobs (reminders, checks) that are due, every PERIODIC_RUNNER_INTERVAL_SECONDS."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Check once, then stop.")

    def handle(self, *args: Any, **options: Any) -> None:
        while True:
            names = enqueue_due_jobs(now=timezone.now())
            for name in names:
                self.stdout.write(f"enqueued {name}")
            if options["once"]:
                return
            time.sleep(settings.PERIODIC_RUNNER_INTERVAL_SECONDS)
