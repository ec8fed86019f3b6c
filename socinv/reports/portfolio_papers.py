"""The portfolio's files in memory: the page (.html), the Word document, the workbook,
and the PDF LibreOffice makes of the Word document (``pdf.py``, as for every paper).

Nothing is written here; ``output.write_outputs`` writes them all or none, after the
public-record guard has read every one.
"""

from __future__ import annotations

import datetime as dt

from socinv.fund.fund import Fund
from socinv.i18n import Lang
from socinv.reports.output import Output, guard_text
from socinv.reports.portfolio import Portfolio, build

FORMATS = ("html", "docx", "xlsx", "pdf")
_NAME = {"sv": "portfoljoversikt", "en": "portfolio"}
_DRAFT = {"sv": "UTKAST", "en": "DRAFT"}


def papers(fund: Fund, year: int | None, today: dt.date, lang: Lang,
           formats: tuple[str, ...], draft: bool = False) -> tuple[list[Output], Portfolio]:
    data = build(fund, year, today, lang)
    stem = f"{data.year}-{_NAME[lang]}" + (("-utkast" if lang == "sv" else "-draft")
                                           if draft else "")
    mark = _DRAFT[lang] if draft else None
    from socinv.reports import pdf

    outputs: list[Output] = []
    for fmt in pdf.wanted(formats):
        if fmt == "html":
            from socinv.reports.portfolio_html import render

            text = render(data, mark)
            guard_text(f"{stem}.html", text)
            outputs.append(Output(f"{stem}.html", text.encode("utf-8")))
        elif fmt == "docx":
            from socinv.reports.portfolio_office import docx

            outputs.append(Output(f"{stem}.docx", docx(data, mark)))
        elif fmt == "xlsx":
            from socinv.reports.portfolio_office import xlsx

            outputs.append(Output(f"{stem}.xlsx", xlsx(data, mark)))
    return pdf.finish(outputs, formats), data  # a PDF is made from the Word document
