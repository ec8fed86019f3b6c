"""Economics against hand-computed cases, to the krona.

Every fixture writes its arithmetic out so a reader can check it with pen and
paper. Discount factors at r = 3.5 %:

    1.035^0 = 1
    1.035^1 = 1.035
    1.035^2 = 1.071225
    1.035^3 = 1.108717875
    1.035^4 = 1.147523000625
    1.035^5 = 1.187686305646875
"""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socinv.economics import (
    DEFAULT_DISCOUNT_RATE,
    BreakEven,
    Economics,
    EconomicsIssue,
    SavingsDefaults,
    Scenario,
    compute,
    format_table,
    issues,
)
from socinv.errors import ProfileError

NBSP = "\u00a0"

UNIT_COSTS: dict[str, dict[str, Any]] = {
    "hvb_placement_day": {"key": "hvb_placement_day", "label": "HVB per dygn", "amount": 5200,
                          "per": "day", "source": "Kolada", "price_year": 2024},
    "income_support_household_year": {"key": "income_support_household_year",
                                      "label": "Ekonomiskt bistånd per hushåll och år",
                                      "amount": 64000, "per": "year", "source": "Socialstyrelsen",
                                      "price_year": 2024},
    "free_year": {"key": "free_year", "label": "Gratis", "amount": 0, "per": "year",
                  "source": "test", "price_year": 2024},
}


def application(costs: list[tuple[int, int]], units: list[dict[str, Any]],
                period: tuple[int | None, int | None] | None = None,
                start: dt.date | None = None) -> dict[str, Any]:
    """An application with only what economics reads."""
    first, last = period or (None, None)
    return {
        "period": {"start": start, "end": None},
        "costs": [{"year": y, "amount": a, "specification": None} for y, a in costs],
        "cost_reduction": {"mechanism": None, "units": units,
                           "period": {"from": first, "to": last}},
    }


def direct(amount: int) -> dict[str, Any]:
    return {"unit": "Socialtjänsten", "amount_per_year": amount, "basis": "test",
            "unit_cost": None, "count_per_year": None}


def by_unit(key: str, count: float | None, name: str = "") -> dict[str, Any]:
    return {"unit": name, "amount_per_year": None, "basis": None, "unit_cost": key,
            "count_per_year": count}


def must(result: Economics | None) -> Economics:
    assert result is not None
    return result


# (1) amount_per_year with an explicit period; payback inside it.
#   costs   2027: 500 000   2028: 500 000   2029: 250 000   total 1 250 000
#   savings 300 000 a year, 2028–2032 (5 years)             total 1 500 000
#   year   cost      savings   net        cumulative
#   2027   500 000         0   −500 000   −500 000
#   2028   500 000   300 000   −200 000   −700 000
#   2029   250 000   300 000     50 000   −650 000
#   2030         0   300 000    300 000   −350 000
#   2031         0   300 000    300 000    −50 000
#   2032         0   300 000    300 000    250 000   ← payback 2032
FIXTURE_1 = application([(2027, 500_000), (2028, 500_000), (2029, 250_000)], [direct(300_000)],
                        period=(2028, 2032))


def test_fixture_1_amount_per_year_explicit_period() -> None:
    econ = must(compute(FIXTURE_1, UNIT_COSTS))
    assert econ.total_cost == 1_250_000
    assert econ.savings_period == (2028, 2032)
    assert econ.period_source == "application"
    assert econ.savings_per_year == dict.fromkeys(range(2028, 2033), 300_000)
    assert econ.total_savings == 1_500_000
    assert econ.net_per_year == {2027: -500_000, 2028: -200_000, 2029: 50_000, 2030: 300_000,
                                 2031: 300_000, 2032: 300_000}
    assert econ.cumulative_net == {2027: -500_000, 2028: -700_000, 2029: -650_000,
                                   2030: -350_000, 2031: -50_000, 2032: 250_000}
    assert econ.payback_year == 2032
    assert econ.break_even == []  # no unit-cost reductions
    assert issues(FIXTURE_1, UNIT_COSTS) == []


