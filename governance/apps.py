from django.apps import AppConfig


class GovernanceConfig(AppConfig):
    """Information governance's pages: the audit log (and, later, retention and subject access). The log itself,
    its chain and its services stay in audit, at the bottom of the layers."""

    name = "governance"
    verbose_name = "Information governance"
