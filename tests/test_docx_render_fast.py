"""The Word renderer writes its XML as text: what python-docx and Word see of it.

The memos and annexes in ``test_reports.py`` cover the usual content; these
tests cover what text-built XML can get wrong: user text with XML specials,
tabs and line breaks, the schema order Word insists on, the table's page
behaviour, and the skeleton shared between documents.
"""

from __future__ import annotations

import io
import zipfile
from xml.etree import ElementTree

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm

from socinv.reports.blocks import (
    Block,
    Heading,
    Item,
    PageBreak,
    Paragraph,
    Run,
    Table,
    parse,
)
from socinv.reports.docx_render import KEEP_TOGETHER_ROWS, Page, render_docx

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"

# The order of the children the renderer writes, from the OOXML schema (CT_PPr, CT_RPr,
# CT_TblPr, CT_TcPr); every element that has children here must list them in this order.
SCHEMA_ORDER = {
    "pPr": ["pStyle", "keepNext", "keepLines", "pageBreakBefore", "framePr", "widowControl",
            "numPr", "suppressLineNumbers", "pBdr", "shd", "tabs", "suppressAutoHyphens",
            "kinsoku", "wordWrap", "overflowPunct", "topLinePunct", "autoSpaceDE",
            "autoSpaceDN", "bidi", "adjustRightInd", "snapToGrid", "spacing", "ind",
            "contextualSpacing", "mirrorIndents", "suppressOverlap", "jc"],
    "rPr": ["rStyle", "rFonts", "b", "bCs", "i", "iCs", "caps", "smallCaps", "strike",
            "dstrike", "outline", "shadow", "emboss", "imprint", "noProof", "snapToGrid",
            "vanish", "webHidden", "color", "spacing", "w", "kern", "position", "sz", "szCs"],
    "tblPr": ["tblStyle", "tblpPr", "tblOverlap", "bidiVisual", "tblStyleRowBandSize",
              "tblStyleColBandSize", "tblW", "jc", "tblCellSpacing", "tblInd", "tblBorders",
              "shd", "tblLayout", "tblCellMar", "tblLook"],
    "tcPr": ["cnfStyle", "tcW", "gridSpan", "hMerge", "vMerge", "tcBorders", "shd"],
}

SWEDISH = Page("Ystads kommun", "Tjänsteskrivelse", "Dnr KS 2026/0018 · 2026-001",
               ("Sida", "av"), "PAX i skolan", "sv-SE")


def _open(data: bytes) -> docx.document.Document:
    return docx.Document(io.BytesIO(data))


