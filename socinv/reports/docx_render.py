"""Blocks to a Word document with the look of a municipal board paper.

A4, Arial headings over a Times New Roman body, a header with the municipality
and the kind of document on every page (and "UTKAST"/"DRAFT" in red when it is
a draft), a footer with the case or year and "Sida X av Y", tables with a
shaded header row that repeats on every page and right-aligned amounts.

python-docx builds a skeleton once per language and orientation: the styles,
the page geometry and empty header and footer parts. Each document is that
skeleton with its body, header, footer and core properties written as XML text
in the form python-docx writes them: a memo takes about 2 ms instead of the
~90 ms python-docx needs to build it paragraph by paragraph.

The skeletons of the two languages socinv writes ship beside this module
(``skeletons/*.docx``, written by :func:`write_skeletons`), so that a paper does not
import python-docx at all (its import costs about as much as typer's, issue 18);
``tests/test_docx_skeletons.py`` proves they equal what python-docx builds today.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from socinv.io.docx_package import (
    CORE_OPEN,
    CORE_PART,
    Skeleton,
    content,
    escape,
    info,
    split_kept,
    write,
)
from socinv.reports.blocks import Block, Heading, Item, PageBreak, Paragraph, Runs, Table, plain
from socinv.reports.templating import clean

BODY_FONT = "Times New Roman"
HEADING_FONT = "Arial"
KEEP_TOGETHER_ROWS = 15  # shorter tables are kept on one page

_EMU_PER_TWIP = 635
_NUMBER_INDENT = 510  # 0.9 cm in twips: numbered items' hanging indent and tab stop
_BULLET_TAB = 360  # 0.63 cm: the text after "•" in a list written as one paragraph
_ARIAL = f'<w:rFonts w:ascii="{HEADING_FONT}" w:hAnsi="{HEADING_FONT}"/>'
_CELL_SPACING = '<w:spacing w:after="20" w:line="240" w:lineRule="auto"/>'  # 1 pt, single
_CELL_ALIGN = {"right": '<w:jc w:val="right"/>', "center": '<w:jc w:val="center"/>'}
_TABLE_PROPERTIES = (
    '<w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:type="auto" w:w="0"/>'
    '<w:jc w:val="left"/><w:tblLayout w:type="fixed"/><w:tblLook w:firstColumn="1" '
    'w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" w:noVBand="1" '
    'w:val="04A0"/></w:tblPr>')
_CORE = (
    CORE_OPEN
    + "<dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject>"
    "<dc:creator>{creator}</dc:creator><cp:keywords>socinv</cp:keywords>"
    "<dc:description>socinv</dc:description><cp:lastModifiedBy/>"
    "<cp:revision>1</cp:revision>{dates}"
    "<cp:category/><dc:language>{language}</dc:language></cp:coreProperties>")
_DATES = ('<dcterms:created xsi:type="dcterms:W3CDTF">{day}T00:00:00Z</dcterms:created>'
          '<dcterms:modified xsi:type="dcterms:W3CDTF">{day}T00:00:00Z</dcterms:modified>')


@dataclass(frozen=True)
class Page:
    """What every page shows besides the body."""

    municipality: str
    kind: str  # "Tjänsteskrivelse", "Bilaga …"
    footer: str  # case id and registry number, or the year
    page_words: tuple[str, str]  # ("Sida", "av") / ("Page", "of")
    title: str
    language: str  # "sv-SE" | "en-GB"
    draft: str | None = None  # "UTKAST – …" on every page
    landscape: bool = False
    date: dt.date | None = None  # the paper's date: the file's created and modified


@dataclass(frozen=True)
class _Skeleton(Skeleton):
    """A paper's skeleton and the text width between its margins."""

    width: int = 0  # EMU between the margins


