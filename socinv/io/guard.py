"""The byte-level guard in front of every text reader: size, binary data, UTF-8."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from socinv.io.errors import UnreadableFile

MAX_TEXT_BYTES = 2 * 1024 * 1024
_NONBLOCK = getattr(os, "O_NONBLOCK", 0)  # opening a named pipe must not wait for a writer
_NOT_REGULAR = {"sv": "inte en vanlig fil, utan t.ex. en namngiven pipe eller en enhet",
                "en": "not a regular file but e.g. a named pipe or a device"}
_BOMS_NOT_UTF8 = (b"\xff\xfe", b"\xfe\xff")

#: the open fund's folder, as written and as resolved (``Fund.open`` sets it): the one rule
#: for links is that nothing outside the fund folder is read through a link
_FUND: tuple[str, str] | None = None


def set_fund_root(root: Path | None) -> None:
    global _FUND
    _FUND = None if root is None else (os.path.abspath(root),  # noqa: PTH100 - as written
                                       os.path.realpath(root))


def outside_target(path: Path) -> str | None:
    """Where ``path`` really leads when it lies in the open fund but a link (the file, or a
    folder on the way) takes it outside the fund folder; None when it stays inside (or no
    fund is open, or the path was given outside the fund)."""
    if _FUND is None:
        return None
    written, real_root = _FUND
    lexical = os.path.abspath(path)  # noqa: PTH100 - the path as written, links kept
    if lexical != written and not lexical.startswith(written + os.sep):
        return None
    real = os.path.realpath(lexical)
    if real == real_root or real.startswith(real_root.rstrip(os.sep) + os.sep):
        return None
    return real


def link_problem(target: str) -> dict[str, str]:
    return {"sv": f"en länk till {target}, utanför fonden; socinv läser inget utanför "
                  "fondmappen genom en länk – kopiera in filen i fonden i stället",
            "en": f"a link to {target}, outside the fund; socinv reads nothing outside the "
                  "fund folder through a link – copy the file into the fund instead"}


def read_bytes(path: Path, limit: int = MAX_TEXT_BYTES) -> bytes:
    """The file's bytes, refusing what is missing, a directory or larger than ``limit``.

    The file is opened without blocking and must be a regular file: a named pipe
    or a device named like a document would otherwise hang the reader forever.
    """
    target = outside_target(path)
    if target is not None:
        raise UnreadableFile(path, "file-unreadable", problem=link_problem(target))
    try:
        if path.is_dir():
            raise UnreadableFile(path, "not-a-file", example=_example_name(path))
        handle = os.open(path, os.O_RDONLY | _NONBLOCK | getattr(os, "O_CLOEXEC", 0)
                         | getattr(os, "O_BINARY", 0))
        with os.fdopen(handle, "rb") as stream:
            status = os.fstat(stream.fileno())
            if not stat.S_ISREG(status.st_mode):
                raise UnreadableFile(path, "file-unreadable", problem=_NOT_REGULAR)
            if status.st_size > limit:
                raise UnreadableFile(path, "file-too-large", size=status.st_size, limit=limit)
            if _NONBLOCK:
                os.set_blocking(stream.fileno(), True)  # a regular file reads as before
            # read what the file holds (read(n) would first allocate all n bytes), and on
            # to the limit if it grew meanwhile
            data = stream.read(min(status.st_size, limit) + 1)
            if len(data) > status.st_size:
                data += stream.read(limit + 1 - len(data))
    except FileNotFoundError:
        raise UnreadableFile(path, "file-missing") from None
    except IsADirectoryError:
        raise UnreadableFile(path, "not-a-file", example=_example_name(path)) from None
    except PermissionError:
        raise UnreadableFile(path, "file-unreadable", problem={
            "sv": "ingen läsbehörighet", "en": "no read permission"}) from None
    except OSError as error:
        raise UnreadableFile(path, "file-unreadable",
                             problem=error.strerror or type(error).__name__) from None
    if len(data) > limit:
        raise UnreadableFile(path, "file-too-large", size=len(data), limit=limit)
    return data


def decode_text(path: Path, data: bytes) -> str:
    """UTF-8 text (a BOM is allowed), refusing binary data and other encodings."""
    nul = data.find(b"\x00")
    if data.startswith((b"PK\x03\x04", b"\xd0\xcf\x11\xe0")) or (nul != -1 and not
                                                                 data.startswith(_BOMS_NOT_UTF8)):
        raise UnreadableFile(path, "binary-file", offset=max(nul, 0))
    if data.startswith(_BOMS_NOT_UTF8):
        raise UnreadableFile(path, "not-utf8", offset=0)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise UnreadableFile(path, "not-utf8", (line, column), offset=error.start) from None
    return text


def _example_name(path: Path) -> str:
    return str(path.parent / "application.yaml") if "." in path.name else str(
        path / "application.yaml")
