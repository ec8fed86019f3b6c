"""``socinv status`` from its cache says exactly what a cold run says.

What does not depend on the date (titles, amounts, outcome so far, economics,
blockers) is kept per case in ``.socinv/cache/status-NN.json`` under the same
stat signature as validate's cache; the reporting calendar is worked out on
every run. Each test compares the CLI's text and JSON from the cache with a run
without one, on both built-in profiles, on several dates, after edits, and with a
damaged cache.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bench.generate import generate
from tests.conftest import SAMPLE_FUND, run

HEBY_DIRS = {"2-ansokningar": "1-beslutsunderlag", "3-beredning": "2-beredning",
             "4-pagaende": "3-pagaende", "5-avslutade": "4-avslutade"}
DATES = ("2026-03-01", "2026-11-22", "2027-09-15", "2031-01-10")


def _status(fund: Path, *extra: str) -> tuple[str, str]:
    text = run("status", "--fund", fund, "-q", *extra)
    data = run("status", "--fund", fund, "-q", "--format", "json", *extra)
    assert text.code == data.code == 0, text.err + data.err
    return text.out, data.out


def _cold(fund: Path, *extra: str) -> tuple[str, str]:
    shutil.rmtree(fund / ".socinv", ignore_errors=True)
    text = run("status", "--fund", fund, "-q", *extra)
    shutil.rmtree(fund / ".socinv", ignore_errors=True)
    data = run("status", "--fund", fund, "-q", "--format", "json", *extra)
    shutil.rmtree(fund / ".socinv", ignore_errors=True)
    return text.out, data.out


def _cache_files(fund: Path) -> list[Path]:
    return sorted((fund / ".socinv" / "cache").glob("status-*.json"))


def _heby(root: Path) -> Path:
    """The sample fund's cases in Heby's stage folders, under the Heby profile."""
    fund = root / "heby"
    fund.mkdir()
    for name in ("fund.yaml", "unit_costs.yaml"):
        shutil.copy(SAMPLE_FUND / name, fund / name)
    settings = fund / "fund.yaml"
    settings.write_text(settings.read_text("utf-8").replace("profile: ystad", "profile: heby"),
                        "utf-8")
    for source, target in HEBY_DIRS.items():
        shutil.copytree(SAMPLE_FUND / source, fund / target)
    return fund


@pytest.fixture(params=["ystad", "heby"])
def fund(request: pytest.FixtureRequest, tmp_path: Path) -> Path:
    if request.param == "heby":
        return _heby(tmp_path)
    target = tmp_path / "fund"
    shutil.copytree(SAMPLE_FUND, target)
    return target


def test_warm_status_equals_a_cold_run_on_every_date(fund: Path) -> None:
    for day in DATES:
        cold = _cold(fund, "--today", day)
        first = _status(fund, "--today", day)  # fills the cache
        assert _cache_files(fund)
        warm = _status(fund, "--today", day)
        assert cold == first == warm, day
    assert "ärenden" in cold[0] and '"cases"' in cold[1]
    # the cache was filled on another date: the calendar is still today's
    run("status", "--fund", fund, "-q", "--today", "2026-03-01")
    assert _status(fund, "--today", "2031-01-10") == _cold(fund, "--today", "2031-01-10")


def test_a_large_generated_fund_with_word_documents(tmp_path: Path) -> None:
    """Two processes fill the cache (≥ 200 cases); Word documents are read on the cold run."""
    fund = generate(tmp_path / "fund", 230, seed=5, docx_share=0.1)
    assert list(fund.rglob("*.docx"))
    cold = _cold(fund)
    assert _status(fund) == cold  # fills
    assert _status(fund) == cold  # from the cache
    assert _status(fund, "--stage", "active") == _cold(fund, "--stage", "active")


def test_an_edited_document_is_read_again(sample_fund: Path) -> None:
    _status(sample_fund)  # fills the cache
    case = sample_fund / "4-pagaende" / "2025-001-utokade-hembesok-for-forstagangsforaldrar"
    report = case / "reports" / "2026-interim.yaml"
    text = report.read_text("utf-8")
    assert "outcome: 694000" in text
    report.write_text(text.replace("outcome: 694000", "outcome: 695000"), "utf-8")
    warm = _status(sample_fund, "--format", "json")
    assert warm == _cold(sample_fund, "--format", "json")
    # a report removed: the case's calendar and outcome so far change, from the cache too
    _status(sample_fund)
    report.unlink()
    assert _status(sample_fund) == _cold(sample_fund)
    # the unit costs changed: every row's economics is worked out anew
    _status(sample_fund)
    costs = sample_fund / "unit_costs.yaml"
    costs.write_text(costs.read_text("utf-8").replace("0", "1", 1), "utf-8")
    assert _status(sample_fund) == _cold(sample_fund)


@pytest.mark.parametrize("damage", [b"{not json", b'{"key": 1, "cases": []}',
                                    b'{"key": "x", "cases": {"a": [1, null, [], ""]}}'])
def test_a_damaged_cache_is_ignored(sample_fund: Path, damage: bytes) -> None:
    cold = _cold(sample_fund)
    _status(sample_fund)
    for path in _cache_files(sample_fund):
        path.write_bytes(damage)
    assert _status(sample_fund) == cold


def test_entries_of_the_right_shape_but_wrong_content_are_read_anew(sample_fund: Path) -> None:
    import json

    cold = _cold(sample_fund)
    _status(sample_fund)
    for path in _cache_files(sample_fund):
        data = json.loads(path.read_text("utf-8"))
        for entry in data["cases"].values():
            entry[2] = ["title", "not an amount", None, None, None, [], None]
        path.write_text(json.dumps(data), "utf-8")
    assert _status(sample_fund) == cold


def test_a_warm_run_reads_no_document(sample_fund: Path, monkeypatch: pytest.MonkeyPatch
                                      ) -> None:
    import socinv.validation

    cold = _status(sample_fund)  # fills the cache

    def refuse(*args: object) -> None:
        raise AssertionError(f"read {args[0]}")

    monkeypatch.setattr(socinv.validation, "read_document", refuse)
    assert _status(sample_fund) == cold
