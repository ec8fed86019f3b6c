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
from typing import TYPE_CHECKING, Any

from socinv.errors import ProfileError

if TYPE_CHECKING:  # decimal loads when a profile asks for repayment (a kept one unpickles it)
    from decimal import Decimal

Texts = dict[str, str]
Fail = Callable[[str, str, str], ProfileError]


@dataclass(frozen=True)
class Repayment:
    """What a profile asks back of the savings, and when."""

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
        from decimal import ROUND_HALF_UP, Decimal

        return int((Decimal(savings) * self.share_percent / 100).quantize(
            Decimal(1), rounding=ROUND_HALF_UP))


def build(raw: Any, texts: Callable[[Any, str], Texts], fail: Fail) -> Repayment | None:
    """``repayment:`` of a merged profile, whose shape the declared format (``spec.py``)
    has checked already: keys, ``from``, the bounds, ``share_percent`` given."""
    if not isinstance(raw, dict):
        return None
    from decimal import Decimal, InvalidOperation

    try:
        share = Decimal(str(raw.get("share_percent")).strip().replace(",", "."))
    except InvalidOperation:
        share = Decimal(-1)
    if not share.is_finite() or not Decimal(0) < share <= Decimal(100):
        raise fail("repayment.share_percent", "ska vara ett tal över 0 och högst 100",
                   "must be a number above 0 and at most 100")
    years = raw.get("years")
    label = texts(raw.get("label"), "repayment.label") or {"sv": "Återföring",
                                                            "en": "Repayment"}
    return Repayment(share, str(raw.get("from") or "end"),
                     int(str(raw.get("offset_years", 1))),
                     None if years is None else int(str(years)), label)
