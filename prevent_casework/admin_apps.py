from django.contrib.admin.apps import AdminConfig


class PreventAdminConfig(AdminConfig):
    """Django's admin, with the site that only system administrators reach (prevent_casework.admin_site)."""

    default_site = "prevent_casework.admin_site.PreventAdminSite"
