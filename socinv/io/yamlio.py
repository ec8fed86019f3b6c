"""Guarded YAML reading: libyaml events in, plain data with positions out.

socinv does not let the YAML library construct objects. It walks the parser's
events itself, which gives, in one pass and at the C parser's speed:

* every scalar as text (``0701234567`` stays a phone number, ``no`` stays "no");
  the content model decides what a field's text means;
* the line and column of every key and list item, for findings;
* duplicate keys, reported instead of silently dropped;
* refusal of anchors and aliases (alias bombs), merge keys, non-standard tags,
  several documents, nesting deeper than ``MAX_DEPTH`` and more than
  ``MAX_NODES`` values — before anything grows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from socinv.io.errors import UnreadableFile
from socinv.io.guard import decode_text, read_bytes

if TYPE_CHECKING:  # ruamel (and its C parser) is loaded when a file is parsed, not before
    from ruamel.yaml import events as ev

MAX_DEPTH = 40
#: values (scalars, lists, mappings) in one document; the largest profile has ~1 400, an
#: application ~300. Beyond it the document is refused before anything is checked: 200 000
#: keys in a 2 MB file took 10 s to check and gave 88 MB of findings
MAX_NODES = 10_000
Path_ = tuple[str | int, ...]
_NULLS = frozenset({"", "~", "null", "Null", "NULL"})
_STANDARD_TAGS = frozenset(
    f"tag:yaml.org,2002:{name}"
    for name in ("str", "int", "float", "bool", "null", "map", "seq", "timestamp")
)


@dataclass
class Duplicate:
    """A key written twice in one mapping, with both places."""

    path: Path_
    key: str
    pos: tuple[int, int]
    first_pos: tuple[int, int]


@dataclass
class YamlDoc:
    """A read YAML document: plain data (dict/list/str/None) and where each part stands."""

    data: dict[str, Any]
    positions: dict[Path_, tuple[int, int]] = field(default_factory=dict)
    duplicates: list[Duplicate] = field(default_factory=list)
    empty: bool = False

    def pos(self, path: Path_) -> tuple[int, int]:
        """Position of ``path``, or of its nearest ancestor that exists."""
        while path and path not in self.positions:
            path = path[:-1]
        return self.positions.get(path, (1, 1))


_UNCLOSED_QUOTE = {"sv": "citattecknet här stängs aldrig; avsluta texten med samma "
                         "citattecken", "en": "this quote is never closed; end the text with "
                         "the same quote mark"}

#: libyaml's problems, in Swedish (and plain English)
_PROBLEMS: dict[str, tuple[str, str]] = {
    "found unexpected end of stream": ("filen tar slut mitt i ett värde",
                                       "the file ends in the middle of a value"),
    "mapping values are not allowed": (
        "ett kolon står där inget värde får börja", "a colon stands where no value may start"),
    "could not find expected ':'": ("kolon saknas efter nyckeln",
                                    "a colon is missing after the key"),
    "did not find expected key": ("här förväntades en nyckel", "a key was expected here"),
    "did not find expected node content": ("här förväntades ett värde",
                                           "a value was expected here"),
    "did not find expected '-' indicator": ("här förväntades en listrad som börjar med -",
                                            "a list line starting with - was expected here"),
    "did not find expected ',' or ']'": ("en lista inom [ ] stängs inte med ]",
                                         "a list in [ ] is not closed with ]"),
    "did not find expected ',' or '}'": ("en grupp inom { } stängs inte med }",
                                         "a group in { } is not closed with }"),
    "found character that cannot start any token": (
        "ett tecken som inte kan inleda ett värde (sätt texten inom citattecken)",
        "a character that cannot start a value (put the text in quotes)"),
    "found unknown escape character": ("okänt tecken efter \\ inom citattecken",
                                       "an unknown character after \\ in quotes"),
    "found a tab character that violates indentation": ("tabb i indraget",
                                                        "a tab in the indentation"),
}


def yaml_problem(problem: str) -> dict[str, str]:
    """libyaml's English problem as Swedish and English text."""
    for english, (swedish, plain) in _PROBLEMS.items():
        if problem.startswith(english):
            return {"sv": swedish, "en": plain}
    if problem.startswith("expected <block end>"):
        return {"sv": "indraget stämmer inte med raderna ovanför",
                "en": "the indentation does not match the lines above"}
    return {"sv": f"syntaxfel ({problem})" if problem else "syntaxfel",
            "en": problem or "syntax error"}


