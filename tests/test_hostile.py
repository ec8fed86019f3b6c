"""Hostile input beyond single YAML files: odd file types, socinv's own state files, paths.

Every test snapshots the fund tree (path, size, SHA-256) before and after and
proves that a refused input changed nothing. ``fund_state`` leaves out only
what socinv itself keeps in ``.socinv/``: the result cache (``validate`` may
write it) and the lock file (always empty, created by the first mutating
command). Journals and the lock record are part of the snapshot.
"""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import run, snapshot
from tests.faults import other_file_system
from tests.workflow_helpers import (
    ACTIVE,
    APPLICATION_OK,
    IDEA,
    REVIEW,
    TODAY,
    cli,
    where,
)

APPLICATION = f"2-ansokningar/{APPLICATION_OK}/application.yaml"
REPORT = f"4-pagaende/{ACTIVE}/reports/2026-interim.yaml"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCINV_TODAY", TODAY)


def fund_state(root: Path) -> dict[str, tuple[int, str]]:
    """Every file of the fund with size and hash, but for socinv's cache and empty lock file."""
    return {name: stamp for name, stamp in snapshot(root).items()
            if not name.startswith(".socinv/cache/") and name not in (".socinv/lock",
                                                                      ".socinv/.gitignore")}


def clean(*outputs: str) -> None:
    for text in outputs:
        assert "Traceback" not in text, text


def findings(result_json: dict[str, object], file: str) -> list[str]:
    return [f["code"] for f in result_json["findings"] if f["file"] == file]  # type: ignore


def named(*rows: tuple[Any, ...]) -> list[Any]:
    """Parameter rows, each named by its first value (the id in the test report)."""
    return [pytest.param(*row, id=str(row[0])) for row in rows]


# -- files that are not files ------------------------------------------------------------------

def test_a_named_pipe_named_like_a_document_is_refused_not_waited_on(sample_fund: Path) -> None:
    path = sample_fund / APPLICATION
    path.unlink()
    os.mkfifo(path)
    before = fund_state(sample_fund)
    whole = cli("validate", "--fund", sample_fund, timeout=60)  # a hang fails by the timeout
    alone = cli("validate", path, "--fund", sample_fund, "--format", "json", timeout=60)
    assert whole.returncode == 2 and alone.returncode == 2
    assert "namngiven pipe" in whole.stdout and APPLICATION in whole.stdout
    assert findings(json.loads(alone.stdout), APPLICATION) == ["file-unreadable"]
    clean(whole.stderr, alone.stderr)
    assert fund_state(sample_fund) == before


def test_a_link_to_a_device_is_refused(sample_fund: Path) -> None:
    path = sample_fund / APPLICATION
    path.unlink()
    path.symlink_to("/dev/zero")
    before = fund_state(sample_fund)
    result = run("validate", path, "--fund", sample_fund, "--format", "json")
    assert result.code == 2
    assert findings(result.json(), APPLICATION) == ["file-unreadable"]
    assert fund_state(sample_fund) == before


def test_a_workbook_where_a_report_is_expected_is_refused(sample_fund: Path) -> None:
    """socinv writes workbooks but reads none: an .xlsx is refused before any library opens it."""
    assert run("report", "annual", "--year", "2025", "--format", "xlsx", "--fund",
               sample_fund).code == 0
    path = sample_fund / f"4-pagaende/{ACTIVE}/reports/2026-annual.xlsx"
    shutil.move(sample_fund / "reports" / "2025-arsredovisning-bilaga.xlsx", path)
    before = fund_state(sample_fund)
    result = run("validate", path, "--fund", sample_fund, "--format", "json")
    assert result.code == 2
    (finding,) = result.json()["findings"]
    assert finding["code"] == "unsupported-format" and ".yaml" in finding["message"]
    assert fund_state(sample_fund) == before


# -- values built to be slow or to break the parsers -------------------------------------------

