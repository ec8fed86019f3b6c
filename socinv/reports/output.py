"""Writing the papers: all or nothing, never over an existing file without --force."""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from socinv.errors import UserError
from socinv.i18n import Lang
from socinv.io.atomic import write_bytes_atomic
from socinv.reports.data import Source
from socinv.rules.findings import make
from socinv.rules.privacy import find_personal_numbers, scan_model


@dataclass(frozen=True)
class Output:
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
        "Underlaget skrevs inte: det skulle innehålla personnummer. Underlag till "
        "kommunstyrelsen är allmänna handlingar.\n" + "\n".join(messages["sv"]),
        "Nothing was written: the paper would contain personal identity numbers. Papers to "
        "the municipal board are public records.\n" + "\n".join(messages["en"]),
        exit_code=1)


def write_outputs(outputs: list[Output], directory: Path, force: bool) -> list[Path]:
    """Write every output into ``directory``; if one fails, remove those written before it."""
    targets = [directory / output.name for output in outputs]
    existing = [path for path in targets if path.exists() or path.is_symlink()]
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
    written: list[Path] = []
    try:
        for output, path in zip(outputs, targets, strict=True):
            write_bytes_atomic(path, output.data, overwrite=force)
            written.append(path)
    except BaseException:
        for path in written:
            with contextlib.suppress(OSError):
                path.unlink()
        raise
    return written
