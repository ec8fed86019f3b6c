"""The annex as an Excel workbook: one sheet per table, real formulas, a native chart.

Amounts are numbers in the kronor format ``[$-41D]#,##0 "kr"`` (Swedish locale:
``1 250 000 kr`` in any office suite; Swedish Excel shows the code as
``# ##0 "kr"``). Sums, budget, deviation, the reserve's balance and the
balance-requirement lines are formulas. Every text cell is forced to text
(type ``s`` with a quote prefix), so user text that starts with ``=`` stays text.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from copy import copy
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape as xml_escape

from socinv.reports.templating import clean

KRONOR = {"sv": '[$-41D]#,##0 "kr"', "en": '[$-41D]"SEK "#,##0'}
TITLE_ROWS = 3  # title, subtitle, column headers
FONT = "Calibri"
Cell = str | int | None


@dataclass
class Column:
    header: str
    kind: str = "text"  # "text" | "amount" | "wrap"
    width: float | None = None


@dataclass
class Sheet:
    name: str
    title: str
    columns: list[Column]
    rows: list[list[Any]]  # values; a str starting with "=" in a Formula is a formula
    sum_row: bool = False
    note: str = ""
    bold_rows: frozenset[int] = frozenset()  # indexes into rows
    empty: str = ""  # written in the first row when there are no rows ("Inga")


class Formula(str):
    """A formula socinv wrote (never user text), with the value socinv computed for it.

    The value is written into the file as the cell's cached result, so that file
    previews, pandas, Power Query and ``openpyxl(data_only=True)`` see the same figure
    Excel or LibreOffice calculate."""

    value: int | str | None

    def __new__(cls, text: str, value: int | str | None = None) -> Formula:
        made = super().__new__(cls, text)
        made.value = value
        return made


class Workbook:
    def __init__(self, lang: str, subtitle: str, header: str, draft: str | None,
                 marking: str | None = None) -> None:
        """``marking``: what the board's papers call the workbook ("Bilaga 3 · Dnr KS
        2026/123"), in every page's header and under every sheet's title."""
        from openpyxl import Workbook as OpenWorkbook

        self.book = OpenWorkbook()
        self.book.remove(self.book.active)
        self.lang = "en" if lang == "en" else "sv"
        self.subtitle = f"{marking} – {subtitle}" if marking else subtitle
        self.header = header
        self.draft = draft
        self.marking = marking
        self._styles: dict[tuple[str, bool, bool], Any] = {}
        #: sheet name → cell → the computed value of a formula cell
        self.cached: dict[str, dict[str, int | str]] = {}

    def add(self, sheet: Sheet) -> int:
        """Write a sheet; returns the row number of its sum row (or last row)."""
        from openpyxl.styles import Alignment, Font, PatternFill
        from openpyxl.utils import get_column_letter

        ws = self.book.create_sheet(sheet.name[:31])
        title = f"{self.draft} – {sheet.title}" if self.draft else sheet.title
        _text(ws.cell(1, 1), title).font = Font(FONT, bold=True, size=14,
                                                 color="C00000" if self.draft else None)
        _text(ws.cell(2, 1), self.subtitle).font = Font(FONT, italic=True, color="555555")
        fill = PatternFill("solid", fgColor="E3E6EA")
        for index, column in enumerate(sheet.columns, start=1):
            cell = _text(ws.cell(TITLE_ROWS, index), column.header)
            cell.font = Font(FONT, bold=True)
            cell.fill = fill
            cell.alignment = Alignment(wrap_text=True, vertical="top",
                                       horizontal="right" if column.kind == "amount" else None,
                                       indent=1 if index > 1 and column.kind != "amount" else 0)
        first = TITLE_ROWS + 1
        for offset, row in enumerate(sheet.rows):
            self._row(ws, first + offset, sheet.columns, row)
            if offset in sheet.bold_rows:
                for index in range(1, len(sheet.columns) + 1):
                    ws.cell(first + offset, index).font = Font(FONT, bold=True)
        last = first + len(sheet.rows) - 1
        if not sheet.rows and sheet.empty:
            _text(ws.cell(first, 1), sheet.empty).font = Font(FONT, italic=True)
            last = first
        end = last
        if sheet.sum_row:
            end = last + 1
            label = "Summa" if self.lang == "sv" else "Total"
            _text(ws.cell(end, 1), label).font = Font(FONT, bold=True)
            for index, column in enumerate(sheet.columns, start=1):
                if column.kind == "amount":
                    letter = get_column_letter(index)
                    formula = f"=SUM({letter}{first}:{letter}{max(last, first)})" \
                        if sheet.rows else "=0"
                    cell = ws.cell(end, index, formula)
                    self._cache(ws, cell, sum(_number(row[index - 1]) for row in sheet.rows
                                              if index - 1 < len(row)))
                    cell.number_format = KRONOR[self.lang]
                    cell.font = Font(FONT, bold=True)
        if sheet.note:
            _text(ws.cell(end + 2, 1), sheet.note).font = Font(FONT, italic=True)
        self._layout(ws, sheet)
        return end

    def _row(self, ws: Any, row: int, columns: Sequence[Column], values: list[Any]) -> None:
        from openpyxl.styles import Alignment

        for index, (column, value) in enumerate(zip(columns, values, strict=False), start=1):
            cell = ws.cell(row, index)
            if isinstance(value, Formula):
                cell.value = str(value)
                if value.value is not None:
                    self._cache(ws, cell, value.value)
            elif isinstance(value, int) and not isinstance(value, bool):
                cell.value = value
            elif value is None:
                continue
            else:
                cell.value = clean(str(value))
                cell.data_type = "s"
            # a body cell's style depends on its column and whether it holds text: the first
            # such cell is styled, the rest take a copy of its style (openpyxl would otherwise
            # build, hash and look up a new style object for every cell of a large annex)
            key = (column.kind, index > 1, cell.data_type == "s")
            style = self._styles.get(key)
            if style is not None:
                cell._style = copy(style)
                continue
            if cell.data_type == "s":
                cell.quotePrefix = True
            if column.kind == "amount":
                cell.number_format = KRONOR[self.lang]
                cell.alignment = Alignment(horizontal="right", vertical="top")
            else:
                cell.alignment = Alignment(wrap_text=column.kind == "wrap", vertical="top",
                                           indent=1 if index > 1 else 0)
            self._styles[key] = copy(cell._style)

    def _layout(self, ws: Any, sheet: Sheet) -> None:
        from openpyxl.utils import get_column_letter

        ws.freeze_panes = ws.cell(TITLE_ROWS + 1, 1)
        widths: list[float] = []
        for index, column in enumerate(sheet.columns, start=1):
            width = column.width
            if width is None:
                longest = max([len(column.header) * 0.6 + 2]
                              + [len(str(row[index - 1])) for row in sheet.rows
                                 if index - 1 < len(row) and row[index - 1] is not None
                                 and not isinstance(row[index - 1], Formula)], default=10)
                # an amount column is as wide as half its header, so the header takes at
                # most two or three lines and never breaks a word
                width = min(max(16, len(column.header) / 2 + 3), 24) \
                    if column.kind == "amount" else min(max(longest + 2, 10), 60)
            width = max(width, header_word_width(column.header))  # no word broken in two
            widths.append(width)
            ws.column_dimensions[get_column_letter(index)].width = width
        ws.row_dimensions[TITLE_ROWS].height = 15 * max(
            _lines(column.header, width, bold=True) for column, width in zip(
                sheet.columns, widths, strict=True)) + 3
        for offset, row in enumerate(sheet.rows):
            lines = max([1] + [_lines(str(value), width)
                               for column, width, value in zip(sheet.columns, widths, row,
                                                               strict=False)
                               if column.kind == "wrap" and isinstance(value, str)])
            if lines > 1:
                ws.row_dimensions[TITLE_ROWS + 1 + offset].height = 15 * lines
        ws.page_setup.orientation = "landscape"
        ws.page_setup.paperSize = ws.PAPERSIZE_A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_title_rows = f"{TITLE_ROWS}:{TITLE_ROWS}"
        ws.oddHeader.left.text = clean(self.header).replace("&", "&&")
        right = " – ".join(part for part in (self.marking, self.draft) if part)
        if right:
            ws.oddHeader.right.text = clean(right).replace("&", "&&")
        if self.draft:
            ws.oddHeader.right.color = "C00000"
        ws.oddFooter.right.text = ("Sida &P av &N" if self.lang == "sv" else "Page &P of &N")

    def chart(self, sheet_name: str, title: str, first: int, last: int,
              category_col: int, series_cols: Sequence[int], anchor: str) -> None:
        from openpyxl.chart import BarChart, Reference
        from openpyxl.chart.data_source import AxDataSource, StrRef

        ws = self.book[sheet_name]
        chart = BarChart()
        chart.type = "col"
        chart.grouping = "clustered"
        chart.title = clean(title)
        chart.y_axis.title = "kr" if self.lang == "sv" else "SEK"
        chart.y_axis.numFmt = KRONOR[self.lang]
        chart.y_axis.majorGridlines = chart.y_axis.majorGridlines
        chart.y_axis.delete = False
        chart.y_axis.scaling.min = 0  # bars from zero: a cut axis would overstate differences
        chart.x_axis.delete = False
        for col in series_cols:
            data = Reference(ws, min_col=col, min_row=TITLE_ROWS, max_row=last)
            chart.add_data(data, titles_from_data=True)
        categories = Reference(ws, min_col=category_col, min_row=first, max_row=last)
        chart.set_categories(categories)
        for series in chart.series:  # the categories are text: a string reference
            series.cat = AxDataSource(strRef=StrRef(f=str(categories)))
        chart.height, chart.width = 9, 20
        chart.legend.position = "b"
        ws.add_chart(chart, anchor)

    def _cache(self, ws: Any, cell: Any, value: int | str) -> None:
        self.cached.setdefault(ws.title, {})[cell.coordinate] = value

    def save(self) -> bytes:
        out = io.BytesIO()
        self.book.save(out)
        return with_cached_values(out.getvalue(), [
            self.cached.get(ws.title, {}) for ws in self.book.worksheets])


