"""Fuzzing: generated and mutated YAML, Word and Excel files never make socinv trace back.

Hypothesis generates random bytes, YAML-like text built from YAML's own
punctuation, and mutations of the sample fund's real files (truncated, bytes
flipped, lines shuffled, duplicated or dropped) and of Word and Excel files
socinv wrote itself (raw bytes damaged, or the XML inside the zip damaged and
re-zipped). Each goes through the command a user would run — ``socinv
validate`` in-process (an exception fails the test with its traceback), plus
``status``, ``doctor`` and ``advance --dry-run`` where the case file itself is
damaged — and must end with exit 0, 1 or 2 and no traceback. The runs are
derandomised and bounded, so the suite stays fast and repeatable.
"""

from __future__ import annotations

import io
import random
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import docx
import openpyxl
from hypothesis import given, settings
from hypothesis import strategies as st

from socinv.io.errors import UnreadableFile
from socinv.io.zipguard import ZipSpec, check_zip
from tests.conftest import SAMPLE_FUND, Result, run
from tests.workflow_helpers import ACTIVE, APPLICATION_OK, IDEA, REVIEW

FUZZ = settings(max_examples=60, deadline=None, database=None, derandomize=True)
CASE_DIR = f"2-ansokningar/{APPLICATION_OK}"
FILES = [f"{CASE_DIR}/application.yaml", f"{CASE_DIR}/case.yaml",
         f"1-ideer/{IDEA}/idea.yaml", f"4-pagaende/{ACTIVE}/reports/2026-interim.yaml",
         f"3-beredning/{REVIEW}/application.yaml", "fund.yaml", "unit_costs.yaml"]


def sound(result: Result) -> None:
    assert result.code in (0, 1, 2), (result.code, result.out, result.err)
    assert "Traceback" not in result.out + result.err


@contextmanager
def scratch_fund() -> Iterator[Path]:
    """A private copy of the sample fund (hypothesis runs many examples per test)."""
    with tempfile.TemporaryDirectory() as name:
        fund = Path(name) / "fund"
        shutil.copytree(SAMPLE_FUND, fund, ignore=shutil.ignore_patterns(".socinv"))
        yield fund


# -- generated YAML ------------------------------------------------------------------------------

YAML_BITS = [": ", "- ", "\n", "  ", "\t", "[", "]", "{", "}", ",", "&a ", "*a", "!!str ",
             "!x ", "? ", "|", ">", "'", '"', "#", "%YAML 1.2\n", "---\n", "...\n", "<<: ",
             "~", "null", "0701234567", "1 450 000 kr", "2027-01-01", "title", "costs",
             "amount", "year", "ja", "\\x00", "\ufeff", "å", "\x85", "\u2028", "\x07",
             "811218-9876"]
yaml_text = st.lists(st.sampled_from(YAML_BITS) | st.text(max_size=8), max_size=60).map(
    "".join)


@FUZZ
@given(st.binary(max_size=2000))
def test_random_bytes_never_crash_validate(data: bytes) -> None:
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / "ansokan.yaml"
        path.write_bytes(data)
        sound(run("validate", path, "--profile", "ystad", "--type", "application"))


@FUZZ
@given(yaml_text, st.sampled_from(["application", "idea", "report", "final_report"]))
def test_yaml_like_text_never_crashes_validate(text: str, doc_type: str) -> None:
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / "dokument.yaml"
        path.write_bytes(text.encode("utf-8", "surrogatepass"))
        sound(run("validate", path, "--profile", "ystad", "--type", doc_type,
                  "--format", "json"))


# -- mutated real files --------------------------------------------------------------------------

MUTATIONS = ["truncate", "flip", "shuffle", "duplicate", "drop", "insert"]


def mutate(data: bytes, how: str, rng: random.Random) -> bytes:
    if how == "truncate":
        return data[:rng.randrange(len(data) + 1)]
    if how == "flip":
        mutable = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            mutable[rng.randrange(len(mutable))] = rng.randrange(256)
        return bytes(mutable)
    lines = data.split(b"\n")
    if how == "shuffle":
        start = rng.randrange(len(lines))
        part = lines[start:start + rng.randint(2, 12)]
        rng.shuffle(part)
        lines[start:start + len(part)] = part
    elif how == "duplicate":
        index = rng.randrange(len(lines))
        lines[index:index] = lines[index:index + rng.randint(1, 6)]
    elif how == "drop":
        index = rng.randrange(len(lines))
        del lines[index:index + rng.randint(1, 6)]
    else:
        lines.insert(rng.randrange(len(lines) + 1),
                     rng.choice(YAML_BITS).encode("utf-8") * rng.randint(1, 3))
    return b"\n".join(lines)


