"""socinv's benchmark: wall time and peak memory of every command beside its floors.

    python bench/run.py [--sizes 300,1000,10000] [--runs 5] [--out docs/performance.md]
    python bench/run.py --sizes 60,1000 --runs 3          # chosen sizes, after a merge
    python bench/run.py --sizes "" --no-rate              # the start-up rows only

Generates seeded funds (bench/generate.py, about 5 % of the cases with a Word
document written by socinv's own converter) under bench/out/ and measures every
command a user runs, as the median of several runs with min and max:

- **start-up**, on the sample fund and on a 60-case fund, against
  ``python -c "import typer"``: ``validate`` (warm), ``status``, ``advance --dry-run``,
  ``decide`` and ``new idea`` (each on a fresh copy), ``report decision``,
  ``report interim|annual`` and ``convert`` to Word;
- **scale**, at each of ``--sizes``: ``validate`` cold against the C-parse floor
  (PyYAML's ``CSafeLoader`` parsing the same YAML files, nothing more), ``status`` cold
  and ``report annual`` against cold ``validate``; ``validate`` warm, warm with one file
  changed, and ``status`` (text and ``--format json``) warm against warm ``validate``.

Floors and commands are timed in alternating rounds (floor, command, command …, then
again), and each ratio is the median of the ratios within a round, so that the drift of
a busy machine moves floor and command together. A command whose exit code is not the
one expected (0; 1 for ``validate``, whose generated funds have findings) fails the
bench: its row says so, and the bench exits 1. On the 1,000-case fund it also runs the
peer, check-jsonschema with equivalent schemas of required keys and types
(bench/schemas.py). Prints one table and writes it to docs/performance.md with
bench/NOTES.md. Timing asserts never go in unit tests.
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
TODAY = "2026-11-22"  # a fixed date: the same overdue reports on every run
# Wall time, exit code and peak RSS of a command and its descendants, measured by a fresh
# wrapper process; the command's stderr passes through (its last line explains a failure).
_WRAP = ("import resource, subprocess, sys, time; t = time.perf_counter(); "
         "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode; "
         "w = time.perf_counter() - t; "
         "print(code, w, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")


@dataclass
class Row:
    name: str
    size: int | None
    times: list[float] = field(default_factory=list)
    memory_kb: int = 0
    floor: str | None = None
    note: str = ""
    ratios: list[float] = field(default_factory=list)  # per round, against the floor
    failed: str = ""

    @property
    def median(self) -> float:
        return statistics.median(self.times) if self.times else float("nan")

    @property
    def ratio(self) -> float | None:
        return statistics.median(self.ratios) if self.ratios else None


@dataclass
class Job:
    """One command of a round: what to run, how to prepare each run, which exit codes pass."""

    name: str
    command: list[str]
    floor: str | None = None
    before: Callable[[], None] | None = None
    ok: tuple[int, ...] = (0,)
    cwd: Path | None = None


def run_once(job: Job) -> tuple[float, int, int, str]:
    if job.before:
        job.before()
    result = subprocess.run([PY, "-c", _WRAP, *job.command], capture_output=True, text=True,
                            cwd=job.cwd, check=True, env={**os.environ, "SOCINV_TODAY": TODAY})
    code, seconds, rss = result.stdout.split()
    return float(seconds), int(code), int(rss), result.stderr.strip()


FAILURES: list[str] = []
DATE = [time.strftime("%Y-%m-%d")]


def rounds(jobs: list[Job], size: int | None, runs: int, rows: list[Row]) -> list[Row]:
    """Run ``jobs`` one after the other, ``runs`` times over (floors beside their commands);
    a job whose exit code is not in ``ok`` stops being run and fails the bench."""
    made = {job.name: Row(job.name, size, floor=job.floor) for job in jobs}
    for _ in range(runs):
        this_round: dict[str, float] = {}
        for job in jobs:
            row = made[job.name]
            if row.failed:
                continue
            seconds, code, rss, stderr = run_once(job)
            if code not in job.ok:
                last = (stderr.splitlines() or ["(no message)"])[-1][:160]
                row.failed = f"exit {code}: {last}"
                FAILURES.append(f"{job.name} ({size or '-'}): {row.failed}")
                continue
            row.times.append(seconds)
            row.memory_kb = max(row.memory_kb, rss)
            this_round[job.name] = seconds
            if job.floor and job.floor in this_round:
                row.ratios.append(seconds / this_round[job.floor])
    for job in jobs:
        row = made[job.name]
        if job.floor and job.floor not in made:  # a floor measured in another group
            floor = next((r for r in rows if r.name == job.floor and r.size in (None, size)),
                         None)
            if floor is not None and floor.times and row.times:
                row.ratios = [row.median / floor.median]
        rows.append(row)
        ratio = f"{row.ratio:6.2f} ×" if row.ratio is not None else ""
        print(f"{row.name:<40} {size or '':>6} {row.median:8.3f} s "
              f"{row.memory_kb / 1024:7.1f} MB {ratio} {row.failed}", flush=True)
    return list(made.values())


def fund_of(size: int) -> Path:
    path = OUT / f"fund-{size}"
    marker = path / ".generated"
    if not marker.exists() or marker.read_text() != f"{size} docx":
        sys.path.insert(0, str(HERE))
        from generate import docx_count, generate  # type: ignore[import-not-found]

        generate(path, size, seed=7, docx_share=0.05)
        words = docx_count(path)
        if size >= 100 and not 0.02 * size <= words <= 0.08 * size:
            raise SystemExit(f"{path}: {words} Word documents in {size} cases; expected ~5 %")
        marker.write_text(f"{size} docx")
    return path


def sample_copy() -> Path:
    path = OUT / "sample"
    if path.exists():
        shutil.rmtree(path)
    shutil.copytree(REPO / "sample_fund", path)
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


def fresh_copy(fund: Path, copy: Path) -> Callable[[], None]:
    """Before a command that changes the fund: a fresh copy of it, cache included."""
    def make() -> None:
        if copy.exists():
            shutil.rmtree(copy)
        shutil.copytree(fund, copy, symlinks=True)
    return make


def first_case(fund: Path, stage_dir: str) -> str:
    return sorted(p.name for p in (fund / stage_dir).iterdir() if p.is_dir())[0]


def startup_jobs(fund: Path, scratch: Path) -> list[Job]:
    """Every command a user runs on a realistic fund, beside ``import typer``."""
    typer_floor = "python -c 'import typer'"
    work = scratch / "work"
    papers = scratch / "papers"
    papers.mkdir(parents=True, exist_ok=True)
    prepared = first_case(fund, "3-beredning")
    application = next(iter(sorted((fund / "2-ansokningar").rglob("application.yaml"))))
    f = ["--fund", str(fund)]
    return [
        Job(typer_floor, [PY, "-c", "import typer"]),
        Job("validate (warm)", [*SOCINV, "validate", "-q", *f], typer_floor, ok=(0, 1)),
        Job("status", [*SOCINV, "status", *f], typer_floor),
        Job("advance --dry-run", [*SOCINV, "advance", prepared, "--dry-run", *f], typer_floor,
            ok=(0, 1)),
        Job("decide", [*SOCINV, "decide", prepared, "--ref", "KS § 1", "--granted", "900000",
                       "--per-year", "2027=300000,2028=300000,2029=300000", "--fund",
                       str(work), "--by", "bench"], typer_floor, before=fresh_copy(fund, work)),
        Job("new idea", [*SOCINV, "new", "idea", "Läsfrämjande insatser", "--fund", str(work),
                         "--by", "bench"], typer_floor, before=fresh_copy(fund, work)),
        Job("record", [*SOCINV, "record", prepared, "management_group", "--position", "for",
                       "--force", "--fund", str(work), "--by", "bench"], typer_floor,
            before=fresh_copy(fund, work)),
        Job("report decision", [*SOCINV, "report", "decision", prepared, *f, "--out",
                                str(papers), "--force", "--draft"], typer_floor),
        Job("report interim", [*SOCINV, "report", "interim", "--year", "2026", *f, "--out",
                               str(papers), "--force", "-q"], typer_floor),
        Job("report annual", [*SOCINV, "report", "annual", "--year", "2025", *f, "--out",
                              str(papers), "--force", "-q"], typer_floor),
        Job("convert --to docx", [*SOCINV, "convert", str(application), "--to", "docx",
                                  "--out", str(papers / "application.docx"), "--force"],
            typer_floor),
        *(Job(name, command, typer_floor) for name, command in
          new_commands(fund, papers, prepared, closed_case(fund)).items()),
    ]


def _has_command(*words: str) -> bool:
    """Whether this socinv has the (sub)command ``words`` (``report final``, ``export``)."""
    result = subprocess.run([*SOCINV, *words, "--help"], capture_output=True, text=True)
    return result.returncode == 0


def closed_case(fund: Path) -> str | None:
    folder = fund / "5-avslutade"
    names = sorted(p.name for p in folder.iterdir() if p.is_dir()) if folder.is_dir() else []
    return names[0] if names else None


def new_commands(fund: Path, papers: Path, prepared: str, closed: str | None
                 ) -> dict[str, list[str]]:
    """The commands other issues add (15 ``report round``, 19b ``report final``, 19c
    ``report portfolio``, 19d ``export``), measured at start-up and at scale (against cold
    ``validate``) when this socinv has them. The hook for a command added later: one entry
    here, with the arguments it takes."""
    f = ["--fund", str(fund)]
    candidates: dict[str, tuple[tuple[str, ...], list[str]]] = {
        "report round": (("report", "round"), [
            *SOCINV, "report", "round", *f, "--out", str(papers), "--force"]),
        "report final": (("report", "final"), [
            *SOCINV, "report", "final", closed or prepared, *f, "--out", str(papers),
            "--force", "--draft"]),
        "report portfolio": (("report", "portfolio"), [
            *SOCINV, "report", "portfolio", *f, "--out", str(papers), "--force"]),
        "export": (("export",), [*SOCINV, "export", *f, "--out", str(papers / "export"),
                                 "--force"]),
    }
    return {name: command for name, (words, command) in candidates.items()
            if _has_command(*words)}


def scale_jobs(fund: Path, scratch: Path) -> tuple[list[Job], list[Job]]:
    """(cold round, warm round) of a generated fund."""
    f = ["--fund", str(fund)]
    floor = "C-parse"
    papers = scratch / "papers"
    papers.mkdir(parents=True, exist_ok=True)
    cold = [
        Job(floor, [PY, str(HERE / "cparse.py"), str(fund)]),
        Job("validate cold", [*SOCINV, "validate", "-q", *f], floor, clear_cache(fund),
            ok=(0, 1)),
        Job("status cold", [*SOCINV, "status", *f], "validate cold", clear_cache(fund)),
        Job("report annual", [*SOCINV, "report", "annual", "--year", "2025", *f, "--out",
                              str(papers), "--force", "-q"], "validate cold", clear_cache(fund)),
        *(Job(f"{name} cold", command, "validate cold", clear_cache(fund))
          for name, command in new_commands(fund, papers, first_case(fund, "3-beredning"),
                                            closed_case(fund)).items()
          if name != "report final"),  # one case's paper: measured at start-up
    ]
    # each round starts from caches filled after the last change (the previous round's
    # changed file would otherwise make its first rows "one file changed" runs too)
    warm = [
        Job("validate warm", [*SOCINV, "validate", "-q", *f], floor, lambda: warm_up(fund),
            ok=(0, 1)),
        Job("status warm", [*SOCINV, "status", *f], "validate warm"),
        Job("status --format json warm", [*SOCINV, "status", "--format", "json", *f],
            "validate warm"),
        Job("validate warm, one file changed", [*SOCINV, "validate", "-q", *f],
            "validate warm", touch_one(fund), ok=(0, 1)),
        Job("status warm, one file changed", [*SOCINV, "status", *f], "validate warm",
            touch_one(fund)),
    ]
    return cold, warm


def warm_up(fund: Path) -> None:
    """Fill validate's and status's caches, as the first run of a day does."""
    for command in (["validate", "-q"], ["status", "-q"]):
        run_once(Job("warm-up", [*SOCINV, *command, "--fund", str(fund)]))


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
        "print(done, len(cases), time.perf_counter() - start)\n"
    )
    result = subprocess.run([PY, "-c", code, str(fund), str(count)], capture_output=True,
                            text=True)
    if result.returncode != 0 or not result.stdout.strip():
        FAILURES.append("report decision in one process: " + (
            result.stderr.strip().splitlines() or ["failed"])[-1])
        return float("nan"), "failed"
    done, tried, seconds = result.stdout.split()
    if int(done) != int(tried):
        FAILURES.append(f"report decision in one process: {int(tried) - int(done)} of {tried} "
                        "memos failed")
    return int(done) / float(seconds), f"{done} memos"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="300,1000,10000",
                        help="generated funds to measure at scale, e.g. 60,1000 (empty: none)")
    parser.add_argument("--no-startup", action="store_true",
                        help="skip the start-up rows (sample fund and 60 cases)")
    parser.add_argument("--no-rate", action="store_true",
                        help="skip report decision in one process (builds a 1,000-case fund)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--large-runs", type=int, default=3,
                        help="rounds at 10,000 cases and more")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "performance.md")
    parser.add_argument("--from-results", action="store_true",
                        help="measure nothing: write the table again from bench/out/results.json "
                             "(after editing bench/NOTES.md)")
    args = parser.parse_args()
    if args.from_results:
        saved = json.loads((OUT / "results.json").read_text(encoding="utf-8"))
        DATE[0] = saved["date"]
        write_table([Row(**item) for item in saved["rows"]], args.out, saved["peer_ratio"],
                    saved["rate"], saved["note"])
        print(f"wrote {args.out}")
        return
    sizes = [int(size) for size in args.sizes.split(",") if size]
    # measure socinv as installed: pip compiles the bytecode at install time, so compile it
    # here too (with PYTHONDONTWRITEBYTECODE set, every run would compile from source)
    import compileall

    compileall.compile_dir(str(REPO / "socinv"), quiet=1)
    runs = args.runs
    rows: list[Row] = []
    scratch = Path(tempfile.mkdtemp(prefix="socinv-bench-"))
    try:
        rounds([Job("python -c pass", [PY, "-c", "pass"]),
                Job("python -c 'import typer'", [PY, "-c", "import typer"]),
                Job("socinv --help", [*SOCINV, "--help"], "python -c 'import typer'"),
                Job("socinv --version", [*SOCINV, "--version"], "python -c 'import typer'"),
                # loading and checking a whole profile against its declaration, as every
                # command does once: the derived test profile adds fields, criteria and rules
                Job("socinv profile check ystad-derived",
                    [*SOCINV, "profile", "check",
                     str(REPO / "tests" / "profiles" / "ystad_rules.yaml")], "socinv --help")],
               None, runs + 2, rows)
        for label, fund in () if args.no_startup else (("sample", sample_copy()),
                                                        ("60", fund_of(60))):
            size = 7 if label == "sample" else 60
            warm_up(fund)
            rounds(startup_jobs(fund, scratch / label), size, runs + 2, rows)
        peer_ratio = None
        for size in sizes:
            fund = fund_of(size)
            few = args.large_runs if size >= 10000 else runs
            cold, warm = scale_jobs(fund, scratch / str(size))
            made = rounds(cold, size, few, rows)
            papers = scratch / str(size) / "papers"
            written = sum(path.stat().st_size for path in papers.iterdir())
            made[-1].note = f"{written / 1e6:.1f} MB written"
            # the annex's own output, for its memory target (the rows after it write more)
            annexes = sum(path.stat().st_size for path in papers.glob("2025-*bilaga*"))
            for row in made:
                if row.name == "report annual":
                    row.note = f"{annexes / 1e6:.1f} MB written"
            warm_up(fund)
            rounds(warm, size, few + 2, rows)
            if size == 1000:
                peer_ratio = _peer_row(fund, rows, few)
        rate, note = (float("nan"), "not run") if args.no_rate else memos_per_second(
            fund_of(min(max(sizes or [1000]), 1000)), 50)
        print(f"report decision: {rate:.1f} memos/s ({note})")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    write_table(rows, args.out, peer_ratio, rate, note)
    print(f"wrote {args.out}")
    if FAILURES:
        print("FAILED:\n  " + "\n  ".join(FAILURES), file=sys.stderr)
        raise SystemExit(1)


def _peer_row(fund: Path, rows: list[Row], runs: int) -> float | None:
    groups: dict[str, list[str]] = {}
    for path in yaml_files(fund):
        kind = {"application.yaml": "application", "idea.yaml": "idea",
                "case.yaml": "case", "final_report.yaml": "final_report"}.get(
            path.name, "report" if path.parent.name == "reports" else None)
        if kind:
            groups.setdefault(kind, []).append(str(path))
    peer = _peer(groups, runs=runs)
    if peer is None:
        return None
    rows.append(peer)
    cold = next(r for r in rows if r.name == "validate cold" and r.size == 1000)
    print(f"{peer.name:<40} {1000:>6} {peer.median:8.3f} s", flush=True)
    return peer.median / cold.median


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
    lines = [
        "# Performance",
        "",
        f"Measured by `python bench/run.py` on {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {DATE[0]}. Median of several "
        "runs (min–max); peak memory is the largest resident set of the command and its "
        "worker processes. A floor and its commands run in alternating rounds; × floor is "
        "the median of the ratios within a round. The sample fund is `sample_fund/` (7 "
        "cases); the other funds are generated by `bench/generate.py` (seed 7; every stage; "
        "about 5 % of the cases have a Word document written by `socinv convert`, about "
        "10 % of the applications a typical mistake). C-parse is PyYAML's `CSafeLoader` "
        "parsing the same YAML files and nothing more.",
        "",
    ]
    lines += _summary(rows)
    lines += ["", "## Every row", "",
              "| command | cases | median s | min–max s | peak MB | floor | × floor |",
              "| --- | ---: | ---: | ---: | ---: | --- | ---: |"]
    for row in rows:
        ratio = f"{row.ratio:.2f}" if row.ratio is not None else ""
        span = f"{min(row.times):.3f}–{max(row.times):.3f}" if row.times else ""
        memory = f"{row.memory_kb / 1024:.0f}" if row.memory_kb else ""
        name = row.name + (f" ({row.note})" if row.note else "")
        if row.failed:
            name += f" — **FAILED** ({row.failed})"
        lines.append(f"| {name} | {row.size or ''} | "
                     f"{row.median:.3f} | {span} | {memory} | {row.floor or ''} | {ratio} |")
    lines += ["", "## Targets", ""]
    lines += _targets(rows, by_name, peer_ratio, rate, note)
    out.parent.mkdir(parents=True, exist_ok=True)
    text = "\n".join(lines) + "\n"
    notes = HERE / "NOTES.md"
    if notes.exists():
        text += "\n" + notes.read_text(encoding="utf-8")
    out.write_text(text, encoding="utf-8")
    (OUT / "results.json").write_text(json.dumps(
        {"rows": [row.__dict__ for row in rows], "peer_ratio": peer_ratio, "rate": rate,
         "note": note, "date": DATE[0]}, indent=1), encoding="utf-8")


#: the issue's table: (label, row name at the start-up sizes, row name at scale)
SUMMARY = [
    ("`python -c \"import typer\"`", "python -c 'import typer'", None),
    ("`validate` (warm)", "validate (warm)", "validate warm"),
    ("`validate` cold", None, "validate cold"),
    ("`status` (warm)", "status", "status warm"),
    ("`status --format json` (warm)", None, "status --format json warm"),
    ("`status` cold", None, "status cold"),
    ("`advance --dry-run`", "advance --dry-run", None),
    ("`decide`", "decide", None),
    ("`new idea`", "new idea", None),
    ("`record`", "record", None),
    ("`report decision`", "report decision", None),
    ("`report interim`", "report interim", None),
    ("`report annual`", "report annual", "report annual"),
    ("`convert` to docx", "convert --to docx", None),
    ("`report round`", "report round", "report round cold"),
    ("`report final`", "report final", None),
    ("`report portfolio`", "report portfolio", "report portfolio cold"),
    ("`export`", "export", "export cold"),
]


def _summary(rows: list[Row]) -> list[str]:
    """The issue's table re-measured: seconds (× floor) per fund size."""
    sizes = [7, 60, *sorted({row.size for row in rows if row.size and row.size > 60})]
    by_name = {(row.name, row.size): row for row in rows}
    head = ["sample fund (7 cases)", "60 cases", *(f"{size:,} cases" for size in sizes[2:])]
    lines = ["## Summary", "",
             "Median seconds; in brackets × its floor, measured in the same rounds: "
             "`import typer` for the small funds, C-parse for `validate` cold and warm, cold "
             "`validate` for `status` cold and `report annual`, warm `validate` for warm "
             "`status`. Peak memory at the largest size in MB.", "",
             "| command | " + " | ".join(head) + " |",
             "| --- |" + " ---: |" * len(head)]
    for label, small, large in SUMMARY:
        if not any(name in (small, large) for name, _ in by_name):
            continue  # a command this socinv does not have (yet)
        cells = []
        for size in sizes:
            name = small if size <= 60 else large
            row = by_name.get((name, None if name == "python -c 'import typer'" and size <= 60
                               and (name, size) not in by_name else size)) if name else None
            if row is None or not row.times:
                cells.append("**failed**" if row is not None and row.failed else "")
                continue
            text = f"{row.median:.2f} s"
            if row.ratio is not None:
                text += f" ({row.ratio:.2f}×)"
            if size == sizes[-1] and size > 60:
                text += f", {row.memory_kb / 1024:.0f} MB"
            if row.failed:
                text += " **failed**"
            cells.append(text)
        lines.append(f"| {label} | " + " | ".join(cells) + " |")
    return lines


