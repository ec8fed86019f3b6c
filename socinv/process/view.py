"""The record shown: what a case has done and what it waits for (``status``, ``doctor``).

``status`` shows each case's next outstanding step ("väntar på Socialnämndens
yttrande") and, in JSON, every record and every outstanding step; an active case
whose project plan is overdue (the profile's ``project_plan_due``) shows that too.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from socinv.i18n import Lang
from socinv.process.steps import done, outstanding, waiting_text
from socinv.rules.findings import Finding, make

if TYPE_CHECKING:
    from socinv.fund.gates import CaseState


@dataclass
class Record:
    done: list[dict[str, Any]] = field(default_factory=list)
    #: each outstanding step: {step, party, waiting: {sv, en}}
    outstanding: list[dict[str, Any]] = field(default_factory=list)
    project_plan: Finding | None = None

    def next_text(self, lang: Lang) -> str | None:
        return self.outstanding[0]["waiting"][lang] if self.outstanding else None

    def to_dict(self, lang: Lang) -> dict[str, Any]:
        return {"done": self.done,
                "outstanding": [{"step": item["step"], "party": item["party"],
                                 "waiting": item["waiting"][lang]}
                                for item in self.outstanding]}


def case_record(state: CaseState, today: dt.date) -> Record:
    from socinv.fund.decision import decision_stages

    fund, case = state.fund, state.case
    result = Record(done(state.model))
    if fund.profile.steps.items and case.stage.key != "closed":
        decided_here = case.stage.key in decision_stages(fund)
        for step, party, _ in outstanding(fund, case, state.model, state.file, decided_here):
            result.outstanding.append({
                "step": step.key, "party": party,
                "waiting": {lang: waiting_text(fund, step, party, (), lang)
                            for lang in ("sv", "en")}})
    result.project_plan = project_plan_overdue(state, today)
    if result.project_plan is None and case.stage.key == "active" and plan_rule(state):
        from socinv.process.project_plan import group_finding

        result.project_plan = group_finding(fund, case)
    return result


def plan_rule(state: CaseState) -> dict[str, Any] | None:
    rule = state.fund.profile.document("project_plan").rules.get("project_plan_due")
    return rule if isinstance(rule, dict) else None


def project_plan_overdue(state: CaseState, today: dt.date) -> Finding | None:
    """An error when an active case has no project plan the profile's days after the grant."""
    rule = plan_rule(state)
    decision = state.decision
    if rule is None or state.case.stage.key != "active" or decision.get("outcome") != "granted":
        return None
    if state.case.document("project_plan") is not None:
        return None
    decided = decision.get("date")
    if not isinstance(decided, dt.date):
        return None
    days = int(str(rule.get("days") or 0))
    due = decided + dt.timedelta(days=days)
    if today <= due:
        return None
    return make(state.fund.rel(state.case.path / "project_plan.yaml"), "project-plan-missing",
                "project_plan", days=(today - decided).days, due=due.isoformat(),
                ref=str(decision.get("ref") or "?"), case=state.case.id)
