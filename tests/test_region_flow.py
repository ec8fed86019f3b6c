"""A third organisation: a region's fund, written as a profile file only.

``tests/profiles/region.yaml`` extends Ystad with the region's own words
(Regionstyrelsen, RS), four-month reports and a revolving fund that takes back
half the realised savings. One case goes from idea to closed through the CLI.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.conftest import SAMPLE_FUND, run
from tests.workflow_helpers import IDEA, PROJECT_PLAN, case_data, record_outstanding, where

TESTS = Path(__file__).resolve().parent
REGION = TESTS / "profiles" / "region.yaml"
APPLICATION = TESTS / "cases" / "ystad" / "valid" / "complete.application.yaml"  # 2027–2029


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCINV_TODAY", "2026-11-20")


@pytest.fixture
def region_fund(tmp_path: Path) -> Path:
    fund = tmp_path / "region"
    result = run("init", fund, "--profile", REGION)
    assert result.code == 0, result.err
    assert "(profil region-malardalen)" in result.out
    return fund


def _report(period: str, outcome: int, total: int, savings: str = "") -> str:
    return f"""\
period: {period}
activities: Familjestödjarna har arbetat med 40 familjer.
progress: Fler familjer har tackat ja sedan förra rapporten.
effects_achieved:
  - effect: Färre elever med problematisk frånvaro.
    result: Frånvaron har minskat i 9 av 14 familjer.
    target_met: ja
    measured_at: {period[:4]}-12-31
finance:
  budget: 450000
  outcome: {outcome}
  total_outcome: {total}
{savings}"""


#: what the region asks beyond Ystad: the applicant and a quarter co-financed (480 000 of
#: 1 890 000 kr in all)
REGION_PARTS = """\
applicant:
  organisation: Hälso- och sjukvårdsförvaltningen
  contact: Eva Lind
co_financing:
  - party: Ystads kommun
    year: 2027
    amount: 160000
  - party: Ystads kommun
    year: 2028
    amount: 160000
  - party: Ystads kommun
    year: 2029
    amount: 160000
"""


def _codes(fund: Path, path: Path) -> set[tuple[str, str]]:
    found = run("validate", path, "--fund", fund, "--format", "json").json()["findings"]
    return {(f["field"], f["code"]) for f in found if f["severity"] == "error"}


def test_the_regions_own_rules_pass_and_fail(region_fund: Path) -> None:
    path = region_fund / "application.yaml"
    text = APPLICATION.read_text(encoding="utf-8")
    path.write_text(text + REGION_PARTS, encoding="utf-8")
    assert _codes(region_fund, path) == set()
    path.write_text(text, encoding="utf-8")  # no applicant, no co-financing
    missing = _codes(region_fund, path)
    assert ("applicant.organisation", "missing") in missing
    assert ("co_financing", "missing") in missing
    low = REGION_PARTS.replace("amount: 160000", "amount: 100000")  # 300 000: 17,5 %
    path.write_text(text + low, encoding="utf-8")
    assert {code for _, code in _codes(region_fund, path)} == {"co-financing-share"}
    over = text.replace("amount: 480 000", "amount: 500 001", 1)  # 2028 a krona over the cap
    assert over != text
    path.write_text(over + REGION_PARTS, encoding="utf-8")
    assert {code for _, code in _codes(region_fund, path)} == {"amount-per-year"}
    economics = run("validate", path, "--fund", region_fund, "--explain", "--format",
                    "json").json()["economics"]
    (figures,) = economics.values()
    assert figures["total_cost"] == 1430001 + 480000  # co-financing counts as cost


SAVINGS_2028 = """\
realised_savings:
  - unit: Placeringar av barn och unga
    committee: Hälso- och sjukvårdsnämnden
    amount: 300000
    basis: Två färre placeringar än 2026.
  - unit: Elevhälsa
    committee: Utbildningsnämnden
    amount: 120 000
    basis: Färre utredningar.
  - unit: Öppenvård
    committee: Hälso- och sjukvårdsnämnden
    amount: 45001
    basis: Kortare insatser.
