"""Profile language 2: fields of a fund's own, the rule library, and rules named per profile.

The profiles under ``tests/profiles/`` extend ystad and heby the way another
municipality's or region's guideline would; every rule is tested passing and failing.
"""

from __future__ import annotations

import textwrap
from pathlib import Path
from typing import Any

import pytest

from socinv import economics
from socinv.io.yamlio import read_yaml
from socinv.profiles.loader import load_profile
from socinv.rules.checks import Context
from socinv.validation import check_document
from tests.conftest import run

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"
YSTAD_RULES = HERE / "profiles" / "ystad_rules.yaml"
HEBY_RULES = HERE / "profiles" / "heby_rules.yaml"
YSTAD_APP = CASES / "ystad" / "valid" / "complete.application.yaml"
HEBY_APP = CASES / "heby" / "valid" / "complete.application.yaml"

#: what the ystad_rules profile adds to a complete Ystad application to make it complete
YSTAD_OWN = """
goal_area: health
endorsements:
  - party: Socialnämnden
    decided: 2026-09-15
co_financing:
  - party: Region Skåne
    year: 2027
    amount: 400000
"""
#: ... and the heby_rules profile to a complete Heby decision basis
HEBY_OWN = """
applicant_organisation: Socialförvaltningen
partner_endorsement: false
participants: 12
co_financing:
  - party: Arbetsförmedlingen
    year: 2027
    amount: 150000
"""


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


def document(tmp_path: Path, source: Path, extra: str = "",
             changes: tuple[tuple[str, str], ...] = (), name: str = "application.yaml") -> Path:
    text = source.read_text(encoding="utf-8")
    for old, new in changes:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return write(tmp_path / "docs" / name, text + textwrap.dedent(extra))


def validate(path: Path, profile: str | Path, doc_type: str = "application"
             ) -> tuple[int, dict[str, Any]]:
    result = run("validate", path, "--profile", profile, "--type", doc_type, "--format", "json")
    assert "Traceback" not in result.out + result.err
    return result.code, result.json()


def errors(report: dict[str, Any]) -> set[tuple[str, str]]:
    return {(f["code"], f["field"]) for f in report["findings"] if f["severity"] == "error"}


def messages(report: dict[str, Any]) -> list[str]:
    return [f["message"] for f in report["findings"]]


# --- the derived profiles load, and complete documents pass ---------------------------------


@pytest.mark.parametrize(("profile", "source", "extra"), [
    (YSTAD_RULES, YSTAD_APP, YSTAD_OWN), (HEBY_RULES, HEBY_APP, HEBY_OWN)])
def test_complete_document_with_the_fields_of_its_own_passes(
        tmp_path: Path, profile: Path, source: Path, extra: str) -> None:
    doc = document(tmp_path, source, extra)
    assert validate(doc, profile) == (0, validate(doc, profile)[1])
    assert errors(validate(doc, profile)[1]) == set()


@pytest.mark.parametrize(("profile", "source", "missing"), [
    (YSTAD_RULES, YSTAD_APP, {"goal_area", "endorsements", "co_financing"}),
    (HEBY_RULES, HEBY_APP, {"applicant_organisation"})])
def test_required_fields_of_its_own_are_missing_in_a_builtin_document(
        tmp_path: Path, profile: Path, source: Path, missing: set[str]) -> None:
    code, report = validate(document(tmp_path, source), profile)
    assert code == 1
    assert {("missing", key) for key in missing} <= errors(report)


def test_field_of_its_own_is_typed_and_located(tmp_path: Path) -> None:
    doc = document(tmp_path, YSTAD_APP, YSTAD_OWN.replace("goal_area: health",
                                                          "goal_area: planet"))
    code, report = validate(doc, YSTAD_RULES)
    assert code == 1
    (finding,) = [f for f in report["findings"] if f["field"] == "goal_area"]
    lines = doc.read_text(encoding="utf-8").splitlines()
    assert lines[finding["line"] - 1].startswith("goal_area: planet")
    assert "God och jämlik hälsa" in finding["message"] or "health" in finding["message"]


def test_participants_must_be_a_whole_number(tmp_path: Path) -> None:
    doc = document(tmp_path, HEBY_APP, HEBY_OWN.replace("participants: 12",
                                                        "participants: tolv"))
    code, report = validate(doc, HEBY_RULES)
    assert code == 1
    assert {field for _, field in errors(report)} == {"participants"}


def test_the_builtin_profiles_do_not_know_the_fields(tmp_path: Path) -> None:
    doc = document(tmp_path, YSTAD_APP, YSTAD_OWN)
    code, report = validate(doc, "ystad")
    assert code == 0
    unknown = {f["field"] for f in report["findings"] if f["code"] == "unknown-key"}
    assert {"goal_area", "endorsements", "co_financing"} <= unknown


