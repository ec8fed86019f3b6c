"""The look of socinv's Word forms, set up through python-docx: the skeleton of a form.

A4, Arial, dark headings, grey italic guidance, a table-text style. python-docx saves an
empty document with these styles, the page and an empty header and footer once; each form
is that skeleton with its body written as XML (``docx_form``). The skeletons of Swedish and
English ship in ``skeletons/`` (written by :func:`write_skeletons`), so that writing a form
imports no python-docx; ``tests/test_docx_form_xml.py`` proves them what python-docx builds.
"""

from __future__ import annotations

import io
from typing import Any

from socinv.i18n import Lang
from socinv.io.docx_form import (
    FONT,
    GUIDANCE_COLOR,
    HEADING_COLOR,
    LANGUAGES,
    TABLE_STYLE,
    skeleton_path,
)
from socinv.io.docx_layout import GUIDANCE_STYLES


def build_skeleton(lang: Lang) -> bytes:
    """An empty form of ``lang`` as python-docx saves it: styles, page, header and footer."""
    import docx

    document = docx.Document()
    setup(document, lang, GUIDANCE_STYLES[lang])
    section = document.sections[0]
    for part in (section.header, section.footer):
        part.is_linked_to_previous = False  # gives the section its own header and footer part
    saved = io.BytesIO()
    document.save(saved)
    return saved.getvalue()


def write_skeletons() -> None:
    """Write the shipped skeletons again (after a change to :func:`setup`)."""
    for lang in LANGUAGES:
        path = skeleton_path(lang)
        path.parent.mkdir(exist_ok=True)
        path.write_bytes(build_skeleton(lang))


def setup(document: Any, lang: Lang, guidance_style: str) -> None:
    from docx.enum.style import WD_STYLE_TYPE
    from docx.shared import Cm, Pt, RGBColor

    heading_color, guidance_color = (RGBColor.from_string(HEADING_COLOR),
                                     RGBColor.from_string(GUIDANCE_COLOR))
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21.0), Cm(29.7)
    section.left_margin = section.right_margin = Cm(2.5)
    section.top_margin, section.bottom_margin = Cm(2.2), Cm(2.0)
    section.header_distance = section.footer_distance = Cm(1.0)
    styles = document.styles
    _defaults(styles, LANGUAGES[lang])
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
        style.font.color.rgb = heading_color
        style.paragraph_format.space_before, style.paragraph_format.space_after = (
            Pt(before), Pt(after))
        style.paragraph_format.keep_with_next = True
    for name in ("Title", "Subtitle"):
        _plain_font(styles[name])
    title = styles["Title"]
    title.font.size, title.font.color.rgb, title.font.bold = Pt(20), heading_color, True
    _remove(title.element.pPr, "w:pBdr")
    title.paragraph_format.space_after = Pt(2)
    subtitle = styles["Subtitle"]
    subtitle.font.size, subtitle.font.italic = Pt(11), False
    subtitle.font.color.rgb = guidance_color
    subtitle.paragraph_format.space_after = Pt(10)
    guidance = styles.add_style(guidance_style, WD_STYLE_TYPE.PARAGRAPH)
    guidance.base_style = normal
    guidance.font.italic, guidance.font.size = True, Pt(9.5)
    guidance.font.color.rgb = guidance_color
    guidance.paragraph_format.space_after = Pt(3)
    guidance.paragraph_format.keep_with_next = True
    table_text = styles.add_style(TABLE_STYLE, WD_STYLE_TYPE.PARAGRAPH)
    table_text.base_style = normal
    table_text.font.size = Pt(10)
    table_text.paragraph_format.space_after = Pt(2)
    table_text.paragraph_format.line_spacing = 1.0


def _defaults(styles: Any, language: str) -> None:
    from docx.oxml.ns import qn

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
    from docx.oxml.ns import qn

    if parent is None:
        return
    for child in parent.findall(qn(tag)):
        parent.remove(child)
