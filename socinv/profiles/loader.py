"""Load a rule profile, resolve ``extends:``, and refuse anything it does not know.

A profile is YAML: names and labels, the stages and their directories, the
transitions and their gates, the reporting calendar, economics defaults, and per
document the fields (label, question, guidance, required) and the rules with
their parameters. Every key is checked here, so a typo in a municipality's own
profile is a clear error naming the key, never a silently ignored rule.
"""

from __future__ import annotations

import copy
import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from socinv.errors import ProfileError
from socinv.i18n import Lang, pick
from socinv.io.errors import UnreadableFile
from socinv.io.yamlio import parse_yaml, read_yaml
from socinv.model.schema import AUTHORED, DOCUMENTS, OUTCOMES, STAGE_KEYS, field_paths
from socinv.profiles.cadence import Cadence
from socinv.profiles.cadence import build as build_cadence
from socinv.profiles.repayment import Repayment
from socinv.profiles.repayment import build as build_repayment
from socinv.profiles.rounds import Rounds
from socinv.profiles.rounds import build as build_rounds
from socinv.profiles.steps import Steps
from socinv.profiles.steps import build as build_steps
from socinv.profiles.vocabulary import DEFAULT as DEFAULT_VOCABULARY
from socinv.profiles.vocabulary import Vocabulary
from socinv.profiles.vocabulary import build as build_vocabulary
from socinv.rules.registry import GATES, RULE_PARAMS, check_params

BUILTIN = ("ystad", "heby")
_BUILTIN_DIR = Path(__file__).parent
Texts = dict[str, str]

_TOP_KEYS = {
    "socinv_profile", "id", "extends", "name", "source", "municipality", "language",
    "placeholders", "choice_labels", "stages", "transitions", "reporting", "economics",
    "documents", "vocabulary", "repayment", "steps", "rounds",
}
_FIELD_KEYS = {"label", "question", "guidance", "required", "min_items"}
_DOC_KEYS = {"label", "intro", "fields", "rules"}


@dataclass(frozen=True)
class Stage:
    key: str
    dir: str
    label: Texts


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    gates: tuple[tuple[str, Any], ...]
    label: Texts


@dataclass(frozen=True)
class FieldText:
    label: Texts
    question: Texts
    guidance: Texts
    required: bool = False
    min_items: int = 0


@dataclass(eq=False)
class DocProfile:
    type: str
    label: Texts
    intro: Texts
    fields: dict[str, FieldText]
    rules: dict[str, dict[str, Any]]

    def text(self, path: str) -> FieldText:
        return self.fields.get(path) or FieldText({"sv": path, "en": path}, {}, {})


@dataclass
class Profile:
    id: str
    name: Texts
    source: Texts
    municipality: str
    language: Lang
    placeholders: tuple[str, ...]
    choice_labels: dict[str, Texts]
    stages: list[Stage]
    transitions: list[Transition]
    reporting: dict[str, Any]
    economics: dict[str, Any]
    documents: dict[str, DocProfile]
    origin: str
    raw: dict[str, Any] = field(repr=False, default_factory=dict)
    vocabulary: Vocabulary = field(default=DEFAULT_VOCABULARY)
    cadence: Cadence = field(default_factory=lambda: Cadence(()))
    repayment: Repayment | None = None
    steps: Steps = field(default_factory=Steps)
    rounds: Rounds = field(default_factory=Rounds)

    def stage(self, key: str) -> Stage | None:
        return next((stage for stage in self.stages if stage.key == key), None)

    def stage_for_dir(self, name: str) -> Stage | None:
        return next((stage for stage in self.stages if stage.dir == name), None)

    @property
    def first_stage(self) -> Stage:
        return self.stages[0]

    def choice_label(self, value: str, lang: Lang) -> str:
        return pick(self.choice_labels.get(value), lang) or value

    def document(self, doc_type: str) -> DocProfile:
        return self.documents.get(doc_type) or DocProfile(doc_type, {}, {}, {}, {})


def load_profile(spec: str | Path, base_dir: Path | None = None) -> Profile:
    """Load a built-in profile by name or a profile file by path (relative to ``base_dir``)."""
    raw, origin = _load_merged(str(spec), base_dir, ())
    return _build(raw, origin)


def _builtin_text(name: str) -> str | None:
    resource = _BUILTIN_DIR / f"{name}.yaml"  # beside this module: installs are folders
    return resource.read_text(encoding="utf-8") if resource.is_file() else None


@functools.cache
def _builtin_data(name: str, text: str) -> dict[str, Any]:
    """A built-in profile's data, parsed once a process (callers get a copy)."""
    return parse_yaml(Path(f"{name}.yaml"), text).data


def looks_like_path(spec: str) -> bool:
    """A profile named by a file (``../min_profil.yaml``) rather than a built-in's name."""
    return spec.endswith((".yaml", ".yml")) or "/" in spec or "\\" in spec


