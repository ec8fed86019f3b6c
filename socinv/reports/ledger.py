"""The annex figures: per case and for the fund, for one year's interim or annual accounts.

Definitions (``docs/reports.md`` explains them with the sample fund's hand calculation):

- budget for the year = granted for the year + re-budgeted in (:func:`year_budget`, the
  one definition every paper uses);
- outcome: ``finance.outcome`` of the case's report for the period (interim: to date);
- forecast: ``finance.forecast`` (the whole year's expected outcome, interim reports);
- deviation = budget − outcome at year end; at an interim period the forecast deviation
  = budget − forecast, and what remains = budget − outcome to date;
- used = Σ outcomes of the period's reports;
- ``equity_reserve``: the reservation in equity, opening = ``reserve.opening_balance`` in
  ``reserve.year``, later the previous closing; closing = opening − used + changes
  (``reserve.changes[]``, the council's decisions). The yearly budget reserve
  (``allocations[]``) is shown beside it and does not change the reservation;
- ``budget_allocation``: the year's allocation in the budget, what was used, what is
  re-budgeted to the next year and what lapses;
- budget compensation per case and committee: interim = outcome to date; annual = the
  year's outcome − what the interim compensated;
- commitments: granted for each later year against the allocations known;
- balance requirement (``equity_reserve``, annual): SKR's balanskravsutredning, then
  + the reserved funds used = the result excluding social investments.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from socinv.errors import UserError
from socinv.fund.budget import Move, YearBudget, moves_of, year_budget
from socinv.profiles.cadence import Cadence
from socinv.profiles.financing import DEFAULT as DEFAULT_FINANCING
from socinv.profiles.financing import Financing
from socinv.profiles.repayment import Repayment
from socinv.realised import realised_savings, repayments
from socinv.reports.data import CaseData, Period
from socinv.reports.targets import EffectTarget, effect_targets

ABORTED = ("aborted", "withdrawn")
__all__ = ["Move", "build_annex", "case_budget", "moves_of"]


@dataclass
class CaseYear:
    """One case's row in the annex."""

    id: str
    title: str
    granted: int
    rebudgeted_in: int
    rebudgeted_out: int
    budget: int
    outcome: int | None  # None: the report (or its outcome) is missing
    deviation: int | None  # annual: budget − outcome; interim: budget − forecast
    total_outcome: int | None
    granted_total: int | None
    report: str  # period key, e.g. 2026-interim
    report_file: str | None
    comment: str
    effects: list[dict[str, Any]]
    human_gains: str
    economic_gains: str
    forecast: int | None = None
    remaining: int | None = None  # budget − outcome (to date)
    committee: str = ""
    applied_total: int | None = None
    #: the application's targets with the report's results beside them (targets.py)
    targets: list[EffectTarget] = field(default_factory=list)


@dataclass
class Missing:
    """A report the annex needs and does not have."""

    case_id: str
    title: str
    report: str
    due: dt.date
    reason: str  # "missing" | "no-outcome"


@dataclass
class Change:
    """A case that started, closed or was aborted in the period."""

    case_id: str
    title: str
    event: str  # "started" | "closed" | "aborted"
    date: dt.date | None
    outcome: str
    ref: str


@dataclass
class Allocation:
    """An allocation to the fund in fund.yaml."""

    year: int
    amount: int
    ref: str


@dataclass
class ReserveChange:
    """A change of the reserve in fund.yaml."""

    year: int
    amount: int
    ref: str


@dataclass
class FundYear:
    """The fund's money in one year of the annex."""

    year: int
    model: str  # equity_reserve | budget_allocation
    opening: int | None  # the reservation (equity_reserve only)
    opening_missing: list[Missing]  # earlier annual reports the opening balance lacks
    changes: list[ReserveChange]
    allocations: list[Allocation]
    allocated: int
    used: int
    closing: int | None  # opening − used + changes (equity_reserve only)
    rebudgeted_in: int
    rebudgeted_out: int
    granted_for_year: int
    unallocated: int  # allocated − granted for the year − re-budgeted in
    budgets: int  # Σ the cases' budgets for the year (granted + re-budgeted in)
    unused: int  # allocated − used
    lapsed: int  # allocated − used − re-budgeted to the next year (annual)
    changed: int = 0  # Σ changes


@dataclass
class Compensation:
    """Budget compensation to transfer to a case's committee for the period."""

    case_id: str
    title: str
    committee: str
    outcome: int  # the period's outcome (interim: to date; annual: the year's)
    earlier: int  # already compensated at the interim period(s)
    amount: int


