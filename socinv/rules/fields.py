"""Walk a document against the content model: types, required fields, unknown keys.

The walk turns the text people wrote into the typed model (ints, dates, bools)
and reports, with the place, every field that is missing, still template
text, of the wrong type, or unknown. Rules that relate fields to each other run
afterwards on the typed model (``checks.py``).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any, Protocol

from socinv.i18n import pick
from socinv.model.schema import Field, Kind
from socinv.model.values import (
    BadValue,
    choice_key,
    parse_amount,
    parse_bool,
    parse_count,
    parse_date,
    parse_datetime,
    parse_number,
    parse_signed_amount,
    parse_year,
)
from socinv.profiles.loader import DocProfile, Profile
from socinv.rules.findings import Finding, Param, Severity, make

Path_ = tuple[str | int, ...]


class Locator(Protocol):
    def locate(self, path: Path_) -> tuple[tuple[int, int] | None, str | None]:
        """(line, column) in a YAML file, or a place ("heading › table row") in Word."""


def dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


def model_path(path: Path_) -> str:
    out = ""
    for part in path:
        out += "[]" if isinstance(part, int) else (f".{part}" if out else part)
    return out


@dataclass
class Checker:
    """Everything a check needs: where to report, the profile, the locator."""

    file: str
    profile: Profile
    doc: DocProfile
    locator: Locator
    findings: list[Finding] = field(default_factory=list)
    #: list path → source row of each typed item (blank or broken rows are left out
    #: of the model, so a check's index must be mapped back to the row people see)
    rows: dict[Path_, list[int]] = field(default_factory=dict)
    #: dotted paths whose value was present but could not be read
    invalid: set[str] = field(default_factory=set)
    #: during the walk paths are already the document's; afterwards checks use typed indices
    walking: bool = True

    def source(self, path: Path_) -> Path_:
        """``path`` with typed-list indices turned into the document's row numbers."""
        out: list[str | int] = []
        for part in path:
            if isinstance(part, int):
                rows = self.rows.get(tuple(out))
                part = rows[part] if rows is not None and part < len(rows) else part
            out.append(part)
        return tuple(out)

    def add(self, code: str, path: Path_, severity: Severity | None = None,
            **params: Param) -> None:
        if not self.walking:
            path = self.source(path)
        pos, place = self.locator.locate(path)
        finding = make(self.file, code, dotted(path), pos, severity, **params)
        if place is not None:
            finding = Finding(**{**finding.__dict__, "place": place})
        self.findings.append(finding)

    def add_source(self, code: str, path: Path_, **params: Param) -> None:
        """A finding at a path of the document as written (no typed-list mapping)."""
        walking, self.walking = self.walking, True
        try:
            self.add(code, path, None, **params)
        finally:
            self.walking = walking

    def has_invalid(self, path: Path_) -> bool:
        """Whether a value at or below ``path`` (typed indices) was present but unreadable."""
        prefix = dotted(self.source(path))
        return any(item == prefix or item.startswith((prefix + ".", prefix + "["))
                   for item in self.invalid)

    def label(self, path: Path_ | str) -> dict[str, str]:
        key = path if isinstance(path, str) else model_path(path)
        text = self.doc.fields.get(key)
        if text and text.label:
            return text.label
        return {"sv": key, "en": key}

    def is_template_text(self, value: str) -> bool:
        texts, longest = _template_texts(self.doc, self.profile.placeholders)
        stripped = value.strip()
        if stripped[:1] in "<[" and stripped[-1:] in ">]":
            return True
        if len(stripped) > longest:  # longer than any template text: a real answer
            return False
        return _normal(value) in texts


def _normal(text: str) -> str:
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


