"""The interim and annual annexes read as papers a board secretary can send (issue 16).

On the three profiles (ystad: the sample fund; heby; the region with four-month
reports): the periods by their labels, never as codes; the annex number and the
registry number in every page's header; notes before the tables they explain; honest
column headings; "Inga" in an empty sheet; workbook headers that fit; chart
categories with the case's title; effects beside the application's targets.
"""

from __future__ import annotations

import io
import re
import shutil
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from docx import Document

from socinv.reports.annex import period_name, short_title
from socinv.reports.blocks import Paragraph, Table, parse
from socinv.reports.targets import effect_targets
from socinv.reports.xlsx_render import header_word_width
from tests.annex_funds import heby_fund, region_fund
from tests.conftest import SAMPLE_FUND, run

CODE = re.compile(r"\b20\d\d-(annual|interim|tertial\d)\b")


def _annex(fund: Path, *args: str) -> None:
    result = run("report", *args, "--fund", fund, "--format", "md,docx,xlsx", "--force")
    assert result.code == 0, result.out + result.err
    assert "Traceback" not in result.err


@pytest.fixture(scope="module")
def funds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each fund built once, every annex of the tests written once into its reports/."""
    root = tmp_path_factory.mktemp("annexes")
    ystad = root / "ystad"
    shutil.copytree(SAMPLE_FUND, ystad)
    made = {"ystad": ystad, "heby": heby_fund(root), "region": region_fund(root)}
    for lang in ("sv", "en"):
        _annex(ystad, "annual", "--year", "2025", "--annex-number", "3", "--registry-number",
               "KS 2026/123", "--date", "2026-03-30", "--lang", lang)
        _annex(ystad, "interim", "--year", "2026", "--date", "2026-09-30", "--lang", lang)
    _annex(made["heby"], "annual", "--year", "2027", "--annex-number", "5",
           "--registry-number", "KS 2028/17", "--date", "2028-02-20")
    _annex(made["region"], "interim", "--period", "tertial1", "--year", "2027",
           "--registry-number", "RS 2027/88", "--date", "2027-06-01")
    _annex(made["region"], "annual", "--year", "2027", "--annex-number", "2", "--date",
           "2028-02-20")
    return made


def _md(fund: Path, name: str) -> str:
    """The Markdown annex, its amounts' no-break spaces as spaces."""
    return (fund / "reports" / f"{name}.md").read_text("utf-8").replace("\u00a0", " ")


def _book(fund: Path, name: str) -> Any:
    return openpyxl.load_workbook(fund / "reports" / f"{name}.xlsx")


def _cells(book: Any) -> list[str]:
    return [str(cell.value) for ws in book.worksheets for row in ws.iter_rows()
            for cell in row if cell.value is not None]


def _docx(fund: Path, name: str) -> tuple[str, str, str]:
    """(body text with tables, header text, footer text) of the Word annex."""
    document = Document(str(fund / "reports" / f"{name}.docx"))
    body = [p.text for p in document.paragraphs] + [
        cell.text for table in document.tables for row in table.rows for cell in row.cells]
    section = document.sections[0]
    return ("\n".join(body), "\n".join(p.text for p in section.header.paragraphs),
            "\n".join(p.text for p in section.footer.paragraphs))


# -- the period by its label ----------------------------------------------------------------

@pytest.mark.parametrize(("fund", "name", "label"), [
    ("ystad", "2025-arsredovisning-bilaga", "Årsbokslut per 31 december 2025"),
    ("ystad", "2025-annual-annex", "Annual accounts as of 31 December 2025"),
    ("ystad", "2026-delarsrapport-bilaga", "Delårsbokslut 2 per 31 augusti 2026"),
    ("ystad", "2026-interim-annex", "Second interim accounts as of 31 August 2026"),
    ("heby", "2027-arsredovisning-bilaga", "Årsredovisning 2027"),
    ("region", "2027-tertial1-delarsrapport-bilaga", "Tertialrapport 1 per 30 april 2027"),
    ("region", "2027-arsredovisning-bilaga", "Årsredovisning 2027"),
])
def test_periods_are_shown_by_their_labels_never_as_codes(
        funds: dict[str, Path], fund: str, name: str, label: str) -> None:
    markdown = _md(funds[fund], name)
    body, _, _ = _docx(funds[fund], name)
    cells = _cells(_book(funds[fund], name))
    assert label in markdown and label in body and label in "\n".join(cells)
    for text in (markdown, body, *cells):
        assert not CODE.search(text), CODE.search(text)


