"""Each command imports only what it uses (start-up is most of a small fund's run time).

Runs the console entry point in a fresh interpreter and lists the modules it loaded.
No timing here: the times are in ``bench/`` (docs/performance.md).
"""

from __future__ import annotations

import json
import os
import shutil
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


def test_a_decision_reads_and_edits_yaml_without_ruamels_loaders(sample_fund: Path,
                                                                 tmp_path: Path) -> None:
    """``decide`` parses and splices ``case.yaml`` with libyaml's events only: ruamel's
    package ``__init__`` (its loaders, dumpers and round-trip types) never runs, and neither
    tempfile nor decimal is loaded (``socinv/io/libyaml.py``)."""
    decide = ("decide", "2026-001", "--ref", "KS § 1", "--granted", "900000", "--per-year",
              "2027=300000,2028=300000,2029=300000", "--by", "test")
    # the user's cache as after a first decision: the profile and the case's documents kept
    shutil.copytree(sample_fund, tmp_path / "first")
    _modules(tmp_path, *decide, "--fund", tmp_path / "first")
    fund = sample_fund  # a private copy, as the first was
    modules = _modules(tmp_path, *decide, "--fund", fund)
    case = fund / "3-beredning/2026-001-pax-i-skolan-lugn-och-studiero-i-f-6/case.yaml"
    assert "KS § 1" in case.read_text("utf-8")  # the decision was written
    assert "_ruamel_yaml" in modules and "ruamel.yaml.events" in modules
    assert _loaded(modules, "ruamel.yaml.main", "ruamel.yaml.cyaml", "ruamel.yaml.loader",
                   "tempfile", "decimal") == []


def test_ruamel_completes_itself_when_a_name_is_asked_after_a_parse(tmp_path: Path) -> None:
    """After a parse has entered ruamel.yaml without its ``__init__``, asking the package for
    any name (the round-trip editor's ``YAML``) runs the real ``__init__``."""
    code = ("import sys\n"
            "from socinv.io import libyaml\n"
            "from socinv.io.yamlio import parse_yaml\n"
            "from pathlib import Path\n"
            "parse_yaml(Path('a.yaml'), 'a: 1\\n')\n"
            "before = libyaml.package_loaded()\n"
            "from ruamel.yaml import YAML\n"
            "import io\n"
            "out = io.StringIO()\n"
            "YAML(typ='rt').dump(YAML(typ='rt').load('a: [1, 2]  # c\\n'), out)\n"
            "print(before, libyaml.package_loaded(), 'ruamel.yaml.main' in sys.modules,\n"
            "      repr(out.getvalue()))\n")
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            env=env, cwd=tmp_path)
    assert result.stdout.strip() == "False True True 'a: [1, 2]  # c\\n'", result.stderr


def test_command_functions_annotations_need_no_eval() -> None:
    """Typer reads each command's parameters from its annotations; kept as text (``from
    __future__ import annotations``) it would ``eval`` every one of them on every run."""
    import importlib
    import inspect

    functions = [
        value for module_name in sorted(_command_modules())
        for value in vars(importlib.import_module(module_name)).values()
        if inspect.isfunction(value) and value.__module__ == module_name
        and any("typer." in str(annotation) or "Opt" in str(annotation)
                for annotation in value.__annotations__.values())]
    assert len(functions) > 20
    texts = [f"{function.__module__}.{function.__name__}" for function in functions
             if any(isinstance(annotation, str)
                    for annotation in function.__annotations__.values())]
    assert texts == []


def _command_modules() -> set[str]:
    folder = REPO / "socinv" / "cli"
    return {f"socinv.cli.{path.stem}" if path.stem != "__init__" else "socinv.cli"
            for path in folder.glob("*.py")
            if "typer.Option" in path.read_text("utf-8")
            or "typer.Argument" in path.read_text("utf-8")}