# (2) unit_cost × count_per_year with the profile's default period.
#   costs 2027: 400 000, 2028: 400 000 → total 800 000; base year 2027
#   default period: 2027 + 1 = 2028, five years → 2028–2032
#   HVB 5 200 kr/day × 45.5 days              = 236 600
#   income support 64 000 kr/household × 2    = 128 000
#   savings per year                           = 364 600; × 5 = 1 823 000
#   year   cost      savings   net        cumulative
#   2027   400 000         0   −400 000   −400 000
#   2028   400 000   364 600    −35 400   −435 400
#   2029         0   364 600    364 600    −70 800
#   2030         0   364 600    364 600    293 800   ← payback 2030
#   2031         0   364 600    364 600    658 400
#   2032         0   364 600    364 600  1 023 000   (= 1 823 000 − 800 000)
FIXTURE_2 = application([(2027, 400_000), (2028, 400_000)],
                        [by_unit("hvb_placement_day", 45.5, "HVB"),
                         by_unit("income_support_household_year", 2, "Ekonomiskt bistånd")])


def test_fixture_2_unit_cost_default_period() -> None:
    econ = must(compute(FIXTURE_2, UNIT_COSTS))
    assert econ.total_cost == 800_000
    assert econ.savings_period == (2028, 2032)
    assert econ.period_source == "profile_default"
    assert econ.savings_per_year == dict.fromkeys(range(2028, 2033), 364_600)
    assert econ.total_savings == 1_823_000
    assert econ.net_per_year == {2027: -400_000, 2028: -35_400, 2029: 364_600,
                                 2030: 364_600, 2031: 364_600, 2032: 364_600}
    assert econ.cumulative_net == {2027: -400_000, 2028: -435_400, 2029: -70_800,
                                   2030: 293_800, 2031: 658_400, 2032: 1_023_000}
    assert econ.payback_year == 2030


def test_profile_defaults_change_the_period() -> None:
    # offset 2, 3 years: 2027 + 2 = 2029 … 2031; 3 × 364 600 = 1 093 800
    defaults = SavingsDefaults.from_profile({"savings_start_offset": 2, "savings_years": 3})
    assert defaults == SavingsDefaults(start_offset=2, years=3)
    econ = must(compute(FIXTURE_2, UNIT_COSTS, defaults=defaults))
    assert econ.savings_period == (2029, 2031)
    assert econ.total_savings == 1_093_800
    assert SavingsDefaults.from_profile({}) == SavingsDefaults(1, 5)
    with pytest.raises(ProfileError):
        SavingsDefaults.from_profile({"savings_years": 0})


def test_reversed_or_partial_period_falls_back_to_default() -> None:
    for period in ((2032, 2028), (2028, None), (None, 2032)):
        econ = must(compute(application([(2027, 100)], [direct(10)], period=period), None))
        assert (econ.savings_period, econ.period_source) == ((2028, 2032), "profile_default")


def test_count_rounds_half_up() -> None:
    # 64 000 × 0.0000078125 = 0.5 → 1 (banker's rounding would give 0);
    # 5 200 × 0.25 = 1 300 exactly
    units = [by_unit("income_support_household_year", 0.0000078125),
             by_unit("hvb_placement_day", 0.25)]
    econ = must(compute(application([(2027, 0)], units, period=(2027, 2027)), UNIT_COSTS))
    assert econ.savings_per_year == {2027: 1_301}


# (3) never pays back.
#   cost 2027: 1 000 000; savings 100 000 a year, 2028–2030 → 300 000
#   cumulative: 2027 −1 000 000, 2028 −900 000, 2029 −800 000, 2030 −700 000 → no payback
FIXTURE_3 = application([(2027, 1_000_000)], [direct(100_000)], period=(2028, 2030))


def test_fixture_3_never_pays_back() -> None:
    econ = must(compute(FIXTURE_3, UNIT_COSTS))
    assert econ.cumulative_net == {2027: -1_000_000, 2028: -900_000, 2029: -800_000,
                                   2030: -700_000}
    assert econ.payback_year is None
    assert issues(FIXTURE_3, UNIT_COSTS) == [EconomicsIssue(
        "savings-never-cover", ("cost_reduction",),
        {"total_cost": 1_000_000, "total_savings": 300_000, "last_year": 2030})]


