"""Reading a filled-in Word form into the plain data the YAML reader produces.

The body is cut into sections at the template's headings. A heading is found
by its hidden bookmark, or by its wording in Swedish or English (or the field's
key) with numbering, "*", case and punctuation ignored, so renumbered and
restyled headings still count; a heading the template does not have is read as
part of the answer above it. Under a heading:

* paragraphs and answer boxes are the answer text — bullets become "- " lines;
  the template's grey guidance left in place is not an answer;
* a label | answer table fills the group's short fields by their labels;
* a list table fills one item per row, columns found by their header, rows
  added or removed as people like; an empty row is an empty item.

Values stay text ("1 450 000 kr", "1 januari 2027"); the content model parses
them, exactly as for YAML. Choices may be written as their label ("nämnd"), a report's
period as the form writes it ("Årsbokslut (per 31 december 2026)", or "Årsbokslut 2026").
"""

from __future__ import annotations

import difflib
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from socinv.i18n import LANGS, pick
from socinv.io.docx_body import MAX_BLOCKS, Body, Para, Table, TooManyBlocks, open_document
from socinv.io.docx_layout import (
    BOOKMARK,
    GUIDANCE_STYLES,
    KEY_BOOKMARK,
    Cell,
    Section,
    bookmark_name,
    heading_key,
    layout,
    normal,
    template_texts,
)
from socinv.io.docx_places import DocxLocator
from socinv.io.errors import UnreadableFile
from socinv.model.schema import Field, Kind
from socinv.profiles.loader import Profile

Parts = tuple[str | int, ...]
_IDENTIFIER = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")
_GUIDANCE_NAMES = frozenset(name.lower() for name in GUIDANCE_STYLES.values())


@dataclass
class DocxDoc:
    """A Word document read: its data and where each field was."""

    data: dict[str, Any]
    locator: DocxLocator


@dataclass
class _Found:
    """A section of the document: its layout (or an unknown key), heading and blocks."""

    spec: Section | None
    key: str | None
    heading: str
    blocks: list[Para | Table] = field(default_factory=list)


def read_docx(path: Path, doc_type: str, profile: Profile) -> DocxDoc:
    try:
        body = Body(open_document(path))
    except TooManyBlocks:
        raise UnreadableFile(path, "document-too-long", limit=MAX_BLOCKS) from None
    return _Reader(doc_type, profile).read(path, body)


