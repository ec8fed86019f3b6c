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
from socinv.rules.checks import Context
from socinv.validation import DocResult, Options, check_document, fund_context

#: printed fields per document type (what the public-record guard scans)
PRINTED_CASE = ("title", "registry_number", "contact", "decision", "closing")
PRINTED_REPORT = ("effects_achieved", "human_gains", "economic_gains", "finance.comment")
PRINTED_FUND = ("municipality", "allocations", "rebudgeting")


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
        """The decision's amount for ``year``; a decision without a split per year
        grants its total to the one year of a one-year project."""
        per_year = self.decision.get("per_year") or {}
        if per_year:
            value = per_year.get(year)
            return value if isinstance(value, int) else 0
        total, start = self.decision.get("total"), self.start
        end = ((self.model("application") or {}).get("period") or {}).get("end")
        if isinstance(total, int) and start is not None and isinstance(end, dt.date) \
                and start.year == end.year == year:
            return total
        return 0

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
    twins = case.twins()
    if twins:
        from socinv.validation import twin_finding

        finding = twin_finding(fund, twins[0], fund.rel(twins[0][0]))
        raise UserError(f"{finding.message('sv')} Inget skrevs.",
                        f"{finding.message('en')} Nothing was written.", exit_code=1)
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
    from socinv.runner import parallel_map

    ctx, _ = fund_context(fund, Options())
    settings = fund_settings(fund)
    every = fund.cases()
    problems = fund.problems()
    if problems:  # an annex without a case would be wrong, not incomplete
        raise UserError("\n".join(f"{f.file}: {f.message('sv')}" for f in problems)
                        + "\nUnderlaget behöver alla ärenden. Inget skrevs.",
                        "\n".join(f"{f.file}: {f.message('en')}" for f in problems)
                        + "\nThe paper needs every case. Nothing was written.")
    cases = parallel_map(lambda case: load_case(fund, case, ctx), every, progress=progress)
    return settings, cases, ctx


def case_sources(data: CaseData) -> list[Source]:
    return [Source(data.case_file, data.case, PRINTED_CASE)]


# -- the reporting calendar ------------------------------------------------------------------

@dataclass(frozen=True)
class Period:
    """A reporting period of the profile: ``kind`` (interim/annual) and its due date."""

    kind: str
    month: int
    day: int
    label: dict[str, str]

    def due(self, year: int) -> dt.date:
        return dt.date(year, self.month, self.day)

    def key(self, year: int) -> str:
        return f"{year}-{self.kind}"


def reporting_periods(fund: Fund) -> dict[str, Period]:
    periods: dict[str, Period] = {}
    for item in fund.profile.reporting.get("periods") or []:
        if not isinstance(item, dict) or not item.get("kind"):
            continue
        due = str(item.get("due") or "12-31")
        try:
            month, day = (int(part) for part in due.split("-"))
            dt.date(2001, month, day)
        except ValueError:
            month, day = 12, 31
        label = item.get("label") or {}
        periods[str(item["kind"])] = Period(str(item["kind"]), month, day,
                                            label if isinstance(label, dict) else {"sv": label})
    return periods


def period_of(fund: Fund, kind: str) -> Period:
    periods = reporting_periods(fund)
    if kind in periods:
        return periods[kind]
    if kind == "annual":  # every fund reports in the annual accounts
        return Period("annual", 12, 31, {"sv": "Årsbokslut", "en": "Annual accounts"})
    names = ", ".join(periods) or "–"
    raise UserError(
        f"Regelprofilen {fund.profile.id} har ingen rapportperiod \"{kind}\" (har: {names}).",
        f"The rule profile {fund.profile.id} has no reporting period \"{kind}\" "
        f"(has: {names}).")
