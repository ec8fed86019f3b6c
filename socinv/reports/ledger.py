"""The annex figures: per case and for the fund, for one year's interim or annual accounts.

Definitions (``docs/reports.md`` explains and justifies them):

- granted for the year: ``decision.per_year[Y]`` of a granted case;
- re-budgeted in / out: ``fund.yaml: rebudgeting[]`` with ``to_year`` / ``from_year`` = Y;
- budget for the year = granted + re-budgeted in;
- outcome: ``finance.outcome`` of the case's ``Y-interim`` / ``Y-annual`` report;
- deviation = budget − outcome (positive: less used than budgeted);
- used during the year = Σ outcomes of that period's reports;
- opening balance: ``reserve.opening_balance`` in ``reserve.year``, later years the
  previous year's closing balance (from the annual reports);
- closing balance = opening balance + allocations − used;
- balance requirement: result, + used = result excluding social investments.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from socinv.errors import UserError
from socinv.profiles.cadence import Cadence
from socinv.profiles.repayment import Repayment
from socinv.realised import realised_savings, repayments
from socinv.reports.data import CaseData, Period

ABORTED = ("aborted", "withdrawn")


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
    deviation: int | None
    total_outcome: int | None
    granted_total: int | None
    report: str  # period key, e.g. 2026-interim
    report_file: str | None
    comment: str
    effects: list[dict[str, Any]]
    human_gains: str
    economic_gains: str


@dataclass
class Missing:
    case_id: str
    title: str
    report: str
    due: dt.date
    reason: str  # "missing" | "no-outcome"


@dataclass
class Change:
    case_id: str
    title: str
    event: str  # "started" | "closed" | "aborted"
    date: dt.date | None
    outcome: str
    ref: str


@dataclass
class Move:
    """A re-budgeting decision from fund.yaml."""

    case_id: str
    from_year: int
    to_year: int
    amount: int
    ref: str


@dataclass
class Allocation:
    year: int
    amount: int
    ref: str


@dataclass
class FundYear:
    year: int
    opening: int
    opening_missing: list[Missing]  # earlier annual reports the opening balance lacks
    allocations: list[Allocation]
    allocated: int
    used: int
    closing: int
    rebudgeted_in: int
    rebudgeted_out: int
    granted_for_year: int
    unallocated: int  # allocated − granted for the year − re-budgeted in


@dataclass
class Reconciliation:
    """The balance-requirement lines for social investments."""

    result: int
    balance_result: int  # = result (other balance-requirement adjustments are out of scope)
    adjustment: int  # + used during the year
    excluding: int  # balance-requirement result excluding social investments


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

    @property
    def complete(self) -> bool:
        return not self.missing and not self.fund.opening_missing


def _int(value: Any) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def moves_of(settings: dict[str, Any]) -> list[Move]:
    moves: list[Move] = []
    for item in settings.get("rebudgeting") or []:
        if isinstance(item.get("from_year"), int) and isinstance(item.get("to_year"), int):
            moves.append(Move(str(item.get("case") or ""), item["from_year"], item["to_year"],
                              _int(item.get("amount")), str(item.get("ref") or "")))
    return moves


def allocations_of(settings: dict[str, Any], year: int) -> list[Allocation]:
    return [Allocation(year, _int(item.get("amount")), str(item.get("ref") or ""))
            for item in settings.get("allocations") or [] if item.get("year") == year]


def _expected(case: CaseData, year: int, period: Period, moved_in: int) -> bool:
    """Is a report for this period due from this granted case?"""
    if case.granted_for(year) <= 0 and moved_in <= 0:
        return False
    due = period.due(year)
    closed = case.closing.get("date")
    if isinstance(closed, dt.date) and closed < due:
        return False
    start = case.start
    return not (start is not None and start > due)


def case_year(case: CaseData, year: int, period: Period, moves: list[Move]
              ) -> tuple[CaseYear | None, Missing | None]:
    """The case's row for the period (None if it has nothing in it) and what is missing."""
    if not case.granted:
        return None, None
    moved_in = sum(m.amount for m in moves if m.case_id == case.id and m.to_year == year)
    moved_out = sum(m.amount for m in moves if m.case_id == case.id and m.from_year == year)
    key = period.key(year)
    report = case.reports.get(key)
    expected = _expected(case, year, period, moved_in)
    if report is None and not expected:
        return None, None
    model = (report.model if report is not None else None) or {}
    finance = model.get("finance") or {}
    outcome = finance.get("outcome") if isinstance(finance.get("outcome"), int) else None
    total = finance.get("total_outcome")
    granted = case.granted_for(year)
    budget = granted + moved_in
    missing = None
    if outcome is None:
        missing = Missing(case.id, case.title, key, period.due(year),
                          "missing" if report is None else "no-outcome")
    granted_total = case.decision.get("total")
    return CaseYear(
        id=case.id, title=case.title, granted=granted, rebudgeted_in=moved_in,
        rebudgeted_out=moved_out, budget=budget, outcome=outcome,
        deviation=None if outcome is None else budget - outcome,
        total_outcome=total if isinstance(total, int) else None,
        granted_total=granted_total if isinstance(granted_total, int) else None,
        report=key, report_file=report.file if report is not None else None,
        comment=str(finance.get("comment") or ""),
        effects=[dict(item) for item in model.get("effects_achieved") or []],
        human_gains=str(model.get("human_gains") or ""),
        economic_gains=str(model.get("economic_gains") or ""),
    ), missing


