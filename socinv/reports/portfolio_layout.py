"""The portfolio's sections: a heading, a chart and a table each, in the page's language.

The tables are the one layout every rendering uses (HTML, Word, Excel): a cell is text or
whole kronor (an ``int`` in an ``amount`` column) or a count; "not measured" and "not
reported" are text, never 0. A sum row adds the numbers of a column and nothing else.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from socinv.i18n import Lang
from socinv.reports.portfolio import Portfolio

Cell = str | int | None


@dataclass(frozen=True)
class Column:
    """A column of a portfolio table."""

    header: str
    kind: str = "text"  # "text" | "amount" | "count"
    none: str = ""  # the sum row's text when the column has no number ("inte mätt")


@dataclass
class Table:
    """A table of the portfolio: columns, rows and an optional sum row."""

    key: str
    columns: list[Column]
    rows: list[list[Cell]]
    sum_row: bool = False
    empty: str = ""  # said instead of the table when it has no rows

    def sums(self) -> list[Cell]:
        """The sum row: the label, then Σ of each number column (text cells count 0)."""
        result: list[Cell] = []
        for index, column in enumerate(self.columns):
            if index == 0:
                result.append("")
            elif column.kind in ("amount", "count"):
                numbers = [row[index] for row in self.rows if isinstance(row[index], int)]
                result.append(sum(numbers) if numbers  # type: ignore[arg-type]
                              else column.none or "–")
            else:
                result.append(None)
        return result


@dataclass
class Section:
    """A section of the portfolio: heading, text, chart and table."""

    heading: str
    text: str
    chart: str | None  # the key of a chart in ``Portfolio.charts``
    table: Table
    notes: list[str] = field(default_factory=list)


W: dict[Lang, dict[str, str]] = {
    "sv": {
        "pipeline": "Ärenden per steg", "pipeline_text":
            "Alla ärenden i fonden, per steg i processen, med vad ansökningarna gäller "
            "(ansökans totala kostnad) och vad som har beviljats.",
        "stage": "Steg", "cases": "Ärenden", "applied": "Ansökt", "granted": "Beviljat",
        "budget_h": "Budget och utfall per satsning och år", "budget_text":
            "Budget = beviljat för året + ombudgeterat till året. Utfall ur årets "
            "årsrapport; före den ur årets senaste rapport (hittills).",
        "investment": "Satsning", "year": "År", "budget": "Budget", "outcome": "Utfall",
        "deviation": "Avvikelse", "report": "Rapport", "to_date": "hittills",
        "not_reported": "ej rapporterat", "no_budget": "Inga beviljade satsningar.",
        "savings_h": "Prognos och realiserade besparingar", "savings_text":
            "Prognosen är ansökans förväntade kostnadsreduceringar per år; realiserat är "
            "vad rapporterna redovisar. Ett år utan redovisning är inte mätt – det räknas "
            "aldrig som noll.",
        "forecast": "Prognos", "realised": "Realiserat",
        "expost_h": "Utfall mot prognos hittills", "expost_text":
            "Varje satsnings ekonomi i efterhand: kostnad hittills (rapporternas utfall), "
            "realiserade besparingar, netto, prognosen för de mätta åren och avvikelsen mot "
            "den, återbetalningsår och nuvärde på utfallet (samma ränta och basår som "
            "prognosen).",
        "cost_to_date": "Kostnad hittills", "realised_to_date": "Realiserat hittills",
        "net_to_date": "Netto hittills", "forecast_measured": "Prognos, mätta år",
        "error": "Avvikelse mot prognos", "payback": "Återbetalningsår",
        "no_payback": "inte uppnått", "npv": "Nuvärde på utfall",
        "not_measured": "inte mätt", "no_savings": "Inga beviljade satsningar med prognos.",
        "money_h": "Fondens medel per år", "money_text_equity":
            "Årets reserv (anslag) under finansförvaltningen, vad som beviljats och "
            "ombudgeterats till året, vad satsningarna använt och reserveringen inom det "
            "egna kapitalet (ingående och utgående).",
        "money_text_budget":
            "Budgeterade medel för året, vad som beviljats och ombudgeterats till året och "
            "vad satsningarna använt.",
        "allocated_equity": "Anslag", "allocated_budget": "Budgeterade medel",
        "rebudgeted_in": "Ombudgeterat hit", "used": "Använt", "unallocated": "Ej fördelat",
        "opening": "Reservering 1 jan", "closing": "Reservering 31 dec",
        "incomplete": "Årsrapporter saknas för {years}: använt är hittills och utgående "
                      "reservering är inte känd.",
        "incomplete_budget": "Årsrapporter saknas för {years}: använt är hittills.",
        "no_money": "Fonden har inga avsättningar i fund.yaml.",
        "overdue_h": "Försenade rapporter", "overdue_text": "Per {date}.",
        "case": "Ärende", "title": "Titel", "due": "Skulle lämnats", "final": "slutrapport",
        "no_overdue": "Inga försenade rapporter.",
        "waiting_h": "Beredning och uppföljning som väntar", "waiting_text":
            "Steg ur profilens beredningsprocess som ännu inte är gjorda.",
        "waits": "Väntar på", "no_waiting": "Inga väntande steg.",
    },
    "en": {
        "pipeline": "Cases per stage", "pipeline_text":
            "Every case in the fund, per stage of the process, with what the applications "
            "ask for (the application's total cost) and what has been granted.",
        "stage": "Stage", "cases": "Cases", "applied": "Applied for", "granted": "Granted",
        "budget_h": "Budget and outcome per investment and year", "budget_text":
            "Budget = granted for the year + re-budgeted into it. Outcome from the year's "
            "annual report; before it, from the year's latest report (to date).",
        "investment": "Investment", "year": "Year", "budget": "Budget", "outcome": "Outcome",
        "deviation": "Deviation", "report": "Report", "to_date": "to date",
        "not_reported": "not reported", "no_budget": "No granted investments.",
        "savings_h": "Forecast and realised savings", "savings_text":
            "The forecast is the application's expected cost reductions per year; realised "
            "is what the reports account for. A year without an account is not measured – "
            "never counted as zero.",
        "forecast": "Forecast", "realised": "Realised",
        "expost_h": "Outcome against the forecast to date", "expost_text":
            "Each investment's economics after the fact: cost to date (the reports' "
            "outcome), realised savings, net, the forecast for the measured years and the "
            "error against it, payback year and net present value on outturn (the "
            "forecast's rate and base year).",
        "cost_to_date": "Cost to date", "realised_to_date": "Realised to date",
        "net_to_date": "Net to date", "forecast_measured": "Forecast, measured years",
        "error": "Error against forecast", "payback": "Payback year",
        "no_payback": "not reached", "npv": "NPV on outturn",
        "not_measured": "not measured", "no_savings": "No granted investments with a forecast.",
        "money_h": "The fund's money per year", "money_text_equity":
            "The year's budget reserve (allocation), what was granted and re-budgeted into "
            "the year, what the investments used, and the reservation within equity "
            "(opening and closing).",
        "money_text_budget":
            "The year's budgeted funds, what was granted and re-budgeted into the year, and "
            "what the investments used.",
        "allocated_equity": "Allocation", "allocated_budget": "Budgeted funds",
        "rebudgeted_in": "Re-budgeted in", "used": "Used", "unallocated": "Not allocated",
        "opening": "Reservation 1 Jan", "closing": "Reservation 31 Dec",
        "incomplete": "Annual reports are missing for {years}: used is to date and the "
                      "closing reservation is not yet known.",
        "incomplete_budget": "Annual reports are missing for {years}: used is to date.",
        "no_money": "The fund has no allocations in fund.yaml.",
        "overdue_h": "Overdue reports", "overdue_text": "As of {date}.",
        "case": "Case", "title": "Title", "due": "Was due", "final": "final report",
        "no_overdue": "No overdue reports.",
        "waiting_h": "Preparation and follow-up outstanding", "waiting_text":
            "Steps of the profile's preparation process not yet done.",
        "waits": "Waiting for", "no_waiting": "No outstanding steps.",
    },
}


def _or(value: int | None, text: str) -> Cell:
    return text if value is None else value


def sections(data: Portfolio) -> list[Section]:
    w = W[data.lang]
    result = [Section(w["pipeline"], w["pipeline_text"], "pipeline", Table(
        "pipeline", [Column(w["stage"]), Column(w["cases"], "count"),
                     Column(w["applied"], "amount"), Column(w["granted"], "amount")],
        [[item.name, item.cases, item.applied if item.applied is not None else "–",
          item.granted] for item in data.stages],
        sum_row=True))]
    rows: list[list[Cell]] = []
    for investment in data.investments:
        for item in investment.years:
            name = None if item.report is None else data.report_name(item.report)
            report = None if name is None else (
                f"{name} ({w['to_date']})" if item.to_date else name)
            rows.append([investment.title, str(item.year), item.budget,
                         item.outcome if item.outcome is not None else w["not_reported"],
                         item.deviation if item.deviation is not None else "–",
                         report or "–"])
    result.append(Section(w["budget_h"], w["budget_text"], "budget", Table(
        "budget", [Column(w["investment"]), Column(w["year"]), Column(w["budget"], "amount"),
                   Column(w["outcome"], "amount"), Column(w["deviation"], "amount"),
                   Column(w["report"])], rows, sum_row=True, empty=w["no_budget"])))
    rows = []
    for saving in data.savings:
        for year in saving.years:
            rows.append([saving.title, str(year.year), year.forecast,
                         year.realised if year.realised is not None else w["not_measured"]])
    result.append(Section(w["savings_h"], w["savings_text"], "savings", Table(
        "savings", [Column(w["investment"]), Column(w["year"]),
                    Column(w["forecast"], "amount"),
                    Column(w["realised"], "amount", w["not_measured"])], rows, sum_row=True,
        empty=w["no_savings"])))
    nm = w["not_measured"]
    result.append(Section(w["expost_h"], w["expost_text"], None, Table(
        "expost", [Column(w["investment"]), Column(w["cost_to_date"], "amount"),
                   Column(w["realised_to_date"], "amount", nm),
                   Column(w["net_to_date"], "amount", nm),
                   Column(w["forecast_measured"], "amount", nm),
                   Column(w["error"], "amount", nm), Column(w["payback"]),
                   Column(w["npv"], "amount", nm)],
        [[item.title, item.cost_to_date, _or(item.realised_to_date, nm),
          _or(item.net_to_date, nm), _or(item.forecast_to_date, nm), _or(item.error, nm),
          str(item.payback_year) if item.payback_year else
          (nm if item.realised_to_date is None else w["no_payback"]),
          _or(item.npv, nm)] for item in data.savings], sum_row=True,
        empty=w["no_savings"])))
    columns = [Column(w["year"]), Column(w["allocated_equity" if data.equity
                                              else "allocated_budget"], "amount"),
               Column(w["granted"], "amount"), Column(w["rebudgeted_in"], "amount"),
               Column(w["used"], "amount"), Column(w["unallocated"], "amount")]
    if data.equity:
        columns += [Column(w["opening"], "amount"), Column(w["closing"], "amount")]
    rows = []
    for money in data.money:
        row: list[Cell] = [str(money.year), money.allocated, money.granted,
                           money.rebudgeted_in, money.used, money.unallocated]
        if data.equity:
            row += [money.opening if money.opening is not None else "–",
                    money.closing if money.closing is not None else "–"]
        rows.append(row)
    incomplete = [str(m.year) for m in data.money if not m.complete]
    result.append(Section(
        w["money_h"], w["money_text_equity" if data.equity else "money_text_budget"],
        "money", Table("money", columns, rows, empty=w["no_money"]),
        [w["incomplete" if data.equity else "incomplete_budget"].format(
            years=", ".join(incomplete))] if incomplete else []))
    result.append(Section(
        w["overdue_h"], w["overdue_text"].format(date=data.as_of.isoformat()), None,
        Table("overdue", [Column(w["case"]), Column(w["title"]), Column(w["report"]),
                          Column(w["due"])],
              [[item.id, item.title, w["final"] if item.report == "final"
                else data.report_name(item.report),
                item.due.isoformat() if item.due else "–"] for item in data.overdue],
              empty=w["no_overdue"])))
    result.append(Section(w["waiting_h"], w["waiting_text"], None, Table(
        "waiting", [Column(w["case"]), Column(w["title"]), Column(w["waits"])],
        [[item.id, item.title, item.text] for item in data.waiting],
        empty=w["no_waiting"])))
    return result