def render_docx(blocks: list[Block], page: Page) -> bytes:
    skeleton = _skeleton(page.language, page.landscape)
    out = io.BytesIO(skeleton.static)
    with zipfile.ZipFile(out, "a") as archive:
        # the body goes into the archive as it is made: a large annex's text is never held
        # whole, as text or as bytes (issue 18: the Word part was most of its memory)
        with archive.open(info(skeleton.document.name), "w") as stream:
            body = _Sink(stream)
            body.append(skeleton.document.before)
            keep = _keep_with_next(blocks)
            joined = _joined_lists(blocks)
            for index, block in enumerate(blocks):
                previous = blocks[index - 1] if index else None
                if index in joined:
                    if joined[index]:
                        body.append(_list_paragraph(joined[index]))
                    continue
                caption = isinstance(block, Paragraph) and index in keep \
                    and _CAPTION.match(plain(block.runs)) is not None
                note = isinstance(block, Paragraph) and isinstance(previous, Table) \
                    and _is_note(block)
                _block(body, block, skeleton.width, index in keep, caption, note)
            body.append(skeleton.document.after)
            body.flush()
        parts = {
            skeleton.header.name: skeleton.header.write(_header(page, skeleton.width)),
            skeleton.footer.name: skeleton.footer.write(_footer(page, skeleton.width)),
            CORE_PART: _CORE.format(title=escape(clean(page.title)[:250]),
                                     subject=escape(clean(page.kind)),
                                     creator=escape(clean(page.municipality)),
                                     language=escape(page.language),
                                     dates=_DATES.format(day=page.date.isoformat())
                                     if page.date else ""),
        }
        for name, xml in parts.items():
            write(archive, name, xml.encode("utf-8"))
    return out.getvalue()


class _Sink:
    """Where the body's XML goes, piece by piece: encoded and written in 64 KB runs."""

    def __init__(self, stream: Any) -> None:
        self.stream = stream
        self.parts: list[str] = []
        self.size = 0

    def append(self, text: str) -> None:
        self.parts.append(text)
        self.size += len(text)
        if self.size >= 1 << 16:
            self.flush()

    def extend(self, texts: Iterable[str]) -> None:
        for text in texts:
            self.append(text)

    def flush(self) -> None:
        self.stream.write("".join(self.parts).encode("utf-8"))
        self.parts, self.size = [], 0


# -- the skeleton ---------------------------------------------------------------------------

SKELETONS = Path(__file__).resolve().parent / "skeletons"
#: the skeletons shipped with socinv: (language, landscape)
SHIPPED = (("sv-SE", False), ("sv-SE", True), ("en-GB", False), ("en-GB", True))
_WIDTH = re.compile(rb"socinv-skeleton width=(\d+)")


def skeleton_path(language: str, landscape: bool) -> Path:
    return SKELETONS / f"{language}-{'landscape' if landscape else 'portrait'}.docx"


@functools.lru_cache(maxsize=8)
def _skeleton(language: str, landscape: bool) -> _Skeleton:
    shipped = _shipped(language, landscape)
    saved, width = shipped if shipped is not None else build_skeleton(language, landscape)
    return _split(saved, width)


def _shipped(language: str, landscape: bool) -> tuple[bytes, int] | None:
    """The shipped skeleton and its text width, or None (another language, a damaged file)."""
    if (language, landscape) not in SHIPPED:
        return None
    try:
        data = skeleton_path(language, landscape).read_bytes()
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            found = _WIDTH.fullmatch(archive.comment)
    except (OSError, zipfile.BadZipFile):
        return None
    return (data, int(found.group(1))) if found else None


def write_skeletons() -> None:
    """Write the shipped skeletons again (after a change to :func:`build_skeleton`)."""
    SKELETONS.mkdir(exist_ok=True)
    for language, landscape in SHIPPED:
        skeleton_path(language, landscape).write_bytes(
            _with_width(*build_skeleton(language, landscape)))


def _with_width(data: bytes, width: int) -> bytes:
    """The skeleton with its text width in the zip comment (read without python-docx)."""
    out = io.BytesIO(data)
    with zipfile.ZipFile(out, "a") as archive:
        archive.comment = b"socinv-skeleton width=%d" % width
    return out.getvalue()


