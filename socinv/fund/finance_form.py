"""The Excel finance form: ``new report CASE --period P --finance xlsx``.

The finance office's own format for a report's money: one row per cost category of the
application for the year (its ``costs[]`` rows), the re-budgeted amount and, when the
grant differs from the application, an adjustment row, so the budget column sums to the
case's budget for the year (:func:`socinv.fund.budget.year_budget`). Columns: budget,
outcome, forecast for the whole year; a sum row with formulas (values cached).

socinv reads it back (``reports/P-finance.xlsx``) behind the same zip guard as Word
files, and ``validate`` checks its sums against the report's ``finance.budget``,
``finance.outcome`` and ``finance.forecast`` (``finance-form-differs``).
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from socinv.i18n import Lang
from socinv.io.errors import UnreadableFile
from socinv.io.zipguard import CONTENT_TYPES, ZipSpec, check_zip
from socinv.reports.xlsx_render import TITLE_ROWS, Column, Sheet, Workbook

XLSX = ZipSpec(
    required=(CONTENT_TYPES, "xl/workbook.xml"),
    name={"sv": "en Excel-arbetsbok (.xlsx)", "en": "an Excel workbook (.xlsx)"},
    old_format={"sv": "Excel 97–2003 (.xls)", "en": "Excel 97–2003 (.xls)"},
    app="Excel",
    suffix=".xlsx",
    main_types=("spreadsheetml.sheet.main+xml",),
)
SUFFIX = "-finance.xlsx"
HEADERS = {"sv": ("Kostnadsslag", "Budget för året", "Utfall", "Prognos helår"),
           "en": ("Cost category", "Budget for the year", "Outcome", "Forecast, whole year")}
MAX_ROWS = 500


@dataclass(frozen=True)
class FormSums:
    """The sums of a finance form: budget, outcome and forecast."""

    budget: int
    outcome: int | None  # None: no outcome entered
    forecast: int | None


def build_form(lang: Lang, title: str, subtitle: str, year: int,
               costs: list[dict[str, Any]], granted: int, rebudgeted_in: int) -> bytes:
    """The form's bytes: the application's cost rows for ``year`` as the budget."""
    rows: list[list[Any]] = []
    for item in costs:
        if item.get("year") == year and isinstance(item.get("amount"), int):
            rows.append([str(item.get("specification") or (
                f"Kostnader {year}" if lang == "sv" else f"Costs {year}")), item["amount"],
                None, None])
    applied = sum(row[1] for row in rows)
    if granted != applied:
        rows.append(["Justering till beviljat belopp" if lang == "sv"
                     else "Adjustment to the amount granted", granted - applied, None, None])
    if rebudgeted_in:
        rows.append(["Ombudgeterat från föregående år" if lang == "sv"
                     else "Re-budgeted from the previous year", rebudgeted_in, None, None])
    head = HEADERS[lang]
    book = Workbook(lang, subtitle, subtitle, None)
    book.add(Sheet("Ekonomi" if lang == "sv" else "Finances", title,
                   [Column(head[0], "wrap", 44)] + [Column(h, "amount", 18) for h in head[1:]],
                   rows, sum_row=True))
    return book.save()


def read_form(path: Path) -> FormSums:
    """The form's sums, computed from its category rows (not from cached formulas)."""
    import openpyxl

    data = check_zip(path, XLSX)
    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheet = book.worksheets[0]
        rows = list(sheet.iter_rows(min_row=TITLE_ROWS + 1, max_row=TITLE_ROWS + MAX_ROWS,
                                    max_col=4, values_only=True))
    except Exception:  # openpyxl raises many kinds on a damaged workbook
        raise UnreadableFile(path, "zip-truncated", app=XLSX.app, suffix=XLSX.suffix) from None
    totals: list[int | None] = [0, None, None]
    for offset, row in enumerate(rows):
        label = str(row[0] or "").strip()
        if label in ("Summa", "Total"):
            break
        for column in range(3):
            value = row[column + 1] if len(row) > column + 1 else None
            if value is None or value == "":
                continue
            if isinstance(value, bool) or not isinstance(value, int | float) or \
                    value != int(value):
                raise UnreadableFile(path, "finance-form-cell",
                                     cell=f"{'BCD'[column]}{TITLE_ROWS + 1 + offset}",
                                     value=str(value)[:40])
            totals[column] = (totals[column] or 0) + int(value)
    return FormSums(totals[0] or 0, totals[1], totals[2])
