"""A Word form written as XML text, in the very form python-docx writes it.

``docx_template`` lays a form out (which heading, box, row and table); this module writes
it: paragraphs, bookmarks, runs and bordered tables into the body of a skeleton that
python-docx saved once (``docx_style.build_skeleton``: the form's styles, page and empty
header and footer; shipped for Swedish and English in ``skeletons/``). A form of 26 fields
took python-docx about 0.1 s to build and its import as much again; written as text it
takes a few milliseconds (issue 18). ``tests/test_docx_form_xml.py`` builds every form of
every profile through python-docx as well and proves the two the same, part by part.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import zipfile
from pathlib import Path

from socinv.i18n import Lang
from socinv.io.docx_package import (
    CORE_OPEN,
    CORE_PART,
    Skeleton,
    content,
    escape,
    split_kept,
    write,
)
from socinv.io.xmltext import attribute

FONT = "Arial"
HEADING_COLOR = "1F3864"
GUIDANCE_COLOR = "595959"
REQUIRED_COLOR = "A50021"
BORDER = "8C8C8C"
LABEL_FILL = "F2F2F2"
HEADER_FILL = "DCE3EC"
NOTE_FILL = "EEF2F7"
TEXT_WIDTH_CM = 16.0
TABLE_STYLE = "Tabelltext"
LANGUAGES: dict[Lang, str] = {"sv": "sv-SE", "en": "en-GB"}
SKELETONS = Path(__file__).resolve().parent / "skeletons"

_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_BORDERS = "".join(f'<w:{edge} w:val="single" w:sz="4" w:space="0" w:color="{BORDER}"/>'
                   for edge in ("top", "left", "bottom", "right", "insideH", "insideV"))
_TABLE_PROPERTIES = (
    f'<w:tblPr><w:tblW w:type="auto" w:w="0"/><w:jc w:val="left"/><w:tblBorders>{_BORDERS}'
    '</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:top w:w="50" w:type="dxa"/>'
    '<w:left w:w="100" w:type="dxa"/><w:bottom w:w="30" w:type="dxa"/>'
    '<w:right w:w="100" w:type="dxa"/></w:tblCellMar><w:tblLook w:firstColumn="1" '
    'w:firstRow="1" w:lastColumn="0" w:lastRow="0" w:noHBand="0" w:noVBand="1" '
    'w:val="04A0"/></w:tblPr>')
_SPACER = '<w:spacing w:after="40" w:line="120" w:lineRule="exact"/>'  # 2 pt after, 6 pt
_REQUIRED = f'<w:color w:val="{REQUIRED_COLOR}"/>'
_HEADER_RUN = f'<w:color w:val="{HEADING_COLOR}"/><w:sz w:val="18"/>'  # 9 pt
_FOOTER_RUN = f'<w:rPr><w:color w:val="{GUIDANCE_COLOR}"/><w:sz w:val="17"/></w:rPr>'  # 8.5 pt
_CORE = (
    CORE_OPEN
    + "<dc:title>{title}</dc:title><dc:subject>{subject}</dc:subject>"
    "<dc:creator>socinv</dc:creator><cp:keywords>socinv</cp:keywords>"
    "<dc:description></dc:description><cp:lastModifiedBy>socinv</cp:lastModifiedBy>"
    '<cp:revision>1</cp:revision><dcterms:created xsi:type="dcterms:W3CDTF">{now}'
    '</dcterms:created><dcterms:modified xsi:type="dcterms:W3CDTF">{now}</dcterms:modified>'
    "<cp:category>{category}</cp:category><dc:language>{language}</dc:language>"
    "</cp:coreProperties>")


def clean(text: str) -> str:
    """Text Word can hold: line ends as \\n, characters XML forbids removed."""
    return _XML_ILLEGAL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def twips(cm: float) -> int:
    """A length in twentieths of a point, rounded as python-docx rounds ``Cm(cm)``."""
    return round(int(cm * 360000) / 635)


def style_id(name: str) -> str:
    """The id python-docx gives a paragraph style of this name (``Heading 1`` → ``Heading1``)."""
    return name.replace(" ", "")


def run(text: str, properties: str | None = None) -> str:
    """A run; ``properties``: None for none (as ``add_paragraph(text)`` writes it), else the
    run properties' content (``""``: the empty ``<w:rPr/>`` of a run whose bold was unset)."""
    inner = content(text)
    if properties is None:
        return f"<w:r>{inner}</w:r>" if inner else "<w:r/>"
    rpr = f"<w:rPr>{properties}</w:rPr>" if properties else "<w:rPr/>"
    return f"<w:r>{rpr}{inner}</w:r>"


