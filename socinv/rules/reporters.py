"""Reporters render a validation Report as text (grouped by file) or JSON."""

from __future__ import annotations

import json

from socinv.i18n import Lang
from socinv.rules.findings import Report

_SEVERITY = {"sv": {"error": "fel", "warning": "varning"},
             "en": {"error": "error", "warning": "warning"}}


def render_json(report: Report) -> str:
    return json.dumps(report.to_dict(), ensure_ascii=False, indent=2)


def render_text(report: Report, color: bool = False) -> str:
    lang: Lang = report.lang
    lines: list[str] = []
    for file, findings in report.by_file().items():
        lines.append(_style(file, color, bold=True))
        for finding in findings:
            where = (f"{finding.line}:{finding.column}" if finding.line is not None
                     else finding.place or "")
            if finding.line is None and where:  # a Word place ("Syfte", "Kostnad per år ›
                lines.append(f"  {where}")  # rad 3"): a line of its own, never in the column
                where = ""
            severity = _SEVERITY[lang][finding.severity]
            severity_text = _style(f"{severity:<8}", color,
                                   fg="red" if finding.severity == "error" else "yellow")
            lines.append(f"  {where:<8} {severity_text} {finding.message(lang, report.vocabulary)}")
            detail = _style(f"{finding.field} [{finding.code}]", color, dim=True)
            lines.append(f"  {'':<8} {'':<8} {detail}")
        lines.append("")
    lines.append(summary(report))
    return "\n".join(lines)


def summary(report: Report) -> str:
    errors, warnings = len(report.errors), len(report.warnings)
    files = len(report.files)
    bad = len({finding.file for finding in report.findings})
    if report.lang == "en":
        if not report.findings:
            return f"All {files} files are valid." if files != 1 else "The file is valid."
        return (f"{errors} error{'s' * (errors != 1)} and {warnings} "
                f"warning{'s' * (warnings != 1)} in {bad} of {files} file{'s' * (files != 1)}.")
    if not report.findings:
        return f"Alla {files} filer är giltiga." if files != 1 else "Filen är giltig."
    return (f"{errors} fel och {warnings} varning{'ar' * (warnings != 1)} i {bad} av {files} "
            f"fil{'er' * (files != 1)}.")


def _style(text: str, color: bool, **style: object) -> str:
    if not color:
        return text
    import typer

    return typer.style(text, **style)  # type: ignore[arg-type]
