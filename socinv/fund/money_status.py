"""The fund's money in ``socinv status``: the year's funds and what later years are committed.

Computed with the annex's own functions (``reports/ledger.py``), so status and the annex
never disagree: the year's budget (allocation, granted, re-budgeted in, not allocated),
for ``equity_reserve`` the reservation's opening balance, and per later year what granted
decisions commit against the allocation known.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict
from typing import Any

from socinv.errors import UserError
from socinv.fund.fund import Fund
from socinv.i18n import Lang, kronor


def overview(fund: Fund, today: dt.date) -> dict[str, Any]:
    from socinv.fund.budget import moves_of
    from socinv.reports.data import load_fund, period_of
    from socinv.reports.ledger import commitments, fund_year

    settings, cases, _ = load_fund(fund)
    moves = moves_of(settings)
    year = today.year
    annual = period_of(fund, "annual")
    financing = fund.profile.financing
    try:
        money = fund_year(settings, cases, year, 0, annual, moves, financing)
    except UserError:  # no reservation in fund.yaml yet: show the budget only
        from socinv.profiles.financing import Financing

        money = fund_year(settings, cases, year, 0, annual, moves,
                          Financing("budget_allocation"))
        money.model = financing.model
    return {"year": year, "model": financing.model, "opening": money.opening,
            "opening_complete": not money.opening_missing, "allocated": money.allocated,
            "granted": money.granted_for_year, "rebudgeted_in": money.rebudgeted_in,
            "unallocated": money.unallocated,
            "commitments": [asdict(c) for c in commitments(settings, cases, year, moves)]}


def overview_cached(fund: Fund, today: dt.date, scans: list[Any]) -> dict[str, Any] | None:
    """``overview``, kept beside the status cache under the signature of every case folder
    (a warm status reads no document); None when the fund cannot be summed (a case in two
    folders: status shows its rows, the money commands refuse it)."""
    from socinv.cache import fund_signature, memo

    what = f"money-{today.year}"
    key = fund_signature(fund.root, fund.profile.raw, what, scans)
    try:
        result: dict[str, Any] = memo(fund.root, what, key, lambda: overview(fund, today),
                                      lambda data: data, dict)
    except UserError:
        return None
    return result


def render(data: dict[str, Any], lang: Lang) -> str:
    def kr(value: int) -> str:
        return kronor(value, lang)

    year = data["year"]
    sv = lang == "sv"
    equity = data["model"] == "equity_reserve"
    label = ("Årets reserv (anslag)" if equity else "Budgeterade medel") if sv else (
        "Budget reserve" if equity else "Budgeted funds")
    lines = [("Fondens medel " if sv else "The fund's money ") + str(year) + ":"]
    if equity and data["opening"] is not None:
        lines.append((f"  Reserverat i eget kapital 1 januari: {kr(data['opening'])}" if sv
                      else f"  Reserved within equity 1 January: {kr(data['opening'])}")
                     + ("" if data["opening_complete"] else
                        (" (ofullständigt: årsrapporter saknas)" if sv
                         else " (incomplete: annual reports missing)")))
    lines.append(f"  {label} {kr(data['allocated'])}, " + (
        f"beviljat {kr(data['granted'])}, ombudgeterat hit {kr(data['rebudgeted_in'])}, "
        f"ej fördelat {kr(data['unallocated'])}." if sv else
        f"granted {kr(data['granted'])}, re-budgeted in {kr(data['rebudgeted_in'])}, "
        f"not allocated {kr(data['unallocated'])}."))
    for item in data["commitments"]:
        allocated = item["allocated"]
        lines.append(
            (f"  Åtaganden {item['year']}: beviljat {kr(item['granted'])}"
             + (f" + ombudgeterat {kr(item['rebudgeted_in'])}" if item["rebudgeted_in"] else "")
             + (f" av {label.lower()} {kr(allocated)}, ej fördelat {kr(item['remaining'])}."
                if allocated is not None else f"; {label.lower()} ej beslutad.")) if sv else
            (f"  Commitments {item['year']}: granted {kr(item['granted'])}"
             + (f" + re-budgeted {kr(item['rebudgeted_in'])}" if item["rebudgeted_in"] else "")
             + (f" of the {label.lower()} {kr(allocated)}, not allocated "
                f"{kr(item['remaining'])}." if allocated is not None
                else f"; {label.lower()} not decided.")))
    return "\n".join(lines)