VALID = (Path(__file__).parent.parent / "sample_fund" / APPLICATION).read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "old", "new", "code"), named(
    ("amount-5000-digits", "amount: 540000", "amount: " + "9" * 5000, "not-an-amount"),
    ("amount-backtracking", "amount: 540000", 'amount: "1' + " " * 30_000 + 'x"',
     "not-an-amount"),
    ("date-backtracking", "start: 2027-08-01", 'start: "1' + " " * 20_000 + "a" * 20_000 + '"',
     "invalid-date"),
    ("number-5000-digits", "fte: 1.0", "fte: " + "9" * 5000, "not-a-number"),
))
def test_values_built_to_break_the_parsers_are_findings_in_time(
        sample_fund: Path, name: str, old: str, new: str, code: str | None) -> None:
    assert old in VALID, old
    (sample_fund / APPLICATION).write_text(VALID.replace(old, new, 1), encoding="utf-8")
    before = fund_state(sample_fund)
    result = run("validate", sample_fund / APPLICATION, "--fund", sample_fund, "--format", "json")
    assert result.code in (0, 1)
    if code is not None:
        assert code in findings(result.json(), APPLICATION)
    assert fund_state(sample_fund) == before


@pytest.mark.parametrize(("name", "text"), named(
    ("email-backtracking", "@ " + "a" * 400_000),
    ("email-dots", "a@" + "a." * 400_000),
    ("many-private-addresses", "kalle@gmail.com " * 50_000),
    ("many-personal-numbers", "811218-9876 " * 60_000),
))
def test_report_text_built_to_be_slow_is_checked_in_time(sample_fund: Path, name: str,
                                                         text: str) -> None:
    path = sample_fund / REPORT
    path.write_text(path.read_text(encoding="utf-8") + f"note: \"{text}\"\n", encoding="utf-8")
    before = fund_state(sample_fund)
    result = run("validate", path, "--fund", sample_fund, "--format", "json")
    codes = findings(result.json(), REPORT)
    assert len(codes) <= 50  # at most 20 of a kind per text, not one per repetition
    if name.startswith("many"):
        assert {"private-contact", "personal-identity-number"} & set(codes)
    assert fund_state(sample_fund) == before


def test_a_document_with_too_many_values_is_refused_in_time(sample_fund: Path) -> None:
    path = sample_fund / APPLICATION
    path.write_text("".join(f"k{n}: v\n" for n in range(100_000)), encoding="utf-8")
    before = fund_state(sample_fund)
    result = run("validate", path, "--fund", sample_fund, "--format", "json")
    assert result.code == 2
    (finding,) = result.json()["findings"]
    assert finding["code"] == "yaml-too-large" and "Kontrollera" in finding["message"]
    assert fund_state(sample_fund) == before


def test_a_result_with_thousands_of_digits_is_a_usage_error(sample_fund: Path) -> None:
    before = fund_state(sample_fund)
    result = run("report", "annual", "--year", "2025", "--result", "1" * 5000,
                 "--fund", sample_fund)
    assert result.code == 2 and "hela kronor" in result.err
    assert fund_state(sample_fund) == before


# -- socinv's own state files, damaged or planted ----------------------------------------------

def _cache(fund: Path) -> list[Path]:
    return sorted((fund / ".socinv" / "cache").glob("validate-*.json"))


def _plant_cache(fund: Path, damage: str) -> None:
    assert run("validate", "--fund", fund).code == 1  # writes a good cache
    parts = _cache(fund)
    assert parts
    if damage == "nested":
        for path in parts:
            path.write_text("[" * 200_000, encoding="utf-8")
    elif damage == "wrong-shapes":
        shards = [(path, json.loads(path.read_text(encoding="utf-8"))) for path in parts]
        entries = [entry for _, data in shards for entry in data["cases"].values()]
        assert len(entries) >= 5
        entries[0][:] = [5]
        entries[1][2] = ["case.yaml", []]
        entries[2][2] = ["", [["case.yaml", "case", False,
                               [["f", "missing", "", 1, 1, None, [], None]]]]]
        entries[3][2] = ["", [["case.yaml", "case", False,
                               [["f", "no-such-code", "", 1, 1, None, [], None]]]]]
        entries[4][1] = ["2026-01-01", "not a day"]
        for path, data in shards:
            path.write_text(json.dumps(data), encoding="utf-8")
    elif damage == "pipe":
        for path in parts:
            path.unlink()
            os.mkfifo(path)