def build_skeleton(language: str, landscape: bool) -> tuple[bytes, int]:
    """The skeleton as python-docx saves it, and the text width between the margins (EMU)."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    document = docx.Document()
    _styles(document, language)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    if landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.2 if landscape else 2.5)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.header_distance = section.footer_distance = Cm(1.0)
    width = section.page_width - section.left_margin - section.right_margin
    for part in (section.header, section.footer):
        part.is_linked_to_previous = False  # gives the section its own header and footer part
    saved = io.BytesIO()
    document.save(saved)
    return saved.getvalue(), width


def _split(saved: bytes, width: int) -> _Skeleton:
    """The parts the same in every document, and the three written per document."""
    parts = split_kept(saved)
    return _Skeleton(parts.static, parts.document, parts.header, parts.footer, width)


def _font(style: Any, name: str, size: float, bold: bool = False) -> None:
    from docx.oxml.ns import qn
    from docx.shared import Pt, RGBColor

    style.font.name = name
    style.font.size = Pt(size)
    style.font.bold = bold
    style.font.color.rgb = RGBColor(0, 0, 0)
    fonts = style.element.get_or_add_rPr().get_or_add_rFonts()
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), name)
    for attribute in ("w:asciiTheme", "w:hAnsiTheme", "w:cstheme", "w:eastAsiaTheme"):
        fonts.attrib.pop(qn(attribute), None)


def _styles(document: Any, language: str) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    styles = document.styles
    normal = styles["Normal"]
    _font(normal, BODY_FONT, 11.5)
    normal.paragraph_format.space_after = Pt(6)
    normal.paragraph_format.line_spacing = 1.1
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), language)
    normal.element.get_or_add_rPr().append(lang)
    for level, size, before in ((1, 17, 6), (2, 13, 14), (3, 11.5, 10)):
        style = styles[f"Heading {level}"]
        _font(style, HEADING_FONT, size, bold=True)
        style.paragraph_format.space_before = Pt(before)
        style.paragraph_format.space_after = Pt(4)
        style.paragraph_format.keep_with_next = True
        # "keep lines together" on a heading makes LibreOffice drop its "keep with next"
        # (a heading then ends a page alone); a heading is one line anyway
        style.paragraph_format.keep_together = None
    _font(styles["List Bullet"], BODY_FONT, 11.5)
    caption = styles["Caption"]  # "Tabell 2. …" above a table, kept with it
    _font(caption, HEADING_FONT, 9.5, bold=True)
    caption.paragraph_format.space_before = Pt(8)
    caption.paragraph_format.space_after = Pt(3)
    caption.paragraph_format.keep_with_next = True
    for name in ("Header", "Footer"):
        styles[name].paragraph_format.tab_stops.clear_all()


# -- XML text ---------------------------------------------------------------------------------

def _twips(emu: int) -> int:
    return round(emu / _EMU_PER_TWIP)


def _run(text: str, properties: str = "") -> str:
    """One run of ``text``; ``properties`` are the run properties in schema order."""
    return "<w:r>" + (f"<w:rPr>{properties}</w:rPr>" if properties else "") \
        + content(text, preserve=True) + "</w:r>"


def _runs(runs: Runs, size: str = "", bold: bool = False) -> str:
    parts: list[str] = []
    for item in runs:
        if item.text == "\n":
            parts.append("<w:r><w:br/></w:r>")
            continue
        text = clean(item.text)
        if text:
            parts.append(_run(text, ("<w:b/>" if bold or item.bold else "")
                              + ("<w:i/>" if item.italic else "") + size))
    return "".join(parts)


def _paragraph(properties: str, content: str) -> str:
    """``properties`` are the paragraph properties in schema order."""
    return "<w:p>" + (f"<w:pPr>{properties}</w:pPr>" if properties else "") + content + "</w:p>"


_CAPTION = re.compile(r"^(Tabell|Table|Figur|Figure|Diagram|Chart)\s+\d+[.:]\s")
_NOTE = re.compile(r"^(Not|Noter|Anm|Anmärkning|Källa|Note|Notes|Source)\b|^\*|^\d\)\s")
KEEP_LIST_ITEMS = 8  # a list this short is kept on one page, with what comes before it
_NOTE_CHARS = 600  # a note this short after a table stays on the table's page


def _is_note(block: Paragraph) -> bool:
    text = plain(block.runs).strip()
    italic = bool(block.runs) and all(run.italic for run in block.runs if run.text.strip())
    return len(text) <= _NOTE_CHARS and (italic or _NOTE.match(text) is not None)


def _keep_with_next(blocks: list[Block]) -> set[int]:
    """The blocks that stay on the page of the block after them: a paragraph before a table
    (its caption or lead-in) or before a list; the items of a short list, which stay
    together and with their heading; a table before its note (the table's rows then all
    keep with the next, so the note never starts a page alone)."""
    keep: set[int] = set()
    index = 0
    while index < len(blocks):
        block = blocks[index]
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if isinstance(block, Paragraph) and isinstance(following, Table | Item):
            keep.add(index)
        if isinstance(block, Table) and isinstance(following, Paragraph) and _is_note(following):
            keep.add(index)
        if isinstance(block, Item):
            end = index
            while end + 1 < len(blocks) and isinstance(blocks[end + 1], Item):
                end += 1
            if end - index + 1 <= KEEP_LIST_ITEMS:
                keep.update(range(index, end))
            index = end + 1
            continue
        index += 1
    return keep


_SHORT_ITEM = 90  # characters: an item this short takes one line


def _joined_lists(blocks: list[Block]) -> dict[int, list[Item]]:
    """Short bulleted lists right after a heading (recipients, the papers of the case),
    written as one paragraph with a line per item, its lines kept together: LibreOffice
    does not carry a heading's "keep with next" through a chain of list paragraphs, so a
    list that moves to the next page would leave its heading behind. Index of the first
    item → the items; the other items' indexes → []."""
    joined: dict[int, list[Item]] = {}
    for index, block in enumerate(blocks):
        if not isinstance(block, Heading):
            continue
        end = index + 1
        while end < len(blocks) and isinstance(blocks[end], Item):
            end += 1
        items = [item for item in blocks[index + 1:end] if isinstance(item, Item)]
        if 1 < len(items) <= KEEP_LIST_ITEMS and all(
                item.marker == "-" and len(plain(item.runs)) <= _SHORT_ITEM for item in items):
            joined[index + 1] = items
            joined.update((number, []) for number in range(index + 2, end))
    return joined


