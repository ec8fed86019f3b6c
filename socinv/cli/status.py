"""``socinv status``: the portfolio — every case, its stage, money, next report, blockers."""

from typing import Annotated, Any

import typer

from socinv.cli.common import (
    FormatOpt,
    FundOpt,
    LangOpt,
    OutputFormat,
    QuietOpt,
    echo_json,
    progress_bar,
)
from socinv.cli.completion import stages
from socinv.cli.flow import TodayOpt, open_fund
from socinv.i18n import tr

HELP = tr(
    "Alla ärenden: steg, titel, beviljat, utfall hittills (ur rapporterna), nästa rapport "
    "och vad som hindrar nästa steg.",
    "Every case: stage, title, granted, spent so far (from the reports), next report and "
    "what blocks the next stage.",
)


def status(
    stage: Annotated[list[str] | None, typer.Option(
        "--stage", autocompletion=stages,
        help=tr("Visa bara ärenden i detta steg (nyckel eller mapp); kan upprepas.",
                "Only cases in this stage (key or folder); may be repeated."))
    ] = None,
    today: TodayOpt = None,
    fund: FundOpt = None,
    lang: LangOpt = None,
    output: FormatOpt = OutputFormat.text,
    quiet: QuietOpt = False,
) -> None:
    from socinv.cli.flow import today_of
    from socinv.fund.status import portfolio, render_text, to_dict
    opened, chosen = open_fund(fund, lang)
    date = today_of(today)
    stages = None
    if stage:
        from socinv.fund.workflow import resolve_stage

        stages = [resolve_stage(opened, name) for name in stage]
    scans: list[Any] = []
    with progress_bar(quiet) as progress:
        rows = portfolio(opened, date, stages, progress, scans=scans)
    from socinv.fund.money_status import overview_cached, render

    unreadable = opened.problems()
    # the fund's money needs every case: not shown for a part of the fund, nor when a case
    # folder cannot be read (the figures would be wrong, not incomplete)
    money = overview_cached(opened, date, scans) if stages is None and not unreadable \
        else None
    from socinv.cache import save_deferred

    save_deferred()  # the cases' models the money was summed from, for the next run
    words = opened.profile.vocabulary
    if output is OutputFormat.json:
        data = to_dict(rows, chosen, date, words)
        if money is not None:
            data["money"] = money
        if unreadable:  # only when there is something to say: the portfolio's shape stays
            data["unreadable"] = [{"file": f.file, "message": f.message(chosen, words)}
                                  for f in unreadable]
        echo_json(data)
    else:
        typer.echo(render_text(rows, chosen, vocabulary=words))
        if money is not None:
            typer.echo("\n" + render(money, chosen))
        for finding in unreadable:
            typer.echo(f"\n{finding.file}: {finding.message(chosen, words)}")
    if unreadable:
        raise typer.Exit(2)
