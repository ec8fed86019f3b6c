"""The Excel finance form: written by new report --finance xlsx, read back by validate.

2025-001 in 2026: application costs 900 000 (one row), granted 900 000, re-budgeted in
162 000 → the form's budget column sums to 1 062 000, the year's budget.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl

from tests.conftest import run
from tests.workflow_helpers import ACTIVE

REPORTS = Path("4-pagaende") / ACTIVE / "reports"


def _form(fund: Path) -> Path:
    result = run("new", "report", ACTIVE, "--period", "2026-annual", "--finance", "xlsx",
                 "--fund", fund)
    assert result.code == 0, result.err
    return fund / REPORTS / "2026-annual-finance.xlsx"


def test_the_form_sums_to_the_years_budget(sample_fund: Path) -> None:
    path = _form(sample_fund)
    cached = openpyxl.load_workbook(path, data_only=True).active
    rows = [tuple(row) for row in cached.iter_rows(min_row=4, values_only=True)]
    assert rows[-1][:2] == ("Summa", 1_062_000)
    assert [row[1] for row in rows[:-1]] == [900_000, 162_000]
    assert openpyxl.load_workbook(path).active["B6"].value == "=SUM(B4:B5)"
    again = run("new", "report", ACTIVE, "--period", "2026-annual", "--finance", "xlsx",
                "--fund", sample_fund)
    assert again.code == 2 and "finns redan" in again.err


def test_validate_compares_the_form_with_the_report(sample_fund: Path) -> None:
    path = _form(sample_fund)
    book = openpyxl.load_workbook(path)
    book.active["C4"] = 600_000
    book.active["C5"] = 162_000
    book.active["D4"] = 1_050_000
    book.save(path)
    interim = (sample_fund / REPORTS / "2026-interim.yaml").read_text("utf-8")
    (sample_fund / REPORTS / "2026-annual.yaml").write_text(
        interim.replace("period: 2026-interim", "period: 2026-annual").replace(
            "  outcome: 694000", "  outcome: 762000").replace(
            "  forecast: 1040000", "  forecast: 1050000"), "utf-8")
    result = run("validate", "--fund", sample_fund)
    assert "[finance-form-differs]" not in result.out  # 600 000 + 162 000 = 762 000
    book.active["D4"] = 1_000_000
    book.save(path)
    out = run("validate", "--fund", sample_fund).out.replace("\u00a0", " ")
    assert "prognosen är 1 000 000 kr i blanketten men 1 050 000 kr i rapporten" in out
    path.write_bytes(b"not a workbook")
    out = run("validate", "--fund", sample_fund).out
    assert "[not-a-zip]" in out and "Traceback" not in out
    book.active["C4"] = "sexhundra"
    book.save(path)
    out = run("validate", "--fund", sample_fund).out
    assert "[finance-form-cell]" in out and "Cell C4" in out


def test_english_form(sample_fund: Path) -> None:
    result = run("new", "report", ACTIVE, "--period", "2026-annual", "--finance", "xlsx",
                 "--lang", "en", "--fund", sample_fund)
    assert result.code == 0, result.err
    sheet = openpyxl.load_workbook(sample_fund / REPORTS / "2026-annual-finance.xlsx").active
    assert sheet.title == "Finances" and sheet["A3"].value == "Cost category"
    assert sheet["A5"].value == "Re-budgeted from the previous year"
