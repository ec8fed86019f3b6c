"""Ex-post economics against hand-computed cases, to the krona.

The worked case (Ystad's cadence: interim, then annual; r = 3.5 %):

application: costs 2025 400 000, 2026 600 000 (base year 2025); units
  A "Undvikna HVB-dygn"  hvb_day (5 000 kr per day) × 60 a year = 300 000 a year
  B "Minskat bistånd"    100 000 a year
  savings period 2026–2030: forecast 400 000 a year.
reports:
  2025-interim  outcome 150 000                     (the annual figure wins)
  2025-annual   outcome 380 000, total 380 000; no realised savings → 2025 not measured
  2026-interim  outcome 300 000; A × 20 days = 100 000 (the annual rows win)
  2026-annual   outcome 640 000, total 1 020 000; A × 50 days = 250 000, B 60 000
  final         total 1 050 000; 2027: A 320 000 (B not measured); project ends 2027
cost per year: 2025 380 000, 2026 640 000, 2027 1 050 000 − 1 020 000 = 30 000
savings: 2025 not measured, 2026 310 000, 2027 320 000 → to date 630 000
net to date 630 000 − 1 050 000 = −420 000; cumulative 0/380 000, 310 000/1 020 000,
  630 000/1 050 000: no payback yet
NPV: −380 000 + (310 000 − 640 000)/1.035 + (320 000 − 30 000)/1.071225
   = −380 000 − 318 840.58 + 270 718.10 = −428 122.48 → −428 122
unit A: forecast 300 000 in 2026 and 2027 = 600 000, realised 570 000, error −30 000
unit B: measured 2026 only: forecast 100 000, realised 60 000, error −40 000
case: forecast over the measured years 700 000, error −70 000
"""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path
from typing import Any

import pytest

from socinv.expost import ExPost, ex_post, format_table, money
from socinv.profiles.loader import Profile, load_profile

REPO = Path(__file__).resolve().parent.parent
NBSP = "\u00a0"

UNIT_COSTS: dict[str, dict[str, Any]] = {
    "hvb_day": {"key": "hvb_day", "label": "HVB per dygn", "amount": 5000, "per": "day"},
}

APPLICATION: dict[str, Any] = {
    "period": {"start": dt.date(2025, 1, 1), "end": dt.date(2027, 3, 31)},
    "costs": [{"year": 2025, "amount": 400000}, {"year": 2026, "amount": 600000}],
    "effects": [
        {"description": "Stabila placeringar", "baseline": "2 avbrott per år",
         "target": "Högst 1 avbrott per år", "measure": "Antal avbrott"},
        {"description": "Bättre läsning",
         "measure": "Andel inom normalintervallet i standardiserade test"},
    ],
    "cost_reduction": {
        "units": [
            {"unit": "Undvikna HVB-dygn", "unit_cost": "hvb_day", "count_per_year": 60},
            {"unit": "Minskat bistånd", "amount_per_year": 100000},
        ],
        "period": {"from": 2026, "to": 2030},
    },
}

REPORTS: dict[str, dict[str, Any]] = {
    "2025-interim": {"finance": {"outcome": 150000}},
    "2025-annual": {
        "finance": {"outcome": 380000, "total_outcome": 380000},
        "realised_savings": [{"unit": "Undvikna HVB-dygn", "unit_cost": "hvb_day"}],  # blank
        "effects_achieved": [{"effect": "stabila placeringar.", "result": "1 avbrott",
                              "target_met": True}],
    },
    "2026-interim": {
        "finance": {"outcome": 300000},
        "realised_savings": [{"unit": "Undvikna HVB-dygn", "unit_cost": "hvb_day", "count": 20}],
    },
    "2026-annual": {
        "finance": {"outcome": 640000, "total_outcome": 1020000},
        "realised_savings": [
            {"unit": "Undvikna HVB-dygn", "unit_cost": "hvb_day", "count": 50,
             "committee": "Socialnämnden", "basis": "50 dygn färre än 2024"},
            {"unit": "minskat bistånd", "amount": 60000, "committee": "Socialnämnden"},
        ],
        "effects_achieved": [{"effect": "Bättre läsning", "result": "+10 procentenheter",
                              "target": "+15 procentenheter", "target_met": False}],
    },
}

FINAL: dict[str, Any] = {
    "finance": {"total_outcome": 1050000},
    "realised_savings": [{"year": 2027, "unit_cost": "hvb_day", "amount": 320000}],
}


