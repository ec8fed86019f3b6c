"""``socinv report final CASE``: the paper the board approves a final report with.

On Ystad (the sample fund's closed case), Heby (a case taken through the CLI) and the
region profile: the proposal before the closing decision and the notice after it, the
decision's § reference, the recommendation, the alternatives as structured rows, the
budget frame adjustment, the committees, and forecast against outcome equal to
:mod:`socinv.expost`.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from docx import Document
from ruamel.yaml import YAML

from tests.conftest import SAMPLE_FUND, run
from tests.workflow_helpers import data_snapshot, heby_granted_case

CASE = "2024-001-skolfam-skolstod-for-familjehemsplacerade-barn"
CLOSED = f"5-avslutade/{CASE}"
REGION = Path(__file__).resolve().parent / "profiles" / "region.yaml"


def _edit(path: Path, change: dict[str, object], drop: tuple[str, ...] = ()) -> None:
    yaml = YAML()
    data = yaml.load(path.read_text(encoding="utf-8"))
    for key in drop:
        data.pop(key, None)
    data.update(change)
    with path.open("w", encoding="utf-8") as stream:
        yaml.dump(data, stream)


def _docx_text(path: Path) -> str:
    document = Document(str(path))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts += [" | ".join(cell.text for cell in row.cells) for row in table.rows]
    for section in document.sections:
        parts += [paragraph.text for paragraph in section.header.paragraphs]
        parts += [paragraph.text for paragraph in section.footer.paragraphs]
    return "\n".join(parts).replace("\u00a0", " ")


def _row(markdown: str, first: str) -> list[str]:
    """The cells of the table row that starts with ``first``."""
    for line in markdown.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if line.startswith("|") and cells[0] == first:
            return cells
    raise AssertionError(f"no row {first!r} in\n{markdown}")


@pytest.fixture(scope="module")
def ystad(tmp_path_factory: pytest.TempPathFactory) -> Path:
    fund = tmp_path_factory.mktemp("final") / "fund"
    shutil.copytree(SAMPLE_FUND, fund)
    for lang, kind in (("sv", "notice"), ("en", "notice"), ("sv", "proposal"),
                       ("en", "proposal")):
        done = run("report", "final", "2024-001", "--kind", kind, "--lang", lang,
                   "--fund", fund, "--format", "md,docx" if lang == "sv" else "md")
        assert done.code == 0, done.out + done.err
    return fund


def _paper(fund: Path, name: str) -> str:
    return (fund / "reports" / f"{CASE}-{name}.md").read_text(encoding="utf-8").replace(
        "\u00a0", " ")


def test_the_notice_carries_the_boards_decision_and_its_reference(ystad: Path) -> None:
    text = _paper(ystad, "slutrapport-beslut")
    assert _row(text, "2026-05-27") == ["2026-05-27", "KS § 131", "KS 2024/0031",
                                        "Kommunstyrelsen"]
    assert "Kommunstyrelsen beslutade 2026-05-27, KS § 131," in text
    assert "1. att godkänna slutrapporten för satsningen Skolfam" in text
    assert ("2. att satsningen implementeras och permanentas i ordinarie verksamhet i de "
            "delar som anges under Rekommendation,") in text
    assert ("3. att uppdra åt Socialnämnden, Barn- och utbildningsnämnden och Kultur- och "
            "fritidsnämnden att besluta hur implementeringen ska ske,") in text
    assert ("4. att föreslå kommunfullmäktige en ramjustering för Barn- och "
            "utbildningsnämnden med 520 000 kr per år från 2027") in text
    assert "5. att därmed avsluta ärendet." in text
    assert "Läxhjälpsdelen på biblioteket hade lågt deltagande" in text  # closing.reason
    assert "föreslås besluta" not in text
    # the committees' decisions on implementation, as recorded, and the one still to come
    assert _row(text, "Socialnämnden")[1:4] == ["för", "2026-06-11", "SN 2026-06-11 § 77"]
    assert _row(text, "Barn- och utbildningsnämnden")[3] == "BUN 2026-06-16 § 64"
    assert "Beslut om implementering återstår för Kultur- och fritidsnämnden." in text
    docx = _docx_text(ystad / "reports" / f"{CASE}-slutrapport-beslut.docx")
    assert "BESLUTSMEDDELANDE" in docx.upper() and "KS § 131" in docx
    assert "Dnr KS 2024/0031 · Skolfam – skolstöd för familjehemsplacerade barn" in docx
    assert CASE not in docx  # the slug stays out of header and footer


def test_the_alternatives_are_weighed_row_by_row(ystad: Path) -> None:
    text = _paper(ystad, "slutrapport-beslut")
    assert _row(text, "Satsningen (utfall)")[1] == "1 699 000 kr"
    assert _row(text, "Ordinarie insats") == ["Ordinarie insats", "1 240 000 kr",
                                              "459 000 kr mer"]
    assert _row(text, "Utan insats") == ["Utan insats", "1 386 000 kr", "313 000 kr mer"]
    assert "### Ordinarie insats" in text and "**Underlag för kostnaden.** Elevhälsans" in text
    english = _paper(ystad, "final-report-notice")
    assert _row(english, "Ordinary work") == ["Ordinary work", "SEK 1 240 000",
                                              "SEK 459 000 more"]
    assert _row(english, "No intervention")[2] == "SEK 313 000 more"
    assert "ordinary_work" not in text + english and "no_intervention" not in text + english


def test_forecast_against_outcome_equals_the_ex_post_economics(ystad: Path) -> None:
    from socinv.expost import case_ex_post
    from socinv.expost import money as measured
    from socinv.fund.fund import Fund

    def money(value: int | None, lang: str = "sv") -> str:
        return measured(value, lang).replace("\u00a0", " ")

    fund = Fund.open(ystad)
    expost = case_ex_post(fund, fund.case(CASE), "sv")
    assert expost is not None and expost.realised_to_date  # the sample measures savings
    for name in ("slutrapport-beslut", "slutrapport-forslag"):
        text = _paper(ystad, name)
        assert _row(text, "Kostnad")[1:] == [money(expost.forecast.total_cost),
                                              money(expost.cost_to_date)]
        assert _row(text, "Besparingar för mätta år och verksamheter")[1:] == [
            money(expost.forecast_to_date), money(expost.realised_to_date)]
        assert _row(text, "Prognosfel (utfall minus prognos)")[2] == money(expost.error)
        assert _row(text, "Netto (besparingar minus kostnad)")[2] == money(expost.net_to_date)
        assert _row(text, "Nuvärde (3,5 % kalkylränta)")[1:] == [
            money(expost.forecast.npv), money(expost.npv)]
        for year, cost in expost.cost_by_year.items():
            assert _row(text, str(year))[1] == money(cost)
            assert _row(text, str(year))[3] == money(expost.savings_by_year.get(year))
        for unit in expost.units:
            cells = _row(text, f"{unit.label} ({unit.committee})" if unit.committee
                         else unit.label)
            assert cells[1] == money(unit.forecast_per_year)
            assert cells[4] == money(unit.error)
    assert "| 2024 | 748 000 kr | 0 kr | 208 000 kr |" in _paper(ystad, "slutrapport-beslut")
    text = _paper(ystad, "slutrapport-beslut")
    assert "Minskat ekonomiskt bistånd för unga vuxna som tidigare varit placerade | " \
        "120 000 kr | inte mätt | inte mätt | inte mätt |" in text  # never 0
    english = _paper(ystad, "final-report-notice")
    assert _row(english, "Net (savings less cost)")[2] == money(expost.net_to_date, "en")
    assert "| 2024 | SEK 748 000 | SEK 0 | SEK 208 000 |" in english


def test_effects_are_shown_against_their_targets(ystad: Path) -> None:
    text = _paper(ystad, "slutrapport-beslut")
    row = _row(text, "Förbättrad läsförmåga hos de deltagande barnen.")
    assert row[1:] == [
        "Utgångsläge: 4 av 9 barn (44 procent) inom normalintervallet vid kartläggningen."
        "<br>Mål: Minst 15 procentenheter fler inom normalintervallet vid "
        "tvåårsuppföljningen.",
        "6 av 9 barn (67 procent) inom normalintervallet, 23 procentenheter fler.", "ja"]
    assert _row(text, "Deltagande i läxhjälp")[1:] == [
        "–", "6 av 15 barn har deltagit regelbundet under året.", "inte bedömt"]
    english = _paper(ystad, "final-report-notice")
    assert _row(english, "Förbättrad matematisk förmåga.")[3] == "yes"


def test_the_proposal_asks_the_board_to_decide(ystad: Path) -> None:
    text = _paper(ystad, "slutrapport-forslag")
    assert "## Förslag till beslut" in text and "Kommunstyrelsen föreslås besluta" in text
    assert "beslutade" not in text.split("## Sammanfattning")[0]
    assert "KS § 131" not in text  # the closing decision is not yet in a proposal
    assert "Projektstyrgruppen (avdelningscheferna" in text  # the application's plan
    assert "## Beslutet ska skickas till" in text
    english = _paper(ystad, "final-report-proposal")
    assert "The municipal board is asked to decide" in english
    assert ("4. to propose to the municipal council a budget frame adjustment for Barn- och "
            "utbildningsnämnden of SEK 520 000 a year from 2027") in english


def test_an_older_final_report_with_only_the_comparison_text_is_still_read(
        tmp_path: Path) -> None:
    fund = tmp_path / "fund"
    shutil.copytree(SAMPLE_FUND, fund)
    final = fund / CLOSED / "final_report.yaml"
    old = "Jämförelsealternativet är ordinarie arbetssätt: elevhälsan utreder när skolan larmar."
    _edit(final, {"comparison": old}, drop=("alternatives",))
    assert run("validate", final, "--fund", fund).code == 0
    done = run("report", "final", CASE, "--fund", fund, "--format", "md")
    assert done.code == 0, done.out + done.err
    text = _paper(fund, "slutrapport-beslut")
    assert old in text and "Satsningen (utfall)" not in text
    _edit(final, {}, drop=("comparison",))  # neither: the report is not complete
    checked = run("validate", final, "--fund", fund)
    assert checked.code == 1 and "required-unless" in checked.out
    refused = run("report", "final", CASE, "--fund", fund, "--format", "md", "--force")
    assert refused.code == 1 and "Slutrapporten har 1 fel" in refused.err
    assert "Jämförelsealternativ saknas" in refused.err


def test_bad_input_is_refused_and_nothing_is_written(tmp_path: Path) -> None:
    fund = tmp_path / "fund"
    shutil.copytree(SAMPLE_FUND, fund)
    before = data_snapshot(fund)
    unknown = run("report", "final", "2099-001", "--fund", fund)
    assert unknown.code == 2 and "Ärendet 2099-001 finns inte" in unknown.err
    missing = run("report", "final", "2025-001", "--fund", fund)
    assert missing.code == 1 and "har ingen slutrapport att godkänna" in missing.err
    assert "socinv new final-report" in missing.err
    # an active case with a final report: the proposal, but no notice before closing
    active = fund / "4-pagaende" / "2025-001-utokade-hembesok-for-forstagangsforaldrar"
    shutil.copy(fund / CLOSED / "final_report.yaml", active / "final_report.yaml")
    early = run("report", "final", "2025-001", "--kind", "notice", "--fund", fund)
    assert early.code == 1 and "inte avslutat" in early.err and "--kind proposal" in early.err
    wrong = run("report", "final", "2024-001", "--kind", "beslut", "--fund", fund)
    assert wrong.code == 2 and "Traceback" not in wrong.err
    (active / "final_report.yaml").unlink()
    assert data_snapshot(fund) == before
    assert not list((fund / "reports").glob(f"*{CASE[:8]}*"))
    # a final report with an error: only a draft
    _edit(fund / CLOSED / "final_report.yaml", {"recommendation": "kanske"})
    refused = run("report", "final", "2024-001", "--fund", fund)
    assert refused.code == 1 and "--draft" in refused.err and "recommendation" in refused.err
    draft = run("report", "final", "2024-001", "--fund", fund, "--draft", "--format", "md")
    assert draft.code == 0, draft.err
    text = (fund / "reports" / f"{CASE}-slutrapport-beslut-utkast.md").read_text("utf-8")
    assert text.startswith("**UTKAST – inte för beslut.**")


HEBY_FINAL = """\
effects_target_group: Sju av tolv deltagare har fått arbete eller börjat studera.
effects_economy: Försörjningsstödet till deltagarna minskade med 380 000 kr under 2028.
alternatives:
  - alternative: ordinary_work
    description: Arbetsmarknadsenhetens ordinarie insatser.
    effects: Två av tio i arbete efter ett år.
    cost: 900000
  - alternative: no_intervention
    description: Försörjningsstöd utan arbetsinriktat stöd.
    effects: Ingen förändring.
    cost: 1400000
