"""Rule profiles: the built-in ones, ``extends:``, broken profiles, and rules as data."""

from __future__ import annotations

import shutil
import textwrap
from pathlib import Path
from typing import Any

import pytest

from socinv.i18n import pick
from socinv.profiles.loader import load_profile
from tests.conftest import build_tree, run, snapshot


def unchanged(root: Path) -> dict[str, tuple[int, str]]:
    """The fund's files for a before/after comparison; socinv's own cache is not a fund file."""
    return {name: stamp for name, stamp in snapshot(root).items()
            if not name.startswith(".socinv/")}


CASES = Path(__file__).resolve().parent / "cases"
YSTAD_APPLICATION = CASES / "ystad" / "valid" / "complete.application.yaml"

STAGE_DIRS = {
    "ystad": ["1-ideer", "2-ansokningar", "3-beredning", "4-pagaende", "5-avslutade"],
    "heby": ["1-beslutsunderlag", "2-beredning", "3-pagaende", "4-avslutade"],
}

AGE_30 = """\
# Ystads profil med en vidare målgrupp under ett försök med unga vuxna.
socinv_profile: 1
id: ystad-unga-vuxna
extends: ystad
documents:
  application:
    fields:
      target_group.age_max:
        guidance:
          sv: Under försöket får målgruppen vara unga vuxna upp till 30 år.
          en: During the trial the target group may be young adults up to 30.
    rules:
      age_range:
        max: 30
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def application(tmp_path: Path, old: str = "", new: str = "",
                source: Path = YSTAD_APPLICATION) -> Path:
    """A copy of a complete application with one thing changed."""
    text = source.read_text(encoding="utf-8")
    if old:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return write(tmp_path / "docs" / "application.yaml", text)


def validate(path: Path, profile: str | Path, *extra: str) -> tuple[int, dict[str, Any]]:
    result = run("validate", path, "--profile", profile, "--type", "application",
                 "--format", "json", *extra)
    assert "Traceback" not in result.out + result.err
    return result.code, result.json()


def errors(report: dict[str, Any]) -> set[tuple[str, str]]:
    return {(f["code"], f["field"]) for f in report["findings"] if f["severity"] == "error"}


def derived(tmp_path: Path, rules: str, base: str = "ystad", doc: str = "application") -> Path:
    """A profile file that extends ``base`` and sets the rules of one document."""
    body = textwrap.indent(textwrap.dedent(rules).strip(), " " * 6)
    return write(tmp_path / "profiles" / "derived.yaml",
                 f"extends: {base}\ndocuments:\n  {doc}:\n    rules:\n{body}\n")


# --- the built-in profiles ----------------------------------------------------------


@pytest.mark.parametrize("name", ["ystad", "heby"])
def test_builtin_profile_loads_with_its_stage_dirs(name: str) -> None:
    profile = load_profile(name)
    assert profile.id == name
    assert [stage.dir for stage in profile.stages] == STAGE_DIRS[name]
    assert {"application", "report", "final_report"} <= set(profile.documents)


@pytest.mark.parametrize("name", ["ystad", "heby"])
def test_init_creates_the_stage_dirs_of_the_profile(name: str, tmp_path: Path) -> None:
    fund = tmp_path / name
    result = run("init", fund, "--profile", name)
    assert result.code == 0, result.err
    made = sorted(path.name for path in fund.iterdir() if path.is_dir())
    assert set(STAGE_DIRS[name]) <= set(made)
    assert not {path for path in made if path[0].isdigit()} - set(STAGE_DIRS[name])


def test_only_ystad_has_an_idea_stage() -> None:
    assert load_profile("ystad").first_stage.key == "idea"
    assert load_profile("heby").first_stage.key == "application"


def test_ystad_rule_numbers_live_in_the_profile() -> None:
    rules = load_profile("ystad").documents["application"].rules
    assert (float(rules["period_years"]["min"]), float(rules["period_years"]["max"])) == (2, 4)
    assert (int(rules["age_range"]["min"]), int(rules["age_range"]["max"])) == (0, 25)
    heby = load_profile("heby").documents["application"].rules
    assert not {"min", "max"} & set(heby["period_years"])  # only start-before-end
    assert "age_range" not in heby


# --- extends ------------------------------------------------------------------------


def test_derived_profile_widens_the_age_range(tmp_path: Path) -> None:
    custom = write(tmp_path / "custom.yaml", AGE_30)
    doc = application(tmp_path, "  age_max: 16", "  age_max: 28")
    code, report = validate(doc, custom)
    assert (code, errors(report)) == (0, set())
    code, report = validate(doc, "ystad")
    assert (code, errors(report)) == (1, {("age-range", "target_group.age_max")})


def test_derived_profile_keeps_the_rest_of_ystad(tmp_path: Path) -> None:
    custom = write(tmp_path / "custom.yaml", AGE_30)
    code, report = validate(application(tmp_path, "  age_max: 16", "  age_max: 31"), custom)
    assert (code, errors(report)) == (1, {("age-range", "target_group.age_max")})
    assert "0–30" in report["findings"][0]["message"]
    code, report = validate(application(tmp_path, "  end: 2029-12-31", "  end: 2027-12-31"),
                            custom)
    assert ("period-length", "period.end") in errors(report)
    profile = load_profile(custom)
    assert [stage.dir for stage in profile.stages] == STAGE_DIRS["ystad"]
    assert profile.documents["application"].fields["target_group.age_max"].label["sv"] == (
        "Högsta ålder i målgruppen")


def test_derived_profile_adds_swedish_guidance_to_the_template(tmp_path: Path) -> None:
    custom = write(tmp_path / "custom.yaml", AGE_30)
    fund = tmp_path / "fund"
    assert run("init", fund, "--profile", custom).code == 0
    assert run("new", "idea", "Unga vuxna i arbete", "--fund", fund, "--by", "Test").code == 0
    (case,) = (fund / "1-ideer").iterdir()
    created = run("new", "application", case.name, "--fund", fund, "--by", "Test")
    assert created.code == 0, created.err
    template = (case / "application.yaml").read_text(encoding="utf-8")
    assert "unga vuxna upp till 30 år" in template


def test_init_with_a_profile_file_copies_it_into_the_fund(tmp_path: Path) -> None:
    custom = write(tmp_path / "profiles" / "custom.yaml", AGE_30)
    fund = tmp_path / "fund"
    result = run("init", fund, "--profile", custom)
    assert result.code == 0, result.err
    assert "(profil ystad-unga-vuxna)" in result.out and "profile.yaml" in result.out
    settings = (fund / "fund.yaml").read_text(encoding="utf-8")
    assert "\nprofile: profile.yaml\n" in settings
    assert (fund / "profile.yaml").read_text(encoding="utf-8") == custom.read_text()
    custom.unlink()  # the fund no longer depends on where the profile was written
    assert run("validate", "--fund", fund).code == 0


def test_a_chain_of_local_profiles_travels_whole(tmp_path: Path) -> None:
    write(tmp_path / "shared" / "region.yaml", AGE_30)
    child = write(tmp_path / "mine" / "child.yaml", """\
        # Vår egen variant
        socinv_profile: 1
        extends: ../shared/region.yaml
        name: {sv: "Egen fond", en: "Own fund"}
        """)
    fund = tmp_path / "fund"
    result = run("init", fund, "--profile", child, "--municipality", "Egen kommun")
    assert result.code == 0, result.err
    assert "(profil child)" in result.out
    copied = (fund / "profile.yaml").read_text(encoding="utf-8")
    assert "# Vår egen variant" in copied and "extends: profile-extends-1.yaml" in copied
    assert "extends: ystad" in (fund / "profile-extends-1.yaml").read_text(encoding="utf-8")
    shutil.rmtree(tmp_path / "shared")
    assert run("validate", "--fund", fund).code == 0


def test_a_text_override_in_one_language_replaces_both(tmp_path: Path) -> None:
    custom = write(tmp_path / "p.yaml", """\
        socinv_profile: 1
        extends: ystad
        documents:
          application:
            rules:
              parties:
                requirement: minst två nämnder i regionen.
        """)
    profile = load_profile(custom)
    requirement = profile.document("application").rules["parties"]["requirement"]
    assert requirement == "minst två nämnder i regionen."
    assert pick(requirement, "en") == "minst två nämnder i regionen."  # not Ystad's English


def test_a_field_added_back_keeps_the_base_labels(tmp_path: Path) -> None:
    custom = write(tmp_path / "p.yaml", """\
        socinv_profile: 1
        extends: ystad
        documents:
          application:
            fields:
              unemployment_effect.kind: {required: true}
        """)
    text = load_profile(custom).document("application").text("unemployment_effect.kind")
    assert text.required
    assert text.label == load_profile("heby").document("application").text(
        "unemployment_effect.kind").label
    assert text.label["sv"] != "unemployment_effect.kind"


CASE_YAML = """\
id: 2027-001-mentorer-i-skolan
title: Mentorer i skolan
stage: application
created: 2027-01-10
history:
  - at: "2027-01-10T09:00:00+01:00"
    event: created
    from: null
    to: application
    by: Test
