from django.apps import AppConfig


class ScreeningConfig(AppConfig):
    name = "screening"
    verbose_name = "Police screening"

    def ready(self) -> None:
        from . import chronology  # noqa: F401  (registers the police screening entries of a person's chronology)
