"""Cold, warm (cached) and parallel validation give identical reports; the cache is never stale."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path
from typing import Any

from bench.generate import generate
from socinv.fund.fund import Fund
from socinv.validation import Options, validate_fund
from tests.conftest import run

BAD = "2-ansokningar/2026-003-vagen-till-arbete-ips-for-unga-vuxna/application.yaml"


def _report(fund: Path, **options: object) -> dict[str, Any]:
    return validate_fund(Fund.open(fund), "sv", options=Options(**options)).to_dict()  # type: ignore[arg-type]


def test_serial_parallel_and_cached_reports_are_identical(tmp_path: Path) -> None:
    fund = generate(tmp_path / "fund", 120, seed=3)
    serial = _report(fund, cache=False, jobs=1)
    parallel = _report(fund, cache=False, jobs=2)
    first = _report(fund)  # fills the cache
    assert list((fund / ".socinv" / "cache").glob("validate-*.json"))
    cached = _report(fund)
    assert serial == parallel == first == cached
    assert serial["errors"] > 0  # the generated fund has typical mistakes


def test_cli_output_is_the_same_cold_and_warm(sample_fund: Path) -> None:
    cold = run("validate", "--fund", sample_fund, "--no-cache", "--format", "json")
    warm1 = run("validate", "--fund", sample_fund, "--format", "json")
    warm2 = run("validate", "--fund", sample_fund, "--format", "json")
    assert cold.out == warm1.out == warm2.out
    assert cold.code == warm2.code == 1


def test_an_edit_is_seen_even_with_the_old_mtime(sample_fund: Path) -> None:
    run("validate", "--fund", sample_fund)  # cache filled
    path = sample_fund / BAD
    stat = path.stat()
    text = path.read_text(encoding="utf-8").replace("age_max: 29", "age_max: 25")
    assert len(text.encode("utf-8")) == stat.st_size  # same size ...
    path.write_text(text, encoding="utf-8")
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # ... and the same mtime
    fields = {f["field"] for f in run("validate", "--fund", sample_fund, "--format",
                                      "json").json()["findings"]}
    assert "target_group.age_max" not in fields


def test_fund_settings_and_unit_costs_invalidate_the_cache(sample_fund: Path) -> None:
    before = run("validate", "--fund", sample_fund, "--format", "json").json()
    unit_costs = sample_fund / "unit_costs.yaml"
    unit_costs.write_text(unit_costs.read_text(encoding="utf-8").replace(
        "key: hvb_placement_day", "key: hvb_dygn"), encoding="utf-8")
    after = run("validate", "--fund", sample_fund, "--format", "json").json()
    assert after != before
    assert any(f["code"] == "unknown-unit-cost" for f in after["findings"])


def test_the_cache_is_safe_to_delete_or_break(sample_fund: Path) -> None:
    reference = run("validate", "--fund", sample_fund, "--format", "json").out
    cache = sample_fund / ".socinv" / "cache"
    shutil.rmtree(cache)
    assert run("validate", "--fund", sample_fund, "--format", "json").out == reference
    parts = sorted(cache.glob("validate-*.json"))
    assert parts
    for part in parts:
        part.write_text("{ not json", encoding="utf-8")
    assert run("validate", "--fund", sample_fund, "--format", "json").out == reference


def test_moved_and_removed_cases_leave_no_stale_results(sample_fund: Path) -> None:
    run("validate", "--fund", sample_fund)
    shutil.rmtree(sample_fund / Path(BAD).parent)
    report = run("validate", "--fund", sample_fund, "--format", "json")
    assert report.code == 0
    assert not any(BAD in f for f in report.json()["files"])


def test_status_is_the_same_on_both_cores(tmp_path: Path) -> None:
    import datetime as dt

    from socinv.fund.status import _economics_of, portfolio, row, to_dict

    fund_dir = generate(tmp_path / "fund", 230, seed=5)
    fund = Fund.open(fund_dir)
    today = dt.date(2026, 11, 22)
    parallel = portfolio(fund, today)  # 230 cases: two processes
    economics = _economics_of(fund)
    serial = [row(fund, case, today, economics) for case in fund.cases()]
    assert to_dict(parallel, "sv", today) == to_dict(serial, "sv", today)


def test_overdue_reports_are_the_same_from_the_cache(sample_fund: Path) -> None:
    args = ("validate", "--fund", sample_fund, "--today", "2027-03-01", "--format", "json")
    cold = run(*args, "--no-cache")
    run(*args)  # fills the cache
    warm = run(*args)
    assert cold.out == warm.out
    assert any(f["code"] == "report-overdue" for f in warm.json()["findings"])


ACTIVE = "4-pagaende/2025-001-utokade-hembesok-for-forstagangsforaldrar"


def _both(fund: Path, *args: str) -> tuple[str, str]:
    """The JSON report of a warm run (cache filled before) and of a run without the cache."""
    warm = run("validate", "--fund", fund, "--format", "json", *args).out
    cold = run("validate", "--fund", fund, "--format", "json", "--no-cache", *args).out
    return warm, cold


def test_a_file_added_or_removed_in_a_case_is_seen_warm(sample_fund: Path) -> None:
    """A warm run stats only the files an entry lists: the folder's own times catch the rest."""
    original = run("validate", "--fund", sample_fund, "--format", "json").out  # fills the cache
    added = sample_fund / ACTIVE / "reports" / "2026-annual.yaml"
    added.write_text("period: [\n", encoding="utf-8")  # unreadable YAML
    warm, cold = _both(sample_fund)
    assert warm == cold and f"{ACTIVE}/reports/2026-annual.yaml" in warm
    idea = sample_fund / "1-ideer" / "2026-004-foraldrastod-abc-i-forskolan" / "notes.yaml"
    idea.write_text("anteckning: hej\n", encoding="utf-8")  # not a document: no change
    early = idea.with_name("application.yaml")  # a document beside the idea
    early.write_text("title: [\n", encoding="utf-8")
    warm, cold = _both(sample_fund)
    assert warm == cold and "2026-004-foraldrastod-abc-i-forskolan/application.yaml" in warm
    early.unlink()
    application = sample_fund / ACTIVE / "application.yaml"
    application.rename(application.with_name("ansokan-gammal.txt"))
    warm, cold = _both(sample_fund)
    assert warm == cold != original
    assert f"{ACTIVE}/application.yaml" not in json.loads(warm)["files"]
    application.with_name("ansokan-gammal.txt").rename(application)
    added.unlink()
    idea.unlink()
    assert _both(sample_fund) == (original, original)


