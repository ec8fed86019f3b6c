"""Realised savings and effects in the reports: the blank templates carry the application's
units and effects, the profile decides what is required, and what is written is counted
(amount, or unit cost × count, as in the application). Ystad, Heby and the region."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML

from socinv.profiles.loader import load_profile
from socinv.rules.checks import Context
from socinv.validation import check_document
from tests.conftest import REPO, run
from tests.test_workflow import HEBY_APPLICATION

ACTIVE = "2025-001-utokade-hembesok-for-forstagangsforaldrar"
HEBY_CASE = "2027-001-jobbcoach-for-unga-vuxna"


@pytest.fixture(autouse=True)
def _today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOCINV_TODAY", "2026-11-22")


def _load(path: Path) -> Any:
    return YAML(typ="rt").load(path.read_text(encoding="utf-8"))


def _dump(path: Path, data: Any) -> None:
    out = io.StringIO()
    YAML(typ="rt").dump(data, out)
    path.write_text(out.getvalue(), encoding="utf-8")


def _findings(path: Path, fund: Path) -> list[tuple[str, str]]:
    result = run("validate", path, "--fund", fund, "--format", "json")
    return [(item["field"], item["code"]) for item in result.json()["findings"]]


def test_a_ystad_report_carries_the_units_and_effects_and_counts_them(sample_fund: Path
                                                                       ) -> None:
    fund = ["--fund", str(sample_fund)]
    assert run("new", "report", ACTIVE, "--period", "2026-annual", *fund).code == 0
    path = sample_fund / "4-pagaende" / ACTIVE / "reports" / "2026-annual.yaml"
    data = _load(path)
    application = _load(sample_fund / "4-pagaende" / ACTIVE / "application.yaml")
    units = application["cost_reduction"]["units"]
    assert [row["unit"] for row in data["realised_savings"]] == [unit["unit"] for unit in units]
    assert [row.get("unit_cost") for row in data["realised_savings"]] == [
        unit.get("unit_cost") for unit in units]
    assert all(row.get("amount") is None and row.get("count") is None
               for row in data["realised_savings"])  # not measured until written
    effects = application["effects"]
    assert [row["effect"] for row in data["effects_achieved"]] == [
        " ".join(effect["description"].split()) for effect in effects]
    assert [row.get("target") for row in data["effects_achieved"]] == [
        effect.get("target") for effect in effects]
    # the person writes a count for a unit cost, an amount for the other, and the basis
    data["realised_savings"][0]["count"] = 4
    data["realised_savings"][3]["amount"] = 75000
    _dump(path, data)
    found = _findings(path, sample_fund)
    assert ("realised_savings[0].basis", "missing") in found  # Ystad: the basis is required
    assert ("realised_savings[3].basis", "missing") in found
    data["realised_savings"][0]["basis"] = "Fyra utredningar färre än snittet 2022–2024."
    data["realised_savings"][3]["basis"] = "En resursperson mindre under hösten."
    data["realised_savings"][1]["amount"] = 1000
    data["realised_savings"][1]["count"] = 1  # both: refused
    _dump(path, data)
    found = _findings(path, sample_fund)
    assert ("realised_savings[1]", "realised-row-form") in found
    assert not any(field.startswith("realised_savings[0]") for field, _ in found)
    data["realised_savings"][1]["amount"] = None
    data["realised_savings"][1]["count"] = None
    _dump(path, data)
    status = run("status", *fund, "--format", "json").json()
    (row,) = [case for case in status["cases"] if case["id"] == ACTIVE]
    # 4 × child_investigation_case (unit_costs.yaml) + 75 000, counted once each
    costs = _load(sample_fund / "unit_costs.yaml")["unit_costs"]
    case_cost = next(item["amount"] for item in costs if item["key"] == "child_investigation_case")
    assert row["realised_savings"]["2026"] == 4 * int(str(case_cost).replace(" ", "")) + 75000


def test_a_ystad_report_refuses_an_unknown_unit_cost(sample_fund: Path) -> None:
    assert run("new", "report", ACTIVE, "--period", "2026-annual", "--fund",
               sample_fund).code == 0
    path = sample_fund / "4-pagaende" / ACTIVE / "reports" / "2026-annual.yaml"
    data = _load(path)
    data["realised_savings"][0].update({"unit_cost": "child_investigation_cse", "count": 2,
                                        "basis": "Två färre."})
    _dump(path, data)
    result = run("validate", path, "--fund", sample_fund)
    assert result.code == 1
    assert 'Enhetskostnaden "child_investigation_cse" finns inte' in result.out
    assert "Menade du child_investigation_case?" in result.out


def _heby_active(fund: Path) -> Path:
    case = fund / "3-pagaende" / HEBY_CASE
    case.mkdir(parents=True)
    (case / "case.yaml").write_text(f"""\
