"""Editing ``case.yaml``: set the stage, record a decision or closing, append history.

People may add comments to ``case.yaml``, so socinv never re-emits the whole
file. The edit is spliced into the text (``yamlsplice``); where the layout is
unusual (flow style) ruamel's round-trip emitter does it instead. Either way
the result is read back through the guarded reader (``socinv.io.yamlio``) and
must hold exactly the data before plus the change — otherwise nothing is
written. The round-trip loader is only ever used to edit, never to read values.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from socinv.errors import UserError
from socinv.fund.crash import crash_point
from socinv.fund.yamlsplice import REMOVE, CannotSplice, Splicer
from socinv.io.atomic import fsync_dir, open_temporary
from socinv.io.errors import UnreadableFile
from socinv.io.guard import MAX_TEXT_BYTES, decode_text, read_bytes
from socinv.io.yamlio import keep_parsed, parse_kept, parse_yaml

#: where new top-level blocks go: before the history, so it stays last
_BEFORE = "history"


@dataclass
class CaseEdit:
    """What to change: the stage, whole blocks (``decision``, ``closing``), history to add."""

    stage: str | None = None
    blocks: dict[str, dict[str, Any]] = field(default_factory=dict)
    history: list[dict[str, Any]] = field(default_factory=list)
    #: items to append to other top-level lists (``steps``), kept before the history
    lists: dict[str, list[dict[str, Any]]] = field(default_factory=dict)


def read_case_text(path: Path) -> str:
    """The text of ``case.yaml``; never through a symbolic link."""
    if path.is_symlink():
        raise UserError(f"{path}: är en symbolisk länk; socinv följer inte länkar.",
                        f"{path}: is a symbolic link; socinv does not follow links.")
    return decode_text(path, read_bytes(path))


def current_text(path: Path) -> str | None:
    """The file's text exactly as on disk (line endings kept, a BOM dropped), or None."""
    try:
        return path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return None


def edit_text(path: Path, text: str, edit: CaseEdit) -> str:
    """``text`` with ``edit`` applied, or a UserError naming the file; checked by reading back."""
    doc = parse_kept(path, text)  # refuses aliases, tags, bad syntax (UnreadableFile)
    if doc.duplicates:
        dup = doc.duplicates[0]
        raise UserError(
            f"{path}:{dup.pos[0]}: nyckeln {dup.key} förekommer två gånger. Ta bort den ena "
            "innan socinv ändrar filen.",
            f"{path}:{dup.pos[0]}: the key {dup.key} appears twice. Remove one before socinv "
            "edits the file.", exit_code=1)
    expected = _expected(doc.data, edit)
    for editor in (_splice, _roundtrip):
        try:
            new = editor(text, edit)
        except CannotSplice:
            continue
        try:
            check = parse_yaml(path, new)
        except UnreadableFile as error:
            if error.code == "yaml-too-large":  # the edit is fine; the file would be too big
                raise UserError(
                    f"{path}: filen skulle få fler värden än socinv kan läsa. Inget ändrades. "
                    "Flytta gamla anteckningar i historiken till ett eget dokument.",
                    f"{path}: the file would hold more values than socinv can read. Nothing "
                    "changed. Move old notes in the history to a document of their own.",
                    exit_code=1) from None
            continue
        if check.data == expected and not check.duplicates:
            _refuse_unreadable_size(path, new)
            keep_parsed(new, check)  # the next command about the case starts from it
            return new
    raise UserError(
        f"{path}: filen kan inte ändras säkert (ovanlig YAML-layout). Skriv history som en "
        "lista med '- ' och kör kommandot igen. Inget ändrades.",
        f"{path}: the file cannot be edited safely (unusual YAML layout). Write history as a "
        "list of '- ' items and run the command again. Nothing changed.")


def _refuse_unreadable_size(path: Path, new: str) -> None:
    """socinv never writes a ``case.yaml`` it could not read back (the 2 MiB limit)."""
    size = len(new.encode("utf-8"))
    if size > MAX_TEXT_BYTES:
        raise UserError(
            f"{path}: filen skulle bli {size} byte, över gränsen {MAX_TEXT_BYTES} byte som "
            "socinv kan läsa. Inget ändrades. Flytta gamla anteckningar i historiken till ett "
            "eget dokument.",
            f"{path}: the file would grow to {size} bytes, over the {MAX_TEXT_BYTES}-byte limit "
            "socinv can read. Nothing changed. Move old notes in the history to a document of "
            "their own.", exit_code=1)


