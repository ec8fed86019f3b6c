"""The papers in a real office suite: LibreOffice opens, prints and recalculates them.

These tests need LibreOffice (``soffice``); CI installs it, so they fail rather
than skip when it is missing. Figures are those of ``tests/test_reports.py``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import openpyxl
import pytest

from tests.conftest import SAMPLE_FUND, run

PAX = "2026-001-pax-i-skolan-lugn-och-studiero-i-f-6"
IPS = "2026-003-vagen-till-arbete-ips-for-unga-vuxna"


def _soffice() -> str:
    found = shutil.which("soffice") or shutil.which("libreoffice")
    assert found, "LibreOffice (soffice) is required for the office tests; install it"
    return found


def _convert(files: list[Path], target: str, outdir: Path, profile: Path) -> None:
    outdir.mkdir(parents=True, exist_ok=True)
    completed = subprocess.run(
        [_soffice(), f"-env:UserInstallation={profile.as_uri()}", "--headless", "--norestore",
         "--convert-to", target, "--outdir", str(outdir), *map(str, files)],
        capture_output=True, text=True, timeout=600, check=False)
    assert completed.returncode == 0, completed.stderr


@pytest.fixture(scope="module")
def papers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every paper socinv makes for a copy of the sample fund, in its reports/."""
    fund = tmp_path_factory.mktemp("office") / "fund"
    shutil.copytree(SAMPLE_FUND, fund)
    commands = [
        ("decision", PAX, "--date", "2026-11-20"),
        ("decision", IPS, "--draft", "--lang", "en"),
        ("annual", "--year", "2025", "--result", "12 000 000", "--format", "docx,xlsx,md"),
        ("interim", "--year", "2026", "--draft"),
        ("annual", "--year", "2026", "--lang", "en"),
    ]
    for command in commands:
        result = run("report", *command, "--fund", fund)
        assert result.code == 0, result.err
    return fund / "reports"


def _pages(pdf: Path) -> int:
    return len(re.findall(rb"/Type\s*/Page(?![s\w])", pdf.read_bytes()))


@pytest.mark.parametrize("suffix", [".docx", ".xlsx"])
def test_every_paper_converts_to_pdf(papers: Path, tmp_path: Path, suffix: str) -> None:
    files = sorted(papers.glob(f"*{suffix}"))
    assert len(files) == (5 if suffix == ".docx" else 3)
    outdir = tmp_path / "pdf"
    _convert(files, "pdf", outdir, tmp_path / "profile")
    for path in files:
        pdf = outdir / f"{path.stem}.pdf"
        assert pdf.is_file(), f"LibreOffice could not convert {path.name}"
        assert pdf.read_bytes().startswith(b"%PDF")
        assert _pages(pdf) >= 1, pdf.name


_RECALC_ALWAYS = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry"
 xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode"
 oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""


def _without_cached_values(source: Path, target: Path) -> None:
    """A copy of the workbook whose formula cells carry no cached value."""
    with zipfile.ZipFile(source) as zin, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = re.sub(rb'(<c r="[A-Z]+\d+"[^>]*?)(?: t="str")?(>\s*<f>.*?</f>)<v>.*?</v>',
                              rb"\1\2<v></v>", data, flags=re.S)
            zout.writestr(info, data)


def _recalculated(papers: Path, name: str, tmp_path: Path) -> openpyxl.Workbook:
    """The workbook as LibreOffice computes it: cached values removed, and LibreOffice set
    to recalculate every formula on load."""
    profile = tmp_path / "recalc-profile"
    (profile / "user").mkdir(parents=True, exist_ok=True)
    (profile / "user" / "registrymodifications.xcu").write_text(_RECALC_ALWAYS, "utf-8")
    stripped = tmp_path / "stripped"
    stripped.mkdir(exist_ok=True)
    _without_cached_values(papers / name, stripped / name)
    assert openpyxl.load_workbook(stripped / name, data_only=True)["Satsningar" if "bilaga" in
                                                                 name else "Investments"][
        "E4"].value is None  # nothing cached left
    outdir = tmp_path / "recalc"
    _convert([stripped / name], "xlsx", outdir, profile)
    return openpyxl.load_workbook(outdir / name, data_only=True)