def test_a_document_that_is_a_link_is_followed_by_the_cache(sample_fund: Path,
                                                           tmp_path: Path) -> None:
    target = sample_fund / "delat" / "elsewhere.yaml"  # inside the fund: links out are refused
    target.parent.mkdir()
    application = sample_fund / ACTIVE / "application.yaml"
    shutil.copy(application, target)
    application.unlink()
    application.symlink_to(target)
    first, cold = _both(sample_fund)
    assert first == cold
    text = target.read_text(encoding="utf-8")
    target.write_text(text.replace("start: 2025-04-01", "start: 2025-13-01"), encoding="utf-8")
    warm, cold = _both(sample_fund)
    assert warm == cold != first


def test_the_checks_across_files_follow_a_changed_report_on_a_warm_run(sample_fund: Path
                                                                        ) -> None:
    """The re-budgeting and report-budget checks are kept under every case folder's
    signature: a warm run gives what a cold one does, before and after an edit."""
    report = next(sample_fund.glob("4-pagaende/*/reports/2026-interim.yaml"))
    first = run("validate", "--fund", sample_fund, "--format", "json").json()
    assert not [f for f in first["findings"] if f["code"] == "report-budget-differs"]
    text = report.read_text(encoding="utf-8")
    budget = next(line for line in text.splitlines() if line.strip().startswith("budget:"))
    report.write_text(text.replace(budget, "  budget: 999000"), encoding="utf-8")
    warm = run("validate", "--fund", sample_fund, "--format", "json").json()
    assert [f["file"] for f in warm["findings"] if f["code"] == "report-budget-differs"] == [
        str(report.relative_to(sample_fund))]
    shutil.rmtree(sample_fund / ".socinv" / "cache")
    cold = run("validate", "--fund", sample_fund, "--format", "json").json()
    assert cold == warm
    report.write_text(text, encoding="utf-8")
    again = run("validate", "--fund", sample_fund, "--format", "json").json()
    assert again == first
