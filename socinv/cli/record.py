"""``socinv record CASE STEP``: a preparation step (a position, a view, a sign-off)."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from socinv.cli.common import CaseArg, FormatOpt, FundOpt, LangOpt, OutputFormat, who
from socinv.cli.flow import CommitOpt, DryRunOpt, NoteOpt, RefOpt, open_fund, run_plan
from socinv.i18n import tr

HELP = tr(
    "Registrera ett beredningssteg ur profilen: en grupps ställningstagande, en nämnds "
    "yttrande, en parts underskrift. Stegen är villkor för advance, decide och close.",
    "Record a preparation step from the profile: a group's position, a committee's view, a "
    "party's signature. Steps are conditions of advance, decide and close.",
)


class Position(StrEnum):
    for_ = "for"
    against = "against"
    noted = "noted"


def record(
    case: CaseArg,
    step: Annotated[str, typer.Argument(metavar=tr("STEG", "STEP"), help=tr(
        "Stegets nyckel i profilen, t.ex. management_group, committee_view, sign_off.",
        "The step's key in the profile, e.g. management_group, committee_view, sign_off."))],
    by: Annotated[str | None, typer.Option(
        "--by", help=tr("Parten (nämnden) för steg per part; annars vem som registrerar "
                        "(standard: inloggad användare).",
                        "The party (committee) for steps per party; otherwise who records "
                        "it (default: the logged-in user)."))] = None,
    position: Annotated[Position | None, typer.Option(
        "--position", help=tr("Ställningstagandet: for, against eller noted.",
                              "The position: for, against or noted."))] = None,
    priority: Annotated[int | None, typer.Option(
        "--priority", help=tr("Ledningsgruppens prioritering bland omgångens ansökningar "
                              "(1 = högst).",
                              "The management group's rank among the round's applications "
                              "(1 = highest)."))] = None,
    round_date: Annotated[str | None, typer.Option(
        "--round", metavar=tr("ÅÅÅÅ-MM-DD", "YYYY-MM-DD"), help=tr(
            "Omgången (styrelsens sammanträde) ansökan läggs fram i.",
            "The round (board meeting) the application is put to."))] = None,
    date: Annotated[str | None, typer.Option(
        "--date", metavar=tr("ÅÅÅÅ-MM-DD", "YYYY-MM-DD"),
        help=tr("Dagen då steget togs (standard: i dag).",
                "The day the step was taken (default: today)."))] = None,
    ref: RefOpt = None,
    note: NoteOpt = None,
    attach: Annotated[Path | None, typer.Option(
        "--attach", help=tr("En fil (yttrande, underskriven sida) som kopieras in i "
                            "ärendemappen.",
                            "A file (a statement, a signed page) copied into the case "
                            "folder."))] = None,
    force: Annotated[bool, typer.Option(
        "--force", help=tr("Registrera steget igen (båda finns kvar i historiken).",
                           "Record the step again (both stay in the history)."))] = False,
    dry_run: DryRunOpt = False,
    commit: CommitOpt = False,
    fund: FundOpt = None,
    lang: LangOpt = None,
    output: FormatOpt = OutputFormat.text,
) -> None:
    from socinv.cli.flow import today_of
    from socinv.fund.calendar import parse_today
    from socinv.fund.workflow import find_case
    from socinv.process.record import plan_record

    opened, chosen = open_fund(fund, lang, one_case=True)
    person = who(None)
    today = today_of(None)
    when = parse_today(date) if date else today
    rounds = parse_today(round_date) if round_date else None
    run_plan(opened, chosen, "record", by or person, dry_run=dry_run, commit_flag=commit,
             output=output, make_plan=lambda: plan_record(
                 opened, find_case(opened, case), step, by=by, person=person,
                 position=position.value if position else None, priority=priority,
                 round_date=rounds, when=when, today=today, ref=ref, note=note,
                 attach=attach, force=force))
