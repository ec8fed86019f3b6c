"""Figures for the board papers, gathered from the fund in one pass.

Every document is read through :func:`socinv.validation.check_document`, so the
reports see exactly the typed model that ``validate`` checks. All arithmetic is
in whole kronor (``int``). The definitions are in ``docs/reports.md``.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from socinv.errors import UserError
from socinv.fund.fund import CASE_FILE, FUND_FILE, CaseDir, Fund
from socinv.model.doctypes import REPORT_NAME
from socinv.profiles.cadence import ReportKind
from socinv.rules.context import Context
from socinv.validation import (
    DocResult,
    Options,
    check_document,
    fund_context,
    fund_document,
    kept_document,
)

#: printed fields per document type (what the public-record guard scans)
PRINTED_CASE = ("title", "registry_number", "contact", "decision", "closing")
PRINTED_REPORT = ("effects_achieved", "human_gains", "economic_gains", "finance.comment",
                  "realised_savings")
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


def load_case(fund: Fund, case: CaseDir, ctx: Context,
              kinds: frozenset[str] | None = None) -> CaseData:
    """Read a case's case.yaml, documents and reports (unreadable: a UserError, exit 2);
    ``kinds``: only the documents of these types (None: every one)."""
    path = case.path / CASE_FILE
    file = fund.rel(path)
    if not path.is_file():
        raise UserError(f"{file} saknas. Kör socinv doctor.",
                        f"{file} is missing. Run socinv doctor.")
    result = _check(fund, path, "case", ctx)
    _readable(result)
    data = CaseData(case, file, result.model or {})
    twins = case.twins()
    if twins:
        from socinv.validation import twin_finding

        finding = twin_finding(fund, twins[0], fund.rel(twins[0][0]))
        raise UserError(f"{finding.message('sv')} Inget skrevs.",
                        f"{finding.message('en')} Nothing was written.", exit_code=1)
    for doc_type, doc_path in case.documents():
        if kinds is not None and doc_type not in kinds:
            continue
        doc = _check(fund, doc_path, doc_type, ctx)
        _readable(doc)
        stem = doc_path.name.rsplit(".", 1)[0]
        if doc_type == "report" and REPORT_NAME.fullmatch(stem):
            data.reports.setdefault(stem, doc)
        else:
            data.documents.setdefault(doc_type, doc)
    return data


def _check(fund: Fund, path: Path, doc_type: str, ctx: Context) -> DocResult:
    """``check_document``; kept in the user's cache for a paper about one case."""
    if fund.keep:
        return kept_document(fund, path, doc_type, ctx)
    return check_document(path, doc_type, fund.profile, fund.rel(path), ctx)


def _readable(result: DocResult) -> None:
    if result.unreadable:
        finding = result.findings[0]
        raise UserError(f"{result.file}: {finding.message('sv')}",
                        f"{result.file}: {finding.message('en')}")


def fund_settings(fund: Fund) -> dict[str, Any]:
    """fund.yaml as its typed model."""
    result = fund_document(fund, FUND_FILE, "fund")
    _readable(result)
    return result.model or {}


def load_fund(fund: Fund, progress: Callable[[int, int], None] | None = None
              ) -> tuple[dict[str, Any], list[CaseData], Context]:
    """fund.yaml and every case, read once (on both cores for a large fund)."""
    from socinv.fund.once import refuse_duplicates
    from socinv.runner import parallel_map

    ctx, _ = fund_context(fund, Options())
    settings = fund_settings(fund)
    every = refuse_duplicates(fund)
    problems = fund.problems()
    if problems:  # an annex without a case would be wrong, not incomplete
        raise UserError("\n".join(f"{f.file}: {f.message('sv')}" for f in problems)
                        + "\nUnderlaget behöver alla ärenden. Inget skrevs.",
                        "\n".join(f"{f.file}: {f.message('en')}" for f in problems)
                        + "\nThe paper needs every case. Nothing was written.")
    return settings, _cases(fund, every, ctx, progress, parallel_map), ctx


