"""The portfolio page as data: every figure computed once, here, by the modules that own it.

- pipeline: the cases per stage of the profile, what they applied for (the application's
  total cost, ``economics.py``) and what was granted;
- each granted investment's budget per year (``fund/budget.py``: granted + re-budgeted in)
  against its outcome (the year's annual report; before it, the year's latest report,
  "to date");
- forecast against realised savings per year and the ex-post economics to date
  (``expost.py``: cost, realised, net, the forecast's error, payback, NPV on outturn): a
  year nothing was reported for is "not measured" (``None``), never zero;
- the fund's money per year (``reports/ledger.fund_year``, the annex's own function):
  allocation, granted, re-budgeted in, used, not allocated, and for ``equity_reserve``
  the reservation's opening and closing balance;
- overdue reports and outstanding preparation steps as ``status`` shows them.

``portfolio_render.py`` lays it out as HTML, Word and Excel; a test compares the figures
in each with this object.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from socinv.errors import UserError
from socinv.fund.fund import Fund
from socinv.i18n import Lang
from socinv.reports.charts import Chart, Series
from socinv.reports.data import CaseData

ABORTED = ("aborted", "withdrawn", "rejected")


@dataclass(frozen=True)
class StageRow:
    """One stage's line in the portfolio."""

    key: str
    name: str
    cases: int
    applied: int | None  # Σ the applications' total cost (None: no application yet)
    granted: int  # Σ granted totals


@dataclass(frozen=True)
class YearFigure:
    """One year's budget and outcome of an investment."""

    year: int
    budget: int
    outcome: int | None  # None: not reported
    report: str | None  # the report the outcome is from (2026-annual, 2026-interim)

    @property
    def to_date(self) -> bool:
        return self.report is not None and not self.report.endswith("-annual")

    @property
    def deviation(self) -> int | None:
        return None if self.outcome is None else self.budget - self.outcome


@dataclass(frozen=True)
class Investment:
    """One granted case in the portfolio."""

    id: str
    title: str
    stage: str
    granted: int
    years: tuple[YearFigure, ...]

    @property
    def budget(self) -> int:
        return sum(item.budget for item in self.years)

    @property
    def outcome(self) -> int | None:
        known = [item.outcome for item in self.years if item.outcome is not None]
        return sum(known) if known else None


@dataclass(frozen=True)
class SavingsYear:
    """One year's forecast and realised savings."""

    year: int
    forecast: int
    realised: int | None  # None: not measured


@dataclass(frozen=True)
class Savings:
    """One investment's forecast per year beside what was realised, and its ex-post
    economics to date (``socinv/expost.py``, the figures status and the papers show)."""

    id: str
    title: str
    years: tuple[SavingsYear, ...]
    cost_to_date: int
    realised_to_date: int | None  # None: nothing measured
    net_to_date: int | None
    forecast_to_date: int | None  # the forecast over the measured years
    error: int | None  # realised − forecast over the measured years
    payback_year: int | None
    npv: int | None

    @property
    def forecast(self) -> int:
        return sum(item.forecast for item in self.years)

    @property
    def realised(self) -> int | None:
        known = [item.realised for item in self.years if item.realised is not None]
        return sum(known) if known else None


@dataclass(frozen=True)
class MoneyYear:
    """One year's money of the fund in the portfolio."""

    year: int
    allocated: int
    granted: int
    rebudgeted_in: int
    used: int
    unallocated: int
    opening: int | None  # equity_reserve: the reservation 1 January
    closing: int | None  # equity_reserve: 31 December
    complete: bool  # every annual report of the year is in


@dataclass(frozen=True)
class Overdue:
    """A report that is overdue."""

    id: str
    title: str
    report: str  # a period key (2026-annual) or "final"
    due: dt.date | None


@dataclass(frozen=True)
class Waiting:
    """A case waiting for something, and what."""

    id: str
    title: str
    text: str


