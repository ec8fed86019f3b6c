"""Preparation steps as data: who prepares, backs, comments on or signs a case, and when.

A guideline describes the route a case takes through the organisation: the
management group takes a position, the committees among the parties give their
view, every party signs the application. A profile lists these under ``steps:``,
each with

- ``key``: its name (``management_group``, ``committee_view``, ``sign_off``);
- ``label``: what people call it ({sv, en});
- ``who``: a group of the profile's vocabulary (``management_group``,
  ``steering_group``, ``process_group``, ``decision_body``, ``council``), or
  ``each_party`` / ``each_committee``: one record per party (per committee) of the
  case's application (or idea), named with ``--by``;
- ``kind``: ``position`` (with ``--position for|against|noted``), ``comment``,
  ``sign_off`` or ``information``;
- ``stages``: the stages it is recorded in (a stage key or a list);
- ``priority``: true when the record may carry a rank (the management group's
  priority among the applications of a round);
- ``gates``: what it gates besides transitions: ``decide`` (the board's decision
  needs it, recorded in the stage the case is decided in) and ``{close: [outcomes]}``
  (closing with those outcomes needs it, recorded in the stage the case is closed
  from); each may say ``position: for`` (or a list).

Transitions name steps in their gates: ``step: committee_view`` (every record the step
needs, in the transition's source stage) and ``step_position: {step: management_group,
position: for}``.

``rounds:`` (a separate key, see ``socinv.profiles.rounds``) says how often the board
takes up applications.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from socinv.errors import ProfileError

Texts = dict[str, str]
Fail = Callable[[str, str, str], ProfileError]
KEYS = ("key", "label", "who", "kind", "stages", "priority", "gates")
KINDS = ("position", "comment", "sign_off", "information")
POSITIONS = ("for", "against", "noted")
PER_PARTY = ("each_party", "each_committee")
GROUPS = ("management_group", "steering_group", "process_group", "decision_body", "council")
STAGES = ("idea", "application", "review", "active", "closed")
GATE_KINDS = ("decide", "close")


@dataclass(frozen=True)
class StepGate:
    """What a step gates besides a transition: ``decide`` or ``close`` (with outcomes)."""

    kind: str  # "decide" | "close"
    outcomes: tuple[str, ...] = ()
    positions: tuple[str, ...] = ()


@dataclass(frozen=True)
class Step:
    """A preparation step: who takes it, of what kind, in which stages."""

    key: str
    label: Texts
    who: str
    kind: str
    stages: tuple[str, ...]
    priority: bool = False
    gates: tuple[StepGate, ...] = ()

    @property
    def per_party(self) -> bool:
        return self.who in PER_PARTY


@dataclass(frozen=True)
class Steps:
    """A profile's preparation steps, in order."""

    items: tuple[Step, ...] = ()

    def get(self, key: str) -> Step | None:
        return next((step for step in self.items if step.key == key), None)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(step.key for step in self.items)

    def near(self, key: str) -> str | None:
        found = difflib.get_close_matches(key, self.keys, n=1)
        return found[0] if found else None

    def for_decide(self) -> list[tuple[Step, StepGate]]:
        return [(step, gate) for step in self.items for gate in step.gates
                if gate.kind == "decide"]

    def for_close(self, outcome: str | None) -> list[tuple[Step, StepGate]]:
        return [(step, gate) for step in self.items for gate in step.gates
                if gate.kind == "close" and outcome in gate.outcomes]


@dataclass
class _Reader:
    """Reads a profile's steps, reporting each problem through ``fail``."""

    texts: Any
    fail: Fail
    seen: list[Step] = field(default_factory=list)


def _near(value: str, allowed: tuple[str, ...] | list[str]) -> tuple[str, str]:
    found = difflib.get_close_matches(value, allowed, n=1)
    return ((f" Menade du {found[0]}?", f" Did you mean {found[0]}?") if found else ("", ""))


def _choice(value: Any, allowed: tuple[str, ...], where: str, fail: Fail) -> str:
    text = str(value or "")
    if text not in allowed:
        sv, en = _near(text, allowed)
        raise fail(where, f"\"{text}\" duger inte; tillåtna är {', '.join(allowed)}.{sv}",
                   f"\"{text}\" will not do; allowed are {', '.join(allowed)}.{en}")
    return text


def _many(value: Any, allowed: tuple[str, ...], where: str, fail: Fail) -> tuple[str, ...]:
    values = value if isinstance(value, list) else [value]
    return tuple(_choice(item, allowed, where, fail) for item in values)


