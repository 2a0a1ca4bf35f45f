from django.apps import AppConfig


class ConcernsConfig(AppConfig):
    name = "concerns"
    verbose_name = "Concerns"

    def ready(self) -> None:
        from . import attachments  # noqa: F401  (registers the attachment key rotator)
