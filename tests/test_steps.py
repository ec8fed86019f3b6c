"""The case as the municipality's record: preparation steps, their gates, and what they show.

``socinv record`` writes a step of the profile into ``case.yaml``; ``advance``,
``decide`` and ``close`` refuse until the steps the profile names are there; ``status``
says what a case waits for; ``doctor`` checks the records against the profile.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from socinv.io.yamlio import read_yaml
from tests.conftest import run
from tests.test_workflow import HEBY_APPLICATION
from tests.workflow_helpers import (
    ACTIVE,
    APPLICATION_OK,
    IDEA,
    IDEA_UNASSESSED,
    PROJECT_PLAN,
    REVIEW,
    case_data,
    data_snapshot,
    events,
    prepare_for_decision,
    where,
)


def _case_file(fund: Path, case: str) -> Path:
    (stage,) = where(fund, case)
    return fund / stage / case / "case.yaml"


# --- the profile -----------------------------------------------------------------------

def _profile(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "min_profil.yaml"
    path.write_text("socinv_profile: 1\nextends: ystad\n" + text, encoding="utf-8")
    return path


def test_a_gate_naming_an_unknown_step_is_refused_at_init(tmp_path: Path) -> None:
    profile = _profile(tmp_path, """\
transitions:
  - from: application
    to: review
    gates:
      - step: managment_group
""")
    result = run("init", tmp_path / "fond", "--profile", profile)
    assert result.code == 2
    assert "steget \"managment_group\" finns inte under steps" in result.err
    assert "transitions[0].gates[0].step" in result.err
    assert "Menade du management_group?" in result.err
    assert not (tmp_path / "fond" / "fund.yaml").exists()


@pytest.mark.parametrize(("text", "message"), [
    ("steps:\n  - {key: x, who: management, kind: position, stages: [review]}\n",
     "Menade du management_group?"),
    ("steps:\n  - {key: x, who: each_party, kind: signoff, stages: [review]}\n",
     "Menade du sign_off?"),
    ("steps:\n  - {key: x, who: each_party, kind: sign_off, stages: [reveiw]}\n",
     "Menade du review?"),
    ("steps:\n  - {key: x, who: each_party, kind: sign_off, stages: [review], gate: [decide]}\n",
     "Menade du gates?"),
    ("steps:\n  - {key: x, who: each_party, kind: sign_off}\n", "nyckeln stages saknas"),
])
def test_a_broken_step_is_refused_with_the_place(tmp_path: Path, text: str,
                                                 message: str) -> None:
    result = run("profile", "check", _profile(tmp_path, text))
    assert result.code == 2
    said = result.err.replace('"', "").lower()  # the loader's own wording, any case
    assert message.lower() in said and "steps[0]" in result.err
    assert "Traceback" not in result.err


def test_a_step_gate_outside_the_steps_stages_is_refused(tmp_path: Path) -> None:
    profile = _profile(tmp_path, """\
transitions:
  - from: application
    to: review
    gates:
      - step: sign_off
