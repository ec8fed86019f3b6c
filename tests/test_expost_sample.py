"""A held-out check: the sample fund's ex-post figures recomputed here from the report files
themselves (plain YAML, arithmetic written out, none of socinv's readers or economics),
and compared with what status, validate --explain and the annual annex show."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from tests.conftest import run

CLOSED = "5-avslutade/2024-001-skolfam-skolstod-for-familjehemsplacerade-barn"
ACTIVE = "4-pagaende/2025-001-utokade-hembesok-for-forstagangsforaldrar"
NBSP = "\u00a0"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCINV_TODAY", "2026-11-22")


def _yaml(path: Path) -> Any:
    return YAML(typ="safe").load(path.read_text(encoding="utf-8"))


def _kr(value: Any) -> int:
    return int(re.sub(r"[\s\u00a0]|kr", "", str(value)))


def _kr_or_none(value: Any) -> int | None:
    return None if value is None else _kr(value)


def _round(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


def recompute(fund: Path, case: str) -> dict[str, Any]:
    """Ystad's periods: interim then annual; the annual one wins a year."""
    folder = fund / case
    app = _yaml(folder / "application.yaml")
    prices = {item["key"]: _kr(item["amount"]) for item in
              _yaml(fund / "unit_costs.yaml")["unit_costs"]}
    rate = Decimal(str(_yaml(fund / "fund.yaml").get("discount_rate") or "0.035"))
    planned = {int(row["year"]): _kr(row["amount"]) for row in app["costs"]}
    base = min(planned)
    first, last_saving = (int(app["cost_reduction"]["period"][k]) for k in ("from", "to"))

    def saving(row: dict[str, Any], amount: str, count: str) -> int | None:
        if row.get(amount) is not None:
            return _kr(row[amount])
        if row.get(count) is not None and row.get("unit_cost") in prices:
            return _round(Decimal(prices[row["unit_cost"]]) * Decimal(str(row[count])))
        return None

    units = app["cost_reduction"]["units"]
    forecast = [saving(unit, "amount_per_year", "count_per_year") or 0 for unit in units]
    outcome: dict[int, int] = {}
    realised: dict[int, dict[int, int]] = {}  # year → unit index → saving
    total = None
    for name in ("interim", "annual"):  # the annual report last: it wins its year
        for path in sorted((folder / "reports").glob(f"*-{name}.yaml")):
            year = int(path.name[:4])
            report = _yaml(path)
            finance = report.get("finance") or {}
            if finance.get("outcome") is not None:
                outcome[year] = _kr(finance["outcome"])
            rows = {index: value for index, row in enumerate(report.get("realised_savings") or [])
                    if (value := saving(row, "amount", "count")) is not None}
            if rows:
                realised[year] = rows
    for path in sorted((folder / "reports").glob("*.yaml")):  # the latest total to date
        total = _kr_or_none((_yaml(path).get("finance") or {}).get("total_outcome")) or total
    final_path = folder / "final_report.yaml"
    end = int(str(app["period"]["end"])[:4])
    last = max([base, *(int(p.name[:4]) for p in (folder / "reports").glob("*.yaml"))])
    if final_path.exists():
        final = _yaml(final_path)
        total = _kr(final["finance"]["total_outcome"])
        names = [unit["unit"] for unit in units]
        from_final: dict[int, dict[int, int]] = {}
        for row in final.get("realised_savings") or []:
            value = saving(row, "amount", "count")
            if value is not None:
                from_final.setdefault(int(row["year"]), {})[names.index(row["unit"])] = value
        realised = {**from_final, **realised}  # a year's latest report wins over the final
        last = max(last, end, *realised)
    years = list(range(base, last + 1))
    cost = {year: outcome.get(year, 0) for year in years}
    if total is not None and total > sum(cost.values()):
        cost[last] += total - sum(cost.values())
    savings = {year: sum(realised[year].values()) if year in realised else None
               for year in years}
    npv = sum((Decimal((savings[year] or 0) - cost[year]) / (1 + rate) ** (year - base)
               for year in years), Decimal(0))
    in_period = [year for year in years if first <= year <= last_saving]
    expected = sum(forecast[index] for year in in_period
                   for index in realised.get(year, {}))
    got = sum(sum(rows.values()) for rows in realised.values())
    return {"cost_to_date": sum(cost.values()),
            "savings_by_year": {str(year): value for year, value in savings.items()},
            "realised_to_date": got if realised else None,
            "forecast_to_date": expected if realised else None,
            "error": got - expected if realised else None,
            "npv": _round(npv) if realised else None}


def _money(value: int | None) -> str:
    if value is None:
        return "inte mätt"
    digits = f"{abs(value):,}".replace(",", NBSP)
    return f"{'−' if value < 0 else ''}{digits}{NBSP}kr"


@pytest.fixture(scope="module")
def fund(tmp_path_factory: pytest.TempPathFactory) -> Path:
    import shutil

    from tests.conftest import SAMPLE_FUND

    target = tmp_path_factory.mktemp("expost") / "fund"
    shutil.copytree(SAMPLE_FUND, target)
    return target


def test_the_figures_are_those_of_the_report_files(fund: Path) -> None:
    closed, active = recompute(fund, CLOSED), recompute(fund, ACTIVE)
    # the sample's story, written out: Skolfam 1 699 000 kr spent, 1 236 000 kr realised
    # (180 HVB days avoided and a pupil kept out of a special group from August 2025)
    assert closed["cost_to_date"] == 1699000 and closed["realised_to_date"] == 1236000
    assert closed["savings_by_year"] == {"2024": 208000, "2025": 722000, "2026": 306000}
    assert active["savings_by_year"] == {"2025": None, "2026": 136000}  # 2025: not measured
    # −540 000 + (722 000 − 951 000)/1.035 + 306 000/1.071225 = −475 601.65
    assert closed["npv"] == -475602


@pytest.mark.parametrize("case", [CLOSED, ACTIVE])
def test_status_validate_and_the_annex_show_the_same_figures(fund: Path, case: str) -> None:
    expected = recompute(fund, case)
    case_id = case.split("/")[1]
    status = run("status", "--fund", fund, "--format", "json").json()
    (row,) = [item for item in status["cases"] if item["id"] == case_id]
    shown = {key: row["ex_post"][key] for key in expected}
    assert shown == expected
    explain = run("validate", fund / case, "--explain", "--fund", fund, "--format",
                  "json").json()
    outturn = explain["ex_post"][f"{case}/application.yaml"]
    assert {key: outturn[key] for key in expected} == expected
    assert run("report", "annual", "--year", "2026", "--fund", fund, "--format", "md",
               "--force").code == 0
    annex = (fund / "reports" / "2026-arsredovisning-bilaga.md").read_text(encoding="utf-8")
    nr = "-".join(case_id.split("-")[:2])
    (line,) = [text for text in annex.splitlines()
               if text.startswith(f"| {nr} |") and "hittills" not in text
               and text.count("|") == 10 and _money(expected["cost_to_date"]) in text]
    cells = [cell.strip() for cell in line.strip("|").split("|")]
    assert cells[2] == _money(expected["cost_to_date"])
    assert cells[5:] == [_money(expected[key]) for key in (
        "realised_to_date", "forecast_to_date", "error", "npv")]
    assert cells[3] == _money(expected["savings_by_year"].get("2026"))