def _load_raw(spec: str, base_dir: Path | None) -> tuple[dict[str, Any], str, Path | None]:
    if not looks_like_path(spec):
        text = _builtin_text(spec)
        if text is None:
            raise ProfileError(
                f"Okänd profil \"{spec}\". Välj {' eller '.join(BUILTIN)}, eller ange "
                "sökvägen till en profilfil (.yaml).",
                f"Unknown profile \"{spec}\". Choose {' or '.join(BUILTIN)}, or give the "
                "path to a profile file (.yaml).")
        return copy.deepcopy(_builtin_data(spec, text)), f"{spec}", None
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
    return doc.data, str(path.resolve()), path.resolve().parent


def _load_merged(
    spec: str, base_dir: Path | None, seen: tuple[str, ...]
) -> tuple[dict[str, Any], str]:
    raw, origin, own_dir = _load_raw(spec, base_dir)
    if origin in seen:
        chain = " → ".join((*seen, origin))
        raise ProfileError(f"{origin}: extends bildar en cirkel ({chain}).",
                           f"{origin}: extends forms a cycle ({chain}).")
    parent = raw.get("extends")
    if parent in (None, ""):
        return raw, origin
    if not isinstance(parent, str):
        raise ProfileError(f"{origin}: extends ska vara ett profilnamn eller en sökväg.",
                           f"{origin}: extends must be a profile name or a path.")
    parent_raw, _ = _load_merged(parent, own_dir or base_dir, (*seen, origin))
    merged = _merge(parent_raw, {k: v for k, v in raw.items() if k != "extends"})
    if "id" not in raw:  # a profile is itself, not its parent: id defaults to the file's name
        merged["id"] = Path(origin).stem
    return (merged, origin) if seen else (_live(merged), origin)


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

    def known(self, value: dict[str, Any], allowed: set[str] | tuple[str, ...], where: str) -> None:
        for key in value:
            if key not in allowed:
                names = ", ".join(sorted(allowed))
                raise self.fail(f"{where}.{key}" if where else key,
                                f"okänd nyckel; tillåtna är {names}",
                                f"unknown key; allowed are {names}")

    def texts(self, value: Any, where: str) -> Texts:
        if value is None:
            return {}
        if isinstance(value, str):
            return {"sv": value}
        mapping = self.mapping(value, where)
        self.known(mapping, {"sv", "en"}, where)
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


def _build(raw: dict[str, Any], origin: str) -> Profile:
    check = _Check(origin)
    check.known(raw, _TOP_KEYS, "")
    language = str(raw.get("language") or "sv")
    if language not in ("sv", "en"):
        raise check.fail("language", "ska vara sv eller en / must be sv or en")
    stages = _stages(check, raw.get("stages"))
    stage_keys = {stage.key for stage in stages}
    documents: dict[str, DocProfile] = {}
    for doc_type, spec in check.mapping(raw.get("documents") or {}, "documents").items():
        if doc_type not in AUTHORED:
            raise check.fail(f"documents.{doc_type}",
                             f"okänd dokumenttyp; tillåtna är {', '.join(AUTHORED)}",
                             f"unknown document type; allowed are {', '.join(AUTHORED)}")
        documents[doc_type] = _document(check, doc_type, spec)
    choice_labels = {
        str(key): check.texts(value, f"choice_labels.{key}")
        for key, value in check.mapping(raw.get("choice_labels") or {}, "choice_labels").items()
    }
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
        transitions=_transitions(check, raw.get("transitions") or [], stage_keys),
        reporting=check.mapping(raw.get("reporting") or {}, "reporting"),
        economics=_economics(check, raw.get("economics")),
        documents=documents,
        origin=origin,
        raw=raw,
        vocabulary=build_vocabulary(raw.get("vocabulary"), check.texts, check.fail),
        cadence=build_cadence(raw.get("reporting"), check.texts, check.fail,
                              (path for path, _ in field_paths(DOCUMENTS["report"]))),
        repayment=build_repayment(raw.get("repayment"), check.texts, check.fail),
        steps=build_steps(raw.get("steps"), check.texts, check.fail, OUTCOMES,
                          raw.get("transitions")),
        rounds=build_rounds(raw.get("rounds"), check.fail),
    )


def _economics(check: _Check, value: Any) -> dict[str, int]:
    spec = check.mapping(value or {}, "economics")
    check.known(spec, {"savings_start_offset", "savings_years"}, "economics")
    result = {key: check.integer(item, f"economics.{key}") for key, item in spec.items()}
    if result.get("savings_start_offset", 0) < 0 or result.get("savings_years", 1) < 1:
        raise check.fail("economics", "savings_start_offset ≥ 0 och savings_years ≥ 1 krävs",
                         "savings_start_offset ≥ 0 and savings_years ≥ 1 are required")
    return result


