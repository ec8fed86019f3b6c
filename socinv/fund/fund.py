"""A fund folder: ``fund.yaml``, the profile it names, the stage directories, the cases."""

from __future__ import annotations

import dataclasses
import os
import unicodedata
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from socinv.errors import UserError
from socinv.fund.ids import is_case_id
from socinv.i18n import Lang
from socinv.io.errors import UnreadableFile
from socinv.io.guard import outside_target, set_fund_root
from socinv.io.yamlio import read_yaml
from socinv.model.doctypes import DOCUMENT_SUFFIXES, REPORT_NAME
from socinv.profiles.loader import Profile, Stage, load_profile

FUND_FILE = "fund.yaml"
UNIT_COSTS_FILE = "unit_costs.yaml"
CASE_FILE = "case.yaml"
STATE_DIR = ".socinv"  # the fund's own state: lock, journals, cache
REPORTS_DIR = "reports"
DOCUMENT_NAMES = ("idea", "application", "final_report", "project_plan")


def journal_path(root: Path, case_id: str) -> Path:
    """Where an unfinished command on ``case_id`` keeps its journal (``transaction``)."""
    return root / STATE_DIR / f"journal-{case_id}.json"


def find_root(start: Path) -> Path | None:
    """``start`` or the nearest parent holding a ``fund.yaml``."""
    start = start.resolve()
    for candidate in (start, *start.parents):
        if (candidate / FUND_FILE).is_file():
            return candidate
    return None


@dataclass(slots=True)
class CaseDir:
    """A case folder: its id (the folder's name), the stage folder it is in, and the stage.

    Light, because a fund lists all its cases at once: the path is made when first asked for.
    """

    id: str
    folder: Path  # the stage's folder
    stage: Stage
    _path: Path | None = field(default=None, repr=False, compare=False)

    @property
    def path(self) -> Path:
        if self._path is None:
            self._path = self.folder / self.id
        return self._path

    def documents(self) -> list[tuple[str, Path]]:
        """(document type, path) of every document file in the case, in a stable order."""
        found: list[tuple[str, Path]] = []
        try:  # one listing instead of a stat for every name and format (issue 18)
            with os.scandir(self.path) as listing:
                entries = {entry.name for entry in listing}
        except OSError:
            entries = None
        folded = None if entries is None else {name.casefold() for name in entries}
        for name in DOCUMENT_NAMES:
            for suffix in DOCUMENT_SUFFIXES:
                wanted = f"{name}{suffix}"
                candidate = self.path / wanted
                if entries is not None and wanted not in entries and (
                        folded is None or wanted.casefold() not in folded):
                    continue  # not there in any spelling
                # there as written, or in another case on a file system that may fold it
                if (entries is not None and wanted in entries) or candidate.exists() \
                        or candidate.is_symlink():
                    found.append((name, candidate))
        reports = self.path / REPORTS_DIR
        if reports.is_dir():
            for candidate in sorted(reports.iterdir()):
                stem = candidate.name.rsplit(".", 1)[0]
                if candidate.suffix.lower() in DOCUMENT_SUFFIXES and REPORT_NAME.fullmatch(stem):
                    found.append(("report", candidate))
        return found

    def twins(self) -> list[list[Path]]:
        """Documents written twice, in two formats (``application.yaml`` and
        ``application.docx``; ``reports/2027-interim.yaml`` and ``.docx``): socinv cannot
        know which one counts, so each such group is an error the user settles."""
        groups: dict[str, list[Path]] = {}
        for _, path in self.documents():
            stem = path.name.rsplit(".", 1)[0]
            key = f"{REPORTS_DIR}/{stem}" if path.parent.name == REPORTS_DIR else stem
            groups.setdefault(key, []).append(path)
        return [paths for paths in groups.values() if len(paths) > 1]

    def document(self, name: str) -> Path | None:
        for suffix in DOCUMENT_SUFFIXES:
            candidate = self.path / f"{name}{suffix}"
            if candidate.is_file():
                return candidate
        return None