@pytest.mark.parametrize("damage", ["nested", "wrong-shapes", "pipe"])
def test_a_damaged_cache_is_ignored(sample_fund: Path, tmp_path: Path, damage: str) -> None:
    fresh = tmp_path / "fresh"
    shutil.copytree(sample_fund, fresh)
    expected = run("validate", "--fund", fresh, "--no-cache", "--format", "json").json()
    _plant_cache(sample_fund, damage)
    before = fund_state(sample_fund)
    if damage == "pipe":  # a real process, so that a hang would fail the test, not block it
        result = cli("validate", "--fund", sample_fund, "--format", "json", timeout=30)
        code, out, err = result.returncode, result.stdout, result.stderr
    else:
        ran = run("validate", "--fund", sample_fund, "--format", "json")
        code, out, err = ran.code, ran.out, ran.err
    clean(out, err)
    assert code == 1 and json.loads(out) == expected
    assert fund_state(sample_fund) == before


def test_a_cache_folder_linked_elsewhere_is_not_written(sample_fund: Path,
                                                        tmp_path: Path) -> None:
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    (outside / "validate.json").write_text("mine", encoding="utf-8")
    shutil.rmtree(sample_fund / ".socinv", ignore_errors=True)
    (sample_fund / ".socinv").mkdir()
    (sample_fund / ".socinv" / "cache").symlink_to(outside)
    before = fund_state(sample_fund)
    assert run("validate", "--fund", sample_fund).code == 1
    assert (outside / "validate.json").read_text(encoding="utf-8") == "mine"
    assert list(outside.iterdir()) == [outside / "validate.json"]
    assert fund_state(sample_fund) == before


def test_a_damaged_lock_record_is_ignored(sample_fund: Path) -> None:
    info = sample_fund / ".socinv" / "lock.info"
    info.parent.mkdir(exist_ok=True)
    info.write_text("[" * 9000, encoding="utf-8")
    before = fund_state(sample_fund)
    doctor = run("doctor", "--fund", sample_fund)
    assert doctor.code == 0 and "Fonden är i ordning." in doctor.out
    assert fund_state(sample_fund) == before
    advanced = run("advance", IDEA, "--fund", sample_fund)
    assert advanced.code == 0 and where(sample_fund, IDEA) == ["2-ansokningar"]
    assert not info.exists()  # the command replaced it with its own record and cleared it


_JOURNAL = {"command": "advance", "case": IDEA, "source": "1-ideer", "target": "2-ansokningar",
            "before": "", "after": "", "by": "x", "started": "", "pid": 1}


@pytest.mark.parametrize(("name", "change"), named(
    ("case-not-text", {"case": 5}),
    ("source-dot-dot", {"source": ".."}),
    ("source-absolute", {"source": "/etc"}),
    ("target-nested", {"target": "2-ansokningar/../../x"}),
    ("created-outside", {"command": "new report", "target": "1-ideer",
                         "created": "../../../outside.yaml", "created_text": "x"}),
    ("other-case", {"case": APPLICATION_OK}),
    ("unknown-field", {"run": "rm -rf /"}),
    ("nested", None),
))
def test_a_planted_journal_is_never_followed(sample_fund: Path, tmp_path: Path, name: str,
                                             change: dict[str, object] | None) -> None:
    """A journal tells doctor --repair what to move and write; a forged one is refused."""
    case = sample_fund / "1-ideer" / IDEA / "case.yaml"
    text = case.read_text(encoding="utf-8")
    journal = sample_fund / ".socinv" / f"journal-{IDEA}.json"
    journal.parent.mkdir(exist_ok=True)
    if change is None:
        journal.write_text("[" * 100_000, encoding="utf-8")
    else:
        data = {**_JOURNAL, "before": text, "after": text.replace("stage: idea",
                                                                  "stage: application")}
        journal.write_text(json.dumps({**data, **change}), encoding="utf-8")
    before = fund_state(sample_fund)
    outside = _outside(tmp_path)
    doctor = run("doctor", "--fund", sample_fund, "--format", "json")
    assert doctor.code == 1
    assert [f["code"] for f in doctor.json()["findings"]] == ["doctor-journal-unreadable"]
    repaired = run("doctor", "--repair", "--fund", sample_fund)
    assert repaired.code == 1 and "[doctor-journal-unreadable]" in repaired.out
    blocked = run("advance", IDEA, "--fund", sample_fund)
    assert blocked.code == 2 and "doctor" in blocked.err
    clean(doctor.out, repaired.out, repaired.err, blocked.err)
    assert fund_state(sample_fund) == before
    assert _outside(tmp_path) == outside


def _outside(tmp_path: Path) -> dict[str, tuple[int, str]]:
    return {name: stamp for name, stamp in snapshot(tmp_path).items()
            if not name.startswith("fund/")}