@pytest.fixture(scope="module")
def ystad() -> Profile:
    return load_profile("ystad")


@pytest.fixture(scope="module")
def heby() -> Profile:
    return load_profile("heby")


@pytest.fixture(scope="module")
def region() -> Profile:
    return load_profile(REPO / "tests" / "profiles" / "region.yaml")


def _worked(profile: Profile) -> ExPost:
    result = ex_post(APPLICATION, REPORTS, FINAL, profile, UNIT_COSTS)
    assert result is not None
    return result


def test_the_worked_case_to_the_krona(ystad: Profile) -> None:
    result = _worked(ystad)
    assert result.forecast.savings_per_year[2026] == 400000
    assert result.cost_by_year == {2025: 380000, 2026: 640000, 2027: 30000}
    assert result.cost_to_date == 1050000
    assert result.savings_by_year == {2025: None, 2026: 310000, 2027: 320000}
    assert result.measured_years == [2026, 2027]
    assert result.realised_to_date == 630000
    assert result.net_to_date == -420000
    assert result.payback_year is None
    assert result.npv == -428122
    first, second = result.units
    assert (first.unit, first.label, first.forecast_per_year) == (
        "hvb_day", "Undvikna HVB-dygn", 300000)
    assert first.realised == {2025: None, 2026: 250000, 2027: 320000}
    assert (first.forecast_measured, first.error) == (600000, -30000)
    assert (first.committee, first.basis) == ("Socialnämnden", "50 dygn färre än 2024")
    assert second.realised == {2025: None, 2026: 60000, 2027: None}
    assert (second.forecast_measured, second.error) == (100000, -40000)
    assert (result.forecast_to_date, result.error) == (700000, -70000)


def test_effects_against_baseline_and_target(ystad: Profile) -> None:
    placements, reading = _worked(ystad).effects
    assert (placements.name, placements.baseline, placements.target, placements.result,
            placements.met, placements.source) == (
        "Stabila placeringar", "2 avbrott per år", "Högst 1 avbrott per år", "1 avbrott",
        True, "2025-annual")
    assert (reading.baseline, reading.target, reading.result, reading.met) == (
        None, "+15 procentenheter", "+10 procentenheter", False)


def test_nothing_measured_is_not_measured_never_zero(ystad: Profile) -> None:
    reports = {"2025-annual": {"finance": {"outcome": 380000}}}
    result = ex_post(APPLICATION, reports, None, ystad, UNIT_COSTS)
    assert result is not None
    assert result.cost_by_year == {2025: 380000}
    assert result.savings_by_year == {2025: None}
    assert result.measured_years == []
    assert (result.realised_to_date, result.net_to_date, result.payback_year, result.npv,
            result.error) == (None, None, None, None, None)
    assert [unit.error for unit in result.units] == [None, None]
    assert [effect.result for effect in result.effects] == [None, None]
    sv, en = format_table(result, "sv"), format_table(result, "en")
    assert re.search(r"Realiserade besparingar hittills:\s+inte mätt\n", sv)
    assert re.search(r"Realised savings to date:\s+not measured\n", en)
    assert re.search(r"Nuvärde på utfall:\s+inte mätt\n", sv)
    assert re.search(r"Återbetalningsår \(utfall\):\s+inte mätt\n", sv)
    # the year's forecast is 0 kr (savings from 2026); its realised saving is not measured
    assert re.search(f"^2025 +380{NBSP}000{NBSP}kr +0{NBSP}kr +inte mätt$", sv, re.M)
    assert re.search(r"^Netto hittills:\s+inte mätt$", sv, re.M)
    assert money(None, "sv") == "inte mätt" and money(0, "sv") == f"0{NBSP}kr"


def test_a_measured_zero_is_zero(ystad: Profile) -> None:
    reports = {"2026-annual": {"realised_savings": [{"unit": "Minskat bistånd", "amount": 0}]}}
    result = ex_post(APPLICATION, reports, None, ystad, UNIT_COSTS)
    assert result is not None
    assert result.savings_by_year == {2025: None, 2026: 0}
    assert result.realised_to_date == 0
    assert result.units[1].error == -100000


