"""Open data for pooled evaluation: every case of a fund as one record (``socinv export``).

The record's shape is declared once in :mod:`socinv.export_schema`. Its figures come
from the modules that own them: the forecast from :mod:`socinv.economics`, the
outturn, realised savings and effects from :mod:`socinv.expost` — never computed
here. Personal data is left out by construction: no contact person, no history or
step (who did what), no staffing or project plan; what is exported as text is
checked by :mod:`socinv.export_privacy` before anything is written.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from typing import TYPE_CHECKING, Any

from socinv import __version__
from socinv.errors import UserError
from socinv.export_privacy import Hit, refusal, scan_record
from socinv.export_schema import FORMAT, SCHEMA_VERSION
from socinv.fund.fund import Fund

if TYPE_CHECKING:  # the cache loads with the export
    from socinv.cache import CaseCache

Model = Mapping[str, Any]
#: what a record is read from besides case.yaml
KINDS = frozenset({"idea", "application", "report", "final_report", "project_plan"})
#: documents that only name people: read for the names to look for, never exported from
PEOPLE_KINDS = frozenset({"project_plan"})


def build(fund: Fund, today: dt.date,
          progress: Callable[[int, int], None] | None = None) -> dict[str, Any]:
    """The export of ``fund``: header and one record per case, in stage order.

    A UserError (exit 1) when an exported text would hold personal data, naming the
    file and the field; unreadable documents are exit 2 as in every report.
    """
    from socinv.fund.once import refuse_duplicates
    from socinv.reports.data import fund_settings
    from socinv.runner import parallel_map
    from socinv.validation import Options, fund_context

    ctx, _ = fund_context(fund, Options())
    settings = fund_settings(fund)
    cases = refuse_duplicates(fund)
    problems = fund.problems()
    if problems:  # a pooled table missing a case would be wrong, not incomplete
        raise UserError("\n".join(f"{f.file}: {f.message('sv')}" for f in problems)
                        + "\nExporten behöver alla ärenden. Inget skrevs.",
                        "\n".join(f"{f.file}: {f.message('en')}" for f in problems)
                        + "\nThe export needs every case. Nothing was written.")
    municipality = _text(settings.get("municipality")) or fund.profile.id
    rate = ctx.discount_rate

    def one(case: Any) -> tuple[dict[str, Any], list[Hit]]:
        from socinv.reports.data import load_case

        data = load_case(fund, case, ctx, KINDS)
        models = {kind: result.model for kind, result in data.documents.items()}
        reports = {period: result.model for period, result in data.reports.items()}
        # what the record is made from (where a hit is named), and who the case names
        sources: dict[str, Any] = {data.case_file: data.case}
        sources.update({result.file: result.model for kind, result in data.documents.items()
                        if result.model and kind not in PEOPLE_KINDS})
        sources.update({result.file: result.model for result in data.reports.values()
                        if result.model})
        people = [data.case, *(result.model for kind, result in data.documents.items()
                               if result.model and kind in PEOPLE_KINDS)]
        made = record(fund, municipality, {"stage": case.stage.key, **data.case}, models,
                      reports, ctx.unit_costs, rate)
        return made, scan_record(made, sources, people, data.case_file)

    results, cache = _kept_records(fund, cases, lambda todo: parallel_map(
        one, todo, progress=progress))
    hits = [hit for _, found in results for hit in found]
    if hits:
        raise refusal(hits)
    # written by ``cache.save_deferred`` once the export is: a refused one leaves the fund
    # as it was, its cache too
    cache.defer({f"{case.stage.dir}/{case.id}" for case in cases})
    records = [made for made, _ in results]
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "socinv_version": __version__,
        "exported": today.isoformat(),
        "funds": [{"municipality": municipality, "profile": fund.profile.id,
                   "currency": _text(settings.get("currency")) or "SEK",
                   "cases": len(records)}],
        "cases": records,
    }


#: raise when a record holds other fields or is made otherwise: the cache is then not read
CACHE_FORMAT = 1
def _kept_records(fund: Fund, cases: list[Any],
                  make: Callable[[list[Any]], list[tuple[dict[str, Any], list[Hit]]]]
                  ) -> tuple[list[tuple[dict[str, Any], list[Hit]]], CaseCache]:
    """Each case's record and privacy hits: from ``.socinv/cache/export-NN.json`` when the
    case folder is as it was (the stat signature of its files, as the validation cache keys
    its findings, and the fingerprint of socinv, the profile, fund.yaml, the unit costs and
    the day), else made by ``make`` from the documents; and the cache, with the new ones in
    it, for the caller to write once the export is. A record is plain JSON data: the cache
    holds exactly what the export writes."""
    from socinv.cache import CaseCache, fingerprint

    cache = CaseCache(fund.root, fingerprint(fund.root, fund.profile.raw, {
        "command": "export", "format": FORMAT, "schema": SCHEMA_VERSION,
        "cache": CACHE_FORMAT}), "export")
    names = [f"{case.stage.dir}/{case.id}" for case in cases]
    found: list[tuple[dict[str, Any], list[Hit]] | None] = [None] * len(cases)
    scans: list[Any] = [None] * len(cases)
    for index, name in enumerate(names):
        found[index], scans[index] = cache.lookup(name, _from_json)
    todo = [index for index, item in enumerate(found) if item is None]
    for index, made in zip(todo, make([cases[index] for index in todo]), strict=True):
        found[index] = made
        cache.store(names[index], scans[index], _to_json(made))
    return [item for item in found if item is not None], cache


def _to_json(made: tuple[dict[str, Any], list[Hit]]) -> list[Any]:
    record_, hits = made
    return [record_, [[hit.file, hit.field, hit.kind, hit.shown] for hit in hits]]


def _from_json(data: Any) -> tuple[dict[str, Any], list[Hit]] | None:
    """A kept record and its hits; None when the entry is not one this socinv wrote."""
    try:
        record_, hits = data
        if not isinstance(record_, dict) or not isinstance(hits, list):
            return None
        kept = [Hit(*hit) for hit in hits]
        if not all(isinstance(value, str) for hit in kept for value in
                   (hit.file, hit.field, hit.kind, hit.shown)):
            return None
        return record_, kept
    except (TypeError, ValueError):
        return None


def record(fund: Fund, municipality: str, case: Model, models: Mapping[str, Model | None],
           reports: Mapping[str, Model | None], unit_costs: Any,
           rate: float | None) -> dict[str, Any]:
    """One case as the schema's record (plain JSON values, dates as ISO text)."""
    application = models.get("application")
    doc: Model = application or models.get("idea") or {}
    final = models.get("final_report")
    decision = _map(case.get("decision"))
    granted = decision.get("outcome") == "granted" and _int(decision.get("total")) is not None
    figures = _figures(fund, application, decision, reports, final, unit_costs, rate, granted)
    closing = _map(case.get("closing"))
    target = _map(doc.get("target_group"))
    period = _map(doc.get("period"))
    return {
        "municipality": municipality,
        "profile": fund.profile.id,
        "case_id": _text(case.get("id")) or "",
        "title": _text(case.get("title")) or _text(doc.get("title")) or "",
        "registry_number": _text(case.get("registry_number")),
        "stage": _text(case.get("stage")) or "",
        "closing": {"outcome": _choice(closing.get("outcome"), "closing"),
                    "date": _date(closing.get("date"))}
        if _text(closing.get("outcome")) else None,
        "parties": [{"name": _text(party.get("name")),
                     "kind": _choice(party.get("kind"), "parties"),
                     "role": _text(party.get("role"))}
                    for party in map(_map, _list(doc.get("parties"))) if party],
        "target_group": {"description": _text(target.get("description")),
                         "age_min": _count(target.get("age_min")),
                         "age_max": _count(target.get("age_max")),
                         "size": _count(target.get("size"))} if target else None,
        "period": {"start": _date(period.get("start")), "end": _date(period.get("end"))}
        if period else None,
        "costs_per_year": _per_year_rows(doc.get("costs")),
        "co_financing_per_year": _per_year_rows(doc.get("co_financing")),
        "decision": {"outcome": _choice(decision.get("outcome"), "decision"),
                     "date": _date(decision.get("date")), "ref": _text(decision.get("ref")),
                     "total": _amount(decision.get("total")),
                     "per_year": _years(decision.get("per_year"))}
        if _text(decision.get("outcome")) else None,
        **figures,
        "recommendation": _choice(_map(final).get("recommendation"), "recommendation"),
    }


