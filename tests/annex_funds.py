"""Funds for the annex tests: a Heby fund and a region fund with one granted case each,
written as files (the flow through the CLI is tested elsewhere)."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import run
from tests.test_region_flow import REGION_PARTS
from tests.test_workflow import HEBY_APPLICATION

TESTS = Path(__file__).resolve().parent
REGION = TESTS / "profiles" / "region.yaml"
REGION_APPLICATION = TESTS / "cases" / "ystad" / "valid" / "complete.application.yaml"

HEBY_CASE = "2027-001-jobbcoach-for-unga-vuxna"
HEBY_REPORT = """\
period: 2027-annual
activities: Coachen anställd; 12 deltagare.
progress: Tolv deltagare sedan starten.
effects_achieved:
  - effect: Fler i arbete eller studier
    result: Sju av tolv deltagare har fått arbete eller börjat studera.
    measured_at: 2027-12-31
  - effect: Bättre självkänsla
    result: Deltagarna beskriver att de vågar mer.
    measured_at: 2027-12-31
human_gains: Sju deltagare har fått arbete.
economic_gains: Försörjningsstödet minskade med 380 000 kr.
finance:
  budget: 620000
  outcome: 600000
  total_outcome: 600000
"""


def _case(case_id: str, title: str, stage: str, ref: str, per_year: dict[int, int]) -> str:
    years = "".join(f"    {year}: {amount}\n" for year, amount in per_year.items())
    return (f"id: {case_id}\ntitle: {title}\nstage: {stage}\ncreated: 2026-10-01\n"
            f"registry_number: KS 2026/0042\ndecision:\n  outcome: granted\n"
            f"  date: 2026-12-10\n  ref: {ref}\n  total: {sum(per_year.values())}\n"
            f"  per_year:\n{years}history:\n  - at: \"2026-10-01T09:00:00+01:00\"\n"
            f"    event: created\n    to: {stage}\n")


def heby_fund(root: Path) -> Path:
    """A Heby fund with 2027's budget and one case granted for 2027–2028, its 2027
    annual report in (two effects: one of the application's, one it does not name)."""
    fund = root / "heby"
    assert run("init", fund, "--profile", "heby", "--municipality", "Heby kommun").code == 0
    settings = fund / "fund.yaml"
    settings.write_text(settings.read_text("utf-8").replace(
        "allocations: []", "allocations:\n  - year: 2027\n    amount: 1500000\n"
        "    ref: KF § 120"), "utf-8")
    case = fund / "3-pagaende" / HEBY_CASE
    (case / "reports").mkdir(parents=True)
    (case / "case.yaml").write_text(_case(HEBY_CASE, "Jobbcoach för unga vuxna", "active",
                                          "KS § 45", {2027: 620000, 2028: 640000}), "utf-8")
    (case / "application.yaml").write_text(HEBY_APPLICATION, "utf-8")
    (case / "reports" / "2027-annual.yaml").write_text(HEBY_REPORT, "utf-8")
    return fund


REGION_CASE = "2027-001-mentorer-i-skolan"
REGION_REPORT = """\
period: 2027-annual
activities: Mentorerna har träffat 40 elever varje vecka.
progress: Fler elever deltar sedan förra rapporten.
effects_achieved:
  - effect: Ökad närvaro bland elever med mentor
    baseline: 14 av 40 elever hösten 2026
    result: 23 av 40 elever har minst 80 procents närvaro.
    target_met: true
    measured_at: 2027-12-31
human_gains: Eleverna beskriver att skolan känns tryggare.
economic_gains: Inga ekonomiska effekter kan ännu mätas.
realised_savings:
  - unit: Färre placeringar i särskild undervisningsgrupp
    committee: Utbildningsnämnden
    amount: 90000
    basis: En elev färre i särskild undervisningsgrupp under hösten.
finance:
  budget: 450000
  outcome: 430000
  total_outcome: 430000
"""


def region_fund(root: Path) -> Path:
    """The region's fund (four-month reports) with one case granted for 2027–2029: its
    four-month reports are missing, its 2027 annual report is in."""
    fund = root / "region"
    assert run("init", fund, "--profile", REGION).code == 0
    settings = fund / "fund.yaml"
    text = settings.read_text("utf-8")
    if "allocations: []" in text:
        text = text.replace("allocations: []", "allocations:\n  - year: 2027\n"
                            "    amount: 1500000\n    ref: RF § 12")
    settings.write_text(text, "utf-8")
    active = next(path for path in fund.iterdir() if path.name.startswith("4-"))
    case = active / REGION_CASE
    case.mkdir(parents=True)
    (case / "reports").mkdir()
    (case / "reports" / "2027-annual.yaml").write_text(REGION_REPORT, "utf-8")
    (case / "case.yaml").write_text(_case(REGION_CASE, "Mentorer i skolan", "active",
                                          "RS § 8", {2027: 450000, 2028: 450000,
                                                     2029: 450000}), "utf-8")
    (case / "application.yaml").write_text(REGION_APPLICATION.read_text("utf-8")
                                            + REGION_PARTS, "utf-8")
    return fund
