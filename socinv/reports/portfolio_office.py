"""The portfolio as a Word document (the page's sections, its charts as Word charts) and
as an Excel workbook (one sheet per table, each with its chart)."""

from __future__ import annotations

from socinv.i18n import kronor
from socinv.reports.blocks import Block, Heading, PageBreak, Paragraph, Run, Table
from socinv.reports.portfolio import Portfolio
from socinv.reports.portfolio_layout import Cell, sections
from socinv.reports.portfolio_layout import Table as Layout


def _cell(cell: Cell, kind: str, lang: str) -> str:
    if cell is None:
        return ""
    if isinstance(cell, int):
        return kronor(cell, "en" if lang == "en" else "sv") if kind == "amount" else str(cell)
    return cell


def _table(table: Layout, lang: str) -> Table:
    kinds = [column.kind for column in table.columns]
    rows = [list(row) for row in table.rows]
    if table.sum_row:
        sums = table.sums()
        sums[0] = "Summa" if lang == "sv" else "Total"
        rows.append(sums)
    last = len(rows) - 1 if table.sum_row else -1
    return Table([[Run(column.header, bold=True)] for column in table.columns],
                 [[[Run(_cell(cell, kinds[i], lang), bold=index == last)]
                   for i, cell in enumerate(row)] for index, row in enumerate(rows)],
                 ["right" if kind in ("amount", "count") else "left" for kind in kinds])


def docx(data: Portfolio, draft: str | None = None) -> bytes:
    from socinv.reports.docx_charts import add_charts, placeholder
    from socinv.reports.docx_render import Page, render_docx

    lang = data.lang
    sv = lang == "sv"
    blocks: list[Block] = [
        Heading(1, [Run(data.title)]),
        Paragraph([Run(f"{data.municipality} · " + (f"per {data.as_of.isoformat()}" if sv
                                                    else f"as of {data.as_of.isoformat()}"),
                       italic=True)])]
    for index, section in enumerate(sections(data)):
        if index and section.chart:  # a chart and its table on a page of their own
            blocks.append(PageBreak())
        blocks += [Heading(2, [Run(section.heading)]), Paragraph([Run(section.text)])]
        if section.chart and section.table.rows:
            blocks.append(Paragraph([Run(placeholder(section.chart))]))
        blocks.append(_table(section.table, lang) if section.table.rows
                      else Paragraph([Run(section.table.empty, italic=True)]))
        blocks += [Paragraph([Run(note, italic=True)]) for note in section.notes]
    page = Page(data.municipality, "Portföljöversikt" if sv else "Portfolio",
                data.title, ("Sida", "av") if sv else ("Page", "of"), data.title,
                "sv-SE" if sv else "en-GB", draft, landscape=True, date=data.as_of)
    return add_charts(render_docx(blocks, page), data.charts, lang, 24.0, 8.0)


#: sheet names (at most 31 characters, no []:*?/\)
SHEETS = {"sv": {"pipeline": "Steg", "budget": "Budget och utfall",
                 "savings": "Besparingar", "expost": "Utfall mot prognos",
                 "money": "Fondens medel",
                 "overdue": "Försenade rapporter", "waiting": "Väntande steg"},
          "en": {"pipeline": "Stages", "budget": "Budget and outcome",
                 "savings": "Savings", "expost": "Against the forecast",
                 "money": "Fund money",
                 "overdue": "Overdue reports", "waiting": "Outstanding steps"}}

#: the chart beside a sheet's table: its category column and series columns (1-based)
_CHART_COLUMNS = {"money": (1, (2, 3, 5))}


def xlsx(data: Portfolio, draft: str | None = None) -> bytes:
    from socinv.reports.xlsx_render import TITLE_ROWS, Column, Formula, Sheet, Workbook

    lang = data.lang
    subtitle = f"{data.municipality} – {data.title}"
    book = Workbook(lang, subtitle, subtitle, draft)
    names = SHEETS[lang]
    for section in sections(data):
        table = section.table
        columns = [Column(column.header, "amount" if column.kind == "amount" else "text")
                   for column in table.columns]
        rows: list[list[object]] = [list(row) for row in table.rows]
        bold: set[int] = set()
        if table.sum_row and rows:
            from openpyxl.utils import get_column_letter

            sums = table.sums()
            first, last = TITLE_ROWS + 1, TITLE_ROWS + len(rows)
            total: list[object] = ["Summa" if lang == "sv" else "Total"]
            for index, value in enumerate(sums[1:], start=1):
                letter = get_column_letter(index + 1)
                total.append(Formula(f"=SUM({letter}{first}:{letter}{last})", value)
                             if isinstance(value, int) else value)
            rows.append(total)
            bold.add(len(rows) - 1)
        note = " ".join(section.notes) if rows else table.empty
        book.add(Sheet(names[table.key], section.heading, columns, rows, note=note,
                       bold_rows=frozenset(bold)))
        chart = next((c for c in data.charts if c.key == section.chart), None)
        if chart is not None and not chart.empty and table.key in _CHART_COLUMNS and rows:
            category, series = _CHART_COLUMNS[table.key]
            count = len(table.rows)
            book.chart(names[table.key], chart.title, TITLE_ROWS + 1, TITLE_ROWS + count,
                       category, series, f"B{TITLE_ROWS + len(rows) + 5}")
    return book.save()
