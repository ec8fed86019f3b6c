"""Tab completion as a user gets it: ``socinv --install-completion`` typed in a real bash,
zsh and fish, then a new shell where Tab completes commands, case ids, options and periods.

The shells come from Debian packages (``apt-get install zsh fish``, as the README's test
command does); a missing shell fails here rather than passing unnoticed.
"""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pexpect
import pytest

from tests.conftest import SAMPLE_FUND, run

BIN = Path(sys.executable).parent
PROMPT = "READY> "
SET_PROMPT = {"bash": f"PS1='{PROMPT}'", "zsh": f"PS1='{PROMPT}'",
              "fish": f"function fish_prompt; echo '{PROMPT}'; end"}


def _shell(name: str, home: Path, cwd: Path) -> pexpect.spawn:
    executable = shutil.which(name)
    assert executable, f"{name} is not installed: apt-get install {name}"
    assert (BIN / "socinv").is_file(), "the socinv command is not installed in this environment"
    env = {"HOME": str(home), "PATH": f"{BIN}{os.pathsep}/usr/bin{os.pathsep}/bin",
           "TERM": "xterm", "LANG": "C.UTF-8", "SOCINV_TODAY": "2026-11-22"}
    child = pexpect.spawn(executable, ["-i"], env=env, cwd=str(cwd), encoding="utf-8",
                          timeout=30, dimensions=(50, 250))
    child.sendline(SET_PROMPT[name])
    child.expect_exact(PROMPT)
    if name != "fish":  # bash and zsh echo the line that sets the prompt, then show it
        child.expect_exact(PROMPT)
    return child


@pytest.mark.parametrize("shell", ["bash", "zsh", "fish"])
def test_install_completion_then_tab_completes(shell: str, tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    fund = tmp_path / "fund"
    shutil.copytree(SAMPLE_FUND, fund)

    first = _shell(shell, home, fund)
    first.sendline("socinv --install-completion")
    first.expect(f"Installerade komplettering för {shell} i ")
    first.expect_exact(PROMPT)
    first.sendline("exit")
    first.expect(pexpect.EOF)

    child = _shell(shell, home, fund)
    # a command, a short case id and an option, each completed by Tab
    child.send("socinv adv\t")
    child.send(" 2026-004\t")
    child.send(" --dry\t")
    child.send("\r")
    child.expect_exact("Torrkörning, inget ändrades. socinv skulle flytta "
                       "2026-004-foraldrastod-abc-i-forskolan: Idéprövning → Ansökan.")
    child.expect_exact(PROMPT)
    # a period of the case's decision; Ctrl-A + "echo " shows the completed line
    child.send("socinv new report 2025-001\t --period 2026-ann\t")
    child.send("\x01echo \r")
    child.expect(r"socinv new report 2025-001-utokade-hembesok-for-forstagangsforaldrar "
                 r"--period 2026-annual")
    child.expect_exact(PROMPT)
    child.sendline("exit")
    child.expect(pexpect.EOF)


def test_show_completion_in_a_plain_bash(tmp_path: Path) -> None:
    fund = tmp_path / "fund"
    shutil.copytree(SAMPLE_FUND, fund)
    child = _shell("bash", tmp_path, fund)
    child.sendline('eval "$(socinv --show-completion)"')
    child.expect_exact(PROMPT)
    child.send("socinv validate --expl\t 3-beredning/\t\r")
    child.expect_exact("Ekonomi – 3-beredning/2026-001-pax-i-skolan-lugn-och-studiero-i-f-6/"
                       "application.yaml")
    child.expect_exact(PROMPT)
    # a stage key and a choice complete too
    child.send("socinv status --stage appl\t --format js\t\r")
    child.expect_exact('"stage": "application"')
    child.expect_exact(PROMPT)
    child.sendline("exit")
    child.expect(pexpect.EOF)


def test_an_unsupported_shell_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCINV_SHELL", "tcsh")
    result = run("--show-completion")
    assert result.code == 2
    assert "Skalet \"tcsh\" stöds inte; socinv kompletterar i bash, zsh och fish." in result.err
