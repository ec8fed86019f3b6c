"""The zip pre-check in front of every Office reader (.docx now, .xlsx later).

python-docx and openpyxl trust the zip they are given: a 1 MB zip bomb grows to
gigabytes in memory, and broken files raise a zoo of exceptions. This module
looks at the bytes and the zip directory *before* any of them opens the file,
and refuses with one clear ``UnreadableFile`` (exit 2):

* not a zip at all (``not-a-zip``), or the old binary Office format
  (``old-office-format``), or an encrypted / password-protected Office file,
  which is also an OLE2 container (``encrypted-document``);
* a truncated or damaged zip (``zip-truncated``);
* too many entries, too much uncompressed data or a suspicious compression
  ratio, read from the zip directory without decompressing (``zip-bomb``);
* a zip that lacks the parts of the expected format (``not-an-office-file``);
* macro-enabled content (``macro-document``).

All checks are bounded: the file is read once (at most ``max_file_bytes``), the
directory is inspected from its end record before ``zipfile`` parses it, and only
``[Content_Types].xml`` (size-limited) is decompressed.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from socinv.io.errors import UnreadableFile
from socinv.io.guard import read_bytes
from socinv.rules.findings import Param

OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
EMPTY_ZIP_MAGIC = b"PK\x05\x06"
_EOCD = b"PK\x05\x06"
_ENCRYPTION_STREAM = "EncryptionInfo".encode("utf-16-le")
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
CONTENT_TYPES = "[Content_Types].xml"


@dataclass(frozen=True)
class ZipSpec:
    """What a format requires of its zip, and the words used to tell the user about it."""

    #: parts that must exist, e.g. ``[Content_Types].xml`` and ``word/document.xml``
    required: tuple[str, ...]
    #: the format's name in messages, e.g. {"sv": "Word-dokument (.docx)", ...}
    name: Mapping[str, str]
    #: the old binary format and the program to re-save it with, for messages
    old_format: Mapping[str, str]
    app: str
    suffix: str
    #: content-type fragments that mark macro-enabled files
    macro_markers: tuple[str, ...] = ("macroEnabled", "vbaProject")
    #: the main part's content type must contain one of these (empty: not checked)
    main_types: tuple[str, ...] = ()
    max_file_bytes: int = 20 * 1024 * 1024
    max_entries: int = 2000
    max_directory_bytes: int = 1024 * 1024
    max_total_bytes: int = 64 * 1024 * 1024
    max_xml_bytes: int = 16 * 1024 * 1024
    max_ratio: int = 100
    ratio_floor: int = 1024 * 1024  # the ratio is only checked for entries above this size


DOCX = ZipSpec(
    required=(CONTENT_TYPES, "word/document.xml"),
    name={"sv": "ett Word-dokument (.docx)", "en": "a Word document (.docx)"},
    old_format={"sv": "Word 97–2003 (.doc)", "en": "Word 97–2003 (.doc)"},
    app="Word",
    suffix=".docx",
    main_types=("wordprocessingml.document.main+xml", "document.macroEnabled.main+xml"),
)


def check_zip(path: Path, spec: ZipSpec) -> bytes:
    """The file's bytes, once they are known to be a sane zip of the expected format."""
    data = read_bytes(path, spec.max_file_bytes)
    if data.startswith(OLE2_MAGIC):
        if _ENCRYPTION_STREAM in data or _ENCRYPTED_PACKAGE in data:
            raise _fail(path, spec, "encrypted-document")
        raise _fail(path, spec, "old-office-format", old=dict(spec.old_format))
    if not data.startswith((ZIP_MAGIC, EMPTY_ZIP_MAGIC)):
        raise _fail(path, spec, "not-a-zip")
    _check_end_record(path, data, spec)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError,
            NotImplementedError, struct.error):
        raise _fail(path, spec, "zip-truncated") from None
    with archive:
        infos = archive.infolist()
        _check_sizes(path, infos, spec)
        names = {info.filename for info in infos}
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            raise _fail(path, spec, "macro-document")
        for part in spec.required:
            if part not in names:
                raise _fail(path, spec, "not-an-office-file", part=part)
        content_types = _read_small(path, archive, CONTENT_TYPES, spec)
    if any(marker.encode() in content_types for marker in spec.macro_markers):
        raise _fail(path, spec, "macro-document")
    if spec.main_types and not any(kind.encode() in content_types for kind in spec.main_types):
        raise _fail(path, spec, "not-an-office-file", part=spec.required[-1])
    return data


def _check_end_record(path: Path, data: bytes, spec: ZipSpec) -> None:
    """Entry count and directory size from the end record, before zipfile builds anything."""
    start = data.rfind(_EOCD, max(0, len(data) - 65_557))
    if start < 0 or len(data) < start + 22:
        raise _fail(path, spec, "zip-truncated")
    entries, directory_size = struct.unpack("<HI", data[start + 10:start + 16])
    if entries == 0xFFFF or directory_size == 0xFFFFFFFF:  # ZIP64: never an Office document
        raise _fail(path, spec, "zip-bomb")
    if entries > spec.max_entries or directory_size > spec.max_directory_bytes:
        raise _fail(path, spec, "zip-bomb")


def _check_sizes(path: Path, infos: list[zipfile.ZipInfo], spec: ZipSpec) -> None:
    total = xml = 0
    for info in infos:
        total += info.file_size
        if info.filename.lower().endswith((".xml", ".rels")):
            xml += info.file_size
        ratio_too_high = (info.file_size > spec.ratio_floor
                          and info.file_size > spec.max_ratio * max(info.compress_size, 1))
        if ratio_too_high or total > spec.max_total_bytes or xml > spec.max_xml_bytes:
            raise _fail(path, spec, "zip-bomb")


def _read_small(path: Path, archive: zipfile.ZipFile, name: str, spec: ZipSpec) -> bytes:
    try:
        with archive.open(name) as stream:
            return stream.read(1024 * 1024)
    except (zipfile.BadZipFile, ValueError, EOFError, OSError, NotImplementedError,
            RuntimeError, KeyError, struct.error, zlib.error):
        raise _fail(path, spec, "zip-truncated") from None


def _fail(path: Path, spec: ZipSpec, code: str, **extra: Param) -> UnreadableFile:
    return UnreadableFile(path, code, None, format=dict(spec.name), app=spec.app,
                          suffix=spec.suffix, **extra)
