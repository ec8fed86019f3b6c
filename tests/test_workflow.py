"""The workflow through the CLI: every gate enforced, every change in the history."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from socinv.io.yamlio import read_yaml
from tests.conftest import run
from tests.workflow_helpers import (
    ACTIVE,
    APPLICATION_BAD,
    APPLICATION_OK,
    IDEA,
    IDEA_UNASSESSED,
    PROJECT_PLAN,
    REVIEW,
    TODAY,
    VALID_APPLICATION,
    case_data,
    data_snapshot,
    events,
    git,
    init_git,
    prepare_for_decision,
    where,
)


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCINV_TODAY", TODAY)


def _fill(path: Path, values: dict[str, str]) -> None:
    text = path.read_text(encoding="utf-8")
    for key, value in values.items():
        assert f"\n{key}:\n" in text or f"\n  {key}:\n" in text, key
        text = text.replace(f"\n{key}:\n", f"\n{key}: {value}\n", 1)
        text = text.replace(f"\n  {key}:\n", f"\n  {key}: {value}\n", 1)
    path.write_text(text, encoding="utf-8")


def test_a_case_goes_from_idea_to_closed_through_the_cli(sample_fund: Path) -> None:
    fund = ["--fund", str(sample_fund)]
    case_file = sample_fund / "1-ideer" / IDEA / "case.yaml"
    comments = [line for line in case_file.read_text().splitlines() if line.startswith("#")]

    result = run("advance", IDEA, "--by", "Petra Lund", "--note", "KLG ställde sig bakom.",
                 *fund)
    assert result.code == 0, result.out + result.err
    assert "Idéprövning → Ansökan" in result.out
    assert where(sample_fund, IDEA) == ["2-ansokningar"]

    blocked = run("advance", IDEA, *fund)
    assert blocked.code == 1
    assert "[gate-document-missing]" in blocked.out
    assert f"socinv new application {IDEA}" in blocked.out

    assert run("new", "application", IDEA, *fund).code == 0
    blank = run("advance", IDEA, *fund)
    assert blank.code == 1 and "[missing]" in blank.out and "inget ändrades" in blank.out
    assert where(sample_fund, IDEA) == ["2-ansokningar"]

    shutil.copy(VALID_APPLICATION, sample_fund / "2-ansokningar" / IDEA / "application.yaml")
    assert run("advance", IDEA, "--by", "Petra Lund", "--ref", "KLG 2027-01-12", *fund).code == 0
    no_decision = run("advance", IDEA, *fund)
    assert no_decision.code == 1 and "[gate-no-decision]" in no_decision.out

    unprepared = run("decide", IDEA, "--granted", "3000000", "--per-year",
                     "2027=540000,2028=1180000,2029=1180000,2030=100000", "--ref", "KS § 12",
                     *fund)
    assert unprepared.code == 1 and "[gate-step-missing]" in unprepared.out
    assert "Socialnämndens underskrift saknas i ärendet" in unprepared.out
    assert "Kommunledningsgruppens ställningstagande saknas i ärendet" in unprepared.out
    prepare_for_decision(sample_fund, IDEA)

    before = data_snapshot(sample_fund)
    bad = run("decide", IDEA, "--granted", "3000000", "--per-year", "2027=500000,2028=500000",
              "--ref", "KS § 12", *fund)
    assert bad.code == 1 and "[per-year-sum]" in bad.out
    assert data_snapshot(sample_fund) == before
    decided = run("decide", IDEA, "--granted", "3 000 000", "--per-year",
                  "2027=540000,2028=1180000,2029=1180000,2030=100000", "--date", "2027-02-20",
                  "--ref", "KS § 12", "--by", "Petra Lund", *fund)
    assert decided.code == 0, decided.out + decided.err
    assert "beviljat 3\u00a0000\u00a0000\u00a0kr" in decided.out
    decision = case_data(sample_fund, IDEA)["decision"]
    assert decision == {"outcome": "granted", "date": "2027-02-20", "ref": "KS § 12",
                        "total": "3000000", "per_year": {"2027": "540000", "2028": "1180000",
                                                         "2029": "1180000", "2030": "100000"}}
    assert run("advance", IDEA, "--note", "Projektstart 2027-08-01.", *fund).code == 0
    assert where(sample_fund, IDEA) == ["4-pagaende"]

    no_plan = run("new", "report", IDEA, "--period", "2027-interim", *fund)
    assert no_plan.code == 1 and f"socinv new project-plan {IDEA}" in no_plan.err
    assert run("new", "project-plan", IDEA, *fund).code == 0
    shutil.copy(PROJECT_PLAN, sample_fund / "4-pagaende" / IDEA / "project_plan.yaml")
    created = run("new", "report", IDEA, "--period", "2027-interim", *fund)
    assert created.code == 0, created.out + created.err
    report = sample_fund / "4-pagaende" / IDEA / "reports" / "2027-interim.yaml"
    data = read_yaml(report).data
    assert data["period"] == "2027-interim"
    assert data["finance"]["budget"] == "540000"
    assert data["effects_achieved"][0]["effect"] == "Färre elever med problematisk frånvaro."
    assert run("validate", report, *fund).code == 1  # activities etc. still empty

    assert run("new", "final-report", IDEA, *fund).code == 0
    final = sample_fund / "4-pagaende" / IDEA / "final_report.yaml"
    _fill(final, {"effects_target_group": "Frånvaron minskade.", "effects_economy": "Lägre "
                  "kostnader.", "comparison": "Bättre än ordinarie arbete.",
                  "recommendation": "implement_partly", "parts_to_implement": "Samordnaren.",
                  "total_outcome": "2950000"})
    no_ref = run("advance", IDEA, *fund)
    assert no_ref.code == 1 and "[closing-ref-missing]" in no_ref.out
    closed = run("advance", IDEA, "--ref", "KS § 140", "--note", "Slutrapporten godkänd.",
                 "--by", "Petra Lund", *fund)
    assert closed.code == 0, closed.out + closed.err
    assert where(sample_fund, IDEA) == ["5-avslutade"]

    data = case_data(sample_fund, IDEA)
    assert data["stage"] == "closed"
    assert data["closing"]["outcome"] == "partly_implemented"
    assert data["closing"]["ref"] == "KS § 140"
    assert events(sample_fund, IDEA) == ["created", "record", "record", "record", "advance",
                                         "new-application", "advance", *["record"] * 5,
                                         "decide", "advance", "new-project-plan", "new-report",
                                         "new-final-report", "close"]
    moves = [(e["from"], e["to"], e["ref"]) for e in data["history"] if e["event"] != "record"]
    assert moves[1:] == [("idea", "application", None),
                         ("application", "application", None), ("application", "review",
                         "KLG 2027-01-12"), ("review", "review", "KS § 12"),
                         ("review", "active", None), ("active", "active", None),
                         ("active", "active", None), ("active", "active", None),
                         ("active", "closed", "KS § 140")]
    advanced = next(e for e in data["history"] if e["event"] == "advance")
    assert advanced["by"] == "Petra Lund"
    assert advanced["note"] == "KLG ställde sig bakom."
    text = (sample_fund / "5-avslutade" / IDEA / "case.yaml").read_text()
    assert [line for line in text.splitlines() if line.startswith("#")] == comments
    assert text.rstrip().endswith(comments[-1])  # people's closing comments stay last
    assert "Fonden är i ordning." in run("doctor", *fund).out


def test_blockers_are_the_documents_own_findings(sample_fund: Path) -> None:
    advance = run("advance", APPLICATION_BAD, "--fund", sample_fund, "--format", "json")
    assert advance.code == 1
    validate = run("validate", f"2-ansokningar/{APPLICATION_BAD}", "--fund", sample_fund,
                   "--format", "json", cwd=sample_fund)
    errors = [f for f in validate.json()["findings"] if f["severity"] == "error"]
    data = advance.json()
    assert data["findings"] == errors
    assert data["valid"] is False and data["done"] is False
    assert (data["case"], data["from"], data["to"]) == (APPLICATION_BAD, "application", "review")
    text = run("advance", APPLICATION_BAD, "--fund", sample_fund).out
    assert "100:3    fel      Tidsperioden 2027-01-01 – 2031-12-31 är 5,0 år" in text
    assert "8 hinder – inget ändrades" in text


def test_criteria_must_be_assessed_and_met(sample_fund: Path) -> None:
    result = run("advance", IDEA_UNASSESSED, "--fund", sample_fund, "--lang", "en")
    assert result.code == 1
    assert result.out.count("[criteria-not-assessed]") == 5
    assert result.out.count("[gate-step-missing]") == 3  # KLG and two committees
    assert "The municipal management group's position is not recorded" in result.out
    assert "error" in result.out and "8 blockers – nothing changed" in result.out
    idea = sample_fund / "1-ideer" / IDEA / "idea.yaml"
    idea.write_text(idea.read_text().replace("met: true", "met: false", 1))
    refused = run("advance", IDEA, "--fund", sample_fund)
    assert refused.code == 1 and "[criterion-not-met]" in refused.out


def test_dry_run_changes_nothing(sample_fund: Path) -> None:
    before = data_snapshot(sample_fund)
    result = run("advance", IDEA, "--dry-run", "--fund", sample_fund)
    assert result.code == 0
    assert "Torrkörning, inget ändrades" in result.out
    assert data_snapshot(sample_fund) == before
    blocked = run("advance", REVIEW, "--dry-run", "--fund", sample_fund)
    assert blocked.code == 1 and "[gate-no-decision]" in blocked.out
    assert data_snapshot(sample_fund) == before


def test_to_only_along_allowed_transitions(sample_fund: Path) -> None:
    before = data_snapshot(sample_fund)
    skip = run("advance", APPLICATION_OK, "--to", "active", "--fund", sample_fund)
    assert skip.code == 1
    assert "[transition-not-allowed]" in skip.out
    assert "Tillåtet härifrån: Beredning och beslut (review)" in skip.out
    back = run("advance", APPLICATION_OK, "--to", "1-ideer", "--fund", sample_fund)
    assert back.code == 1 and "[transition-not-allowed]" in back.out
    unknown = run("advance", APPLICATION_OK, "--to", "nowhere", "--fund", sample_fund)
    assert unknown.code == 2 and "Stegen är" in unknown.err
    done = run("advance", "2024-001-skolfam-skolstod-for-familjehemsplacerade-barn",
               "--fund", sample_fund)
    assert done.code == 1 and "ärendet är avslutat" in done.out
    assert data_snapshot(sample_fund) == before
    ok = run("advance", APPLICATION_OK, "--to", "review", "--fund", sample_fund)
    assert ok.code == 0 and where(sample_fund, APPLICATION_OK) == ["3-beredning"]


@pytest.mark.parametrize("name", ["2099-001-finns-inte", "../../etc", "2026-099", "2026-04", "",
                                  "1-ideer/../2-ansokningar/" + APPLICATION_OK])
def test_unknown_or_malformed_case_is_exit_2(sample_fund: Path, name: str) -> None:
    before = data_snapshot(sample_fund)
    result = run("advance", name, "--fund", sample_fund)
    assert result.code == 2
    assert "Traceback" not in result.out + result.err
    assert result.err.strip()
    assert data_snapshot(sample_fund) == before


def test_case_may_be_named_by_its_folder(sample_fund: Path) -> None:
    result = run("advance", f"1-ideer/{IDEA}/", "--fund", sample_fund)
    assert result.code == 0 and where(sample_fund, IDEA) == ["2-ansokningar"]


def test_case_may_be_named_by_year_and_number(sample_fund: Path) -> None:
    assert IDEA.startswith("2026-004-")
    result = run("advance", "2026-004", "--fund", sample_fund)
    assert result.code == 0 and where(sample_fund, IDEA) == ["2-ansokningar"]
    assert IDEA in result.out
    missing = run("advance", "2026-099", "--fund", sample_fund)
    assert missing.code == 2 and "Ärendet 2026-099 finns inte i fonden" in missing.err


def test_a_short_id_shared_by_two_cases_names_both(sample_fund: Path) -> None:
    twin = sample_fund / "1-ideer" / "2026-004-en-annan-ide"
    shutil.copytree(sample_fund / "1-ideer" / IDEA, twin)
    result = run("advance", "2026-004", "--fund", sample_fund)
    assert result.code == 1
    assert IDEA in result.err and "2026-004-en-annan-ide" in result.err


def test_decide_rejected_closes_the_case(sample_fund: Path) -> None:
    result = run("decide", REVIEW, "--rejected", "--ref", "KS § 201", "--date", "2026-12-16",
                 "--note", "Medel räcker inte 2027.", "--fund", sample_fund)
    assert result.code == 0, result.out + result.err
    assert where(sample_fund, REVIEW) == ["5-avslutade"]
    data = case_data(sample_fund, REVIEW)
    assert data["decision"] == {"outcome": "rejected", "date": "2026-12-16", "ref": "KS § 201"}
    assert data["closing"]["outcome"] == "rejected"
    assert data["closing"]["reason"] == "Medel räcker inte 2027."
    assert events(sample_fund, REVIEW)[-2:] == ["decide", "close"]


def test_decide_checks_years_split_stage_and_existing(sample_fund: Path) -> None:
    before = data_snapshot(sample_fund)
    outside = run("decide", REVIEW, "--granted", "2850000", "--per-year",
                  "2027=1150000,2028=980000,2031=720000", "--ref", "KS § 1", "--fund",
                  sample_fund)
    assert outside.code == 1
    assert "året 2031 ligger utanför tidsperioden (2027–2029)" in outside.out
    missing = run("decide", REVIEW, "--granted", "2850000", "--ref", "KS § 1", "--fund",
                  sample_fund)
    assert missing.code == 1 and "--per-year 2027=950000,2028=950000,2029=950000" in missing.out
    wrong = run("decide", APPLICATION_OK, "--granted", "1", "--ref", "KS § 1", "--fund",
                sample_fund)
    assert wrong.code == 1 and "[decision-wrong-stage]" in wrong.out
    again = run("decide", ACTIVE, "--granted", "1", "--ref", "KS § 1", "--fund", sample_fund)
    assert again.code == 1 and "[decision-exists]" in again.out
    for bad in (["--granted", "tre miljoner"], ["--granted", "1", "--rejected"],
                ["--granted", "10", "--per-year", "2027:10"], []):
        result = run("decide", REVIEW, "--ref", "KS § 1", *bad, "--fund", sample_fund)
        assert result.code == 2, bad
        assert "Traceback" not in result.out + result.err
    assert data_snapshot(sample_fund) == before


def test_a_grant_beyond_the_allocation_is_a_warning(sample_fund: Path) -> None:
    result = run("decide", REVIEW, "--granted", "2850000", "--per-year",
                 "2027=1150000,2028=980000,2029=720000", "--ref", "KS § 201", "--fund",
                 sample_fund)
    assert result.code == 0, result.out
    # 2027: 2 500 000 allocated, 800 000 already granted to 2025-001 → 1 700 000 left
    assert "[decision-over-budget]" in result.out
    assert "2027" not in [line.split(":")[0].strip() for line in result.out.splitlines()
                          if "beviljat 1\u00a0150\u00a0000" in line]
    assert "2028: beviljat 980\u00a0000\u00a0kr, men enligt fund.yaml finns bara 0\u00a0kr" \
        in result.out
    assert case_data(sample_fund, REVIEW)["decision"]["total"] == "2850000"


def test_close_outcomes_fit_the_stage(sample_fund: Path) -> None:
    before = data_snapshot(sample_fund)
    for case, outcome in ((IDEA, "aborted"), (ACTIVE, "withdrawn"), (REVIEW, "implemented")):
        result = run("close", case, "--outcome", outcome, "--ref", "KS § 9", "--fund",
                     sample_fund)
        assert result.code == 1 and "[close-outcome-stage]" in result.out, (case, outcome)
    no_ref = run("close", ACTIVE, "--outcome", "aborted", "--fund", sample_fund)
    assert no_ref.code == 1 and "[closing-ref-missing]" in no_ref.out
    no_report = run("close", ACTIVE, "--outcome", "implemented", "--ref", "KS § 9",
                    "--fund", sample_fund)
    assert no_report.code == 1 and "[gate-document-missing]" in no_report.out
    unprepared = run("close", ACTIVE, "--outcome", "aborted", "--ref", "KS § 88", "--fund",
                     sample_fund)
    assert unprepared.code == 1 and "[gate-step-missing]" in unprepared.out
    assert f"socinv record {ACTIVE} management_group" in unprepared.out
    assert data_snapshot(sample_fund) == before
    assert run("record", ACTIVE, "management_group", "--position", "for", "--date",
               "2026-11-18", "--ref", "KLG 2026-11-18 § 2", "--fund", sample_fund).code == 0
    aborted = run("close", ACTIVE, "--outcome", "aborted", "--ref", "KS § 88", "--reason",
                  "Målgruppen nås inte.", "--date", "2026-11-20", "--fund", sample_fund)
    assert aborted.code == 0
    assert case_data(sample_fund, ACTIVE)["closing"] == {
        "outcome": "aborted", "date": "2026-11-20", "ref": "KS § 88",
        "reason": "Målgruppen nås inte."}
    withdrawn = run("close", IDEA, "--outcome", "withdrawn", "--ref", "Dnr 2026/17",
                    "--fund", sample_fund)
    assert withdrawn.code == 0 and where(sample_fund, IDEA) == ["5-avslutade"]


def test_new_report_checks_the_period(sample_fund: Path) -> None:
    fund = ["--fund", str(sample_fund)]
    assert run("new", "report", ACTIVE, "--period", "2026-interim", *fund).code == 2  # exists
    assert run("new", "report", ACTIVE, "--period", "2028-annual", *fund).code == 2  # after end
    assert run("new", "report", ACTIVE, "--period", "2026-q3", *fund).code == 2
    not_active = run("new", "report", REVIEW, "--period", "2027-annual", *fund)
    assert not_active.code == 1 and "genomförande" in not_active.err
    ok = run("new", "report", ACTIVE, "--period", "2026-annual", "--by", "Maria", *fund)
    assert ok.code == 0, ok.err
    text = (sample_fund / "4-pagaende" / ACTIVE / "reports" / "2026-annual.yaml").read_text()
    assert "Beviljat 2026 enligt beslutet KS § 87: 900\u00a0000\u00a0kr" in text
    assert "measured_at: Årsbokslut 2026" in text.replace('"', "")
    assert case_data(sample_fund, ACTIVE)["history"][-1]["note"] == "reports/2026-annual.yaml"


HEBY_APPLICATION = """\
title: Jobbcoach för unga vuxna
description: En jobbcoach stödjer unga vuxna med försörjningsstöd till arbete eller studier.
method:
  description: Individuellt stöd enligt IPS med arbetsgivarkontakter.
  evidence:
    - reference: Bond m.fl. (2012)
      summary: IPS ger högre sysselsättning än traditionell arbetslivsinriktad rehabilitering.
