"""The fund lock: one mutating command at a time, and a clear word on who holds it.

The lock is an OS lock (``flock``; ``msvcrt.locking`` on Windows) on a dedicated,
always-empty file ``.socinv/lock`` — never on a data file, because on SMB the
lock is mandatory and would block people's own reading. The OS frees it when
the holder dies, even by ``kill -9``, so a crashed command never blocks the
fund. Who holds it (command, person, pid, host, since when) is written beside
it in ``.socinv/lock.info``; an info file left by a crashed holder is a *stale
lock*: detected when the next command takes the lock, reported by ``socinv
doctor`` and cleared by ``doctor --repair`` (or simply by the next command).
"""

from __future__ import annotations

import contextlib
import errno
import json
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass
from pathlib import Path

from socinv.errors import UserError
from socinv.fund.crash import crash_point
from socinv.fund.fund import STATE_DIR, Fund
from socinv.io.atomic import write_text_atomic
from socinv.io.jsonio import read_state

LOCK_FILE = "lock"
INFO_FILE = "lock.info"


@dataclass
class Holder:
    """Who holds the fund's lock: the command, the user, the process and since when."""

    command: str
    by: str
    pid: int
    host: str
    since: str

    def describe(self, lang: str) -> str:
        if lang == "en":
            return (f"socinv {self.command} run by {self.by} (process {self.pid} on "
                    f"{self.host}) since {self.since}")
        return (f"socinv {self.command} som {self.by} kör (process {self.pid} på {self.host}) "
                f"sedan {self.since}")


    def brief(self, lang: str) -> str:
        started = "started" if lang == "en" else "startad"
        on = "on" if lang == "en" else "på"
        return (f"socinv {self.command} ({self.by}, process {self.pid} {on} {self.host}, "
                f"{started} {self.since})")


@dataclass
class LockState:
    """What taking the lock found: an info file left by a holder that died, if any."""

    stale: Holder | None = None


def state_dir(root: Path) -> Path:
    """``.socinv/`` in the fund root (created, never a link), ignored by git."""
    directory = root / STATE_DIR
    if directory.is_symlink() or (directory.exists() and not directory.is_dir()):
        raise UserError(f"{directory}: ska vara en mapp (inte en länk eller fil).",
                        f"{directory}: must be a folder (not a link or a file).")
    if not directory.exists():
        try:
            directory.mkdir()
        except FileExistsError:
            pass
        except OSError as error:
            raise UserError(f"{directory}: kan inte skapas ({error.strerror}).",
                            f"{directory}: cannot be created ({error.strerror}).") from None
    ignore = directory / ".gitignore"
    if not ignore.exists():
        with contextlib.suppress(UserError):
            write_text_atomic(ignore, "*\n", durable=False)  # lost in a power cut: made again
    return directory


def read_holder(root: Path) -> Holder | None:
    data = read_state(root / STATE_DIR / INFO_FILE, 10_000)
    try:
        return Holder(str(data["command"]), str(data["by"]), int(data["pid"]),
                      str(data["host"]), str(data["since"]))
    except (ValueError, KeyError, TypeError, IndexError):
        return None


def clear_stale(root: Path) -> None:
    with contextlib.suppress(FileNotFoundError):
        (root / STATE_DIR / INFO_FILE).unlink()


@contextlib.contextmanager
def fund_lock(fund: Fund, command: str, by: str | None = None,
              record: bool = True) -> Iterator[LockState]:
    """Hold the fund's lock for a mutating command; exit 2 at once if another holds it.

    ``record=False`` takes the lock without writing who holds it (``socinv doctor``
    without ``--repair`` only reads, and must not clear a stale lock it reports).
    """
    from socinv.fund.create import now_text

    handle = _open_lock(fund.root, record)
    if handle is None:  # a check of a fund this user cannot write: there is nothing to guard
        yield LockState(stale=read_holder(fund.root))
        return
    directory = fund.root / STATE_DIR
    path = directory / LOCK_FILE
    try:
        _acquire(handle, fund.root, path)
        state = LockState(stale=read_holder(fund.root))
        if record:
            holder = Holder(command, by or _user(), os.getpid(), _host(), now_text())
            # who holds the lock, for the message of a command that finds it taken; not
            # synced: a power cut releases the lock with it, and doctor needs no holder
            write_text_atomic(directory / INFO_FILE, json.dumps(asdict(holder)),
                              overwrite=True, durable=False)
            crash_point("locked")
        try:
            yield state
        finally:
            if record:
                clear_stale(fund.root)
            _release(handle)
    finally:
        os.close(handle)


_CANNOT_WRITE = frozenset({errno.EROFS, errno.EACCES, errno.EPERM})


def _open_lock(root: Path, record: bool) -> int | None:
    """The lock file, opened; None only for a read-only check where it cannot be created.

    A read-only check (``record=False``) of a fund on a read-only drive, or of one
    the user may only read, still locks when the lock file exists (``flock`` works
    on a file opened for reading) and otherwise goes ahead without a lock.
    """
    directory = root / STATE_DIR
    path = directory / LOCK_FILE
    nofollow = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        state_dir(root)
    except UserError:
        if record or os.path.lexists(directory):  # a link or a file instead of the folder
            raise
        return None
    try:
        return os.open(path, os.O_RDWR | os.O_CREAT | nofollow, 0o666)
    except OSError as error:
        if not record and error.errno in _CANNOT_WRITE:
            try:
                return os.open(path, os.O_RDONLY | nofollow)
            except OSError:
                return None
        raise UserError(
            f"Fonden kan inte ändras: låsfilen {path} kan inte öppnas ({error.strerror}). "
            "Kontrollera att fondmappen är skrivbar. Inget ändrades.",
            f"The fund cannot be changed: the lock file {path} cannot be opened "
            f"({error.strerror}). Check that the fund folder is writable. Nothing "
            "changed.") from None


def _acquire(handle: int, root: Path, path: Path) -> None:
    try:
        if sys.platform == "win32":  # pragma: no cover - Windows
            import msvcrt

            msvcrt.locking(handle, msvcrt.LK_NBLCK, 1)
        else:
            import fcntl

            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError as error:
        if error.errno not in (errno.EWOULDBLOCK, errno.EAGAIN, errno.EACCES, errno.EDEADLK):
            raise UserError(
                f"{path}: filsystemet stöder inte lås ({error.strerror}); socinv ändrar inte "
                "fonden utan lås.",
                f"{path}: the file system does not support locks ({error.strerror}); socinv "
                "does not change the fund without a lock.") from None
        holder = None
        for _ in range(5):  # the holder writes its info just after it takes the lock
            holder = read_holder(root)
            if holder is not None:
                break
            time.sleep(0.02)
        who_sv = holder.describe("sv") if holder else "ett annat socinv-kommando"
        who_en = holder.describe("en") if holder else "another socinv command"
        raise UserError(
            f"Fonden är låst: {who_sv}. Vänta tills det är klart och försök igen.",
            f"The fund is locked: {who_en}. Wait until it has finished and try again.",
        ) from None


def _release(handle: int) -> None:
    if sys.platform == "win32":  # pragma: no cover - Windows
        import msvcrt

        with contextlib.suppress(OSError):
            os.lseek(handle, 0, os.SEEK_SET)
            msvcrt.locking(handle, msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(handle, fcntl.LOCK_UN)


def _user() -> str:
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # getpass raises various errors without a login name
        return "?"


def _host() -> str:
    """This computer's name, for the lock's holder (``os.uname`` where there is one: the
    socket module costs a writing command more than its write)."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket  # pragma: no cover - Windows

    return socket.gethostname()
