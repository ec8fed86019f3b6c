"""``socinv validate [PATH…]``: a file, a case, the whole fund, or a file someone sent you."""

import sys
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from socinv.cli.common import (
    DOC_TYPE_WORDS,
    FormatOpt,
    FundOpt,
    LangOpt,
    OutputFormat,
    QuietOpt,
    WordChoice,
    progress_bar,
    resolve_lang,
)
from socinv.cli.completion import paths_or_cases, profiles
from socinv.cli.flow import TodayOpt, today_of
from socinv.errors import UserError
from socinv.i18n import tr

if TYPE_CHECKING:
    from socinv.economics import Economics
    from socinv.expost import ExPost
    from socinv.fund.fund import Fund

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
        help=tr("Filer, mappar eller ärenden (id eller kort id som 2026-001); standard: hela "
                "fonden.",
                "Files, folders or cases (id or short id such as 2026-001); default: the whole "
                "fund."))] = None,
    profile: Annotated[str | None, typer.Option(
        "--profile", autocompletion=profiles,
        help=tr("Regelprofil för filer utanför en fond: ystad, heby eller sökväg.",
                "Rule profile for files outside a fund: ystad, heby or a path."))
    ] = None,
    doc_type: Annotated[str | None, typer.Option(
        "--type", click_type=WordChoice(DOC_TYPE_WORDS),
        help=tr("Dokumenttyp, t.ex. ansökan (standard: från filnamnet).",
                "Document type (default: from the file name)."))] = None,
    unit_costs: Annotated[Path | None, typer.Option(
        "--unit-costs", metavar=tr("FIL", "FILE"), dir_okay=False,
        help=tr("Fondens enhetskostnader (unit_costs.yaml) för en fil utanför en fond; "
                "i en fond används fondens egen.",
                "The fund's unit costs (unit_costs.yaml) for a file outside a fund; in a "
                "fund its own are used."))] = None,
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
    kind = doc_type
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
        for path in paths:
            _target(None, path, kind)
        if unit_costs is not None and not unit_costs.is_file():
            raise missing_path(unit_costs, None)
        loaded = load_profile(profile, base_dir=Path.cwd())
        chosen = resolve_lang(lang, loaded.language)
        report = validate_standalone(paths[0], loaded, chosen, kind, options, unit_costs)
        for extra in paths[1:]:
            report.merge(validate_standalone(extra, loaded, chosen, kind, options, unit_costs))
    else:
        opened = Fund.open(root, profile_override=profile)
        chosen = resolve_lang(lang, opened.language)
        if unit_costs is not None:
            raise UserError(
                f"{opened.root} är en fond: där gäller "
                "fondens unit_costs.yaml. --unit-costs är till för filer utanför en fond.",
                f"{opened.root} is a fund: its unit_costs.yaml applies there. --unit-costs is "
                "for files outside a fund.")
        paths = [_target(opened, path, kind) for path in paths]
        with progress_bar(quiet) as progress:
            report = (validate_paths(opened, paths, chosen, kind, options) if paths
                      else validate_fund(opened, chosen, options=options, progress=progress))
    if output is OutputFormat.json:
        typer.echo(render_json(report))
    else:
        typer.echo(render_text(report, color=sys.stdout.isatty()))
        if report.economics:
            typer.echo(_economics_text(report.economics, chosen, report.ex_post or {}))
    raise typer.Exit(report.exit_code)


def _target(opened: "Fund | None", path: Path, doc_type: str | None) -> Path:
    """The path as given when it exists (or names a document the reader reports as
    missing); else the folder of the case it names (full id, short id); else "does not
    exist" with the nearest name (exit 2)."""
    from socinv.fund.workflow import find_case, looks_like_id
    from socinv.model.doctypes import type_from_name

    try:
        if path.exists() or path.is_symlink():
            return path
    except OSError:
        return path  # a name the system refuses: the reader says so
    if opened is not None and looks_like_id(str(path)):
        return find_case(opened, str(path)).path
    if doc_type is not None or type_from_name(path) is not None:
        return path  # a document by its name: "file-missing", as a finding
    raise missing_path(path, opened)


def missing_path(path: Path, opened: "Fund | None") -> UserError:
    """"PATH finns inte", with the nearest existing name beside it (or case id) if any."""
    import difflib

    parent = path.parent
    while not parent.is_dir() and parent != parent.parent:
        parent = parent.parent
    try:
        names = {child.name: parent / child.name for child in parent.iterdir()
                 if not child.name.startswith(".")}
    except OSError:
        names = {}
    if opened is not None and len(path.parts) == 1:  # maybe a case id with a typo
        names.update({case.id: Path(opened.rel(case.path)) for case in opened.cases()})
    match = difflib.get_close_matches(path.name, list(names), n=1, cutoff=0.6)
    if match:
        near = names[match[0]]
        return UserError(f"{path} finns inte. Menade du {near}?",
                         f"{path} does not exist. Did you mean {near}?")
    here = sorted(name for name in names if not name.startswith("."))
    if not here or str(parent) == ".":
        return UserError(f"{path} finns inte.", f"{path} does not exist.")
    listed = ", ".join(here[:3]) + (", …" if len(here) > 3 else "")
    return UserError(f"{path} finns inte. I {parent} finns: {listed}",
                     f"{path} does not exist. {parent} holds: {listed}")


def _economics_text(figures: "dict[str, Economics]", lang: str,
                    outturn: "dict[str, ExPost]") -> str:
    """Each application's forecast; a granted case's outturn beside it."""
    from socinv.economics import format_table

    heading = "Economics" if lang == "en" else "Ekonomi"
    parts = []
    for file, data in sorted(figures.items()):
        parts.append(f"\n{heading} – {file}\n{format_table(data, lang)}")
        if file in outturn:
            from socinv.expost import format_table as outturn_table

            parts.append(f"\n{outturn_table(outturn[file], lang)}")
    return "\n".join(parts)
