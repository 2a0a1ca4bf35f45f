"""core.state_machine: states with their labels and tag colours, transitions with their guards, phases, the registry
and the status tag; and, for every machine of the service, every forbidden transition refused."""

import pytest
from django.template import Context, Template

from assessments.models import Assessment, FrameworkVersion
from assessments.states import ASSESSMENT_STATES, FRAMEWORK_STATES
from cases.models import ChannelCase
from cases.states import CASE_STATES
from concerns.models import Concern
from concerns.states import CONCERN_STATES
from core.state_machine import (
    TAG_COLOURS,
    IllegalTransition,
    Phase,
    State,
    StateMachine,
    Transition,
    UnknownTransition,
    machine_for,
    register_machine,
    registered,
    rule_wording,
)
from referrals.models import Referral
from referrals.states import REFERRAL_STATES
from sharing.models import SharingRecord
from sharing.states import SHARING_STATES


class Door:
    def __init__(self, status: str = "closed", locked: bool = False) -> None:
        self.status = status
        self.locked = locked


def not_locked(door: Door, **_: object) -> str | None:
    """A locked door does not open."""
    return "The door is locked." if door.locked else None


def with_a_key(door: Door, *, key: str = "", **_: object) -> str | None:
    """A door opens only with its key."""
    return None if key == "brass" else "That is not the key of this door."


DOOR = StateMachine(
    Transition("open", frozenset({"closed"}), "open", label="Open the door", guards=(not_locked, with_a_key)),
    Transition("close", frozenset({"open"}), "closed", refusal="The door is already closed."),
    Transition("knock", frozenset({"closed"}), None, label="Knock"),
    states=(State("closed", "Closed", "grey"), State("open", "Open", "green")),
    phases=(Phase("shut", frozenset({"closed"}), label="Shut", colour="red"),),
    name="door",
)


def test_apply_moves_the_record_and_returns_the_new_state():
    door = Door()
    assert DOOR.apply("open", door, key="brass") == "open"
    assert door.status == "open"
    assert DOOR.apply("close", door) == "closed" and door.status == "closed"


def test_an_action_leaves_the_record_where_it_is():
    door = Door()
    assert DOOR.apply("knock", door) == "closed" and door.status == "closed"
    assert DOOR.target("knock", "closed") == "closed"
    with pytest.raises(IllegalTransition):
        DOOR.apply("knock", Door(status="open"))


def test_check_gives_every_guard_reason_and_apply_refuses_with_them():
    door = Door(locked=True)
    assert DOOR.check("open", door) == ["The door is locked.", "That is not the key of this door."]
    assert not DOOR.may("open", door)
    with pytest.raises(IllegalTransition) as refused:
        DOOR.apply("open", door)
    assert refused.value.reasons == ["The door is locked.", "That is not the key of this door."]
    assert str(refused.value) == "The door is locked.; That is not the key of this door."
    assert door.status == "closed"  # nothing moved
    assert DOOR.check("open", Door(), key="brass") == [] and DOOR.may("open", Door(), key="brass")


def test_from_another_state_the_one_reason_is_the_state():
    assert DOOR.check("close", Door()) == ["The door is already closed."]  # its own wording
    # Without a wording of its own: the label and the state's label. The guards are not asked.
    assert DOOR.check("open", Door(status="open", locked=True)) == [
        "Open the door is not possible when the status is 'Open'."
    ]
    with pytest.raises(IllegalTransition, match="already closed"):
        DOOR.target("close", "closed")


def test_an_unknown_transition_or_phase_is_a_mistake_in_the_code():
    for ask in (
        lambda: DOOR.check("paint", Door()),
        lambda: DOOR.may("paint", Door()),
        lambda: DOOR.apply("paint", Door()),
        lambda: DOOR.target("paint", "closed"),
        lambda: DOOR.in_phase("ajar", Door()),
    ):
        with pytest.raises(UnknownTransition):
            ask()
    with pytest.raises(LookupError):
        DOOR.state("ajar")


def test_states_have_labels_and_gov_uk_tag_colours():
    assert DOOR.state("open") == State("open", "Open", "green")
    assert DOOR.state_of(Door()).tag_class == "govuk-tag govuk-tag--grey"
    with pytest.raises(ValueError, match=r"not a GOV\.UK tag colour"):
        State("open", "Open", "mauve")


def test_allowed_and_phases():
    assert DOOR.allowed("closed") == ["open", "knock"]
    assert DOOR.allowed("open") == ["close"]
    assert DOOR.in_phase("shut", Door()) and not DOOR.in_phase("shut", Door(status="open"))
    assert DOOR.phase("shut") == {"closed"}
    assert DOOR.phase_tag("shut") == State("shut", "Shut", "red")