def _list_paragraph(items: list[Item]) -> str:
    lines = "<w:r><w:br/></w:r>".join(_run("•\t") + _runs(item.runs) for item in items)
    return _paragraph(f'<w:keepLines/><w:tabs><w:tab w:pos="{_BULLET_TAB}" w:val="left"/>'
                      "</w:tabs>", lines)


def _block(out: Any, block: Block, width: int, keep_next: bool,
           caption: bool = False, note: bool = False) -> None:
    keep = "<w:keepNext/>" if keep_next else ""
    if isinstance(block, Heading):
        out.append(_paragraph(f'<w:pStyle w:val="Heading{block.level}"/>', _runs(block.runs)))
    elif isinstance(block, Paragraph):
        if caption:
            out.append(_paragraph('<w:pStyle w:val="Caption"/>' + keep,
                                  _runs(block.runs, bold=False)))
        elif note:
            out.append(_paragraph(keep + '<w:spacing w:before="0" w:after="160"/>',
                                  _runs(block.runs, '<w:sz w:val="19"/>')))
        else:
            out.append(_paragraph(keep, _runs(block.runs)))
    elif isinstance(block, Item):
        if block.marker == "-":
            out.append(_paragraph('<w:pStyle w:val="ListBullet"/>' + keep, _runs(block.runs)))
        else:
            out.append(_paragraph(
                keep + f'<w:tabs><w:tab w:pos="{_NUMBER_INDENT}" w:val="left"/></w:tabs>'
                '<w:spacing w:after="100"/>'
                f'<w:ind w:left="{_NUMBER_INDENT}" w:hanging="{_NUMBER_INDENT}"/>',
                _run(f"{clean(block.marker)}\t") + _runs(block.runs)))
    elif isinstance(block, Table):
        _table(out, block, width, keep_next)
    elif isinstance(block, PageBreak):
        out.append('<w:p><w:r><w:br w:type="page"/></w:r></w:p>')