def read_yaml(path: Path, keep: bool = False) -> YamlDoc:
    """Read ``path`` through the byte guard and the event walk; raise UnreadableFile.

    ``keep``: a file read by every command (``fund.yaml``, the unit costs) is parsed once
    for each content and kept in the user's cache, so that a run that checks no other
    document never loads the YAML parser."""
    text = decode_text(path, read_bytes(path))
    if not keep:
        return parse_yaml(path, text)
    from socinv import usercache

    key = usercache.key_of("yaml", text, usercache.code_stamp("io/yamlio.py"))
    kept = usercache.load("yaml", key)
    if isinstance(kept, YamlDoc):
        return kept
    doc = parse_yaml(path, text)
    usercache.store("yaml", key, doc)
    return doc


#: how many texts of edited files (``case.yaml``) ``parse_kept`` keeps: the cases people
#: work on, a few kB each
KEPT_EDITS = 4000


def parse_kept(path: Path, text: str) -> YamlDoc:
    """``parse_yaml`` of a file socinv edits (``case.yaml``), kept in the user's cache under
    its exact text: the text a command writes (``keep_parsed``) is the one the next command
    about the case starts from."""
    from socinv import usercache

    kept = usercache.load("edits", _edit_key(text))
    if isinstance(kept, YamlDoc):
        return kept
    doc = parse_yaml(path, text)
    keep_parsed(text, doc)
    return doc


def keep_parsed(text: str, doc: YamlDoc) -> None:
    """Keep ``doc``, ``parse_yaml`` of ``text``, for ``parse_kept``."""
    from socinv import usercache

    usercache.store("edits", _edit_key(text), doc, bound=KEPT_EDITS)


def _edit_key(text: str) -> str:
    from socinv import usercache

    return usercache.key_of("edits", text, usercache.code_stamp("io/yamlio.py"))


_CONFLICT = re.compile(r"^(?:<{7}|>{7})(?: |$)", re.MULTILINE)


def parse_yaml(path: Path, text: str) -> YamlDoc:
    marker = _CONFLICT.search(text) if "<<<<<<<" in text or ">>>>>>>" in text else None
    if marker is not None:  # a git merge left both versions in the file
        line = text.count("\n", 0, marker.start()) + 1
        raise UnreadableFile(path, "merge-conflict", (line, 1))
    from socinv.io.libyaml import module

    yaml_error = module("error")

    try:
        return _build(path, text)
    except yaml_error.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        pos = (mark.line + 1, mark.column + 1) if mark else None
        if mark and _tab_at(text, mark.line, mark.column):
            raise UnreadableFile(path, "yaml-tab", pos) from None
        context = str(error.context or "")
        if "quoted scalar" in context and error.context_mark is not None:
            # the file ends (or a key follows) inside a quote: point at the quote itself
            opened = error.context_mark
            raise UnreadableFile(path, "yaml-syntax", (opened.line + 1, opened.column + 1),
                                 problem=_UNCLOSED_QUOTE) from None
        problem = str(error.problem or error.context or "").strip()
        raise UnreadableFile(path, "yaml-syntax", pos, problem=yaml_problem(problem)) from None
    except yaml_error.YAMLError as error:  # ReaderError: control characters
        position = getattr(error, "position", None)
        pos = _pos_of_offset(text, position) if isinstance(position, int) else None
        character = getattr(error, "character", None)
        problem = (f"otillåtet tecken / character not allowed #x{ord(character):04x}"
                   if isinstance(character, str) and character else str(error).splitlines()[0])
        raise UnreadableFile(path, "yaml-syntax", pos, problem=problem) from None
    except RecursionError:  # pragma: no cover - guarded by MAX_DEPTH
        raise UnreadableFile(path, "yaml-too-deep", limit=MAX_DEPTH) from None


def _tab_at(text: str, line: int, column: int) -> bool:
    lines = text.splitlines()
    if line >= len(lines):
        return False
    row = lines[line]
    return "\t" in row[: column + 1] or (column < len(row) and row[column] == "\t")


