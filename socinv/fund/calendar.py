"""The reporting calendar: which reports an active case owes, which are late, which is next.

The profile's ``reporting.periods`` give each report kind and the date it is as
of (Ystad: ``interim`` per 31 August, ``annual`` per 31 December; Heby:
``annual``; a region may have tertials or quarters). A case owes the report of a
period when that date falls within its project period (``period.start``–``period.end``
of the application, else the years of the decision). A report is overdue when its
date plus the period's grace days (``grace_days``, default the section's, else 0)
has passed and the file ``reports/YEAR-KIND`` does not exist.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from socinv.errors import UserError
from socinv.fund.fund import REPORTS_DIR, CaseDir, Fund
from socinv.i18n import pick
from socinv.model.doctypes import DOCUMENT_SUFFIXES
from socinv.profiles.cadence import ReportKind
from socinv.rules.findings import Finding, make

#: a report period of the profile (``interim`` per 31 August, ``tertial1`` per 30 April …)
Kind = ReportKind


class Period(NamedTuple):  # a tuple: made for every active case on every run
    year: int
    kind: Kind
    due: dt.date

    @property
    def name(self) -> str:
        return f"{self.year}-{self.kind.kind}"


@dataclass
class Calendar:
    """A case's reporting periods: which reports are due, and which are in."""

    start: dt.date
    end: dt.date
    required: list[Period]
    submitted: set[str]
    today: dt.date
    grace: int
    final_report: bool = False
    overdue: list[Period] = field(default_factory=list)

    @property
    def next_due(self) -> Period | None:
        return next((p for p in self.required if p.name not in self.submitted
                     and p not in self.overdue), None)

    @property
    def final_overdue(self) -> bool:
        return not self.final_report and self.today > self.end + dt.timedelta(days=self.grace)


def default_today() -> dt.date:
    """Today, or ``SOCINV_TODAY`` (ISO date) for reproducible runs."""
    text = os.environ.get("SOCINV_TODAY")
    if text:
        return parse_today(text)
    return dt.date.today()


def parse_today(text: str) -> dt.date:
    """A date typed as an option (``--date``, ``--today``): ISO, and a year socinv can mean."""
    from socinv.model.values import MAX_YEAR, MIN_YEAR

    try:
        value = dt.date.fromisoformat(text.strip()) if len(text) <= 40 else None
    except ValueError:
        value = None
    if value is None:
        raise UserError(f"\"{text}\" är inget datum. Skriv ÅÅÅÅ-MM-DD, t.ex. 2027-09-15.",
                        f"\"{text}\" is not a date. Write YYYY-MM-DD, e.g. 2027-09-15.")
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise UserError(f"{value.isoformat()}: året ska ligga mellan {MIN_YEAR} och {MAX_YEAR}.",
                        f"{value.isoformat()}: the year must be between {MIN_YEAR} and "
                        f"{MAX_YEAR}.")
    return value


def kinds(fund: Fund) -> tuple[list[Kind], int]:
    """The profile's report periods (checked when the profile was loaded) and grace days."""
    cadence = fund.profile.cadence
    return list(cadence.kinds), cadence.grace_days


Span = tuple[dt.date, dt.date]
#: the reports a case has submitted (``2026-interim``) and whether it has a final report
Files = tuple[Iterable[str], bool]


def span(fund: Fund, case: CaseDir, decision: dict[str, Any]) -> Span | None:
    """The project period: the application's, else the years of the decision."""
    from socinv.validation import read_once

    path = case.document("application")
    model = None if path is None else read_once(fund, path, "application").model
    return span_from(model, decision)


def span_from(application: dict[str, Any] | None, decision: dict[str, Any]) -> Span | None:
    """``span`` from already-read models (the validation run has them)."""
    period = (application or {}).get("period") or {}
    start, end = period.get("start"), period.get("end")
    if isinstance(start, dt.date) and isinstance(end, dt.date) and start <= end:
        return start, end
    years = sorted(year for year in (decision.get("per_year") or {}) if isinstance(year, int))
    if years:
        return dt.date(years[0], 1, 1), dt.date(years[-1], 12, 31)
    return None


