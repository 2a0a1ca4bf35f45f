from django.apps import AppConfig


class AssessmentsConfig(AppConfig):
    name = "assessments"
    verbose_name = "Vulnerability assessments"

    def ready(self) -> None:
        from . import chronology  # noqa: F401  (registers the assessment entries of a person's chronology)
