"""The export as one CSV table: one row per case, the columns of ``export_schema``.

Written for Swedish Excel, which opens a file by double-click with the list
separator of the Swedish locale: semicolon-separated, UTF-8 **with** a byte-order
mark (without it Excel reads the file as Windows-1252 and å, ä, ö come out wrong),
CRLF line ends, decimals with a decimal comma (``0,035``), amounts as plain whole
numbers (``1760000``, so Excel sums them), dates ISO (``2024-03-20``, which Excel
recognises as dates). A blank cell is "not known / not measured", never 0.
Python's ``csv`` module, R's ``read.csv2`` and pandas (``sep=";",
encoding="utf-8-sig"``) read the same file.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from socinv.export_schema import Column, csv_columns

BOM = "\ufeff"
DELIMITER = ";"


def rows(document: Mapping[str, Any]) -> list[dict[str, str]]:
    """Every case of an export as a flat row (column → cell text)."""
    version = str(document.get("schema_version") or "")
    return [flatten(item, version) for item in document.get("cases") or []]


def flatten(item: Mapping[str, Any], version: str) -> dict[str, str]:
    row: dict[str, str] = {}
    for column in csv_columns():
        if column.name == "schema_version":
            row[column.name] = version
            continue
        value = _at(item, column.path)
        if column.years:
            for year, amount in (value or {}).items():
                row[f"{column.name}_{year}"] = _cell(amount)
        elif column.count is not None:
            items = [entry for entry in value or [] if isinstance(entry, Mapping)]
            row[column.name] = str(sum(1 for entry in items if column.count.test(entry)))
        elif column.field.join is not None:
            row[column.name] = "; ".join(column.field.join(entry) for entry in value or []
                                         if isinstance(entry, Mapping))
        else:
            row[column.name] = _cell(value)
    return row


def header(table: Iterable[Mapping[str, str]]) -> list[str]:
    """The columns in declared order, each year family expanded to the years present."""
    table = list(table)
    present = {name for row in table for name in row}
    names: list[str] = []
    for column in csv_columns():
        names += _expand(column, present)
    return names


def _expand(column: Column, present: set[str]) -> list[str]:
    if not column.years:
        return [column.name]
    prefix = f"{column.name}_"
    years = sorted(name[len(prefix):] for name in present if name.startswith(prefix)
                   and name[len(prefix):].isdigit() and len(name) == len(prefix) + 4)
    return [f"{prefix}{year}" for year in years]


def write(table: Sequence[Mapping[str, str]]) -> bytes:
    """The table as CSV bytes (UTF-8 with BOM, semicolons, CRLF)."""
    names = header(table)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=names, delimiter=DELIMITER,
                            lineterminator="\r\n", extrasaction="raise", restval="")
    writer.writeheader()
    writer.writerows(table)
    return (BOM + buffer.getvalue()).encode("utf-8")


def read(text: str) -> tuple[list[str], list[dict[str, str]]]:
    """A CSV export read back: its header and rows (text without the BOM)."""
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=DELIMITER)
    table = [dict(row) for row in reader]
    return list(reader.fieldnames or []), table


def _at(item: Mapping[str, Any], path: tuple[str, ...]) -> Any:
    value: Any = item
    for key in path:
        value = value.get(key) if isinstance(value, Mapping) else None
    return value


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return f"{value:g}".replace(".", ",")
    if isinstance(value, list):
        return " ".join(str(part) for part in value)
    return str(value)
