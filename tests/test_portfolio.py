"""``socinv report portfolio``: the page (one self-contained HTML file, looked at in headless
Chromium), the Word document with native charts, the workbook — each with the figures of
the data object — on the sample fund (Ystad), a Heby fund and the region's profile; and the
chart in the Word annex."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import struct
import subprocess
import zipfile
import zlib
from html.parser import HTMLParser
from pathlib import Path

import pytest
from docx import Document
from openpyxl import load_workbook

from socinv.expost import case_ex_post
from socinv.fund.fund import Fund
from socinv.i18n import Lang, kronor
from socinv.reports.portfolio import Portfolio, build
from socinv.reports.portfolio_layout import Cell, sections
from tests.conftest import SAMPLE_FUND, run
from tests.test_imports import _loaded, _modules
from tests.test_workflow import _fill
from tests.workflow_helpers import heby_granted_case

TODAY = "2026-11-22"
REGION = Path(__file__).resolve().parent / "profiles" / "region.yaml"
#: what only the portfolio (and the Word annex) loads: --help lists the thin command only
CHART_MODULES = ("socinv.reports.charts", "socinv.reports.docx_charts",
                 "socinv.reports.portfolio", "socinv.reports.portfolio_html",
                 "socinv.reports.portfolio_office", "socinv.reports.annex_chart")


@pytest.fixture(scope="module")
def ystad(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample fund with the portfolio written in Swedish and English, every format."""
    fund = tmp_path_factory.mktemp("portfolio") / "fund"
    shutil.copytree(SAMPLE_FUND, fund)
    for lang in ("sv", "en"):
        result = run("report", "portfolio", "--format", "html,docx,xlsx", "--today", TODAY,
                     "--lang", lang, "--fund", fund)
        assert result.code == 0, result.out + result.err
    return fund


def _data(fund: Path, lang: Lang, year: int | None = None, today: str = TODAY) -> Portfolio:
    return build(Fund.open(fund), year, dt.date.fromisoformat(today), lang)


def _text(cell: Cell, kind: str, lang: Lang) -> str:
    if isinstance(cell, int):
        return kronor(cell, lang) if kind == "amount" else str(cell)
    return "" if cell is None else cell


def _expected(data: Portfolio) -> dict[str, list[list[str]]]:
    """Each table as the page should print it: the rows and the sum row, cells as text."""
    lang = data.lang
    tables: dict[str, list[list[str]]] = {}
    for section in sections(data):
        table = section.table
        kinds = [column.kind for column in table.columns]
        rows = [list(row) for row in table.rows]
        if table.sum_row and rows:
            sums = table.sums()
            sums[0] = "Summa" if lang == "sv" else "Total"
            rows.append(sums)
        tables[table.key] = [[column.header for column in table.columns]] + [
            [_text(cell, kinds[i], lang) for i, cell in enumerate(row)] for row in rows]
    return tables


