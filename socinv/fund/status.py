"""``socinv status``: every case — stage, title, granted, spent, next report, blockers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from socinv.fund.calendar import case_calendar, span_from
from socinv.fund.fund import REPORTS_DIR, CaseDir, Fund
from socinv.fund.gates import evaluate, read_case
from socinv.fund.workflow import outcome_word, stage_name
from socinv.i18n import Lang, kronor
from socinv.profiles.loader import Stage
from socinv.profiles.vocabulary import Vocabulary
from socinv.realised import realised_savings, repayments
from socinv.rules.checks import Context
from socinv.rules.findings import Finding
from socinv.validation import check_document

if TYPE_CHECKING:
    from socinv.economics import Economics



@dataclass
class Row:
    case: CaseDir
    title: str
    granted: int | None = None
    spent: int | None = None
    outcome: str | None = None
    next_report: tuple[str, dt.date] | None = None
    overdue: list[str] = field(default_factory=list)
    final_due: dt.date | None = None
    final_overdue: bool = False
    next_stage: Stage | None = None
    blockers: list[Finding] = field(default_factory=list)
    economics: Economics | None = None
    #: year → realised savings reported for it (a year not reported is absent: not measured)
    realised: dict[int, int] = field(default_factory=dict)
    #: what the case returns to the fund (None: the profile has no repayment)
    repayment: int | None = None
    #: preparation steps done and outstanding (socinv.process.view.Record)
    record: Any = None


def portfolio(fund: Fund, today: dt.date, stages: list[Stage] | None = None,
              progress: Callable[[int, int], None] | None = None) -> list[Row]:
    from socinv.runner import parallel_map

    keys = {stage.key for stage in stages} if stages else None
    economics = _economics_of(fund)
    cases = [case for case in fund.cases() if keys is None or case.stage.key in keys]
    return parallel_map(lambda case: row(fund, case, today, economics), cases,
                        progress=progress)


def _economics_of(fund: Fund) -> Callable[[dict[str, Any]], Economics | None]:
    """The same figures as ``validate --explain`` and the memo: the fund's discount rate
    and unit costs, the profile's default savings period."""
    from socinv import economics
    from socinv.validation import Options, fund_context

    ctx, _ = fund_context(fund, Options())
    rate = ctx.discount_rate if ctx.discount_rate is not None else economics.DEFAULT_DISCOUNT_RATE
    defaults = economics.SavingsDefaults.from_profile(fund.profile.economics)
    return lambda model: economics.compute(model, ctx.unit_costs, discount_rate=rate,
                                           defaults=defaults)


def row(fund: Fund, case: CaseDir, today: dt.date,
        economics: Callable[[dict[str, Any]], Economics | None] | None = None) -> Row:
    state = read_case(fund, case)
    model = state.model
    decision = state.decision
    result = Row(case, str(model.get("title") or case.id))
    if decision.get("outcome") == "granted" and isinstance(decision.get("total"), int):
        result.granted = decision["total"]
    result.outcome = (model.get("closing") or {}).get("outcome")
    models = _report_models(fund, case)
    result.spent = spent(fund, case, models)
    application = state.document("application")
    if result.granted is not None:
        savings = realised_savings(models[1], models[0], fund.profile.cadence)
        result.realised = {year: sum(item.amount for item in items)
                           for year, items in savings.items()}
        period = span_from(application.model if application else None, decision)
        if fund.profile.repayment is not None and period is not None:
            result.repayment = sum(line.due for line in repayments(
                fund.profile.repayment, savings, period[0].year, period[1].year))
    if economics is not None and application is not None and application.model:
        result.economics = economics(application.model)
    if case.stage.key == "active":
        calendar = case_calendar(fund, case, decision, today)
        if calendar is not None:
            result.overdue = [period.name for period in calendar.overdue]
            upcoming = calendar.next_due
            result.next_report = (upcoming.name, upcoming.due) if upcoming else None
            if not calendar.final_report:
                result.final_due, result.final_overdue = calendar.end, calendar.final_overdue
    outgoing = [t for t in fund.profile.transitions if t.source == case.stage.key]
    if outgoing:
        target = outgoing[0].target
        result.next_stage = fund.profile.stage(target)
        alternatives = [evaluate(state, t) for t in outgoing if t.target == target]
        result.blockers = state.blockers + min(alternatives, key=len)
    from socinv.process.view import case_record

    result.record = case_record(state, today)
    return result


