"""socinv's benchmark: wall time and peak memory of every command beside its floors.

    python bench/run.py [--sizes 10,100,1000,10000] [--runs 5] [--out docs/performance.md]

Generates seeded funds (bench/generate.py) under bench/out/, then measures, as
the median of several runs with min and max: ``socinv --help``/``--version``;
``socinv validate`` cold (no cache), warm (cache filled) and warm with one file
changed; ``socinv status``; ``socinv report annual``; ``socinv report decision``
(memos per second in one process); and the floors ``python -c pass``,
``python -c "import typer"`` and bare C-parsing of the same YAML files. On the
1,000-case fund it runs the peer, check-jsonschema with equivalent schemas of
required keys and types (bench/schemas.py), on the same files. Prints one table
and writes it to docs/performance.md. Timing asserts never go in unit tests.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
OUT = HERE / "out"
PY = sys.executable
SOCINV = [PY, "-m", "socinv"]
# Peak RSS of a command and its descendants, measured by a fresh wrapper process.
_WRAP = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
         "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
         "stderr=subprocess.DEVNULL).returncode; w = time.perf_counter() - t; "
         "print(code, w, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


@dataclass
class Row:
    name: str
    size: int | None
    times: list[float] = field(default_factory=list)
    memory_kb: int = 0
    floor: str | None = None
    note: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times) if self.times else float("nan")


def measure(command: list[str], runs: int, before: Callable[[], None] | None = None,
            cwd: Path | None = None) -> tuple[list[float], int, int]:
    times, memory, code = [], 0, 0
    for _ in range(runs):
        if before:
            before()
        out = subprocess.run([PY, "-c", _WRAP, *command], capture_output=True, text=True,
                             cwd=cwd, check=True).stdout.split()
        code, seconds, rss = int(out[0]), float(out[1]), int(out[2])
        times.append(seconds)
        memory = max(memory, rss)
    return times, memory, code


def fund_of(size: int) -> Path:
    path = OUT / f"fund-{size}"
    marker = path / ".generated"
    if not marker.exists():
        sys.path.insert(0, str(HERE))
        from generate import generate  # type: ignore[import-not-found]

        generate(path, size, seed=7, docx_share=0.05)
        marker.write_text(str(size))
    return path


def yaml_files(fund: Path) -> list[Path]:
    return [p for p in sorted(fund.rglob("*.yaml")) if ".socinv" not in p.parts]


def clear_cache(fund: Path) -> Callable[[], None]:
    return lambda: shutil.rmtree(fund / ".socinv" / "cache", ignore_errors=True)


def touch_one(fund: Path) -> Callable[[], None]:
    target = next(iter(sorted((fund / "2-ansokningar").rglob("application.yaml"))), None)

    def change() -> None:
        if target is not None:
            with target.open("a", encoding="utf-8") as handle:
                handle.write("# ändrad\n")
    return change


def memos_per_second(fund: Path, count: int) -> tuple[float, str]:
    """``report decision`` for many cases in one process (the typer app in-process)."""
    code = (
        "import sys, time, tempfile\n"
        "from pathlib import Path\n"
        "from typer.testing import CliRunner\n"
        "from socinv.cli import app\n"
        "fund = Path(sys.argv[1]); count = int(sys.argv[2])\n"
        "cases = sorted(p.name for p in (fund / '3-beredning').iterdir())[:count]\n"
        "runner = CliRunner(); out = tempfile.mkdtemp(); done = 0\n"
        "start = time.perf_counter()\n"
        "for case in cases:\n"
        "    r = runner.invoke(app, ['report', 'decision', case, '--fund', str(fund),\n"
        "                            '--out', out, '--force', '--draft'])\n"
        "    done += r.exit_code == 0\n"
        "print(done, time.perf_counter() - start)\n"
    )
    result = subprocess.run([PY, "-c", code, str(fund), str(count)], capture_output=True,
                            text=True)
    if result.returncode != 0 or not result.stdout.strip():
        return float("nan"), (result.stderr.strip().splitlines() or ["failed"])[-1]
    done, seconds = result.stdout.split()
    if int(done) == 0:
        return float("nan"), "report decision failed for every case"
    return int(done) / float(seconds), f"{done} memos"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="10,100,1000,10000")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "performance.md")
    args = parser.parse_args()
    sizes = [int(size) for size in args.sizes.split(",")]
    # measure socinv as installed: pip compiles the bytecode at install time, so compile it
    # here too (with PYTHONDONTWRITEBYTECODE set, every run would compile from source)
    import compileall

    compileall.compile_dir(str(REPO / "socinv"), quiet=1)
    runs = args.runs
    rows: list[Row] = []

    def add(name: str, command: list[str], size: int | None = None, floor: str | None = None,
            repeat: int = runs, before: Callable[[], None] | None = None,
            cwd: Path | None = None) -> Row:
        times, memory, code = measure(command, repeat, before, cwd)
        row = Row(name, size, times, memory, floor, "" if code in (0, 1) else f"exit {code}")
        rows.append(row)
        print(f"{name:<34} {size or '':>6} {row.median:8.3f} s {memory / 1024:7.1f} MB {row.note}",
              flush=True)
        return row

    add("python -c pass", [PY, "-c", "pass"], repeat=runs + 2)
    add("python -c 'import typer'", [PY, "-c", "import typer"], repeat=runs + 2)
    add("socinv --help", [*SOCINV, "--help"], floor="python -c 'import typer'",
        repeat=runs + 2)
    add("socinv --version", [*SOCINV, "--version"], floor="python -c 'import typer'",
        repeat=runs + 2)
    # loading and checking a whole profile against its declaration (spec.py), as every
    # command does once: the derived test profile adds fields, criteria and rules
    add("socinv profile check ystad-derived",
        [*SOCINV, "profile", "check", str(REPO / "tests" / "profiles" / "ystad_rules.yaml")],
        floor="socinv --help", repeat=runs + 2)
    peer_ratio = None
    for size in sizes:
        fund = fund_of(size)
        few = max(1, min(runs, 3 if size >= 10000 else runs))
        floor = f"C-parse {size}"
        add(floor, [PY, str(HERE / "cparse.py"), str(fund)], size, repeat=few)
        add("validate cold", [*SOCINV, "validate", "-q", "--fund", str(fund)], size, floor,
            repeat=few, before=clear_cache(fund))
        # warm runs are short: more of them, so that a burst of a busy machine moves no median
        add("validate warm", [*SOCINV, "validate", "-q", "--fund", str(fund)], size, floor,
            repeat=runs + 4)
        add("validate warm, one file changed", [*SOCINV, "validate", "-q", "--fund", str(fund)],
            size, floor, repeat=runs + 4, before=touch_one(fund))
        add("status", [*SOCINV, "status", "--fund", str(fund)], size, floor, repeat=few)
        with tempfile.TemporaryDirectory() as reports:
            add("report annual", [*SOCINV, "report", "annual", "--year", "2025", "--fund",
                                  str(fund), "--out", reports, "--force"], size, floor,
                repeat=few)
        if size == 1000:
            files = yaml_files(fund)
            groups: dict[str, list[str]] = {}
            for path in files:
                kind = {"application.yaml": "application", "idea.yaml": "idea",
                        "case.yaml": "case", "final_report.yaml": "final_report"}.get(
                    path.name, "report" if path.parent.name == "reports" else None)
                if kind:
                    groups.setdefault(kind, []).append(str(path))
            peer = _peer(groups, runs=few)
            if peer is not None:
                rows.append(peer)
                socinv_cold = next(r for r in rows if r.name == "validate cold" and r.size == size)
                peer_ratio = peer.median / socinv_cold.median
                print(f"{peer.name:<34} {size:>6} {peer.median:8.3f} s", flush=True)
    rate, note = memos_per_second(fund_of(min(max(sizes), 1000)), 50)
    print(f"report decision: {rate:.1f} memos/s ({note})")
    write_table(rows, args.out, peer_ratio, rate, note)
    print(f"wrote {args.out}")


def _peer(groups: dict[str, list[str]], runs: int) -> Row | None:
    tool = shutil.which("check-jsonschema") or str(Path(PY).parent / "check-jsonschema")
    if not Path(tool).exists():
        print("check-jsonschema not installed: pip install '.[bench]'")
        return None
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        for kind, files in groups.items():
            subprocess.run([tool, "--schemafile", str(HERE / "schemas" / f"{kind}.schema.json"),
                            *files], capture_output=True)
        times.append(time.perf_counter() - start)
    return Row("peer: check-jsonschema", 1000, times, 0, None,
               f"{sum(len(f) for f in groups.values())} files, {len(groups)} schemas")


def write_table(rows: list[Row], out: Path, peer_ratio: float | None, rate: float,
                note: str) -> None:
    by_name = {(row.name, row.size): row for row in rows}

    def floor_of(row: Row) -> Row | None:
        if row.floor is None:
            return None
        return by_name.get((row.floor, None)) or by_name.get((row.floor, row.size))

    lines = [
        "# Performance",
        "",
        f"Measured by `python bench/run.py` on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}. Median of several "
        "runs (min–max); peak memory is the largest resident set of the command and its "
        "worker processes. Funds are generated by `bench/generate.py` (seed 7; every stage; "
        "about 5 % of the cases have a Word document, about 10 % of the applications a typical "
        "mistake).",
        "",
        "| command | cases | median s | min–max s | peak MB | floor | × floor |",
        "| --- | ---: | ---: | ---: | ---: | --- | ---: |",
    ]
    for row in rows:
        floor = floor_of(row)
        ratio = f"{row.median / floor.median:.2f}" if floor and floor.median else ""
        span = f"{min(row.times):.3f}–{max(row.times):.3f}" if row.times else ""
        memory = f"{row.memory_kb / 1024:.0f}" if row.memory_kb else ""
        lines.append(f"| {row.name}{' (' + row.note + ')' if row.note else ''} | "
                     f"{row.size or ''} | {row.median:.3f} | {span} | {memory} | "
                     f"{row.floor or ''} | {ratio} |")
    lines += ["", "## Targets", ""]
    lines += _targets(rows, by_name, peer_ratio, rate, note)
    out.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join(lines) + "\n"
    notes = HERE / "NOTES.md"
    if notes.exists():
        text += "\n" + notes.read_text(encoding="utf-8")
    out.write_text(text, encoding="utf-8")
    (OUT / "results.json").write_text(json.dumps([row.__dict__ for row in rows], indent=1),
                                      encoding="utf-8")


def _targets(rows: list[Row], by_name: dict[tuple[str, int | None], Row],
             peer_ratio: float | None, rate: float, note: str) -> list[str]:
    def get(name: str, size: int | None = None) -> Row | None:
        return by_name.get((name, size))

    def line(label: str, value: str, ok: bool | None) -> str:
        mark = "met" if ok else ("**not met**" if ok is not None else "not measured")
        return f"| {label} | {value} | {mark} |"

    out = ["| target | measured | |", "| --- | --- | --- |"]
    typer_row = get("python -c 'import typer'")
    for name in ("socinv --help", "socinv --version"):
        row = get(name)
        if row and typer_row:
            ratio = row.median / typer_row.median
            out.append(line(f"`{name}` ≤ 1.3 × `import typer`", f"{ratio:.2f} ×", ratio <= 1.3))
    cold, floor = get("validate cold", 1000), get("C-parse 1000", 1000)
    if cold and floor:
        ratio = cold.median / floor.median
        out.append(line("cold validate, 1,000 cases ≤ 1.5 × C-parse", f"{ratio:.2f} ×",
                        ratio <= 1.5))
    warm = get("validate warm, one file changed", 10000)
    if warm:
        out.append(line("warm validate, 10,000 cases, one file changed < 0.5 s",
                         f"{warm.median:.3f} s", warm.median < 0.5))
    small, large = get("validate cold", 10), get("validate cold", 10000)
    mid = get("validate cold", 1000)
    if mid and large:
        per_case = (mid.median / 1000, large.median / 10000)
        out.append(line("cold validate linear in cases (s per case, 1,000 vs 10,000)",
                        f"{per_case[0] * 1000:.2f} ms vs {per_case[1] * 1000:.2f} ms",
                        per_case[1] <= per_case[0] * 1.5))
        memory = (mid.memory_kb / 1024, large.memory_kb / 1024)
        out.append(line("peak memory flat with fund size (1,000 vs 10,000 cases)",
                        f"{memory[0]:.0f} MB vs {memory[1]:.0f} MB", memory[1] <= memory[0] * 1.5))
    del small
    if peer_ratio is not None:
        out.append(line("≥ 2 × faster than check-jsonschema on the same 1,000-case files",
                        f"{peer_ratio:.2f} ×", peer_ratio >= 2))
    out.append(line("`report decision` ≥ 20 memos a second in one process",
                    f"{rate:.1f} memos/s ({note})", rate >= 20 if rate == rate else None))
    return out


if __name__ == "__main__":
    main()