def test_no_costs_no_savings_has_no_payback_and_no_warning() -> None:
    # total cost 0, savings 0: cumulative 0 ≥ 0 every year, but nothing was ever saved
    app = application([(2027, 0)], [])
    econ = must(compute(app, UNIT_COSTS))
    assert econ.payback_year is None
    assert issues(app, UNIT_COSTS) == []


# (4) net present value at r = 3.5 %, base year 2027 (the first cost year).
#   Small case: cost 2027: 100 000; savings 60 000 in 2028 and 2029
#     −100 000 / 1                =  −100 000.00
#      60 000  / 1.035            =    57 971.01
#      60 000  / 1.071225         =    56 010.64
#     NPV                         =    13 981.65 → 13 982
#     (at r = 0: −100 000 + 60 000 + 60 000 = 20 000)
#   Fixture 1 (nets from the table above):
#     −500 000 / 1                 = −500 000.00
#     −200 000 / 1.035             = −193 236.71
#       50 000 / 1.071225          =   46 675.54
#      300 000 / 1.108717875       =  270 582.81
#      300 000 / 1.147523000625    =  261 432.67
#      300 000 / 1.187686305646875 =  252 591.95
#     NPV                          =  138 046.26 → 138 046
def test_fixture_4_npv_by_hand() -> None:
    small = application([(2027, 100_000)], [direct(60_000)], period=(2028, 2029))
    econ = must(compute(small, None))
    assert econ.discount_rate == DEFAULT_DISCOUNT_RATE == 0.035
    assert econ.npv == 13_982
    assert must(compute(small, None, discount_rate=0.0)).npv == 20_000
    assert must(compute(FIXTURE_1, UNIT_COSTS)).npv == 138_046


def test_npv_rounds_half_up_and_rejects_bad_rates() -> None:
    # cost 2027: 0; saving 1 kr in 2028; r = 100 %: 1 / 2 = 0.5 → 1 (not 0)
    app = application([(2027, 0)], [direct(1)], period=(2028, 2028))
    assert must(compute(app, None, discount_rate=1.0)).npv == 1
    for rate in (-1.0, float("nan")):
        with pytest.raises(ValueError, match="discount rate"):
            compute(app, None, discount_rate=rate)


# (5) break-even for two units (fixture 2: total cost 800 000, savings period 5 years).
#   HVB 5 200 kr/day:       800 000 / (5 200 × 5)  = 30.77 → 31 days a year
#                           800 000 / (5 200 × 4)  = 38.46 → 39 within a term
#   income support 64 000:  800 000 / (64 000 × 5) = 2.5   → 3 households a year
#                           800 000 / (64 000 × 4) = 3.125 → 4 within a term
def test_fixture_5_break_even_two_units() -> None:
    econ = must(compute(FIXTURE_2, UNIT_COSTS))
    assert econ.break_even == [
        BreakEven("HVB", "hvb_placement_day", 5200, "day", 31, 39),
        BreakEven("Ekonomiskt bistånd", "income_support_household_year", 64000, "year", 3, 4),
    ]


def test_break_even_exact_division_and_zero_amount() -> None:
    # 640 000 / (64 000 × 5) = 2 exactly → 2 (no rounding up); / (64 000 × 4) = 2.5 → 3
    # a unit cost of 0 kr can never break even → None
    app = application([(2027, 640_000)], [by_unit("income_support_household_year", 1),
                                           by_unit("free_year", 3)])
    econ = must(compute(app, UNIT_COSTS))
    assert [(b.individuals_per_year, b.individuals_per_year_term) for b in econ.break_even] == [
        (2, 3), (None, None)]


# (6) sensitivity on fixture 1 (costs 500 000, 500 000, 250 000 in 2027–2029).
#   50 %: savings 150 000 a year 2028–2032
#     net −500 000, −350 000, −100 000, 150 000, 150 000, 150 000
#     cumulative −500 000, −850 000, −950 000, −800 000, −650 000, −500 000 → no payback
#     NPV: −500 000 − 338 164.25 − 93 351.07 + 135 291.41 + 130 716.33 + 126 295.98
#        = −539 211.60 → −539 212
#   150 %: savings 450 000 a year 2028–2032
#     net −500 000, −50 000, 200 000, 450 000, 450 000, 450 000
#     cumulative −500 000, −550 000, −350 000, 100 000 → payback 2030
#     NPV: −500 000 − 48 309.18 + 186 702.14 + 405 874.22 + 392 149.00 + 378 887.93
#        = 815 304.11 → 815 304
def test_fixture_6_sensitivity() -> None:
    econ = must(compute(FIXTURE_1, UNIT_COSTS))
    assert econ.sensitivity == {"50": Scenario(0.5, None, -539_212),
                                "150": Scenario(1.5, 2030, 815_304)}