@dataclass
class Portfolio:
    """The portfolio overview of the whole fund."""

    municipality: str
    title: str
    lang: Lang
    year: int
    as_of: dt.date
    model: str  # equity_reserve | budget_allocation
    stages: list[StageRow]
    investments: list[Investment]
    savings: list[Savings]
    money: list[MoneyYear]
    overdue: list[Overdue]
    waiting: list[Waiting]
    charts: list[Chart] = field(default_factory=list)
    #: a report's period key (2026-annual) → its name in the profile's words
    report_names: dict[str, str] = field(default_factory=dict)

    def report_name(self, key: str) -> str:
        return self.report_names.get(key, key)

    @property
    def equity(self) -> bool:
        return self.model == "equity_reserve"

    def years(self) -> list[int]:
        """Every year an investment has a budget or an outcome in."""
        return sorted({item.year for row in self.investments for item in row.years})

    def budget_by_year(self) -> dict[int, tuple[int, int | None]]:
        """Year → (Σ budgets, Σ outcomes reported; None when none was)."""
        result: dict[int, tuple[int, int | None]] = {}
        for year in self.years():
            figures = [item for row in self.investments for item in row.years
                       if item.year == year]
            known = [item.outcome for item in figures if item.outcome is not None]
            result[year] = (sum(item.budget for item in figures), sum(known) if known else None)
        return result

    def savings_by_year(self) -> dict[int, tuple[int, int | None]]:
        """Year → (Σ forecast, Σ realised where measured; None when nothing was)."""
        result: dict[int, tuple[int, int | None]] = {}
        years = sorted({item.year for row in self.savings for item in row.years})
        for year in years:
            figures = [item for row in self.savings for item in row.years if item.year == year]
            known = [item.realised for item in figures if item.realised is not None]
            result[year] = (sum(item.forecast for item in figures),
                            sum(known) if known else None)
        return result


TEXTS: dict[str, dict[str, str]] = {
    "sv": {
        "title": "Sociala investeringar – portföljöversikt {year}",
        "budget": "Budget", "outcome": "Utfall", "forecast": "Prognos",
        "realised": "Realiserat", "not_measured": "inte mätt",
        "cases": "Ärenden", "applied": "Ansökt", "granted": "Beviljat",
        "allocated": "Anslag", "used": "Använt", "closing": "Reservering 31 dec",
        "allocated_budget": "Budgeterade medel",
        "chart_pipeline": "Ärenden per steg",
        "chart_budget": "Budget och utfall per år, alla satsningar",
        "chart_savings": "Prognos och realiserade besparingar per år",
        "chart_money": "Fondens medel per år",
    },
    "en": {
        "title": "Social investments – portfolio {year}",
        "budget": "Budget", "outcome": "Outcome", "forecast": "Forecast",
        "realised": "Realised", "not_measured": "not measured",
        "cases": "Cases", "applied": "Applied for", "granted": "Granted",
        "allocated": "Allocation", "used": "Used", "closing": "Reservation 31 Dec",
        "allocated_budget": "Budgeted funds",
        "chart_pipeline": "Cases per stage",
        "chart_budget": "Budget and outcome per year, all investments",
        "chart_savings": "Forecast and realised savings per year",
        "chart_money": "The fund's money per year",
    },
}