# --- amount_limits ----------------------------------------------------------------------------


def test_amount_per_year_above_the_limit(tmp_path: Path) -> None:
    doc = document(tmp_path, YSTAD_APP, YSTAD_OWN, (("amount: 450000", "amount: 481000"),))
    code, report = validate(doc, YSTAD_RULES)
    assert code == 1
    assert ("amount-per-year", "costs") in errors(report)
    assert any("2027" in text and "481\u00a0000\u00a0kr" in text and "480\u00a0000\u00a0kr"
               in text for text in messages(report))


def test_amount_total_above_the_limit(tmp_path: Path) -> None:
    doc = document(tmp_path, YSTAD_APP, YSTAD_OWN, (("amount: 450000", "amount: 470000"),))
    code, report = validate(doc, YSTAD_RULES)
    assert code == 1
    assert errors(report) == {("amount-total-over", "costs")}
    assert any("1\u00a0430\u00a0000\u00a0kr" in text for text in messages(report))


def test_heby_amount_below_the_smallest_total_and_above_the_yearly_cap(tmp_path: Path) -> None:
    small = document(tmp_path, HEBY_APP, HEBY_OWN, (
        ("amount: 620000", "amount: 200000"), ("amount: 640000", "amount: 200000")))
    code, report = validate(small, HEBY_RULES)
    assert code == 1
    assert ("amount-total-under", "costs") in errors(report)
    big = document(tmp_path, HEBY_APP, HEBY_OWN, (("amount: 640000", "amount: 710000"),))
    assert ("amount-per-year", "costs") in errors(validate(big, HEBY_RULES)[1])


# --- co_financing -----------------------------------------------------------------------------


@pytest.mark.parametrize(("profile", "source", "extra", "low"), [
    (YSTAD_RULES, YSTAD_APP, YSTAD_OWN, ("amount: 400000", "amount: 100000")),
    (HEBY_RULES, HEBY_APP, HEBY_OWN, ("amount: 150000", "amount: 50000"))])
def test_co_financing_share_below_the_minimum(
        tmp_path: Path, profile: Path, source: Path, extra: str, low: tuple[str, str]) -> None:
    doc = document(tmp_path, source, extra.replace(*low))
    code, report = validate(doc, profile)
    assert code == 1
    assert errors(report) == {("co-financing-share", "co_financing")}


def test_co_financing_is_a_cost_in_the_economics(tmp_path: Path) -> None:
    profile = load_profile(YSTAD_RULES)
    with_co = check_document(document(tmp_path, YSTAD_APP, YSTAD_OWN), "application", profile,
                             "a.yaml", Context()).model
    without = check_document(YSTAD_APP, "application", profile, "b.yaml", Context()).model
    assert with_co is not None and without is not None
    flattered = economics.compute(without, None)
    honest = economics.compute(with_co, None)
    assert flattered is not None and honest is not None
    assert honest.total_cost == flattered.total_cost + 400000
    assert honest.npv < flattered.npv


# --- required_if ------------------------------------------------------------------------------


def test_parts_to_implement_required_only_when_partly(tmp_path: Path) -> None:
    source = CASES / "ystad" / "valid" / "implement-partly.final_report.yaml"
    partly = document(tmp_path, source, changes=(
        ("parts_to_implement: Mentorskapet, men inte samordnaren för frivilliga.", ""),),
        name="final_report.yaml")
    code, report = validate(partly, YSTAD_RULES, "final_report")
    assert (code, errors(report)) == (1, {("required-if", "parts_to_implement")})
    assert any("implementera delvis" in text for text in messages(report))
    assert validate(partly, "ystad", "final_report")[0] == 0
    whole = document(tmp_path, CASES / "ystad" / "valid" / "complete.final_report.yaml",
                     name="final_report.yaml")
    assert validate(whole, YSTAD_RULES, "final_report")[0] == 0


def test_endorsement_date_required_when_endorsed(tmp_path: Path) -> None:
    endorsed = document(tmp_path, HEBY_APP, HEBY_OWN.replace("partner_endorsement: false",
                                                             "partner_endorsement: true"))
    code, report = validate(endorsed, HEBY_RULES)
    assert (code, errors(report)) == (1, {("required-if", "endorsement_date")})
    dated = document(tmp_path, HEBY_APP, HEBY_OWN.replace(
        "partner_endorsement: false", "partner_endorsement: true\nendorsement_date: 2026-10-01"))
    assert validate(dated, HEBY_RULES)[0] == 0


