"""Blank YAML documents generated from the profile, with the guideline as comments.

Every field gets its label (and whether it is required), the question and the
guideline's guidance as comments in the fund's language, then an empty value.
A blank template never validates: its required fields are empty.
"""

from __future__ import annotations

import json
import re
import textwrap
import unicodedata
from collections.abc import Collection, Mapping
from dataclasses import replace
from typing import Any

from socinv.i18n import Lang, pick
from socinv.model.schema import Field, Kind
from socinv.profiles.loader import DocProfile, Profile

WIDTH = 88
_REQUIRED = {"sv": "obligatoriskt", "en": "required"}
_HEADER = {
    "sv": "Fyll i svaren efter kolon. Text som står kvar från mallen räknas som tomt. "
          "Kontrollera med:",
    "en": "Write your answers after the colon. Text left from the template counts as "
          "empty. Check with:",
}


_SPECIAL_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"})
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_INDICATORS = "-?:,[]{}#&*!|>'\"%@`"
_NUMBER_LIKE = re.compile(r"[-+]?(\.?\d[\d_.,:eE+-]*|\d{4}-\d\d-\d\dT.*|\.inf|\.nan)",
                          re.IGNORECASE)


def scalar(value: Any) -> str:
    """A YAML scalar for ``value``: plain where any YAML reader gets the same text back."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    text = str(value)
    if _DATE.fullmatch(text):
        return text  # a date reads back as a date in every YAML tool; a timestamp is quoted
    plain = (text and text == text.strip() and text[0] not in _INDICATORS
             and ": " not in text and " #" not in text and not text.endswith(":")
             and text.lower() not in _SPECIAL_WORDS and not _NUMBER_LIKE.fullmatch(text)
             and text.isprintable() and "\t" not in text)
    if plain:
        return text
    quoted = json.dumps(text, ensure_ascii=False)
    # spaces such as the no-break space in "1 250 000 kr" are written as they are (Python
    # calls them unprintable; YAML reads them fine), so a person reads the same text
    return "".join(char if char.isprintable() or unicodedata.category(char) == "Zs" else
                   f"\\u{ord(char):04x}" if ord(char) <= 0xFFFF else f"\\U{ord(char):08x}"
                   for char in quoted)


def _comment(text: str, indent: str) -> list[str]:
    return [f"{indent}# {line}" for line in textwrap.wrap(
        text, WIDTH - len(indent) - 2, break_on_hyphens=False, break_long_words=False)]


def header_lines(doc: DocProfile, profile: Profile, lang: Lang, file_name: str) -> list[str]:
    """The comment block that opens every YAML document socinv writes."""
    owner = profile.municipality or pick(profile.name, lang)
    lines = _comment(f"{pick(doc.label, lang)} – {owner}", "")
    if doc.intro:
        lines += ["#", *_comment(pick(doc.intro, lang), "")]
    # the command on a line of its own, never wrapped: it can be copied as it stands
    return [*lines, "#", *_comment(_HEADER[lang], ""), f"#   socinv validate {file_name}", ""]


def render_template(doc_type: str, profile: Profile, lang: Lang, file_name: str,
                    prefill: Mapping[str, Any] | None = None,
                    required: Collection[str] = ()) -> str:
    """``required``: field paths marked required beyond the profile's (a period's own)."""
    doc = profile.document(doc_type)
    if required:
        doc = replace(doc, fields={path: replace(text, required=True) if path in required
                                   else text for path, text in doc.fields.items()})
    lines = header_lines(doc, profile, lang, file_name)
    lines += _fields(profile.tree(doc_type), doc, profile, lang, "", "", prefill or {})
    return "\n".join(lines).rstrip() + "\n"


def _fields(schema: Field, doc: DocProfile, profile: Profile, lang: Lang, prefix: str,
            indent: str, prefill: Mapping[str, Any]) -> list[str]:
    lines: list[str] = []
    for field in schema.fields:
        path = f"{prefix}{field.key}"
        if _hidden(doc, path, field):
            continue
        lines += _describe(doc, profile, path, field, lang, indent)
        value = prefill.get(field.key)
        if field.kind is Kind.GROUP:
            lines.append(f"{indent}{field.key}:")
            lines += _fields(field, doc, profile, lang, path + ".", indent + "  ",
                             value if isinstance(value, Mapping) else {})
        elif field.kind is Kind.LIST:
            lines.append(f"{indent}{field.key}:")
            rows = value if isinstance(value, list) and value else [{}]
            for row in rows:
                item = _fields(field, doc, profile, lang, path + "[].", indent + "    ",
                               row)
                item = [line for line in item if not line.lstrip().startswith("#")]
                if item:
                    item[0] = f"{indent}  - {item[0].lstrip()}"
                lines += item
        elif field.kind is Kind.TEXTS:
            lines.append(f"{indent}{field.key}:")
            lines.append(f"{indent}  -")
        else:
            lines.append(f"{indent}{field.key}: {scalar(value)}".rstrip())
        if not indent:
            lines.append("")
    return lines


def _hidden(doc: DocProfile, path: str, field: Field) -> bool:
    """Fields the profile says nothing about (e.g. Heby's idea criteria) stay out."""
    if path in doc.fields:
        return False
    return not any(key.startswith(path + ".") or key.startswith(path + "[]")
                   for key in doc.fields)


def _describe(doc: DocProfile, profile: Profile, path: str, field: Field, lang: Lang,
              indent: str) -> list[str]:
    text = doc.fields.get(path)
    if text is None:
        return []
    label = pick(text.label, lang) or field.key
    if text.required:
        label += f" ({_REQUIRED[lang]})"
    lines = _comment(label.upper() if not indent and field.kind is Kind.GROUP else label, indent)
    for extra in (text.question, text.guidance):
        if extra and pick(extra, lang) != pick(text.label, lang):
            lines += _comment(pick(extra, lang), indent)
    if field.kind is Kind.CHOICE:
        options = ", ".join(f"{choice} ({profile.choice_label(choice, lang)})"
                            for choice in field.choices)
        lines += _comment(("Välj ett av: " if lang == "sv" else "One of: ") + options, indent)
    if field.kind is Kind.LIST:
        sub = [sub for sub in field.fields if f"{path}[].{sub.key}" in doc.fields]
        for item in sub:
            item_text = doc.fields[f"{path}[].{item.key}"]
            note = pick(item_text.label, lang)
            if item.kind is Kind.CHOICE:
                note += ": " + ", ".join(f"{choice} ({profile.choice_label(choice, lang)})"
                                         for choice in item.choices)
            lines += _comment(f"  {item.key}: {note}", indent)
    return lines
