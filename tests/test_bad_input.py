"""Hostile input: every bad file gives a clear finding, the right exit code, no traceback.

Each input is written into a private copy of the sample fund (or validated as a
standalone file with ``--profile ystad --type application``). The fund is
snapshotted before and after: validating never changes a file.
"""

from __future__ import annotations

import itertools
import random
import re
import zipfile
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Any

import pytest

from socinv.io.yamlio import read_yaml
from tests.conftest import SAMPLE_FUND, Result, run, snapshot


def unchanged(root: Path) -> dict[str, tuple[int, str]]:
    """The fund's files for a before/after comparison; socinv's own cache is not a fund file."""
    return {name: stamp for name, stamp in snapshot(root).items()
            if not name.startswith(".socinv/")}


APPLICATION = ("2-ansokningar/2026-002-tidiga-insatser-vid-problematisk-skolfranvaro/"
               "application.yaml")
BROKEN_CASE = "2-ansokningar/2026-003-vagen-till-arbete-ips-for-unga-vuxna/application.yaml"
VALID_TEXT = (SAMPLE_FUND / APPLICATION).read_text(encoding="utf-8")

#: words that tell the user what to do (imperatives, "must be", or a pointed question)
_ADVICE = re.compile(
    r"\b(Kontrollera|kontrollera|Spara|Ersätt|Ta bort|Skriv|Behåll|Lägg|Ange|Skapa|Avrunda|"
    r"Förklara|ska vara|Är det)\b")


@dataclass
class Outcome:
    code: int
    report: dict[str, Any]
    text: str

    @property
    def findings(self) -> list[dict[str, Any]]:
        return self.report["findings"]

    def only(self, file: str) -> dict[str, Any]:
        (finding,) = [f for f in self.findings if f["file"] == file]
        return finding


def no_traceback(*results: Result) -> None:
    for result in results:
        assert "Traceback" not in result.out + result.err


def validate_in_fund(fund: Path, rel: str, content: str | bytes | None) -> Outcome:
    """Write ``content`` to ``rel`` in the fund, validate that file, prove nothing changed."""
    path = fund / rel
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    before = unchanged(fund)
    as_json = run("validate", path, "--fund", fund, "--format", "json")
    as_text = run("validate", path, "--fund", fund)
    assert unchanged(fund) == before
    no_traceback(as_json, as_text)
    assert as_json.code == as_text.code
    return Outcome(as_json.code, as_json.json(), as_text.out + as_text.err)


def validate_standalone(path: Path) -> Outcome:
    before = unchanged(path.parent)
    as_json = run("validate", path, "--profile", "ystad", "--type", "application",
                  "--format", "json")
    as_text = run("validate", path, "--profile", "ystad", "--type", "application")
    assert unchanged(path.parent) == before
    no_traceback(as_json, as_text)
    return Outcome(as_json.code, as_json.json(), as_text.out + as_text.err)