def _pos_of_offset(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _build(path: Path, text: str) -> YamlDoc:
    from socinv.io.libyaml import event_source, module

    events = module("events")

    positions: dict[Path_, tuple[int, int]] = {(): (1, 1)}
    duplicates: list[Duplicate] = []
    # stack entries: [container, path, pending_key, key_positions]
    stack: list[list[Any]] = []
    root: Any = None
    documents = 0
    nodes = 0

    def where(event: ev.Event) -> tuple[int, int]:
        mark = event.start_mark
        return (mark.line + 1, mark.column + 1) if mark else (1, 1)

    def attach(value: Any, event: ev.Event) -> Path_ | None:
        nonlocal root
        if not stack:
            root = value
            return ()
        frame = stack[-1]
        container, base = frame[0], frame[1]
        if isinstance(container, dict):
            key = frame[2]
            frame[2] = None
            if key is _DUPLICATE:
                return None
            container[key] = value
            return (*base, key) if base is not None else None
        container.append(value)
        if base is None:
            return None
        item_path = (*base, len(container) - 1)
        positions[item_path] = where(event)
        return item_path

    get_event = event_source(text)
    while True:
        event = get_event()
        kind = type(event)
        if kind is events.StreamEndEvent:
            break
        if kind is events.DocumentStartEvent:
            documents += 1
            if documents > 1:
                raise UnreadableFile(path, "yaml-multiple-documents", where(event))
            continue
        if kind is events.AliasEvent or getattr(event, "anchor", None):
            raise UnreadableFile(path, "yaml-alias", where(event))
        tag = getattr(event, "tag", None)
        if tag and tag not in _STANDARD_TAGS and tag != "!":
            raise UnreadableFile(path, "yaml-tag", where(event), tag=tag)
        if (kind is events.ScalarEvent or kind is events.MappingStartEvent
                or kind is events.SequenceStartEvent):
            nodes += 1
            if nodes > MAX_NODES:
                raise UnreadableFile(path, "yaml-too-large", where(event), limit=MAX_NODES)

        if kind is events.ScalarEvent:
            plain = not event.style
            value: Any = None if plain and event.value in _NULLS else event.value
            if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
                _take_key(path, stack[-1], value, plain, event, where(event),
                          positions, duplicates)
            else:
                attach(value, event)
        elif kind is events.MappingStartEvent or kind is events.SequenceStartEvent:
            if stack and isinstance(stack[-1][0], dict) and stack[-1][2] is None:
                raise UnreadableFile(path, "yaml-syntax", where(event),
                                     problem={"sv": "en nyckel kan inte vara en lista",
                                              "en": "a key cannot be a list or mapping"})
            if len(stack) >= MAX_DEPTH:
                raise UnreadableFile(path, "yaml-too-deep", where(event), limit=MAX_DEPTH)
            container: Any = {} if kind is events.MappingStartEvent else []
            discarding = bool(stack) and (stack[-1][1] is None or (
                isinstance(stack[-1][0], dict) and stack[-1][2] is _DUPLICATE))
            child_path = attach(container, event)
            stack.append([container, None if discarding else child_path, None, {}])
        elif kind is events.MappingEndEvent or kind is events.SequenceEndEvent:
            stack.pop()

    if root is None:
        return YamlDoc({}, positions, duplicates, empty=True)
    if not isinstance(root, dict):
        found: dict[str, str] | str = ({"sv": "en lista", "en": "a list"} if isinstance(root, list)
                                       else f"\"{str(root)[:40]}\"")
        raise UnreadableFile(path, "not-a-mapping", (1, 1), found=found)
    return YamlDoc(root, positions, duplicates)


_DUPLICATE = object()


def _take_key(
    path: Path,
    frame: list[Any],
    key: Any,
    plain: bool,
    event: ev.ScalarEvent,
    pos: tuple[int, int],
    positions: dict[Path_, tuple[int, int]],
    duplicates: list[Duplicate],
) -> None:
    _container, base, _, seen = frame
    if plain and key == "<<":
        raise UnreadableFile(path, "yaml-merge-key", pos)
    key = "" if key is None else str(key)
    if key in seen:
        if base is not None:
            duplicates.append(Duplicate((*base, key), key, pos, seen[key]))
        frame[2] = _DUPLICATE
        return
    seen[key] = pos
    frame[2] = key
    if base is not None:
        positions[(*base, key)] = pos