def _cases(fund: Fund, every: list[CaseDir], ctx: Context,
           progress: Callable[[int, int], None] | None, parallel_map: Any) -> list[CaseData]:
    """Every case's slim models: from the cache where the folder is unchanged
    (``data_cache``), else read (on both cores for many) and kept for the next run."""
    from socinv.cache import ResultCache, defer, scan_case, shard_of
    from socinv.reports import data_cache

    key = data_cache.cache_key(fund)
    shards: dict[int, ResultCache] = {}
    found: dict[int, CaseData] = {}
    todo: list[int] = []
    places: dict[int, tuple[str, Any, ResultCache]] = {}
    for index, case in enumerate(every):
        name = fund.rel(case.path)
        number = shard_of(name)
        if number not in shards:
            shards[number] = ResultCache(fund.root, key, number, data_cache.KIND)
        shard = shards[number]
        scan = scan_case(str(case.path))  # before reading: a change while reading shows next time
        places[index] = (name, scan, shard)
        fresh = _FRESH.get(name)
        if scan is not None and fresh is not None and fresh[:2] == (key, scan.signature):
            hit = data_cache.decode(case, fresh[2])  # read by this run already
            if hit is not None:
                found[index] = hit
                shard.store(name, scan, fresh[2], None)
                continue
        entry = shard.entry(name)
        if scan is not None and entry is not None and entry[0] == scan.signature:
            hit = data_cache.decode(case, entry[2])
            if hit is not None:
                found[index] = hit
                continue
        todo.append(index)
    hits = len(found)

    def counted(done: int, _: int) -> None:  # the bar counts every case, kept ones too
        if progress is not None:
            progress(hits + done, len(every))

    if progress is not None and every:
        progress(hits, len(every))
    loaded = parallel_map(lambda index: _for_annex(load_case(fund, every[index], ctx,
                                                             ANNEX_KINDS)),
                          todo, progress=counted)
    for index, data in zip(todo, loaded, strict=True):
        found[index] = data
        name, scan, shard = places[index]
        payload = data_cache.encode(data)
        if scan is not None and payload is not None:
            shard.store(name, scan, payload, None)
    names = {name for name, _, _ in places.values()}
    for shard in shards.values():
        shard.prune({name for name in shard.entries if name in names})
    _UNSAVED[:] = list(shards.values())
    defer(data_cache.KIND, _save_models)
    return [found[index] for index in range(len(every))]


def slim_payload(fund: Fund, case: CaseDir, results: list[DocResult]) -> list[Any] | None:
    """The slim models ``load_case`` and ``_for_annex`` give of a case, in the model cache's
    form, made from validation's results of the same reading (``runner``: a cold validate
    reads each case once, for its findings and for the checks across files). None when a
    document is unreadable or written twice: ``load_case`` then says so itself."""
    if not results or results[0].doc_type != "case" or results[0].unreadable \
            or results[0].model is None:
        return None
    try:
        documents = [(doc_type, path, result) for (doc_type, path), result
                     in zip(case.documents(), results[1:], strict=True)]
    except ValueError:  # the folder changed while it was read
        return None
    return slim_of(fund, case, results[0].file, results[0].model, documents)


def slim_of(fund: Fund, case: CaseDir, case_file: str, case_model: dict[str, Any],
            documents: Iterable[tuple[str, Any, DocResult | None]]) -> list[Any] | None:
    """A case's slim models from documents already read (``slim_payload``; ``status``'s
    rows): each of the annexes' kinds with its result, None for one not read."""
    from socinv.reports import data_cache

    if case.twins():
        return None
    data = CaseData(case, case_file, case_model)
    for doc_type, path, result in documents:
        if doc_type not in ANNEX_KINDS:
            continue
        if result is None or result.unreadable or result.doc_type != doc_type:
            return None
        stem = path.name.rsplit(".", 1)[0]
        if doc_type == "report" and not REPORT_NAME.fullmatch(stem):
            return None  # kept whole with its findings by load_case: read there
        # the findings are dropped by _for_annex: the slim models never hold any
        doc = DocResult(fund.rel(path), doc_type, result.model)
        if doc_type == "report":
            data.reports.setdefault(stem, doc)
        else:
            data.documents.setdefault(doc_type, doc)
    return data_cache.encode(_for_annex(data))