novelty: Arbetssättet är nytt för Heby kommun.
parties:
  - name: Socialförvaltningen
    kind: administration
    role: Projektägare
  - name: Utbildningsförvaltningen
    kind: administration
    role: Vuxenutbildning
target_group:
  description: Unga vuxna 18–29 år med försörjningsstöd.
  identification: Via försörjningsstödsenheten.
period:
  start: 2027-01-01
  end: 2028-12-31
costs:
  - year: 2027
    amount: 620000
    specification: Jobbcoach 100 %.
  - year: 2028
    amount: 640000
    specification: Jobbcoach 100 %.
effects:
  - description: Fler i arbete eller studier.
    expected_when: Efter ett år
    measure: Andel deltagare i arbete eller studier.
    measured_at:
      - Årsrapport 2027
      - Årsrapport 2028
cost_reduction:
  mechanism: Minskat försörjningsstöd.
  units:
    - unit: Försörjningsstöd
      amount_per_year: 1 100 000 kr
      basis: 10 personer × 110 000 kr.
  period:
    from: 2028
    to: 2032
unemployment_effect:
  kind: direct
  description: Deltagarna får arbete.
implementation:
  plan: Jobbcoachen blir en del av arbetsmarknadsenheten.
"""


def test_heby_has_its_own_stages_and_annual_reports(heby_fund: Path) -> None:
    fund = ["--fund", str(heby_fund)]
    created = run("new", "application", "Jobbcoach för unga vuxna", *fund)
    assert created.code == 0, created.err
    (case_dir,) = (heby_fund / "1-beslutsunderlag").iterdir()
    case = case_dir.name
    (case_dir / "application.yaml").write_text(HEBY_APPLICATION, encoding="utf-8")
    assert run("validate", case_dir, *fund).code == 0
    assert run("advance", case, *fund).code == 0
    assert where(heby_fund, case) == ["2-beredning"]
    unprepared = run("decide", case, "--granted", "1260000", "--per-year",
                     "2027=620000,2028=640000", "--ref", "KS § 45", *fund)
    assert unprepared.code == 1
    assert "Styrgruppen för barn och ungas beredning saknas i ärendet" in unprepared.out
    assert "Kommunledningsgruppens underlag saknas i ärendet" in unprepared.out
    for step in ("steering_group", "management_group"):
        assert run("record", case, step, "--position", "for", *fund).code == 0
    assert run("decide", case, "--granted", "1260000", "--per-year", "2027=620000,2028=640000",
               "--ref", "KS § 45", *fund).code == 0
    assert run("advance", case, *fund).code == 0
    assert where(heby_fund, case) == ["3-pagaende"]
    interim = run("new", "report", case, "--period", "2027-interim", *fund)
    assert interim.code == 2 and "ÅÅÅÅ-annual" in interim.err
    assert run("new", "report", case, "--period", "2027-annual", *fund).code == 0
    report = heby_fund / "3-pagaende" / case / "reports" / "2027-annual.yaml"
    _fill(report, {"activities": "Coachen anställd.",
                   "outcome": "600000"})
    checked = run("validate", report, *fund, "--format", "json").json()
    codes = {(f["field"], f["code"]) for f in checked["findings"]}
    assert ("human_gains", "missing") in codes and ("economic_gains", "missing") in codes
    status = run("status", *fund, "--format", "json", "--today", "2028-01-15").json()
    (row,) = status["cases"]
    assert row["stage"] == "active" and row["granted"] == 1260000
    assert row["next_report"] == {"period": "2028-annual", "due": "2028-12-31"}
    assert row["overdue_reports"] == []


def test_case_yaml_edit_keeps_comments_key_order_and_formatting(sample_fund: Path) -> None:
    path = sample_fund / "4-pagaende" / ACTIVE / "case.yaml"
    path.write_text(path.read_text().replace(
        "  email: maria.hakansson@ystad.se\n",
        "  email: maria.hakansson@ystad.se   # byter tjänst 2027\n  phone: 0701234567\n"))
    assert run("record", ACTIVE, "management_group", "--position", "for", "--fund",
               sample_fund).code == 0
    before = path.read_text()
    assert run("close", ACTIVE, "--outcome", "aborted", "--ref", "KS § 88", "--fund",
               sample_fund).code == 0
    after = (sample_fund / "5-avslutade" / ACTIVE / "case.yaml").read_text()
    old_lines, new_lines = before.splitlines(), after.splitlines()
    kept = iter(line for line in new_lines if line != "stage: closed")
    assert all(any(line == new for new in kept) for line in old_lines
               if line != "stage: active")  # every old line, in order
    assert "stage: closed" in new_lines
    assert "  phone: 0701234567" in new_lines
    assert "  email: maria.hakansson@ystad.se   # byter tjänst 2027" in new_lines
    assert new_lines.index("closing:") < new_lines.index("history:")
    assert after.startswith(before.split("history:")[0].replace("stage: active",
                                                                "stage: closed", 1))


def test_commit_makes_one_commit_of_just_the_touched_paths(sample_fund: Path) -> None:
    init_git(sample_fund)
    other = sample_fund / "unit_costs.yaml"
    other.write_text(other.read_text() + "# ändrad\n")
    git(sample_fund, "add", "unit_costs.yaml")
    result = run("advance", APPLICATION_OK, "--ref", "KS § 201", "--commit", "--fund",
                 sample_fund)
    assert result.code == 0, result.out + result.err
    message = git(sample_fund, "log", "-1", "--format=%s")
    assert message.strip() == (f"advance {APPLICATION_OK}: Ansökan → Beredning och beslut "
                               "(KS § 201)")
    changed = git(sample_fund, "show", "--name-only", "--format=", "HEAD").split()
    assert changed and all(APPLICATION_OK in path for path in changed)
    assert "M  unit_costs.yaml" in git(sample_fund, "status", "--porcelain")
    assert len(git(sample_fund, "log", "--oneline").splitlines()) == 2


def test_git_commit_setting_and_refusal_outside_a_repository(sample_fund: Path) -> None:
    before = data_snapshot(sample_fund)
    refused = run("advance", IDEA, "--commit", "--fund", sample_fund)
    assert refused.code == 2 and "git" in refused.err
    assert data_snapshot(sample_fund) == before
    settings = sample_fund / "fund.yaml"
    settings.write_text(settings.read_text().replace("git_commit: false", "git_commit: true"))
    assert run("advance", IDEA, "--fund", sample_fund).code == 0  # not a repository: no commit
    init_git(sample_fund)
    assert run("advance", APPLICATION_OK, "--fund", sample_fund).code == 0
    assert git(sample_fund, "log", "-1", "--format=%s").startswith(f"advance {APPLICATION_OK}")


def test_symlinks_are_never_followed(sample_fund: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.yaml"
    case_file = sample_fund / "1-ideer" / IDEA / "case.yaml"
    outside.write_text(case_file.read_text())
    case_file.unlink()
    case_file.symlink_to(outside)
    before = outside.read_text()
    fund_before = data_snapshot(sample_fund)
    result = run("advance", IDEA, "--fund", sample_fund)
    assert result.code in (1, 2) and "Traceback" not in result.out + result.err
    assert outside.read_text() == before
    assert data_snapshot(sample_fund) == fund_before
    linked = sample_fund / "1-ideer" / "2026-009-lankad"
    linked.symlink_to(sample_fund / "2-ansokningar" / APPLICATION_OK)
    assert run("advance", "2026-009-lankad", "--fund", sample_fund).code == 2


def test_an_existing_empty_target_folder_is_never_replaced(sample_fund: Path) -> None:
    from socinv.fund.transaction import rename_noreplace

    source = sample_fund / "1-ideer" / IDEA
    empty = sample_fund / "2-ansokningar" / IDEA
    empty.mkdir()
    before = data_snapshot(sample_fund)
    result = run("advance", IDEA, "--fund", sample_fund)
    assert result.code in (1, 2) and "flera ställen" in result.err
    assert data_snapshot(sample_fund) == before and empty.is_dir() and source.is_dir()
    with pytest.raises(FileExistsError):
        rename_noreplace(source, empty)
    assert source.is_dir()


def test_the_race_for_an_empty_target_folder_is_lost_safely(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The check before the rename can be raced; the rename itself still refuses (Linux)."""
    import os
    import sys

    from socinv.fund import transaction

    source, target = tmp_path / "a", tmp_path / "b"
    source.mkdir()
    (source / "case.yaml").write_text("id: x\n")
    target.mkdir()  # appears after the check
    monkeypatch.setattr(os.path, "lexists", lambda _: False)
    # socinv's machines are Linux (glibc ≥ 2.28): the race-free rename must be there
    assert sys.platform.startswith("linux")
    assert transaction._native_noreplace() is not None
    with pytest.raises(FileExistsError):
        transaction.rename_noreplace(source, target)
    assert (source / "case.yaml").is_file() and not any(target.iterdir())


