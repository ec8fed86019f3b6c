"""``socinv status``: every case — stage, title, granted, spent, next report, blockers."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from socinv.fund.calendar import Files, Kind, Span, case_calendar, kinds, span_from
from socinv.fund.fund import REPORTS_DIR, CaseDir, Fund
from socinv.fund.stages import outcome_word, stage_name
from socinv.i18n import Lang, kronor
from socinv.profiles.loader import Stage
from socinv.profiles.vocabulary import Vocabulary
from socinv.rules.findings import Finding

if TYPE_CHECKING:  # a warm run reads every row from the cache: the checks load on a miss
    from socinv.cache import ResultCache, Scan
    from socinv.economics import Economics
    from socinv.expost import ExPost
    from socinv.fund.gates import CaseState
    from socinv.process.view import Record



@dataclass
class Row:
    """One case's line in ``status``."""

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
    #: ``economics.to_dict()`` when the row came from the cache (the JSON output's form)
    economics_data: dict[str, Any] | None = None
    #: preparation steps done and outstanding
    record: Record | None = None
    #: the outturn beside the forecast (a granted case with application economics)
    ex_post: ExPost | None = None
    #: the case's slim models, made from this reading for the money lines (not cached here)
    annex: Any = None


def portfolio(fund: Fund, today: dt.date, stages: list[Stage] | None = None,
              progress: Callable[[int, int], None] | None = None,
              cache: bool = True,
              scans: list[tuple[str, Scan]] | None = None) -> list[Row]:
    """Every case's row (of ``stages``, or all). What does not depend on the date is kept in
    the cache beside validate's (``.socinv/cache/status-NN.json``, the same invalidation:
    the stat signature of the case's files and the fingerprint of the profile, fund.yaml,
    unit_costs.yaml and socinv), so a warm run reads no document; the reporting calendar is
    worked out anew on every run, from the project period and the reports the scan saw."""
    from socinv.cache import ResultCache, fingerprint, shard_of

    keys = {stage.key for stage in stages} if stages else None
    from socinv.fund.once import refuse_duplicates

    cases = [case for case in refuse_duplicates(fund) if keys is None or case.stage.key in keys]
    names = [f"{case.stage.dir}/{case.id}" for case in cases]
    key = fingerprint(fund.root, fund.profile.raw, {"command": "status", "format": 5}) \
        if cache else ""
    shards: dict[int, list[int]] = {}
    for index, name in enumerate(names):
        shards.setdefault(shard_of(name), []).append(index)
    rows: list[Row | None] = [None] * len(cases)
    known: list[tuple[Span | None, Scan | None]] = [(None, None)] * len(cases)
    todo: list[int] = []
    caches: dict[int, ResultCache | None] = {}
    base = os.fspath(fund.root) + os.sep
    for shard, indices in sorted(shards.items()):
        store = ResultCache(fund.root, key, shard, "status") if cache else None
        missed = len(todo)
        for index in indices:
            case, path = cases[index], base + names[index].replace("/", os.sep)
            hit, scan = _lookup(store, names[index], path, case.stage.key == "active")
            if hit is not None and (cached := _row_from_json(fund, case, hit[0])) is not None:
                rows[index], known[index] = cached, (hit[1], scan)
            else:
                todo.append(index)
                known[index] = (None, scan)
        if len(todo) > missed:
            caches[shard] = store  # written once its misses are read
        elif store is not None:  # all hits: done with at once, so one shard is held at a time
            if keys is None:
                store.prune({names[index] for index in indices})
            store.save()
    hits = len(cases) - len(todo)
    if progress and hits:
        progress(hits, len(cases))
    _fill(fund, cases, todo, rows, known, progress, hits)
    for index in todo:
        item, (period, scanned) = rows[index], known[index]
        store = caches.get(shard_of(names[index]))
        if store is not None and item is not None and scanned is not None:
            store.store(names[index], scanned, _row_to_json(item),
                        None if period is None else [day.isoformat() for day in period])
    for shard, store in caches.items():
        if store is not None:
            if keys is None:
                store.prune({names[index] for index in shards[shard]})
            store.save()
    if cache and keys is None:
        from socinv.cache import remove_stale_files

        remove_stale_files(fund.root, set(shards), "status")
    if scans is not None:  # for what status computes across the fund (its money)
        scans += [(names[index], seen) for index, (_, seen) in enumerate(known)
                  if seen is not None]
    report_kinds: tuple[list[Kind], int] | None = None
    result: list[Row] = []
    for index, item in enumerate(rows):
        assert item is not None
        case = cases[index]
        period, seen = known[index]
        if case.stage.key == "active" and period is not None:
            report_kinds = report_kinds or kinds(fund)
            files = (seen.submitted, seen.final_report) if seen is not None else None
            _calendar(fund, case, item, today, period, files, report_kinds)
        if item.record is not None:
            item.record.dated(today, case.id)
        result.append(item)
    return result


