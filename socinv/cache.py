"""The validation cache: per-case results, reused only when nothing they depend on changed.

A case's entry is keyed by the stat signature (name, size, mtime, ctime, inode)
of every file in its folder and its ``reports/`` folder; the whole cache is
keyed by a fingerprint of everything else a result depends on: socinv's
version, the profile, ``fund.yaml``, ``unit_costs.yaml``, the validation
options and today's date. Any write to a file changes its ctime (which, unlike
mtime, no tool can set back), so a stale entry is never used. The cache is
JSON (never pickle: it lives in a shared folder) in ``.socinv/cache/`` of the
fund; deleting it is always safe.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import json
import os
import re
import string
from pathlib import Path
from typing import Any

from socinv import __version__
from socinv.errors import UserError
from socinv.io.guard import read_bytes
from socinv.io.jsonio import read_state
from socinv.rules.catalogue import RULES
from socinv.rules.findings import Finding

CACHE_DIR = Path(".socinv") / "cache"
CACHE_FILE = "validate.json"
FORMAT = 3
MAX_CACHE_BYTES = 256 * 1024 * 1024  # ~400 bytes a case: far beyond any fund

def case_signature(case_dir: Path) -> str:
    """A digest of the stat of every entry in the case folder and its reports/ folder."""
    entries: list[tuple[Any, ...]] = []
    base = os.fspath(case_dir)
    folders = [("", base)]
    while folders:
        prefix, folder = folders.pop()
        try:
            with os.scandir(folder) as scan:
                for entry in scan:
                    stat = entry.stat(follow_symlinks=False)
                    entries.append((prefix + entry.name, stat.st_size, stat.st_mtime_ns,
                                    stat.st_ctime_ns, stat.st_ino))
                    if not prefix and entry.name == "reports":
                        folders.append(("reports/", entry.path))
        except (FileNotFoundError, NotADirectoryError):
            continue
    entries.sort()
    return hashlib.blake2b(repr(entries).encode(), digest_size=16).hexdigest()


def fingerprint(root: Path, profile_raw: dict[str, Any], options: object) -> str:
    digest = hashlib.sha256()
    digest.update(f"{FORMAT}|{__version__}|{dt.date.today().isoformat()}|{options!r}".encode())
    digest.update(json.dumps(profile_raw, sort_keys=True, default=str).encode())
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
    if not (isinstance(file, str) and isinstance(field, str) and code in _PARAMS
            and all(value is None or (isinstance(value, int) and not isinstance(value, bool))
                    for value in (line, column))
            and (place is None or isinstance(place, str))
            and severity in (None, "error", "warning") and isinstance(params, list)):
        raise ValueError("not a cached finding")
    pairs = tuple((key, value) for key, value in params)
    if not all(isinstance(key, str) and _param(value) for key, value in pairs) or not (
            _PARAMS[code] <= {key for key, _ in pairs} | {"field"}):
        raise ValueError("not a cached finding")
    return Finding(file=file, code=code, field=field, line=line, column=column, place=place,
                   params=pairs, severity_override=severity)


def _param(value: Any) -> bool:
    if isinstance(value, dict):
        return all(isinstance(key, str) and isinstance(text, str)
                   for key, text in value.items())
    return isinstance(value, str | int | float) and not isinstance(value, bool)


def _names(template: str) -> set[str]:
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


#: rule code → the names its messages need, so a cached finding always renders
_PARAMS = {code: set().union(*(_names(text) for text in rule.message.values()))
           for code, rule in RULES.items()}


def results_from_json(hit: Any) -> list[tuple[str, str, list[Finding], bool]] | None:
    """A case's cached results, or None when the entry is damaged (then it is checked anew)."""
    try:
        results = []
        for file, kind, found, unreadable in hit:
            if not (isinstance(file, str) and isinstance(kind, str)
                    and isinstance(unreadable, bool) and isinstance(found, list)):
                return None
            results.append((file, kind, [finding_from_json(item) for item in found],
                            unreadable))
        return results
    except (TypeError, ValueError):
        return None


_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}")


class ResultCache:
    """Load once, look up per case, save once if anything changed."""

    def __init__(self, root: Path, key: str) -> None:
        self.path = root / CACHE_DIR / CACHE_FILE
        self.key = key
        self.entries: dict[str, Any] = {}
        self.changed = False
        self.hits = 0
        self.usable = _real_folders(root)
        data = read_state(self.path, MAX_CACHE_BYTES) if self.usable else None
        if isinstance(data, dict) and data.get("key") == key and isinstance(
                data.get("cases"), dict):
            self.entries = data["cases"]

    def get(self, case: str, signature: str
            ) -> tuple[list[tuple[str, str, list[Finding], bool]], list[str] | None] | None:
        """(results, project period as ISO dates or None) when the entry is current."""
        entry = self.entries.get(case)
        if not (isinstance(entry, list) and len(entry) == 3 and entry[0] == signature):
            return None
        results = results_from_json(entry[1])
        period = entry[2]
        if results is None or not (period is None or (
                isinstance(period, list) and len(period) == 2
                and all(isinstance(day, str) and _ISO_DAY.fullmatch(day) for day in period))):
            return None
        self.hits += 1
        return results, period

    def put(self, case: str, signature: str, results: list[Any],
            period: list[str] | None) -> None:
        self.entries[case] = [signature, results, period]
        self.changed = True

    def prune(self, keep: set[str]) -> None:
        stale = set(self.entries) - keep
        for case in stale:
            del self.entries[case]
        self.changed = self.changed or bool(stale)

    def save(self) -> None:
        """Write the cache, if anything changed; a read-only or full disk only skips it."""
        if not self.changed or not self.usable:
            return
        from socinv.io.atomic import write_text_atomic

        with contextlib.suppress(OSError, Exception):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(self.path, json.dumps({"key": self.key, "cases": self.entries},
                                                    separators=(",", ":")), overwrite=True)


def _real_folders(root: Path) -> bool:
    """``.socinv`` and ``.socinv/cache`` are folders of the fund, not links elsewhere."""
    return not any((root / part).is_symlink() for part in (CACHE_DIR.parent, CACHE_DIR))