def period_rows(cases: list[CaseData], year: int, period: Period, moves: list[Move]
                ) -> tuple[list[CaseYear], list[Missing]]:
    rows: list[CaseYear] = []
    missing: list[Missing] = []
    for case in sorted(cases, key=lambda item: item.id):
        row, lack = case_year(case, year, period, moves)
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


def fund_year(settings: dict[str, Any], cases: list[CaseData], year: int, used: int,
              annual: Period, moves: list[Move]) -> FundYear:
    """The reserve for ``year``, given what was used in it (rolled forward from reserve.year)."""
    reserve = settings.get("reserve") or {}
    opening, first = reserve.get("opening_balance"), reserve.get("year")
    if not isinstance(opening, int) or not isinstance(first, int):
        raise UserError(
            "fund.yaml saknar reserve.opening_balance och reserve.year (reserverade medel i "
            "eget kapital). Lägg till dem för att ta fram bilagan.",
            "fund.yaml lacks reserve.opening_balance and reserve.year (the reserve in "
            "equity). Add them to produce the annex.", exit_code=1)
    if year < first:
        raise UserError(
            f"Reservens ingående balans gäller {first}; år {year} ligger före den.",
            f"The reserve's opening balance is for {first}; {year} is before it.")
    opening_missing: list[Missing] = []
    for earlier in range(first, year):
        rows, lack = period_rows(cases, earlier, annual, moves)
        opening_missing += lack
        opening += _allocated(settings, earlier) - sum(r.outcome or 0 for r in rows)
    allocations = allocations_of(settings, year)
    allocated = sum(a.amount for a in allocations)
    granted = sum(case.granted_for(year) for case in cases if case.granted)
    moved_in = sum(m.amount for m in moves if m.to_year == year)
    return FundYear(
        year=year, opening=opening, opening_missing=opening_missing, allocations=allocations,
        allocated=allocated, used=used, closing=opening + allocated - used,
        rebudgeted_in=moved_in,
        rebudgeted_out=sum(m.amount for m in moves if m.from_year == year),
        granted_for_year=granted, unallocated=allocated - granted - moved_in)


def _allocated(settings: dict[str, Any], year: int) -> int:
    return sum(a.amount for a in allocations_of(settings, year))


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


def build_annex(settings: dict[str, Any], cases: list[CaseData], year: int, period: Period,
                annual: Period, as_of: dt.date, result: int | None,
                repayment: Repayment | None = None, cadence: Cadence | None = None) -> Annex:
    moves = moves_of(settings)
    rows, missing = period_rows(cases, year, period, moves)
    used = sum(row.outcome for row in rows if row.outcome is not None)
    fund = fund_year(settings, cases, year, used, annual, moves)
    reconciliation = None if result is None else Reconciliation(result, result, used,
                                                                result + used)
    sums = {key: sum(getattr(row, key) or 0 for row in rows)
            for key in ("granted", "rebudgeted_in", "budget", "outcome", "deviation",
                        "rebudgeted_out")}
    return Annex(year=year, period=period, as_of=as_of, cases=rows, fund=fund,
                 changes=changes(cases, year, period.due(year)), missing=missing,
                 moves=[m for m in moves if year in (m.from_year, m.to_year)],
                 reconciliation=reconciliation, sums=sums,
                 repayments=repayments_of(cases, year, repayment, cadence or Cadence(()))
                 if repayment is not None and period.kind == "annual" else None)
