"""A Word body as plain blocks: paragraphs (text, style facts, bookmarks) and tables.

This is the layer that knows WordprocessingML. It reads what people and editors
put into a document — runs split anywhere, soft line breaks, tabs, hyperlinks,
tracked insertions (kept) and deletions (dropped), content controls, bullet and
numbered lists, nested tables — and hands ``docx_reader`` a flat list of blocks.
Text boxes and drawings are skipped: they are not part of the answers.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from socinv.io.errors import UnreadableFile
from socinv.io.zipguard import DOCX, check_zip
from socinv.model.schema import DOCUMENTS

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_SKIP = frozenset({
    f"{W}pPr", f"{W}rPr", f"{W}del", f"{W}moveFrom", f"{W}drawing", f"{W}pict",
    f"{W}object", f"{MC}AlternateContent", f"{W}instrText", f"{W}delText", f"{W}sdtPr",
    f"{W}fldData", f"{W}footnoteReference", f"{W}endnoteReference", f"{W}commentReference",
})
_HEADING_NAME = re.compile(r"^(?:heading|rubrik)\s*[1-9]$", re.IGNORECASE)
_FALSE = frozenset({"0", "false", "off", "none"})
MAX_LIST_LEVEL = 8  # Word's list levels are 0–8; a file may say anything
MAX_GRID_SPAN = 64  # cells one table cell may span
MAX_BLOCKS = 20_000  # paragraphs and table cells in one document (a form has a few hundred)


def small_number(text: str | None, limit: int) -> int | None:
    """``text`` as a whole number from 0 to ``limit`` (capped), else None.

    Every number a Word file states is read through this: a list level of
    ``99999999999`` or a span of 5 000 digits must not size anything.
    """
    if not text or len(text) > 6 or not text.isascii() or not text.isdigit():
        return None
    return min(int(text), limit)


@dataclass
class Para:
    """A Word paragraph's text and what its style says of it."""

    text: str
    prefix: str = ""  # "- " or "3. " for list paragraphs
    heading: bool = False
    styles: tuple[str, ...] = ()  # the paragraph style's name and those it is based on
    bold: bool = False
    italic: bool = False
    bookmarks: list[str] = field(default_factory=list)


@dataclass
class Table:
    """A Word table as rows of cells of paragraphs."""

    rows: list[list[list[Para]]]  # row → cell → paragraphs (grid spans repeat nothing)

    @property
    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)


Block = Para | Table


@dataclass
class _Style:
    """What a paragraph style says: heading, numbered, bold."""

    name: str
    based_on: str | None
    outline: bool
    numbered: tuple[str, str] | None
    bold: bool | None
    italic: bool | None


def _outline_level(level: str | None) -> bool:
    """An outline level 0–8 makes a heading (9 is body text)."""
    number = small_number(level, 9)
    return number is not None and number < 9


def _attr(element: Any, name: str) -> str | None:
    value = element.get(f"{W}{name}")
    return str(value) if value is not None else None


def _flag(element: Any) -> bool | None:
    if element is None:
        return None
    value = _attr(element, "val")
    return value is None or value.lower() not in _FALSE


def _numbering(ppr: Any) -> tuple[str, str] | None:
    num = ppr.find(f"{W}numPr") if ppr is not None else None
    if num is None:
        return None
    num_id = num.find(f"{W}numId")
    level = num.find(f"{W}ilvl")
    value = _attr(num_id, "val") if num_id is not None else None
    if not value or value == "0":
        return None
    return value, (_attr(level, "val") or "0") if level is not None else "0"


class TooManyBlocks(Exception):
    """The document has more paragraphs and cells than a form can (``MAX_BLOCKS``)."""


