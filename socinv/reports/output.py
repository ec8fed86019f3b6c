"""Writing the papers: all or nothing, never over an existing file without --force."""

from __future__ import annotations

import contextlib
import io
import os
import re
import stat
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from socinv.errors import UserError
from socinv.fund.crash import crash_point
from socinv.i18n import Lang
from socinv.io.atomic import fsync_dir, link_noreplace
from socinv.reports.data import Source
from socinv.rules.findings import make
from socinv.rules.privacy import find_personal_numbers, scan_model


@dataclass(frozen=True)
class Output:
    """A file a report writes: its name and bytes."""

    name: str
    data: bytes


def guard_sources(sources: list[Source]) -> None:
    """Refuse (exit 1) when a field the paper would print holds a personal identity number."""
    hits = [(source.file, field, match) for source in sources
            for field, match in scan_model(source.model, source.prefixes)]
    if hits:
        raise _refusal([(file, field, match.masked, match.kind) for file, field, match in hits])


def guard_text(name: str, text: str) -> None:
    """The same check on the rendered text (a fund's own template may print more)."""
    hits = find_personal_numbers(text)
    if hits:
        raise _refusal([(name, "", match.masked, match.kind) for match in hits])


_TAG = re.compile(rb"<[^>]{0,4096}>")


def guard_outputs(outputs: list[Output]) -> None:
    """The last check before anything is written: every paper's file name and every text
    it holds — Markdown, or each XML part of a Word or Excel file (headers, footers, cells,
    properties) — is free of personal identity numbers. A case id made from a title with
    a number in it would otherwise reach the memo's footer and its file name."""
    hits: list[tuple[str, str, str, str]] = []
    for output in outputs:
        name = output.name
        in_name = find_personal_numbers(name)
        for match in in_name:
            name = name.replace(match.text, match.masked)
        hits += [(name, "", match.masked, match.kind) for match in in_name]
        for part, text in _texts(output):
            hits += [(name, part, match.masked, match.kind)
                     for match in find_personal_numbers(text)]
    if hits:
        raise _refusal(hits[:20])


_ENTITY = re.compile(r"&(?:#[xX]([0-9a-fA-F]{1,8})|#([0-9]{1,10})|(amp|lt|gt|quot|apos));")
_NAMED = {"amp": "&", "lt": "<", "gt": ">", "quot": '"', "apos": "'"}


def _character(match: re.Match[str]) -> str:
    hexadecimal, decimal, name = match.groups()
    if name:
        return _NAMED[name]
    number = int(hexadecimal, 16) if hexadecimal else int(decimal)
    return chr(number) if 0 < number <= 0x10FFFF else "\ufffd"


def xml_unescape(text: str) -> str:
    """XML's five entities and its character references (an Office part has no others;
    ``html.unescape`` would load HTML's 2 000 names for them)."""
    return _ENTITY.sub(_character, text) if "&" in text else text


def _texts(output: Output) -> Iterator[tuple[str, str]]:
    from socinv.io.docx_package import SKELETON_PARTS

    if not output.data.startswith(b"PK"):
        yield "", output.data.decode("utf-8", errors="replace")
        return
    with zipfile.ZipFile(io.BytesIO(output.data)) as archive:
        for info in archive.infolist():
            if (info.filename, info.CRC, info.file_size) in SKELETON_PARTS:
                continue  # a shipped skeleton's own part, unchanged
            if info.filename.endswith((".xml", ".rels")):
                data = _TAG.sub(b"\n", archive.read(info))  # never glue two texts' digits
                yield info.filename, xml_unescape(data.decode("utf-8", errors="replace"))


def _refusal(hits: list[tuple[str, str, str, str]]) -> UserError:
    messages: dict[Lang, list[str]] = {"sv": [], "en": []}
    for file, field, masked, kind in hits:
        finding = make(file, "personal-identity-number", field, masked=masked,
                       kind={"sv": "samordningsnummer" if kind == "coordination_number"
                             else "personnummer",
                             "en": "coordination number" if kind == "coordination_number"
                             else "personal identity number"})
        for lang in ("sv", "en"):
            where = f"{file}: {field}" if field else file
            messages[lang].append(f"  {where}: {finding.message(lang)}")
    return UserError(
        "Underlaget skrevs inte: det skulle innehålla personnummer. Beslutsunderlag och "
        "bilagor är allmänna handlingar.\n" + "\n".join(messages["sv"]),
        "Nothing was written: the paper would contain personal identity numbers. Board "
        "papers and annexes are public records.\n" + "\n".join(messages["en"]),
        exit_code=1)