def test_a_missing_report_is_named_by_its_period(funds: dict[str, Path]) -> None:
    region = funds["region"]
    markdown = _md(region, "2027-tertial1-delarsrapport-bilaga")
    assert "**Rapporten för tertialrapport 1 per 30 april 2027 saknas.**" in markdown
    sheet = _book(region, "2027-tertial1-delarsrapport-bilaga")["Saknade rapporter"]
    assert [cell.value for cell in sheet[4]][:4] == [
        "2027-001", "Mentorer i skolan", "Tertialrapport 1 per 30 april 2027", "2027-04-30"]


def test_period_name_moves_the_as_of_date_out_of_brackets() -> None:
    assert period_name("Delårsbokslut 2 (per 31 augusti)", 2026) == \
        "Delårsbokslut 2 per 31 augusti 2026"
    assert period_name("Årsredovisning", 2027) == "Årsredovisning 2027"


# -- annex number and registry number -------------------------------------------------------

@pytest.mark.parametrize(("fund", "name", "marking", "registry"), [
    ("ystad", "2025-arsredovisning-bilaga", "Bilaga 3 · Dnr KS 2026/123", "KS 2026/123"),
    ("ystad", "2025-annual-annex", "Annex 3 · Ref. KS 2026/123", "KS 2026/123"),
    ("heby", "2027-arsredovisning-bilaga", "Bilaga 5 · Dnr KS 2028/17", "KS 2028/17"),
    ("region", "2027-tertial1-delarsrapport-bilaga", "Bilaga · Dnr RS 2027/88", "RS 2027/88"),
    ("region", "2027-arsredovisning-bilaga", "Bilaga 2", None),
])
def test_the_annex_number_and_registry_number_are_in_every_header(
        funds: dict[str, Path], fund: str, name: str, marking: str,
        registry: str | None) -> None:
    _, header, footer = _docx(funds[fund], name)
    assert marking.upper() in header.upper()
    if registry:
        assert registry in footer
        assert registry in _md(funds[fund], name).split("##")[0]  # the first table
    book = _book(funds[fund], name)
    for ws in book.worksheets:
        assert marking in ws.oddHeader.right.text, ws.title
        assert str(ws["A2"].value).startswith(marking), ws.title


def test_without_numbers_the_header_says_annex_only(funds: dict[str, Path]) -> None:
    _, header, _ = _docx(funds["ystad"], "2026-delarsrapport-bilaga")
    assert header.split("\t")[-1].strip().upper() == "BILAGA"
    assert "Bilaga" not in str(_book(funds["ystad"], "2026-delarsrapport-bilaga")
                               .worksheets[0]["A2"].value)


def test_a_long_registry_number_is_refused_with_the_option(funds: dict[str, Path]) -> None:
    result = run("report", "annual", "--year", "2025", "--fund", funds["ystad"],
                 "--registry-number", "X" * 41, "--out", funds["ystad"] / "elsewhere")
    assert result.code == 2 and "--registry-number: högst 40 tecken" in result.err
    assert not (funds["ystad"] / "elsewhere").exists()


# -- notes with their tables ----------------------------------------------------------------

@pytest.mark.parametrize(("fund", "name"), [
    ("ystad", "2025-arsredovisning-bilaga"), ("ystad", "2026-interim-annex"),
    ("heby", "2027-arsredovisning-bilaga"), ("region", "2027-tertial1-delarsrapport-bilaga")])
