"""The documentation that comes from code stays in step with it."""

from __future__ import annotations

import re
from pathlib import Path

from socinv.rules.catalogue import RULES
from socinv.rules.docs import render

REPO = Path(__file__).resolve().parent.parent


def test_rules_page_is_generated_from_the_catalogue() -> None:
    page = (REPO / "docs" / "rules.md").read_text(encoding="utf-8")
    assert page == render(), "run: python -m socinv.rules.docs > docs/rules.md"


_CODE = re.compile(
    r"""(?:make|add|add_source|UnreadableFile)\([^)]*?["']([a-z0-9]+(?:-[a-z0-9]+)+)["']""")


def test_every_code_used_in_the_code_is_in_the_catalogue() -> None:
    used: set[str] = set()
    for path in (REPO / "socinv").rglob("*.py"):
        used |= set(_CODE.findall(path.read_text(encoding="utf-8")))
    assert len(used) > 50  # the pattern still finds the codes
    assert not used - set(RULES)


def test_every_rule_has_both_languages() -> None:
    for code, rule in RULES.items():
        for texts in (rule.title, rule.message, rule.explanation):
            assert texts["sv"] and texts["en"], code