class _Reader:
    def __init__(self, doc_type: str, profile: Profile) -> None:
        self.doc_type = doc_type
        self.profile = profile
        self.sections = layout(doc_type, profile)
        self.order = {section.parts: number for number, section in enumerate(self.sections)}
        self.by_bookmark = {bookmark_name(section.path): section for section in self.sections}
        self.index: dict[str, list[Section]] = {}
        for section in self.sections:
            for key in _keys(section.label, section.parts):
                bucket = self.index.setdefault(key, [])
                if section not in bucket:
                    bucket.append(section)
        self.guidance = template_texts(doc_type, profile)
        self.votes = dict.fromkeys(LANGS, 0)
        self.data: dict[str, Any] = {}
        self.locator = DocxLocator(profile.language)

    # --- sections ---------------------------------------------------------------------
    def read(self, path: Path, body: Body) -> DocxDoc:
        found = list(self._sections(body))
        if not any(item.spec is not None for item in found):
            label = self.profile.document(self.doc_type).label
            raise UnreadableFile(path, "not-a-socinv-document",
                                 doc=dict(label) if label else self.doc_type)
        self.locator.lang = max(LANGS, key=lambda lang: (self.votes[lang],
                                                         lang == self.profile.language))
        for section in self.sections:
            self.locator.labels[section.parts] = pick(section.label, self.locator.lang)
            if section.text:
                self.locator.labels[section.text] = pick(section.label, self.locator.lang)
        for item in found:
            self._fill(item)
        period = self.data.get("period")
        if self.doc_type == "report" and isinstance(period, str):
            # the form writes the period as people say it ("Årsbokslut 2026")
            self.data["period"] = self.profile.cadence.period_name(period) or period
        return DocxDoc(self.data, self.locator)

    def _sections(self, body: Body) -> Iterator[_Found]:
        current: _Found | None = None
        last = -1
        for block in body.blocks:
            if isinstance(block, Para) and self._may_be_heading(block):
                spec, key = self._resolve(block, last)
                if spec is not None or key is not None:
                    if current is not None:
                        yield current
                    current = _Found(spec, key, re.sub(r"\s*\*\s*$", "", block.text.strip()))
                    last = self.order[spec.parts] if spec is not None else last
                    continue
            if current is not None:
                current.blocks.append(block)
        if current is not None:
            yield current

    def _may_be_heading(self, para: Para) -> bool:
        if not para.text.strip() or len(para.text) > 300:
            return False
        return (para.heading or para.bold
                or any(name.startswith((BOOKMARK, KEY_BOOKMARK)) for name in para.bookmarks))

    def _resolve(self, para: Para, last: int) -> tuple[Section | None, str | None]:
        key = heading_key(para.text)
        for name in para.bookmarks:
            marked = self.by_bookmark.get(name)
            if marked is not None and _similar(key, _keys(marked.label, marked.parts)):
                self._vote(marked, key)
                return marked, None
            if name.startswith(KEY_BOOKMARK):
                return None, para.text.strip()
        candidates = self.index.get(key)
        if not candidates and (para.heading or para.bookmarks):
            close = difflib.get_close_matches(key, list(self.index), n=1, cutoff=0.88)
            candidates = self.index[close[0]] if close else None
        if candidates:
            chosen = next((c for c in candidates if self.order[c.parts] > last), candidates[0])
            self._vote(chosen, key)
            return chosen, None
        text = para.text.strip()
        if para.heading and _IDENTIFIER.fullmatch(text) and "_" in text:
            return None, text
        return None, None

    def _vote(self, section: Section, key: str) -> None:
        for lang in LANGS:
            if heading_key(section.label.get(lang, "")) == key:
                self.votes[lang] += 1

    # --- content ----------------------------------------------------------------------
    def _fill(self, item: _Found) -> None:
        lines: list[str] = []
        spec = item.spec
        if spec is None:
            key = item.key or ""
            self.locator.sections.setdefault((key,), item.heading)
            for block in item.blocks:
                lines += self._lines(block)
            self._put((key,), _paragraphs(lines), append=True)
            return
        self.locator.sections.setdefault(spec.parts, item.heading)
        if spec.text:
            self.locator.sections.setdefault(spec.text, item.heading)
        row_base = 0
        for block in item.blocks:
            if isinstance(block, Para):
                lines += self._lines(block)
            elif spec.columns and self._list_table(spec, item.heading, block, row_base):
                row_base = len(_get(self.data, spec.parts) or [])
            elif spec.field.kind is Kind.GROUP and block.width == 2 and self._pairs(
                    spec, item.heading, block):
                continue
            else:
                lines += self._lines(block)
        if spec.text:
            text = _paragraphs(lines)
            if text is not None and spec.text_field is not None and \
                    spec.text_field.kind is Kind.CHOICE:
                text = self._choice(spec.text_field, text)
            self._put(spec.text, text, append=True)
        elif spec.columns and _get(self.data, spec.parts) is None:
            self._put(spec.parts, [])
        elif spec.field.kind is Kind.GROUP and _get(self.data, spec.parts) is None:
            self._put(spec.parts, {})

    def _lines(self, block: Para | Table) -> list[str]:
        if isinstance(block, Para):
            return [] if self._is_guidance(block) else [block.prefix + block.text]
        if block.width == 1:
            return [para.prefix + para.text for row in block.rows for cell in row
                    for para in cell if not self._is_guidance(para)]
        return [" | ".join(_cell_text(self._answer(cell)) or "" for cell in row)
                for row in block.rows]

    def _is_guidance(self, para: Para) -> bool:
        if normal(para.text) not in self.guidance:
            return False
        return para.italic or any(name.lower() in _GUIDANCE_NAMES for name in para.styles)

    def _answer(self, cell: list[Para]) -> list[Para]:
        return [para for para in cell if not self._is_guidance(para)]

    def _pairs(self, spec: Section, heading: str, table: Table) -> bool:
        """A label | answer table: each row fills the field its label names."""
        labels = {key: row for row in spec.rows for key in _keys(row.label, (row.key,))}
        rows = [(self._label(cells[0]), cells[1]) for cells in table.rows if len(cells) >= 2]
        known = [labels.get(heading_key(label)) for label, _ in rows]
        if not any(known) and not all(_IDENTIFIER.fullmatch(label) for label, _ in rows
                                      if label):
            return False
        for (label, cell), row in zip(rows, known, strict=True):
            if row is not None:
                self._vote_cell(row, label)
                self.locator.cells.setdefault(row.parts, f"{heading} › {label.rstrip(' *')}")
                self._put(row.parts, self._value(row.field, cell))
            elif label:
                self.locator.cells.setdefault((*spec.parts, label), f"{heading} › {label}")
                self._put((*spec.parts, label), self._value(None, cell))
        return True

    def _label(self, cell: list[Para]) -> str:
        return next((para.text.strip() for para in self._answer(cell) if para.text.strip()), "")

    def _vote_cell(self, cell: Cell, label: str) -> None:
        for lang in LANGS:
            if heading_key(cell.label.get(lang, "")) == heading_key(label):
                self.votes[lang] += 1

    def _list_table(self, spec: Section, heading: str, table: Table, row_base: int) -> bool:
        """A list table: header row → columns, every further row → one item."""
        if not table.rows:
            return False
        by_key = {key: column for column in spec.columns
                  for key in _keys(column.label, (column.key,))}
        header = [self._label(cell) for cell in table.rows[0]]
        matched: list[Cell | str | None] = [by_key.get(heading_key(text)) or text or None
                                            for text in header]
        rows = table.rows[1:]
        written = [text for text in header if text]  # columns for keys the model does not know
        if not any(isinstance(column, Cell) for column in matched) and not (
                written and all(_IDENTIFIER.fullmatch(text) for text in written)):
            visible = [column for column in spec.columns if not column.hidden]
            if table.width != len(visible):
                return False
            matched, rows = list(visible), table.rows
        items: list[dict[str, Any]] = list(_get(self.data, spec.parts) or [])
        for column, text in zip(matched, header, strict=False):
            if isinstance(column, Cell):
                self.locator.columns.setdefault((spec.parts, column.key), text.rstrip(" *"))
            elif column:
                self.locator.columns.setdefault((spec.parts, column), column)
        for cells in rows:
            entry: dict[str, Any] = {}
            for column, cell in zip(matched, cells, strict=False):
                if isinstance(column, Cell):
                    entry[column.key] = self._value(column.field, cell)
                elif column and (extra := self._value(None, cell)) is not None:
                    entry[column] = extra  # a column the model does not know: only filled cells
            items.append(entry)
        while items and all(value is None for value in items[-1].values()):
            items.pop()
        for number in range(row_base, len(items)):
            self.locator.rows[(spec.parts, number)] = (heading, number + 1)
        self._put(spec.parts, items)
        return True

    def _value(self, field: Field | None, cell: list[Para]) -> Any:
        paras = self._answer(cell)
        if field is not None and field.kind is Kind.TEXTS:
            if len(paras) == 1 and "\n" not in paras[0].text:
                pieces = paras[0].text.split(";")
            else:
                pieces = [line for para in paras for line in para.text.split("\n")]
            items = [piece.strip() for piece in pieces if piece.strip()]
            return items or None
        text = _cell_text(paras)
        if text is not None and field is not None and field.kind is Kind.CHOICE:
            return self._choice(field, text)
        return text

    def _choice(self, field: Field, text: str) -> str:
        stripped = text.strip()
        if stripped in field.choices:
            return stripped
        wanted = normal(stripped)
        for choice in field.choices:
            names = {normal(choice), *(normal(label) for label in
                                       (self.profile.choice_labels.get(choice) or {}).values())}
            if wanted in names:
                return choice
        return text

    def _put(self, parts: tuple[str, ...], value: Any, append: bool = False) -> None:
        target = self.data
        for part in parts[:-1]:
            child = target.get(part)
            if not isinstance(child, dict):
                child = target[part] = {}
            target = child
        old = target.get(parts[-1])
        if append and isinstance(old, str) and isinstance(value, str):
            value = f"{old}\n{value}"
        elif old is not None and value is None:
            return
        target[parts[-1]] = value