def _report_models(fund: Fund, case: CaseDir
                   ) -> tuple[dict[str, Any] | None, dict[str, dict[str, Any]]]:
    """The final report's model and each progress report's, by period (``2026-annual``)."""
    final_path = case.document("final_report")
    final = None if final_path is None else check_document(
        final_path, "final_report", fund.profile, "", Context()).model or {}
    reports: dict[str, dict[str, Any]] = {}
    for doc_type, path in case.documents():
        if doc_type == "report" and path.parent.name == REPORTS_DIR:
            reports.setdefault(path.name.split(".")[0], check_document(
                path, "report", fund.profile, "", Context()).model or {})
    return final, reports


def spent(fund: Fund, case: CaseDir, models: tuple[dict[str, Any] | None,
                                                     dict[str, dict[str, Any]]] | None = None
          ) -> int | None:
    """Outcome so far: the final report's total, else the latest report's total to date,
    else the sum of the yearly outcomes the reports give."""
    final, by_period = models or _report_models(fund, case)
    total = ((final or {}).get("finance") or {}).get("total_outcome")
    if isinstance(total, int):
        return total
    reports: list[tuple[tuple[int, tuple[int, int]], dict[str, Any]]] = []
    cadence = fund.profile.cadence
    for key, model in by_period.items():
        year_text, _, kind = key.partition("-")
        if not year_text.isdigit():
            continue
        known = cadence.get(kind)
        order = known.order if known is not None else (0, 0)
        reports.append(((int(year_text), order), model.get("finance") or {}))
    reports.sort(key=lambda item: item[0])
    for _, finance in reversed(reports):
        if isinstance(finance.get("total_outcome"), int):
            return int(finance["total_outcome"])
    by_year: dict[int, int] = {}
    for (year, _), finance in reports:  # in the year's order: the annual figure wins
        if isinstance(finance.get("outcome"), int):
            by_year[year] = finance["outcome"]
    return sum(by_year.values()) if by_year else None


def _next_text(item: Row, lang: Lang) -> str:
    late = "försenad" if lang == "sv" else "overdue"
    if len(item.overdue) > 2:
        return (f"{len(item.overdue)} {'försenade' if lang == 'sv' else 'overdue'}: "
                f"{item.overdue[0]} …")
    if item.overdue:
        return f"{', '.join(item.overdue)} {late}"
    if item.next_report:
        return f"{item.next_report[0]} ({item.next_report[1].isoformat()})"
    if item.final_due:
        word = "slutrapport" if lang == "sv" else "final report"
        return f"{word} {late}" if item.final_overdue else f"{word} ({item.final_due})"
    return "–"


def to_dict(rows: list[Row], lang: Lang, today: dt.date,
            vocabulary: Vocabulary | None = None) -> dict[str, Any]:
    return {
        "today": today.isoformat(),
        "cases": [{
            "id": item.case.id,
            "stage": item.case.stage.key,
            "stage_dir": item.case.stage.dir,
            "title": item.title,
            "granted": item.granted,
            "spent": item.spent,
            "outcome": item.outcome,
            "next_report": ({"period": item.next_report[0],
                             "due": item.next_report[1].isoformat()}
                            if item.next_report else None),
            "overdue_reports": item.overdue,
            "final_report_due": item.final_due.isoformat() if item.final_due else None,
            "final_report_overdue": item.final_overdue,
            "next_stage": item.next_stage.key if item.next_stage else None,
            "blockers": [finding.to_dict(lang, vocabulary) for finding in item.blockers],
            "economics": item.economics.to_dict() if item.economics else None,
            "realised_savings": {str(year): amount for year, amount in item.realised.items()},
            "repayment": item.repayment,
            "steps": item.record.to_dict(lang) if item.record else None,
            "next_step": item.record.next_text(lang) if item.record else None,
            "project_plan": (item.record.project_plan.to_dict(lang, vocabulary)
                                     if item.record and item.record.project_plan else None),
        } for item in rows],
        "totals": {"granted": sum(item.granted or 0 for item in rows),
                   "spent": sum(item.spent or 0 for item in rows),
                   "realised_savings": (sum(sum(item.realised.values()) for item in rows)
                                        if any(item.realised for item in rows) else None),
                   "repayment": (sum(item.repayment or 0 for item in rows)
                                 if any(item.repayment is not None for item in rows)
                                 else None)},
    }


