"""File-system faults for the reliability tests: real where the machine allows, else simulated.

Where the tests run as root with the right to mount (CI, the development
container), a read-only drive is a read-only bind mount, a full disk is a small
``tmpfs`` filled to the last byte, and "another file system" is a ``tmpfs``
mounted on a stage folder. Elsewhere — or with ``SOCINV_TEST_SIMULATE=1``, which
proves the fallback — the same faults are simulated in-process by making the
``os`` calls socinv writes through fail with ``EROFS``/``ENOSPC``/another
``st_dev``. The tests assert the same user-visible outcome either way.
"""

from __future__ import annotations

import contextlib
import errno
import os
import shutil
import stat
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest


def can_mount() -> bool:
    """Root with ``mount``, and the real faults not switched off."""
    return (not os.environ.get("SOCINV_TEST_SIMULATE") and hasattr(os, "geteuid")
            and os.geteuid() == 0 and shutil.which("mount") is not None)


def _mount(*args: str) -> bool:
    result = subprocess.run(["mount", *args], capture_output=True, text=True, check=False)
    return result.returncode == 0


def _umount(path: Path) -> None:
    subprocess.run(["umount", "-l", str(path)], capture_output=True, check=False)


@contextlib.contextmanager
def read_only(root: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """``root`` read-only: a bind mount remounted ``ro``, else every write below it fails."""
    if can_mount() and _mount("--bind", str(root), str(root)):
        if _mount("-o", "remount,bind,ro", str(root)):
            try:
                yield "mounted"
            finally:
                _umount(root)
            return
        _umount(root)
    with monkeypatch.context() as patch:
        _refuse_writes(patch, root, errno.EROFS)
        yield "simulated"


@contextlib.contextmanager
def full_disk(parent: Path, source: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A copy of the fund ``source`` on a disk with no room left; yields the copy."""
    place = parent / "disk"
    place.mkdir()
    if can_mount() and _mount("-t", "tmpfs", "-o", "size=4m", "tmpfs", str(place)):
        try:
            fund = place / "fund"
            shutil.copytree(source, fund, ignore=shutil.ignore_patterns(".socinv"))
            with contextlib.suppress(OSError), (place / "filler").open("wb") as filler:
                while True:
                    filler.write(b"\0" * 65536)
                    filler.flush()
            yield fund
        finally:
            _umount(place)
        return
    fund = place / "fund"
    shutil.copytree(source, fund, ignore=shutil.ignore_patterns(".socinv"))
    with monkeypatch.context() as patch:
        fail_file_writes(patch, lambda _: True)
        yield fund


@contextlib.contextmanager
def other_file_system(folder: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    """``folder`` (kept with its content) on another file system than its parent."""
    if can_mount():
        keep = folder.with_name(folder.name + ".keep")
        folder.rename(keep)
        folder.mkdir()
        if _mount("-t", "tmpfs", "-o", "size=8m", "tmpfs", str(folder)):
            try:
                for child in keep.iterdir():
                    shutil.copytree(child, folder / child.name, symlinks=True) if child.is_dir() \
                        else shutil.copy2(child, folder / child.name)
                yield "mounted"
            finally:
                _umount(folder)
                folder.rmdir()
                keep.rename(folder)
            return
        folder.rmdir()
        keep.rename(folder)
    real_stat = Path.stat
    target = str(folder)

    def other_device(self: Path, **kwargs: Any) -> os.stat_result:
        result = real_stat(self, **kwargs)
        if str(self) == target:
            values = list(result)
            values[2] = result.st_dev + 1  # st_dev
            return os.stat_result(values)
        return result

    with monkeypatch.context() as patch:
        patch.setattr(Path, "stat", other_device)
        yield "simulated"


def fail_file_writes(patch: pytest.MonkeyPatch, fail: Callable[[int], bool]) -> list[int]:
    """``fsync`` of a regular file fails with ENOSPC when ``fail(n)`` for the n-th (1-based).

    Every writer in socinv flushes and fsyncs a temporary file before it moves it
    into place, so this is the disk filling up at that write. Returns the list of
    call numbers seen (to count the writes of a command).
    """
    real = os.fsync
    calls: list[int] = []

    def fsync(fd: int) -> None:
        if stat.S_ISREG(os.fstat(fd).st_mode):
            calls.append(len(calls) + 1)
            if fail(len(calls)):
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(fd)

    patch.setattr(os, "fsync", fsync)
    return calls


def _refuse_writes(patch: pytest.MonkeyPatch, root: Path, code: int) -> None:
    """Every call that would change something below ``root`` fails with ``code``."""
    base = os.fspath(root.resolve())

    def below(path: Any) -> bool:
        if isinstance(path, int):
            return False
        text = str(Path(os.fsdecode(path)).absolute())
        return text == base or text.startswith(base + os.sep)

    def refuse(path: Any) -> None:
        if below(path):
            raise OSError(code, os.strerror(code), os.fsdecode(path))

    real_open = os.open
    writing = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_TRUNC | os.O_APPEND

    def open_(path: Any, flags: int, mode: int = 0o777, *args: Any, **kwargs: Any) -> int:
        if flags & writing:
            refuse(path)
        return real_open(path, flags, mode, *args, **kwargs)

    patch.setattr(os, "open", open_)
    for name in ("mkdir", "rmdir", "unlink", "remove", "chmod"):
        real = getattr(os, name)

        def one(path: Any, *args: Any, _real: Any = real, **kwargs: Any) -> Any:
            refuse(path)
            return _real(path, *args, **kwargs)

        patch.setattr(os, name, one)
    for name in ("rename", "replace", "link", "symlink"):
        real = getattr(os, name)

        def two(source: Any, target: Any, *args: Any, _real: Any = real, **kwargs: Any) -> Any:
            refuse(source)
            refuse(target)
            return _real(source, target, *args, **kwargs)

        patch.setattr(os, name, two)
