"""Effects against their targets: what a report says, beside what the application promised.

The application states its targets in the measurement plan (``measurement_plan[]``:
``goal`` and its ``outcome_measure``) and, where a profile has no measurement plan
(Heby), in its expected effects (``effects[]``: ``description``, its ``target`` else
how it is measured, when it is expected, its ``baseline``). A report's
``effects_achieved[]`` names an effect in its own words; it is paired with the
application's line that shares most of its words (at least :data:`MATCH` of them, each
line used once). What matches nothing is shown as such, never beside a target it was not
reported against. A report's own ``target``, ``baseline`` and ``target_met`` are shown.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

#: share of a reported effect's words that must occur in an application line to pair them
MATCH = 0.6
_STOP = frozenset({"och", "för", "som", "med", "att", "till", "den", "det", "de", "av",
                   "vid", "per", "the", "and", "for", "with", "from", "that", "of", "to",
                   "in", "on", "at", "by"})
_WORD = re.compile(r"\w+")


@dataclass
class EffectTarget:
    """One line of the table: a goal, its target, and what the report says about it."""

    goal: str
    target: str  # the outcome measure (plan), or the measure and when (effects); "" if none
    result: str | None  # None: not reported in this report
    measured_at: str | None
    source: str  # "plan" | "effect" | "report" (reported, but not in the application)
    when: str = ""  # when the effect is expected (the application's effects[])
    baseline: str = ""  # the situation before (effects[].baseline, or the report's)
    met: bool | None = None  # the report's judgement (target_met); None: not judged


def _words(text: str) -> set[str]:
    return {word[:5] for word in _WORD.findall(text.lower())
            if len(word) >= 3 and word not in _STOP}


def _text(value: Any) -> str:
    return " ".join(str(value).split()) if value not in (None, "") else ""


def _lines(application: dict[str, Any] | None) -> list[tuple[EffectTarget, set[str]]]:
    """The application's targets with the words a reported effect is matched on."""
    application = application or {}
    plan = [item for item in application.get("measurement_plan") or []
            if isinstance(item, dict) and _text(item.get("goal"))]
    lines: list[tuple[EffectTarget, set[str]]] = []
    for item in plan:
        goal = _text(item.get("goal"))
        target = _text(item.get("outcome_measure")) or _text(item.get("indicator"))
        lines.append((EffectTarget(goal, target, None, None, "plan"),
                      _words(f"{goal} {_text(item.get('indicator'))}")))
    for item in application.get("effects") or []:
        if not isinstance(item, dict) or not _text(item.get("description")):
            continue
        goal = _text(item.get("description"))
        measure, when = _text(item.get("measure")), _text(item.get("expected_when"))
        lines.append((EffectTarget(goal, _text(item.get("target")) or measure, None, None,
                                   "effect", when, _text(item.get("baseline"))),
                      _words(f"{goal} {measure}")))
    return lines


def effect_targets(application: dict[str, Any] | None, achieved: list[dict[str, Any]]
                   ) -> list[EffectTarget]:
    """The application's targets with the report's results beside them, then what the
    report names that the application does not. Expected effects (``effects[]``) are listed
    only where the application has no measurement plan, or a result was reported on one."""
    lines = _lines(application)
    results: dict[int, dict[str, Any]] = {}
    unmatched: list[dict[str, Any]] = []
    for item in achieved:
        if not isinstance(item, dict) or not _text(item.get("effect")):
            continue
        words = _words(_text(item.get("effect")))
        scores = [(len(words & line_words) / len(words) if words else 0.0, index)
                  for index, (_, line_words) in enumerate(lines) if index not in results]
        best = max(scores, key=lambda pair: (pair[0], -pair[1]), default=(0.0, -1))
        if best[0] >= MATCH:
            results[best[1]] = item
        else:
            unmatched.append(item)
    has_plan = any(line.source == "plan" for line, _ in lines)
    rows: list[EffectTarget] = []
    for index, (line, _) in enumerate(lines):
        found = results.get(index)
        if found is None and line.source == "effect" and has_plan:
            continue
        if found is not None:
            line.result = _text(found.get("result")) or None
            line.measured_at = _text(found.get("measured_at")) or None
            line.target = _text(found.get("target")) or line.target
            line.baseline = _text(found.get("baseline")) or line.baseline
            line.met = _met(found, line.result)
        rows.append(line)
    for item in unmatched:
        result = _text(item.get("result")) or None
        rows.append(EffectTarget(_text(item.get("effect")), _text(item.get("target")), result,
                                 _text(item.get("measured_at")) or None, "report",
                                 baseline=_text(item.get("baseline")),
                                 met=_met(item, result)))
    return rows


def _met(item: dict[str, Any], result: str | None) -> bool | None:
    """The report's "target met" (yes/no), only beside a result."""
    met = item.get("target_met")
    return met if isinstance(met, bool) and result is not None else None
