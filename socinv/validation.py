"""Validation: a file, a case or the whole fund in, a Report out.

A file travels one way: reader → typed model (``rules.fields.walk``) → rules
(``rules.checks``) → findings. Unreadable files become findings too, and make
the report's exit code 2.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from socinv.errors import UserError
from socinv.fund.fund import CASE_FILE, FUND_FILE, UNIT_COSTS_FILE, CaseDir, Fund
from socinv.fund.ids import is_case_id
from socinv.i18n import Lang
from socinv.io.errors import UnreadableFile
from socinv.io.yamlio import Duplicate, YamlDoc, read_yaml
from socinv.model.system import SYSTEM_DOCS
from socinv.profiles.loader import DocProfile, Profile
from socinv.rules.context import Context
from socinv.rules.findings import Finding, Report, make

if TYPE_CHECKING:  # the checks load when a document is checked: a warm run checks none
    from socinv.rules.fields import Checker, Locator, Path_

YAML_SUFFIXES = (".yaml", ".yml")
_KEPT = frozenset({"fund", "unit_costs"})  # read by every command: parsed once per content


@dataclass
class YamlLocator:
    """Finds a field's line and column in a YAML document."""

    doc: YamlDoc

    def locate(self, path: Path_) -> tuple[tuple[int, int] | None, str | None]:
        return self.doc.pos(path), None


@dataclass
class SourceDoc:
    """A document as read from any format: plain data (text scalars) and its places."""

    data: dict[str, Any]
    locator: Locator
    duplicates: list[Duplicate] = field(default_factory=list)
    empty: bool = False


def read_yaml_source(path: Path, doc_type: str, profile: Profile) -> SourceDoc:
    doc = read_yaml(path, keep=doc_type in _KEPT)
    return SourceDoc(doc.data, YamlLocator(doc), doc.duplicates, doc.empty)


def read_docx_source(path: Path, doc_type: str, profile: Profile) -> SourceDoc:
    from socinv.io.docx_reader import read_docx  # python-docx only when a .docx is read

    doc = read_docx(path, doc_type, profile)
    return SourceDoc(doc.data, doc.locator)


Reader = Callable[[Path, str, Profile], SourceDoc]

#: file suffix → reader; each turns a file into the same plain data + locator
READERS: dict[str, Reader] = {".yaml": read_yaml_source, ".yml": read_yaml_source,
                              ".docx": read_docx_source}


@dataclass
class DocResult:
    """One file's outcome: its typed model (None if unreadable) and findings."""

    file: str
    doc_type: str
    model: dict[str, Any] | None
    findings: list[Finding] = field(default_factory=list)
    unreadable: bool = False


def read_document(path: Path, doc_type: str, profile: Profile) -> SourceDoc:
    reader = READERS.get(path.suffix.lower())
    if reader is None:
        raise UnreadableFile(path, "unsupported-format", suffix=path.suffix or "(ingen)",
                             supported=", ".join(sorted(READERS)))
    return reader(path, doc_type, profile)


def check_document(
    path: Path,
    doc_type: str,
    profile: Profile,
    file: str,
    ctx: Context | None = None,
) -> DocResult:
    """Read and check one document of ``doc_type`` against ``profile``."""
    from socinv.rules.checks import run_rules
    from socinv.rules.fields import Checker, dotted, walk

    ctx = ctx or Context()
    try:
        doc = read_document(path, doc_type, profile)
    except UnreadableFile as error:
        return DocResult(file, doc_type, None, [error.finding(file)], unreadable=True)
    doc_profile: DocProfile = SYSTEM_DOCS.get(doc_type) or profile.document(doc_type)
    checker = Checker(file, profile, doc_profile, doc.locator)
    for duplicate in doc.duplicates:
        checker.findings.append(make(file, "duplicate-key", dotted(duplicate.path),
                                     duplicate.pos, key=duplicate.key,
                                     first_line=duplicate.first_pos[0]))
    if doc.empty:
        checker.findings.append(make(file, "empty-document", pos=(1, 1)))
        return DocResult(file, doc_type, {}, checker.findings)
    model = walk(checker, profile.tree(doc_type), doc.data)
    run_rules(checker, model, ctx)
    check_public_record(checker, doc.data, doc_type)
    if doc_type == "report":
        expected = path.name.rsplit(".", 1)[0]
        if model.get("period") and model["period"] != expected and _is_report_name(expected):
            checker.add("report-period-mismatch", ("period",), value=model["period"],
                        expected=expected)
    return DocResult(file, doc_type, model, checker.findings)


