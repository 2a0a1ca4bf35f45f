"""The one place that says how a Channel case's status may change. For now a case has one state, waiting for the
area's next panel; the panel stage (agendas, reviews, exit with its two endorsements) adds its states and transitions
here."""

from core.state_machine import State, StateMachine, register_machine

from .models import ChannelCase

S = ChannelCase.Status

CASE_STATES = register_machine(
    ChannelCase,
    StateMachine(
        states=(State(S.AWAITING_PANEL, S.AWAITING_PANEL.label, "purple"),),
        phases={"open": frozenset({S.AWAITING_PANEL})},
        name="Channel case",
    ),
)
