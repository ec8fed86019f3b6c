"""The annex as an Excel workbook: one sheet per table, real formulas, a native chart.

Amounts are numbers in the kronor format ``[$-41D]#,##0 "kr"`` (Swedish locale:
``1 250 000 kr`` in any office suite; Swedish Excel shows the code as
``# ##0 "kr"``). Sums, budget, deviation, the reserve's balance and the
balance-requirement lines are formulas. Every text cell is forced to text
(type ``s`` with a quote prefix), so user text that starts with ``=`` stays text.

The workbook is written as SpreadsheetML text, part by part, in the form openpyxl
writes it (openpyxl reads it back in the tests): importing openpyxl and building an
object per cell cost a small annex more than the rest of its run, and a 10,000-case
annex hundreds of megabytes (issue 18). Each formula cell carries the value socinv
computed for it as its cached result.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from socinv.io.xmltext import attribute
from socinv.reports.templating import clean

KRONOR = {"sv": '[$-41D]#,##0 "kr"', "en": '[$-41D]"SEK "#,##0'}
TITLE_ROWS = 3  # title, subtitle, column headers
FONT = "Calibri"
Cell = str | int | None


@dataclass
class Column:
    """A column of a workbook sheet."""

    header: str
    kind: str = "text"  # "text" | "amount" | "wrap"
    width: float | None = None


@dataclass
class Sheet:
    """A sheet of a workbook: title, columns and rows."""

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


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument."
_XML_HEAD = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
_THEME = Path(__file__).resolve().parent / "skeletons" / "xlsx-theme.xml"
_COLUMN_LETTERS: dict[int, str] = {}


def column_letter(index: int) -> str:
    """1 → A, 27 → AA."""
    letter = _COLUMN_LETTERS.get(index)
    if letter is None:
        number, letter = index, ""
        while number:
            number, rest = divmod(number - 1, 26)
            letter = chr(65 + rest) + letter
        _COLUMN_LETTERS[index] = letter
    return letter


def _num(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else repr(float(value))


@dataclass(frozen=True)
class _Style:
    """A cell's style in the workbook's style sheet."""

    font: str = ""  # "" | "title" | "title-draft" | "subtitle" | "bold" | "italic"
    fill: bool = False
    amount: bool = False  # the kronor number format
    alignment: str = ""  # the <alignment> attributes
    quote: bool = False


_FONTS = {
    "": '<font><name val="Calibri"/><family val="2"/><color theme="1"/><sz val="11"/>'
        '<scheme val="minor"/></font>',
    "title": f'<font><name val="{FONT}"/><b val="1"/><sz val="14"/></font>',
    "title-draft": f'<font><name val="{FONT}"/><b val="1"/><color rgb="00C00000"/>'
                   '<sz val="14"/></font>',
    "subtitle": f'<font><name val="{FONT}"/><i val="1"/><color rgb="00555555"/></font>',
    "bold": f'<font><name val="{FONT}"/><b val="1"/></font>',
    "italic": f'<font><name val="{FONT}"/><i val="1"/></font>',
}


def _alignment(horizontal: str | None = None, wrap: bool = False, indent: int = 0) -> str:
    return ((f' horizontal="{horizontal}"' if horizontal else "") + ' vertical="top"'
            + (' wrapText="1"' if wrap else "") + (f' indent="{indent}"' if indent else ""))


class _SheetXml:
    """One worksheet being written: its rows as XML text, its layout, its chart."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.rows: list[str] = []
        self.cols = ""
        self.heights: dict[int, float] = {}
        self.last_row = 1
        self.last_col = 1
        self.charts: list[str] = []  # chart XML
        self.anchors: list[tuple[int, int]] = []  # (column, row), 0-based