STARTUP_2X = ("validate (warm)", "status", "advance --dry-run", "decide", "new idea", "record")
#: commands another issue adds: a target only where this socinv has them
NEW_COMMANDS = ("report round", "report final", "report portfolio", "export")
STARTUP_3X = ("report decision", "report interim", "report annual", "convert --to docx",
              *NEW_COMMANDS)


def _targets(rows: list[Row], by_name: dict[tuple[str, int | None], Row],
             peer_ratio: float | None, rate: float, note: str) -> list[str]:
    def get(name: str, size: int | None = None) -> Row | None:
        row = by_name.get((name, size))
        return row if row is not None and row.times and not row.failed else None

    def line(label: str, value: str, ok: bool | None) -> str:
        mark = "met" if ok else ("**not met**" if ok is not None else "not measured")
        return f"| {label} | {value} | {mark} |"

    def ratio_line(label: str, row: Row | None, limit: float) -> None:
        if row is None or row.ratio is None:
            out.append(line(label, "failed or not run", None))
        else:
            out.append(line(label, f"{row.ratio:.2f} ×", row.ratio <= limit))

    out = ["| target | measured | |", "| --- | --- | --- |"]
    for name in ("socinv --help", "socinv --version"):
        ratio_line(f"`{name}` ≤ 1.3 × `import typer`", get(name), 1.3)
    for size, label in ((7, "sample fund"), (60, "60 cases")):
        for name in STARTUP_2X:
            ratio_line(f"`{name}`, {label} ≤ 2 × `import typer`", get(name, size), 2)
        for name in STARTUP_3X:
            if name in NEW_COMMANDS and (name, size) not in by_name:
                continue
            ratio_line(f"`{name}`, {label} ≤ 3 × `import typer`", get(name, size), 3)
    sizes = sorted({row.size for row in rows if row.size and row.size >= 300})
    for size in sizes:
        ratio_line(f"`status` warm ≤ 2 × warm `validate`, {size:,} cases",
                   get("status warm", size), 2)
        ratio_line(f"`status` cold ≤ 1.2 × cold `validate`, {size:,} cases",
                   get("status cold", size), 1.2)
        ratio_line(f"`report annual` ≤ 2 × cold `validate`, {size:,} cases",
                   get("report annual", size), 2)
        for name in NEW_COMMANDS:
            if (f"{name} cold", size) in by_name:
                ratio_line(f"`{name}` ≤ 2 × cold `validate`, {size:,} cases",
                           get(f"{name} cold", size), 2)
    ratio_line("cold validate, 1,000 cases ≤ 1.5 × C-parse", get("validate cold", 1000), 1.5)
    warm = get("validate warm, one file changed", 10000)
    if warm:
        out.append(line("warm validate, 10,000 cases, one file changed < 0.5 s",
                        f"{warm.median:.3f} s", warm.median < 0.5))
    mid, large = get("validate cold", 1000), get("validate cold", 10000)
    if mid and large:
        per_case = (mid.median / 1000, large.median / 10000)
        out.append(line("cold validate linear in cases (s per case, 1,000 vs 10,000)",
                        f"{per_case[0] * 1000:.2f} ms vs {per_case[1] * 1000:.2f} ms",
                        per_case[1] <= per_case[0] * 1.5))
        memory = (mid.memory_kb / 1024, large.memory_kb / 1024)
        out.append(line("validate: peak memory flat with fund size (1,000 vs 10,000 cases)",
                        f"{memory[0]:.0f} MB vs {memory[1]:.0f} MB", memory[1] <= memory[0] * 1.5))
    small_annex, large_annex = get("report annual", 1000), get("report annual", 10000)
    if small_annex and large_annex:
        grown = (large_annex.memory_kb - small_annex.memory_kb) / 1024
        out.append(line("`report annual`: memory grows by no more than 4 × the output "
                        "(1,000 → 10,000 cases)",
                        f"{small_annex.memory_kb / 1024:.0f} MB → "
                        f"{large_annex.memory_kb / 1024:.0f} MB (+{grown:.0f} MB; "
                        f"output {large_annex.note or '?'})",
                        grown <= 4 * _output_mb(large_annex)))
    if peer_ratio is not None:
        out.append(line("≥ 2 × faster than check-jsonschema on the same 1,000-case files",
                        f"{peer_ratio:.2f} ×", peer_ratio >= 2))
    out.append(line("`report decision` ≥ 20 memos a second in one process",
                    f"{rate:.1f} memos/s ({note})", rate >= 20 if rate == rate else None))
    return out


def _output_mb(row: Row) -> float:
    try:
        return float(row.note.split()[0])
    except (ValueError, IndexError):
        return 0.0


if __name__ == "__main__":
    main()