def test_a_machine_is_checked_when_it_is_made():
    with pytest.raises(ValueError, match="unknown states"):
        StateMachine(Transition("x", frozenset({"a"}), "b"), states=(State("a", "A", "grey"),))
    with pytest.raises(ValueError, match="unknown states"):
        StateMachine(states=(State("a", "A", "grey"),), phases={"p": {"b"}})
    with pytest.raises(ValueError, match="listed twice"):
        StateMachine(Transition("x", frozenset({"a"}), None), Transition("x", frozenset({"a"}), None))

    def no_wording(obj: object, **_: object) -> str | None:
        return None

    with pytest.raises(ValueError, match="docstring"):
        Transition("x", frozenset({"a"}), None, guards=(no_wording,))


def test_a_guard_says_its_rule_in_its_docstring():
    assert rule_wording(with_a_key) == "A door opens only with its key."
    assert DOOR.guards() == [("open", not_locked), ("open", with_a_key)]


# --- the registry and the status tag ------------------------------------------------------------------------------


def test_each_record_finds_its_machine():
    assert machine_for(Concern()) is CONCERN_STATES
    assert machine_for(Referral) is REFERRAL_STATES
    assert machine_for(Assessment()) is ASSESSMENT_STATES
    assert machine_for(FrameworkVersion()) is FRAMEWORK_STATES
    assert machine_for(ChannelCase()) is CASE_STATES
    assert machine_for(SharingRecord()) is SHARING_STATES
    with pytest.raises(LookupError):
        machine_for(Door())


def test_a_model_has_one_machine():
    register_machine(Concern, CONCERN_STATES)  # the same again: fine
    with pytest.raises(ValueError, match="already has a state machine"):
        register_machine(Concern, DOOR)


def _render(source: str, **context: object) -> str:
    return Template("{% load states %}" + source).render(Context(context))


def test_the_status_tag_shows_the_label_in_its_colour():
    assert _render("{% status_tag r %}", r=Referral(status="submitted")) == (
        '<strong class="govuk-tag govuk-tag--blue">Sent to the police Prevent team</strong>'
    )
    assert _render("{% status_tag c %}", c=Concern(status="in_triage")) == (
        '<strong class="govuk-tag govuk-tag--yellow">Being looked at</strong>'
    )
    # Its author sees a sent concern as "Submitted", whatever the step of triage.
    assert _render('{% status_tag c phase="submitted" %}', c=Concern(status="decided")) == (
        '<strong class="govuk-tag govuk-tag--blue">Submitted</strong>'
    )
    assert _render('{% status_tag c phase="submitted" %}', c=Concern(status="draft")) == (
        '<strong class="govuk-tag govuk-tag--grey">Draft</strong>'
    )
    assert _render('{% if r|in_phase:"draft" %}draft{% endif %}', r=Referral(status="draft")) == "draft"
    assert _render("{{ c|status_label }}", c=ChannelCase()) == "Waiting for the next panel"


# --- every machine of the service -----------------------------------------------------------------------------

MACHINES = {
    "concern": (CONCERN_STATES, Concern.Status),
    "referral": (REFERRAL_STATES, Referral.Status),
    "assessment": (ASSESSMENT_STATES, Assessment.Status),
    "framework version": (FRAMEWORK_STATES, FrameworkVersion.Status),
    "Channel case": (CASE_STATES, ChannelCase.Status),
    "sharing record": (SHARING_STATES, SharingRecord.Status),
}


def test_every_machine_is_registered_and_names_every_status_of_its_model():
    machines = set(registered().values())
    for machine, status in MACHINES.values():
        assert machine in machines
        assert set(machine.states) == set(status.values), machine.name
        for state in machine.states.values():
            assert state.label and state.colour in TAG_COLOURS


FORBIDDEN = [
    (name, transition, state)
    for name, (machine, status) in MACHINES.items()
    for transition in machine.transitions
    for state in status.values
    if state not in machine.transitions[transition].sources
]


@pytest.mark.parametrize(("machine", "transition", "state"), FORBIDDEN)
def test_every_forbidden_transition_of_every_machine_is_refused_with_a_reason(machine, transition, state):
    states = MACHINES[machine][0]
    with pytest.raises(IllegalTransition):
        states.target(transition, state)
    record = type("Record", (), {states.field: state})()
    reasons = states.check(transition, record)
    assert len(reasons) == 1 and reasons[0]


def test_every_guard_has_its_rule_wording():
    for machine, _ in MACHINES.values():
        for _, guard in machine.guards():
            assert rule_wording(guard).endswith("."), guard.__name__
