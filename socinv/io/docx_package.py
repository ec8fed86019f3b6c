"""A Word file as a skeleton and the parts written per document, without python-docx.

python-docx saves a document once (the skeleton: styles, settings, theme, page geometry,
empty header and footer); each document is then that skeleton with its body, header,
footer and core properties written as XML text. The papers (``reports/docx_render``) and
the forms (``io/docx_form``) are written this way: python-docx's import alone costs about
as much as typer's (issue 18).
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from socinv.io.xmltext import escape as escape  # re-exported: the papers' and forms' text

XML_DECLARATION = "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
CORE_PART = "docProps/core.xml"
#: the core properties' root element as python-docx writes it (its content is the caller's)
CORE_OPEN = (
    XML_DECLARATION
    + '<cp:coreProperties xmlns:cp="http://schemas.openxmlformats.org/package/2006/metadata/'
    'core-properties" xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:dcterms="http://purl.org/dc/terms/" xmlns:dcmitype="http://purl.org/dc/dcmitype/" '
    'xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">')
_RELATIONSHIP = re.compile(r"<Relationship\b[^>]*>")
_ATTRIBUTE = re.compile(r'([A-Za-z]+)="([^"]*)"')
_OFFICE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#: the static parts of the skeletons this process wrote documents from, as (name, CRC-32,
#: size): socinv's own shipped bytes, the same in every document, which the public-record
#: guard (``reports.output``) need not read again — two thirds of a paper's XML
SKELETON_PARTS: set[tuple[str, int, int]] = set()


@dataclass(frozen=True)
class Part:
    """A part of the skeleton whose content is written per document: name, text around it."""

    name: str
    before: str
    after: str

    def write(self, content: str) -> str:
        return self.before + content + self.after


@dataclass(frozen=True)
class Skeleton:
    """A saved document split: the parts the same in each document, and those written."""

    static: bytes  # a zip of every part that is the same in each document
    document: Part
    header: Part
    footer: Part


def split_kept(saved: bytes) -> Skeleton:
    """:func:`split`, kept in the user's cache under the saved document's bytes: a paper
    or form would otherwise unzip and zip the skeleton again each time (issue 18)."""
    from socinv import usercache

    key = usercache.key_of("docx-skeleton", saved, usercache.code_stamp("io/docx_package.py"))
    kept = usercache.load("skeletons", key)
    if not isinstance(kept, Skeleton):
        kept = split(saved)
        usercache.store("skeletons", key, kept)
    with zipfile.ZipFile(io.BytesIO(kept.static)) as archive:
        SKELETON_PARTS.update((entry.filename, entry.CRC, entry.file_size)
                              for entry in archive.infolist())
    return kept


def split(saved: bytes) -> Skeleton:
    """The parts the same in every document, and the three written per document."""
    with zipfile.ZipFile(io.BytesIO(saved)) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    main = _target("", entries["_rels/.rels"], "officeDocument")
    folder, _, file = main.rpartition("/")
    relationships = entries[f"{folder}/_rels/{file}.rels"]
    header = _target(folder, relationships, "header")
    footer = _target(folder, relationships, "footer")
    text = {name: entries.pop(name).decode("utf-8") for name in (main, header, footer)}
    entries.pop(CORE_PART)
    static = io.BytesIO()
    with zipfile.ZipFile(static, "w") as archive:
        for name in sorted(entries, key=lambda name: name != "[Content_Types].xml"):
            write(archive, name, entries[name])
    return Skeleton(static.getvalue(), _body_part(main, text[main]),
                    _root_part(header, text[header]), _root_part(footer, text[footer]))


def _target(folder: str, relationships: bytes, kind: str) -> str:
    """The part name the first relationship of ``kind`` points to."""
    for found in _RELATIONSHIP.finditer(relationships.decode("utf-8")):
        relationship = dict(_ATTRIBUTE.findall(found.group(0)))
        if relationship.get("Type") == _OFFICE + kind:
            target = relationship.get("Target", "").lstrip("/")
            return f"{folder}/{target}" if folder else target
    raise ValueError(f"python-docx wrote no {kind} part")  # a python-docx we do not know


def _body_part(name: str, xml: str) -> Part:
    """The document without its body's content, up to the section properties at its end."""
    start = xml.index("<w:body>") + len("<w:body>")
    end = xml.rindex("<w:sectPr")
    return Part(name, xml[:start], xml[end:])


def _root_part(name: str, xml: str) -> Part:
    """A header or footer without its paragraphs: the root element's tags."""
    root = re.search(r"<w:(hdr|ftr)\b[^>]*>", xml)
    if root is None:
        raise ValueError(f"{name} is no header or footer")
    return Part(name, xml[:root.end()], f"</w:{root.group(1)}>")


_SPECIAL = re.compile(r"([\t\r\n])")


def content(text: str, preserve: bool = False) -> str:
    """A run's content: a tab is ``w:tab``, a line end ``w:br``, the text between them
    ``w:t``, which keeps its spaces where it starts or ends with one, as python-docx writes
    it (``preserve``: always, as the papers write every text)."""
    parts: list[str] = []
    for piece in _SPECIAL.split(text):
        if piece == "\t":
            parts.append("<w:tab/>")
        elif piece in ("\r", "\n"):
            parts.append("<w:br/>")
        elif piece:
            space = ' xml:space="preserve"' if preserve or len(piece.strip()) < len(piece) \
                else ""
            parts.append(f"<w:t{space}>{escape(piece)}</w:t>")
    return "".join(parts)


def info(name: str) -> zipfile.ZipInfo:
    """A part deflated, dated 1980-01-01 so that the same document gives the same bytes."""
    entry = zipfile.ZipInfo(name)
    entry.compress_type = zipfile.ZIP_DEFLATED
    return entry


def write(archive: zipfile.ZipFile, name: str, data: bytes) -> None:
    """Store ``data`` deflated (``info``)."""
    archive.writestr(info(name), data)
