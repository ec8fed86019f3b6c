"""Each command imports only what it uses (start-up is most of a small fund's run time).

Runs the console entry point in a fresh interpreter and lists the modules it loaded.
No timing here: the times are in ``bench/`` (docs/performance.md).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

_PROBE = (
    "import json, sys\n"
    "from socinv.__main__ import main\n"
    "sys.argv = ['socinv', *sys.argv[2:]]\n"
    "try:\n"
    "    main()\n"
    "except SystemExit:\n"
    "    pass\n"
    "with open(OUT, 'w') as handle:\n"
    "    json.dump(sorted(sys.modules), handle)\n"
)


def _modules(tmp_path: Path, *args: str | Path) -> set[str]:
    out = tmp_path / "modules.json"
    code = f"OUT = {str(out)!r}\n" + _PROBE
    env = {**os.environ, "PYTHONPATH": str(REPO), "SOCINV_TODAY": "2026-11-22"}
    result = subprocess.run([sys.executable, "-c", code, "x", *map(str, args)],
                            capture_output=True, text=True, env=env, cwd=tmp_path)
    assert out.exists(), result.stderr
    return set(json.loads(out.read_text("utf-8")))


def _loaded(modules: set[str], *names: str) -> list[str]:
    return [name for name in names if name in modules
            or any(module.startswith(name + ".") for module in modules)]


HEAVY = ("docx", "openpyxl", "jinja2", "lxml", "multiprocessing", "socinv.fund.transaction",
         "socinv.fund.lock", "socinv.fund.casefile", "socinv.fund.create")


def test_status_loads_no_workflow_journal_and_no_office_library(sample_fund: Path,
                                                                 tmp_path: Path) -> None:
    modules = _modules(tmp_path, "status", "--fund", sample_fund)
    assert "socinv.fund.status" in modules  # the command ran
    assert _loaded(modules, *HEAVY) == []


def test_warm_validate_loads_no_office_library(sample_fund: Path, tmp_path: Path) -> None:
    _modules(tmp_path, "validate", "-q", "--fund", sample_fund)  # fills the cache
    modules = _modules(tmp_path, "validate", "-q", "--fund", sample_fund)
    assert "socinv.runner" in modules
    assert _loaded(modules, *HEAVY) == []


def test_a_markdown_memo_loads_neither_word_nor_excel(sample_fund: Path, tmp_path: Path
                                                      ) -> None:
    modules = _modules(tmp_path, "report", "decision",
                       "2026-001-pax-i-skolan-lugn-och-studiero-i-f-6", "--fund", sample_fund,
                       "--out", tmp_path / "papers", "--format", "md")
    assert (tmp_path / "papers").is_dir() and list((tmp_path / "papers").glob("*.md"))
    assert "jinja2" in modules
    assert _loaded(modules, "docx", "openpyxl") == []


def test_a_word_memo_loads_neither_python_docx_nor_excel(sample_fund: Path, tmp_path: Path
                                                         ) -> None:
    """The memo is the shipped skeleton with XML written into it (test_docx_skeletons.py)."""
    modules = _modules(tmp_path, "report", "decision",
                       "2026-001-pax-i-skolan-lugn-och-studiero-i-f-6", "--fund", sample_fund,
                       "--out", tmp_path / "papers")
    assert list((tmp_path / "papers").glob("*.docx"))
    assert _loaded(modules, "docx", "lxml", "openpyxl") == []


def test_the_annex_in_word_and_excel_loads_neither_python_docx_nor_openpyxl(
        sample_fund: Path, tmp_path: Path) -> None:
    """Both are written as XML (docx_render.py, xlsx_render.py); openpyxl reads them back in
    test_reports.py."""
    modules = _modules(tmp_path, "report", "annual", "--year", "2025", "--fund", sample_fund,
                       "--out", tmp_path / "papers", "-q")
    assert {path.suffix for path in (tmp_path / "papers").iterdir()} == {".docx", ".xlsx"}
    assert _loaded(modules, "docx", "lxml", "openpyxl") == []


def test_converting_to_word_and_a_new_word_form_load_no_python_docx(
        sample_fund: Path, tmp_path: Path) -> None:
    """A form is the shipped skeleton with its body written as XML (test_docx_form_xml.py)."""
    source = sample_fund / "2-ansokningar/2026-003-vagen-till-arbete-ips-for-unga-vuxna"
    modules = _modules(tmp_path, "convert", source / "application.yaml", "--to", "docx",
                       "--out", tmp_path / "application.docx")
    assert (tmp_path / "application.docx").stat().st_size > 10_000
    assert _loaded(modules, "docx", "lxml", "openpyxl") == []


def test_version_loads_neither_the_cli_nor_dataclasses(tmp_path: Path) -> None:
    """``socinv --version`` answers before anything is built (the dataclass code cache is
    installed after it, ``socinv/__main__.py``)."""
    modules = _modules(tmp_path, "--version")
    assert _loaded(modules, "socinv.cli", "typer", "dataclasses", "socinv.classcode") == []
