"""socinv rebudget, the budget of a case's year, and the money checks around it.

Sample fund, 2025-001 (Utökade hembesök): granted 2025 700 000, 2026 900 000, 2027
800 000; 2025-annual outcome 538 000; 162 000 re-budgeted 2025 → 2026 (KS § 71), so
2025 has nothing left to move. For 2026 a test writes a 2026-annual report with outcome
1 000 000: budget 900 000 + 162 000 = 1 062 000, unused 62 000.
"""

from __future__ import annotations

import shutil
import signal
from pathlib import Path

import pytest

from socinv.io.yamlio import read_yaml
from tests.conftest import SAMPLE_FUND, run
from tests.workflow_helpers import ACTIVE, CLOSED, REVIEW, cli, data_snapshot, events, where

FUND_YAML = "fund.yaml"


def _annual_2026(fund: Path, outcome: int = 1_000_000) -> None:
    folder = fund / "4-pagaende" / ACTIVE / "reports"
    text = (folder / "2026-interim.yaml").read_text("utf-8")
    text = text.replace("period: 2026-interim", "period: 2026-annual").replace(
        "  outcome: 694000", f"  outcome: {outcome}")
    (folder / "2026-annual.yaml").write_text(text, "utf-8")


def _rebudget(fund: Path, *args: str) -> tuple[int, str]:
    result = run("rebudget", *args, "--fund", fund)
    return result.code, result.out + result.err


@pytest.mark.parametrize(("args", "message"), [
    ((ACTIVE, "--from", "2025", "--to", "2026", "--amount", "5000000", "--ref", "KS § 9"),
     "är mer än det outnyttjade 0 kr (2025: budget 700 000 kr − utfall 538 000 kr − redan "
     "ombudgeterat 162 000 kr)"),
    ((ACTIVE, "--from", "2026", "--to", "2028", "--amount", "1000", "--ref", "KS § 9"),
     "bara ombudgeteras till året efter, 2027, inte till 2028"),
    ((ACTIVE, "--from", "2026", "--to", "2027", "--amount", "1000"), "beslutsreferens saknas"),
    ((CLOSED, "--from", "2025", "--to", "2026", "--amount", "1000", "--ref", "KS § 9"),
     "är inte i genomförande"),
    ((REVIEW, "--from", "2026", "--to", "2027", "--amount", "1000", "--ref", "KS § 9"),
     "är inte i genomförande"),
])
def test_refusals_change_nothing(sample_fund: Path, args: tuple[str, ...], message: str) -> None:
    before = data_snapshot(sample_fund)
    code, out = _rebudget(sample_fund, *args)
    assert code == 1, out
    assert message in out.replace("\u00a0", " ") and "Traceback" not in out
    assert data_snapshot(sample_fund) == before


def test_the_annual_report_must_exist(sample_fund: Path) -> None:
    code, out = _rebudget(sample_fund, ACTIVE, "--from", "2026", "--to", "2027", "--amount",
                          "1000", "--ref", "KS § 9", "--lang", "en")
    assert code == 1 and "annual report 2026-annual with its outcome is missing" in out


def test_an_unknown_case_is_refused(sample_fund: Path) -> None:
    code, out = _rebudget(sample_fund, "2099-001-finns-inte", "--from", "2026", "--to",
                          "2027", "--amount", "1", "--ref", "KS § 9")
    assert code == 2 and "finns inte" in out


