"""The CLI as a user runs it: exit codes, messages, JSON, help texts, new files."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import typer.main

from socinv.cli import app
from socinv.fund.fund import Fund
from socinv.rules.reporters import render_json
from socinv.validation import validate_fund
from tests.conftest import run

BAD_APPLICATION = "2-ansokningar/2026-003-vagen-till-arbete-ips-for-unga-vuxna/application.yaml"


def _commands(group: object, prefix: str = "") -> list[tuple[str, object]]:
    """Every command below ``group``, built the way a user's invocation builds it."""
    import typer

    ctx = typer.Context(group)  # type: ignore[arg-type]
    found: list[tuple[str, object]] = []
    for name in group.list_commands(ctx):  # type: ignore[attr-defined]
        command = group.get_command(ctx, name)  # type: ignore[attr-defined]
        found.append((f"{prefix}{name}", command))
        if hasattr(command, "list_commands"):
            found += _commands(command, f"{prefix}{name} ")
    return found


def test_every_command_has_help_text() -> None:
    commands = _commands(typer.main.get_command(app))
    assert {"init", "new", "new idea", "new application", "new report", "new final-report",
            "validate", "convert", "advance", "decide", "close", "status", "doctor",
            "report", "report decision", "report interim", "report annual", "profile",
            "profile check", "profile schema"} <= {
        name for name, _ in commands}
    for name, command in commands:
        assert getattr(command, "help", None), f"socinv {name} has no help text"
        result = run(*name.split(), "--help")
        assert result.code == 0
        assert "Användning: socinv" in result.out


def test_root_help_lists_every_command_without_building_them() -> None:
    from socinv.cli import COMMANDS

    result = run("--help")
    assert result.code == 0
    for name in COMMANDS:
        assert f"  {name} " in result.out


def test_version() -> None:
    result = run("--version")
    assert result.code == 0
    assert result.out.startswith("socinv ")
    # the installed command answers --version without loading the CLI: the same words
    quick = subprocess.run([sys.executable, "-m", "socinv", "--version"], capture_output=True,
                           text=True, check=False)
    assert (quick.returncode, quick.stdout, quick.stderr) == (0, result.out, "")


def test_validate_sample_fund_reports_the_bad_application(sample_fund: Path) -> None:
    result = run("validate", "--fund", sample_fund)
    assert result.code == 1
    assert BAD_APPLICATION in result.out
    assert "8 fel och 6 varningar i 2 av 25 filer." in result.out
    assert "Traceback" not in result.out + result.err


def test_json_equals_the_reports_to_dict(sample_fund: Path) -> None:
    result = run("validate", "--fund", sample_fund, "--format", "json")
    report = validate_fund(Fund.open(sample_fund), "sv")
    assert result.out.strip() == render_json(report).strip()
    data = result.json()
    assert data == report.to_dict()
    assert data["valid"] is False
    codes = {(f["field"], f["code"]) for f in data["findings"] if f["file"] == BAD_APPLICATION}
    assert ("period.end", "period-length") in codes
    for finding in data["findings"]:
        assert {"file", "field", "code", "severity", "message", "line"} <= set(finding)


def test_english_messages_keep_the_codes(sample_fund: Path) -> None:
    swedish = run("validate", "--fund", sample_fund, "--format", "json").json()
    english = run("validate", "--fund", sample_fund, "--format", "json", "--lang", "en").json()
    assert [f["code"] for f in swedish["findings"]] == [f["code"] for f in english["findings"]]
    assert any("is missing or empty" in f["message"] for f in english["findings"])
    assert any("saknas eller är tomt" in f["message"] for f in swedish["findings"])


def test_valid_case_exits_zero(sample_fund: Path) -> None:
    case = sample_fund / "2-ansokningar/2026-002-tidiga-insatser-vid-problematisk-skolfranvaro"
    result = run("validate", case)
    assert result.code == 0, result.out
    assert "Alla 2 filer är giltiga." in result.out


def test_standalone_file_needs_a_profile(sample_fund: Path, tmp_path: Path) -> None:
    mailed = tmp_path / "mail" / "ansokan.yaml"
    mailed.parent.mkdir()
    mailed.write_bytes((sample_fund / BAD_APPLICATION).read_bytes())
    without = run("validate", mailed)
    assert without.code == 2
    assert "--profile ystad" in without.err
    with_profile = run("validate", mailed, "--profile", "ystad")
    assert with_profile.code == 1
    assert "Tidsperioden 2027-01-01 – 2031-12-31 är 5,0 år" in with_profile.out


