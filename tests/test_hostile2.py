"""Hardening 2 (issue 13): the attacks that got through the first hostile suite.

Each test replays one attack and asserts what a user sees afterwards: the exit
code, the message, the file written or not, and that nothing else changed. No
test measures wall time (``bench/hostile.py`` does).
"""

from __future__ import annotations

import io
import json
import os
import random
import shutil
import subprocess
import sys
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from socinv.io.docx_template import build_docx
from socinv.profiles.loader import load_profile
from tests.conftest import REPO, SAMPLE_FUND, run, snapshot
from tests.workflow_helpers import (
    ACTIVE,
    APPLICATION_OK,
    IDEA,
    REVIEW,
    TODAY,
    cli,
)

APPLICATION = f"2-ansokningar/{APPLICATION_OK}/application.yaml"
MEASURE = """
import resource, sys
from socinv.cli import main
sys.argv = ["socinv", *sys.argv[1:]]
try:
    main()
except SystemExit as done:
    code = done.code
with open("/proc/self/status") as status:
    peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
print(code, peak, file=sys.stderr)
"""


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCINV_TODAY", TODAY)


def state(root: Path) -> dict[str, tuple[int, str]]:
    """Every file of the fund with size and hash, but socinv's cache and empty lock file."""
    return {name: stamp for name, stamp in snapshot(root).items()
            if not name.startswith(".socinv/cache/") and name not in (".socinv/lock",
                                                                      ".socinv/.gitignore")}


def clean(*outputs: str) -> None:
    for text in outputs:
        assert "Traceback" not in text, text


def codes(result: Any) -> list[str]:
    return [f["code"] for f in result.json()["findings"]]


def word_form(profile: str, extra: bytes) -> bytes:
    """The profile's blank Word application with ``extra`` XML at the end of the body."""
    good = build_docx("application", load_profile(profile), "sv")
    source = zipfile.ZipFile(io.BytesIO(good))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            data = source.read(name)
            if name == "word/document.xml":
                end = data.rfind(b"<w:sectPr", 0, data.index(b"</w:body>"))
                data = data[:end] + extra + data[end:]
            archive.writestr(name, data)
    return buffer.getvalue()


def measured(*args: str | Path) -> tuple[int, int]:
    """(exit code, peak kilobytes) of ``socinv ARGS`` in a fresh process."""
    result = subprocess.run([sys.executable, "-c", MEASURE, *map(str, args)],
                            capture_output=True, text=True, check=False, timeout=300)
    clean(result.stdout, result.stderr)
    code, peak = result.stderr.split()[-2:]
    return int(code), int(peak)


def application_case(tmp_path: Path, profile: str) -> tuple[Path, Path]:
    """(fund, case folder) of an application in a fund of ``profile``: the sample fund for
    ystad, a new fund for heby."""
    if profile == "ystad":
        fund = tmp_path / "fund"
        shutil.copytree(SAMPLE_FUND, fund)
        return fund, (fund / APPLICATION).parent
    fund = tmp_path / "heby"
    assert run("init", fund, "--profile", "heby").code == 0
    assert run("new", "application", "Läxhjälp", "--fund", fund).code == 0
    (case,) = fund.glob("*/20*-laxhjalp")
    return fund, case


# -- 1. every number read from a file is bounded ----------------------------------------------

HUGE_LEVEL = (b'<w:p><w:pPr><w:numPr><w:ilvl w:val="99999999999"/><w:numId w:val="1"/>'
              b'</w:numPr></w:pPr><w:r><w:t>punkt</w:t></w:r></w:p>')
HUGE_NUMBERS = (b'<w:p><w:pPr><w:outlineLvl w:val="' + b"9" * 5000 + b'"/></w:pPr><w:r><w:t>'
                b"rubrik</w:t></w:r></w:p><w:tbl><w:tr><w:tc><w:tcPr><w:gridSpan w:val=\""
                + b"9" * 5000 + b'"/></w:tcPr><w:p/></w:tc></w:tr></w:tbl>')


@pytest.mark.parametrize("profile", ["ystad", "heby"])
@pytest.mark.parametrize(("name", "extra"), [("list-level-99999999999", HUGE_LEVEL * 20),
                                             ("5000-digit-level-and-span", HUGE_NUMBERS)])
def test_a_word_file_with_huge_numbers_is_read_within_the_memory_limit(
        tmp_path: Path, profile: str, name: str, extra: bytes) -> None:
    fund, case = application_case(tmp_path, profile)
    (case / "application.yaml").unlink()
    (case / "application.docx").write_bytes(word_form(profile, extra))
    for command in ("validate", "status"):
        code, peak = measured(command, "--fund", fund)
        assert code in (0, 1) and peak < 200 * 1024, (command, code, peak)
    result = run("validate", case / "application.docx", "--fund", fund)
    assert result.code == 1 and "Traceback" not in result.out


