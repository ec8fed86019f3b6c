"""``socinv profile check PATH`` and ``socinv profile schema [--markdown]``."""

import json
from pathlib import Path
from typing import Annotated

import typer

from socinv.cli.common import LangOpt, resolve_lang
from socinv.i18n import pick, tr

app = typer.Typer(
    rich_markup_mode=None,
    add_completion=False,
    help=tr("Kontrollera en regelprofil eller skriv profilformatet som JSON Schema.",
            "Check a rule profile or print the profile format as JSON Schema."),
    no_args_is_help=True,
)

CHECK_HELP = tr(
    "Kontrollera en profilfil helt: varje nyckel, namn och värde. Fel ges med fil, rad och "
    "förslag (exit 2); en giltig profil ger exit 0.",
    "Check a profile file completely: every key, name and value. Problems are given with "
    "file, line and a suggestion (exit 2); a valid profile exits 0.")
SCHEMA_HELP = tr(
    "Skriv profilformatet som JSON Schema (för editorer), eller med --markdown som "
    "referenssidan docs/profiles.md.",
    "Print the profile format as JSON Schema (for editors), or with --markdown as the "
    "reference page docs/profiles.md.")


@app.command("check", help=CHECK_HELP)
def check(
    profile: Annotated[str, typer.Argument(
        help=tr("Profilfilen (.yaml) eller en inbyggd profil (ystad, heby).",
                "The profile file (.yaml) or a built-in profile (ystad, heby)."))],
    lang: LangOpt = None,
) -> None:
    from socinv.profiles.loader import load_profile

    chosen = resolve_lang(lang)
    spec = profile
    if Path(spec).is_file() and not spec.endswith((".yaml", ".yml")) and "/" not in spec:
        spec = f"./{spec}"
    loaded = load_profile(spec, base_dir=Path.cwd())
    added = sorted(
        f"{doc_type}.{path}" for doc_type, doc in loaded.documents.items()
        for path in doc.fields if path not in _builtin_paths(doc_type))
    stages = ", ".join(stage.key for stage in loaded.stages)
    rules = sorted({name for doc in loaded.documents.values() for name in doc.rules})
    if chosen == "en":
        typer.echo(f"The profile {loaded.id} ({pick(loaded.name, 'en')}) is valid.")
        typer.echo(f"  stages: {stages}")
        typer.echo(f"  rules: {', '.join(rules) or '–'}")
        typer.echo(f"  fields of its own: {', '.join(added) or '–'}")
    else:
        typer.echo(f"Profilen {loaded.id} ({pick(loaded.name, 'sv')}) är giltig.")
        typer.echo(f"  steg: {stages}")
        typer.echo(f"  regler: {', '.join(rules) or '–'}")
        typer.echo(f"  egna fält: {', '.join(added) or '–'}")


def _builtin_paths(doc_type: str) -> set[str]:
    from socinv.model.schema import DOCUMENTS, field_paths

    return {path for path, _ in field_paths(DOCUMENTS[doc_type])}


@app.command("schema", help=SCHEMA_HELP)
def schema(
    markdown: Annotated[bool, typer.Option(
        "--markdown", help=tr("Referenssidan i Markdown i stället för JSON Schema.",
                              "The reference page in Markdown instead of JSON Schema."))] = False,
) -> None:
    from socinv.profiles import docgen

    if markdown:
        typer.echo(docgen.markdown(), nl=False)
    else:
        typer.echo(json.dumps(docgen.json_schema(), ensure_ascii=False, indent=2))
