"""kill -9 at every step of every mutating command: nothing is lost, doctor explains and repairs.

Each scenario runs a real ``socinv`` process that kills itself with SIGKILL at a
named step (``SOCINV_CRASH_AT``). Right after the crash the case is in exactly
one stage and every YAML file in the fund reads; ``socinv doctor`` reports the
interrupted command; ``doctor --repair`` rolls back (when only the journal was
written) or completes it — to exactly what an uninterrupted run gives — and a
second repair changes nothing.
"""

from __future__ import annotations

import shutil
import signal
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from socinv.io.yamlio import read_yaml
from tests.conftest import SAMPLE_FUND, run, snapshot
from tests.workflow_helpers import (
    ACTIVE,
    APPLICATION_OK,
    IDEA,
    REVIEW,
    TODAY,
    cli,
    data_snapshot,
    git,
    init_git,
    where,
)


@dataclass(frozen=True)
class Scenario:
    case: str
    args: tuple[str, ...]
    steps: tuple[str, ...]
    creates: bool = False
    commit: bool = False
    setup: tuple[tuple[str, ...], ...] = ()  # commands run on the fresh fund first


BASE = ("locked", "journal-written", "case-temp-written", "case-written")
SCENARIOS = {
    "advance": Scenario(IDEA, ("advance", IDEA, "--by", "Petra"),
                        (*BASE, "moved", "journal-removed")),
    "decide": Scenario(REVIEW, ("decide", REVIEW, "--granted", "2850000", "--per-year",
                                "2027=1150000,2028=980000,2029=720000", "--ref", "KS § 201",
                                "--date", "2026-12-16"), (*BASE, "journal-removed")),
    "decide-rejected": Scenario(REVIEW, ("decide", REVIEW, "--rejected", "--ref", "KS § 201",
                                         "--date", "2026-12-16"),
                                (*BASE, "moved", "journal-removed")),
    "close": Scenario(ACTIVE, ("close", ACTIVE, "--outcome", "aborted", "--ref", "KS § 88",
                               "--date", "2026-11-20"), (*BASE, "moved", "journal-removed"),
                      setup=(("record", ACTIVE, "management_group", "--position", "for",
                              "--date", "2026-11-18", "--ref", "KLG 2026-11-18 § 2"),)),
    "record": Scenario(REVIEW, ("record", REVIEW, "committee_view", "--by", "Socialnämnden",
                                "--position", "for", "--force", "--date", "2026-11-20",
                                "--ref", "SN 2026-11-20 § 140"), (*BASE, "journal-removed")),
    "record-attach": Scenario(REVIEW, ("record", REVIEW, "committee_view", "--by",
                                       "Barn- och utbildningsnämnden", "--position", "for",
                                       "--force", "--date", "2026-11-20", "--attach",
                                       "@FUND@/unit_costs.yaml"),
                              ("journal-written", "document-written", "case-temp-written",
                               "case-written", "journal-removed"), creates=True),
    "new-report": Scenario(ACTIVE, ("new", "report", ACTIVE, "--period", "2026-annual"),
                           ("locked", "journal-written", "document-written",
                            "case-temp-written", "case-written", "journal-removed"),
                           creates=True),
    "new-final-report": Scenario(ACTIVE, ("new", "final-report", ACTIVE),
                                 ("journal-written", "document-written", "case-temp-written",
                                  "case-written", "journal-removed"), creates=True),
    "advance-commit": Scenario(APPLICATION_OK, ("advance", APPLICATION_OK, "--commit", "--ref",
                                                "KS § 201"),
                               ("journal-written", "case-written", "moved", "committed",
                                "journal-removed"), commit=True),
}
CASES = [(name, step) for name, scenario in SCENARIOS.items() for step in scenario.steps]


def _fresh(tmp_path: Path, scenario: Scenario, name: str = "fund") -> Path:
    fund = tmp_path / name
    shutil.copytree(SAMPLE_FUND, fund, ignore=shutil.ignore_patterns(".socinv"))
    for command in scenario.setup:
        prepared = cli(*command, "--fund", fund)
        assert prepared.returncode == 0, prepared.stdout + prepared.stderr
    if scenario.commit:
        init_git(fund)
    return fund


def _args(scenario: Scenario, fund: Path) -> tuple[str, ...]:
    return tuple(arg.replace("@FUND@", str(fund)) for arg in scenario.args)


def _state(fund: Path, case: str) -> dict[str, Any]:
    """Where the case is and what it holds (history timestamps left out)."""
    (stage,) = where(fund, case)
    folder = fund / stage / case
    data = read_yaml(folder / "case.yaml").data
    for entry in [*(data.get("history") or []), *(data.get("steps") or [])]:
        entry.pop("at", None)
    files = {path.relative_to(folder).as_posix(): path.read_text(encoding="utf-8")
             for path in sorted(folder.rglob("*")) if path.is_file()}
    files.pop("case.yaml")
    return {"stage": stage, "case": data, "files": files}


