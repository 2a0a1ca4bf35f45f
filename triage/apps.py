from django.apps import AppConfig


class TriageConfig(AppConfig):
    name = "triage"
    verbose_name = "Triage by the safeguarding lead"

    def ready(self) -> None:
        from . import periodic_jobs  # noqa: F401  (registers the monitoring review reminders)
