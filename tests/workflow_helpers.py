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


#: the parties of the sample's complete application (APPLICATION_OK), which sign it
APPLICATION_OK_PARTIES = ("Barn- och utbildningsnämnden", "Socialnämnden",
                          "Kultur- och fritidsnämnden",
                          "Region Skåne, barn- och ungdomspsykiatrin (BUP Ystad)")
PROJECT_PLAN = SAMPLE_FUND / "4-pagaende" / ACTIVE / "project_plan.yaml"


def prepare_for_decision(fund: Path, case: str, parties: tuple[str, ...] = APPLICATION_OK_PARTIES,
                         date: str = "2026-11-20") -> None:
    """Record what Ystad's decide needs in review: every party's signature, KLG's position."""
    from tests.conftest import run

    for party in parties:
        signed = run("record", case, "sign_off", "--by", party, "--date", date, "--fund", fund)
        assert signed.code == 0, signed.out + signed.err
    backed = run("record", case, "management_group", "--position", "for", "--date", date,
                 "--ref", "KLG § 1", "--fund", fund)
    assert backed.code == 0, backed.out + backed.err


def record_outstanding(fund: Path, case: str, date: str | None = None) -> list[str]:
    """Record every step ``status --format json`` lists as outstanding for ``case`` (each
    position "for"); returns the status texts ("väntar på …") that were outstanding."""
    from tests.conftest import run

    status = run("status", "--fund", fund, "--format", "json").json()
    (row,) = [item for item in status["cases"] if item["id"] == case]
    waiting = []
    for item in row["steps"]["outstanding"]:
        args = ["record", case, item["step"], "--position", "for", "--fund", fund]
        if item["party"]:
            args += ["--by", item["party"]]
        if date:
            args += ["--date", date]
        done = run(*args)
        if "ställningstagande" not in done.err and "position" not in done.err:
            assert done.code == 0, done.out + done.err
        else:  # a sign-off takes no position
            done = run(*[arg for arg in args if arg not in ("--position", "for")])
            assert done.code == 0, done.out + done.err
        waiting.append(item["waiting"])
    return waiting


def heby_granted_case(fund_root: Path) -> str:
    """A Heby fund's case taken through preparation and a grant (KS § 45, 2027–2028) to
    the active stage; its folder name."""
    from tests.conftest import run
    from tests.test_workflow import HEBY_APPLICATION

    fund = ["--fund", str(fund_root)]
    assert run("new", "application", "Jobbcoach för unga vuxna", *fund).code == 0
    (case_dir,) = (fund_root / "1-beslutsunderlag").iterdir()
    case = case_dir.name
    (case_dir / "application.yaml").write_text(HEBY_APPLICATION, encoding="utf-8")
    assert run("advance", case, *fund).code == 0
    for step in ("steering_group", "management_group"):
        assert run("record", case, step, "--position", "for", "--date", "2027-01-15",
                   *fund).code == 0
    assert run("decide", case, "--granted", "1260000", "--per-year", "2027=620000,2028=640000",
               "--date", "2027-01-20", "--ref", "KS § 45", *fund).code == 0
    assert run("advance", case, *fund).code == 0
    return case
