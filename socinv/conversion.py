"""Word ↔ YAML: read a document with its format's reader, write it with the other's writer.

Both directions go through the plain data every reader produces, so nothing the
content model can hold is lost: values stay as they were written (a wrong
amount stays wrong, so ``validate`` says the same), keys the model does not know
are carried along, and fields the profile hides but the document fills are kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from socinv.errors import UserError
from socinv.i18n import Lang
from socinv.io.atomic import write_bytes_atomic
from socinv.io.errors import UnreadableFile
from socinv.model.schema import AUTHORED
from socinv.profiles.loader import Profile
from socinv.validation import YAML_SUFFIXES, read_document

TARGETS = {"yaml": ".yaml", "docx": ".docx"}
_FORMAT_NAMES = {".yaml": "YAML", ".docx": "Word (.docx)"}


@dataclass
class Converted:
    """One file converted: where from, where to, and what the user is told."""

    source: Path
    target: Path
    doc_type: str
    notes: list[tuple[str, str]] = field(default_factory=list)  # (sv, en)
    removed: bool = False  # the source, with --replace


def output_path(source: Path, target: str, out: Path | None) -> Path:
    suffix = TARGETS[target]
    own = ".yaml" if source.suffix.lower() in YAML_SUFFIXES else source.suffix.lower()
    if own == suffix:
        name = _FORMAT_NAMES.get(suffix, suffix)
        raise UserError(f"{source} är redan {name}. Välj det andra formatet med --to.",
                        f"{source} is already {name}. Choose the other format with --to.")
    destination = source.with_suffix(suffix) if out is None else out
    _refuse_own_file(destination)
    if out is None:
        return destination
    allowed = (".yaml", ".yml") if target == "yaml" else (suffix,)
    if out.suffix.lower() not in allowed:
        raise UserError(f"{out}: filnamnet ska sluta på {suffix} när --to är {target}.",
                        f"{out}: the file name must end in {suffix} when --to is {target}.")
    return out


#: files socinv keeps itself: changed only by its commands, under the lock, with history
OWN_FILES = frozenset({"case.yaml", "fund.yaml", "unit_costs.yaml"})


def _refuse_own_file(path: Path) -> None:
    parts = {part.lower() for part in path.parts}
    if path.name.lower() in OWN_FILES or ".socinv" in parts or ".git" in parts:
        raise UserError(
            f"{path}: socinv convert skriver inte över fondens egna filer (case.yaml, "
            "fund.yaml, unit_costs.yaml, .socinv/, .git/); de ändras bara av socinvs "
            "kommandon, under fondens lås och med historik. Välj ett annat --out.",
            f"{path}: socinv convert does not write the fund's own files (case.yaml, "
            "fund.yaml, unit_costs.yaml, .socinv/, .git/); only socinv's commands change "
            "them, under the fund lock and with history. Choose another --out.")


def document_type(path: Path, given: str | None) -> str:
    """The type from --type, the file name, or (for socinv's own .docx) its properties."""
    from socinv.model.doctypes import type_from_keys, type_from_name

    kind = given or type_from_name(path)
    if kind is None and path.suffix.lower() == ".docx" and path.is_file():
        from socinv.io.docx_body import doc_type_of

        kind = doc_type_of(path)
    if kind is None and path.suffix.lower() in YAML_SUFFIXES and path.is_file():
        from socinv.io.yamlio import read_yaml

        kind = type_from_keys(set(read_yaml(path).data))
    if kind is None:
        raise UnreadableFile(path, "unknown-document-type", name=path.name)
    if kind not in AUTHORED:
        raise UserError(
            f"{path}: convert gäller dokument som projektledare skriver "
            f"({', '.join(AUTHORED)}), inte {kind}.",
            f"{path}: convert handles the documents project leads write "
            f"({', '.join(AUTHORED)}), not {kind}.")
    return kind


def convert(source: Path, target: str, profile: Profile, lang: Lang, *, out: Path | None = None,
            doc_type: str | None = None, force: bool = False, replace: bool = False
            ) -> Converted:
    """Write ``source`` as ``target`` ("yaml" or "docx"); never overwrites without ``force``.

    With ``replace`` the source is removed once the target is written — unless the source
    had a field twice (then only one came along, and the source stays)."""
    destination = output_path(source, target, out)
    if (destination.exists() or destination.is_symlink()) and not force:
        raise UserError(f"{destination} finns redan. Använd --force för att skriva över den, "
                        "eller --out för ett annat namn.",
                        f"{destination} already exists. Use --force to overwrite it, or --out "
                        "for another name.")
    if destination.resolve() == source.resolve():
        raise UserError(f"{destination} är samma fil som indata.",
                        f"{destination} is the input file itself.")
    kind = document_type(source, doc_type)
    document = read_document(source, kind, profile)
    result = Converted(source, destination, kind)
    for duplicate in document.duplicates:
        result.notes.append((
            f"Fältet {duplicate.key} förekommer två gånger (rad {duplicate.first_pos[0]} och "
            f"{duplicate.pos[0]}); bara det ena kom med.",
            f"The field {duplicate.key} appears twice (lines {duplicate.first_pos[0]} and "
            f"{duplicate.pos[0]}); only one was kept."))
    if target == "docx":
        from socinv.io.docx_template import build_docx

        payload = build_docx(kind, profile, lang, document.data, destination.name)
    else:
        from socinv.io.yaml_emit import render_yaml

        payload = render_yaml(kind, profile, lang, destination.name,
                              document.data).encode("utf-8")
    write_bytes_atomic(destination, payload, overwrite=force)
    if replace and document.duplicates:
        result.notes.append((f"{source} togs inte bort: ett fält förekommer två gånger i den.",
                             f"{source} was not removed: a field appears twice in it."))
    elif replace:
        source.unlink()
        result.removed = True
        return result
    sibling = [other for suffix in (".yaml", ".yml", ".docx")
               if (other := destination.with_suffix(suffix)) != destination and other.exists()]
    if sibling and destination.parent == source.parent and destination.stem == source.stem:
        result.notes.append((
            f"Nu finns både {source.name} och {destination.name}; socinv granskar båda. "
            "Ta bort den du inte arbetar vidare i.",
            f"Both {source.name} and {destination.name} now exist; socinv checks both. "
            "Remove the one you will not keep working in."))
    return result