def build(fund: Fund, year: int | None, today: dt.date, lang: Lang) -> Portfolio:
    """The portfolio up to ``year`` (default: ``today``'s), overdue as of ``today``."""
    from socinv.fund.status import portfolio
    from socinv.reports.data import load_fund, period_of

    upto = year if year is not None else today.year
    rows = portfolio(fund, today)
    settings, cases, _ = load_fund(fund)
    t = TEXTS[lang]
    municipality = str(settings.get("municipality") or fund.profile.municipality)
    stages = _stages(fund, rows, lang)
    from socinv.fund.budget import moves_of

    moves = moves_of(settings)
    investments = [_investment(case, fund, moves, upto, lang) for case in sorted(
        cases, key=lambda item: item.id) if case.granted]
    investments = [item for item in investments if item.years]
    savings = [found for item in rows if item.granted is not None
               and (found := _savings(item, upto)) is not None]
    money = _money(fund, settings, cases, investments, upto)
    overdue: list[Overdue] = []
    waiting: list[Waiting] = []
    for item in rows:
        for key in item.overdue:
            year_text, _, kind = key.partition("-")
            try:
                due = period_of(fund, kind).due(int(year_text))
            except (UserError, ValueError):
                due = None
            overdue.append(Overdue(item.case.id, item.title, key, due))
        if item.final_overdue:
            overdue.append(Overdue(item.case.id, item.title, "final", item.final_due))
        record = item.record
        if record is not None:
            waiting += [Waiting(item.case.id, item.title, step["waiting"][lang])
                        for step in record.outstanding]
            if record.project_plan is not None:
                waiting.append(Waiting(item.case.id, item.title, record.project_plan.message(
                    lang, fund.profile.vocabulary)))
    result = Portfolio(municipality, t["title"].format(year=upto), lang, upto, today,
                       fund.profile.financing.model, stages, investments, savings, money,
                       overdue, waiting)
    result.charts = charts(result)
    from socinv.reports.annex import report_name

    keys = {item.report for row in investments for item in row.years if item.report} | {
        item.report for item in overdue if item.report != "final"}
    result.report_names = {key: report_name(key, fund.profile.cadence, lang) for key in keys}
    return result


def _stages(fund: Fund, rows: list[Any], lang: Lang) -> list[StageRow]:
    from socinv.fund.workflow import stage_name

    result: list[StageRow] = []
    for stage in fund.profile.stages:
        mine = [item for item in rows if item.case.stage.key == stage.key]
        costs = [item.economics.total_cost for item in mine if item.economics is not None]
        applied = sum(costs) if costs else None
        granted = sum(item.granted or 0 for item in mine)
        result.append(StageRow(stage.key, stage_name(stage, lang), len(mine), applied,
                               granted))
    return result


def _investment(case: CaseData, fund: Fund, moves: list[Any], upto: int, lang: Lang
                ) -> Investment:
    from socinv.fund.workflow import stage_name
    from socinv.reports.ledger import case_budget

    years = {y for y in (case.decision.get("per_year") or {}) if isinstance(y, int)}
    years |= {m.to_year for m in moves if m.case_id == case.id}
    years |= {int(key[:4]) for key in case.reports if key[:4].isdigit()}
    start = case.start
    if not years and start is not None:  # a one-year project without a split per year
        years.add(start.year)
    cadence = fund.profile.cadence
    figures: list[YearFigure] = []
    for year in sorted(y for y in years if y <= upto):
        budget = case_budget(case, moves, year).budget
        outcome, report = None, None
        keyed = sorted(((cadence.get(key.partition("-")[2]), key) for key in case.reports
                        if key.startswith(f"{year}-")),
                       key=lambda pair: pair[0].order if pair[0] is not None else (0, 0))
        for _, key in reversed(keyed):
            value = ((case.reports[key].model or {}).get("finance") or {}).get("outcome")
            if isinstance(value, int) and not isinstance(value, bool):
                outcome, report = value, key
                break
        if budget or outcome is not None:
            figures.append(YearFigure(year, budget, outcome, report))
    stage = stage_name(case.dir.stage, lang)
    total = case.decision.get("total")
    return Investment(case.id, case.title, stage,
                      total if isinstance(total, int) else sum(f.budget for f in figures),
                      tuple(figures))


