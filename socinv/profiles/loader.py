"""A rule profile as socinv uses it, and ``load_profile``.

A profile is YAML: names and labels, the stages and their directories, the
transitions and their gates, the reporting calendar, economics defaults, and per
document the fields (label, question, guidance, required) and the rules with
their parameters. :mod:`socinv.profiles.build` reads it, resolves ``extends:`` and
checks every key, so a typo in a municipality's own profile is a clear error naming the
key, never a silently ignored rule. Building costs more than any other part of a small
command, so the built profile is kept in the user's cache under the bytes of its files
and read back from there while they are unchanged (issue 18).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from socinv.i18n import Lang, pick
from socinv.io.errors import UnreadableFile
from socinv.io.guard import read_bytes
from socinv.model.schema import DOCUMENTS, Field
from socinv.profiles.cadence import Cadence
from socinv.profiles.financing import DEFAULT as DEFAULT_FINANCING
from socinv.profiles.financing import Financing
from socinv.profiles.repayment import Repayment
from socinv.profiles.rounds import Rounds
from socinv.profiles.steps import Steps
from socinv.profiles.vocabulary import DEFAULT as DEFAULT_VOCABULARY
from socinv.profiles.vocabulary import Vocabulary

BUILTIN = ("ystad", "heby")
_BUILTIN_DIR = Path(__file__).parent
Texts = dict[str, str]



@dataclass(frozen=True)
class Stage:
    """A stage of the process and its folder."""

    key: str
    dir: str
    label: Texts


@dataclass(frozen=True)
class Transition:
    """A step from one stage to another and its gates."""

    source: str
    target: str
    gates: tuple[tuple[str, Any], ...]
    label: Texts


@dataclass(frozen=True)
class FieldText:
    """A field's label, question and guidance in a profile."""

    label: Texts
    question: Texts
    guidance: Texts
    required: bool = False
    min_items: int = 0


@dataclass(eq=False)
class DocProfile:
    """A profile's texts and rules for one document type."""

    type: str
    label: Texts
    intro: Texts
    fields: dict[str, FieldText]
    rules: dict[str, dict[str, Any]]

    def text(self, path: str) -> FieldText:
        return self.fields.get(path) or FieldText({"sv": path, "en": path}, {}, {})


@dataclass
class Profile:
    """A guideline as data: stages, documents, rules and texts."""

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
    financing: Financing = field(default=DEFAULT_FINANCING)
    #: each document's tree: the content model plus the fields this profile adds
    trees: dict[str, Field] = field(repr=False, default_factory=dict)

    def tree(self, doc_type: str) -> Field:
        """The field tree of ``doc_type`` under this profile (built-in for system files)."""
        return self.trees.get(doc_type) or DOCUMENTS[doc_type]

    def criteria_keys(self) -> tuple[str, ...]:
        """The idea's criteria, in the profile's order."""
        criteria = self.tree("idea").child("criteria")
        return criteria.keys if criteria is not None else ()

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
    """Load a built-in profile by name or a profile file by path (relative to ``base_dir``).

    The merged profile is checked completely against its declaration (``spec.py``)
    before anything uses it; a ProfileError names every problem's file and line.
    """
    key = _cache_key(str(spec), base_dir)
    kept = _kept_profile(key)
    if kept is not None:
        return kept
    from socinv.profiles.build import build_profile  # the profile's files changed

    profile, paths = build_profile(str(spec), base_dir)
    _keep_profile(key, paths, profile)
    return profile


def _cache_key(spec: str, base_dir: Path | None) -> str:
    from socinv.usercache import code_stamp, key_of

    where = "" if not looks_like_path(spec) else str(base_dir or "")
    return key_of("profile", spec, where, code_stamp("profiles", "model", "rules"))


def _sources(paths: list[str]) -> list[tuple[str, str]] | None:
    """Each file of a profile (itself and what it extends) with the hash of its bytes."""
    from socinv.usercache import source_hash

    try:
        return [(path, source_hash(read_bytes(Path(path)))) for path in paths]
    except UnreadableFile:
        return None


def _kept_profile(key: str) -> Profile | None:
    """The profile built before from these very files (the user's cache): building one
    checks the whole profile against its declaration, ten times the cost of reading it."""
    from socinv.usercache import load, remember_digest

    kept = load("profiles", key)
    if not (isinstance(kept, tuple) and len(kept) == 3 and isinstance(kept[1], Profile)):
        return None
    sources, profile, digest = kept
    if not sources or _sources([path for path, _ in sources]) != sources:
        return None
    remember_digest(profile.raw, digest)  # what every cache of the command is keyed by
    return profile


def _keep_profile(key: str, paths: list[str], profile: Profile) -> None:
    from socinv.usercache import profile_digest, store

    sources = _sources(paths)
    if sources is not None:
        store("profiles", key, (sources, profile, profile_digest(profile.raw)))


def looks_like_path(spec: str) -> bool:
    """A profile named by a file (``../min_profil.yaml``) rather than a built-in's name."""
    return spec.endswith((".yaml", ".yml")) or "/" in spec or "\\" in spec
