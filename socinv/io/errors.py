"""The one error every reader raises for a file it refuses to read."""

from __future__ import annotations

from pathlib import Path

from socinv.errors import EXIT_UNREADABLE, UserError
from socinv.i18n import Lang
from socinv.rules.findings import Finding, Param, make


class UnreadableFile(UserError):
    """A file that cannot be read as a document: exit 2, and a finding in reports."""

    def __init__(
        self,
        path: Path,
        code: str,
        pos: tuple[int, int] | None = None,
        **params: Param,
    ) -> None:
        self.path = path
        self.code = code
        self.pos = pos
        self.params = params
        super().__init__(self.render("sv"), self.render("en"), EXIT_UNREADABLE)

    def finding(self, file: str) -> Finding:
        return make(file, self.code, "", self.pos, None, **self.params)

    def render(self, lang: Lang, file: str | None = None) -> str:
        where = file or str(self.path)
        if self.pos:
            where += f":{self.pos[0]}:{self.pos[1]}"
        return f"{where}: {self.finding(where).message(lang)}"
