"""Blocks to a Word document with the look of a municipal board paper.

A4, Arial headings over a Times New Roman body, a header with the municipality
and the kind of document on every page (and "UTKAST"/"DRAFT" in red when it is
a draft), a footer with the case or year and "Sida X av Y", tables with a
shaded header row that repeats on every page and right-aligned amounts.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

from socinv.reports.blocks import Block, Heading, Item, PageBreak, Paragraph, Runs, Table, plain
from socinv.reports.templating import clean

BODY_FONT = "Times New Roman"
HEADING_FONT = "Arial"
KEEP_TOGETHER_ROWS = 15  # shorter tables are kept on one page


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


def render_docx(blocks: list[Block], page: Page) -> bytes:
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm

    document = docx.Document()
    _styles(document, page.language)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    if page.landscape:
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    section.left_margin = section.right_margin = Cm(2.2 if page.landscape else 2.5)
    section.top_margin, section.bottom_margin = Cm(2.0), Cm(2.0)
    section.header_distance = section.footer_distance = Cm(1.0)
    width = section.page_width - section.left_margin - section.right_margin
    _header(section, page, width)
    _footer(section, page, width)
    for index, block in enumerate(blocks):
        _block(document, block, width)
        following = blocks[index + 1] if index + 1 < len(blocks) else None
        if isinstance(block, Paragraph) and isinstance(following, Table):
            document.paragraphs[-1].paragraph_format.keep_with_next = True
    properties = document.core_properties
    properties.title = clean(page.title)[:250]
    properties.subject = clean(page.kind)
    properties.author = clean(page.municipality)
    properties.language = page.language
    properties.keywords = "socinv"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


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
    _font(styles["List Bullet"], BODY_FONT, 11.5)
    for name in ("Header", "Footer"):
        styles[name].paragraph_format.tab_stops.clear_all()


def _add_runs(paragraph: Any, runs: Runs, size: float | None = None) -> None:
    from docx.shared import Pt

    for item in runs:
        if item.text == "\n":
            paragraph.add_run().add_break()
            continue
        run = paragraph.add_run(clean(item.text))
        run.bold = item.bold or None
        run.italic = item.italic or None
        if size is not None:
            run.font.size = Pt(size)


def _block(document: Any, block: Block, width: int) -> None:
    from docx.shared import Cm, Pt

    if isinstance(block, Heading):
        _add_runs(document.add_paragraph(style=f"Heading {block.level}"), block.runs)
    elif isinstance(block, Paragraph):
        _add_runs(document.add_paragraph(), block.runs)
    elif isinstance(block, Item):
        if block.marker == "-":
            _add_runs(document.add_paragraph(style="List Bullet"), block.runs)
        else:
            paragraph = document.add_paragraph()
            fmt = paragraph.paragraph_format
            fmt.left_indent, fmt.first_line_indent = Cm(0.9), Cm(-0.9)
            fmt.tab_stops.add_tab_stop(Cm(0.9))
            fmt.space_after = Pt(5)
            paragraph.add_run(f"{block.marker}\t")
            _add_runs(paragraph, block.runs)
    elif isinstance(block, Table):
        _table(document, block, width)
    elif isinstance(block, PageBreak):
        document.add_page_break()


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


def _table(document: Any, table: Table, width: int) -> None:
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn
    from docx.shared import Pt

    widths = _widths(table, width)
    columns = len(widths)
    grid = document.add_table(rows=1 + len(table.rows), cols=columns)
    grid.style = document.styles["Table Grid"]
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    grid.autofit = False
    for index, column in enumerate(grid.columns):
        column.width = widths[index]
    align = {"right": WD_ALIGN_PARAGRAPH.RIGHT, "center": WD_ALIGN_PARAGRAPH.CENTER}
    for row_index, row in enumerate([table.header, *table.rows]):
        cells = grid.rows[row_index].cells
        for index in range(columns):
            cell = cells[index]
            cell.width = widths[index]
            paragraph = cell.paragraphs[0]
            paragraph.paragraph_format.space_after = Pt(1)
            paragraph.paragraph_format.line_spacing = 1.0
            kind = table.align[index] if index < len(table.align) else "left"
            if kind in align:
                paragraph.alignment = align[kind]
            runs = row[index] if index < len(row) else []
            _add_runs(paragraph, runs, size=9.5)
            if len(table.rows) <= KEEP_TOGETHER_ROWS and row_index < len(table.rows):
                paragraph.paragraph_format.keep_with_next = True
            if row_index == 0:
                for run in paragraph.runs:
                    run.bold = True
                shading = OxmlElement("w:shd")
                shading.set(qn("w:val"), "clear")
                shading.set(qn("w:fill"), "E3E6EA")
                cell._tc.get_or_add_tcPr().append(shading)
    header_row = grid.rows[0]._tr.get_or_add_trPr()
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header_row.append(repeat)
    for row in grid.rows:
        cant_split = OxmlElement("w:cantSplit")
        row._tr.get_or_add_trPr().append(cant_split)
    document.add_paragraph().paragraph_format.space_after = Pt(2)


def _field(paragraph: Any, instruction: str, half_points: int) -> None:
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    simple = OxmlElement("w:fldSimple")
    simple.set(qn("w:instr"), instruction)
    run = OxmlElement("w:r")
    properties = OxmlElement("w:rPr")
    fonts = OxmlElement("w:rFonts")
    for attribute in ("w:ascii", "w:hAnsi", "w:cs"):
        fonts.set(qn(attribute), HEADING_FONT)
    size = OxmlElement("w:sz")
    size.set(qn("w:val"), str(half_points))
    properties.append(fonts)
    properties.append(size)
    run.append(properties)
    text = OxmlElement("w:t")
    text.text = "1"
    run.append(text)
    simple.append(run)
    paragraph._p.append(simple)


def _header(section: Any, page: Page, width: int) -> None:
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_TAB_ALIGNMENT
    from docx.shared import Pt, RGBColor

    paragraph = section.header.paragraphs[0]
    paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    name = paragraph.add_run(clean(page.municipality))
    name.bold = True
    name.font.name = HEADING_FONT
    name.font.size = Pt(12)
    kind = paragraph.add_run("\t" + clean(page.kind).upper())
    kind.font.name = HEADING_FONT
    kind.font.size = Pt(9)
    kind.font.color.rgb = RGBColor(0x44, 0x44, 0x44)
    if page.draft:
        mark = section.header.add_paragraph()
        mark.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = mark.add_run(clean(page.draft))
        run.bold = True
        run.font.name = HEADING_FONT
        run.font.size = Pt(14)
        run.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)


def _footer(section: Any, page: Page, width: int) -> None:
    from docx.enum.text import WD_TAB_ALIGNMENT
    from docx.shared import Pt

    paragraph = section.footer.paragraphs[0]
    paragraph.paragraph_format.tab_stops.add_tab_stop(width, WD_TAB_ALIGNMENT.RIGHT)
    left = paragraph.add_run(clean(page.footer) + "\t" + page.page_words[0] + " ")
    left.font.size = Pt(8.5)
    _field(paragraph, "PAGE", 17)
    paragraph.add_run(f" {page.page_words[1]} ").font.size = Pt(8.5)
    _field(paragraph, "NUMPAGES", 17)
    for run in paragraph.runs:
        run.font.size = Pt(8.5)
        run.font.name = HEADING_FONT