_READ = object()  # "not known yet: read the case's files"


def submitted(case: CaseDir) -> set[str]:
    reports = case.path / REPORTS_DIR
    if not reports.is_dir() or reports.is_symlink():
        return set()
    return {path.name[: -len(path.suffix)] for path in reports.iterdir()
            if path.suffix.lower() in DOCUMENT_SUFFIXES and path.is_file()}


def case_calendar(fund: Fund, case: CaseDir, decision: dict[str, Any],
                  today: dt.date, period: Any = _READ, files: Files | None = None,
                  report_kinds: tuple[list[Kind], int] | None = None) -> Calendar | None:
    """The calendar of an active case (None when its period is unknown).

    ``period``: the project period when already known (a ``Span`` or None); ``files``:
    the reports submitted and whether there is a final report, when already known;
    ``report_kinds``: ``kinds(fund)``, when already known.
    """
    found = span(fund, case, decision) if period is _READ else period
    if found is None:
        return None
    start, end = found
    report_kinds_, grace = report_kinds or kinds(fund)
    required = sorted(
        (Period(year, kind, due) for year in range(start.year, end.year + 1)
         for kind in report_kinds_
         if start <= (due := dt.date(year, kind.month, kind.day)) <= end),
        key=lambda period: period.due)
    reports, final_report = files if files is not None else (
        submitted(case), case.document("final_report") is not None)
    calendar = Calendar(start, end, required, set(reports), today, grace,
                        final_report=final_report)
    calendar.overdue = [p for p in required if p.name not in calendar.submitted
                        and today > p.due + dt.timedelta(days=p.kind.grace_days)]
    return calendar


def overdue_findings(fund: Fund, case: CaseDir, decision: dict[str, Any],
                     today: dt.date, period: Any = _READ, files: Files | None = None,
                     report_kinds: tuple[list[Kind], int] | None = None) -> list[Finding]:
    """Warnings for an active case's overdue reports (and final report), one per file."""
    calendar = case_calendar(fund, case, decision, today, period, files, report_kinds)
    if calendar is None:
        return []
    findings = [
        make(fund.rel(case.path / REPORTS_DIR / f"{period.name}.yaml"), "report-overdue",
             "period", label={lang: pick(period.kind.label, lang) for lang in ("sv", "en")},
             due=period.due.isoformat(), case=case.id,
             period=period.name)
        for period in calendar.overdue]
    if calendar.final_overdue:
        findings.append(make(fund.rel(case.path / "final_report.yaml"), "final-report-overdue",
                             end=calendar.end.isoformat(), case=case.id))
    return findings


def overdue_results(fund: Fund, case: CaseDir, today: dt.date, period: Span | None,
                    files: Files, report_kinds: tuple[list[Kind], int]) -> list[Any]:
    """``overdue_findings`` of an active case whose period and files a validation run
    already knows, as validation results, one per missing file."""
    return _as_results(overdue_findings(fund, case, {}, today, period, files, report_kinds))


def calendar_results(fund: Fund, cases: list[CaseDir], today: dt.date | None) -> list[Any]:
    """``overdue_findings`` of each active case as validation results, reading each case."""
    from socinv.fund.fund import CASE_FILE
    from socinv.rules.checks import Context
    from socinv.validation import check_document

    when = today or default_today()
    results: list[Any] = []
    for case in cases:
        path = case.path / CASE_FILE
        if not path.is_file() or path.is_symlink():
            continue
        model = check_document(path, "case", fund.profile, fund.rel(path), Context()).model
        decision = (model or {}).get("decision") or {}
        results += _as_results(overdue_findings(fund, case, decision, when))
    return results


def _as_results(findings: list[Finding]) -> list[Any]:
    """Overdue findings as validation results: one per missing file."""
    from socinv.validation import DocResult

    return [DocResult(finding.file, "final_report" if finding.code == "final-report-overdue"
                      else "report", None, [finding]) for finding in findings]
