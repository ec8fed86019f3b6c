"""Charts in a Word document as native Word charts (DrawingML), from ``charts.Chart``.

A paper puts a placeholder paragraph (:func:`placeholder`) where a chart goes; after
``docx_render`` has written the document, :func:`add_charts` replaces each placeholder
with an inline chart and adds its part (``word/charts/chartN.xml``), relationship and
content type. The chart's figures are in the part itself (the series' cached values), so
Word and LibreOffice draw it without a workbook and without any image library; the
text is real text, which the public-record guard reads like every other part.
"""

from __future__ import annotations

import io
import re
import zipfile

from socinv.i18n import Lang
from socinv.io.docx_package import info
from socinv.io.xmltext import attribute, escape
from socinv.reports.charts import COLOURS, Chart
from socinv.reports.templating import clean

_C = "http://schemas.openxmlformats.org/drawingml/2006/chart"
_A = "http://schemas.openxmlformats.org/drawingml/2006/main"
_R = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_CHART_TYPE = "application/vnd.openxmlformats-officedocument.drawingml.chart+xml"
_CHART_REL = _R + "/chart"
_EMU_PER_CM = 360000
_NUMBER = {"sv": '[$-41D]#,##0 "kr"', "en": '"SEK "#,##0'}  # as the annex workbook


def placeholder(key: str) -> str:
    """The text of the paragraph a chart replaces."""
    return f"[[socinv-chart:{key}]]"


def add_charts(document: bytes, charts: list[Chart], lang: Lang, width_cm: float = 16.0,
               height_cm: float = 7.5) -> bytes:
    """``document`` with each chart's placeholder paragraph replaced by the chart (a chart
    without a placeholder, or without figures, is left out, and so is its placeholder)."""
    source = zipfile.ZipFile(io.BytesIO(document))
    # the body as bytes, edited in place: an annex of thousands of cases is tens of MB of
    # XML, and as text it would be held twice more (issue 18)
    original = source.read("word/document.xml")
    body = original
    rels = source.read("word/_rels/document.xml.rels").decode("utf-8")
    types = source.read("[Content_Types].xml").decode("utf-8")
    added: dict[str, bytes] = {}
    for number, chart in enumerate(charts, start=1):
        marker = re.escape(escape(placeholder(chart.key)).encode("utf-8"))
        pattern = re.compile(rb"<w:p(?:\s[^>]*)?>(?:(?!<w:p[\s>]).)*?" + marker
                             + rb".*?</w:p>", re.S)
        found = pattern.search(body)
        if found is None:
            continue
        if chart.empty:
            body = body[:found.start()] + body[found.end():]
            continue
        rid = f"rIdSocinvChart{number}"
        name = f"charts/chart{number}.xml"
        added[f"word/{name}"] = chart_xml(chart, lang).encode("utf-8")
        rels = rels.replace("</Relationships>", f'<Relationship Id="{rid}" '
                            f'Type="{_CHART_REL}" Target="{name}"/></Relationships>')
        types = types.replace("</Types>", f'<Override PartName="/word/{name}" '
                              f'ContentType="{_CHART_TYPE}"/></Types>')
        inline = _inline(rid, 9000 + number, chart, int(width_cm * _EMU_PER_CM),
                         int(height_cm * _EMU_PER_CM))
        body = body[:found.start()] + inline.encode("utf-8") + body[found.end():]
    if not added and body is original:
        return document
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as target:
        del original
        for entry in source.infolist():
            if entry.filename == "word/document.xml":
                data = body
            elif entry.filename == "word/_rels/document.xml.rels":
                data = rels.encode("utf-8")
            elif entry.filename == "[Content_Types].xml":
                data = types.encode("utf-8")
            else:
                data = source.read(entry.filename)
            target.writestr(info(entry.filename), data)
        for name, data in added.items():
            target.writestr(info(name), data)
    return out.getvalue()


def _inline(rid: str, shape_id: int, chart: Chart, width: int, height: int) -> str:
    title = attribute(clean(chart.title))
    description = attribute(clean(chart.description or chart.title))
    return (
        '<w:p><w:pPr><w:spacing w:before="120" w:after="120"/></w:pPr><w:r><w:drawing>'
        f'<wp:inline distT="0" distB="0" distL="0" distR="0"><wp:extent cx="{width}" '
        f'cy="{height}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{shape_id}" name="{title}" descr="{description}"/>'
        "<wp:cNvGraphicFramePr/>"
        f'<a:graphic xmlns:a="{_A}"><a:graphicData uri="{_C}">'
        f'<c:chart xmlns:c="{_C}" xmlns:r="{_R}" r:id="{rid}"/>'
        "</a:graphicData></a:graphic></wp:inline></w:drawing></w:r></w:p>")


def _text(value: str) -> str:
    return escape(clean(value))


