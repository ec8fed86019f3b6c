"""Outside a fund the unit costs are unknown: socinv says so (not a silent 0 and a
"savings never cover" warning), and --unit-costs FILE gives them."""

from __future__ import annotations

import shutil
from pathlib import Path

from tests.conftest import SAMPLE_FUND, run

MAILED = (SAMPLE_FUND / "2-ansokningar" / "2026-003-vagen-till-arbete-ips-for-unga-vuxna"
          / "application.yaml")


def _mailed(tmp_path: Path) -> Path:
    shutil.copy(MAILED, tmp_path / "ansokan.yaml")
    return tmp_path


def test_unknown_unit_costs_are_named(tmp_path: Path) -> None:
    result = run("validate", "ansokan.yaml", "--profile", "ystad", "--format", "json",
                 cwd=_mailed(tmp_path))
    assert result.code == 1
    codes = {finding["code"]: finding for finding in result.json()["findings"]}
    assert "savings-never-cover" not in codes
    unknown = codes["unit-costs-unknown"]
    assert unknown["severity"] == "warning"
    assert unknown["field"] == "cost_reduction.units[0].unit_cost"
    assert ("income_support_household_year, youth_employment_measure_year" in
            unknown["message"])
    assert "--unit-costs unit_costs.yaml" in unknown["message"]


def test_unit_costs_option_counts_them_as_in_the_fund(tmp_path: Path) -> None:
    mailed = _mailed(tmp_path) / "ansokan.yaml"
    # the mailed application's 2031 row is "125 000,50" (no whole krona): with an invalid
    # cost row there are no economics at all, so the row is mended to what the fund counts
    text = mailed.read_text(encoding="utf-8")
    mailed.write_text(text.replace('amount: "125 000,50"', "amount: 125000"), encoding="utf-8")
    shutil.copy(SAMPLE_FUND / "unit_costs.yaml", tmp_path / "unit_costs.yaml")
    result = run("validate", "ansokan.yaml", "--profile", "ystad", "--unit-costs",
                 "unit_costs.yaml", "--explain", cwd=tmp_path)
    assert result.code == 1
    assert "unit-costs-unknown" not in result.out
    assert "Total besparing 2028–2035:" in result.out
    assert "8\u00a0656\u00a0000\u00a0kr" in result.out  # as in the fund's status table
    english = run("--lang", "en", "validate", "ansokan.yaml", "--profile", "ystad",
                  "--unit-costs", "unit_costs.yaml", "--explain", cwd=tmp_path)
    assert "Total savings 2028–2035:" in english.out


def test_unit_costs_file_that_does_not_exist(tmp_path: Path) -> None:
    _mailed(tmp_path)
    (tmp_path / "unit_costs.yaml").write_text("unit_costs: []\n", encoding="utf-8")
    result = run("validate", "ansokan.yaml", "--profile", "ystad", "--unit-costs",
                 "unit_cost.yaml", cwd=tmp_path)
    assert result.code == 2
    assert "unit_cost.yaml finns inte. Menade du unit_costs.yaml?" in result.err


def test_unit_costs_option_is_refused_inside_a_fund(sample_fund: Path) -> None:
    result = run("validate", "--unit-costs", "unit_costs.yaml", cwd=sample_fund)
    assert result.code == 2
    assert "är en fond: där gäller fondens unit_costs.yaml" in result.err


def test_a_unit_cost_may_be_named_as_in_the_funds_list(sample_fund: Path) -> None:
    """The form asks for the unit cost by its name in the fund's list, not its key: the
    name gives the same economics as the key."""
    case = "2-ansokningar/2026-002-tidiga-insatser-vid-problematisk-skolfranvaro"
    before = run("validate", sample_fund / case, "--explain", "--format", "json")
    path = sample_fund / case / "application.yaml"
    text = path.read_text(encoding="utf-8")
    named = text.replace("unit_cost: hvb_placement_day", "unit_cost: Placering på HVB (hem "
                         "för vård eller boende), barn och unga, per dygn")
    assert named != text
    path.write_text(named, encoding="utf-8")
    after = run("validate", sample_fund / case, "--explain", "--format", "json")
    assert after.code == before.code
    (was,) = before.json()["economics"].values()
    (now,) = after.json()["economics"].values()
    changed = {key for key in was if was[key] != now[key]}
    assert changed <= {"units", "break_even"}, changed  # the rows name what the file says
    assert [{**row, "unit_cost": None} for row in now["break_even"]] == [
        {**row, "unit_cost": None} for row in was["break_even"]]
    assert now["total_savings"] == was["total_savings"] == 18_738_000
    assert "unknown-unit-cost" not in after.out
