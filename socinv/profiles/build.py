"""Build a rule profile from its files: read, resolve ``extends:``, merge, and check every
key against the profile's declaration (``spec.py``) before anything uses it.

:func:`socinv.profiles.loader.load_profile` calls it when the user's cache holds no profile
built from these very files.
"""

from __future__ import annotations

import copy
import difflib
import functools
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from socinv.errors import ProfileError
from socinv.io.errors import UnreadableFile
from socinv.io.yamlio import YamlDoc, parse_yaml, read_yaml
from socinv.model.schema import AUTHORED, DOCUMENTS, OUTCOMES, STAGE_KEYS, Field, field_paths
from socinv.profiles.cadence import build as build_cadence
from socinv.profiles.check import Checker, Layers, Positions, raise_problems, suggestion
from socinv.profiles.financing import build as build_financing
from socinv.profiles.loader import (
    _BUILTIN_DIR,
    BUILTIN,
    DocProfile,
    FieldText,
    Profile,
    Stage,
    Texts,
    Transition,
    looks_like_path,
)
from socinv.profiles.repayment import build as build_repayment
from socinv.profiles.rounds import build as build_rounds
from socinv.profiles.spec import PROFILE, REPORT_KINDS
from socinv.profiles.steps import build as build_steps
from socinv.profiles.trees import DEFAULT_CRITERIA, Problem, additions
from socinv.profiles.trees import build as build_tree
from socinv.profiles.vocabulary import build as build_vocabulary
from socinv.rules.registry import RULES


def build_profile(spec: str, base_dir: Path | None) -> tuple[Profile, list[str]]:
    """The profile ``spec`` names (a built-in's name or a path relative to ``base_dir``),
    checked completely, and the files it was built from; a ProfileError names every
    problem's file and line."""
    raw, origin, layers = _load_merged(spec, base_dir, ())
    return _build(raw, origin, Layers(layers)), [path for path, _ in layers]


def _builtin_text(name: str) -> str | None:
    resource = _BUILTIN_DIR / f"{name}.yaml"  # beside this module: installs are folders
    return resource.read_text(encoding="utf-8") if resource.is_file() else None


@functools.cache
def _builtin_doc(name: str, text: str) -> YamlDoc:
    """A built-in profile's data and positions, parsed once a process (callers copy data)."""
    return parse_yaml(_BUILTIN_DIR / f"{name}.yaml", text)


Layer = tuple[str, Positions]


def _load_raw(spec: str, base_dir: Path | None
              ) -> tuple[dict[str, Any], str, Path | None, Layer]:
    if not looks_like_path(spec):
        text = _builtin_text(spec)
        if text is None:
            hint_sv, hint_en = suggestion(spec, (*BUILTIN, "base"))
            raise ProfileError(
                f"Okänd profil \"{spec}\"{hint_sv}. Välj {' eller '.join(BUILTIN)}, eller ange "
                "sökvägen till en profilfil (.yaml).",
                f"Unknown profile \"{spec}\"{hint_en}. Choose {' or '.join(BUILTIN)}, or give "
                "the path to a profile file (.yaml).")
        doc = _builtin_doc(spec, text)
        return (copy.deepcopy(doc.data), f"{spec}", None,
                (str(_BUILTIN_DIR / f"{spec}.yaml"), doc.positions))
    path = Path(spec)
    if not path.is_absolute() and base_dir is not None:
        path = base_dir / path
    try:
        doc = read_yaml(path)
    except UnreadableFile as error:
        raise ProfileError(f"Profilen kan inte läsas: {error.render('sv')}",
                           f"The profile cannot be read: {error.render('en')}") from None
    if doc.duplicates:
        dup = doc.duplicates[0]
        raise ProfileError(f"{path}:{dup.pos[0]}: nyckeln {dup.key} förekommer två gånger.",
                           f"{path}:{dup.pos[0]}: the key {dup.key} appears twice.")
    return doc.data, str(path.resolve()), path.resolve().parent, (str(path.resolve()),
                                                                   doc.positions)


