"""The economics figures are the same in validate --explain, status and the decision memo."""

from __future__ import annotations

from pathlib import Path

from socinv.i18n import kronor
from tests.conftest import run

CASE = "2026-001-pax-i-skolan-lugn-och-studiero-i-f-6"


def test_explain_status_and_memo_agree(sample_fund: Path, tmp_path: Path) -> None:
    explain = run("validate", "--explain", "--format", "json",
                  sample_fund / "3-beredning" / CASE).json()
    (figures,) = explain["economics"].values()
    status = run("status", "--format", "json", "--fund", sample_fund).json()
    (row,) = [case for case in status["cases"] if case["id"] == CASE]
    assert row["economics"] == figures
    assert run("report", "decision", CASE, "--fund", sample_fund, "--out", tmp_path).code == 0
    memo = next(tmp_path.glob("*.md")).read_text(encoding="utf-8")
    for amount in (figures["total_cost"], figures["total_savings"], figures["npv"]):
        assert kronor(amount) in memo
    assert str(figures["payback_year"]) in memo
    text = run("status", "--fund", sample_fund).out
    assert kronor(figures["npv"]) in text and kronor(figures["total_savings"]) in text
