"""The one place that says how a sharing record's status may change: a protected PDF waits for the phone call that
passes its password, and counts as sent only once that call is recorded; every other disclosure is sent at once."""

from core.state_machine import Phase, State, StateMachine, Transition, register_machine

from .models import SharingRecord

S = SharingRecord.Status

SHARING_STATES = register_machine(
    SharingRecord,
    StateMachine(
        Transition(
            "record_call",
            frozenset({S.AWAITING_CALL}),
            S.SENT,
            label="Record the call",
            refusal="This copy is already recorded as sent",
        ),
        states=(State(S.AWAITING_CALL, "Waiting for the phone call", "yellow"), State(S.SENT, S.SENT.label, "green")),
        phases=(Phase("awaiting_call", frozenset({S.AWAITING_CALL})),),
        name="sharing record",
    ),
)
