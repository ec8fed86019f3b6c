"""Crash-safe changes to a case: a journal first, then the steps, then the journal goes.

Steps, each durable (fsync) before the next:

1. ``journal-written``  ``.socinv/journal-<case>.json``: the whole change — case.yaml
   before and after, the stage folders, any new file and its text, the commit message;
2. ``document-written`` a new file in the case (a report template), if any;
3. ``case-written``     ``case.yaml`` replaced atomically by its new text;
4. ``moved``            the case folder renamed into the new stage folder (one rename,
   same file system, never onto an existing name);
5. ``committed``        the git commit, if asked for;
6. ``journal-removed``.

A crash between any two steps leaves a journal that says exactly what was
meant. ``socinv doctor --repair`` rolls back when nothing but the journal was
written, and otherwise completes the remaining steps.
"""

from __future__ import annotations

import base64
import contextlib
import errno
import json
import os
import sys
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from socinv.errors import UserError
from socinv.fund.casefile import current_text, write_case_text
from socinv.fund.crash import crash_point
from socinv.fund.fund import CASE_FILE, FUND_FILE, journal_path
from socinv.fund.ids import is_case_id
from socinv.fund.lock import STATE_DIR, state_dir
from socinv.io.atomic import fsync_dir, write_bytes_atomic, write_text_atomic
from socinv.io.jsonio import read_state

MAX_JOURNAL = 2_000_000


@dataclass
class Journal:
    """What a command is about to do to a case, written before it does it."""

    command: str
    case: str
    source: str  # stage folder the case is in
    target: str  # stage folder it ends up in (== source when it does not move)
    before: str  # case.yaml before
    after: str  # case.yaml after
    by: str = ""
    started: str = ""
    pid: int = 0
    created: str | None = None  # a new file, relative to the case folder
    created_text: str | None = None
    created_base64: str | None = None  # a new binary file (.docx), base64-encoded
    commit: str | None = None  # git commit message, when the command commits
    paths: list[str] = field(default_factory=list)  # fund-relative paths for the commit
    version: int = 1
    #: fund.yaml before and after, when the command also changes it (``rebudget``)
    fund_before: str | None = None
    fund_after: str | None = None
    #: the cases of one group decision (all or none): every one has its own journal
    group: list[str] = field(default_factory=list)

    def summary(self) -> str:
        move = f"{self.source} → {self.target}" if self.source != self.target else self.source
        return f"{self.command} {self.case} ({move})"


def created_bytes(journal: Journal) -> bytes:
    """The new file's content as it must end up on disk."""
    if journal.created_base64 is not None:
        return base64.b64decode(journal.created_base64)
    return (journal.created_text or "").encode("utf-8")


def is_created(path: Path, journal: Journal) -> bool | None:
    """Whether ``path`` holds exactly the journal's new file (None: it does not exist)."""
    try:
        return path.read_bytes() == created_bytes(journal)
    except FileNotFoundError:
        return None
    except OSError:
        return False


def read_journal(path: Path) -> Journal | None:
    """The journal in ``path``; None if it is damaged or was not written by socinv.

    A journal tells ``doctor --repair`` which folders to touch, so it is checked
    like any input: every field of the right type, the case id valid and naming
    the file, the stage folders single names inside the fund, the new file a
    path inside the case — never ``..``, an absolute path or a drive.
    """
    data = read_state(path, MAX_JOURNAL)
    if not isinstance(data, dict):
        return None
    try:
        journal = Journal(**data)
    except TypeError:
        return None
    return journal if _sound(journal, path) else None


_TEXT_FIELDS = ("command", "case", "source", "target", "before", "after", "by", "started")


def _sound(journal: Journal, path: Path) -> bool:
    if not all(isinstance(getattr(journal, name), str) for name in _TEXT_FIELDS):
        return False
    if not all(isinstance(value, str | None) for value in (
            journal.created, journal.created_text, journal.created_base64, journal.commit,
            journal.fund_before, journal.fund_after)):
        return False
    if not (isinstance(journal.pid, int) and isinstance(journal.version, int)
            and isinstance(journal.paths, list)
            and all(isinstance(item, str) for item in journal.paths)):
        return False
    if not isinstance(journal.group, list) or not all(
            isinstance(item, str) and is_case_id(item) for item in journal.group):
        return False
    if not is_case_id(journal.case) or path.name != f"journal-{journal.case}.json":
        return False
    if not (_plain_name(journal.source) and _plain_name(journal.target)):
        return False
    if journal.created is not None:
        parts = journal.created.split("/")
        if len(parts) > 2 or not all(_plain_name(part) for part in parts):
            return False
    return True


def _plain_name(name: str) -> bool:
    """One file or folder name: no separators, no ``.``/``..``, no drive, no NUL."""
    return (bool(name) and name not in (".", "..") and not any(
        char in name for char in "/\\:\x00") and name == name.strip())


