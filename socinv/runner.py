"""Running validation over many cases: the cache, both cores, a progress callback.

The results are the same whichever way they are produced — serial, parallel or
from the cache (``tests/test_runner.py`` proves it); only the time differs.
Cases are taken one cache shard at a time and handed on as soon as they are
known, so memory does not grow with the fund.
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from socinv.cache import (
    Doc,
    ResultCache,
    Scan,
    fingerprint,
    quick_scan,
    remove_stale_files,
    scan_case,
    shard_of,
)
from socinv.fund.fund import CaseDir, Fund
from socinv.rules.context import Context

#: below this many cases to check, starting worker processes costs more than it saves
PARALLEL_MIN = 200
CHUNK = 50
Progress = Callable[[int, int], None]

#: what the worker processes inherit: fund, context, whether models are kept, whether the
#: annexes' slim models are made, the cases
_JOB: tuple[Fund, Context, bool, bool, list[CaseDir]] | None = None

#: a case's results, its project period and (when asked for) its slim models as JSON data
Checked = tuple[list[Any], list[str] | None, Any]


@dataclass(slots=True)
class Outcome:
    """One case, checked or from the cache."""

    case: CaseDir
    docs: list[Doc]  # every file's findings
    results: list[Any] | None  # the DocResults when the case was checked (None: from the cache)
    period: list[str] | None  # the project period (active cases), as ISO dates
    scan: Scan  # the reports the case has, for the calendar
    #: the case's slim models for the money checks and the papers (``reports.data_cache``
    #: form), made from the documents just checked; None from the cache or when not asked
    annex: Any = None

    @property
    def span(self) -> tuple[dt.date, dt.date] | None:
        if self.period is None:
            return None
        return dt.date.fromisoformat(self.period[0]), dt.date.fromisoformat(self.period[1])


def _checked(fund: Fund, case: CaseDir, ctx: Context, keep_models: bool,
             annex: bool = False) -> Checked:
    """One case's results and, for an active case, its project period (ISO dates) for the
    reporting calendar; typed models are dropped unless asked for (memory stays flat).
    ``annex``: also the case's slim models, so that the checks across files need not read
    the case again."""
    from socinv.fund.calendar import span_from
    from socinv.validation import check_case

    results = check_case(fund, case, ctx)
    payload = None
    if annex:
        from socinv.reports.data import slim_payload

        payload = slim_payload(fund, case, results)
    period: list[str] | None = None
    if case.stage.key == "active":
        models = {result.doc_type: result.model for result in results if result.model}
        found = span_from(models.get("application"),
                          (models.get("case") or {}).get("decision") or {})
        period = [found[0].isoformat(), found[1].isoformat()] if found else None
    if not keep_models:
        for result in results:
            result.model = None
    return results, period, payload


def _check_chunk(indices: list[int]) -> list[Checked]:
    assert _JOB is not None
    fund, ctx, keep_models, annex, cases = _JOB
    return [_checked(fund, cases[index], ctx, keep_models, annex) for index in indices]


class _Workers:
    """Both cores when the work is large enough: one pool of forked processes, started on
    first need and shared by every shard; serial otherwise (or without ``fork``)."""

    def __init__(self, job: tuple[Fund, Context, bool, bool, list[CaseDir]], jobs: int | None
                 ) -> None:
        self.job = job
        self.requested = jobs
        self.pool: Any = None
        self.forkable = _forkable()

    def _workers(self, work: int, threshold: int) -> int:
        if self.pool is not None:
            return int(self.pool._max_workers)
        if not self.forkable:
            return 1
        if self.requested is not None:
            return max(1, self.requested)
        return 1 if work < threshold else max(1, min(2, os.cpu_count() or 1))

    def map(self, func: Callable[[list[int]], list[Any]], indices: list[int], work: int,
            threshold: int, chunk: int | None = None) -> Iterator[list[Any]]:
        """``func`` over ``indices`` in chunks, in order; ``work`` is the size of the whole
        run that decides whether two processes pay."""
        global _JOB
        workers = self._workers(work, threshold)
        _JOB = self.job
        if workers == 1 or len(indices) < 2:
            yield func(indices)
            return
        if self.pool is None:
            import multiprocessing
            from concurrent.futures import ProcessPoolExecutor

            self.pool = ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context("fork"))
        # at most ``chunk`` a piece, and at least four pieces a worker, so that both finish
        # a shard together
        size = max(1, min(chunk or len(indices), -(-len(indices) // (workers * 4))))
        chunks = [indices[start:start + size] for start in range(0, len(indices), size)]
        yield from self.pool.map(func, chunks)

    def close(self) -> None:
        global _JOB
        if self.pool is not None:
            self.pool.shutdown()
            self.pool = None
        _JOB = None


def run_cases(fund: Fund, cases: list[CaseDir], ctx: Context, options: Any,
              progress: Progress | None = None, whole_fund: bool = False,
              annex: bool = False) -> Iterator[Outcome]:
    """Every case's outcome (in an order of their own): from the cache when nothing the
    case depends on changed, else checked, on both cores for many cases.

    ``whole_fund``: ``cases`` are all the fund's cases, so cache entries of cases that no
    longer exist are dropped. ``annex``: a checked case's outcome has its slim models.
    """
    keep_models = bool(getattr(options, "explain", False))
    use_cache = getattr(options, "cache", True) and not keep_models
    key = ""
    if use_cache:
        settings = {key: value for key, value in vars(options).items()
                    if key not in ("cache", "jobs")}
        key = fingerprint(fund.root, fund.profile.raw, settings)
    shards: dict[int, list[int]] = {}
    for index, case in enumerate(cases):
        shards.setdefault(shard_of(_name(case)), []).append(index)
    base = os.fspath(fund.root) + os.sep
    total, done = len(cases), 0
    workers = _Workers((fund, ctx, keep_models, annex, cases), getattr(options, "jobs", None))
    try:
        for shard, indices in sorted(shards.items()):
            cache = ResultCache(fund.root, key, shard) if use_cache else None
            names = {index: _name(cases[index]) for index in indices}
            todo: list[tuple[int, Scan]] = []
            for index in indices:
                hit, scan = _lookup(cache, names[index], base + names[index].replace("/", os.sep),
                                    cases[index].stage.key == "active")
                if hit is None:
                    todo.append((index, scan))
                    continue
                done += 1
                yield Outcome(cases[index], hit[0], None, hit[1], scan)
            if progress:
                progress(done, total)
            position = 0
            # the misses of this shard, times the shards: what the whole run will check
            expected = len(todo) * len(shards)
            for part in workers.map(_check_chunk, [index for index, _ in todo], expected,
                                    PARALLEL_MIN, CHUNK):
                for results, period, payload in part:
                    index, scan = todo[position]
                    position += 1
                    fresh: list[Doc] = [(result.file, result.doc_type, result.findings,
                                        result.unreadable) for result in results]
                    if cache is not None:
                        cache.put(names[index], scan, fresh, period)
                    done += 1
                    yield Outcome(cases[index], fresh, results, period, scan, payload)
                if progress:
                    progress(done, total)
            if cache is not None:
                if whole_fund:
                    cache.prune(set(names.values()))
                cache.save()
        if use_cache and whole_fund:
            remove_stale_files(fund.root, set(shards))
    finally:
        workers.close()


def _name(case: CaseDir) -> str:
    """What ``fund.rel(case.path)`` gives, quicker: a stage's folder is a plain name in the
    fund's root."""
    return f"{case.stage.dir}/{case.id}"