def test_a_word_file_of_150_000_paragraphs_is_refused(tmp_path: Path) -> None:
    """Item 12: a valid but endless .docx is no form; it is refused, not read for seconds."""
    rng = random.Random(13)
    paragraphs = b"".join(b"<w:p><w:r><w:t>%d %s</w:t></w:r></w:p>" % (
        number, bytes(rng.choice(b"abcdefghij") for _ in range(6))) for number in range(150_000))
    path = tmp_path / "application.docx"
    path.write_bytes(word_form("ystad", paragraphs))
    before = state(tmp_path)
    result = run("validate", path, "--profile", "ystad", "--format", "json")
    assert result.code == 2
    (finding,) = result.json()["findings"]
    assert finding["code"] == "document-too-long" and "20\u00a0000 stycken" in finding["message"]
    assert state(tmp_path) == before


# -- 2. personal identity numbers in every form a person types, everywhere ----------------------

TYPED = ["850709 9805", "19850709 9805", "850709\u20139805", "850709\u20149805",
         "850709\u00a09805", "850709\u202f9805", "850709.9805", "850709/9805", "850709 - 9805",
         "nr-850709-9805", "0501011233", "20050101-1233", "198507099805", "8507099805",
         "850709\u22129805", "851009-9809"]


@pytest.mark.parametrize("text", TYPED)
def test_every_way_of_typing_a_personal_number_is_found(text: str) -> None:
    from socinv.rules.privacy import find_personal_numbers

    (found,) = find_personal_numbers(f"Gäller {text}, se bilaga.")
    assert found.masked.endswith("XXXX") and found.masked[:-4] in text


@pytest.mark.parametrize("text", ["Tel 0701234567 eller 070-123 45 67", "KS 2026/0018",
                                  "2025-12-31", "1 250 000 kr 2027", "811232-9876",
                                  "org.nr 212000-1215", "5560360793", "0501012384",
                                  "811218 9875", "Dnr 2026-0123", "2027\u20132030",
                                  "2 850 000 kr 1 560 000 kr", "år 2026 och 2027 1234"])
def test_ordinary_amounts_years_and_references_are_not_personal_numbers(text: str) -> None:
    from socinv.rules.privacy import find_personal_numbers

    assert find_personal_numbers(text) == []


@pytest.mark.parametrize("profile", ["ystad", "heby"])
def test_new_refuses_a_title_with_a_personal_number(tmp_path: Path, profile: str) -> None:
    fund = tmp_path / "fund"
    assert run("init", fund, "--profile", profile).code == 0
    before = state(fund)
    kind = "idea" if profile == "ystad" else "application"
    result = run("new", kind, "Stöd till 850709-9805", "--fund", fund)
    assert result.code == 2 and "850709-XXXX" in result.err and "9805" not in result.err
    assert state(fund) == before


def test_a_case_id_with_a_personal_number_never_reaches_the_memo(sample_fund: Path) -> None:
    """A case folder renamed by hand: the id would reach the memo, its footer and its name."""
    old = sample_fund / "3-beredning" / REVIEW
    new_id = "2026-001-stod-till-850709-9805"
    old.rename(old.with_name(new_id))
    case_file = old.with_name(new_id) / "case.yaml"
    case_file.write_text(case_file.read_text("utf-8").replace(REVIEW, new_id), "utf-8")
    before = state(sample_fund)
    for fmt in ("md", "docx"):
        result = run("report", "decision", new_id, "--fund", sample_fund, "--format", fmt,
                     "--draft")
        assert result.code == 1, result.err
        assert "850709-XXXX" in result.err and "9805" not in result.err
        assert state(sample_fund) == before


@pytest.mark.parametrize("typed", ["850709 9805", "850709\u20139805", "0501011233"])
def test_a_party_name_with_a_personal_number_stops_validate_and_the_memo(
        sample_fund: Path, typed: str) -> None:
    app = sample_fund / "3-beredning" / REVIEW / "application.yaml"
    text = app.read_text("utf-8")
    assert "  - name: " in text
    app.write_text(text.replace("  - name: ", f"  - name: Kontakt {typed} ", 1), "utf-8")
    found = run("validate", app, "--fund", sample_fund, "--format", "json")
    assert "personal-identity-number" in codes(found) and found.code == 1
    before = state(sample_fund)
    memo = run("report", "decision", REVIEW, "--fund", sample_fund, "--draft")
    assert memo.code == 1 and "XXXX" in memo.err and typed[-4:] not in memo.err
    assert state(sample_fund) == before


@pytest.mark.parametrize("option", ["--note", "--ref"])
def test_a_history_note_with_a_personal_number_is_refused(sample_fund: Path,
                                                          option: str) -> None:
    before = state(sample_fund)
    args: list[str | Path] = ["decide", REVIEW, "--granted", "2850000", "--per-year",
            "2027=1150000,2028=980000,2029=720000", "--fund", sample_fund,
            "--ref", "KS § 12", option, "Eleven 850709/9805 har gått vidare"]
    result = run(*args)
    assert result.code == 2 and "850709/XXXX" in result.err
    assert state(sample_fund) == before


