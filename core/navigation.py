"""Navigation by role: each stage adds its entries here, with the roles that see them."""

from dataclasses import dataclass

from django.urls import reverse

from organisations.roles import Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str] | None = None  # None: everyone signed in


NAVIGATION: list[NavItem] = [
    NavItem("Home", "core:dashboard"),
    NavItem("Concerns to triage", "triage:queue", frozenset({Role.DSL, Role.HEADTEACHER})),
    NavItem("Your concerns", "concerns:mine", frozenset({Role.STAFF, Role.DSL, Role.HEADTEACHER})),
    NavItem("Audit log", "audit:events", frozenset({Role.INFORMATION_GOVERNANCE})),
    NavItem("Administration", "admin:index", frozenset({Role.SYSTEM_ADMIN})),
]


def items_for(role: str, current_path: str) -> list[dict[str, object]]:
    items = []
    for item in NAVIGATION:
        if item.roles is not None and role not in item.roles:
            continue
        href = reverse(item.url_name)
        current = current_path == href or (href != "/" and current_path.startswith(href))
        items.append({"text": item.label, "href": href, "current": current})
    return items
