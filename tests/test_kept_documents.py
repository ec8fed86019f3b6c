"""A command about one case keeps the documents it reads in the user's cache, and answers
the same from them as from reading the files (issue 18).

``validation.kept_document`` keys a document's check result by its bytes, its name in the
fund, the profile, the context and the code; ``Fund.keep`` is set by ``advance``,
``decide``, ``record``, ``close``, ``new`` report forms and the decision and final papers.
No timing here (docs/performance.md has the figures).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from socinv import usercache, validation
from socinv.fund.fund import Fund
from socinv.io.yamlio import read_yaml
from tests.conftest import REPO, run

PAX = "2026-001-pax-i-skolan-lugn-och-studiero-i-f-6"
PROFILES = {"ystad": "ystad", "heby": "heby", "region": str(REPO / "tests/profiles/region.yaml")}
FIRST = {"ystad": "idea", "heby": "application", "region": "idea"}  # Heby has no idea stage


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOCINV_CACHE_DIR", str(tmp_path / "user-cache"))
    return tmp_path / "user-cache" / "documents"


def _refuse_checks(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("checked again although the user's cache holds the result")

    monkeypatch.setattr(validation, "check_document", refuse)


def test_a_kept_document_is_read_back_and_a_changed_one_checked_again(
        sample_fund: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fund = Fund.open(sample_fund)
    path = next(sample_fund.glob(f"*/{PAX}/application.yaml"))
    checked = validation.kept_document(fund, path, "application")
    assert len(list(cache.glob("*.pickle"))) == 1
    with monkeypatch.context() as patch:
        _refuse_checks(patch)
        kept = validation.kept_document(fund, path, "application")
    assert kept == checked and kept.model and kept.model["title"]
    path.write_text(path.read_text("utf-8").replace(kept.model["title"], "Ny titel"), "utf-8")
    changed = validation.kept_document(fund, path, "application")
    assert changed.model is not None and changed.model["title"] == "Ny titel"
    assert len(list(cache.glob("*.pickle"))) == 2


def test_a_document_changed_while_it_is_checked_is_not_kept(
        sample_fund: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    fund = Fund.open(sample_fund)
    path = next(sample_fund.glob(f"*/{PAX}/application.yaml"))
    real = validation.check_document

    def editing(*args: object, **kwargs: object) -> validation.DocResult:
        result = real(*args, **kwargs)  # type: ignore[arg-type]
        with path.open("a", encoding="utf-8") as handle:
            handle.write("# ändrad medan den granskades\n")
        return result

    monkeypatch.setattr(validation, "check_document", editing)
    validation.kept_document(fund, path, "application")
    assert not list(cache.glob("*.pickle"))


def test_the_user_cache_keeps_at_most_its_bound(tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCINV_CACHE_DIR", str(tmp_path))
    for index in range(6):
        usercache.store("bounded", f"{index:040x}", index)
    assert len(list((tmp_path / "bounded").iterdir())) == 6
    usercache.store("bounded", "00" + "f" * 38, "last", bound=3)  # a "00…" key prunes
    names = sorted(path.stem for path in (tmp_path / "bounded").iterdir())
    assert len(names) == 3 and "00" + "f" * 38 in names
    assert usercache.load("bounded", "00" + "f" * 38) == "last"


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_advance_answers_the_same_from_kept_documents(tmp_path: Path, cache: Path,
                                                      profile: str) -> None:
    fund = tmp_path / "fund"
    assert run("init", fund, "--profile", PROFILES[profile]).code == 0
    assert run("new", FIRST[profile], "Läsfrämjande insatser", "--fund", fund,
               "--by", "Test").code == 0
    (case,) = (path.name for path in fund.glob("*/*") if (path / "case.yaml").is_file())
    args = ("advance", case, "--dry-run", "--fund", fund)
    cold = [run(*args), run(*args, "--format", "json")]
    assert list(cache.glob("*.pickle")), "the first document and case.yaml are kept"
    warm = [run(*args), run(*args, "--format", "json")]
    assert [(r.code, r.out, r.err) for r in cold] == [(r.code, r.out, r.err) for r in warm]
    assert cold[0].code == 1 and json.loads(cold[1].out)["findings"]  # the empty form's


def test_decide_and_the_memo_are_the_same_from_kept_documents(sample_fund: Path, tmp_path: Path,
                                                              cache: Path) -> None:
    copies = [tmp_path / "cold", tmp_path / "warm"]
    for copy in copies:
        shutil.copytree(sample_fund, copy)
    results = []
    for copy in copies:
        memo = run("report", "decision", PAX, "--fund", copy, "--out", copy / "papers",
                   "--draft")
        decided = run("decide", PAX, "--ref", "KS § 12", "--granted", "900000", "--per-year",
                      "2027=300000,2028=300000,2029=300000", "--fund", copy, "--by", "Test")
        assert decided.code == 0, decided.err
        case = next(copy.glob(f"*/{PAX}/case.yaml"))
        results.append((memo.code, decided.out, decided.err, read_yaml(case).data["decision"],
                        {path.name: path.read_bytes()
                         for path in sorted((copy / "papers").iterdir())}))
        assert list(cache.glob("*.pickle"))
    assert results[0] == results[1]
    assert "900\u00a0000\u00a0kr" in results[0][1] and results[0][4]


@pytest.mark.parametrize("profile", sorted(PROFILES))
def test_the_case_file_a_command_writes_is_where_the_next_one_starts(
        profile: str, tmp_path: Path, cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """An edit of ``case.yaml`` keeps the parse of the text it wrote (``keep_parsed``): the
    next command about the case starts from it without parsing, and gets what a parse of
    the file gives; a file changed by hand is parsed again."""
    from socinv.fund import casefile
    from socinv.io import yamlio

    fund = tmp_path / "fund"
    assert run("init", fund, "--profile", PROFILES[profile]).code == 0
    assert run("new", FIRST[profile], "Läsfrämjande insatser", "--fund", fund,
               "--by", "test").code == 0
    case_file = next(fund.glob("*/*/case.yaml"))
    text = case_file.read_text("utf-8")
    casefile.write_case_text(case_file, casefile.edit_text(
        case_file, text, casefile.CaseEdit(history=[{"date": "2026-11-22", "by": "test",
                                                      "action": "note"}])))
    written = case_file.read_text("utf-8")
    assert written != text
    with monkeypatch.context() as patch:
        def refuse(*args: object, **kwargs: object) -> None:
            raise AssertionError("parsed again although the edit kept its text's parse")

        patch.setattr(yamlio, "parse_yaml", refuse)
        kept = yamlio.parse_kept(case_file, written)
    assert kept == yamlio.parse_yaml(case_file, written)
    assert kept.data["history"][-1]["action"] == "note"
    by_hand = written.replace("Läsfrämjande insatser", "Läsfrämjande insatser i skolan", 1)
    assert yamlio.parse_kept(case_file, by_hand).data["title"] == \
        "Läsfrämjande insatser i skolan"
