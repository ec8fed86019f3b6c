"""Hardening 2 (issue 13): the attacks that got through the first hostile suite.

Each test replays one attack and asserts what a user sees afterwards: the exit
code, the message, the file written or not, and that nothing else changed. No
test measures wall time (``bench/hostile.py`` does).
"""

from __future__ import annotations

import io
import json
import random
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import pytest

from socinv.io.docx_template import build_docx
from socinv.profiles.loader import load_profile
from tests.conftest import SAMPLE_FUND, run, snapshot
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
    before = snapshot(tmp_path)
    result = run("validate", path, "--profile", "ystad", "--format", "json")
    assert result.code == 2
    (finding,) = result.json()["findings"]
    assert finding["code"] == "document-too-long" and "20\u00a0000 stycken" in finding["message"]
    assert snapshot(tmp_path) == before
