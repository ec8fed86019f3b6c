"""A profile is checked completely when it is loaded; docs and JSON Schema follow its declaration.

Every broken profile here is refused by ``socinv profile check`` and by ``socinv init``
(which then creates nothing) with exit 2, the file and line, the key and, for a near
miss, "menade du …?".
"""

from __future__ import annotations

import json
import re
import textwrap
from pathlib import Path

import pytest

from socinv.model.declare import Map, Seq
from socinv.profiles import docgen
from socinv.profiles.loader import load_profile
from socinv.profiles.spec import PROFILE, walk
from tests.conftest import REPO, run

#: name → (profile text, the key reported, the line it is on, a suggestion or "")
BROKEN: dict[str, tuple[str, str, int, str]] = {
    "gate-on-unknown-document": ("""\
        extends: ystad
        transitions:
          - from: application
            to: review
            gates:
              - document_valid: ansokan
        """, "transitions[0].gates[0].document_valid", 6, ""),
    "criteria-met-ja": ("""\
        extends: ystad
        transitions:
          - from: idea
            to: application
            gates:
              - criteria_met: ja
        """, "transitions[0].gates[0].criteria_met", 6, ""),
    "decision-approved": ("""\
        extends: heby
        transitions:
          - from: review
            to: active
            gates:
              - decision: approved
        """, "transitions[0].gates[0].decision", 6, ""),
    "unknown-gate": ("""\
        extends: heby
        transitions:
          - from: review
            to: active
            gates:
              - decison: granted
        """, "transitions[0].gates[0].decison", 6, "decision"),
    "closing-outcome-typo": ("""\
        extends: heby
        transitions:
          - from: active
            to: closed
            gates:
              - closing_outcome: [implemented, not_implmented]
        """, "transitions[0].gates[0].closing_outcome[1]", 6, "not_implemented"),
    "stage-typo": ("""\
        extends: ystad
        transitions:
          - from: application
            to: reveiw
        """, "transitions[0].to", 4, "review"),
    "stage-not-in-profile": ("""\
        extends: heby
        transitions:
          - from: idea
            to: application
        """, "transitions[0].from", 3, ""),
    "due-in-words": ("""\
        extends: heby
        reporting:
          periods:
            - kind: annual
              due: "31 dec"
        """, "reporting.periods[0].due", 5, ""),
    "due-february-30": ("""\
        extends: heby
        reporting:
          periods:
            - {kind: annual, due: "02-30"}
        """, "reporting.periods[0].due", 4, ""),
    "report-kind-typo": ("""\
        extends: heby
        reporting:
          periods:
            - {kind: anual, due: "12-31"}
        """, "reporting.periods[0].kind", 4, "annual"),
    "grace-days-negative": ("""\
        extends: heby
        reporting:
          grace_days: -5
        """, "reporting.grace_days", 3, ""),
    "annual-required-typo": ("""\
        extends: heby
        documents:
          report:
            rules:
              annual_required:
                fields: [human_gain, economic_gains]
        """, "documents.report.rules.annual_required.fields[0]", 6, "human_gains"),
    "condition-flag-typo": ("""\
        extends: ystad
        documents:
          application:
            rules:
              parties:
                conditions:
                  municipal_company: majority_owed
        """, "documents.application.rules.parties.conditions.municipal_company", 7,
        "majority_owned"),
    "party-kind-typo": ("""\
        extends: ystad
        documents:
          application:
            rules:
              parties:
                not_eligible:
                  compnay: Inga företag.
        """, "documents.application.rules.parties.not_eligible.compnay", 7, "company"),
    "alternative-kind-typo": ("""\
        extends: heby
        documents:
          application:
            rules:
              parties:
                alternatives:
                  - [{kinds: [administraton], min: 2}]
        """, "documents.application.rules.parties.alternatives[0][0].kinds[0]", 7,
        "administration"),
    "rule-parameter-typo": ("""\
        extends: ystad
        documents:
          application:
            rules:
              age_range: {min: 0, maxi: 30}
        """, "documents.application.rules.age_range.maxi", 5, "max"),
    "rule-min-above-max": ("""\
        extends: ystad
        documents:
          application:
            rules:
              period_years: {min: 5, max: 3}
        """, "documents.application.rules.period_years.min", 5, ""),
    "rule-on-wrong-document": ("""\
        extends: ystad
        documents:
          report:
            rules:
              age_range: {min: 0, max: 30}
        """, "documents.report.rules.age_range", 5, ""),
    "share-above-100": ("""\
        extends: ystad
        documents:
          application:
            rules:
              co_financing: {min_share_percent: 130}
        """, "documents.application.rules.co_financing.min_share_percent", 5, ""),
    "rule-typo": ("""\
        extends: ystad
        documents:
          application:
            rules:
              amount_limit: {max_total: 100}
        """, "documents.application.rules.amount_limit", 5, "amount_limits"),
    "field-typo": ("""\
        extends: ystad
        documents:
          application:
            fields:
              target_group.descripton: {required: true}
        """, "documents.application.fields.target_group.descripton", 5,
        "target_group.description"),
    "field-attribute-typo": ("""\
        extends: ystad
        documents:
          application:
            fields:
              title: {requird: true}
        """, "documents.application.fields.title.requird", 5, "required"),
    "required-not-a-flag": ("""\
        extends: ystad
        documents:
          application:
            fields:
              title: {required: kanske}
        """, "documents.application.fields.title.required", 5, ""),
    "criterion-without-label": ("""\
        extends: ystad
        documents:
          idea:
            rules:
              criteria:
                keys: [feasable, real_need]
        """, "documents.idea.rules.criteria.keys[0]", 6, "feasible"),
    "builtin-field-retyped": ("""\
        extends: ystad
        documents:
          application:
            fields:
              costs: {type: text}
        """, "documents.application.fields.costs.type", 5, ""),
    "added-field-unknown-type": ("""\
        extends: ystad
        documents:
          application:
            fields:
              goal_area: {type: choise}
        """, "documents.application.fields.goal_area.type", 5, "choice"),
    "added-list-without-fields": ("""\
        extends: ystad
        documents:
          application:
            fields:
              partners: {type: list}
        """, "documents.application.fields.partners.type", 5, ""),
    "added-under-missing-parent": ("""\
        extends: ystad
        documents:
          application:
            fields:
              partners[].name: {type: text}
        """, "documents.application.fields.partners[].name", 5, ""),
    "after-typo": ("""\
        extends: ystad
        documents:
          application:
            fields:
              goal_area: {type: text, after: titel}
        """, "documents.application.fields.goal_area.after", 5, "title"),
    "required-if-unknown-field": ("""\
        extends: ystad
        documents:
          final_report:
            rules:
              required_if:
                fields:
                  - {field: parts_to_implement, when: recomendation}
        """, "documents.final_report.rules.required_if.fields[0].when", 7, "recommendation"),
    "choice-label-typo": ("""\
        extends: ystad
        choice_labels:
          comittee: {sv: "nämnd", en: "committee"}
        """, "choice_labels.comittee", 3, "committee"),
    "top-level-typo": ("""\
        extends: ystad
        transition: []
        """, "transition", 2, "transitions"),
    "economics-impossible": ("""\
        extends: ystad
        economics:
          savings_years: 0
        """, "economics.savings_years", 3, ""),
}


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


