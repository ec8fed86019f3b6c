"""The look of socinv's Word forms: A4, Arial, dark headings, grey italic guidance, boxes.

Only formatting lives here; what goes into the document is ``docx_template``.
python-docx is imported by the caller, never when the CLI starts.
"""

from __future__ import annotations

import re
from typing import Any

from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Inches, Pt, RGBColor

from socinv.i18n import Lang

FONT = "Arial"
HEADING_COLOR = RGBColor(0x1F, 0x38, 0x64)
GUIDANCE_COLOR = RGBColor(0x59, 0x59, 0x59)
REQUIRED_COLOR = RGBColor(0xA5, 0x00, 0x21)
BORDER = "8C8C8C"
LABEL_FILL = "F2F2F2"
HEADER_FILL = "DCE3EC"
NOTE_FILL = "EEF2F7"
TEXT_WIDTH_CM = 16.0
TABLE_STYLE = "Tabelltext"
#: what follows w:tblBorders in w:tblPr, and w:pBdr in w:pPr (Word insists on the order)
_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
                  "w:tblDescription")
_AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
               "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
               "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
               "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
               "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
               "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def clean(text: str) -> str:
    """Text Word can hold: line ends as \\n, characters XML forbids removed."""
    return _XML_ILLEGAL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))


def setup(document: Any, lang: Lang, guidance_style: str) -> None:
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    section.header_distance = section.footer_distance = Cm(1.0)
    styles = document.styles
    _defaults(styles, "sv-SE" if lang == "sv" else "en-GB")
    normal = styles["Normal"]
    normal.font.size = Pt(10.5)
    normal.paragraph_format.space_after = Pt(4)
    normal.paragraph_format.line_spacing = 1.1
    for name, size, before, after in (("Heading 1", 14, 16, 3), ("Heading 2", 11.5, 10, 2),
                                      ("Heading 3", 10.5, 8, 2)):
        style = styles[name]
        _plain_font(style)
        style.font.size, style.font.bold = Pt(size), True
        style.font.italic = False
        style.font.color.rgb = HEADING_COLOR
        style.paragraph_format.space_before, style.paragraph_format.space_after = (
            Pt(before), Pt(after))
        style.paragraph_format.keep_with_next = True
    for name in ("Title", "Subtitle"):
        _plain_font(styles[name])
    title = styles["Title"]
    title.font.size, title.font.color.rgb, title.font.bold = Pt(20), HEADING_COLOR, True
    _remove(title.element.pPr, "w:pBdr")
    title.paragraph_format.space_after = Pt(2)
    subtitle = styles["Subtitle"]
    subtitle.font.size, subtitle.font.italic = Pt(11), False
    subtitle.font.color.rgb = GUIDANCE_COLOR
    subtitle.paragraph_format.space_after = Pt(10)
    guidance = styles.add_style(guidance_style, WD_STYLE_TYPE.PARAGRAPH)
    guidance.base_style = normal
    guidance.font.italic, guidance.font.size = True, Pt(9.5)
    guidance.font.color.rgb = GUIDANCE_COLOR
    guidance.paragraph_format.space_after = Pt(3)
    guidance.paragraph_format.keep_with_next = True
    table_text = styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.size = Pt(10)
    table_text.paragraph_format.space_after = Pt(2)
    table_text.paragraph_format.line_spacing = 1.0


def _defaults(styles: Any, language: str) -> None:
    defaults = styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    fonts = rpr.find(qn("w:rFonts"))
    for attribute in list(fonts.attrib):
        del fonts.attrib[attribute]
    for attribute in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attribute), FONT)
    lang = rpr.find(qn("w:lang"))
    lang.set(qn("w:val"), language)


def _plain_font(style: Any) -> None:
    """Drop theme fonts (Calibri/Cambria) so that the style uses the document font."""
    rpr = style.element.rPr
    if rpr is not None:
        _remove(rpr, "w:rFonts")
    style.font.name = FONT


def _remove(parent: Any, tag: str) -> None:
    if parent is None:
        return
    for child in parent.findall(qn(tag)):
        parent.remove(child)