@FUZZ
@given(st.sampled_from(FILES), st.lists(st.sampled_from(MUTATIONS), min_size=1, max_size=3),
       st.integers(0, 2**32))
def test_mutated_fund_files_never_crash_a_command(file: str, how: list[str], seed: int) -> None:
    rng = random.Random(seed)
    with scratch_fund() as fund:
        data = (fund / file).read_bytes()
        for mutation in how:
            data = mutate(data, mutation, rng)
        (fund / file).write_bytes(data)
        sound(run("validate", fund / file, "--fund", fund, "--format", "json"))
        if file.endswith("case.yaml") or file in ("fund.yaml", "unit_costs.yaml"):
            sound(run("validate", "--fund", fund, "--no-cache"))
            sound(run("status", "--fund", fund))
            sound(run("doctor", "--fund", fund))
            sound(run("advance", APPLICATION_OK, "--dry-run", "--fund", fund))
        papers = fund.parent / "papers"
        if REVIEW in file or file == "fund.yaml":  # the memo is built from the damaged file
            sound(run("report", "decision", REVIEW, "--draft", "--format", "md", "--out",
                      papers, "--force", "--fund", fund))
        if ACTIVE in file or file == "fund.yaml":  # the annex too
            sound(run("report", "interim", "--year", "2026", "--format", "md,xlsx", "--out",
                      papers, "--force", "--fund", fund))


# -- mutated Word and Excel files ------------------------------------------------------------------

def _papers() -> dict[str, bytes]:
    """A memo and an annex socinv wrote, and a Word form made by ``socinv convert``."""
    with scratch_fund() as fund:
        assert run("report", "decision", REVIEW, "--fund", fund).code == 0
        assert run("report", "annual", "--year", "2025", "--fund", fund).code == 0
        assert run("convert", fund / CASE_DIR / "application.yaml", "--to", "docx").code == 0
        papers = {path.suffix + ":" + path.stem: path.read_bytes()
                  for path in (fund / "reports").iterdir() if path.suffix in (".docx", ".xlsx")}
        papers["form"] = (fund / CASE_DIR / "application.docx").read_bytes()
    return papers


PAPERS = _papers()
WORD = sorted(key for key in PAPERS if not key.startswith(".xlsx"))
EXCEL = sorted(key for key in PAPERS if key.startswith(".xlsx"))