# -- 3. the fund's git runs no code ------------------------------------------------------------

def test_git_commit_runs_no_hook_and_no_fsmonitor(sample_fund: Path, tmp_path: Path) -> None:
    from tests.workflow_helpers import init_git

    init_git(sample_fund)
    marker = tmp_path / "PWNED"
    hook = sample_fund / ".git" / "hooks" / "pre-commit"
    hook.write_text(f"#!/bin/sh\ntouch {marker}-hook\n", encoding="utf-8")
    hook.chmod(0o755)
    monitor = tmp_path / "monitor.sh"
    monitor.write_text(f"#!/bin/sh\ntouch {marker}-fsmonitor\n", encoding="utf-8")
    monitor.chmod(0o755)
    for key, value in (("core.fsmonitor", str(monitor)),
                       ("filter.evil.clean", f"sh -c 'touch {marker}-filter; cat'")):
        subprocess.run(["git", "-C", str(sample_fund), "config", key, value], check=True)
    (sample_fund / ".gitattributes").write_text("* filter=evil\n", encoding="utf-8")
    subprocess.run(["git", "-C", str(sample_fund), "add", ".gitattributes"], check=True)
    settings = sample_fund / "fund.yaml"
    settings.write_text(settings.read_text("utf-8").replace("git_commit: false",
                                                           "git_commit: true"), "utf-8")
    subprocess.run(["git", "-C", str(sample_fund), "commit", "-qam", "commits", "--no-verify"],
                   check=True, env={"PATH": "/usr/bin:/bin", "HOME": str(tmp_path),
                                    "GIT_CONFIG_NOSYSTEM": "1"})
    for leftover in tmp_path.glob("PWNED*"):
        leftover.unlink()  # git itself ran the monitor for the set-up commit
    result = run("advance", IDEA, "--fund", sample_fund)
    assert result.code == 0, result.err
    assert not list(tmp_path.glob("PWNED*")), "a hook, the fsmonitor or a filter ran"
    shown = subprocess.run(["git", "-C", str(sample_fund), "show", "--stat", "HEAD"],
                           capture_output=True, text=True, check=True).stdout
    assert "2 files changed" in shown and IDEA in shown  # the commit was made


# -- 5/6. numbers, dates and amounts are checked at load; no traceback on any terminal ---------

@pytest.mark.parametrize("rate", ["-1", "-0.5", "5", "1e308", "0.035x", ".nan", "'3,5 %'",
                                  ".inf"])
def test_a_bad_discount_rate_is_refused_by_every_command(sample_fund: Path, rate: str) -> None:
    settings = sample_fund / "fund.yaml"
    settings.write_text(settings.read_text("utf-8").replace("discount_rate: 0.035",
                                                            f"discount_rate: {rate}"), "utf-8")
    before = state(sample_fund)
    for args in (("status",), ("validate",), ("report", "decision", REVIEW, "--draft")):
        result = run(*args, "--fund", sample_fund)
        assert result.code == 1, (args, result.out, result.err)
        assert "fund.yaml: discount_rate" in result.err and "0.035" in result.err
        assert "Nuvärde vid" not in result.out
    assert state(sample_fund) == before


def test_a_plain_discount_rate_is_used(sample_fund: Path) -> None:
    settings = sample_fund / "fund.yaml"
    settings.write_text(settings.read_text("utf-8").replace("discount_rate: 0.035",
                                                            "discount_rate: 0,05"), "utf-8")
    result = run("validate", "--explain", f"3-beredning/{REVIEW}", "--fund", sample_fund,
                 cwd=sample_fund)
    assert result.code == 0 and "Nuvärde vid 5" in result.out
    wrong = run("validate", "--explain", f"3-beredning/{REVIEW}", "--discount-rate", "0.5",
                cwd=sample_fund)
    assert wrong.code == 1 and "--discount-rate" in wrong.err


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_a_terminal_that_is_not_utf8_gets_stand_ins_not_a_traceback(sample_fund: Path,
                                                                   encoding: str) -> None:
    env = {**os.environ, "SOCINV_TODAY": TODAY, "PYTHONPATH": str(REPO),
           "PYTHONIOENCODING": encoding}
    outputs = []
    for args in (("validate", "--explain", sample_fund / "3-beredning" / REVIEW),
                 ("status",)):
        result = subprocess.run([sys.executable, "-m", "socinv", *map(str, args), "--fund",
                                 str(sample_fund)], capture_output=True, env=env, timeout=120,
                                check=False)
        out, err = result.stdout.decode(encoding), result.stderr.decode(encoding)
        clean(out, err)
        assert result.returncode == 0, err
        outputs.append(out)
    explain, status = outputs
    assert "-1 150 000 kr" in explain.replace("\u00a0", " ").replace("?", " ")
    assert "->" in status and "\u2192" not in status