def docx_bytes() -> bytes:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def alias_bomb() -> str:
    lines = ['a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    names = "abcdefghi"
    for previous, name in itertools.pairwise(names):
        lines.append(f"{name}: &{name} [{', '.join([f'*{previous}'] * 9)}]")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class Hostile:
    content: str | bytes
    code: str
    exit: int
    pos: tuple[int, int] | None


HOSTILE: dict[str, Hostile] = {
    "not-yaml": Hostile("a: b: c\n", "yaml-syntax", 2, (1, 5)),
    # the position is where the quote opened, not the end of the file
    "unterminated-quote": Hostile('title: "Mentorer i skolan\ndescription: text\n',
                                  "yaml-syntax", 2, (1, 8)),
    "binary-bytes": Hostile(random.Random(7).randbytes(300) + b"\x00\x01\x02", "binary-file", 2,
                            None),
    "docx-renamed-yaml": Hostile(docx_bytes(), "binary-file", 2, None),
    "top-level-list": Hostile("- title: Mentorer\n- title: Läxhjälp\n", "not-a-mapping", 2,
                              (1, 1)),
    "top-level-scalar": Hostile("Mentorer i skolan\n", "not-a-mapping", 2, (1, 1)),
    "alias-bomb": Hostile(alias_bomb(), "yaml-alias", 2, (1, 4)),
    "self-referencing-alias": Hostile("title: &t [*t]\n", "yaml-alias", 2, (1, 8)),
    "merge-key": Hostile("defaults: {role: x}\nmethod:\n  <<: {description: x}\n",
                         "yaml-merge-key", 2, (3, 3)),
    "python-tag": Hostile('title: !!python/object/apply:os.system ["echo hi"]\n', "yaml-tag", 2,
                          (1, 8)),
    "tab-indentation": Hostile("title: Mentorer\nmethod:\n\tdescription: text\n", "yaml-tab", 2,
                               (3, 1)),
    "latin-1": Hostile("title: Läxhjälp på biblioteket\n".encode("latin-1"), "not-utf8", 2,
                       (1, 9)),
    "utf-16-with-bom": Hostile("title: Läxhjälp\n".encode("utf-16"), "not-utf8", 2, None),
    "control-character": Hostile("title: Mentorer\x07 i skolan\n", "yaml-syntax", 2, (1, 16)),
    "several-documents": Hostile("title: Mentorer\n---\ntitle: Läxhjälp\n",
                                 "yaml-multiple-documents", 2, (2, 1)),
    "key-is-a-list": Hostile("? [title, description]\n: Mentorer\n", "yaml-syntax", 2, (1, 3)),
    "deeply-nested": Hostile("[" * 10_000, "yaml-too-deep", 2, (1, 41)),
    "too-large": Hostile("title: " + "a" * 3_000_000 + "\n", "file-too-large", 2, None),
    "empty-file": Hostile("", "empty-document", 1, (1, 1)),
    "only-comments": Hostile("# Ansökan\n# fylls i senare\n", "empty-document", 1, (1, 1)),
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_file_in_a_fund(name: str, sample_fund: Path) -> None:
    case = HOSTILE[name]
    outcome = validate_in_fund(sample_fund, APPLICATION, case.content)
    assert outcome.code == case.exit
    finding = outcome.only(APPLICATION)
    assert finding["code"] == case.code
    assert finding["severity"] == "error"
    assert (finding.get("line"), finding.get("column")) == (case.pos or (None, None))
    assert APPLICATION in outcome.text
    if case.pos:
        assert f"{case.pos[0]}:{case.pos[1]}" in outcome.text
    assert _ADVICE.search(finding["message"]), finding["message"]


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_file_standalone(name: str, tmp_path: Path) -> None:
    case = HOSTILE[name]
    path = tmp_path / "ansokan.yaml"
    if isinstance(case.content, bytes):
        path.write_bytes(case.content)
    else:
        path.write_text(case.content, encoding="utf-8")
    outcome = validate_standalone(path)
    assert outcome.code == case.exit
    assert outcome.only(str(path))["code"] == case.code
    assert str(path) in outcome.text


@pytest.mark.parametrize("name", ["alias-bomb", "too-large", "deeply-nested"])
def test_guards_refuse_the_worst_yaml(name: str, tmp_path: Path) -> None:
    """The refusal itself; how fast it comes is measured by bench/hostile.py."""
    path = tmp_path / "application.yaml"
    content = HOSTILE[name].content
    assert isinstance(content, str)
    path.write_text(content, encoding="utf-8")
    result = run("validate", path, "--profile", "ystad", "--type", "application",
                 "--format", "json")
    assert result.code == 2


def test_python_tag_is_never_executed(tmp_path: Path) -> None:
    marker = tmp_path / "executed"
    path = tmp_path / "application.yaml"
    path.write_text(f'title: !!python/object/apply:os.system ["touch {marker}"]\n',
                    encoding="utf-8")
    outcome = validate_standalone(path)
    assert outcome.code == 2
    assert not marker.exists()
    assert "python/object/apply" in outcome.only(str(path))["message"]


def test_duplicate_key_names_both_lines(sample_fund: Path) -> None:
    text = VALID_TEXT.replace("novelty: >", "title: Tidiga insatser, andra versionen\n\nnovelty: >",
                              1)
    second = text.splitlines().index("title: Tidiga insatser, andra versionen") + 1
    outcome = validate_in_fund(sample_fund, APPLICATION, text)
    assert outcome.code == 1
    (finding,) = outcome.findings
    assert (finding["code"], finding["field"], finding["line"]) == ("duplicate-key", "title",
                                                                   second)
    assert "rad 1" in finding["message"]
    assert "Behåll ett av dem" in finding["message"]


def test_utf8_with_bom_reads_fine(sample_fund: Path) -> None:
    outcome = validate_in_fund(sample_fund, APPLICATION, b"\xef\xbb\xbf" + VALID_TEXT.encode())
    assert outcome.code == 0
    assert outcome.findings == []


def test_crlf_line_endings_read_fine(sample_fund: Path) -> None:
    outcome = validate_in_fund(sample_fund, APPLICATION,
                               VALID_TEXT.replace("\n", "\r\n").encode("utf-8"))
    assert outcome.code == 0
    assert outcome.findings == []


def test_phone_number_in_a_text_field_stays_text(sample_fund: Path) -> None:
    text = VALID_TEXT.replace("title: Tidiga insatser vid problematisk skolfrånvaro",
                              "title: 0701234567", 1)
    outcome = validate_in_fund(sample_fund, APPLICATION, text)
    assert outcome.code == 0
    assert read_yaml(sample_fund / APPLICATION).data["title"] == "0701234567"


def test_directory_named_like_a_document(sample_fund: Path) -> None:
    path = sample_fund / APPLICATION
    path.unlink()
    path.mkdir()
    outcome = validate_in_fund(sample_fund, APPLICATION, None)
    assert outcome.code == 2
    finding = outcome.only(APPLICATION)
    assert finding["code"] == "not-a-file"
    assert "mapp" in finding["message"]


def test_directory_named_like_a_document_is_reported_in_a_whole_fund_check(
        sample_fund: Path) -> None:
    """A case whose application.yaml is a folder must not pass the fund check in silence."""
    path = sample_fund / APPLICATION
    path.unlink()
    path.mkdir()
    before = unchanged(sample_fund)
    result = run("validate", "--fund", sample_fund, "--format", "json")
    assert unchanged(sample_fund) == before
    no_traceback(result)
    codes = {(f["file"], f["code"]) for f in result.json()["findings"]}
    assert (APPLICATION, "not-a-file") in codes
    assert result.code == 2


def test_missing_file(sample_fund: Path) -> None:
    missing = APPLICATION.replace("application.yaml", "ansokan.yaml")
    outcome = validate_in_fund(sample_fund, missing, None)
    assert outcome.code == 2
    finding = outcome.only(missing)
    assert finding["code"] == "file-missing"
    assert "Kontrollera sökvägen" in finding["message"]


def test_missing_file_standalone(tmp_path: Path) -> None:
    outcome = validate_standalone(tmp_path / "application.yaml")
    assert outcome.code == 2
    assert outcome.only(str(tmp_path / "application.yaml"))["code"] == "file-missing"


def test_file_name_too_long_is_a_clear_error(tmp_path: Path) -> None:
    """The operating system refuses the name (ENAMETOOLONG): exit 2, not a traceback."""
    path = tmp_path / ("a" * 300 + ".yaml")
    outcome = validate_standalone(path)
    assert outcome.code == 2
    assert outcome.only(str(path))["severity"] == "error"


def test_symlink_loop_is_a_clear_error(tmp_path: Path) -> None:
    """A link pointing at itself (ELOOP): exit 2, not a traceback."""
    path = tmp_path / "application.yaml"
    path.symlink_to(path.name)
    outcome = validate_standalone(path)
    assert outcome.code == 2
    assert outcome.only(str(path))["severity"] == "error"


def test_unreadable_file_in_the_whole_fund_still_gives_a_complete_report(
        sample_fund: Path) -> None:
    (sample_fund / APPLICATION).write_text("a: b: c\n", encoding="utf-8")
    before = unchanged(sample_fund)
    result = run("validate", "--fund", sample_fund, "--format", "json")
    assert unchanged(sample_fund) == before
    no_traceback(result)
    assert result.code == 2
    report = result.json()
    by_file = {(f["file"], f["code"]) for f in report["findings"]}
    assert (APPLICATION, "yaml-syntax") in by_file
    assert (BROKEN_CASE, "party-not-eligible") in by_file
    assert (BROKEN_CASE, "period-length") in by_file
    documents = {path.relative_to(sample_fund).as_posix()
                 for pattern in ("[1-9]-*/*/*.yaml", "[1-9]-*/*/reports/*.yaml")
                 for path in sample_fund.glob(pattern)}
    assert documents <= set(report["files"])


def test_unreadable_file_in_the_whole_fund_text_output(sample_fund: Path) -> None:
    (sample_fund / APPLICATION).write_bytes(b"title: p\xe5 svenska\n")
    result = run("validate", "--fund", sample_fund)
    no_traceback(result)
    assert result.code == 2
    assert APPLICATION in result.out
    assert "1:9" in result.out
    assert BROKEN_CASE in result.out