def keep_payloads(fund: Fund, items: list[tuple[CaseDir, Any, list[Any]]]) -> dict[str, Any]:
    """Each case's slim models from its payload (``slim_payload``), by folder name; and the
    payloads put in the model cache under the scans they were read after, written by
    ``cache.save_deferred`` with the rest."""
    from socinv.cache import ResultCache, defer, shard_of
    from socinv.reports import data_cache

    key = data_cache.cache_key(fund)
    shards: dict[int, ResultCache] = {}
    found: dict[str, Any] = {}
    for case, scan, payload in items:
        name = fund.rel(case.path)
        data = data_cache.decode(case, payload)
        if data is None:
            continue
        found[name] = data
        if scan is None or scan.racy:
            continue
        _FRESH[name] = (key, scan.signature, payload)
        number = shard_of(name)
        if number not in shards:
            shards[number] = ResultCache(fund.root, key, number, data_cache.KIND)
        shards[number].store(name, scan, payload, None)
    _UNSAVED.extend(shards.values())
    defer(data_cache.KIND, _save_models)
    return found


#: slim models this run made from its own reading of a case (``keep_payloads``), by folder
#: name with the scan they were read after: ``load_fund`` takes them instead of reading again
_FRESH: dict[str, tuple[str, int, list[Any]]] = {}

#: the model cache's shards read by the last ``load_fund``, written by ``_save_models`` once
#: the command has done its work: a refused command leaves the fund as it was
_UNSAVED: list[Any] = []


def _save_models() -> None:
    """Write what the last ``load_fund`` learnt to the model cache (at
    ``cache.save_deferred``)."""
    for shard in _UNSAVED:
        shard.save()
    _UNSAVED.clear()
    _FRESH.clear()


#: what the annexes read of a case besides case.yaml: the application, reports, final report
ANNEX_KINDS = frozenset({"application", "report", "final_report"})


def _for_annex(data: CaseData) -> CaseData:
    """A case with what the annexes print or count, and no more: findings and the rest of
    the application dropped, so memory (and what the workers send back) stays small."""
    application = data.documents.get("application")
    if application is not None:
        model = application.model
        data.documents["application"] = DocResult(
            application.file, "application",
            None if model is None else {key: model[key] for key in _APPLICATION_FIELDS
                                        if key in model})
    final = data.documents.get("final_report")
    if final is not None:  # realised savings after the last report (repayment)
        model = final.model
        data.documents["final_report"] = DocResult(
            final.file, "final_report", None if model is None else {
                key: model[key] for key in _FINAL_FIELDS if key in model})
    data.case = {key: data.case[key] for key in PRINTED_CASE if key in data.case}
    for report in data.reports.values():
        report.findings = []
        if report.model is not None:
            report.model = {key: report.model[key] for key in _REPORT_FIELDS
                            if key in report.model}
    return data


#: what the annexes take from a report: the printed fields and the figures
_REPORT_FIELDS = ("finance", "effects_achieved", "human_gains", "economic_gains",
                  "realised_savings")
#: what they take from a final report (closed cases: used, frame adjustment; repayment)
_FINAL_FIELDS = ("finance", "realised_savings", "budget_frame_adjustment", "recommendation",
                 "effects_achieved")
#: what they take from an application: the period (budget years), the parties (the owner
#: for budget compensation), the costs applied for; the forecast and the effects beside the
#: outturn (``reports/outturn.py``); the targets (measurement plan) beside the effects
_APPLICATION_FIELDS = ("period", "parties", "costs", "co_financing", "cost_reduction",
                       "effects", "measurement_plan")
#: what the annexes print of an application: the targets beside the reported effects
PRINTED_TARGETS = ("measurement_plan", "effects")


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