_CONTACT_DOCS = ("report", "final_report")
_KINDS = {
    "personal_identity_number": {"sv": "personnummer", "en": "personal identity number"},
    "coordination_number": {"sv": "samordningsnummer", "en": "coordination number"},
    "private_email": {"sv": "en privat e-postadress", "en": "a private e-mail address"},
    "mobile_number": {"sv": "ett mobilnummer", "en": "a mobile phone number"},
}


def check_public_record(checker: Checker, data: Any, doc_type: str,
                        path: Path_ = ()) -> None:
    """Board papers are public records: personal numbers anywhere are errors, private
    contact details in report text warnings. Scans the text as written, unknown keys too."""
    from socinv.rules.privacy import (
        find_personal_numbers,
        find_private_contacts,
        might_hold_number,
    )

    if isinstance(data, dict):
        for key, value in data.items():
            check_public_record(checker, value, doc_type, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            check_public_record(checker, value, doc_type, (*path, index))
    elif isinstance(data, str):
        if might_hold_number(data):
            for match in find_personal_numbers(data):
                checker.add_source("personal-identity-number", path, kind=_KINDS[match.kind],
                                   masked=match.masked)
        if doc_type in _CONTACT_DOCS:
            for contact in find_private_contacts(data):
                checker.add_source("private-contact", path, kind=_KINDS[contact.kind],
                                   value=contact.text)


def _is_report_name(stem: str) -> bool:
    from socinv.model.doctypes import REPORT_NAME

    return bool(REPORT_NAME.fullmatch(stem))


def fund_document(fund: Fund, name: str, doc_type: str) -> DocResult:
    """``check_document`` of ``fund.yaml`` or the unit costs, once a run for each version of
    the file (a command checks them for the run, for the money checks and for its paper)."""
    path = fund.root / name
    version = _version(path)
    if version is not None and version in fund.checked:
        return fund.checked[version]
    result = _kept_check(fund, path, name, doc_type)
    if version is not None:
        fund.checked[version] = result
    return result


def _kept_check(fund: Fund, path: Path, name: str, doc_type: str) -> DocResult:
    """``check_document`` of a fund-level file, kept in the user's cache under the file's
    bytes, the profile, the day and the code that checks it: every command checks
    ``fund.yaml`` and the unit costs, and a warm one then loads no check at all."""
    from socinv.fund.calendar import default_today

    return _kept(fund, path, name, doc_type, None, "checked", None,
                 default_today().isoformat())


#: how many case documents the user's cache keeps (the oldest go first): a few funds' worth
#: of the cases people work on, about 5 kB each
KEPT_DOCUMENTS = 4000


def kept_document(fund: Fund, path: Path, doc_type: str, ctx: Context | None = None
                  ) -> DocResult:
    """``check_document`` of a case's YAML document, kept in the user's cache under the
    file's bytes, its name in the fund, the profile, the context and the code that checks
    it: the commands about one case (``advance``, ``decide``, ``record``, the decision
    paper) read the same few documents each time, and parsing and checking them was most
    of their own work (issue 18). Only what such a command reads is kept (``Fund.keep``);
    a Word document is read every time."""
    file = fund.rel(path)
    if path.suffix.lower() not in YAML_SUFFIXES:
        return check_document(path, doc_type, fund.profile, file, ctx)
    context = ctx or Context()
    return _kept(fund, path, file, doc_type, ctx, "documents", KEPT_DOCUMENTS,
                 repr(context.discount_rate), repr(context.unit_costs))


def _kept(fund: Fund, path: Path, file: str, doc_type: str, ctx: Context | None, kind: str,
          bound: int | None, *extra: str) -> DocResult:
    """``check_document``, kept in the user's cache (``kind``) under the file's bytes and
    everything else its result depends on; stored only if the file did not change while it
    was checked."""
    from socinv import usercache
    from socinv.io.guard import read_bytes

    try:
        data = read_bytes(path)
    except UnreadableFile:
        return check_document(path, doc_type, fund.profile, file, ctx)
    key = usercache.key_of(kind, file, doc_type, data, usercache.profile_digest(fund.profile.raw),
                           *extra, usercache.code_stamp("validation.py", "rules", "model", "io"))
    kept = usercache.load(kind, key)
    if isinstance(kept, DocResult):
        return kept
    result = check_document(path, doc_type, fund.profile, file, ctx)
    try:
        unchanged = read_bytes(path) == data
    except UnreadableFile:
        unchanged = False
    if unchanged:
        usercache.store(kind, key, result, bound=bound)
    return result


def _version(path: Path, *extra: str) -> tuple[Any, ...] | None:
    """A file's version as the in-run memos key it: its path, size, times and inode (None
    when it cannot be stat'ed: then nothing is remembered)."""
    try:
        status = path.stat()
    except OSError:
        return None
    return (str(path), *extra, status.st_size, status.st_mtime_ns, status.st_ctime_ns,
            status.st_ino)


#: how many documents ``read_once`` remembers: a case's own (memory stays flat)
RECENT = 32


def read_once(fund: Fund, path: Path, doc_type: str) -> DocResult:
    """``check_document`` of a case's document with the default context, once for each
    version of the file among the last few read: ``status`` asks for a case's application
    for its row, its gates, its preparation steps and its project group. Callers read the
    result; they do not change it."""
    version = _version(path, doc_type)
    recent = fund.recent
    if version is not None and version in recent:
        recent.move_to_end(version)
        return recent[version]
    result = (kept_document(fund, path, doc_type) if fund.keep else
              check_document(path, doc_type, fund.profile, fund.rel(path), Context()))
    if version is not None:
        recent[version] = result
        if len(recent) > RECENT:
            recent.popitem(last=False)
    return result


def load_unit_costs(fund: Fund) -> tuple[dict[str, dict[str, Any]] | None, DocResult | None]:
    path = fund.root / UNIT_COSTS_FILE
    if not path.exists():
        return None, None
    return unit_costs_of(fund_document(fund, UNIT_COSTS_FILE, "unit_costs"))


def read_unit_costs(path: Path, profile: Profile, name: str
                    ) -> tuple[dict[str, dict[str, Any]], DocResult]:
    """A unit-cost library (``unit_costs.yaml``) by key, and its own check result."""
    return unit_costs_of(check_document(path, "unit_costs", profile, name))


def unit_costs_of(result: DocResult) -> tuple[dict[str, dict[str, Any]], DocResult]:
    """The unit costs of a checked unit-cost library by key (and by name), and the result."""
    if result.model is None:
        return {}, result
    items = [item for item in result.model.get("unit_costs") or [] if item.get("key")]
    costs = {str(item["key"]): item for item in items}
    # a form asks for the unit cost by its name in the fund's list: the name (as written
    # there) finds it too, unless it is another entry's key
    for item in items:
        label = str(item.get("label") or "").strip()
        if label and label not in costs:
            costs[label] = item
    return costs, result


def check_case(fund: Fund, case: CaseDir, ctx: Context) -> list[DocResult]:
    results: list[DocResult] = []
    case_path = case.path / CASE_FILE
    case_file = fund.rel(case_path)
    if not case_path.is_file():
        results.append(DocResult(case_file, "case", None,
                                 [make(case_file, "case-file-missing", pos=None)]))
    else:
        result = check_document(case_path, "case", fund.profile, case_file, ctx)
        if result.model is not None:
            result.findings.extend(_case_consistency(fund, case, result.model, case_file,
                                                     result))
        results.append(result)
    twins = {path: paths for paths in case.twins() for path in paths}
    for doc_type, path in case.documents():
        result = check_document(path, doc_type, fund.profile, fund.rel(path), ctx)
        if path in twins:
            result.findings.insert(0, twin_finding(fund, twins[path], fund.rel(path)))
        results.append(result)
    return results


def twin_finding(fund: Fund, paths: list[Path], file: str) -> Finding:
    """``document-twice`` for one of the files of a document written in two formats."""
    names = [fund.rel(path).split("/", 2)[-1] for path in paths]  # inside the case folder
    return make(file, "document-twice", pos=None, files={
        "sv": " och ".join(names), "en": " and ".join(names)})


def _case_consistency(fund: Fund, case: CaseDir, model: dict[str, Any], file: str,
                      result: DocResult) -> list[Finding]:
    findings: list[Finding] = []
    case_id, stage = model.get("id"), model.get("stage")
    if case_id and not is_case_id(str(case_id)):
        findings.append(make(file, "invalid-case-id", "id", value=str(case_id)))
    elif case_id and case_id != case.id:
        findings.append(make(file, "case-id-mismatch", "id", value=str(case_id), folder=case.id))
    if stage and stage != case.stage.key:
        findings.append(make(file, "case-stage-mismatch", "stage", value=str(stage),
                             folder=case.stage.dir))
    decision = model.get("decision") or {}
    per_year, total = decision.get("per_year") or {}, decision.get("total")
    if per_year and isinstance(total, int) and sum(per_year.values()) != total:
        findings.append(make(file, "per-year-sum", "decision.per_year", total=total,
                             sum=sum(per_year.values())))
    return _with_lines(findings, file, case.path / CASE_FILE)


def _with_lines(findings: list[Finding], file: str, path: Path) -> list[Finding]:
    """Give findings made without a position the line of their field."""
    if not findings:
        return findings
    doc = read_yaml(path)
    located: list[Finding] = []
    for finding in findings:
        parts: tuple[str | int, ...] = tuple(finding.field.split(".")) if finding.field else ()
        line, column = doc.pos(parts)
        located.append(Finding(**{**finding.__dict__, "line": line, "column": column}))
    return located


@dataclass
class Options:
    """How to validate: explain the economics, with which discount rate."""

    explain: bool = False
    discount_rate: float | None = None
    cache: bool = True
    jobs: int | None = None  # None: both cores for large funds
    today: dt.date | None = None  # for overdue reports; None: today (or SOCINV_TODAY)


def fund_context(fund: Fund, options: Options) -> tuple[Context, DocResult | None]:
    unit_costs, unit_result = load_unit_costs(fund)
    rate = checked_rate(options.discount_rate, "--discount-rate")
    if rate is None:
        settings = fund.settings.get("discount_rate")
        rate = checked_rate(settings, f"{FUND_FILE}: discount_rate") \
            if settings is not None else None
    return Context(unit_costs, rate), unit_result


def checked_rate(value: object, where: str) -> float | None:
    """The discount rate, or a UserError (exit 1) naming where it was written and the fix.

    Every command that computes economics reads it here, so a bad rate is refused the
    same way by ``validate``, ``status`` and ``report`` — never replaced by 3.5 %.
    """
    if value is None:
        return None
    from socinv.model.values import MAX_RATE, BadValue, parse_rate

    try:
        return parse_rate(value)
    except BadValue:
        shown = str(value)[:40]
        raise UserError(
            f"{where}: \"{shown}\" är ingen diskonteringsränta. Skriv ett decimaltal från 0 "
            f"till {str(MAX_RATE).replace('.', ',')}, t.ex. 0.035 för 3,5 %.",
            f"{where}: \"{shown}\" is not a discount rate. Write a decimal from 0 to "
            f"{MAX_RATE}, e.g. 0.035 for 3.5 %.", exit_code=1) from None


def validate_fund(fund: Fund, lang: Lang, cases: Iterable[CaseDir] | None = None,
                  options: Options | None = None,
                  progress: Callable[[int, int], None] | None = None) -> Report:
    """The whole fund (settings, unit costs, every case), or only ``cases``."""
    from socinv.fund.calendar import default_today, kinds, overdue_results
    from socinv.runner import run_cases

    options = options or Options()
    report = Report(lang=lang, vocabulary=fund.profile.vocabulary)
    ctx, unit_result = fund_context(fund, options)
    whole = cases is None
    if cases is None:
        settings = fund_document(fund, FUND_FILE, "fund")
        _add(report, settings)
        if unit_result is not None:
            _add(report, unit_result)
        cases = fund.cases()
        for problem in fund.problems():
            report.add_file(problem.file, [problem], True)
    cases = list(cases)
    report_kinds = kinds(fund) if any(case.stage.key == "active" for case in cases) else None
    when = options.today or default_today()
    scans: list[tuple[str, Any]] = []
    fresh: list[tuple[CaseDir, Any, list[Any]]] = []  # the checked cases' slim models
    for outcome in run_cases(fund, cases, ctx, options, progress, whole_fund=whole,
                             annex=whole):
        scans.append((f"{outcome.case.stage.dir}/{outcome.case.id}", outcome.scan))
        if outcome.annex is not None:
            fresh.append((outcome.case, outcome.scan, outcome.annex))
        if outcome.results is not None:
            for result in outcome.results:
                _add(report, result, fund.profile, ctx, options)
        else:  # from the cache: findings only
            for file, _, found, unreadable in outcome.docs:
                report.add_file(file, found, unreadable)
        if outcome.case.stage.key == "active" and report_kinds is not None:
            scan = outcome.scan
            for result in overdue_results(fund, outcome.case, when, outcome.span,
                                          (scan.submitted, scan.final_report), report_kinds):
                _add(report, result)
    if whole:
        report.findings.extend(_money_findings(fund, scans, fresh))
    _outturn(fund, report, ctx, options)
    return report


def _outturn(fund: Fund, report: Report, ctx: Context, options: Options) -> None:
    """With --explain: beside each granted case's forecast, its outturn (the reports'
    costs and realised savings, :mod:`socinv.expost`)."""
    if not options.explain or not report.economics:
        return
    from socinv.expost import case_ex_post

    by_path = {fund.rel(case.path): case for case in fund.cases()
               if case.stage.key in ("active", "closed")}
    found = report.ex_post or {}
    for file in report.economics:
        case = by_path.get(file.rsplit("/", 1)[0])
        if case is not None and file not in found:
            figures = case_ex_post(fund, case, report.lang, ctx=ctx)
            if figures is not None:
                found[file] = figures
    report.ex_post = found


def _money_findings(fund: Fund, scans: list[tuple[str, Any]],
                    fresh: list[tuple[CaseDir, Any, list[Any]]] | None = None
                    ) -> list[Finding]:
    """The checks across files (re-budgeting, each report's budget), kept beside the cache:
    each case's part under its folder's signature, the re-budgeting entries' under the
    signatures of the cases they name; the key holds fund.yaml and the profile. A warm run
    reads no document for them (and loads none of their code); a changed case is read
    alone. ``fresh``: the slim models of the cases this run checked (never read twice)."""
    from socinv.cache import finding_from_json, finding_to_json, fingerprint, memo_file
    from socinv.fund.once import refuse_duplicates

    try:
        refuse_duplicates(fund)
    except UserError:
        return []  # a case in two folders is reported elsewhere
    settings_result = fund_document(fund, FUND_FILE, "fund")
    if settings_result.unreadable:
        return []  # an unreadable fund.yaml is reported by the run itself
    settings = settings_result.model or {}
    key = fingerprint(fund.root, fund.profile.raw, {"command": "money-findings", "format": 3})
    stored = memo_file(fund.root, "money-findings", key)
    cached_cases = stored.get("cases")
    old: dict[str, Any] = cached_cases if isinstance(cached_cases, dict) else {}
    signatures = {name: scan.signature for name, scan in scans if not scan.racy}
    by_name = {f"{case.stage.dir}/{case.id}": case for case in fund.cases()}
    loaded: dict[str, Any] = {}
    moves: list[Any] | None = None

    def the_moves() -> list[Any]:
        nonlocal moves
        if moves is None:
            from socinv.fund.budget import moves_of

            moves = moves_of(settings)
        return moves

    def case_data(name: str) -> Any:
        from socinv.reports.data import ANNEX_KINDS, _for_annex, load_case

        if name not in loaded:
            ctx, _ = fund_context(fund, Options())
            loaded[name] = _for_annex(load_case(fund, by_name[name], ctx, ANNEX_KINDS))
        return loaded[name]

    def decode(items: Any) -> list[Finding]:
        return [finding_from_json(item) for item in items]

    def kept_for(name: str, scan: Any) -> bool:
        entry = old.get(name)
        return isinstance(entry, list) and len(entry) == 2 and entry[0] == scan.signature \
            and not scan.racy

    findings: list[Finding] = []
    kept: dict[str, Any] = {}
    try:
        # every case whose money findings are not kept: read at once, on both cores, from
        # the model cache where its folder is unchanged (and kept there for the papers)
        stale = [name for name, scan in scans if name in by_name and not kept_for(name, scan)]
        if stale and fresh:
            from socinv.cache import save_deferred
            from socinv.reports.data import keep_payloads

            loaded.update(keep_payloads(fund, fresh))
            save_deferred()
            stale = [name for name in stale if name not in loaded]
        if len(stale) > 1:
            from socinv.cache import save_deferred
            from socinv.reports.data import _cases
            from socinv.runner import parallel_map

            ctx, _ = fund_context(fund, Options())
            loaded.update(zip(stale, _cases(fund, [by_name[name] for name in stale], ctx,
                                            None, parallel_map), strict=True))
            save_deferred()
        for name, scan in scans:
            found: list[Finding] | None = None
            if kept_for(name, scan):
                with contextlib.suppress(TypeError, ValueError, KeyError):
                    found = decode(old[name][1])
            if found is None and name in by_name:
                from socinv.fund.rebudget import case_money_findings  # with its writer

                found = case_money_findings(fund, case_data(name), the_moves())
            found = found or []
            if name in signatures:
                kept[name] = [signatures[name], [finding_to_json(item) for item in found]]
            findings += found
        # the ids the re-budgeting entries name come from fund.yaml, which the key holds
        ids = stored.get("ids")
        if not (isinstance(ids, list) and all(isinstance(item, str) for item in ids)):
            ids = sorted({move.case_id for move in the_moves()})
        named = sorted(name for name, case in by_name.items() if case.id in set(ids))
        moves_key = [[name, signatures.get(name)] for name in named]
        cached_moves = stored.get("moves")
        moved: list[Finding] | None = None
        if isinstance(cached_moves, list) and len(cached_moves) == 2 \
                and cached_moves[0] == moves_key and None not in (s for _, s in moves_key):
            with contextlib.suppress(TypeError, ValueError, KeyError):
                moved = decode(cached_moves[1])
        if moved is None:
            from socinv.fund.rebudget import rebudget_findings

            moved = rebudget_findings(settings, [case_data(name) for name in named])
    except UserError:
        return []  # an unreadable case is reported by the run itself
    value = {"cases": kept, "ids": ids,
             "moves": [moves_key, [finding_to_json(item) for item in moved]]}
    if value != stored:  # a warm run writes nothing
        memo_file(fund.root, "money-findings", key, value)
    return moved + findings


def overdue_reports(fund: Fund, cases: Iterable[CaseDir], options: Options) -> list[DocResult]:
    """Active cases' overdue reports, as of ``options.today`` (never cached: date-dependent)."""
    from socinv.fund.calendar import calendar_results

    return calendar_results(fund, [case for case in cases if case.stage.key == "active"],
                            options.today)


def validate_paths(fund: Fund, paths: list[Path], lang: Lang, doc_type: str | None = None,
                   options: Options | None = None) -> Report:
    """Files and case folders inside the fund."""
    from socinv.model.doctypes import type_from_name

    options = options or Options()
    report = Report(lang=lang, vocabulary=fund.profile.vocabulary)
    ctx, _ = fund_context(fund, options)
    by_path = {case.path.resolve(): case for case in fund.cases()}
    for path in paths:
        resolved = path.resolve()
        if resolved in by_path:
            for result in check_case(fund, by_path[resolved], ctx):
                _add(report, result, fund.profile, ctx, options)
            for result in overdue_reports(fund, [by_path[resolved]], options):
                _add(report, result)
            continue
        if resolved == fund.root:
            report.merge(validate_fund(fund, lang, options=options))
            continue
        stage_cases = [case for case in by_path.values() if case.path.parent.resolve() == resolved]
        if stage_cases or (path.is_dir() and fund.profile.stage_for_dir(path.name)):
            for case in stage_cases:
                for result in check_case(fund, case, ctx):
                    _add(report, result, fund.profile, ctx, options)
            for result in overdue_reports(fund, stage_cases, options):
                _add(report, result)
            continue
        kind = doc_type or type_from_name(path)
        if kind is None:
            raise UnreadableFile(path, "unknown-document-type", name=path.name)
        _add(report, check_document(path, kind, fund.profile, fund.rel(path), ctx),
             fund.profile, ctx, options)
    _outturn(fund, report, ctx, options)
    return report


def validate_standalone(path: Path, profile: Profile, lang: Lang,
                        doc_type: str | None = None, options: Options | None = None,
                        unit_costs: Path | None = None) -> Report:
    """A single file someone sent you, outside any fund (with the fund's unit costs from
    ``unit_costs``, if given)."""
    from socinv.model.doctypes import type_from_keys, type_from_name

    kind = doc_type or type_from_name(path)
    if kind is None and path.suffix.lower() in YAML_SUFFIXES and path.is_file():
        kind = type_from_keys(set(read_yaml(path).data))  # unreadable: that is the news
    if kind is None:
        raise UnreadableFile(path, "unknown-document-type", name=path.name)
    options = options or Options()
    report = Report(lang=lang, vocabulary=profile.vocabulary)
    costs = None
    if unit_costs is not None:
        costs, costs_result = read_unit_costs(unit_costs, profile, str(unit_costs))
        _add(report, costs_result)
    ctx = Context(costs, checked_rate(options.discount_rate, "--discount-rate"))
    _add(report, check_document(path, kind, profile, str(path), ctx), profile, ctx, options)
    return report


def _add(report: Report, result: DocResult, profile: Profile | None = None,
         ctx: Context | None = None, options: Options | None = None) -> None:
    report.add_file(result.file, result.findings, result.unreadable)
    if options is None or not options.explain or profile is None:
        return
    if report.economics is None:
        report.economics = {}
    if result.doc_type != "application" or not result.model:
        return
    from socinv import economics

    ctx = ctx or Context()
    rate = ctx.discount_rate if ctx.discount_rate is not None else economics.DEFAULT_DISCOUNT_RATE
    figures = economics.compute(result.model, ctx.unit_costs, discount_rate=rate,
                                defaults=economics.SavingsDefaults.from_profile(profile.economics))
    if figures is not None:
        report.economics[result.file] = figures
