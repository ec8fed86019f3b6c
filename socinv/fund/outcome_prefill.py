"""What a blank report or final report carries from the application: its units and effects.

The one place that pre-fills the outcome part of ``socinv new report`` and
``socinv new final-report`` (YAML and Word alike):

- ``realised_savings[]``: one row per unit of the application's ``cost_reduction.units``,
  with its name (``unit``) and, when the application counts it by a unit cost, the
  unit cost's key, so the person writes either ``amount`` or ``count`` (as in the
  application) and the ``basis``; the final report's rows carry the project's last year.
  A row left without amount or count is "not measured", never 0.
- ``effects_achieved[]``: one row per effect of the application, with its baseline and
  target from the measurement plan and the measurement points of the year (all of them
  in the final report), so the person writes the result and whether the target was met.
"""

from __future__ import annotations

from typing import Any


def report_outcomes(application: dict[str, Any], year: int) -> dict[str, Any]:
    """The pre-fill of a progress report of ``year``."""
    return {"effects_achieved": _effects(application, year),
            "realised_savings": _units(application, None)}


def final_outcomes(application: dict[str, Any], end_year: int | None) -> dict[str, Any]:
    """The pre-fill of a final report; ``end_year``: the project's last year."""
    return {"realised_savings": _units(application, end_year),
            "effects_achieved": _effects(application, None)}


def _units(application: dict[str, Any], year: int | None) -> list[dict[str, Any]]:
    reduction = application.get("cost_reduction")
    units = reduction.get("units") if isinstance(reduction, dict) else None
    rows: list[dict[str, Any]] = []
    for unit in units if isinstance(units, list) else []:
        if not isinstance(unit, dict) or not (unit.get("unit") or unit.get("unit_cost")):
            continue
        row: dict[str, Any] = {"year": year} if year is not None else {}
        row["unit"] = unit.get("unit") or unit.get("unit_cost")
        if unit.get("unit_cost"):
            row["unit_cost"] = unit["unit_cost"]
        rows.append(row)
    return rows


def _effects(application: dict[str, Any], year: int | None) -> list[dict[str, Any]]:
    effects = application.get("effects")
    rows: list[dict[str, Any]] = []
    for effect in effects if isinstance(effects, list) else []:
        if not isinstance(effect, dict) or not effect.get("description"):
            continue
        row = {"effect": effect["description"]}
        row.update({key: effect[key] for key in ("baseline", "target") if effect.get(key)})
        row["measured_at"] = _points(effect.get("measured_at") or [], year)
        rows.append(row)
    return rows


def _points(points: list[Any], year: int | None) -> str | None:
    """The application's measurement points for this year (all of them if none names it,
    or for the final report)."""
    texts = [str(point) for point in points if point]
    this_year = [text for text in texts if year is not None and str(year) in text]
    return "; ".join(this_year or texts) or None
