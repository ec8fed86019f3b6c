"""A document's content as YAML in the layout of socinv's YAML templates (for ``convert``).

The same comments as ``socinv new`` writes (label, question, guidance), the same
key order, and the content filled in: values the content model can read are
written in their plain form (``1 450 000 kr`` → ``1450000``, ``1 januari 2027``
→ ``2027-01-01``, ``ja`` → ``true``); anything it cannot read stays as it was
written, so that ``validate`` reports the same finding. Long texts become block
scalars; keys the content model does not know are kept at the end of their
group. Reading the result back gives the same model.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import textwrap
from collections.abc import Mapping
from typing import Any

from socinv.i18n import Lang
from socinv.io.yaml_template import _describe, _hidden, header_lines
from socinv.model.schema import Field, Kind
from socinv.model.values import (
    BadValue,
    choice_key,
    parse_amount,
    parse_bool,
    parse_count,
    parse_date,
    parse_number,
    parse_year,
)
from socinv.profiles.loader import DocProfile, Profile

WIDTH = 88
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_YAML_WORDS = frozenset({"true", "false", "yes", "no", "on", "off", "null", "y", "n", "~"})
#: characters YAML does not allow as they are, or reads as line breaks, in quoted text
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff\ud800-\udfff]")


def render_yaml(doc_type: str, profile: Profile, lang: Lang, file_name: str,
                data: Mapping[str, Any]) -> str:
    doc = profile.document(doc_type)
    lines = header_lines(doc, profile, lang, file_name)
    emitter = _Emitter(doc, profile, lang)
    lines += emitter.fields(profile.tree(doc_type), data, "", "", comments=True)
    return "\n".join(lines).rstrip() + "\n"


def normalise(field: Field, raw: Any) -> Any:
    """The plain form of a value the content model can read; anything else unchanged."""
    if raw is None or isinstance(raw, Mapping | list) or field.kind in (Kind.TEXT, Kind.CHOICE):
        return raw
    text = str(raw).strip()
    try:
        if field.kind is Kind.AMOUNT:
            return parse_amount(text)
        if field.kind is Kind.COUNT:
            return parse_count(text)
        if field.kind is Kind.NUMBER:
            number = parse_number(text)
            return int(number) if number.is_integer() and re.fullmatch(r"\d+", text) else number
        if field.kind is Kind.DATE:
            return parse_date(text).isoformat()
        if field.kind is Kind.YEAR:
            return parse_year(text)
        if field.kind is Kind.BOOL:
            return parse_bool(text)
    except BadValue:
        pass
    return raw


def quoted(value: Any) -> str:
    """A one-line YAML scalar: plain where unambiguous, else double-quoted and escaped."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value) if isinstance(value, float) else str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if _plain_ok(text):
        return text
    return _json(text)


def _plain_ok(text: str) -> bool:
    """Text YAML reads back unchanged without quotes (a plain scalar in block context)."""
    if _DATE.fullmatch(text):
        return True
    return (bool(text) and text[0].isalpha() and text == text.strip()
            and text.lower() not in _YAML_WORDS and not _UNSAFE.search(text)
            and not any(mark in text for mark in (": ", " #", "\n", "\t", "  "))
            and not text.endswith(":"))


def _json(text: str) -> str:
    return _UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", json.dumps(text, ensure_ascii=False))


def _block(text: str, indent: str) -> list[str] | None:
    """A literal (several lines) or folded (one long line) block for ``text``, if safe."""
    if text != text.strip() or _UNSAFE.search(text):
        return None
    if "\n" in text:
        lines = text.split("\n")
        if any(line != line.rstrip() for line in lines):
            return None
        return ["|-", *(f"{indent}{line}" if line else "" for line in lines)]
    if len(text) + len(indent) <= WIDTH or "  " in text or "\t" in text:
        return None
    wrapped = textwrap.wrap(text, WIDTH - len(indent), break_long_words=False,
                            break_on_hyphens=False)
    if " ".join(wrapped) != text:
        return None
    return [">-", *(f"{indent}{line}" for line in wrapped)]