def _stages(check: _Check, value: Any) -> list[Stage]:
    stages: list[Stage] = []
    for index, item in enumerate(check.listing(value, "stages")):
        where = f"stages[{index}]"
        spec = check.mapping(item, where)
        check.known(spec, {"key", "dir", "label"}, where)
        key, directory = str(spec.get("key") or ""), str(spec.get("dir") or "")
        if key not in STAGE_KEYS:
            keys = ", ".join(STAGE_KEYS)
            raise check.fail(f"{where}.key", f"\"{key}\" är inget steg; tillåtna är {keys}",
                             f"\"{key}\" is not a stage; allowed are {keys}")
        if not directory or "/" in directory or "\\" in directory or directory.startswith("."):
            raise check.fail(f"{where}.dir", "ska vara ett mappnamn utan snedstreck",
                             "must be a folder name without slashes")
        if any(stage.key == key or stage.dir == directory for stage in stages):
            raise check.fail(where, "steget eller mappen förekommer två gånger",
                             "the stage or folder appears twice")
        stages.append(Stage(key, directory, check.texts(spec.get("label"), f"{where}.label")))
    if not stages:
        raise check.fail("stages", "minst ett steg krävs / at least one stage is required")
    return stages


def _transitions(check: _Check, value: Any, stage_keys: set[str]) -> list[Transition]:
    result: list[Transition] = []
    for index, item in enumerate(check.listing(value, "transitions")):
        where = f"transitions[{index}]"
        spec = check.mapping(item, where)
        check.known(spec, {"from", "to", "gates", "label"}, where)
        source, target = str(spec.get("from")), str(spec.get("to"))
        for name, stage in (("from", source), ("to", target)):
            if stage not in stage_keys:
                raise check.fail(f"{where}.{name}", f"\"{stage}\" är inget steg i profilen",
                                 f"\"{stage}\" is not a stage of the profile")
        gates: list[tuple[str, Any]] = []
        for number, gate in enumerate(check.listing(spec.get("gates") or [], f"{where}.gates")):
            gate_where = f"{where}.gates[{number}]"
            gate_map = check.mapping(gate, gate_where)
            if len(gate_map) != 1:
                raise check.fail(gate_where, "en grind är en nyckel: värde / one key per gate")
            (name, argument), = gate_map.items()
            if name not in GATES:
                raise check.fail(f"{gate_where}.{name}",
                                 f"okänd grind; tillåtna är {', '.join(sorted(GATES))}")
            gates.append((name, argument))
        result.append(Transition(source, target, tuple(gates),
                                 check.texts(spec.get("label"), f"{where}.label")))
    return result


def _document(check: _Check, doc_type: str, value: Any) -> DocProfile:
    where = f"documents.{doc_type}"
    spec = check.mapping(value, where)
    check.known(spec, _DOC_KEYS, where)
    paths = {path for path, _ in field_paths(DOCUMENTS[doc_type])}
    fields: dict[str, FieldText] = {}
    for path, field_spec in check.mapping(spec.get("fields") or {}, f"{where}.fields").items():
        field_where = f"{where}.fields.{path}"
        if path not in paths:
            raise check.fail(field_where, "fältet finns inte i innehållsmodellen "
                             "(CONTENT_MODEL) / no such field in the content model")
        field_map = check.mapping(field_spec, field_where)
        check.known(field_map, _FIELD_KEYS, field_where)
        fields[path] = FieldText(
            label=check.texts(field_map.get("label"), f"{field_where}.label"),
            question=check.texts(field_map.get("question"), f"{field_where}.question"),
            guidance=check.texts(field_map.get("guidance"), f"{field_where}.guidance"),
            required=check.flag(field_map.get("required"), f"{field_where}.required"),
            min_items=check.integer(field_map.get("min_items") or 0, f"{field_where}.min_items"),
        )
    rules: dict[str, dict[str, Any]] = {}
    for name, params in check.mapping(spec.get("rules") or {}, f"{where}.rules").items():
        rule_where = f"{where}.rules.{name}"
        if name not in RULE_PARAMS:
            allowed = ", ".join(sorted(RULE_PARAMS))
            raise check.fail(rule_where, f"okänd regel; tillåtna är {allowed}",
                             f"unknown rule; allowed are {allowed}")
        problem = check_params(name, params)
        if problem:
            key, message = problem
            raise check.fail(f"{rule_where}.{key}" if key else rule_where, message)
        rules[name] = params if isinstance(params, dict) else {}
    return DocProfile(
        type=doc_type,
        label=check.texts(spec.get("label"), f"{where}.label"),
        intro=check.texts(spec.get("intro"), f"{where}.intro"),
        fields=fields,
        rules=rules,
    )