@dataclass
class Fund:
    """A fund folder: its settings, profile and cases, and the run's memos."""

    root: Path
    settings: dict[str, Any]
    profile: Profile
    language: Lang = "sv"
    unit_costs: dict[str, dict[str, Any]] | None = field(default=None)
    #: case folders ``cases()`` found but may not read
    unreadable: list[CaseDir] = field(default_factory=list)
    #: (the profile's spelling, the folder's) of stage folders written in another Unicode
    #: form — ``4-pågående`` decomposed, as macOS writes it
    respelled: list[tuple[str, str]] = field(default_factory=list)
    #: stage folders that are links to a folder outside the fund (never scanned)
    linked_stages: list[Stage] = field(default_factory=list)
    #: fund.yaml's and the unit costs' check results of this run, by file version
    #: (:func:`socinv.validation.fund_document`): several steps of one command need them
    checked: dict[Any, Any] = field(default_factory=dict, repr=False, compare=False)
    #: the last documents read by :func:`socinv.validation.read_once`, by file version
    recent: OrderedDict[Any, Any] = field(default_factory=OrderedDict, repr=False,
                                          compare=False)
    #: a command about one case: what ``read_once`` reads is kept in the user's cache
    #: (:func:`socinv.validation.kept_document`) for the next command about it
    keep: bool = field(default=False, repr=False, compare=False)

    def problems(self) -> list[Any]:
        """Findings for what ``cases()`` could not take in: unreadable case folders and
        stage folders linked outside the fund."""
        found = [self.unreadable_finding(case) for case in self.unreadable]
        return found + [self.linked_stage_finding(stage) for stage in self.linked_stages]

    def linked_stage_finding(self, stage: Stage) -> Any:
        """``stage-dir-linked`` for a stage folder that is a link to a folder outside."""
        from socinv.rules.findings import make

        target = outside_target(self.root / stage.dir) or "?"
        return make(stage.dir, "stage-dir-linked", pos=None, name=stage.dir, target=target)

    def unreadable_finding(self, case: CaseDir) -> Any:
        """``case-folder-unreadable`` for a case folder socinv may not read."""
        from socinv.rules.findings import make

        return make(self.rel(case.path), "case-folder-unreadable", pos=None)

    @classmethod
    def open(cls, directory: Path | None, profile_override: str | None = None) -> Fund:
        start = directory or Path.cwd()
        root = find_root(start) if directory is None else (
            directory.resolve() if (directory / FUND_FILE).is_file() else None)
        if root is None:
            raise UserError(
                f"Ingen fond hittades i {start} eller mappar ovanför (fund.yaml saknas). "
                "Ange --fund MAPP eller skapa en fond med socinv init.",
                f"No fund found in {start} or above (no fund.yaml). Pass --fund DIR or "
                "create one with socinv init.")
        set_fund_root(root)
        settings = read_settings(root)
        spec = profile_override or str(settings.get("profile") or "")
        if not spec:
            raise UserError(f"{root / FUND_FILE}: fältet profile saknas (t.ex. profile: ystad).",
                            f"{root / FUND_FILE}: the field profile is missing (e.g. "
                            "profile: ystad).", exit_code=1)
        set_fund_root(root)  # from now on nothing outside it is read through a link
        profile, respelled = _as_on_disk(load_profile(spec, base_dir=root), root)
        language = str(settings.get("language") or profile.language)
        opened = cls(root, settings, profile, "en" if language == "en" else "sv")
        opened.respelled = respelled
        return opened

    def rel(self, path: Path) -> str:
        """``path`` relative to the fund root, as a POSIX path (else as given)."""
        text, root = os.fspath(path), os.fspath(self.root)
        if text.startswith(root + os.sep) and ".." not in text:
            return text[len(root) + 1:].replace(os.sep, "/")
        try:
            return path.resolve().relative_to(self.root).as_posix()
        except ValueError:
            return str(path)

    def cases(self) -> list[CaseDir]:
        """Every case of the fund, in stage order; a case folder socinv may not read
        (``chmod 000``, another user's folder) is left out and listed in ``unreadable``,
        so that the rest of the fund can still be checked and shown."""
        found: list[CaseDir] = []
        self.unreadable = []
        self.linked_stages = []
        for stage in self.profile.stages:
            directory = self.root / stage.dir
            if directory.is_symlink() and outside_target(directory) is not None:
                self.linked_stages.append(stage)  # another fund's cases are not this fund's
                continue
            try:
                with os.scandir(directory) as scan:
                    names = sorted(entry.name for entry in scan
                                   if entry.is_dir(follow_symlinks=False)
                                   and is_case_id(entry.name))
            except (FileNotFoundError, NotADirectoryError):
                continue
            for name in names:
                case = CaseDir(name, directory, stage)
                (found if readable(case.path) else self.unreadable).append(case)
        return found

    def case(self, case_id: str) -> CaseDir:
        found = [(stage, self.root / stage.dir / case_id) for stage in self.profile.stages
                 if is_case_id(case_id)]
        matches = [CaseDir(case_id, path.parent, stage, path) for stage, path in found
                   if path.is_dir() and not path.is_symlink()]
        if not matches:
            partial = [case for case in self.cases() if case_id and case_id in case.id]
            hint = f" Menade du {partial[0].id}?" if len(partial) == 1 else ""
            raise UserError(f"Ärendet {case_id} finns inte i fonden.{hint}",
                            f"There is no case {case_id} in the fund."
                            + hint.replace("Menade du", "Did you mean"))
        if len(matches) > 1:
            places = ", ".join(self.rel(case.path) for case in matches)
            raise UserError(f"Ärendet {case_id} finns på flera ställen ({places}). "
                            "Kör socinv doctor.",
                            f"The case {case_id} is in several places ({places}). Run "
                            "socinv doctor.", exit_code=1)
        if not readable(matches[0].path):
            where = self.rel(matches[0].path)
            raise UserError(f"{where}: ärendemappen kan inte läsas (ingen läsbehörighet). Be "
                            "den som äger mappen, eller IT, att ge läsbehörighet.",
                            f"{where}: the case folder cannot be read (no read permission). "
                            "Ask the folder's owner, or IT, for read permission.")
        return matches[0]

    def case_ids(self) -> list[str]:
        ids = {case.id for case in self.cases()}
        for directory in self.root.iterdir():
            if directory.is_dir() and not directory.name.startswith("."):
                ids.update(child.name for child in directory.iterdir()
                           if child.is_dir() and is_case_id(child.name.lstrip(".")))
        return sorted(ids)


