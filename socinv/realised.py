"""Realised savings per year, and the repayment they give rise to, for one case.

A year's realised savings are the ``realised_savings[]`` rows of that year's latest
report (the annual one, in the profile's order of periods), else the final
report's rows with that ``year``. A row's saving is its ``amount``, else, as in the
application, the unit cost's amount (``unit_costs.yaml``) × ``count``, rounded half
up; a row with neither is not counted. Nothing reported for a year is "not measured",
never zero. The repayment of a year is the profile's share of that year's savings,
per committee, in the years the profile's window covers (``profiles/repayment.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from socinv.economics import UnitCosts, unit_saving
from socinv.profiles.cadence import Cadence
from socinv.profiles.repayment import Repayment

Model = Mapping[str, Any]


@dataclass(frozen=True)
class Saving:
    """A realised saving: one year, one unit, one committee."""

    year: int
    unit: str
    committee: str
    amount: int
    unit_cost: str = ""  # the unit cost's key, when the row gives one
    basis: str = ""


@dataclass(frozen=True)
class RepaymentLine:
    """What a committee repays for one year's savings."""

    year: int
    committee: str
    savings: int
    due: int


def row_amount(row: Mapping[str, Any], unit_costs: UnitCosts = None) -> int | None:
    """A reported row's saving: ``amount``, else unit cost × ``count``; None: not measured."""
    return unit_saving(row, unit_costs, amount_key="amount", count_key="count")


def _rows(items: Any, unit_costs: UnitCosts) -> list[tuple[Mapping[str, Any], int]]:
    found: list[tuple[Mapping[str, Any], int]] = []
    for item in items if isinstance(items, list) else []:
        if isinstance(item, Mapping) and (amount := row_amount(item, unit_costs)) is not None:
            found.append((item, amount))
    return found


def _saving(year: int, row: Mapping[str, Any], amount: int) -> Saving:
    return Saving(year, str(row.get("unit") or ""), str(row.get("committee") or ""), amount,
                  str(row.get("unit_cost") or ""), str(row.get("basis") or ""))


def realised_savings(reports: Mapping[str, Model | None], final: Model | None,
                     cadence: Cadence, unit_costs: UnitCosts = None
                     ) -> dict[int, list[Saving]]:
    """Year → the savings reported for it (years with nothing reported are absent)."""
    latest: dict[int, tuple[tuple[int, int], list[tuple[Mapping[str, Any], int]]]] = {}
    for key, model in reports.items():
        year_text, _, kind = key.partition("-")
        rows = _rows((model or {}).get("realised_savings"), unit_costs)
        if not year_text.isdigit() or not rows:
            continue
        known = cadence.get(kind)
        order = known.order if known is not None else (0, 0)
        year = int(year_text)
        if year not in latest or latest[year][0] < order:
            latest[year] = (order, rows)
    found = {year: [_saving(year, row, amount) for row, amount in rows]
             for year, (_, rows) in latest.items()}
    for row, amount in _rows((final or {}).get("realised_savings"), unit_costs):
        when = row.get("year")
        if isinstance(when, int) and not isinstance(when, bool) and when not in latest:
            found.setdefault(when, []).append(_saving(when, row, amount))
    return dict(sorted(found.items()))


def repayments(repayment: Repayment | None, savings: Mapping[int, list[Saving]],
               start_year: int | None, end_year: int | None) -> list[RepaymentLine]:
    """What each committee returns to the fund, per year of the repayment window."""
    if repayment is None or start_year is None or end_year is None:
        return []
    lines: list[RepaymentLine] = []
    for year, rows in sorted(savings.items()):
        if not repayment.applies(year, start_year, end_year):
            continue
        by_committee: dict[str, int] = {}
        for row in rows:
            by_committee[row.committee] = by_committee.get(row.committee, 0) + row.amount
        lines += [RepaymentLine(year, committee, amount, repayment.due(amount))
                  for committee, amount in sorted(by_committee.items())]
    return lines
