"""The portfolio page as one self-contained HTML file.

Everything is in the file: the style sheet in ``<style>``, the charts as inline SVG, no
script, no font, no image and no address to fetch, so it opens the same from a shared
drive, an e-mail attachment or a laptop without network. User text is escaped.
"""

from __future__ import annotations

from html import escape

from socinv.i18n import kronor
from socinv.reports.charts import svg
from socinv.reports.portfolio import Portfolio
from socinv.reports.portfolio_layout import Cell, Section, Table, sections
from socinv.reports.templating import clean

_STYLE = """
:root { color-scheme: light; }
body { font-family: "Segoe UI", Arial, "Liberation Sans", sans-serif; margin: 0;
  background: #f4f5f7; color: #1d1d1d; }
header { background: #1f4e79; color: #fff; padding: 18px 32px 14px; }
header h1 { margin: 0 0 4px; font-size: 24px; font-weight: 600; }
header p { margin: 0; opacity: .9; }
header .draft { background: #c00000; padding: 1px 8px; border-radius: 3px; font-size: 16px; }
main { max-width: 1180px; margin: 0 auto; padding: 8px 32px 32px; }
section { background: #fff; border: 1px solid #d8dce1; border-radius: 4px;
  margin: 18px 0; padding: 6px 20px 16px; page-break-inside: avoid; }
h2 { font-size: 19px; color: #1f4e79; margin: 12px 0 6px; }
p.intro { margin: 0 0 10px; color: #444; max-width: 70em; }
p.note { font-style: italic; color: #555; }
table { border-collapse: collapse; width: 100%; font-size: 14px; margin-top: 8px; }
th { background: #e3e6ea; text-align: left; padding: 5px 8px; border-bottom: 1px solid #b8bec6; }
td { padding: 4px 8px; border-bottom: 1px solid #e6e8eb; vertical-align: top; }
td.num, th.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tr.sum td { font-weight: 600; border-top: 2px solid #8c96a3; }
td.none { color: #777; font-style: italic; }
svg.chart { display: block; max-width: 100%; height: auto; margin: 6px 0 4px; }
svg .chart-title { font: 600 14px Arial, sans-serif; fill: #1d1d1d; }
svg .tick, svg .category, svg .legend { font: 12px Arial, sans-serif; fill: #333; }
svg .missing { font: italic 11px Arial, sans-serif; fill: #777; }
svg .grid { stroke: #e1e4e8; stroke-width: 1; }
svg .axis { stroke: #555; stroke-width: 1; }
footer { color: #666; font-size: 12px; text-align: center; padding: 0 0 24px; }
@media print { body { background: #fff; } section { border: none; } }
"""


def render(data: Portfolio, draft: str | None = None) -> str:
    lang = data.lang
    sv = lang == "sv"
    charts = {chart.key: chart for chart in data.charts}
    parts = [
        "<!DOCTYPE html>", f'<html lang="{lang}">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{_e(data.title)} – {_e(data.municipality)}</title>",
        f"<style>{_STYLE}</style>", "</head>", "<body>",
        f"<header><h1>{_e(data.title)}"
        + (f' <span class="draft">{_e(draft)}</span>' if draft else "")
        + f"</h1><p>{_e(data.municipality)} · "
        + (f"per {data.as_of.isoformat()}" if sv else f"as of {data.as_of.isoformat()}")
        + "</p></header>", "<main>"]
    for section in sections(data):
        chart = charts.get(section.chart) if section.chart else None
        parts.append(_section(section, svg(chart, lang) if chart and not chart.empty
                              and section.table.rows else "", lang))
    parts += ["</main>", "<footer>" + _e(
        "Framtagen med socinv ur fondens dokument. Belopp i hela kronor." if sv
        else "Produced by socinv from the fund's documents. Amounts in whole kronor.")
        + "</footer>", "</body>", "</html>", ""]
    return "\n".join(parts)


def _section(section: Section, chart: str, lang: str) -> str:
    out = [f'<section id="{section.table.key}">', f"<h2>{_e(section.heading)}</h2>",
           f'<p class="intro">{_e(section.text)}</p>']
    if chart:
        out.append(chart)
    out.append(_table(section.table, lang) if section.table.rows
               else f'<p class="note">{_e(section.table.empty)}</p>')
    out += [f'<p class="note">{_e(note)}</p>' for note in section.notes]
    out.append("</section>")
    return "\n".join(out)


def _table(table: Table, lang: str) -> str:
    numeric = [column.kind in ("amount", "count") for column in table.columns]
    head = "".join(f'<th class="num">{_e(c.header)}</th>' if numeric[i]
                   else f"<th>{_e(c.header)}</th>" for i, c in enumerate(table.columns))
    body = ["<tr>" + "".join(_cell(cell, table.columns[i].kind, lang)
                             for i, cell in enumerate(row)) + "</tr>" for row in table.rows]
    if table.sum_row:
        sums = table.sums()
        sums[0] = "Summa" if lang == "sv" else "Total"
        body.append('<tr class="sum">' + "".join(
            _cell(cell, table.columns[i].kind, lang) for i, cell in enumerate(sums)) + "</tr>")
    return (f'<table data-table="{table.key}"><thead><tr>{head}</tr></thead><tbody>'
            + "\n".join(body) + "</tbody></table>")


def _cell(cell: Cell, kind: str, lang: str) -> str:
    if cell is None:
        return "<td></td>"
    if isinstance(cell, int):
        text = kronor(cell, "en" if lang == "en" else "sv") if kind == "amount" else str(cell)
        return f'<td class="num">{_e(text)}</td>'
    if kind in ("amount", "count"):
        return f'<td class="num none">{_e(cell)}</td>'
    return f"<td>{_e(cell)}</td>"


def _e(text: str) -> str:
    return escape(clean(str(text)), quote=True)