def _splice(text: str, edit: CaseEdit) -> str:
    splicer = Splicer(text)
    root = splicer.root
    if edit.stage is not None:
        splicer.set_key(root, "stage", edit.stage, before=_BEFORE)
    for key, block in edit.blocks.items():
        splicer.set_key(root, key, block, before=_BEFORE, merge=True)
    for key, entries in edit.lists.items():
        splicer.append_items(root, key, entries, before=_BEFORE)
    if edit.history:
        splicer.append_items(root, "history", edit.history)
    return splicer.result()


def _roundtrip(text: str, edit: CaseEdit) -> str:
    from ruamel.yaml import YAML
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    match = re.search(r"^( *)[^\s#-][^\n]*:[ \t]*\n(?:[ \t]*(?:#[^\n]*)?\n)*( *)- ", text, re.M)
    offset = max(0, len(match.group(2)) - len(match.group(1))) if match else 2
    yaml = YAML(typ="rt")
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=offset + 2, offset=offset)
    yaml.representer.add_representer(
        type(None), lambda rep, _: rep.represent_scalar("tag:yaml.org,2002:null", "null"))
    data = yaml.load(text)
    if not isinstance(data, CommentedMap):
        raise CannotSplice("not a mapping")

    def place(key: str, value: Any) -> None:
        if key in data:
            data[key] = value
        else:
            keys = list(data)
            data.insert(keys.index(_BEFORE) if _BEFORE in keys else len(keys), key, value)

    if edit.stage is not None:
        place("stage", edit.stage)
    for key, block in edit.blocks.items():
        current = data.get(key)
        target = current if isinstance(current, CommentedMap) else CommentedMap()
        for sub, value in block.items():
            if value is REMOVE:
                target.pop(sub, None)
            else:
                target[sub] = CommentedMap(value) if isinstance(value, Mapping) else value
        place(key, target)
    for key, entries in edit.lists.items():
        current_list = data.get(key)
        if not isinstance(current_list, list):
            current_list = CommentedSeq()
            place(key, current_list)
        current_list.extend(CommentedMap(entry) for entry in entries)
    if edit.history:
        history = data.get("history")
        if not isinstance(history, list):
            history = CommentedSeq()
            place("history", history)
        history.extend(CommentedMap(entry) for entry in edit.history)
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def _plain(value: Any) -> Any:
    """A value as the guarded reader returns it: text scalars, str keys."""
    if isinstance(value, Mapping):
        return {str(key): _plain(item) for key, item in value.items() if item is not REMOVE}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _expected(data: dict[str, Any], edit: CaseEdit) -> dict[str, Any]:
    result = dict(data)
    if edit.stage is not None:
        result["stage"] = edit.stage
    for key, block in edit.blocks.items():
        current = result.get(key)
        merged = dict(current) if isinstance(current, dict) else {}
        for sub, value in block.items():
            if value is REMOVE:
                merged.pop(str(sub), None)
            else:
                merged[str(sub)] = _plain(value)
        result[key] = merged
    for key, entries in edit.lists.items():
        current_list = result.get(key)
        result[key] = [*(current_list if isinstance(current_list, list) else []),
                       *(_plain(entry) for entry in entries)]
    if edit.history:
        history = result.get("history")
        result["history"] = [*(history if isinstance(history, list) else []),
                             *(_plain(entry) for entry in edit.history)]
    return result


def write_case_text(path: Path, text: str) -> None:
    """Atomically replace ``case.yaml`` (temp file, fsync, rename), keeping its permissions."""
    if path.is_symlink():
        raise UserError(f"{path}: är en symbolisk länk; socinv skriver inte genom länkar.",
                        f"{path}: is a symbolic link; socinv does not write through links.")
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else 0o644
    try:
        handle, name = open_temporary(path.parent, f".{path.name}.", ".tmp")
    except OSError as error:
        raise UserError(f"{path.parent}: kan inte skriva ({error.strerror}). Inget ändrades.",
                        f"{path.parent}: cannot write ({error.strerror}). Nothing changed.",
                        ) from None
    temp = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(text.encode("utf-8"))
            stream.flush()
            os.fsync(stream.fileno())
        temp.chmod(mode)
        crash_point("case-temp-written")
        temp.replace(path)
        fsync_dir(path.parent)
    except OSError as error:
        raise UserError(f"{path}: kunde inte skrivas ({error.strerror}). Inget ändrades.",
                        f"{path}: could not be written ({error.strerror}). Nothing changed.",
                        ) from None
    finally:
        with contextlib.suppress(FileNotFoundError):
            temp.unlink()


def append_history(case_file: Path, entry: Mapping[str, Any]) -> None:
    """Append one history entry to ``case_file`` in place (comments and layout kept).

    For commands that change one file of a case besides its history (``socinv new
    application``): call it inside ``fund_lock`` after the document is written.
    """
    text = read_case_text(case_file)
    write_case_text(case_file, edit_text(case_file, text, CaseEdit(history=[dict(entry)])))