class Workbook:
    def __init__(self, lang: str, subtitle: str, header: str, draft: str | None,
                 marking: str | None = None) -> None:
        """``marking``: what the board's papers call the workbook ("Bilaga 3 · Dnr KS
        2026/123"), in every page's header and under every sheet's title."""
        self.lang = "en" if lang == "en" else "sv"
        self.subtitle = f"{marking} – {subtitle}" if marking else subtitle
        self.header = header
        self.draft = draft
        self.marking = marking
        self.sheets: list[_SheetXml] = []
        self._styles: dict[_Style, int] = {_Style(): 0}
        self._fonts: dict[str, int] = {"": 0}

    # -- styles ---------------------------------------------------------------------------

    def _style(self, style: _Style) -> int:
        index = self._styles.get(style)
        if index is None:
            self._fonts.setdefault(style.font, len(self._fonts))
            index = self._styles[style] = len(self._styles)
        return index

    def _styles_xml(self) -> str:
        fonts = "".join(_FONTS[font] for font in self._fonts)
        xfs = []
        for style in self._styles:
            attributes = (f'numFmtId="{164 if style.amount else 0}" '
                          f'fontId="{self._fonts[style.font]}" '
                          f'fillId="{2 if style.fill else 0}" borderId="0"'
                          + (' applyAlignment="1"' if style.alignment else "")
                          + f' pivotButton="0" quotePrefix="{int(style.quote)}" xfId="0"')
            xfs.append(f"<xf {attributes}><alignment{style.alignment}/></xf>"
                       if style.alignment else f"<xf {attributes}/>")
        return (
            _XML_HEAD + f'<styleSheet xmlns="{_MAIN}"><numFmts count="1"><numFmt numFmtId="164" '
            f'formatCode="{attribute(KRONOR[self.lang])}"/></numFmts>'
            f'<fonts count="{len(self._fonts)}">{fonts}</fonts><fills count="3"><fill>'
            '<patternFill/></fill><fill><patternFill patternType="gray125"/></fill><fill>'
            '<patternFill patternType="solid"><fgColor rgb="00E3E6EA"/></patternFill></fill>'
            '</fills><borders count="1"><border><left/><right/><top/><bottom/><diagonal/>'
            '</border></borders><cellStyleXfs count="1"><xf numFmtId="0" fontId="0" '
            f'fillId="0" borderId="0"/></cellStyleXfs><cellXfs count="{len(xfs)}">'
            + "".join(xfs) + '</cellXfs><cellStyles count="1"><cellStyle name="Normal" '
            'xfId="0" builtinId="0" hidden="0"/></cellStyles><tableStyles count="0" '
            'defaultTableStyle="TableStyleMedium9" defaultPivotStyle="PivotStyleLight16"/>'
            "</styleSheet>")

    # -- cells ----------------------------------------------------------------------------

    def _cell(self, sheet: _SheetXml, out: list[str], row: int, column: int, value: Any,
              style: _Style, cached: int | str | None = None) -> None:
        """One ``<c>``: text (always text), a whole number, a formula with its cached value,
        or only a style (``value`` None)."""
        sheet.last_col = max(sheet.last_col, column)
        ref_ = f"{column_letter(column)}{row}"
        s = self._style(style)
        styled = f' s="{s}"' if s else ""
        if isinstance(value, Formula):
            formula = attribute(str(value)[1:])
            if isinstance(cached, int):
                out.append(f'<c r="{ref_}"{styled}><f>{formula}</f><v>{cached}</v></c>')
            elif cached is not None:
                out.append(f'<c r="{ref_}"{styled} t="str"><f>{formula}</f>'
                           f"<v>{attribute(clean(cached))}</v></c>")
            else:
                out.append(f'<c r="{ref_}"{styled}><f>{formula}</f><v></v></c>')
        elif isinstance(value, int) and not isinstance(value, bool):
            out.append(f'<c r="{ref_}"{styled} t="n"><v>{value}</v></c>')
        elif value is None:
            out.append(f'<c r="{ref_}"{styled}/>')
        else:
            text = clean(str(value))
            if not text:  # as openpyxl writes an empty text: no value
                out.append(f'<c r="{ref_}"{styled} t="inlineStr"></c>')
                return
            space = ' xml:space="preserve"' if text != text.strip() else ""
            out.append(f'<c r="{ref_}"{styled} t="inlineStr"><is><t{space}>{attribute(text)}</t>'
                       "</is></c>")

    def _row(self, sheet: _SheetXml, row: int, cells: list[str]) -> None:
        sheet.last_row = max(sheet.last_row, row)
        height = sheet.heights.get(row)
        extra = f' ht="{_num(height)}" customHeight="1"' if height is not None else ""
        sheet.rows.append(f'<row r="{row}"{extra}>' + "".join(cells) + "</row>")

    # -- sheets ---------------------------------------------------------------------------

    def add(self, sheet: Sheet) -> int:
        """Write a sheet; returns the row number of its sum row (or last row)."""
        name = sheet.name[:31]
        taken = {existing.name for existing in self.sheets}
        base, number = name, 0
        while name in taken:
            number += 1
            name = f"{base[:31 - len(str(number))]}{number}"
        ws = _SheetXml(name)
        self.sheets.append(ws)
        widths = self._layout(ws, sheet)
        title = f"{self.draft} – {sheet.title}" if self.draft else sheet.title
        cells: list[str] = []
        self._cell(ws, cells, 1, 1, title, _Style("title-draft" if self.draft else "title",
                                                  quote=True))
        self._row(ws, 1, cells)
        cells = []
        self._cell(ws, cells, 2, 1, self.subtitle, _Style("subtitle", quote=True))
        self._row(ws, 2, cells)
        cells = []
        for index, column in enumerate(sheet.columns, start=1):
            self._cell(ws, cells, TITLE_ROWS, index, column.header, _Style(
                "bold", fill=True, quote=True, alignment=_alignment(
                    "right" if column.kind == "amount" else None, wrap=True,
                    indent=1 if index > 1 and column.kind != "amount" else 0)))
        self._row(ws, TITLE_ROWS, cells)
        first = TITLE_ROWS + 1
        for offset, values in enumerate(sheet.rows):
            number = first + offset
            bold = offset in sheet.bold_rows
            cells = []
            written = 0
            for index, (column, value) in enumerate(zip(sheet.columns, values, strict=False),
                                                    start=1):
                written = index
                if value is None:
                    if bold:
                        self._cell(ws, cells, number, index, None, _Style("bold"))
                    continue
                text = not isinstance(value, Formula) and not (
                    isinstance(value, int) and not isinstance(value, bool))
                style = _Style(
                    "bold" if bold else "", quote=text, amount=column.kind == "amount",
                    alignment=_alignment("right") if column.kind == "amount" else _alignment(
                        wrap=column.kind == "wrap", indent=1 if index > 1 else 0))
                self._cell(ws, cells, number, index, value, style,
                           value.value if isinstance(value, Formula) else None)
            if bold:
                for index in range(written + 1, len(sheet.columns) + 1):
                    self._cell(ws, cells, number, index, None, _Style("bold"))
            self._row(ws, number, cells)
        last = first + len(sheet.rows) - 1
        if not sheet.rows and sheet.empty:
            cells = []
            self._cell(ws, cells, first, 1, sheet.empty, _Style("italic", quote=True))
            self._row(ws, first, cells)
            last = first
        end = last
        if sheet.sum_row:
            end = last + 1
            cells = []
            self._cell(ws, cells, end, 1, "Summa" if self.lang == "sv" else "Total",
                       _Style("bold", quote=True))
            for index, column in enumerate(sheet.columns, start=1):
                if column.kind == "amount":
                    letter = column_letter(index)
                    formula = Formula(f"=SUM({letter}{first}:{letter}{max(last, first)})"
                                      if sheet.rows else "=0")
                    self._cell(ws, cells, end, index, formula, _Style("bold", amount=True),
                               sum(_number(row[index - 1]) for row in sheet.rows
                                   if index - 1 < len(row)))
            self._row(ws, end, cells)
        if sheet.note:
            cells = []
            self._cell(ws, cells, end + 2, 1, sheet.note, _Style("italic", quote=True))
            self._row(ws, end + 2, cells)
        ws.cols = "".join(f'<col width="{_num(width)}" customWidth="1" min="{index}" '
                          f'max="{index}"/>' for index, width in enumerate(widths, start=1))
        return end

    def _layout(self, ws: _SheetXml, sheet: Sheet) -> list[float]:
        """The columns' widths, and the heights of the rows whose wrapped text needs them."""
        widths: list[float] = []
        for index, column in enumerate(sheet.columns, start=1):
            width = column.width
            if width is None:
                longest = max([len(column.header) * 0.6 + 2]
                              + [len(str(row[index - 1])) for row in sheet.rows
                                 if index - 1 < len(row) and row[index - 1] is not None
                                 and not isinstance(row[index - 1], Formula)], default=10)
                # an amount column is as wide as half its header, so the header takes at
                # most two or three lines
                width = min(max(16, len(column.header) / 2 + 3), 24) \
                    if column.kind == "amount" else min(max(longest + 2, 10), 60)
            width = max(width, header_word_width(column.header))  # no word broken in two
            widths.append(width)
        ws.heights[TITLE_ROWS] = 15 * max(
            [1] + [_lines(column.header, width, bold=True)
                   for column, width in zip(sheet.columns, widths, strict=True)]) + 3
        for offset, row in enumerate(sheet.rows):
            lines = max([1] + [_lines(str(value), width)
                               for column, width, value in zip(sheet.columns, widths, row,
                                                               strict=False)
                               if column.kind == "wrap" and isinstance(value, str)])
            if lines > 1:
                ws.heights[TITLE_ROWS + 1 + offset] = 15 * lines
        return widths

    def chart(self, sheet_name: str, title: str, first: int, last: int,
              category_col: int, series_cols: Sequence[int], anchor: str) -> None:
        """A clustered column chart of ``series_cols`` (titled by their header cells) over
        the rows ``first``–``last``, by the categories in ``category_col``."""
        ws = next(sheet for sheet in self.sheets if sheet.name == sheet_name[:31])
        quoted = "'" + ws.name.replace("'", "''") + "'"
        a = 'xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"'

        def rich(text: str) -> str:
            return (f"<title><tx><rich><a:bodyPr {a}/><a:p {a}><a:pPr><a:defRPr/></a:pPr>"
                    f"<a:r><a:t>{attribute(clean(text))}</a:t></a:r></a:p></rich></tx></title>")

        category = column_letter(category_col)
        series = []
        for order, col in enumerate(series_cols):
            letter = column_letter(col)
            series.append(
                f'<ser><idx val="{order}"/><order val="{order}"/><tx><strRef>'
                f"<f>{attribute(quoted)}!{letter}{TITLE_ROWS}</f></strRef></tx><spPr><a:ln {a}>"
                '<a:prstDash val="solid"/></a:ln></spPr><cat><strRef>'  # text categories
                f"<f>{attribute(quoted)}!${category}${first}:${category}${last}</f></strRef></cat>"
                f"<val><numRef><f>{attribute(quoted)}!${letter}${first}:${letter}${last}</f>"
                "</numRef></val></ser>")
        ws.charts.append(
            _XML_HEAD + '<chartSpace xmlns="http://schemas.openxmlformats.org/drawingml/2006/'
            f'chart"><chart>{rich(title)}<plotArea><barChart><barDir val="col"/>'
            '<grouping val="clustered"/>' + "".join(series)
            + '<gapWidth val="150"/><axId val="10"/><axId val="100"/></barChart><catAx>'
            '<axId val="10"/><scaling><orientation val="minMax"/></scaling><delete val="0"/>'
            '<axPos val="l"/><majorTickMark val="none"/><minorTickMark val="none"/>'
            '<crossAx val="100"/><lblOffset val="100"/></catAx><valAx><axId val="100"/>'
            # bars from zero: a cut axis would overstate the differences
            '<scaling><orientation val="minMax"/><min val="0"/></scaling><delete val="0"/>'
            '<axPos val="l"/><majorGridlines/>' + rich("kr" if self.lang == "sv" else "SEK")
            + f'<numFmt formatCode="{attribute(KRONOR[self.lang])}" sourceLinked="0"/>'
            '<majorTickMark val="none"/><minorTickMark val="none"/><crossAx val="10"/></valAx>'
            '</plotArea><legend><legendPos val="b"/></legend><plotVisOnly val="1"/>'
            '<dispBlanksAs val="gap"/></chart></chartSpace>')
        found = re.fullmatch(r"([A-Z]+)([0-9]+)", anchor)
        if found is None:
            raise ValueError(f"not a cell: {anchor}")
        column = 0
        for char in found.group(1):
            column = column * 26 + ord(char) - 64
        ws.anchors.append((column - 1, int(found.group(2)) - 1))

    # -- the package ----------------------------------------------------------------------

    def _sheet_xml(self, ws: _SheetXml, drawing: int | None) -> str:
        header = "&L" + clean(self.header).replace("&", "&&")
        right = " – ".join(part for part in (self.marking, self.draft) if part)
        if right:
            header += "&R" + ("&KC00000" if self.draft else "") + clean(right).replace(
                "&", "&&")
        footer = "&R" + ("Sida &P av &N" if self.lang == "sv" else "Page &P of &N")
        return (
            _XML_HEAD + f'<worksheet xmlns="{_MAIN}"><sheetPr><outlinePr summaryBelow="1" '
            'summaryRight="1"/><pageSetUpPr fitToPage="1"/></sheetPr>'
            f'<dimension ref="A1:{column_letter(ws.last_col)}{ws.last_row}"/><sheetViews>'
            f'<sheetView workbookViewId="0"><pane ySplit="{TITLE_ROWS}" '
            f'topLeftCell="A{TITLE_ROWS + 1}" activePane="bottomLeft" state="frozen"/>'
            '<selection pane="bottomLeft" activeCell="A1" sqref="A1"/></sheetView>'
            '</sheetViews><sheetFormatPr baseColWidth="8" defaultRowHeight="15"/>'
            + (f"<cols>{ws.cols}</cols>" if ws.cols else "")
            + "<sheetData>" + "".join(ws.rows) + "</sheetData>"
            '<pageMargins left="0.75" right="0.75" top="1" bottom="1" header="0.5" '
            'footer="0.5"/><pageSetup orientation="landscape" paperSize="9" fitToHeight="0" '
            f'fitToWidth="1"/><headerFooter><oddHeader>{attribute(header)}</oddHeader>'
            f"<oddFooter>{attribute(footer)}</oddFooter><evenHeader></evenHeader><evenFooter>"
            "</evenFooter><firstHeader></firstHeader><firstFooter></firstFooter></headerFooter>"
            + (f'<drawing xmlns:r="{_R}" r:id="rId1"/>' if drawing is not None else "")
            + "</worksheet>")

    def save(self) -> bytes:
        parts: dict[str, str | bytes] = {}
        types = [("/xl/workbook.xml", "spreadsheetml.sheet.main+xml"),
                 ("/xl/styles.xml", "spreadsheetml.styles+xml"),
                 ("/xl/theme/theme1.xml", "theme+xml"),
                 ("/docProps/app.xml", "extended-properties+xml")]
        sheets, names, relationships = [], [], []
        drawings = charts = 0
        for number, ws in enumerate(self.sheets, start=1):
            drawing = None
            if ws.charts:
                drawings += 1
                drawing = drawings
                anchors, chart_relationships = [], []
                for rid, (chart, (column, row)) in enumerate(
                        zip(ws.charts, ws.anchors, strict=True), start=1):
                    charts += 1
                    parts[f"xl/charts/chart{charts}.xml"] = chart
                    types.append((f"/xl/charts/chart{charts}.xml", "drawingml.chart+xml"))
                    chart_relationships.append(
                        f'<Relationship Type="{_R}/chart" Target="/xl/charts/chart{charts}.xml" '
                        f'Id="rId{rid}"/>')
                    anchors.append(
                        f"<oneCellAnchor><from><col>{column}</col><colOff>0</colOff><row>{row}"
                        '</row><rowOff>0</rowOff></from><ext cx="7200000" cy="3240000"/>'
                        f'<graphicFrame><nvGraphicFramePr><cNvPr id="{rid}" name="Chart {rid}"/>'
                        '<cNvGraphicFramePr/></nvGraphicFramePr><xfrm/><a:graphic xmlns:a="'
                        'http://schemas.openxmlformats.org/drawingml/2006/main"><a:graphicData '
                        'uri="http://schemas.openxmlformats.org/drawingml/2006/chart"><c:chart '
                        'xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" '
                        f'xmlns:r="{_R}" r:id="rId{rid}"/></a:graphicData></a:graphic>'
                        "</graphicFrame><clientData/></oneCellAnchor>")
                parts[f"xl/drawings/drawing{drawing}.xml"] = (
                    _XML_HEAD + '<wsDr xmlns="http://schemas.openxmlformats.org/drawingml/2006/'
                    'spreadsheetDrawing">' + "".join(anchors) + "</wsDr>")
                parts[f"xl/drawings/_rels/drawing{drawing}.xml.rels"] = _relationships(
                    chart_relationships)
                types.append((f"/xl/drawings/drawing{drawing}.xml", "drawing+xml"))
                parts[f"xl/worksheets/_rels/sheet{number}.xml.rels"] = _relationships(
                    [f'<Relationship Type="{_R}/drawing" '
                     f'Target="/xl/drawings/drawing{drawing}.xml" Id="rId1"/>'])
            parts[f"xl/worksheets/sheet{number}.xml"] = self._sheet_xml(ws, drawing)
            types.append((f"/xl/worksheets/sheet{number}.xml", "spreadsheetml.worksheet+xml"))
            sheets.append(f'<sheet xmlns:r="{_R}" name="{attribute(ws.name)}" sheetId="{number}" '
                          f'state="visible" r:id="rId{number}"/>')
            quoted = "'" + ws.name.replace("'", "''") + "'"
            names.append(f'<definedName name="_xlnm.Print_Titles" localSheetId="{number - 1}">'
                         f"{attribute(quoted)}!${TITLE_ROWS}:${TITLE_ROWS}</definedName>")
            relationships.append(f'<Relationship Type="{_R}/worksheet" '
                                 f'Target="/xl/worksheets/sheet{number}.xml" Id="rId{number}"/>')
        count = len(self.sheets)
        relationships += [
            f'<Relationship Type="{_R}/styles" Target="styles.xml" Id="rId{count + 1}"/>',
            f'<Relationship Type="{_R}/theme" Target="theme/theme1.xml" Id="rId{count + 2}"/>']
        parts["xl/workbook.xml"] = (
            _XML_HEAD + f'<workbook xmlns="{_MAIN}"><workbookPr/><bookViews><workbookView '
            'visibility="visible" minimized="0" showHorizontalScroll="1" showVerticalScroll="1" '
            'showSheetTabs="1" tabRatio="600" firstSheet="0" activeTab="0" '
            'autoFilterDateGrouping="1"/></bookViews><sheets>' + "".join(sheets) + "</sheets>"
            + (f"<definedNames>{''.join(names)}</definedNames>" if names else "")
            + '<calcPr calcId="124519" fullCalcOnLoad="1"/></workbook>')
        parts["xl/_rels/workbook.xml.rels"] = _relationships(relationships)
        parts["xl/styles.xml"] = self._styles_xml()
        parts["xl/theme/theme1.xml"] = _THEME.read_bytes()
        parts["docProps/app.xml"] = (
            _XML_HEAD + '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/'
            '2006/extended-properties"><Application>socinv</Application></Properties>')
        parts["_rels/.rels"] = _relationships([
            f'<Relationship Type="{_R}/officeDocument" Target="xl/workbook.xml" Id="rId1"/>',
            f'<Relationship Type="{_R}/extended-properties" Target="docProps/app.xml" '
            'Id="rId2"/>'])
        parts["[Content_Types].xml"] = (
            _XML_HEAD + '<Types xmlns="http://schemas.openxmlformats.org/package/2006/'
            'content-types"><Default Extension="rels" ContentType="application/'
            'vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" '
            'ContentType="application/xml"/>'
            + "".join(f'<Override PartName="{name}" ContentType="{_CT}{kind}"/>'
                      for name, kind in types) + "</Types>")
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
            for name in ["[Content_Types].xml", *(n for n in parts if n != "[Content_Types].xml")]:
                data = parts[name]
                info = zipfile.ZipInfo(name)  # dated 1980-01-01: the same annex, the same bytes
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, data.encode("utf-8") if isinstance(data, str) else data)
        return out.getvalue()