def test_heby_report_deviations_required_when_a_comment_is_given(tmp_path: Path) -> None:
    source = CASES / "heby" / "valid" / "complete.report.yaml"
    text = source.read_text(encoding="utf-8")
    assert "deviations" not in text
    commented = write(tmp_path / "2027-annual.yaml",
                      text.replace("  outcome: 598000", "  outcome: 598000\n  comment: Vakans."))
    code, report = validate(commented, HEBY_RULES, "report")
    assert (code, errors(report)) == (1, {("required-if", "deviations")})
    plain = write(tmp_path / "plain" / "2027-annual.yaml", text)
    assert validate(plain, HEBY_RULES, "report")[0] == 0


# --- distinct parties -------------------------------------------------------------------------


YSTAD_TWICE = ("  - name: Socialnämnden\n    kind: committee",
               "  - name: Barn- och utbildningsnämnden \n    kind: committee")
NO_CIVIL = ("  - name: Ystads idrottsförening\n    kind: civil_society\n"
            "    role: Rekryterar och samordnar de frivilliga mentorerna.\n", "")


@pytest.mark.parametrize(("source", "profile", "changes"), [
    (YSTAD_APP, "ystad", (YSTAD_TWICE, NO_CIVIL)),
    (HEBY_APP, "heby", (("  - name: Kultur- och fritidsförvaltningen",
                         "  - name: socialförvaltningen "),)),
])
def test_the_same_party_listed_twice_counts_once(
        tmp_path: Path, source: Path, profile: str, changes: tuple[tuple[str, str], ...]) -> None:
    doc = document(tmp_path, source, changes=changes)
    code, report = validate(doc, profile)
    assert (code, errors(report)) == (1, {("party-rule", "parties")})
    assert any(text.endswith(("Nu: 1 nämnd.", "Nu: 1 förvaltning.")) for text in
               messages(report))


def test_two_different_committees_still_count_twice(tmp_path: Path) -> None:
    doc = document(tmp_path, YSTAD_APP, changes=(NO_CIVIL,))
    assert validate(doc, "ystad")[0] == 0


# --- criteria: any number, own keys, end to end -----------------------------------------------


PREVENTION = """
  prevention:
    met: true
    comment: Insatsen når barnen före problemen.
"""


def test_extra_criterion_must_be_assessed(tmp_path: Path) -> None:
    idea = CASES / "ystad" / "valid" / "complete.idea.yaml"
    five = document(tmp_path, idea, name="idea.yaml")
    code, report = validate(five, YSTAD_RULES, "idea")
    assert ("criteria-not-assessed", "criteria.prevention") in {
        (f["code"], f["field"]) for f in report["findings"]}
    assert any("Förebyggande" in text for text in messages(report))
    six = tmp_path / "six" / "idea.yaml"
    six.parent.mkdir()
    six.write_text(idea.read_text(encoding="utf-8") + PREVENTION, encoding="utf-8")
    code, report = validate(six, YSTAD_RULES, "idea")
    assert code == 0
    assert not [f for f in report["findings"] if f["field"].startswith("criteria")]


def test_extra_criterion_in_the_templates_and_the_gate(tmp_path: Path) -> None:
    fund = tmp_path / "fund"
    assert run("init", fund, "--profile", YSTAD_RULES).code == 0
    created = run("new", "idea", "Läxhjälp i biblioteket", "--fund", fund, "--by", "Test")
    assert created.code == 0, created.err
    (case,) = (fund / "1-ideer").iterdir()
    template = (case / "idea.yaml").read_text(encoding="utf-8")
    assert "prevention:" in template and "Förebyggande" in template
    idea = CASES / "ystad" / "valid" / "complete.idea.yaml"
    (case / "idea.yaml").write_text(idea.read_text(encoding="utf-8"), encoding="utf-8")
    blocked = run("advance", case.name, "--fund", fund, "--by", "Test")
    assert blocked.code == 1
    assert "criteria.prevention" in blocked.out
    (case / "idea.yaml").write_text(idea.read_text(encoding="utf-8") + PREVENTION,
                                    encoding="utf-8")
    still = run("advance", case.name, "--fund", fund, "--by", "Test")
    assert "criteria.prevention" not in still.out  # met now; the preparation steps remain
    for step, by in (("management_group", "Test"),
                     ("committee_view", "Barn- och utbildningsnämnden"),
                     ("committee_view", "Kultur- och fritidsnämnden")):
        recorded = run("record", case.name, step, "--by", by, "--position", "for",
                       "--fund", fund)
        assert recorded.code == 0, recorded.out + recorded.err
    moved = run("advance", case.name, "--fund", fund, "--by", "Test")
    assert moved.code == 0, moved.out + moved.err
    assert (fund / "2-ansokningar" / case.name).is_dir()
    word = run("new", "idea", "En idé i Word", "--fund", fund, "--by", "Test", "--format", "docx")
    assert word.code == 0, word.err
    import docx

    (docx_file,) = fund.glob("1-ideer/*/idea.docx")
    text = "\n".join(p.text for p in docx.Document(str(docx_file)).paragraphs)
    assert "Förebyggande" in text