class _Tables(HTMLParser):
    """The page's ``<table data-table=KEY>`` cells, and every attribute value."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, list[list[str]]] = {}
        self.attributes: list[str] = []
        self._key: str | None = None
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.attributes += [value or "" for _, value in attrs]
        if tag == "table":
            self._key = dict(attrs).get("data-table")
            assert self._key is not None
            self.tables[self._key] = []
        elif tag == "tr" and self._key:
            self.tables[self._key].append([])
        elif tag in ("td", "th") and self._key:
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._key and self._cell is not None:
            self.tables[self._key][-1].append("".join(self._cell))
            self._cell = None
        elif tag == "table":
            self._key = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def _html_tables(path: Path) -> _Tables:
    parser = _Tables()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def _docx_tables(path: Path) -> list[list[list[str]]]:
    return [[[cell.text for cell in row.cells] for row in table.rows]
            for table in Document(str(path)).tables]


def _xlsx_tables(path: Path) -> list[list[list[Cell]]]:
    book = load_workbook(path)  # formulas: the sum row is compared by its cached value below
    values = load_workbook(path, data_only=True)
    tables = []
    for sheet in book.worksheets:
        cached = values[sheet.title]
        rows = [[cached.cell(r, c).value for c in range(1, sheet.max_column + 1)]
                for r in range(3, sheet.max_row + 1)]
        tables.append([row for row in rows if any(v is not None for v in row)])
    return tables


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_page_word_and_excel_hold_the_figures_of_the_data_object(ystad: Path,
                                                                  lang: Lang) -> None:
    data = _data(ystad, lang)
    expected = _expected(data)
    stem = f"2026-{'portfoljoversikt' if lang == 'sv' else 'portfolio'}"
    reports = ystad / "reports"
    page = _html_tables(reports / f"{stem}.html").tables
    assert page == {key: rows for key, rows in expected.items() if len(rows) > 1}
    word = _docx_tables(reports / f"{stem}.docx")
    assert word == [rows for rows in expected.values() if len(rows) > 1]
    workbook = _xlsx_tables(reports / f"{stem}.xlsx")
    numbers = []
    for section in sections(data):
        table = section.table
        rows = [list(row) for row in table.rows]
        if table.sum_row and rows:
            sums = table.sums()
            sums[0] = "Summa" if lang == "sv" else "Total"
            rows.append(sums)
        numbers.append([cell for row in rows for cell in row if isinstance(cell, int)])
    found = [[cell for row in sheet[1:] for cell in row if isinstance(cell, int)]
             for sheet in workbook]
    assert found == numbers
    # the sample fund's figures, by hand: 2025 budget 700 000 kr for the home visits,
    # outcome 538 000 kr; 2026 budget 900 000 + 162 000 re-budgeted, 694 000 kr to date
    visits = next(i for i in data.investments if i.id.startswith("2025-001"))
    assert [(y.year, y.budget, y.outcome, y.report) for y in visits.years] == [
        (2025, 700000, 538000, "2025-annual"), (2026, 1062000, 694000, "2026-interim")]
    assert [(m.year, m.allocated, m.used, m.opening, m.closing) for m in data.money] == [
        (2024, 1500000, 748000, 8400000, 7652000), (2025, 2000000, 1489000, 7652000, 6163000),
        (2026, 2500000, 694000, 6163000, None)]
    assert [(s.key, s.cases) for s in data.stages] == [
        ("idea", 2), ("application", 2), ("review", 1), ("active", 1), ("closed", 1)]
    # forecast against realised: expost.py's figures, a year not measured as None (never 0)
    opened = Fund.open(ystad)
    for row in data.savings:
        figures = case_ex_post(opened, opened.case(row.id), lang)
        assert figures is not None
        assert [(y.year, y.forecast, y.realised) for y in row.years] == [
            (y, figures.forecast.savings_per_year.get(y, 0), figures.savings_by_year.get(y))
            for y in sorted(set(figures.forecast.savings_per_year)
                            | set(figures.savings_by_year)) if y <= 2026
            and (figures.forecast.savings_per_year.get(y)
                 or figures.savings_by_year.get(y) is not None)]
        assert (row.cost_to_date, row.realised_to_date, row.net_to_date, row.error,
                row.payback_year, row.npv) == (
            figures.cost_to_date, figures.realised_to_date, figures.net_to_date,
            figures.error, figures.payback_year, figures.npv)
    # the sample fund by hand: Skolfam saved 208 000 kr in 2024 (before its forecast's
    # savings period), 722 000 kr in 2025 and 306 000 kr in 2026 (final report): 1 236 000
    # kr against a cost of 1 699 000 kr; the home visits 136 000 kr in 2026 (2025 not measured)
    skolfam = next(s for s in data.savings if s.id.startswith("2024-001"))
    assert [(y.year, y.forecast, y.realised) for y in skolfam.years] == [
        (2024, 0, 208000), (2025, 1038000, 722000), (2026, 1038000, 306000)]
    assert (skolfam.realised_to_date, skolfam.cost_to_date, skolfam.net_to_date) == (
        1236000, 1699000, -463000)
    savings_chart = next(c for c in data.charts if c.key == "savings")
    assert savings_chart.categories == ("2024", "2025", "2026")
    assert savings_chart.series[1].values == (208000, 722000, 136000 + 306000)


def test_the_page_is_one_self_contained_file_in_the_users_language(ystad: Path) -> None:
    swedish = (ystad / "reports" / "2026-portfoljoversikt.html").read_text(encoding="utf-8")
    english = (ystad / "reports" / "2026-portfolio.html").read_text(encoding="utf-8")
    for page in (swedish, english):
        assert not re.search(r"https?:|//[a-z]|<script|<link|<img|<iframe|url\(|@import",
                             page, re.I)
        assert page.count("<svg") == 4 and "<style>" in page
    assert '<html lang="sv">' in swedish and "Prognos och realiserade besparingar" in swedish
    assert "3\u00a0522\u00a0000\u00a0kr" in swedish  # Σ budgets, Swedish style
    assert "inte mätt" in swedish and "Försenade rapporter" in swedish
    assert '<html lang="en">' in english and "Forecast and realised savings" in english
    assert "SEK\u00a03\u00a0522\u00a0000" in english and "not measured" in english
    assert "väntar på" in swedish and "waiting for" in english.lower()
    # reports are named in the profile's words, never by their period codes
    assert "Årsbokslut per 31 december 2025" in swedish
    assert not re.search(r"20\d\d-(annual|interim)", swedish + english)


def _png(path: Path) -> tuple[int, int, float, tuple[int, ...]]:
    """Width, height, the share of the image's filtered bytes that vary (0 for a uniform
    image, whatever filter each row uses) and the colour of the pixel at (8, 8)."""
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    pos, chunks = 8, []
    width = height = depth = colour = 0
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        if kind == b"IHDR":
            width, height, depth, colour = struct.unpack(">IIBB", data[pos + 8:pos + 18])
        elif kind == b"IDAT":
            chunks.append(data[pos + 8:pos + 8 + length])
        pos += 12 + length
    assert depth == 8 and colour in (2, 6)
    raw = zlib.decompress(b"".join(chunks))
    size = 3 if colour == 2 else 4
    stride = width * size
    prior = bytearray(stride)
    for y in range(9):  # unfilter the first rows: the header's colour
        kind, line = raw[y * (stride + 1)], bytearray(raw[y * (stride + 1) + 1:(y + 1)
                                                          * (stride + 1)])
        for i in range(stride):
            a = line[i - size] if i >= size else 0
            b, c = prior[i], prior[i - size] if i >= size else 0
            if kind == 1:
                line[i] = (line[i] + a) & 255
            elif kind == 2:
                line[i] = (line[i] + b) & 255
            elif kind == 3:
                line[i] = (line[i] + (a + b) // 2) & 255
            elif kind == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[i] = (line[i] + (a if pa <= pb and pa <= pc else b if pb <= pc
                                      else c)) & 255
        prior = line
    varying = (len(raw) - raw.count(0) - height) / (len(raw) - height)
    return width, height, varying, tuple(prior[8 * size:8 * size + 3])


def test_headless_chromium_draws_the_page(ystad: Path, tmp_path: Path) -> None:
    page = ystad / "reports" / "2026-portfoljoversikt.html"
    shot = tmp_path / "portfolio.png"
    chromium = shutil.which("chromium") or "/usr/bin/chromium"
    result = subprocess.run(
        [chromium, "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic",
         "--no-first-run", "--disable-background-networking", "--disable-component-update",
         "--disable-sync", f"--user-data-dir={tmp_path / 'profile'}",
         f"--screenshot={shot}", "--window-size=1280,2000", page.as_uri()],
        capture_output=True, text=True, timeout=120)
    assert shot.is_file(), result.stderr
    width, height, varying, corner = _png(shot)
    assert (width, height) == (1280, 2000)
    assert varying > 0.005, varying  # a blank page: about 0.0003 (its first row only)
    assert corner == (0x1F, 0x4E, 0x79)  # the header's blue: the page's own style sheet


def test_the_word_document_has_native_charts_libreoffice_draws(ystad: Path,
                                                                tmp_path: Path) -> None:
    path = ystad / "reports" / "2026-portfoljoversikt.docx"
    with zipfile.ZipFile(path) as archive:
        names = archive.namelist()
        charts = sorted(name for name in names if name.startswith("word/charts/"))
        assert charts == [f"word/charts/chart{n}.xml" for n in (1, 2, 3, 4)]
        budget = archive.read("word/charts/chart2.xml").decode("utf-8")
        body = archive.read("word/document.xml").decode("utf-8")
        types = archive.read("[Content_Types].xml").decode("utf-8")
    assert "socinv-chart" not in body and body.count("<c:chart ") == 4
    assert "drawingml.chart+xml" in types
    data = _data(ystad, "sv")
    for year, (budget_sum, outcome_sum) in data.budget_by_year().items():
        assert f"<c:v>{year}</c:v>" in budget and f"<c:v>{budget_sum}</c:v>" in budget
        assert f"<c:v>{outcome_sum}</c:v>" in budget
    made = run("report", "portfolio", "--format", "pdf", "--today", TODAY, "--out", tmp_path,
               "--fund", ystad)  # LibreOffice makes the PDF of the Word document
    assert made.code == 0, made.out + made.err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["2026-portfoljoversikt.pdf"]
    text = subprocess.run(["pdftotext", str(tmp_path / "2026-portfoljoversikt.pdf"), "-"],
                          capture_output=True, text=True, check=True).stdout
    for chart in data.charts:
        assert chart.title in text  # LibreOffice read every chart part


def test_year_limits_the_years_and_bad_input_changes_nothing(ystad: Path,
                                                             tmp_path: Path) -> None:
    earlier = _data(ystad, "sv", 2025)
    assert earlier.years() == [2024, 2025] and [m.year for m in earlier.money] == [2024, 2025]
    assert earlier.title.endswith("2025")
    out = tmp_path / "out"
    result = run("report", "portfolio", "--year", "2025", "--format", "xlsx", "--today", TODAY,
                 "--out", out, "--fund", ystad)
    assert result.code == 0, result.err
    assert [p.name for p in out.iterdir()] == ["2025-portfoljoversikt.xlsx"]
    again = run("report", "portfolio", "--format", "html", "--today", TODAY, "--fund", ystad)
    assert again.code == 2 and "--force" in again.err and "Traceback" not in again.err
    wrong = run("report", "portfolio", "--format", "odt", "--out", out, "--fund", ystad)
    assert wrong.code == 2 and "html, docx, xlsx, pdf" in wrong.err
    assert [p.name for p in out.iterdir()] == ["2025-portfoljoversikt.xlsx"]


def test_overdue_reports_and_outstanding_steps_are_listed(ystad: Path) -> None:
    late = _data(ystad, "sv", today="2027-03-01")
    assert [(o.id[:8], o.report) for o in late.overdue] == [("2025-001", "2026-annual")]
    assert late.overdue[0].due == dt.date(2026, 12, 31)
    assert {w.id[:8] for w in late.waiting} == {"2026-005"}
    assert any("kommunledningsgruppens" in w.text for w in late.waiting)


def test_a_heby_fund_budget_model_and_english(heby_fund: Path,
                                             monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCINV_TODAY", "2028-02-20")
    fund = ["--fund", str(heby_fund)]
    case = heby_granted_case(heby_fund)
    assert run("new", "report", case, "--period", "2027-annual", *fund).code == 0
    _fill(heby_fund / "3-pagaende" / case / "reports" / "2027-annual.yaml",
          {"activities": "Coachen anställd.", "human_gains": "Sju har fått arbete.",
           "economic_gains": "Försörjningsstödet minskade.", "outcome": "600000"})
    result = run("report", "portfolio", "--format", "html,docx", "--lang", "en", *fund)
    assert result.code == 0, result.out + result.err
    data = _data(heby_fund, "en", today="2028-02-20")
    assert not data.equity and [s.key for s in data.stages] == [
        "application", "review", "active", "closed"]
    (row,) = data.investments
    assert [(y.year, y.budget, y.outcome) for y in row.years] == [
        (2027, 620000, 600000), (2028, 640000, None)]
    page = _html_tables(heby_fund / "reports" / "2028-portfolio.html")
    assert page.tables == {k: v for k, v in _expected(data).items() if len(v) > 1}
    assert "Reservation 1 Jan" not in (heby_fund / "reports" / "2028-portfolio.html").read_text(
        encoding="utf-8")
    assert _docx_tables(heby_fund / "reports" / "2028-portfolio.docx") == [
        rows for rows in _expected(data).values() if len(rows) > 1]


def test_the_regions_profile(tmp_path: Path) -> None:
    fund = tmp_path / "region"
    shutil.copytree(SAMPLE_FUND, fund)
    settings = fund / "fund.yaml"
    settings.write_text(settings.read_text(encoding="utf-8").replace(
        "profile: ystad", f"profile: {REGION.as_posix()}"), encoding="utf-8")
    result = run("report", "portfolio", "--today", TODAY, "--fund", fund)
    assert result.code == 0, result.out + result.err
    data = _data(fund, "sv")
    assert not data.equity  # the region has no reservation in equity
    # four-month reports: the sample's interim reports are not the region's periods
    assert {o.report for o in data.overdue} == {"2025-tertial1", "2025-tertial2",
                                                "2026-tertial1", "2026-tertial2"}
    page = _html_tables(fund / "reports" / "2026-portfoljoversikt.html")
    assert page.tables == {k: v for k, v in _expected(data).items() if len(v) > 1}


def test_the_word_annex_has_its_chart(sample_fund: Path) -> None:
    result = run("report", "annual", "--year", "2025", "--format", "docx", "--fund", sample_fund)
    assert result.code == 0, result.out + result.err
    with zipfile.ZipFile(sample_fund / "reports" / "2025-arsredovisning-bilaga.docx") as archive:
        chart = archive.read("word/charts/chart1.xml").decode("utf-8")
        body = archive.read("word/document.xml").decode("utf-8")
    assert "Budget och utfall per satsning 2025" in chart
    for figure in (980000, 951000, 700000, 538000):  # Skolfam, home visits: budget, outcome
        assert f"<c:v>{figure}</c:v>" in chart
    assert body.index("Satsningar 2025") < body.index("<c:chart ")
    assert "socinv-chart" not in body


def test_help_and_status_do_not_load_the_chart_code(ystad: Path, tmp_path: Path) -> None:
    for args in (("--help",), ("status", "--fund", ystad)):
        modules = _modules(tmp_path, *args)
        assert _loaded(modules, *CHART_MODULES) == [], args


@pytest.mark.parametrize("profile", ["ystad", "heby"])
def test_the_status_rows_outturn_is_expost_s_cold_and_warm(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, profile: str) -> None:
    """The portfolio's forecast-against-realised comes from the status rows (kept in
    status's cache): the same as ``case_ex_post`` reading the files, cold and warm."""
    from socinv.fund.status import portfolio

    if profile == "ystad":
        fund, today = tmp_path / "fund", TODAY
        shutil.copytree(SAMPLE_FUND, fund)
    else:
        fund, today = tmp_path / "heby", "2028-02-20"
        monkeypatch.setenv("SOCINV_TODAY", today)
        assert run("init", fund, "--profile", "heby").code == 0
        case = heby_granted_case(fund)
        assert run("new", "report", case, "--period", "2027-annual", "--fund", fund).code == 0
        _fill(fund / "3-pagaende" / case / "reports" / "2027-annual.yaml",
              {"activities": "Coachen anställd.", "human_gains": "Sju har fått arbete.",
               "economic_gains": "Försörjningsstödet minskade.", "outcome": "600000"})
    for _ in ("cold", "warm"):
        opened = Fund.open(fund)
        granted = [row for row in portfolio(opened, dt.date.fromisoformat(today))
                   if row.granted is not None]
        for row in granted:
            assert row.ex_post == case_ex_post(opened, row.case)
        assert any(row.ex_post is not None for row in granted)
    assert list((fund / ".socinv" / "cache").glob("status-*.json"))