def test_init_refuses_a_stage_name_taken_by_a_file_and_creates_nothing(tmp_path: Path) -> None:
    fund = tmp_path / "fond"
    fund.mkdir()
    (fund / "4-pagaende").write_text("en fil\n", encoding="utf-8")
    before = snapshot(tmp_path)
    result = run("init", fund, "--profile", "ystad")
    assert result.code == 2 and "4-pagaende" in result.err and "Traceback" not in result.err
    assert snapshot(tmp_path) == before and sorted(p.name for p in fund.iterdir()) == [
        "4-pagaende"]


@pytest.mark.parametrize(("date", "shown"), [("", '""'), ("0001-01-01", "1900"),
                                             ("9999-12-31", "2200"), ("2027-02-30", "2027")])
def test_decide_refuses_an_empty_or_absurd_date(sample_fund: Path, date: str,
                                                shown: str) -> None:
    before = state(sample_fund)
    result = run("decide", REVIEW, "--granted", "2850000", "--per-year",
                 "2027=1150000,2028=980000,2029=720000", "--ref", "KS § 12", "--date", date,
                 "--fund", sample_fund)
    assert result.code == 2 and shown in result.err, result.err
    assert state(sample_fund) == before


def test_a_30_digit_grant_is_refused(sample_fund: Path) -> None:
    before = state(sample_fund)
    result = run("decide", REVIEW, "--granted", "1" + "0" * 29, "--ref", "KS § 12",
                 "--fund", sample_fund)
    assert result.code == 2 and "999 999 999 999 kr" in result.err
    assert state(sample_fund) == before


def test_a_30_digit_amount_in_an_application_is_a_finding(sample_fund: Path) -> None:
    app = sample_fund / "3-beredning" / REVIEW / "application.yaml"
    app.write_text(app.read_text("utf-8").replace("amount: 980000", "amount: " + "9" * 30),
                   "utf-8")
    result = run("validate", app, "--fund", sample_fund, "--format", "json")
    assert result.code == 1 and codes(result) == ["amount-too-large"]


def test_an_invalid_cost_row_is_never_counted_as_zero(sample_fund: Path) -> None:
    app = sample_fund / "3-beredning" / REVIEW / "application.yaml"
    app.write_text(app.read_text("utf-8").replace("amount: 980000", "amount: 980000x"), "utf-8")
    explain = run("validate", "--explain", app, "--fund", sample_fund, "--format", "json")
    assert "not-an-amount" in codes(explain)
    assert all(doc.get("economics") is None for doc in explain.json().get("files", [])
               if isinstance(doc, dict))
    status = run("status", "--fund", sample_fund, "--format", "json")
    (row,) = [case for case in status.json()["cases"] if case["id"] == REVIEW]
    assert row.get("economics") in (None, {}), row.get("economics")
    assert run("report", "decision", REVIEW, "--fund", sample_fund, "--draft", "--format",
               "md").code == 0
    memo = next((sample_fund / "reports").glob(f"{REVIEW}-*.md")).read_text("utf-8")
    assert "| 2028 | 0 kr |" not in memo and "1 870 000 kr" not in memo
    (line,) = [row for row in memo.splitlines() if row.startswith("| Kostnad för varje år")]
    assert "Ej uppfyllt" in line and "980000x" in line


def test_case_ids_in_full_width_digits_are_not_cases(sample_fund: Path) -> None:
    folder = sample_fund / "1-ideer" / IDEA
    wide = folder.with_name("\uff12\uff10\uff12\uff16-\uff10\uff10\uff14-foraldrastod")
    folder.rename(wide)
    status = run("status", "--fund", sample_fund, "--format", "json")
    assert all(not case["id"].startswith("\uff12") for case in status.json()["cases"])
    doctor = run("doctor", "--fund", sample_fund, "--format", "json")
    assert "doctor-not-a-case" in codes(doctor)


# -- 7. one document, two versions ---------------------------------------------------------------

@pytest.mark.parametrize("profile", ["ystad", "heby"])
def test_a_document_in_yaml_and_in_word_is_an_error_everywhere(tmp_path: Path,
                                                               profile: str) -> None:
    fund, case = application_case(tmp_path, profile)
    source = case / "application.yaml"
    assert run("convert", source, "--to", "docx", "--out", case / "application.docx",
               "--fund", fund).code == 0
    source.write_text(source.read_text("utf-8").replace("title:", "title: Annan titel #", 1),
                      "utf-8")
    file = f"{case.parent.name}/{case.name}/application.docx"
    validate = run("validate", "--fund", fund, "--format", "json")
    assert validate.code == 1
    hits = [f for f in validate.json()["findings"] if f["code"] == "document-twice"]
    assert {f["file"] for f in hits} == {file, file.replace(".docx", ".yaml")}
    assert "application.yaml och application.docx" in hits[0]["message"]
    assert "behåll den som gäller" in hits[0]["message"]
    doctor = run("doctor", "--fund", fund, "--format", "json")
    assert doctor.code == 1 and "document-twice" in codes(doctor)
    before = state(fund)
    memo = run("report", "decision", case.name, "--fund", fund, "--draft")
    assert memo.code == 1 and "application.yaml och application.docx" in memo.err
    assert state(fund) == before