def _formula_cells(path: Path) -> dict[tuple[str, str], object]:
    """Every formula cell of the workbook socinv wrote, with the value cached in it."""
    formulas = openpyxl.load_workbook(path)
    cached = openpyxl.load_workbook(path, data_only=True)
    return {(ws.title, cell.coordinate): cached[ws.title][cell.coordinate].value
            for ws in formulas.worksheets for row in ws.iter_rows() for cell in row
            if isinstance(cell.value, str) and cell.value.startswith("=")
            and cell.data_type == "f"}


@pytest.mark.parametrize("name", ["2025-arsredovisning-bilaga.xlsx",
                                  "2026-delarsrapport-bilaga-utkast.xlsx",
                                  "2026-annual-annex.xlsx"])
def test_cached_values_equal_libreoffice_recalculation(papers: Path, tmp_path: Path,
                                                       name: str) -> None:
    ours = _formula_cells(papers / name)
    assert len(ours) > 10 and all(value is not None for value in ours.values()), ours
    book = _recalculated(papers, name, tmp_path)
    theirs = {key: book[key[0]][key[1]].value for key in ours}
    assert theirs == ours


def test_annual_workbook_recalculates_to_the_hand_figures(papers: Path, tmp_path: Path) -> None:
    book = _recalculated(papers, "2025-arsredovisning-bilaga.xlsx", tmp_path)
    cases = book["Satsningar"]
    # rows: 2024-001 (980 000 granted, 951 000 outcome), 2025-001 (700 000, 538 000), sum
    assert [cases[f"E{row}"].value for row in (4, 5)] == [980_000, 700_000]  # =C+D
    assert [cases[f"G{row}"].value for row in (4, 5)] == [29_000, 162_000]  # =E−F
    assert cases["A6"].value == "Summa"
    assert cases["C6"].value == 1_680_000  # 980 000 + 700 000
    assert cases["F6"].value == 1_489_000  # 951 000 + 538 000
    assert cases["G6"].value == 191_000  # 29 000 + 162 000
    assert cases["H6"].value == 162_000  # re-budgeted to 2026
    fund = {str(row[0].value): row[1].value for row in book["Fonden"].iter_rows(min_row=4)}
    assert fund["Ingående balans 1 januari 2025"] == 7_652_000  # 8 400 000 − 748 000
    assert fund["Utgående balans 31 december 2025"] == 6_163_000  # 7 652 000 − 1 489 000
    assert fund["Ej fördelat (budget − beviljat − ombudgeterat)"] == 320_000
    assert fund["Outnyttjat"] == 511_000  # 2 000 000 − 1 489 000
    assert fund["Outnyttjat som återgår till årets resultat"] == 349_000  # − 162 000
    balance = book["Balanskrav"]
    assert [balance[f"B{row}"].value for row in range(4, 15)] == [
        12_000_000, -350_000, 0, 0, 11_650_000, 0, 0, 0, 11_650_000, 1_489_000, 13_139_000]
    compensation = book["Budgetkompensation"]
    assert [compensation[f"F{row}"].value for row in (4, 5, 6)] == [310_000, 326_000, 636_000]
    commitments = book["Åtaganden"]
    assert [commitments[f"E{row}"].value for row in (4, 5)] == [1_438_000, 1_700_000]


