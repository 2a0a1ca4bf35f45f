"""The one place that says how an assessment's status may change: draft → completed → superseded (by a completed
correction). A completed assessment is never edited. Also the framework version's: draft → published."""

from core.state_machine import Phase, State, StateMachine, Transition, register_machine

from .models import Assessment, FrameworkVersion

S = Assessment.Status

ASSESSMENT_STATES = register_machine(
    Assessment,
    StateMachine(
        Transition(
            "save",
            frozenset({S.DRAFT}),
            S.DRAFT,
            label="Save the draft",
            refusal="A completed assessment is never edited.",
        ),
        Transition(
            "complete",
            frozenset({S.DRAFT}),
            S.COMPLETED,
            label="Complete the assessment",
            refusal="A completed assessment is never edited.",
        ),
        Transition("supersede", frozenset({S.COMPLETED}), S.SUPERSEDED, label="Supersede by a correction"),
        # The corrected one stays completed until its correction is completed.
        Transition(
            "correct",
            frozenset({S.COMPLETED}),
            S.COMPLETED,
            label="Correct this assessment",
            refusal="Only a completed assessment that has not been superseded can be corrected.",
        ),
        states=(
            State(S.DRAFT, S.DRAFT.label, "yellow"),
            State(S.COMPLETED, S.COMPLETED.label, "green"),
            State(S.SUPERSEDED, "Superseded", "grey"),
        ),
        phases=(
            Phase("draft", frozenset({S.DRAFT})),
            Phase("completed", frozenset({S.COMPLETED})),
            Phase("superseded", frozenset({S.SUPERSEDED})),
        ),
        name="vulnerability assessment",
    ),
)

V = FrameworkVersion.Status

FRAMEWORK_STATES = register_machine(
    FrameworkVersion,
    StateMachine(
        Transition(
            "edit",
            frozenset({V.DRAFT}),
            V.DRAFT,
            label="Edit the draft version",
            refusal="A published version never changes.",
        ),
        Transition(
            "publish", frozenset({V.DRAFT}), V.PUBLISHED, label="Publish", refusal="This version is already published."
        ),
        states=(State(V.DRAFT, V.DRAFT.label, "grey"), State(V.PUBLISHED, V.PUBLISHED.label, "green")),
        phases={"published": frozenset({V.PUBLISHED})},
        name="framework version",
    ),
)