# -- 9. one unreadable case folder ----------------------------------------------------------------

def _without_privileges(*args: str | Path) -> subprocess.CompletedProcess[str]:
    """``socinv ARGS`` as a process that permissions apply to: root would read a folder with
    mode 000, so as root the process runs without the capabilities that override them."""
    prefix: list[str] = []
    if os.geteuid() == 0:
        prefix = ["setpriv", "--inh-caps=-dac_override,-dac_read_search",
                  "--bounding-set=-dac_override,-dac_read_search"]
    env = {**os.environ, "SOCINV_TODAY": TODAY, "PYTHONPATH": str(REPO)}
    return subprocess.run([*prefix, sys.executable, "-m", "socinv", *map(str, args)],
                          capture_output=True, text=True, env=env, timeout=300, check=False)


@pytest.fixture
def locked_case(sample_fund: Path) -> Iterator[Path]:
    folder = (sample_fund / APPLICATION).parent
    folder.chmod(0)
    yield folder
    folder.chmod(0o755)


def test_an_unreadable_case_folder_is_reported_and_the_rest_goes_on(sample_fund: Path,
                                                                    locked_case: Path) -> None:
    name = f"2-ansokningar/{APPLICATION_OK}"
    validate = _without_privileges("validate", "--fund", sample_fund, "--format", "json")
    clean(validate.stderr)
    assert validate.returncode == 2, validate.stderr
    found = json.loads(validate.stdout)["findings"]
    assert [f["file"] for f in found if f["code"] == "case-folder-unreadable"] == [name]
    assert "party-rule" in {f["code"] for f in found}  # the other cases were checked
    status = _without_privileges("status", "--fund", sample_fund)
    assert status.returncode == 2 and "ingen läsbehörighet" in status.stdout
    assert REVIEW in status.stdout and "skrivas" not in status.stdout + status.stderr
    doctor = _without_privileges("doctor", "--fund", sample_fund)
    assert doctor.returncode == 1 and name in doctor.stdout and "läsbehörighet" in doctor.stdout
    annual = _without_privileges("report", "annual", "--year", "2025", "--fund", sample_fund)
    assert annual.returncode == 2 and name in annual.stderr and "Inget skrevs" in annual.stderr
    assert "disken" not in annual.stderr
    assert not list((sample_fund / "reports").glob("2025-*"))


# -- 10. socinv never writes what it cannot read back -------------------------------------------

def _decide(fund: Path, *extra: str) -> Any:
    return run("decide", REVIEW, "--granted", "2850000", "--per-year",
               "2027=1150000,2028=980000,2029=720000", "--ref", "KS § 12", "--force",
               "--fund", fund, *extra)


def test_a_note_longer_than_the_limit_is_refused(sample_fund: Path) -> None:
    before = state(sample_fund)
    result = _decide(sample_fund, "--note", "x" * 120_000)
    assert result.code == 2 and "120000 tecken" in result.err and "gränsen är 2000" in result.err
    assert state(sample_fund) == before
    assert _decide(sample_fund, "--note", "Beslut enligt förslag. " * 80).code == 0


def test_case_yaml_never_grows_past_what_socinv_reads(sample_fund: Path) -> None:
    from socinv.io.guard import MAX_TEXT_BYTES

    case_file = sample_fund / "3-beredning" / REVIEW / "case.yaml"
    text = case_file.read_text("utf-8")
    room = MAX_TEXT_BYTES - len(text.encode("utf-8")) - 600
    case_file.write_text(text + "# " + "a" * (room - 3) + "\n", "utf-8")
    assert run("validate", case_file, "--fund", sample_fund).code in (0, 1)
    before = state(sample_fund)
    result = _decide(sample_fund, "--note", "n" * 1500)
    assert result.code == 1 and "gränsen" in result.err and "Inget ändrades" in result.err
    assert state(sample_fund) == before
    assert run("validate", case_file, "--fund", sample_fund).code in (0, 1)  # still readable


def test_every_decision_with_the_longest_note_stays_readable(sample_fund: Path) -> None:
    """The repeated-decide attack, with the longest note allowed: socinv refuses before the
    file it writes is too big to read, and the case stays usable."""
    case_file = sample_fund / "3-beredning" / REVIEW / "case.yaml"
    note = "Beslut. " * 250
    for _ in range(40):
        assert _decide(sample_fund, "--note", note).code == 0
    assert run("validate", case_file, "--fund", sample_fund).code in (0, 1)
    assert run("doctor", "--fund", sample_fund).code in (0, 1)


# -- 11. control characters never reach the terminal --------------------------------------------

OSC = "\x1b]0;hackad\x07"


@pytest.mark.parametrize("profile", ["ystad", "heby"])
def test_new_refuses_control_characters_in_a_title(tmp_path: Path, profile: str) -> None:
    fund = tmp_path / "fund"
    assert run("init", fund, "--profile", profile).code == 0
    before = state(fund)
    kind = "idea" if profile == "ystad" else "application"
    for title in (f"Läxhjälp {OSC}", "Läxhjälp\u202e", "Läxhjälp\x00", "x" * 500):
        result = run("new", kind, title, "--fund", fund)
        assert result.code == 2, title
        assert "styrtecken" in result.err or "gränsen är 200" in result.err
    assert state(fund) == before


