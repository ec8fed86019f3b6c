"""The open-data export's format, declared once: ``FIELDS``.

``socinv export`` builds every case's record in this shape (:mod:`socinv.export`),
``socinv export --schema`` prints :func:`json_schema`, ``socinv export --schema
--markdown`` prints :func:`markdown` (committed as ``docs/export.md``; a test fails
when it is stale), and the CSV columns are :func:`csv_columns` — all from the one
declaration below, so the documentation cannot drift from what is written.

Versioning: ``SCHEMA_VERSION`` changes only when a field is removed, renamed or
changes meaning; a test pins the field list, so that cannot happen by accident.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from socinv.model.schema import PARTY_KINDS

FORMAT = "socinv-export"
SCHEMA_VERSION = "1"
SCHEMA_ID = f"https://socinv.se/schema/export-{SCHEMA_VERSION}.json"

#: the field types: (JSON Schema, name sv, name en)
TYPES: dict[str, tuple[dict[str, Any], str, str]] = {
    "text": ({"type": "string"}, "text", "text"),
    "key": ({"type": "string", "pattern": r"^[A-Za-z_][A-Za-z0-9_]*$"}, "nyckel", "key"),
    "integer": ({"type": "integer", "minimum": 0}, "heltal", "integer"),
    "kronor": ({"type": "integer"}, "belopp", "amount"),
    "year": ({"type": "integer", "minimum": 1900, "maximum": 2200}, "år", "year"),
    "date": ({"type": "string", "format": "date",
              "pattern": r"^\d{4}-\d{2}-\d{2}$"}, "datum", "date"),
    "number": ({"type": "number"}, "decimaltal", "decimal number"),
    "boolean": ({"type": "boolean"}, "sant/falskt", "true/false"),
    "years": ({"type": "array", "items": {"type": "integer", "minimum": 1900,
                                          "maximum": 2200}}, "lista av år", "list of years"),
    "kronor_per_year": ({"type": "object", "propertyNames": {"pattern": r"^\d{4}$"},
                         "additionalProperties": {"type": "integer"}},
                        "belopp per år", "amount per year"),
    "object": ({"type": "object"}, "objekt", "object"),
    "list": ({"type": "array"}, "lista", "list"),
}

_KR = ("kr (hela kronor)", "SEK (whole kronor)")
_YEAR = ("kalenderår", "calendar year")


@dataclass(frozen=True)
class Field:
    """One field of a case's record: JSON key, type, unit and meaning in sv and en.

    ``fields``: an object's (or a list's items') own fields. ``nullable``: null when
    unknown — never 0 for a figure that was not measured. ``csv``: how the field
    becomes CSV columns — ``"column"`` (one column; an object's fields become
    ``parent_child`` columns), ``"years"`` (one column per year, ``name_YYYY``),
    ``"joined"`` (a list's items joined into one text column by ``join``),
    ``"count"`` (the number of items, column ``name_count``) or ``"none"`` (JSON only).
    """

    key: str
    type: str
    sv: str
    en: str
    unit: tuple[str, str] | None = None
    nullable: bool = True
    choices: tuple[str, ...] | None = None
    fields: tuple[Field, ...] = ()
    csv: str = "column"
    join: Callable[[Mapping[str, Any]], str] | None = None
    counts: tuple[Count, ...] = ()
    null_values: bool = False  # a per-year series whose years may be null (not measured)


@dataclass(frozen=True)
class Count:
    """A CSV column counting a list's items that pass ``test`` (``effects_measured``)."""

    column: str
    sv: str
    en: str
    test: Callable[[Mapping[str, Any]], bool] = field(default=lambda item: True)


def _party(item: Mapping[str, Any]) -> str:
    return f"{item.get('name') or ''} ({item.get('kind') or '?'})"



FIELDS: tuple[Field, ...] = (
    Field("municipality", "text", "Fondens kommun eller region (fund.yaml: municipality); "
          "kolumnen som skiljer fonderna åt i en sammanslagen export.",
          "The fund's municipality or region (fund.yaml: municipality); the column that "
          "tells the funds apart in a merged export.", nullable=False),
    Field("profile", "text", "Regelprofilens id (ystad, heby, en egen profil).",
          "The rule profile's id (ystad, heby, a profile of its own).", nullable=False),
    Field("case_id", "text", "Ärendets id, unikt inom fonden (ÅR-LÖPNUMMER-namn).",
          "The case's id, unique within the fund (YEAR-NUMBER-name).", nullable=False),
    Field("title", "text", "Satsningens namn.", "The investment's name.", nullable=False),
    Field("registry_number", "text", "Diarienummer.", "Registry number."),
    Field("stage", "key", "Ärendets steg, profilens nyckel: idea, application, review, "
          "active, closed (eller profilens egna).",
          "The case's stage, the profile's key: idea, application, review, active, closed "
          "(or the profile's own).", nullable=False),
    Field("closing", "object", "Hur ärendet avslutades (null när det inte är avslutat).",
          "How the case was closed (null while it is not closed).", fields=(
              Field("outcome", "key", "Utfall: implemented, partly_implemented, "
                    "not_implemented, aborted, withdrawn, rejected.",
                    "Outcome: implemented, partly_implemented, not_implemented, aborted, "
                    "withdrawn, rejected.",
                    choices=("implemented", "partly_implemented", "not_implemented",
                             "aborted", "withdrawn", "rejected")),
              Field("date", "date", "Beslutsdatum för avslutet.", "Date of the closing."),
          )),
    Field("parties", "list", "Medverkande nämnder, förvaltningar och aktörer – "
          "organisationer, aldrig personer. CSV: \"namn (slag)\" åtskilda med \"; \".",
          "The committees, administrations and actors taking part – organisations, never "
          "persons. CSV: \"name (kind)\" separated by \"; \".", nullable=False,
          csv="joined", join=_party, fields=(
              Field("name", "text", "Organisationens namn.", "The organisation's name."),
              Field("kind", "key", "Slag: " + ", ".join(PARTY_KINDS) + ".",
                    "Kind: " + ", ".join(PARTY_KINDS) + ".", choices=PARTY_KINDS),
              Field("role", "text", "Organisationens roll i satsningen.",
                    "The organisation's role in the investment."),
          )),
    Field("target_group", "object", "Målgruppen.", "The target group.", fields=(
        Field("description", "text", "Beskrivning av målgruppen.",
              "Description of the target group."),
        Field("age_min", "integer", "Lägsta ålder.", "Lowest age.", unit=("år", "years")),
        Field("age_max", "integer", "Högsta ålder.", "Highest age.", unit=("år", "years")),
        Field("size", "integer", "Antal individer i målgruppen.",
              "Number of individuals in the target group.", unit=("personer", "persons")),
    )),
    Field("period", "object", "Satsningens tidsperiod enligt ansökan.",
          "The investment's period according to the application.", fields=(
              Field("start", "date", "Första dagen.", "First day."),
              Field("end", "date", "Sista dagen.", "Last day."),
          )),
    Field("costs_per_year", "kronor_per_year", "Sökt kostnad per år (ansökans costs[]).",
          "Cost applied for per year (the application's costs[]).", unit=_KR,
          nullable=False, csv="years"),
    Field("co_financing_per_year", "kronor_per_year",
          "Parternas egen finansiering per år (co_financing[], när profilen har det).",
          "The partners' own financing per year (co_financing[], when the profile has it).",
          unit=_KR, nullable=False, csv="years"),
    Field("decision", "object", "Beslutet om medel (null innan beslut).",
          "The decision on funding (null before a decision).", fields=(
              Field("outcome", "key", "granted (beviljat) eller rejected (avslag).",
                    "granted or rejected.", choices=("granted", "rejected")),
              Field("date", "date", "Beslutsdatum.", "Date of the decision."),
              Field("ref", "text", "Beslutsreferens (t.ex. KS § 62).",
                    "Decision reference (e.g. KS § 62)."),
              Field("total", "kronor", "Beviljat belopp.", "Amount granted.", unit=_KR),
              Field("per_year", "kronor_per_year", "Beviljat per år.", "Granted per year.",
                    unit=_KR, nullable=False, csv="years"),
          )),
    Field("forecast", "object", "Ekonomin enligt ansökan, före beslut (socinv/economics.py; "
          "null utan kostnadsrader).",
          "The economics according to the application, before the decision "
          "(socinv/economics.py; null without cost rows).", fields=(
              Field("total_cost", "kronor", "Total kostnad (med medfinansiering).",
                    "Total cost (co-financing included).", unit=_KR, nullable=False),
              Field("total_savings", "kronor", "Total beräknad besparing under perioden.",
                    "Total forecast savings over the period.", unit=_KR, nullable=False),
              Field("savings_per_year", "kronor_per_year", "Beräknad besparing per år.",
                    "Forecast savings per year.", unit=_KR, nullable=False, csv="years"),
              Field("savings_from", "year", "Besparingsperiodens första år.",
                    "First year of the savings period.", unit=_YEAR),
              Field("savings_to", "year", "Besparingsperiodens sista år.",
                    "Last year of the savings period.", unit=_YEAR),
              Field("payback_year", "year", "Återbetalningsår (null: inte inom perioden).",
                    "Payback year (null: not within the period).", unit=_YEAR),
              Field("npv", "kronor", "Nuvärde vid diskonteringsräntan.",
                    "Net present value at the discount rate.", unit=_KR, nullable=False),
              Field("discount_rate", "number", "Diskonteringsränta (0.035 = 3,5 %).",
                    "Discount rate (0.035 = 3.5 %).", unit=("andel", "fraction"),
                    nullable=False),
          )),
    Field("outturn", "object", "Utfallet ur rapporterna, som i socinv status "
          "(socinv/expost.py; null innan medel beviljats eller utan ekonomi i ansökan). "
          "Besparingar som inte mätts är null, aldrig 0.",
          "The outturn from the reports, as in socinv status (socinv/expost.py; null "
          "before funds are granted or without economics in the application). Savings "
          "not measured are null, never 0.", fields=(
              Field("cost_per_year", "kronor_per_year", "Rapporterat utfall (kostnad) per år.",
                    "Reported outturn (cost) per year.", unit=_KR, nullable=False,
                    csv="years"),
              Field("cost_to_date", "kronor", "Kostnad hittills.", "Cost to date.", unit=_KR,
                    nullable=False),
              Field("savings_per_year", "kronor_per_year", "Realiserad besparing per år i "
                    "perioden; null = inte mätt.",
                    "Realised savings per year of the period; null = not measured.",
                    unit=_KR, nullable=False, csv="years", null_values=True),
              Field("measured_years", "years", "År med mätt besparing. CSV: åtskilda med "
                    "blanksteg.", "Years with measured savings. CSV: separated by spaces.",
                    nullable=False),
              Field("realised_to_date", "kronor", "Realiserad besparing hittills (null: "
                    "inget mätt).", "Realised savings to date (null: nothing measured).",
                    unit=_KR),
              Field("net_to_date", "kronor", "Realiserad besparing − kostnad hittills.",
                    "Realised savings − cost to date.", unit=_KR),
              Field("payback_year", "year", "Första år då ackumulerad realiserad besparing "
                    "≥ ackumulerad kostnad.",
                    "First year cumulative realised savings ≥ cumulative cost.", unit=_YEAR),
              Field("npv", "kronor", "Nuvärde på utfallet (samma ränta och basår som "
                    "prognosen).", "NPV on the outturn (same rate and base year as the "
                    "forecast).", unit=_KR),
          )),
    Field("units", "list", "Ansökans kostnadsreduceringar, prognos mot utfall per enhet, "
          "för ett beviljat ärende (bara JSON).", "The application's cost reductions, "
          "forecast against outturn per unit, for a granted case (JSON only).",
          nullable=False, csv="none", fields=(
              Field("unit", "text", "Enhetens nyckel.", "The unit's key."),
              Field("label", "text", "Enhetens namn.", "The unit's name."),
              Field("committee", "text", "Nämnden där besparingen uppstår.",
                    "The committee where the saving arises."),
              Field("forecast_per_year", "kronor", "Beräknad besparing per år.",
                    "Forecast savings per year.", unit=_KR),
              Field("realised_per_year", "kronor_per_year", "Realiserad besparing per år; "
                    "null = inte mätt.", "Realised savings per year; null = not measured.",
                    unit=_KR, nullable=False, null_values=True),
              Field("error", "kronor", "Prognosens fel: realiserat − prognos över mätta år "
                    "(null: inget mätt).", "The forecast's error: realised − forecast over "
                    "measured years (null: nothing measured).", unit=_KR),
          )),
    Field("effects", "list", "Effekterna ur mätplanen mot mål och utgångsläge, för ett "
          "beviljat ärende. CSV: antal.", "The measurement plan's effects against target "
          "and baseline, for a granted case. CSV: counts.",
          nullable=False, csv="count", counts=(
              Count("effects_measured", "Antal effekter med ett mätt resultat.",
                    "Number of effects with a measured result.",
                    lambda item: item.get("result") is not None),
              Count("effects_met", "Antal effekter som nått målet.",
                    "Number of effects that met their target.",
                    lambda item: item.get("met") is True),
          ), fields=(
              Field("name", "text", "Effekten.", "The effect."),
              Field("baseline", "text", "Utgångsläge.", "Baseline."),
              Field("target", "text", "Mål.", "Target."),
              Field("result", "text", "Resultat (null: inte mätt).",
                    "Result (null: not measured)."),
              Field("met", "boolean", "Målet nått (null: inte bedömt).",
                    "Target met (null: not judged)."),
          )),
    Field("recommendation", "key", "Slutrapportens rekommendation: implement, "
          "implement_partly, do_not_implement.", "The final report's recommendation: "
          "implement, implement_partly, do_not_implement.",
          choices=("implement", "implement_partly", "do_not_implement")),
)

#: the export file's own fields (JSON), beside ``cases``
HEADER: tuple[Field, ...] = (
    Field("format", "text", f"Alltid \"{FORMAT}\".", f"Always \"{FORMAT}\".", nullable=False),
    Field("schema_version", "text", "Schemats version; ändras bara när ett fält tas bort, "
          "byter namn eller betydelse.", "The schema's version; changes only when a field "
          "is removed, renamed or changes meaning.", nullable=False),
    Field("socinv_version", "text", "Versionen av socinv som skrev filen.",
          "The version of socinv that wrote the file.", nullable=False),
    Field("exported", "date", "Dagen exporten gjordes.", "The day of the export.",
          nullable=False),
    Field("funds", "list", "Fonderna i filen (en, eller flera i en sammanslagen export).",
          "The funds in the file (one, or several in a merged export).", nullable=False,
          fields=(
              Field("municipality", "text", "Kommun eller region.", "Municipality or region."),
              Field("profile", "text", "Regelprofilens id.", "The rule profile's id."),
              Field("currency", "text", "Valuta (SEK).", "Currency (SEK)."),
              Field("cases", "integer", "Antal ärenden.", "Number of cases."),
          )),
)


# -- JSON Schema -------------------------------------------------------------------------------

def _schema(item: Field) -> dict[str, Any]:
    schema = dict(TYPES[item.type][0])
    if item.null_values:
        schema["additionalProperties"] = {"type": ["integer", "null"]}
    if item.choices:
        schema = {"type": "string", "enum": list(item.choices)}
    if item.fields:
        inner = {"type": "object", "additionalProperties": False,
                 "required": [sub.key for sub in item.fields],
                 "properties": {sub.key: _schema(sub) for sub in item.fields}}
        if item.type == "list":
            schema["items"] = inner
        else:
            schema = inner
    schema["description"] = f"{item.sv} — {item.en}"
    if item.nullable:
        schema = {"anyOf": [schema, {"type": "null"}]}
    return schema


def json_schema() -> dict[str, Any]:
    """The JSON Schema of an export file (draft 2020-12)."""
    record = _schema(Field("case", "object", "Ett ärende.", "One case.", nullable=False,
                           fields=FIELDS))
    header = {item.key: _schema(item) for item in HEADER}
    header["format"] = {"const": FORMAT, "description": header["format"]["description"]}
    header["schema_version"] = {"const": SCHEMA_VERSION,
                                "description": header["schema_version"]["description"]}
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "socinv export",
        "description": "Öppna data om sociala investeringar – Open data on social "
                       "investments (docs/export.md)",
        "type": "object",
        "additionalProperties": False,
        "required": [*header, "cases"],
        "properties": {**header, "cases": {"type": "array", "items": record}},
    }


