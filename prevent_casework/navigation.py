"""Navigation by role: the site lists each stage's entries here, with the roles that see them."""

from dataclasses import dataclass

from django.urls import reverse

from organisations.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str] | None = None  # None: everyone signed in


NAVIGATION: list[NavItem] = [
    NavItem("Home", "site:dashboard"),
    NavItem("Concerns to triage", "triage:queue", frozenset({Role.DSL, Role.HEADTEACHER})),
    NavItem("Your concerns", "concerns:mine", frozenset({Role.STAFF, Role.DSL, Role.HEADTEACHER})),
    NavItem("Referrals", "referrals:mine", frozenset({Role.DSL, Role.HEADTEACHER})),
    NavItem("Referrals to screen", "screening:queue", frozenset({Role.POLICE_PREVENT_OFFICER})),
    NavItem(
        "Preliminary assessments",
        "preliminary:queue",
        frozenset({Role.LA_PREVENT_COORDINATOR, Role.PANEL_CHAIR}),
    ),
    NavItem("Information requests", "preliminary:requests", frozenset({Role.DSL, Role.HEADTEACHER, Role.PANEL_MEMBER})),
    NavItem(
        "Sharing register", "sharing:register", frozenset({Role.INFORMATION_GOVERNANCE, Role.DSL, Role.HEADTEACHER})
    ),
    NavItem("Audit log", "governance:events", frozenset({Role.INFORMATION_GOVERNANCE})),
    NavItem("Administration", "admin:index", frozenset({Role.SYSTEM_ADMIN})),
]


def items_for(role: str, current_path: str) -> list[dict[str, object]]:
    visible = [item for item in NAVIGATION if item.roles is None or role in item.roles]
    hrefs = [reverse(item.url_name) for item in visible]
    # The current item is the one whose address is the longest start of this page's ("/preliminary/requests/" is
    # under "Information requests", not also under "Referrals").
    matching = [href for href in hrefs if current_path == href or (href != "/" and current_path.startswith(href))]
    current = max(matching, key=len) if matching else None
    return [
        {"text": item.label, "href": href, "current": href == current}
        for item, href in zip(visible, hrefs, strict=True)
    ]
