"""The one place that says how a concern's status may change."""

from core.state_machine import StateMachine, Transition

from .models import Concern

S = Concern.Status

CONCERN_STATES = StateMachine(
    Transition("submit", frozenset({S.DRAFT}), S.SUBMITTED),
    Transition("mark_read", frozenset({S.SUBMITTED}), S.IN_TRIAGE),
    Transition("decide", frozenset({S.IN_TRIAGE}), S.DECIDED),
    Transition("reopen", frozenset({S.DECIDED}), S.IN_TRIAGE),
)
