"""The roles a membership can carry (DESIGN.md, "Who sees what"). Access follows the case, not the login."""

from django.db import models


class Role(models.TextChoices):
    STAFF = "staff", "Staff member"
    DSL = "dsl", "Designated safeguarding lead"
    HEADTEACHER = "headteacher", "Headteacher"
    POLICE_PREVENT_OFFICER = "police_prevent_officer", "Police Prevent officer"
    LA_PREVENT_COORDINATOR = "la_prevent_coordinator", "Local authority Prevent coordinator"
    PANEL_CHAIR = "panel_chair", "Channel panel chair"
    PANEL_MEMBER = "panel_member", "Channel panel member"
    SUPPORT_PROVIDER = "support_provider", "Support provider"
    INFORMATION_GOVERNANCE = "information_governance", "Information governance"
    SYSTEM_ADMIN = "system_admin", "System administrator"


# Roles that lead safeguarding inside their own organisation and receive its concern alerts.
SAFEGUARDING_LEADS = frozenset({Role.DSL, Role.HEADTEACHER})
