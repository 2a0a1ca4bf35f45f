from django.contrib.admin.apps import AdminConfig


class PreventAdminConfig(AdminConfig):
    """Django's admin, with the site that only system administrators reach (core.admin_site)."""

    default_site = "core.admin_site.PreventAdminSite"