def nfc(name: str) -> str:
    """``name`` in Unicode's composed form: how names are compared (``å`` is one character
    on Windows and Linux, ``a`` + ring on macOS)."""
    return unicodedata.normalize("NFC", name)


def _as_on_disk(profile: Profile, root: Path) -> tuple[Profile, list[tuple[str, str]]]:
    """The profile with each stage folder spelled as it is on disk, when the two differ only
    in Unicode form; and the pairs (profile's, disk's) that differ."""
    try:
        names = [entry.name for entry in os.scandir(root) if entry.is_dir()]
    except OSError:
        return profile, []
    on_disk = {nfc(name): name for name in names}
    stages: list[Stage] = []
    respelled: list[tuple[str, str]] = []
    for stage in profile.stages:
        actual = on_disk.get(nfc(stage.dir))
        if actual is not None and actual != stage.dir and stage.dir not in names:
            respelled.append((stage.dir, actual))
            stage = dataclasses.replace(stage, dir=actual)
        stages.append(stage)
    if not respelled:
        return profile, []
    return dataclasses.replace(profile, stages=stages), respelled


def readable(folder: Path) -> bool:
    """Whether socinv may list ``folder`` and open what is in it."""
    return os.access(folder, os.R_OK | os.X_OK)


def read_settings(root: Path) -> dict[str, Any]:
    """``fund.yaml`` as plain data; unreadable is a UserError naming the place."""
    try:
        return read_yaml(root / FUND_FILE, keep=True).data
    except UnreadableFile as error:
        raise error from None