""")
    result = run("init", tmp_path / "fond", "--profile", profile)
    assert result.code == 2 and "registreras i review, inte i application" in result.err


# --- socinv record ---------------------------------------------------------------------

def test_record_writes_the_step_with_its_history_entry_and_attachment(sample_fund: Path,
                                                                      tmp_path: Path) -> None:
    statement = tmp_path / "yttrande.pdf"
    statement.write_bytes(b"%PDF-1.4 signed page\n")
    path = _case_file(sample_fund, REVIEW)
    comments = [line for line in path.read_text().splitlines() if line.startswith("#")]
    result = run("record", REVIEW, "committee_view", "--by", "socialnämnden", "--position",
                 "for", "--date", "2026-11-20", "--ref", "SN 2026-11-20 § 140", "--note",
                 "Efter komplettering.", "--attach", statement, "--force",
                 "--fund", sample_fund)
    assert result.code == 0, result.out + result.err
    assert "Registrerade" in result.out and "Socialnämndens yttrande: för" in result.out
    record = case_data(sample_fund, REVIEW)["steps"][-1]
    assert record["step"] == "committee_view" and record["stage"] == "review"
    assert record["party"] == "Socialnämnden"  # the party's own spelling
    assert record["position"] == "for" and record["date"] == "2026-11-20"
    assert record["ref"] == "SN 2026-11-20 § 140" and record["note"] == "Efter komplettering."
    attachment = path.parent / record["attachment"]
    assert attachment.read_bytes() == statement.read_bytes()
    assert record["attachment"] == "steps/2026-11-20-committee-view-socialnamnden.pdf"
    history = case_data(sample_fund, REVIEW)["history"][-1]
    assert history["event"] == "record" and history["ref"] == "SN 2026-11-20 § 140"
    assert history["note"] == "Socialnämndens yttrande: för. Efter komplettering."
    assert [line for line in path.read_text().splitlines() if line.startswith("#")] == comments
    # both records stay: the earlier view and the new one
    views = [r for r in case_data(sample_fund, REVIEW)["steps"]
             if r["step"] == "committee_view" and r.get("party") == "Socialnämnden"
             and r["stage"] == "review"]
    assert [v["position"] for v in views] == ["noted", "for"]
    assert "Fonden är i ordning." in run("doctor", "--fund", sample_fund).out


@pytest.mark.parametrize(("args", "code", "message"), [
    (("record", REVIEW, "comittee_view"), 2, "Menade du committee_view?"),
    (("record", REVIEW, "committee_view", "--by", "Socialnämden", "--position", "for"), 1,
     "Menade du \"Socialnämnden\"?"),
    (("record", REVIEW, "committee_view", "--by", "Region Skåne, barn- och ungdomspsykiatrin "
      "(BUP Ystad)", "--position", "for"), 1, "är ingen nämnd"),
    (("record", REVIEW, "committee_view", "--position", "for"), 2, "Ange med --by vilken nämnd"),
    (("record", REVIEW, "management_group", "--date", "2027-01-01", "--position", "for",
      "--force"), 2, "ligger i framtiden"),
    (("record", REVIEW, "management_group"), 2, "ange --position for|against|noted"),
    (("record", REVIEW, "sign_off", "--by", "Socialnämnden", "--position", "for"), 2,
     "ta bort --position"),
    (("record", REVIEW, "sign_off", "--by", "Socialnämnden"), 1, "är redan registrerat"),
    (("record", IDEA, "sign_off", "--by", "Socialnämnden"), 1,
     "sign_off registreras i Beredning och beslut"),
    (("record", REVIEW, "sign_off", "--by", "Socialnämnden", "--priority", "1"), 2,
     "--priority och --round hör till steg med prioritering (management_group)"),
    (("record", REVIEW, "management_group", "--position", "maybe"), 2, "maybe"),
    (("record", "2026-999", "management_group"), 2, "finns inte i fonden"),
    (("record", REVIEW, "sign_off", "--by", "Socialnämnden", "--force", "--attach",
      "saknas.pdf"), 2, "--attach saknas.pdf: filen finns inte"),
])
def test_bad_input_to_record_is_refused_with_the_fix(sample_fund: Path, args: tuple[str, ...],
                                                     code: int, message: str) -> None:
    before = data_snapshot(sample_fund)
    result = run(*args, "--fund", sample_fund)
    assert result.code == code, result.out + result.err
    assert message in result.out + result.err
    assert "Traceback" not in result.err
    assert data_snapshot(sample_fund) == before


def test_record_speaks_english(sample_fund: Path) -> None:
    result = run("record", REVIEW, "comittee_view", "--lang", "en", "--fund", sample_fund)
    assert result.code == 2 and "Did you mean committee_view?" in result.err
    done = run("record", ACTIVE, "management_group", "--position", "against", "--lang", "en",
               "--fund", sample_fund)
    assert done.code == 0
    assert "Recorded" in done.out and "The municipal management group's position: against" \
        in done.out


# --- the gates ---------------------------------------------------------------------------

def test_the_idea_needs_klg_for_and_every_committee_behind_it(sample_fund: Path) -> None:
    path = _case_file(sample_fund, IDEA)
    path.write_text(path.read_text().replace("    position: for\n", "    position: against\n",
                                             1), encoding="utf-8")
    blocked = run("advance", IDEA, "--fund", sample_fund)
    assert blocked.code == 1 and "[gate-step-position]" in blocked.out
    assert "Kommunledningsgruppens ställningstagande är registrerat som emot; steget kräver " \
           "för." in blocked.out
    assert run("record", IDEA, "management_group", "--position", "for", "--force", "--fund",
               sample_fund).code == 0
    assert run("advance", IDEA, "--fund", sample_fund).code == 0


def test_a_committee_that_only_noted_the_idea_blocks_it(sample_fund: Path) -> None:
    for step, extra in (("management_group", ()), ("committee_view", ("--by", "Socialnämnden")),
                        ("committee_view", ("--by", "Barn- och utbildningsnämnden"))):
        position = "noted" if extra and "Socialnämnden" in extra else "for"
        assert run("record", IDEA_UNASSESSED, step, *extra, "--position", position,
                   "--fund", sample_fund).code == 0, step
    blocked = run("advance", IDEA_UNASSESSED, "--fund", sample_fund)
    assert "Socialnämndens yttrande är registrerat som noterat" in blocked.out


def test_decide_needs_every_signature_and_klg_for(sample_fund: Path) -> None:
    assert run("advance", APPLICATION_OK, "--fund", sample_fund).code == 0
    decide = ("decide", APPLICATION_OK, "--granted", "3520000", "--per-year",
              "2027=540000,2028=1180000,2029=1180000,2030=620000", "--ref", "KS § 201",
              "--fund", sample_fund)
    blocked = run(*decide)
    assert blocked.code == 1 and blocked.out.count("[gate-step-missing]") == 5
    assert "Kultur- och fritidsnämndens underskrift saknas i ärendet" in blocked.out
    assert "Region Skåne, barn- och ungdomspsykiatrin (BUP Ystad)s underskrift" in blocked.out
    prepare_for_decision(sample_fund, APPLICATION_OK)
    assert run(*decide).code == 0
    rejected_case = run("decide", REVIEW, "--rejected", "--ref", "KS § 202",
                        "--fund", sample_fund)
    assert rejected_case.code == 0  # a rejection needs no signatures


def test_abort_needs_klg_in_the_active_stage(sample_fund: Path) -> None:
    close = ("close", ACTIVE, "--outcome", "aborted", "--ref", "KS § 88", "--fund", sample_fund)
    blocked = run(*close)
    assert blocked.code == 1 and "Kommunledningsgruppens ställningstagande saknas" in blocked.out
    assert run("record", ACTIVE, "management_group", "--position", "for", "--fund",
               sample_fund).code == 0
    assert run(*close).code == 0
    assert where(sample_fund, ACTIVE) == ["5-avslutade"]


def test_heby_steering_and_management_group_before_decide(heby_fund: Path) -> None:
    fund = ["--fund", str(heby_fund)]
    assert run("new", "application", "Jobbcoach", *fund).code == 0
    (case_dir,) = (heby_fund / "1-beslutsunderlag").iterdir()
    (case_dir / "application.yaml").write_text(HEBY_APPLICATION, encoding="utf-8")
    assert run("advance", case_dir.name, *fund).code == 0
    status = run("status", "--format", "json", *fund).json()
    (row,) = status["cases"]
    assert row["next_step"] == "väntar på styrgruppen för barn och ungas beredning"
    assert [item["step"] for item in row["steps"]["outstanding"]] == ["steering_group",
                                                                     "management_group"]
    assert run("record", case_dir.name, "steering_group", "--position", "against",
               *fund).code == 0
    assert run("record", case_dir.name, "management_group", "--position", "for",
               *fund).code == 0
    blocked = run("decide", case_dir.name, "--granted", "1260000", "--per-year",
                  "2027=620000,2028=640000", "--ref", "KS § 45", *fund)
    assert blocked.code == 1 and "registrerat som emot" in blocked.out


def test_a_heby_package_of_two_goes_from_decision_basis_to_active(heby_fund: Path) -> None:
    fund = ["--fund", str(heby_fund)]
    cases = []
    for title in ("Jobbcoach", "Läxhjälp"):
        assert run("new", "application", title, *fund).code == 0
    for case_dir in sorted((heby_fund / "1-beslutsunderlag").iterdir()):
        (case_dir / "application.yaml").write_text(HEBY_APPLICATION, encoding="utf-8")
        cases.append(case_dir.name)
        assert run("advance", case_dir.name, *fund).code == 0
        for step in ("steering_group", "management_group"):
            assert run("record", case_dir.name, step, "--position", "for", *fund).code == 0
    decided = run("decide", *cases, "--package", "Unga vuxna i arbete", "--granted", "1260000",
                  "--granted", "1000000", "--per-year", "2027=620000,2028=640000",
                  "--per-year", "2027=500000,2028=500000", "--date", "2027-01-20",
                  "--ref", "KS § 45", *fund)
    assert decided.code == 0, decided.out + decided.err
    for case, total in zip(cases, ("1260000", "1000000"), strict=True):
        decision = case_data(heby_fund, case)["decision"]
        assert decision["total"] == total and decision["package"] == "Unga vuxna i arbete"
        assert decision["date"] == "2027-01-20" and decision["ref"] == "KS § 45"
        assert run("advance", case, *fund).code == 0
        assert where(heby_fund, case) == ["3-pagaende"]
        assert events(heby_fund, case)[-3:] == ["record", "decide", "advance"]


# --- closing -----------------------------------------------------------------------------

def _final_report(fund: Path, recommendation: str) -> None:
    from tests.test_workflow import _fill

    assert run("new", "final-report", ACTIVE, "--fund", fund).code == 0
    _fill(fund / "4-pagaende" / ACTIVE / "final_report.yaml",
          {"effects_target_group": "Fler familjer nåddes.", "effects_economy": "Lägre kostnader.",
           "comparison": "Bättre än ordinarie arbete.", "recommendation": recommendation,
           "parts_to_implement": "Hembesöken.", "total_outcome": "2300000"})


def test_the_outcome_must_agree_with_the_final_report(sample_fund: Path) -> None:
    _final_report(sample_fund, "implement_partly")
    wrong = run("close", ACTIVE, "--outcome", "implemented", "--ref", "KS § 140",
                "--fund", sample_fund)
    assert wrong.code == 1 and "[close-outcome-recommendation]" in wrong.out
    assert "Utfallet implemented stämmer inte med slutrapportens rekommendation " \
           "implement_partly (som motsvarar partly_implemented)" in wrong.out
    right = run("close", ACTIVE, "--outcome", "partly_implemented", "--ref", "KS § 140",
                "--fund", sample_fund)
    assert right.code == 0, right.out


def test_overdue_reports_are_named_when_closing(sample_fund: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCINV_TODAY", "2028-03-01")
    _final_report(sample_fund, "implement")
    closed = run("close", ACTIVE, "--outcome", "implemented", "--ref", "KS § 140",
                 "--fund", sample_fund)
    assert closed.code == 0, closed.out
    assert "[close-reports-overdue]" in closed.out and "varning" in closed.out
    assert "reports/2026-annual (2026-12-31), reports/2027-interim (2027-08-31), " \
           "reports/2027-annual (2027-12-31)" in closed.out


def test_overdue_reports_block_closing_where_the_profile_says_so(
        tmp_path: Path, sample_fund: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCINV_TODAY", "2028-03-01")
    profile = sample_fund / "strikt.yaml"
    profile.write_text("socinv_profile: 1\nextends: ystad\ndocuments:\n  final_report:\n"
                       "    rules:\n      reports_before_close: {blocking: true}\n",
                       encoding="utf-8")
    settings = sample_fund / "fund.yaml"
    settings.write_text(settings.read_text().replace("profile: ystad", "profile: strikt.yaml"))
    _final_report(sample_fund, "implement")
    blocked = run("close", ACTIVE, "--outcome", "implemented", "--ref", "KS § 140",
                  "--fund", sample_fund)
    assert blocked.code == 1 and "[close-reports-overdue]" in blocked.out


def test_implementing_committees_record_their_decisions(sample_fund: Path) -> None:
    closed = "2024-001-skolfam-skolstod-for-familjehemsplacerade-barn"
    done = run("record", closed, "implementation_decision", "--by", "Kultur- och fritidsnämnden",
               "--position", "against", "--ref", "KFN 2026-06-18 § 40", "--date", "2026-06-18",
               "--fund", sample_fund)
    assert done.code == 0, done.out + done.err


# --- the record shown ----------------------------------------------------------------------

def test_status_shows_what_each_case_waits_for(sample_fund: Path) -> None:
    path = _case_file(sample_fund, IDEA)
    text = path.read_text()
    start = text.index("  - step: committee_view\n    stage: idea\n    party: Barn")
    end = text.index("history:")
    path.write_text(text[:start] + text[end:], encoding="utf-8")
    status = run("status", "--fund", sample_fund)
    assert "  2026-004-foraldrastod-abc-i-forskolan: väntar på Barn- och utbildningsnämndens " \
           "yttrande" in status.out
    data = run("status", "--format", "json", "--fund", sample_fund).json()
    row = next(item for item in data["cases"] if item["id"] == IDEA)
    assert row["next_step"] == "väntar på Barn- och utbildningsnämndens yttrande"
    assert row["steps"]["outstanding"] == [{
        "step": "committee_view", "party": "Barn- och utbildningsnämnden",
        "waiting": "väntar på Barn- och utbildningsnämndens yttrande"}]
    assert [(item["step"], item.get("party")) for item in row["steps"]["done"]] == [
        ("management_group", None), ("committee_view", "Socialnämnden")]
    english = run("status", "--format", "json", "--lang", "en", "--fund", sample_fund).json()
    row = next(item for item in english["cases"] if item["id"] == IDEA)
    assert row["next_step"] == "waiting for Barn- och utbildningsnämnden's view"


def test_doctor_checks_the_steps_against_the_profile(sample_fund: Path) -> None:
    path = _case_file(sample_fund, REVIEW)
    text = path.read_text()
    text = text.replace("  - step: sign_off\n    stage: review\n    party: Socialnämnden",
                        "  - step: signoff\n    stage: review\n    party: Socialnämnden", 1)
    text = text.replace("    party: Barn- och utbildningsnämnden\n    position: for\n"
                        "    date: 2026-10-22",
                        "    party: Miljönämnden\n    position: for\n    date: 2026-10-22", 1)
    text = text.replace("  - step: management_group\n    stage: review",
                        "  - step: management_group\n    stage: application", 1)
    path.write_text(text.replace("    by: Petra Lund\n", "    attachment: steps/saknas.pdf\n"
                                 "    by: Petra Lund\n", 1), encoding="utf-8")
    doctor = run("doctor", "--fund", sample_fund)
    assert "[doctor-step-unknown]" in doctor.out and "Menade du sign_off?" in doctor.out
    assert "Steget committee_view är registrerat för Miljönämnden, som inte är part" \
        in doctor.out
    assert "Steget management_group är registrerat i skedet application" in doctor.out
    assert "Bilagan steps/saknas.pdf till steget management_group finns inte" in doctor.out


# --- carry-over and the project plan ------------------------------------------------------

def test_a_new_application_carries_over_the_idea(sample_fund: Path) -> None:
    assert run("advance", IDEA, "--fund", sample_fund).code == 0
    assert run("new", "application", IDEA, "--fund", sample_fund).code == 0
    idea = read_yaml(sample_fund / "2-ansokningar" / IDEA / "idea.yaml").data \
        if (sample_fund / "2-ansokningar" / IDEA / "idea.yaml").exists() else None
    assert idea is not None
    application = read_yaml(sample_fund / "2-ansokningar" / IDEA / "application.yaml").data
    assert application["title"] == idea["title"]
    assert application["problem_analysis"].strip() == " ".join(idea["need"].split())
    assert application["novelty"].strip() == " ".join(idea["novelty"].split())
    assert application["target_group"]["description"].strip() == " ".join(
        idea["target_group"]["description"].split())
    assert [(p["name"], p["kind"]) for p in application["parties"]] == [
        (p["name"], p["kind"]) for p in idea["parties"]]
    checked = run("validate", sample_fund / "2-ansokningar" / IDEA / "application.yaml",
                  "--fund", sample_fund, "--format", "json").json()
    fields = {finding["field"] for finding in checked["findings"]}
    assert "parties" not in fields and "problem_analysis" not in fields


@pytest.mark.parametrize("fmt", ["yaml", "docx"])
def test_the_project_plan_is_made_checked_and_required(sample_fund: Path, fmt: str,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    folder = sample_fund / "4-pagaende" / ACTIVE
    (folder / "project_plan.yaml").unlink()
    status = run("status", "--format", "json", "--fund", sample_fund).json()
    row = next(item for item in status["cases"] if item["id"] == ACTIVE)
    assert row["project_plan"]["code"] == "project-plan-missing"
    assert "Projektplanen saknas 606 dagar efter beslutet KS § 87 (senast 2025-05-25)" \
        in row["project_plan"]["message"]
    text = run("status", "--fund", sample_fund).out
    assert f"socinv new project-plan {ACTIVE}" in text
    made = run("new", "project-plan", ACTIVE, "--format", fmt, "--fund", sample_fund)
    assert made.code == 0, made.out + made.err
    plan = folder / f"project_plan.{fmt}"
    assert plan.exists()
    checked = run("validate", plan, "--fund", sample_fund, "--format", "json")
    assert checked.code == 1
    fields = {finding["field"] for finding in checked.json()["findings"]}
    assert {"project_leader.name", "project_group[0].name", "timeline"} <= fields
    if fmt == "yaml":
        data = read_yaml(plan).data
        assert [row["party"] for row in data["project_group"]] == [
            "Socialnämnden", "Barn- och utbildningsnämnden", "Region Skåne, barnhälsovården",
            "AB Ystadbostäder"]
    again = run("new", "project-plan", ACTIVE, "--format", fmt, "--fund", sample_fund)
    assert again.code == 2 and "finns redan" in again.err
    assert run("new", "project-plan", REVIEW, "--fund", sample_fund).code == 1
    status = run("status", "--format", "json", "--fund", sample_fund).json()
    row = next(item for item in status["cases"] if item["id"] == ACTIVE)
    assert row["project_plan"]["code"] == "project-group-incomplete"  # nobody named yet


def test_the_first_report_needs_a_valid_project_plan(sample_fund: Path) -> None:
    assert run("advance", APPLICATION_OK, "--fund", sample_fund).code == 0
    prepare_for_decision(sample_fund, APPLICATION_OK)
    assert run("decide", APPLICATION_OK, "--granted", "3520000", "--per-year",
               "2027=540000,2028=1180000,2029=1180000,2030=620000", "--ref", "KS § 201",
               "--fund", sample_fund).code == 0
    assert run("advance", APPLICATION_OK, "--fund", sample_fund).code == 0
    report = ("new", "report", APPLICATION_OK, "--period", "2027-annual", "--fund",
              sample_fund)
    missing = run(*report)
    assert missing.code == 1 and "Den första rapporten kräver en projektplan" in missing.err
    assert run("new", "project-plan", APPLICATION_OK, "--fund", sample_fund).code == 0
    blank = run(*report)
    assert blank.code == 1 and "kräver en godkänd projektplan" in blank.err
    shutil.copy(PROJECT_PLAN, sample_fund / "4-pagaende" / APPLICATION_OK / "project_plan.yaml")
    assert run(*report).code == 0


# --- rounds ----------------------------------------------------------------------------

def test_report_round_lists_the_priorities_against_the_funds_left(sample_fund: Path) -> None:
    assert run("advance", APPLICATION_OK, "--fund", sample_fund).code == 0
    assert run("record", APPLICATION_OK, "management_group", "--position", "for",
               "--priority", "2", "--round", "2026-12-16", "--fund", sample_fund).code == 0
    result = run("report", "round", "--fund", sample_fund)
    assert result.code == 0, result.out + result.err
    text = (sample_fund / "reports" / "2026-12-16-prioriteringslista.md").read_text("utf-8")
    assert text.startswith("# Kommunledningsgruppens prioriteringslista")
    assert "2026-12-16 – årets omgång nummer 1" in text
    rows = [line for line in text.splitlines() if line.startswith("| 1 |")
            or line.startswith("| 2 |")]
    assert rows[0].startswith(f"| 1 | {REVIEW}") and "| för |" in rows[0]
    assert "2 850 000 kr | 12 480 000 kr | 2029 | 7 954 383 kr |" in rows[0].replace(
        "\u00a0", " ")
    assert rows[1].startswith(f"| 2 | {APPLICATION_OK}")
    plain = text.replace("\u00a0", " ")
    assert "| Kvar att fördela | 1 438 000 kr | 1 700 000 kr | 0 kr | 0 kr | 0 kr |" in plain
    assert "| Sökt totalt | 0 kr | 1 690 000 kr | 2 160 000 kr | 1 900 000 kr | 620 000 kr |" \
        in plain
    english = run("report", "round", "--lang", "en", "--fund", sample_fund)
    assert english.code == 0
    assert (sample_fund / "reports" / "2026-12-16-priority-list.md").read_text(
        "utf-8").startswith("# The municipal management group's priority list")


def test_a_second_round_with_nothing_left_warns(sample_fund: Path) -> None:
    settings = sample_fund / "fund.yaml"
    assert run("record", REVIEW, "management_group", "--position", "for", "--priority", "1",
               "--round", "2026-05-20", "--date", "2026-05-01", "--force",
               "--fund", sample_fund).code == 0
    assert run("advance", APPLICATION_OK, "--fund", sample_fund).code == 0
    assert run("record", APPLICATION_OK, "management_group", "--position", "for",
               "--priority", "1", "--round", "2026-12-16", "--fund", sample_fund).code == 0
    result = run("report", "round", "--round", "2026-12-16", "--fund", sample_fund)
    assert result.code == 0
    written = (sample_fund / "reports" / "2026-12-16-prioriteringslista.md").read_text("utf-8")
    assert "årets omgång nummer 2" in written
    assert "[round-no-funds]" not in result.err and "inga medel återstår" not in result.err
    settings.write_text(settings.read_text().replace("    amount: 2500000\n    ref: \"KF § 205\"",
                                                     "    amount: 1062000\n    ref: \"KF § 205\""),
                        encoding="utf-8")
    warned = run("report", "round", "--round", "2026-12-16", "--force", "--fund", sample_fund)
    assert warned.code == 0
    assert "Omgången 2026-12-16 är årets omgång nummer 2, men inga medel återstår för 2026" \
        in warned.err
    assert "Riktlinjen håller den omgången bara om medel återstår." in (
        sample_fund / "reports" / "2026-12-16-prioriteringslista.md").read_text("utf-8")


def test_status_names_a_party_without_a_member_in_the_project_group(sample_fund: Path) -> None:
    plan = sample_fund / "4-pagaende" / ACTIVE / "project_plan.yaml"
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "  - party: AB Ystadbostäder\n    name: Peter Svensson\n    role: Boendesamordnare\n",
        ""), encoding="utf-8")
    status = run("status", "--format", "json", "--fund", sample_fund).json()
    row = next(item for item in status["cases"] if item["id"] == ACTIVE)
    assert row["project_plan"]["code"] == "project-group-incomplete"
    assert row["project_plan"]["severity"] == "warning"
    assert "Projektgruppen har ingen person från AB Ystadbostäder." in \
        row["project_plan"]["message"]


@pytest.mark.parametrize("profile", ["ystad", "heby", "region"])
def test_the_round_list_from_the_cache_equals_a_cold_one(
        sample_fund: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        profile: str) -> None:
    """``.socinv/cache/round-NN.json`` keeps what the list needs of each case.yaml under the
    case folder's stat signature: a warm list reads no case.yaml it has kept, a changed case
    is read alone, and the list is the cold one's, byte for byte."""
    import socinv.process.rounds as rounds
    from tests.workflow_helpers import heby_granted_case

    if profile == "ystad":
        fund = sample_fund
        assert run("record", REVIEW, "management_group", "--position", "for", "--priority",
                   "1", "--round", "2026-12-16", "--force", "--fund", fund).code == 0
    elif profile == "heby":
        monkeypatch.setenv("SOCINV_TODAY", "2028-02-20")
        fund = tmp_path / "heby"
        assert run("init", fund, "--profile", "heby").code == 0
        heby_granted_case(fund)
    else:
        fund = tmp_path / "region"
        region = Path(__file__).parent / "profiles" / "region.yaml"
        assert run("init", fund, "--profile", region).code == 0
        assert run("new", "idea", "Familjestöd i regionen", "--fund", fund).code == 0
    read: list[str] = []
    real = rounds.read_case

    def counted(fund_: object, case: object) -> object:
        read.append(getattr(case, "id", ""))
        return real(fund_, case)  # type: ignore[arg-type]

    monkeypatch.setattr(rounds, "read_case", counted)

    def listed(cold: bool = False) -> bytes:
        if cold:
            shutil.rmtree(fund / ".socinv" / "cache", ignore_errors=True)
        result = run("report", "round", "--force", "--out", tmp_path / "out", "--fund", fund)
        assert result.code == 0, result.out + result.err
        (written,) = (tmp_path / "out").iterdir()
        return written.read_bytes()

    cold = listed(cold=True)
    assert list((fund / ".socinv" / "cache").glob("round-*.json"))
    entries = len(read)
    assert listed() == cold
    again = read[entries:]
    assert len(again) < entries  # only the round's own cases are read again
    case_file = next(fund.glob("*/*/case.yaml"))
    case_file.write_text(case_file.read_text("utf-8") + "# ändrad\n", encoding="utf-8")
    del read[:]
    assert listed() == cold == listed(cold=True)
    assert read.count(case_file.parent.name) >= 1
