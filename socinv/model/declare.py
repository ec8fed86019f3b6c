"""The building blocks of a declaration: what a key of a data file may hold, with its doc.

The profile format (``socinv/profiles/spec.py``), the rule parameters and the gate
arguments (``socinv/rules/registry.py``) are written with these nodes. One
declaration is read three ways: the profile loader checks a profile against it,
``socinv profile schema`` prints it as JSON Schema, and ``docs/profiles.md`` is
generated from it — so the three cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

#: scalar types a Value may have
#: text: any text · name: an identifier (letters, digits, _) · int · number · bool ·
#: texts: a text or {sv: …, en: …} · mmdd: a day of the year "MM-DD" · enum: one of
#: ``choices`` · field: a field path of the document (``a.b``, ``list[].c``) · choices:
#: a list of names or a mapping name → texts · any: anything
VALUE_TYPES = ("text", "name", "int", "number", "bool", "texts", "mmdd", "enum", "field",
               "choices", "any")


@dataclass(frozen=True, eq=False)
class Node:
    """A key's meaning in Swedish and English (the docs and the JSON Schema show it)."""

    sv: str = ""
    en: str = ""


@dataclass(frozen=True, eq=False)
class Value(Node):
    """A scalar field of the content model: its type and limits."""

    type: str = "text"
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    #: what a ``field`` value must be: "" any field, "plain" a field outside lists,
    #: "parties" a yes/no field of ``parties[]``
    ref: str = ""
    default: Any = None


@dataclass(frozen=True, eq=False)
class Map(Node):
    """A mapping: fixed ``keys``, or any key (``key_name``) with ``values`` of one shape."""

    keys: Mapping[str, Node] = field(default_factory=dict)
    values: Node | None = None
    key_name: str = "KEY"
    #: open keys must be one of these (empty: any key, checked elsewhere)
    key_choices: tuple[str, ...] = ()
    #: open keys are field paths of the document
    key_is_field: bool = False
    one_key: bool = False  # exactly one key (a gate)
    required: tuple[str, ...] = ()
    #: a scalar may stand for the mapping (``rules: {cost_reduction: true}``)
    shorthand: bool = False
    #: a text or ``{sv, en}`` may stand for the mapping's ``name`` (a vocabulary term)
    texts_shorthand: bool = False
    #: pairs of keys whose values must not decrease (``min`` ≤ ``max``)
    ordered: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True, eq=False)
class Seq(Node):
    """A list field of the content model: its item and how many."""

    item: Node = field(default_factory=Value)
    min_items: int = 0


def doc_text(node: Node, lang: str) -> str:
    return node.en if lang == "en" and node.en else node.sv
