"""Fixture folders become tests: ``tests/cases/<profile>/<valid|invalid>/<name>.<type>.yaml``.

Each file names what it must produce in its leading comment lines:

* ``# expect: <code> <field>`` — an error finding. An invalid file's error
  findings must be exactly these, so each fixture pins down one rule.
* ``# expect-warning: <code> <field>`` — a warning that must be among the findings
  (other warnings are allowed).

A valid file must give exit code 0 and no error findings.
"""

from __future__ import annotations

import re
import shutil
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from socinv.rules.catalogue import RULES
from tests.conftest import run

CASES = Path(__file__).resolve().parent / "cases"
PROFILES = ("ystad", "heby")
DOC_TYPES = ("idea", "application", "report", "final_report")
_EXPECT = re.compile(r"#\s*expect(?P<warning>-warning)?:\s*(?P<code>\S+)\s+(?P<field>\S+)\s*$")

Pair = tuple[str, str]


@dataclass(frozen=True)
class Case:
    path: Path
    profile: str
    valid: bool
    doc_type: str
    errors: frozenset[Pair]
    warnings: frozenset[Pair]

    @property
    def id(self) -> str:
        return self.path.relative_to(CASES).as_posix()


def read_case(path: Path) -> Case:
    profile, verdict = path.parent.parent.name, path.parent.name
    doc_type = path.name.removesuffix(".yaml").rsplit(".", 1)[-1]
    errors: set[Pair] = set()
    warnings: set[Pair] = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        match = _EXPECT.match(line)
        if match:
            target = warnings if match["warning"] else errors
            target.add((match["code"], match["field"]))
    return Case(path, profile, verdict == "valid", doc_type, frozenset(errors),
                frozenset(warnings))


ALL_CASES = [read_case(path) for path in sorted(CASES.glob("*/*/*.yaml"))]


def validate(path: Path, profile: str, doc_type: str,
             *extra: str | Path) -> tuple[int, dict[str, Any]]:
    result = run("validate", path, "--profile", profile, "--type", doc_type, "--format", "json",
                 *extra)
    assert "Traceback" not in result.out + result.err
    return result.code, result.json()


def pairs(report: dict[str, Any], severity: str) -> set[Pair]:
    return {(f["code"], f["field"]) for f in report["findings"] if f["severity"] == severity}


def copy_case(case: Case, tmp_path: Path) -> Path:
    """A private copy, so that no fund.yaml above the fixture can change the verdict."""
    target = tmp_path / case.path.name
    shutil.copyfile(case.path, target)
    return target


# --- the fixture folders themselves --------------------------------------------------


def test_fixture_folders_are_well_formed() -> None:
    assert ALL_CASES, "no fixtures found under tests/cases"
    for case in ALL_CASES:
        assert case.profile in PROFILES, case.id
        assert case.path.parent.name in ("valid", "invalid"), case.id
        assert case.doc_type in DOC_TYPES, case.id
        assert case.valid or case.errors, f"{case.id}: an invalid case needs '# expect:' lines"
        assert not (case.valid and case.errors), f"{case.id}: a valid case expects no errors"


def test_fixtures_name_only_catalogue_codes_of_the_right_severity() -> None:
    for case in ALL_CASES:
        for code, _ in case.errors:
            assert RULES[code].severity == "error", f"{case.id}: {code}"
        for code, _ in case.warnings:
            assert RULES[code].severity == "warning", f"{case.id}: {code}"


@pytest.mark.parametrize("profile", PROFILES)
def test_every_profile_has_valid_and_invalid_fixtures(profile: str) -> None:
    verdicts = {case.valid for case in ALL_CASES if case.profile == profile}
    assert verdicts == {True, False}


# --- one test per fixture -----------------------------------------------------------


@pytest.mark.parametrize("case", [c for c in ALL_CASES if c.valid], ids=lambda c: c.id)
def test_valid_fixture(case: Case, tmp_path: Path) -> None:
    code, report = validate(copy_case(case, tmp_path), case.profile, case.doc_type)
    assert pairs(report, "error") == set()
    assert code == 0
    assert report["valid"] is True
    assert case.warnings <= pairs(report, "warning")


@pytest.mark.parametrize("case", [c for c in ALL_CASES if not c.valid], ids=lambda c: c.id)
def test_invalid_fixture(case: Case, tmp_path: Path) -> None:
    code, report = validate(copy_case(case, tmp_path), case.profile, case.doc_type)
    assert pairs(report, "error") == case.errors
    assert code == 1
    assert report["valid"] is False
    assert case.warnings <= pairs(report, "warning")


# --- templates straight from `socinv new` ---------------------------------------------


