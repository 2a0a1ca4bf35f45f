from django.apps import AppConfig


class ChronologyConfig(AppConfig):
    name = "chronology"
    verbose_name = "Chronology of a person"

    def ready(self) -> None:
        from . import periodic_jobs  # noqa: F401  (registers the clearing of expired exports)