def write_outputs(outputs: list[Output], directory: Path, force: bool) -> list[Path]:
    """Write every output into ``directory``: all of them, or none.

    First every file is written in full to a hidden temporary name beside its
    target (``.NAME.XXXXXXXX.tmp``, fsynced); only when all are on disk are they
    put in place, each with one rename (a link without ``--force``, so an existing
    file is never replaced). A failure while writing — a full disk, a read-only
    folder — removes the temporary files and changes nothing, even with
    ``--force``. A crash leaves at most temporary files, which ``socinv doctor``
    reports and ``--repair`` removes.
    """
    guard_outputs(outputs)
    targets = [directory / output.name for output in outputs]
    linked = [path for path in targets if path.is_symlink()]
    if linked:
        names = ", ".join(str(path) for path in linked)
        raise UserError(f"{names}: är en symbolisk länk; socinv skriver inte genom länkar.",
                        f"{names}: is a symbolic link; socinv does not write through links.")
    existing = [path for path in targets if path.exists()]
    if existing and not force:
        names = ", ".join(str(path) for path in existing)
        raise UserError(f"Finns redan: {names}. Använd --force för att skriva över.",
                        f"Already exists: {names}. Use --force to overwrite.")
    try:
        directory.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise UserError(f"{directory}: mappen kunde inte skapas ({error.strerror}).",
                        f"{directory}: the folder could not be created ({error.strerror}).",
                        ) from None
    staged: list[Path] = []
    try:
        for output, path in zip(outputs, targets, strict=True):
            try:
                staged.append(_stage(path, output.data))
            except OSError as error:
                raise UserError(f"{path}: kunde inte skrivas ({error.strerror}). Inget ändrades.",
                                f"{path}: could not be written ({error.strerror}). Nothing "
                                "changed.") from None
        crash_point("report-staged")
        return _put_in_place(staged, targets, force)
    finally:
        for temp in staged:
            with contextlib.suppress(OSError):
                temp.unlink()


def _stage(path: Path, data: bytes) -> Path:
    """``data`` in full, fsynced, in a new hidden file beside ``path`` (never through a link)."""
    temp = path.with_name(f".{path.name}.{os.urandom(4).hex()}.tmp")
    flags = (os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
             | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_BINARY", 0))
    handle = os.open(temp, flags, 0o666)  # the umask applies, as for any new file
    try:
        with os.fdopen(handle, "wb") as stream:
            if path.exists():  # --force: the paper keeps the permissions it had
                temp.chmod(stat.S_IMODE(path.stat().st_mode))
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def _put_in_place(staged: list[Path], targets: list[Path], force: bool) -> list[Path]:
    written: list[Path] = []
    try:
        for temp, path in zip(staged, targets, strict=True):
            if force:
                temp.replace(path)
            else:
                link_noreplace(temp, path)  # never replaces: fails if the name appeared
            written.append(path)
            crash_point("report-written")
    except OSError as error:
        failed = targets[len(written)]
        if not force:  # what was linked is new: take it back, and nothing changed
            for path in written:
                with contextlib.suppress(OSError):
                    path.unlink()
            raise UserError(f"{failed}: kunde inte skrivas ({error.strerror}). Inget ändrades.",
                            f"{failed}: could not be written ({error.strerror}). Nothing "
                            "changed.") from None
        done = ", ".join(path.name for path in written)
        raise UserError(f"{failed}: kunde inte skrivas ({error.strerror}); redan ersatta: "
                        f"{done}. Kör kommandot igen.",
                        f"{failed}: could not be written ({error.strerror}); already replaced: "
                        f"{done}. Run the command again.") from None
    fsync_dir(targets[0].parent)
    return written
