"""A paper is the same, byte for byte, from a cold start and from warm caches.

Cold: no validation cache in the fund, no compiled template in the user's cache, no
skeleton or compiled template in the process. Warm: all of them filled by the runs
before (the paper's own and ``validate``'s). The papers are the annexes (Markdown,
Word, Excel) and the decision memo, on the ystad sample fund and on a heby fund.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from socinv.reports import docx_render, templating
from tests.conftest import run

MEMO_CASE = "2026-001-pax-i-skolan-lugn-och-studiero-i-f-6"


@pytest.fixture(autouse=True)
def _own_compile_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCINV_CACHE_DIR", str(tmp_path / "user-cache"))


def _papers(fund: Path, out: Path, *args: str, cold: bool) -> dict[str, bytes]:
    if cold:
        shutil.rmtree(fund / ".socinv" / "cache", ignore_errors=True)
        shutil.rmtree(out.parent / "user-cache", ignore_errors=True)
        templating._COMPILED.clear()
        docx_render._skeleton.cache_clear()
    shutil.rmtree(out, ignore_errors=True)
    quiet = () if args[1] == "decision" else ("-q",)
    result = run(*args, "--fund", fund, "--out", out, "--force", *quiet)
    assert result.code == 0, result.out + result.err
    return {path.name: path.read_bytes() for path in sorted(out.iterdir())}


@pytest.mark.parametrize("args", [
    ("report", "annual", "--year", "2025"),
    ("report", "decision", MEMO_CASE, "--draft"),
], ids=["annual", "memo"])
def test_the_sample_funds_papers_are_the_same_cold_and_warm(sample_fund: Path, tmp_path: Path,
                                                            args: tuple[str, ...]) -> None:
    cold = _papers(sample_fund, tmp_path / "papers", *args, cold=True)
    assert run("validate", "-q", "--fund", sample_fund).code == 1  # its findings, cached
    assert (sample_fund / ".socinv" / "cache").is_dir()
    assert list((tmp_path / "user-cache" / "templates").glob("*.marshal"))
    warm = _papers(sample_fund, tmp_path / "papers", *args, cold=False)
    assert cold == warm
    assert {Path(name).suffix for name in cold} >= {".docx"}


def test_a_heby_annex_is_the_same_cold_and_warm(heby_fund: Path, tmp_path: Path) -> None:
    args = ("report", "annual", "--year", "2026")
    cold = _papers(heby_fund, tmp_path / "papers", *args, cold=True)
    assert run("validate", "-q", "--fund", heby_fund).code == 0
    warm = _papers(heby_fund, tmp_path / "papers", *args, cold=False)
    assert cold == warm and {Path(name).suffix for name in cold} == {".docx", ".xlsx"}
