from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = "Referrals to Prevent"

    def ready(self) -> None:
        from . import periodic_jobs  # noqa: F401  (registers the overdue information request reminders)
