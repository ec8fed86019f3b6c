"""A case's preparation record: which steps of the profile are done, which are outstanding.

Records live in ``case.yaml`` under ``steps:`` (``socinv record`` writes them), one
per step, stage and party: ``{step, stage, party, position, priority, round, date,
ref, note, attachment, by, at}``. A later record of the same step, stage and party
(``record --force``) replaces the earlier one for the gates; both stay in the file
and in the history.

A step is *required* in a stage when a transition out of the stage names it
(``step:``/``step_position:`` gates), when the case is decided in the stage and the
step gates ``decide``, or when it gates closing with an outcome.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from socinv.fund.fund import CaseDir, Fund
from socinv.i18n import Lang, pick
from socinv.profiles.steps import POSITIONS, Step
from socinv.rules.findings import Finding, make
from socinv.validation import read_once

POSITION_WORDS = {"for": ("för", "for"), "against": ("emot", "against"),
                  "noted": ("noterat", "noted")}


def position_word(position: str, lang: Lang) -> str:
    words = POSITION_WORDS.get(position)
    return (words[1] if lang == "en" else words[0]) if words else position


def positions_text(positions: tuple[str, ...], lang: Lang) -> str:
    joiner = " or " if lang == "en" else " eller "
    return joiner.join(position_word(item, lang) for item in positions)


def genitive(name: str, lang: Lang) -> str:
    if lang == "en":
        return name + ("'" if name.endswith("s") else "'s")
    return name if name.endswith(("s", "x", "z")) else name + "s"


def title(fund: Fund, step: Step, party: str | None, lang: Lang) -> str:
    """"Socialnämndens yttrande", "Kommunledningsgruppens ställningstagande"."""
    label = pick(step.label, lang) or step.key
    if party:
        owner = genitive(party, lang)
    elif step.who in fund.profile.vocabulary.terms:
        owner = pick(fund.profile.vocabulary.get(step.who).genitive, lang)
    else:
        return label[:1].upper() + label[1:]
    text = f"{owner} {label}"
    return text[:1].upper() + text[1:]


def titles(fund: Fund, step: Step, party: str | None) -> dict[str, str]:
    return {lang: title(fund, step, party, lang) for lang in ("sv", "en")}


def parties_of(fund: Fund, case: CaseDir) -> list[dict[str, Any]]:
    """The parties of the case's application, or of its idea while there is none."""
    for doc_type in ("application", "idea"):
        path = case.document(doc_type)
        if path is None:
            continue
        model = read_once(fund, path, doc_type).model
        parties = (model or {}).get("parties")
        if isinstance(parties, list) and parties:
            return [party for party in parties if isinstance(party, dict) and party.get("name")]
    return []


def expected_parties(fund: Fund, case: CaseDir, step: Step) -> list[str | None]:
    """Who must take ``step``: each (committee) party by name, or the group (None)."""
    if not step.per_party:
        return [None]
    parties = parties_of(fund, case)
    if step.who == "each_committee":
        parties = [party for party in parties if party.get("kind") == "committee"]
    return [str(party["name"]).strip() for party in parties]


def same_party(one: str | None, other: str | None) -> bool:
    return (one or "").strip().casefold() == (other or "").strip().casefold()


def records(model: dict[str, Any]) -> list[dict[str, Any]]:
    found = model.get("steps")
    return [item for item in found if isinstance(item, dict)] if isinstance(found, list) else []


def latest(model: dict[str, Any], step: str, stage: str, party: str | None
           ) -> dict[str, Any] | None:
    """The last record of ``step`` in ``stage`` for ``party`` (None for a group step)."""
    found = None
    for record in records(model):
        if record.get("step") == step and record.get("stage") == stage and same_party(
                record.get("party"), party):
            found = record
    return found


@dataclass(frozen=True)
class Need:
    """A step a stage requires, optionally with the positions it must have."""

    step: Step
    positions: tuple[str, ...] = ()


def command(case: CaseDir, step: Step, party: str | None) -> str:
    text = f"socinv record {case.id} {step.key}"
    if party:
        text += f" --by \"{party}\""
    if step.kind == "position":
        text += " --position for|against|noted"
    return text


def check(fund: Fund, case: CaseDir, model: dict[str, Any], file: str, stage: str,
          need: Need) -> list[Finding]:
    """Findings for what ``need`` lacks in ``stage`` (empty: it holds)."""
    return [finding for _, finding in lacking(fund, case, model, file, stage, need)]


