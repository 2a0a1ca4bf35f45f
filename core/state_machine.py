"""Explicit state machines: every allowed move is listed, with its sources and target; anything else is refused."""

from __future__ import annotations

from dataclasses import dataclass


class IllegalTransition(Exception):
    """The record is not in a state from which this move is allowed (often: someone else moved it on)."""


@dataclass(frozen=True)
class Transition:
    name: str
    sources: frozenset[str]
    target: str


class StateMachine:
    def __init__(self, *transitions: Transition) -> None:
        self.transitions = {transition.name: transition for transition in transitions}

    def target(self, name: str, current: str) -> str:
        """The state after `name` from `current`, or IllegalTransition."""
        transition = self.transitions[name]
        if current not in transition.sources:
            raise IllegalTransition(f"Cannot {name.replace('_', ' ')} from {current!r}.")
        return transition.target

    def allowed(self, current: str) -> list[str]:
        return [name for name, transition in self.transitions.items() if current in transition.sources]
