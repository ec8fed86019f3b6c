"""The annex's "forecast against outturn" block: each granted case's ex-post economics.

One row per case the annex shows (its cases of the year and the cases closed in it) that
has application economics: cost to date, realised savings of the year and to date, the
forecast for the same years, the forecast's error and the NPV on outturn, all by
:mod:`socinv.expost` from the reports up to the annex's year (the final report once the
case is closed by then). A saving that has not been measured is "inte mätt" / "not
measured", never 0. The Markdown/Word block is ``outturn`` in ``annex.*.md.j2``; the
workbook gets a sheet of the same rows (:func:`add_sheet`).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from socinv.i18n import Lang

if TYPE_CHECKING:
    from socinv.expost import ExPost
    from socinv.profiles.loader import Profile
    from socinv.reports.data import CaseData
    from socinv.reports.ledger import Annex
    from socinv.reports.xlsx_render import Workbook
    from socinv.rules.checks import Context

KEYS = ("cost_to_date", "realised_year", "forecast_year", "realised_to_date",
        "forecast_to_date", "error", "npv")


def case_outturn(case: CaseData, year: int, profile: Profile, ctx: Context) -> ExPost | None:
    """The case's ex-post economics as of the end of ``year``."""
    from socinv import economics
    from socinv.expost import ex_post
    from socinv.fund.calendar import span_from

    application = case.model("application")
    if not case.granted or not application:
        return None
    reports = {key: doc.model for key, doc in case.reports.items()
               if key[:4].isdigit() and int(key[:4]) <= year}
    closed = case.closing.get("date")
    final = case.model("final_report")
    if isinstance(closed, dt.date) and closed.year > year:
        final = None  # closed after the annex's year: not yet its outturn
    period = span_from(application, case.decision)
    rate = ctx.discount_rate if ctx.discount_rate is not None \
        else economics.DEFAULT_DISCOUNT_RATE
    return ex_post(application, reports, final, profile, ctx.unit_costs,
                   discount_rate=rate, end_year=period[1].year if period else None)


def rows(annex: Annex, cases: list[CaseData], profile: Profile, ctx: Context
         ) -> list[tuple[str, str, ExPost]]:
    """(case id, title, ex post) of each case the annex shows, in its order."""
    shown = [row.id for row in annex.cases] + [item.case_id for item in annex.closed]
    by_id = {case.id: case for case in cases}
    found: list[tuple[str, str, ExPost]] = []
    for case_id in dict.fromkeys(shown):
        case = by_id.get(case_id)
        figures = case_outturn(case, annex.year, profile, ctx) if case is not None else None
        if case is not None and figures is not None:
            found.append((case.id, case.title, figures))
    return found


def _values(figures: ExPost, year: int) -> dict[str, int | None]:
    from socinv.expost import _forecast_in

    measured = figures.savings_by_year.get(year)
    forecast_year = sum(_forecast_in(figures.forecast, year, unit.forecast_per_year)
                        for unit in figures.units if unit.realised.get(year) is not None) \
        if measured is not None else None
    return {"cost_to_date": figures.cost_to_date, "realised_year": measured,
            "forecast_year": forecast_year, "realised_to_date": figures.realised_to_date,
            "forecast_to_date": figures.forecast_to_date, "error": figures.error,
            "npv": figures.npv}


def context(found: list[tuple[str, str, ExPost]], year: int, lang: Lang) -> list[dict[str, Any]]:
    """The template's rows: amounts as text, "inte mätt" where nothing is measured."""
    from socinv.expost import money

    return [{"nr": "-".join(case_id.split("-")[:2]), "title": title,
             **{key: money(value, lang) for key, value in _values(figures, year).items()}}
            for case_id, title, figures in found]


def add_sheet(book: Workbook, found: list[tuple[str, str, ExPost]], year: int,
              lang: Lang) -> None:
    """A sheet of the same rows; unmeasured cells say so in words, never 0."""
    from socinv.expost import NOT_MEASURED, texts
    from socinv.reports.xlsx_render import Column, Sheet

    if not found:
        return
    text = texts(lang)
    sv = lang == "sv"
    heads = [text["cost_to_date"], f"{text['realised_short']} {year}",
             (f"Prognos {year}" if sv else f"Forecast {year}"), text["realised_to_date"],
             text["forecast_to_date"], text["error"], text["npv"]]
    columns = [Column("Nr", width=10), Column("Satsning" if sv else "Investment", "wrap", 34),
               *(Column(head, "amount", 18) for head in heads)]
    sheet_rows = [["-".join(case_id.split("-")[:2]), title,
                   *(NOT_MEASURED[lang] if value is None else value
                     for value in _values(figures, year).values())]
                  for case_id, title, figures in found]
    title = ("Utfall mot prognos" if sv else "Outturn against forecast")
    book.add(Sheet(title, f"{title} {year}", columns, sheet_rows))
