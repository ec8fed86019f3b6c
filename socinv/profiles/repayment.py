"""Repayment ("återföring"): a share of the realised savings goes back to the fund.

Some funds are revolving: when an investment's savings are realised, the
committee where they arise has its budget frame cut by a share of them, and that
money goes back to the fund. A profile says so under ``repayment:``

- ``share_percent``: the share of the realised savings returned (1–100);
- ``from``: ``start`` or ``end`` — the project's first or last year counts as year 0;
- ``offset_years``: the first year of repayment, counted from there (default 1);
- ``years``: how many years repayments run (default: as long as savings are reported);
- ``label``: what the fund calls it (default "Återföring" / "Repayment").

Realised savings are reported per year in ``realised_savings[]`` of the annual
reports (``{unit, committee, amount, basis}``) and of the final report (with
``year``). A repayment is a transfer from a committee's frame to the fund, not a
saving: the economics of the investment never count it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from socinv.errors import ProfileError

Texts = dict[str, str]
KEYS = ("share_percent", "from", "offset_years", "years", "label")
Fail = Callable[[str, str, str], ProfileError]


@dataclass(frozen=True)
class Repayment:
    share_percent: Decimal
    counted_from: str  # "start" | "end"
    offset_years: int
    years: int | None
    label: Texts

    def first_year(self, start_year: int, end_year: int) -> int:
        return (start_year if self.counted_from == "start" else end_year) + self.offset_years

    def applies(self, year: int, start_year: int, end_year: int) -> bool:
        first = self.first_year(start_year, end_year)
        return year >= first and (self.years is None or year < first + self.years)

    def due(self, savings: int) -> int:
        """The share of ``savings`` to return, in whole kronor (half a krona up)."""
        return int((Decimal(savings) * self.share_percent / 100).quantize(
            Decimal(1), rounding=ROUND_HALF_UP))


def _whole(value: Any, where: str, low: int, high: int, fail: Fail) -> int:
    text = str(value).strip()
    if not text.isdigit() or not low <= int(text) <= high:
        raise fail(where, f"ska vara ett heltal {low}–{high}",
                   f"must be a whole number {low}–{high}")
    return int(text)


def build(raw: Any, texts: Callable[[Any, str], Texts], fail: Fail) -> Repayment | None:
    if raw is None:
        return None
    if not isinstance(raw, dict):
        raise fail("repayment", "ska vara en samling nyckel: värde", "must be a mapping")
    for key in raw:
        if key not in KEYS:
            import difflib

            near = difflib.get_close_matches(str(key), KEYS, n=1)
            raise fail(f"repayment.{key}",
                       f"okänd nyckel; tillåtna är {', '.join(KEYS)}."
                       + (f" Menade du {near[0]}?" if near else ""),
                       f"unknown key; allowed are {', '.join(KEYS)}."
                       + (f" Did you mean {near[0]}?" if near else ""))
    if raw.get("share_percent") is None:
        raise fail("repayment.share_percent", "saknas: hur stor andel av de realiserade "
                   "besparingarna som återförs (1–100)",
                   "is missing: the share of the realised savings returned (1–100)")
    try:
        share = Decimal(str(raw["share_percent"]).strip().replace(",", "."))
    except InvalidOperation:
        share = Decimal(-1)
    if not share.is_finite() or not Decimal(0) < share <= Decimal(100):
        raise fail("repayment.share_percent", "ska vara ett tal över 0 och högst 100",
                   "must be a number above 0 and at most 100")
    counted_from = str(raw.get("from") or "end")
    if counted_from not in ("start", "end"):
        raise fail("repayment.from", "ska vara start eller end", "must be start or end")
    offset = _whole(raw.get("offset_years", 1), "repayment.offset_years", 0, 20, fail)
    years = None if raw.get("years") is None else _whole(raw["years"], "repayment.years", 1,
                                                         50, fail)
    label = texts(raw.get("label"), "repayment.label") or {"sv": "Återföring",
                                                            "en": "Repayment"}
    return Repayment(share, counted_from, offset, years, label)
