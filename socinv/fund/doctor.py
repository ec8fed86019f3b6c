"""``socinv doctor``: is the fund folder consistent, and what does it take to make it so?

It looks for interrupted commands (journals), a case in two stages or none,
case ids that repeat, ``case.yaml`` whose stage or id disagrees with its folder,
unreadable case files, leftovers of interrupted writes, unknown folders and
a stale lock. ``--repair`` completes or rolls back interrupted commands, sets
``case.yaml``'s stage to the folder's (the folder is the truth), removes
leftovers, creates missing stage folders and clears a stale lock; what needs a
person is explained and left alone. Running ``--repair`` twice changes nothing
the second time.
"""

from __future__ import annotations

import re
import shutil
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from socinv.fund.casefile import CaseEdit, edit_text, read_case_text, write_case_text
from socinv.fund.create import history_entry
from socinv.fund.fund import CASE_FILE, REPORTS_DIR, CaseDir, Fund, nfc, readable
from socinv.fund.ids import CASE_ID, is_case_id
from socinv.fund.lock import INFO_FILE, STATE_DIR, Holder, clear_stale
from socinv.fund.recovery import group_completes, inspect, repair
from socinv.fund.transaction import journals
from socinv.i18n import Lang
from socinv.io.errors import UnreadableFile
from socinv.io.guard import link_problem, outside_target
from socinv.io.yamlio import read_yaml
from socinv.model.user_text import CONTROL
from socinv.rules.findings import Finding, Report, make

STEP_WORDS = {
    "journal-written": {"sv": "journalen skriven", "en": "journal written"},
    "document-written": {"sv": "dokumentet skrivet", "en": "document written"},
    "case-written": {"sv": "case.yaml uppdaterad", "en": "case.yaml updated"},
    "moved": {"sv": "mappen flyttad", "en": "folder moved"},
}
TEMP = re.compile(r"\..+\.[A-Za-z0-9_]{8}\.tmp")
KNOWN_DIRS = {REPORTS_DIR, "templates"}
IGNORED_FILES = {"desktop.ini", "thumbs.db", ".ds_store"}


@dataclass
class Examination:
    """What ``doctor`` found, and what it repaired."""

    report: Report
    repaired: list[dict[str, str]] = field(default_factory=list)
    #: case folders to leave alone (an interrupted command explains them)
    journaled: set[str] = field(default_factory=set)


def examine(fund: Fund, lang: Lang, stale: Holder | None, by: str,
            fix: bool = False) -> Examination:
    """Check the fund; with ``fix`` repair what can be repaired, then check again."""
    if fix:
        done = _repair(fund, stale, by)
        result = examine(fund, lang, None, by)
        result.repaired = done
        return result
    report = Report(lang=lang, vocabulary=fund.profile.vocabulary)
    exam = Examination(report)
    findings: list[Finding] = []
    for path, journal in journals(fund.root):
        file = fund.rel(path)
        if journal is None:
            findings.append(make(file, "doctor-journal-unreadable"))
            continue
        exam.journaled.add(journal.case)
        state = inspect(fund.root, journal)
        explained = state.explain()
        if journal.group:
            names = ", ".join(journal.group)
            explained = {
                "sv": f"{explained['sv']} Del av ett gruppbeslut ({names}): --repair slutför "
                      "alla om något av ärendena hann ändras, annars återställs alla.",
                "en": f"{explained['en']} Part of a group decision ({names}): --repair "
                      "completes all of them if any case changed, otherwise rolls all back."}
        findings.append(make(file, "doctor-interrupted", command=journal.summary(),
                             by=journal.by or "?", started=journal.started or "?",
                             step=STEP_WORDS.get(state.step, {"sv": state.step, "en": state.step}),
                             state=explained))
    if stale is not None:
        findings.append(make(f"{STATE_DIR}/{INFO_FILE}", "doctor-stale-lock",
                             holder={"sv": stale.brief("sv"), "en": stale.brief("en")}))
    findings += _scan_root(fund)
    findings += _scan_stages(fund, exam.journaled)
    by_file: dict[str, list[Finding]] = {}
    for finding in findings:
        by_file.setdefault(finding.file, []).append(finding)
    for file, group in by_file.items():
        report.add_file(file, group)
    return exam


def _temp(fund: Fund, path: Path) -> Finding:
    size = sum(p.stat().st_size for p in path.rglob("*") if p.is_file()) if path.is_dir() \
        else path.stat().st_size
    return make(fund.rel(path), "doctor-temp-left", size=size)


def _temps(directory: Path) -> list[Path]:
    if not directory.is_dir() or directory.is_symlink():
        return []
    return [child for child in sorted(directory.iterdir()) if TEMP.fullmatch(child.name)]


