"""``docs/export.md`` from the export's declaration (``socinv export --schema --markdown``)."""

from __future__ import annotations

from socinv.export_schema import (
    FIELDS,
    FORMAT,
    HEADER,
    SCHEMA_VERSION,
    TYPES,
    Field,
    csv_columns,
)

_INTRO = f"""\
# Exportformat – öppna data för gemensam utvärdering / Export format – open data

Den här sidan genereras ur deklarationen i `socinv/export_schema.py`
(`socinv export --schema --markdown > docs/export.md`); ett test misslyckas om den
inte stämmer. JSON Schema: `socinv export --schema`.
*This page is generated from the declaration in `socinv/export_schema.py`; a test
fails when it is stale. JSON Schema: `socinv export --schema`.*

**Schemaversion / schema version: `{SCHEMA_VERSION}`** (`"format": "{FORMAT}"`).

`socinv export` skriver fondens alla ärenden – steg, parter, målgrupp, period,
kostnader, beslut, ekonomi enligt ansökan och utfall, effekter – så att fonder kan
jämföras och utvärderas tillsammans (en region, eller SKR för många kommuner):
`socinv export --merge A.json B.json` slår ihop flera fonders exporter till en
tabell med `municipality` som kolumn.

*`socinv export` writes every case of the fund so that funds can be compared and
evaluated together; `socinv export --merge A.json B.json` combines several funds'
exports into one table with `municipality` as a column.*

## Versioner / Versioning

`schema_version` står i varje export (i JSON överst, i CSV i varje rad). Den ändras
bara när ett fält tas bort, byter namn, typ eller betydelse; nya fält läggs till i
samma version bara om de är valfria för läsaren – ett test låser fältlistan.
`--merge` slår aldrig ihop exporter med olika schemaversioner (slutkod 1, filen
namnges); en fil som inte kan läsas ger slutkod 2. Inget skrivs vid fel.

*`schema_version` is in every export (JSON: at the top; CSV: in every row). It
changes only when a field is removed or renamed or changes type or meaning; a test
pins the field list. `--merge` never combines exports of different schema versions
(exit 1, naming the file); an unreadable file is exit 2. Nothing is written on error.*

## Personuppgifter / Personal data

Exporten är öppna data och innehåller inga personuppgifter. Fält om personer finns
inte med alls: kontaktperson, vem som gjort vad i historiken och beredningsstegen,
bemanning, projektplanen. Parter är organisationer. De texter som exporteras
(titel, parternas roll, målgruppen, effekterna) granskas innan något skrivs: finns
ett personnummer eller samordningsnummer, en e-postadress, ett telefonnummer eller
namnet på en person som fonden känner till (kontaktpersonen, personer i historiken,
i beredningsstegen eller i projektplanen) skrivs ingenting, och socinv anger fil och
fält att rätta (slutkod 1).

*The export is open data and holds no personal data. Fields about persons are left
out entirely (contact person, who did what in the history and the steps, staffing,
the project plan); parties are organisations. The exported texts are checked before
anything is written: a personal identity or coordination number, an e-mail address,
a phone number or the name of a person the fund knows refuses the export, naming the
file and the field to correct (exit 1).*

## CSV

En rad per ärende. UTF-8 **med** BOM och semikolon som avgränsare, CRLF som
radslut: så öppnar svensk Excel filen rätt med ett dubbelklick – listavgränsaren i
svensk Excel är semikolon (kommatecknet är decimaltecken), och utan BOM läser Excel
filen som Windows-1252 så att å, ä och ö blir fel. Belopp är hela kronor utan
tusentalsavgränsare (`1760000`, så att Excel kan summera), decimaltal har
decimalkomma (`0,035`), datum är ISO (`2024-03-20`). En tom cell betyder okänt eller
inte mätt, aldrig 0. En serie per år blir en kolumn per år, `namn_ÅÅÅÅ`, för de år
som förekommer i filen. Listor: parterna som `namn (slag)` åtskilda med `; `,
effekterna som antal; per enhet finns bara i JSON. pandas:
`read_csv(f, sep=";", encoding="utf-8-sig", decimal=",")`; R: `read.csv2(f,
fileEncoding="UTF-8-BOM")`.

*One row per case. UTF-8 **with** a BOM, semicolon-separated, CRLF line ends: this
is what Swedish Excel opens correctly by double-click – its list separator is the
semicolon (the comma is the decimal sign), and without a BOM it reads the file as
Windows-1252 and garbles å, ä, ö. Amounts are whole kronor without thousands
separators, decimals have a decimal comma, dates are ISO. An empty cell means
unknown or not measured, never 0. A per-year series becomes one column per year,
`name_YYYY`, for the years present in the file.*

"""


def _type(item: Field) -> str:
    if item.choices:
        return "nyckel / key: " + ", ".join(f"`{choice}`" for choice in item.choices)
    _, sv, en = TYPES[item.type]
    text = sv if sv == en else f"{sv} / {en}"
    return text + (" (null per år: inte mätt / not measured)" if item.null_values else "")


def _unit(item: Field) -> str:
    return f"{item.unit[0]} / {item.unit[1]}" if item.unit else ""


def _rows(fields: tuple[Field, ...], parent: str = "") -> list[str]:
    lines: list[str] = []
    for item in fields:
        path = f"{parent}{item.key}"
        null = "" if item.nullable else " (aldrig null / never null)"
        lines.append(f"| `{path}` | {_type(item)}{null} | {_unit(item)} | {item.sv} | "
                     f"{item.en} |")
        if item.fields:
            lines += _rows(item.fields, f"{path}[]." if item.type == "list" else f"{path}.")
    return lines


_TABLE = ("| fält / field | typ / type | enhet / unit | betydelse | meaning |\n"
          "| --- | --- | --- | --- | --- |\n")


def markdown() -> str:
    parts = [_INTRO, "## Filen / The file\n\n", _TABLE, "\n".join(_rows(HEADER)),
             "\n| `cases` | lista / list | | Ett objekt per ärende, fälten nedan. | One object "
             "per case, the fields below. |\n\n",
             "## Ett ärende / A case\n\n", _TABLE, "\n".join(_rows(FIELDS)), "\n\n",
             "## CSV-kolumner / CSV columns\n\n",
             "| kolumn / column | fält / field |\n| --- | --- |\n"]
    for column in csv_columns():
        name = f"{column.name}_ÅÅÅÅ / _YYYY" if column.years else column.name
        if column.count is not None and column.count.sv:
            source = f"{column.count.sv} / {column.count.en}"
        elif column.count is not None:
            source = f"antal i `{'.'.join(column.path)}` / number of items"
        else:
            source = f"`{'.'.join(column.path)}`"
        parts.append(f"| `{name}` | {source} |\n")
    return "".join(parts)