def _load_merged(
    spec: str, base_dir: Path | None, seen: tuple[str, ...]
) -> tuple[dict[str, Any], str, list[Layer]]:
    raw, origin, own_dir, layer = _load_raw(spec, base_dir)
    if origin in seen:
        chain = " → ".join((*seen, origin))
        raise ProfileError(f"{origin}: extends bildar en cirkel ({chain}).",
                           f"{origin}: extends forms a cycle ({chain}).")
    parent = raw.get("extends")
    if parent in (None, ""):
        return raw, origin, [layer]
    if not isinstance(parent, str):
        line = layer[1].get(("extends",), (1, 1))[0]
        raise ProfileError(f"{layer[0]}:{line}: extends ska vara ett profilnamn eller en sökväg.",
                           f"{layer[0]}:{line}: extends must be a profile name or a path.")
    try:
        parent_raw, _, parent_layers = _load_merged(parent, own_dir or base_dir,
                                                    (*seen, origin))
    except ProfileError as error:
        line = layer[1].get(("extends",), (1, 1))[0]
        raise ProfileError(f"{layer[0]}:{line}: extends: {error.sv}",
                           f"{layer[0]}:{line}: extends: {error.en}") from None
    merged = _merge(parent_raw, {k: v for k, v in raw.items() if k != "extends"})
    if "id" not in raw:  # a profile is itself, not its parent: id defaults to the file's name
        merged["id"] = Path(origin).stem
    return (merged if seen else _live(merged)), origin, [layer, *parent_layers]


@dataclass(frozen=True)
class _Removed:
    """A key a profile removed with ``null``; a profile extending it may add it back."""

    value: Any


def _is_texts(value: Any) -> bool:
    return isinstance(value, str) or (isinstance(value, dict) and bool(value)
                                      and set(value) <= {"sv", "en"})


def _merge(base: Any, over: Any) -> Any:
    """Mappings merge key by key; everything else replaces.

    ``null`` removes a key, but a profile that extends this one and adds the key back gets
    what was removed under it (a re-added field keeps its labels). A text given in one
    language replaces the parent's text in both: the parent's English would say something
    else than the new Swedish.
    """
    if isinstance(base, _Removed):
        base = base.value
    if _is_texts(base) and _is_texts(over) and not isinstance(base, str):
        return over
    if isinstance(base, dict) and isinstance(over, dict):
        result = dict(base)
        for key, value in over.items():
            if value is None:
                if key in base:
                    result[key] = _Removed(base[key])
            else:
                result[key] = _merge(base.get(key), value)
        return result
    return over


def _live(value: Any) -> Any:
    """The merged profile without the removed keys' memory."""
    if isinstance(value, dict):
        return {key: _live(item) for key, item in value.items()
                if not isinstance(item, _Removed)}
    if isinstance(value, list):
        return [_live(item) for item in value]
    return value