# -- case ids and paths --------------------------------------------------------------------------

BAD_IDS = ["..", "../x", "/etc/passwd", "CON", "con.", "2026-001-con.", "2026-001-x/../../..",
           "2026-001-x\\..\\..", "2026-001-X", "2026-001-x ", " ", f"{IDEA}\x00", "1-ideer/..",
           f"../{IDEA}", f"1-ideer/../../{IDEA}"]
COMMANDS = {
    "advance": ("advance", "{}"),
    "decide": ("decide", "{}", "--granted", "1", "--ref", "KS § 1"),
    "close": ("close", "{}", "--outcome", "aborted", "--ref", "KS § 1"),
    "new-report": ("new", "report", "{}", "--period", "2026-annual"),
    "new-application": ("new", "application", "{}"),
    "report-decision": ("report", "decision", "{}"),
}


@pytest.mark.parametrize("command", list(COMMANDS))
@pytest.mark.parametrize("case_id", BAD_IDS, ids=[repr(i) for i in BAD_IDS])
def test_a_case_id_is_one_safe_name(sample_fund: Path, command: str, case_id: str) -> None:
    before = fund_state(sample_fund)
    args = [case_id if arg == "{}" else arg for arg in COMMANDS[command]]
    result = run(*args, "--fund", sample_fund)
    assert result.code == 2, (result.out, result.err)
    assert result.err.strip()
    clean(result.out, result.err)
    assert fund_state(sample_fund) == before


@pytest.mark.parametrize(("name", "text"), named(
    ("alias", "id: &a {id}\nstage: *a\nhistory: []\n"),
    ("stage-twice", "id: {id}\nstage: idea\nstage: review\nhistory: []\n"),
    ("python-tag", "id: {id}\nstage: !!python/object:os.system idea\nhistory: []\n"),
))
def test_a_case_file_socinv_cannot_read_safely_is_never_edited(sample_fund: Path, name: str,
                                                               text: str) -> None:
    (sample_fund / "1-ideer" / IDEA / "case.yaml").write_text(text.format(id=IDEA), "utf-8")
    before = fund_state(sample_fund)
    for args in (("advance", IDEA), ("close", IDEA, "--outcome", "withdrawn", "--ref", "x")):
        result = run(*args, "--fund", sample_fund)
        assert result.code in (1, 2) and result.err + result.out, args
        clean(result.out, result.err)
    assert fund_state(sample_fund) == before


def test_a_linked_case_folder_is_not_a_case(sample_fund: Path, tmp_path: Path) -> None:
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(sample_fund / "1-ideer" / IDEA, elsewhere)
    linked = "2026-009-lankad"
    (elsewhere / "case.yaml").write_text(
        (elsewhere / "case.yaml").read_text(encoding="utf-8").replace(IDEA, linked), "utf-8")
    (sample_fund / "1-ideer" / linked).symlink_to(elsewhere)
    before, outside = fund_state(sample_fund), snapshot(elsewhere)
    for args in (("advance", linked), ("report", "decision", linked),
                 ("new", "application", linked)):
        result = run(*args, "--fund", sample_fund)
        assert result.code == 2 and "finns inte" in result.err, args
    assert linked not in run("status", "--fund", sample_fund).out
    assert linked not in run("validate", "--fund", sample_fund).out
    doctor = run("doctor", "--fund", sample_fund, "--format", "json")
    assert (f"1-ideer/{linked}", "doctor-not-a-case") in {
        (f["file"], f["code"]) for f in doctor.json()["findings"]}
    assert fund_state(sample_fund) == before and snapshot(elsewhere) == outside


def test_a_linked_document_is_never_written_through(sample_fund: Path, tmp_path: Path) -> None:
    """``new report`` where the report's name is a link to a file outside the fund."""
    outside = tmp_path / "outside.yaml"
    (sample_fund / f"4-pagaende/{ACTIVE}/reports/2026-annual.yaml").symlink_to(outside)
    before = fund_state(sample_fund)
    result = run("new", "report", ACTIVE, "--period", "2026-annual", "--fund", sample_fund)
    assert result.code == 2 and "2026-annual.yaml finns redan" in result.err
    assert not outside.exists()
    assert fund_state(sample_fund) == before


