"""``socinv init DIR --profile ystad|heby|PATH`` and ``socinv init --example DIR``."""

from pathlib import Path
from typing import Annotated

import typer

from socinv.cli.common import LangChoice, LangOpt, resolve_lang
from socinv.cli.completion import profiles
from socinv.errors import UserError
from socinv.i18n import Lang, pick, tr

HELP = tr(
    "Skapa en ny fond: fund.yaml, unit_costs.yaml och en mapp för varje steg i profilen. "
    "Med --example: en kopia av exempelfonden som README:n använder.",
    "Create a new fund: fund.yaml, unit_costs.yaml and a folder for each stage of the "
    "profile. With --example: a copy of the sample fund the README uses.",
)


def init(
    directory: Annotated[Path, typer.Argument(
        metavar=tr("MAPP", "DIR"),
        help=tr("Mappen där fonden skapas.", "The folder to create the fund in."))],
    profile: Annotated[str | None, typer.Option(
        "--profile", autocompletion=profiles,
        help=tr("Regelprofil: ystad, heby eller sökväg till en profilfil.",
                "Rule profile: ystad, heby or a path to a profile file."))] = None,
    municipality: Annotated[str | None, typer.Option(
        "--municipality", help=tr("Kommunens namn (standard: profilens).",
                                  "The municipality's name (default: the profile's)."))] = None,
    fund_language: Annotated[LangChoice | None, typer.Option(
        "--fund-language",
        help=tr("Fondens språk i fund.yaml (language:), för mallar och underlag: sv eller en "
                "(standard: profilens). --lang styr bara vad init skriver ut.",
                "The fund's language in fund.yaml (language:), for templates and papers: sv "
                "or en (default: the profile's). --lang only sets what init prints."))
    ] = None,
    example: Annotated[bool, typer.Option(
        "--example", help=tr("Skapa en kopia av exempelfonden (en Ystadsfond med ärenden i "
                             "alla steg) i stället för en tom fond.",
                             "Create a copy of the sample fund (a Ystad fund with cases in "
                             "every stage) instead of an empty fund."))] = False,
    lang: LangOpt = None,
) -> None:
    from socinv.fund.create import copy_example, create_fund
    from socinv.profiles.loader import load_profile
    from socinv.profiles.travel import copy_plan

    chosen = resolve_lang(lang)
    if example:
        if profile or municipality or fund_language:
            raise UserError("--example tar inga andra val: exempelfonden är en Ystadsfond.",
                            "--example takes no other options: the sample fund is a Ystad "
                            "fund.")
        _example(copy_example(directory), chosen)
        return
    if profile is None:
        raise UserError("Ange regelprofilen: socinv init MAPP --profile ystad (eller heby, "
                        "eller en profilfil), eller socinv init --example MAPP.",
                        "Name the rule profile: socinv init DIR --profile ystad (or heby, or "
                        "a profile file), or socinv init --example DIR.")
    loaded = load_profile(profile, base_dir=Path.cwd())
    kept = copy_plan(profile, Path.cwd())
    shown = loaded.id
    name = municipality or loaded.municipality or pick(loaded.name, chosen)
    language: Lang = "en" if (fund_language.value if fund_language else loaded.language) == "en" \
        else "sv"
    created = create_fund(directory, kept.spec, loaded, name, language, kept.files)
    if chosen == "en":
        typer.echo(f"Created the fund for {name} in {directory} (profile {shown}):")
    else:
        typer.echo(f"Skapade fonden för {name} i {directory} (profil {shown}):")
    for path in created:
        typer.echo(f"  {path.relative_to(directory)}{'/' if path.is_dir() else ''}")
    first = loaded.first_stage.key
    command = "idea" if first == "idea" else "application"
    typer.echo(("Next: " if chosen == "en" else "Nästa steg: ")
               + f"socinv new {command} \"…\" --fund {directory}")


def _example(directory: Path, lang: Lang) -> None:
    from socinv.fund.fund import Fund

    count = len(Fund.open(directory).cases())
    if lang == "en":
        typer.echo(f"Created the sample fund in {directory} (profile ystad, {count} cases).\n"
                   f"Try it as in the README: cd {directory} && socinv validate")
    else:
        typer.echo(f"Skapade exempelfonden i {directory} (profil ystad, {count} ärenden).\n"
                   f"Prova som i README:n: cd {directory} && socinv validate")
