"""A new user's first steps, as typed: init (output language apart from the fund's),
the unit-cost file, the sample fund, the next command after advance, convert --replace."""

from __future__ import annotations

from pathlib import Path

import pytest

from socinv.io.yamlio import read_yaml
from tests.conftest import run, snapshot

IDEA = "2026-004-foraldrastod-abc-i-forskolan"


@pytest.mark.parametrize("profile", ["ystad", "heby"])
def test_init_lang_is_the_output_language_only(tmp_path: Path, profile: str) -> None:
    result = run("init", tmp_path / "f", "--profile", profile, "--lang", "en")
    assert result.code == 0
    assert "Created the fund for" in result.out and "  unit_costs.yaml" in result.out
    assert read_yaml(tmp_path / "f" / "fund.yaml").data["language"] == "sv"
    assert run("--lang", "en", "init", tmp_path / "g", "--profile", profile).code == 0
    assert read_yaml(tmp_path / "g" / "fund.yaml").data["language"] == "sv"


def test_init_fund_language(tmp_path: Path) -> None:
    result = run("init", tmp_path / "f", "--profile", "heby", "--fund-language", "en")
    assert result.code == 0
    assert "Skapade fonden för Heby kommun" in result.out  # output: still Swedish
    assert read_yaml(tmp_path / "f" / "fund.yaml").data["language"] == "en"
    status = run("status", cwd=tmp_path / "f")
    assert status.code == 0 and "0 cases." in status.out


@pytest.mark.parametrize("profile", ["ystad", "heby"])
def test_init_writes_the_unit_costs_the_template_refers_to(tmp_path: Path,
                                                           profile: str) -> None:
    fund = tmp_path / "f"
    assert run("init", fund, "--profile", profile).code == 0
    text = (fund / "unit_costs.yaml").read_text(encoding="utf-8")
    assert "cost_reduction.units[].unit_cost" in text
    assert read_yaml(fund / "unit_costs.yaml").data["unit_costs"] == []
    result = run("validate", cwd=fund)
    assert result.code == 0, result.out
    assert "Alla 2 filer är giltiga." in result.out


def test_init_example_is_the_sample_fund(tmp_path: Path) -> None:
    result = run("init", "--example", tmp_path / "ex")
    assert result.code == 0, result.err
    assert "Skapade exempelfonden i" in result.out and "7 ärenden" in result.out
    assert "cd " in result.out and "socinv validate" in result.out
    validated = run("validate", cwd=tmp_path / "ex")
    assert validated.code == 1
    assert "8 fel och 6 varningar i 2 av 25 filer." in validated.out
    again = run("init", "--example", tmp_path / "ex")
    assert again.code == 2 and "inte en tom mapp" in again.err


def test_init_without_profile_says_how(tmp_path: Path) -> None:
    result = run("init", tmp_path / "f")
    assert result.code == 2
    assert "socinv init MAPP --profile ystad" in result.err
    assert "socinv init --example MAPP" in result.err
    assert not (tmp_path / "f").exists()


def test_custom_profile_init_prints_its_own_id(tmp_path: Path) -> None:
    (tmp_path / "min_profil.yaml").write_text(
        "extends: ystad\nid: exempelby\nmunicipality: Exempelby kommun\n", encoding="utf-8")
    result = run("init", "f", "--profile", "min_profil.yaml", cwd=tmp_path)
    assert result.code == 0, result.err
    assert "Skapade fonden för Exempelby kommun i f (profil exempelby):" in result.out
    (tmp_path / "utan_id.yaml").write_text("extends: heby\n", encoding="utf-8")
    result = run("init", "g", "--profile", "utan_id.yaml", cwd=tmp_path)
    assert "(profil utan_id)" in result.out


def test_advance_into_the_application_stage_prints_the_next_command(
        sample_fund: Path) -> None:
    result = run("advance", "2026-004", "--by", "Test", cwd=sample_fund)
    assert result.code == 0, result.out
    assert f"Nästa steg: socinv new application {IDEA}" in result.out
    created = run("new", "application", "2026-004", "--by", "Test", cwd=sample_fund)
    assert created.code == 0
    assert (f"Fyll i mallen och granska den: socinv validate 2-ansokningar/{IDEA}/"
            "application.yaml") in created.out


def test_convert_replace_leaves_only_the_new_file(sample_fund: Path) -> None:
    case = sample_fund / "1-ideer" / IDEA
    result = run("convert", f"1-ideer/{IDEA}/idea.yaml", "--to", "docx", "--replace",
                 cwd=sample_fund)
    assert result.code == 0, result.err
    assert f"och tog bort 1-ideer/{IDEA}/idea.yaml" in result.out
    assert not (case / "idea.yaml").exists() and (case / "idea.docx").is_file()
    assert "Nu finns både" not in result.err
    assert run("validate", f"1-ideer/{IDEA}", cwd=sample_fund).code == 0


def test_convert_without_replace_keeps_both_and_says_so(sample_fund: Path) -> None:
    result = run("convert", f"1-ideer/{IDEA}/idea.yaml", "--to", "docx", cwd=sample_fund)
    assert result.code == 0
    assert (sample_fund / "1-ideer" / IDEA / "idea.yaml").is_file()
    assert "Nu finns både idea.yaml och idea.docx" in result.err


def test_convert_replace_keeps_a_source_with_a_duplicate_field(tmp_path: Path) -> None:
    source = tmp_path / "ide.yaml"
    source.write_text("title: Ett\ntitle: Två\n", encoding="utf-8")
    before = snapshot(tmp_path)
    result = run("convert", "ide.yaml", "--to", "docx", "--replace", "--profile", "ystad",
                 cwd=tmp_path)
    assert result.code == 0
    assert "ide.yaml togs inte bort" in result.err
    assert snapshot(tmp_path)["ide.yaml"] == before["ide.yaml"]