@cache
def _template_texts(doc: DocProfile, placeholders: tuple[str, ...]
                    ) -> tuple[frozenset[str], int]:
    """Normalised template texts and the length of the longest raw one (a fast bound)."""
    raw = list(placeholders)
    for spec in doc.fields.values():
        for texts in (spec.question, spec.guidance):
            raw.extend(texts.values())
    found = {_normal(text) for text in raw} - {""}
    return frozenset(found), max((len(text) + 16 for text in raw), default=0)


_PARSERS: dict[Kind, Callable[[object], Any]] = {
    Kind.AMOUNT: parse_amount,
    Kind.SIGNED: parse_signed_amount,
    Kind.COUNT: parse_count,
    Kind.NUMBER: parse_number,
    Kind.DATE: parse_date,
    Kind.DATETIME: parse_datetime,
    Kind.YEAR: parse_year,
    Kind.BOOL: parse_bool,
}


def _kind_of(value: Any) -> dict[str, str]:
    if isinstance(value, dict):
        return {"sv": "en grupp av fält", "en": "a group of fields"}
    if isinstance(value, list):
        return {"sv": "en lista", "en": "a list"}
    return {"sv": f"\"{str(value)[:40]}\"", "en": f"\"{str(value)[:40]}\""}


def is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, dict):
        return all(is_empty(item) for item in value.values())
    if isinstance(value, list):
        return all(is_empty(item) for item in value)
    return False


def walk(checker: Checker, schema: Field, data: dict[str, Any]) -> dict[str, Any]:
    """The typed model of ``data`` (a document's top level), reporting as it goes."""
    model = _group(checker, schema, data, ())
    checker.walking = False
    return model


def _group(checker: Checker, schema: Field, raw: Any, path: Path_) -> dict[str, Any]:
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        checker.add("not-a-group", path, label=checker.label(path), found=_kind_of(raw),
                    keys=", ".join(schema.keys))
        raw = {}
    for key in raw:
        if schema.child(key) is None:
            _unknown_key(checker, schema, key, path)
    return {sub.key: _field(checker, sub, raw.get(sub.key), (*path, sub.key))
            for sub in schema.fields}


def _unknown_key(checker: Checker, schema: Field, key: str, path: Path_) -> None:
    close = difflib.get_close_matches(key, schema.keys, n=1, cutoff=0.6)
    suggestion: Param = (
        {"sv": f"Menade du {close[0]}?", "en": f"Did you mean {close[0]}?"} if close
        else {"sv": f"Kända fält här: {', '.join(schema.keys)}.",
              "en": f"Known fields here: {', '.join(schema.keys)}."}
    )
    where: Param = checker.label(path) if path else {"sv": "dokumentet", "en": "the document"}
    checker.add("unknown-key", (*path, key), key=key, where=where, suggestion=suggestion)


def _field(checker: Checker, spec: Field, raw: Any, path: Path_) -> Any:
    text = checker.doc.fields.get(model_path(path))
    required = bool(text and text.required)
    if spec.kind is Kind.GROUP:
        value = _group(checker, spec, raw, path)
        if required and is_empty(value) and is_empty(raw):
            _missing(checker, path)
        return value
    if spec.kind in (Kind.LIST, Kind.TEXTS):
        return _list(checker, spec, raw, path, required, text.min_items if text else 0)
    if spec.kind is Kind.YEAR_AMOUNTS:
        return _year_amounts(checker, raw, path)
    return _scalar(checker, spec, raw, path, required)


def _missing(checker: Checker, path: Path_) -> None:
    text = checker.doc.fields.get(model_path(path))
    question = text.question if text else {}
    where = dotted(path)
    hint: Param = (
        {"sv": f"Svara på: {question.get('sv', '')}",
         "en": f"Answer: {question.get('en') or question.get('sv', '')}"} if question else
        {"sv": f"Fyll i {where}.", "en": f"Fill in {where}."}  # no question: say which key
    )
    checker.add("missing", path, label=checker.label(path), hint=hint)


