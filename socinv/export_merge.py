"""``socinv export --merge``: several funds' exports as one table.

A region, or SKR pooling many municipalities, collects each fund's export and
merges them: the records side by side, ``municipality`` telling them apart. Every
file must be an export of the same schema version as this socinv writes; a file of
another version is refused (exit 1) with its name and version, an unreadable file
is exit 2 — and nothing is written unless every file is right.

JSON exports merge into JSON or CSV; CSV exports (``--format csv``) merge into CSV
only, since a CSV row no longer holds the lists a JSON record has.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from socinv import __version__
from socinv.errors import UserError
from socinv.export_csv import BOM, flatten, read
from socinv.export_schema import FIELDS, FORMAT, SCHEMA_VERSION, csv_columns
from socinv.io.guard import decode_text, read_bytes

#: an export of thousands of cases is far larger than a document
MAX_EXPORT_BYTES = 256 * 1024 * 1024


@dataclass
class Export:
    """One input file: its JSON document, or (a CSV export) only its rows."""

    name: str
    document: dict[str, Any] | None
    table: list[dict[str, str]]


def load(path: Path) -> Export:
    """A file to merge; unreadable (missing, binary, not UTF-8): exit 2, naming it."""
    name = str(path)
    text = decode_text(path, read_bytes(path, MAX_EXPORT_BYTES))
    stripped = text.lstrip()
    if stripped.startswith(("{", "[")):
        return _json(name, text)
    return _csv(name, text)


def _json(name: str, text: str) -> Export:
    try:
        document = json.loads(text)
    except (json.JSONDecodeError, RecursionError) as error:
        where = f" (rad {error.lineno}, kolumn {error.colno})" if isinstance(
            error, json.JSONDecodeError) else ""
        where_en = where.replace("rad", "line").replace("kolumn", "column")
        raise UserError(f"{name}: är inte giltig JSON{where}. Exportera fonden igen med "
                        "socinv export.", f"{name}: is not valid JSON{where_en}. Export the "
                        "fund again with socinv export.", exit_code=2) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise _not_an_export(name)
    _check_version(name, document.get("schema_version"))
    cases = document.get("cases")
    keys = [item.key for item in FIELDS]
    if not isinstance(cases, list) or not isinstance(document.get("funds"), list):
        raise _not_an_export(name)
    for index, item in enumerate(cases):
        if not isinstance(item, dict) or list(item) != keys:
            missing = [key for key in keys if not isinstance(item, dict) or key not in item]
            extra = [key for key in item if key not in keys] if isinstance(item, dict) else []
            detail = ", ".join([*(f"saknar {key}" for key in missing),
                                *(f"okänt fält {key}" for key in extra)]) or "fältordning"
            detail_en = ", ".join([*(f"lacks {key}" for key in missing),
                                   *(f"unknown field {key}" for key in extra)]) or "field order"
            raise UserError(
                f"{name}: ärende {index + 1} har inte schemaversion {SCHEMA_VERSION}s form "
                f"({detail}). Exportera fonden igen med socinv export.",
                f"{name}: case {index + 1} does not have schema version {SCHEMA_VERSION}'s "
                f"shape ({detail_en}). Export the fund again with socinv export.", exit_code=1)
    return Export(name, document, [flatten(item, SCHEMA_VERSION) for item in cases])


def _csv(name: str, text: str) -> Export:
    names, table = read(text.removeprefix(BOM))
    if "schema_version" not in names or "case_id" not in names:
        raise _not_an_export(name)
    versions = {row.get("schema_version") or "" for row in table}
    for version in sorted(versions):
        _check_version(name, version)
    known = {column.name for column in csv_columns() if not column.years}
    families = [f"{column.name}_" for column in csv_columns() if column.years]
    unknown = [column for column in names if column not in known and not any(
        column.startswith(prefix) and column[len(prefix):].isdigit()
        and len(column) == len(prefix) + 4 for prefix in families)]
    if unknown or any(None in row for row in table):
        shown = ", ".join(unknown[:5]) or "?"
        raise UserError(f"{name}: okända kolumner för schemaversion {SCHEMA_VERSION} "
                        f"({shown}), eller rader med fler celler än rubrikraden. Exportera "
                        "fonden igen med socinv export --format csv.",
                        f"{name}: columns unknown to schema version {SCHEMA_VERSION} "
                        f"({shown}), or rows with more cells than the header. Export the "
                        "fund again with socinv export --format csv.", exit_code=1)
    return Export(name, None, table)


def _check_version(name: str, version: Any) -> None:
    if version != SCHEMA_VERSION:
        shown = json.dumps(version, ensure_ascii=False) if not isinstance(version, str) \
            else version or "(ingen)"
        raise UserError(
            f"{name}: schemaversion {shown}, men sammanslagningen kräver version "
            f"{SCHEMA_VERSION} (den som den här versionen av socinv, {__version__}, skriver). "
            "Exporter med olika schemaversioner slås inte ihop. Be fonden exportera igen "
            "med samma version av socinv. Inget skrevs.",
            f"{name}: schema version {shown}, but the merge needs version {SCHEMA_VERSION} "
            f"(the one this version of socinv, {__version__}, writes). Exports of different "
            "schema versions are not merged. Ask the fund to export again with the same "
            "version of socinv. Nothing was written.", exit_code=1)


def _not_an_export(name: str) -> UserError:
    return UserError(f"{name}: är ingen export från socinv (format: {FORMAT} saknas). Skapa "
                     "den med socinv export.", f"{name}: is not a socinv export (no format: "
                     f"{FORMAT}). Create it with socinv export.", exit_code=1)


def merge(exports: list[Export], today: dt.date, as_json: bool) -> tuple[
        dict[str, Any] | None, list[dict[str, str]]]:
    """The merged JSON document (``as_json``) or the merged CSV rows; a case of the same
    fund in two files (the same export twice) is refused, naming both files."""
    if as_json:
        flat = [export.name for export in exports if export.document is None]
        if flat:
            raise UserError(f"{flat[0]}: en CSV-export kan bara slås ihop till CSV. Använd "
                            "--format csv, eller JSON-exporterna.",
                            f"{flat[0]}: a CSV export can only be merged into CSV. Use "
                            "--format csv, or the JSON exports.", exit_code=1)
    seen: dict[tuple[str, str], str] = {}
    for export in exports:
        for row in export.table:
            key = (row.get("municipality") or "", row.get("case_id") or "")
            if key in seen:
                where = f"både i {seen[key]} och i {export.name}" if seen[key] != \
                    export.name else f"två gånger i {export.name}"
                where_en = f"both in {seen[key]} and in {export.name}" if seen[key] != \
                    export.name else f"twice in {export.name}"
                raise UserError(
                    f"Ärendet {key[1]} ({key[0]}) finns {where}: samma fond ska bara vara "
                    "med en gång. Inget skrevs.",
                    f"The case {key[1]} ({key[0]}) is {where_en}: each fund must be in only "
                    "once. Nothing was written.", exit_code=1)
            seen[key] = export.name
    table = [row for export in exports for row in export.table]
    if not as_json:
        return None, table
    documents = [export.document for export in exports if export.document is not None]
    return {
        "format": FORMAT,
        "schema_version": SCHEMA_VERSION,
        "socinv_version": __version__,
        "exported": today.isoformat(),
        "funds": [fund for document in documents for fund in document["funds"]],
        "cases": [item for document in documents for item in document["cases"]],
    }, table
