"""Ex-post economics: what an investment has cost and saved so far, beside its forecast.

Computed by the same rules as the forecast (:mod:`socinv.economics`: the same unit-cost
library, discount rate, base year and rounding) from the application and the reports.

forecast
    :func:`socinv.economics.compute` on the application.
cost per year (outturn)
    Each year's ``finance.outcome`` of that year's latest report (the annual one, in the
    profile's order of periods), plus the application's ``co_financing`` of that year (own
    or partners' money counts as a cost in the forecast too, and no report states its
    outturn). The total to date (the final report's ``finance.total_outcome``, else the
    latest report's, else the sum of the yearly outcomes) is authoritative: what it
    holds beyond the yearly outcomes is put in the last year to date.
years to date
    From the base year (the application's first cost year) to the latest of: the last
    year a report or the final report covers, the last measured year, and, once a final
    report exists, the project's end year.
realised savings
    :func:`socinv.realised.realised_savings`: per year, the latest report's
    ``realised_savings[]`` rows (else the final report's rows of that year); a row saves
    its ``amount``, else the unit cost × ``count``. A year (or a unit in a year) with no
    such row is *not measured* (``None``), never 0.
net, payback, NPV on outturn
    Net to date = realised savings to date − cost to date. Payback: the first year whose
    cumulative realised savings (unmeasured years as nothing saved) reach the cumulative
    cost. NPV: Σ (realised − cost)_t / (1 + r)^(t − base) over the years to date, at the
    forecast's rate and base year. All three are None when nothing is measured.
forecast's error per unit
    Over the unit's measured years: realised − forecast (the unit's yearly forecast in the
    years of the forecast's savings period, else 0). None when the unit is not measured.
    A reported row matches an application unit by its name (``unit``; case, spacing and
    a closing full stop aside), else by its ``unit_cost`` key; a row matching none is a
    unit of its own with a forecast of 0.
effects
    One per effect of the application's ``effects[]`` (its measurement plan: ``measure``,
    ``measured_at``, ``baseline``, ``target``), with the result of the latest report (or
    the final report) whose ``effects_achieved[]`` row names that effect; the row's own
    baseline and target win when given. ``target_met`` (yes/no) is the judgement; a row
    naming no effect of the application is an effect of its own.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

from socinv import economics
from socinv.economics import Economics, UnitCosts, as_data, restore
from socinv.i18n import Lang, kronor

if TYPE_CHECKING:
    from socinv.fund.fund import CaseDir, Fund
    from socinv.profiles.loader import Profile
    from socinv.realised import Saving
    from socinv.rules.checks import Context

Model = Mapping[str, Any]

NOT_MEASURED: dict[str, str] = {"sv": "inte mätt", "en": "not measured"}


@dataclass(frozen=True)
class UnitOutcome:
    """One unit of the application's cost reductions, forecast and realised."""

    unit: str  # the unit's key: its unit cost's key, else its name
    label: str
    committee: str
    forecast_per_year: int
    realised: dict[int, int | None]  # year → realised saving; None = not measured
    error: int | None  # realised − forecast over the measured years; None: not measured
    forecast_measured: int | None = None  # the forecast over the same measured years
    basis: str = ""  # the reports' stated basis (the latest given)


@dataclass(frozen=True)
class EffectOutcome:
    """One effect of the application (its measurement plan): baseline, target, the result."""

    name: str
    baseline: str | None
    target: str | None
    result: str | None  # None = not measured
    met: bool | None  # None = not judged / not measured
    measured_at: str | None = None
    source: str | None = None  # the report it comes from (``2026-annual``, ``final``)


