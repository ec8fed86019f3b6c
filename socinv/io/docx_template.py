"""Word forms generated from the profile: blank templates, or filled in for ``convert``.

The document follows ``docx_layout``: the municipality and document type in the
page header, the guideline's introduction and a short instruction, then one
heading per field or field group with the guideline's question and guidance in
grey italic, and an answer area — a box for text, a label | answer table for
short fields, a table with a header row for list fields.

Each heading carries a hidden bookmark named after its field, so the reader
finds it again even after the heading is renumbered or restyled. Keys the
content model does not know (a typo in a YAML file) are kept as headings, rows
or columns of their own, so that converting never drops content.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from collections.abc import Collection, Mapping, Sequence
from typing import Any

from socinv.i18n import Lang, pick
from socinv.io import docx_form as style
from socinv.io.docx_layout import (
    CHECK,
    GUIDANCE_STYLES,
    KEY_BOOKMARK,
    Cell,
    Section,
    Texts,
    bookmark_name,
    document_texts,
    layout,
    with_required,
)
from socinv.model.schema import Field, Kind
from socinv.model.values import BadValue, parse_amount, parse_bool
from socinv.profiles.loader import Profile

BLANK_ROWS = 3
_WEIGHTS = {Kind.TEXT: 3.0, Kind.TEXTS: 3.0, Kind.CHOICE: 2.0, Kind.DATE: 1.6,
            Kind.AMOUNT: 1.6, Kind.BOOL: 2.2, Kind.NUMBER: 1.3, Kind.COUNT: 1.2,
            Kind.YEAR: 1.0}
_YES_NO = {"sv": ("ja", "nej"), "en": ("yes", "no")}
_PAGE = {"sv": ("Sida", "av"), "en": ("Page", "of")}
FACTS = {"sv": "Uppgifter ur ärendet (fylls inte i)",
         "en": "From the case record (not to be filled in)"}


def build_docx(doc_type: str, profile: Profile, lang: Lang,
               data: Mapping[str, Any] | None = None, file_name: str | None = None,
               required: Collection[str] = (),
               facts: Sequence[tuple[str, str]] = ()) -> bytes:
    """A .docx form for ``doc_type``; with ``data`` (plain or typed), filled in.

    ``required``: field paths marked required beyond the profile's own (a report period's
    fields); ``facts``: what the case already records (label, value), shown above the
    first heading, where the reader does not look for answers."""
    writer = _Writer(style.Form(lang), profile, lang)
    writer.document_start(doc_type, file_name or f"{doc_type}.docx", facts)
    data = dict(data or {})
    if doc_type == "report" and isinstance(data.get("period"), str):
        data["period"] = profile.cadence.period_text(data["period"], lang)
    for section in with_required(layout(doc_type, profile), required):
        value = _get(data, section.parts)
        if section.hidden and _blank(value):
            continue
        writer.section(section, data)
    schema = profile.tree(doc_type)
    for key, value in data.items():
        if schema.child(str(key)) is None:
            writer.unknown_section(str(key), value)
    return writer.document.save()


#: a bold 10 pt header's width per character, and a cell's left and right margins (cm)
_CHAR_CM = 0.215
_CELL_MARGINS_CM = 0.45


def _header_width(label: str) -> float:
    """The width a column needs so that no word of its header is broken."""
    longest = max((len(word) for word in label.replace(" *", "*").split()), default=1)
    return longest * _CHAR_CM + _CELL_MARGINS_CM


def column_widths(weights: list[float], least: list[float],
                  total: float = style.TEXT_WIDTH_CM) -> list[float]:
    """Widths in proportion to ``weights``, none below its ``least``, summing to ``total``.

    A column too narrow for its longest header word gets that width and the others share
    what is left; when the least widths alone exceed ``total`` they are scaled down.
    """
    if sum(least) >= total:
        return [total * width / sum(least) for width in least]
    fixed: dict[int, float] = {}
    while True:
        free = [index for index in range(len(weights)) if index not in fixed]
        room = total - sum(fixed.values())
        share = sum(weights[index] for index in free)
        widths = {index: room * weights[index] / share for index in free}
        narrow = [index for index in free if widths[index] < least[index]]
        if not narrow:
            break
        for index in narrow:
            fixed[index] = least[index]
    return [fixed.get(index, widths.get(index, 0.0)) for index in range(len(weights))]


def _get(data: Mapping[str, Any], parts: tuple[str, ...]) -> Any:
    value: Any = data
    for part in parts:
        if not isinstance(value, Mapping):
            return None
        value = value.get(part)
    return value


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, Mapping | list) and not value)


def scalar_text(field: Field | None, raw: Any, profile: Profile, lang: Lang) -> str:
    """How a value is written into Word: choices as their label, yes/no, grouped kronor."""
    if raw is None:
        return ""
    if isinstance(raw, Mapping | list):
        return json.dumps(raw, ensure_ascii=False, default=str)
    if isinstance(raw, bool):
        return _YES_NO[lang][0 if raw else 1]
    if isinstance(raw, dt.date):
        return raw.isoformat()
    text = str(raw)
    kind = field.kind if field else Kind.TEXT
    if kind is Kind.CHOICE and field and text.strip() in field.choices:
        return profile.choice_label(text.strip(), lang)
    try:
        if kind is Kind.BOOL:
            return _YES_NO[lang][0 if parse_bool(text) else 1]
        if kind is Kind.AMOUNT:
            return f"{parse_amount(text):,}".replace(",", "\u00a0")
    except BadValue:
        pass
    return text


def cell_lines(field: Field | None, raw: Any, profile: Profile, lang: Lang) -> list[str]:
    """The paragraphs a value fills; a list of texts is one line per item."""
    if raw is None:
        return []
    if field is not None and field.kind is Kind.TEXTS and isinstance(raw, list):
        lines = [line for item in raw
                 for line in style.clean(scalar_text(None, item, profile, lang)).split("\n")]
        if len(lines) == 1 and ";" in lines[0]:
            lines[0] += "\n"  # a line break keeps one item with ";" from being split on reading
        return lines
    text = style.clean(scalar_text(field, raw, profile, lang))
    if field is not None and field.kind is not Kind.TEXT:
        return [text]  # one paragraph: a line end in it is a line break
    # a Word paragraph for each paragraph (a blank line apart); a line end within one is
    # a line break in its paragraph
    return [part for part in re.split(r"\n\s*\n", text) if part.strip()] or [""]


class _Writer:
    """Lays a form out: which heading, guidance, box, row and table, in what order; the
    ``document`` (``docx_form.Form``) writes them."""

    def __init__(self, document: Any, profile: Profile, lang: Lang) -> None:
        self.document = document
        self.profile = profile
        self.lang = lang
        self.guidance_style = GUIDANCE_STYLES[lang]
        self.bookmarks = 0

    def document_start(self, doc_type: str, file_name: str,
                       facts: Sequence[tuple[str, str]] = ()) -> None:
        doc = self.profile.document(doc_type)
        title = pick(doc.label, self.lang) or doc_type
        owner = self.profile.municipality or pick(self.profile.name, self.lang)
        self.document.header_footer(owner, title, _PAGE[self.lang])
        self._add(style.clean(title), "Title")
        subtitle = pick(self.profile.name, self.lang) or owner
        self._add(style.clean(subtitle), "Subtitle")
        *intro, instruction = document_texts(doc_type, self.profile, self.lang)
        for text in intro:
            self._add(style.clean(text), self.guidance_style)
        note = self.document.table(1, [style.TEXT_WIDTH_CM])
        cell = note.cell(0, 0)
        self.document.shade(cell, style.NOTE_FILL)
        self.document.fill(cell, [instruction, CHECK[self.lang].format(file=file_name)],
                           self.guidance_style)
        if facts:
            self.facts(facts)
        self.document.properties(f"{title} – {owner}", subtitle, f"socinv:{doc_type}")

    def facts(self, facts: Sequence[tuple[str, str]]) -> None:
        """What the case records, as a label | value table under its own caption."""
        self.document.spacer()
        self._add(style.clean(FACTS[self.lang]), style.TABLE_STYLE, bold=True)
        grid = self.document.table(len(facts), [5.6, style.TEXT_WIDTH_CM - 5.6])
        for row, (label, value) in zip(grid.rows, facts, strict=True):
            label_cell, value_cell = row.cells
            self.document.shade(label_cell, style.NOTE_FILL)
            self.document.shade(value_cell, style.NOTE_FILL)
            self.document.fill(label_cell, [label], style.TABLE_STYLE)
            self.document.fill(value_cell, value.split("\n"), style.TABLE_STYLE)

    def section(self, section: Section, data: Mapping[str, Any]) -> None:
        self.heading(pick(section.label, self.lang), section.level, section.required,
                     bookmark_name(section.path))
        for texts in section.guidance:
            self.guidance(texts)
        value = _get(data, section.parts)
        if section.text is not None:
            raw = _get(data, section.text)
            short = section.text_field is not None and section.text_field.kind is not Kind.TEXT
            self.box(cell_lines(section.text_field, raw, self.profile, self.lang),
                     0.9 if short else 1.6)
        if section.field.kind is Kind.GROUP:
            self.rows(section, value if isinstance(value, Mapping) else {})
        if section.columns:
            self.grid(section, value)

    def heading(self, text: str, level: int, required: bool, name: str) -> None:
        self.bookmarks += 1
        paragraph = self.document.heading(text, level, self.bookmarks, name)
        if required:
            self.document.mark(paragraph)

    def guidance(self, texts: Texts) -> None:
        self._add(style.clean(pick(texts, self.lang)), self.guidance_style)

    def box(self, lines: list[str], height: float) -> None:
        grid = self.document.table(1, [style.TEXT_WIDTH_CM])
        self.document.min_height(grid.rows[0], height)
        self.document.fill(grid.cell(0, 0), lines, "Normal")
        self.document.spacer()

    def rows(self, section: Section, group: Mapping[str, Any]) -> None:
        known = {sub.key for sub in section.field.fields}
        rows: list[tuple[str, list[str], bool, list[str]]] = []
        for cell in section.rows:
            if cell.hidden and group.get(cell.key) is None:
                continue
            hints = [pick(hint, self.lang) for hint in cell.hints]
            rows.append((pick(cell.label, self.lang), hints, cell.required,
                         cell_lines(cell.field, group.get(cell.key), self.profile, self.lang)))
        for key, value in group.items():
            if str(key) not in known:
                rows.append((str(key), [], False, cell_lines(None, value, self.profile,
                                                             self.lang)))
        if not rows:
            return
        document = self.document
        grid = document.table(len(rows), [5.6, style.TEXT_WIDTH_CM - 5.6])
        for row, (label, hints, required, lines) in zip(grid.rows, rows, strict=True):
            label_cell, value_cell = row.cells
            document.shade(label_cell, style.LABEL_FILL)
            document.fill(label_cell, [label], style.TABLE_STYLE)
            if required:
                document.mark(label_cell.paragraphs[0])
            for hint in hints:
                document.paragraph(label_cell, style.clean(hint), self.guidance_style)
            document.fill(value_cell, lines, style.TABLE_STYLE)
            document.min_height(row, 0.75, whole=True)
        document.spacer()

    def grid(self, section: Section, value: Any) -> None:
        items = [item for item in value] if isinstance(value, list) else []
        columns: list[Cell | str] = [
            column for column in section.columns
            if not column.hidden or any(isinstance(item, Mapping) and
                                        item.get(column.key) is not None for item in items)]
        known = {column.key for column in section.columns}
        for item in items:
            if isinstance(item, Mapping):
                columns += [str(key) for key in item
                            if str(key) not in known and str(key) not in columns]
        weights = [_WEIGHTS.get(c.field.kind, 2.0) if isinstance(c, Cell) else 2.0
                   for c in columns]
        labels = [(pick(c.label, self.lang) + (" *" if c.required else "")
                   if isinstance(c, Cell) else c) for c in columns]
        widths = column_widths(weights, [_header_width(label) for label in labels])
        document = self.document
        grid = document.table(1 + (len(items) or BLANK_ROWS), widths, header=True)
        for cell, column in zip(grid.rows[0].cells, columns, strict=True):
            label = pick(column.label, self.lang) if isinstance(column, Cell) else column
            document.fill(cell, [label], style.TABLE_STYLE, bold=True)
            if isinstance(column, Cell) and column.required:
                document.mark(cell.paragraphs[0])
        for row, item in zip(grid.rows[1:], items, strict=False):
            values = item if isinstance(item, Mapping) else {}
            for cell, column in zip(row.cells, columns, strict=True):
                key, field = (column.key, column.field) if isinstance(column, Cell) else (
                    column, None)
                document.fill(cell, cell_lines(field, values.get(key), self.profile,
                                               self.lang), style.TABLE_STYLE)
        # a row to sign in is high enough for a handwritten signature
        height = 1.3 if any(isinstance(c, Cell) and c.key == "signature" for c in columns) \
            else 0.75
        for row in grid.rows[1:]:
            document.min_height(row, height, whole=True)
        document.spacer()

    def unknown_section(self, key: str, value: Any) -> None:
        self.bookmarks += 1
        self.heading(key, 1, False, f"{KEY_BOOKMARK}{self.bookmarks}")
        self.box(cell_lines(None, value, self.profile, self.lang), 1.2)

    def _add(self, text: str, style_name: str, bold: bool = False) -> Any:
        return self.document.paragraph(None, text, style_name, bold)