@dataclass
class Commitment:
    """What granted decisions commit for a later year, against the allocation known."""

    year: int
    granted: int
    rebudgeted_in: int
    allocated: int | None  # None: no allocation decided for the year yet
    remaining: int | None
    cases: int


@dataclass
class Closed:
    """A case closed in the period."""

    case_id: str
    title: str
    date: dt.date | None
    outcome: str
    ref: str
    granted: int | None
    used: int | None
    unused: int | None
    frame_committee: str
    frame_amount: int | None
    frame_from: int | None


@dataclass
class BalanceAdjustments:
    """The balance sheet's adjustments of the reserve in the year."""

    realisation_gains: int = 0
    realisation_losses: int = 0
    unrealised_securities: int = 0
    rur_reserved: int = 0
    rur_used: int = 0
    other: int = 0
    note: str = ""


@dataclass
class Reconciliation:
    """SKR's balanskravsutredning with the line for social investments."""

    result: int
    realisation_gains: int
    realisation_losses: int
    unrealised_securities: int
    after_adjustments: int  # årets resultat efter balanskravsjusteringar
    rur_reserved: int
    rur_used: int
    other: int
    balance_result: int  # årets balanskravsresultat
    adjustment: int  # + used during the year
    excluding: int  # balance-requirement result excluding social investments
    note: str = ""


@dataclass
class CaseRepayment:
    """A case's repayment to the fund in the year: realised savings per committee and the
    share returned (``profiles/repayment.py``)."""

    case_id: str
    title: str
    committee: str
    savings: int
    due: int