@dataclass(frozen=True)
class ExPost:
    """The outturn beside the forecast; year-keyed dicts run in year order."""

    forecast: Economics
    cost_by_year: dict[int, int]
    cost_to_date: int
    savings_by_year: dict[int, int | None]
    measured_years: list[int]
    realised_to_date: int | None
    net_to_date: int | None
    payback_year: int | None
    npv: int | None
    units: list[UnitOutcome]
    effects: list[EffectOutcome]
    #: the units' forecast over each unit's measured years, and realised − that (the sum of
    #: the units' errors); None when nothing is measured
    forecast_to_date: int | None = None
    error: int | None = None
    #: the part of ``cost_by_year`` that is co-financing from the application
    co_financing_to_date: int = 0

    def to_dict(self, forecast: bool = True) -> dict[str, Any]:
        """JSON-ready: year keys as strings; None stays null ("not measured").
        ``forecast``: with the forecast's economics (else without that key)."""
        data: dict[str, Any] = {  # the forecast is converted once, below
            field.name: None if field.name == "forecast" else as_data(getattr(self, field.name))
            for field in fields(self)}
        if forecast:
            data["forecast"] = self.forecast.to_dict()
        else:
            del data["forecast"]
        for key in ("cost_by_year", "savings_by_year"):
            data[key] = {str(year): value for year, value in data[key].items()}
        for unit in data["units"]:
            unit["realised"] = {str(year): value for year, value in unit["realised"].items()}
        return data

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ExPost:
        """The inverse of :meth:`to_dict` (a cache keeps it); ``TypeError``, ``KeyError``
        or ``ValueError`` when ``data`` is not what it wrote."""
        def years(values: Mapping[str, Any]) -> dict[int, Any]:
            return {int(year): value for year, value in values.items()}

        forecast = data["forecast"]
        return restore(cls, {
            **data,
            "forecast": forecast if isinstance(forecast, Economics)
            else Economics.from_dict(dict(forecast)),
            "cost_by_year": years(data["cost_by_year"]),
            "savings_by_year": years(data["savings_by_year"]),
            "measured_years": [int(year) for year in data["measured_years"]],
            "units": [restore(UnitOutcome, {**unit, "realised": years(unit["realised"])})
                      for unit in data["units"]],
            "effects": [restore(EffectOutcome, effect) for effect in data["effects"]]})


def ex_post(application: Model | None, reports: Mapping[str, Model | None],
            final: Model | None, profile: Profile, unit_costs: UnitCosts,
            lang: str = "sv", *, discount_rate: float = economics.DEFAULT_DISCOUNT_RATE,
            end_year: int | None = None) -> ExPost | None:
    """The ex-post economics of one case; None when the application has no economics.

    ``reports``: each progress report's model by period key (``2026-annual``);
    ``final``: the final report's model; ``unit_costs``: the fund's library;
    ``discount_rate``: the fund's (as the forecast); ``end_year``: the project's last
    year (else the application's ``period.end``). ``lang`` is kept for the contract (the
    labels are the application's own words; :func:`texts` gives the table's).
    """
    app = _map(application)
    forecast = economics.compute(app, unit_costs, discount_rate=discount_rate,
                                 defaults=economics.SavingsDefaults.from_profile(
                                     profile.economics))
    if forecast is None:
        return None
    planned = economics._costs_per_year(app)
    base = min(planned)
    cadence = profile.cadence
    from socinv.realised import realised_savings  # computing only: a cached row needs none

    saved = realised_savings(reports, final, cadence, unit_costs)
    outcomes, stated_total, covered = _outcomes(reports, final, cadence)
    end = end_year if end_year is not None else _end_year(app)
    last = max([base, *covered, *saved, *([end] if final is not None and end else [])])
    years = range(base, last + 1)
    co_financing = _co_financing(app)
    cost = {year: outcomes.get(year, 0) + co_financing.get(year, 0) for year in years}
    fund_money = sum(outcomes.get(year, 0) for year in years)
    if stated_total is not None and stated_total > fund_money:
        cost[last] += stated_total - fund_money
    units = _units(app, saved, forecast, unit_costs, years)
    savings: dict[int, int | None] = {}
    for year in years:
        known = [value for unit in units if (value := unit.realised.get(year)) is not None]
        savings[year] = sum(known) if known else None
    measured = [year for year, value in savings.items() if value is not None]
    cost_to_date = sum(cost.values())
    realised = sum(value or 0 for value in savings.values()) if measured else None
    payback = npv = None
    if measured:
        flows = {year: value or 0 for year, value in savings.items()}
        net, _, payback = economics._flows(cost, flows)
        npv = economics._npv(net, base, economics._rate(discount_rate))
    judged = [unit.forecast_measured for unit in units if unit.forecast_measured is not None]
    forecast_to_date = sum(judged) if judged else None
    return ExPost(
        forecast=forecast, cost_by_year=cost, cost_to_date=cost_to_date,
        savings_by_year=savings, measured_years=measured, realised_to_date=realised,
        net_to_date=None if realised is None else realised - cost_to_date,
        payback_year=payback, npv=npv, units=units,
        effects=_effects(app, reports, final, cadence),
        forecast_to_date=forecast_to_date,
        error=None if realised is None or forecast_to_date is None
        else realised - forecast_to_date,
        co_financing_to_date=sum(co_financing.get(year, 0) for year in years))