class Paragraph:
    """A paragraph: its properties' content and its runs (and bookmarks) as XML."""

    __slots__ = ("parts", "properties")

    def __init__(self, properties: str = "") -> None:
        self.properties = properties
        self.parts: list[str] = []

    def add_run(self, text: str, properties: str | None = None) -> None:
        self.parts.append(run(text, properties))

    def xml(self) -> str:
        if not self.properties and not self.parts:
            return "<w:p/>"
        ppr = f"<w:pPr>{self.properties}</w:pPr>" if self.properties else ""
        return f"<w:p>{ppr}{''.join(self.parts)}</w:p>"


def styled(name: str) -> Paragraph:
    return Paragraph(f'<w:pStyle w:val="{attribute(style_id(name))}"/>')


class Cell:
    """A table cell: its width, shading and paragraphs (a new cell holds one, empty)."""

    __slots__ = ("fill", "paragraphs", "width")

    def __init__(self, width: int) -> None:
        self.width = width
        self.fill: str | None = None
        self.paragraphs = [Paragraph()]

    def add_paragraph(self, paragraph: Paragraph) -> Paragraph:
        self.paragraphs.append(paragraph)
        return paragraph

    def xml(self) -> str:
        shading = (f'<w:shd w:val="clear" w:color="auto" w:fill="{self.fill}"/>'
                   if self.fill else "")
        return (f'<w:tc><w:tcPr><w:tcW w:type="dxa" w:w="{self.width}"/>{shading}</w:tcPr>'
                + "".join(paragraph.xml() for paragraph in self.paragraphs) + "</w:tc>")


class Row:
    """A table row: its cells, and whether it is a header, how high and if it may split."""

    __slots__ = ("cells", "header", "height", "whole")

    def __init__(self, widths: list[int]) -> None:
        self.cells = [Cell(width) for width in widths]
        self.header = False
        self.height: int | None = None  # at least, in twips
        self.whole = False  # never split across pages

    def xml(self) -> str:
        properties = ("<w:cantSplit/>" if self.whole else "") + (
            f'<w:trHeight w:val="{self.height}" w:hRule="atLeast"/>'
            if self.height is not None else "") + ("<w:tblHeader/>" if self.header else "")
        trpr = f"<w:trPr>{properties}</w:trPr>" if properties else ""
        return f"<w:tr>{trpr}{''.join(cell.xml() for cell in self.cells)}</w:tr>"


class Table:
    """A bordered table of fixed column widths."""

    __slots__ = ("rows", "widths")

    def __init__(self, rows: int, widths: list[int]) -> None:
        self.widths = widths
        self.rows = [Row(widths) for _ in range(rows)]

    def cell(self, row: int, column: int) -> Cell:
        return self.rows[row].cells[column]

    def xml(self) -> str:
        grid = "".join(f'<w:gridCol w:w="{width}"/>' for width in self.widths)
        return (f"<w:tbl>{_TABLE_PROPERTIES}<w:tblGrid>{grid}</w:tblGrid>"
                + "".join(row.xml() for row in self.rows) + "</w:tbl>")


