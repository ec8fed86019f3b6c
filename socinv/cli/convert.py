"""``socinv convert FILE --to yaml|docx``: Word ↔ YAML without losing content."""

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer

from socinv.cli.common import DOC_TYPE_WORDS, FundOpt, LangOpt, WordChoice, resolve_lang
from socinv.cli.validate import missing_path
from socinv.errors import UserError
from socinv.i18n import tr

HELP = tr(
    "Konvertera ett dokument mellan Word (.docx) och YAML utan att innehåll går förlorat. "
    "Resultatet hamnar bredvid filen med den nya ändelsen (eller --out) och skriver aldrig "
    "över en fil utan --force.",
    "Convert a document between Word (.docx) and YAML without losing content. The result "
    "goes beside the file with the new extension (or --out) and never overwrites a file "
    "without --force.",
)


class Target(StrEnum):
    yaml = "yaml"
    docx = "docx"


def convert(
    file: Annotated[Path, typer.Argument(
        metavar=tr("FIL", "FILE"), help=tr("Dokumentet som ska konverteras (.yaml eller .docx).",
                "The document to convert (.yaml or .docx)."))],
    to: Annotated[Target, typer.Option(
        "--to", help=tr("Format att konvertera till: yaml eller docx.",
                        "Format to convert to: yaml or docx."))],
    out: Annotated[Path | None, typer.Option(
        "--out", dir_okay=False,
        help=tr("Utfil (standard: bredvid indata med den nya ändelsen).",
                "Output file (default: beside the input with the new extension)."))] = None,
    force: Annotated[bool, typer.Option(
        "--force", help=tr("Skriv över utfilen om den finns.",
                           "Overwrite the output file if it exists."))] = False,
    replace: Annotated[bool, typer.Option(
        "--replace", help=tr("Ta bort originalet när konverteringen har lyckats, så att bara "
                             "den nya filen finns kvar.",
                             "Remove the original once the conversion has succeeded, so only "
                             "the new file remains."))] = False,
    profile: Annotated[str | None, typer.Option(
        "--profile", help=tr("Regelprofil för filer utanför en fond: ystad, heby eller sökväg.",
                             "Rule profile for files outside a fund: ystad, heby or a path."))
    ] = None,
    doc_type: Annotated[str | None, typer.Option(
        "--type", click_type=WordChoice(DOC_TYPE_WORDS),
        help=tr("Dokumenttyp, t.ex. ansökan (standard: från filnamnet).",
                "Document type (default: from the file name)."))] = None,
    fund: FundOpt = None,
    lang: LangOpt = None,
) -> None:
    from socinv.conversion import convert as run_conversion
    from socinv.fund.fund import Fund, find_root
    from socinv.profiles.loader import load_profile

    if not (file.exists() or file.is_symlink()):
        resolve_lang(lang)
        raise missing_path(file, None)
    root = fund if fund is not None else find_root(file.parent)
    if root is not None:
        opened = Fund.open(root, profile_override=profile)
        loaded, chosen = opened.profile, resolve_lang(lang, opened.language)
    elif profile is None:
        resolve_lang(lang)
        raise UserError(
            f"{file} ligger inte i en fond. Ange regelprofilen, t.ex. "
            f"socinv convert {file} --to {to.value} --profile ystad",
            f"{file} is not inside a fund. Name the rule profile, e.g. "
            f"socinv convert {file} --to {to.value} --profile ystad")
    else:
        loaded = load_profile(profile, base_dir=Path.cwd())
        chosen = resolve_lang(lang, loaded.language)
    result = run_conversion(file, to.value, loaded, chosen, out=out,
                            doc_type=doc_type, force=force,
                            replace=replace)
    for sv, en in result.notes:
        typer.secho(en if chosen == "en" else sv, err=True, fg="yellow")
    if chosen == "en":
        typer.echo(f"Wrote {result.target}" + (f" and removed {file}" if result.removed else "")
                   + f"\nCheck it: socinv validate {result.target}")
    else:
        typer.echo(f"Skrev {result.target}" + (f" och tog bort {file}" if result.removed else "")
                   + f"\nGranska den: socinv validate {result.target}")