def test_status_and_doctor_escape_control_characters(sample_fund: Path) -> None:
    case_file = sample_fund / "1-ideer" / IDEA / "case.yaml"
    lines = case_file.read_text("utf-8").splitlines(keepends=True)
    lines = ['title: "\\e]0;hackad\\a Föräldrastöd"\n' if line.startswith("title:") else line
             for line in lines]
    case_file.write_text("".join(lines), "utf-8")
    lock = sample_fund / ".socinv" / "lock.info"
    lock.parent.mkdir(exist_ok=True)
    lock.write_text(json.dumps({"command": "advance", "by": f"Petra{OSC}", "pid": 999_999,
                                "host": "x", "since": "2026-11-22T10:00:00+01:00"}), "utf-8")
    status = cli("status", "--fund", sample_fund)
    doctor = cli("doctor", "--fund", sample_fund)
    for result in (status, doctor):
        clean(result.stdout, result.stderr)
        output = result.stdout + result.stderr
        assert "\x1b]" not in output and "\x07" not in output
    assert "\\x1b]0;hackad\\x07" in doctor.stdout + doctor.stderr


# -- 4. nothing outside the fund folder is read through a link --------------------------------

def test_a_template_linked_outside_is_never_read(sample_fund: Path, tmp_path: Path) -> None:
    secret = tmp_path / "hemligt.txt"
    secret.write_text("root:x:0:0:HEMLIGT\n", encoding="utf-8")
    (sample_fund / "templates").mkdir(exist_ok=True)
    (sample_fund / "templates" / "decision_memo.sv.md.j2").symlink_to(secret)
    before = state(sample_fund)
    result = run("report", "decision", REVIEW, "--fund", sample_fund, "--format", "md")
    assert result.code == 2 and "utanför fonden" in result.err and "länk" in result.err
    assert state(sample_fund) == before
    assert not any("HEMLIGT" in path.read_text("utf-8", errors="replace")
                   for path in sample_fund.rglob("*.md") if path.is_file())
    doctor = run("doctor", "--fund", sample_fund)
    assert doctor.code == 1 and "decision_memo.sv.md.j2" in doctor.out
    assert "utanför fonden" in doctor.out


@pytest.mark.parametrize("profile", ["ystad", "heby"])
def test_a_document_linked_outside_is_not_the_cases_document(tmp_path: Path,
                                                             profile: str) -> None:
    fund, case = application_case(tmp_path, profile)
    outside = tmp_path / "utanfor.yaml"
    (case / "application.yaml").rename(outside)
    (case / "application.yaml").symlink_to(outside)
    file = f"{case.parent.name}/{case.name}/application.yaml"
    validate = run("validate", "--fund", fund, "--format", "json")
    assert validate.code == 2
    (finding,) = [f for f in validate.json()["findings"] if f["file"] == file]
    assert finding["code"] == "file-unreadable" and "utanför fonden" in finding["message"]
    doctor = run("doctor", "--fund", fund, "--format", "json")
    assert doctor.code == 1 and file in {f["file"] for f in doctor.json()["findings"]}
    memo = run("report", "decision", case.name, "--fund", fund, "--draft")
    assert memo.code == 2 and "utanför fonden" in memo.err


def test_a_stage_folder_linked_to_another_fund_adds_none_of_its_cases(sample_fund: Path,
                                                                      tmp_path: Path) -> None:
    other = tmp_path / "annan-fond"
    shutil.copytree(SAMPLE_FUND, other)
    shutil.rmtree(sample_fund / "4-pagaende")
    (sample_fund / "4-pagaende").symlink_to(other / "4-pagaende")
    status = run("status", "--fund", sample_fund, "--format", "json")
    assert status.code == 2
    assert ACTIVE not in {case["id"] for case in status.json()["cases"]}
    validate = run("validate", "--fund", sample_fund, "--format", "json")
    assert validate.code == 2 and "stage-dir-linked" in codes(validate)
    doctor = run("doctor", "--fund", sample_fund, "--format", "json")
    assert doctor.code == 1 and "stage-dir-linked" in codes(doctor)
    before = state(sample_fund)
    annual = run("report", "annual", "--year", "2025", "--fund", sample_fund)
    assert annual.code == 2 and "4-pagaende" in annual.err and "Inget skrevs" in annual.err
    assert state(sample_fund) == before


# -- 8. names compared as text, not as code points ----------------------------------------------

_PROFILE_NFC = """\
extends: ystad
stages:
  - {key: idea, dir: 1-idéer, label: {sv: "Idéprövning", en: "Idea review"}}
  - {key: application, dir: 2-ansökningar, label: {sv: "Ansökan", en: "Application"}}
  - {key: review, dir: 3-beredning, label: {sv: "Beredning och beslut", en: "Preparation"}}
  - {key: active, dir: 4-pågående, label: {sv: "Genomförande", en: "Implementation"}}
  - {key: closed, dir: 5-avslutade, label: {sv: "Avslutad", en: "Closed"}}
"""