# -- CSV ---------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    """A CSV column, or with ``years`` a family of them (``name_YYYY``)."""

    name: str
    path: tuple[str, ...]
    field: Field
    years: bool = False
    count: Count | None = None


def csv_columns() -> list[Column]:
    """The CSV's columns in order; ``schema_version`` first, in every row."""
    columns = [Column("schema_version", ("schema_version",), HEADER[1])]
    for item in FIELDS:
        columns += _columns(item, ())
    return columns


def _columns(item: Field, parent: tuple[str, ...]) -> Iterator[Column]:
    path = (*parent, item.key)
    name = "_".join(path)
    if item.csv == "none":
        return
    if item.type == "object":
        for sub in item.fields:
            yield from _columns(sub, path)
    elif item.csv == "years":
        yield Column(name, path, item, years=True)
    elif item.csv == "count":
        yield Column(f"{name}_count", path, item, count=Count(f"{name}_count", "", ""))
        for count in item.counts:
            yield Column(count.column, path, item, count=count)
    else:
        yield Column(name, path, item)


def choices(key: str) -> tuple[str, ...]:
    """The keys a record's field ``key`` may hold (for an object or a list: the one
    field with choices inside it, ``decision`` → its ``outcome``)."""
    (item,) = [item for item in FIELDS if item.key == key]
    if item.choices:
        return item.choices
    (inner,) = [sub for sub in item.fields if sub.choices]
    return inner.choices or ()


def field_paths(fields: tuple[Field, ...] = FIELDS, parent: str = "") -> list[str]:
    """Every field as a dotted path (``decision.per_year``, ``parties[].kind``)."""
    paths: list[str] = []
    for item in fields:
        path = f"{parent}{item.key}"
        paths.append(path)
        if item.fields:
            paths += field_paths(item.fields, f"{path}[]." if item.type == "list"
                                 else f"{path}.")
    return paths