class Body:
    """Blocks of a document's body, with style names and list numbering resolved.

    At most ``MAX_BLOCKS`` paragraphs and table cells are read: a valid document of
    150 000 paragraphs is no form, and reading it would take seconds.
    """

    def __init__(self, document: Any) -> None:
        self.count = 0
        self.styles: dict[str, _Style] = {}
        self.default_style: str | None = None
        self._read_styles(document)
        self.formats = self._read_numbering(document)
        self.counters: dict[tuple[str, str], int] = {}
        self.blocks = list(self._blocks(document.element.body))

    def _read_styles(self, document: Any) -> None:
        for element in document.styles.element.iter(f"{W}style"):
            if _attr(element, "type") != "paragraph":
                continue
            style_id = _attr(element, "styleId") or ""
            name_el, based_el = element.find(f"{W}name"), element.find(f"{W}basedOn")
            ppr, rpr = element.find(f"{W}pPr"), element.find(f"{W}rPr")
            outline = ppr.find(f"{W}outlineLvl") if ppr is not None else None
            level = _attr(outline, "val") if outline is not None else None
            self.styles[style_id] = _Style(
                name=(_attr(name_el, "val") or style_id) if name_el is not None else style_id,
                based_on=_attr(based_el, "val") if based_el is not None else None,
                outline=_outline_level(level),
                numbered=_numbering(ppr),
                bold=_flag(rpr.find(f"{W}b")) if rpr is not None else None,
                italic=_flag(rpr.find(f"{W}i")) if rpr is not None else None,
            )
            if (_attr(element, "default") or "").lower() in ("1", "true", "on"):
                self.default_style = style_id

    def _read_numbering(self, document: Any) -> dict[tuple[str, str], str]:
        formats: dict[tuple[str, str], str] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError, ValueError):
            return formats
        abstract: dict[str, dict[str, str]] = {}
        for element in numbering.iter(f"{W}abstractNum"):
            levels = abstract.setdefault(_attr(element, "abstractNumId") or "", {})
            for level in element.iter(f"{W}lvl"):
                fmt = level.find(f"{W}numFmt")
                levels[_attr(level, "ilvl") or "0"] = (_attr(fmt, "val") or "decimal"
                                                       if fmt is not None else "decimal")
        for element in numbering.iter(f"{W}num"):
            ref = element.find(f"{W}abstractNumId")
            levels = abstract.get(_attr(ref, "val") or "" if ref is not None else "", {})
            for level, fmt in levels.items():
                formats[(_attr(element, "numId") or "", level)] = fmt
        return formats

    def chain(self, style_id: str | None) -> list[_Style]:
        found: list[_Style] = []
        current = style_id or self.default_style
        while current and current in self.styles and len(found) < 12:
            style = self.styles[current]
            if style in found:
                break
            found.append(style)
            current = style.based_on
        return found

    def _blocks(self, container: Any) -> Iterator[Block]:
        pending: list[str] = []
        for child in container:
            tag = child.tag
            if tag == f"{W}p":
                para = self.paragraph(child)
                para.bookmarks[:0] = pending
                pending = []
                yield para
            elif tag == f"{W}tbl":
                yield self.table(child)
            elif tag == f"{W}sdt":
                inner = child.find(f"{W}sdtContent")
                if inner is not None:
                    yield from self._blocks(inner)
            elif tag == f"{W}customXml":
                yield from self._blocks(child)
            elif tag == f"{W}bookmarkStart":
                pending.append(_attr(child, "name") or "")

    def _counted(self) -> None:
        self.count += 1
        if self.count > MAX_BLOCKS:
            raise TooManyBlocks

    def paragraph(self, element: Any) -> Para:
        self._counted()
        ppr = element.find(f"{W}pPr")
        style_el = ppr.find(f"{W}pStyle") if ppr is not None else None
        chain = self.chain(_attr(style_el, "val") if style_el is not None else None)
        outline = ppr.find(f"{W}outlineLvl") if ppr is not None else None
        level = _attr(outline, "val") if outline is not None else None
        names = tuple(style.name for style in chain)
        heading = (any(_HEADING_NAME.match(name) for name in names)
                   or _outline_level(level)
                   or (level is None and any(style.outline for style in chain)))
        style_bold = next((s.bold for s in chain if s.bold is not None), False)
        style_italic = next((s.italic for s in chain if s.italic is not None), False)
        parts: list[str] = []
        bold, italic = [], []
        for run, text in self._runs(element):
            parts.append(text)
            if text.strip():
                rpr = run.find(f"{W}rPr") if run is not None else None
                run_bold = _flag(rpr.find(f"{W}b")) if rpr is not None else None
                run_italic = _flag(rpr.find(f"{W}i")) if rpr is not None else None
                bold.append(style_bold if run_bold is None else run_bold)
                italic.append(style_italic if run_italic is None else run_italic)
        numbered = _numbering(ppr) or next((s.numbered for s in chain if s.numbered), None)
        bookmarks = [_attr(mark, "name") or "" for mark in element.iter(f"{W}bookmarkStart")]
        return Para("".join(parts), self._prefix(numbered) if not heading else "", heading,
                    names, bool(bold) and all(bold), bool(italic) and all(italic), bookmarks)

    def _prefix(self, numbered: tuple[str, str] | None) -> str:
        if numbered is None:
            return ""
        fmt = self.formats.get(numbered, "bullet")
        indent = "  " * (small_number(numbered[1], MAX_LIST_LEVEL) or 0)
        if fmt == "none":
            return ""
        if fmt == "bullet":
            return f"{indent}- "
        number = self.counters.get(numbered, 0) + 1
        self.counters[numbered] = number
        return f"{indent}{number}. "

    def _runs(self, element: Any, run: Any = None) -> Iterator[tuple[Any, str]]:
        """(run, text) in reading order; deletions, drawings and field codes skipped."""
        for child in element:
            tag = child.tag
            if not isinstance(tag, str) or tag in _SKIP:
                continue
            if tag == f"{W}t":
                yield run, child.text or ""
            elif tag in (f"{W}tab", f"{W}ptab"):
                yield run, "\t"
            elif tag in (f"{W}br", f"{W}cr"):
                yield run, "\n"
            elif tag == f"{W}noBreakHyphen":
                yield run, "-"
            else:
                yield from self._runs(child, child if tag == f"{W}r" else run)

    def table(self, element: Any) -> Table:
        rows: list[list[list[Para]]] = []
        for row in _children(element, f"{W}tr"):
            cells: list[list[Para]] = []
            for cell in _children(row, f"{W}tc"):
                self._counted()
                paras = [block for block in self._cell_blocks(cell)]
                cells.append(paras)
                span = cell.find(f"{W}tcPr/{W}gridSpan")
                extra = small_number(_attr(span, "val") if span is not None else None,
                                     MAX_GRID_SPAN)
                if extra:
                    cells += [[] for _ in range(extra - 1)]
            rows.append(cells)
        return Table(rows)

    def _cell_blocks(self, cell: Any) -> Iterator[Para]:
        for block in self._blocks(cell):
            if isinstance(block, Para):
                yield block
            else:  # a table inside a cell: its rows as lines of text
                for row in block.rows:
                    text = " | ".join("\n".join(p.text for p in paras) for paras in row)
                    yield Para(text)