def _number(value: Any) -> int:
    """What SUM counts of a cell: numbers and formulas with a number; text is 0."""
    if isinstance(value, Formula):
        value = value.value
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


_FORMULA_CELL = re.compile(rb'<c r="([A-Z]+[0-9]+)"([^>]*)><f>(.*?)</f><v\s*/?>(?:</v>)?</c>',
                           re.S)


def with_cached_values(data: bytes, sheets: list[dict[str, int | str]]) -> bytes:
    """The workbook with each formula cell's computed value cached in its ``<v>``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            match = re.fullmatch(r"xl/worksheets/sheet(\d+)\.xml", info.filename)
            if match and int(match.group(1)) <= len(sheets):
                values = sheets[int(match.group(1)) - 1]

                def cached(found: re.Match[bytes], values: dict[str, int | str] = values
                           ) -> bytes:
                    ref_, attrs, formula = found.groups()
                    value = values.get(ref_.decode())
                    if value is None:
                        return found.group(0)
                    if isinstance(value, int):
                        return b'<c r="%s"%s><f>%s</f><v>%d</v></c>' % (ref_, attrs, formula,
                                                                         value)
                    text = xml_escape(clean(value)).encode("utf-8")
                    return b'<c r="%s"%s t="str"><f>%s</f><v>%s</v></c>' % (
                        ref_, attrs.replace(b' t="str"', b""), formula, text)

                content = _FORMULA_CELL.sub(cached, content)
            target.writestr(info, content)
    return out.getvalue()


def header_word_width(header: str) -> float:
    """The width a column needs so that no word of its (bold) header is broken in two."""
    return max(map(len, header.split()), default=0) * 1.1 + 2


def _lines(text: str, width: float, bold: bool = False) -> int:
    """Lines a wrapped cell needs: the words wrapped as the office suite does (Calibri 11,
    about one character per width unit; bold text is wider)."""
    import textwrap

    chars = max(int(width * (0.95 if bold else 1.05)) - 1, 1)
    return sum(max(1, len(textwrap.wrap(line, chars, break_long_words=True)))
               for line in text.splitlines() or [""])


def _text(cell: Any, value: str) -> Any:
    """Put text in a cell as text, whatever it starts with."""
    cell.value = clean(value)
    cell.data_type = "s"
    cell.quotePrefix = True
    return cell


def ref(sheet: str, cell: str) -> str:
    return "'" + sheet.replace("'", "''") + "'!" + cell
