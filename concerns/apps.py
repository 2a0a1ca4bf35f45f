from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "concerns"
    verbose_name = "Concerns"

    def ready(self) -> None:
        # Registers the attachment key rotator, and the concern entries of a person's chronology.
        from . import attachments, chronology  # noqa: F401
