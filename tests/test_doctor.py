"""``socinv doctor``: every inconsistent state is reported; ``--repair`` fixes what it can."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from socinv.io.yamlio import read_yaml
from tests.conftest import run
from tests.workflow_helpers import (
    ACTIVE,
    APPLICATION_OK,
    IDEA,
    REVIEW,
    TODAY,
    data_snapshot,
    events,
    where,
)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCINV_TODAY", TODAY)


def _codes(fund: Path) -> set[tuple[str, str]]:
    result = run("doctor", "--fund", fund, "--format", "json")
    return {(finding["file"], finding["code"]) for finding in result.json()["findings"]}


def test_the_sample_fund_is_in_order(sample_fund: Path) -> None:
    result = run("doctor", "--fund", sample_fund)
    assert result.code == 0 and "Fonden är i ordning." in result.out
    english = run("doctor", "--fund", sample_fund, "--lang", "en", "--format", "json")
    assert english.json() == {"valid": True, "files": [], "errors": 0, "warnings": 0,
                              "findings": [], "repaired": []}


def test_stage_and_directory_disagree(sample_fund: Path) -> None:
    path = sample_fund / "3-beredning" / REVIEW / "case.yaml"
    text = path.read_text()
    path.write_text(text.replace("stage: review", "stage: active  # flyttad för hand?"))
    result = run("doctor", "--fund", sample_fund)
    assert result.code == 1
    assert "case.yaml anger steget active men ärendet ligger i 3-beredning" in result.out
    assert "  3:1 " in result.out  # the line of the stage
    repaired = run("doctor", "--repair", "--fund", sample_fund, "--by", "Petra Lund")
    assert repaired.code == 0
    assert f"3-beredning/{REVIEW}/case.yaml: steget satt till review (3-beredning)" in repaired.out
    new = path.read_text()
    assert "stage: review  # flyttad för hand?" in new
    last = read_yaml(path).data["history"][-1]
    assert (last["event"], last["from"], last["to"], last["by"]) == (
        "repair", "active", "review", "Petra Lund")
    assert run("doctor", "--fund", sample_fund).code == 0


def test_a_case_in_two_stages_is_explained_not_guessed(sample_fund: Path) -> None:
    shutil.copytree(sample_fund / "2-ansokningar" / APPLICATION_OK,
                    sample_fund / "3-beredning" / APPLICATION_OK)
    assert (f"2-ansokningar/{APPLICATION_OK}", "doctor-case-twice") in _codes(sample_fund)
    before = data_snapshot(sample_fund)
    repaired = run("doctor", "--repair", "--fund", sample_fund)
    assert repaired.code == 1 and "[doctor-case-twice]" in repaired.out
    assert data_snapshot(sample_fund) == before
    assert run("advance", APPLICATION_OK, "--fund", sample_fund).code == 1


def test_repeated_ids_unknown_folders_and_strays(sample_fund: Path) -> None:
    shutil.copytree(sample_fund / "1-ideer" / IDEA, sample_fund / "1-ideer" / "2026-004-kopia")
    (sample_fund / "arkiv").mkdir()
    (sample_fund / "1-ideer" / "anteckningar.txt").write_text("x")
    (sample_fund / "1-ideer" / "Ny mapp").mkdir()
    (sample_fund / "2-ansokningar" / "2026-099-lank").symlink_to(sample_fund / "arkiv")
    codes = _codes(sample_fund)
    assert ("1-ideer/2026-004-foraldrastod-abc-i-forskolan", "doctor-id-repeated") in codes
    assert ("1-ideer/2026-004-kopia/case.yaml", "case-id-mismatch") in codes
    assert ("arkiv", "doctor-unknown-dir") in codes
    assert ("1-ideer/anteckningar.txt", "doctor-not-a-case") in codes
    assert ("1-ideer/Ny mapp", "doctor-not-a-case") in codes
    assert ("2-ansokningar/2026-099-lank", "doctor-not-a-case") in codes
    text = run("doctor", "--fund", sample_fund).out
    assert "symbolisk länk" in text and "Löpnumret 2026-004 används av flera ärenden" in text


def test_unreadable_and_missing_case_files(sample_fund: Path) -> None:
    (sample_fund / "2-ansokningar" / APPLICATION_OK / "case.yaml").write_text(
        "id: [oavslutad\n")
    (sample_fund / "1-ideer" / IDEA / "case.yaml").unlink()
    codes = _codes(sample_fund)
    assert (f"2-ansokningar/{APPLICATION_OK}/case.yaml", "yaml-syntax") in codes
    assert (f"1-ideer/{IDEA}/case.yaml", "case-file-missing") in codes
    result = run("doctor", "--fund", sample_fund)
    assert result.code == 1 and "Traceback" not in result.out + result.err
    # an unreadable case.yaml: exit 2, as validate gives (issue 13)
    assert run("advance", APPLICATION_OK, "--fund", sample_fund).code == 2


def test_leftovers_missing_stage_folders_and_history(sample_fund: Path) -> None:
    temp = sample_fund / "1-ideer" / ".2026-010-ny-ide.k3j5x9q2.tmp"
    temp.mkdir()
    (temp / "case.yaml").write_text("id: 2026-010-ny-ide\n")
    half = sample_fund / "4-pagaende" / ACTIVE / "reports" / ".2026-annual.yaml.ab12cd34.tmp"
    half.write_text("period: 2026-ann")
    shutil.rmtree(sample_fund / "5-avslutade")
    history = sample_fund / "3-beredning" / REVIEW / "case.yaml"
    history.write_text(history.read_text().replace("    to: review\n", "    to: active\n"))
    codes = _codes(sample_fund)
    assert (f"1-ideer/{temp.name}", "doctor-temp-left") in codes
    assert (f"4-pagaende/{ACTIVE}/reports/{half.name}", "doctor-temp-left") in codes
    assert ("5-avslutade", "doctor-stage-dir-missing") in codes
    assert (f"3-beredning/{REVIEW}/case.yaml", "doctor-history-stage") in codes
    assert run("doctor", "--fund", sample_fund).code == 0  # warnings only
    repaired = run("doctor", "--repair", "--fund", sample_fund)
    assert "Skapade stegmappen 5-avslutade." in repaired.out
    assert not temp.exists() and not half.exists() and (sample_fund / "5-avslutade").is_dir()
    assert _codes(sample_fund) == {(f"3-beredning/{REVIEW}/case.yaml", "doctor-history-stage")}


def test_a_journal_socinv_cannot_have_left_needs_a_person(sample_fund: Path) -> None:
    journal = sample_fund / ".socinv" / f"journal-{IDEA}.json"
    journal.parent.mkdir(exist_ok=True)
    case = (sample_fund / "1-ideer" / IDEA / "case.yaml").read_text()
    journal.write_text(json.dumps({
        "command": "advance", "case": IDEA, "source": "1-ideer", "target": "2-ansokningar",
        "before": case, "after": case.replace("stage: idea", "stage: application")}))
    shutil.copytree(sample_fund / "1-ideer" / IDEA, sample_fund / "2-ansokningar" / IDEA)
    result = run("doctor", "--fund", sample_fund)
    assert "Ärendet finns i både 1-ideer och 2-ansokningar" in result.out
    assert "kan inte lagas automatiskt" in result.out
    before = data_snapshot(sample_fund)
    assert run("doctor", "--repair", "--fund", sample_fund).code == 1
    assert data_snapshot(sample_fund) == before and journal.exists()
    journal.write_text("{inte json")
    assert ("." + f"socinv/journal-{IDEA}.json", "doctor-journal-unreadable") in _codes(
        sample_fund)


def test_an_interrupted_move_is_completed_with_its_history(sample_fund: Path) -> None:
    from tests.workflow_helpers import cli

    crashed = cli("advance", IDEA, "--by", "Petra Lund", "--fund", sample_fund,
                  env={"SOCINV_CRASH_AT": "case-written"})
    assert crashed.returncode < 0
    assert where(sample_fund, IDEA) == ["1-ideer"]
    report = run("doctor", "--fund", sample_fund, "--lang", "en")
    assert "socinv advance 2026-004-foraldrastod-abc-i-forskolan (1-ideer → 2-ansokningar)" \
        in report.out
    assert 'after the step "case.yaml updated"' in report.out
    assert "--repair completes the remaining steps" in report.out
    assert run("doctor", "--repair", "--fund", sample_fund).code == 0
    assert where(sample_fund, IDEA) == ["2-ansokningar"]
    assert events(sample_fund, IDEA) == ["created", "record", "record", "record", "advance"]
