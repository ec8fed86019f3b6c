"""The bench's generated funds are what docs/performance.md says they are.

Word documents are written by socinv's own converter (an ImportError would fail
here, not be swallowed), and socinv reads every one of them.
"""

from __future__ import annotations

from pathlib import Path

from bench.generate import docx_count, generate
from tests.conftest import run


def test_a_generated_fund_holds_word_documents_socinv_reads(tmp_path: Path) -> None:
    fund = generate(tmp_path / "fund", 100, seed=7, docx_share=0.2)
    words = sorted(fund.rglob("*.docx"))
    assert docx_count(fund) == len(words) and 10 <= len(words) <= 35
    for word in words:  # the Word form replaced the YAML one
        assert not word.with_suffix(".yaml").exists()
    result = run("validate", "--fund", fund, "--format", "json", "-q")
    assert result.code == 1  # findings (the typical mistakes); 2 would be an unreadable file
    checked = set(result.json()["files"])
    assert {word.relative_to(fund).as_posix() for word in words} <= checked


def test_without_a_share_there_is_no_word_document(tmp_path: Path) -> None:
    fund = generate(tmp_path / "fund", 20, seed=7)
    assert docx_count(fund) == 0
