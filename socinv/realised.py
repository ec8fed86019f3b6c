"""Realised savings per year, and the repayment they give rise to, for one case.

A year's realised savings are the ``realised_savings[]`` rows of that year's latest
report (the annual one, in the profile's order of periods), else the final
report's rows with that ``year``. Nothing reported for a year is "not measured",
never zero. The repayment of a year is the profile's share of that year's savings,
per committee, in the years the profile's window covers (``profiles/repayment.py``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from socinv.profiles.cadence import Cadence
from socinv.profiles.repayment import Repayment

Model = Mapping[str, Any]


@dataclass(frozen=True)
class Saving:
    year: int
    unit: str
    committee: str
    amount: int


@dataclass(frozen=True)
class RepaymentLine:
    year: int
    committee: str
    savings: int
    due: int


def _rows(items: Any) -> list[Mapping[str, Any]]:
    return [item for item in items or [] if isinstance(item, Mapping)
            and isinstance(item.get("amount"), int) and not isinstance(item.get("amount"), bool)]


def realised_savings(reports: Mapping[str, Model | None], final: Model | None,
                     cadence: Cadence) -> dict[int, list[Saving]]:
    """Year → the savings reported for it (years with nothing reported are absent)."""
    latest: dict[int, tuple[tuple[int, int], list[Mapping[str, Any]]]] = {}
    for key, model in reports.items():
        year_text, _, kind = key.partition("-")
        rows = _rows((model or {}).get("realised_savings"))
        if not year_text.isdigit() or not rows:
            continue
        known = cadence.get(kind)
        order = known.order if known is not None else (0, 0)
        year = int(year_text)
        if year not in latest or latest[year][0] < order:
            latest[year] = (order, rows)
    found = {year: [Saving(year, str(row.get("unit") or ""), str(row.get("committee") or ""),
                           int(row["amount"])) for row in rows]
             for year, (_, rows) in latest.items()}
    for row in _rows((final or {}).get("realised_savings")):
        when = row.get("year")
        if isinstance(when, int) and when not in latest:
            found.setdefault(when, []).append(Saving(
                when, str(row.get("unit") or ""), str(row.get("committee") or ""),
                int(row["amount"])))
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
