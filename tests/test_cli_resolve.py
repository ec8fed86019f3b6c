"""One way to name a case everywhere (full id, short id, folder path), and "finns inte"
with the nearest name for a path that does not exist — as a user types it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import run, snapshot

IDEA = "2026-004-foraldrastod-abc-i-forskolan"
PAX = "2026-001-pax-i-skolan-lugn-och-studiero-i-f-6"


def test_new_application_takes_the_short_id(sample_fund: Path) -> None:
    result = run("new", "application", "2026-004", "--by", "Test", cwd=sample_fund)
    assert result.code == 0, result.err
    assert f"Fil: 1-ideer/{IDEA}/application.yaml" in result.out
    assert (sample_fund / "1-ideer" / IDEA / "application.yaml").is_file()


def test_new_application_takes_the_case_folder(sample_fund: Path) -> None:
    result = run("new", "application", f"./1-ideer/{IDEA}/", "--by", "Test", cwd=sample_fund)
    assert result.code == 0, result.err
    assert (sample_fund / "1-ideer" / IDEA / "application.yaml").is_file()


def test_new_application_unknown_short_id_is_not_a_title(sample_fund: Path) -> None:
    before = snapshot(sample_fund)
    result = run("new", "application", "2026-099", cwd=sample_fund)
    assert result.code == 2
    assert "Ärendet 2026-099 finns inte i fonden" in result.err
    assert snapshot(sample_fund) == before


def test_heby_title_still_starts_a_case(heby_fund: Path) -> None:
    result = run("new", "application", "Unga till arbete", "--by", "Test", cwd=heby_fund)
    assert result.code == 0, result.err
    (case,) = (heby_fund / "1-beslutsunderlag").iterdir()
    again = run("new", "application", case.name[:8], "--by", "Test", cwd=heby_fund)
    assert again.code == 2
    assert "finns redan" in again.err


@pytest.mark.parametrize("name", [PAX, "2026-001", f"3-beredning/{PAX}",
                                  f"3-beredning/{PAX}/application.yaml"])
def test_validate_explain_takes_a_case(sample_fund: Path, name: str) -> None:
    result = run("validate", "--explain", name, cwd=sample_fund)
    assert result.code == 0, result.err
    assert "Alla 2 filer är giltiga." in result.out or "Filen är giltig." in result.out
    assert f"Ekonomi – 3-beredning/{PAX}/application.yaml" in result.out
    assert "Total kostnad:" in result.out


@pytest.mark.parametrize("command", [["advance", "--dry-run"], ["report", "decision"]])
def test_every_case_command_takes_a_path(sample_fund: Path, command: list[str]) -> None:
    case = IDEA if command[0] == "advance" else PAX
    stage = "1-ideer" if command[0] == "advance" else "3-beredning"
    inside = sample_fund / stage
    result = run(*command, f"../{stage}/{case}", cwd=inside)
    assert result.code == 0, result.err
    assert case in result.out


@pytest.mark.parametrize(("argument", "sv", "en"), [
    ("nonexistent.yaml", "nonexistent.yaml finns inte.", "nonexistent.yaml does not exist."),
    ("1-idear", "1-idear finns inte. Menade du 1-ideer?",
     "1-idear does not exist. Did you mean 1-ideer?"),
    ("2-ansokningar/2026-002-tidiga-insatser-vid-problematisk-skolfranvar",
     "finns inte. Menade du 2-ansokningar/2026-002-tidiga-insatser-vid-problematisk-"
     "skolfranvaro?", "does not exist. Did you mean 2-ansokningar/2026-002-"),
    ("2-ansokningar/typo-folder",
     "2-ansokningar/typo-folder finns inte. I 2-ansokningar finns: 2026-002-tidiga-insatser",
     "2-ansokningar/typo-folder does not exist. 2-ansokningar holds: 2026-002-"),
    ("2026-001-pax-i-skolan", "Menade du 2026-001-pax-i-skolan-lugn-och-studiero-i-f-6?",
     "Did you mean 2026-001-pax-i-skolan-lugn-och-studiero-i-f-6?"),
])
def test_validate_a_path_that_does_not_exist(sample_fund: Path, argument: str, sv: str,
                                             en: str) -> None:
    result = run("validate", argument, cwd=sample_fund)
    assert result.code == 2
    assert sv in result.err
    assert "avgöra vilken sorts dokument" not in result.err
    english = run("--lang", "en", "validate", argument, cwd=sample_fund)
    assert english.code == 2
    assert en in english.err


def test_outside_a_fund_a_missing_file_does_not_exist(tmp_path: Path) -> None:
    (tmp_path / "ansokan.yaml").write_text("title: x\n", encoding="utf-8")
    result = run("validate", "ansokn.yaml", "--profile", "ystad", cwd=tmp_path)
    assert result.code == 2
    assert "ansokn.yaml finns inte. Menade du ansokan.yaml?" in result.err
    converted = run("convert", "ansokn.yaml", "--to", "docx", "--profile", "ystad", cwd=tmp_path)
    assert converted.code == 2
    assert "ansokn.yaml finns inte. Menade du ansokan.yaml?" in converted.err


def test_a_missing_document_by_its_name_stays_a_finding(sample_fund: Path) -> None:
    result = run("validate", "1-ideer/ansokan.yaml", "--format", "json", cwd=sample_fund)
    assert result.code == 2
    assert [finding["code"] for finding in result.json()["findings"]] == ["file-missing"]


def test_a_title_with_a_slash_is_a_title(heby_fund: Path, sample_fund: Path) -> None:
    result = run("new", "application", "Stöd 0/6 år", "--by", "Test", cwd=heby_fund)
    assert result.code == 0, result.err
    assert "Skapade 1-beslutsunderlag/2026-001-stod-0-6-ar/application.yaml" in result.out
    ystad = run("new", "application", "Stöd 0/6 år", cwd=sample_fund)
    assert ystad.code == 2
    assert "I profilen ystad börjar ett ärende som idé: socinv new idea" in ystad.err
