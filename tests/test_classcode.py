"""The dataclasses' compiled methods are kept in the user's cache and behave as compiled ones.

No timing here (docs/performance.md has the figures).
"""

from __future__ import annotations

import dataclasses
import marshal
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from socinv import classcode

REPO = Path(__file__).resolve().parents[1]


def _make() -> type:
    @dataclasses.dataclass(frozen=True, order=True)
    class Grant:
        """A grant of a test."""

        case: str
        years: tuple[int, ...] = ()
        notes: list[str] = dataclasses.field(default_factory=list, compare=False, hash=False)

    return Grant


@pytest.fixture
def fresh(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("SOCINV_CACHE_DIR", str(tmp_path / "cache"))
    monkeypatch.setattr(classcode, "_CODES", {})
    monkeypatch.setattr(classcode, "_NEW", set())
    return tmp_path / "cache" / classcode.KIND


@pytest.fixture(autouse=True)
def installed() -> None:
    """As the console script does before it loads the CLI (idempotent)."""
    classcode.install()


def test_the_console_script_gives_dataclasses_its_caching_exec(tmp_path: Path) -> None:
    probe = ("import dataclasses, sys\nfrom socinv import classcode\n"
             "from socinv.__main__ import main\nsys.argv = ['socinv', '--help']\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "print(dataclasses.exec is classcode._exec)")
    env = {**os.environ, "SOCINV_CACHE_DIR": str(tmp_path / "cache")}
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            env=env, check=True)
    assert result.stdout.strip().endswith("True")


def test_a_class_made_from_kept_code_behaves_as_one_compiled_anew(
        fresh: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    compiled = _make()
    assert {__name__} == classcode._NEW, "the methods were compiled"
    classcode._keep()
    assert len(list(fresh.glob("*.marshal"))) == 1  # this module's
    classcode._CODES.clear()  # as a new process: read when the class is made

    def refuse(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("compiled again although the cache holds the code")

    monkeypatch.setattr(classcode, "compile", refuse, raising=False)
    kept = _make()
    for cls in (compiled, kept):
        one, two = cls("2026-001", (2027, 2028)), cls("2026-001", (2027, 2028), ["x"])
        assert one == two and hash(one) == hash(two) and one.notes == [] and two.notes == ["x"]
        assert repr(one).endswith("Grant(case='2026-001', years=(2027, 2028), notes=[])")
        assert cls("2026-002") > one
        with pytest.raises(dataclasses.FrozenInstanceError):
            one.case = "2026-003"
        assert cls.__doc__ == "A grant of a test."
    assert [f.name for f in dataclasses.fields(kept)] == ["case", "years", "notes"]


def test_a_damaged_or_unwritable_cache_only_means_compiling_again(fresh: Path) -> None:
    _make()
    classcode._keep()
    (entry,) = fresh.glob("*.marshal")
    entry.write_bytes(b"\x00not code")
    assert classcode._read(__name__) == {}
    fresh.parent.mkdir(parents=True, exist_ok=True)
    entry.unlink()
    fresh.rmdir()
    fresh.write_text("a file where the folder should be", encoding="utf-8")
    classcode._CODES.clear()
    _make()
    classcode._keep()  # nothing raised: the code is simply not kept
    assert classcode._read(__name__) == {}


def test_commands_answer_the_same_with_the_code_kept_new_or_damaged(tmp_path: Path) -> None:
    env = {**os.environ, "SOCINV_CACHE_DIR": str(tmp_path / "cache"), "SOCINV_TODAY": "2026-10-15"}
    command = [sys.executable, "-m", "socinv", "status", "--fund", str(REPO / "sample_fund")]

    def run() -> str:
        result = subprocess.run(command, env=env, capture_output=True, text=True, check=True)
        return result.stdout

    first = run()
    folder = tmp_path / "cache" / classcode.KIND
    assert folder.stat().st_mode & 0o777 == 0o700
    kept = {entry: entry.read_bytes() for entry in folder.glob("*.marshal")}
    assert len(kept) > 10  # a file for each module of socinv's that makes dataclasses
    assert sum(len(marshal.loads(data)) for data in kept.values()) > 100
    assert run() == first
    assert {entry: entry.read_bytes() for entry in folder.glob("*.marshal")} == kept  # read
    entry = folder / f"{classcode._key('socinv.fund.status')}.marshal"  # made by every status
    data = kept[entry]
    entry.write_bytes(b"\x00not code")
    assert run() == first
    assert set(marshal.loads(entry.read_bytes())) <= set(marshal.loads(data))  # written anew
    assert marshal.loads(entry.read_bytes())
    assert "2026-001-pax-i-skolan" in first
