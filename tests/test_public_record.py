"""Board papers are public records: validate flags personal numbers and private contacts."""

from __future__ import annotations

from pathlib import Path

from socinv.rules.privacy import find_personal_numbers, find_private_contacts
from tests.conftest import run

VALID = Path(__file__).parent / "cases" / "ystad" / "valid"


def test_personal_identity_number_in_an_application_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "ansokan.yaml"
    source = next(VALID.glob("*.application.yaml")).read_text(encoding="utf-8")
    path.write_text(source + "\nanteckning: \"Gäller eleven 121212-1212\"\n", encoding="utf-8")
    result = run("validate", path, "--profile", "ystad", "--format", "json")
    assert result.code == 1
    (finding,) = [f for f in result.json()["findings"]
                  if f["code"] == "personal-identity-number"]
    assert finding["field"] == "anteckning"
    assert finding["severity"] == "error"
    assert "121212-XXXX" in finding["message"] and "1212-1212" not in finding["message"]
    assert finding["line"] == source.count("\n") + 2


def test_coordination_number_and_long_form_are_found() -> None:
    assert [m.kind for m in find_personal_numbers("19121212-1212")] == \
        ["personal_identity_number"]
    assert [m.kind for m in find_personal_numbers("701063-2391")] == ["coordination_number"]
    assert find_personal_numbers("121212 1213") == []  # wrong check digit, no dash
    assert find_personal_numbers("2027-01-01 och 1 450 000 kr") == []


def test_private_contacts_in_a_report_are_warnings(tmp_path: Path, sample_fund: Path) -> None:
    report = next((sample_fund / "4-pagaende").glob("*/reports/2026-interim.yaml"))
    report.write_text(report.read_text(encoding="utf-8")
                      + "kontakt: \"kalle.p@hotmail.com, 070-123 45 67\"\n",
                      encoding="utf-8")
    result = run("validate", report, "--format", "json")
    found = [(f["code"], f["severity"]) for f in result.json()["findings"]]
    assert found.count(("private-contact", "warning")) == 2
    assert ("unknown-key", "warning") in found
    assert result.code == 0


def test_work_contact_details_are_fine() -> None:
    assert find_private_contacts("anna.lindqvist@ystad.se, 0411-57 70 00") == []
    assert [m.kind for m in find_private_contacts("+46 70 123 45 67")] == ["mobile_number"]


def test_the_sample_fund_holds_no_personal_data(sample_fund: Path) -> None:
    result = run("validate", "--fund", sample_fund, "--format", "json")
    assert not [f for f in result.json()["findings"]
                if f["code"] in ("personal-identity-number", "private-contact")]