def case_ex_post(fund: Fund, case: CaseDir, lang: str = "sv", *,
                 ctx: Context | None = None) -> ExPost | None:
    """:func:`ex_post` for a case of ``fund``, read from its files (the fund's unit costs
    and discount rate, or ``ctx``'s; the reports and the final report as ``status`` reads
    them, the project's end from the application or the decision)."""
    from socinv.fund.calendar import span_from
    from socinv.fund.gates import read_case
    from socinv.fund.status import _report_models
    from socinv.validation import Options, fund_context

    if ctx is None:
        ctx, _ = fund_context(fund, Options())
    state = read_case(fund, case)
    application = state.document("application")
    if application is None or not application.model:
        return None
    final, reports = _report_models(fund, case, state)
    rate = ctx.discount_rate if ctx.discount_rate is not None \
        else economics.DEFAULT_DISCOUNT_RATE
    period = span_from(application.model, state.decision)
    return ex_post(application.model, reports, final, fund.profile, ctx.unit_costs, lang,
                   discount_rate=rate, end_year=period[1].year if period else None)


# -- texts -------------------------------------------------------------------------------------

def money(value: int | None, lang: str = "sv") -> str:
    """An amount, or "inte mätt" / "not measured" for None (never 0)."""
    lg: Lang = "en" if lang == "en" else "sv"
    return NOT_MEASURED[lg] if value is None else kronor(value, lg)


_TEXT: dict[str, tuple[str, str]] = {
    "title": ("Utfall hittills (ex post)", "Outturn to date (ex post)"),
    "year": ("År", "Year"), "cost": ("Kostnad", "Cost"),
    "forecast": ("Prognos besparing", "Forecast savings"),
    "realised": ("Realiserad besparing", "Realised savings"),
    "cost_to_date": ("Kostnad hittills", "Cost to date"),
    "realised_to_date": ("Realiserade besparingar hittills", "Realised savings to date"),
    "forecast_to_date": ("Prognos för de mätta åren", "Forecast for the measured years"),
    "net": ("Netto hittills", "Net to date"),
    "payback": ("Återbetalningsår (utfall)", "Payback year (outturn)"),
    "npv": ("Nuvärde på utfall", "NPV on outturn"),
    "error": ("Prognosfel", "Forecast error"),
    "none_yet": ("inte ännu", "not yet"),
    "unit": ("Verksamhet", "Service"), "per_year": ("Prognos per år", "Forecast per year"),
    "effects": ("Effekter", "Effects"), "effect": ("Effekt", "Effect"),
    "baseline": ("Utgångsläge", "Baseline"), "target": ("Mål", "Target"),
    "result": ("Resultat", "Result"), "met": ("Målet nått", "Target met"),
    "yes": ("ja", "yes"), "no": ("nej", "no"), "unjudged": ("inte bedömt", "not judged"),
    # short column heads (status, the annex)
    "realised_short": ("Realiserat", "Realised"),
    "forecast_short": ("Prognos (mätta år)", "Forecast (measured years)"),
    "npv_short": ("Nuvärde (utfall)", "NPV (outturn)"),
    "payback_short": ("Återbetalt", "Payback"),
}


def texts(lang: str = "sv") -> dict[str, str]:
    """The labels above in ``lang`` (tables in the annex, status and the final paper)."""
    return {key: pair[lang == "en"] for key, pair in _TEXT.items()}


def met_text(met: bool | None, lang: str = "sv") -> str:
    text = texts(lang)
    return text["unjudged"] if met is None else text["yes"] if met else text["no"]


