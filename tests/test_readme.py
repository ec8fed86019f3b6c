"""The README stays true: its session replays to the same output, its commands work."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO, SAMPLE_FUND, run, snapshot

README = (REPO / "README.md").read_text(encoding="utf-8")


def _setup_commands() -> list[str]:
    block = README.split("## Kom igång", 1)[1].split("```sh", 1)[1].split("```", 1)[0]
    return [line for line in block.strip().splitlines() if line.strip()]


def _session() -> list[tuple[str, list[str]]]:
    block = README.split("```console", 1)[1].split("```", 1)[0]
    steps: list[tuple[str, list[str]]] = []
    for line in block.strip("\n").splitlines():
        if line.startswith("$ "):
            steps.append((line[2:], []))
        else:
            steps[-1][1].append(line)
    return steps


def test_readme_has_exactly_two_setup_commands() -> None:
    commands = _setup_commands()
    assert len(commands) == 2
    assert "socinv validate --fund sample_fund" in commands[0]
    assert "pytest" in commands[1]


def test_ci_runs_the_readmes_test_command() -> None:
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert _setup_commands()[1] in ci


def test_terminal_session_replays_exactly(tmp_path: Path) -> None:
    shutil.copytree(SAMPLE_FUND, tmp_path / "sample_fund")
    cwd = tmp_path
    steps = _session()
    assert len(steps) >= 4
    for command, expected in steps:
        if command.startswith("cd "):
            cwd = (cwd / command[3:]).resolve()
            continue
        if command.startswith("cp "):
            source, target = command.split()[1:]
            shutil.copy(cwd / source, cwd / target)
            continue
        assert command.startswith("socinv ")
        result = run(*command.split()[1:], cwd=cwd)
        actual = (result.out + result.err).rstrip("\n").splitlines()
        assert [line.rstrip() for line in actual] == [line.rstrip() for line in expected], command


def test_plain_install_ships_profiles_and_runs_on_the_sample_fund(tmp_path: Path) -> None:
    """``pip install .`` (not editable) finds the profiles; the main job runs on it."""
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--target",
         str(target), str(REPO)],
        check=True, capture_output=True, timeout=300,
    )
    installed = target / "socinv"
    assert (installed / "profiles" / "ystad.yaml").is_file()
    assert (installed / "profiles" / "heby.yaml").is_file()
    assert (installed / "templates").is_dir()
    env = {**os.environ, "PYTHONPATH": str(target) + os.pathsep + os.environ.get(
        "PYTHONPATH", "")}
    result = subprocess.run(
        [sys.executable, "-c", "import sys, socinv.cli; sys.argv[0] = 'socinv'; "
         "print(socinv.cli.__file__, file=sys.stderr); socinv.cli.main()",
         "validate", "--fund", str(SAMPLE_FUND)],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )
    assert str(installed) in result.stderr
    assert result.returncode == 1
    assert re.search(r"8 fel och 6 varningar i 2 av \d+ filer\.", result.stdout)
    # the sample fund ships in the package: a pip-installed user follows the README with it
    assert (installed / "sample_fund" / "fund.yaml").is_file()
    example = subprocess.run(
        [sys.executable, "-c", "import sys, socinv.cli; sys.argv[0] = 'socinv'; "
         "socinv.cli.main()", "init", "--example", "exempel"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )
    assert example.returncode == 0, example.stderr
    assert "Skapade exempelfonden i exempel (profil ystad, 7 ärenden)." in example.stdout
    assert snapshot(tmp_path / "exempel") == {
        name: value for name, value in snapshot(SAMPLE_FUND).items()
        if not name.startswith(("EXPECTED_", ".socinv/"))}
