"""``socinv init DIR --profile ystad|heby|PATH --municipality NAME``."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated

import typer

from socinv.cli.common import LangOpt, resolve_lang
from socinv.i18n import pick, tr

HELP = tr(
    "Skapa en ny fond: fund.yaml och en mapp för varje steg i profilen.",
    "Create a new fund: fund.yaml and a folder for each stage of the profile.",
)


def init(
    directory: Annotated[Path, typer.Argument(
        metavar=tr("MAPP", "DIR"),
        help=tr("Mappen där fonden skapas.", "The folder to create the fund in."))],
    profile: Annotated[str, typer.Option(
        "--profile", help=tr("Regelprofil: ystad, heby eller sökväg till en profilfil.",
                             "Rule profile: ystad, heby or a path to a profile file."))],
    municipality: Annotated[str | None, typer.Option(
        "--municipality", help=tr("Kommunens namn (standard: profilens).",
                                  "The municipality's name (default: the profile's)."))] = None,
    lang: LangOpt = None,
) -> None:
    from socinv.fund.create import create_fund
    from socinv.profiles.loader import load_profile

    chosen = resolve_lang(lang)
    loaded = load_profile(profile, base_dir=Path.cwd())
    spec = profile
    if spec.endswith((".yaml", ".yml")) or "/" in spec:
        spec = os.path.relpath(Path(spec).resolve(), directory.resolve())
    name = municipality or loaded.municipality or pick(loaded.name, chosen)
    created = create_fund(directory, spec, loaded, name, chosen)
    if chosen == "en":
        typer.echo(f"Created the fund for {name} in {directory} (profile {loaded.id}):")
    else:
        typer.echo(f"Skapade fonden för {name} i {directory} (profil {loaded.id}):")
    for path in created:
        typer.echo(f"  {path.relative_to(directory)}{'/' if path.is_dir() else ''}")
    first = loaded.first_stage.key
    command = "idea" if first == "idea" else "application"
    typer.echo(("Next: " if chosen == "en" else "Nästa steg: ")
               + f"socinv new {command} \"…\" --fund {directory}")
