"""Atomic writes: a temp file beside the target, flushed, then moved into place.

Nothing is ever written through a symlink, and without ``overwrite`` an existing
file is never replaced (``os.link`` fails if the name exists — no race window).
"""

from __future__ import annotations

import contextlib
import os
import tempfile
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
        handle, temp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp",
                                             dir=directory)
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
                os.link(temp, path)
            except FileExistsError:
                raise UserError(f"{path}: finns redan. Använd --force för att skriva över.",
                                f"{path}: already exists. Use --force to overwrite.") from None
            temp.unlink()
        if durable:
            fsync_dir(directory)
    except OSError as error:
        raise UserError(f"{path}: kunde inte skrivas ({error.strerror}). Inget ändrades.",
                        f"{path}: could not be written ({error.strerror}). Nothing changed.",
                        ) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


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
