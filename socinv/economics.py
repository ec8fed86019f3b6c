"""The economics of an application: cost, savings, payback, net present value, break-even.

Computed from the typed application's ``costs`` and ``cost_reduction`` and the
fund's unit-cost library (``unit_costs.yaml``). Amounts are whole kronor; every
rounding is ROUND_HALF_UP (2.5 → 3). Blank or invalid values (``None``) are
skipped, never fatal.

total cost
    Sum of the ``costs`` rows that have both ``year`` and ``amount``, plus the
    ``co_financing`` rows (own or partners' money is a cost of the investment too,
    so payback and NPV are not flattered); the *base year* is the earliest such year.
    Without such a row :func:`compute` returns None.
yearly saving of a unit
    ``amount_per_year`` when given, else ``unit_costs[unit_cost].amount ×
    count_per_year`` taken literally (rounded): ``count_per_year`` counts whatever
    the unit cost is priced per — individuals or households for ``per: year``,
    placement days for ``per: day``, cases, hours. An unknown key or missing
    figures save 0.
savings period
    ``cost_reduction.period`` (``from``–``to``, inclusive) when both are given and
    ``from ≤ to`` (``period_source = "application"``); otherwise the profile's
    default (``economics.savings_start_offset``, default 1, ``economics.savings_years``,
    default 5): from base + offset for that many years (``"profile_default"``).
    Each year of the period saves the sum of the units' yearly savings; others save 0.
net, cumulative net, payback year
    For every year from the earliest to the latest cost or savings year,
    net = savings − cost; cumulative net is the running sum. The payback year is
    the first year whose cumulative net is ≥ 0 *and* by which some savings
    (> 0 kr in total) have occurred: without costs and savings there is none.
net present value (NPV)
    Σ net_t / (1 + r)^(t − base); the base year is undiscounted; r is
    ``fund.yaml: discount_rate`` (default 0.035) or ``--discount-rate``.
    Computed in Decimal, rounded to whole kronor.
break-even
    For each unit referring to a known unit cost: how many counted units
    (individuals, households, days …) per year must be helped for the savings to
    cover the total cost over the savings period, ⌈total / (amount × years in
    period)⌉, and within one electoral term, ⌈total / (amount × 4)⌉; None when
    the unit cost's amount is 0 or missing.
sensitivity (optimism bias)
    Payback year and NPV with every year's savings × 0.5 and × 1.5 (each year
    rounded to whole kronor), keys ``"50"`` and ``"150"``.
"""

from __future__ import annotations

import difflib
import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from functools import partial
from typing import Any, TypeVar

from socinv.errors import ProfileError
from socinv.i18n import Lang, kronor

DEFAULT_DISCOUNT_RATE = 0.035
ELECTORAL_TERM_YEARS = 4
SENSITIVITY_FACTORS: dict[str, float] = {"50": 0.5, "150": 1.5}

UnitCosts = Mapping[str, Mapping[str, Any]] | None
_T = TypeVar("_T")


@dataclass(frozen=True)
class SavingsDefaults:
    """The savings period when an application states none (the profile's ``economics:``)."""

    start_offset: int = 1  # savings start this many years after the first cost year
    years: int = 5  # and last this many years

    @classmethod
    def from_profile(cls, economics: Mapping[str, Any] | None) -> SavingsDefaults:
        """Read ``savings_start_offset`` (≥ 0) and ``savings_years`` (≥ 1) when present."""
        values: dict[str, int] = {}
        for key, attr, least in (("savings_start_offset", "start_offset", 0),
                                 ("savings_years", "years", 1)):
            raw = (economics or {}).get(key)
            if raw is not None:
                value = _int(raw)
                if value is None or value < least:
                    raise ProfileError(f"Profilen: economics.{key} ska vara ett heltal ≥ {least}.")
                values[attr] = value
        return cls(**values)


@dataclass(frozen=True)
class BreakEven:
    """Counted units per year needed to cover the total cost (period, electoral term)."""

    unit: str
    unit_cost: str
    amount: int
    per: str
    individuals_per_year: int | None
    individuals_per_year_term: int | None


@dataclass(frozen=True)
class Scenario:
    """Payback year and NPV with the savings multiplied by ``factor``."""

    factor: float
    payback_year: int | None
    npv: int