def format_table(expost: ExPost, lang: str = "sv") -> str:
    """A plain-text table for the terminal (``validate --explain``), beside the forecast's:
    per year cost, forecast and realised savings; the totals; per unit; the effects."""
    text = texts(lang)
    lg = "en" if lang == "en" else "sv"
    rows = [[text["year"], text["cost"], text["forecast"], text["realised"]]]
    for year, cost in expost.cost_by_year.items():
        planned = _forecast_in(expost.forecast, year, expost.forecast.savings_per_year.get(year, 0))
        rows.append([str(year), money(cost, lg), money(planned, lg),
                     money(expost.savings_by_year.get(year), lg)])
    lines = [text["title"], "", *_aligned(rows)]
    summary = [
        (text["cost_to_date"], money(expost.cost_to_date, lg)),
        (text["realised_to_date"], money(expost.realised_to_date, lg)),
        (text["forecast_to_date"], money(expost.forecast_to_date, lg)),
        (text["error"], money(expost.error, lg)),
        (text["net"], money(expost.net_to_date, lg)),
        (text["payback"], NOT_MEASURED[lg] if expost.realised_to_date is None
         else str(expost.payback_year) if expost.payback_year is not None
         else text["none_yet"]),
        (text["npv"], money(expost.npv, lg)),
    ]
    width = max(len(label) for label, _ in summary) + 1
    lines += ["", *(f"{label + ':':<{width}}  {value}" for label, value in summary)]
    if expost.units:
        unit_rows = [[text["unit"], text["per_year"], text["realised"], text["error"]]]
        for unit in expost.units:
            realised = [value for value in unit.realised.values() if value is not None]
            unit_rows.append([unit.label, money(unit.forecast_per_year, lg),
                              money(sum(realised) if realised else None, lg),
                              money(unit.error, lg)])
        lines += ["", *_aligned(unit_rows)]
    if expost.effects:
        lines += ["", text["effects"] + ":"]
        for effect in expost.effects:
            lines.append(f"- {effect.name.rstrip('.')}: {text['baseline'].lower()} "
                         f"{effect.baseline or '–'}; {text['target'].lower()} "
                         f"{effect.target or '–'}; {text['result'].lower()} "
                         f"{effect.result or NOT_MEASURED[lg]}; {text['met'].lower()} "
                         f"{met_text(effect.met, lg)}")
    return "\n".join(lines)