def _fill(fund: Fund, cases: list[CaseDir], todo: list[int], rows: list[Row | None],
          known: list[tuple[Span | None, Scan | None]],
          progress: Callable[[int, int], None] | None, hits: int) -> None:
    """The rows of the cases not in the cache, on both cores for many."""
    from socinv.runner import parallel_map

    if not todo:
        return
    economics = _economics_of(fund)
    total = len(cases)

    def told(done: int, _: int) -> None:
        if progress:
            progress(hits + done, total)

    made = parallel_map(lambda index: static_row(fund, cases[index], economics), todo,
                        progress=told)
    fresh: list[tuple[CaseDir, Any, list[Any]]] = []
    for index, (item, period) in zip(todo, made, strict=True):
        rows[index] = item
        known[index] = (period, known[index][1])
        if item.annex is not None:
            fresh.append((cases[index], known[index][1], item.annex))
            item.annex = None
    if fresh:  # for the money lines (and the next paper): these cases are not read again
        from socinv.reports.data import keep_payloads

        keep_payloads(fund, fresh)


class Figures:
    """The same figures as ``validate --explain`` and the memo: the fund's discount rate
    and unit costs, the profile's default savings period; called on an application, the
    forecast; :meth:`ex_post`, the outturn beside it."""

    def __init__(self, fund: Fund) -> None:
        from socinv import economics
        from socinv.validation import Options, fund_context

        ctx, _ = fund_context(fund, Options())
        self.profile = fund.profile
        self.unit_costs = ctx.unit_costs
        self.rate = ctx.discount_rate if ctx.discount_rate is not None \
            else economics.DEFAULT_DISCOUNT_RATE
        self.defaults = economics.SavingsDefaults.from_profile(fund.profile.economics)

    def __call__(self, model: dict[str, Any]) -> Economics | None:
        from socinv import economics

        return economics.compute(model, self.unit_costs, discount_rate=self.rate,
                                 defaults=self.defaults)

    def ex_post(self, application: dict[str, Any], reports: dict[str, dict[str, Any]],
                final: dict[str, Any] | None, end_year: int | None) -> ExPost | None:
        from socinv.expost import ex_post

        return ex_post(application, reports, final, self.profile, self.unit_costs,
                       discount_rate=self.rate, end_year=end_year)


def _economics_of(fund: Fund) -> Figures:
    return Figures(fund)


def row(fund: Fund, case: CaseDir, today: dt.date,
        economics: Callable[[dict[str, Any]], Economics | None] | None = None) -> Row:
    """One case's row, read from its files (no cache)."""
    result, period = static_row(fund, case, economics)
    if case.stage.key == "active" and period is not None:
        _calendar(fund, case, result, today, period, None, None)
    if result.record is not None:
        result.record.dated(today, case.id)
    return result


def static_row(fund: Fund, case: CaseDir,
               economics: Callable[[dict[str, Any]], Economics | None] | None = None
               ) -> tuple[Row, Span | None]:
    """What a case's row holds whatever the date, and (active cases) its project period."""
    from socinv.fund.gates import evaluate, read_case
    from socinv.realised import realised_savings, repayments

    state = read_case(fund, case)
    model = state.model
    decision = state.decision
    result = Row(case, str(model.get("title") or case.id))
    if decision.get("outcome") == "granted" and isinstance(decision.get("total"), int):
        result.granted = decision["total"]
    result.outcome = (model.get("closing") or {}).get("outcome")
    read: dict[Any, Any] = {}
    models = _report_models(fund, case, state, read)
    result.spent = spent(fund, case, state, models)
    application = state.document("application")
    unit_costs = economics.unit_costs if isinstance(economics, Figures) else None
    if result.granted is not None:
        savings = realised_savings(models[1], models[0], fund.profile.cadence, unit_costs)
        result.realised = {year: sum(item.amount for item in items)
                           for year, items in savings.items()}
        period = span_from(application.model if application else None, decision)
        if fund.profile.repayment is not None and period is not None:
            result.repayment = sum(line.due for line in repayments(
                fund.profile.repayment, savings, period[0].year, period[1].year))
    if economics is not None and application is not None and application.model:
        result.economics = economics(application.model)
        if result.granted is not None and isinstance(economics, Figures):
            end = span_from(application.model, decision)
            result.ex_post = economics.ex_post(application.model, models[1], models[0],
                                               end[1].year if end else None)
    period = None
    if case.stage.key == "active":
        # the project period from the application already read: each document once a run
        period = span_from(application.model if application is not None else None, decision)
    outgoing = [t for t in fund.profile.transitions if t.source == case.stage.key]
    if outgoing:
        target = outgoing[0].target
        result.next_stage = fund.profile.stage(target)
        alternatives = [evaluate(state, t) for t in outgoing if t.target == target]
        result.blockers = state.blockers + min(alternatives, key=len)
    from socinv.process.view import case_record

    result.record = case_record(state, None)  # the date's part is added by ``_dated``
    if state.readable:  # the money lines need the same documents: not read twice
        from socinv.reports.data import slim_of

        for doc_type in ("application", "final_report"):
            path = case.document(doc_type)
            if path is not None and doc_type in state.docs:
                read[path] = state.docs[doc_type]
        result.annex = slim_of(fund, case, state.file, state.model, [
            (doc_type, path, read.get(path)) for doc_type, path in case.documents()])
    return result, period


