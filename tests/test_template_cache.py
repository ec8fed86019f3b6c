"""Compiled templates are kept in the user's cache and give the same paper as compiling.

No timing here (docs/performance.md has the figures).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
import pytest

from socinv.reports import templating

TEXT = ("{% for row in rows %}| {{ row.name }} | {{ row.amount }} |\n{% endfor %}"
        "Summa: {{ total }}\n")
CONTEXT: dict[str, Any] = {"rows": [{"name": "Pax i skolan", "amount": 900000},
                                    {"name": "*IPS*", "amount": 1}], "total": 900001}


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOCINV_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(templating, "_COMPILED", {})
    return tmp_path / "cache" / "templates"


def _render() -> str:
    env = templating._make_environment()
    return "".join(templating._template(env, TEXT).generate(**CONTEXT))


def test_a_second_process_renders_from_the_cache_what_compiling_renders(
        cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    compiled = _render()
    assert "| Pax i skolan | 900000 |" in compiled and r"\*IPS\*" in compiled
    assert len(list(cache.glob("*.marshal"))) == 1
    templating._COMPILED.clear()  # as a new process

    def refuse(self: Any, source: str) -> Any:
        raise AssertionError("compiled again although the cache holds the code")

    monkeypatch.setattr(jinja2.Environment, "compile", refuse)
    assert _render() == compiled


def test_a_damaged_or_unwritable_cache_only_means_compiling_again(cache: Path) -> None:
    compiled = _render()
    (entry,) = cache.glob("*.marshal")
    entry.write_bytes(b"\x00not code")
    templating._COMPILED.clear()
    assert _render() == compiled
    assert entry.read_bytes() != b"\x00not code"  # written again
    entry.unlink()
    cache.rmdir()
    cache.write_text("a file where the folder should be", encoding="utf-8")
    templating._COMPILED.clear()
    assert _render() == compiled


def test_another_source_is_another_entry(cache: Path) -> None:
    _render()
    env = templating._make_environment()
    other = "".join(templating._template(env, "Hej {{ total }}").generate(**CONTEXT))
    assert other == "Hej 900001"
    assert len(list(cache.glob("*.marshal"))) == 2