def test_a_rebudgeting_is_written_to_fund_yaml_and_history(sample_fund: Path) -> None:
    _annual_2026(sample_fund)
    original = (sample_fund / FUND_YAML).read_text("utf-8")
    dry = _rebudget(sample_fund, ACTIVE, "--from", "2026", "--to", "2027", "--amount",
                    "62 000", "--ref", "KS § 12", "--dry-run")
    assert dry[0] == 0 and (sample_fund / FUND_YAML).read_text("utf-8") == original
    code, out = _rebudget(sample_fund, ACTIVE, "--from", "2026", "--to", "2027", "--amount",
                          "62 000", "--ref", "KS § 12", "--date", "2027-03-20", "--by",
                          "Eva Controller", "--note", "Tolkkostnader")
    assert code == 0, out
    text = (sample_fund / FUND_YAML).read_text("utf-8")
    assert text.startswith(original.split("rebudgeting:")[0])  # everything above kept
    assert "# KS 2026-03-25, försenad rekrytering 2025" in text  # comments kept
    assert "# Balanskravsjusteringar per år" in text
    entry = read_yaml(sample_fund / FUND_YAML).data["rebudgeting"][-1]
    assert entry == {"case": ACTIVE, "from_year": "2026", "to_year": "2027",
                     "amount": "62000", "ref": "KS § 12", "date": "2027-03-20",
                     "by": "Eva Controller", "note": "Tolkkostnader"}
    assert events(sample_fund, ACTIVE)[-1] == "rebudget"
    # all of 2026's unused budget is moved: one krona more is refused
    code, out = _rebudget(sample_fund, ACTIVE, "--from", "2026", "--to", "2027", "--amount",
                          "1", "--ref", "KS § 13")
    assert code == 1 and "redan ombudgeterat 62" in out
    # 2027's budget is now 800 000 + 62 000, everywhere
    form = run("new", "report", ACTIVE, "--period", "2027-interim", "--fund", sample_fund)
    assert form.code == 0, form.err
    report = sample_fund / "4-pagaende" / ACTIVE / "reports" / "2027-interim.yaml"
    assert read_yaml(report).data["finance"]["budget"] == "862000"  # 800 000 + 62 000
    assert run("validate", "--fund", sample_fund).out.count("rebudget-invalid") == 0


def test_a_rebudgeting_beyond_the_years_funds_warns(sample_fund: Path) -> None:
    _annual_2026(sample_fund, outcome=62_000)  # 1 000 000 unused in 2026
    settings = sample_fund / FUND_YAML
    settings.write_text(settings.read_text("utf-8").replace(
        "    amount: 2500000\n    ref: \"KF § 187\"", "    amount: 1000000\n    ref: \"KF § 187\""),
        "utf-8")
    code, out = _rebudget(sample_fund, ACTIVE, "--from", "2026", "--to", "2027", "--amount",
                          "500000", "--ref", "KS § 12")
    assert code == 0, out
    assert "[rebudget-uncovered]" in out  # 1 000 000 − 800 000 granted = 200 000 left


def test_validate_checks_hand_edited_entries(sample_fund: Path) -> None:
    settings = sample_fund / FUND_YAML
    settings.write_text(settings.read_text("utf-8").replace(
        "    date: 2026-03-25\n",
        "    date: 2026-03-25\n"
        "  - case: 2099-009-finns-inte\n    from_year: 2025\n    to_year: 2026\n"
        "    amount: 1000\n    ref: KS § 1\n"
        "  - case: " + ACTIVE + "\n    from_year: 2025\n    to_year: 2027\n"
        "    amount: 5000000\n"), "utf-8")
    result = run("validate", "--fund", sample_fund)
    assert result.code == 1
    out = result.out.replace("\u00a0", " ")
    assert "rebudgeting[1] (2099-009-finns-inte, 2025 → 2026, 1 000 kr): ärendet finns inte" in out
    assert "rebudgeting[2]" in out and "beslutsreferens saknas" in out
    assert "inte till 2027" in out
    # the original 162 000 plus 5 000 000 is more than the 162 000 unused: both entries say so
    assert out.count("är mer än det outnyttjade") == 2


def test_a_report_with_the_wrong_budget_is_flagged(sample_fund: Path) -> None:
    report = sample_fund / "4-pagaende" / ACTIVE / "reports" / "2026-interim.yaml"
    report.write_text(report.read_text("utf-8").replace("budget: 1062000", "budget: 900000"),
                      "utf-8")
    out = run("validate", "--fund", sample_fund).out.replace("\u00a0", " ")
    assert "[report-budget-differs]" in out
    assert "årets budget för ärendet är 1 062 000 kr (beviljat 900 000 kr + ombudgeterat " \
           "162 000 kr)" in out


def test_an_on_track_interim_report_validates(sample_fund: Path) -> None:
    """31 August: 700 000 of 1 200 000 spent, the year's forecast on budget."""
    report = sample_fund / "4-pagaende" / ACTIVE / "reports" / "2026-interim.yaml"
    text = report.read_text("utf-8")
    start, end = text.index("finance:"), text.index("deviations:")
    report.write_text(text[:start] + "finance:\n  budget: 1062000\n  outcome: 620000\n"
                      "  forecast: 1050000\n  total_outcome: 1158000\n\n" + text[end:], "utf-8")
    result = run("validate", report, "--fund", sample_fund)
    assert result.code == 0, result.out
    report.write_text(report.read_text("utf-8").replace("forecast: 1050000",
                                                        "forecast: 800000"), "utf-8")
    result = run("validate", report, "--fund", sample_fund)
    assert result.code == 1 and "[forecast-deviation-comment]" in result.out


