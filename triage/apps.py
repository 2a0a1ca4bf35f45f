from django.apps import AppConfig


class TriageConfig(AppConfig):
    name = "triage"
    verbose_name = "Triage by the safeguarding lead"

    def ready(self) -> None:
        # Registers the triage entries of a person's chronology, and the monitoring review reminders.
        from . import chronology, periodic_jobs  # noqa: F401
