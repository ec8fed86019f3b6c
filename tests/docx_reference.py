"""The forms' writer through python-docx: the reference ``socinv.io.docx_form`` must equal.

``docx_template`` lays a form out through a writer with these methods; socinv's own
(``docx_form.Form``) writes XML text. This one does each step through python-docx, as
socinv did before issue 18, so that ``tests/test_docx_form_xml.py`` can prove the text
the same as python-docx's, part by part, for every form of every profile.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import docx
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Inches, Pt, RGBColor

from socinv.i18n import Lang
from socinv.io import docx_form as form
from socinv.io.docx_layout import GUIDANCE_STYLES
from socinv.io.docx_style import setup

#: what follows w:tblBorders in w:tblPr, and w:pBdr in w:pPr (Word insists on the order)
_AFTER_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption",
                  "w:tblDescription")
_AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap",
               "w:overflowPunct", "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN",
               "w:bidi", "w:adjustRightInd", "w:snapToGrid", "w:spacing", "w:ind",
               "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
               "w:textDirection", "w:textAlignment", "w:textboxTightWrap",
               "w:outlineLvl", "w:divId", "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")


def _rgb(hex_colour: str) -> RGBColor:
    return RGBColor.from_string(hex_colour)


class DocxForm:
    """``docx_form.Form``'s methods, each done through python-docx."""

    def __init__(self, lang: Lang) -> None:
        self.lang = lang
        self.document = docx.Document()
        self.style_ids: dict[str, str] = {}
        setup(self.document, lang, GUIDANCE_STYLES[lang])

    def _style_id(self, name: str) -> str:
        found = self.style_ids.get(name)
        if found is None:
            found = self.style_ids[name] = str(self.document.styles[name].style_id)
        return found

    def paragraph(self, container: Any, text: str, style: str, bold: bool = False) -> Any:
        paragraph = (container or self.document).add_paragraph(text)
        paragraph._p.get_or_add_pPr().style = self._style_id(style)
        if bold:
            paragraph.runs[0].bold = True
        return paragraph

    def fill(self, cell: Any, lines: list[str], style: str, bold: bool = False) -> None:
        paragraph = cell.paragraphs[0]
        paragraph._p.get_or_add_pPr().style = self._style_id(style)
        for number, line in enumerate(lines or [""]):
            if number:
                paragraph = self.paragraph(cell, "", style)
            if line:
                run = paragraph.add_run(form.clean(line))
                run.bold = bold or None

    @staticmethod
    def mark(paragraph: Any) -> None:
        mark = paragraph.add_run(" *")
        mark.font.color.rgb = _rgb(form.REQUIRED_COLOR)

    def heading(self, text: str, level: int, bookmark: int, name: str) -> Any:
        paragraph = self.paragraph(None, "", f"Heading {min(level, 3)}")
        start = OxmlElement("w:bookmarkStart")
        start.set(qn("w:id"), str(bookmark))
        start.set(qn("w:name"), name)
        paragraph._p.append(start)
        paragraph.add_run(form.clean(text))
        end = OxmlElement("w:bookmarkEnd")
        end.set(qn("w:id"), str(bookmark))
        paragraph._p.append(end)
        return paragraph

    def table(self, rows: int, widths: list[float], header: bool = False) -> Any:
        grid = self.document.add_table(rows=rows, cols=len(widths))
        grid.alignment = WD_TABLE_ALIGNMENT.LEFT
        grid.autofit = False
        tbl_pr = grid._tbl.tblPr
        borders = OxmlElement("w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            element = OxmlElement(f"w:{edge}")
            for key, value in (("w:val", "single"), ("w:sz", "4"), ("w:space", "0"),
                               ("w:color", form.BORDER)):
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
                self.shade(cell, form.HEADER_FILL)
        return grid

    @staticmethod
    def shade(cell: Any, fill: str) -> None:
        shading = OxmlElement("w:shd")
        for key, value in (("w:val", "clear"), ("w:color", "auto"), ("w:fill", fill)):
            shading.set(qn(key), value)
        cell._tc.get_or_add_tcPr().insert_element_before(
            shading, "w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign",
            "w:hideMark", "w:headers", "w:cellIns", "w:cellDel", "w:cellMerge", "w:tcPrChange")

    @staticmethod
    def min_height(row: Any, cm: float, whole: bool = False) -> None:
        row.height = Cm(cm)
        row.height_rule = 1  # WD_ROW_HEIGHT_RULE.AT_LEAST
        if whole:
            row._tr.get_or_add_trPr().insert(0, OxmlElement("w:cantSplit"))

    def spacer(self) -> None:
        paragraph = self.document.add_paragraph()
        paragraph.paragraph_format.space_after = Pt(2)
        paragraph.paragraph_format.line_spacing = Pt(6)

    def header_footer(self, left: str, right: str, page_words: tuple[str, str]) -> None:
        section = self.document.sections[0]
        paragraph = section.header.paragraphs[0]
        stops = paragraph.paragraph_format.tab_stops
        for inherited in (Inches(3.25), Inches(6.5)):  # the Header style's own stops
            stops.add_tab_stop(inherited, WD_TAB_ALIGNMENT.CLEAR)
        stops.add_tab_stop(Cm(form.TEXT_WIDTH_CM), WD_TAB_ALIGNMENT.RIGHT)
        bold = paragraph.add_run(form.clean(left))
        bold.bold = True
        paragraph.add_run("\t" + form.clean(right))
        for run in paragraph.runs:
            run.font.size, run.font.color.rgb = Pt(9), _rgb(form.HEADING_COLOR)
        borders = OxmlElement("w:pBdr")
        bottom = OxmlElement("w:bottom")
        for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "4"),
                           ("w:color", form.BORDER)):
            bottom.set(qn(key), value)
        borders.append(bottom)
        paragraph._p.get_or_add_pPr().insert_element_before(borders, *_AFTER_PBDR)
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
            run.font.size, run.font.color.rgb = Pt(8.5), _rgb(form.GUIDANCE_COLOR)

    def properties(self, title: str, subject: str, category: str) -> None:
        core = self.document.core_properties
        core.title, core.subject = title, subject
        core.category, core.keywords = category, "socinv"
        core.author = core.last_modified_by = "socinv"
        core.comments = ""
        core.language = form.LANGUAGES[self.lang]
        core.created = core.modified = dt.datetime.now(dt.UTC).replace(microsecond=0,
                                                                          tzinfo=None)
        core.revision = 1

    def save(self) -> bytes:
        buffer = io.BytesIO()
        self.document.save(buffer)
        return buffer.getvalue()
