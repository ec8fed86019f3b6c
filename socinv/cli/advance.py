"""``socinv advance CASE [--to STAGE]``: move a case on, if the profile's gates hold."""

from typing import Annotated

import typer

from socinv.cli.common import ByOpt, CaseArg, FormatOpt, FundOpt, LangOpt, OutputFormat, who
from socinv.cli.completion import stages
from socinv.cli.flow import CommitOpt, DryRunOpt, NoteOpt, RefOpt, open_fund, run_plan
from socinv.i18n import tr

HELP = tr(
    "Flytta ett ärende till nästa (eller angivet) steg om regelprofilens villkor är uppfyllda; "
    "annars avsluta med kod 1 och lista vad som hindrar.",
    "Move a case to the next (or named) stage if the rule profile's gates hold; otherwise "
    "exit 1 and list what blocks it.",
)


def advance(
    case: CaseArg,
    to: Annotated[str | None, typer.Option(
        "--to", autocompletion=stages,
        help=tr("Steget att gå till (nyckel eller mapp); standard: nästa.",
                "The stage to go to (key or folder); default: the next."))] = None,
    by: ByOpt = None,
    note: NoteOpt = None,
    ref: RefOpt = None,
    dry_run: DryRunOpt = False,
    commit: CommitOpt = False,
    date: Annotated[str | None, typer.Option(
        "--date", metavar=tr("ÅÅÅÅ-MM-DD", "YYYY-MM-DD"),
        help=tr("Beslutsdatum när ärendet avslutas (standard: i dag).",
                "Date of the decision when the case is closed (default: today)."))] = None,
    fund: FundOpt = None,
    lang: LangOpt = None,
    output: FormatOpt = OutputFormat.text,
) -> None:
    from socinv.cli.flow import today_of
    from socinv.fund.workflow import find_case, plan_advance

    opened, chosen = open_fund(fund, lang, one_case=True)
    person = who(by)
    when = today_of(date)
    run_plan(opened, chosen, "advance", person, dry_run=dry_run, commit_flag=commit,
             output=output, make_plan=lambda: plan_advance(
                 opened, find_case(opened, case), to, person, note, ref, when))
