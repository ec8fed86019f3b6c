"""Shared test helpers: build fund trees from dicts, run the CLI as a user would."""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from socinv.cli import app

REPO = Path(__file__).resolve().parent.parent
SAMPLE_FUND = REPO / "sample_fund"


@dataclass
class Result:
    code: int
    out: str
    err: str

    def json(self) -> Any:
        return json.loads(self.out)


def run(*args: str | Path, cwd: Path | None = None) -> Result:
    """Invoke ``socinv`` in-process, exactly as the console script would."""
    runner = CliRunner()
    import os

    old = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        result = runner.invoke(app, [str(arg) for arg in args], catch_exceptions=False)
    finally:
        os.chdir(old)
    return Result(result.exit_code, result.stdout, result.stderr)


def build_tree(root: Path, tree: Mapping[str, Any]) -> Path:
    """Write ``{"dir": {"file.yaml": "text"}}`` below ``root``; bytes are written raw."""
    for name, content in tree.items():
        path = root / name
        if isinstance(content, Mapping):
            path.mkdir(parents=True, exist_ok=True)
            build_tree(path, content)
        elif isinstance(content, bytes):
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(content)
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(content, encoding="utf-8")
    return root


def snapshot(root: Path) -> dict[str, tuple[int, str]]:
    """Every file below ``root`` with its size and hash: proof that nothing changed."""
    import hashlib

    return {
        path.relative_to(root).as_posix(): (path.stat().st_size,
                                            hashlib.sha256(path.read_bytes()).hexdigest())
        for path in sorted(root.rglob("*")) if path.is_file()
    }


@pytest.fixture(autouse=True, scope="session")
def own_user_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    """The run's own user cache (built profiles, parsed fund.yaml, compiled templates): the
    suite neither reads what an earlier run or another checkout left in ``~/.cache`` nor
    leaves anything there. Tests about the cache set their own ``SOCINV_CACHE_DIR``."""
    import os

    os.environ.setdefault("SOCINV_CACHE_DIR", str(tmp_path_factory.mktemp("user-cache")))


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    """The day the README session and the sample fund's expected findings were recorded.

    Overdue reports depend on the date; without this, the suite would change verdict on
    2027-01-01. Tests about dates set their own ``--today`` or ``SOCINV_TODAY``.
    """
    monkeypatch.setenv("SOCINV_TODAY", "2026-11-22")


@pytest.fixture
def sample_fund(tmp_path: Path) -> Path:
    """A private copy of the bundled sample fund."""
    target = tmp_path / "fund"
    shutil.copytree(SAMPLE_FUND, target)
    return target


@pytest.fixture
def ystad_fund(tmp_path: Path) -> Path:
    fund = tmp_path / "ystad"
    assert run("init", fund, "--profile", "ystad").code == 0
    return fund


@pytest.fixture
def heby_fund(tmp_path: Path) -> Path:
    fund = tmp_path / "heby"
    assert run("init", fund, "--profile", "heby").code == 0
    return fund