def _relationships(items: list[str]) -> str:
    return (_XML_HEAD + f'<Relationships xmlns="{_PACKAGE}">' + "".join(items)
            + "</Relationships>")


def _number(value: Any) -> int:
    """What SUM counts of a cell: numbers and formulas with a number; text is 0."""
    if isinstance(value, Formula):
        value = value.value
    return value if isinstance(value, int) and not isinstance(value, bool) else 0


def header_word_width(header: str) -> float:
    """The width a column needs so that no word of its (bold) header is broken in two."""
    return max(map(len, header.split()), default=0) * 1.1 + 2


def _lines(text: str, width: float, bold: bool = False) -> int:
    """Lines a wrapped cell needs: the words wrapped as the office suite does (Calibri 11,
    about one character per width unit; bold text is wider)."""
    import textwrap

    chars = max(int(width * (0.95 if bold else 1.05)) - 1, 1)
    # a line that fits is one line (textwrap changes a line's length only by its tabs);
    # most cells are short, and textwrap was a fifth of a 60-case workbook's time
    return sum(1 if len(line) <= chars and "\t" not in line else
               max(1, len(textwrap.wrap(line, chars, break_long_words=True)))
               for line in text.splitlines() or [""])


def ref(sheet: str, cell: str) -> str:
    return "'" + sheet.replace("'", "''") + "'!" + cell