def _run(text: str, size: int, bold: bool, lang: str) -> str:
    return (f'<a:p><a:pPr><a:defRPr sz="{size}" b="{int(bold)}"/></a:pPr><a:r>'
            f'<a:rPr lang="{lang}" sz="{size}" b="{int(bold)}"/><a:t>{_text(text)}</a:t>'
            "</a:r></a:p>")


def chart_xml(chart: Chart, lang: Lang) -> str:
    """The chart part: a clustered column chart whose figures are its cached values; a
    value of None is an empty point (no column, shown as a gap)."""
    language = "sv-SE" if lang == "sv" else "en-GB"
    count = len(chart.categories)
    number_format = attribute(_NUMBER[lang] if chart.kronor else "0")
    letters = "BCDEFGH"
    series: list[str] = []
    for index, item in enumerate(chart.series):
        column = letters[index % len(letters)]
        points = "".join(f'<c:pt idx="{i}"><c:v>{value}</c:v></c:pt>'
                         for i, value in enumerate(item.values) if value is not None)
        categories = "".join(f'<c:pt idx="{i}"><c:v>{_text(name)}</c:v></c:pt>'
                             for i, name in enumerate(chart.categories))
        series.append(
            f'<c:ser><c:idx val="{index}"/><c:order val="{index}"/>'
            f"<c:tx><c:strRef><c:f>Blad1!${column}$1</c:f><c:strCache><c:ptCount val=\"1\"/>"
            f'<c:pt idx="0"><c:v>{_text(item.name)}</c:v></c:pt></c:strCache></c:strRef></c:tx>'
            f'<c:spPr><a:solidFill><a:srgbClr val="{COLOURS[index % len(COLOURS)]}"/>'
            "</a:solidFill></c:spPr>"
            '<c:invertIfNegative val="0"/>'
            f"<c:cat><c:strRef><c:f>Blad1!$A$2:$A${count + 1}</c:f><c:strCache>"
            f'<c:ptCount val="{count}"/>{categories}</c:strCache></c:strRef></c:cat>'
            f"<c:val><c:numRef><c:f>Blad1!${column}$2:${column}${count + 1}</c:f><c:numCache>"
            f'<c:formatCode>{number_format}</c:formatCode><c:ptCount val="{count}"/>{points}'
            "</c:numCache></c:numRef></c:val></c:ser>")
    axis_text = ('<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="800"/></a:pPr>'
                 f'<a:endParaRPr lang="{language}"/></a:p></c:txPr>')
    return (
        "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
        f'<c:chartSpace xmlns:c="{_C}" xmlns:a="{_A}" xmlns:r="{_R}">'
        f'<c:lang val="{language}"/><c:roundedCorners val="0"/>'
        "<c:chart>"
        f"<c:title><c:tx><c:rich><a:bodyPr/><a:lstStyle/>"
        f"{_run(chart.title, 1100, True, language)}</c:rich></c:tx>"
        '<c:overlay val="0"/></c:title><c:autoTitleDeleted val="0"/>'
        "<c:plotArea><c:layout/>"
        '<c:barChart><c:barDir val="col"/><c:grouping val="clustered"/>'
        '<c:varyColors val="0"/>' + "".join(series)
        + '<c:gapWidth val="80"/><c:axId val="500100"/><c:axId val="500200"/></c:barChart>'
        '<c:catAx><c:axId val="500100"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="b"/><c:numFmt formatCode="General" '
        'sourceLinked="0"/><c:majorTickMark val="out"/><c:minorTickMark val="none"/>'
        f'<c:tickLblPos val="low"/>{axis_text}<c:crossAx val="500200"/>'
        '<c:crosses val="autoZero"/><c:auto val="1"/><c:lblAlgn val="ctr"/>'
        '<c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>'
        '<c:valAx><c:axId val="500200"/><c:scaling><c:orientation val="minMax"/></c:scaling>'
        '<c:delete val="0"/><c:axPos val="l"/><c:majorGridlines><c:spPr><a:ln w="6350">'
        '<a:solidFill><a:srgbClr val="D9D9D9"/></a:solidFill></a:ln></c:spPr>'
        f'</c:majorGridlines><c:numFmt formatCode="{number_format}" sourceLinked="0"/>'
        '<c:majorTickMark val="out"/><c:minorTickMark val="none"/>'
        f'<c:tickLblPos val="nextTo"/>{axis_text}<c:crossAx val="500100"/>'
        '<c:crosses val="autoZero"/><c:crossBetween val="between"/></c:valAx>'
        "</c:plotArea>"
        f'<c:legend><c:legendPos val="b"/><c:overlay val="0"/>{axis_text}</c:legend>'
        '<c:plotVisOnly val="1"/><c:dispBlanksAs val="gap"/></c:chart>'
        '<c:spPr><a:noFill/><a:ln><a:noFill/></a:ln></c:spPr>'
        f'<c:txPr><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="900">'
        '<a:latin typeface="Arial"/></a:defRPr></a:pPr>'
        f'<a:endParaRPr lang="{language}"/></a:p></c:txPr>'
        "</c:chartSpace>")
