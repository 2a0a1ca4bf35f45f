"""Statuses on pages, from their state machines (core.state_machine): templates never compare statuses.

{% load states %}
{% status_tag referral %}                      the status as a GOV.UK tag, label and colour from the machine
{% status_tag concern phase="submitted" %}     the phase's own tag while the record is in that phase
{% if referral|in_phase:"draft" %}…{% endif %}  a named phase of the machine (an unknown name is an error)
"""

from __future__ import annotations

from typing import Any

from django import template

from core.state_machine import machine_for

register = template.Library()


@register.inclusion_tag("includes/status_tag.html")
def status_tag(obj: Any, phase: str = "") -> dict[str, Any]:
    machine = machine_for(obj)
    if phase and machine.in_phase(phase, obj):
        return {"state": machine.phase_tag(phase)}
    return {"state": machine.state_of(obj)}


@register.filter
def in_phase(obj: Any, phase: str) -> bool:
    return machine_for(obj).in_phase(phase, obj)


@register.filter
def status_label(obj: Any) -> str:
    """The label of the record's state, for a sentence ("… is being looked at")."""
    return machine_for(obj).state_of(obj).label