def test_stages_on_different_file_systems_are_refused(sample_fund: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    import os

    target = str(sample_fund / "2-ansokningar")
    real_stat = Path.stat

    def fake_stat(self: Path, **kwargs: bool) -> os.stat_result:
        result = real_stat(self, **kwargs)
        if str(self) == target:
            values = list(result)
            values[2] = result.st_dev + 1  # st_dev
            return os.stat_result(values)
        return result

    monkeypatch.setattr(Path, "stat", fake_stat)
    before = data_snapshot(sample_fund)
    result = run("advance", IDEA, "--fund", sample_fund)
    assert result.code == 2 and "olika filsystem" in result.err
    assert data_snapshot(sample_fund) == before
    assert not (sample_fund / ".socinv" / f"journal-{IDEA}.json").exists()


def test_the_grants_of_other_cases_are_read_again_when_one_changes(sample_fund: Path) -> None:
    """``decide`` keeps each case's grants under its case file's stat signature: a case
    changed since (by hand here) is read again, the others come from the user's cache."""
    decide = ("decide", REVIEW, "--granted", "2850000", "--per-year",
              "2027=1950000,2028=180000,2029=720000", "--ref", "KS § 201", "--dry-run",
              "--fund", sample_fund)
    first = run(*decide)
    assert "redan beviljat andra ärenden 800\u00a0000\u00a0kr" in first.out, first.out
    assert run(*decide).out == first.out  # from the kept grants
    other = next(sample_fund.glob(f"*/{ACTIVE}/case.yaml"))
    text = other.read_text("utf-8")
    other.write_text(text.replace("    2027: 800000", "    2027: 600000").replace(
        "total: 2400000", "total: 2200000"), "utf-8")
    again = run(*decide)
    assert "redan beviljat andra ärenden 600\u00a0000\u00a0kr" in again.out, again.out
    assert "finns bara 1\u00a0900\u00a0000\u00a0kr kvar" in again.out


@pytest.mark.parametrize("profile", ["heby", "region"])
def test_the_kept_grants_follow_a_changed_case_file_in_every_profile(
        profile: str, tmp_path: Path) -> None:
    """The same for Heby's and the region's funds: the grants the budget check sums are
    the case files' own, from the cache while they are unchanged, read again once one is."""
    from socinv.fund.decision import _grants
    from socinv.fund.fund import Fund
    from tests import annex_funds

    fund_path = getattr(annex_funds, f"{profile}_fund")(tmp_path)
    case_id = annex_funds.HEBY_CASE if profile == "heby" else annex_funds.REGION_CASE
    expected = {2027: 620000, 2028: 640000} if profile == "heby" else \
        {2027: 450000, 2028: 450000, 2029: 450000}
    assert _grants(Fund.open(fund_path)) == {case_id: expected}
    assert _grants(Fund.open(fund_path)) == {case_id: expected}  # kept
    case_file = next(fund_path.glob(f"*/{case_id}/case.yaml"))
    case_file.write_text(case_file.read_text("utf-8").replace(
        "    2028: ", "    2028: 1", 1).replace("  total: ", "  total: 1", 1), "utf-8")
    changed = _grants(Fund.open(fund_path))[case_id]
    assert changed[2028] == int(f"1{expected[2028]}")