def _calendar(fund: Fund, case: CaseDir, result: Row, today: dt.date, period: Span,
              files: Files | None, report_kinds: tuple[list[Kind], int] | None) -> None:
    """The date-dependent part of an active case's row: overdue and next reports."""
    calendar = case_calendar(fund, case, {}, today, period, files, report_kinds)
    if calendar is not None:
        result.overdue = [item.name for item in calendar.overdue]
        upcoming = calendar.next_due
        result.next_report = (upcoming.name, upcoming.due) if upcoming else None
        if not calendar.final_report:
            result.final_due, result.final_overdue = calendar.end, calendar.final_overdue


# -- the status cache -------------------------------------------------------------------------

def _lookup(store: ResultCache | None, name: str, path: str, active: bool
            ) -> tuple[tuple[Any, Span | None] | None, Scan]:
    """(the cached payload and period, if the entry is current; the case's scan)."""
    from socinv.cache import quick_scan, scan_case

    entry = store.entry(name) if store is not None else None
    if entry is not None:
        quick = quick_scan(path, entry[3], active)
        if quick is not None and quick.signature == entry[0]:
            good, period = _period_from_json(entry[1])
            if good:
                return (entry[2], period), quick
    scan = scan_case(path)
    assert scan is not None  # a full scan always answers
    return None, scan


def _period_from_json(data: Any) -> tuple[bool, Span | None]:
    """(False when damaged, the cached project period)."""
    if data is None:
        return True, None
    try:
        start, end = (dt.date.fromisoformat(day) for day in data)
        return True, (start, end)
    except (TypeError, ValueError):
        return False, None


def _row_to_json(item: Row) -> list[Any]:
    from socinv.cache import finding_to_json

    outturn = item.ex_post.to_dict() if item.ex_post is not None else None
    if outturn is not None and item.ex_post is not None \
            and item.ex_post.forecast == item.economics:
        outturn["forecast"] = None  # the row's economics: kept once (a third of the entry)
    return [item.title, item.granted, item.outcome, item.spent,
            item.economics.to_dict() if item.economics is not None else None,
            [finding_to_json(finding) for finding in item.blockers],
            item.next_stage.key if item.next_stage is not None else None,
            {str(year): amount for year, amount in item.realised.items()}, item.repayment,
            item.record.to_json() if item.record is not None else None, outturn]


def _row_from_json(fund: Fund, case: CaseDir, data: Any) -> Row | None:
    """A row read back from the cache; None when the entry is damaged (then it is read anew)."""
    from socinv.cache import finding_from_json
    from socinv.economics import Economics
    from socinv.expost import ExPost
    from socinv.process.view import Record

    try:
        (title, granted, outcome, spent_, figures, blockers, next_stage, realised, repaid,
         record, outturn) = data
        if not isinstance(title, str) or not all(
                value is None or (isinstance(value, int) and not isinstance(value, bool))
                for value in (granted, spent_, repaid)) or not (
                outcome is None or isinstance(outcome, str)):
            return None
        stage = None
        if next_stage is not None:
            stage = fund.profile.stage(str(next_stage))
        economics = Economics.from_dict(figures) if figures is not None else None
        if outturn is not None and outturn["forecast"] is None:
            if economics is None:
                return None
            outturn = {**outturn, "forecast": economics}
        return Row(case, title, granted=granted, spent=spent_, outcome=outcome,
                   next_stage=stage,
                   blockers=[finding_from_json(finding) for finding in blockers],
                   economics=economics, economics_data=figures,
                   realised={int(year): int(amount) for year, amount in realised.items()},
                   repayment=repaid,
                   record=Record.from_json(record) if record is not None else None,
                   ex_post=ExPost.from_dict(outturn) if outturn is not None else None)
    except (TypeError, ValueError, KeyError, AttributeError):
        return None


