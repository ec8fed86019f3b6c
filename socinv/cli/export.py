"""``socinv export``: open data for pooled evaluation (and ``--merge``, ``--schema``)."""

import json
import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from socinv.cli.common import FundOpt, LangOpt, QuietOpt, progress_bar, resolve_lang
from socinv.errors import UserError
from socinv.i18n import Lang, tr

HELP = tr(
    "Öppna data för gemensam utvärdering: varje ärendes steg, parter (organisationer), "
    "målgrupp, period, kostnader, beslut, ekonomi enligt ansökan och utfall, och effekter – "
    "utan personuppgifter – som JSON eller CSV i ett versionerat schema (docs/export.md). "
    "--merge slår ihop flera fonders exporter till en tabell; --schema skriver JSON Schema.",
    "Open data for pooled evaluation: every case's stage, parties (organisations), target "
    "group, period, costs, decision, forecast and realised economics, and effects – without "
    "personal data – as JSON or CSV in a versioned schema (docs/export.md). --merge combines "
    "several funds' exports into one table; --schema prints the JSON Schema.",
)


class ExportFormat(StrEnum):
    json = "json"
    csv = "csv"


def export(
    files: Annotated[list[Path] | None, typer.Argument(
        metavar=tr("[EXPORT…]", "[EXPORT…]"), dir_okay=False,
        help=tr("Exporterna att slå ihop (med --merge).", "The exports to merge (with --merge)."))
    ] = None,
    output_format: Annotated[ExportFormat, typer.Option(
        "--format", help=tr("json (alla fält) eller csv (en rad per ärende, för Excel).",
                            "json (every field) or csv (one row per case, for Excel)."))
    ] = ExportFormat.json,
    out: Annotated[Path | None, typer.Option(
        "--out", dir_okay=False, help=tr("Fil att skriva till (annars skrivs exporten ut).",
                                         "File to write to (else the export is printed)."))
    ] = None,
    merge: Annotated[bool, typer.Option(
        "--merge", help=tr("Slå ihop exporter från flera fonder (filerna EXPORT…).",
                           "Merge exports from several funds (the files EXPORT…)."))] = False,
    schema: Annotated[bool, typer.Option(
        "--schema", help=tr("Skriv exportens JSON Schema.", "Print the export's JSON Schema."))
    ] = False,
    markdown: Annotated[bool, typer.Option(
        "--markdown", help=tr("Med --schema: referenssidan docs/export.md.",
                              "With --schema: the reference page docs/export.md."))] = False,
    force: Annotated[bool, typer.Option(
        "--force", help=tr("Skriv över en befintlig fil.", "Overwrite an existing file."))
    ] = False,
    today: Annotated[str | None, typer.Option(
        "--today", metavar=tr("ÅÅÅÅ-MM-DD", "YYYY-MM-DD"),
        help=tr("Exportens datum (standard: i dag).", "The export's date (default: today)."))
    ] = None,
    fund: FundOpt = None,
    lang: LangOpt = None,
    quiet: QuietOpt = False,
) -> None:
    if schema:
        from socinv import export_docs, export_schema

        text = export_docs.markdown() if markdown else json.dumps(
            export_schema.json_schema(), ensure_ascii=False, indent=2) + "\n"
        _emit(text.encode("utf-8"), out, force, resolve_lang(lang), None)
        return
    if markdown:
        raise UserError("--markdown hör till --schema.", "--markdown goes with --schema.")
    from socinv.cli.flow import today_of

    date = today_of(today)
    if merge:
        chosen = resolve_lang(lang)
        data, summary = _merged(files or [], date, output_format, out)
        _emit(data, out, force, chosen, summary)
        return
    if files:
        raise UserError(f"{files[0]}: filer anges bara med --merge.",
                        f"{files[0]}: files are given only with --merge.")
    from socinv.cli.flow import open_fund
    from socinv.export import build
    from socinv.export_csv import rows, write
    from socinv.export_privacy import guard_output

    opened, chosen = open_fund(fund, lang)
    with progress_bar(quiet) as progress:
        document = build(opened, date, progress)
    data = write(rows(document)) if output_format is ExportFormat.csv else _json(document)
    guard_output(str(out) if out else "stdout", data.decode("utf-8"))
    count = len(document["cases"])
    _emit(data, out, force, chosen, (count, 1))
    from socinv.cache import save_deferred

    save_deferred()  # the records for the next export, now that this one is written


def _merged(files: list[Path], date: Any, output_format: ExportFormat,
            out: Path | None) -> tuple[bytes, tuple[int, int]]:
    from socinv.export_csv import write
    from socinv.export_merge import load, merge
    from socinv.export_privacy import guard_output

    if not files:
        raise UserError("Ange exporterna att slå ihop: socinv export --merge A.json B.json "
                        "[--out ALLA.csv --format csv].",
                        "Name the exports to merge: socinv export --merge A.json B.json "
                        "[--out ALL.csv --format csv].")
    exports = [load(path) for path in files]
    as_json = output_format is ExportFormat.json
    document, table = merge(exports, date, as_json)
    data = _json(document) if document is not None else write(table)
    guard_output(str(out) if out else "stdout", data.decode("utf-8"))
    funds = {row.get("municipality") for row in table}
    return data, (len(table), len(funds))


def _json(document: dict[str, Any] | None) -> bytes:
    return (json.dumps(document, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def _emit(data: bytes, out: Path | None, force: bool, lang: Lang,
          summary: tuple[int, int] | None) -> None:
    """To the file (all or nothing, never over a file without --force) or stdout."""
    if out is None:
        sys.stdout.flush()
        typer.echo(data, nl=False)
        return
    from socinv.reports.output import Output, write_outputs

    (written,) = write_outputs([Output(out.name, data)], out.parent, force)
    if summary is None:
        typer.echo(f"Wrote {written}" if lang == "en" else f"Skrev {written}")
        return
    cases, funds = summary
    if lang == "en":
        typer.echo(f"Wrote {written}: {cases} cases from {funds} "
                   f"{'fund' if funds == 1 else 'funds'}.")
    else:
        typer.echo(f"Skrev {written}: {cases} ärenden från {funds} "
                   f"{'fond' if funds == 1 else 'fonder'}.")
