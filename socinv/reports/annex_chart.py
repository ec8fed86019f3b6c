"""The chart in the Word annex (``report interim|annual``): each investment's budget for
the year against its outcome (and, at an interim period, the forecast for the whole year).

A self-contained addition to the annex: the figures are the annex's own rows
(``ledger.CaseYear``), the chart goes at the end of the section on the investments (or,
if a fund's template has no such section, at the end), drawn by ``docx_charts``.
"""

from __future__ import annotations

from typing import Any

from socinv.i18n import Lang
from socinv.reports.blocks import Block, Heading, Paragraph, Run, plain
from socinv.reports.charts import Chart, Series

_WORDS = {
    "sv": {"title": "Budget och utfall per satsning {year}", "budget": "Budget för året",
           "outcome": "Utfall", "to_date": "Utfall hittills", "forecast": "Prognos helår",
           "section": "Satsningar {year}", "heading": "Diagram: budget och utfall"},
    "en": {"title": "Budget and outcome per investment {year}", "budget": "Budget for the year",
           "outcome": "Outcome", "to_date": "Outcome to date", "forecast": "Forecast, whole year",
           "section": "Investments {year}", "heading": "Chart: budget and outcome"},
}


def annex_chart(annex: Any, lang: Lang) -> Chart:
    """The chart of an annex (``ledger.Annex``); a case without an outcome has no column."""
    w = _WORDS[lang]
    rows = annex.cases
    names = tuple(_label(row.id, row.title) for row in rows)
    series = [Series(w["budget"], tuple(row.budget for row in rows)),
              Series(w["to_date"] if annex.interim else w["outcome"],
                     tuple(row.outcome for row in rows))]
    if annex.interim:
        series.append(Series(w["forecast"], tuple(row.forecast for row in rows)))
    return Chart("annex", w["title"].format(year=annex.year), names, tuple(series),
                 missing="–")


def _label(case_id: str, title: str) -> str:
    """``2025-001 Utökade hembesök för…``: the case's number and the start of its title."""
    number = "-".join(case_id.split("-")[:2])
    text = f"{number} {title}"
    return text if len(text) <= 34 else text[:33].rstrip() + "…"


def annex_docx(blocks: list[Block], page: Any, annex: Any, lang: Lang) -> bytes:
    """The annex as Word (``docx_render``) with its chart."""
    from socinv.reports.docx_charts import add_charts, placeholder
    from socinv.reports.docx_render import render_docx

    chart = annex_chart(annex, lang)
    if chart.empty:
        return render_docx(blocks, page)
    section = _WORDS[lang]["section"].format(year=annex.year)
    start = next((i for i, b in enumerate(blocks) if isinstance(b, Heading)
                  and b.level <= 2 and plain(b.runs).strip() == section), None)
    marker = Paragraph([Run(placeholder(chart.key))])
    if start is None:
        blocks = [*blocks, Heading(2, [Run(_WORDS[lang]["heading"])]), marker]
    else:
        end = next((i for i in range(start + 1, len(blocks)) if isinstance(blocks[i], Heading)
                    and blocks[i].level <= 2), len(blocks))  # type: ignore[union-attr]
        blocks = [*blocks[:end], marker, *blocks[end:]]
    width = 24.0 if page.landscape else 16.0
    return add_charts(render_docx(blocks, page), [chart], lang, width, 7.5)