def _figures(fund: Fund, application: Model | None, decision: Model,
             reports: Mapping[str, Model | None], final: Model | None, unit_costs: Any,
             rate: float | None, granted: bool) -> dict[str, Any]:
    """forecast (every application), and outturn, units and effects (a granted case), as
    ``status`` computes them: :func:`socinv.economics.compute` and
    :func:`socinv.expost.ex_post` at the fund's rate, to the project's last year."""
    from socinv import economics, expost
    from socinv.fund.calendar import span_from

    none: dict[str, Any] = {"forecast": None, "outturn": None, "units": [], "effects": []}
    if not application:
        return none
    chosen = economics.DEFAULT_DISCOUNT_RATE if rate is None else rate
    forecast = economics.compute(application, unit_costs, discount_rate=chosen,
                                 defaults=economics.SavingsDefaults.from_profile(
                                     fund.profile.economics))
    if forecast is None:
        return none
    first, last = forecast.savings_period or (None, None)
    figures = {**none, "forecast": {
        "total_cost": forecast.total_cost, "total_savings": forecast.total_savings,
        "savings_per_year": _keyed(forecast.savings_per_year),
        "savings_from": first, "savings_to": last, "payback_year": forecast.payback_year,
        "npv": forecast.npv, "discount_rate": forecast.discount_rate}}
    if not granted:
        return figures
    span = span_from(dict(application), dict(decision))
    outcome = expost.ex_post(application, reports, final, fund.profile, unit_costs,
                             fund.language, discount_rate=chosen,
                             end_year=span[1].year if span else None)
    if outcome is None:
        return figures
    return {
        **figures,
        "outturn": {"cost_per_year": _keyed(outcome.cost_by_year),
                    "cost_to_date": outcome.cost_to_date,
                    "savings_per_year": _keyed(outcome.savings_by_year),
                    "measured_years": sorted(outcome.measured_years),
                    "realised_to_date": outcome.realised_to_date,
                    "net_to_date": outcome.net_to_date,
                    "payback_year": outcome.payback_year, "npv": outcome.npv},
        "units": [{"unit": unit.unit, "label": unit.label, "committee": unit.committee or None,
                   "forecast_per_year": unit.forecast_per_year,
                   "realised_per_year": _keyed(unit.realised), "error": unit.error}
                  for unit in outcome.units],
        "effects": [{"name": effect.name, "baseline": effect.baseline,
                     "target": effect.target, "result": effect.result, "met": effect.met}
                    for effect in outcome.effects],
    }