Models = tuple[dict[str, Any] | None, dict[str, dict[str, Any]]]


def _report_models(fund: Fund, case: CaseDir, state: CaseState | None = None,
                   read: dict[Any, Any] | None = None) -> Models:
    """The final report's model and each progress report's, by period (``2026-annual``).
    ``state``: the case as the gates read it, so that a document read for them is not read
    again; ``read``: each report's result by path is put there."""
    from socinv.rules.checks import Context
    from socinv.validation import check_document

    if state is not None:
        final_result = state.document("final_report")
    else:
        path = case.document("final_report")
        final_result = None if path is None else check_document(
            path, "final_report", fund.profile, "", Context())
    final = None if final_result is None else final_result.model or {}
    reports: dict[str, dict[str, Any]] = {}
    for doc_type, path in case.documents():
        if doc_type == "report" and path.parent.name == REPORTS_DIR:
            result = check_document(path, "report", fund.profile, "", Context())
            if read is not None:
                read[path] = result
            reports.setdefault(path.name.split(".")[0], result.model or {})
    return final, reports


def spent(fund: Fund, case: CaseDir, state: CaseState | None = None,
          models: Models | None = None) -> int | None:
    """Outcome so far: the final report's total, else the latest report's total to date,
    else the sum of the yearly outcomes the reports give."""
    final, by_period = models or _report_models(fund, case, state)
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
            "economics": item.economics_data if item.economics_data is not None
            else item.economics.to_dict() if item.economics else None,
            "realised_savings": {str(year): amount for year, amount in item.realised.items()},
            "ex_post": _ex_post_json(item),
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


def _ex_post_json(item: Row) -> dict[str, Any] | None:
    """The outturn without its forecast (that is ``economics``, beside it)."""
    if item.ex_post is None:
        return None
    return item.ex_post.to_dict(forecast=False)


def _ex_post_text(rows: list[Row], lang: Lang) -> list[str]:
    """Per granted case: cost to date, realised savings and the forecast's error (as the
    annex and ``validate --explain``); "inte mätt" where nothing is measured, never 0."""
    from socinv.expost import money, texts

    outturn = [(item.case.id, item.ex_post) for item in rows if item.ex_post is not None]
    if not outturn:
        return []
    text = texts(lang)
    sv = lang == "sv"
    table = [["Ärende" if sv else "Case", text["cost_to_date"], text["realised_short"],
              text["forecast_short"], text["error"], text["npv_short"]]]
    for case_id, figures in outturn:
        table.append([case_id, money(figures.cost_to_date, lang),
                      money(figures.realised_to_date, lang),
                      money(figures.forecast_to_date, lang), money(figures.error, lang),
                      money(figures.npv, lang)])
    widths = [max(len(line[i]) for line in table) for i in range(len(table[0]))]
    title = "Utfall mot prognos (socinv validate --explain ÄRENDE visar detaljer):" if sv \
        else "Outturn against the forecast (socinv validate --explain CASE for details):"
    return ["", title, *("  " + "  ".join(
        cell.ljust(widths[i]) if i == 0 else cell.rjust(widths[i])
        for i, cell in enumerate(line)).rstrip() for line in table)]


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
    count = len(rows)
    lines.append(f"{count} ärende{'n' * (count != 1)}. Beviljat {kronor(total, lang)}, utfall "
                 f"hittills {kronor(used, lang)}." if sv else
                 f"{count} case{'s' * (count != 1)}. Granted {kronor(total, lang)}, spent so far "
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
    lines += _ex_post_text(rows, lang)
    waiting = [item for item in rows if item.record and (
        item.record.outstanding or item.record.project_plan)]
    if waiting:
        lines += ["", "Beredning och uppföljning:" if sv else "Preparation and follow-up:"]
        for item in waiting:
            record = item.record
            assert record is not None
            if record.outstanding:
                more = len(record.outstanding) - 1
                extra = (f" (och {more} steg till)" if sv else f" (and {more} more steps)"
                         ) if more else ""
                lines.append(f"  {item.case.id}: {record.next_text(lang)}{extra}")
            if record.project_plan:
                lines.append(f"  {item.case.id}: "
                             f"{record.project_plan.message(lang, vocabulary)}")
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