def _economics_text(rows: list[Row], lang: Lang) -> list[str]:
    """Per application: cost, savings, payback and net present value (as --explain)."""
    sv = lang == "sv"
    figured = [item for item in rows if item.economics is not None]
    if not figured:
        return []
    head = (["Ärende", "Kostnad", "Besparing", "Återbetalning", "Nuvärde"] if sv
            else ["Case", "Cost", "Savings", "Payback", "NPV"])
    never = "inte inom perioden" if sv else "not within the period"
    table = [head]
    for item in figured:
        figures = item.economics
        assert figures is not None
        table.append([item.case.id, kronor(figures.total_cost, lang),
                      kronor(figures.total_savings, lang),
                      str(figures.payback_year) if figures.payback_year else never,
                      kronor(figures.npv, lang)])
    widths = [max(len(line[i]) for line in table) for i in range(len(head))]
    title = "Ekonomi enligt ansökan (socinv validate --explain ÄRENDE visar detaljer):" if sv \
        else "Economics from the application (socinv validate --explain CASE for details):"
    return ["", title, *("  " + "  ".join(
        cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
        for i, cell in enumerate(line)).rstrip() for line in table)]


def render_text(rows: list[Row], lang: Lang, limit: int = 3,
                vocabulary: Vocabulary | None = None) -> str:
    sv = lang == "sv"
    head = (["Ärende", "Steg", "Titel", "Beviljat", "Utfall", "Nästa rapport", "Hinder"] if sv
            else ["Case", "Stage", "Title", "Granted", "Spent", "Next report", "Blockers"])
    table: list[list[str]] = [head]
    for item in rows:
        stage = stage_name(item.case.stage, lang)
        if item.outcome:
            stage += f" ({outcome_word(item.outcome, lang)})"
        title = item.title if len(item.title) <= 32 else item.title[:31] + "…"
        table.append([item.case.id, stage, title,
                      kronor(item.granted, lang) if item.granted is not None else "–",
                      kronor(item.spent, lang) if item.spent is not None else "–",
                      _next_text(item, lang),
                      str(len(item.blockers)) if item.next_stage else "–"])
    widths = [max(len(line[i]) for line in table) for i in range(len(head))]
    right = {3, 4, 6}
    lines = ["  ".join(cell.rjust(widths[i]) if i in right else cell.ljust(widths[i])
                       for i, cell in enumerate(line)).rstrip() for line in table]
    total = sum(item.granted or 0 for item in rows)
    used = sum(item.spent or 0 for item in rows)
    lines.append("")
    lines.append(f"{len(rows)} ärenden. Beviljat {kronor(total, lang)}, utfall hittills "
                 f"{kronor(used, lang)}." if sv else
                 f"{len(rows)} cases. Granted {kronor(total, lang)}, spent so far "
                 f"{kronor(used, lang)}.")
    realised = sum(sum(item.realised.values()) for item in rows)
    if realised:
        lines.append(f"Realiserade besparingar enligt rapporterna: {kronor(realised, lang)}."
                     if sv else
                     f"Realised savings according to the reports: {kronor(realised, lang)}.")
    if any(item.repayment is not None for item in rows):
        due = sum(item.repayment or 0 for item in rows)
        lines.append(f"Att återföra till fonden: {kronor(due, lang)}." if sv else
                     f"To be returned to the fund: {kronor(due, lang)}.")
    lines += _economics_text(rows, lang)
    waiting = [item for item in rows if item.record and (
        item.record.outstanding or item.record.project_plan)]
    if waiting:
        lines += ["", "Beredning och uppföljning:" if sv else "Preparation and follow-up:"]
        for item in waiting:
            if item.record.outstanding:
                more = len(item.record.outstanding) - 1
                extra = (f" (och {more} steg till)" if sv else f" (and {more} more steps)"
                         ) if more else ""
                lines.append(f"  {item.case.id}: {item.record.next_text(lang)}{extra}")
            if item.record.project_plan:
                lines.append(f"  {item.case.id}: "
                             f"{item.record.project_plan.message(lang, vocabulary)}")
    blocked = [item for item in rows if item.blockers and item.next_stage]
    if blocked:
        lines += ["", "Hinder för nästa steg:" if sv else "Blockers for the next stage:"]
        for item in blocked:
            assert item.next_stage is not None
            lines.append(f"  {item.case.id} → {stage_name(item.next_stage, lang)}:")
            for finding in item.blockers[:limit]:
                where = f"{finding.file}:{finding.line}" if finding.line else finding.file
                lines.append(f"    {where}  {finding.field} [{finding.code}]".rstrip())
                lines.append(f"      {finding.message(lang, vocabulary)}")
            if len(item.blockers) > limit:
                more = len(item.blockers) - limit
                lines.append(f"    … och {more} till: socinv advance {item.case.id} --dry-run"
                             if sv else
                             f"    … and {more} more: socinv advance {item.case.id} --dry-run")
    return "\n".join(lines)