# -- plain values from a typed model (an invalid value is left out, never guessed) -----------

def _map(value: Any) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def _list(value: Any) -> list[Any]:
    return list(value) if isinstance(value, list | tuple) else []


def _text(value: Any) -> str | None:
    if isinstance(value, str):
        text = " ".join(value.split())
        return text or None
    return None


def _choice(value: Any, field: str) -> str | None:
    """A key the schema declares for ``field`` (the field's ``outcome``/``kind``), else
    None: a misspelt value in a document is left out, not exported as a new key."""
    from socinv.export_schema import choices

    text = _text(value)
    return text if text is not None and text in choices(field) else None


def _int(value: Any) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _count(value: Any) -> int | None:
    number = _int(value)
    return number if number is not None and number >= 0 else None


_amount = _int


def _date(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else None


def _keyed(values: Mapping[int, Any]) -> dict[str, Any]:
    return {str(year): values[year] for year in sorted(values)}


def _years(value: Any) -> dict[str, int]:
    found: dict[int, int] = {}
    for year, amount in _map(value).items():
        key = year if isinstance(year, int) else int(year) if str(year).isdigit() else None
        if key is not None and _int(amount) is not None:
            found[key] = amount
    return _keyed(found)


def _per_year_rows(rows: Any) -> dict[str, int]:
    found: dict[int, int] = {}
    for row in map(_map, _list(rows)):
        year, amount = _int(row.get("year")), _int(row.get("amount"))
        if year is not None and amount is not None:
            found[year] = found.get(year, 0) + amount
    return _keyed(found)