@dataclass(frozen=True)
class Economics:
    """Everything :func:`compute` derives; year-keyed dicts run in year order."""

    total_cost: int
    savings_per_year: dict[int, int]
    total_savings: int
    savings_period: tuple[int, int] | None
    period_source: str  # "application" | "profile_default"
    net_per_year: dict[int, int]
    cumulative_net: dict[int, int]
    payback_year: int | None
    discount_rate: float
    npv: int
    break_even: list[BreakEven]
    sensitivity: dict[str, Scenario]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready: year keys as strings, the savings period as ``{"from", "to"}``."""
        data = as_data(self)
        for key in ("savings_per_year", "net_per_year", "cumulative_net"):
            data[key] = {str(year): value for year, value in data[key].items()}
        period = self.savings_period
        data["savings_period"] = {"from": period[0], "to": period[1]} if period else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Economics:
        """The inverse of ``to_dict`` (``status`` keeps the figures in its cache);
        ``TypeError``/``KeyError``/``ValueError`` when ``data`` is not what it wrote."""
        period = data["savings_period"]
        values = {**data,
                  "savings_period": (int(period["from"]), int(period["to"])) if period else None,
                  "break_even": [restore(BreakEven, item) for item in data["break_even"]],
                  "sensitivity": {str(key): restore(Scenario, item)
                                  for key, item in data["sensitivity"].items()}}
        for key in ("savings_per_year", "net_per_year", "cumulative_net"):
            values[key] = {int(year): value for year, value in data[key].items()}
        return restore(cls, values)


def as_data(value: Any) -> Any:
    """``dataclasses.asdict``, without its ``copy.deepcopy`` of every number and string
    (they cannot change): the same dicts, lists and tuples, named tuples and subclasses
    rebuilt as asdict rebuilds them, any other value as it is (the economics hold numbers,
    text and dates only; ``status --format json`` of 1,000 cases deep-copied 107 000 values
    to write the outturn)."""
    if hasattr(type(value), "__dataclass_fields__") and not isinstance(value, type):
        return {field.name: as_data(getattr(value, field.name)) for field in fields(value)}
    if isinstance(value, tuple) and hasattr(value, "_fields"):  # a named tuple
        return type(value)(*[as_data(item) for item in value])
    if isinstance(value, list | tuple):
        return type(value)(as_data(item) for item in value)
    if isinstance(value, dict):
        return type(value)((as_data(key), as_data(item)) for key, item in value.items())
    return value


def restore(cls: type[_T], values: Mapping[str, Any]) -> _T:
    """A frozen dataclass from the values its ``asdict`` gave (a cache's), made without its
    ``__init__``: ``status`` reads ten thousand of them on a warm run, and the generated
    ``__init__`` costs three times as much. ``TypeError`` unless ``values`` name exactly its
    fields, as ``cls(**values)`` would."""
    if values.keys() != cls.__dataclass_fields__.keys():  # type: ignore[attr-defined]
        raise TypeError(f"{cls.__name__}: not the fields it was written with")
    made = object.__new__(cls)
    made.__dict__.update(values)
    return made


@dataclass(frozen=True)
class EconomicsIssue:
    """A finding economics contributes; the caller turns it into a ``Finding``."""

    code: str  # "unknown-unit-cost" | "savings-never-cover" | "savings-before-start"
    path: tuple[str | int, ...]
    params: dict[str, Any]


def compute(application: Mapping[str, Any], unit_costs: UnitCosts,
            *, discount_rate: float = DEFAULT_DISCOUNT_RATE,
            defaults: SavingsDefaults = SavingsDefaults()) -> Economics | None:
    """None when there is nothing to compute (no cost rows with year and amount), or when
    a cost row has a year or an amount but not both as valid values: a row validate
    reports as invalid is never counted as 0 kr.

    Raises ValueError when ``discount_rate`` is not a finite number above −1.
    """
    rate = _rate(discount_rate)
    costs = _costs_per_year(application)
    if not costs or _partial_cost_rows(application):
        return None
    base = min(costs)
    reduction = _map(_map(application).get("cost_reduction"))
    stated = _stated_period(reduction)
    first, last = stated or (base + defaults.start_offset,
                             base + defaults.start_offset + defaults.years - 1)
    units = [_map(unit) for unit in _list(reduction.get("units"))]
    per_year = sum(_yearly_saving(unit, unit_costs) for unit in units)
    savings = dict.fromkeys(range(first, last + 1), per_year)
    total_cost = sum(costs.values())
    net, cumulative, payback = _flows(costs, savings)
    sensitivity: dict[str, Scenario] = {}
    for key, factor in SENSITIVITY_FACTORS.items():
        scaled = {year: _round(Decimal(value) * Decimal(str(factor)))
                  for year, value in savings.items()}
        scaled_net, _, scaled_payback = _flows(costs, scaled)
        sensitivity[key] = Scenario(factor, scaled_payback, _npv(scaled_net, base, rate))
    return Economics(
        total_cost=total_cost, savings_per_year=savings, total_savings=sum(savings.values()),
        savings_period=(first, last),
        period_source="application" if stated else "profile_default",
        net_per_year=net, cumulative_net=cumulative, payback_year=payback,
        discount_rate=discount_rate, npv=_npv(net, base, rate),
        break_even=_break_even(units, unit_costs, total_cost, last - first + 1),
        sensitivity=sensitivity)


def issues(application: Mapping[str, Any], unit_costs: UnitCosts,
           *, discount_rate: float = DEFAULT_DISCOUNT_RATE,
           defaults: SavingsDefaults = SavingsDefaults()) -> list[EconomicsIssue]:
    """The findings economics contributes (the caller turns them into findings).

    - ``unknown-unit-cost`` (error): a unit's ``unit_cost`` is not a key of
      ``unit_costs``; checked only when the fund has a library (not None). Params
      ``value`` and ``suggestion`` (the catalogue's message template uses both).
    - ``savings-before-start`` (warning): the application's own
      ``cost_reduction.period.from`` lies before the project's first year
      (``period.start``'s year, else the base year). A profile default never
      triggers it: the person could not fix it in the application.
    - ``unit-costs-unknown`` (warning): there is no library at all (a file outside a
      fund) and units use ``unit_cost``: their savings cannot be counted, so
      ``savings-never-cover`` is not judged either. Param ``value``: the keys.
    - ``savings-never-cover`` (warning): total cost > 0 and no payback year.
    """
    app = _map(application)
    reduction = _map(app.get("cost_reduction"))
    found: list[EconomicsIssue] = []
    unknown = [(index, str(_map(unit).get("unit_cost")))
               for index, unit in enumerate(_list(reduction.get("units")))
               if unit_costs is None and _map(unit).get("amount_per_year") is None
               and isinstance(_map(unit).get("unit_cost"), str)
               and str(_map(unit).get("unit_cost")).strip()]
    if unknown:
        found.append(EconomicsIssue("unit-costs-unknown", ("cost_reduction", "units",
                                    unknown[0][0], "unit_cost"),
                                    {"value": ", ".join(key for _, key in unknown)}))
    for index, unit in enumerate(_list(reduction.get("units"))):
        key = _map(unit).get("unit_cost")
        if unit_costs is not None and isinstance(key, str) and key.strip() \
                and key not in unit_costs:
            close = difflib.get_close_matches(key, [str(k) for k in unit_costs], n=1, cutoff=0.5)
            hint: Any = {"sv": f" Menade du {close[0]}?",
                         "en": f" Did you mean {close[0]}?"} if close else ""
            found.append(EconomicsIssue("unknown-unit-cost", ("cost_reduction", "units", index,
                                        "unit_cost"), {"value": key, "suggestion": hint}))
    stated = _stated_period(reduction)
    start = _map(app.get("period")).get("start")
    start_year = start.year if isinstance(start, date) else min(_costs_per_year(app), default=None)
    if stated and start_year is not None and stated[0] < start_year:
        found.append(EconomicsIssue("savings-before-start", ("cost_reduction", "period", "from"),
                                    {"year": stated[0], "start_year": start_year}))
    result = compute(app, unit_costs, discount_rate=discount_rate, defaults=defaults)
    if result is not None and result.payback_year is None and result.total_cost > 0 \
            and not unknown:
        found.append(EconomicsIssue("savings-never-cover", ("cost_reduction",), {
            "total_cost": result.total_cost, "total_savings": result.total_savings,
            "last_year": max(result.net_per_year)}))
    return found


_TEXT: dict[str, tuple[str, str]] = {
    "year": ("År", "Year"), "cost": ("Kostnad", "Cost"), "savings": ("Besparing", "Savings"),
    "net": ("Netto", "Net"), "cumulative": ("Ackumulerat", "Cumulative"),
    "total_cost": ("Total kostnad", "Total cost"),
    "total_savings": ("Total besparing {first}–{last}", "Total savings {first}–{last}"),
    "default": (" (profilens standardperiod)", " (profile's default period)"),
    "payback": ("Återbetalningsår", "Payback year"),
    "never": ("inte inom perioden", "not within the period"),
    "npv": ("Nuvärde vid {rate}", "NPV at {rate}"),
    "break_even": ("Brytpunkt {unit} ({amount} per {per})",
                   "Break-even {unit} ({amount} per {per})"),
    "break_even_value": ("{n} per år under perioden, {m} per år inom en mandatperiod",
                         "{n} per year over the period, {m} per year within an electoral term"),
    "scenario": ("Besparing × {pct} %", "Savings × {pct} %"),
    "scenario_value": ("återbetalningsår {payback}, nuvärde {npv}",
                       "payback year {payback}, NPV {npv}"),
}
_PER_SV = {"year": "år", "day": "dygn", "case": "ärende", "hour": "timme"}


def format_table(economics: Economics, lang: str = "sv") -> str:
    """A plain-text table for the terminal (``validate --explain``), Swedish or English.

    One row per year (cost, savings, net, cumulative), then total cost and savings,
    payback year, NPV, break-even and sensitivity. Amounts by :func:`socinv.i18n.kronor`.
    """
    lg: Lang = "en" if lang == "en" else "sv"
    text = {key: pair[lg == "en"] for key, pair in _TEXT.items()}
    money = partial(kronor, lang=lg)
    payback = partial(_or, none=text["never"])
    rows = [[text[key] for key in ("year", "cost", "savings", "net", "cumulative")]]
    for year, net in economics.net_per_year.items():
        saving = economics.savings_per_year.get(year, 0)  # cost = savings − net
        rows.append([str(year), money(saving - net), money(saving), money(net),
                     money(economics.cumulative_net[year])])
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    lines = ["  ".join([row[0].ljust(widths[0])]
                       + [cell.rjust(w) for cell, w in zip(row[1:], widths[1:], strict=True)])
             for row in rows]
    first, last = economics.savings_period or (0, 0)
    pct = f"{economics.discount_rate * 100:g}"
    rate = f"{pct.replace('.', ',')}\u00a0%" if lg == "sv" else f"{pct} %"
    default = text["default"] if economics.period_source == "profile_default" else ""
    summary = [
        (text["total_cost"], money(economics.total_cost)),
        (text["total_savings"].format(first=first, last=last) + default,
         money(economics.total_savings)),
        (text["payback"], payback(economics.payback_year)),
        (text["npv"].format(rate=rate), money(economics.npv)),
    ]
    for row in economics.break_even:
        per = _PER_SV.get(row.per, row.per) if lg == "sv" else row.per
        label = text["break_even"].format(unit=row.unit or row.unit_cost,
                                          amount=money(row.amount), per=per)
        summary.append((label, text["break_even_value"].format(
            n=_or(row.individuals_per_year), m=_or(row.individuals_per_year_term))))
    for key, scenario in economics.sensitivity.items():
        summary.append((text["scenario"].format(pct=key), text["scenario_value"].format(
            payback=payback(scenario.payback_year), npv=money(scenario.npv))))
    width = max(len(label) for label, _ in summary) + 1
    lines += ["", *(f"{label + ':':<{width}}  {value}" for label, value in summary)]
    return "\n".join(lines)


# -- helpers ---------------------------------------------------------------------------------

def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def _or(value: int | None, none: str = "–") -> str:
    return none if value is None else str(value)


def _rate(discount_rate: float) -> Decimal:
    if (isinstance(discount_rate, bool) or not isinstance(discount_rate, int | float)
            or not math.isfinite(discount_rate) or discount_rate <= -1):
        raise ValueError(f"discount rate must be a number above -1, got {discount_rate!r}")
    return Decimal(str(discount_rate))


def _costs_per_year(application: Mapping[str, Any]) -> dict[int, int]:
    """Cost per year from the rows that have both year and amount.

    Own or co-financing (``co_financing[]``, when a profile uses it) is a cost of the
    investment too: leaving it out would flatter the payback and the net present value.
    """
    costs: dict[int, int] = {}
    app = _map(application)
    for row in [*_list(app.get("costs")), *_list(app.get("co_financing"))]:
        year, amount = _int(_map(row).get("year")), _int(_map(row).get("amount"))
        if year is not None and amount is not None:
            costs[year] = costs.get(year, 0) + amount
    return costs


def _partial_cost_rows(application: Mapping[str, Any]) -> bool:
    """A cost row with one of year and amount but not the other (or not a valid value)."""
    for row in _list(_map(application).get("costs")):
        year, amount = _int(_map(row).get("year")), _int(_map(row).get("amount"))
        if (year is None) != (amount is None) or (
                year is None and any(value not in (None, "") for value in _map(row).values())):
            return True
    return False


def _stated_period(reduction: Mapping[str, Any]) -> tuple[int, int] | None:
    period = _map(reduction.get("period"))
    first, last = _int(period.get("from")), _int(period.get("to"))
    return (first, last) if first is not None and last is not None and first <= last else None


def _known_unit_cost(unit: Mapping[str, Any], unit_costs: UnitCosts) -> Mapping[str, Any] | None:
    key = unit.get("unit_cost")
    return _map(unit_costs[key]) if isinstance(key, str) and unit_costs and key in unit_costs \
        else None


def _yearly_saving(unit: Mapping[str, Any], unit_costs: UnitCosts) -> int:
    return unit_saving(unit, unit_costs) or 0


def unit_saving(row: Mapping[str, Any], unit_costs: UnitCosts, *,
                amount_key: str = "amount_per_year", count_key: str = "count_per_year"
                ) -> int | None:
    """A unit's saving: ``amount_key`` when given, else the unit cost's amount × the count
    (rounded half up); None when neither can be worked out. The application's units and
    the reports' realised savings (``amount``, ``count``) are counted by this one rule."""
    direct = _int(row.get(amount_key))
    if direct is not None:
        return direct
    amount = _int(_map(_known_unit_cost(row, unit_costs)).get("amount"))
    count = row.get(count_key)
    if amount is None or isinstance(count, bool) or not isinstance(count, int | float) \
            or not math.isfinite(count):
        return None
    return _round(amount * Decimal(str(count)))


def _flows(costs: Mapping[int, int], savings: Mapping[int, int]
           ) -> tuple[dict[int, int], dict[int, int], int | None]:
    """Net and cumulative net per year, and the payback year."""
    years = costs.keys() | savings.keys()
    net = {year: savings.get(year, 0) - costs.get(year, 0)
           for year in range(min(years), max(years) + 1)}
    cumulative: dict[int, int] = {}
    running = saved = 0
    payback: int | None = None
    for year, value in net.items():
        running += value
        saved += savings.get(year, 0)
        cumulative[year] = running
        if payback is None and running >= 0 and saved > 0:
            payback = year
    return net, cumulative, payback


def _npv(net: Mapping[int, int], base: int, rate: Decimal) -> int:
    growth = 1 + rate
    return _round(sum((Decimal(value) / growth ** (year - base) for year, value in net.items()),
                      Decimal(0)))


def _break_even(units: list[Mapping[str, Any]], unit_costs: UnitCosts,
                total_cost: int, years: int) -> list[BreakEven]:
    rows: list[BreakEven] = []
    for unit in units:
        entry = _known_unit_cost(unit, unit_costs)
        if entry is None:
            continue
        amount = _int(entry.get("amount")) or 0
        name, per = unit.get("unit"), entry.get("per")
        rows.append(BreakEven(
            unit=name if isinstance(name, str) else "", unit_cost=str(unit["unit_cost"]),
            amount=amount, per=per if isinstance(per, str) else "",
            individuals_per_year=_ceil_div(total_cost, amount * years),
            individuals_per_year_term=_ceil_div(total_cost, amount * ELECTORAL_TERM_YEARS)))
    return rows


def _ceil_div(total: int, divisor: int) -> int | None:
    return None if divisor <= 0 else max(0, -(-total // divisor))