def _scan_root(fund: Fund) -> list[Finding]:
    ours = [path for path in _temps(fund.root / STATE_DIR)
            if path.name.startswith((".journal-", f".{INFO_FILE}.", ".gitignore.",
                                     "..gitignore.", ".lock."))]
    papers = _temps(fund.root / REPORTS_DIR)  # a socinv report that was interrupted
    findings = [_temp(fund, path) for path in _temps(fund.root) + ours + papers]
    stage_dirs = {stage.dir for stage in fund.profile.stages}
    expected = ", ".join([*sorted(stage_dirs), REPORTS_DIR])
    for child in sorted(fund.root.iterdir()):
        if child.name.startswith(".") or not child.is_dir():
            continue
        if child.name not in stage_dirs | KNOWN_DIRS:
            twin = next((name for name in stage_dirs if nfc(name) == nfc(child.name)), None)
            if twin is not None:
                findings.append(make(fund.rel(child), "doctor-stage-dir-twice", name=twin,
                                     folder=child.name, **_spelling(twin, child.name)))
                continue
            findings.append(make(fund.rel(child), "doctor-unknown-dir", name=child.name,
                                 expected=expected))
    for written, folder in fund.respelled:
        findings.append(make(folder, "doctor-stage-dir-spelling", name=written, folder=folder,
                             **_spelling(written, folder)))
    templates = fund.root / "templates"
    if templates.is_dir():
        findings += _links_out(fund, [templates, *sorted(templates.iterdir())]
                               if outside_target(templates) is None else [templates])
    for stage in fund.profile.stages:
        if not (fund.root / stage.dir).is_dir():
            findings.append(make(stage.dir, "doctor-stage-dir-missing", name=stage.dir))
    return findings


def _spelling(written: str, folder: str) -> dict[str, Any]:
    """Which letters the two spellings store differently, said in words."""
    letters = sorted({char for char in nfc(folder) if unicodedata.decomposition(char)})
    decomposed = unicodedata.is_normalized("NFD", folder) and not unicodedata.is_normalized(
        "NFC", folder)
    form_sv = ("bokstav + accent (NFD)" if decomposed else "ett tecken (NFC)")
    form_en = ("letter + accent (NFD)" if decomposed else "one character (NFC)")
    return {"letters": ", ".join(letters) or "?", "form": {"sv": form_sv, "en": form_en}}


def _scan_stages(fund: Fund, journaled: set[str]) -> list[Finding]:
    findings: list[Finding] = []
    places: dict[str, list[str]] = {}
    numbers: dict[str, list[str]] = {}
    for stage in fund.profile.stages:
        directory = fund.root / stage.dir
        if directory.is_symlink() and outside_target(directory) is not None:
            findings.append(fund.linked_stage_finding(stage))
            continue
        if not directory.is_dir() or directory.is_symlink():
            continue
        for child in sorted(directory.iterdir()):
            if TEMP.fullmatch(child.name):
                findings.append(_temp(fund, child))
                continue
            if child.name.startswith(".") or child.name.lower() in IGNORED_FILES:
                continue
            why = (("symbolisk länk", "symbolic link") if child.is_symlink()
                   else ("en fil", "a file") if not child.is_dir()
                   else ("namnet är inte ÅR-LÖPNUMMER-namn", "the name is not YEAR-SEQ-name")
                   if not is_case_id(child.name) else None)
            if why:
                findings.append(make(fund.rel(child), "doctor-not-a-case", name=child.name,
                                     stage=stage.dir, why={"sv": why[0], "en": why[1]}))
                continue
            if not readable(child):
                findings.append(fund.unreadable_finding(CaseDir(child.name, directory, stage)))
                continue
            places.setdefault(child.name, []).append(stage.dir)
            match = CASE_ID.fullmatch(child.name)
            if match:
                numbers.setdefault(f"{match.group(1)}-{match.group(2)}", []).append(
                    f"{stage.dir}/{child.name}")
            for folder in (child, child / REPORTS_DIR):
                findings += [_temp(fund, path) for path in _temps(folder)]
            if child.name not in journaled:
                findings += _check_case(fund, child, stage.key, stage.dir)
                findings += _twins(fund, CaseDir(child.name, directory, stage))
    for case_id, dirs in places.items():
        if len(dirs) > 1 and case_id not in journaled:
            findings.append(make(f"{dirs[0]}/{case_id}", "doctor-case-twice", case=case_id,
                                 places=", ".join(dirs)))
    for number, folders in numbers.items():
        ids = sorted({folder.split("/")[1] for folder in folders})
        if len(ids) > 1:
            findings.append(make(folders[0], "doctor-id-repeated", number=number,
                                 cases=", ".join(ids)))
    return findings


def _twins(fund: Fund, case: CaseDir) -> list[Finding]:
    """A document in two formats, and documents that are links out of the fund."""
    from socinv.validation import twin_finding

    found = [twin_finding(fund, paths, fund.rel(paths[0])) for paths in case.twins()]
    return found + _links_out(fund, [path for _, path in case.documents()])


