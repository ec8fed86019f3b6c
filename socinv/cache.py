"""The validation cache: per-case results, reused only when nothing they depend on changed.

A case's entry is keyed by the stat signature (name, size, mtime, ctime, inode)
of every file in its folder and its ``reports/`` folder (and, for a link, of what
it points at); the cache as a whole is keyed by a fingerprint of everything else
a result depends on: socinv's version, the profile, ``fund.yaml``,
``unit_costs.yaml``, the validation options and today's date. Any write to a
file changes its ctime (which, unlike mtime, no tool can set back), so a stale
entry is never used. The cache is JSON (never pickle: it lives in a shared
folder) in ``.socinv/cache/`` of the fund, split over ``SHARDS`` files by case so
that a run holds one part in memory at a time and rewrites only the parts that
changed; deleting it is always safe.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import json
import os
import re
import stat
import sys
import time
import zlib
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

try:  # hashlib would load OpenSSL: 5 ms of every run, for a hash the standard library has
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - not CPython
    from hashlib import blake2b

from socinv import __version__
from socinv.errors import UserError
from socinv.io.guard import read_bytes
from socinv.io.jsonio import read_state
from socinv.model.doctypes import DOCUMENT_SUFFIXES
from socinv.profiles.vocabulary import DEFAULT as DEFAULT_VOCABULARY
from socinv.rules.catalogue import RULES
from socinv.rules.findings import Finding
from socinv.usercache import profile_digest

CACHE_DIR = Path(".socinv") / "cache"
LEGACY_FILE = "validate.json"  # one file for the whole fund, before format 4
FORMAT = 5
SHARDS = 16
MAX_CACHE_BYTES = 64 * 1024 * 1024  # a shard: ~250 bytes a case, far beyond any fund
_FINAL_NAMES = frozenset(f"final_report{suffix}" for suffix in DOCUMENT_SUFFIXES)


class Scan(NamedTuple):
    """What one pass over a case folder tells: its signature, its entries, and the files the
    reporting calendar needs (so that nothing is stat'ed twice)."""

    signature: int  # hash() of integers: the same in every process of one Python version
    names: str  # the entries, sorted, one a line ("application.yaml", "reports/2026-annual.yaml")
    submitted: frozenset[str]  # report names in reports/ ("2026-interim"), as the calendar counts
    final_report: bool
    racy: bool  # changed so recently, on a file system with coarse times, that a change
    #             within the same tick could go unseen: not to be cached


#: file systems that keep times to the second (FAT, HFS+, some shares) could hide an edit made
#: within the same tick as a scan; results younger than this there are not cached
RACY_NS = 2_000_000_000


def list_case(case_dir: str) -> list[str]:
    """The entries of a case folder and of its reports/ folder (followed if a link, as the
    reader follows it), sorted."""
    names: list[str] = []
    with os.scandir(case_dir) as listing:
        for entry in listing:
            names.append(entry.name)
            if entry.name == "reports" and entry.is_dir():
                with contextlib.suppress(OSError), os.scandir(entry.path) as reports:
                    names.extend(f"reports/{inner.name}" for inner in reports)
    names.sort()
    return names


def _calendar_file(name: str, submitted: list[str]) -> bool:
    """A regular file, as the calendar counts it: a report in reports/ goes to
    ``submitted``; True when it is the final report."""
    if name.startswith("reports/"):
        dot = name.rfind(".")
        if dot > 8 and name[dot:].lower() in DOCUMENT_SUFFIXES:
            submitted.append(name[8:dot])
        return False
    return name in _FINAL_NAMES


def quick_scan(case_dir: str, known: str, calendar: bool) -> Scan | None:
    """``scan_case(case_dir, known)`` for the common case of no links, in fewer steps (the
    hot loop of a warm run); the calendar's facts only when ``calendar``."""
    names = known.split("\n") if known else []
    base = case_dir + os.sep
    lstat = os.lstat
    try:
        top = os.stat(case_dir, follow_symlinks=False)
        found = [lstat(base + name) for name in names]
    except OSError:
        return None
    values = [top.st_mtime_ns, top.st_ctime_ns, top.st_ino]
    for status in found:
        if stat.S_ISLNK(status.st_mode):
            return scan_case(case_dir, known)
        values += (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)
    submitted: list[str] = []
    final_report = False
    if calendar:
        for name, status in zip(names, found, strict=True):
            if stat.S_ISREG(status.st_mode):
                final_report = _calendar_file(name, submitted) or final_report
    return Scan(hash(tuple(values)), known, frozenset(submitted), final_report, False)


def scan_case(case_dir: str, known: str | None = None) -> Scan | None:
    """The stat of the case folder and of every entry in it and its reports/ folder, as a
    signature. With ``known`` (the names of an earlier scan) only those are stat'ed, without
    listing the folders: if an entry was added or removed since, the folder's own times
    differ and so does the signature. None when ``known`` names an entry that is gone."""
    try:
        names = list_case(case_dir) if known is None else known.split("\n") if known else []
        top = os.stat(case_dir, follow_symlinks=False)
    except (FileNotFoundError, NotADirectoryError):
        if known is not None:
            return None
        return Scan(0, "", frozenset(), False, False)
    base = case_dir + os.sep
    # size, mtime, ctime and inode of each entry in the order of ``names`` (which the cache
    # entry keeps beside the signature): integers only, so that hash() is the same in every
    # process (strings' hashes are salted per process)
    values = [top.st_mtime_ns, top.st_ctime_ns, top.st_ino]
    changed = [top.st_ctime_ns]  # when each entry last changed
    submitted: list[str] = []
    final_report = linked_reports = False
    lstat, is_link, is_file = os.lstat, stat.S_ISLNK, stat.S_ISREG  # the hot loop of a warm run
    for name in names:
        path = base + name
        try:
            status = lstat(path)
        except OSError:
            if known is not None:
                return None
            values.append(-10)  # markers: not -1 (hash(-1) == hash(-2))
            continue
        mode = status.st_mode
        if is_link(mode):  # the reader follows links: so does the signature
            linked_reports = linked_reports or name == "reports"
            try:
                target = os.stat(path)
            except OSError:
                values += (-20, status.st_ino, status.st_ctime_ns)
                continue
            values += (-30, status.st_ino, status.st_ctime_ns, target.st_size,
                       target.st_mtime_ns, target.st_ctime_ns, target.st_ino)
            changed += (status.st_ctime_ns, target.st_ctime_ns)
            mode = target.st_mode
        else:
            values += (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)
            changed.append(status.st_ctime_ns)
        if is_file(mode):
            final_report = _calendar_file(name, submitted) or final_report
    newest = max(changed)
    racy = newest % 1_000_000 == 0 and newest > time.time_ns() - RACY_NS
    return Scan(hash(tuple(values)), "\n".join(names),
                frozenset(() if linked_reports else submitted), final_report, racy)


def shard_of(name: str) -> int:
    """The cache file of the case named ``name`` (its folder relative to the fund root)."""
    return zlib.crc32(name.encode("utf-8")) % SHARDS


def fingerprint(root: Path, profile_raw: dict[str, Any], options: object) -> str:
    digest = blake2b()
    digest.update(f"{FORMAT}|{__version__}|{sys.version}|{sys.hash_info.algorithm}|"
                  f"{dt.date.today().isoformat()}|{options!r}".encode())
    digest.update(profile_digest(profile_raw).encode())
    for name in ("fund.yaml", "unit_costs.yaml"):
        with contextlib.suppress(UserError):
            digest.update(name.encode() + read_bytes(root / name))
    return digest.hexdigest()


def finding_to_json(finding: Finding) -> list[Any]:
    return [finding.file, finding.code, finding.field, finding.line, finding.column,
            finding.place, [list(pair) for pair in finding.params], finding.severity_override]


def finding_from_json(data: list[Any]) -> Finding:
    """A finding read back from the cache; ``ValueError`` if it is not one socinv wrote."""
    file, code, field, line, column, place, params, severity = data
    needed = _params(code) if isinstance(code, str) else None
    if not (isinstance(file, str) and isinstance(field, str) and needed is not None
            and all(value is None or (isinstance(value, int) and not isinstance(value, bool))
                    for value in (line, column))
            and (place is None or isinstance(place, str))
            and severity in (None, "error", "warning") and isinstance(params, list)):
        raise ValueError("not a cached finding")
    pairs = tuple((key, value) for key, value in params)
    if not all(isinstance(key, str) and _param(value) for key, value in pairs) or not (
            needed <= {key for key, _ in pairs} | {"field"}):
        raise ValueError("not a cached finding")
    return Finding(file=file, code=code, field=field, line=line, column=column, place=place,
                   params=pairs, severity_override=severity)


def _param(value: Any) -> bool:
    if isinstance(value, dict):
        return all(isinstance(key, str) and isinstance(text, str)
                   for key, text in value.items())
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def _names(template: str) -> set[str]:
    import string  # a message's names: only when a cached finding is read

    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


#: rule code → the names its messages need, so a cached finding always renders
#: the profile's words (``{process_group}``) are filled in when a message is shown
@functools.cache
def _params(code: str) -> set[str] | None:
    rule = RULES.get(code)
    if rule is None:
        return None
    words = set(DEFAULT_VOCABULARY.placeholders("sv"))
    return set().union(*(_names(text) for text in rule.message.values())) - words


#: one document's cached result: (file, document type, findings, unreadable)
Doc = tuple[str, str, list[Finding], bool]


def results_from_json(hit: Any, case: str) -> list[Doc] | None:
    """A case's cached results, or None when the entry is damaged (then the case is checked
    anew). ``hit`` is [clean, other]: ``clean`` the documents without findings as lines of
    "file<TAB>type" (most of a fund, and quick to read back), ``other`` the rest as
    [file, type, unreadable, findings]; files are relative to the case folder ``case``."""
    try:
        clean, other = hit
        if not (isinstance(clean, str) and isinstance(other, list)):
            return None
        results: list[Doc] = []
        if clean:
            for line in clean.split("\n"):
                file, tab, kind = line.partition("\t")
                if not (tab and file and kind):
                    return None
                results.append((f"{case}/{file}", kind, [], False))
        for file, kind, unreadable, found in other:
            if not (isinstance(file, str) and isinstance(kind, str)
                    and isinstance(unreadable, bool) and isinstance(found, list)):
                return None
            results.append((f"{case}/{file}", kind, [finding_from_json(item) for item in found],
                            unreadable))
        return results
    except (TypeError, ValueError):
        return None


def results_to_json(results: list[Doc], case: str) -> list[Any] | None:
    """The JSON of a case's results (see ``results_from_json``), or None when a file lies
    outside the case folder or a name cannot be stored as a line."""
    prefix = case + "/"
    clean: list[str] = []
    other: list[Any] = []
    for file, kind, found, unreadable in results:
        name = file[len(prefix):]
        if not file.startswith(prefix) or any(mark in name + kind for mark in "\t\n\r"):
            return None
        if found or unreadable:
            other.append([name, kind, unreadable, [finding_to_json(f) for f in found]])
        else:
            clean.append(f"{name}\t{kind}")
    return ["\n".join(clean), other]


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class ResultCache:
    """One shard of the cache: loaded once, looked up per case, saved once if it changed."""

    def __init__(self, root: Path, key: str, shard: int, kind: str = "validate") -> None:
        self.root = root
        self.path = root / CACHE_DIR / f"{kind}-{shard:02d}.json"
        self.key = key
        self.entries: dict[str, Any] = {}
        self.changed = False
        self.hits = 0
        self.usable = _real_folders(root)
        data = read_state(self.path, MAX_CACHE_BYTES) if self.usable else None
        if isinstance(data, dict) and data.get("key") == key and isinstance(
                data.get("cases"), dict):
            self.entries = data["cases"]

    def entry(self, case: str) -> list[Any] | None:
        """The case's entry, [signature, period, results, names], if it has that shape."""
        entry = self.entries.get(case)
        if type(entry) is list and len(entry) == 4 and type(entry[3]) is str \
                and type(entry[0]) is int:
            return entry
        return None

    def results(self, case: str, entry: list[Any]
                ) -> tuple[list[Doc], list[str] | None] | None:
        """(results, project period as ISO dates or None) of a current entry; None when it
        is damaged."""
        period = entry[1]
        if not (period is None or (
                isinstance(period, list) and len(period) == 2
                and all(isinstance(day, str) and _ISO_DAY.fullmatch(day) for day in period))):
            return None
        results = results_from_json(entry[2], case)
        if results is None:
            return None
        self.hits += 1
        return results, period

    def put(self, case: str, scan: Scan, results: list[Doc], period: list[str] | None) -> None:
        stored = results_to_json(results, case)
        if stored is None or scan.racy:
            self.entries.pop(case, None)  # not cacheable: checked anew next time
        else:
            self.entries[case] = [scan.signature, period, stored, scan.names]
        self.changed = True

    def store(self, case: str, scan: Scan, payload: Any, period: list[str] | None) -> None:
        """Keep ``payload`` (JSON data of the caller's own) for the case, as ``put`` keeps
        results: under the scan's signature, unless the scan is racy."""
        if scan.racy:
            self.entries.pop(case, None)
        else:
            self.entries[case] = [scan.signature, period, payload, scan.names]
        self.changed = True

    def prune(self, keep: set[str]) -> None:
        stale = set(self.entries) - keep
        for case in stale:
            del self.entries[case]
        self.changed = self.changed or bool(stale)

    def save(self) -> None:
        """Write the shard, if anything changed (an empty one is removed); a read-only or
        full disk only skips it."""
        if not self.changed or not self.usable:
            return
        from socinv.io.atomic import write_text_atomic

        with contextlib.suppress(OSError, Exception):
            if not self.entries:
                self.path.unlink(missing_ok=True)
                return
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(self.path, json.dumps({"key": self.key, "cases": self.entries},
                                                    separators=(",", ":")), overwrite=True,
                              durable=False)  # a cache lost in a power cut is only rebuilt


#: what each kind of cache learnt in this command, by kind, written by ``save_deferred``
#: once the command's output is written: a command that ends in an error never calls it,
#: so nothing in the fund changes
_DEFERRED: dict[str, Callable[[], None]] = {}


def defer(kind: str, save: Callable[[], None]) -> None:
    """Have ``save`` write ``kind``'s cache at ``save_deferred`` (the last one of a kind)."""
    _DEFERRED[kind] = save


def save_deferred() -> None:
    """Write every cache the command deferred (after its output is written)."""
    while _DEFERRED:
        _DEFERRED.pop(next(iter(_DEFERRED)))()


class CaseCache:
    """A command's own payload per case folder, in ``ResultCache`` shards of ``kind``
    (``export``, ``round``): a payload is used while the folder's stat signature is the one
    it was stored under, as the validation cache uses its findings."""

    def __init__(self, root: Path, key: str, kind: str) -> None:
        self.root, self.key, self.kind = root, key, kind
        self.shards: dict[int, ResultCache] = {}

    def _shard(self, name: str) -> ResultCache:
        number = shard_of(name)
        store = self.shards.get(number)
        if store is None:
            store = self.shards[number] = ResultCache(self.root, self.key, number, self.kind)
        return store

    def lookup(self, name: str, decode: Callable[[Any], Any]) -> tuple[Any, Scan | None]:
        """(the case's payload through ``decode``, None) while it is current; else (None,
        the case's scan, taken before it is read: a change while reading shows next time).
        ``name`` is the case folder relative to the fund root."""
        path = os.fspath(self.root) + os.sep + name.replace("/", os.sep)
        entry = self._shard(name).entry(name)
        if entry is not None:
            quick = quick_scan(path, entry[3], False)
            if quick is not None and quick.signature == entry[0]:
                kept = decode(entry[2])
                if kept is not None:
                    return kept, None
        return None, scan_case(path)

    def store(self, name: str, scan: Scan | None, payload: Any) -> None:
        if scan is not None and payload is not None:
            self._shard(name).store(name, scan, payload, None)

    def defer(self, keep: set[str]) -> None:
        """Write the shards at ``save_deferred``, without the cases not in ``keep`` (the
        whole fund's)."""
        def save() -> None:
            for store in self.shards.values():
                store.prune(keep)
                store.save()
            remove_stale_files(self.root, set(self.shards), self.kind)

        defer(self.kind, save)


def remove_stale_files(root: Path, shards: set[int], kind: str = "validate") -> None:
    """Remove the cache files of shards no case of the fund falls in, and the cache file of
    earlier socinv versions (whole-fund runs only)."""
    if not _real_folders(root):
        return
    folder = root / CACHE_DIR
    names = {LEGACY_FILE, *(f"{kind}-{shard:02d}.json" for shard in range(SHARDS)
                            if shard not in shards)}
    for name in names:
        with contextlib.suppress(OSError):
            path = folder / name
            if path.is_file() and not path.is_symlink():
                path.unlink()


def _real_folders(root: Path) -> bool:
    """``.socinv`` and ``.socinv/cache`` are folders of the fund, not links elsewhere."""
    return not any((root / part).is_symlink() for part in (CACHE_DIR.parent, CACHE_DIR))


def fund_signature(root: Path, profile_raw: dict[str, Any], what: str,
                   scans: list[tuple[str, Scan]]) -> str | None:
    """A key for a result computed across the whole fund: the fingerprint (profile,
    fund.yaml, unit costs, socinv, today) and every case folder's signature. None when a
    folder changed too recently to trust its times (then the result is computed anew)."""
    if any(scan.racy for _, scan in scans):
        return None
    digest = blake2b()
    digest.update(fingerprint(root, profile_raw, {"command": what}).encode())
    for name, scan in sorted(scans, key=lambda item: item[0]):
        digest.update(f"{name}|{scan.signature}|".encode())
    return digest.hexdigest()


def memo(root: Path, what: str, key: str | None, compute: Any, encode: Any, decode: Any
         ) -> Any:
    """``compute()``, or its value kept under ``key`` in ``.socinv/cache/WHAT.json`` (via
    ``encode``/``decode``; a damaged or stale file is computed anew, and a file that
    cannot be written only costs the next run the time)."""
    path = root / CACHE_DIR / f"{what}.json"
    usable = key is not None and _real_folders(root)
    if usable:
        data = read_state(path, MAX_CACHE_BYTES)
        if isinstance(data, dict) and data.get("key") == key:
            with contextlib.suppress(TypeError, ValueError, KeyError, AttributeError):
                return decode(data["value"])
    value = compute()
    if usable:
        from socinv.io.atomic import write_text_atomic

        with contextlib.suppress(OSError, Exception):
            path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(path, json.dumps({"key": key, "value": encode(value)},
                                               separators=(",", ":"), default=str),
                              overwrite=True, durable=False)
    return value


def memo_file(root: Path, what: str, key: str, value: dict[str, Any] | None = None
              ) -> dict[str, Any]:
    """``.socinv/cache/WHAT.json`` under ``key``: without ``value`` its content (``{}`` when
    missing, damaged or of another key); with it, written (a failed write only costs the
    next run the time)."""
    path = root / CACHE_DIR / f"{what}.json"
    if not _real_folders(root):
        return {}
    if value is None:
        data = read_state(path, MAX_CACHE_BYTES)
        if isinstance(data, dict) and data.get("key") == key and isinstance(
                data.get("value"), dict):
            return dict(data["value"])
        return {}
    from socinv.io.atomic import write_text_atomic

    with contextlib.suppress(OSError, Exception):
        path.parent.mkdir(parents=True, exist_ok=True)
        write_text_atomic(path, json.dumps({"key": key, "value": value},
                                           separators=(",", ":"), default=str),
                          overwrite=True, durable=False)
    return value
