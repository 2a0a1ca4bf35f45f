"""The one place that says how a referral's status may change (draft → submitted → screening → closed / escalated /
preliminary assessment → Channel / other support / exited)."""

from core.state_machine import StateMachine, Transition

from .models import Referral

S = Referral.Status

REFERRAL_STATES = StateMachine(
    Transition("submit", frozenset({S.DRAFT}), S.SUBMITTED),
    Transition("start_screening", frozenset({S.SUBMITTED}), S.SCREENING),
    Transition("close", frozenset({S.SCREENING}), S.CLOSED),
    Transition("escalate", frozenset({S.SCREENING}), S.ESCALATED),
    Transition("proceed", frozenset({S.SCREENING}), S.PRELIMINARY_ASSESSMENT),
    Transition("accept_for_channel", frozenset({S.PRELIMINARY_ASSESSMENT}), S.CHANNEL),
    Transition("refer_to_other_support", frozenset({S.PRELIMINARY_ASSESSMENT}), S.OTHER_SUPPORT),
    Transition("exit", frozenset({S.PRELIMINARY_ASSESSMENT}), S.EXITED),
)

# Statuses after police screening sent the referral on: what the local authority works with.
PAST_SCREENING = frozenset({S.PRELIMINARY_ASSESSMENT, S.CHANNEL, S.OTHER_SUPPORT, S.EXITED})