@pytest.mark.parametrize("name", list(BROKEN))
def test_profile_check_refuses_a_broken_profile(name: str, tmp_path: Path) -> None:
    text, key, line, hint = BROKEN[name]
    profile = write(tmp_path / f"{name}.yaml", text)
    result = run("profile", "check", profile)
    assert result.code == 2, result.out
    assert "Traceback" not in result.out + result.err
    assert f"{profile}:{line}: {key}:" in result.err
    if hint:
        assert f"menade du \"{hint}\"?" in result.err
    english = run("profile", "check", profile, "--lang", "en")
    assert english.code == 2
    assert f"{profile}:{line}: {key}:" in english.err
    if hint:
        assert f"did you mean \"{hint}\"?" in english.err


@pytest.mark.parametrize("name", ["gate-on-unknown-document", "due-in-words", "field-typo",
                                  "criterion-without-label", "condition-flag-typo"])
def test_init_refuses_a_broken_profile_and_creates_nothing(name: str, tmp_path: Path) -> None:
    text, key, line, _ = BROKEN[name]
    profile = write(tmp_path / f"{name}.yaml", text)
    fund = tmp_path / "fund"
    result = run("init", fund, "--profile", profile)
    assert result.code == 2
    assert f"{profile}:{line}: {key}:" in result.err
    assert not fund.exists()


