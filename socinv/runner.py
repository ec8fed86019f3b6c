"""Running validation over many cases: the cache, both cores, a progress callback.

The results are the same whichever way they are produced — serial, parallel or
from the cache (``tests/test_runner.py`` proves it); only the time differs.
"""

from __future__ import annotations

import datetime as dt
import multiprocessing
import os
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from socinv.cache import (
    ResultCache,
    case_signature,
    finding_to_json,
    fingerprint,
)
from socinv.fund.fund import CaseDir, Fund
from socinv.rules.checks import Context

#: below this many cases to check, starting worker processes costs more than it saves
PARALLEL_MIN = 200
CHUNK = 50
Progress = Callable[[int, int], None]

_JOB: tuple[Fund, Context, bool] | None = None


Checked = tuple[list[Any], list[str] | None]


def _checked(fund: Fund, case: CaseDir, ctx: Context, keep_models: bool) -> Checked:
    """One case's results and, for an active case, its project period (ISO dates) for the
    reporting calendar; typed models are dropped unless asked for (memory stays flat)."""
    from socinv.fund.calendar import span_from
    from socinv.validation import check_case

    results = check_case(fund, case, ctx)
    period: list[str] | None = None
    if case.stage.key == "active":
        models = {result.doc_type: result.model for result in results if result.model}
        found = span_from(models.get("application"),
                          (models.get("case") or {}).get("decision") or {})
        period = [found[0].isoformat(), found[1].isoformat()] if found else None
    if not keep_models:
        for result in results:
            result.model = None
    return results, period


def _check_chunk(cases: list[CaseDir]) -> list[Checked]:
    assert _JOB is not None
    fund, ctx, keep_models = _JOB
    return [_checked(fund, case, ctx, keep_models) for case in cases]


def run_cases(fund: Fund, cases: list[CaseDir], ctx: Context, options: Any,
              progress: Progress | None = None) -> tuple[list[Any], dict[str, Any]]:
    """DocResults of every case, in the order of ``cases``, and the project period of each
    active case (case id → (start, end) or None), so the calendar needs no second read."""
    from socinv.validation import DocResult

    keep_models = bool(getattr(options, "explain", False))
    use_cache = getattr(options, "cache", True) and not getattr(options, "explain", False)
    cache = None
    if use_cache:
        settings = {key: value for key, value in vars(options).items()
                    if key not in ("cache", "jobs")}
        cache = ResultCache(fund.root, fingerprint(fund.root, fund.profile.raw, settings))
    done: dict[int, Checked] = {}
    signatures: dict[int, Any] = {}
    todo: list[int] = []
    names = [fund.rel(case.path) for case in cases]
    for index, case in enumerate(cases):
        if cache is not None:
            signatures[index] = case_signature(case.path)
            hit = cache.get(names[index], signatures[index])
            if hit is not None:
                found_results, period = hit
                done[index] = ([DocResult(file, kind, None, found, unreadable)
                                for file, kind, found, unreadable in found_results], period)
                continue
        todo.append(index)
    total = len(cases)
    if progress:
        progress(len(done), total)
    jobs = _jobs(getattr(options, "jobs", None), len(todo))
    if jobs > 1:
        global _JOB
        _JOB = (fund, ctx, keep_models)
        chunks = [todo[start:start + CHUNK] for start in range(0, len(todo), CHUNK)]
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        with ProcessPoolExecutor(jobs, mp_context=multiprocessing.get_context(method)) as pool:
            for chunk, results in zip(
                    chunks, pool.map(_check_chunk, [[cases[i] for i in c] for c in chunks]),
                    strict=True):
                for index, result in zip(chunk, results, strict=True):
                    done[index] = result
                if progress:
                    progress(len(done), total)
        _JOB = None
    else:
        for number, index in enumerate(todo, 1):
            done[index] = _checked(fund, cases[index], ctx, keep_models)
            if progress and (number % 25 == 0 or number == len(todo)):
                progress(len(done), total)
    if cache is not None:
        for index in todo:
            case_results, period = done[index]
            cache.put(names[index], signatures[index], [
                [result.file, result.doc_type, [finding_to_json(f) for f in result.findings],
                 result.unreadable] for result in case_results], period)
        cache.prune(set(names))
        cache.save()
    spans: dict[str, Any] = {}
    for index, case in enumerate(cases):
        if case.stage.key == "active":
            period = done[index][1]
            spans[case.id] = (None if period is None else (
                dt.date.fromisoformat(period[0]), dt.date.fromisoformat(period[1])))
    return [done[index][0] for index in range(len(cases))], spans


_MAP: Callable[[Any], Any] | None = None


def _map_chunk(chunk: list[Any]) -> list[Any]:
    assert _MAP is not None
    return [_MAP(item) for item in chunk]


def parallel_map(func: Callable[[Any], Any], items: list[Any], jobs: int | None = None
                 ) -> list[Any]:
    """``[func(item) for item in items]``, on both cores when there are many items.

    Needs ``fork`` (the worker inherits ``func``, closures included); elsewhere serial.
    """
    workers = _jobs(jobs, len(items))
    if workers == 1 or "fork" not in multiprocessing.get_all_start_methods():
        return [func(item) for item in items]
    global _MAP
    _MAP = func
    try:
        chunks = [items[start:start + CHUNK] for start in range(0, len(items), CHUNK)]
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")
                                 ) as pool:
            return [result for part in pool.map(_map_chunk, chunks) for result in part]
    finally:
        _MAP = None


def _jobs(requested: int | None, work: int) -> int:
    if requested is not None:
        return max(1, requested)
    if work < PARALLEL_MIN:
        return 1
    return max(1, min(2, os.cpu_count() or 1))