def test_every_note_comes_before_the_table_it_explains(
        funds: dict[str, Path], fund: str, name: str) -> None:
    """A note (a paragraph with a definition, "… = …") stands right before its table, which
    the Word renderer keeps it with; or, in italics, right after it, which the renderer keeps
    on the table's page (docx_render: a note under a table)."""
    blocks = parse(_md(funds[fund], name))
    notes = 0
    for index, block in enumerate(blocks):
        if isinstance(block, Paragraph) and " = " in "".join(run.text for run in block.runs):
            notes += 1
            before = index + 1 < len(blocks) and isinstance(blocks[index + 1], Table)
            after = index > 0 and isinstance(blocks[index - 1], Table) and all(
                run.italic for run in block.runs if run.text.strip())
            assert before or after, block
    assert notes >= 2


# -- honest headings ------------------------------------------------------------------------

def test_the_closing_outcome_is_not_headed_utfall(funds: dict[str, Path]) -> None:
    ystad = funds["ystad"]
    markdown = _md(ystad, "2026-delarsrapport-bilaga")
    assert "| Nr | Satsning | Händelse | Datum | Ärendets utgång | Beslut |" in markdown
    assert "| Nr | Satsning | Ärendets utgång | Beviljat | Använt totalt |" in markdown
    book = _book(ystad, "2026-delarsrapport-bilaga")
    assert book["Förändringar"]["E3"].value == "Ärendets utgång"
    assert book["Avslutade"]["C3"].value == "Ärendets utgång"
    assert book["Avslutade"]["C4"].value == "implementeras delvis"
    english = _book(ystad, "2026-interim-annex")
    assert english["Changes"]["E3"].value == "Closing outcome"
    annual = _md(ystad, "2025-arsredovisning-bilaga")
    assert "| Budget för året | Utfall 2025 | Avvikelse |" in annual
    for fund, name in (("ystad", "2025-arsredovisning-bilaga"),
                       ("heby", "2027-arsredovisning-bilaga")):
        headers = [cell.value for ws in _book(funds[fund], name).worksheets for cell in ws[3]]
        assert "Utfall" not in headers  # every "Utfall" column says which outcome


# -- empty sheets and sections say so -------------------------------------------------------

@pytest.mark.parametrize(("fund", "name", "sheet", "text"), [
    ("ystad", "2025-arsredovisning-bilaga", "Saknade rapporter",
     "Inga – alla rapporter för perioden har kommit in."),
    ("ystad", "2025-annual-annex", "Missing reports",
     "None – every report for the period has come in."),
    ("heby", "2027-arsredovisning-bilaga", "Saknade rapporter",
     "Inga – alla rapporter för perioden har kommit in."),
    ("region", "2027-arsredovisning-bilaga", "Saknade rapporter",
     "Inga – alla rapporter för perioden har kommit in."),
    ("region", "2027-tertial1-delarsrapport-bilaga", "Budgetkompensation", "Inga"),
])
def test_an_empty_sheet_says_none(funds: dict[str, Path], fund: str, name: str, sheet: str,
                                  text: str) -> None:
    assert _book(funds[fund], name)[sheet]["A4"].value == text


def test_an_empty_missing_reports_section_says_inga(funds: dict[str, Path]) -> None:
    assert "## Saknade rapporter\n\nInga. Alla rapporter för perioden har kommit in." in \
        _md(funds["heby"], "2027-arsredovisning-bilaga")
    assert "## Missing reports\n\nNone. Every report for the period has been submitted." in \
        _md(funds["ystad"], "2025-annual-annex")


# -- workbook headers that fit --------------------------------------------------------------

@pytest.mark.parametrize(("fund", "name"), [
    ("ystad", "2025-arsredovisning-bilaga"), ("ystad", "2026-interim-annex"),
    ("heby", "2027-arsredovisning-bilaga"), ("region", "2027-arsredovisning-bilaga")])
