"""Findings and the validation report: small typed objects that reporters only render."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, Literal

from socinv.i18n import Lang, pick
from socinv.profiles.vocabulary import DEFAULT as DEFAULT_VOCABULARY
from socinv.profiles.vocabulary import Vocabulary
from socinv.rules.catalogue import RULES

Severity = Literal["error", "warning"]
Param = str | int | float | Mapping[str, str]


@dataclass(frozen=True)
class Finding:
    """One problem in one document, located by line/column (YAML) or place (Word)."""

    file: str
    code: str
    field: str = ""
    line: int | None = None
    column: int | None = None
    place: str | None = None
    params: tuple[tuple[str, Param], ...] = ()
    severity_override: Severity | None = None

    @property
    def severity(self) -> Severity:
        return self.severity_override or RULES[self.code].severity

    def message(self, lang: Lang, vocabulary: Vocabulary | None = None) -> str:
        """The message in ``lang``, in the profile's words (``{decision_body}`` …)."""
        values = (vocabulary or DEFAULT_VOCABULARY).placeholders(lang)
        values.update((key, _render(value, lang)) for key, value in self.params)
        values.setdefault("field", self.field)
        return pick(RULES[self.code].message, lang).format_map(values)

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.file, self.line or 0, self.column or 0, self.field, self.code)

    def to_dict(self, lang: Lang, vocabulary: Vocabulary | None = None) -> dict[str, Any]:
        data: dict[str, Any] = {
            "file": self.file,
            "field": self.field,
            "code": self.code,
            "severity": self.severity,
            "message": self.message(lang, vocabulary),
        }
        if self.line is not None:
            data["line"] = self.line
            data["column"] = self.column
        if self.place is not None:
            data["place"] = self.place
        return data


def make(
    file: str,
    code: str,
    field: str = "",
    pos: tuple[int, int] | None = None,
    severity: Severity | None = None,
    **params: Param,
) -> Finding:
    """Build a finding; ``pos`` is a 1-based (line, column) pair."""
    if code not in RULES:
        raise KeyError(f"unknown rule code {code!r}")
    return Finding(
        file=file,
        code=code,
        field=field,
        line=pos[0] if pos else None,
        column=pos[1] if pos else None,
        params=tuple(sorted(params.items())),
        severity_override=severity,
    )


def _render(value: Param, lang: Lang) -> str:
    if isinstance(value, Mapping):
        return pick(value, lang)
    if isinstance(value, int) and not isinstance(value, bool):
        return f"{value:,}".replace(",", "\u00a0") if abs(value) >= 10000 else str(value)
    return str(value)


@dataclass
class Report:
    """Findings per file, the files checked, and whether everything is valid."""

    lang: Lang = "sv"
    files: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    unreadable: set[str] = field(default_factory=set)
    #: with --explain: file → figures (an object with ``to_dict()``), per application
    economics: dict[str, Any] | None = None
    #: with --explain: application file → the outturn beside its forecast (granted cases)
    ex_post: dict[str, Any] | None = None
    #: the profile's words for the messages
    vocabulary: Vocabulary = DEFAULT_VOCABULARY

    def add_file(self, file: str, findings: Iterable[Finding], unreadable: bool = False) -> None:
        self.files.append(file)
        self.findings.extend(findings)
        if unreadable:
            self.unreadable.add(file)

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "error"]

    @property
    def warnings(self) -> list[Finding]:
        return [f for f in self.findings if f.severity == "warning"]

    @property
    def valid(self) -> bool:
        return not self.errors

    @property
    def exit_code(self) -> int:
        if self.unreadable:
            return 2
        return 0 if self.valid else 1

    def sorted_findings(self) -> list[Finding]:
        return sorted(self.findings, key=Finding.sort_key)

    def by_file(self) -> dict[str, list[Finding]]:
        grouped: dict[str, list[Finding]] = {}
        for finding in self.sorted_findings():
            grouped.setdefault(finding.file, []).append(finding)
        return grouped

    def merge(self, other: Report) -> None:
        self.files += other.files
        self.findings += other.findings
        self.unreadable |= other.unreadable
        if other.economics is not None:
            self.economics = {**(self.economics or {}), **other.economics}
        if other.ex_post is not None:
            self.ex_post = {**(self.ex_post or {}), **other.ex_post}

    def to_dict(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "valid": self.valid,
            "files": sorted(self.files),
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "findings": [f.to_dict(self.lang, self.vocabulary)
                         for f in self.sorted_findings()],
        }
        if self.economics is not None:
            data["economics"] = {file: figures.to_dict()
                                 for file, figures in sorted(self.economics.items())}
        if self.ex_post is not None:
            data["ex_post"] = {file: figures.to_dict()
                               for file, figures in sorted(self.ex_post.items())}
        return data
