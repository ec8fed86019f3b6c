"""The CLI speaks one language at a time: Swedish by default (the CLI library's own words
too), English with --lang en or SOCINV_LANG=en — in help, usage errors and messages."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

#: the CLI library's English: none of it may show in Swedish help
LIBRARY_ENGLISH = re.compile(
    r"Show this message|Usage:|^Options:|^Arguments:|^Commands:|\[default|required\]|"
    r"<str>|<directory>|<float range>|<int range>|<integer>|\[OPTIONS\]|COMMAND|\[ARGS\]|"
    r"Install completion|env var", re.M)
#: Swedish letters and words: none may show in English help
SWEDISH = re.compile(r"[åäöÅÄÖ]|\b(och|eller|standard|ärende|Alternativ|Användning|mapp)\b")

_WALK = """
import json, sys
from typer.testing import CliRunner
import typer.main
from socinv.cli import app

def walk(group, prefix=()):
    ctx = typer.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        yield (*prefix, name)
        if hasattr(command, "list_commands"):
            yield from walk(command, (*prefix, name))

runner = CliRunner()
helps = {"": runner.invoke(app, ["--help"]).output}
for path in walk(typer.main.get_command(app)):
    result = runner.invoke(app, [*path, "--help"])
    assert result.exit_code == 0, (path, result.output)
    helps[" ".join(path)] = result.output
print(json.dumps(helps))
"""


def _helps(*args: str, env: dict[str, str] | None = None) -> dict[str, str]:
    """``socinv … --help`` of every command, in a fresh process (help texts are fixed
    when the CLI is imported, as in the installed command)."""
    full = {**os.environ, **(env or {})}
    full.pop("SOCINV_LANG", None) if env is None else None
    result = subprocess.run([sys.executable, "-c", _WALK, *args], capture_output=True,
                            text=True, env=full, cwd=REPO, check=True, timeout=300)
    helps: dict[str, str] = json.loads(result.stdout)
    assert len(helps) >= 18
    return helps


def test_every_help_is_swedish_by_default() -> None:
    for command, text in _helps().items():
        found = LIBRARY_ENGLISH.findall(text)
        assert not found, f"socinv {command} --help: {found}\n{text}"
        assert "Användning: socinv" in text


def test_every_help_is_english_with_socinv_lang_en() -> None:
    for command, text in _helps(env={"SOCINV_LANG": "en"}).items():
        found = SWEDISH.findall(text)
        assert not found, f"socinv {command} --help: {found}\n{text}"
        assert "Usage: socinv" in text and "Show this message and exit." in text


def _socinv(*args: str, cwd: Path = REPO, env: dict[str, str] | None = None
            ) -> subprocess.CompletedProcess[str]:
    full = {key: value for key, value in os.environ.items() if key != "SOCINV_LANG"}
    return subprocess.run([sys.executable, "-m", "socinv", *args], capture_output=True,
                          text=True, cwd=cwd, env={**full, **(env or {})}, timeout=120)


def test_global_lang_before_the_command() -> None:
    result = _socinv("--lang", "en", "--help")
    assert result.returncode == 0
    assert "Usage: socinv [OPTIONS] COMMAND [ARGS]..." in result.stdout
    assert "Create a new fund" in result.stdout
    result = _socinv("--lang", "en", "validate", "--help")
    assert result.returncode == 0 and "Check documents against the rule profile" in result.stdout
    assert not SWEDISH.findall(result.stdout)


@pytest.mark.parametrize(("args", "sv", "en"), [
    (["decide", "2026-001"], "Fel: Valet '--ref' saknas.", "Error: Missing option '--ref'."),
    (["validate", "--profile"], "Fel: Valet '--profile' kräver ett värde.",
     "Error: Option '--profile' requires an argument."),
    (["validate", "--bogus"], "Fel: Valet --bogus finns inte.", "Error: No such option: --bogus"),
    (["bogus"], "Fel: Kommandot 'bogus' finns inte.", "Error: No such command 'bogus'."),
    (["convert", "a.yaml", "--to", "pdf"],
     "Fel: Ogiltigt värde för '--to': 'pdf' är inte något av 'yaml', 'docx'.",
     "Error: Invalid value for '--to': 'pdf' is not one of 'yaml', 'docx'."),
    (["report", "annual", "--year", "x"], "Fel: Ogiltigt värde för '--year': 'x' är inget heltal.",
     "Error: Invalid value for '--year': 'x' is not a valid int range."),
])
def test_usage_errors_in_both_languages(args: list[str], sv: str, en: str) -> None:
    swedish = _socinv(*args)
    assert swedish.returncode == 2
    assert sv in swedish.stderr, swedish.stderr
    if args != ["validate", "--profile"]:  # Click's parser knows no command there
        assert "Användning: socinv" in swedish.stderr and "för hjälp." in swedish.stderr
    assert not LIBRARY_ENGLISH.findall(swedish.stderr), swedish.stderr
    english = _socinv("--lang", "en", *args)
    assert english.returncode == 2
    assert en in english.stderr, english.stderr
    assert not SWEDISH.findall(english.stderr), english.stderr
    assert _socinv(*args, env={"SOCINV_LANG": "en"}).stderr == english.stderr


def test_help_text_errors_are_fixed() -> None:
    helps = _helps()
    assert "xlsx" not in helps["report decision"]
    assert "--result" not in helps["report interim"] and "--result" in helps["report annual"]
    assert "beslutsunderlaget" not in helps["report interim"]
    assert "Rapportmall för en period, som 2027-interim eller" in helps["new"]
    assert "--install-completion" in helps[""] and "--install-completion" not in helps["new"]


def test_no_arguments_shows_the_help() -> None:
    for args in ([], ["new"]):
        result = _socinv(*args)
        assert result.returncode == 2
        assert result.stderr.startswith("Användning: socinv")
        assert "Fel:" not in result.stderr and "Kommandon:" in result.stderr
