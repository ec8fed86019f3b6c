"""Where a finding stands in a Word document: a heading, a table row, a labelled row.

Word has no line numbers that people see, so a finding names what they do
see: "Kostnad per år › rad 3 › Belopp (kr)", "Tidsperiod › Slutdatum", or the
heading itself — and, for a field whose heading was deleted, the heading the
template had, so that the user knows what to put back.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from socinv.i18n import Lang
from socinv.io.docx_layout import ROW_WORD

Parts = tuple[str | int, ...]
_MISSING = {"sv": "rubriken saknas i dokumentet", "en": "heading not in the document"}


@dataclass
class DocxLocator:
    """Places in a Word document: "heading", "heading › row 3 › column", "heading › label"."""

    lang: Lang = "sv"
    sections: dict[Parts, str] = field(default_factory=dict)
    labels: dict[Parts, str] = field(default_factory=dict)  # every layout field, as fallback
    rows: dict[tuple[Parts, int], tuple[str, int]] = field(default_factory=dict)
    columns: dict[tuple[Parts, str], str] = field(default_factory=dict)
    cells: dict[Parts, str] = field(default_factory=dict)

    def locate(self, path: Parts) -> tuple[tuple[int, int] | None, str | None]:
        for index, part in enumerate(path):
            if isinstance(part, int):
                found = self.rows.get((path[:index], part))
                if found is None:
                    path = path[:index]
                    break
                heading, row = found
                place = f"{heading} › {ROW_WORD[self.lang]} {row}"
                if index + 1 < len(path):
                    column = self.columns.get((path[:index], str(path[index + 1])))
                    if column:
                        place += f" › {column}"
                return None, place
        for size in range(len(path), 0, -1):
            prefix = path[:size]
            if prefix in self.cells:
                return None, self.cells[prefix]
            if prefix in self.sections:
                return None, self.sections[prefix]
            if size == len(path) and prefix in self.labels:
                return None, f"{self.labels[prefix]} ({_MISSING[self.lang]})"
        return None, None
