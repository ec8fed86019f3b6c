"""Check a profile against its declaration (``spec.py``), completely, before it is used.

Every problem is collected with the key's path, then placed at the file and line of
the profile (or of the profile it extends) that wrote it, with a "menade du …?"
for names that are close to an allowed one. One ProfileError lists them all.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from socinv.errors import ProfileError
from socinv.model.declare import Map, Node, Seq, Value
from socinv.model.schema import Field, Kind, field_paths
from socinv.profiles.trees import DEFAULT_CRITERIA, Problem

Path_ = tuple[str | int, ...]
Positions = Mapping[Path_, tuple[int, int]]
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_TRUE, _FALSE = {"true", "yes"}, {"false", "no"}
MAX_SHOWN = 20


def dotted(path: Path_) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "(profilen)"


def suggestion(word: str, options: Iterable[str]) -> tuple[str, str]:
    """(' – menade du "x"?', ' – did you mean "x"?'), or empty texts."""
    close = difflib.get_close_matches(word, list(options), n=1, cutoff=0.6)
    if not close:
        return "", ""
    return f" – menade du \"{close[0]}\"?", f" – did you mean \"{close[0]}\"?"


@dataclass
class Layers:
    """Where each key of a merged profile was written: (file, positions), child first."""

    layers: list[tuple[str, Positions]] = field(default_factory=list)

    def locate(self, path: Path_) -> tuple[str, int]:
        best = (-1, self.layers[0][0] if self.layers else "?", 1)
        for name, positions in self.layers:
            for length in range(len(path), -1, -1):
                if path[:length] in positions:
                    if length > best[0]:
                        best = (length, name, positions[path[:length]][0])
                    break
        return best[1], best[2]


class Checker:
    """Walks raw profile data against a declaration node, collecting problems."""

    def __init__(self, trees: Mapping[str, Field]) -> None:
        self.trees = trees
        self.problems: list[Problem] = []
        self._fields: dict[str, dict[str, Field]] = {}

    def fields(self, doc_type: str) -> dict[str, Field] | None:
        """Model path → field of ``doc_type``'s tree (computed once per check)."""
        if doc_type not in self._fields:
            tree = self.trees.get(doc_type)
            if tree is None:
                return None
            self._fields[doc_type] = dict(field_paths(tree))
        return self._fields[doc_type]

    def add(self, path: Path_, sv: str, en: str) -> None:
        self.problems.append(Problem(path, sv, en))

    def check(self, node: Node, value: Any, path: Path_) -> None:
        if value is None:
            return  # null: absent (``extends`` merging removes the key)
        if isinstance(node, Map):
            self._map(node, value, path)
        elif isinstance(node, Seq):
            self._seq(node, value, path)
        elif isinstance(node, Value):
            self._value(node, value, path)

    # -- containers ------------------------------------------------------------------------

    def _map(self, node: Map, value: Any, path: Path_) -> None:
        if node.shorthand and isinstance(value, str) and value.strip().lower() in _TRUE:
            return
        if node.texts_shorthand and (isinstance(value, str) or (
                isinstance(value, dict) and value and set(value) <= {"sv", "en"})):
            self._texts(value, path)
            return
        if not isinstance(value, dict):
            self.add(path, "ska vara en samling nyckel: värde", "must be a mapping key: value")
            return
        if node.one_key and len(value) != 1:
            names = ", ".join(node.keys)
            self.add(path, f"en nyckel: värde, en av {names}", f"one key: value, one of {names}")
            return
        for key in node.required:
            if value.get(key) is None:
                self.add(path, f"nyckeln {key} saknas", f"the key {key} is missing")
        for key, item in value.items():
            sub = node.keys.get(key)
            if sub is None and node.values is not None:
                if node.key_choices and key not in node.key_choices:
                    self._unknown((*path, key), key, node.key_choices)
                    continue
                if node.key_is_field and self._unresolved_field(path, key, item):
                    continue
                sub = node.values
            if sub is None:
                self._unknown((*path, key), key, node.keys)
                continue
            self.check(sub, item, (*path, key))
        for low, high in node.ordered:
            first, last = _float(value.get(low)), _float(value.get(high))
            if first is not None and last is not None and first > last:
                self.add((*path, low), f"{low} ({value[low]}) är större än {high} "
                         f"({value[high]})", f"{low} ({value[low]}) is larger than {high} "
                         f"({value[high]})")

    def _unknown(self, path: Path_, key: str, allowed: Iterable[str]) -> None:
        names = sorted(allowed)
        hint_sv, hint_en = suggestion(key, names)
        listed = ", ".join(names) if len(names) <= 30 else ", ".join(names[:30]) + " …"
        self.add(path, f"okänd nyckel{hint_sv}; tillåtna är {listed}",
                 f"unknown key{hint_en}; allowed are {listed}")

    def _unresolved_field(self, path: Path_, key: str, item: Any) -> bool:
        """True (and reported) when ``key`` is no field of the document being checked."""
        doc_type = str(path[1]) if len(path) > 1 else ""
        paths = self.fields(doc_type)
        if paths is None:
            return False
        if key in paths or (isinstance(item, dict) and item.get("type") is not None):
            return False  # known, or added (a bad type is reported at ``type``)
        head, _, rest = key.partition(".")
        if head == "criteria" and rest.split(".")[0] in DEFAULT_CRITERIA:
            return True  # the base's texts for default criteria the profile does not use
        hint_sv, hint_en = suggestion(key, paths)
        self.add((*path, key),
                 f"fältet finns inte i dokumentet {doc_type}{hint_sv}; ett eget fält "
                 "behöver type (t.ex. type: text)",
                 f"no such field in the document {doc_type}{hint_en}; a field of your own "
                 "needs a type (e.g. type: text)")
        return True

    def _seq(self, node: Seq, value: Any, path: Path_) -> None:
        if not isinstance(value, list):
            self.add(path, "ska vara en lista", "must be a list")
            return
        if len(value) < node.min_items:
            self.add(path, f"minst {node.min_items} rad(er) krävs",
                     f"at least {node.min_items} item(s) required")
        for index, item in enumerate(value):
            if item is None:
                self.add((*path, index), "tom rad", "empty item")
                continue
            self.check(node.item, item, (*path, index))

    # -- scalars ---------------------------------------------------------------------------

    def _value(self, node: Value, value: Any, path: Path_) -> None:
        kind = node.type
        if kind == "any":
            return
        if kind == "texts":
            self._texts(value, path)
            return
        if kind == "choices":
            self._choices(value, path)
            return
        if not isinstance(value, str):
            self.add(path, "ska vara ett enkelt värde, inte en lista eller samling",
                     "must be a single value, not a list or mapping")
            return
        text = value.strip()
        if kind == "name" and not _NAME.fullmatch(text):
            self.add(path, f"\"{text}\" är inget namn (bokstäver a–z, siffror, _)",
                     f"\"{text}\" is not a name (letters a–z, digits, _)")
        elif kind == "bool" and text.lower() not in _TRUE | _FALSE:
            self.add(path, f"\"{text}\" ska vara true eller false",
                     f"\"{text}\" must be true or false")
        elif kind == "enum" and text not in node.choices:
            hint_sv, hint_en = suggestion(text, node.choices)
            names = ", ".join(node.choices)
            self.add(path, f"\"{text}\" är inte tillåtet{hint_sv}; välj en av {names}",
                     f"\"{text}\" is not allowed{hint_en}; choose one of {names}")
        elif kind == "mmdd" and not _is_mmdd(text):
            self.add(path, f"\"{text}\" ska vara en dag som MM-DD, t.ex. \"12-31\"",
                     f"\"{text}\" must be a day as MM-DD, e.g. \"12-31\"")
        elif kind in ("int", "number"):
            self._number(node, text, path)
        elif kind == "field":
            self._field_ref(node, text, path)

    def _number(self, node: Value, text: str, path: Path_) -> None:
        number = _float(text)
        if number is None or (node.type == "int" and not re.fullmatch(r"-?\d+", text)):
            word = ("ett heltal", "a whole number") if node.type == "int" else ("ett tal",
                                                                               "a number")
            self.add(path, f"\"{text}\" ska vara {word[0]}", f"\"{text}\" must be {word[1]}")
            return
        if node.minimum is not None and number < node.minimum:
            self.add(path, f"{text} är mindre än {_show(node.minimum)}",
                     f"{text} is less than {_show(node.minimum)}")
        if node.maximum is not None and number > node.maximum:
            self.add(path, f"{text} är större än {_show(node.maximum)}",
                     f"{text} is larger than {_show(node.maximum)}")

    def _field_ref(self, node: Value, text: str, path: Path_) -> None:
        doc_type = str(path[1]) if len(path) > 1 and path[0] == "documents" else ""
        fields = self.fields(doc_type)
        if fields is None:
            return
        if node.ref == "parties":
            options = {path_[len("parties[]."):]: item for path_, item in fields.items()
                       if path_.startswith("parties[].") and item.kind is Kind.BOOL}
        elif node.ref == "plain":
            options = {path_: item for path_, item in fields.items() if "[]" not in path_}
        else:
            options = fields
        if text not in options:
            hint_sv, hint_en = suggestion(text, options)
            where = "ja/nej-fält i parties[]" if node.ref == "parties" else "fält i " + doc_type
            where_en = "yes/no field of parties[]" if node.ref == "parties" else \
                "field of " + doc_type
            self.add(path, f"\"{text}\" är inget {where}{hint_sv}",
                     f"\"{text}\" is no {where_en}{hint_en}")

    def _texts(self, value: Any, path: Path_) -> None:
        if isinstance(value, str):
            return
        if not isinstance(value, dict):
            self.add(path, "ska vara text eller {sv: …, en: …}", "must be text or {sv: …, en: …}")
            return
        for lang, text in value.items():
            if lang not in ("sv", "en"):
                self._unknown((*path, lang), lang, ("sv", "en"))
            elif text is not None and not isinstance(text, str):
                self.add((*path, lang), "ska vara en text", "must be a text")

    def _choices(self, value: Any, path: Path_) -> None:
        if isinstance(value, list):
            names = value
        elif isinstance(value, dict):
            names = list(value)
            for key, label in value.items():
                self._texts(label, (*path, key))
        else:
            self.add(path, "ska vara en lista av värden eller värde: etikett",
                     "must be a list of values or value: label")
            return
        for index, name in enumerate(names):
            if not isinstance(name, str) or not _NAME.fullmatch(name):
                self.add((*path, index), f"\"{name}\" är inget namn (a–z, siffror, _)",
                         f"\"{name}\" is not a name (a–z, digits, _)")


def _float(value: Any) -> float | None:
    try:
        return float(str(value))
    except ValueError:
        return None


def _show(number: float) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def _is_mmdd(text: str) -> bool:
    if not re.fullmatch(r"\d\d-\d\d", text):
        return False
    try:
        dt.date(2001, int(text[:2]), int(text[3:]))
    except ValueError:
        return False
    return True


def raise_problems(problems: list[Problem], layers: Layers) -> None:
    """One ProfileError naming every problem with file:line, or nothing."""
    if not problems:
        return
    placed = sorted({(*layers.locate(problem.path), dotted(problem.path), problem.sv,
                      problem.en) for problem in problems})
    shown = placed[:MAX_SHOWN]
    more = len(placed) - len(shown)
    sv = ["Profilen kan inte användas:"] + [f"  {file}:{line}: {key}: {text}"
                                           for file, line, key, text, _ in shown]
    en = ["The profile cannot be used:"] + [f"  {file}:{line}: {key}: {text}"
                                           for file, line, key, _, text in shown]
    if more:
        sv.append(f"  … och {more} till.")
        en.append(f"  … and {more} more.")
    raise ProfileError("\n".join(sv), "\n".join(en))