def test_workbook_headers_wrap_whole_words_and_ids_fit(
        funds: dict[str, Path], fund: str, name: str) -> None:
    for ws in _book(funds[fund], name).worksheets:
        lines = 1
        for cell in ws[3]:
            if cell.value is None:
                continue
            width = ws.column_dimensions[cell.column_letter].width
            assert cell.alignment.wrap_text, (ws.title, cell.value)
            assert width >= header_word_width(str(cell.value)), (ws.title, cell.value, width)
            lines = max(lines, -(-len(str(cell.value)) // int(width * 0.95 - 1)))
        assert ws.row_dimensions[3].height >= 15 * lines, ws.title
    reports = _book(funds[fund], name).worksheets[1]
    for (case_id,) in reports.iter_rows(min_row=4, min_col=2, max_col=2, values_only=True):
        if case_id:
            assert reports.column_dimensions["B"].width >= len(case_id), case_id


# -- the chart's categories -----------------------------------------------------------------

def _chart_categories(path: Path) -> list[str]:
    """The category labels of the workbook's first chart, read from the cells it names."""
    with zipfile.ZipFile(path) as archive:
        chart = archive.read("xl/charts/chart1.xml").decode("utf-8")
    reference = re.search(r"<(?:c:)?cat><(?:c:)?strRef><(?:c:)?f>(.*?)</", chart, re.S)
    assert reference is not None
    found = re.fullmatch(r"'?(.+?)'?!\$([A-Z]+)\$(\d+)(?::\$[A-Z]+\$(\d+))?", reference.group(1))
    assert found is not None, reference.group(1)
    ws = openpyxl.load_workbook(io.BytesIO(path.read_bytes()))[found.group(1)]
    return [str(ws[f"{found.group(2)}{row}"].value)
            for row in range(int(found.group(3)), int(found.group(4) or found.group(3)) + 1)]


def test_chart_categories_show_the_case_title(funds: dict[str, Path]) -> None:
    assert _chart_categories(funds["ystad"] / "reports/2025-arsredovisning-bilaga.xlsx") == [
        "2024-001 Skolfam – skolstöd…", "2025-001 Utökade hembesök…"]
    assert _chart_categories(funds["heby"] / "reports/2027-arsredovisning-bilaga.xlsx") == [
        "2027-001 Jobbcoach för unga vuxna"]
    with zipfile.ZipFile(funds["heby"] / "reports/2027-arsredovisning-bilaga.xlsx") as book:
        assert re.search(r'<(c:)?min val="0"', book.read("xl/charts/chart1.xml").decode())


def test_short_title_cuts_at_a_word() -> None:
    assert short_title("2026-001-x", "PAX i skolan – lugn och studiero i F–6") == \
        "2026-001 PAX i skolan – lugn och studiero i F–6"
    assert short_title("2026-002-x", "Tidiga insatser vid problematisk skolfrånvaro i F–9") == \
        "2026-002 Tidiga insatser vid problematisk…"
    assert short_title("2026-003-x", "Utökade hembesök för förstagångsföräldrar") == \
        "2026-003 Utökade hembesök…"
    assert short_title("2026-002-x", "Kort") == "2026-002 Kort"


# -- effects against their targets ----------------------------------------------------------

def test_effects_stand_beside_the_measurement_plans_targets(funds: dict[str, Path]) -> None:
    ystad = funds["ystad"]
    markdown = _md(ystad, "2025-arsredovisning-bilaga")
    assert ("| Programmet når målgruppen. | Minst 75 procent tackar ja och minst 70 procent "
            "fullföljer. | 24 av 31 tillfrågade familjer har tackat ja (77 procent); målet är "
            "75 procent. | 2025-12-31 |") in markdown
    assert ("| Stärkt föräldraskap. | Statistiskt säkerställd förbättring av PSOC-poäng. | "
            "Inte redovisat i rapporten |  |") in markdown
    assert "| Deltagande i läxhjälp | Inget motsvarande mål i ansökan | 6 av 15 barn" in markdown
    sheet = _book(ystad, "2025-arsredovisning-bilaga")["Effekter"]
    rows = [row for row in sheet.iter_rows(min_row=4, values_only=True) if row[0]]
    assert rows[9][:5] == (
        "2025-001", "Utökade hembesök för förstagångsföräldrar",
        "Färre orosanmälningar som leder till utredning bland barn under två år.",
        "Minst 20 procent färre, högst 10 per år från 2026. Förväntas under projektets andra "
        "och tredje år. Utgångsläge: I genomsnitt 13 inledda utredningar per år 2022–2024.",
        "11 inledda utredningar för barn 0–2 år i upptagningsområdet 2025, jämfört med i "
        "genomsnitt 13 per år 2022–2024. För tidigt att tolka som effekt.")
    assert ("Ett oplanerat avbrott under 2025 (mot i genomsnitt två per år 2022–2023); ingen "
            "HVB-placering. Målet nått: ja.") in markdown
    assert [cell.value for cell in sheet[3]][2:5] == [
        "Mål eller förväntad effekt (ansökan)", "Målnivå eller mått (ansökan)",
        "Resultat enligt rapporten"]
    body, _, _ = _docx(ystad, "2025-annual-annex")
    assert "Target or measure (application)" in body and "Not reported in the report" in body


def test_heby_effects_stand_beside_the_applications_expected_effects(
        funds: dict[str, Path]) -> None:
    markdown = _md(funds["heby"], "2027-arsredovisning-bilaga")
    assert ("| Fler i arbete eller studier. | Andel deltagare i arbete eller studier. "
            "Förväntas efter ett år. | Sju av tolv deltagare har fått arbete eller börjat "
            "studera. | 2027-12-31 |") in markdown
    assert "| Bättre självkänsla | Inget motsvarande mål i ansökan |" in markdown


def test_region_effects_stand_beside_the_measurement_plans_targets(
        funds: dict[str, Path]) -> None:
    sheet = _book(funds["region"], "2027-arsredovisning-bilaga")["Effekter"]
    assert [cell.value for cell in sheet[4]][2:5] == [
        "Ökad närvaro bland elever med mentor.",
        "Hälften av eleverna har minst 80 procents närvaro efter sex månader. Utgångsläge: 14 "
        "av 40 elever hösten 2026",
        "23 av 40 elever har minst 80 procents närvaro. Målet nått: ja."]
    assert ("| Ökad närvaro bland elever med mentor. | Hälften av eleverna har minst 80 procents "
            "närvaro efter sex månader. Utgångsläge: 14 av 40 elever hösten 2026 | 23 av 40 "
            "elever har minst 80 procents närvaro. Målet nått: ja. | 2027-12-31 |") in \
        _md(funds["region"], "2027-arsredovisning-bilaga")


def test_a_reported_effect_is_paired_only_with_a_line_that_shares_its_words() -> None:
    application = {
        "measurement_plan": [{"goal": "Ökad närvaro", "indicator": "Närvaro i procent",
                              "outcome_measure": "Minst 80 procent"}],
        "effects": [{"description": "Fler behöriga till gymnasiet", "measure": "Andel",
                     "expected_when": "Juni 2028"}]}
    rows = effect_targets(application, [
        {"effect": "Närvaron ökade", "result": "72 procent"},  # "närva" + "ökade"≠"ökad"
        {"effect": "ökad närvaro i skolan", "result": "81 procent", "target": "80 procent"},
        {"effect": "Fler behöriga till gymnasiet", "result": "9 av 12"}])
    assert [(r.goal, r.target, r.result, r.source) for r in rows] == [
        ("Ökad närvaro", "80 procent", "81 procent", "plan"),  # the report's own target wins
        ("Fler behöriga till gymnasiet", "Andel", "9 av 12", "effect"),
        ("Närvaron ökade", "", "72 procent", "report")]
    assert rows[1].when == "Juni 2028"
    # without a report on it, an expected effect is not listed beside a measurement plan
    assert [r.source for r in effect_targets(application, [])] == ["plan"]