def _savings(row: Any, upto: int) -> Savings | None:
    """The forecast per year (the application's economics) beside what the reports say was
    realised (``expost.ex_post``), for the years up to ``upto`` that have either: the status
    row's own outturn (the same function on the same documents, kept in status's cache, so
    a warm portfolio reads no case again)."""
    found = row.ex_post
    if found is None:
        return None
    forecast = found.forecast.savings_per_year
    realised = found.savings_by_year
    years = sorted(y for y in set(forecast) | {y for y, v in realised.items() if v is not None}
                   if y <= upto and (forecast.get(y) or realised.get(y) is not None))
    if not years:
        return None
    return Savings(row.case.id, row.title, tuple(
        SavingsYear(y, forecast.get(y, 0), realised.get(y)) for y in years),
        found.cost_to_date, found.realised_to_date, found.net_to_date,
        found.forecast_to_date, found.error, found.payback_year, found.npv)


def _money(fund: Fund, settings: dict[str, Any], cases: list[CaseData],
           investments: list[Investment], upto: int) -> list[MoneyYear]:
    """The fund's money per year; used = the investments' outcomes of the year (to date
    while its annual reports are not all in; the reservation's closing balance is then
    not yet known)."""
    from socinv.fund.budget import moves_of
    from socinv.profiles.financing import Financing
    from socinv.reports.data import period_of
    from socinv.reports.ledger import fund_year, period_rows

    moves = moves_of(settings)
    annual = period_of(fund, "annual")
    financing = fund.profile.financing
    starts = [item.get("year") for item in settings.get("allocations") or []
              if isinstance(item, dict)]
    reserve_year = (settings.get("reserve") or {}).get("year")
    if financing.equity_reserve and isinstance(reserve_year, int):
        starts.append(reserve_year)
    starts += [y for case in cases if case.granted
               for y in (case.decision.get("per_year") or {})]
    known = [y for y in starts if isinstance(y, int) and y <= upto]
    if not known:
        return []
    result: list[MoneyYear] = []
    for year in range(min(known), upto + 1):
        _, missing = period_rows(cases, year, annual, moves, targets=False)
        used = sum(item.outcome or 0 for row in investments for item in row.years
                   if item.year == year)
        try:
            money = fund_year(settings, cases, year, used, annual, moves, financing)
        except UserError:  # no reservation in fund.yaml (or before it): the budget only
            money = fund_year(settings, cases, year, used, annual, moves,
                              Financing("budget_allocation"))
        complete = not missing and not money.opening_missing
        result.append(MoneyYear(year, money.allocated, money.granted_for_year,
                                money.rebudgeted_in, used, money.unallocated, money.opening,
                                money.closing if complete else None, complete))
    return result


def charts(data: Portfolio) -> list[Chart]:
    t = TEXTS[data.lang]
    result = [Chart("pipeline", t["chart_pipeline"],
                    tuple(item.name for item in data.stages),
                    (Series(t["cases"], tuple(item.cases for item in data.stages)),),
                    kronor=False)]
    budget = data.budget_by_year()
    result.append(Chart("budget", t["chart_budget"], tuple(str(y) for y in budget), (
        Series(t["budget"], tuple(b for b, _ in budget.values())),
        Series(t["outcome"], tuple(o for _, o in budget.values()))), missing="–"))
    savings = data.savings_by_year()
    result.append(Chart("savings", t["chart_savings"], tuple(str(y) for y in savings), (
        Series(t["forecast"], tuple(f for f, _ in savings.values())),
        Series(t["realised"], tuple(r for _, r in savings.values()))),
        missing=t["not_measured"]))
    money = data.money
    series = [Series(t["allocated"] if data.equity else t["allocated_budget"],
                     tuple(m.allocated for m in money)),
              Series(t["granted"], tuple(m.granted for m in money)),
              Series(t["used"], tuple(m.used for m in money))]
    if data.equity and any(m.closing is not None for m in money):
        series.append(Series(t["closing"], tuple(m.closing for m in money)))
    result.append(Chart("money", t["chart_money"], tuple(str(m.year) for m in money),
                        tuple(series)))
    return result