class _Check:
    """Collects nothing: raises the first ProfileError with the key's dotted path."""

    def __init__(self, origin: str) -> None:
        self.origin = origin

    def fail(self, where: str, problem: str, english: str | None = None) -> ProfileError:
        """``problem`` in Swedish (an English text after " / " or in ``english``)."""
        swedish, _, tail = problem.partition(" / ")
        english = english or tail or swedish
        return ProfileError(f"Profilen {self.origin}: {where}: {swedish}",
                            f"Profile {self.origin}: {where}: {english}")

    def mapping(self, value: Any, where: str) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, "ska vara en samling nyckel: värde / must be a mapping")
        return value

    def listing(self, value: Any, where: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(where, "ska vara en lista / must be a list")
        return value

    def texts(self, value: Any, where: str) -> Texts:
        if value is None:
            return {}
        if isinstance(value, str):
            return {"sv": value}
        mapping = self.mapping(value, where)
        return {lang: str(text).strip() for lang, text in mapping.items() if text is not None}

    def flag(self, value: Any, where: str) -> bool:
        if value is None:
            return False
        text = str(value).strip().lower()
        if text in {"true", "yes"}:
            return True
        if text in {"false", "no"}:
            return False
        raise self.fail(where, "ska vara true eller false / must be true or false")

    def integer(self, value: Any, where: str) -> int:
        try:
            return int(str(value))
        except ValueError:
            raise self.fail(where, "ska vara ett heltal / must be a whole number") from None


def _build(raw: dict[str, Any], origin: str, layers: Layers | None = None) -> Profile:
    trees, problems = _trees(raw)
    checker = Checker(trees)
    checker.check(PROFILE, raw, ())
    problems += checker.problems + _semantics(raw) + _choice_labels(raw, trees)
    raise_problems(problems, layers or Layers([(origin, {})]))
    check = _Check(origin)
    language = str(raw.get("language") or "sv")
    stages = _stages(check, raw.get("stages"))
    choice_labels = {
        str(key): check.texts(value, f"choice_labels.{key}")
        for key, value in check.mapping(raw.get("choice_labels") or {}, "choice_labels").items()
    }
    documents: dict[str, DocProfile] = {}
    for doc_type, spec in check.mapping(raw.get("documents") or {}, "documents").items():
        documents[doc_type] = _document(check, doc_type, spec or {}, trees[doc_type],
                                        choice_labels)
    placeholders = tuple(
        str(item) for item in check.listing(raw.get("placeholders") or [], "placeholders")
    )
    return Profile(
        id=str(raw.get("id") or Path(origin).stem),
        name=check.texts(raw.get("name"), "name"),
        source=check.texts(raw.get("source"), "source"),
        municipality=str(raw.get("municipality") or ""),
        language="en" if language == "en" else "sv",
        placeholders=placeholders,
        choice_labels=choice_labels,
        stages=stages,
        transitions=_transitions(check, raw.get("transitions") or []),
        reporting=check.mapping(raw.get("reporting") or {}, "reporting"),
        economics=_economics(check, raw.get("economics")),
        documents=documents,
        origin=origin,
        raw=raw,
        trees=trees,
        vocabulary=build_vocabulary(raw.get("vocabulary"), check.texts),
        cadence=build_cadence(raw.get("reporting"), check.texts, check.fail,
                              (path for path, _ in field_paths(trees["report"]))),
        repayment=build_repayment(raw.get("repayment"), check.texts, check.fail),
        financing=build_financing(raw.get("financing"), check.texts, check.fail),
        steps=build_steps(raw.get("steps"), check.texts, check.fail, OUTCOMES,
                          raw.get("transitions")),
        rounds=build_rounds(raw.get("rounds"), check.fail),
    )


def _trees(raw: dict[str, Any]) -> tuple[dict[str, Field], list[Problem]]:
    """Each document's tree: the content model plus what the profile adds (cached)."""
    documents = _dict(raw.get("documents"))
    trees: dict[str, Field] = {}
    problems: list[Problem] = []
    for doc_type in AUTHORED:
        spec = documents.get(doc_type)
        spec = _dict(spec)
        fields = _dict(spec.get("fields"))
        rules = _dict(spec.get("rules"))
        tree, found = build_tree(doc_type, *additions(doc_type, fields, rules))
        trees[doc_type] = tree
        problems += found
    return trees, problems


def _choice_labels(raw: dict[str, Any], trees: dict[str, Field]) -> list[Problem]:
    """Every ``choice_labels`` key is a value some choice of the profile can take."""
    known = {*OUTCOMES, *STAGE_KEYS, *REPORT_KINDS, "granted", "rejected"}
    for tree in (*trees.values(), *(DOCUMENTS[name] for name in DOCUMENTS if name not in trees)):
        known.update(choice for _, item in field_paths(tree) for choice in item.choices)
    problems: list[Problem] = []
    for key in _dict(raw.get("choice_labels")):
        if key not in known:
            hint_sv, hint_en = suggestion(key, known)
            problems.append(Problem(("choice_labels", key),
                                    f"inget fält har valet {key}{hint_sv}",
                                    f"no field has the choice {key}{hint_en}"))
    return problems


def _dict(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _semantics(raw: dict[str, Any]) -> list[Problem]:
    """What the declaration alone cannot say: names that refer to each other."""
    problems: list[Problem] = []
    stages = _list(raw.get("stages"))
    keys: list[str] = []
    dirs: list[str] = []
    for index, stage in enumerate(stages):
        if not isinstance(stage, dict):
            continue
        key, directory = str(stage.get("key") or ""), str(stage.get("dir") or "")
        if not directory.strip() or "/" in directory or "\\" in directory \
                or directory.startswith("."):
            problems.append(Problem(("stages", index, "dir"),
                                    "ska vara ett mappnamn utan snedstreck",
                                    "must be a folder name without slashes"))
        if key in keys or (directory and directory in dirs):
            problems.append(Problem(("stages", index), "steget eller mappen förekommer två gånger",
                                    "the stage or folder appears twice"))
        keys.append(key)
        dirs.append(directory)
    transitions = _list(raw.get("transitions"))
    for index, transition in enumerate(transitions):
        if not isinstance(transition, dict):
            continue
        for name in ("from", "to"):
            stage = transition.get(name)
            if isinstance(stage, str) and stage in STAGE_KEYS and stage not in keys:
                hint_sv, hint_en = suggestion(stage, keys)
                problems.append(Problem(
                    ("transitions", index, name),
                    f"\"{stage}\" är inget steg i profilen{hint_sv}; stegen är {', '.join(keys)}",
                    f"\"{stage}\" is not a stage of the profile{hint_en}; the stages are "
                    f"{', '.join(keys)}"))
    documents = _dict(raw.get("documents"))
    for doc_type, spec in documents.items():
        rules = spec.get("rules") if isinstance(spec, dict) else None
        for name in _dict(rules):
            rule = RULES.get(name)
            if rule is not None and doc_type not in rule.documents:
                problems.append(Problem(
                    ("documents", doc_type, "rules", name),
                    f"regeln gäller bara {', '.join(rule.documents)}",
                    f"the rule applies only to {', '.join(rule.documents)}"))
    idea = _dict(documents.get("idea"))
    fields = _dict(idea.get("fields"))
    keys_given = _dict(_dict(idea.get("rules")).get("criteria")).get("keys")
    for index, key in enumerate(_list(keys_given)):
        if isinstance(key, str) and key not in DEFAULT_CRITERIA and not _dict(
                fields.get(f"criteria.{key}")).get("label"):
            hint_sv, hint_en = suggestion(key, DEFAULT_CRITERIA)
            problems.append(Problem(
                ("documents", "idea", "rules", "criteria", "keys", index),
                f"kriteriet {key} har ingen etikett{hint_sv}; ett eget kriterium behöver "
                f"fields: criteria.{key}: {{label: …, question: …}}",
                f"the criterion {key} has no label{hint_en}; a criterion of your own needs "
                f"fields: criteria.{key}: {{label: …, question: …}}"))
    reporting = _dict(raw.get("reporting"))
    periods = _list(reporting.get("periods"))
    kinds: list[str] = []
    for index, period in enumerate(periods):
        kind = period.get("kind") if isinstance(period, dict) else None
        near = suggestion(str(kind), REPORT_KINDS) if isinstance(kind, str) and \
            difflib.get_close_matches(kind, REPORT_KINDS, n=1, cutoff=0.8) else ("", "")
        if (isinstance(kind, str) and kind not in REPORT_KINDS and near[0]
                and not any(char.isdigit() for char in kind)):
            problems.append(Problem(
                ("reporting", "periods", index, "kind"),
                f"{kind} liknar ett felstavat rapportslag{near[0]}; en egen period behöver "
                "ett eget namn (t.ex. tertial1)",
                f"{kind} looks like a misspelt report kind{near[1]}; a period of your own "
                "needs a name of its own (e.g. tertial1)"))
        if kind in kinds:
            problems.append(Problem(("reporting", "periods", index, "kind"),
                                    f"{kind} förekommer två gånger", f"{kind} appears twice"))
        kinds.append(str(kind))
    return problems


# The builders below run only on a profile the declaration has accepted: they turn the
# checked data into objects and check nothing themselves.


def _economics(check: _Check, value: Any) -> dict[str, int]:
    spec = check.mapping(value or {}, "economics")
    return {key: check.integer(item, f"economics.{key}") for key, item in spec.items()
            if item is not None}


def _stages(check: _Check, value: Any) -> list[Stage]:
    stages: list[Stage] = []
    for index, item in enumerate(check.listing(value, "stages")):
        spec = check.mapping(item, f"stages[{index}]")
        stages.append(Stage(str(spec["key"]), str(spec["dir"]),
                            check.texts(spec.get("label"), f"stages[{index}].label")))
    return stages


def _transitions(check: _Check, value: Any) -> list[Transition]:
    result: list[Transition] = []
    for index, item in enumerate(check.listing(value, "transitions")):
        spec = check.mapping(item, f"transitions[{index}]")
        gates = tuple(next(iter(check.mapping(gate, "gate").items()))
                      for gate in spec.get("gates") or [])
        result.append(Transition(str(spec["from"]), str(spec["to"]), gates,
                                 check.texts(spec.get("label"), f"transitions[{index}].label")))
    return result


def _document(check: _Check, doc_type: str, value: Any, tree: Field,
              choice_labels: dict[str, Texts]) -> DocProfile:
    where = f"documents.{doc_type}"
    spec = check.mapping(value, where)
    paths = dict(field_paths(tree))
    fields: dict[str, FieldText] = {}
    for path, field_spec in check.mapping(spec.get("fields") or {}, f"{where}.fields").items():
        if path not in paths or field_spec is None:
            continue  # the base's texts for default criteria a profile does not use
        field_where = f"{where}.fields.{path}"
        field_map = check.mapping(field_spec, field_where)
        fields[path] = FieldText(
            label=check.texts(field_map.get("label"), f"{field_where}.label"),
            question=check.texts(field_map.get("question"), f"{field_where}.question"),
            guidance=check.texts(field_map.get("guidance"), f"{field_where}.guidance"),
            required=check.flag(field_map.get("required"), f"{field_where}.required"),
            min_items=check.integer(field_map.get("min_items") or 0, f"{field_where}.min_items"),
        )
        choices = field_map.get("choices")
        if isinstance(choices, dict):
            for choice, label in choices.items():
                choice_labels.setdefault(str(choice), check.texts(label, field_where))
    rules: dict[str, dict[str, Any]] = {}
    for name, params in check.mapping(spec.get("rules") or {}, f"{where}.rules").items():
        rules[name] = _dict(params)
        for path, _, sv, en in RULES[name].adds:
            own = fields.get(path)
            fields[path] = FieldText({"sv": sv, "en": en}, {}, {}) if own is None else \
                own if own.label else replace(own, label={"sv": sv, "en": en})
    _criteria_texts(tree, fields)
    return DocProfile(
        type=doc_type,
        label=check.texts(spec.get("label"), f"{where}.label"),
        intro=check.texts(spec.get("intro"), f"{where}.intro"),
        fields=fields,
        rules=rules,
    )


def _criteria_texts(tree: Field, fields: dict[str, FieldText]) -> None:
    """A criterion named only in ``criteria.keys`` still gets its headings in the template."""
    criteria = tree.child("criteria")
    if criteria is None or tree.key != "idea":
        return
    for key in criteria.keys:
        own = fields.get(f"criteria.{key}")
        label = own.label if own and own.label else {"sv": key, "en": key}
        if own is None:
            fields[f"criteria.{key}"] = FieldText(label, {}, {})
        fields.setdefault(f"criteria.{key}.met", FieldText(
            {"sv": f"{label.get('sv', key)}: uppfyllt",
             "en": f"{label.get('en', label.get('sv', key))}: met"}, {}, {}))
        fields.setdefault(f"criteria.{key}.comment",
                          FieldText({"sv": "Motivering", "en": "Comment"}, {}, {}))
