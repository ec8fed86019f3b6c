"""The project plan after the grant: ``socinv new project-plan CASE``.

"När en ansökan har beviljats medel ... ska projektledare och projektmedarbetare
fastställas av projektägaren och en projektplan tas fram enligt mall" (Ystad). The
template is prefilled with what the case already says: the title, one project-group
row per party of the application, the application's implementation plan as the
start of the next steps. A profile's ``documents.project_plan.rules.project_plan_due``
(``days``, ``before_first_report``) makes it due a number of days after the decision
(``status`` shows it once overdue) and needed before the first progress report.
"""

from __future__ import annotations

from typing import Any

from socinv.errors import EXIT_INVALID, UserError
from socinv.fund.fund import CaseDir, Fund
from socinv.fund.workflow import Plan
from socinv.i18n import Lang
from socinv.rules.checks import Context
from socinv.rules.findings import Finding, make
from socinv.validation import check_document, read_once

DOC = "project_plan"


def _model(fund: Fund, case: CaseDir, doc_type: str) -> dict[str, Any]:
    path = case.document(doc_type)
    if path is None:
        return {}
    return read_once(fund, path, doc_type).model or {}


def plan_new_project_plan(fund: Fund, case: CaseDir, by: str, lang: Lang,
                          fmt: str = "yaml") -> Plan:
    from socinv.fund.create import render_document
    from socinv.fund.reports_new import _require_active, plan_new_document, refuse_existing

    _require_active(fund, case, {"sv": "Projektplanen", "en": "The project plan"})
    refuse_existing(fund, case, DOC)
    application = _model(fund, case, "application")
    from socinv.fund.gates import read_case

    title = read_case(fund, case).model.get("title") or application.get("title")
    prefill: dict[str, Any] = {
        "title": title,
        "project_group": [{"party": party.get("name")}
                          for party in application.get("parties") or []
                          if isinstance(party, dict) and party.get("name")],
        "implementation_next_steps": (application.get("implementation") or {}).get("plan"),
    }
    relative = f"{DOC}.{fmt}"
    content = render_document(fund.profile, DOC, lang, fund.rel(case.path / relative), prefill)
    return plan_new_document(fund, case, relative,
                             content if fmt == "docx" else content.decode("utf-8"),
                             "new-project-plan", by)


def group_gaps(fund: Fund, case: CaseDir) -> list[str]:
    """The application's parties that have nobody in the project plan's project group."""
    from socinv.process.steps import same_party

    path = case.document(DOC)
    if path is None:
        return []
    plan = read_once(fund, path, DOC).model or {}
    named = [row.get("party") for row in plan.get("project_group") or []
             if isinstance(row, dict) and row.get("name")]
    parties = [str(party.get("name")) for party in _model(fund, case, "application").get(
        "parties") or [] if isinstance(party, dict) and party.get("name")]
    return [party for party in parties if not any(same_party(party, name) for name in named)]


def group_finding(fund: Fund, case: CaseDir) -> Finding | None:
    path = case.document(DOC)
    gaps = group_gaps(fund, case)
    if path is None or not gaps:
        return None
    return make(fund.rel(path), "project-group-incomplete", "project_group",
                parties=", ".join(gaps))


def require_for_first_report(fund: Fund, case: CaseDir) -> None:
    """Refuse the first progress report while the profile's project plan is missing or
    invalid."""
    rule = fund.profile.document(DOC).rules.get("project_plan_due")
    if not isinstance(rule, dict) or str(rule.get("before_first_report")).lower() != "true":
        return
    from socinv.fund.calendar import submitted

    if submitted(case):
        return
    path = case.document(DOC)
    if path is None:
        raise UserError(
            f"Den första rapporten kräver en projektplan. Skapa den med: socinv new "
            f"project-plan {case.id}",
            f"The first report needs a project plan. Create it with: socinv new project-plan "
            f"{case.id}", exit_code=EXIT_INVALID)
    result = check_document(path, DOC, fund.profile, fund.rel(path), Context())
    errors = [finding for finding in result.findings if finding.severity == "error"]
    if errors:
        raise UserError(
            f"Den första rapporten kräver en godkänd projektplan; {fund.rel(path)} har "
            f"{len(errors)} fel. Se: socinv validate {fund.rel(path)}",
            f"The first report needs a valid project plan; {fund.rel(path)} has "
            f"{len(errors)} errors. See: socinv validate {fund.rel(path)}",
            exit_code=EXIT_INVALID)
