"""Edit a YAML file by splicing text, so everything socinv does not change stays byte for byte.

The parser's events give the exact place of every key and value. An edit
replaces one scalar, adds keys to a block mapping, removes a key's lines, or
appends items to a block list — nothing else in the file is re-emitted, so
people's comments, quoting, folded text, blank lines and key order stay as
they were. Layouts the splicer does not handle (flow style ``{…}``/``[…]``)
raise ``CannotSplice``; the caller then falls back to ruamel's round-trip
emitter.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from socinv.io.libyaml import event_source, module
from socinv.io.yaml_template import scalar

Pos = tuple[int, int]


class CannotSplice(Exception):
    """The file's layout is not one the splicer edits in place."""


@dataclass
class Node:
    """A YAML node with its place in the text."""

    kind: str  # "scalar" | "map" | "seq"
    start: Pos
    end: Pos
    flow: bool = False
    style: str = ""
    value: str = ""
    items: list[Node] = field(default_factory=list)
    pairs: list[tuple[Node, Node]] = field(default_factory=list)

    def get(self, key: str) -> tuple[Node, Node] | None:
        return next(((k, v) for k, v in self.pairs if k.value == key), None)


def parse_nodes(text: str) -> Node:
    stack: list[Node] = []
    pending_key: list[Node | None] = []
    root: Node | None = None

    def attach(node: Node) -> None:
        nonlocal root
        if not stack:
            root = node
            return
        parent = stack[-1]
        if parent.kind == "seq":
            parent.items.append(node)
        elif pending_key[-1] is None:
            pending_key[-1] = node
        else:
            parent.pairs.append((pending_key[-1], node))
            pending_key[-1] = None

    events = module("events")
    get_event = event_source(text)
    while (event := get_event()) is not None and not isinstance(event, events.StreamEndEvent):
        start = (event.start_mark.line, event.start_mark.column)
        end = (event.end_mark.line, event.end_mark.column)
        if isinstance(event, events.ScalarEvent):
            attach(Node("scalar", start, end, style=event.style or "", value=event.value))
        elif isinstance(event, events.MappingStartEvent | events.SequenceStartEvent):
            kind = "map" if isinstance(event, events.MappingStartEvent) else "seq"
            node = Node(kind, start, end, flow=bool(event.flow_style))
            attach(node)
            stack.append(node)
            pending_key.append(None)
        elif isinstance(event, events.MappingEndEvent | events.SequenceEndEvent):
            node = stack.pop()
            pending_key.pop()
            node.end = end if node.flow else _content_end(node)
        elif isinstance(event, events.AliasEvent):
            raise CannotSplice("alias")
    if root is None or root.kind != "map" or root.flow:
        raise CannotSplice("not a block mapping")
    return root


def _content_end(node: Node) -> Pos:
    """Where the node's last character stands (block collections end at their last child)."""
    if node.kind == "scalar" or node.flow:
        return node.end
    children = [value for _, value in node.pairs] if node.kind == "map" else node.items
    return _content_end(children[-1]) if children else node.start


