"""``socinv doctor [--repair]``: check the fund folder's consistency; repair on request."""

import json
import sys
from typing import Annotated

import typer

from socinv.cli.common import ByOpt, FormatOpt, FundOpt, LangOpt, OutputFormat, resolve_lang, who
from socinv.i18n import tr

HELP = tr(
    "Kontrollera fondmappen: avbrutna kommandon, ärenden på två ställen, steg som inte "
    "stämmer med mappen, upprepade id, oläsbara ärendefiler, okända mappar och kvarlämnade "
    "lås. Med --repair slutförs eller återställs det som går.",
    "Check the fund folder: interrupted commands, cases in two places, stages that disagree "
    "with their folder, repeated ids, unreadable case files, unknown folders and stale "
    "locks. With --repair, complete or roll back what can be.",
)


def doctor(
    repair: Annotated[bool, typer.Option(
        "--repair", help=tr("Laga det som kan lagas automatiskt.",
                            "Repair what can be repaired automatically."))] = False,
    by: ByOpt = None,
    fund: FundOpt = None,
    lang: LangOpt = None,
    output: FormatOpt = OutputFormat.text,
) -> None:
    from socinv.fund.doctor import examine
    from socinv.fund.fund import Fund
    from socinv.fund.lock import fund_lock
    from socinv.rules.reporters import render_text

    opened = Fund.open(fund)
    chosen = resolve_lang(lang, opened.language)
    person = who(by)
    with fund_lock(opened, "doctor --repair" if repair else "doctor", person,
                   record=repair) as state:
        result = examine(opened, chosen, state.stale, person, fix=repair)
    report = result.report
    if output is OutputFormat.json:
        data = {**report.to_dict(), "repaired": [action[chosen] for action in result.repaired]}
        typer.echo(json.dumps(data, ensure_ascii=False, indent=2))
        raise typer.Exit(report.exit_code)
    if result.repaired:
        typer.echo("Lagat:" if chosen == "sv" else "Repaired:")
        for action in result.repaired:
            typer.echo(f"  {action[chosen]}")
        typer.echo("")
    elif repair:
        typer.echo("Inget att laga automatiskt." if chosen == "sv"
                   else "Nothing to repair automatically.")
    if report.findings:
        typer.echo(render_text(report, color=sys.stdout.isatty()))
    else:
        typer.echo("Fonden är i ordning." if chosen == "sv" else "The fund is in order.")
    raise typer.Exit(report.exit_code)
