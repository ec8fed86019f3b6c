"""Gates: what the profile says must hold before a case may move, as validation findings.

A transition in the profile names its gates (``document_valid: application``,
``criteria_met: true``, ``decision: granted``, ``closing_outcome: [...]``; the loader
has checked every gate's name and argument against ``rules/registry.py``). Each
gate that does not hold gives findings of severity error, in the same form as
``socinv validate`` — so a blocked ``advance`` lists exactly what to fix, with
file, line and field.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from socinv.fund.fund import CASE_FILE, CaseDir, Fund
from socinv.i18n import pick
from socinv.io.errors import UnreadableFile
from socinv.io.yamlio import YamlDoc, read_yaml
from socinv.profiles.loader import Transition
from socinv.rules.findings import Finding, make
from socinv.validation import DocResult, read_once

#: outcomes that follow a final report; a transition into ``closed`` allows these by default
FINAL_OUTCOMES = ("implemented", "partly_implemented", "not_implemented")
_NEW_COMMAND = {"idea": "socinv new idea", "application": "socinv new application {case}",
                "final_report": "socinv new final-report {case}",
                "report": "socinv new report {case} --period {year}-annual"}


@dataclass
class CaseState:
    """A case as the gates see it: its folder, case.yaml's typed model, read problems."""

    fund: Fund
    case: CaseDir
    file: str
    model: dict[str, Any]
    blockers: list[Finding] = field(default_factory=list)
    docs: dict[str, DocResult | None] = field(default_factory=dict)
    readable: bool = True  # case.yaml could be read (else its problem is a blocker)

    @property
    def decision(self) -> dict[str, Any]:
        return self.model.get("decision") or {}

    def document(self, doc_type: str) -> DocResult | None:
        """The checked document of ``doc_type`` (None if the case has none)."""
        if doc_type not in self.docs:
            path = self.case.document(doc_type)
            self.docs[doc_type] = None if path is None else read_once(self.fund, path,
                                                                      doc_type)
        return self.docs[doc_type]

    def missing(self, doc_type: str) -> Finding:
        label = pick(self.fund.profile.document(doc_type).label, "sv") or doc_type
        label_en = pick(self.fund.profile.document(doc_type).label, "en") or doc_type
        command = _NEW_COMMAND.get(doc_type, "socinv new")
        commands = {lang: command.format(case=self.case.id, year=year)
                    for lang, year in (("sv", "ÅÅÅÅ"), ("en", "YYYY"))}
        return make(self.fund.rel(self.case.path / f"{doc_type}.yaml"), "gate-document-missing",
                    document={"sv": label, "en": label_en}, command=commands)


def read_case(fund: Fund, case: CaseDir) -> CaseState:
    """Read ``case.yaml``; an unreadable or inconsistent one blocks every move."""
    path = case.path / CASE_FILE
    file = fund.rel(path)
    if not path.is_file() or path.is_symlink():
        return CaseState(fund, case, file, {}, [make(file, "case-file-missing")],
                         readable=False)
    result = read_once(fund, path, "case")
    state = CaseState(fund, case, file, result.model or {})
    if result.unreadable:
        state.blockers += result.findings
        state.readable = False
        return state
    state.blockers += [f for f in result.findings if f.code == "duplicate-key"]
    for paths in case.twins():
        from socinv.validation import twin_finding

        state.blockers.append(twin_finding(fund, paths, fund.rel(paths[0])))
    stage, case_id = state.model.get("stage"), state.model.get("id")
    if stage and stage != case.stage.key:
        state.blockers.append(make(file, "case-stage-mismatch", "stage", value=str(stage),
                                   folder=case.stage.dir))
    if case_id and case_id != case.id:
        state.blockers.append(make(file, "case-id-mismatch", "id", value=str(case_id),
                                   folder=case.id))
    return state


