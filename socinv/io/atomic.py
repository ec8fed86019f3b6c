"""Atomic writes: a temp file beside the target, flushed, then moved into place.

Nothing is ever written through a symlink, and without ``overwrite`` an existing
file is never replaced (``os.link`` fails if the name exists — no race window).
"""

from __future__ import annotations

import contextlib
import errno
import os
from collections.abc import Iterator
from pathlib import Path

from socinv.errors import UserError


def write_bytes_atomic(path: Path, data: bytes, *, overwrite: bool = False,
                       durable: bool = True) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename, so that a reader sees
    the old file or the new one, never half. ``durable=False`` skips the fsync calls, for
    files that may be lost in a power cut (the cache: a damaged one is ignored)."""
    if path.is_symlink():
        raise UserError(f"{path}: är en symbolisk länk; socinv skriver inte genom länkar.",
                        f"{path}: is a symbolic link; socinv does not write through links.")
    if path.exists() and not overwrite:
        raise UserError(f"{path}: finns redan. Använd --force för att skriva över.",
                        f"{path}: already exists. Use --force to overwrite.")
    directory = path.parent
    try:
        handle, temp_name = open_temporary(directory, f".{path.name}.", ".tmp")
    except FileNotFoundError:
        raise UserError(f"{directory}: mappen finns inte.",
                        f"{directory}: the folder does not exist.") from None
    except PermissionError:
        raise UserError(f"{directory}: ingen skrivbehörighet.",
                        f"{directory}: no write permission.") from None
    except OSError as error:  # a read-only file system, a full disk, a bad name
        raise UserError(f"{path}: kunde inte skrivas ({error.strerror}). Inget ändrades.",
                        f"{path}: could not be written ({error.strerror}). Nothing changed.",
                        ) from None
    temp = Path(temp_name)
    try:
        temp.chmod(_mode_for(path))
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            if durable:
                os.fsync(stream.fileno())
        if overwrite:
            temp.replace(path)
        else:
            try:
                link_noreplace(temp, path)
            except FileExistsError:
                raise UserError(f"{path}: finns redan. Använd --force för att skriva över.",
                                f"{path}: already exists. Use --force to overwrite.") from None
            temp.unlink(missing_ok=True)
        if durable:
            fsync_dir(directory)
    except OSError as error:
        raise UserError(f"{path}: kunde inte skrivas ({error.strerror}). Inget ändrades.",
                        f"{path}: could not be written ({error.strerror}). Nothing changed.",
                        ) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


_EXCLUSIVE = (os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
              | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))


def open_temporary(directory: Path, prefix: str, suffix: str) -> tuple[int, str]:
    """A new file ``prefix…suffix`` in ``directory``, created here and open (mode 0600), as
    ``tempfile.mkstemp`` makes it — without its import (tempfile and random cost every
    writing command more than the write)."""
    for name in _temporary_names(directory, prefix, suffix):
        try:
            return os.open(name, _EXCLUSIVE, 0o600), name
        except FileExistsError:
            continue
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(directory))


def make_temporary_dir(directory: Path, prefix: str, suffix: str) -> Path:
    """A new folder ``prefix…suffix`` in ``directory`` (mode 0700), as ``tempfile.mkdtemp``
    makes it, without its import."""
    for name in _temporary_names(directory, prefix, suffix):
        try:
            os.mkdir(name, 0o700)  # noqa: PTH102 - the name is made as a string
        except FileExistsError:
            continue
        return Path(name)
    raise FileExistsError(errno.EEXIST, "no free temporary name", str(directory))


def _temporary_names(directory: Path, prefix: str, suffix: str) -> Iterator[str]:
    """A hundred names to try: eight random characters, as mkstemp writes them (what
    doctor knows as a leftover)."""
    for _ in range(100):
        yield os.path.join(directory, f"{prefix}{os.urandom(4).hex()}{suffix}")  # noqa: PTH118


#: link(2) refused because the file system has no hard links (FAT, exFAT, some shares)
_NO_LINKS = {getattr(errno, name) for name in ("EPERM", "ENOTSUP", "EOPNOTSUPP", "ENOSYS",
                                              "EMLINK", "EINVAL", "EXDEV") if hasattr(errno, name)}


def link_noreplace(temp: Path, path: Path) -> None:
    """Put ``temp`` in place as ``path``, never replacing an existing ``path``.

    ``link`` where the file system has hard links (no race window); elsewhere a rename,
    which on Windows never replaces an existing file and on POSIX is preceded by a check
    (socinv's writers hold the fund lock). Raises FileExistsError when ``path`` exists.
    """
    try:
        os.link(temp, path)
        return
    except FileExistsError:
        raise
    except (OSError, NotImplementedError) as error:
        if isinstance(error, OSError) and error.errno not in _NO_LINKS and os.name != "nt":
            raise
    if os.name != "nt" and os.path.lexists(path):
        raise FileExistsError(errno.EEXIST, "exists", str(path))
    temp.rename(path)  # Windows: FileExistsError if the name appeared meanwhile


def _mode_for(path: Path) -> int:
    """The replaced file's permissions, else what a plain ``open`` would give (0666 − umask).

    ``mkstemp`` creates 0600 files, which others on a shared drive could not read.
    """
    try:
        return path.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_text_atomic(path: Path, text: str, *, overwrite: bool = False,
                      durable: bool = True) -> None:
    write_bytes_atomic(path, text.encode("utf-8"), overwrite=overwrite, durable=durable)


def fsync_dir(directory: Path) -> None:
    """Make a rename or a new file in ``directory`` durable (best effort)."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