def journals(root: Path) -> list[tuple[Path, Journal | None]]:
    directory = root / STATE_DIR
    if not directory.is_dir() or directory.is_symlink():
        return []
    return [(path, read_journal(path)) for path in sorted(directory.glob("journal-*.json"))]


def refuse_if_pending(root: Path, case_id: str) -> None:
    path = journal_path(root, case_id)
    if path.exists():
        journal = read_journal(path)
        what = journal.summary() if journal else path.name
        raise UserError(
            f"Ett tidigare kommando för ärendet avbröts ({what}). Kör socinv doctor för att se "
            "vad som hänt och socinv doctor --repair för att slutföra eller återställa det.",
            f"An earlier command for this case was interrupted ({what}). Run socinv doctor to "
            "see what happened and socinv doctor --repair to complete or roll it back.")


def execute(root: Path, journal: Journal) -> UserError | None:
    """Carry out ``journal``; returns the git error if only the commit failed."""
    source = root / journal.source / journal.case
    target = root / journal.target / journal.case
    moving = journal.source != journal.target
    _check_case_dir(root, source)
    if moving:
        _check_target(root, source, target)
    refuse_if_pending(root, journal.case)
    if current_text(source / CASE_FILE) != journal.before:
        raise UserError(f"{source / CASE_FILE} ändrades medan kommandot kördes. Inget ändrades; "
                        "kör kommandot igen.",
                        f"{source / CASE_FILE} changed while the command ran. Nothing changed; "
                        "run the command again.")
    if journal.fund_before is not None and current_text(root / FUND_FILE) != \
            journal.fund_before:
        raise UserError(f"{root / FUND_FILE} ändrades medan kommandot kördes. Inget ändrades; "
                        "kör kommandot igen.",
                        f"{root / FUND_FILE} changed while the command ran. Nothing changed; "
                        "run the command again.")
    state_dir(root)
    path = journal_path(root, journal.case)
    write_text_atomic(path, json.dumps(asdict(journal), ensure_ascii=False, indent=1))
    crash_point("journal-written")
    try:
        if journal.created is not None:
            created = source / journal.created
            if created.parent.is_symlink():
                raise UserError(f"{created.parent}: är en länk.", f"{created.parent}: is a link.")
            created.parent.mkdir(exist_ok=True)
            write_bytes_atomic(created, created_bytes(journal))
            crash_point("document-written")
        if journal.fund_after is not None:
            write_case_text(root / FUND_FILE, journal.fund_after)
            crash_point("fund-written")
        write_case_text(source / CASE_FILE, journal.after)
        crash_point("case-written")
    except BaseException:
        _undo_before_case(root, journal)
        raise
    if moving:
        _rename(source, target)
        crash_point("moved")
    error = commit_journal(root, journal)
    crash_point("committed")
    remove_journal(root, journal)
    crash_point("journal-removed")
    return error


def execute_group(root: Path, group: list[Journal]) -> UserError | None:
    """Carry out several cases' changes as one: every journal is written before any case
    changes, so ``doctor --repair`` completes all of them or rolls all of them back.

    Each journal names the whole group; the commit (if any) is made once, by the last.
    """
    ids = [journal.case for journal in group]
    for journal in group:
        source = root / journal.source / journal.case
        _check_case_dir(root, source)
        if journal.source != journal.target:
            _check_target(root, source, root / journal.target / journal.case)
        refuse_if_pending(root, journal.case)
        if current_text(source / CASE_FILE) != journal.before:
            raise UserError(f"{source / CASE_FILE} ändrades medan kommandot kördes. Inget "
                            "ändrades; kör kommandot igen.",
                            f"{source / CASE_FILE} changed while the command ran. Nothing "
                            "changed; run the command again.")
    state_dir(root)
    written: list[Journal] = []
    try:
        for journal in group:
            journal.group = ids
            write_text_atomic(journal_path(root, journal.case),
                              json.dumps(asdict(journal), ensure_ascii=False, indent=1))
            written.append(journal)
            crash_point("journal-written")
    except BaseException:
        for journal in written:
            remove_journal(root, journal)
        raise
    crash_point("group-journals-written")
    for journal in group:
        source = root / journal.source / journal.case
        write_case_text(source / CASE_FILE, journal.after)
        crash_point("case-written")
        if journal.source != journal.target:
            _rename(source, root / journal.target / journal.case)
            crash_point("moved")
    error = commit_journal(root, group[-1]) if group else None
    crash_point("committed")
    for journal in group:
        remove_journal(root, journal)
        crash_point("journal-removed")
    return error


def commit_journal(root: Path, journal: Journal) -> UserError | None:
    if not journal.commit:
        return None
    from socinv.fund.gitcommit import commit

    try:
        commit(root, journal.paths, journal.commit)
    except UserError as error:
        return error
    return None


def remove_journal(root: Path, journal: Journal) -> None:
    with contextlib.suppress(FileNotFoundError):
        journal_path(root, journal.case).unlink()
    fsync_dir(root / STATE_DIR)


