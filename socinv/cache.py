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
from pathlib import Path
from typing import Any

from socinv import __version__
from socinv.rules.findings import Finding

CACHE_DIR = Path(".socinv") / "cache"
CACHE_FILE = "validate.json"
FORMAT = 2

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
        with contextlib.suppress(OSError):
            digest.update(name.encode() + (root / name).read_bytes())
    return digest.hexdigest()


def finding_to_json(finding: Finding) -> list[Any]:
    return [finding.file, finding.code, finding.field, finding.line, finding.column,
            finding.place, [list(pair) for pair in finding.params], finding.severity_override]


def finding_from_json(data: list[Any]) -> Finding:
    file, code, field, line, column, place, params, severity = data
    return Finding(file=file, code=code, field=field, line=line, column=column, place=place,
                   params=tuple((key, value) for key, value in params),
                   severity_override=severity)


class ResultCache:
    """Load once, look up per case, save once if anything changed."""

    def __init__(self, root: Path, key: str) -> None:
        self.path = root / CACHE_DIR / CACHE_FILE
        self.key = key
        self.entries: dict[str, Any] = {}
        self.changed = False
        self.hits = 0
        with contextlib.suppress(OSError, ValueError, TypeError, KeyError):
            data = json.loads(self.path.read_text(encoding="utf-8"))
            if data.get("key") == key and isinstance(data.get("cases"), dict):
                self.entries = data["cases"]

    def get(self, case: str, signature: str) -> list[Any] | None:
        entry = self.entries.get(case)
        if entry is None or entry[0] != signature:
            return None
        self.hits += 1
        return list(entry[1])

    def put(self, case: str, signature: str, results: list[Any]) -> None:
        self.entries[case] = [signature, results]
        self.changed = True

    def prune(self, keep: set[str]) -> None:
        stale = set(self.entries) - keep
        for case in stale:
            del self.entries[case]
        self.changed = self.changed or bool(stale)

    def save(self) -> None:
        if not self.changed:
            return
        from socinv.io.atomic import write_text_atomic

        with contextlib.suppress(OSError, Exception):
            self.path.parent.mkdir(parents=True, exist_ok=True)
            write_text_atomic(self.path, json.dumps({"key": self.key, "cases": self.entries},
                                                    separators=(",", ":")), overwrite=True)
