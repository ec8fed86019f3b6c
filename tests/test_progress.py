"""Commands that read many files show a progress bar on a terminal, and only there.

The bar goes to stderr and is wiped when done; it is off when stderr is not a
terminal, with --quiet, and for funds under 50 cases. Each command runs as a real
process whose stderr is a pseudo-terminal.
"""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from bench.generate import generate
from tests.workflow_helpers import REPO, TODAY, cli

BAR = "[##############################] 120/120"
COMMANDS = {
    "validate": ("validate", "--no-cache"),
    "status": ("status",),
    "report annual": ("report", "annual", "--year", "2025", "--force"),
}


@pytest.fixture(scope="module")
def fund(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate(tmp_path_factory.mktemp("progress") / "fund", 120, seed=3)


def on_terminal(*args: str | Path) -> tuple[int, str, str]:
    """Exit code, stdout and what the terminal showed on stderr."""
    master, slave = pty.openpty()
    env = {**os.environ, "SOCINV_TODAY": TODAY, "PYTHONPATH": str(REPO)}
    process = subprocess.Popen([sys.executable, "-m", "socinv", *map(str, args)],
                               stdout=subprocess.PIPE, stderr=slave, env=env)
    os.close(slave)
    shown = bytearray()
    while True:
        try:
            chunk = os.read(master, 65536)
        except OSError:  # the other side closed (EIO on Linux)
            break
        if not chunk:
            break
        shown += chunk
    os.close(master)
    assert process.stdout is not None
    with process.stdout:
        out = process.stdout.read().decode("utf-8")
    return process.wait(timeout=120), out, shown.decode("utf-8")


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_terminal_shows_the_bar_and_it_is_wiped(fund: Path, tmp_path: Path,
                                                 name: str) -> None:
    args = (*COMMANDS[name], "--fund", fund, *(("--out", tmp_path) if "report" in name else ()))
    code, out, shown = on_terminal(*args)
    assert code in (0, 1), shown
    assert BAR in shown  # every case counted, the bar full
    assert shown.rsplit(BAR, 1)[1].startswith("\r" + " " * 60 + "\r")  # then wiped
    assert "120/120" not in out  # never on stdout


@pytest.mark.parametrize("name", list(COMMANDS))
def test_quiet_or_no_terminal_shows_no_bar(fund: Path, tmp_path: Path, name: str) -> None:
    args = (*COMMANDS[name], "--fund", fund, *(("--out", tmp_path) if "report" in name else ()))
    code, _, shown = on_terminal(*args, "--quiet")
    assert code in (0, 1) and "120/120" not in shown
    piped = cli(*args)
    assert piped.returncode in (0, 1) and "120/120" not in piped.stderr + piped.stdout