@dataclass
class Annex:
    """Everything one annex reports, for one period."""

    year: int
    period: Period
    as_of: dt.date
    cases: list[CaseYear]
    fund: FundYear
    changes: list[Change]
    missing: list[Missing]
    moves: list[Move]
    reconciliation: Reconciliation | None
    sums: dict[str, int] = field(default_factory=dict)
    #: the annual annex of a fund with repayment: what each case returns this year
    repayments: list[CaseRepayment] | None = None
    compensation: list[Compensation] = field(default_factory=list)
    commitments: list[Commitment] = field(default_factory=list)
    closed: list[Closed] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing and not self.fund.opening_missing

    @property
    def interim(self) -> bool:
        return self.period.kind != "annual"


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def _amount(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def allocations_of(settings: dict[str, Any], year: int) -> list[Allocation]:
    return [Allocation(year, _int(item.get("amount")), str(item.get("ref") or ""))
            for item in settings.get("allocations") or [] if item.get("year") == year]


def reserve_changes_of(settings: dict[str, Any], year: int) -> list[ReserveChange]:
    reserve = settings.get("reserve") or {}
    return [ReserveChange(year, _int(item.get("amount")), str(item.get("ref") or ""))
            for item in reserve.get("changes") or [] if item.get("year") == year]


def case_budget(case: CaseData, moves: list[Move], year: int) -> YearBudget:
    """The case's budget for ``year`` (:func:`socinv.fund.budget.year_budget`)."""
    return year_budget(case.id, case.decision, case.model("application"), moves, year)


def committee_of(case: CaseData) -> str:
    """The committee responsible for the project's budget: the project owner."""
    from socinv.reports.memo import owner

    party = owner(list((case.model("application") or {}).get("parties") or []))
    return str((party or {}).get("name") or "")


def _expected(case: CaseData, year: int, period: Period, budget: YearBudget) -> bool:
    """Is a report for this period due from this granted case?"""
    if budget.granted <= 0 and budget.rebudgeted_in <= 0:
        return False
    due = period.due(year)
    closed = case.closing.get("date")
    if isinstance(closed, dt.date) and closed < due:
        return False
    start = case.start
    return not (start is not None and start > due)


def _finance(case: CaseData, key: str) -> dict[str, Any]:
    report = case.reports.get(key)
    return ((report.model if report is not None else None) or {}).get("finance") or {}


def case_year(case: CaseData, year: int, period: Period, moves: list[Move],
              targets: bool = True) -> tuple[CaseYear | None, Missing | None]:
    """The case's row for the period (None if it has nothing in it) and what is missing;
    ``targets``: with the effects set against the application's targets (the reservation's
    roll-forward sums only the outcomes: without, it is a third of the work)."""
    if not case.granted:
        return None, None
    budget = case_budget(case, moves, year)
    key = period.key(year)
    report = case.reports.get(key)
    expected = _expected(case, year, period, budget)
    if report is None and not expected:
        return None, None
    model = (report.model if report is not None else None) or {}
    finance = model.get("finance") or {}
    outcome = _amount(finance.get("outcome"))
    forecast = _amount(finance.get("forecast"))
    total = finance.get("total_outcome")
    missing = None
    if outcome is None:
        missing = Missing(case.id, case.title, key, period.due(year),
                          "missing" if report is None else "no-outcome")
    interim = period.kind != "annual"
    granted_total = case.decision.get("total")
    applied = [_int(c.get("amount")) for c in (case.model("application") or {}).get("costs")
               or [] if isinstance(c, dict)]
    if interim:
        deviation = None if forecast is None else budget.budget - forecast
    else:
        deviation = None if outcome is None else budget.budget - outcome
    return CaseYear(
        id=case.id, title=case.title, granted=budget.granted,
        rebudgeted_in=budget.rebudgeted_in, rebudgeted_out=budget.rebudgeted_out,
        budget=budget.budget, outcome=outcome, deviation=deviation,
        total_outcome=total if isinstance(total, int) else None,
        granted_total=granted_total if isinstance(granted_total, int) else None,
        report=key, report_file=report.file if report is not None else None,
        comment=str(finance.get("comment") or ""),
        effects=[dict(item) for item in model.get("effects_achieved") or []],
        human_gains=str(model.get("human_gains") or ""),
        economic_gains=str(model.get("economic_gains") or ""),
        forecast=forecast,
        remaining=None if outcome is None else budget.budget - outcome,
        committee=committee_of(case), applied_total=sum(applied) if applied else None,
        targets=effect_targets(case.model("application"), list(
            model.get("effects_achieved") or [])) if report is not None and targets else [],
    ), missing


def period_rows(cases: list[CaseData], year: int, period: Period, moves: list[Move],
                targets: bool = True) -> tuple[list[CaseYear], list[Missing]]:
    rows: list[CaseYear] = []
    missing: list[Missing] = []
    for case in sorted(cases, key=lambda item: item.id):
        row, lack = case_year(case, year, period, moves, targets)
        if row is not None:
            rows.append(row)
        if lack is not None:
            missing.append(lack)
    return rows, missing


def changes(cases: list[CaseData], year: int, until: dt.date) -> list[Change]:
    """Granted cases started, closed or aborted between 1 January and ``until``."""
    found: list[Change] = []
    first = dt.date(year, 1, 1)
    for case in cases:
        if not case.granted:
            continue
        start = case.start
        if start is not None and first <= start <= until:
            found.append(Change(case.id, case.title, "started", start, "",
                                str(case.decision.get("ref") or "")))
        closed = case.closing.get("date")
        if isinstance(closed, dt.date) and first <= closed <= until:
            outcome = str(case.closing.get("outcome") or "")
            found.append(Change(case.id, case.title,
                                "aborted" if outcome in ABORTED else "closed", closed,
                                outcome, str(case.closing.get("ref") or "")))
    return found


def _reserve(settings: dict[str, Any], cases: list[CaseData], year: int, annual: Period,
             moves: list[Move]) -> tuple[int, list[Missing]]:
    """The reservation's opening balance for ``year``, rolled forward from reserve.year."""
    reserve = settings.get("reserve") or {}
    opening, first = reserve.get("opening_balance"), reserve.get("year")
    if not isinstance(opening, int) or not isinstance(first, int):
        raise UserError(
            "fund.yaml saknar reserve.opening_balance och reserve.year (reserveringen inom "
            "det egna kapitalet, som profilens finansieringsmodell equity_reserve kräver). "
            "Lägg till dem för att ta fram bilagan.",
            "fund.yaml lacks reserve.opening_balance and reserve.year (the reservation "
            "within equity that the profile's financing model equity_reserve needs). Add "
            "them to produce the annex.", exit_code=1)
    if year < first:
        raise UserError(
            f"Reserveringens ingående balans gäller {first}; år {year} ligger före den.",
            f"The reservation's opening balance is for {first}; {year} is before it.")
    missing: list[Missing] = []
    for earlier in range(first, year):
        rows, lack = period_rows(cases, earlier, annual, moves, targets=False)
        missing += lack
        opening += sum(c.amount for c in reserve_changes_of(settings, earlier)) - sum(
            r.outcome or 0 for r in rows)
    return opening, missing


def _granted_for_year(cases: list[CaseData], moves: list[Move], year: int) -> int:
    return sum(case_budget(case, moves, year).granted for case in cases if case.granted
               and not _ended_before(case, year))


def _ended_before(case: CaseData, year: int) -> bool:
    """An aborted or withdrawn case commits nothing after the year it ended."""
    closed = case.closing.get("date")
    return (str(case.closing.get("outcome") or "") in ABORTED and isinstance(closed, dt.date)
            and closed.year < year)


def fund_year(settings: dict[str, Any], cases: list[CaseData], year: int, used: int,
              annual: Period, moves: list[Move], financing: Financing = DEFAULT_FINANCING,
              budgets: int = 0) -> FundYear:
    """The fund's money for ``year``, given what was used in it."""
    opening: int | None = None
    missing: list[Missing] = []
    reserve_changes: list[ReserveChange] = []
    if financing.equity_reserve:
        opening, missing = _reserve(settings, cases, year, annual, moves)
        reserve_changes = reserve_changes_of(settings, year)
    changed = sum(c.amount for c in reserve_changes)
    allocations = allocations_of(settings, year)
    allocated = sum(a.amount for a in allocations)
    granted = _granted_for_year(cases, moves, year)
    moved_in = sum(m.amount for m in moves if m.to_year == year)
    moved_out = sum(m.amount for m in moves if m.from_year == year)
    return FundYear(
        year=year, model=financing.model, opening=opening, opening_missing=missing,
        changes=reserve_changes, allocations=allocations, allocated=allocated, used=used,
        closing=None if opening is None else opening - used + changed,
        rebudgeted_in=moved_in, rebudgeted_out=moved_out, granted_for_year=granted,
        unallocated=allocated - granted - moved_in, budgets=budgets,
        unused=allocated - used, lapsed=allocated - used - moved_out, changed=changed)


def compensation(cases: list[CaseData], rows: list[CaseYear], year: int, period: Period,
                 cadence: Cadence) -> list[Compensation]:
    """Per case and committee: the budget compensation for the period's outcome.

    Interim: the outcome to date less what earlier periods of the year compensated;
    annual: the year's outcome less what the year's interim periods compensated."""
    by_id = {case.id: case for case in cases}
    earlier_kinds = [k for k in cadence.kinds if k.kind != "annual"
                     and k.order < period.order] if cadence.kinds else []
    result: list[Compensation] = []
    for row in rows:
        if row.outcome is None:
            continue
        case = by_id[row.id]
        # the latest earlier period's outcome to date is what has been compensated so far
        earlier = 0
        for kind in sorted(earlier_kinds, key=lambda k: k.order):
            value = _amount(_finance(case, kind.key(year)).get("outcome"))
            if value is not None:
                earlier = value
        result.append(Compensation(row.id, row.title, row.committee, row.outcome, earlier,
                                   row.outcome - earlier))
    return result


def commitments(settings: dict[str, Any], cases: list[CaseData], year: int,
                moves: list[Move]) -> list[Commitment]:
    """For each year after ``year`` that granted decisions reach: granted, re-budgeted in,
    the allocation known and what remains of it."""
    later: set[int] = set()
    for case in cases:
        if case.granted and not _ended_before(case, year + 1):
            later.update(y for y in (case.decision.get("per_year") or {})
                         if isinstance(y, int) and y > year)
    later.update(m.to_year for m in moves if m.to_year > year)
    rows: list[Commitment] = []
    for future in sorted(later):
        granted = sum(case_budget(case, moves, future).granted for case in cases
                      if case.granted and not _ended_before(case, year + 1))
        moved_in = sum(m.amount for m in moves if m.to_year == future)
        allocations = allocations_of(settings, future)
        allocated = sum(a.amount for a in allocations) if allocations else None
        count = sum(1 for case in cases if case.granted and not _ended_before(case, year + 1)
                    and case_budget(case, moves, future).granted > 0)
        rows.append(Commitment(future, granted, moved_in, allocated,
                               None if allocated is None else allocated - granted - moved_in,
                               count))
    return rows


def closed_in(cases: list[CaseData], year: int, until: dt.date, annual: Period
              ) -> list[Closed]:
    """Granted investments closed (or aborted) between 1 January and ``until``: granted,
    used in total, unused and the budget-frame adjustment proposed in the final report."""
    found: list[Closed] = []
    for case in sorted(cases, key=lambda item: item.id):
        closed = case.closing.get("date")
        if not case.granted or not isinstance(closed, dt.date) or not (
                dt.date(year, 1, 1) <= closed <= until):
            continue
        final = case.model("final_report") or {}
        used = _amount((final.get("finance") or {}).get("total_outcome"))
        if used is None:
            annual_outcomes = [_amount(_finance(case, key).get("outcome"))
                               for key in case.reports if key.endswith("-annual")]
            used = sum(v for v in annual_outcomes if v is not None) if annual_outcomes \
                else None
        granted = _amount(case.decision.get("total"))
        frame = final.get("budget_frame_adjustment") or {}
        found.append(Closed(
            case.id, case.title, closed, str(case.closing.get("outcome") or ""),
            str(case.closing.get("ref") or ""), granted, used,
            None if granted is None or used is None else granted - used,
            str(frame.get("committee") or ""), _amount(frame.get("amount_per_year")),
            frame.get("from_year") if isinstance(frame.get("from_year"), int) else None))
    return found


def adjustments_of(settings: dict[str, Any], year: int) -> BalanceAdjustments:
    """fund.yaml's ``balance_requirement[]`` entry for ``year`` (zeros when absent)."""
    for item in settings.get("balance_requirement") or []:
        if isinstance(item, dict) and item.get("year") == year:
            return BalanceAdjustments(**{key: _int(item.get(key)) for key in (
                "realisation_gains", "realisation_losses", "unrealised_securities",
                "rur_reserved", "rur_used", "other")}, note=str(item.get("note") or ""))
    return BalanceAdjustments()


def reconcile(result: int, used: int, adjust: BalanceAdjustments) -> Reconciliation:
    after = (result - adjust.realisation_gains + adjust.realisation_losses
             + adjust.unrealised_securities)
    balance = after - adjust.rur_reserved + adjust.rur_used + adjust.other
    return Reconciliation(result, adjust.realisation_gains, adjust.realisation_losses,
                          adjust.unrealised_securities, after, adjust.rur_reserved,
                          adjust.rur_used, adjust.other, balance, used, balance + used,
                          adjust.note)


def repayments_of(cases: list[CaseData], year: int, repayment: Repayment,
                  cadence: Cadence) -> list[CaseRepayment]:
    """Each granted case's repayment for ``year`` from its reported realised savings."""
    from socinv.fund.calendar import span_from

    rows: list[CaseRepayment] = []
    for case in sorted(cases, key=lambda item: item.id):
        found = span_from(case.model("application"), case.decision) if case.granted else None
        if found is None:
            continue
        savings = realised_savings({key: doc.model for key, doc in case.reports.items()},
                                   case.model("final_report"), cadence)
        for line in repayments(repayment, {year: savings.get(year, [])},
                               found[0].year, found[1].year):
            rows.append(CaseRepayment(case.id, case.title, line.committee, line.savings,
                                      line.due))
    return rows


SUMMED = ("granted", "rebudgeted_in", "budget", "outcome", "deviation", "rebudgeted_out",
          "forecast", "remaining")


def build_annex(settings: dict[str, Any], cases: list[CaseData], year: int, period: Period,
                annual: Period, as_of: dt.date, result: int | None,
                repayment: Repayment | None = None, cadence: Cadence | None = None,
                financing: Financing = DEFAULT_FINANCING,
                adjustments: dict[str, int] | None = None) -> Annex:
    """``adjustments``: balance-requirement adjustments given as options; they replace
    the same keys of fund.yaml's ``balance_requirement[]`` entry for the year."""
    moves = moves_of(settings)
    rows, missing = period_rows(cases, year, period, moves)
    used = sum(row.outcome for row in rows if row.outcome is not None)
    fund = fund_year(settings, cases, year, used, annual, moves, financing,
                     sum(row.budget for row in rows))
    reconciliation = None
    if result is not None and financing.equity_reserve and period.kind == "annual":
        base = adjustments_of(settings, year)
        for key, value in (adjustments or {}).items():
            setattr(base, key, value)
        reconciliation = reconcile(result, used, base)
    sums = {key: sum(getattr(row, key) or 0 for row in rows) for key in SUMMED}
    cadence = cadence or Cadence((annual,))
    return Annex(year=year, period=period, as_of=as_of, cases=rows, fund=fund,
                 changes=changes(cases, year, period.due(year)), missing=missing,
                 moves=[m for m in moves if year in (m.from_year, m.to_year)],
                 reconciliation=reconciliation, sums=sums,
                 repayments=repayments_of(cases, year, repayment, cadence)
                 if repayment is not None and period.kind == "annual" else None,
                 compensation=compensation(cases, rows, year, period, cadence),
                 commitments=commitments(settings, cases, year, moves)
                 if period.kind == "annual" else [],
                 closed=closed_in(cases, year, period.due(year), annual))