def lacking(fund: Fund, case: CaseDir, model: dict[str, Any], file: str, stage: str,
            need: Need) -> list[tuple[str | None, Finding]]:
    """(party, finding) for each party (None: the group) ``need`` lacks in ``stage``."""
    found: list[tuple[str | None, Finding]] = []
    step = need.step
    wanted = expected_parties(fund, case, step)
    if step.per_party and not wanted:
        return [(None, make(file, "gate-step-missing", f"steps.{step.key}",
                            step=titles(fund, step, None),
                            party={"sv": " (ärendet har ingen part att registrera det för; "
                                         "fyll i parterna i ansökan)",
                                   "en": " (the case has no party to record it for; fill in "
                                         "the parties of the application)"},
                            command=command(case, step, "…")))]
    for party in wanted:
        record = latest(model, step.key, stage, party)
        if record is None:
            found.append((party, make(file, "gate-step-missing", _field(step, party),
                                      step=titles(fund, step, party), party="",
                                      command=command(case, step, party))))
            continue
        actual = str(record.get("position") or "")
        if need.positions and actual not in need.positions:
            found.append((party, make(
                file, "gate-step-position", _field(step, party),
                step=titles(fund, step, party), party="",
                actual={lang: position_word(actual, lang) if actual else "–"
                        for lang in ("sv", "en")},
                expected={lang: positions_text(need.positions, lang)
                          for lang in ("sv", "en")})))
    return found


def _field(step: Step, party: str | None) -> str:
    """``steps.committee_view[Socialnämnden]``: one finding per step and party."""
    return f"steps.{step.key}[{party}]" if party else f"steps.{step.key}"


def transition_needs(fund: Fund, source: str) -> list[Need]:
    """Steps that gates of transitions out of ``source`` name."""
    found: list[Need] = []
    for transition in fund.profile.transitions:
        if transition.source != source:
            continue
        for name, argument in transition.gates:
            need = gate_need(fund, name, argument)
            if need is not None and need not in found:
                found.append(need)
    return found


def gate_need(fund: Fund, name: str, argument: Any) -> Need | None:
    steps = fund.profile.steps
    if name == "step":
        step = steps.get(str(argument))
        return Need(step) if step else None
    if name == "step_position" and isinstance(argument, dict):
        step = steps.get(str(argument.get("step")))
        wanted = argument.get("position")
        positions = tuple(str(item) for item in (wanted if isinstance(wanted, list)
                                                 else [wanted]))
        return Need(step, positions) if step else None
    return None


def decide_needs(fund: Fund, granted: bool) -> list[Need]:
    """Steps ``decide`` needs (positions only for a grant: a rejection needs the record)."""
    return [Need(step, gate.positions if granted else ())
            for step, gate in fund.profile.steps.for_decide()]


def close_needs(fund: Fund, outcome: str | None) -> list[Need]:
    return [Need(step, gate.positions) for step, gate in fund.profile.steps.for_close(outcome)]


def outstanding(fund: Fund, case: CaseDir, model: dict[str, Any], file: str,
                decided_here: bool) -> list[tuple[Step, str | None, Finding]]:
    """The required steps of the case's stage not (rightly) recorded, in the profile's order."""
    stage = case.stage.key
    needs = transition_needs(fund, stage)
    if decided_here and not (model.get("decision") or {}).get("outcome"):
        needs += [need for need in decide_needs(fund, True) if need not in needs]
    result: list[tuple[Step, str | None, Finding]] = []
    order = {step.key: index for index, step in enumerate(fund.profile.steps.items)}
    for need in sorted(needs, key=lambda item: order.get(item.step.key, 0)):
        for party, finding in lacking(fund, case, model, file, stage, need):
            result.append((need.step, party, finding))
    return result


def done(model: dict[str, Any]) -> list[dict[str, Any]]:
    """Every record, as JSON-able data."""
    result = []
    for record in records(model):
        result.append({key: (value.isoformat() if hasattr(value, "isoformat") else value)
                       for key, value in record.items() if value is not None})
    return result


def waiting_text(fund: Fund, step: Step, party: str | None, positions: tuple[str, ...],
                 lang: Lang) -> str:
    """"väntar på Socialnämndens yttrande"."""
    what = title(fund, step, party, lang)
    what = what[:1].lower() + what[1:] if not party else what
    return f"waiting for {what}" if lang == "en" else f"väntar på {what}"


__all__ = ["POSITIONS", "Need", "check", "close_needs", "decide_needs", "done", "outstanding",
           "parties_of", "title", "transition_needs", "waiting_text"]
