"""The fund lock: a second mutating command fails fast, says who holds it, never both win."""

from __future__ import annotations

import errno
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from socinv.fund.fund import Fund
from socinv.fund.lock import fund_lock, read_holder
from tests.conftest import REPO, run
from tests.workflow_helpers import (
    ACTIVE,
    APPLICATION_OK,
    IDEA,
    TODAY,
    case_data,
    cli,
    data_snapshot,
    events,
    where,
)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCINV_TODAY", TODAY)


@pytest.mark.parametrize("command", [
    ("advance", IDEA), ("decide", ACTIVE, "--granted", "1", "--ref", "KS § 1", "--force"),
    ("close", ACTIVE, "--outcome", "aborted", "--ref", "KS § 1"),
    ("new", "report", ACTIVE, "--period", "2026-annual"), ("new", "final-report", ACTIVE),
    ("doctor",), ("doctor", "--repair"),
])
def test_a_second_command_fails_fast_and_names_the_holder(sample_fund: Path,
                                                          command: tuple[str, ...]) -> None:
    before = data_snapshot(sample_fund)
    with fund_lock(Fund.open(sample_fund), "advance", "Petra Lund"):
        started = time.monotonic()
        result = run(*command, "--fund", sample_fund)
        assert time.monotonic() - started < 5
    assert result.code == 2
    assert "Fonden är låst: socinv advance som Petra Lund kör" in result.err
    assert f"process {os.getpid()}" in result.err and "sedan 20" in result.err
    assert data_snapshot(sample_fund) == before


def test_read_only_commands_do_not_wait_for_the_lock(sample_fund: Path) -> None:
    with fund_lock(Fund.open(sample_fund), "advance", "Petra Lund"):
        assert run("status", "--fund", sample_fund).code == 0
        assert run("validate", "--fund", sample_fund).code == 1  # the sample's known errors
        assert run("advance", IDEA, "--dry-run", "--fund", sample_fund).code == 0


def test_the_lock_file_is_dedicated_and_stays_empty(sample_fund: Path) -> None:
    assert run("advance", IDEA, "--fund", sample_fund).code == 0
    lock = sample_fund / ".socinv" / "lock"
    assert lock.is_file() and lock.stat().st_size == 0
    assert not (sample_fund / ".socinv" / "lock.info").exists()  # released cleanly


def test_a_stale_lock_is_detected_and_cleared(sample_fund: Path) -> None:
    crashed = cli("advance", IDEA, "--fund", sample_fund, env={"SOCINV_CRASH_AT": "locked"})
    assert crashed.returncode < 0
    holder = read_holder(sample_fund)
    assert holder is not None and holder.command == "advance" and holder.pid == crashed_pid(
        holder.pid)
    doctor = run("doctor", "--fund", sample_fund, "--lang", "en")
    assert doctor.code == 0 and "[doctor-stale-lock]" in doctor.out
    assert "ended without releasing the lock" in doctor.out
    assert read_holder(sample_fund) is not None  # doctor without --repair changes nothing
    repaired = run("doctor", "--repair", "--fund", sample_fund)
    assert "Tog bort uppgiften om ett kvarlämnat lås." in repaired.out
    assert read_holder(sample_fund) is None
    assert run("advance", IDEA, "--fund", sample_fund).code == 0


def crashed_pid(pid: int) -> int:
    """The crashed holder's process is gone."""
    with pytest.raises(ProcessLookupError):
        os.kill(pid, 0)
    return pid


def test_the_next_command_takes_over_a_stale_lock(sample_fund: Path) -> None:
    cli("advance", IDEA, "--fund", sample_fund, env={"SOCINV_CRASH_AT": "locked"})
    result = run("advance", IDEA, "--fund", sample_fund)
    assert result.code == 0
    assert "avslutades utan att släppa låset" in result.err


def _spawn(fund: Path, *args: str, pause: str | None = None) -> subprocess.Popen[str]:
    env = {**os.environ, "SOCINV_TODAY": TODAY, "PYTHONPATH": str(REPO)}
    if pause:
        env |= {"SOCINV_PAUSE_AT": pause, "SOCINV_PAUSE_SECONDS": "1.5"}
    return subprocess.Popen([sys.executable, "-m", "socinv", *args, "--fund", str(fund)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)


def test_a_command_holding_the_lock_blocks_another_process(sample_fund: Path) -> None:
    first = _spawn(sample_fund, "advance", IDEA, "--by", "Petra Lund", pause="journal-written")
    deadline = time.monotonic() + 20
    while not (sample_fund / ".socinv" / f"journal-{IDEA}.json").exists():
        assert time.monotonic() < deadline and first.poll() is None
        time.sleep(0.02)
    second = cli("advance", APPLICATION_OK, "--fund", sample_fund)
    out, err = first.communicate(timeout=30)
    assert first.returncode == 0, out + err
    assert second.returncode == 2
    assert "Fonden är låst: socinv advance som Petra Lund kör" in second.stderr
    assert where(sample_fund, IDEA) == ["2-ansokningar"]
    assert where(sample_fund, APPLICATION_OK) == ["2-ansokningar"]


def test_concurrent_commands_on_one_case_never_both_win(sample_fund: Path) -> None:
    processes = [_spawn(sample_fund, "advance", IDEA, "--by", f"p{n}") for n in range(6)]
    codes = [process.wait(timeout=60) for process in processes]
    for process in processes:
        process.communicate()
    assert codes.count(0) == 1, codes
    assert set(codes) <= {0, 1, 2}  # 2: locked; 1: already moved on, next gate not met
    assert where(sample_fund, IDEA) == ["2-ansokningar"]
    assert events(sample_fund, IDEA) == ["created", "record", "record", "record", "advance"]
    assert case_data(sample_fund, IDEA)["stage"] == "application"
    assert not list((sample_fund / ".socinv").glob("journal-*"))


def test_a_file_system_without_locks_is_refused(sample_fund: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    import fcntl

    def no_locks(fd: int, operation: int) -> None:
        raise OSError(errno.ENOLCK, "No locks available")

    monkeypatch.setattr(fcntl, "flock", no_locks)
    before = data_snapshot(sample_fund)
    result = run("advance", IDEA, "--fund", sample_fund)
    assert result.code == 2 and "stöder inte lås" in result.err
    assert data_snapshot(sample_fund) == before
