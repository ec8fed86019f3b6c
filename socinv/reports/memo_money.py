"""The decision memo's money: what was applied for, what was decided, how it is financed.

- ``decision_of``: the board's recorded decision (``case.yaml: decision``) beside what the
  application asks for, year by year, so both papers show applied and granted where
  they differ;
- ``financing_of``: per year of the grant (the decision's split, else the application's
  costs) the fund's money for that year — the yearly allocation (``fund.yaml:
  allocations[]``: the budget reserve under ``equity_reserve``, the budgeted funds under
  ``budget_allocation``), what other granted cases and re-budgeting already commit, this
  case's amount and what is left — and, under ``equity_reserve``, the reservation within
  equity on 1 January of the paper's year. A year without an allocation is not yet
  decided: the grant for it holds only if the council sets money aside in that year's
  budget.

The figures come from the annex's own functions (``reports/ledger.py``), so the memo,
``status`` and the annexes never disagree.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from socinv.errors import UserError
from socinv.fund.budget import moves_of
from socinv.fund.fund import Fund
from socinv.i18n import Lang, pick
from socinv.reports.data import CaseData, period_of
from socinv.reports.ledger import _ended_before, allocations_of, case_budget, fund_year


def _amounts(rows: Any) -> dict[int, int]:
    result: dict[int, int] = {}
    for row in rows or []:
        if isinstance(row, dict) and isinstance(row.get("year"), int) \
                and isinstance(row.get("amount"), int):
            result[row["year"]] = result.get(row["year"], 0) + row["amount"]
    return dict(sorted(result.items()))


def decision_of(case: CaseData) -> dict[str, Any] | None:
    """The recorded decision with the applied amounts beside it (None: nothing decided)."""
    decision = case.decision
    outcome = decision.get("outcome")
    if outcome not in ("granted", "rejected"):
        return None
    applied = _amounts((case.model("application") or {}).get("costs"))
    split = {int(year): amount for year, amount in (decision.get("per_year") or {}).items()
             if isinstance(amount, int)}
    total = decision.get("total") if isinstance(decision.get("total"), int) else None
    if outcome == "granted" and not split and total is not None and len(applied) == 1:
        split = {next(iter(applied)): total}
    years = sorted(set(applied) | set(split))
    when = decision.get("date")
    return {
        "outcome": outcome, "granted": outcome == "granted",
        "date": when.isoformat() if isinstance(when, dt.date) else str(when or ""),
        "ref": str(decision.get("ref") or ""), "total": total,
        "applied_total": sum(applied.values()) if applied else None,
        "rows": [{"year": year, "applied": applied.get(year), "granted": split.get(year)}
                 for year in years],
        "differs": outcome == "granted" and (total != sum(applied.values()) or any(
            applied.get(year) != split.get(year) for year in years)),
        "conditions": [str(text) for text in decision.get("conditions") or [] if text],
        "package": str(decision.get("package") or ""),
        "package_cases": [str(item) for item in decision.get("package_cases") or []],
    }


def financing_of(fund: Fund, settings: dict[str, Any], cases: list[CaseData],
                 case: CaseData, amounts: dict[int, int], today: dt.date,
                 lang: Lang) -> dict[str, Any]:
    """The financing section's figures for ``amounts`` (year → this case's amount)."""
    moves = moves_of(settings)
    others = [other for other in cases if other.id != case.id and other.granted]
    rows: list[dict[str, Any]] = []
    for year in sorted(amounts):
        allocations = allocations_of(settings, year)
        allocated = sum(item.amount for item in allocations) if allocations else None
        granted = sum(case_budget(other, moves, year).granted for other in others
                      if not _ended_before(other, year))
        moved_in = sum(move.amount for move in moves if move.to_year == year)
        committed = granted + moved_in
        rows.append({
            "year": year, "allocated": allocated,
            "refs": [item.ref for item in allocations if item.ref],
            "granted_others": granted, "rebudgeted_in": moved_in, "committed": committed,
            "this": amounts[year],
            "available": None if allocated is None else allocated - committed,
            "left": None if allocated is None else allocated - committed - amounts[year],
        })
    undecided = [row["year"] for row in rows if row["allocated"] is None]
    financing = fund.profile.financing
    reserve = None
    if financing.equity_reserve:
        try:
            money = fund_year(settings, cases, today.year, 0, period_of(fund, "annual"),
                              moves, financing)
        except UserError:  # no reservation in fund.yaml (or the paper predates it)
            money = None
        if money is not None and money.opening is not None:
            reserve = {"year": today.year, "opening": money.opening,
                       "complete": not money.opening_missing}
    council_text = pick(fund.profile.vocabulary.get("council").text, lang)
    return {
        "model": financing.model, "equity_reserve": financing.equity_reserve,
        "rows": rows, "reserve": reserve, "undecided": undecided,
        "undecided_span": _span(undecided), "council": council_text,
        "short": [row for row in rows if row["left"] is not None and row["left"] < 0],
    }


def _span(years: list[int]) -> str:
    if not years:
        return ""
    if years == list(range(years[0], years[-1] + 1)) and len(years) > 1:
        return f"{years[0]}–{years[-1]}"
    return ", ".join(str(year) for year in years)
