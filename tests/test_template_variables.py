"""Every variable socinv gives a paper's template is documented for the fund's own templates.

A fund may replace any template with its own (``<fund>/templates/NAME``); what it can
print is what the context holds. The test records the context of every bundled template
while the papers are made for the sample fund, and requires each top-level variable in
the template's paragraph of ``docs/reports.md``'s "Mallarnas variabler" section.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Any

import pytest

import socinv.reports.build as build
import socinv.reports.templating as templating
from tests.conftest import SAMPLE_FUND, run

DOCS = Path(__file__).resolve().parent.parent / "docs" / "reports.md"
PAPERS = [
    ("report", "decision", "2026-001"),  # a proposal
    ("report", "decision", "2025-001"),  # decided: the notice
    ("report", "annual", "--year", "2025"),
    ("report", "interim", "--year", "2026"),
    ("report", "final", "2024-001"),
]


def _documented() -> dict[str, set[str]]:
    text = DOCS.read_text(encoding="utf-8")
    section = text.split("## Mallarnas variabler", 1)[1].split("\n## ", 1)[0]
    found: dict[str, set[str]] = {}
    for block in re.split(r"\n(?=### )", section):
        name = re.match(r"### `(\w+)\.", block)
        if name:  # a bullet names its variables before its " – "
            bullets = re.findall(r"^- (.*(?:\n  .*)*)", block, re.MULTILINE)
            heads = [bullet.split(" – ", 1)[0] for bullet in bullets]
            found[name.group(1)] = {word for head in heads
                                    for word in re.findall(r"`(\w+)`", head)}
    return found


def test_every_template_variable_is_documented(tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    seen: dict[str, set[str]] = {}
    real = templating.render

    def recording(root: Any, name: str, context: dict[str, Any], *args: Any,
                  **kwargs: Any) -> str:
        seen.setdefault(name.split(".")[0], set()).update(context)
        return real(root, name, context, *args, **kwargs)

    monkeypatch.setattr(templating, "render", recording)
    monkeypatch.setattr(build, "render", recording)
    fund = tmp_path / "fund"
    shutil.copytree(SAMPLE_FUND, fund)
    for args in PAPERS:
        result = run(*args, "--fund", fund, "--out", tmp_path / "out", "--format", "md",
                     "--force")
        assert result.code == 0, (args, result.err)
    documented = _documented()
    assert set(seen) == {"decision_memo", "annex", "final_report"}
    for template, keys in seen.items():
        missing = sorted(keys - documented.get(template, set()))
        assert not missing, f"{template}: undocumented in docs/reports.md: {missing}"
        stale = sorted(documented[template] - keys)
        assert not stale, f"{template}: documented but never given: {stale}"