def _children(element: Any, tag: str) -> Iterator[Any]:
    """Direct children with ``tag``, looking through content controls and custom XML."""
    for child in element:
        if child.tag == tag:
            yield child
        elif child.tag in (f"{W}sdt", f"{W}customXml"):
            inner = child.find(f"{W}sdtContent") if child.tag == f"{W}sdt" else child
            if inner is not None:
                yield from _children(inner, tag)


_PARAGRAPH_OR_CELL = re.compile(rb"<w:(?:p|tc)[ >/]")


def _refuse_endless(path: Path, data: bytes) -> None:
    """Count paragraphs and cells in the raw body before any XML is built: a valid file of
    150 000 paragraphs is refused in milliseconds, not after seconds of parsing."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            body = archive.read("word/document.xml")
    except (KeyError, zipfile.BadZipFile, OSError, zlib.error, EOFError, ValueError,
            NotImplementedError):
        return  # python-docx names what is wrong
    for count, _ in enumerate(_PARAGRAPH_OR_CELL.finditer(body), start=1):
        if count > MAX_BLOCKS:
            raise UnreadableFile(path, "document-too-long", limit=MAX_BLOCKS)


def open_document(path: Path) -> Any:
    """python-docx's Document, only after the zip pre-check; any failure is exit 2."""
    data = check_zip(path, DOCX)
    _refuse_endless(path, data)
    import docx
    from docx.opc.exceptions import PackageNotFoundError
    from docx.oxml.parser import etree  # lxml, as python-docx uses it

    try:
        return docx.Document(io.BytesIO(data))
    except (zipfile.BadZipFile, PackageNotFoundError, etree.XMLSyntaxError, KeyError,
            ValueError, AttributeError, TypeError, IndexError, UnicodeDecodeError,
            OSError, EOFError, NotImplementedError, RuntimeError, zlib.error) as error:
        raise UnreadableFile(path, "damaged-document", format=dict(DOCX.name), app=DOCX.app,
                             suffix=DOCX.suffix,
                             problem=str(error).splitlines()[0][:120] if str(error)
                             else type(error).__name__) from None


def doc_type_of(path: Path) -> str | None:
    """The document type a socinv template recorded in its properties, if any."""
    category = str(open_document(path).core_properties.category or "")
    kind = category.removeprefix("socinv:")
    return kind if category.startswith("socinv:") and kind in DOCUMENTS else None