def _links_out(fund: Fund, paths: list[Path]) -> list[Finding]:
    found = []
    for path in paths:
        target = outside_target(path)
        if target is not None:
            found.append(make(fund.rel(path), "file-unreadable", problem=link_problem(target)))
    return found


def _check_case(fund: Fund, folder: Path, stage_key: str, stage_dir: str) -> list[Finding]:
    path = folder / CASE_FILE
    file = fund.rel(path)
    if path.is_symlink():
        return [make(file, "doctor-not-a-case", name=CASE_FILE, stage=stage_dir,
                     why={"sv": "case.yaml är en länk", "en": "case.yaml is a link"})]
    if not path.is_file():
        return [make(file, "case-file-missing")]
    try:
        doc = read_yaml(path)
    except UnreadableFile as error:
        return [error.finding(file)]
    data = doc.data
    findings: list[Finding] = []
    stage, case_id = data.get("stage"), data.get("id")
    if stage != stage_key:
        findings.append(make(file, "case-stage-mismatch", "stage", doc.pos(("stage",)),
                             value=str(stage), folder=stage_dir))
    if case_id != folder.name:
        findings.append(make(file, "case-id-mismatch", "id", doc.pos(("id",)),
                             value=str(case_id), folder=folder.name))
    history = data.get("history")
    history = history if isinstance(history, list) else []
    last = history[-1] if history else None
    if stage == stage_key and isinstance(last, dict) and last.get("to") not in (None, stage_key):
        position = doc.pos(("history", len(history) - 1))
        findings.append(make(file, "doctor-history-stage", "history", position,
                             value=str(last.get("to")), stage=stage_key))
    stage_obj = fund.profile.stage(stage_key)
    if stage_obj is not None and fund.profile.steps.items:
        from socinv.fund.fund import CaseDir
        from socinv.process.audit import audit

        findings += audit(fund, folder, CaseDir(folder.name, folder.parent, stage_obj), doc,
                          file)
    return findings


def _repair(fund: Fund, stale: Holder | None, by: str) -> list[dict[str, str]]:
    done: list[dict[str, str]] = []
    pending = [journal for _, journal in journals(fund.root) if journal is not None]
    forward = {journal.case: bool(journal.group) and group_completes(fund.root, journal, pending)
               for journal in pending}
    for journal in pending:
        action = repair(fund.root, inspect(fund.root, journal), forward[journal.case])
        if action == "rollback":
            done.append({"sv": f"Återställde {journal.summary()}: inget hade ändrats.",
                         "en": f"Rolled back {journal.summary()}: nothing had changed."})
        elif action == "complete":
            done.append({"sv": f"Slutförde {journal.summary()}.",
                         "en": f"Completed {journal.summary()}."})
    exam = examine(fund, "sv", stale, by)
    twice = {str(dict(f.params).get("case")) for f in exam.report.findings
             if f.code == "doctor-case-twice"}
    for finding in exam.report.findings:
        target = fund.root / finding.file
        if finding.code == "doctor-temp-left":
            if target.is_dir() and not target.is_symlink():
                shutil.rmtree(target, ignore_errors=True)
            else:
                target.unlink(missing_ok=True)
            done.append({"sv": f"Tog bort {finding.file}.", "en": f"Removed {finding.file}."})
        elif finding.code == "doctor-stale-lock":
            clear_stale(fund.root)
            done.append({"sv": "Tog bort uppgiften om ett kvarlämnat lås.",
                         "en": "Removed the record of a stale lock."})
        elif finding.code == "doctor-stage-dir-missing":
            target.mkdir(exist_ok=True)
            done.append({"sv": f"Skapade stegmappen {finding.file}.",
                         "en": f"Created the stage folder {finding.file}."})
        elif finding.code == "case-stage-mismatch" and target.parent.name not in twice:
            done += _fix_stage(fund, target, by)
    return done


def _fix_stage(fund: Fund, path: Path, by: str) -> list[dict[str, str]]:
    stage = fund.profile.stage_for_dir(path.parent.parent.name)
    if stage is None:
        return []
    text = read_case_text(path)
    old = read_yaml(path).data.get("stage")
    if old is not None:  # whatever the file held: shown short and without control characters
        old = CONTROL.sub("?", str(old))[:60]
    note = {"sv": f"socinv doctor: steget i case.yaml ({old}) rättat efter mappen {stage.dir}.",
            "en": f"socinv doctor: the stage in case.yaml ({old}) set to its folder {stage.dir}."}
    entry = history_entry("repair", str(old) if old else None, stage.key, by,
                          note[fund.language], None)
    write_case_text(path, edit_text(path, text, CaseEdit(stage=stage.key, history=[entry])))
    rel = fund.rel(path)
    return [{"sv": f"{rel}: steget satt till {stage.key} ({stage.dir}).",
             "en": f"{rel}: stage set to {stage.key} ({stage.dir})."}]