def header_footer(document: Any, left: str, right: str, page_words: tuple[str, str]) -> None:
    section = document.sections[0]
    paragraph = section.header.paragraphs[0]
    stops = paragraph.paragraph_format.tab_stops
    for inherited in (Inches(3.25), Inches(6.5)):  # the Header style's centre and right stops
        stops.add_tab_stop(inherited, WD_TAB_ALIGNMENT.CLEAR)
    stops.add_tab_stop(Cm(TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT)
    bold = paragraph.add_run(clean(left))
    bold.bold = True
    paragraph.add_run("\t" + clean(right))
    for run in paragraph.runs:
        run.font.size, run.font.color.rgb = Pt(9), HEADING_COLOR
    _bottom_border(paragraph)
    footer = section.footer.paragraphs[0]
    footer.alignment = 1
    for text, field in ((f"{page_words[0]} ", "PAGE"), (f" {page_words[1]} ", "NUMPAGES")):
        footer.add_run(text)
        simple = OxmlElement("w:fldSimple")
        simple.set(qn("w:instr"), f" {field} ")
        run = OxmlElement("w:r")
        text_element = OxmlElement("w:t")
        text_element.text = "1"
        run.append(text_element)
        simple.append(run)
        footer._p.append(simple)
    for run in footer.runs:
        run.font.size, run.font.color.rgb = Pt(8.5), GUIDANCE_COLOR


def _bottom_border(paragraph: Any) -> None:
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "4"),
                       ("w:color", BORDER)):
        bottom.set(qn(key), value)
    borders.append(bottom)
    paragraph._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_PBDR)


def table(document: Any, rows: int, widths: list[float], header: bool = False) -> Any:
    """A bordered table of fixed column widths (cm) filling the text width."""
    grid = document.add_table(rows=rows, cols=len(widths))
    grid.alignment = WD_TABLE_ALIGNMENT.LEFT
    grid.autofit = False
    tbl_pr = grid._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        element = OxmlElement(f"w:{edge}")
        for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"),
                           ("w:color", BORDER)):
            element.set(qn(key), value)
        borders.append(element)
    tbl_pr.insert_element_before(borders, *_AFTER_BORDERS)
    margins = OxmlElement("w:tblCellMar")
    for edge, space in (("top", 50), ("left", 100), ("bottom", 30), ("right", 100)):
        element = OxmlElement(f"w:{edge}")
        element.set(qn("w:w"), str(space))
        element.set(qn("w:type"), "dxa")
        margins.append(element)
    tbl_pr.insert_element_before(margins, "w:tblLook", "w:tblCaption", "w:tblDescription")
    for column, width in zip(grid.columns, widths, strict=True):
        column.width = Cm(width)
        for cell in column.cells:
            cell.width = Cm(width)
    if header and rows:
        mark = OxmlElement("w:tblHeader")
        grid.rows[0]._tr.get_or_add_trPr().insert_element_before(
            mark, "w:tblCellSpacing", "w:jc", "w:hidden", "w:ins", "w:del", "w:trPrChange")
        for cell in grid.rows[0].cells:
            shade(cell, HEADER_FILL)
    return grid


def shade(cell: Any, fill: str) -> None:
    shading = OxmlElement("w:shd")
    for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", fill)):
        shading.set(qn(key), value)
    cell._tc.get_or_add_tcPr().insert_element_before(
        shading, "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
        "w:hideMark", "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange")


def min_height(row: Any, cm: float, whole: bool = False) -> None:
    """At least ``cm`` high; ``whole``: never split across two pages."""
    row.height = Cm(cm)
    row.height_rule = 1  # WD_ROW_HEIGHT_RULE.AT_LEAST
    if whole:
        row._tr.get_or_add_trPr().insert(0, OxmlElement("w:cantSplit"))


def spacer(document: Any) -> None:
    """A small empty paragraph between tables, so that Word never merges two of them."""
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.space_after = Pt(2)
    paragraph.paragraph_format.line_spacing = Pt(6)
