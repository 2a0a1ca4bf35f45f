from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The site: URLs, navigation, the home page, the administration site, demo loading and the hand-offs between
    stages. It sits above every stage; nothing below imports from it."""

    name = "prevent_casework"
    verbose_name = "Prevent Casework (site)"