class Form:
    """A form being written: the body's paragraphs and tables, the header, the footer and
    the core properties, saved into the language's skeleton."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self.body: list[Paragraph | Table] = []
        self.header = self.footer = ""
        self.core = ""

    # -- what the layout writes --------------------------------------------------------

    def paragraph(self, container: Cell | None, text: str, style: str,
                  bold: bool = False) -> Paragraph:
        """A paragraph of ``style`` at the end of the body (or of a cell)."""
        paragraph = styled(style)
        if text:
            paragraph.add_run(text, "<w:b/>" if bold else None)
        if container is None:
            self.body.append(paragraph)
        else:
            container.add_paragraph(paragraph)
        return paragraph

    def fill(self, cell: Cell, lines: list[str], style: str, bold: bool = False) -> None:
        """A cell's lines, one paragraph each, in its first paragraph onwards."""
        first = cell.paragraphs[0]
        first.properties = styled(style).properties
        paragraph = first
        for number, line in enumerate(lines or [""]):
            if number:
                paragraph = cell.add_paragraph(styled(style))
            if line:
                paragraph.add_run(clean(line), "<w:b/>" if bold else "")

    @staticmethod
    def mark(paragraph: Paragraph) -> None:
        """The red " *" of a required field."""
        paragraph.add_run(" *", _REQUIRED)

    def heading(self, text: str, level: int, bookmark: int, name: str) -> Paragraph:
        paragraph = self.paragraph(None, "", f"Heading {min(level, 3)}")
        paragraph.parts.append(f'<w:bookmarkStart w:id="{bookmark}" '
                               f'w:name="{attribute(name)}"/>')
        paragraph.add_run(clean(text))
        paragraph.parts.append(f'<w:bookmarkEnd w:id="{bookmark}"/>')
        return paragraph

    def table(self, rows: int, widths: list[float], header: bool = False) -> Table:
        """A bordered table of ``widths`` (cm); ``header``: the first row repeats, shaded."""
        grid = Table(rows, [twips(width) for width in widths])
        if header and rows:
            grid.rows[0].header = True
            for cell in grid.rows[0].cells:
                cell.fill = HEADER_FILL
        self.body.append(grid)
        return grid

    @staticmethod
    def shade(cell: Cell, fill: str) -> None:
        cell.fill = fill

    @staticmethod
    def min_height(row: Row, cm: float, whole: bool = False) -> None:
        """At least ``cm`` high; ``whole``: never split across two pages."""
        row.height = twips(cm)
        row.whole = row.whole or whole

    def spacer(self) -> None:
        """A small empty paragraph between tables, so that Word never merges two of them."""
        self.body.append(Paragraph(_SPACER))

    def header_footer(self, left: str, right: str, page_words: tuple[str, str]) -> None:
        stops = (f'<w:tabs><w:tab w:pos="4680" w:val="clear"/><w:tab w:pos="'
                 f'{twips(TEXT_WIDTH_CM)}" w:val="right"/><w:tab w:pos="9360" w:val="clear"/>'
                 "</w:tabs>")
        self.header = (
            f'<w:p><w:pPr><w:pStyle w:val="Header"/><w:pBdr><w:bottom w:val="single" w:sz="6" '
            f'w:space="4" w:color="{BORDER}"/></w:pBdr>{stops}</w:pPr>'
            + run(clean(left), "<w:b/>" + _HEADER_RUN) + run("\t" + clean(right), _HEADER_RUN)
            + "</w:p>")
        fields = "".join(
            f'<w:r>{_FOOTER_RUN}{content(text)}</w:r><w:fldSimple w:instr=" {field} ">'
            "<w:r><w:t>1</w:t></w:r></w:fldSimple>"
            for text, field in ((f"{page_words[0]} ", "PAGE"), (f" {page_words[1]} ", "NUMPAGES")))
        self.footer = ('<w:p><w:pPr><w:pStyle w:val="Footer"/><w:jc w:val="center"/></w:pPr>'
                       + fields + "</w:p>")

    def properties(self, title: str, subject: str, category: str) -> None:
        now = dt.datetime.now(dt.UTC).replace(microsecond=0, tzinfo=None)
        self.core = _CORE.format(title=escape(title), subject=escape(subject),
                                 category=escape(category), language=LANGUAGES[self.lang],
                                 now=now.isoformat() + "Z")

    def save(self) -> bytes:
        skeleton = form_skeleton(self.lang)
        out = io.BytesIO(skeleton.static)
        with zipfile.ZipFile(out, "a") as archive:
            body = "".join(item.xml() for item in self.body)
            for part, xml in ((skeleton.document, body), (skeleton.header, self.header),
                              (skeleton.footer, self.footer)):
                write(archive, part.name, part.write(xml).encode("utf-8"))
            write(archive, CORE_PART, self.core.encode("utf-8"))
        return out.getvalue()


def skeleton_path(lang: Lang) -> Path:
    return SKELETONS / f"form-{LANGUAGES[lang]}.docx"


@functools.cache
def form_skeleton(lang: Lang) -> Skeleton:
    """The shipped skeleton of ``lang``'s forms, or (damaged, missing) python-docx's."""
    try:
        return split_kept(skeleton_path(lang).read_bytes())
    except (OSError, zipfile.BadZipFile, KeyError, ValueError):
        from socinv.io.docx_style import build_skeleton

        return split_kept(build_skeleton(lang))
