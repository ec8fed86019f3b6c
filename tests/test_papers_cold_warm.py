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
    if args[1] == "decision":  # the memo's case documents, kept for the next paper
        assert list((tmp_path / "user-cache" / "documents").glob("*.pickle"))
    warm = _papers(sample_fund, tmp_path / "papers", *args, cold=False)
    assert cold == warm
    assert {Path(name).suffix for name in cold} >= {".docx"}


def test_a_heby_annex_is_the_same_cold_and_warm(heby_fund: Path, tmp_path: Path) -> None:
    args = ("report", "annual", "--year", "2026")
    cold = _papers(heby_fund, tmp_path / "papers", *args, cold=True)
    assert run("validate", "-q", "--fund", heby_fund).code == 0
    warm = _papers(heby_fund, tmp_path / "papers", *args, cold=False)
    assert cold == warm and {Path(name).suffix for name in cold} == {".docx", ".xlsx"}


def test_the_annex_reads_only_a_changed_case_and_equals_a_cold_run(
        sample_fund: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The slim models of each case are kept per folder (``annexdata-NN.json``): a warm
    annex reads no document, and after one report changes it reads that case alone; each
    time the paper equals a cold run's, and a damaged cache file is only read anew."""
    import socinv.reports.data as data

    args = ("report", "annual", "--year", "2025", "--format", "md,xlsx")
    cold = _papers(sample_fund, tmp_path / "papers", *args, cold=True)
    assert list((sample_fund / ".socinv" / "cache").glob("annexdata-*.json"))
    read: list[str] = []
    real = data.load_case

    def counting(fund: object, case: data.CaseDir, *rest: object) -> data.CaseData:
        read.append(case.id)
        return real(fund, case, *rest)  # type: ignore[arg-type]

    monkeypatch.setattr(data, "load_case", counting)
    assert _papers(sample_fund, tmp_path / "papers", *args, cold=False) == cold
    assert read == []
    report = next(sample_fund.glob("4-pagaende/2025-001-*/reports/2025-annual.yaml"))
    text = report.read_text(encoding="utf-8")
    report.write_text(text.replace("outcome: 538000", "outcome: 539000"), encoding="utf-8")
    assert "outcome: 538000" in text
    changed = _papers(sample_fund, tmp_path / "papers", *args, cold=False)
    assert read == ["2025-001-utokade-hembesok-for-forstagangsforaldrar"]
    assert "539\u00a0000" in changed["2025-arsredovisning-bilaga.md"].decode()
    for path in (sample_fund / ".socinv" / "cache").glob("annexdata-*.json"):
        path.write_text("{damaged", encoding="utf-8")
    read.clear()
    assert _papers(sample_fund, tmp_path / "papers", *args, cold=False) == changed
    assert len(read) == 7  # every case read anew, and kept again
    read.clear()
    assert _papers(sample_fund, tmp_path / "papers", *args, cold=False) == changed
    assert read == []


def _three_funds(tmp_path: Path, sample_fund: Path) -> list[tuple[Path, tuple[str, ...]]]:
    from tests.annex_funds import heby_fund, region_fund

    return [(sample_fund, ("report", "annual", "--year", "2025", "--format", "md,xlsx")),
            (heby_fund(tmp_path), ("report", "annual", "--year", "2027", "--format", "md,xlsx")),
            (region_fund(tmp_path), ("report", "annual", "--year", "2027",
                                     "--format", "md,xlsx"))]


@pytest.mark.parametrize("first", ["validate", "status"])
def test_a_cold_validate_or_status_reads_each_case_once_and_keeps_what_the_annex_needs(
        sample_fund: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first: str) -> None:
    """A cold ``validate`` checks every document and ``status`` reads every case for its
    rows; their money checks and money lines take the cases' slim models from that same
    reading instead of reading every case a second time (issue 18: that doubled a cold run
    of 1,000 cases). What they keep is what a cold annex reads: the annex written after them
    reads no case and equals a cold one, byte for byte — on Ystad's, Heby's and a region's
    profile."""
    import socinv.reports.data as data

    read: list[str] = []
    real = data.load_case

    def counting(fund: object, case: data.CaseDir, *rest: object) -> data.CaseData:
        read.append(case.id)
        return real(fund, case, *rest)  # type: ignore[arg-type]

    for fund, args in _three_funds(tmp_path, sample_fund):
        out = tmp_path / f"papers-{fund.name}"
        cold = _papers(fund, out, *args, cold=True)
        shutil.rmtree(fund / ".socinv" / "cache")
        monkeypatch.setattr(data, "load_case", counting)
        result = run(first, "--fund", fund)
        assert result.code in (0, 1), result.out + result.err
        assert read == [], (fund.name, read)
        assert list((fund / ".socinv" / "cache").glob("annexdata-*.json"))
        assert _papers(fund, out, *args, cold=False) == cold, fund.name
        assert read == [], (fund.name, read)
        monkeypatch.setattr(data, "load_case", real)
