"""``socinv status`` and the reporting calendar: what is granted, spent, due and late."""

from __future__ import annotations

from pathlib import Path

import pytest

from socinv.fund.fund import Fund
from socinv.fund.status import portfolio, to_dict
from tests.conftest import run
from tests.workflow_helpers import ACTIVE, APPLICATION_BAD, CLOSED, IDEA, REVIEW, TODAY


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCINV_TODAY", TODAY)


def test_status_table_shows_every_case(sample_fund: Path) -> None:
    result = run("status", "--fund", sample_fund)
    assert result.code == 0
    lines = result.out.splitlines()
    assert lines[0].split() == ["Ärende", "Steg", "Titel", "Beviljat", "Utfall",
                                "Nästa", "rapport", "Hinder"]
    active = next(line for line in lines if line.startswith(ACTIVE))
    assert "Genomförande" in active and "2\u00a0400\u00a0000\u00a0kr" in active
    assert "1\u00a0232\u00a0000\u00a0kr" in active  # total to date in the 2026 interim report
    assert "2026-annual (2026-12-31)" in active
    closed = next(line for line in lines if line.startswith(CLOSED))
    assert "Avslutad (delvis implementerad)" in closed
    assert "1\u00a0699\u00a0000\u00a0kr" in closed  # the final report's total
    assert sum(line.startswith(("2024-", "2025-", "2026-")) for line in lines) == 7
    assert "7 ärenden. Beviljat 4\u00a0160\u00a0000\u00a0kr" in result.out
    assert "Hinder för nästa steg:" in result.out
    assert f"{APPLICATION_BAD} → Beredning och beslut:" in result.out
    assert f"… och 5 till: socinv advance {APPLICATION_BAD} --dry-run" in result.out


def test_status_filters_by_stage_and_speaks_english(sample_fund: Path) -> None:
    result = run("status", "--stage", "active", "--stage", "3-beredning", "--lang", "en",
                 "--fund", sample_fund)
    assert result.code == 0
    assert result.out.splitlines()[0].startswith("Case")
    ids = [line.split()[0] for line in result.out.splitlines()[1:3]]
    assert ids == [REVIEW, ACTIVE]
    assert "2 cases. Granted SEK\u00a02\u00a0400\u00a0000" in result.out
    assert run("status", "--stage", "nowhere", "--fund", sample_fund).code == 2


def test_status_json_is_the_portfolio(sample_fund: Path) -> None:
    result = run("status", "--format", "json", "--fund", sample_fund)
    data = result.json()
    fund = Fund.open(sample_fund)
    import datetime as dt

    money = data.pop("money")
    assert data == to_dict(portfolio(fund, dt.date(2026, 11, 22)), "sv", dt.date(2026, 11, 22))
    # the fund's money for 2026, by the annex's definitions (docs/reports.md, by hand)
    assert (money["year"], money["model"], money["opening"], money["allocated"],
            money["granted"], money["rebudgeted_in"], money["unallocated"]) == (
        2026, "equity_reserve", 6_163_000, 2_500_000, 900_000, 162_000, 1_438_000)
    assert [(c["year"], c["granted"], c["allocated"], c["remaining"])
            for c in money["commitments"]] == [(2027, 800_000, 2_500_000, 1_700_000)]
    rows = {row["id"]: row for row in data["cases"]}
    assert rows[ACTIVE]["granted"] == 2400000 and rows[ACTIVE]["spent"] == 1232000
    assert rows[ACTIVE]["next_report"] == {"period": "2026-annual", "due": "2026-12-31"}
    assert rows[IDEA]["blockers"] == [] and rows[IDEA]["next_stage"] == "application"
    assert rows[REVIEW]["blockers"][0]["code"] == "gate-no-decision"
    assert rows[CLOSED]["outcome"] == "partly_implemented"
    # realised: Skolfam 1 236 000 kr, the home visits 136 000 kr in 2026; their 2025 is
    # not measured (absent, not zero)
    assert rows[ACTIVE]["realised_savings"] == {"2026": 136000}
    assert rows[ACTIVE]["ex_post"]["savings_by_year"]["2025"] is None
    assert data["totals"] == {"granted": 4160000, "spent": 2931000,
                              "realised_savings": 1372000,
                              "repayment": None}  # Ystad has no repayment


