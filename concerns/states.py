"""The one place that says how a concern's status may change, what each status is called and which colour its tag
is, and the rules guarding each move (concerns.rules)."""

from core.state_machine import Phase, State, StateMachine, Transition, register_machine

from .models import Concern
from .rules import files_go_on_a_draft_only_from_its_author, written_by_the_acting_user

S = Concern.Status
DRAFT = frozenset({S.DRAFT})
SUBMITTED = frozenset({S.SUBMITTED, S.IN_TRIAGE, S.DECIDED})
EVERY = DRAFT | SUBMITTED

CONCERN_STATES = register_machine(
    Concern,
    StateMachine(
        Transition(
            "edit",
            DRAFT,
            None,
            label="Save the draft",
            guards=(written_by_the_acting_user,),
            refusal="Only the author can change a draft, and only before it is submitted.",
        ),
        Transition(
            "remove_attachment",
            DRAFT,
            None,
            label="Remove the file",
            guards=(written_by_the_acting_user,),
            refusal="Files stay with a submitted concern.",
        ),
        Transition("attach", EVERY, None, label="Attach a file", guards=(files_go_on_a_draft_only_from_its_author,)),
        Transition(
            "submit",
            DRAFT,
            S.SUBMITTED,
            label="Submit the concern",
            guards=(written_by_the_acting_user,),
            refusal="This concern has already been submitted.",
        ),
        Transition(
            "add_addendum",
            SUBMITTED,
            None,
            label="Add to the record",
            refusal="Change the draft itself until it is submitted.",
        ),
        Transition(
            "triage",
            SUBMITTED,
            None,
            label="Triage the concern",
            refusal="A draft is not triaged until it is submitted.",
        ),
        Transition("mark_read", frozenset({S.SUBMITTED}), S.IN_TRIAGE, label="Mark as read"),
        Transition("decide", frozenset({S.IN_TRIAGE}), S.DECIDED, label="Record the decision"),
        Transition("reopen", frozenset({S.DECIDED}), S.IN_TRIAGE, label="Reopen the decision"),
        states=(
            State(S.DRAFT, S.DRAFT.label, "grey"),
            State(S.SUBMITTED, S.SUBMITTED.label, "blue"),
            State(S.IN_TRIAGE, S.IN_TRIAGE.label, "yellow"),
            State(S.DECIDED, S.DECIDED.label, "green"),
        ),
        phases=(
            Phase("draft", DRAFT),
            # What its author sees once it is sent: "Submitted", not the steps of triage.
            Phase("submitted", SUBMITTED, label="Submitted", colour="blue"),
            # Waiting for the safeguarding lead's outcome: an urgent concern stays flagged until then.
            Phase("awaiting_outcome", frozenset({S.SUBMITTED, S.IN_TRIAGE})),
        ),
        name="concern",
    ),
)
