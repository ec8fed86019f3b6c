"""How the fund is financed: the profile's ``financing: {model: …}``.

- ``equity_reserve`` (Ystad): a reservation of earlier years' surpluses within equity
  (``fund.yaml: reserve.opening_balance``, ``reserve.year``, ``reserve.changes[]`` for the
  council's later decisions to reserve more or release). It shrinks by what the projects
  use and changes otherwise only by such decisions. Separately, a yearly budget reserve
  (``allocations[]``, "anslag under finansförvaltningen") from which granted projects get
  their budget. The balance-requirement reconciliation adds back the reserved funds used.
- ``budget_allocation`` (Heby): money set aside in the budget each year and held by the
  decision body (``allocations[]``); what is unused lapses unless re-budgeted. No
  reservation in equity and no balance-requirement adjustment.

``docs/reports.md`` shows both with a worked example.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from socinv.errors import ProfileError

Texts = dict[str, str]
Fail = Callable[[str, str, str], ProfileError]
KEYS = ("model",)
MODELS = ("equity_reserve", "budget_allocation")


@dataclass(frozen=True)
class Financing:
    """How the fund's money is kept: an equity reserve or a budget allocation."""

    model: str = "equity_reserve"

    @property
    def equity_reserve(self) -> bool:
        return self.model == "equity_reserve"


DEFAULT = Financing()


def _near(word: str, choices: tuple[str, ...]) -> tuple[str, str]:
    near = difflib.get_close_matches(word, choices, n=1)
    return (f" Menade du {near[0]}?", f" Did you mean {near[0]}?") if near else ("", "")


def build(raw: Any, texts: Callable[[Any, str], Texts], fail: Fail) -> Financing:
    if raw is None:
        return DEFAULT
    if not isinstance(raw, dict):
        raise fail("financing", "ska vara en samling nyckel: värde, t.ex. "
                   "{model: equity_reserve}", "must be a mapping, e.g. {model: equity_reserve}")
    for key in raw:
        if key not in KEYS:
            sv, en = _near(str(key), KEYS)
            raise fail(f"financing.{key}", f"okänd nyckel; tillåtna är {', '.join(KEYS)}.{sv}",
                       f"unknown key; allowed are {', '.join(KEYS)}.{en}")
    model = str(raw.get("model") or "").strip()
    if model not in MODELS:
        sv, en = _near(model, MODELS)
        raise fail("financing.model",
                   f"ska vara {' eller '.join(MODELS)} (reservering i eget kapital eller "
                   f"årlig avsättning i budgeten).{sv}",
                   f"must be {' or '.join(MODELS)} (a reservation within equity or a "
                   f"yearly allocation in the budget).{en}")
    return Financing(model)
