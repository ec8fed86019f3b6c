"""What ``close`` and ``decide`` check beyond the transitions: steps, the final report, reports.

- ``decide`` (a grant) needs the steps that gate ``decide``, recorded in the stage the
  case is decided in;
- ``close --outcome O`` needs the steps that gate closing with ``O``, recorded in the
  stage the case is closed from;
- an outcome after the final report must agree with its recommendation
  (``implement`` → implemented, ``implement_partly`` → partly_implemented,
  ``do_not_implement`` → not_implemented);
- reports that were due and are missing are named: a warning, or a blocker when the
  profile says ``documents.final_report.rules.reports_before_close: {blocking: true}``.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from socinv.process.steps import check, close_needs, decide_needs
from socinv.rules.findings import Finding, make

if TYPE_CHECKING:
    from socinv.fund.gates import CaseState

RECOMMENDED = {"implement": "implemented", "implement_partly": "partly_implemented",
               "do_not_implement": "not_implemented"}
FINAL_OUTCOMES = tuple(RECOMMENDED.values())


def decide_blockers(state: CaseState) -> list[Finding]:
    findings: list[Finding] = []
    for need in decide_needs(state.fund, True):
        findings += check(state.fund, state.case, state.model, state.file,
                          state.case.stage.key, need)
    return findings


def close_findings(state: CaseState, outcome: str | None, today: dt.date
                   ) -> tuple[list[Finding], list[Finding]]:
    """(blockers, warnings) for closing the case with ``outcome``."""
    from socinv.fund.calendar import case_calendar
    from socinv.fund.fund import REPORTS_DIR

    blockers: list[Finding] = []
    warnings: list[Finding] = []
    for need in close_needs(state.fund, outcome):
        blockers += check(state.fund, state.case, state.model, state.file,
                          state.case.stage.key, need)
    if outcome in FINAL_OUTCOMES:
        final = state.document("final_report")
        recommended = str((final.model or {}).get("recommendation") or "") if final else ""
        expected = RECOMMENDED.get(recommended)
        if final is not None and expected and expected != outcome:
            blockers.append(make(final.file, "close-outcome-recommendation", "recommendation",
                                 outcome=outcome, recommendation=recommended,
                                 expected=expected))
    if state.case.stage.key == "active" and state.decision.get("outcome") == "granted":
        calendar = case_calendar(state.fund, state.case, state.decision, today)
        overdue = calendar.overdue if calendar else []
        if overdue:
            rule = state.fund.profile.document("final_report").rules.get(
                "reports_before_close") or {}
            blocking = str(rule.get("blocking", "false")).lower() == "true"
            names = ", ".join(f"{REPORTS_DIR}/{period.name} ({period.due})"
                              for period in overdue)
            finding = make(state.file, "close-reports-overdue", "reports",
                           severity="error" if blocking else "warning", reports=names)
            (blockers if blocking else warnings).append(finding)
    return blockers, warnings
