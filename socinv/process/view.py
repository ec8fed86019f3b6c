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
from socinv.rules.findings import Finding, make

if TYPE_CHECKING:
    from socinv.fund.gates import CaseState


@dataclass
class Record:
    """A case's preparation record: the steps done and those outstanding."""

    done: list[dict[str, Any]] = field(default_factory=list)
    #: each outstanding step: {step, party, waiting: {sv, en}}
    outstanding: list[dict[str, Any]] = field(default_factory=list)
    project_plan: Finding | None = None
    #: what the date decides (``dated``): the plan's file, the grant's date and ref, the
    #: profile's days; None when no plan is owed (or it exists)
    plan_due: tuple[str, str, str, int] | None = None
    #: a project group that lacks a party (date-independent), shown when the plan is not late
    group: Finding | None = None

    def dated(self, today: dt.date, case_id: str) -> None:
        """Set ``project_plan``: overdue as of ``today``, else the group finding."""
        self.project_plan = self.group
        if self.plan_due is None:
            return
        file, decided_text, ref, days = self.plan_due
        decided = dt.date.fromisoformat(decided_text)
        due = decided + dt.timedelta(days=days)
        if today > due:
            self.project_plan = make(file, "project-plan-missing", "project_plan",
                                     days=(today - decided).days, due=due.isoformat(),
                                     ref=ref, case=case_id)

    def to_json(self) -> list[Any]:
        from socinv.cache import finding_to_json

        return [self.done, self.outstanding, list(self.plan_due) if self.plan_due else None,
                finding_to_json(self.group) if self.group else None]

    @classmethod
    def from_json(cls, data: Any) -> Record:
        from socinv.cache import finding_from_json

        done_, outstanding_, plan, group = data
        if not isinstance(done_, list) or not isinstance(outstanding_, list):
            raise ValueError("not a cached record")
        due = None if plan is None else (str(plan[0]), str(plan[1]), str(plan[2]), int(plan[3]))
        return cls(done_, outstanding_, None, due,
                   finding_from_json(group) if group is not None else None)

    def next_text(self, lang: Lang) -> str | None:
        return self.outstanding[0]["waiting"][lang] if self.outstanding else None

    def to_dict(self, lang: Lang) -> dict[str, Any]:
        return {"done": self.done,
                "outstanding": [{"step": item["step"], "party": item["party"],
                                 "waiting": item["waiting"][lang]}
                                for item in self.outstanding]}


def case_record(state: CaseState, today: dt.date | None) -> Record:
    """The case's record; ``today`` None: what does not depend on the date (call ``dated``
    later)."""
    from socinv.process.steps import done, outstanding, waiting_text  # not for a cached row

    fund, case = state.fund, state.case
    result = Record(done(state.model))
    if fund.profile.steps.items and case.stage.key != "closed":
        decided_here = case.stage.key in {  # the stages a decision is taken in
            t.source for t in fund.profile.transitions
            if any(name == "decision" for name, _ in t.gates)}
        for step, party, _ in outstanding(fund, case, state.model, state.file, decided_here):
            result.outstanding.append({
                "step": step.key, "party": party,
                "waiting": {lang: waiting_text(fund, step, party, (), lang)
                            for lang in ("sv", "en")}})
    result.plan_due = _plan_due(state)
    if case.stage.key == "active" and plan_rule(state):
        from socinv.process.project_plan import group_finding

        result.group = group_finding(fund, case)
    if today is not None:
        result.dated(today, case.id)
    return result


def _plan_due(state: CaseState) -> tuple[str, str, str, int] | None:
    rule = plan_rule(state)
    decision = state.decision
    if rule is None or state.case.stage.key != "active" or decision.get("outcome") != "granted":
        return None
    if state.case.document("project_plan") is not None:
        return None
    decided = decision.get("date")
    if not isinstance(decided, dt.date):
        return None
    return (state.fund.rel(state.case.path / "project_plan.yaml"), decided.isoformat(),
            str(decision.get("ref") or "?"), int(str(rule.get("days") or 0)))


def plan_rule(state: CaseState) -> dict[str, Any] | None:
    rule = state.fund.profile.document("project_plan").rules.get("project_plan_due")
    return rule if isinstance(rule, dict) else None

