"""Rounds: how often the board takes up applications, and when a later round is held.

Ystad: "Ansökningar hanteras av kommunstyrelsen en till två gånger per år. Det andra
tillfället genomförs endast om det finns återstående medel för året." A profile says so
under ``rounds:``

- ``per_year``: how many rounds (board meetings for applications) a year at most;
- ``later_needs_funds``: true when a round after the first of a year is held only if
  funds remain for the year (``socinv report round`` warns when none remain).

A round is named by the date of its board meeting (``--round 2027-05-20`` on the
management group's record); applications in review are put to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from socinv.errors import ProfileError

Fail = Callable[[str, str, str], ProfileError]
KEYS = ("per_year", "later_needs_funds")


@dataclass(frozen=True)
class Rounds:
    """A profile's application rounds: how many a year."""

    per_year: int = 0  # 0: no limit
    later_needs_funds: bool = False


def build(raw: Any, fail: Fail) -> Rounds:
    if raw is None:
        return Rounds()
    if not isinstance(raw, dict):
        raise fail("rounds", "ska vara en samling {per_year, later_needs_funds}",
                   "must be a mapping {per_year, later_needs_funds}")
    for key in raw:
        if key not in KEYS:
            import difflib

            near = difflib.get_close_matches(str(key), KEYS, n=1)
            raise fail(f"rounds.{key}", f"okänd nyckel; tillåtna är {', '.join(KEYS)}."
                       + (f" Menade du {near[0]}?" if near else ""),
                       f"unknown key; allowed are {', '.join(KEYS)}."
                       + (f" Did you mean {near[0]}?" if near else ""))
    try:
        per_year = int(str(raw.get("per_year") or 0))
    except ValueError:
        per_year = -1
    if per_year < 0:
        raise fail("rounds.per_year", "ska vara ett heltal ≥ 0", "must be a whole number ≥ 0")
    flag = str(raw.get("later_needs_funds") or "false").lower()
    if flag not in ("true", "false", "yes", "no"):
        raise fail("rounds.later_needs_funds", "ska vara true eller false",
                   "must be true or false")
    return Rounds(per_year, flag in ("true", "yes"))
