"""``docs/reliability.md`` stays true: every test it names exists, and its tables are complete.

The page is a table of hostile inputs and injected faults, each with the test
that proves the result. This collects the suite (``pytest --collect-only``) and
checks that every test the page names — directly, or as a cell of the crash
matrix or the full-disk table — is a real test; that at least 30 hostile inputs
are listed; that every crash point in socinv's code is named on the page; and
that the number of writes per command the page states is the real one.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from socinv.fund.crash import STEPS
from tests.conftest import REPO

PAGE = (REPO / "docs" / "reliability.md").read_text(encoding="utf-8")
_REFERENCE = re.compile(r"`(tests/test_\w+\.py::\w+(?:\[[^`]*\])?)`")


def _table(header: str) -> tuple[list[str], list[list[str]]]:
    """The columns and rows of the Markdown table whose header row starts with ``header``."""
    lines = PAGE.splitlines()
    start = next(index for index, line in enumerate(lines) if line.startswith(header))
    columns = _cells(lines[start])
    rows = []
    for line in lines[start + 2:]:
        if not line.startswith("|"):
            break
        rows.append(_cells(line))
    return columns, rows


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip()[1:-1])]


def _named() -> list[str]:
    named = [name for name in _REFERENCE.findall(PAGE) if "<" not in name]  # not a pattern
    columns, rows = _table("| command | locked |")
    for row in rows:
        named += [f"tests/test_crash.py::test_kill_at_every_step[{row[0]}@{step}]"
                  for step, cell in zip(columns[1:], row[1:], strict=True) if cell]
    _, writes = _table("| command | writes |")
    named += [f"tests/test_faults.py::test_a_disk_filling_up_at_any_write_changes_nothing"
              f"[{row[0]}]" for row in writes]
    return named


def test_every_test_the_page_names_exists() -> None:
    named = _named()
    files = sorted({name.split("::")[0] for name in named})
    collected = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:cacheprovider",
         *files], capture_output=True, text=True, cwd=REPO, check=False).stdout.splitlines()
    ids = {line.strip() for line in collected if "::" in line}
    missing = [name for name in named if name not in ids and not any(
        found.startswith(name + "[") for found in ids)]
    assert not missing, missing
    assert len(named) > 150


def test_at_least_30_hostile_inputs_and_every_crash_point() -> None:
    _, hostile = _table("| # | input |")
    assert [int(row[0]) for row in hostile] == list(range(1, len(hostile) + 1))
    assert len(hostile) >= 30
    assert all(_REFERENCE.search(row[-1]) for row in hostile)
    used = {step for path in (REPO / "socinv").rglob("*.py")
            for step in re.findall(r"crash_point\(\"([a-z-]+)\"\)", path.read_text("utf-8"))}
    assert used <= set(STEPS)
    crashes = PAGE[PAGE.index("### `kill -9` at every step"):PAGE.index("### A SIGKILL storm")]
    assert all(f"`{step}`" in crashes or f"| {step} |" in crashes for step in STEPS), [
        step for step in STEPS if f"`{step}`" not in crashes and f"| {step} |" not in crashes]


def test_the_writes_per_command_are_the_real_ones(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    from tests.test_faults import _writes

    monkeypatch.setenv("SOCINV_TODAY", "2026-11-22")
    _, rows = _table("| command | writes |")
    assert {row[0]: int(row[1]) for row in rows} == {
        row[0]: _writes(tmp_path, row[0], monkeypatch) for row in rows}
