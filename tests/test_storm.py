"""A SIGKILL storm: many real socinv processes change one fund at once, and many are killed.

Each wave starts with a process that kills itself in the middle of moving a
case (``SOCINV_CRASH_AT``), so an interrupted command is always there to meet.
Then processes run ``advance``, ``decide``, ``close``, ``new idea``, ``new
report``, ``report decision`` and ``doctor --repair`` on the fund at the same
time, each under its own name (``--by storm-N``); half pause inside their
transaction (``SOCINV_PAUSE_AT``) to widen the window, and the test SIGKILLs a
random half of those still running at a random moment. Afterwards
``doctor --repair`` settles the fund and

* every case exists exactly once, in the stage its ``case.yaml`` names;
* every history is a chain (each entry starts where the last one ended) ending
  in the case's stage, and holds each process's entries all or none: exactly
  once for a command that succeeded, never for one that was refused;
* every YAML file reads, the fund validates (exit 0/1), every paper opens, no
  journal, temporary file or lock record is left, and a second repair changes
  nothing.
"""

from __future__ import annotations

import io
import itertools
import os
import random
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from socinv.io.yamlio import read_yaml
from tests.conftest import REPO, SAMPLE_FUND, run, snapshot
from tests.workflow_helpers import ACTIVE, APPLICATION_OK, IDEA, REVIEW, TODAY

SEED = 20261122
WAVES = 6
PER_WAVE = 7
STEPS = ("locked", "journal-written", "document-written", "case-temp-written", "case-written",
         "moved", "report-staged", "report-written")
MOVE_STEPS = ("journal-written", "case-temp-written", "case-written", "moved")
SPLIT = "2027=540000,2028=1180000,2029=1180000,2030=620000"


@dataclass
class Job:
    name: str  # storm-N: the --by of the command, so its history entries can be found
    op: str
    args: list[str]
    entries: int  # history entries a successful run adds (0: none, e.g. a paper)
    env: dict[str, str] = field(default_factory=dict)
    process: subprocess.Popen[str] | None = None
    killed: bool = False
    code: int | None = None


def _clone(fund: Path, stage: str, source: str, new: str) -> None:
    shutil.copytree(fund / stage / source, fund / stage / new)
    path = fund / stage / new / "case.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace(source, new), encoding="utf-8")


def _fund(tmp_path: Path) -> tuple[Path, list[str]]:
    fund = tmp_path / "fund"
    shutil.copytree(SAMPLE_FUND, fund, ignore=shutil.ignore_patterns(".socinv"))
    clones = []
    for number in range(1, 5):
        _clone(fund, "1-ideer", IDEA, f"2026-1{number:02d}-storm-ide")
        _clone(fund, "2-ansokningar", APPLICATION_OK, f"2026-2{number:02d}-storm-ansokan")
        clones += [f"2026-1{number:02d}-storm-ide", f"2026-2{number:02d}-storm-ansokan"]
    for wave in range(WAVES):
        _clone(fund, "1-ideer", IDEA, _crashing(wave))
    return fund, clones


def _crashing(wave: int) -> str:
    """The case the wave's first process advances and dies in the middle of."""
    return f"2026-3{wave:02d}-storm-krasch"


def _job(rng: random.Random, number: int, clones: list[str]) -> Job:
    name = f"storm-{number}"
    case = rng.choice(clones)
    op = rng.choice(["advance"] * 5 + ["decide"] * 2 + ["decide-rejected", "close", "close",
                                                         "new-idea", "new-report", "report",
                                                         "repair"])
    by = ["--by", name]
    args, entries = {
        "advance": (["advance", case, *by], 1),
        "decide": (["decide", case, "--granted", "3520000", "--per-year", SPLIT,
                    "--ref", f"KS § {number}", "--date", "2026-12-16", *by], 1),
        "decide-rejected": (["decide", case, "--rejected", "--ref", f"KS § {number}",
                             "--date", "2026-12-16", *by], 2),
        "close": (["close", case, "--outcome", rng.choice(["withdrawn", "aborted"]),
                   "--ref", f"KS § {number}", *by], 1),
        "new-idea": (["new", "idea", f"Stormens idé {number}", *by], 1),
        "new-report": (["new", "report", ACTIVE, "--period", "2026-annual", *by], 1),
        "report": (["report", "decision", REVIEW, "--force"], 0),
        "repair": (["doctor", "--repair", *by], 0),
    }[op]
    job = Job(name, op, args, entries)
    if rng.random() < 0.5:
        job.env = {"SOCINV_PAUSE_AT": rng.choice(STEPS), "SOCINV_PAUSE_SECONDS": "0.4"}
    return job


def _start(job: Job, fund: Path) -> None:
    env = {**os.environ, "SOCINV_TODAY": TODAY, "PYTHONPATH": str(REPO), **job.env}
    job.process = subprocess.Popen([sys.executable, "-m", "socinv", *job.args, "--fund",
                                    str(fund)], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   text=True, env=env)