def _aligned(rows: list[list[str]]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    return ["  ".join([row[0].ljust(widths[0])]
                      + [cell.rjust(w) for cell, w in zip(row[1:], widths[1:], strict=True)])
            for row in rows]


# -- helpers -----------------------------------------------------------------------------------

_map = economics._map
_list = economics._list
_int = economics._int


def _forecast_in(forecast: Economics, year: int, per_year: int) -> int:
    """The forecast saving of ``year``: ``per_year`` inside the savings period, else 0."""
    period = forecast.savings_period
    return per_year if period is not None and period[0] <= year <= period[1] else 0


def _end_year(app: Model) -> int | None:
    end = _map(app.get("period")).get("end")
    return getattr(end, "year", None) if end is not None else None


def _co_financing(app: Model) -> dict[int, int]:
    found: dict[int, int] = {}
    for row in _list(app.get("co_financing")):
        year, amount = _int(_map(row).get("year")), _int(_map(row).get("amount"))
        if year is not None and amount is not None:
            found[year] = found.get(year, 0) + amount
    return found


def _ordered(reports: Mapping[str, Model | None], cadence: Any
             ) -> list[tuple[int, str, Model]]:
    """(year, key, model) of the reports with a period key, in the periods' order."""
    found: list[tuple[tuple[int, tuple[int, int]], int, str, Model]] = []
    for key, model in reports.items():
        year_text, _, kind = key.partition("-")
        if not year_text.isdigit():
            continue
        known = cadence.get(kind)
        found.append(((int(year_text), known.order if known is not None else (0, 0)),
                      int(year_text), key, _map(model)))
    found.sort(key=lambda item: item[0])
    return [(year, key, model) for _, year, key, model in found]


def _outcomes(reports: Mapping[str, Model | None], final: Model | None, cadence: Any
              ) -> tuple[dict[int, int], int | None, set[int]]:
    """(each year's outcome, the total to date as ``status`` reads it, the years covered)."""
    ordered = _ordered(reports, cadence)
    by_year: dict[int, int] = {}
    total: int | None = None
    for _, _, model in ordered:
        finance = _map(model.get("finance"))
        if _int(finance.get("total_outcome")) is not None:
            total = finance["total_outcome"]
    for year, _, model in ordered:  # in the year's order: the annual figure wins
        outcome = _int(_map(model.get("finance")).get("outcome"))
        if outcome is not None:
            by_year[year] = outcome
    final_total = _int(_map(_map(final).get("finance")).get("total_outcome"))
    if final_total is not None:
        total = final_total
    covered = {year for year, _, _ in ordered}
    covered |= {when for row in _list(_map(final).get("realised_savings"))
                if (when := _int(_map(row).get("year"))) is not None}
    return by_year, total, covered


def _same(left: Any, right: Any) -> bool:
    """The same name, whatever the case, spacing and closing full stop."""
    return isinstance(left, str) and isinstance(right, str) and bool(_key(left)) \
        and _key(left) == _key(right)


def _key(name: str) -> str:
    return " ".join(name.split()).rstrip(".:;!").strip().casefold()


def _units(app: Model, saved: Mapping[int, list[Saving]], forecast: Economics,
           unit_costs: UnitCosts, years: range) -> list[UnitOutcome]:
    planned = [_map(unit) for unit in _list(_map(app.get("cost_reduction")).get("units"))]
    groups: list[tuple[Mapping[str, Any] | None, list[Saving]]] = [(unit, []) for unit in planned]
    for rows in saved.values():
        for row in rows:
            index = next((i for i, (unit, _) in enumerate(groups) if unit is not None
                          and _same(row.unit, unit.get("unit"))), None)
            if index is None:
                index = next((i for i, (unit, _) in enumerate(groups) if unit is not None
                              and _same(row.unit_cost, unit.get("unit_cost"))), None)
            if index is None:
                index = next((i for i, (unit, seen) in enumerate(groups) if unit is None
                              and _same(row.unit or row.unit_cost,
                                        seen[0].unit or seen[0].unit_cost)), None)
            if index is None:
                groups.append((None, []))
                index = len(groups) - 1
            groups[index][1].append(row)
    found: list[UnitOutcome] = []
    for unit, rows in groups:
        spec = unit or {}
        key = str(spec.get("unit_cost") or spec.get("unit") or "") if unit is not None \
            else (rows[0].unit_cost or rows[0].unit)
        name = spec.get("unit") if unit is not None else rows[0].unit
        library = _map(_map(unit_costs).get(key)) if unit_costs else {}
        label = str(name or library.get("label") or key or "–")
        per_year = economics._yearly_saving(spec, unit_costs) if unit is not None else 0
        realised: dict[int, int | None] = {}
        for year in years:
            mine = [row.amount for row in rows if row.year == year]
            realised[year] = sum(mine) if mine else None
        measured = [year for year, value in realised.items() if value is not None]
        planned_total = sum(_forecast_in(forecast, year, per_year) for year in measured) \
            if measured else None
        total = sum(value or 0 for value in realised.values())
        committee = next((row.committee for row in reversed(rows) if row.committee), "")
        basis = next((row.basis for row in reversed(rows) if row.basis), "")
        found.append(UnitOutcome(
            unit=key, label=label, committee=committee, forecast_per_year=per_year,
            realised=realised, error=None if planned_total is None else total - planned_total,
            forecast_measured=planned_total, basis=basis))
    return found


def _effects(app: Model, reports: Mapping[str, Model | None], final: Model | None,
             cadence: Any) -> list[EffectOutcome]:
    plan = [_map(item) for item in _list(app.get("effects"))]
    sources = [(key, model) for _, key, model in _ordered(reports, cadence)]
    if final is not None:
        sources.append(("final", _map(final)))
    latest: dict[int, tuple[str, Mapping[str, Any]]] = {}  # plan index (or extra) → row
    extra: list[str] = []
    for source, model in sources:
        for row in _list(model.get("effects_achieved")):
            row = _map(row)
            name = row.get("effect")
            if not isinstance(name, str) or not name.strip():
                continue
            index = next((i for i, item in enumerate(plan)
                          if _same(name, item.get("description"))), None)
            if index is None:
                match = next((i for i, seen in enumerate(extra) if _same(name, seen)), None)
                if match is None:
                    extra.append(name.strip())
                    match = len(extra) - 1
                index = len(plan) + match
            if _text(row.get("result")) is not None or index not in latest:
                latest[index] = (source, row)
    found: list[EffectOutcome] = []
    names = [" ".join(str(item.get("description") or "").split()) for item in plan] + extra
    for index, name in enumerate(names):
        item = plan[index] if index < len(plan) else {}
        origin, row = latest.get(index, ("", {}))
        result = _text(row.get("result"))
        met = row.get("target_met")
        if not name:
            continue
        found.append(EffectOutcome(
            name=name,
            baseline=_text(row.get("baseline")) or _text(item.get("baseline")),
            target=_text(row.get("target")) or _text(item.get("target")),
            result=result, met=met if isinstance(met, bool) and result is not None else None,
            measured_at=_text(row.get("measured_at")),
            source=origin if result is not None and origin else None))
    return found


def _text(value: Any) -> str | None:
    return " ".join(value.split()) if isinstance(value, str) and value.strip() else None


__all__ = ["NOT_MEASURED", "EffectOutcome", "ExPost", "UnitOutcome", "case_ex_post", "ex_post",
           "format_table", "met_text", "money", "texts"]