def test_sensitivity_rounds_each_year_half_up() -> None:
    # savings 5 a year: × 0.5 = 2.5 → 3, × 1.5 = 7.5 → 8; cost 2027: 5
    # 50 %: cumulative 2027 −5, 2028 −2, 2029 +1 → payback 2029; r = 0: NPV = −5 + 3 + 3 = 1
    # 150 %: cumulative 2027 −5, 2028 +3 → payback 2028;        NPV = −5 + 8 + 8 = 11
    app = application([(2027, 5)], [direct(5)], period=(2028, 2029))
    econ = must(compute(app, None, discount_rate=0))
    assert econ.sensitivity == {"50": Scenario(0.5, 2029, 1), "150": Scenario(1.5, 2028, 11)}


# (7) unknown unit-cost key → error issue; the unit saves 0.
def test_fixture_7_unknown_unit_cost() -> None:
    app = application([(2027, 100_000)], [direct(60_000), by_unit("hvb_placement_dy", 10)],
                      period=(2028, 2029))
    found = issues(app, UNIT_COSTS)
    assert [(i.code, i.path) for i in found] == [
        ("unknown-unit-cost", ("cost_reduction", "units", 1, "unit_cost"))]
    assert found[0].params["value"] == "hvb_placement_dy"
    assert found[0].params["suggestion"] == {"sv": " Menade du hvb_placement_day?",
                                             "en": " Did you mean hvb_placement_day?"}
    econ = must(compute(app, UNIT_COSTS))
    assert econ.savings_per_year == {2028: 60_000, 2029: 60_000}  # the unknown unit adds 0
    assert econ.break_even == []
    # no unit-cost library at all (a file outside a fund): said so, not counted as 0 silently
    assert [(i.code, i.params) for i in issues(app, None)] == [
        ("unit-costs-unknown", {"value": "hvb_placement_dy"})]
    assert [i.code for i in issues(app, {})] == ["unknown-unit-cost"]


# (8) savings before the project starts → warning.
def test_fixture_8_savings_before_start() -> None:
    # period.start 2027-01-01, savings claimed from 2026
    app = application([(2027, 100_000)], [direct(60_000)], period=(2026, 2029),
                      start=dt.date(2027, 1, 1))
    assert issues(app, UNIT_COSTS) == [EconomicsIssue(
        "savings-before-start", ("cost_reduction", "period", "from"),
        {"year": 2026, "start_year": 2027})]
    # without period.start the base year (first cost year, 2028) is the start
    app = application([(2028, 100_000)], [direct(60_000)], period=(2027, 2030))
    assert [(i.code, i.params) for i in issues(app, UNIT_COSTS)] == [
        ("savings-before-start", {"year": 2027, "start_year": 2028})]
    # savings starting in the first year itself are fine
    app = application([(2027, 100_000)], [direct(60_000)], period=(2027, 2029))
    assert issues(app, UNIT_COSTS) == []


def test_nothing_to_compute() -> None:
    assert compute({}, None) is None
    assert compute(application([], [direct(5)], period=(2028, 2030)), None) is None
    blank_rows = {"costs": [{"year": 2027, "amount": None}, {"year": None, "amount": 5}]}
    assert compute(blank_rows, UNIT_COSTS) is None