def rezip(data: bytes, rng: random.Random) -> bytes:
    """The same zip with one XML part damaged inside (what a broken editor saves)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    names = [name for name in source.namelist() if name.endswith((".xml", ".rels"))]
    victim = rng.choice(names)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            part = source.read(name)
            if name == victim:
                part = mutate(part, rng.choice(["truncate", "flip", "insert", "drop"]), rng)
            archive.writestr(name, part)
    return buffer.getvalue()


def damage(data: bytes, seed: int, inside: bool) -> bytes:
    rng = random.Random(seed)
    return rezip(data, rng) if inside else mutate(data, rng.choice(["truncate", "flip"]), rng)


@FUZZ
@given(st.sampled_from(WORD), st.integers(0, 2**32), st.booleans())
def test_damaged_word_files_never_crash_validate(paper: str, seed: int, inside: bool) -> None:
    data = damage(PAPERS[paper], seed, inside)
    with scratch_fund() as fund:
        path = fund / CASE_DIR / "application.docx"
        (fund / CASE_DIR / "application.yaml").unlink()
        path.write_bytes(data)
        sound(run("validate", path, "--fund", fund, "--format", "json"))
        sound(run("validate", "--fund", fund, "--no-cache"))


XLSX = ZipSpec(required=("[Content_Types].xml", "xl/workbook.xml"),
               name={"sv": "ett Excel-dokument (.xlsx)", "en": "an Excel workbook (.xlsx)"},
               old_format={"sv": "Excel 97–2003 (.xls)", "en": "Excel 97–2003 (.xls)"},
               app="Excel", suffix=".xlsx", main_types=("spreadsheetml.sheet.main+xml",))


@FUZZ
@given(st.sampled_from(EXCEL), st.integers(0, 2**32), st.booleans())
def test_damaged_excel_files_never_crash_validate_or_the_zip_guard(paper: str, seed: int,
                                                                    inside: bool) -> None:
    data = damage(PAPERS[paper], seed, inside)
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / "2026-annual.xlsx"
        path.write_bytes(data)
        result = run("validate", path, "--profile", "ystad", "--format", "json")
        sound(result)
        assert result.code == 2  # socinv reads no workbooks: a clear refusal
        try:
            check_zip(path, XLSX)
        except UnreadableFile as error:
            assert error.code in ("not-a-zip", "zip-truncated", "zip-bomb", "not-an-office-file",
                                  "macro-document", "old-office-format", "encrypted-document")


# -- any text, written safely -------------------------------------------------------------------

_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_PIPE = re.compile(r"(?<!\\)\|")
hostile_text = st.text(st.characters(blacklist_categories=["Cs"]), min_size=1, max_size=40) | \
    st.sampled_from(["=1+1", "=HYPERLINK(\"http://x\",\"y\")", "@SUM(1)", "+1", "-1",
                     "a | b", "a\nb", "# rubrik", "- punkt", "1. punkt", "<b>x</b>", "`x`",
                     "\\|", "|||", "\x00\x0b\x1f", "\r\n|\r\n", "\u2028|\u2029"])


def _yaml(text: str) -> str:
    """``text`` as a YAML double-quoted scalar: what YAML cannot hold raw, escaped."""
    def one(char: str) -> str:
        code = ord(char)
        if char in '"\\':
            return "\\" + char
        if char in "\t" or 0x20 <= code <= 0x7E or (0xA0 <= code <= 0xFFFD and code != 0xFEFF):
            return char
        return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"
    return '"' + "".join(one(char) for char in text) + '"'


@settings(max_examples=15, deadline=None, database=None, derandomize=True)
@given(hostile_text, hostile_text)
def test_any_text_keeps_the_papers_intact(role: str, gains: str) -> None:
    with scratch_fund() as fund:
        application = fund / "3-beredning" / REVIEW / "application.yaml"
        application.write_text(application.read_text(encoding="utf-8").replace(
            "role: Föräldramöten och föräldrastöd enligt samma principer som PAX.",
            f"role: {_yaml(role)}"), encoding="utf-8")
        report = fund / "4-pagaende" / ACTIVE / "reports" / "2025-annual.yaml"
        report.write_text(report.read_text(encoding="utf-8").replace(
            "human_gains: >", f"human_gains: {_yaml(gains)}\nold_gains: >"), encoding="utf-8")
        memo = run("report", "decision", REVIEW, "--draft", "--fund", fund)
        annex = run("report", "annual", "--year", "2025", "--draft", "--format", "xlsx",
                    "--fund", fund)
        sound(memo)
        sound(annex)
        for result in (memo, annex):
            assert result.code == 0 or "personnummer" in result.err, result.err
        papers = {path.suffix: path for path in (fund / "reports").iterdir()}
        if memo.code == 0:
            markdown = papers[".md"].read_text(encoding="utf-8")
            assert not _ILLEGAL_XML.search(markdown)
            table: list[int] = []
            for line in [*markdown.splitlines(), ""]:
                if line.startswith("|"):
                    table.append(len(_PIPE.findall(line)))
                elif table:
                    assert len(set(table)) == 1, markdown  # no row broke out of its table
                    table = []
            docx.Document(str(papers[".docx"]))
        if annex.code == 0:
            written = _ILLEGAL_XML.sub("", gains).strip()
            cells = [cell for sheet in openpyxl.load_workbook(papers[".xlsx"])
                     for row in sheet.iter_rows() for cell in row
                     if isinstance(cell.value, str)]
            for cell in cells:
                assert not _ILLEGAL_XML.search(cell.value)
                if cell.value == written:  # the user's text: text, even if it looks like "=…"
                    assert cell.data_type == "s" and cell.quotePrefix, cell.coordinate