def test_payback_and_an_unplanned_unit(heby: Profile) -> None:
    """Heby: annual reports only. Cost 2025 100 000; realised 2026 60 000 and 2027 50 000
    (cumulative 110 000 ≥ 100 000 in 2027); a row naming no application unit is a unit of
    its own with no forecast. NPV: −100 000 + 60 000/1.035 + 50 000/1.071225
    = −100 000 + 57 971.01 + 46 675.53 = 4 646.54 → 4 647."""
    application = {"costs": [{"year": 2025, "amount": 100000}],
                   "cost_reduction": {"units": [{"unit": "Färre placeringar",
                                                 "amount_per_year": 40000}],
                                      "period": {"from": 2026, "to": 2028}}}
    reports: dict[str, Any] = {
        "2025-annual": {"finance": {"outcome": 100000}},
        "2026-annual": {"realised_savings": [{"unit": "Färre placeringar", "amount": 60000}]},
        "2027-annual": {"realised_savings": [{"unit": "Mindre försörjningsstöd",
                                              "amount": 50000}]}}
    result = ex_post(application, reports, None, heby, None)
    assert result is not None
    assert result.savings_by_year == {2025: None, 2026: 60000, 2027: 50000}
    assert result.payback_year == 2027
    assert result.net_to_date == 10000
    assert result.npv == 4647
    planned, unplanned = result.units
    assert (planned.forecast_measured, planned.error) == (40000, 20000)
    assert (unplanned.label, unplanned.forecast_per_year, unplanned.error) == (
        "Mindre försörjningsstöd", 0, 50000)


def test_region_counts_co_financing_and_its_periods(region: Profile) -> None:
    """Region: four-month reports (tertial1, tertial2, annual) and co-financing. Fund
    outcome 2026: tertial1 100 000, annual 300 000 (wins); co-financing 2026 100 000 →
    cost 400 000. Savings 2026: tertial2's 50 000 until the annual gives 120 000."""
    application = {"costs": [{"year": 2026, "amount": 300000}],
                   "co_financing": [{"year": 2026, "amount": 100000, "party": "Kommunen"}],
                   "cost_reduction": {"units": [{"unit": "Elevhälsa",
                                                 "amount_per_year": 200000}],
                                      "period": {"from": 2026, "to": 2027}}}
    reports: dict[str, Any] = {
        "2026-tertial1": {"finance": {"outcome": 100000}},
        "2026-tertial2": {"realised_savings": [{"unit": "Elevhälsa", "amount": 50000}]}}
    early = ex_post(application, reports, None, region, None)
    assert early is not None and early.savings_by_year == {2026: 50000}
    assert early.cost_by_year == {2026: 200000}
    reports["2026-annual"] = {"finance": {"outcome": 300000},
                              "realised_savings": [{"unit": "Elevhälsa", "amount": 120000}]}
    result = ex_post(application, reports, None, region, None)
    assert result is not None
    assert result.cost_by_year == {2026: 400000} and result.co_financing_to_date == 100000
    assert result.forecast.total_cost == 400000  # the forecast counts it the same way
    assert result.savings_by_year == {2026: 120000}
    assert (result.net_to_date, result.npv, result.units[0].error) == (-280000, -280000, -80000)


def test_no_application_economics_is_none(ystad: Profile) -> None:
    assert ex_post({"title": "En idé"}, REPORTS, FINAL, ystad, UNIT_COSTS) is None
    assert ex_post(None, {}, None, ystad, UNIT_COSTS) is None


def test_the_table_in_both_languages(ystad: Profile) -> None:
    result = _worked(ystad)
    sv = format_table(result, "sv")
    assert "Utfall hittills (ex post)" in sv
    assert f"2025  380{NBSP}000{NBSP}kr" in sv and "inte mätt" in sv
    assert "Nuvärde på utfall:" in sv and f"−428{NBSP}122{NBSP}kr" in sv
    assert "Prognosfel:" in sv and f"−70{NBSP}000{NBSP}kr" in sv
    assert "Återbetalningsår (utfall):" in sv and "inte ännu" in sv
    assert "Stabila placeringar: utgångsläge 2 avbrott per år" in sv
    en = format_table(result, "en")
    assert "NPV on outturn:" in en and f"SEK{NBSP}−428{NBSP}122" in en
    assert "not yet" in en and "target met yes" in en


def test_round_trip_through_json(ystad: Profile) -> None:
    result = _worked(ystad)
    data = json.loads(json.dumps(result.to_dict()))
    assert data["savings_by_year"] == {"2025": None, "2026": 310000, "2027": 320000}
    assert ExPost.from_dict(data) == result