def _parts(data: bytes) -> dict[str, ElementTree.Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert archive.testzip() is None
        return {name: ElementTree.fromstring(archive.read(name))
                for name in archive.namelist() if name.endswith(".xml")}


def _table(rows: int) -> Table:
    return Table([[Run("Post")], [Run("Belopp")], [Run("Kommentar")]],
                 [[[Run(f"Rad {n}")], [Run(f"{n} 000 kr")], [Run("mitt")]]
                  for n in range(rows)],
                 ["left", "right", "center"])


def _every_kind() -> list[Block]:
    return [
        Heading(1, [Run("Rubrik")]),
        Item("1.", [Run("att bevilja", bold=True), Run(" medlen", italic=True)]),
        Item("-", [Run("Socialnämnden")]),
        Paragraph([Run("Tabellen:")]),
        _table(3),
        PageBreak(),
        Heading(2, [Run("Lång tabell")]),
        _table(KEEP_TOGETHER_ROWS + 1),
    ]


def test_user_text_with_xml_specials_tabs_and_line_breaks_reads_back() -> None:
    text = 'A <b>tag</b> & "quotes" \'here\' ]]> end'
    page = Page("Bo & Ro <kommun>", 'Kind "x" & y', "Dnr <1> & 2", ("Sida", "av"),
                "Title & <more>", "sv-SE", draft="UTKAST <&>")
    blocks: list[Block] = [
        Heading(1, [Run(text)]),
        Paragraph([Run("före\tefter"), Run("\n"), Run("rad\x01 två\nrad tre")]),
        Table([[Run("<a> & b")]], [[[Run("1 & 2")]]], ["right"]),
    ]
    document = _open(render_docx(blocks, page))
    paragraphs = [paragraph.text for paragraph in document.paragraphs]
    assert paragraphs[0] == text
    assert paragraphs[1] == "före\tefter\nrad två\nrad tre"  # control character removed
    cells = [cell.text for row in document.tables[0].rows for cell in row.cells]
    assert cells == ["<a> & b", "1 & 2"]
    header = [paragraph.text for paragraph in document.sections[0].header.paragraphs]
    assert header == ["Bo & Ro <kommun>\tKIND \"X\" & Y", "UTKAST <&>"]
    assert document.sections[0].footer.paragraphs[0].text.startswith("Dnr <1> & 2\tSida ")
    properties = document.core_properties
    assert (properties.title, properties.subject, properties.author) == (
        "Title & <more>", 'Kind "x" & y', "Bo & Ro <kommun>")


def test_elements_are_in_schema_order() -> None:
    data = render_docx(_every_kind(), SWEDISH)
    checked = 0
    written = {name: root for name, root in _parts(data).items()
               if root.tag in (W + "document", W + "hdr", W + "ftr")}
    assert len(written) == 3
    for name, root in written.items():
        for tag, order in SCHEMA_ORDER.items():
            for element in root.iter(W + tag):
                children = [child.tag.removeprefix(W) for child in element]
                assert all(child in order for child in children), (name, tag, children)
                positions = [order.index(child) for child in children]
                assert positions == sorted(positions), (name, tag, children)
                checked += 1
    assert checked > 50


def test_paragraph_kinds_and_styles() -> None:
    document = _open(render_docx(_every_kind(), SWEDISH))
    paragraphs = document.paragraphs
    assert [(p.style.name if p.style else "", p.text) for p in paragraphs[:3]] == [
        ("Heading 1", "Rubrik"), ("Normal", "1.\tatt bevilja medlen"),
        ("List Bullet", "Socialnämnden")]
    numbered = paragraphs[1]
    assert numbered.paragraph_format.left_indent == Cm(0.9).twips * 635
    assert numbered.paragraph_format.first_line_indent == -Cm(0.9).twips * 635
    runs = numbered.runs
    assert (runs[1].bold, runs[1].italic, runs[2].bold, runs[2].italic) == (
        True, None, None, True)
    assert paragraphs[3].paragraph_format.keep_with_next  # the lead-in stays with its table
    assert not paragraphs[0].paragraph_format.keep_with_next  # the style keeps headings
    body = document.element.body
    assert len(body.xpath('.//w:br[@w:type="page"]')) == 1


def test_tables_repeat_their_header_and_short_ones_stay_on_one_page() -> None:
    document = _open(render_docx(_every_kind(), SWEDISH))
    short, long = document.tables
    assert short.style is not None and short.style.name == "Table Grid"
    for table, rows in ((short, 3), (long, KEEP_TOGETHER_ROWS + 1)):
        assert len(table.rows) == rows + 1
        assert all(row._tr.xpath("./w:trPr/w:cantSplit") for row in table.rows)
        assert table.rows[0]._tr.xpath("./w:trPr/w:tblHeader")
        assert not any(row._tr.xpath("./w:trPr/w:tblHeader") for row in table.rows[1:])
        header = table.rows[0].cells
        assert all(run.bold for cell in header for run in cell.paragraphs[0].runs)
        assert header[0]._tc.xpath("./w:tcPr/w:shd/@w:fill") == ["E3E6EA"]
        amount, middle = table.rows[1].cells[1:]
        assert amount.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.RIGHT
        assert middle.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert amount.paragraphs[0].runs[0].font.size.pt == 9.5
    keep = [row.cells[0].paragraphs[0].paragraph_format.keep_with_next for row in short.rows]
    assert keep == [True, True, True, None]
    assert not any(row.cells[0].paragraphs[0].paragraph_format.keep_with_next
                   for row in long.rows)
    widths = [column.width for column in short.columns]
    assert all(widths) and sum(widths) <= Cm(16.01)


@pytest.mark.parametrize("first_landscape", [True, False])
def test_documents_do_not_leak_into_each_other(first_landscape: bool) -> None:
    annex = Page("Ystads kommun", "Bilaga", "2025", ("Page", "of"), "Annex", "en-GB",
                 draft="DRAFT – not for decision", landscape=True)
    pages = [annex, SWEDISH] if first_landscape else [SWEDISH, annex]
    documents = [_open(render_docx(parse(f"# {page.title}\n\nText."), page)) for page in pages]
    for page, document in zip(pages, documents, strict=True):
        section = document.sections[0]
        header = "\n".join(paragraph.text for paragraph in section.header.paragraphs)
        assert ("DRAFT" in header) == bool(page.draft)
        assert page.kind.upper() in header
        assert section.footer.paragraphs[0].text.startswith(f"{page.footer}\t")
        assert document.paragraphs[0].text == page.title
        assert document.core_properties.language == page.language
        assert (section.orientation == WD_ORIENT.LANDSCAPE) == page.landscape
        width, height = section.page_width, section.page_height
        assert width is not None and height is not None
        assert (width > height) == page.landscape
        normal = document.styles["Normal"].element
        assert normal.xpath("./w:rPr/w:lang/@w:val") == [page.language]


def test_the_same_memo_gives_the_same_bytes() -> None:
    blocks = _every_kind()
    assert render_docx(blocks, SWEDISH) == render_docx(blocks, SWEDISH)


def test_captions_notes_and_short_lists_stay_with_what_they_belong_to() -> None:
    """A caption above a table, the note under it and a short list after its heading are
    never left alone at a page end: Word's "keep with next" holds them together."""
    blocks = parse("## Beslutet skickas till\n\n- Socialnämnden\n- Barn- och "
                   "utbildningsnämnden\n- Ekonomiavdelningen\n\nTabell 1. Kostnad per år\n\n"
                   "| År | Belopp |\n| --- | ---: |\n" + "".join(
                       f"| {2020 + n} | {n} 000 kr |\n" for n in range(KEEP_TOGETHER_ROWS + 2))
                   + "\n*Not: beloppen är i löpande priser.*\n\nEtt vanligt stycke.\n")
    document = _open(render_docx(blocks, SWEDISH))
    paragraphs = {p.text: p for p in document.paragraphs}
    heading = paragraphs["Beslutet skickas till"]
    assert heading.style is not None and heading.style.name == "Heading 2"
    assert heading.paragraph_format.keep_together is None  # else LibreOffice drops keepNext
    # a short list after a heading is one paragraph, a line an item, its lines together
    texts = [p.text for p in document.paragraphs]
    recipients = document.paragraphs[texts.index("Beslutet skickas till") + 1]
    assert recipients.text == ("•\tSocialnämnden\n•\tBarn- och utbildningsnämnden\n"
                               "•\tEkonomiavdelningen")
    assert recipients.paragraph_format.keep_together
    caption = paragraphs["Tabell 1. Kostnad per år"]
    assert caption.style is not None and caption.style.name == "Caption"
    assert caption.paragraph_format.keep_with_next
    (table,) = document.tables
    last = table.rows[-1].cells[0].paragraphs[0]
    assert last.paragraph_format.keep_with_next  # a long table keeps its last row with the note
    note = paragraphs["Not: beloppen är i löpande priser."]
    size = note.runs[0].font.size
    assert size is not None and size.pt == 9.5
    assert not paragraphs["Ett vanligt stycke."].paragraph_format.keep_with_next
    short_list = _open(render_docx(parse("Inledning\n\n" + "\n".join(
        f"- Punkt {n}" for n in range(3))), SWEDISH))
    assert [p.paragraph_format.keep_with_next for p in short_list.paragraphs] == [
        True, True, True, None]
    long_list = _open(render_docx(parse("\n".join(f"- Punkt {n}" for n in range(12))),
                                  SWEDISH))
    assert not any(p.paragraph_format.keep_with_next for p in long_list.paragraphs)