class Splicer:
    """Collects edits against the original text and applies them in one go."""

    def __init__(self, text: str) -> None:
        self.newline = "\r\n" if "\r\n" in text else "\n"  # files saved on Windows stay so
        if text and not text.endswith("\n"):
            text += self.newline
        self.text = text
        self.lines = text.splitlines(keepends=True)
        self.starts = [0]
        for line in self.lines:
            self.starts.append(self.starts[-1] + len(line))
        self.edits: list[tuple[int, int, str]] = []
        self.root = parse_nodes(text)
        self.null = "null" if re.search(r":[ \t]+null[ \t]*(#.*)?$", text, re.M) else ""

    def offset(self, pos: Pos) -> int:
        line, column = pos
        return self.starts[min(line, len(self.lines))] + column

    def after_line(self, node: Node) -> int:
        """Offset of the start of the line after ``node``'s content."""
        last = self._last_scalar(node)
        line, column = _content_end(node)
        if column == 0:  # a block scalar: its end mark is at the next content line
            if not last.value.endswith("\n\n"):
                while line > 0 and not self.lines[line - 1].strip():
                    line -= 1
            return self.starts[min(line, len(self.lines))]
        if line >= len(self.lines):
            return len(self.text)
        return self.starts[line + 1]

    def _last_scalar(self, node: Node) -> Node:
        if node.kind == "scalar" or node.flow:
            return node
        children = [value for _, value in node.pairs] if node.kind == "map" else node.items
        return self._last_scalar(children[-1]) if children else node

    def replace(self, start: int, end: int, text: str) -> None:
        self.edits.append((start, end, text))

    def result(self) -> str:
        text = self.text
        for start, end, new in sorted(self.edits, key=lambda edit: edit[:2], reverse=True):
            text = text[:start] + new + text[end:]
        return text

    # -- rendering ---------------------------------------------------------
    def scalar(self, value: Any) -> str:
        return self.null if value is None else scalar(value)

    def block(self, value: Any, indent: int) -> list[str]:
        """``value`` (a mapping or list of mappings) as block lines at ``indent``."""
        pad = " " * indent
        lines: list[str] = []
        if isinstance(value, Mapping):
            for key, item in value.items():
                if isinstance(item, Mapping | list) and item:
                    lines.append(f"{pad}{scalar(key)}:")
                    lines += self.block(item, indent + 2)
                else:
                    empty = "{}" if isinstance(item, Mapping) else "[]" if isinstance(
                        item, list) else self.scalar(item)
                    lines.append(f"{pad}{scalar(key)}: {empty}".rstrip())
            return lines
        for item in value:
            lines += self.item(item, indent, indent + 2)
        return lines

    def item(self, value: Any, dash: int, key_col: int) -> list[str]:
        inner = self.block(value, key_col) if isinstance(value, Mapping) else [
            " " * key_col + self.scalar(value)]
        first = inner[0][key_col:]
        return [" " * dash + "-" + " " * (key_col - dash - 1) + first, *inner[1:]]

    # -- edits --------------------------------------------------------------
    def set_key(self, mapping: Node, key: str, value: Any, before: str | None = None,
                merge: bool = False) -> None:
        """Set ``key`` in a block mapping; with ``merge`` a mapping value is set key by key."""
        if mapping.flow:
            raise CannotSplice("flow mapping")
        found = mapping.get(key)
        indent = mapping.pairs[0][0].start[1] if mapping.pairs else 0
        if found is None:
            lines = self._entry(key, value, indent)
            anchor = mapping.get(before) if before else None
            at = (self.starts[anchor[0].start[0]] if anchor
                  else self.after_line(mapping) if mapping.pairs else len(self.text))
            self.replace(at, at, "".join(line + self.newline for line in lines))
            return
        key_node, old = found
        if merge and isinstance(value, Mapping) and old.kind == "map" and not old.flow \
                and old.pairs:
            for sub_key, sub_value in value.items():
                if sub_value is _REMOVE:
                    self.remove_key(old, str(sub_key))
                else:
                    self.set_key(old, str(sub_key), sub_value)
            return
        plain = old.kind == "scalar" and old.style in ("", "'", '"')
        if plain and not isinstance(value, Mapping | list):
            self.replace(self.offset(old.start), self.offset(old.end), self.scalar(value))
            return
        if old.flow:
            raise CannotSplice("flow collection")
        # a new shape: replace everything from the end of the key to the end of the old value
        start = self.offset(key_node.end)
        end = self.offset(old.end) if plain else self.after_line(old)
        if not plain:
            end -= 2 if self.text[max(0, end - 2):end] == "\r\n" else 1
        lines = self._entry(key, value, indent)
        first = lines[0][indent + len(scalar(key)):]
        self.replace(start, end, self.newline.join([first, *lines[1:]]))

    def remove_key(self, mapping: Node, key: str) -> None:
        found = mapping.get(key)
        if found is None:
            return
        key_node, old = found
        start = self.starts[key_node.start[0]]
        if self.text[start:self.offset(key_node.start)].strip():
            raise CannotSplice("key not at line start")
        self.replace(start, self.after_line(old), "")

    def append_items(self, mapping: Node, key: str, items: Sequence[Any],
                     before: str | None = None) -> None:
        found = mapping.get(key)
        if found is None or (found[1].kind == "scalar" and found[1].value == "" and
                             found[1].style == "") or (found[1].flow and not found[1].items):
            self.set_key(mapping, key, list(items), before)
            return
        seq = found[1]
        if seq.kind != "seq" or seq.flow or not seq.items:
            raise CannotSplice("not a block list")
        first = seq.items[0]
        line = self.lines[first.start[0]]
        dash = line.rfind("-", 0, first.start[1])
        if dash < 0 or line[:dash].strip():
            raise CannotSplice("list item layout")
        key_col = first.start[1] if first.kind == "map" else dash + 2
        lines: list[str] = []
        for item in items:
            lines += self.item(item, dash, key_col)
        at = self.after_line(seq)
        self.replace(at, at, "".join(line + self.newline for line in lines))

    def _entry(self, key: str, value: Any, indent: int) -> list[str]:
        pad = " " * indent
        if isinstance(value, Mapping) and value:
            return [f"{pad}{scalar(key)}:", *self.block(value, indent + 2)]
        if isinstance(value, list) and value:
            lines = [f"{pad}{scalar(key)}:"]
            for item in value:
                lines += self.item(item, indent + 2, indent + 4)
            return lines
        return self.block({key: value}, indent)


#: marks a key to remove in a mapping given to ``set_key``
_REMOVE = object()
REMOVE: Any = _REMOVE