def test_overdue_reports_in_status_and_validate(sample_fund: Path) -> None:
    # Ystad's profile allows 45 days after the period's end (reporting.grace_days).
    late = run("status", "--today", "2027-02-20", "--format", "json", "--fund", sample_fund)
    row = next(r for r in late.json()["cases"] if r["id"] == ACTIVE)
    assert row["overdue_reports"] == ["2026-annual"]
    assert row["next_report"] == {"period": "2027-interim", "due": "2027-08-31"}
    assert "2026-annual försenad" in run("status", "--today", "2027-02-20", "--fund",
                                         sample_fund).out
    on_time = run("validate", "4-pagaende", "--today", "2027-02-14", "--fund", sample_fund,
                  cwd=sample_fund)
    assert on_time.code == 0 and "report-overdue" not in on_time.out
    flagged = run("validate", "4-pagaende", "--today", "2027-02-15", "--fund", sample_fund,
                  "--format", "json", cwd=sample_fund)
    finding = next(f for f in flagged.json()["findings"] if f["code"] == "report-overdue")
    assert finding["file"] == f"4-pagaende/{ACTIVE}/reports/2026-annual.yaml"
    assert finding["severity"] == "warning"
    assert "socinv new report" in finding["message"] and "2026-12-31" in finding["message"]
    whole = run("validate", "--today", "2027-02-15", "--fund", sample_fund)
    assert "[report-overdue]" in whole.out
    final = run("validate", "4-pagaende", "--today", "2028-03-01", "--fund", sample_fund,
                cwd=sample_fund)
    assert "[final-report-overdue]" in final.out
    assert "Projektperioden slutade 2027-12-31" in final.out
    assert run("status", "--today", "2027-02-30", "--fund", sample_fund).code == 2


def test_a_report_filed_is_no_longer_due(sample_fund: Path) -> None:
    assert run("new", "report", ACTIVE, "--period", "2026-annual", "--fund",
               sample_fund).code == 0
    row = next(r for r in run("status", "--today", "2027-01-20", "--format", "json", "--fund",
                              sample_fund).json()["cases"] if r["id"] == ACTIVE)
    assert row["overdue_reports"] == []


@pytest.mark.parametrize(("period", "where", "says"), [
    ('{kind: tertial1, due: "31 dec"}', "reporting.periods[0].due", "MM-DD"),
    ('{kind: "Tertial 1", due: "04-30"}', "reporting.periods[0].kind", "är inget namn"),
    ('{kind: anual, due: "12-31"}', "reporting.periods[0].kind", 'menade du "annual"?'),
    ('{kind: tertial1, due: "04-30", requried: [progress]}', "reporting.periods[0].requried",
     'menade du "required"?'),
    ('{kind: tertial1, due: "04-30", required: [progres]}', "reporting.periods[0].required",
     "Menade du progress?"),
    ('{kind: tertial1, due: "02-30"}', "reporting.periods[0].due", "MM-DD"),
])
def test_a_bad_reporting_calendar_in_a_profile_is_a_clear_error(
        sample_fund: Path, period: str, where: str, says: str) -> None:
    profile = sample_fund / "egen.yaml"
    profile.write_text("socinv_profile: 1\nid: egen\nextends: ystad\nreporting:\n  periods:\n"
                       f"    - {period}\n", encoding="utf-8")
    settings = sample_fund / "fund.yaml"
    settings.write_text(settings.read_text().replace("profile: ystad", "profile: egen.yaml"))
    result = run("status", "--fund", sample_fund)
    assert result.code == 2
    assert where in result.err and says in result.err, result.err
    assert "Traceback" not in result.err


def test_tertials_are_a_reporting_calendar_like_any_other(sample_fund: Path) -> None:
    profile = sample_fund / "egen.yaml"
    profile.write_text(
        "socinv_profile: 1\nid: egen\nextends: ystad\nreporting:\n  grace_days: 30\n"
        "  periods:\n"
        '    - {kind: tertial1, due: "04-30", label: {sv: Tertial 1, en: Four-month report 1}}\n'
        '    - {kind: tertial2, due: "08-31", label: {sv: Tertial 2, en: Four-month report 2},'
        " grace_days: 10}\n"
        '    - {kind: annual, due: "12-31", label: {sv: Årsbokslut, en: Annual accounts},'
        " required: [progress]}\n", encoding="utf-8")
    settings = sample_fund / "fund.yaml"
    settings.write_text(settings.read_text().replace("profile: ystad", "profile: egen.yaml"))
    case = "2025-001-utokade-hembesok-for-forstagangsforaldrar"
    status = run("status", "--fund", sample_fund, "--format", "json", "--today",
                 "2026-09-15").json()
    (row,) = [item for item in status["cases"] if item["id"] == case]
    # tertial2 2026 is 15 days past 31 August: late (10 days' grace); tertial1 long since
    assert {"2026-tertial1", "2026-tertial2"} <= set(row["overdue_reports"])
    assert row["next_report"]["period"] == "2026-annual"
    wrong = run("new", "report", case, "--period", "2026-interim", "--fund", sample_fund)
    assert wrong.code == 2
    assert "ÅÅÅÅ-tertial1 (Tertial 1)" in wrong.err and "ÅÅÅÅ-annual (Årsbokslut)" in wrong.err
    made = run("new", "report", case, "--period", "2026-tertial2", "--fund", sample_fund)
    assert made.code == 0, made.err
    report = sample_fund / "4-pagaende" / case / "reports" / "2026-tertial2.yaml"
    assert "period: 2026-tertial2" in report.read_text(encoding="utf-8")
    checked = run("validate", report, "--fund", sample_fund, "--format", "json").json()
    assert not [f for f in checked["findings"] if f["code"] == "unknown-document-type"]
