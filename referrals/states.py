"""The one place that says how a referral's status may change (draft → submitted → screening → closed / escalated /
preliminary assessment → Channel / other support / exited), what each status is called and which colour its tag is,
what may be done to a referral in each status, and the rules guarding each move (referrals.rules)."""

from core.state_machine import Phase, State, StateMachine, Transition, register_machine

from .models import Referral
from .rules import concern_of_the_same_person_and_organisation, no_channel_case_yet

S = Referral.Status
DRAFT = frozenset({S.DRAFT})
PRELIMINARY = frozenset({S.PRELIMINARY_ASSESSMENT})
SENT = "A referral cannot be changed once it has been sent."

REFERRAL_STATES = register_machine(
    Referral,
    StateMachine(
        # The referral form (referrals)
        Transition("edit", DRAFT, None, label="Save a section", refusal=SENT),
        Transition(
            "link_concern",
            DRAFT,
            None,
            label="Link a concern",
            guards=(concern_of_the_same_person_and_organisation,),
            refusal=SENT,
        ),
        Transition(
            "submit", DRAFT, S.SUBMITTED, label="Send the referral", refusal="This referral has already been sent."
        ),
        # Police screening (screening)
        Transition("start_screening", frozenset({S.SUBMITTED}), S.SCREENING, label="Start screening"),
        Transition("close", frozenset({S.SCREENING}), S.CLOSED, label="Close: not for Prevent"),
        Transition("escalate", frozenset({S.SCREENING}), S.ESCALATED, label="Escalate through police processes"),
        Transition(
            "proceed", frozenset({S.SCREENING}), S.PRELIMINARY_ASSESSMENT, label="Proceed to preliminary assessment"
        ),
        # The preliminary assessment (preliminary)
        Transition(
            "open_preliminary_assessment",
            PRELIMINARY,
            None,
            label="Open the preliminary assessment",
            refusal="Only a referral sent on by police screening is assessed.",
        ),
        Transition(
            "request_information",
            PRELIMINARY,
            None,
            label="Ask a partner for information",
            refusal="Information is requested during the preliminary assessment.",
        ),
        Transition(
            "answer_information_request",
            PRELIMINARY,
            None,
            label="Answer a request for information",
            refusal="The preliminary assessment has been decided; the answer is no longer needed.",
        ),
        Transition(
            "record_assessment",
            PRELIMINARY,
            None,
            label="Record the initial vulnerability assessment",
            refusal="The initial vulnerability assessment is recorded only during the preliminary assessment.",
        ),
        Transition("accept_for_channel", PRELIMINARY, S.CHANNEL, label="Appropriate for Channel"),
        Transition("refer_to_other_support", PRELIMINARY, S.OTHER_SUPPORT, label="Refer to other support"),
        Transition("exit", PRELIMINARY, S.EXITED, label="Exit the process"),
        # The Channel case (cases) and vulnerability assessments (assessments)
        Transition(
            "open_channel_case",
            frozenset({S.CHANNEL}),
            None,
            label="Open the Channel case",
            guards=(no_channel_case_yet,),
            refusal="A Channel case opens only for a referral accepted for Channel.",
        ),
        Transition(
            "assess_vulnerability",
            frozenset({S.PRELIMINARY_ASSESSMENT, S.CHANNEL}),
            None,
            label="Start a vulnerability assessment",
            refusal="Assessments are made at the preliminary assessment and for Channel cases.",
        ),
        states=(
            State(S.DRAFT, S.DRAFT.label, "grey"),
            State(S.SUBMITTED, S.SUBMITTED.label, "blue"),
            State(S.SCREENING, S.SCREENING.label, "yellow"),
            State(S.CLOSED, S.CLOSED.label, "green"),
            State(S.ESCALATED, S.ESCALATED.label, "orange"),
            State(S.PRELIMINARY_ASSESSMENT, S.PRELIMINARY_ASSESSMENT.label, "yellow"),
            State(S.CHANNEL, S.CHANNEL.label, "purple"),
            State(S.OTHER_SUPPORT, S.OTHER_SUPPORT.label, "green"),
            State(S.EXITED, S.EXITED.label, "green"),
        ),
        phases=(
            Phase("draft", DRAFT),
            # Sent, and waiting for (or in) police screening: the screening clock runs.
            Phase("awaiting_screening", frozenset({S.SUBMITTED, S.SCREENING})),
            Phase("closed_by_screening", frozenset({S.CLOSED})),
            Phase("accepted_for_channel", frozenset({S.CHANNEL})),
            # After police screening sent the referral on: what the local authority works with.
            Phase("past_screening", frozenset({S.PRELIMINARY_ASSESSMENT, S.CHANNEL, S.OTHER_SUPPORT, S.EXITED})),
        ),
        name="referral",
    ),
)

PAST_SCREENING = REFERRAL_STATES.phase("past_screening")