"""


def fund_with_profile(tmp_path: Path, profile: str, age_max: int) -> Path:
    text = YSTAD_APPLICATION.read_text(encoding="utf-8").replace("  age_max: 16",
                                                                 f"  age_max: {age_max}")
    return build_tree(tmp_path / "fund", {
        "fund.yaml": f"municipality: Ystads kommun\nprofile: {profile}\nlanguage: sv\n",
        "custom.yaml": AGE_30,
        "2-ansokningar": {"2027-001-mentorer-i-skolan": {
            "case.yaml": CASE_YAML, "application.yaml": text}},
    })


def test_fund_yaml_profile_file_is_used_by_validate(tmp_path: Path) -> None:
    fund = fund_with_profile(tmp_path, "custom.yaml", age_max=28)
    before = unchanged(fund)
    result = run("validate", "--fund", fund, "--format", "json")
    assert unchanged(fund) == before
    assert errors(result.json()) == set()
    assert result.code == 0


def test_same_fund_with_the_builtin_profile_is_invalid(tmp_path: Path) -> None:
    fund = fund_with_profile(tmp_path, "ystad", age_max=28)
    result = run("validate", "--fund", fund, "--format", "json")
    assert errors(result.json()) == {("age-range", "target_group.age_max")}
    assert result.code == 1


def test_validate_inside_the_fund_finds_its_profile_from_any_directory(tmp_path: Path) -> None:
    fund = fund_with_profile(tmp_path, "custom.yaml", age_max=28)
    case = fund / "2-ansokningar" / "2027-001-mentorer-i-skolan"
    result = run("validate", "application.yaml", "--format", "json", cwd=case)
    assert result.code == 0, result.out + result.err


def test_extends_a_relative_profile_file(tmp_path: Path) -> None:
    write(tmp_path / "profiles" / "ystad-30.yaml", AGE_30)
    child = write(tmp_path / "profiles" / "ystad-30-lang.yaml", """\
        extends: ystad-30.yaml
        documents:
          application:
            rules:
              period_years: {max: 6}
        """)
    doc = application(tmp_path, "  age_max: 16", "  age_max: 28")
    assert validate(doc, child)[0] == 0


def test_null_in_a_derived_profile_removes_a_requirement(tmp_path: Path) -> None:
    custom = write(tmp_path / "custom.yaml", """\
        extends: ystad
        documents:
          application:
            fields:
              implementation.scaling: null
        """)
    doc = application(tmp_path, "  scaling: Elever i årskurs 4–6 och elever på "
                      "gymnasieskolans introduktionsprogram.\n", "")
    assert validate(doc, custom)[0] == 0
    assert errors(validate(doc, "ystad")[1]) == {("missing", "implementation.scaling")}


# --- rule parameters come from the profile ---------------------------------------------


@pytest.mark.parametrize("fixture", ["period-one-year", "period-five-years"])
def test_period_years_come_from_the_profile(tmp_path: Path, fixture: str) -> None:
    doc = application(tmp_path, source=CASES / "ystad" / "invalid" / f"{fixture}.application.yaml")
    code, report = validate(doc, "ystad")
    assert (code, errors(report)) == (1, {("period-length", "period.end")})
    wide = derived(tmp_path, "period_years: {min: 1, max: 5}")
    code, report = validate(doc, wide)
    assert (code, errors(report)) == (0, set())


def test_shorter_maximum_period_rejects_the_complete_application(tmp_path: Path) -> None:
    doc = application(tmp_path)
    assert validate(doc, "ystad")[0] == 0
    strict = derived(tmp_path, "period_years: {min: 2, max: 2}")
    code, report = validate(doc, strict)
    assert (code, errors(report)) == (1, {("period-length", "period.end")})
    assert "2–2 år" in report["findings"][0]["message"]


def test_age_minimum_comes_from_the_profile(tmp_path: Path) -> None:
    doc = application(tmp_path)
    teens = derived(tmp_path, "age_range: {min: 13, max: 19}")
    code, report = validate(doc, teens)
    assert (code, errors(report)) == (1, {("age-range", "target_group.age_min")})


def test_party_alternatives_come_from_the_profile(tmp_path: Path) -> None:
    doc = application(tmp_path, "  - name: Socialnämnden\n    kind: committee\n"
                                "    role: Fältassistenter som hjälper till att nå eleverna.\n", "")
    doc.write_text(doc.read_text(encoding="utf-8").replace(
        "  - name: Ystads idrottsförening\n    kind: civil_society\n"
        "    role: Rekryterar och samordnar de frivilliga mentorerna.\n", ""), encoding="utf-8")
    assert errors(validate(doc, "ystad")[1]) == {("party-rule", "parties")}
    lenient = derived(tmp_path, """\
        parties:
          requirement: {sv: "minst en nämnd.", en: "at least one committee."}
          alternatives:
            - [{kinds: [committee], min: 1}]
        """)
    assert validate(doc, lenient)[0] == 0


def test_deviation_threshold_comes_from_the_profile(tmp_path: Path) -> None:
    report = write(tmp_path / "docs" / "2027-annual.yaml", (
        CASES / "ystad" / "invalid" / "deviation-without-comment.report.yaml").read_text(
            encoding="utf-8"))
    result = run("validate", report, "--profile", "ystad", "--type", "report")
    assert result.code == 1
    tolerant = derived(tmp_path, "deviation_comment: {threshold_percent: 50}", doc="report")
    result = run("validate", report, "--profile", tolerant, "--type", "report")
    assert result.code == 0, result.out


# --- broken profiles --------------------------------------------------------------


BROKEN: dict[str, tuple[str, str]] = {
    "unknown-top-level-key": ("extends: ystad\nkommun: Ystad\n", "kommun"),
    "unknown-field-path": ("""\
        extends: ystad
        documents:
          application:
            fields:
              title2: {required: true}
        """, "documents.application.fields.title2"),
    "unknown-rule": ("""\
        extends: ystad
        documents:
          application:
            rules:
              agerange: {max: 30}
        """, "documents.application.rules.agerange"),
    "bad-rule-parameter": ("""\
        extends: ystad
        documents:
          application:
            rules:
              age_range: {minimum: 0}
        """, "documents.application.rules.age_range.minimum"),
    "bad-rule-value": ("""\
        extends: ystad
        documents:
          application:
            rules:
              period_years: {min: två}
        """, "documents.application.rules.period_years.min"),
    "stage-with-unknown-key": ("""\
        extends: ystad
        stages:
          - {key: idea, dir: 1-ideer, colour: grön}
        """, "stages[0].colour"),
    "unknown-document-type": ("""\
        extends: ystad
        documents:
          ansokan:
            fields: {}
        """, "documents.ansokan"),
    "not-yaml": ("extends: ystad\nname: a: b\n", ":2:"),
}


@pytest.mark.parametrize("name", list(BROKEN))
def test_broken_profile_is_a_clear_error(name: str, tmp_path: Path) -> None:
    text, key_path = BROKEN[name]
    profile = write(tmp_path / "profiles" / f"{name}.yaml", text)
    doc = application(tmp_path)
    result = run("validate", doc, "--profile", profile, "--type", "application")
    assert result.code == 2
    assert "Traceback" not in result.out + result.err
    assert key_path in result.err
    assert str(profile) in result.err


def test_missing_profile_file(tmp_path: Path) -> None:
    doc = application(tmp_path)
    missing = tmp_path / "profiles" / "finns-inte.yaml"
    result = run("validate", doc, "--profile", missing, "--type", "application")
    assert result.code == 2
    assert str(missing) in result.err
    assert "Traceback" not in result.out + result.err


def test_unknown_builtin_profile_name(tmp_path: Path) -> None:
    result = run("validate", application(tmp_path), "--profile", "ystadd", "--type",
                 "application")
    assert result.code == 2
    assert "ystad" in result.err and "heby" in result.err


def test_extends_cycle(tmp_path: Path) -> None:
    first = write(tmp_path / "profiles" / "a.yaml", "extends: b.yaml\n")
    write(tmp_path / "profiles" / "b.yaml", "extends: a.yaml\n")
    result = run("validate", application(tmp_path), "--profile", first, "--type", "application")
    assert result.code == 2
    assert "Traceback" not in result.out + result.err
    assert "extends" in result.err
    assert "a.yaml" in result.err and "b.yaml" in result.err


def test_extends_itself_through_a_longer_path(tmp_path: Path) -> None:
    """``../profiles/a.yaml`` from profiles/a.yaml is a.yaml itself: a cycle, not a crash."""
    profile = write(tmp_path / "profiles" / "a.yaml", "extends: ../profiles/a.yaml\n")
    result = run("validate", application(tmp_path), "--profile", profile, "--type",
                 "application")
    assert result.code == 2
    assert "Traceback" not in result.out + result.err
    assert "extends" in result.err


def test_broken_profile_in_fund_yaml(tmp_path: Path) -> None:
    fund = fund_with_profile(tmp_path, "custom.yaml", age_max=12)
    (fund / "custom.yaml").write_text("extends: ystad\nkommun: Ystad\n", encoding="utf-8")
    before = unchanged(fund)
    result = run("validate", "--fund", fund)
    assert unchanged(fund) == before
    assert result.code == 2
    assert "kommun" in result.err
    assert "Traceback" not in result.out + result.err


def test_init_with_a_broken_profile_creates_nothing(tmp_path: Path) -> None:
    profile = write(tmp_path / "broken.yaml", BROKEN["unknown-rule"][0])
    fund = tmp_path / "fund"
    result = run("init", fund, "--profile", profile)
    assert result.code == 2
    assert "documents.application.rules.agerange" in result.err
    assert not fund.exists()