recommendation: implement
budget_frame_adjustment:
  committee: Socialnämnden
  amount_per_year: 640000
  from_year: 2029
finance:
  total_outcome: 1240000
realised_savings:
  - year: 2028
    unit: Försörjningsstöd
    committee: Socialnämnden
    amount: 380000
    basis: Utbetalt försörjningsstöd till deltagarna 2028 mot 2026.
"""


def test_heby_proposes_the_frame_adjustment_then_sends_the_notice(heby_fund: Path,
                                                                  monkeypatch: pytest.MonkeyPatch
                                                                  ) -> None:
    monkeypatch.setenv("SOCINV_TODAY", "2029-02-20")
    fund = ["--fund", str(heby_fund)]
    case = heby_granted_case(heby_fund)
    active = heby_fund / "3-pagaende" / case
    (active / "final_report.yaml").write_text(HEBY_FINAL, encoding="utf-8")
    assert run("validate", active / "final_report.yaml", *fund).code == 0

    proposal = run("report", "final", case, *fund)
    assert proposal.code == 0, proposal.out + proposal.err
    text = (heby_fund / "reports" / f"{case}-slutrapport-forslag.md").read_text(
        "utf-8").replace("\u00a0", " ")
    assert "Kommunstyrelsen föreslås besluta" in text
    assert "att satsningens arbetssätt i sin helhet implementeras" in text
    assert "att uppdra åt Socialnämnden att besluta hur implementeringen ska ske" in text
    assert ("att föreslå kommunfullmäktige en ramjustering för Socialnämnden med 640 000 kr "
            "per år från 2029, i budgeten för 2029") in text
    assert _row(text, "Ordinarie arbetssätt") == ["Ordinarie arbetssätt", "900 000 kr",
                                                  "340 000 kr mer"]
    assert _row(text, "Ingen insats")[2] == "160 000 kr mindre"
    assert _row(text, "Besparingar för mätta år och verksamheter")[2] == "380 000 kr"
    assert "Ställningstagande" not in text  # Heby records no committee decisions
    docx = _docx_text(heby_fund / "reports" / f"{case}-slutrapport-forslag.docx")
    assert "Heby kommun" in docx and "TJÄNSTESKRIVELSE" in docx.upper()

    closed = run("advance", case, "--ref", "KS § 12", "--date", "2029-02-15", *fund)
    assert closed.code == 0, closed.out + closed.err
    notice = run("report", "final", case, "--lang", "en", *fund)
    assert notice.code == 0, notice.out + notice.err
    english = (heby_fund / "reports" / f"{case}-final-report-notice.md").read_text("utf-8")
    assert "On 2029-02-15 (KS § 12) the municipal board decided" in english
    assert "that the investment's method is implemented in full" in english
    assert "No decisions on implementation are recorded" not in english


def test_the_region_uses_its_own_words_and_requires_each_alternatives_cost(
        tmp_path: Path) -> None:
    fund = tmp_path / "region"
    assert run("init", fund, "--profile", REGION).code == 0
    shutil.copytree(SAMPLE_FUND / CLOSED, fund / CLOSED)
    shutil.copy(SAMPLE_FUND / "unit_costs.yaml", fund / "unit_costs.yaml")
    final = fund / CLOSED / "final_report.yaml"
    rows = YAML().load(final.read_text(encoding="utf-8"))["alternatives"]
    rows[1]["alternative"] = "purchased_service"
    del rows[1]["cost"]
    _edit(final, {"alternatives": rows})
    refused = run("report", "final", CASE, "--fund", fund, "--format", "md")
    assert refused.code == 1 and "alternatives[1].cost" in refused.err
    rows[1]["cost"] = 1500000
    _edit(final, {"alternatives": rows})
    done = run("report", "final", CASE, "--fund", fund, "--format", "md")
    assert done.code == 0, done.out + done.err
    text = _paper(fund, "slutrapport-beslut")
    assert "Regionstyrelsen beslutade 2026-05-27, KS § 131," in text
    assert "att föreslå regionfullmäktige en ramjustering" in text
    assert _row(text, "Köpt tjänst") == ["Köpt tjänst", "1 500 000 kr", "199 000 kr mer"]
