"""Explicit state machines: every allowed move is listed with its sources, its target, its label and its guards;
anything else is refused.

A machine knows, for one status field of one kind of record:

- its states (`State`): the value stored, the label people read and the GOV.UK tag colour it is shown in;
- its transitions (`Transition`): a name, the states it may start from, the state it leads to (or None: an action
  that leaves the record where it is, allowed only in those states), a label (what a button or the audit calls it),
  the reason given when the record is in another state, and its guards — rules of the process, each a function
  `(obj, **context) -> str | None` returning None when the rule allows it, else the plain reason it does not, with
  the rule's wording as its docstring;
- its phases: named sets of states ("draft", "past_screening"), so that nothing outside the machine compares raw
  statuses.

Services ask the machine (`require`, `check`, `apply`); views pass flags computed with `may` or `in_phase`; templates
show a status with `{% status_tag obj %}` (core.templatetags.states), which finds the machine through the registry
(`register_machine`).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db import models

# The GOV.UK Frontend tag colours (govuk-tag--<colour>).
TAG_COLOURS = frozenset(
    {"grey", "green", "turquoise", "blue", "light-blue", "purple", "pink", "red", "orange", "yellow"}
)


class IllegalTransition(Exception):
    """The record is not in a state from which this move is allowed (often: someone else moved it on), or a rule of
    the process forbids it now. `reasons` says why, in plain words."""

    def __init__(self, *reasons: str) -> None:
        super().__init__("; ".join(reasons))
        self.reasons = list(reasons)


class UnknownTransition(LookupError):
    """The machine has no transition (or phase) of that name: a mistake in the code, never a user's."""


@dataclass(frozen=True)
class State:
    value: str
    label: str
    colour: str

    def __post_init__(self) -> None:
        if self.colour not in TAG_COLOURS:
            raise ValueError(f"{self.colour!r} is not a GOV.UK tag colour ({', '.join(sorted(TAG_COLOURS))})")

    @property
    def tag_class(self) -> str:
        return f"govuk-tag govuk-tag--{self.colour}"


@dataclass(frozen=True)
class Phase:
    """A named set of states; with a label and colour, it can be shown as one tag to people who see only the phase
    (the author of a concern sees "Submitted", not the triage step)."""

    name: str
    values: frozenset[str]
    label: str = ""
    colour: str = "grey"

    @property
    def tag(self) -> State:
        return State(self.name, self.label or self.name.replace("_", " ").capitalize(), self.colour)


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str | None  # None: the record stays in the state it is in
    label: str = ""
    guards: tuple[Callable[..., str | None], ...] = ()
    refusal: str = ""  # the reason given when the record is in none of `sources`

    def __post_init__(self) -> None:
        if not self.label:
            object.__setattr__(self, "label", self.name.replace("_", " ").capitalize())
        for guard in self.guards:
            if not (guard.__doc__ or "").strip():
                raise ValueError(f"The guard {guard.__name__} of {self.name!r} needs the rule's wording as docstring")


def rule_wording(guard: Callable[..., Any]) -> str:
    """The wording of a rule: its docstring, on one line."""
    return " ".join((guard.__doc__ or "").split())