def test_interim_workbook_recalculates_to_the_hand_figures(papers: Path,
                                                           tmp_path: Path) -> None:
    book = _recalculated(papers, "2026-delarsrapport-bilaga-utkast.xlsx", tmp_path)
    cases = book["Satsningar"]
    assert cases["E4"].value == 1_062_000  # 900 000 + 162 000 re-budgeted in
    assert cases["F4"].value == 694_000  # outcome to 31 August
    assert cases["G4"].value == 368_000  # remaining: 1 062 000 − 694 000
    assert cases["H4"].value == 1_040_000  # forecast
    assert cases["I4"].value == 22_000  # forecast deviation: 1 062 000 − 1 040 000
    assert cases["F5"].value == 694_000
    fund = {str(row[0].value): row[1].value for row in book["Fonden"].iter_rows(min_row=4)}
    assert fund["Saldo per 31 augusti 2026"] == 5_469_000  # 6 163 000 − 694 000
    assert fund["Outnyttjat"] == 1_806_000  # 2 500 000 − 694 000
    closed = book["Avslutade"]
    assert (closed["D4"].value, closed["E4"].value, closed["F4"].value) == (
        1_760_000, 1_699_000, 61_000)


def test_missing_report_stays_missing_after_recalculation(papers: Path, tmp_path: Path) -> None:
    book = _recalculated(papers, "2026-annual-annex.xlsx", tmp_path)
    cases = book["Investments"]
    assert cases["F4"].value == "missing" and cases["G4"].value == "missing"
    assert cases["F5"].value == 0  # the sum covers submitted outcomes only
    fund = {str(row[0].value): (row[1].value, row[2].value)
            for row in book["Fund"].iter_rows(min_row=4)}
    assert fund["Closing balance 31 December 2026"][0] == 6_163_000  # nothing counted as used
    assert "Incomplete" in str(fund["Used during the year (outcome in the annual reports)"][1])


def test_papers_as_archival_pdf_in_one_command(tmp_path: Path) -> None:
    """``--format pdf``: the memo and the annex as PDF/A-2b made by LibreOffice from the
    Word paper, in Swedish and English, on the Ystad sample fund and a Heby fund; the Word
    file is not left behind unless asked for."""
    fund = tmp_path / "fund"
    shutil.copytree(SAMPLE_FUND, fund)
    heby = tmp_path / "heby"
    assert run("init", heby, "--profile", "heby").code == 0
    out = tmp_path / "out"
    memo = run("report", "decision", PAX, "--fund", fund, "--out", out, "--format", "pdf")
    assert memo.code == 0, memo.err
    annex = run("report", "annual", "--year", "2026", "--fund", heby, "--out", out,
                "--format", "pdf,xlsx", "--lang", "en")
    assert annex.code == 0, annex.err
    names = sorted(path.name for path in out.iterdir())
    assert names == sorted(["2026-annual-annex.pdf", "2026-annual-annex.xlsx",
                            f"{PAX}-beslutsunderlag.pdf"])
    for name, words in ((f"{PAX}-beslutsunderlag.pdf", ("Tjänsteskrivelse", "PAX i skolan")),
                        ("2026-annual-annex.pdf", ("Annex", "Heby"))):
        data = (out / name).read_bytes()
        assert data.startswith(b"%PDF-")
        assert b"<pdfaid:part>2</pdfaid:part>" in data  # PDF/A-2b, for the archive
        text = subprocess.run(["pdftotext", str(out / name), "-"], capture_output=True,
                              text=True, check=True).stdout
        for word in words:
            assert word.lower() in text.lower(), (name, word)


def test_pdf_without_libreoffice_names_the_package_and_writes_nothing(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fund = tmp_path / "fund"
    shutil.copytree(SAMPLE_FUND, fund)
    monkeypatch.setenv("PATH", str(tmp_path / "empty"))
    out = tmp_path / "out"
    result = run("report", "decision", PAX, "--fund", fund, "--out", out,
                 "--format", "docx,pdf")
    assert result.code == 1
    assert "LibreOffice" in result.err and "libreoffice-writer-nogui" in result.err
    assert "Inget skrevs" in result.err and "Traceback" not in result.err
    assert not out.exists()
