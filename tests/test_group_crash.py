"""kill -9 during a group decision: all of the cases decided, or none, after doctor --repair."""

from __future__ import annotations

import shutil
import signal
from pathlib import Path
from typing import Any

import pytest

from socinv.io.yamlio import read_yaml
from tests.conftest import SAMPLE_FUND, run
from tests.workflow_helpers import APPLICATION_OK, REVIEW, TODAY, cli, where

PARTIES = ("Barn- och utbildningsnämnden", "Socialnämnden", "Kultur- och fritidsnämnden",
           "Region Skåne, barn- och ungdomspsykiatrin (BUP Ystad)")
DECIDE = ("decide", REVIEW, APPLICATION_OK, "--package", "Skolnärvaro och studiero",
          "--granted", "2850000", "--per-year", "2027=1150000,2028=980000,2029=720000",
          "--granted", "3520000", "--per-year", "2027=540000,2028=1180000,2029=1180000,2030=620000",
          "--date", "2026-11-20", "--ref", "KS § 201")


def _prepared(tmp_path: Path) -> Path:
    fund = tmp_path / "fund"
    shutil.copytree(SAMPLE_FUND, fund, ignore=shutil.ignore_patterns(".socinv"))
    commands: list[tuple[str, ...]] = [
        ("advance", APPLICATION_OK, "--by", "Petra Lund"),
        ("record", APPLICATION_OK, "management_group", "--position", "for", "--priority", "2",
         "--round", "2026-12-16", "--date", "2026-11-18", "--ref", "KLG 2026-11-18 § 3"),
        *(("record", APPLICATION_OK, "sign_off", "--by", party, "--date", "2026-11-19")
          for party in PARTIES)]
    for command in commands:
        done = cli(*command, "--fund", fund)
        assert done.returncode == 0, done.stdout + done.stderr
    return fund


def _decisions(fund: Path) -> dict[str, Any]:
    result = {}
    for case in (REVIEW, APPLICATION_OK):
        (stage,) = where(fund, case)
        result[case] = read_yaml(fund / stage / case / "case.yaml").data.get("decision")
    return result


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCINV_TODAY", TODAY)


def test_a_group_decision_records_every_case_with_its_own_amount(tmp_path: Path) -> None:
    fund = _prepared(tmp_path)
    done = cli(*DECIDE, "--fund", fund)
    assert done.returncode == 0, done.stdout + done.stderr
    decisions = _decisions(fund)
    assert decisions[REVIEW]["total"] == "2850000"
    assert decisions[APPLICATION_OK]["total"] == "3520000"
    assert decisions[APPLICATION_OK]["per_year"]["2030"] == "620000"
    for case, other in ((REVIEW, APPLICATION_OK), (APPLICATION_OK, REVIEW)):
        assert decisions[case]["package"] == "Skolnärvaro och studiero"
        assert decisions[case]["package_cases"] == [other]
        assert decisions[case]["ref"] == "KS § 201"


def test_one_blocked_case_blocks_the_whole_group(tmp_path: Path) -> None:
    fund = tmp_path / "fund"
    shutil.copytree(SAMPLE_FUND, fund, ignore=shutil.ignore_patterns(".socinv"))
    assert cli("advance", APPLICATION_OK, "--fund", fund).returncode == 0
    before = _decisions(fund)
    blocked = cli(*DECIDE, "--fund", fund)
    assert blocked.returncode == 1
    assert "Kommunledningsgruppens ställningstagande saknas" in blocked.stdout
    assert "Gruppbeslutet registrerades inte för något av ärendena." in blocked.stdout
    assert _decisions(fund) == before
    assert before[REVIEW] is None


def test_group_options_are_checked(tmp_path: Path) -> None:
    fund = _prepared(tmp_path)
    missing_package = cli(*[arg for arg in DECIDE if arg not in (
        "--package", "Skolnärvaro och studiero")], "--fund", fund)
    assert missing_package.returncode == 2 and "--package" in missing_package.stderr
    one_amount = cli("decide", REVIEW, APPLICATION_OK, "--package", "P", "--granted", "100",
                     "--ref", "KS § 1", "--fund", fund)
    assert one_amount.returncode == 2 and "2 ärenden men 1 --granted" in one_amount.stderr


STEPS = ("journal-written", "group-journals-written", "case-written", "committed",
         "journal-removed")


_REFERENCE: dict[str, Any] = {}


def _reference(tmp_path: Path) -> dict[str, Any]:
    """The decisions an uninterrupted group decision leaves (made once)."""
    if not _REFERENCE:
        reference = _prepared(tmp_path / "reference")
        assert cli(*DECIDE, "--fund", reference).returncode == 0
        _REFERENCE.update(_decisions(reference))
    return _REFERENCE


@pytest.mark.parametrize("step", STEPS)
def test_kill_during_a_group_decision_leaves_all_or_none(step: str, tmp_path: Path) -> None:
    fund = _prepared(tmp_path / "crash")
    before = _decisions(fund)
    crashed = cli(*DECIDE, "--fund", fund, env={"SOCINV_CRASH_AT": step})
    assert crashed.returncode == -signal.SIGKILL, crashed.stdout + crashed.stderr
    doctor = run("doctor", "--fund", fund)
    if step != "journal-removed":
        assert "[doctor-interrupted]" in doctor.out
        assert "Del av ett gruppbeslut" in doctor.out
    repaired = run("doctor", "--repair", "--fund", fund)
    assert repaired.code == 0, repaired.out
    assert "Fonden är i ordning." in repaired.out
    after = _decisions(fund)
    expected = before if step in ("journal-written", "group-journals-written") else \
        _reference(tmp_path)
    assert after == expected
    again = run("doctor", "--repair", "--fund", fund)
    assert "Inget att laga automatiskt." in again.out