"""


def test_a_region_case_goes_from_idea_to_closed(region_fund: Path) -> None:
    fund = ["--fund", str(region_fund)]
    assert (region_fund / "profile.yaml").read_text(encoding="utf-8") == REGION.read_text(
        encoding="utf-8")
    assert run("new", "idea", "Familjestöd i regionen", *fund).code == 0
    (case_dir,) = (region_fund / "1-ideer").iterdir()
    case = case_dir.name
    shutil.copy(SAMPLE_FUND / "1-ideer" / IDEA / "idea.yaml", case_dir / "idea.yaml")
    blocked_idea = run("advance", case, *fund)
    assert blocked_idea.code == 1
    assert "Regionledningsgruppens ställningstagande saknas i ärendet" in blocked_idea.out
    assert record_outstanding(region_fund, case, "2026-10-01") == [
        "väntar på regionledningsgruppens ställningstagande",
        "väntar på Socialnämndens yttrande", "väntar på Barn- och utbildningsnämndens yttrande"]
    assert run("advance", case, *fund).code == 0
    assert run("new", "application", case, *fund).code == 0
    target = region_fund / "2-ansokningar" / case / "application.yaml"
    target.write_text(APPLICATION.read_text(encoding="utf-8") + REGION_PARTS, encoding="utf-8")
    assert run("validate", target, *fund).code == 0
    assert run("advance", case, *fund).code == 0

    blocked = run("advance", case, *fund)
    assert blocked.code == 1
    assert "Regionstyrelsens beslut är inte registrerat" in blocked.out
    assert '--ref "RS § N"' in blocked.out
    english = run("advance", case, "--lang", "en", *fund)
    assert "The regional board's decision is not recorded" in english.out

    assert run("report", "decision", case, *fund).code == 0
    memo = next((region_fund / "reports").glob("*-beslutsunderlag.md")).read_text("utf-8")
    assert "Regionstyrelsen föreslås besluta" in memo
    assert "regionens sociala investeringsmedel" in memo
    assert "till regionstyrelsen i samband med tertialrapport 1" in memo
    assert "Kommunstyrelsen" not in memo and "kommunens" not in memo
    # the region's own words in the financing clause and the groups' assessments
    assert "för 2027–2029 under förutsättning att regionfullmäktige avsätter medel i budget " \
           "för 2027–2029" in memo
    assert "### Beredningsgruppen" in memo and "### Regionledningsgruppen" in memo
    assert "Kommunfullmäktige" not in memo and "kommunfullmäktige" not in memo

    unprepared = run("decide", case, "--granted", "1410000", "--per-year",
                     "2027=450000,2028=480000,2029=480000", "--ref", "RS § 14", *fund)
    assert unprepared.code == 1 and "[gate-step-missing]" in unprepared.out
    assert record_outstanding(region_fund, case, "2026-11-10")
    decided = run("decide", case, "--granted", "1410000", "--per-year",
                  "2027=450000,2028=480000,2029=480000", "--date", "2026-11-18",
                  "--ref", "RS § 14", *fund)
    assert decided.code == 0, decided.out + decided.err
    assert run("report", "decision", case, "--format", "md", *fund).code == 0
    notice = next((region_fund / "reports").glob("*-beslutsmeddelande.md")).read_text("utf-8")
    assert "Regionstyrelsen beslutade 2026-11-18, RS § 14," in notice
    assert "| Regionstyrelsen | 2026-11-18 | RS § 14 |" in notice
    assert "1 410 000 kr" in notice.replace("\u00a0", " ")
    assert run("advance", case, *fund).code == 0
    assert where(region_fund, case) == ["4-pagaende"]

    early = run("status", *fund, "--format", "json", "--today", "2027-05-20").json()
    (row,) = early["cases"]
    assert row["next_report"] == {"period": "2027-tertial1", "due": "2027-04-30"}
    assert row["overdue_reports"] == []  # 30 days' grace
    late = run("status", *fund, "--format", "json", "--today", "2027-09-20").json()
    assert late["cases"][0]["overdue_reports"] == ["2027-tertial1", "2027-tertial2"]

    wrong = run("new", "report", case, "--period", "2027-interim", *fund)
    assert wrong.code == 2
    assert "ÅÅÅÅ-tertial1 (Tertialrapport 1 (per 30 april))" in wrong.err
    wrong_en = run("new", "report", case, "--period", "2027-interim", "--lang", "en", *fund)
    assert "YYYY-tertial2 (Interim report (as of 31 August))" in wrong_en.err
    assert "ÅÅÅÅ" not in wrong_en.err
    no_plan = run("new", "report", case, "--period", "2027-tertial1", *fund)
    assert no_plan.code == 1 and "socinv new project-plan" in no_plan.err
    shutil.copy(PROJECT_PLAN, region_fund / "4-pagaende" / case / "project_plan.yaml")
    assert run("new", "report", case, "--period", "2027-tertial1", *fund).code == 0

    reports = region_fund / "4-pagaende" / case / "reports"
    (reports / "2027-annual.yaml").write_text(_report("2027-annual", 440000, 440000),
                                              encoding="utf-8")
    missing = run("validate", reports / "2027-annual.yaml", *fund, "--format", "json").json()
    assert [(f["field"], f["code"]) for f in missing["findings"]] == [
        ("realised_savings", "missing")]
    assert "Krävs i rapporten för årsredovisning." in missing["findings"][0]["message"]
    (reports / "2027-annual.yaml").write_text(_report(
        "2027-annual", 440000, 440000, "realised_savings:\n  - unit: Elevhälsa\n"
        "    committee: Utbildningsnämnden\n    amount: 80000\n"
        "    basis: Färre utredningar.\n"), encoding="utf-8")
    assert run("validate", reports / "2027-annual.yaml", *fund).code == 0
    (reports / "2028-annual.yaml").write_text(_report("2028-annual", 450000, 890000,
                                                      SAVINGS_2028), encoding="utf-8")
    assert run("validate", reports / "2028-annual.yaml", *fund).code == 0

    # Four-month reports are interim periods: judged on the year's forecast, compensated
    # for the outcome since the previous period (tertial1 150 000, tertial2 300 000 to
    # date, annual 440 000).
    for period, outcome, forecast in (("2027-tertial1", 150000, 450000),
                                      ("2027-tertial2", 300000, 300000)):
        (reports / f"{period}.yaml").write_text(_report(period, outcome, outcome).replace(
            f"  outcome: {outcome}\n", f"  outcome: {outcome}\n  forecast: {forecast}\n"),
            encoding="utf-8")
    assert run("validate", reports / "2027-tertial1.yaml", *fund).code == 0
    off = run("validate", reports / "2027-tertial2.yaml", *fund)
    assert off.code == 1 and "[forecast-deviation-comment]" in off.out  # 300 000 vs 450 000
    assert run("report", "interim", "--period", "tertial2", "--year", "2027", "--format",
               "md", *fund).code == 0
    tertial = (region_fund / "reports" / "2027-tertial2-delarsrapport-bilaga.md").read_text(
        "utf-8").replace("\u00a0", " ")
    assert "Budgeterade medel för sociala investeringar 2027" in tertial
    assert "Reserverade medel inom det egna kapitalet" not in tertial
    assert "| 450 000 kr | 300 000 kr | 150 000 kr | 300 000 kr | 150 000 kr |" in tertial
    assert "| 300 000 kr | 150 000 kr | 150 000 kr |" in tertial  # compensation: − tertial1

    # 2027 is the project's first year: repayment starts the year after.
    assert run("report", "annual", "--year", "2027", "--format", "md", *fund).code == 0
    first = (region_fund / "reports" / "2027-arsredovisning-bilaga.md").read_text("utf-8")
    assert "## Återföring till fonden" in first
    assert "Ingen återföring för 2027." in first
    # annual compensation: the year's 440 000 − the 300 000 compensated by tertial2
    assert "| 440 000 kr | 300 000 kr | 140 000 kr |" in first.replace("\u00a0", " ")
    assert "Balanskravsutredning" not in first and "eget kapital" not in first.replace(
        "ingen reservering i det egna kapitalet", "")
    assert run("report", "annual", "--year", "2028", "--format", "md,xlsx", *fund).code == 0
    annex = (region_fund / "reports" / "2028-arsredovisning-bilaga.md").read_text("utf-8")
    text = annex.replace("\u00a0", " ")
    assert "50 % av de realiserade besparingarna återförs" in text
    assert "| Hälso- och sjukvårdsnämnden | 345 001 kr | 172 501 kr |" in text  # half up
    assert "| Utbildningsnämnden | 120 000 kr | 60 000 kr |" in text
    assert "**465 001 kr** | **232 501 kr**" in text
    assert "| Region | Rapporttillfälle" in annex
    from openpyxl import load_workbook

    book = load_workbook(region_fund / "reports" / "2028-arsredovisning-bilaga.xlsx")
    sheet = book["Återföring till fonden"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert [row[2:] for row in values if row[0] and str(row[0]).startswith("2026-")] == [
        ["Hälso- och sjukvårdsnämnden", 345001, 172501], ["Utbildningsnämnden", 120000, 60000]]

    assert run("report", "annual", "--year", "2028", "--format", "md", "--lang", "en",
               *fund).code == 0
    english_annex = (region_fund / "reports" / "2028-annual-annex.md").read_text("utf-8")
    assert "## Repayment to the fund" in english_annex
    assert "| Region | Reporting period" in english_annex

    status = run("status", *fund, "--format", "json", "--today", "2029-02-01").json()
    (row,) = status["cases"]
    assert row["realised_savings"] == {"2027": 80000, "2028": 465001}
    outturn = row["ex_post"]  # the same savings, beside the forecast; co-financing a cost
    assert (outturn["savings_by_year"]["2027"], outturn["savings_by_year"]["2028"],
            outturn["realised_to_date"]) == (80000, 465001, 545001)
    assert outturn["co_financing_to_date"] > 0
    assert "## Outturn against the forecast" in english_annex
    assert row["repayment"] == 232501
    assert status["totals"]["repayment"] == 232501
    text_status = run("status", *fund, "--today", "2029-02-01").out.replace("\u00a0", " ")
    assert "Att återföra till fonden: 232 501 kr." in text_status

    assert run("new", "final-report", case, *fund).code == 0
    final = region_fund / "4-pagaende" / case / "final_report.yaml"
    final.write_text("""\
