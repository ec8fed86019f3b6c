"""The Markdown the templates write, read back as blocks for Word.

A small, strict subset: ``#``–``###`` headings, paragraphs, ``- `` bullets,
``1. `` numbered items (the att-clauses), pipe tables (``---:`` right-aligns a
column), ``<!-- pagebreak -->``, and inline ``**bold**``, ``*italic*``, ``<br>``
and backslash escapes. Anything else is text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Run:
    """A piece of text in one style."""

    text: str  # "\n" is a line break
    bold: bool = False
    italic: bool = False


Runs = list[Run]


@dataclass
class Heading:
    """A heading of a paper."""

    level: int
    runs: Runs


@dataclass
class Paragraph:
    """A paragraph of a paper."""

    runs: Runs


@dataclass
class Item:
    """A list item: ``marker`` is "-" for a bullet or the number ("1.") for a numbered one."""

    marker: str
    runs: Runs


@dataclass
class Table:
    """A table of a paper: header, rows and alignment."""

    header: list[Runs]
    rows: list[list[Runs]] = field(default_factory=list)
    align: list[str] = field(default_factory=list)  # "left" | "right" | "center"


@dataclass
class PageBreak:
    """A page break in a paper."""


Block = Heading | Paragraph | Item | Table | PageBreak

_HEADING = re.compile(r"^(#{1,3})\s+(.*)$")
_BULLET = re.compile(r"^[-*]\s+(.*)$")
_NUMBERED = re.compile(r"^(\d{1,3}[.)])\s+(.*)$")
_BREAK = re.compile(r"\s*<br>\s*")
_RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")


_INLINE = re.compile(r"\\(.)|(<br>)|(\*\*)|(\*)|([^\\<*]+|[\\<])", re.DOTALL)


def inline(text: str) -> Runs:
    """Inline Markdown to runs: ``\\x`` is a literal x, ``<br>`` a line break, ``**`` and
    ``*`` switch bold and italic."""
    runs: Runs = []
    buffer: list[str] = []
    bold = italic = False
    for escaped, line_break, strong, emphasis, text_part in _INLINE.findall(text):
        if escaped or text_part:
            buffer.append(escaped or text_part)
            continue
        if buffer:
            runs.append(Run("".join(buffer), bold, italic))
            buffer.clear()
        if line_break:
            runs.append(Run("\n", bold, italic))
        elif strong:
            bold = not bold
        elif emphasis:
            italic = not italic
    if buffer:
        runs.append(Run("".join(buffer), bold, italic))
    return runs


def plain(runs: Runs) -> str:
    return "".join(run.text for run in runs)


_ROW_TOKEN = re.compile(r"\\.|\||[^\\|]+|\\", re.S)  # an escape, a bar, other text


def split_row(line: str) -> list[str]:
    """A table line's cells, honouring ``\\|`` escapes (a backslash keeps the character
    after it, a bar among them)."""
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    cells: list[str] = []
    current: list[str] = []
    for token in _ROW_TOKEN.findall(body):
        if token == "|":
            cells.append("".join(current).strip())
            current = []
        else:
            current.append(token)
    cells.append("".join(current).strip())
    return cells


def _cell(text: str) -> Runs:
    return inline(_BREAK.sub("<br>", text))


def _align(cell: str) -> str:
    cell = cell.strip()
    if cell.startswith(":") and cell.endswith(":"):
        return "center"
    return "right" if cell.endswith(":") else "left"


def parse(markdown: str) -> list[Block]:
    blocks: list[Block] = []
    lines = markdown.splitlines()
    paragraph: list[str] = []

    def end_paragraph() -> None:
        if paragraph:
            blocks.append(Paragraph(inline(_BREAK.sub("<br>", " ".join(paragraph)))))
            paragraph.clear()

    index = 0
    while index < len(lines):
        line = lines[index].strip()
        index += 1
        if not line:
            end_paragraph()
            continue
        if line == "<!-- pagebreak -->":
            end_paragraph()
            blocks.append(PageBreak())
            continue
        if line.startswith("<!--") and line.endswith("-->"):
            continue
        if line.startswith("|"):
            end_paragraph()
            table = Table([_cell(cell) for cell in split_row(line)])
            if index < len(lines) and _RULE.match(lines[index].strip()):
                table.align = [_align(cell) for cell in split_row(lines[index].strip())]
                index += 1
            while index < len(lines) and lines[index].strip().startswith("|"):
                table.rows.append([_cell(cell) for cell in split_row(lines[index].strip())])
                index += 1
            blocks.append(table)
            continue
        heading = _HEADING.match(line)
        if heading:
            end_paragraph()
            blocks.append(Heading(len(heading.group(1)), inline(heading.group(2))))
            continue
        numbered = _NUMBERED.match(line)
        if numbered:
            end_paragraph()
            blocks.append(Item(numbered.group(1), inline(numbered.group(2))))
            continue
        bullet = _BULLET.match(line)
        if bullet:
            end_paragraph()
            blocks.append(Item("-", inline(bullet.group(1))))
            continue
        paragraph.append(line)
    end_paragraph()
    return blocks
