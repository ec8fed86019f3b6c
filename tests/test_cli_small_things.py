"""What a user notices: English without Swedish, plurals, copyable commands, readable
history, YAML errors where they are, Word places on their own line."""

from __future__ import annotations

import re
from pathlib import Path

from socinv.io.yamlio import read_yaml
from tests.conftest import run

SWEDISH = re.compile(r"[åäöÅÄÖ]|ÅÅÅÅ|\b(eller|ange|och)\b")


def _heby_case(heby_fund: Path) -> str:
    assert run("new", "application", "Youth to work", "--by", "T", cwd=heby_fund).code == 0
    (case,) = (heby_fund / "1-beslutsunderlag").iterdir()
    return case.name


def _active_heby_case(heby_fund: Path) -> str:
    """A Heby case in the implementation stage (moved there as socinv would)."""
    case = _heby_case(heby_fund)
    source = heby_fund / "1-beslutsunderlag" / case
    text = (source / "case.yaml").read_text(encoding="utf-8")
    (source / "case.yaml").write_text(text.replace("stage: application", "stage: active"),
                                      encoding="utf-8")
    source.rename(heby_fund / "3-pagaende" / case)
    return case


def test_heby_period_in_english_says_annual_only(heby_fund: Path) -> None:
    case = _active_heby_case(heby_fund)
    result = run("--lang", "en", "new", "report", case, "--period", "2027-interim",
                 cwd=heby_fund)
    assert result.code == 2
    assert ("--period \"2027-interim\": The profile heby has annual reports only. Give "
            "YYYY-annual, e.g. ") in result.err
    assert not SWEDISH.findall(result.err), result.err
    swedish = run("new", "report", case, "--period", "2027-interim", cwd=heby_fund)
    assert "Profilen heby har bara årsrapporter. Ange ÅÅÅÅ-annual, t.ex. " in swedish.err


def test_ystad_period_names_both_kinds(sample_fund: Path) -> None:
    result = run("--lang", "en", "new", "report", "2025-001", "--period", "2027-q1",
                 cwd=sample_fund)
    assert result.code == 2
    assert ("Give YYYY-interim (Second interim accounts (as of 31 August)) or YYYY-annual "
            "(Annual accounts (as of 31 December)), e.g. ") in result.err
    assert "only" not in result.err


def test_english_status_of_a_heby_fund_has_no_swedish(heby_fund: Path) -> None:
    _heby_case(heby_fund)
    for args in (["status"], ["validate"], ["doctor"]):
        result = run("--lang", "en", *args, cwd=heby_fund)
        assert not SWEDISH.findall(result.out + result.err), (args, result.out, result.err)


def test_one_case_is_singular(heby_fund: Path) -> None:
    _heby_case(heby_fund)
    assert "\n1 ärende. Beviljat " in run("status", cwd=heby_fund).out
    assert "\n1 case. Granted " in run("--lang", "en", "status", cwd=heby_fund).out


def test_no_cases_is_plural(ystad_fund: Path) -> None:
    assert "0 ärenden. Beviljat " in run("status", cwd=ystad_fund).out
    assert "0 cases. Granted " in run("--lang", "en", "status", cwd=ystad_fund).out


def test_missing_field_without_question_names_the_key(tmp_path: Path) -> None:
    (tmp_path / "ansokan.yaml").write_text("target_group:\n  age_max: 10\n", encoding="utf-8")
    result = run("validate", "ansokan.yaml", "--profile", "ystad", cwd=tmp_path)
    line = next(line for line in result.out.splitlines() if "Lägsta ålder" in line)
    assert line.endswith("Lägsta ålder i målgruppen saknas eller är tomt. Fyll i "
                         "target_group.age_min.")
    assert not any(line.endswith(" ") for line in result.out.splitlines())
    english = run("--lang", "en", "validate", "ansokan.yaml", "--profile", "ystad",
                  cwd=tmp_path)
    assert "is missing or empty. Fill in target_group.age_min." in english.out


def test_template_comment_command_can_be_copied(sample_fund: Path) -> None:
    result = run("advance", "2026-004", "--by", "T", cwd=sample_fund)
    assert result.code == 0
    run("new", "application", "2026-004", "--by", "T", cwd=sample_fund)
    path = "2-ansokningar/2026-004-foraldrastod-abc-i-forskolan/application.yaml"
    text = (sample_fund / path).read_text(encoding="utf-8")
    assert f"\n#   socinv validate {path}\n" in text
    assert not re.search(r"#.*-\n# *forskolan", text)


def test_history_keeps_no_break_spaces_as_characters(sample_fund: Path) -> None:
    result = run("decide", "2026-001", "--granted", "2850000", "--per-year",
                 "2027=1150000,2028=980000,2029=720000", "--ref", "KS § 12", "--by", "T",
                 cwd=sample_fund)
    assert result.code == 0, result.out
    (case,) = sample_fund.glob("*/2026-001-*/case.yaml")
    text = case.read_text(encoding="utf-8")
    assert "\\u00a0" not in text
    assert "Beviljat 2\u00a0850\u00a0000\u00a0kr" in text
    notes = [entry.get("note") for entry in read_yaml(case).data["history"]]
    assert any("2\u00a0850\u00a0000\u00a0kr" in str(note) for note in notes)


def test_unclosed_quote_points_at_the_quote_in_swedish(tmp_path: Path) -> None:
    (tmp_path / "ide.yaml").write_text('title: "Unga till arbete\nneed: Bra\ncontent: x\n',
                                       encoding="utf-8")
    result = run("validate", "ide.yaml", "--profile", "ystad", cwd=tmp_path)
    assert result.code == 2
    assert ("  1:8      fel      Filen kan inte läsas som YAML: citattecknet här stängs aldrig"
            in result.out)
    assert "end of stream" not in result.out
    english = run("--lang", "en", "validate", "ide.yaml", "--profile", "ystad", cwd=tmp_path)
    assert "1:8      error    The file cannot be read as YAML: this quote is never closed" in (
        english.out)


def test_yaml_colon_problem_in_swedish(tmp_path: Path) -> None:
    (tmp_path / "ide.yaml").write_text("title: Unga: till arbete\n", encoding="utf-8")
    result = run("validate", "ide.yaml", "--profile", "ystad", cwd=tmp_path)
    assert result.code == 2
    assert "1:12     fel      Filen kan inte läsas som YAML: ett kolon står där" in result.out
    assert "mapping values" not in result.out


def test_word_place_gets_a_line_of_its_own(ystad_fund: Path) -> None:
    assert run("new", "idea", "Mentorer", "--format", "docx", "--by", "T",
               cwd=ystad_fund).code == 0
    (docx,) = ystad_fund.glob("1-ideer/*/idea.docx")
    result = run("validate", docx, cwd=ystad_fund)
    lines = result.out.splitlines()
    heading = lines.index("  Behov som är utgångspunkt för idén")
    assert lines[heading + 1].startswith("           fel      ")
    for line in lines:
        assert not re.match(r"  \S+ +(fel|varning) ", line) or re.match(r"  \d+:\d+ ", line)