def _macos_fund(tmp_path: Path) -> Path:
    """The sample fund under a profile whose stage names have å, ä, ö, é – with the folders
    renamed as macOS writes them (decomposed: NFD)."""
    import unicodedata

    fund = tmp_path / "fund"
    shutil.copytree(SAMPLE_FUND, fund)
    (fund / "kommun.yaml").write_text(_PROFILE_NFC, encoding="utf-8")
    settings = fund / "fund.yaml"
    settings.write_text(settings.read_text("utf-8").replace("profile: ystad",
                                                           "profile: kommun.yaml"), "utf-8")
    for old, new in (("1-ideer", "1-idéer"), ("2-ansokningar", "2-ansökningar"),
                     ("4-pagaende", "4-pågående")):
        (fund / old).rename(fund / unicodedata.normalize("NFD", new))
    return fund


def test_stage_folders_written_by_macos_are_the_stage_folders(tmp_path: Path) -> None:
    fund = _macos_fund(tmp_path)
    status = run("status", "--fund", fund, "--format", "json")
    assert status.code == 0, status.err
    assert {ACTIVE, IDEA, APPLICATION_OK} <= {case["id"] for case in status.json()["cases"]}
    repair = run("doctor", "--repair", "--fund", fund)
    assert repair.code == 0, repair.out + repair.err
    folders = {p.name for p in fund.iterdir() if p.is_dir() and not p.name.startswith(".")}
    assert len(folders) == 6  # five stages and reports/: no empty look-alike was created
    doctor = run("doctor", "--fund", fund, "--format", "json")
    spelled = [f for f in doctor.json()["findings"] if f["code"] == "doctor-stage-dir-spelling"]
    assert len(spelled) == 3 and "bokstav + accent (NFD)" in spelled[0]["message"]
    assert run("advance", IDEA, "--fund", fund).code == 0
    assert (fund / next(name for name in folders if name.startswith("2-")) / IDEA).is_dir()


def test_a_look_alike_stage_folder_is_explained(tmp_path: Path) -> None:
    import unicodedata

    fund = _macos_fund(tmp_path)
    (fund / unicodedata.normalize("NFC", "4-pågående")).mkdir()
    doctor = run("doctor", "--fund", fund, "--format", "json")
    (twin,) = [f for f in doctor.json()["findings"] if f["code"] == "doctor-stage-dir-twice"]
    assert "å skrivs i den som bokstav + accent (NFD)" in twin["message"]


# -- 12/15. templates: output, size and time bounded on every platform --------------------------

@pytest.mark.parametrize(("name", "source", "said"), [
    ("replace-filter", "{{ ('x'*1000)|replace('x','x'*1000000) }}", "replace"),
    ("replace-method", "{{ ('x'*1000).replace('x','x'*1000000) }}", "replace"),
    ("lipsum", "{{ lipsum(10**7) }}", "lipsum"),
    ("join", "{{ (['ab']*1000)|join('x'*100000) }}", "join"),
    ("indent", "{{ ('\\n'*100000)|indent(100000) }}", "indent"),
    ("output", "{% for a in range(3000) %}{{ 'x' * 1000 }}{% endfor %}", "1000000"),
])
def test_templates_that_build_too_much_are_stopped(sample_fund: Path, name: str, source: str,
                                                   said: str) -> None:
    (sample_fund / "templates").mkdir(exist_ok=True)
    (sample_fund / "templates" / "decision_memo.sv.md.j2").write_text(source, "utf-8")
    before = state(sample_fund)
    code, peak = measured("report", "decision", REVIEW, "--fund", sample_fund, "--draft")
    assert code == 1 and peak < 300 * 1024, (code, peak)
    result = run("report", "decision", REVIEW, "--fund", sample_fund, "--draft")
    assert result.code == 1 and said in result.err and "Inget skrevs" in result.err
    assert state(sample_fund) == before


@pytest.mark.parametrize("alarm", [True, False], ids=["posix-alarm", "thread-fallback"])
def test_a_template_running_too_long_is_stopped_with_or_without_sigalrm(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, alarm: bool) -> None:
    """Windows has no SIGALRM: the fallback (a worker thread and deadline checks) gives the
    same refusal."""
    from socinv.errors import UserError
    from socinv.reports import templating

    monkeypatch.setattr(templating, "USE_ALARM", alarm)
    monkeypatch.setattr(templating, "TIME_LIMIT_SECONDS", 1)
    (tmp_path / "templates").mkdir()
    (tmp_path / "templates" / "t.md.j2").write_text(
        "{% set s = 'x' * 100000 %}{% for a in s %}{% for b in s %}{{ b.upper() }}"
        "{% endfor %}{% endfor %}", "utf-8")
    with pytest.raises(UserError) as refused:
        templating.render(tmp_path, "t.md.j2", {}, {})
    assert "longer than 1 s" in refused.value.en and "Nothing was written" in refused.value.en
    (tmp_path / "templates" / "t.md.j2").write_text("Hej {{ name }}", "utf-8")
    assert templating.render(tmp_path, "t.md.j2", {"name": "Ystad"}, {}) == "Hej Ystad"


