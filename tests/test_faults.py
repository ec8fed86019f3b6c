"""Injected faults: a disk that fills up at every single write, a full disk, a read-only fund.

Each mutating command is run once to count its writes; then once per write
with the disk "filling up" at that write (``fsync`` of that file and every later
one fails with ENOSPC, as on a full drive or an over-quota share). Every time
the user gets exit 2 and a message naming the file and the reason, and the
fund is exactly as before: no partial file, no temporary file, no journal.
The same commands then meet a real full disk (a filled ``tmpfs``) and a real
read-only drive (a read-only bind mount) where the machine allows mounting,
simulated otherwise (``tests/faults.py``).
"""

from __future__ import annotations

import errno
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from socinv.io import atomic
from tests.conftest import SAMPLE_FUND, Result, run
from tests.faults import fail_file_writes, full_disk, read_only
from tests.test_hostile import fund_state
from tests.workflow_helpers import (
    ACTIVE,
    APPLICATION_OK,
    IDEA,
    REVIEW,
    TODAY,
    cli,
    events,
    where,
)

NO_SPACE = "No space left on device"
COMMANDS: dict[str, tuple[str, ...]] = {
    "advance": ("advance", IDEA, "--by", "Petra"),
    "decide": ("decide", REVIEW, "--granted", "2850000", "--per-year",
               "2027=1150000,2028=980000,2029=720000", "--ref", "KS § 201",
               "--date", "2026-12-16"),
    "close": ("close", REVIEW, "--outcome", "withdrawn", "--ref", "KS § 88"),
    "record": ("record", REVIEW, "committee_view", "--by", "Socialnämnden", "--position",
               "for", "--force"),
    "new-idea": ("new", "idea", "Läxhjälp på biblioteket"),
    "new-application": ("new", "application", IDEA),
    "new-report": ("new", "report", ACTIVE, "--period", "2026-annual"),
    "new-final-report": ("new", "final-report", ACTIVE, "--format", "docx"),
    "report-decision": ("report", "decision", REVIEW),
    "report-annual": ("report", "annual", "--year", "2025", "--format", "docx,xlsx,md"),
}


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCINV_TODAY", TODAY)


def _fresh(parent: Path, name: str) -> Path:
    fund = parent / name
    shutil.copytree(SAMPLE_FUND, fund, ignore=shutil.ignore_patterns(".socinv"))
    return fund


def _temps(fund: Path) -> list[str]:
    return [path.relative_to(fund).as_posix() for path in fund.rglob("*")
            if path.name.endswith(".tmp")]