def _gate(value: Any, where: str, fail: Fail, outcomes: tuple[str, ...]) -> StepGate:
    if value == "decide":
        return StepGate("decide")
    if not isinstance(value, dict):
        raise fail(where, "ska vara decide, {decide: true, position: …} eller "
                   "{close: [utfall], position: …}",
                   "must be decide, {decide: true, position: …} or {close: [outcomes], "
                   "position: …}")
    kind = next((key for key in value if key in GATE_KINDS), None)
    for key in value:
        if key not in (*GATE_KINDS, "position"):
            sv, en = _near(str(key), [*GATE_KINDS, "position"])
            raise fail(f"{where}.{key}", f"okänd nyckel; tillåtna är decide, close, "
                       f"position.{sv}", f"unknown key; allowed are decide, close, "
                       f"position.{en}")
    if kind is None:
        raise fail(where, "anger inte vad steget spärrar (decide eller close)",
                   "does not say what the step gates (decide or close)")
    positions = (_many(value["position"], POSITIONS, f"{where}.position", fail)
                 if value.get("position") is not None else ())
    if kind == "decide":
        return StepGate("decide", positions=positions)
    return StepGate("close", _many(value["close"], outcomes, f"{where}.close", fail), positions)


def build(raw: Any, texts: Any, fail: Fail, outcomes: tuple[str, ...] = (),
          transitions: Any = None) -> Steps:
    """``steps:`` from a merged profile (absent: no preparation steps); the ``step:`` and
    ``step_position:`` gates of ``transitions`` are checked against them here."""
    steps = _steps(raw, texts, fail, outcomes)
    for index, transition in enumerate(transitions if isinstance(transitions, list) else []):
        gates = transition.get("gates") if isinstance(transition, dict) else None
        for number, gate in enumerate(gates if isinstance(gates, list) else []):
            if isinstance(gate, dict) and len(gate) == 1:
                (name, argument), = gate.items()
                if name in ("step", "step_position"):
                    _check_gate(steps, str(transition.get("from")), name, argument,
                                f"transitions[{index}].gates[{number}].{name}", fail)
    return steps


def _check_gate(steps: Steps, source: str, name: str, argument: Any, where: str,
                fail: Fail) -> None:
    """``step: KEY`` or ``step_position: {step: KEY, position: for|[for, noted]}``."""
    if name == "step_position":
        if not isinstance(argument, dict) or set(argument) - {"step", "position"} or \
                "step" not in argument or "position" not in argument:
            raise fail(where, "ska vara {step: STEG, position: for}",
                       "must be {step: STEP, position: for}")
        _many(argument["position"], POSITIONS, f"{where}.position", fail)
        key = str(argument["step"])
    else:
        key = str(argument)
    step = steps.get(key)
    if step is None:
        near = steps.near(key)
        known = ", ".join(steps.keys) or "–"
        raise fail(where, f"steget \"{key}\" finns inte under steps (de är: {known})."
                   + (f" Menade du {near}?" if near else ""),
                   f"there is no step \"{key}\" under steps (they are: {known})."
                   + (f" Did you mean {near}?" if near else ""))
    if source not in step.stages:
        raise fail(where, f"steget {key} registreras i {', '.join(step.stages)}, inte i "
                   f"{source} som övergången utgår från",
                   f"the step {key} is recorded in {', '.join(step.stages)}, not in "
                   f"{source} where the transition starts")


def _steps(raw: Any, texts: Any, fail: Fail, outcomes: tuple[str, ...]) -> Steps:
    if raw is None:
        return Steps()
    if not isinstance(raw, list):
        raise fail("steps", "ska vara en lista med steg", "must be a list of steps")
    steps: list[Step] = []
    for index, item in enumerate(raw):
        where = f"steps[{index}]"
        if not isinstance(item, dict):
            raise fail(where, "ska vara en samling {key, label, who, kind, stages}",
                       "must be a mapping {key, label, who, kind, stages}")
        for key in item:
            if key not in KEYS:
                sv, en = _near(str(key), KEYS)
                raise fail(f"{where}.{key}", f"okänd nyckel; tillåtna är {', '.join(KEYS)}.{sv}",
                           f"unknown key; allowed are {', '.join(KEYS)}.{en}")
        key = str(item.get("key") or "")
        if not key.replace("_", "").isalnum() or not key.isascii() or key != key.lower():
            raise fail(f"{where}.key", f"\"{key}\" duger inte som stegets nyckel: små bokstäver "
                       "a–z, siffror och _", f"\"{key}\" will not do as the step's key: "
                       "lowercase a–z, digits and _")
        if any(step.key == key for step in steps):
            raise fail(f"{where}.key", f"steget {key} förekommer två gånger",
                       f"the step {key} appears twice")
        who = _choice(item.get("who"), (*GROUPS, *PER_PARTY), f"{where}.who", fail)
        kind = _choice(item.get("kind"), KINDS, f"{where}.kind", fail)
        if item.get("stages") is None:
            raise fail(f"{where}.stages", "saknas: ange i vilka steg det registreras",
                       "is missing: give the stages it is recorded in")
        stages = _many(item.get("stages"), STAGES, f"{where}.stages", fail)
        gates = item.get("gates") or []
        if not isinstance(gates, list):
            raise fail(f"{where}.gates", "ska vara en lista", "must be a list")
        label = texts(item.get("label"), f"{where}.label") or {"sv": key, "en": key}
        priority = str(item.get("priority") or "false").lower() in ("true", "yes")
        steps.append(Step(key, label, who, kind, stages, priority, tuple(
            _gate(gate, f"{where}.gates[{number}]", fail, outcomes)
            for number, gate in enumerate(gates))))
    return Steps(tuple(steps))