def test_a_grant_above_the_application_is_refused(sample_fund: Path) -> None:
    before = data_snapshot(sample_fund)
    result = run("decide", REVIEW, "--granted", "9000000", "--per-year",
                 "2027=3000000,2028=3000000,2029=3000000", "--ref", "KS § 201",
                 "--fund", sample_fund)
    assert result.code == 1
    out = (result.out + result.err).replace("\u00a0", " ")
    assert "Beviljat 9 000 000 kr är mer än ansökans totala kostnad 2 850 000 kr" in out
    assert data_snapshot(sample_fund) == before
    lower = run("decide", REVIEW, "--granted", "2500000", "--per-year",
                "2027=1000000,2028=900000,2029=600000", "--ref", "KS § 201",
                "--fund", sample_fund)
    assert lower.code == 0, lower.out + lower.err
    history = events(sample_fund, REVIEW)
    assert history[-1] == "decide"
    (stage,) = where(sample_fund, REVIEW)
    note = read_yaml(sample_fund / stage / REVIEW / "case.yaml").data["history"][-1]["note"]
    assert "Beviljat 2 500 000 kr (ansökt 2 850 000 kr)" in note.replace("\u00a0", " ")


@pytest.mark.parametrize("command", [
    ("report", "annual", "--year", "2025"), ("report", "interim", "--year", "2026"),
    ("status",), ("rebudget", ACTIVE, "--from", "2025", "--to", "2026", "--amount", "1",
                  "--ref", "KS § 1"),
    ("decide", REVIEW, "--granted", "2850000", "--per-year",
     "2027=1150000,2028=980000,2029=720000", "--ref", "KS § 201"),
])
def test_a_case_in_two_folders_stops_every_sum(sample_fund: Path,
                                               command: tuple[str, ...]) -> None:
    shutil.copytree(sample_fund / "5-avslutade" / CLOSED, sample_fund / "4-pagaende" / CLOSED)
    before = data_snapshot(sample_fund)
    result = run(*command, "--fund", sample_fund)
    out = result.out + result.err
    assert result.code == 1, out
    assert f"4-pagaende/{CLOSED} och 5-avslutade/{CLOSED}" in out or (
        f"5-avslutade/{CLOSED} och 4-pagaende/{CLOSED}" in out), out
    assert "socinv doctor" in out and "Traceback" not in out
    assert data_snapshot(sample_fund) == before


STEPS = ("journal-written", "case-temp-written", "fund-written", "case-written",
         "journal-removed")


@pytest.mark.parametrize("step", STEPS)
def test_a_rebudget_killed_at_every_step_is_rolled_back_or_completed(tmp_path: Path,
                                                                     step: str) -> None:
    fund = tmp_path / "fund"
    shutil.copytree(SAMPLE_FUND, fund)
    _annual_2026(fund)
    reference = tmp_path / "reference"
    shutil.copytree(fund, reference)
    args = ("rebudget", ACTIVE, "--from", "2026", "--to", "2027", "--amount", "62000",
            "--ref", "KS § 12", "--date", "2027-03-20", "--by", "Eva")
    done = cli(*args, "--fund", reference)
    assert done.returncode == 0, done.stdout + done.stderr
    original = data_snapshot(fund)
    crashed = cli(*args, "--fund", fund, env={"SOCINV_CRASH_AT": step})
    assert crashed.returncode == -signal.SIGKILL, crashed.stdout + crashed.stderr
    for path in fund.rglob("*.yaml"):
        if not any(part.startswith(".") for part in path.relative_to(fund).parts):
            read_yaml(path)
    repaired = run("doctor", "--repair", "--fund", fund)
    assert repaired.code == 0, repaired.out
    # case-temp-written first happens while fund.yaml is written: nothing had changed yet
    rolled_back = step in ("journal-written", "case-temp-written")
    if rolled_back:
        assert data_snapshot(fund) == original
    else:
        assert read_yaml(fund / FUND_YAML).data == read_yaml(reference / FUND_YAML).data
        assert (fund / FUND_YAML).read_text("utf-8") == (reference / FUND_YAML).read_text(
            "utf-8")
        assert events(fund, ACTIVE) == events(reference, ACTIVE)
    assert run("doctor", "--fund", fund).code == 0
