from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "referrals"
    verbose_name = "Referrals to Prevent"

    def ready(self) -> None:
        # Registers the referral entries of a person's chronology, with their disclosures on the sharing register.
        from . import chronology  # noqa: F401