class StateMachine:
    def __init__(
        self,
        *transitions: Transition,
        states: Iterable[State] = (),
        phases: Mapping[str, Iterable[str]] | Iterable[Phase] = (),
        field: str = "status",
        name: str = "",
    ) -> None:
        self.name = name
        self.field = field
        self.states: dict[str, State] = {state.value: state for state in states}
        self.transitions: dict[str, Transition] = {}
        for transition in transitions:
            if transition.name in self.transitions:
                raise ValueError(f"{name}: the transition {transition.name!r} is listed twice")
            self.transitions[transition.name] = transition
        given = phases.items() if isinstance(phases, Mapping) else ((p.name, p) for p in phases)
        self.phases: dict[str, Phase] = {
            key: value if isinstance(value, Phase) else Phase(key, frozenset(value)) for key, value in given
        }
        if self.states:
            self._check_known()

    def _check_known(self) -> None:
        for transition in self.transitions.values():
            ends = set(transition.sources) | ({transition.target} if transition.target is not None else set())
            unknown = ends - set(self.states)
            if unknown:
                raise ValueError(f"{self.name}: {transition.name!r} names unknown states {sorted(unknown)}")
        for phase in self.phases.values():
            unknown = set(phase.values) - set(self.states)
            if unknown:
                raise ValueError(f"{self.name}: the phase {phase.name!r} names unknown states {sorted(unknown)}")

    # --- what the machine says -----------------------------------------------------------------------------------

    def transition(self, name: str) -> Transition:
        try:
            return self.transitions[name]
        except KeyError:
            raise UnknownTransition(f"{self.name or 'This machine'} has no transition {name!r}") from None

    def state(self, value: str) -> State:
        """The State of a stored value (its label and tag colour)."""
        try:
            return self.states[value]
        except KeyError:
            raise LookupError(f"{self.name or 'This machine'} has no state {value!r}") from None

    def current(self, obj: Any) -> str:
        return str(getattr(obj, self.field))

    def state_of(self, obj: Any) -> State:
        return self.state(self.current(obj))

    def target(self, name: str, current: str) -> str:
        """The state after `name` from `current` (guards aside), or IllegalTransition."""
        transition = self.transition(name)
        if current not in transition.sources:
            raise IllegalTransition(self._refusal(transition, current))
        return transition.target if transition.target is not None else current

    def allowed(self, current: str) -> list[str]:
        """The transitions allowed from `current`, guards aside."""
        return [name for name, transition in self.transitions.items() if current in transition.sources]

    def phase(self, name: str) -> frozenset[str]:
        """The state values of a named phase."""
        return self._phase(name).values

    def _phase(self, name: str) -> Phase:
        try:
            return self.phases[name]
        except KeyError:
            raise UnknownTransition(f"{self.name or 'This machine'} has no phase {name!r}") from None

    def in_phase(self, name: str, obj: Any) -> bool:
        """Whether the record is in one of the states of the named phase."""
        return self.current(obj) in self._phase(name).values

    def phase_tag(self, name: str) -> State:
        return self._phase(name).tag

    # --- asking and moving ---------------------------------------------------------------------------------------

    def _refusal(self, transition: Transition, current: str) -> str:
        if transition.refusal:
            return transition.refusal
        label = self.states[current].label if current in self.states else current
        return f"{transition.label} is not possible when the status is '{label}'."

    def check(self, name: str, obj: Any, **context: Any) -> list[str]:
        """The reasons `name` may not happen to `obj` now; empty when it may. When the record is not in a state the
        transition starts from, that is the one reason given (the guards assume one of those states)."""
        transition = self.transition(name)
        current = self.current(obj)
        if current not in transition.sources:
            return [self._refusal(transition, current)]
        return [reason for guard in transition.guards if (reason := guard(obj, **context)) is not None]

    def may(self, name: str, obj: Any, **context: Any) -> bool:
        return not self.check(name, obj, **context)

    def require(self, name: str, obj: Any, **context: Any) -> Transition:
        """IllegalTransition with the reasons if `name` may not happen now; the transition otherwise."""
        reasons = self.check(name, obj, **context)
        if reasons:
            raise IllegalTransition(*reasons)
        return self.transitions[name]

    def apply(self, name: str, obj: Any, **context: Any) -> str:
        """Move `obj` (in memory: the caller saves it) through `name`, or raise IllegalTransition with the
        reasons. Returns the new state."""
        transition = self.require(name, obj, **context)
        if transition.target is not None:
            setattr(obj, self.field, transition.target)
        return self.current(obj)

    def guards(self) -> list[tuple[str, Callable[..., str | None]]]:
        """Every (transition name, guard) of the machine, in order."""
        return [(t.name, guard) for t in self.transitions.values() for guard in t.guards]


# --- which machine a record's status belongs to ----------------------------------------------------------------

_REGISTRY: dict[type[models.Model], StateMachine] = {}


def register_machine(model: type[models.Model], machine: StateMachine) -> StateMachine:
    """Say that `machine` is the one for `model`'s `machine.field` (called in each app's states.py)."""
    existing = _REGISTRY.get(model)
    if existing is not None and existing is not machine:
        raise ValueError(f"{model.__name__} already has a state machine ({existing.name})")
    _REGISTRY[model] = machine
    return machine


def registered() -> dict[type[models.Model], StateMachine]:
    return dict(_REGISTRY)


def machine_for(obj: models.Model | type[models.Model]) -> StateMachine:
    """The machine of a record (or model). The app's states module is imported on first use, so a page never
    depends on the order in which modules were loaded."""
    model = obj if isinstance(obj, type) else type(obj)
    for candidate in model.__mro__:
        if candidate in _REGISTRY:
            return _REGISTRY[candidate]
    meta = getattr(model, "_meta", None)
    if meta is not None:
        module = f"{apps.get_app_config(meta.app_label).name}.states"
        try:
            importlib.import_module(module)
        except ModuleNotFoundError as missing:
            if missing.name != module:
                raise
        for candidate in model.__mro__:
            if candidate in _REGISTRY:
                return _REGISTRY[candidate]
    raise LookupError(f"No state machine is registered for {model.__name__}")