def scalar_lines(key_text: str, value: Any, content_indent: str) -> list[str]:
    """``key: value`` (or ``- value``), as a block scalar when the text is long."""
    if value is None:
        return [key_text]
    if isinstance(value, str):
        block = _block(value, content_indent)
        if block is not None:
            return [f"{key_text} {block[0]}", *block[1:]]
    return [f"{key_text} {quoted(value)}"]


class _Emitter:
    def __init__(self, doc: DocProfile, profile: Profile, lang: Lang) -> None:
        self.doc = doc
        self.profile = profile
        self.lang = lang

    def fields(self, schema: Field, data: Any, prefix: str, indent: str,
               comments: bool) -> list[str]:
        data = data if isinstance(data, Mapping) else {}
        lines: list[str] = []
        for field in schema.fields:
            path = f"{prefix}{field.key}"
            value = data.get(field.key)
            if _hidden(self.doc, path, field) and value in (None, {}, []):
                continue
            if comments:
                lines += _describe(self.doc, self.profile, path, field, self.lang, indent)
            lines += self.field(field, value, path, indent)
            if comments and not indent:
                lines.append("")
        for key, value in data.items():
            if schema.child(str(key)) is None:
                lines += self.anything(str(key), value, indent)
        return lines

    def field(self, field: Field, value: Any, path: str, indent: str) -> list[str]:
        key = f"{indent}{_key(field.key)}:"
        if field.kind is Kind.GROUP and (value is None or isinstance(value, Mapping)):
            return [key, *self.fields(field, value, path + ".", indent + "  ", True)]
        if field.kind is Kind.LIST and (value is None or isinstance(value, list)):
            lines = [key]
            for row in value or [{}]:
                if isinstance(row, Mapping):
                    item = self.fields(field, row, path + "[].", indent + "    ", False)
                    item = item or [f"{indent}    {{}}"]
                    item[0] = f"{indent}  - {item[0].lstrip()}"
                    lines += item
                else:
                    lines += scalar_lines(f"{indent}  -", row, indent + "    ")
            return lines
        if field.kind is Kind.TEXTS and (value is None or isinstance(value, list)):
            items = value or [None]
            return [key, *(line for item in items
                           for line in scalar_lines(f"{indent}  -", item, indent + "    "))]
        if isinstance(value, Mapping | list):
            return self.anything(field.key, value, indent)
        if field.kind is Kind.CHOICE and isinstance(value, str):  # a label → its key
            value = choice_key(value, field.choices, self.profile.choice_labels) or value
        return scalar_lines(key, normalise(field, value), indent + "  ")

    def anything(self, key: str, value: Any, indent: str) -> list[str]:
        """Any plain data under ``key`` (for keys the content model does not know)."""
        head = f"{indent}{_key(key)}:"
        if isinstance(value, Mapping):
            if not value:
                return [f"{head} {{}}"]
            return [head, *(line for sub, item in value.items()
                            for line in self.anything(str(sub), item, indent + "  "))]
        if isinstance(value, list):
            if not value:
                return [f"{head} []"]
            lines = [head]
            for item in value:
                if isinstance(item, Mapping) and item:
                    inner = [line for sub, part in item.items()
                             for line in self.anything(str(sub), part, indent + "    ")]
                    inner[0] = f"{indent}  - {inner[0].lstrip()}"
                    lines += inner
                elif isinstance(item, Mapping | list):
                    lines.append(f"{indent}  - {'{}' if isinstance(item, Mapping) else '[]'}")
                else:
                    lines += scalar_lines(f"{indent}  -", item, indent + "    ")
            return lines
        return scalar_lines(head, value, indent + "  ")


def _key(key: str) -> str:
    if re.fullmatch(r"[A-Za-z_][\w-]*", key) and key.lower() not in _YAML_WORDS:
        return key
    return _json(key)
