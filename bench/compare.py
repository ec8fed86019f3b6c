"""Two versions of socinv side by side, in the same rounds, on a copy of the sample fund.

    git archive main | tar -x -C /tmp/base && python bench/compare.py /tmp/base [--runs 4]

Each round times ``python -c "import typer"``, then every command from the other
checkout (``PYTHONPATH``) and from this one, alternately; a ratio is the median over the
rounds of the command's time over that round's ``import typer``. On a busy machine this
is the fair way to see what a change did: both versions meet the same load.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
PY = sys.executable
CASE = "2026-001"
APPLICATION = "{fund}/2-ansokningar/2026-003-vagen-till-arbete-ips-for-unga-vuxna/application.yaml"
#: the commands that leave the fund as it was (each version runs them on the same copy)
COMMANDS = [
    ["validate", "-q"],
    ["status"],
    ["status", "--format", "json"],
    ["advance", CASE, "--dry-run"],
    ["report", "decision", CASE, "--draft", "--force", "--out", "{papers}"],
    ["report", "interim", "--year", "2026", "--force", "-q", "--out", "{papers}"],
    ["report", "annual", "--year", "2025", "--force", "-q", "--out", "{papers}"],
    ["report", "final", "2024-001", "--draft", "--force", "--out", "{papers}"],
    ["report", "round", "--force", "--out", "{papers}"],
    ["report", "portfolio", "--force", "--out", "{papers}"],
    ["export", "--force", "--out", "{papers}/export.json"],
    ["convert", APPLICATION, "--to", "docx", "--force", "--out", "{papers}/a.docx"],
]


def timed(command: list[str], env: dict[str, str], cwd: Path) -> float:
    """Seconds for ``command`` run in ``cwd``: never this checkout, whose ``socinv`` folder
    ``python -m`` would find before ``PYTHONPATH``'s."""
    start = time.perf_counter()
    result = subprocess.run(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            env=env, text=True, cwd=cwd)
    seconds = time.perf_counter() - start
    if result.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(command)}: exit {result.returncode}: {result.stderr}")
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("other", type=Path, help="a checkout of the other version")
    parser.add_argument("--runs", type=int, default=4)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="socinv-compare-"))
    fund, papers = scratch / "fund", scratch / "papers"
    shutil.copytree(HERE.parent / "sample_fund", fund)
    base = {**os.environ, "SOCINV_TODAY": "2026-11-22"}
    versions = {"other": {**base, "PYTHONPATH": str(args.other.resolve())},
                "this": {**base, "PYTHONPATH": str(HERE.parent)}}
    for label, env in versions.items():  # each version is the one it names
        found = subprocess.run([PY, "-c", "import socinv; print(socinv.__file__)"], env=env,
                               cwd=scratch, capture_output=True, text=True).stdout.strip()
        expected = Path(env["PYTHONPATH"]) / "socinv" / "__init__.py"
        if Path(found).resolve() != expected.resolve():
            raise SystemExit(f"{label}: imports {found}, not {expected}")
    ratios: dict[tuple[str, str], list[float]] = {}
    try:
        for _ in range(args.runs):
            floor = timed([PY, "-c", "import typer"], base, scratch)
            for command in COMMANDS:
                words = [word.format(papers=papers, fund=fund) for word in command]
                for label, env in versions.items():
                    seconds = timed([PY, "-m", "socinv", *words, "--fund", str(fund)], env,
                                    scratch)
                    name = " ".join(word for word in command[:3] if not word.startswith(
                        ("{", "2", "-q", "--force", "--draft")))
                    ratios.setdefault((name, label), []).append(
                        seconds / floor)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    print("| command | other | this |\n| --- | ---: | ---: |")
    for name in dict.fromkeys(name for name, _ in ratios):
        print(f"| `{name}` | {statistics.median(ratios[(name, 'other')]):.2f} × | "
              f"{statistics.median(ratios[(name, 'this')]):.2f} × |")


if __name__ == "__main__":
    main()