def test_every_command_refuses_a_fund_whose_profile_broke(tmp_path: Path) -> None:
    good = write(tmp_path / "custom.yaml", "extends: heby\n")
    fund = tmp_path / "fund"
    assert run("init", fund, "--profile", good).code == 0
    kept = fund / "profile.yaml"  # init copied the profile into the fund
    kept.write_text(textwrap.dedent(BROKEN["decision-approved"][0]), encoding="utf-8")
    for command in (["status"], ["validate"], ["new", "application", "X", "--by", "T"]):
        result = run(*command, "--fund", fund)
        assert result.code == 2, command
        assert f"{kept.resolve()}:6: transitions[0].gates[0].decision:" in result.err
    assert not list((fund / "1-beslutsunderlag").iterdir())


def test_all_problems_are_listed_at_once(tmp_path: Path) -> None:
    profile = write(tmp_path / "many.yaml", """\
        extends: ystad
        kommun: Ystad
        reporting:
          grace_days: många
        documents:
          application:
            rules:
              age_range: {min: 0, maxi: 30}
        """)
    result = run("profile", "check", profile)
    assert result.code == 2
    assert [line.split(": ")[0].strip() for line in result.err.splitlines()[1:]] == [
        f"{profile}:2", f"{profile}:4", f"{profile}:8"]


def test_problem_in_the_extended_profile_names_that_file(tmp_path: Path) -> None:
    parent = write(tmp_path / "parent.yaml", """\
        extends: ystad
        reporting:
          grace_days: 30
          periods:
            - {kind: annual, due: "12-32"}
        """)
    child = write(tmp_path / "child.yaml", "extends: parent.yaml\nid: child\n")
    result = run("profile", "check", child)
    assert result.code == 2
    assert f"{parent}:5: reporting.periods[0].due:" in result.err


def test_unknown_builtin_profile_gets_a_suggestion(tmp_path: Path) -> None:
    result = run("init", tmp_path / "fund", "--profile", "ystd")
    assert result.code == 2
    assert "menade du \"ystad\"?" in result.err
    assert not (tmp_path / "fund").exists()


@pytest.mark.parametrize("name", ["ystad", "heby"])
def test_profile_check_accepts_the_builtin_profiles(name: str) -> None:
    result = run("profile", "check", name)
    assert result.code == 0, result.err
    assert f"Profilen {name} " in result.out and "är giltig" in result.out


def test_profile_check_accepts_the_test_profiles() -> None:
    for path in sorted((Path(__file__).parent / "profiles").glob("*.yaml")):
        result = run("profile", "check", path)
        assert result.code == 0, (path, result.err)


# --- the declaration, the JSON Schema and docs/profiles.md ------------------------------------


def test_docs_profiles_md_is_generated_from_the_declaration() -> None:
    committed = (REPO / "docs" / "profiles.md").read_text(encoding="utf-8")
    assert committed == docgen.markdown(), (
        "docs/profiles.md is out of date: run socinv profile schema --markdown > "
        "docs/profiles.md")
    assert run("profile", "schema", "--markdown").out == committed


def _schema_keys(schema: dict[str, object], path: tuple[str, ...] = ()) -> set[tuple[str, ...]]:
    found: set[tuple[str, ...]] = set()
    for option in schema.get("anyOf", []):  # type: ignore[attr-defined]
        found |= _schema_keys(option, path)
    for key, sub in (schema.get("properties") or {}).items():  # type: ignore[attr-defined]
        found.add((*path, key))
        found |= _schema_keys(sub, (*path, key))
    extra = schema.get("additionalProperties")
    if isinstance(extra, dict):
        found.add((*path, "*"))
        found |= _schema_keys(extra, (*path, "*"))
    items = schema.get("items")
    if isinstance(items, dict):
        found |= _schema_keys(items, (*path, "[]"))
    return found


def test_every_declared_key_is_in_the_docs_and_the_schema() -> None:
    docs = (REPO / "docs" / "profiles.md").read_text(encoding="utf-8")
    printed = run("profile", "schema")
    assert printed.code == 0
    schema = json.loads(printed.out)
    assert schema["$schema"].startswith("https://json-schema.org/")
    in_schema = _schema_keys(schema)
    declared = walk(PROFILE)
    assert len(declared) > 60
    for path, _ in declared:
        last = path[-1]
        if last != "[]":
            assert f"`{last}`" in docs or f".{last}`" in docs or f"{last}[]" in docs, path
        shape = tuple("*" if part in ("PATH", "KEY", "KIND", "VALUE") else part
                      for part in path)
        assert shape in in_schema, path