def _storm(fund: Path, clones: list[str]) -> list[Job]:
    rng = random.Random(SEED)
    jobs: list[Job] = []
    for wave in range(WAVES):
        # first, one certain crash in the middle of a move, left for the storm to meet
        crash = Job(f"storm-krasch-{wave}", "advance",
                    ["advance", _crashing(wave), "--by", f"storm-krasch-{wave}"], 1,
                    {"SOCINV_CRASH_AT": rng.choice(MOVE_STEPS)})
        _start(crash, fund)
        assert crash.process is not None
        crash.process.communicate(timeout=120)
        crash.code = crash.process.returncode
        assert crash.code == -9 and (fund / ".socinv" / f"journal-{_crashing(wave)}.json"
                                     ).exists()
        jobs.append(crash)
        batch = [_job(rng, wave * PER_WAVE + slot, clones) for slot in range(PER_WAVE)]
        for job in batch:
            _start(job, fund)
            time.sleep(rng.uniform(0, 0.05))
        time.sleep(rng.uniform(0.2, 0.6))
        for job in batch:
            assert job.process is not None
            if job.process.poll() is None and rng.random() < 0.5:
                job.process.kill()  # SIGKILL: no cleanup of any kind
                job.killed = True
        for job in batch:
            assert job.process is not None
            out, err = job.process.communicate(timeout=120)
            job.code = job.process.returncode
            assert "Traceback" not in out + err, (job.args, out, err)
            if not job.killed and job.code >= 0:
                assert job.code in (0, 1, 2), (job.args, job.code, out, err)
        jobs += batch
    return jobs


def _cases(fund: Path, stages: dict[str, str]) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for stage in stages:
        for child in (fund / stage).iterdir():
            if child.is_dir() and not child.name.startswith("."):
                found.setdefault(child.name, []).append(stage)
    return found


def _chain(history: list[dict[str, Any]], stage: str) -> None:
    assert history and history[0]["event"] == "created" and history[0]["from"] is None
    for previous, entry in itertools.pairwise(history):
        assert entry["from"] == previous["to"], history
    assert history[-1]["to"] == stage, history


def _whole_papers(fund: Path) -> None:
    import docx

    for paper in (fund / "reports").iterdir():
        if paper.suffix == ".docx" and not paper.name.startswith("."):
            assert docx.Document(io.BytesIO(paper.read_bytes())).paragraphs, paper
        elif paper.suffix == ".md":
            assert paper.read_text(encoding="utf-8").startswith("#"), paper


def test_a_sigkill_storm_leaves_every_case_exactly_once(tmp_path: Path) -> None:
    fund, clones = _fund(tmp_path)
    stages = {"1-ideer": "idea", "2-ansokningar": "application", "3-beredning": "review",
              "4-pagaende": "active", "5-avslutade": "closed"}
    before = set(_cases(fund, stages))
    jobs = _storm(fund, clones)
    assert any(job.killed or job.code == -9 for job in jobs)

    repaired = run("doctor", "--repair", "--by", "final", "--fund", fund)
    assert repaired.code == 0 and "Fonden är i ordning." in repaired.out, repaired.out
    settled = snapshot(fund)
    again = run("doctor", "--repair", "--by", "final", "--fund", fund)
    assert again.code == 0 and "Inget att laga automatiskt." in again.out
    assert snapshot(fund) == settled

    cases = _cases(fund, stages)
    assert before <= set(cases)
    entries: dict[str, int] = {}
    for case, places in cases.items():
        assert len(places) == 1, (case, places)  # exactly once
        data = read_yaml(fund / places[0] / case / "case.yaml").data
        assert data["id"] == case and data["stage"] == stages[places[0]]
        _chain(data["history"], data["stage"])
        for entry in data["history"]:
            entries[entry["by"]] = entries.get(entry["by"], 0) + 1
    for job in jobs:
        seen = entries.get(job.name, 0)
        if job.killed or (job.code or 0) < 0:
            assert seen in (0, job.entries), (job.args, seen)  # all of it or none of it
        elif job.code == 0:
            assert seen == job.entries, (job.args, seen)  # exactly once
        else:
            assert seen == 0, (job.args, job.code, seen)  # refused: nothing
    new_ideas = [job for job in jobs if job.op == "new-idea" and job.code == 0]
    assert len(cases) >= len(before) + len(new_ideas)

    for path in fund.rglob("*.yaml"):
        if not any(part.startswith(".") for part in path.relative_to(fund).parts):
            read_yaml(path)
    leftovers = [name for name in snapshot(fund)
                 if name.endswith(".tmp") or "/journal-" in name or name.endswith("lock.info")]
    assert leftovers == []
    _whole_papers(fund)
    assert run("validate", "--fund", fund, "--no-cache").code in (0, 1)