def _list(checker: Checker, spec: Field, raw: Any, path: Path_, required: bool,
          min_items: int) -> list[Any]:
    if raw is None:
        raw = []
    if isinstance(raw, str) and spec.kind is Kind.TEXTS:
        raw = [raw]
    if not isinstance(raw, list):
        checker.add("not-a-list", path, label=checker.label(path), found=_kind_of(raw))
        return []
    values: list[Any] = []
    rows: list[int] = []
    for index, item in enumerate(raw):
        if is_empty(item):
            continue
        item_path = (*path, index)
        if spec.kind is Kind.TEXTS:
            if isinstance(item, dict | list):
                checker.add("not-text", item_path, label=checker.label(path),
                            found=_kind_of(item))
            elif not checker.is_template_text(str(item)):
                values.append(str(item).strip())
                rows.append(index)
            continue
        if not isinstance(item, dict):
            checker.add("not-a-group", item_path, label=checker.label(path),
                        found=_kind_of(item), keys=", ".join(spec.keys))
            continue
        values.append(_group(checker, spec, item, item_path))
        rows.append(index)
    checker.rows[path] = rows
    if required and not values:
        _missing(checker, path)
    elif values and len(values) < min_items:
        checker.add("too-few-items", path, label=checker.label(path), count=len(values),
                    min=min_items)
    return values


def _year_amounts(checker: Checker, raw: Any, path: Path_) -> dict[int, int]:
    if raw is None:
        return {}
    if not isinstance(raw, dict):
        checker.add("not-a-group", path, label=checker.label(path), found=_kind_of(raw),
                    keys={"sv": "ÅÅÅÅ: belopp", "en": "YYYY: amount"})
        return {}
    result: dict[int, int] = {}
    for key, value in raw.items():
        item_path = (*path, key)
        try:
            year = parse_year(key)
        except BadValue as error:
            checker.add(error.code, item_path, label=checker.label(path), value=key)
            continue
        try:
            result[year] = parse_amount(value)
        except BadValue as error:
            checker.add(error.code, item_path, label=checker.label(path), value=str(value))
    return result


_BLANK_LINES = re.compile(r"\n\s*\n")


def _scalar(checker: Checker, spec: Field, raw: Any, path: Path_, required: bool) -> Any:
    if isinstance(raw, dict | list):
        code = "not-text" if spec.kind is Kind.TEXT else "not-an-amount"
        checker.add(code, path, label=checker.label(path), found=_kind_of(raw),
                    value="…")
        return None
    if is_empty(raw):
        if required:
            _missing(checker, path)
        return None
    text = str(raw).strip()
    if spec.kind is Kind.TEXT:
        text = _BLANK_LINES.sub("\n\n", text)  # one blank line between paragraphs
        if checker.is_template_text(text):
            checker.add("template-text", path, None if required else "warning",
                        label=checker.label(path))
            return None
        return text
    if spec.kind is Kind.CHOICE:
        if text in spec.choices:
            return text
        labels = checker.profile.choice_labels
        key = choice_key(text, spec.choices, labels)
        if key is not None:  # "nämnd" or "committee": the model holds the key
            return key
        words = {str(word): choice for choice in spec.choices
                 for word in (*(labels.get(choice) or {}).values(), choice)}
        close = difflib.get_close_matches(text, list(words), n=1, cutoff=0.5)
        checker.add("invalid-choice", path, label=checker.label(path), value=text,
                    choices={lang: ", ".join(
                        f"{choice} ({pick(labels[choice], 'sv')})"
                        if lang == "sv" and choice in labels else choice
                        for choice in spec.choices) for lang in ("sv", "en")},
                    suggestion={"sv": f" Menade du {close[0]}?", "en": f" Did you mean {close[0]}?"}
                    if close else "")
        return None
    try:
        return _PARSERS[spec.kind](text)
    except BadValue as error:
        checker.add(error.code, path, label=checker.label(path), value=text)
        checker.invalid.add(dotted(path))
        return None
