"""A case's budget for a year — the one definition every paper and check uses.

budget for year Y = granted for Y (``decision.per_year[Y]``; a one-year project's total)
+ re-budgeted into Y (``fund.yaml: rebudgeting[]`` with ``to_year = Y``).

The report form (``new report``), the deviation rule, ``rebudget``, ``status`` and both
annexes call :func:`year_budget`; ``docs/reports.md`` explains it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from socinv.model.values import BadValue, parse_amount, parse_year


@dataclass(frozen=True)
class Move:
    """A re-budgeting decision from fund.yaml."""

    case_id: str
    from_year: int
    to_year: int
    amount: int
    ref: str
    index: int = 0  # its place in rebudgeting[]


@dataclass(frozen=True)
class YearBudget:
    """One year's grants and re-budgeting, as fund.yaml and the cases give them."""

    year: int
    granted: int
    rebudgeted_in: int
    rebudgeted_out: int

    @property
    def budget(self) -> int:
        return self.granted + self.rebudgeted_in


def _int(value: Any) -> int | None:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    try:
        return parse_amount(value)
    except BadValue:
        return None


def moves_of(settings: dict[str, Any]) -> list[Move]:
    """fund.yaml's re-budgeting entries that name both years (others: validate reports)."""
    moves: list[Move] = []
    items = settings.get("rebudgeting")
    for index, item in enumerate(items if isinstance(items, list) else []):
        if not isinstance(item, dict):
            continue
        try:
            first, second = parse_year(item.get("from_year")), parse_year(item.get("to_year"))
        except BadValue:
            continue
        moves.append(Move(str(item.get("case") or ""), first, second,
                          _int(item.get("amount")) or 0, str(item.get("ref") or ""), index))
    return moves


def granted_for(decision: dict[str, Any], application: dict[str, Any] | None,
                year: int) -> int:
    """The decision's amount for ``year`` of a granted case (0 otherwise); a decision
    without a split per year grants its total to the one year of a one-year project."""
    if decision.get("outcome") != "granted":
        return 0
    per_year = decision.get("per_year") or {}
    if per_year:
        value = per_year.get(year)
        return value if isinstance(value, int) and not isinstance(value, bool) else 0
    total = decision.get("total")
    period = (application or {}).get("period") or {}
    start, end = period.get("start"), period.get("end")
    if not isinstance(start, dt.date):
        start = decision.get("date")
    if isinstance(total, int) and isinstance(start, dt.date) and isinstance(end, dt.date) \
            and start.year == end.year == year:
        return total
    return 0


def year_budget(case_id: str, decision: dict[str, Any], application: dict[str, Any] | None,
                moves: list[Move], year: int) -> YearBudget:
    """The case's budget for ``year``: granted for the year + re-budgeted into it."""
    return YearBudget(
        year, granted_for(decision, application, year),
        sum(m.amount for m in moves if m.case_id == case_id and m.to_year == year),
        sum(m.amount for m in moves if m.case_id == case_id and m.from_year == year))
