"""The one place that says how an assessment's status may change: draft → completed → superseded (by a completed
correction). A completed assessment is never edited."""

from core.state_machine import StateMachine, Transition

from .models import Assessment, FrameworkVersion

S = Assessment.Status

ASSESSMENT_STATES = StateMachine(
    Transition("save", frozenset({S.DRAFT}), S.DRAFT),
    Transition("complete", frozenset({S.DRAFT}), S.COMPLETED),
    Transition("supersede", frozenset({S.COMPLETED}), S.SUPERSEDED),
    Transition("correct", frozenset({S.COMPLETED}), S.COMPLETED),  # the corrected one stays completed until then
)

V = FrameworkVersion.Status

FRAMEWORK_STATES = StateMachine(
    Transition("edit", frozenset({V.DRAFT}), V.DRAFT),
    Transition("publish", frozenset({V.DRAFT}), V.PUBLISHED),
)
