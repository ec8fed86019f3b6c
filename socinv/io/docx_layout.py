"""The shape of a socinv Word document, shared by the writer and the reader.

A document is a list of *sections*, generated from the content model and the
profile, never drawn by hand:

* every top-level field gets a section (heading 1); a group's sub-fields that
  ask a question of their own get sections below it (heading 2);
* a group's short fields (numbers, dates, choices, yes/no, texts without a
  question) are rows of a two-column table (label | answer);
* a list field is a table with one column per item field;
* a group whose label is also the label of one of its text fields (``method``
  and ``method.description``, both "Metod") shows one heading whose answer is
  that text field.

The reader maps a heading back to its section by a hidden bookmark named after
the field, and, if that is gone, by the label in Swedish or English, the key,
with numbering, "*" and case ignored. The same layout is built for a profile
whether or not a field is hidden, so a document always reads back the way it
was written.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass, replace

try:  # hashlib would load OpenSSL: 5 ms, for a hash the standard library has (issue 18)
    from _blake2 import blake2s
except ImportError:  # pragma: no cover - not CPython
    from hashlib import blake2s

from socinv.i18n import LANGS, Lang, pick
from socinv.model.schema import Field, Kind
from socinv.profiles.loader import DocProfile, FieldText, Profile

Texts = dict[str, str]
BOOKMARK = "_socinv_"
KEY_BOOKMARK = "_socinvkey_"
GUIDANCE_STYLES = {"sv": "Vägledning", "en": "Guidance"}
ROW_WORD = {"sv": "rad", "en": "row"}

INSTRUCTION: Texts = {
    "sv": "Så fyller du i mallen: skriv svaren i rutorna och tabellerna under varje rubrik. "
          "Den grå kursiva texten är vägledning och kan stå kvar – den räknas inte som svar. "
          "Rubriker med * är obligatoriska. Lägg till eller ta bort tabellrader efter behov. "
          "Rubrikernas numrering och utseende får ändras, men behåll deras ordalydelse.",
    "en": "How to fill in this form: write your answers in the boxes and tables under each "
          "heading. The grey italic text is guidance and may stay – it does not count as an "
          "answer. Headings marked * are required. Add or remove table rows as needed. You "
          "may renumber or restyle the headings, but keep their wording.",
}
CHECK: Texts = {"sv": "Granska dokumentet med: socinv validate {file}",
                "en": "Check the document with: socinv validate {file}"}
LIST_HINT: Texts = {"sv": "En rad per post; lägg till eller ta bort rader efter behov.",
                    "en": "One row per entry; add or remove rows as needed."}
_BOOL_HINT: Texts = {"sv": "ja eller nej", "en": "yes or no"}
_TEXTS_HINT: Texts = {"sv": "en per rad, eller åtskilda med semikolon",
                      "en": "one per line, or separated by semicolons"}
_DATE_HINT: Texts = {"sv": "ÅÅÅÅ-MM-DD, t.ex. 2027-01-01", "en": "YYYY-MM-DD, e.g. 2027-01-01"}
_CHOICE_HINT: Texts = {"sv": "{options} (skriv ett av dem)", "en": "{options} (write one of them)"}


@dataclass(frozen=True)
class Cell:
    """A row of a label | answer table, or a column of a list table."""

    key: str
    parts: tuple[str, ...]  # from the document's top; list columns: (list..., key)
    field: Field
    label: Texts
    hints: tuple[Texts, ...]
    required: bool
    hidden: bool


@dataclass(frozen=True)
class Section:
    """One heading in the document and what stands under it."""

    parts: tuple[str, ...]
    field: Field
    level: int
    label: Texts
    required: bool
    hidden: bool
    guidance: tuple[Texts, ...]
    #: the field (parts) whose answer is the text under the heading, if any
    text: tuple[str, ...] | None
    text_field: Field | None
    rows: tuple[Cell, ...] = ()
    columns: tuple[Cell, ...] = ()

    @property
    def path(self) -> str:
        return ".".join(self.parts)


def model_path(parts: tuple[str, ...], list_depth: int = 0) -> str:
    """``("costs", "amount")`` with the list at depth 1 → ``costs[].amount``."""
    if list_depth:
        return ".".join(parts[:list_depth]) + "[]." + ".".join(parts[list_depth:])
    return ".".join(parts)


def bookmark_name(path: str) -> str:
    """A short, stable bookmark name for a field (Word allows at most 40 characters)."""
    return BOOKMARK + blake2s(path.encode(), digest_size=5).hexdigest()


def normal(text: str) -> str:
    """Lower case, punctuation as spaces, one space between words."""
    return " ".join(re.sub(r"[^\w\s]", " ", text.lower()).split())


_NUMBERING = re.compile(
    r"^\s*(?:(?:§|punkt|avsnitt|del|section|part)\s*)?"
    r"(?:\d+(?:[.:]\d+)*[.:)]?|[ivxlc]+[.)]|[a-z][.)])\s+", re.IGNORECASE)
_REQUIRED_MARK = re.compile(r"\s*(?:\*|\((?:obligatorisk[t]?|required)\))\s*$", re.IGNORECASE)


def heading_key(text: str) -> str:
    """A heading as the reader compares it: numbering, "*" and case do not matter."""
    text = text.strip()
    for _ in range(3):
        text = _REQUIRED_MARK.sub("", _NUMBERING.sub("", text))
    return normal(text)


def _texts(doc: DocProfile, path: str) -> FieldText:
    return doc.fields.get(path) or FieldText({}, {}, {})


def _label(text: FieldText, key: str) -> Texts:
    return dict(text.label) if text.label else {"sv": key, "en": key}


def _hidden(doc: DocProfile, path: str) -> bool:
    if path in doc.fields:
        return False
    return not any(key.startswith((path + ".", path + "[]")) for key in doc.fields)


def _asks(text: FieldText) -> list[Texts]:
    """The question and guidance, where they say more than the label."""
    found: list[Texts] = []
    for extra in (text.question, text.guidance):
        if extra and any(extra.get(lang) and extra.get(lang) != text.label.get(lang)
                         for lang in LANGS):
            found.append(dict(extra))
    return found


def value_hint(field: Field, profile: Profile) -> Texts | None:
    """How to write a value that is not free text, in both languages."""
    if field.kind is Kind.CHOICE:
        return {lang: _CHOICE_HINT[lang].format(options=", ".join(
            profile.choice_label(choice, lang) for choice in field.choices)) for lang in LANGS}
    if field.kind is Kind.BOOL:
        return dict(_BOOL_HINT)
    if field.kind is Kind.TEXTS:
        return dict(_TEXTS_HINT)
    if field.kind is Kind.DATE:
        return dict(_DATE_HINT)
    return None


def _capital(texts: Texts) -> Texts:
    """A hint shown as a paragraph of its own starts with a capital letter."""
    return {lang: text[:1].upper() + text[1:] for lang, text in texts.items()}


def _lower_first(text: str) -> str:
    """"Ja eller nej" → "ja eller nej", but "ÅÅÅÅ-MM-DD" stays as it is."""
    return text if text[1:2].isupper() else text[:1].lower() + text[1:]


def _short(field: Field, text: FieldText) -> bool:
    if field.kind in (Kind.GROUP, Kind.LIST):
        return False
    return field.kind is not Kind.TEXT or not _asks(text)


def _cell(doc: DocProfile, profile: Profile, field: Field, parts: tuple[str, ...],
          path: str) -> Cell:
    text = _texts(doc, path)
    hints = _asks(text)
    hint = value_hint(field, profile)
    if hint and not (field.kind is Kind.DATE and hints):
        hints.append(hint)
    hints = [_capital(texts) for texts in hints]
    return Cell(field.key, parts, field, _label(text, field.key), tuple(hints), text.required,
                _hidden(doc, path))


def _sections(schema: Field, doc: DocProfile, profile: Profile, prefix: tuple[str, ...],
              level: int) -> list[Section]:
    found: list[Section] = []
    for field in schema.fields:
        parts = (*prefix, field.key)
        path = ".".join(parts)
        text = _texts(doc, path)
        label, hidden = _label(text, field.key), _hidden(doc, path)
        guidance = _asks(text)
        if field.kind is Kind.LIST:
            columns = tuple(_cell(doc, profile, sub, (*parts, sub.key), f"{path}[].{sub.key}")
                            for sub in field.fields)
            for column in columns:
                if column.hints and not column.hidden:
                    guidance += [{lang: f"{pick(column.label, lang)}: "
                                        f"{_lower_first(pick(hint, lang))}"
                                  for lang in LANGS} for hint in column.hints]
            guidance.append(dict(LIST_HINT))
            found.append(Section(parts, field, level, label, text.required, hidden,
                                 tuple(guidance), None, None, columns=columns))
        elif field.kind is Kind.GROUP:
            primary = next((sub for sub in field.fields if sub.kind is Kind.TEXT
                            and _texts(doc, f"{path}.{sub.key}").label == text.label
                            and text.label), None)
            required = text.required
            if primary is not None:
                primary_text = _texts(doc, f"{path}.{primary.key}")
                guidance += [extra for extra in _asks(primary_text) if extra not in guidance]
                required = required or primary_text.required
            rows = tuple(_cell(doc, profile, sub, (*parts, sub.key), f"{path}.{sub.key}")
                         for sub in field.fields if sub is not primary
                         and _short(sub, _texts(doc, f"{path}.{sub.key}")))
            row_keys = {row.key for row in rows}
            required = required or any(row.required for row in rows)
            found.append(Section(parts, field, level, label, required, hidden, tuple(guidance),
                                 (*parts, primary.key) if primary else None, primary, rows=rows))
            rest = Field(field.key, Kind.GROUP, tuple(
                sub for sub in field.fields if sub is not primary and sub.key not in row_keys))
            found += _sections(rest, doc, profile, parts, level + 1)
        else:
            hint = value_hint(field, profile)
            if hint and not (field.kind is Kind.DATE and guidance):
                guidance.append(_capital(hint))
            found.append(Section(parts, field, level, label, text.required, hidden,
                                 tuple(guidance), parts, field))
    return found


def with_required(sections: tuple[Section, ...], paths: Collection[str]
                  ) -> tuple[Section, ...]:
    """``sections`` with the fields at ``paths`` (and the sections holding them) marked
    required, as a report period's own required fields are."""
    if not paths:
        return sections
    wanted = set(paths)
    found: list[Section] = []
    for section in sections:
        rows = tuple(replace(row, required=True) if ".".join(row.parts) in wanted else row
                     for row in section.rows)
        inside = section.path in wanted or (section.text is not None and
                                            ".".join(section.text) in wanted)
        found.append(replace(section, rows=rows, required=section.required or inside or any(
            row.required for row in rows)))
    return tuple(found)


def layout(doc_type: str, profile: Profile) -> tuple[Section, ...]:
    """Every section of ``doc_type`` under ``profile``, hidden ones included, in order."""
    return tuple(_sections(profile.tree(doc_type), profile.document(doc_type), profile, (), 1))


def document_texts(doc_type: str, profile: Profile, lang: Lang) -> list[str]:
    """The paragraphs above the first heading: the guideline's intro and the instruction."""
    intro = pick(profile.document(doc_type).intro, lang)
    return [text for text in (intro, INSTRUCTION[lang]) if text]


def template_texts(doc_type: str, profile: Profile) -> frozenset[str]:
    """Every guidance text the template may hold, normalised, in both languages."""
    found: set[str] = set()
    for section in layout(doc_type, profile):
        for texts in section.guidance:
            found.update(normal(text) for text in texts.values())
        for cell in (*section.rows, *section.columns):
            for texts in cell.hints:
                found.update(normal(text) for text in texts.values())
    for lang in LANGS:
        found.update(normal(text) for text in document_texts(doc_type, profile, lang))
    found.discard("")
    return frozenset(found)
