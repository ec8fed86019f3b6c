"""The profile format as JSON Schema and as ``docs/profiles.md``, both from ``spec.py``.

``socinv profile schema`` prints :func:`json_schema`; ``socinv profile schema
--markdown`` prints :func:`markdown`, which is committed as ``docs/profiles.md``
(a test fails when the page is out of date).
"""

from __future__ import annotations

from typing import Any

from socinv.model.declare import Map, Node, Seq, Value
from socinv.model.schema import AUTHORED, DOCUMENTS, Kind, field_paths
from socinv.profiles.spec import DOCUMENT, FIELD, FIELD_TYPES, PROFILE
from socinv.rules.registry import GATE_SPECS, RULES

SCHEMA_ID = "https://socinv.se/schema/profile-1.json"


def _describe(node: Node) -> str:
    return " — ".join(text for text in (node.sv, node.en) if text)


def _value_schema(node: Value) -> dict[str, Any]:
    kind = node.type
    if kind == "int":
        schema: dict[str, Any] = {"type": "integer"}
    elif kind == "number":
        schema = {"type": "number"}
    elif kind == "bool":
        schema = {"type": "boolean"}
    elif kind == "enum":
        schema = {"enum": list(node.choices)}
    elif kind == "mmdd":
        schema = {"type": "string", "pattern": r"^(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$"}
    elif kind == "name":
        schema = {"type": "string", "pattern": r"^[A-Za-z_][A-Za-z0-9_]*$"}
    elif kind == "texts":
        schema = {"anyOf": [{"type": "string"}, {
            "type": "object", "additionalProperties": False,
            "properties": {"sv": {"type": "string"}, "en": {"type": "string"}}}]}
    elif kind == "choices":
        schema = {"anyOf": [{"type": "array", "items": {"type": "string"}}, {
            "type": "object", "additionalProperties": _value_schema(Value(type="texts"))}]}
    elif kind == "any":
        schema = {}
    else:  # text, field
        schema = {"type": "string"}
    if node.minimum is not None:
        schema["minimum"] = node.minimum
    if node.maximum is not None:
        schema["maximum"] = node.maximum
    if node.default is not None:
        schema["default"] = node.default
    return schema


def _schema(node: Node) -> dict[str, Any]:
    if isinstance(node, Map):
        schema: dict[str, Any] = {"type": "object", "properties": {
            key: {"anyOf": [_schema(sub), {"type": "null"}]} for key, sub in node.keys.items()}}
        if node.values is not None:
            schema["additionalProperties"] = {"anyOf": [_schema(node.values), {"type": "null"}]}
            if node.key_choices:
                schema["propertyNames"] = {"enum": list(node.key_choices)}
        else:
            schema["additionalProperties"] = False
        if node.required:
            schema["required"] = list(node.required)
        if node.one_key:
            schema["minProperties"] = schema["maxProperties"] = 1
        if node.shorthand:
            schema = {"anyOf": [schema, {"const": True}]}
        if node.texts_shorthand:
            schema = {"anyOf": [schema, _value_schema(Value(type="texts"))]}
    elif isinstance(node, Seq):
        schema = {"type": "array", "items": _schema(node.item)}
        if node.min_items:
            schema["minItems"] = node.min_items
    elif isinstance(node, Value):
        schema = _value_schema(node)
    else:  # pragma: no cover - every node kind above
        schema = {}
    if node.sv or node.en:
        schema["description"] = _describe(node)
    return schema


def json_schema() -> dict[str, Any]:
    """A JSON Schema (draft 2020-12) of a profile file, for editors and other tools."""
    return {"$schema": "https://json-schema.org/draft/2020-12/schema", "$id": SCHEMA_ID,
            "title": "socinv profile", **_schema(PROFILE)}


# -- markdown --------------------------------------------------------------------------------


def type_text(node: Node) -> str:
    """A node's type in a few words, for the reference tables."""
    if isinstance(node, Map):
        return "samling / mapping" + (" (eller `true`)" if node.shorthand else "") + (
            " (eller text | `{sv, en}` = `name`)" if node.texts_shorthand else "")
    if isinstance(node, Seq):
        return f"lista / list av {type_text(node.item)}" + (
            f", minst {node.min_items}" if node.min_items else "")
    assert isinstance(node, Value)
    kind = node.type
    if kind == "enum":
        return " | ".join(f"`{choice}`" for choice in node.choices)
    words = {"texts": "text | `{sv, en}`", "mmdd": "`MM-DD`", "field": "fältsökväg / field path",
             "name": "namn / name", "choices": "lista | `{värde: etikett}`", "any": "valfritt",
             "bool": "`true` | `false`"}
    text = words.get(kind, kind)
    if node.minimum is not None or node.maximum is not None:
        low = "" if node.minimum is None else f"{_num(node.minimum)} ≤ "
        high = "" if node.maximum is None else f" ≤ {_num(node.maximum)}"
        text += f" ({low}x{high})"
    return text


