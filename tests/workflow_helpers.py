"""Helpers for the workflow, crash, lock, status and doctor tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from socinv.io.yamlio import read_yaml
from tests.conftest import REPO, SAMPLE_FUND, snapshot

IDEA = "2026-004-foraldrastod-abc-i-forskolan"  # idea, all five criteria met
IDEA_UNASSESSED = "2026-005-komet-for-larare-och-foraldrar-i-arskurs-f-3"
APPLICATION_OK = "2026-002-tidiga-insatser-vid-problematisk-skolfranvaro"
APPLICATION_BAD = "2026-003-vagen-till-arbete-ips-for-unga-vuxna"
REVIEW = "2026-001-pax-i-skolan-lugn-och-studiero-i-f-6"
ACTIVE = "2025-001-utokade-hembesok-for-forstagangsforaldrar"
CLOSED = "2024-001-skolfam-skolstod-for-familjehemsplacerade-barn"
VALID_APPLICATION = SAMPLE_FUND / "2-ansokningar" / APPLICATION_OK / "application.yaml"
TODAY = "2026-11-22"


def data_snapshot(root: Path) -> dict[str, tuple[int, str]]:
    """``snapshot`` of the fund's data: socinv's own state folder and git are left out."""
    return {name: value for name, value in snapshot(root).items()
            if not name.startswith((".socinv/", ".git/"))}


def where(fund: Path, case_id: str) -> list[str]:
    """The stage folders that hold ``case_id``."""
    return sorted(child.parent.name for child in fund.glob(f"*/{case_id}") if child.is_dir())


def case_data(fund: Path, case_id: str) -> dict[str, Any]:
    (stage,) = where(fund, case_id)
    return read_yaml(fund / stage / case_id / "case.yaml").data


def events(fund: Path, case_id: str) -> list[str]:
    return [entry["event"] for entry in case_data(fund, case_id)["history"]]


def cli(*args: str | Path, env: dict[str, str] | None = None,
        timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run socinv as a real process (``python -m socinv``)."""
    full_env = {**os.environ, "SOCINV_TODAY": TODAY, "PYTHONPATH": str(REPO),
                **(env or {})}
    return subprocess.run([sys.executable, "-m", "socinv", *map(str, args)],
                          capture_output=True, text=True, env=full_env, timeout=timeout,
                          check=False)


def git(root: Path, *args: str) -> str:
    result = subprocess.run(["git", "-C", str(root), *args], capture_output=True, text=True,
                            check=True)
    return result.stdout


def init_git(root: Path) -> None:
    git(root, "init", "-q")
    git(root, "config", "user.email", "petra.lund@ystad.se")
    git(root, "config", "user.name", "Petra Lund")
    git(root, "config", "commit.gpgsign", "false")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "fund")
