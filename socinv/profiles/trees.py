"""A profile's document trees: the built-in content model plus the fields the profile adds.

A profile adds a field by giving it a ``type`` under ``documents.X.fields.PATH``; the
``criteria`` rule names the idea's criteria; a rule may add the fields it checks
(``co_financing``). The extended tree is built once per distinct set of additions
(cached), so loading the built-in profiles again costs nothing.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from socinv.model.schema import DOCUMENTS, Field, Kind, field_paths
from socinv.rules.registry import RULES

KIND_OF = {
    "text": Kind.TEXT, "int": Kind.COUNT, "count": Kind.COUNT, "amount": Kind.AMOUNT,
    "number": Kind.NUMBER, "date": Kind.DATE, "year": Kind.YEAR, "bool": Kind.BOOL,
    "choice": Kind.CHOICE, "list": Kind.LIST, "group": Kind.GROUP, "texts": Kind.TEXTS,
}
DEFAULT_CRITERIA = ("feasible", "real_need", "new_methods", "several_parties", "better_outcome")
Path_ = tuple[str | int, ...]


@dataclass(frozen=True)
class Problem:
    """A problem in a profile's tree, in both languages."""

    path: Path_
    sv: str
    en: str


#: one addition: (path, type, choices, after)
Addition = tuple[str, str, tuple[str, ...], str]


def additions(doc_type: str, fields: Mapping[str, Any], rules: Mapping[str, Any]
              ) -> tuple[tuple[str, ...], tuple[Addition, ...]]:
    """What a profile document adds to the built-in tree (hashable, for the cache)."""
    criteria: tuple[str, ...] = ()
    rule = rules.get("criteria") if doc_type == "idea" else None
    if isinstance(rule, dict) and isinstance(rule.get("keys"), list):
        criteria = tuple(str(key) for key in rule["keys"])
    added: list[Addition] = []
    for name in rules:
        spec = RULES.get(name)
        if spec is not None and doc_type in spec.documents:
            added += [(path, kind, (), "") for path, kind, _, _ in spec.adds]
    for path, spec in fields.items():
        if isinstance(spec, dict) and spec.get("type") is not None:
            choices = spec.get("choices")
            names = tuple(str(key) for key in choices) if isinstance(choices, dict | list) else ()
            added.append((str(path), str(spec["type"]), names, str(spec.get("after") or "")))
    return criteria, tuple(added)


@functools.cache
def build(doc_type: str, criteria: tuple[str, ...], added: tuple[Addition, ...]
          ) -> tuple[Field, tuple[Problem, ...]]:
    """The document tree of ``doc_type`` with the profile's criteria and added fields."""
    root = DOCUMENTS[doc_type]
    problems: list[Problem] = []
    if criteria:
        root = _at(root, ["criteria"], lambda group: Field(group.key, group.kind, tuple(
            group.child(key) or Field(key, Kind.GROUP, (Field("met", Kind.BOOL),
                                                        Field("comment", Kind.TEXT)))
            for key in criteria)))
    built = {path: item for path, item in field_paths(root)}
    seen: set[str] = set()
    for path, kind_name, choices, after in sorted(added, key=lambda item: _depth(item[0])):
        where: Path_ = ("documents", doc_type, "fields", path, "type")
        if path in seen:
            continue
        seen.add(path)
        kind = KIND_OF.get(kind_name)
        if kind is None:
            continue  # the format check reports the unknown type
        existing = built.get(path)
        if existing is not None:
            if existing.kind is not kind and not (existing.kind is Kind.COUNT
                                                  and kind_name in ("int", "count")):
                problems.append(Problem(
                    where, f"fältet är inbyggt med typen {existing.kind.value}; ett inbyggt "
                    "fält behåller sin typ (ta bort type, eller välj ett nytt namn)",
                    f"the field is built in with type {existing.kind.value}; a built-in field "
                    "keeps its type (remove type, or choose a new name)"))
            continue
        parent_path, key, in_list = _split(path)
        parent = root if not parent_path else built.get(parent_path)
        if not key.isidentifier() or (parent_path and parent is None):
            problems.append(Problem(
                ("documents", doc_type, "fields", path),
                f"sökvägen går inte att lägga till: {parent_path or key} finns inte",
                f"the path cannot be added: {parent_path or key} does not exist"))
            continue
        assert parent is not None
        expected = Kind.LIST if in_list else Kind.GROUP
        if parent is not root and parent.kind is not expected:
            marker = "[]." if expected is Kind.LIST else "."
            problems.append(Problem(
                ("documents", doc_type, "fields", path),
                f"{parent_path} är av typen {parent.kind.value}; skriv {parent_path}{marker}…",
                f"{parent_path} has type {parent.kind.value}; write {parent_path}{marker}…"))
            continue
        siblings = (root if not parent_path else parent).keys
        if after and after not in siblings:
            import difflib

            close = difflib.get_close_matches(after, siblings, n=1, cutoff=0.6)
            problems.append(Problem(
                ("documents", doc_type, "fields", path, "after"),
                f"\"{after}\" är inget fält bredvid {key}"
                + (f" – menade du \"{close[0]}\"?" if close else "")
                + f"; fälten där är {', '.join(siblings)}",
                f"\"{after}\" is no field beside {key}"
                + (f" – did you mean \"{close[0]}\"?" if close else "")
                + f"; the fields there are {', '.join(siblings)}"))
        new = Field(key, kind, choices=choices)
        segments = [part.removesuffix("[]") for part in parent_path.split(".")] \
            if parent_path else []
        root = _at(root, segments, functools.partial(_insert, new=new, after=after))
        built = {item_path: item for item_path, item in field_paths(root)}
    for path, item in built.items():
        if item.kind in (Kind.LIST, Kind.GROUP) and not item.fields:
            marker = "[]" if item.kind is Kind.LIST else ""
            problems.append(Problem(
                ("documents", doc_type, "fields", path, "type"),
                f"en {item.kind.value} behöver fält: lägg till t.ex. {path}{marker}.name: "
                "{type: text}",
                f"a {item.kind.value} needs fields: add e.g. {path}{marker}.name: {{type: text}}"))
        if item.kind is Kind.CHOICE and not item.choices:
            problems.append(Problem(("documents", doc_type, "fields", path, "choices"),
                                    "ett valfält behöver choices", "a choice field needs choices"))
    return root, tuple(problems)


def _depth(path: str) -> int:
    return path.count(".")


def _split(path: str) -> tuple[str, str, bool]:
    """(parent path, own key, whether the parent is a list)."""
    prefix, _, key = path.rpartition(".")
    if prefix.endswith("[]"):
        return prefix[:-2], key, True
    return prefix, key, False


def _insert(group: Field, *, new: Field, after: str) -> Field:
    subs = list(group.fields)
    index = next((number + 1 for number, sub in enumerate(subs) if sub.key == after), len(subs))
    subs.insert(index, new)
    return Field(group.key, group.kind, tuple(subs), group.choices)


def _at(root: Field, segments: list[str], change: Callable[[Field], Field]) -> Field:
    if not segments:
        return change(root)
    head, rest = segments[0], segments[1:]
    return Field(root.key, root.kind, tuple(
        _at(sub, rest, change) if sub.key == head else sub for sub in root.fields), root.choices)