def _raw_keys(value: object, node: object, path: tuple[str, ...]) -> list[tuple[str, ...]]:
    """Every key of a profile's data with the declaration node it falls under (or None)."""
    found: list[tuple[str, ...]] = []
    if isinstance(value, dict) and isinstance(node, Map):
        if node.texts_shorthand and set(value) <= {"sv", "en"}:
            return []  # a vocabulary term given as {sv, en}: its name
        for key, item in value.items():
            sub = node.keys.get(key) or node.values
            found.append((*path, str(key)) if sub is None else ())
            found += _raw_keys(item, sub, (*path, str(key)))
    elif isinstance(value, list) and isinstance(node, Seq):
        for item in value:
            found += _raw_keys(item, node.item, (*path, "[]"))
    return [item for item in found if item]


@pytest.mark.parametrize("name", ["ystad", "heby"])
def test_every_key_of_the_builtin_profiles_is_declared(name: str) -> None:
    profile = load_profile(name)
    assert _raw_keys(profile.raw, PROFILE, ()) == []


@pytest.mark.parametrize(("text", "key"), [
    ("extends: ystad\nfarg: blå\n", "farg"),
    ("extends: ystad\ndocuments:\n  idea:\n    intro2: x\n", "documents.idea.intro2"),
    ("extends: ystad\nreporting:\n  cadence: 4\n", "reporting.cadence"),
    ("extends: ystad\nstages:\n  - {key: idea, dir: a, colour: x}\n", "stages[0].colour"),
    ("extends: ystad\neconomics:\n  rate: 1\n", "economics.rate"),
])
def test_the_loader_accepts_no_undeclared_key(tmp_path: Path, text: str, key: str) -> None:
    profile = write(tmp_path / "p.yaml", text)
    result = run("profile", "check", profile)
    assert result.code == 2
    assert re.search(rf":\d+: {re.escape(key)}: okänd nyckel", result.err), result.err


def test_the_worked_example_in_the_docs_is_a_valid_profile(tmp_path: Path) -> None:
    docs = (REPO / "docs" / "profiles.md").read_text(encoding="utf-8")
    example = docs.split("```yaml\n", 1)[1].split("```", 1)[0]
    profile = write(tmp_path / "region.yaml", example)
    result = run("profile", "check", profile)
    assert result.code == 0, result.err
    assert "egna fält:" in result.out and "application.goal_area" in result.out
    fund = tmp_path / "fund"
    assert run("init", fund, "--profile", profile).code == 0


def test_profile_help_lists_check_and_schema() -> None:
    result = run("profile", "--help")
    assert result.code == 0
    assert "check" in result.out and "schema" in result.out


# --- no profile crashes the loader ------------------------------------------------------------

from hypothesis import given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from socinv.errors import ProfileError  # noqa: E402
from socinv.profiles import build as loader  # noqa: E402

_WORDS = st.sampled_from(["idea", "application", "report", "fields", "rules", "type", "list",
                          "criteria", "keys", "choices", "after", "title", "costs[].x", "min",
                          "max", "gates", "due", "12-31", "true", "x", "", "parties",
                          "conditions", "co_financing", "fields.a", "a[].b", "-1", "1e9"])
_DATA = st.recursive(st.none() | _WORDS,
                     lambda inner: st.lists(inner, max_size=3)
                     | st.dictionaries(_WORDS, inner, max_size=3), max_leaves=12)
_PLACES = st.sampled_from([("documents", "application"), ("documents", "idea"),
                           ("documents", "application", "fields"),
                           ("documents", "application", "rules"),
                           ("documents", "idea", "rules", "criteria"), ("transitions",),
                           ("reporting",), ("stages",), ("choice_labels",), ()])


@settings(max_examples=80, deadline=None, database=None, derandomize=True)
@given(place=_PLACES, value=_DATA)
def test_no_profile_crashes_the_loader(place: tuple[str, ...], value: object) -> None:
    raw = loader._load_merged("ystad", None, ())[0]
    target = raw
    for key in place[:-1]:
        target = target.setdefault(key, {}) if isinstance(target, dict) else {}
    if place and isinstance(target, dict):
        target[place[-1]] = value
    elif isinstance(value, dict):
        raw.update(value)
    try:
        loader._build(raw, "fuzz.yaml")
    except ProfileError as error:
        assert "Traceback" not in error.sv