def _outside(fund: Path, case: str) -> dict[str, tuple[int, str]]:
    return {name: value for name, value in data_snapshot(fund).items() if f"/{case}/" not in name}


_REFERENCE: dict[str, dict[str, Any]] = {}


def _reference(tmp_path_factory: pytest.TempPathFactory, name: str) -> dict[str, Any]:
    """The state an uninterrupted run leaves."""
    if name not in _REFERENCE:
        scenario = SCENARIOS[name]
        fund = _fresh(tmp_path_factory.mktemp("reference"), scenario)
        result = cli(*_args(scenario, fund), "--fund", fund)
        assert result.returncode == 0, result.stdout + result.stderr
        _REFERENCE[name] = _state(fund, scenario.case)
    return _REFERENCE[name]


def _expect_rollback(scenario: Scenario, step: str) -> bool:
    return step in ("locked", "journal-written") or (step == "case-temp-written"
                                                      and not scenario.creates)


@pytest.mark.parametrize(("name", "step"), CASES, ids=[f"{n}@{s}" for n, s in CASES])
def test_kill_at_every_step(name: str, step: str, tmp_path: Path,
                            tmp_path_factory: pytest.TempPathFactory,
                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCINV_TODAY", TODAY)
    scenario = SCENARIOS[name]
    fund = _fresh(tmp_path, scenario)
    original = data_snapshot(fund)
    original_state = _state(fund, scenario.case)

    crashed = cli(*_args(scenario, fund), "--fund", fund, env={"SOCINV_CRASH_AT": step})
    assert crashed.returncode == -signal.SIGKILL, crashed.stdout + crashed.stderr

    # never in two stages, never lost, never a half-written file
    assert len(where(fund, scenario.case)) == 1
    for path in fund.rglob("*.yaml"):
        if not any(part.startswith(".") for part in path.relative_to(fund).parts):
            read_yaml(path)
    assert _outside(fund, scenario.case) == _outside_original(original, scenario.case)

    doctor = run("doctor", "--fund", fund)
    interrupted = step not in ("locked", "journal-removed")
    assert ("[doctor-interrupted]" in doctor.out) == interrupted, doctor.out
    assert "[doctor-stale-lock]" in doctor.out
    assert doctor.code == (1 if interrupted else 0)
    if interrupted:
        blocked = run(*_args(scenario, fund), "--fund", fund)
        assert blocked.code == 2 and "doctor --repair" in blocked.err

    repaired = run("doctor", "--repair", "--fund", fund)
    assert repaired.code == 0, repaired.out
    assert "Fonden är i ordning." in repaired.out
    if interrupted:
        word = "Återställde" if _expect_rollback(scenario, step) else "Slutförde"
        assert word in repaired.out
    expected = original_state if _expect_rollback(scenario, step) else \
        _reference(tmp_path_factory, name)
    assert _state(fund, scenario.case) == expected
    if _expect_rollback(scenario, step):
        assert data_snapshot(fund) == original
    assert _outside(fund, scenario.case) == _outside_original(original, scenario.case)
    if scenario.commit and not _expect_rollback(scenario, step):
        assert git(fund, "log", "-1", "--format=%s").startswith(f"advance {scenario.case}")
        assert git(fund, "status", "--porcelain", "--untracked-files=all") == ""

    settled = data_snapshot(fund)
    again = run("doctor", "--repair", "--fund", fund)
    assert again.code == 0 and "Inget att laga automatiskt." in again.out
    assert data_snapshot(fund) == settled
    assert run("validate", fund / where(fund, scenario.case)[0] / scenario.case,
               "--fund", fund).code in (0, 1)
    assert "[case-stage-mismatch]" not in run("validate", "--fund", fund).out


def _outside_original(original: dict[str, tuple[int, str]], case: str) -> dict[str, Any]:
    return {name: value for name, value in original.items() if f"/{case}/" not in name}


def test_a_repair_killed_half_way_is_finished_by_the_next(tmp_path: Path,
                                                          monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    monkeypatch.setenv("SOCINV_TODAY", TODAY)
    fund = _fresh(tmp_path, SCENARIOS["advance"])
    assert cli("advance", IDEA, "--fund", fund,
               env={"SOCINV_CRASH_AT": "case-written"}).returncode == -signal.SIGKILL
    killed = cli("doctor", "--repair", "--fund", fund, env={"SOCINV_CRASH_AT": "repair-moved"})
    assert killed.returncode == -signal.SIGKILL
    assert where(fund, IDEA) == ["2-ansokningar"]
    assert "[doctor-interrupted]" in run("doctor", "--fund", fund).out
    assert run("doctor", "--repair", "--fund", fund).code == 0
    assert where(fund, IDEA) == ["2-ansokningar"]
    assert read_yaml(fund / "2-ansokningar" / IDEA / "case.yaml").data["stage"] == "application"
    assert "Fonden är i ordning." in run("doctor", "--fund", fund).out


def test_a_case_file_saved_on_windows_is_repaired_too(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCINV_TODAY", TODAY)
    fund = _fresh(tmp_path, SCENARIOS["advance"])
    path = fund / "1-ideer" / IDEA / "case.yaml"
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes().replace(b"\n", b"\r\n"))
    assert cli("advance", IDEA, "--fund", fund,
               env={"SOCINV_CRASH_AT": "case-written"}).returncode == -signal.SIGKILL
    assert "Slutförde" in run("doctor", "--repair", "--fund", fund).out
    text = (fund / "2-ansokningar" / IDEA / "case.yaml").read_bytes()
    assert text.count(b"\n") == text.count(b"\r\n")
    assert read_yaml(fund / "2-ansokningar" / IDEA / "case.yaml").data["stage"] == "application"


# -- socinv report: the papers are written whole or not at all ----------------------------------

REPORTS = {
    "report-decision": (("report", "decision", REVIEW, "--date", "2026-11-20"), 2),
    "report-annual": (("report", "annual", "--year", "2025", "--format", "docx,xlsx,md",
                       "--date", "2026-11-20"), 3),
}
REPORT_CASES = [(name, step, force) for name in REPORTS
                for step in ("report-staged", "report-written") for force in (False, True)]


def _papers(fund: Path) -> dict[str, bytes]:
    return {path.name: path.read_bytes() for path in sorted((fund / "reports").iterdir())
            if not path.name.startswith(".")}


def _whole(name: str, data: bytes) -> None:
    """A paper that opens in the library that wrote it: never half a file."""
    import io

    import docx
    import openpyxl

    if name.endswith(".docx"):
        assert docx.Document(io.BytesIO(data)).paragraphs
    elif name.endswith(".xlsx"):
        assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames
    else:
        assert data.decode("utf-8").startswith("#")


@pytest.mark.parametrize(("name", "step", "force"), REPORT_CASES,
                         ids=[f"{n}@{s}{'-force' if f else ''}" for n, s, f in REPORT_CASES])
def test_a_report_killed_at_every_step_leaves_whole_papers(name: str, step: str, force: bool,
                                                           tmp_path: Path) -> None:
    args, count = REPORTS[name]
    reference = _fresh(tmp_path, SCENARIOS["advance"], "reference")
    assert run(*args, "--fund", reference).code == 0
    new = _papers(reference)
    fund = _fresh(tmp_path, SCENARIOS["advance"])
    if force:  # an earlier version of every paper is there, and must never be lost
        earlier = [arg.replace("2026-11-20", "2025-12-01") for arg in args]
        assert run(*earlier, "--fund", fund).code == 0
    old = _papers(fund)
    data = data_snapshot(fund)

    crashed = cli(*args, "--fund", fund, *(("--force",) if force else ()),
                  env={"SOCINV_CRASH_AT": step})
    assert crashed.returncode == -signal.SIGKILL, crashed.stdout + crashed.stderr
    papers = _papers(fund)
    replaced = [paper for paper, content in papers.items() if content != old.get(paper)]
    for paper, content in papers.items():
        _whole(paper, content)  # the old version or the new one, never half a file
        if paper in replaced and paper.endswith(".md"):
            assert content == new[paper]
    assert len(replaced) == (0 if step == "report-staged" else 1)
    outside = {key: value for key, value in data_snapshot(fund).items()
               if not key.startswith("reports/")}
    assert outside == {key: value for key, value in data.items()
                       if not key.startswith("reports/")}

    doctor = run("doctor", "--fund", fund, "--format", "json")
    temps = [f["file"] for f in doctor.json()["findings"] if f["code"] == "doctor-temp-left"]
    placed = 1 if force and step == "report-written" else 0  # moved, not linked, into place
    assert len(temps) == count - placed and all(t.startswith("reports/.") for t in temps)
    repaired = run("doctor", "--repair", "--fund", fund)
    assert repaired.code == 0 and "Fonden är i ordning." in repaired.out
    settled = snapshot(fund)
    assert not [p for p in settled if p.startswith("reports/.") and p.endswith(".tmp")]
    again = run("doctor", "--repair", "--fund", fund)
    assert "Inget att laga automatiskt." in again.out and snapshot(fund) == settled
    assert _papers(fund) == papers

    rerun = run(*args, "--fund", fund, "--force")
    assert rerun.code == 0, rerun.err
    assert set(_papers(fund)) == set(new)