def test_explain_shows_the_economics(sample_fund: Path) -> None:
    case = sample_fund / "3-beredning/2026-001-pax-i-skolan-lugn-och-studiero-i-f-6"
    text = run("validate", "--explain", case)
    assert text.code == 0
    assert "Total kostnad:" in text.out
    assert "2\u00a0850\u00a0000\u00a0kr" in text.out
    data = run("validate", "--explain", case, "--format", "json").json()
    (figures,) = data["economics"].values()
    assert figures["total_cost"] == 2_850_000
    assert {"savings_per_year", "total_savings", "net_per_year", "cumulative_net",
            "payback_year", "npv", "break_even", "sensitivity"} <= set(figures)
    lower = run("validate", "--explain", case, "--format", "json", "--discount-rate", "0.1")
    assert next(iter(lower.json()["economics"].values()))["npv"] < figures["npv"]


def test_unknown_fund_and_case_are_usage_errors(tmp_path: Path) -> None:
    result = run("validate", cwd=tmp_path)
    assert result.code == 2
    assert "Ingen fond hittades" in result.err
    assert "Traceback" not in result.err


def test_init_creates_the_profiles_stages(tmp_path: Path) -> None:
    result = run("init", tmp_path / "heby", "--profile", "heby")
    assert result.code == 0
    for stage in ("1-beslutsunderlag", "2-beredning", "3-pagaende", "4-avslutade", "reports"):
        assert (tmp_path / "heby" / stage).is_dir()
    assert "profile: heby" in (tmp_path / "heby" / "fund.yaml").read_text(encoding="utf-8")
    again = run("init", tmp_path / "heby", "--profile", "heby")
    assert again.code == 2
    assert "finns redan" in again.err


def test_init_refuses_an_unknown_profile(tmp_path: Path) -> None:
    result = run("init", tmp_path / "x", "--profile", "malmo")
    assert result.code == 2
    assert "Okänd profil" in result.err
    assert not (tmp_path / "x").exists()


def test_new_idea_creates_a_case_whose_blank_template_does_not_validate(
        ystad_fund: Path) -> None:
    result = run("new", "idea", "Mentorer i skolan – Ystads väg", "--fund", ystad_fund,
                 "--by", "Anna Lindqvist")
    assert result.code == 0
    year = dt.date.today().year
    case = ystad_fund / "1-ideer" / f"{year}-001-mentorer-i-skolan-ystads-vag"
    assert (case / "idea.yaml").is_file()
    case_text = (case / "case.yaml").read_text(encoding="utf-8")
    assert f"id: {year}-001-mentorer-i-skolan-ystads-vag" in case_text
    assert "by: Anna Lindqvist" in case_text
    idea_text = (case / "idea.yaml").read_text(encoding="utf-8")
    assert "# Vilket behov är utgångspunkten för idén?" in idea_text
    assert "title: Mentorer i skolan – Ystads väg" in idea_text
    check = run("validate", case / "idea.yaml", "--format", "json")
    assert check.code == 1
    missing = {f["field"] for f in check.json()["findings"] if f["code"] == "missing"}
    assert {"need", "content", "expected_effects", "target_group.description",
            "parties"} <= missing
    second = run("new", "idea", "Mentorer i skolan – Ystads väg", "--fund", ystad_fund)
    assert second.code == 0
    assert (ystad_fund / "1-ideer" / f"{year}-002-mentorer-i-skolan-ystads-vag").is_dir()
    leftovers = [p.name for p in (ystad_fund / "1-ideer").iterdir() if p.name.startswith(".")]
    assert leftovers == []


def test_new_application_in_an_existing_case(ystad_fund: Path) -> None:
    run("new", "idea", "Läxhjälp", "--fund", ystad_fund)
    (case,) = (ystad_fund / "1-ideer").iterdir()
    result = run("new", "application", case.name, "--fund", ystad_fund)
    assert result.code == 0
    text = (case / "application.yaml").read_text(encoding="utf-8")
    assert "title: Läxhjälp" in text
    assert "# Tid för genomförande är 2–4 år." in text
    again = run("new", "application", case.name, "--fund", ystad_fund)
    assert again.code == 2
    assert "finns redan" in again.err


def test_new_application_starts_a_case_in_heby(heby_fund: Path) -> None:
    result = run("new", "application", "Unga till arbete", "--fund", heby_fund)
    assert result.code == 0
    (case,) = (heby_fund / "1-beslutsunderlag").iterdir()
    text = (case / "application.yaml").read_text(encoding="utf-8")
    assert "Effekt på arbetslösheten" in text
    assert "problem_analysis" not in text
    blank = run("validate", "--fund", heby_fund, "--format", "json").json()
    assert not blank["valid"]
    idea = run("new", "idea", "Något", "--fund", heby_fund)
    assert idea.code == 2
    assert "har inget idésteg" in idea.err


def test_new_application_in_ystad_needs_an_existing_case(ystad_fund: Path) -> None:
    result = run("new", "application", "En titel", "--fund", ystad_fund)
    assert result.code == 2
    assert "socinv new idea" in result.err
