"""The papers in a real office suite: LibreOffice opens, prints and recalculates them.

These tests need LibreOffice (``soffice``); CI installs it, so they fail rather
than skip when it is missing. Figures are those of ``tests/test_reports.py``.
"""

from __future__ import annotations

import re
import shutil
import subprocess
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


def _recalculated(papers: Path, name: str, tmp_path: Path) -> openpyxl.Workbook:
    outdir = tmp_path / "recalc"
    _convert([papers / name], "xlsx", outdir, tmp_path / "profile")
    return openpyxl.load_workbook(outdir / name, data_only=True)


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
    fund = book["Fonden"]
    assert fund["B4"].value == 9_152_000  # opening: 8 400 000 + 1 500 000 − 748 000
    assert fund["B6"].value == 1_489_000  # used, from the cases sheet
    assert fund["B7"].value == 9_663_000  # 9 152 000 + 2 000 000 − 1 489 000
    assert fund["B12"].value == 320_000  # 2 000 000 − 1 680 000 − 0
    balance = book["Balanskrav"]
    assert [balance[f"B{row}"].value for row in (4, 5, 6, 7)] == [
        12_000_000, 12_000_000, 1_489_000, 13_489_000]


def test_interim_workbook_recalculates_to_the_hand_figures(papers: Path,
                                                           tmp_path: Path) -> None:
    book = _recalculated(papers, "2026-delarsrapport-bilaga-utkast.xlsx", tmp_path)
    cases = book["Satsningar"]
    assert cases["E4"].value == 1_062_000  # 900 000 + 162 000 re-budgeted in
    assert cases["G4"].value == 368_000  # 1 062 000 − 694 000
    assert cases["F5"].value == 694_000
    fund = book["Fonden"]
    assert fund["B7"].value == 11_469_000  # 9 663 000 + 2 500 000 − 694 000


def test_missing_report_stays_missing_after_recalculation(papers: Path, tmp_path: Path) -> None:
    book = _recalculated(papers, "2026-annual-annex.xlsx", tmp_path)
    cases = book["Investments"]
    assert cases["F4"].value == "missing" and cases["G4"].value == "missing"
    assert cases["F5"].value == 0  # the sum covers submitted outcomes only
    assert book["Fund"]["B7"].value == 12_163_000  # 9 663 000 + 2 500 000 − 0, incomplete
    assert "Incomplete" in str(book["Fund"]["C6"].value)