def test_to_dict_keys_and_json() -> None:
    data = must(compute(FIXTURE_2, UNIT_COSTS)).to_dict()
    assert set(data) == {"total_cost", "savings_per_year", "total_savings", "net_per_year",
                         "cumulative_net", "payback_year", "npv", "break_even", "sensitivity",
                         "discount_rate", "savings_period", "period_source"}
    assert data["savings_per_year"]["2028"] == 364_600
    assert data["cumulative_net"]["2032"] == 1_023_000
    assert data["savings_period"] == {"from": 2028, "to": 2032}
    assert data["period_source"] == "profile_default"
    assert must(compute(FIXTURE_1, UNIT_COSTS)).to_dict()["sensitivity"] == {
        "50": {"factor": 0.5, "payback_year": None, "npv": -539_212},
        "150": {"factor": 1.5, "payback_year": 2030, "npv": 815_304}}
    assert data["break_even"][0] == {
        "unit": "HVB", "unit_cost": "hvb_placement_day", "amount": 5200, "per": "day",
        "individuals_per_year": 31, "individuals_per_year_term": 39}
    assert json.loads(json.dumps(data)) == data


def test_format_table_swedish() -> None:
    table = format_table(must(compute(FIXTURE_1, UNIT_COSTS)))
    assert f"1{NBSP}250{NBSP}000{NBSP}kr" in table  # total cost
    assert f"1{NBSP}500{NBSP}000{NBSP}kr" in table  # total savings
    assert f"−700{NBSP}000{NBSP}kr" in table  # cumulative 2028
    assert "Återbetalningsår" in table and "2032" in table
    assert f"Nuvärde vid 3,5{NBSP}%" in table and f"138{NBSP}046{NBSP}kr" in table
    assert "inte inom perioden" in table  # the 50 % scenario
    lines = table.splitlines()
    assert lines[0].split() == ["År", "Kostnad", "Besparing", "Netto", "Ackumulerat"]
    assert lines[1].startswith("2027")


def test_format_table_english_and_break_even() -> None:
    table = format_table(must(compute(FIXTURE_2, UNIT_COSTS)), lang="en")
    assert f"SEK{NBSP}800{NBSP}000" in table
    assert "Payback year" in table and "NPV at 3.5 %" in table
    assert "31 per year over the period, 39 per year within an electoral term" in table
    assert "profile's default period" in table
    assert "not within the period" in format_table(must(compute(FIXTURE_3, None)), lang="en")
    sv = format_table(must(compute(FIXTURE_2, UNIT_COSTS)))
    assert f"Brytpunkt HVB (5{NBSP}200{NBSP}kr per dygn)" in sv


# (9) random partial dicts never crash compute, issues or format_table.
junk = st.one_of(st.none(), st.booleans(), st.text(max_size=4), st.floats(),
                 st.lists(st.integers(), max_size=2))
years = st.integers(1900, 2200)
amounts = st.integers(-10**9, 10**9)


def optional(**fields: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(junk, st.fixed_dictionaries({}, optional={
        key: st.one_of(st.none(), value, junk) for key, value in fields.items()}))


applications = optional(
    period=optional(start=st.dates(dt.date(1900, 1, 1), dt.date(2200, 12, 31)),
                    end=st.dates()),
    costs=st.lists(optional(year=years, amount=amounts, specification=st.text(max_size=3)),
                   max_size=4),
    cost_reduction=optional(
        mechanism=st.text(max_size=3),
        units=st.lists(optional(
            unit=st.text(max_size=3), amount_per_year=amounts, basis=st.text(max_size=3),
            unit_cost=st.sampled_from([*UNIT_COSTS, "nope", "", "broken"]),
            count_per_year=st.one_of(st.floats(), st.integers(-1000, 10**6))), max_size=4),
        period=optional(**{"from": years, "to": years})),
)
libraries = st.sampled_from([None, {}, UNIT_COSTS,
                             {"broken": {"key": "broken", "amount": None, "per": None}}])


@settings(max_examples=300, deadline=None)
@given(app=applications, unit_costs=libraries)
def test_partial_input_never_crashes(app: Any, unit_costs: Any) -> None:
    econ = compute(app, unit_costs)
    found = issues(app, unit_costs)
    assert all(i.code in {"unknown-unit-cost", "savings-never-cover", "savings-before-start"}
               for i in found)
    if econ is None:
        return
    assert list(econ.cumulative_net.values())[-1] == sum(econ.net_per_year.values())
    assert sum(econ.net_per_year.values()) == econ.total_savings - econ.total_cost
    json.dumps(econ.to_dict())
    assert format_table(econ) and format_table(econ, lang="en")
