"""``socinv rebudget CASE --from Y --to Y+1 --amount N --ref REF``."""

from typing import Annotated

import typer

from socinv.cli.common import ByOpt, FormatOpt, FundOpt, LangOpt, OutputFormat, who
from socinv.cli.flow import CommitOpt, DecisionDateOpt, DryRunOpt, NoteOpt, open_fund, run_plan
from socinv.i18n import tr

HELP = tr(
    "Registrera en ombudgetering: outnyttjade budgetmedel för ett år flyttas till nästa år "
    "efter beslut (t.ex. i kommunstyrelsen). Skrivs i fund.yaml och ärendets historik. "
    "Vägras om ärendet inte är i genomförande, årets årsrapport saknas, beloppet är större "
    "än det outnyttjade (årets budget − utfall), till-året inte är året efter eller "
    "beslutsreferensen saknas.",
    "Record a re-budgeting: a year's unused budget moves to the next year by decision (e.g. "
    "of the municipal board). Written to fund.yaml and the case's history. Refused if the "
    "case is not being implemented, the year's annual report is missing, the amount is more "
    "than was unused (the year's budget − outcome), the to-year is not the next year or the "
    "decision reference is missing.",
)


def rebudget(
    case: Annotated[str, typer.Argument(help=tr("Ärende-id.", "Case id."))],
    from_year: Annotated[int, typer.Option(
        "--from", min=1900, max=2200,
        help=tr("Året medlen inte användes.", "The year the funds were not used."))],
    to_year: Annotated[int, typer.Option(
        "--to", min=1900, max=2200,
        help=tr("Året de flyttas till (året efter).", "The year they move to (the next)."))],
    amount: Annotated[str, typer.Option(
        "--amount", metavar=tr("BELOPP", "AMOUNT"),
        help=tr("Belopp i hela kronor.", "Amount in whole kronor."))],
    ref: Annotated[str, typer.Option(
        "--ref", help=tr("Beslutsreferens, t.ex. \"KS § 71\".",
                         "Decision reference, e.g. \"KS § 71\"."))] = "",
    date: DecisionDateOpt = None,
    by: ByOpt = None,
    note: NoteOpt = None,
    dry_run: DryRunOpt = False,
    commit: CommitOpt = False,
    fund: FundOpt = None,
    lang: LangOpt = None,
    output: FormatOpt = OutputFormat.text,
) -> None:
    from socinv.cli.flow import today_of
    from socinv.fund.decision import parse_amount_option
    from socinv.fund.rebudget import plan_rebudget
    from socinv.fund.workflow import find_case

    opened, chosen = open_fund(fund, lang)
    total = parse_amount_option(amount, "--amount")
    person = who(by)
    when = today_of(date)
    run_plan(opened, chosen, "rebudget", person, dry_run=dry_run, commit_flag=commit,
             output=output, make_plan=lambda: plan_rebudget(
                 opened, find_case(opened, case), from_year=from_year, to_year=to_year,
                 amount=total, ref=ref.strip(), date=when, by=person, note=note))