def test_without_hard_links_a_new_file_still_never_replaces_one(
        sample_fund: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """FAT, exFAT and some shares have no hard links: the rename fallback keeps the rule."""
    import errno

    def no_links(source: Any, target: Any) -> None:
        raise OSError(errno.EPERM, "Operation not permitted")

    monkeypatch.setattr(os, "link", no_links)
    result = run("new", "idea", "Läxhjälp i biblioteket", "--fund", sample_fund)
    assert result.code == 0, result.err
    assert run("report", "decision", REVIEW, "--fund", sample_fund, "--draft").code == 0
    papers = sorted((sample_fund / "reports").iterdir())
    stamps = [path.read_bytes() for path in papers]
    again = run("report", "decision", REVIEW, "--fund", sample_fund, "--draft")
    assert again.code == 2 and "Finns redan" in again.err
    assert [path.read_bytes() for path in papers] == stamps
    assert not [path for path in sample_fund.rglob("*.tmp")]
    from socinv.io.atomic import link_noreplace  # a name appearing after the check

    temp = sample_fund / ".ny.tmp"
    temp.write_bytes(b"ny")
    with pytest.raises(FileExistsError):
        link_noreplace(temp, papers[0])
    assert papers[0].read_bytes() == stamps[0]


# -- 13. smaller ones --------------------------------------------------------------------------

@pytest.mark.parametrize("target", ["case.yaml", "../../fund.yaml", "../../.socinv/x.yaml"])
def test_convert_never_writes_socinvs_own_files(sample_fund: Path, target: str) -> None:
    case = sample_fund / "3-beredning" / REVIEW
    word = sample_fund.parent / "ansokan.docx"
    assert run("convert", case / "application.yaml", "--to", "docx", "--out", word).code == 0
    before = state(sample_fund)
    result = run("convert", word, "--to", "yaml", "--out", case / target, "--force",
                 "--profile", "ystad")
    assert result.code == 2 and "fondens egna filer" in result.err
    assert state(sample_fund) == before


def test_doctor_reports_a_leftover_gitignore_temp_file(sample_fund: Path) -> None:
    assert run("advance", IDEA, "--fund", sample_fund).code == 0  # makes .socinv/
    leftover = sample_fund / ".socinv" / "..gitignore.a1b2c3d4.tmp"
    leftover.write_text("*\n", encoding="utf-8")
    doctor = run("doctor", "--fund", sample_fund, "--format", "json")
    assert ".socinv/..gitignore.a1b2c3d4.tmp" in {
        f["file"] for f in doctor.json()["findings"] if f["code"] == "doctor-temp-left"}
    assert run("doctor", "--repair", "--fund", sample_fund).code == 0
    assert not leftover.exists()


def test_a_git_conflict_in_case_yaml_is_named_and_exit_2_everywhere(sample_fund: Path) -> None:
    case_file = sample_fund / "1-ideer" / IDEA / "case.yaml"
    lines = case_file.read_text("utf-8").splitlines(keepends=True)
    stage = next(index for index, line in enumerate(lines) if line.startswith("stage:"))
    lines[stage:stage + 1] = ["<<<<<<< HEAD\n", lines[stage], "=======\n",
                              "stage: application\n", ">>>>>>> other\n"]
    case_file.write_text("".join(lines), "utf-8")
    before = state(sample_fund)
    for args in (("advance", IDEA), ("validate", case_file)):
        result = run(*args, "--fund", sample_fund)
        assert result.code == 2, (args, result.out, result.err)
        assert "konfliktmarkeringar" in result.out + result.err
        assert f"{stage + 1}:1" in result.out or f":{stage + 1}" in result.out + result.err
    assert state(sample_fund) == before


@pytest.mark.parametrize(("setting", "said"), [
    ("economics: {savings_years: 1000000000}", "är större än 50"),
    ("economics: {savings_start_offset: 99999999999}", "är större än 20"),
    ("reporting: {grace_days: 99999999999}", "grace_days"),
])
def test_numbers_in_a_profile_are_bounded(sample_fund: Path, setting: str, said: str) -> None:
    (sample_fund / "kommun.yaml").write_text(f"extends: ystad\n{setting}\n", encoding="utf-8")
    settings = sample_fund / "fund.yaml"
    settings.write_text(settings.read_text("utf-8").replace("profile: ystad",
                                                           "profile: kommun.yaml"), "utf-8")
    code, peak = measured("status", "--fund", sample_fund)
    assert code == 2 and peak < 200 * 1024
    result = run("status", "--fund", sample_fund)
    assert result.code == 2 and said in result.err
