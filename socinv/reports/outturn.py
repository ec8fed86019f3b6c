"""The annual annex's outturn against the forecast: each case's ex-post economics to date.

The figures are :func:`socinv.expost.ex_post`'s (the same rules as the forecast), on the
reports up to the annex's year and, for a case closed by then, its final report. Nothing
measured stays ``None`` ("inte mätt"), never 0.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from socinv.reports.data import CaseData


@dataclass
class Outturn:
    case_id: str
    title: str
    cost_to_date: int
    co_financing: int  # the part of the cost that is the application's co-financing
    measured_years: list[int]
    forecast_to_date: int | None  # the forecast over the measured years
    realised_to_date: int | None
    error: int | None  # realised − forecast over the measured years
    net_to_date: int | None  # realised − cost


def _until(case: CaseData, year: int) -> tuple[dict[str, Any], Any]:
    """The case's report models for periods up to ``year``, and its final report if it
    closed by the end of ``year``."""
    reports = {key: doc.model for key, doc in case.reports.items()
               if key[:4].isdigit() and int(key[:4]) <= year}
    closed = case.closing.get("date")
    final = case.model("final_report") \
        if isinstance(closed, dt.date) and closed.year <= year else None
    return reports, final


def outturns(cases: list[CaseData], ids: list[str], year: int, profile: Any,
             unit_costs: Any, discount_rate: float | None) -> list[Outturn]:
    """The outturn of each case in ``ids`` (in that order) that has economics."""
    from socinv import economics
    from socinv.expost import ex_post

    by_id = {case.id: case for case in cases}
    rate = economics.DEFAULT_DISCOUNT_RATE if discount_rate is None else discount_rate
    found: list[Outturn] = []
    for case_id in ids:
        case = by_id.get(case_id)
        application = case.model("application") if case is not None else None
        if case is None or not application:
            continue
        reports, final = _until(case, year)
        result = ex_post(application, reports, final, profile, unit_costs,
                         discount_rate=rate)
        if result is None:
            continue
        found.append(Outturn(case.id, case.title, result.cost_to_date,
                             result.co_financing_to_date, result.measured_years,
                             result.forecast_to_date, result.realised_to_date, result.error,
                             result.net_to_date))
    return found