# --- fields of its own in Word ----------------------------------------------------------------


def test_fields_of_its_own_survive_yaml_to_word_and_back(tmp_path: Path) -> None:
    doc = document(tmp_path, YSTAD_APP, YSTAD_OWN + "target_group_extra: null\n")
    text = doc.read_text(encoding="utf-8").replace("target_group_extra: null\n", "")
    text = text.replace("  identification:", "  district: Öster\n  identification:", 1)
    doc.write_text(text, encoding="utf-8")
    assert validate(doc, YSTAD_RULES)[0] == 0
    to_word = run("convert", doc, "--to", "docx", "--profile", YSTAD_RULES, "--type",
                  "application")
    assert to_word.code == 0, to_word.err
    import docx

    word = doc.with_suffix(".docx")
    body = "\n".join(p.text for p in docx.Document(str(word)).paragraphs)
    assert "Målområde" in body and "Parternas ställningstagande" in body
    assert "Egen- och medfinansiering" in body
    back = tmp_path / "back.yaml"
    result = run("convert", word, "--to", "yaml", "--out", back, "--profile", YSTAD_RULES,
                 "--type", "application")
    assert result.code == 0, result.err
    data = read_yaml(back).data
    assert data["goal_area"] == "health"
    assert data["endorsements"][0]["party"] == "Socialnämnden"
    assert data["co_financing"][0]["amount"] in ("400000", "400 000")
    assert data["target_group"]["district"] == "Öster"
    assert validate(back, YSTAD_RULES)[0] == 0


def test_yaml_template_shows_fields_of_its_own_in_place(tmp_path: Path) -> None:
    fund = tmp_path / "fund"
    assert run("init", fund, "--profile", HEBY_RULES).code == 0
    assert run("new", "application", "Unga till arbete", "--fund", fund, "--by", "T").code == 0
    (case,) = (fund / "1-beslutsunderlag").iterdir()
    template = (case / "application.yaml").read_text(encoding="utf-8")
    keys = [line.split(":")[0] for line in template.splitlines()
            if line and not line.startswith(("#", " "))]
    assert keys.index("applicant_organisation") == keys.index("title") + 1
    assert "Vilken förvaltning söker?" in template
    assert {"partner_endorsement", "endorsement_date", "participants", "co_financing"} <= set(keys)


# --- fields of its own in the board memo ------------------------------------------------------


def test_fields_of_its_own_reach_the_memo_templates(sample_fund: Path) -> None:
    from tests.test_reports import MEMO, PAX

    write(sample_fund / "own.yaml", """\
        extends: ystad
        documents:
          application:
            fields:
              goal_area:
                type: choice
                label: {sv: "Målområde", en: "Goal area"}
                choices: {health: {sv: "God och jämlik hälsa", en: "Good and equal health"}}
        """)
    settings = sample_fund / "fund.yaml"
    settings.write_text(settings.read_text("utf-8").replace("profile: ystad",
                                                            "profile: own.yaml"), "utf-8")
    app = sample_fund / "3-beredning" / PAX / "application.yaml"
    app.write_text(app.read_text("utf-8") + "\ngoal_area: health\n", "utf-8")
    own = sample_fund / "templates"
    own.mkdir()
    (own / "decision_memo.sv.md.j2").write_text(
        "{{ label.goal_area }}: {{ app.goal_area }}\n", "utf-8")
    result = run("report", "decision", PAX, "--fund", sample_fund)
    assert result.code == 0, result.err
    assert (sample_fund / f"reports/{MEMO}.md").read_text("utf-8") == "Målområde: health\n"


def test_a_field_of_its_own_is_located_by_its_heading_in_word(tmp_path: Path) -> None:
    doc = document(tmp_path, HEBY_APP, HEBY_OWN.replace("participants: 12",
                                                        "participants: tolv"))
    assert run("convert", doc, "--to", "docx", "--profile", HEBY_RULES, "--type",
               "application").code == 0
    result = run("validate", doc.with_suffix(".docx"), "--profile", HEBY_RULES, "--type",
                 "application", "--format", "json")
    assert result.code == 1
    (finding,) = [f for f in result.json()["findings"] if f["field"] == "participants"]
    assert finding["place"] == "Antal deltagare"