def test_a_linked_reports_folder_is_not_written_into(sample_fund: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    shutil.rmtree(sample_fund / "reports")
    (sample_fund / "reports").symlink_to(outside)
    before = fund_state(sample_fund)
    result = run("report", "decision", REVIEW, "--fund", sample_fund)
    assert result.code == 2 and "länk" in result.err and "--out" in result.err
    assert list(outside.iterdir()) == []
    assert fund_state(sample_fund) == before


def test_a_target_stage_already_holding_the_case_is_refused(sample_fund: Path) -> None:
    """The case's folder in the next stage too, with content: never merged or replaced."""
    shutil.copytree(sample_fund / "1-ideer" / IDEA, sample_fund / "2-ansokningar" / IDEA)
    before = fund_state(sample_fund)
    result = run("advance", IDEA, "--fund", sample_fund)
    assert result.code == 1 and "flera ställen" in result.err and "doctor" in result.err
    assert fund_state(sample_fund) == before


def test_stages_on_different_file_systems_are_refused_never_copied(
        sample_fund: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A real tmpfs on the next stage where the machine allows it (else st_dev simulated)."""
    with other_file_system(sample_fund / "2-ansokningar", monkeypatch):
        before = fund_state(sample_fund)
        result = run("advance", IDEA, "--fund", sample_fund)
        assert result.code == 2 and "olika filsystem" in result.err
        assert fund_state(sample_fund) == before
        assert where(sample_fund, IDEA) == ["1-ideer"]


def test_an_interrupted_move_is_not_completed_across_file_systems(
        sample_fund: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    crashed = cli("advance", IDEA, "--fund", sample_fund, env={"SOCINV_CRASH_AT": "case-written"})
    assert crashed.returncode < 0
    with other_file_system(sample_fund / "2-ansokningar", monkeypatch):
        before = fund_state(sample_fund)
        repaired = run("doctor", "--repair", "--fund", sample_fund)
        assert repaired.code == 2 and "olika filsystem" in repaired.err
        clean(repaired.out, repaired.err)
        before.pop(".socinv/lock.info")  # the crashed command's stale lock record: now cleared
        assert fund_state(sample_fund) == before
    assert "Slutförde" in run("doctor", "--repair", "--fund", sample_fund).out
    assert where(sample_fund, IDEA) == ["2-ansokningar"]


# -- the worst a file can do, measured in a fresh process --------------------------------------

_MEASURE = """
import resource, sys
from socinv.cli import main
sys.argv = ["socinv", "validate", sys.argv[1], "--profile", "ystad", "--type", sys.argv[2],
            "--format", "json"]
try:
    main()
except SystemExit as done:
    code = done.code
try:  # this program's own peak: ru_maxrss would count the forking parent's size too
    with open("/proc/self/status") as status:
        peak = next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
except OSError:
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(code, peak, file=sys.stderr)
"""
WORST = {  # (text, document type, exit code): each just below or far beyond a limit
    "2-mb-of-keys": ("".join(f"k{n}: v\n" for n in range(200_000)), "application", 2),
    "just-under-the-value-limit": ("".join(f"nyckel{n}: v\n" for n in range(4_990)),
                                   "application", 1),
    "2-mb-of-personal-data": ('note: "' + "811218-9876 kalle@gmail.com 070-123 45 67 " * 45_000
                              + '"\n', "report", 1),
    "2-mb-of-markup": ("activities: |\n" + "  | <b>=1+1</b> | # x | @ a.b |\n" * 60_000,
                       "report", 1),
}


@pytest.mark.parametrize("name", list(WORST))
def test_the_worst_a_file_can_do_stays_under_200_mb(name: str, tmp_path: Path) -> None:
    """Memory only: wall time depends on the machine and is measured by bench/hostile.py."""
    import subprocess
    import sys

    text, doc_type, code = WORST[name]
    path = tmp_path / "dokument.yaml"
    path.write_text(text, encoding="utf-8")
    assert path.stat().st_size < 2 * 1024 * 1024
    before = snapshot(tmp_path)
    result = subprocess.run([sys.executable, "-c", _MEASURE, str(path), doc_type],
                            capture_output=True, text=True, check=False, timeout=60)
    exit_code, kilobytes = result.stderr.split()[-2:]
    assert int(exit_code) == code, result.stderr[-500:]
    assert int(kilobytes) < 200 * 1024
    assert snapshot(tmp_path) == before