def _lookup(cache: ResultCache | None, name: str, path: str, calendar: bool
            ) -> tuple[tuple[list[Doc], list[str] | None] | None, Scan]:
    """The cached results of a case, if current, and its scan. Stat calls are what a warm run
    costs (the kernel serialises them: two processes gain nothing), so a case is checked by
    stat'ing just the entries its cache entry lists; only on a miss is the folder listed.
    ``calendar``: the scan must tell the reports submitted (active cases)."""
    entry = cache.entry(name) if cache is not None else None
    if cache is not None and entry is not None:
        quick = quick_scan(path, entry[3], calendar)
        if quick is not None and quick.signature == entry[0]:
            hit = cache.results(name, entry)
            if hit is not None:
                return hit, quick
    # a full scan of the same names gives the same signature, so it cannot hit either
    scan = scan_case(path)
    assert scan is not None  # a full scan always answers
    return None, scan


_MAP: Callable[[Any], Any] | None = None


def _map_chunk(chunk: list[Any]) -> list[Any]:
    assert _MAP is not None
    return [_MAP(item) for item in chunk]


def parallel_map(func: Callable[[Any], Any], items: list[Any], jobs: int | None = None,
                 progress: Progress | None = None) -> list[Any]:
    """``[func(item) for item in items]``, on both cores when there are many items;
    ``progress(done, total)`` is told as the work goes.

    Needs ``fork`` (the worker inherits ``func``, closures included); elsewhere serial.
    """
    total = len(items)
    workers = _jobs(jobs, total)
    if workers == 1 or not _forkable():
        results = []
        for number, item in enumerate(items, 1):
            results.append(func(item))
            if progress and (number % 25 == 0 or number == total):
                progress(number, total)
        return results
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    global _MAP
    _MAP = func
    try:
        chunks = [items[start:start + CHUNK] for start in range(0, total, CHUNK)]
        results = []
        with ProcessPoolExecutor(workers, mp_context=multiprocessing.get_context("fork")
                                 ) as pool:
            for part in pool.map(_map_chunk, chunks):
                results.extend(part)
                if progress:
                    progress(len(results), total)
        return results
    finally:
        _MAP = None


def _forkable() -> bool:
    """Worker processes inherit the job by ``fork`` (not on Windows)."""
    return hasattr(os, "fork")


def _jobs(requested: int | None, work: int) -> int:
    if requested is not None:
        return max(1, requested)
    if work < PARALLEL_MIN:
        return 1
    return max(1, min(2, os.cpu_count() or 1))
