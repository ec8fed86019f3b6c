"""The user's own cache: what socinv builds from files that seldom change, kept between runs.

A built profile, a parsed ``fund.yaml`` and compiled templates cost more to make than every
other part of a small command (issue 18). They are kept in the user's cache folder —
``SOCINV_CACHE_DIR``, else ``$XDG_CACHE_HOME/socinv`` or ``~/.cache/socinv``, created
``0700`` — and never in the fund's shared folder: what is read back from here is pickled
objects or compiled code, which only the user who wrote it may be trusted with. A value is
kept under a key made from everything it depends on (socinv's and Python's versions and the
bytes of each source file), so a changed source is never answered from the cache. Any trouble
with the cache (none writable, a damaged file) only means building the value again.
"""

from __future__ import annotations

import contextlib
import functools
import marshal
import os
import sys
from pathlib import Path
from typing import Any

try:  # the C pickler itself: pickle.py and what it imports cost more than the load
    from _pickle import dumps as _dumps
    from _pickle import loads as _loads
except ImportError:  # pragma: no cover - not CPython
    from pickle import dumps as _dumps
    from pickle import loads as _loads

try:  # hashlib would load OpenSSL: 5 ms of every run, for a hash the standard library has
    from _blake2 import blake2b
except ImportError:  # pragma: no cover - not CPython
    from hashlib import blake2b

from socinv import __version__


def cache_dir(kind: str) -> Path:
    """The folder of one kind of value (``templates``, ``profiles``, ``yaml``)."""
    environ = os.environ
    return _cache_dir(kind, environ.get("SOCINV_CACHE_DIR"), environ.get("XDG_CACHE_HOME"),
                      environ.get("HOME"))


@functools.lru_cache(maxsize=64)
def _cache_dir(kind: str, own: str | None, xdg: str | None, home: str | None) -> Path:
    """Made once for each setting of the variables it depends on (a command asks for it
    once a document)."""
    if own:
        return Path(own) / kind
    return (Path(xdg) if xdg else Path.home() / ".cache") / "socinv" / kind


def key_of(*parts: str | bytes) -> str:
    """A key for a value made from ``parts`` by this socinv on this Python."""
    digest = blake2b(digest_size=20)
    for part in (__version__, sys.version, *parts):
        digest.update(part if isinstance(part, bytes) else
                      part.encode("utf-8", "surrogatepass"))
        digest.update(b"\0")
    return digest.hexdigest()


def code_stamp(*parts: str) -> str:
    """The size and time of each module under ``parts`` of socinv (folders or files, such as
    ``profiles`` or ``io/yamlio.py``): a value built by changed code is never read back, even
    within one version (a development checkout). Each part is looked at once a process."""
    return "|".join(_stamp(part) for part in parts)


@functools.cache
def _stamp(part: str) -> str:
    package = os.path.dirname(os.path.abspath(__file__))  # noqa: PTH100, PTH120 - hot path
    stamps: list[str] = []
    path = os.path.join(package, part)  # noqa: PTH118
    try:
        if part.endswith(".py"):
            status = os.stat(path)  # noqa: PTH116
            return f"{part}:{status.st_size}:{status.st_mtime_ns}"
        with os.scandir(path) as entries:
            for entry in entries:
                if entry.name.endswith(".py"):
                    status = entry.stat()
                    stamps.append(f"{part}/{entry.name}:{status.st_size}:{status.st_mtime_ns}")
    except OSError:
        return f"{part}:?"
    return "|".join(sorted(stamps))


#: the digest of the last profile's data (a command keys several caches by the same profile)
_RAW: list[tuple[dict[str, Any], str]] = []


def profile_digest(profile_raw: dict[str, Any]) -> str:
    """A digest of a profile's merged data, for the keys of what depends on the profile."""
    if _RAW and _RAW[0][0] is profile_raw:
        return _RAW[0][1]
    import json

    value = blake2b(json.dumps(profile_raw, sort_keys=True, default=str).encode()).hexdigest()
    remember_digest(profile_raw, value)
    return value


def remember_digest(profile_raw: dict[str, Any], value: str) -> None:
    """``value`` is the digest of ``profile_raw`` (kept with a profile in this cache)."""
    _RAW[:] = [(profile_raw, value)]  # held, so its id cannot be another's


def source_hash(data: bytes) -> str:
    return blake2b(data, digest_size=20).hexdigest()


def _path(kind: str, key: str, suffix: str) -> Path | None:
    try:
        return cache_dir(kind) / f"{key}.{suffix}"
    except RuntimeError:  # no home folder
        return None


def load(kind: str, key: str, *, code: bool = False) -> Any | None:
    """The value kept under ``key``, or None. ``code``: compiled code, kept by ``marshal``
    (which, unlike pickle, can keep code objects); else a pickled value."""
    path = _path(kind, key, "marshal" if code else "pickle")
    if path is None:
        return None
    try:
        # read whole: marshal.load() reads a file a few bytes at a time, ten times slower
        data = path.read_bytes()
        return marshal.loads(data) if code else _loads(data)  # the user's own 0700 folder
    except Exception:  # missing, damaged or of an older socinv: build anew
        return None


def store(kind: str, key: str, value: Any, *, code: bool = False,
          bound: int | None = None) -> None:
    """Keep ``value`` under ``key``; written whole (a temporary file, then renamed).
    ``bound``: the most values of ``kind`` to keep; the oldest go (looked at once in about
    256 stores: keys are hashes, so "00…" is as often as any two first digits)."""
    path = _path(kind, key, "marshal" if code else "pickle")
    if path is None:
        return
    try:
        data = marshal.dumps(value) if code else _dumps(value, protocol=5)
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
        temporary.write_bytes(data)
        temporary.replace(path)
        if bound is not None and key.startswith("00"):
            prune(path.parent, bound)
    except Exception:  # a cache that cannot be written costs only time
        pass


def prune(folder: Path, bound: int) -> None:
    """Remove the oldest values in ``folder`` beyond the ``bound`` newest."""
    with os.scandir(folder) as listing:
        entries = [(entry.stat().st_mtime_ns, entry.path) for entry in listing
                   if entry.is_file(follow_symlinks=False)]
    entries.sort(reverse=True)
    for _, path in entries[bound:]:
        with contextlib.suppress(OSError):  # removed by another process meanwhile
            os.unlink(path)  # noqa: PTH108