def _writes(tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> int:
    fund = _fresh(tmp_path, f"count-{name}")
    with monkeypatch.context() as patch:
        calls = fail_file_writes(patch, lambda _: False)
        assert run(*COMMANDS[name], "--fund", fund).code == 0
    return len(calls)


def _from_write(first: int) -> Callable[[int], bool]:
    """The disk is full from the ``first``-th write on."""
    return lambda n: n >= first


def _refused(result: Result, reason: str) -> None:
    assert result.code == 2, (result.out, result.err)
    assert reason in result.err, result.err
    assert "Traceback" not in result.out + result.err


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_disk_filling_up_at_any_write_changes_nothing(
        name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    writes = _writes(tmp_path, name, monkeypatch)
    assert writes >= 2  # durable writes: at least a journal or a document, and the change
    for failing in range(1, writes + 1):
        fund = _fresh(tmp_path, f"{name}-{failing}")
        before = fund_state(fund)
        with monkeypatch.context() as patch:
            fail_file_writes(patch, _from_write(failing))
            result = run(*COMMANDS[name], "--fund", fund)
        _refused(result, NO_SPACE)
        assert fund_state(fund) == before, f"write {failing} of {writes}"
        assert _temps(fund) == [], f"write {failing} of {writes}"
        doctor = run("doctor", "--fund", fund)
        assert doctor.code == 0 and "Fonden är i ordning." in doctor.out, doctor.out


def test_a_full_disk_never_fails_a_validation(tmp_path: Path,
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """validate only reads; its cache is an optimisation and a failed cache write is skipped."""
    fund = _fresh(tmp_path, "fund")
    expected = run("validate", "--fund", fund, "--no-cache", "--format", "json")
    before = fund_state(fund)
    calls: list[str] = []

    def full(directory: Path, prefix: str, suffix: str) -> tuple[int, str]:
        calls.append(str(directory))
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    with monkeypatch.context() as patch:  # the cache is written without fsync: fail the file
        patch.setattr(atomic, "open_temporary", full)
        result = run("validate", "--fund", fund, "--format", "json")
    assert calls  # the cache write was tried, and failed
    assert (result.code, result.out) == (expected.code, expected.out)
    assert fund_state(fund) == before and _temps(fund) == []


def test_a_repair_on_a_full_disk_keeps_the_journal_for_later(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fund = _fresh(tmp_path, "fund")
    crashed = cli(*COMMANDS["new-report"], "--fund", fund,
                  env={"SOCINV_CRASH_AT": "document-written"})
    assert crashed.returncode < 0
    before = fund_state(fund)
    with monkeypatch.context() as patch:
        # the repair's lock record is not synced (lock.py): its first durable write fails
        fail_file_writes(patch, lambda n: n >= 1)
        result = run("doctor", "--repair", "--fund", fund)
    _refused(result, NO_SPACE)
    before.pop(".socinv/lock.info")  # the crashed command's stale record, replaced and cleared
    assert fund_state(fund) == before and _temps(fund) == []
    assert "[doctor-interrupted]" in run("doctor", "--fund", fund).out
    assert "Slutförde" in run("doctor", "--repair", "--fund", fund).out
    assert events(fund, ACTIVE)[-1] == "new-report"
    assert (fund / "4-pagaende" / ACTIVE / "reports" / "2026-annual.yaml").is_file()


@pytest.mark.parametrize("name", ["advance", "new-idea", "new-report", "report-decision",
                                  "report-annual"])
def test_a_real_full_disk(name: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with full_disk(tmp_path, SAMPLE_FUND, monkeypatch) as fund:
        shutil.rmtree(fund / ".socinv", ignore_errors=True)
        before = fund_state(fund)
        result = run(*COMMANDS[name], "--fund", fund)
        _refused(result, NO_SPACE)
        assert fund_state(fund) == before and _temps(fund) == []
        assert run("validate", "--fund", fund).code == 1  # the sample's known errors
        assert run("doctor", "--fund", fund).code == 0
        assert fund_state(fund) == before and _temps(fund) == []


READ_ONLY = {**COMMANDS, "doctor-repair": ("doctor", "--repair"),
             "init": ("init", "{fund}/ny-fond", "--profile", "ystad")}


@pytest.mark.parametrize("used", [False, True], ids=["never-used", "used-before"])
def test_a_read_only_fund(used: bool, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Reading works as ever; every change is refused with the reason; nothing is written."""
    fund = _fresh(tmp_path, "fund")
    if used:  # the lock file exists, so even a read-only check can lock
        assert run("advance", APPLICATION_OK, "--fund", fund).code == 0
    expected: dict[tuple[str, ...], Result] = {args: run(*args, "--fund", fund) for args in (
        ("validate", "--no-cache"), ("status",), ("doctor",))}
    before = fund_state(fund)
    with read_only(fund, monkeypatch):
        for args, wanted in expected.items():
            result = run(*args, "--fund", fund)
            assert (result.code, result.out) == (wanted.code, wanted.out), args
        assert run("validate", "--fund", fund).code == wanted_code(expected)
        for name, args in READ_ONLY.items():
            command = [arg.format(fund=fund) for arg in args]
            result = run(*command, "--fund", fund) if name != "init" else run(*command)
            _refused(result, "Read-only file system")
    assert fund_state(fund) == before and _temps(fund) == []
    assert where(fund, IDEA) == ["1-ideer"]


def wanted_code(expected: dict[tuple[str, ...], Result]) -> int:
    return expected[("validate", "--no-cache")].code