def _keys(label: dict[str, str], parts: tuple[str, ...]) -> set[str]:
    keys = {heading_key(text) for text in label.values()}
    keys |= {heading_key(".".join(parts)), heading_key(parts[-1]), normal(".".join(parts))}
    keys.discard("")
    return keys


def _similar(key: str, keys: set[str]) -> bool:
    """A bookmarked heading still names its field (and was not retyped as another one)."""
    return bool(key) and any(
        key == other or key in other or other in key
        or difflib.SequenceMatcher(None, key, other).ratio() >= 0.6 for other in keys)


def _get(data: dict[str, Any], parts: tuple[str, ...]) -> Any:
    value: Any = data
    for part in parts:
        if not isinstance(value, dict):
            return None
        value = value.get(part)
    return value


def _cell_text(paras: list[Para]) -> str | None:
    return _paragraphs([para.prefix + para.text for para in paras])


_LIST_LINE = re.compile(r"^\s*(?:[-*•]|\d{1,3}[.)])\s")


def _paragraphs(lines: list[str]) -> str | None:
    """Word paragraphs as one text: a blank line between paragraphs (as in YAML), one line
    end between the items of a list; empty paragraphs only separate."""
    kept = [line for line in lines if line.strip()]
    if not kept:
        return None
    parts = [kept[0]]
    for before, line in itertools.pairwise(kept):
        both_items = _LIST_LINE.match(before) and _LIST_LINE.match(line)
        parts.append(("\n" if both_items else "\n\n") + line)
    return "".join(parts)
