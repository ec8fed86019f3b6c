"""What a check may know beyond the document (its own module: every command makes one, and
most never run a check)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class Context:
    """What a check may know beyond the document: the fund's unit costs and discount rate."""

    def __init__(self, unit_costs: Mapping[str, Mapping[str, Any]] | None = None,
                 discount_rate: float | None = None) -> None:
        self.unit_costs = unit_costs
        self.discount_rate = discount_rate
