"""``socinv new``: locked, logged in the history, committed on request, crash-safe."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

from tests.conftest import REPO
from tests.workflow_helpers import IDEA, cli, data_snapshot, events, git, init_git, where

TITLE = "Läxhjälp på biblioteket"
NEW_ID = "2026-006-laxhjalp-pa-biblioteket"


def test_a_second_new_fails_fast_while_the_first_holds_the_lock(sample_fund: Path) -> None:
    env = {"SOCINV_PAUSE_AT": "locked", "SOCINV_PAUSE_SECONDS": "3"}
    first = subprocess.Popen(
        [sys.executable, "-m", "socinv", "new", "idea", TITLE, "--fund", str(sample_fund),
         "--by", "Anna Lindqvist"],
        env={**os.environ, "PYTHONPATH": str(REPO), "SOCINV_TODAY": "2026-11-22", **env},
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 20
    while not any((sample_fund / ".socinv").glob("lock*")) and time.monotonic() < deadline:
        time.sleep(0.05)
    time.sleep(0.3)
    started = time.monotonic()
    second = cli("new", "idea", "Något annat", "--fund", sample_fund)
    assert time.monotonic() - started < 2.5  # fails fast, does not wait for the lock
    assert second.returncode == 2
    assert "Anna Lindqvist" in second.stderr and "new idea" in second.stderr
    first.communicate(timeout=30)
    assert first.returncode == 0
    assert where(sample_fund, NEW_ID) == ["1-ideer"]
    assert not list((sample_fund / "1-ideer").glob("*annat*"))


def test_new_application_in_a_case_is_logged_in_its_history(sample_fund: Path) -> None:
    (sample_fund / "1-ideer" / IDEA / "idea.yaml").unlink()  # keep the case, drop nothing else
    result = cli("new", "application", IDEA, "--fund", sample_fund, "--by", "Petra Lund")
    assert result.returncode == 0, result.stderr
    assert events(sample_fund, IDEA)[-1] == "new-application"
    text = (sample_fund / "1-ideer" / IDEA / "case.yaml").read_text(encoding="utf-8")
    assert "by: Petra Lund" in text or 'by: "Petra Lund"' in text
    assert "application.yaml" in text


def test_new_with_commit_makes_one_commit_of_the_new_case(sample_fund: Path) -> None:
    init_git(sample_fund)
    result = cli("new", "idea", TITLE, "--fund", sample_fund, "--commit")
    assert result.returncode == 0, result.stderr
    assert git(sample_fund, "log", "-1", "--format=%s").strip() == f"new idea 1-ideer/{NEW_ID}"
    changed = git(sample_fund, "show", "--name-only", "--format=", "HEAD").split()
    assert changed and all(name.startswith(f"1-ideer/{NEW_ID}/") for name in changed)
    assert git(sample_fund, "status", "--porcelain", "--", "1-ideer").strip() == ""


def test_a_crash_before_the_rename_leaves_no_case_and_doctor_cleans_up(sample_fund: Path
                                                                       ) -> None:
    before = data_snapshot(sample_fund)
    crashed = cli("new", "idea", TITLE, "--fund", sample_fund,
                  env={"SOCINV_CRASH_AT": "case-temp-written"})
    assert crashed.returncode == -9
    assert where(sample_fund, NEW_ID) == []
    report = cli("doctor", "--fund", sample_fund)
    assert "doctor-temp-left" in report.stdout  # a warning: nothing of the fund's is lost
    assert cli("doctor", "--repair", "--fund", sample_fund).returncode == 0
    assert data_snapshot(sample_fund) == before
    again = cli("doctor", "--repair", "--fund", sample_fund)
    assert again.returncode == 0 and data_snapshot(sample_fund) == before


def test_a_crash_after_the_rename_leaves_a_whole_case(sample_fund: Path) -> None:
    crashed = cli("new", "idea", TITLE, "--fund", sample_fund, env={"SOCINV_CRASH_AT": "moved"})
    assert crashed.returncode == -9
    assert where(sample_fund, NEW_ID) == ["1-ideer"]
    assert events(sample_fund, NEW_ID) == ["created"]
    assert cli("doctor", "--repair", "--fund", sample_fund).returncode == 0
    assert cli("validate", sample_fund / "1-ideer" / NEW_ID / "case.yaml").returncode == 0


ACTIVE = "2025-001-utokade-hembesok-for-forstagangsforaldrar"


def test_new_report_in_word_is_prefilled_and_logged(sample_fund: Path) -> None:
    result = cli("new", "report", ACTIVE, "--period", "2026-annual", "--format", "docx",
                 "--fund", sample_fund)
    assert result.returncode == 0, result.stderr
    path = sample_fund / "4-pagaende" / ACTIVE / "reports" / "2026-annual.docx"
    assert path.read_bytes()[:2] == b"PK"
    assert events(sample_fund, ACTIVE)[-1] == "new-report"
    check = cli("validate", path, "--format", "json")
    fields = {f["field"] for f in json.loads(check.stdout)["findings"]}
    assert "finance.budget" not in fields  # 900 000 kr prefilled from the decision
    assert {"activities", "finance.outcome"} <= fields
    assert cli("new", "final-report", ACTIVE, "--format", "docx", "--fund",
               sample_fund).returncode == 0
    assert (sample_fund / "4-pagaende" / ACTIVE / "final_report.docx").is_file()


def test_a_crash_while_writing_a_word_report_is_completed_by_doctor(sample_fund: Path) -> None:
    crashed = cli("new", "report", ACTIVE, "--period", "2026-annual", "--format", "docx",
                  "--fund", sample_fund, env={"SOCINV_CRASH_AT": "document-written"})
    assert crashed.returncode == -9
    assert cli("doctor", "--fund", sample_fund).returncode == 1
    assert cli("doctor", "--repair", "--fund", sample_fund).returncode == 0
    path = sample_fund / "4-pagaende" / ACTIVE / "reports" / "2026-annual.docx"
    assert path.read_bytes()[:2] == b"PK"
    assert events(sample_fund, ACTIVE)[-1] == "new-report"
    repeat = data_snapshot(sample_fund)
    assert cli("doctor", "--repair", "--fund", sample_fund).returncode == 0
    assert data_snapshot(sample_fund) == repeat
