"""``socinv new report CASE --period YEAR-interim|YEAR-annual`` and ``new final-report CASE``."""

from typing import Annotated

import typer

from socinv.cli.common import ByOpt, CaseArg, FundOpt, LangOpt, OutputFormat, who
from socinv.cli.completion import periods
from socinv.cli.flow import CommitOpt, TodayOpt, open_fund, run_plan
from socinv.cli.new import DocFormat, FormatDocOpt
from socinv.i18n import tr

REPORT_HELP = tr(
    "Rapportmall för en period, som 2027-interim eller 2027-annual, ifylld med årets "
    "budget ur beslutet och effekterna och mättidpunkterna ur ansökan.",
    "Progress report template for a period, such as 2027-interim or 2027-annual, prefilled "
    "with the year's budget from the decision and the effects and measurement points from "
    "the application.",
)
FINAL_HELP = tr(
    "Mall för slutrapporten, med det som redan är känt (beviljat belopp, förväntade effekter).",
    "Final report template, with what is already known (granted amount, expected effects).",
)


def report(
    case: CaseArg,
    period: Annotated[str, typer.Option(
        "--period", metavar=tr("ÅÅÅÅ-interim|ÅÅÅÅ-annual", "YYYY-interim|YYYY-annual"),
        autocompletion=periods,
        help=tr("Rapportperioden, t.ex. 2027-interim.", "The period, e.g. 2027-interim."))],
    by: ByOpt = None,
    commit: CommitOpt = False,
    today: TodayOpt = None,
    fund: FundOpt = None,
    lang: LangOpt = None,
    fmt: FormatDocOpt = DocFormat.yaml,
    finance: Annotated[str | None, typer.Option(
        "--finance", metavar="xlsx",
        help=tr("Skriv i stället ekonomiblanketten i Excel (reports/PERIOD-finance.xlsx): "
                "kostnadsslag × budget, utfall och prognos, med summor. validate jämför den "
                "med rapportens ekonomifält.",
                "Write the Excel finance form instead (reports/PERIOD-finance.xlsx): cost "
                "categories × budget, outcome and forecast, with sums. validate checks it "
                "against the report's finance fields."))] = None,
) -> None:
    from socinv.cli.flow import today_of
    from socinv.errors import UserError
    from socinv.fund.reports_new import plan_new_report
    from socinv.fund.workflow import find_case

    opened, chosen = open_fund(fund, lang, one_case=True)
    person = who(by)
    date = today_of(today)
    if finance is not None and finance.strip().lower() != "xlsx":
        raise UserError(f"--finance {finance}: ekonomiblanketten finns som xlsx.",
                        f"--finance {finance}: the finance form is available as xlsx.")
    run_plan(opened, chosen, "new-report", person, dry_run=False, commit_flag=commit,
             output=OutputFormat.text, make_plan=lambda: plan_new_report(
                 opened, find_case(opened, case), period, person, chosen, date,
                 "finance-xlsx" if finance is not None else fmt.value))


def final_report(
    case: CaseArg,
    by: ByOpt = None,
    commit: CommitOpt = False,
    fund: FundOpt = None,
    lang: LangOpt = None,
    fmt: FormatDocOpt = DocFormat.yaml,
) -> None:
    from socinv.fund.reports_new import plan_new_final_report
    from socinv.fund.workflow import find_case

    opened, chosen = open_fund(fund, lang, one_case=True)
    person = who(by)
    run_plan(opened, chosen, "new-final-report", person, dry_run=False, commit_flag=commit,
             output=OutputFormat.text, make_plan=lambda: plan_new_final_report(
                 opened, find_case(opened, case), person, chosen, fmt.value))
