from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = "Service core"

    def ready(self) -> None:
        from . import periodic_jobs  # noqa: F401  (registers the periodic jobs)
