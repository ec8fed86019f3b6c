"""A Swede writes "nämnd", an English reader "Committee": both mean the choice key
everywhere (YAML as in Word), and socinv writes the key back."""

from __future__ import annotations

from pathlib import Path

import pytest

from socinv.io.yamlio import read_yaml
from tests.conftest import run

APP = "2-ansokningar/2026-002-tidiga-insatser-vid-problematisk-skolfranvaro/application.yaml"


def _replace_kinds(path: Path, words: list[str]) -> None:
    text = path.read_text(encoding="utf-8")
    for word in words:
        text = text.replace("kind: committee", f"kind: {word}", 1)
    path.write_text(text, encoding="utf-8")


@pytest.mark.parametrize("words", [["nämnd", "Nämnd"], ["Committee", "committee"],
                                   ["nämnd", "annan offentlig aktör"]])
def test_choice_words_in_yaml_are_accepted(sample_fund: Path, words: list[str]) -> None:
    _replace_kinds(sample_fund / APP, words)
    result = run("validate", APP, "--format", "json", cwd=sample_fund)
    assert result.code == 0, result.out
    assert result.json()["findings"] == []


def test_a_misspelt_word_suggests_the_word(sample_fund: Path) -> None:
    _replace_kinds(sample_fund / APP, ["nämd"])
    result = run("validate", APP, cwd=sample_fund)
    assert result.code == 1
    assert "\"nämd\" är inte ett av de tillåtna värdena (committee (nämnd), " in result.out
    assert "Menade du nämnd?" in result.out
    english = run("--lang", "en", "validate", APP, cwd=sample_fund)
    assert "\"nämd\" is not one of the allowed values (committee, administration" in english.out


def test_heby_administration_in_swedish(heby_fund: Path) -> None:
    assert run("new", "application", "Unga till arbete", "--by", "T", cwd=heby_fund).code == 0
    (path,) = heby_fund.glob("1-beslutsunderlag/*/application.yaml")
    text = path.read_text(encoding="utf-8")
    assert "kind:" in text
    text = text.replace("kind:", "kind: förvaltning", 1)
    path.write_text(text, encoding="utf-8")
    result = run("validate", str(path.relative_to(heby_fund)), "--format", "json",
                 cwd=heby_fund)
    assert "invalid-choice" not in {finding["code"] for finding in result.json()["findings"]}


def test_convert_writes_the_key_back(sample_fund: Path) -> None:
    _replace_kinds(sample_fund / APP, ["nämnd", "Kommunalt bolag"])
    docx = APP.replace(".yaml", ".docx")
    assert run("convert", APP, "--to", "docx", "--replace", cwd=sample_fund).code == 0
    assert run("convert", docx, "--to", "yaml", "--replace", cwd=sample_fund).code == 0
    parties = read_yaml(sample_fund / APP).data["parties"]
    assert [party["kind"] for party in parties][:2] == ["committee", "municipal_company"]


@pytest.mark.parametrize("word", ["återkallat", "Återkallad", "withdrawn"])
def test_close_outcome_in_swedish(sample_fund: Path, word: str) -> None:
    result = run("close", "2026-004", "--outcome", word, "--ref", "KS § 3", "--by", "T",
                 cwd=sample_fund)
    assert result.code == 0, result.out + result.err
    (case,) = sample_fund.glob("*/2026-004-*/case.yaml")
    assert read_yaml(case).data["closing"]["outcome"] == "withdrawn"


def test_validate_type_in_swedish(tmp_path: Path) -> None:
    (tmp_path / "dokument.yaml").write_text("title: Mentorer\n", encoding="utf-8")
    result = run("validate", "dokument.yaml", "--type", "idé", "--profile", "ystad",
                 "--format", "json", cwd=tmp_path)
    assert result.code == 1
    assert {finding["field"] for finding in result.json()["findings"]} >= {"need", "content"}
    wrong = run("validate", "dokument.yaml", "--type", "iden", "--profile", "ystad",
                cwd=tmp_path)
    assert wrong.code == 2
    assert "Fel: Ogiltigt värde för '--type': 'iden' är inte något av 'idea'" in wrong.err