effects_target_group: Frånvaron minskade i två av tre familjer.
effects_economy: Placeringarna minskade.
comparison: Bättre än ordinarie arbete till en lägre kostnad.
recommendation: implement
finance:
  total_outcome: 1380000
""", encoding="utf-8")
    closed = run("advance", case, "--ref", "RS § 40", *fund)
    assert closed.code == 0, closed.out + closed.err
    assert case_data(region_fund, case)["closing"]["outcome"] == "implemented"
    assert "Fonden är i ordning." in run("doctor", *fund).out


@pytest.mark.parametrize(("text", "where", "says"), [
    ("repayment: {share_percent: 150}", "repayment.share_percent", "större än 100"),
    ("repayment: {share_percent: 0}", "repayment.share_percent", "över 0"),
    ("repayment: {share_percent: 50, from: slut}", "repayment.from", "välj en av start, end"),
    ("repayment: {share_pecent: 50}", "repayment.share_pecent",
     'menade du "share_percent"?'),
    ("repayment: {offset_years: 1}", "repayment", "nyckeln share_percent saknas"),
    ("vocabulary: {decision_bdy: Regionstyrelsen}", "vocabulary.decision_bdy",
     'menade du "decision_body"?'),
    ("vocabulary: {decision_body: {name: X, plural: Y}}", "vocabulary.decision_body.plural",
     "okänd nyckel"),
])
def test_a_broken_region_profile_is_refused_with_the_place(
        tmp_path: Path, text: str, where: str, says: str) -> None:
    profile = tmp_path / "broken.yaml"
    profile.write_text(f"socinv_profile: 1\nextends: ystad\n{text}\n", encoding="utf-8")
    result = run("init", tmp_path / "fund", "--profile", profile)
    assert result.code == 2
    assert where in result.err and says in result.err, result.err
    assert f"{profile}:" in result.err or "Profilen" in result.err
    assert not (tmp_path / "fund").exists()
