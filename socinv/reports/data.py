"""Figures for the board papers, gathered from the fund in one pass.

Every document is read through :func:`socinv.validation.check_document`, so the
reports see exactly the typed model that ``validate`` checks. All arithmetic is
in whole kronor (``int``). The definitions are in ``docs/reports.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from socinv.errors import UserError
from socinv.fund.fund import CASE_FILE, FUND_FILE, CaseDir, Fund
from socinv.model.doctypes import REPORT_NAME
from socinv.profiles.cadence import ReportKind
from socinv.rules.checks import Context
from socinv.validation import DocResult, Options, check_document, fund_context

#: printed fields per document type (what the public-record guard scans)
PRINTED_CASE = ("title", "registry_number", "contact", "decision", "closing")
PRINTED_REPORT = ("effects_achieved", "human_gains", "economic_gains", "finance.comment")
PRINTED_FUND = ("municipality", "allocations", "rebudgeting", "reserve", "balance_requirement")


@dataclass
class Source:
    """A document the report prints from: the public-record guard scans these fields."""

    file: str
    model: dict[str, Any]
    prefixes: tuple[str, ...] | None  # None: every field


@dataclass
class CaseData:
    """One case as typed models: case.yaml, its documents, its reports by period."""

    dir: CaseDir
    case_file: str
    case: dict[str, Any]
    documents: dict[str, DocResult] = field(default_factory=dict)
    reports: dict[str, DocResult] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return self.dir.id

    @property
    def title(self) -> str:
        return str(self.case.get("title") or self.id)

    @property
    def decision(self) -> dict[str, Any]:
        return self.case.get("decision") or {}

    @property
    def closing(self) -> dict[str, Any]:
        return self.case.get("closing") or {}

    @property
    def granted(self) -> bool:
        return self.decision.get("outcome") == "granted"

    def granted_for(self, year: int) -> int:
        """The decision's amount for ``year`` (:func:`socinv.fund.budget.granted_for`)."""
        from socinv.fund.budget import granted_for

        return granted_for(self.decision, self.model("application"), year)

    def model(self, doc_type: str) -> dict[str, Any] | None:
        result = self.documents.get(doc_type)
        return result.model if result is not None else None

    @property
    def start(self) -> dt.date | None:
        """The project's start: the application's period.start, else the decision date."""
        period = (self.model("application") or {}).get("period") or {}
        start = period.get("start")
        if isinstance(start, dt.date):
            return start
        date = self.decision.get("date")
        return date if isinstance(date, dt.date) else None


def load_case(fund: Fund, case: CaseDir, ctx: Context) -> CaseData:
    """Read a case's case.yaml, documents and reports (unreadable: a UserError, exit 2)."""
    path = case.path / CASE_FILE
    file = fund.rel(path)
    if not path.is_file():
        raise UserError(f"{file} saknas. Kör socinv doctor.",
                        f"{file} is missing. Run socinv doctor.")
    result = check_document(path, "case", fund.profile, file, ctx)
    _readable(result)
    data = CaseData(case, file, result.model or {})
    for doc_type, doc_path in case.documents():
        doc = check_document(doc_path, doc_type, fund.profile, fund.rel(doc_path), ctx)
        _readable(doc)
        stem = doc_path.name.rsplit(".", 1)[0]
        if doc_type == "report" and REPORT_NAME.fullmatch(stem):
            data.reports.setdefault(stem, doc)
        else:
            data.documents.setdefault(doc_type, doc)
    return data


def _readable(result: DocResult) -> None:
    if result.unreadable:
        finding = result.findings[0]
        raise UserError(f"{result.file}: {finding.message('sv')}",
                        f"{result.file}: {finding.message('en')}")


def fund_settings(fund: Fund) -> dict[str, Any]:
    """fund.yaml as its typed model."""
    result = check_document(fund.root / FUND_FILE, "fund", fund.profile, FUND_FILE)
    _readable(result)
    return result.model or {}


def load_fund(fund: Fund, progress: Callable[[int, int], None] | None = None
              ) -> tuple[dict[str, Any], list[CaseData], Context]:
    """fund.yaml and every case, read once (on both cores for a large fund)."""
    from socinv.fund.once import refuse_duplicates
    from socinv.runner import parallel_map

    ctx, _ = fund_context(fund, Options())
    settings = fund_settings(fund)
    cases = parallel_map(lambda case: load_case(fund, case, ctx), refuse_duplicates(fund),
                         progress=progress)
    return settings, cases, ctx


def case_sources(data: CaseData) -> list[Source]:
    return [Source(data.case_file, data.case, PRINTED_CASE)]


# -- the reporting calendar ------------------------------------------------------------------

#: a reporting period of the profile: ``kind`` (interim, annual, tertial1 …) and its date
Period = ReportKind


def reporting_periods(fund: Fund) -> dict[str, Period]:
    return {item.kind: item for item in fund.profile.cadence.kinds}


def period_of(fund: Fund, kind: str) -> Period:
    """The period ``kind``; ``annual`` always exists (every fund reports in the annual
    accounts), ``interim`` is the profile's last period before the annual one when it has
    no period of that name."""
    cadence = fund.profile.cadence
    found = cadence.annual() if kind == "annual" else (
        cadence.interim() if kind == "interim" else cadence.get(kind))
    if found is not None:
        return found
    names = ", ".join(cadence.names) or "–"
    raise UserError(
        f"Regelprofilen {fund.profile.id} har ingen rapportperiod \"{kind}\" (har: {names}).",
        f"The rule profile {fund.profile.id} has no reporting period \"{kind}\" "
        f"(has: {names}).")
