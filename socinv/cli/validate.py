"""``socinv validate [PATH…]``: a file, a case, the whole fund, or a file someone sent you."""

from __future__ import annotations

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from socinv.cli.common import (
    FormatOpt,
    FundOpt,
    LangOpt,
    OutputFormat,
    QuietOpt,
    progress_bar,
    resolve_lang,
)
from socinv.cli.completion import paths_or_cases
from socinv.cli.flow import TodayOpt, today_of
from socinv.errors import UserError
from socinv.i18n import tr

if TYPE_CHECKING:
    from socinv.economics import Economics

HELP = tr(
    "Granska dokument mot regelprofilen: en fil, ett ärende eller (standard) hela fonden. "
    "Utanför en fond: ange --profile (och vid behov --type) för en fil som någon skickat.",
    "Check documents against the rule profile: a file, a case or (default) the whole fund. "
    "Outside a fund: pass --profile (and if needed --type) for a file someone sent you.",
)


class DocType(StrEnum):
    idea = "idea"
    application = "application"
    report = "report"
    final_report = "final_report"


def validate(
    paths: Annotated[list[Path] | None, typer.Argument(
        metavar=tr("SÖKVÄG|ÄRENDE", "PATH|CASE"), autocompletion=paths_or_cases,
        help=tr("Filer eller ärendemappar (standard: hela fonden).",
                "Files or case folders (default: the whole fund)."))] = None,
    profile: Annotated[str | None, typer.Option(
        "--profile", help=tr("Regelprofil för filer utanför en fond: ystad, heby eller sökväg.",
                             "Rule profile for files outside a fund: ystad, heby or a path."))
    ] = None,
    doc_type: Annotated[DocType | None, typer.Option(
        "--type", help=tr("Dokumenttyp (standard: från filnamnet).",
                          "Document type (default: from the file name)."))] = None,
    explain: Annotated[bool, typer.Option(
        "--explain", help=tr("Visa också ekonomin (kostnad, besparing, återbetalning) för "
                             "varje ansökan.",
                             "Also show the economics (cost, savings, payback) of each "
                             "application."))] = False,
    discount_rate: Annotated[float | None, typer.Option(
        "--discount-rate", min=0.0, max=1.0,
        help=tr("Diskonteringsränta för nuvärdet, t.ex. 0.035 (standard: fund.yaml).",
                "Discount rate for the net present value, e.g. 0.035 (default: fund.yaml)."))
    ] = None,
    no_cache: Annotated[bool, typer.Option(
        "--no-cache", help=tr("Granska allt på nytt utan resultatcachen (.socinv/cache).",
                              "Check everything afresh, without the result cache "
                              "(.socinv/cache)."))] = False,
    jobs: Annotated[int | None, typer.Option(
        "--jobs", min=1, help=tr("Antal processer (standard: båda kärnorna för stora fonder).",
                                 "Number of processes (default: both cores for large funds)."))
    ] = None,
    quiet: QuietOpt = False,
    today: TodayOpt = None,
    fund: FundOpt = None,
    lang: LangOpt = None,
    output: FormatOpt = OutputFormat.text,
) -> None:
    from socinv.fund.fund import Fund, find_root
    from socinv.profiles.loader import load_profile
    from socinv.rules.reporters import render_json, render_text
    from socinv.validation import Options, validate_fund, validate_paths, validate_standalone

    resolve_lang(lang)  # errors before the fund is read speak the asked language
    options = Options(explain=explain, discount_rate=discount_rate, cache=not no_cache,
                      jobs=jobs, today=today_of(today) if today else None)
    paths = paths or []
    kind = doc_type.value if doc_type else None
    root = fund
    if root is None:
        start = paths[0] if paths else Path.cwd()
        try:
            root = find_root(start if start.is_dir() else start.parent)
        except OSError:
            root = None  # the reader reports the unreadable path itself
    if root is None:
        if not paths:
            Fund.open(None)  # raises the "no fund here" error
        if profile is None:
            chosen = resolve_lang(lang)
            raise UserError(
                f"{paths[0]} ligger inte i en fond. Ange regelprofilen, t.ex. "
                f"socinv validate {paths[0]} --profile ystad",
                f"{paths[0]} is not inside a fund. Name the rule profile, e.g. "
                f"socinv validate {paths[0]} --profile ystad")
        loaded = load_profile(profile, base_dir=Path.cwd())
        chosen = resolve_lang(lang, loaded.language)
        report = validate_standalone(paths[0], loaded, chosen, kind, options)
        for extra in paths[1:]:
            report.merge(validate_standalone(extra, loaded, chosen, kind, options))
    else:
        opened = Fund.open(root, profile_override=profile)
        chosen = resolve_lang(lang, opened.language)
        with progress_bar(quiet) as progress:
            report = (validate_paths(opened, paths, chosen, kind, options) if paths
                      else validate_fund(opened, chosen, options=options, progress=progress))
    if output is OutputFormat.json:
        typer.echo(render_json(report))
    else:
        typer.echo(render_text(report, color=sys.stdout.isatty()))
        if report.economics:
            typer.echo(_economics_text(report.economics, chosen))
    raise typer.Exit(report.exit_code)


def _economics_text(figures: dict[str, Economics], lang: str) -> str:
    from socinv.economics import format_table

    heading = "Economics" if lang == "en" else "Ekonomi"
    parts = [f"\n{heading} – {file}\n{format_table(data, lang)}"
             for file, data in sorted(figures.items())]
    return "\n".join(parts)