def test_blank_ystad_idea_template_does_not_validate(ystad_fund: Path) -> None:
    created = run("new", "idea", "Läxhjälp på biblioteket", "--fund", ystad_fund, "--by", "Test")
    assert created.code == 0, created.err
    (idea,) = ystad_fund.glob("1-ideer/*/idea.yaml")
    code, report = validate(idea, "ystad", "idea", "--fund", ystad_fund)
    assert code == 1
    assert {("missing", "need"), ("missing", "content"), ("missing", "expected_effects"),
            ("missing", "target_group.description"), ("missing", "parties")} <= pairs(report,
                                                                                      "error")


def test_blank_heby_application_template_does_not_validate(heby_fund: Path) -> None:
    created = run("new", "application", "Unga till arbete", "--fund", heby_fund, "--by", "Test")
    assert created.code == 0, created.err
    (application,) = heby_fund.glob("1-beslutsunderlag/*/application.yaml")
    code, report = validate(application, "heby", "application", "--fund", heby_fund)
    assert code == 1
    assert {("missing", "novelty"), ("missing", "unemployment_effect.kind"),
            ("missing", "cost_reduction.period.from")} <= pairs(report, "error")


# --- messages ----------------------------------------------------------------------


def _case(case_id: str) -> Case:
    return next(case for case in ALL_CASES if case.id == case_id)


LANGUAGE_CASES = [
    "ystad/invalid/parties-committee-and-company.application.yaml",
    "ystad/invalid/period-five-years.application.yaml",
    "heby/invalid/annual-without-gains.report.yaml",
    "ystad/invalid/deviation-without-comment.report.yaml",
]


@pytest.mark.parametrize("case_id", LANGUAGE_CASES)
def test_messages_are_swedish_by_default_and_english_on_request(case_id: str,
                                                                tmp_path: Path) -> None:
    case = _case(case_id)
    path = copy_case(case, tmp_path)
    _, swedish = validate(path, case.profile, case.doc_type)
    _, english = validate(path, case.profile, case.doc_type, "--lang", "en")
    assert [f["code"] for f in swedish["findings"]] == [f["code"] for f in english["findings"]]
    for sv, en in zip(swedish["findings"], english["findings"], strict=True):
        assert sv["message"] != en["message"]
    sv_text = " ".join(f["message"] for f in swedish["findings"])
    en_text = " ".join(f["message"] for f in english["findings"])
    assert re.search(r"\b(är|saknas|inte|från|ska)\b", sv_text)
    assert re.search(r"\b(the|is|not|missing|from|must)\b", en_text)
    assert not re.search(r"\b(är|saknas|inte|från|ska|riktlinjen)\b", en_text)


def test_every_finding_has_file_field_code_severity_message_and_line(tmp_path: Path) -> None:
    for case in ALL_CASES:
        path = copy_case(case, tmp_path)
        _, report = validate(path, case.profile, case.doc_type)
        for finding in report["findings"]:
            assert {"file", "field", "code", "severity", "message", "line"} <= set(finding), case.id
            assert finding["file"] == str(path)
            assert finding["code"] in RULES
            assert finding["severity"] in ("error", "warning")
            assert finding["message"].strip()
            assert isinstance(finding["line"], int) and finding["line"] >= 1


def test_finding_points_at_the_line_of_the_broken_value(tmp_path: Path) -> None:
    case = _case("ystad/invalid/age-max-26.application.yaml")
    path = copy_case(case, tmp_path)
    _, report = validate(path, case.profile, case.doc_type)
    (finding,) = report["findings"]
    line = path.read_text(encoding="utf-8").splitlines()[finding["line"] - 1]
    assert line.strip() == "age_max: 26"


def test_unknown_key_suggests_the_right_name(tmp_path: Path) -> None:
    case = _case("ystad/valid/unknown-key-typo.application.yaml")
    _, report = validate(copy_case(case, tmp_path), case.profile, case.doc_type)
    (finding,) = [f for f in report["findings"] if f["code"] == "unknown-key"]
    assert "Menade du specification?" in finding["message"]


def test_party_rule_message_names_the_requirement(tmp_path: Path) -> None:
    case = _case("heby/invalid/one-administration.application.yaml")
    _, report = validate(copy_case(case, tmp_path), case.profile, case.doc_type)
    (finding,) = report["findings"]
    assert "förvaltningar" in finding["message"]
    assert "1 förvaltning" in finding["message"]


def test_age_in_words_message_does_not_ask_for_kronor(tmp_path: Path) -> None:
    """An age is not money: the message must not tell the user to write kronor."""
    case = _case("ystad/invalid/age-in-words.application.yaml")
    _, report = validate(copy_case(case, tmp_path), case.profile, case.doc_type)
    (finding,) = report["findings"]
    assert "kronor" not in finding["message"]
    assert "belopp" not in finding["message"]