id: {HEBY_CASE}
title: Jobbcoach för unga vuxna
stage: active
created: 2026-10-01
decision:
  outcome: granted
  date: 2026-12-10
  ref: KS § 45
  total: 1260000
  per_year:
    2027: 620000
    2028: 640000
""", encoding="utf-8")
    application = HEBY_APPLICATION.replace(
        "    measured_at:\n      - Årsrapport 2027\n      - Årsrapport 2028\n",
        "    measured_at:\n      - Årsrapport 2027\n      - Årsrapport 2028\n"
        "    baseline: 2 av 10 i arbete eller studier\n    target: 6 av 10 efter ett år\n")
    assert "baseline:" in application
    (case / "application.yaml").write_text(application, encoding="utf-8")
    return case


def test_heby_templates_carry_the_units_and_effects(heby_fund: Path) -> None:
    case = _heby_active(heby_fund)
    fund = ["--fund", str(heby_fund)]
    made = run("new", "report", HEBY_CASE, "--period", "2027-annual", *fund)
    assert made.code == 0, made.out + made.err
    data = _load(case / "reports" / "2027-annual.yaml")
    assert [dict(row) for row in data["realised_savings"]] == [
        {"unit": "Försörjningsstöd", "committee": None, "amount": None, "unit_cost": None,
         "count": None, "basis": None}]
    (effect,) = data["effects_achieved"]
    assert (effect["effect"], effect["baseline"], effect["target"], effect["measured_at"]) == (
        "Fler i arbete eller studier.", "2 av 10 i arbete eller studier",
        "6 av 10 efter ett år", "Årsrapport 2027")
    assert run("new", "final-report", HEBY_CASE, *fund).code == 0
    final = _load(case / "final_report.yaml")
    assert [(row["year"], row["unit"]) for row in final["realised_savings"]] == [
        (2028, "Försörjningsstöd")]
    assert final["effects_achieved"][0]["measured_at"] == "Årsrapport 2027; Årsrapport 2028"
    final["realised_savings"][0]["amount"] = 400000
    _dump(case / "final_report.yaml", final)
    found = _findings(case / "final_report.yaml", heby_fund)
    assert ("realised_savings[0].basis", "missing") in found  # Heby asks for the basis too


def test_word_templates_carry_them_too(heby_fund: Path) -> None:
    case = _heby_active(heby_fund)
    fund = ["--fund", str(heby_fund)]
    assert run("new", "report", HEBY_CASE, "--period", "2027-annual", "--format", "docx",
               *fund).code == 0
    assert run("new", "final-report", HEBY_CASE, "--format", "docx", *fund).code == 0
    profile = load_profile("heby")
    report = check_document(case / "reports" / "2027-annual.docx", "report", profile,
                            "2027-annual.docx", Context()).model or {}
    assert [row.get("unit") for row in report["realised_savings"]] == ["Försörjningsstöd"]
    assert report["effects_achieved"][0]["target"] == "6 av 10 efter ett år"
    final = check_document(case / "final_report.docx", "final_report", profile,
                           "final_report.docx", Context()).model or {}
    assert [(row.get("year"), row.get("unit")) for row in final["realised_savings"]] == [
        (2028, "Försörjningsstöd")]
    assert final["effects_achieved"][0]["baseline"] == "2 av 10 i arbete eller studier"


def test_the_region_requires_each_result_judged(tmp_path: Path) -> None:
    """The region's profile (``outcomes: {judged: true}``): a result needs target met."""
    path = tmp_path / "2027-annual.report.yaml"
    path.write_text("""\
period: 2027-annual
activities: Familjestödjarna har arbetat med 40 familjer.
progress: Fler familjer har tackat ja.
effects_achieved:
  - effect: Färre elever med problematisk frånvaro.
    result: Frånvaron har minskat i 9 av 14 familjer.
  - effect: Färre placeringar.
finance: {budget: 450000, outcome: 440000, total_outcome: 440000}
realised_savings:
  - unit: Elevhälsa
    amount: 80000
    basis: Färre utredningar.
""", encoding="utf-8")
    region = str(REPO / "tests" / "profiles" / "region.yaml")
    result = run("validate", path, "--profile", region, "--format", "json")
    assert [(f["field"], f["code"]) for f in result.json()["findings"]] == [
        ("effects_achieved[0].target_met", "missing")]
    assert run("validate", path, "--profile", "ystad").code == 0  # Ystad does not ask
    path.write_text(path.read_text(encoding="utf-8").replace(
        "9 av 14 familjer.\n", "9 av 14 familjer.\n    target_met: ja\n"), encoding="utf-8")
    assert run("validate", path, "--profile", region).code == 0