def _undo_before_case(root: Path, journal: Journal) -> None:
    """A write failed (disk full, permissions) before case.yaml changed: take back our file."""
    source = root / journal.source / journal.case
    if current_text(source / CASE_FILE) != journal.before:
        return
    if journal.created is not None:
        created = source / journal.created
        if is_created(created, journal):
            with contextlib.suppress(OSError):
                created.unlink()
    if journal.fund_before is not None and current_text(root / FUND_FILE) == journal.fund_after:
        with contextlib.suppress(UserError):
            write_case_text(root / FUND_FILE, journal.fund_before)
    remove_journal(root, journal)


def _check_case_dir(root: Path, path: Path) -> None:
    if path.is_symlink() or not path.is_dir() or path.parent.is_symlink():
        raise UserError(f"{path}: ärendemappen finns inte eller är en länk.",
                        f"{path}: the case folder does not exist or is a link.")
    if (path / CASE_FILE).is_symlink():
        raise UserError(f"{path / CASE_FILE}: är en symbolisk länk; socinv följer inte länkar.",
                        f"{path / CASE_FILE}: is a symbolic link; socinv does not follow links.")


def _check_target(root: Path, source: Path, target: Path) -> None:
    stage_dir = target.parent
    if stage_dir.is_symlink():
        raise UserError(f"{stage_dir}: stegmappen är en länk; socinv flyttar inte dit.",
                        f"{stage_dir}: the stage folder is a link; socinv does not move there.")
    stage_dir.mkdir(exist_ok=True)
    if os.path.lexists(target):
        raise UserError(
            f"{target} finns redan (även en tom mapp räknas). Ta bort eller byt namn på den och "
            "kör kommandot igen. Inget ändrades.",
            f"{target} already exists (an empty folder counts too). Remove or rename it and run "
            "the command again. Nothing changed.")
    if source.parent.stat().st_dev != stage_dir.stat().st_dev:
        raise UserError(
            f"{source.parent} och {stage_dir} ligger på olika filsystem; socinv flyttar bara "
            "ärenden med ett enda namnbyte. Lägg stegmapparna på samma enhet.",
            f"{source.parent} and {stage_dir} are on different file systems; socinv only moves "
            "cases with a single rename. Put the stage folders on one drive.")


def check_move(root: Path, source: Path, target: Path) -> None:
    """Refuse a move ``execute`` would refuse: a linked or other-file-system stage, a taken name."""
    _check_target(root, source, target)


def move_case(root: Path, source: Path, target: Path) -> None:
    """Move a case folder into another stage: checked as ``execute`` checks it, one rename."""
    _check_target(root, source, target)
    _rename(source, target)


def _rename(source: Path, target: Path) -> None:
    try:
        rename_noreplace(source, target)
    except FileExistsError:
        raise UserError(f"{target} dök upp under flytten; ärendet ligger kvar i {source.parent}. "
                        "Kör socinv doctor --repair.",
                        f"{target} appeared during the move; the case is still in "
                        f"{source.parent}. Run socinv doctor --repair.") from None
    except OSError as error:
        raise UserError(f"{source} kunde inte flyttas ({error.strerror}). Kör socinv doctor "
                        "--repair.",
                        f"{source} could not be moved ({error.strerror}). Run socinv doctor "
                        "--repair.") from None
    fsync_dir(target.parent)
    fsync_dir(source.parent)


def rename_noreplace(source: Path, target: Path) -> None:
    """Rename, refusing an existing target — even an empty folder, which plain rename replaces.

    Uses ``renameat2(RENAME_NOREPLACE)`` (Linux) or ``renamex_np(RENAME_EXCL)`` (macOS) so
    there is no window between the check and the rename; elsewhere the fund lock keeps
    other socinv commands out of that window.
    """
    if os.path.lexists(target):
        raise FileExistsError(errno.EEXIST, "exists", str(target))
    call = _native_noreplace()
    if call is not None:
        result = call(source, target)
        if result == 0:
            return
        import ctypes

        code = ctypes.get_errno()
        if code == errno.EEXIST:
            raise FileExistsError(code, os.strerror(code), str(target))
        if code not in (errno.EINVAL, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise OSError(code, os.strerror(code), str(source))
    source.rename(target)


def _native_noreplace() -> Callable[[Path, Path], int] | None:
    import ctypes  # only for a rename that must not replace (ctypes costs a command 3 ms)

    try:
        libc = ctypes.CDLL(None, use_errno=True)
    except OSError:  # pragma: no cover - no C library to load
        return None
    if sys.platform.startswith("linux") and hasattr(libc, "renameat2"):
        function = libc.renameat2

        def linux(source: Path, target: Path) -> int:
            return int(function(-100, os.fsencode(source), -100, os.fsencode(target), 1))
        return linux
    if sys.platform == "darwin" and hasattr(libc, "renamex_np"):  # pragma: no cover - macOS
        function = libc.renamex_np

        def darwin(source: Path, target: Path) -> int:
            return int(function(os.fsencode(source), os.fsencode(target), 4))
        return darwin
    return None