def evaluate(state: CaseState, transition: Transition,
             closing_outcome: str | None = None) -> list[Finding]:
    """Every finding that blocks ``transition`` for the case (empty: the gates hold)."""
    findings: list[Finding] = []
    for name, argument in transition.gates:
        findings += GATES[name](state, argument, closing_outcome)
    if transition.target == "closed" and closing_outcome is not None and not any(
            name == "closing_outcome" for name, _ in transition.gates):
        findings += _closing_outcome(state, list(FINAL_OUTCOMES), closing_outcome)
    return _unique(findings)


def _document_valid(state: CaseState, argument: Any, _: str | None) -> list[Finding]:
    result = state.document(str(argument))
    if result is None:
        return [state.missing(str(argument))]
    return [finding for finding in result.findings if finding.severity == "error"]


def _criteria_met(state: CaseState, argument: Any, _: str | None) -> list[Finding]:
    if str(argument).lower() != "true":
        return []
    result = state.document("idea")
    if result is None:
        return [state.missing("idea")]
    if result.model is None:
        return [finding for finding in result.findings if finding.severity == "error"]
    keys = state.fund.profile.criteria_keys()
    criteria = result.model.get("criteria") or {}
    labels = state.fund.profile.document("idea").fields
    findings: list[Finding] = []
    doc: YamlDoc | None = None
    read = False
    for key in keys:
        met = (criteria.get(key) or {}).get("met")
        if met is True:
            continue
        if not read:  # the lines only when a finding needs them: the idea is read once
            doc, read = _yaml_positions(state.case.document("idea")), True
        text = labels.get(f"criteria.{key}")
        label = text.label if text and text.label else {"sv": key, "en": key}
        code = "criteria-not-assessed" if met is None else "criterion-not-met"
        path = ("criteria", key) if met is None else ("criteria", key, "met")
        findings.append(make(result.file, code, ".".join(path),
                             doc.pos(path) if doc else None, "error", label=label))
    return findings


def _yaml_positions(path: Path | None) -> YamlDoc | None:
    if path is None or path.suffix.lower() not in (".yaml", ".yml"):
        return None
    try:
        return read_yaml(path)
    except UnreadableFile:
        return None


def _decision(state: CaseState, argument: Any, _: str | None) -> list[Finding]:
    outcome = state.decision.get("outcome")
    if outcome == argument:
        return []
    if outcome is None:
        return [make(state.file, "gate-no-decision", "decision", case=state.case.id)]
    return [make(state.file, "gate-decision", "decision.outcome",
                 ref=str(state.decision.get("ref") or "?"), actual=_word(str(outcome)),
                 expected=_word(str(argument)))]


def _closing_outcome(state: CaseState, argument: Any, outcome: str | None) -> list[Finding]:
    allowed = [str(item) for item in argument or []]
    if outcome in allowed:
        return []
    return [make(state.file, "gate-closing-outcome", "closing.outcome",
                 value=outcome or "–", allowed=", ".join(allowed))]


def _word(value: str) -> dict[str, str]:
    words = {"granted": ("beviljat", "granted"), "rejected": ("avslag", "rejected")}
    sv, en = words.get(value, (value, value))
    return {"sv": sv, "en": en}


def _unique(findings: list[Finding]) -> list[Finding]:
    seen: set[tuple[str, str, str]] = set()
    result: list[Finding] = []
    for finding in findings:
        key = (finding.file, finding.field, finding.code)
        if key not in seen:
            seen.add(key)
            result.append(finding)
    return result


def _step(state: CaseState, argument: Any, _: str | None) -> list[Finding]:
    from socinv.process.steps import check, gate_need

    name = "step_position" if isinstance(argument, dict) else "step"
    need = gate_need(state.fund, name, argument)
    if need is None:
        return []
    return check(state.fund, state.case, state.model, state.file, state.case.stage.key, need)


GATES = {
    "step": _step,
    "step_position": _step,
    "document_valid": _document_valid,
    "criteria_met": _criteria_met,
    "decision": _decision,
    "closing_outcome": _closing_outcome,
}