def _widths(table: Table, width: int) -> list[int]:
    """Column widths: every column gets its longest word (amounts: the whole amount),
    the rest of the line is shared in proportion to how much more text a column has."""
    columns = max([len(table.header), *(len(row) for row in table.rows)])
    chars = width / 66000  # EMU per character of 9.5 pt text with the cell's padding
    low = [3.0] * columns
    high = [3.0] * columns
    for row_index, row in enumerate([table.header, *table.rows]):
        for index, cell in enumerate(row[:columns]):
            text = plain(cell)
            bold = 1.15 if any(run.bold for run in cell) else 1.0  # bold is wider
            lines = text.split("\n")
            words = [word for line in lines for word in line.split()]
            right = index < len(table.align) and table.align[index] == "right"
            shortest = max((len(line) for line in lines), default=0) if right and row_index \
                else max((len(word) for word in words), default=0)
            low[index] = max(low[index], shortest * bold + 2.5)
            high[index] = max(high[index],
                              max((len(line) for line in lines), default=0) * bold + 2.5)
    if sum(high) <= chars:  # fits: natural widths, but not a narrow strip
        scale = max(width / chars, width * 0.6 / sum(high))
        return [int(min(value * scale, width)) for value in high]
    low = [min(value, chars / columns * 1.6) for value in low]
    spare = max(chars - sum(low), 0)
    extra = [max(h - lo, 0) for h, lo in zip(high, low, strict=True)]
    total_extra = sum(extra) or 1
    units = [lo + spare * e / total_extra for lo, e in zip(low, extra, strict=True)]
    return [int(width * value / sum(units)) for value in units]


def _table(out: Any, table: Table, width: int, with_next: bool = False) -> None:
    """``with_next``: the table stays on the page of what follows it (its note)."""
    widths = [_twips(value) for value in _widths(table, width)]
    keep = len(table.rows) <= KEEP_TOGETHER_ROWS
    out.append("<w:tbl>" + _TABLE_PROPERTIES + "<w:tblGrid>")
    out.extend(f'<w:gridCol w:w="{value}"/>' for value in widths)
    out.append("</w:tblGrid>")
    for row_index, row in enumerate([table.header, *table.rows]):
        header = row_index == 0
        out.append("<w:tr><w:trPr><w:cantSplit/>"
                   + ('<w:tblHeader w:val="true"/>' if header else "") + "</w:trPr>")
        keep_next = "<w:keepNext/>" if (keep and row_index < len(table.rows)) or (
            with_next and row_index >= len(table.rows) - 1) else ""
        for index, value in enumerate(widths):
            kind = table.align[index] if index < len(table.align) else "left"
            runs = row[index] if index < len(row) else []
            out.append(
                f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{value}"/>'
                + ('<w:shd w:val="clear" w:fill="E3E6EA"/>' if header else "") + "</w:tcPr>"
                + _paragraph(keep_next + _CELL_SPACING + _CELL_ALIGN.get(kind, ""),
                             _runs(runs, '<w:sz w:val="19"/>', bold=header))
                + "</w:tc>")
        out.append("</w:tr>")
    out.append("</w:tbl>" + _paragraph(
        ("<w:keepNext/>" if with_next else "") + '<w:spacing w:after="40"/>', ""))


def _header(page: Page, width: int) -> str:
    tabs = f'<w:tabs><w:tab w:pos="{_twips(width)}" w:val="right"/></w:tabs>'
    xml = _paragraph(
        '<w:pStyle w:val="Header"/>' + tabs,
        _run(clean(page.municipality), _ARIAL + '<w:b/><w:sz w:val="24"/>')
        + _run("\t" + clean(page.kind).upper(),
               _ARIAL + '<w:color w:val="444444"/><w:sz w:val="18"/>'))
    if page.draft:
        xml += _paragraph('<w:jc w:val="center"/>', _run(
            clean(page.draft), _ARIAL + '<w:b/><w:color w:val="C00000"/><w:sz w:val="28"/>'))
    return xml


def _field(instruction: str) -> str:
    """A page number field, shown as "1" until the reader updates it."""
    return (f'<w:fldSimple w:instr="{instruction}"><w:r><w:rPr><w:rFonts '
            f'w:ascii="{HEADING_FONT}" w:hAnsi="{HEADING_FONT}" w:cs="{HEADING_FONT}"/>'
            '<w:sz w:val="17"/></w:rPr><w:t>1</w:t></w:r></w:fldSimple>')


def _footer(page: Page, width: int) -> str:
    small = _ARIAL + '<w:sz w:val="17"/>'
    words = [clean(word) for word in page.page_words]
    return _paragraph(
        f'<w:pStyle w:val="Footer"/><w:tabs><w:tab w:pos="{_twips(width)}" w:val="right"/>'
        "</w:tabs>",
        _run(f"{clean(page.footer)}\t{words[0]} ", small) + _field("PAGE")
        + _run(f" {words[1]} ", small) + _field("NUMPAGES"))