def _num(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def rows(node: Node, prefix: str) -> list[tuple[str, Node]]:
    """(dotted key, node) for every key below ``node``; lists as ``key[]``."""
    found: list[tuple[str, Node]] = []
    if isinstance(node, Map):
        entries: list[tuple[str, Node]] = list(node.keys.items())
        if node.values is not None:
            entries.append((node.key_name, node.values))
        for key, sub in entries:
            path = f"{prefix}.{key}" if prefix else key
            found.append((path, sub))
            if not (sub is FIELD or (path.startswith("documents.") and path.count(".") == 1)):
                found += rows(sub, path)
    elif isinstance(node, Seq):
        found += rows(node.item, f"{prefix}[]")
    return found


def _table(entries: list[tuple[str, Node]]) -> list[str]:
    lines = ["| nyckel / key | typ / type | betydelse | meaning |", "| --- | --- | --- | --- |"]
    for path, node in entries:
        lines.append(f"| `{path}` | {_cell(type_text(node))} | {_cell(node.sv)} | "
                     f"{_cell(node.en)} |")
    return lines


def markdown() -> str:
    """``docs/profiles.md``: every key of the profile format, the rules, gates and fields."""
    top = [(path, node) for path, node in rows(PROFILE, "") if not path.startswith("documents.")]
    lines = [
        "# Regelprofiler / Rule profiles",
        "",
        "Genererad ur `socinv/profiles/spec.py` och `socinv/rules/registry.py` med "
        "`socinv profile schema --markdown` – redigera inte för hand.",
        "Generated from `socinv/profiles/spec.py` and `socinv/rules/registry.py` by "
        "`socinv profile schema --markdown` – do not edit by hand.",
        "",
        INTRO,
        "",
        "## Nycklar / Keys",
        "",
        *_table(top),
        "",
        "## Ett dokument / A document: `documents.DOC`",
        "",
        "`DOC` är / is " + ", ".join(f"`{name}`" for name in AUTHORED) + ".",
        "",
        *_table([(path, node) for path, node in rows(DOCUMENT, "documents.DOC")
                 if not path.startswith("documents.DOC.rules.")]),
        "",
        "## Fält / Fields: `documents.DOC.fields.PATH`",
        "",
        FIELDS_INTRO,
        "",
        *_table(rows(FIELD, "PATH")),
        "",
        "Typer för egna fält / types of added fields: "
        + ", ".join(f"`{name}`" for name in FIELD_TYPES) + ".",
        "",
        "## Regler / Rules: `documents.DOC.rules.RULE`",
        "",
        RULES_INTRO,
    ]
    for name, rule in RULES.items():
        lines += ["", f"### `{name}`", "", f"{rule.sv}", "", f"*{rule.en}*", "",
                  "Dokument / documents: " + ", ".join(f"`{doc}`" for doc in rule.documents)
                  + "."]
        params = rows(rule.params, name)
        if params:
            lines += ["", *_table(params)]
        else:
            lines += ["", "Inga parametrar (`{}` eller `true`). / No parameters."]
        if rule.params.required:
            lines += ["", "Krävs / required: " + ", ".join(f"`{key}`"
                                                          for key in rule.params.required) + "."]
    lines += ["", "## Grindar / Gates: `transitions[].gates[]`", "",
              "Varje grind är en nyckel: värde. / Each gate is one key: value.", "",
              "| grind / gate | argument | betydelse | meaning |", "| --- | --- | --- | --- |"]
    for name, gate in GATE_SPECS.items():
        lines.append(f"| `{name}` | {_cell(type_text(gate.argument))} | {_cell(gate.sv)} | "
                     f"{_cell(gate.en)} |")
    lines += ["", "## Innehållsmodellens fält / The content model's fields", "",
              "Sökvägarna som `fields` kan nämna, per dokument (utan profilens egna fält). / "
              "The paths `fields` may name, per document (before a profile's own fields).",
              ""]
    for doc_type in AUTHORED:
        paths = ", ".join(f"`{path}` ({_kind(item.kind, item.choices)})"
                          for path, item in field_paths(DOCUMENTS[doc_type]))
        lines += [f"**{doc_type}**: {paths}", ""]
    lines += ["## Exempel: en tredje profil / Example: a third profile", "", EXAMPLE_INTRO, "",
              "```yaml", EXAMPLE.rstrip(), "```", "", CHECKING]
    return "\n".join(lines).rstrip() + "\n"


def _kind(kind: Kind, choices: tuple[str, ...]) -> str:
    return f"choice: {'/'.join(choices)}" if kind is Kind.CHOICE else kind.value


INTRO = """\
En profil är en YAML-fil: en kommuns eller regions riktlinje som data – steg, grindar,
obligatoriska fält, egna fält, regler och texter. Börja från en inbyggd profil med
`extends: ystad` (eller `heby`, `base`) och skriv bara det som skiljer. Kontrollera
filen med `socinv profile check PROFIL.yaml`; `socinv init --profile PROFIL.yaml`
vägrar en trasig profil och skapar då ingenting. `socinv profile schema` skriver ett
JSON Schema som editorer kan använda.

A profile is a YAML file: a municipality's or region's guideline as data – stages,
gates, required fields, fields of its own, rules and texts. Start from a built-in
profile with `extends: ystad` (or `heby`, `base`) and write only what differs. Check
the file with `socinv profile check PROFILE.yaml`; `socinv init --profile
PROFILE.yaml` refuses a broken profile and then creates nothing. `socinv profile
schema` prints a JSON Schema editors can use."""

FIELDS_INTRO = """\
`PATH` är ett fälts sökväg: `title`, `target_group.description`, `costs[].amount`
(`[]` = varje rad i en lista). Ett fält som inte finns i innehållsmodellen läggs till
när det har `type`; underfält till en egen lista skrivs `PATH[].KEY`. Ett eget fält
kontrolleras, placeras i fynd, visas i YAML- och Word-mallar, läses från Word och
finns för underlagens mallar, precis som de inbyggda.

`PATH` is a field's path: `title`, `target_group.description`, `costs[].amount` (`[]`
= each row of a list). A field not in the content model is added when it has a
`type`; sub-fields of a list of your own are written `PATH[].KEY`. A field of your
own is checked, located in findings, shown in the YAML and Word templates, read back
from Word and available to the papers' templates, just like the built-in ones."""

RULES_INTRO = """\
En regel körs bara när profilen nämner den. En punkt i riktlinjen som inte går att
uttrycka med dessa blir en ny liten regel i `socinv/rules/checks.py` och
`socinv/rules/registry.py` – aldrig ett `if` för en viss kommun.

A rule runs only when the profile names it. A point of a guideline these cannot
express becomes a small new rule in `socinv/rules/checks.py` and
`socinv/rules/registry.py` – never an `if` for one municipality."""

EXAMPLE_INTRO = """\
En regions fond med medfinansiering, beloppstak, egna kriterier och egna fält. Den
bygger på Ystads profil och ändrar bara det som skiljer.

A region's fund with co-financing, amount caps, criteria and fields of its own. It
builds on Ystad's profile and changes only what differs."""

EXAMPLE = """\
socinv_profile: 1
id: region-exempel
extends: ystad
name: {sv: "Region Exempel – sociala investeringar", en: "Region Example – social investments"}
municipality: Region Exempel
source: {sv: "Riktlinje för sociala investeringsmedel (2025)", en: "Guideline (2025)"}

reporting:
  grace_days: 30
  periods:
    - {kind: interim, due: "08-31", label: {sv: "Delårsrapport", en: "Interim report"}}
    - {kind: annual, due: "12-31", label: {sv: "Årsrapport", en: "Annual report"}}

documents:
  idea:
    fields:
      criteria.prevention:
        label: {sv: "Förebyggande", en: "Preventive"}
        question: {sv: "Är insatsen förebyggande?", en: "Is the work preventive?"}
    rules:
      criteria:
        keys: [feasible, real_need, new_methods, several_parties, better_outcome, prevention]

  application:
    fields:
      goal_area:
        type: choice
        required: true
        after: title
        label: {sv: "Målområde", en: "Goal area"}
        question: {sv: "Vilket av regionens målområden bidrar satsningen till?",
                   en: "Which of the region's goal areas does it serve?"}
        choices:
          health: {sv: "God och jämlik hälsa", en: "Good and equal health"}
          work: {sv: "Arbete och utbildning", en: "Work and education"}
      endorsements:
        type: list
        label: {sv: "Parternas ställningstagande", en: "The partners' endorsements"}
      endorsements[].party: {type: text, required: true, label: {sv: "Part", en: "Party"}}
      endorsements[].date: {type: date, label: {sv: "Datum", en: "Date"}}
      co_financing: {required: true}
    rules:
      amount_limits: {max_per_year: 2000000, max_total: 6000000}
      co_financing: {min_share_percent: 30}
      parties:
        requirement: {sv: "minst två nämnder.", en: "at least two committees."}
        alternatives:
          - [{kinds: [committee], min: 2}]

  final_report:
    rules:
      required_if:
        fields:
          - {field: parts_to_implement, when: recommendation, equals: implement_partly}
"""

CHECKING = """\
`socinv profile check region.yaml` säger `Profilen region-exempel är giltig` – eller
listar varje fel med fil, rad, nyckel och ett förslag:

`socinv profile check region.yaml` says the profile is valid – or lists every
problem with file, line, key and a suggestion:

```
Profilen kan inte användas:
  region.yaml:28: documents.application.fields.target_group.descripton: fältet finns
  inte i dokumentet application – menade du "target_group.description"? …
```"""
