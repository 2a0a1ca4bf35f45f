from django.apps import AppConfig


class PreliminaryConfig(AppConfig):
    name = "preliminary"
    verbose_name = "Preliminary assessment"

    def ready(self) -> None:
        # Registers the preliminary assessment's entries of a person's chronology, and the overdue information
        # request reminders.
        from . import chronology, periodic_jobs  # noqa: F401
