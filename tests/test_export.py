"""``socinv export``: open data in a versioned schema, without personal data, and merged.

One export of the sample fund (Ystad), a Heby fund and a region's fund, each built
once; the exports are checked against the JSON Schema with ``jsonschema``, read back
as CSV the way Excel and pandas read them, and merged.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from socinv.export_docs import markdown
from socinv.export_schema import SCHEMA_VERSION, csv_columns, field_paths, json_schema
from tests.conftest import SAMPLE_FUND, run, snapshot

TESTS = Path(__file__).resolve().parent
REPO = TESTS.parent
REGION = TESTS / "profiles" / "region.yaml"
YSTAD_APPLICATION = TESTS / "cases" / "ystad" / "valid" / "complete.application.yaml"
HEBY_APPLICATION = TESTS / "cases" / "heby" / "valid" / "complete.application.yaml"
CLOSED = "5-avslutade/2024-001-skolfam-skolstod-for-familjehemsplacerade-barn"

#: the schema's fields, pinned: a field removed or renamed needs a new schema version
PINNED_FIELDS = [
    "municipality", "profile", "case_id", "title", "registry_number", "stage",
    "closing", "closing.outcome", "closing.date",
    "parties", "parties[].name", "parties[].kind", "parties[].role",
    "target_group", "target_group.description", "target_group.age_min",
    "target_group.age_max", "target_group.size",
    "period", "period.start", "period.end", "costs_per_year", "co_financing_per_year",
    "decision", "decision.outcome", "decision.date", "decision.ref", "decision.total",
    "decision.per_year",
    "forecast", "forecast.total_cost", "forecast.total_savings", "forecast.savings_per_year",
    "forecast.savings_from", "forecast.savings_to", "forecast.payback_year", "forecast.npv",
    "forecast.discount_rate",
    "outturn", "outturn.cost_per_year", "outturn.cost_to_date", "outturn.savings_per_year",
    "outturn.measured_years", "outturn.realised_to_date", "outturn.net_to_date",
    "outturn.payback_year", "outturn.npv",
    "units", "units[].unit", "units[].label", "units[].committee",
    "units[].forecast_per_year", "units[].realised_per_year", "units[].error",
    "effects", "effects[].name", "effects[].baseline", "effects[].target",
    "effects[].result", "effects[].met",
    "recommendation",
]
PINNED_CSV = [
    "schema_version", "municipality", "profile", "case_id", "title", "registry_number",
    "stage", "closing_outcome", "closing_date", "parties", "target_group_description",
    "target_group_age_min", "target_group_age_max", "target_group_size", "period_start",
    "period_end", "costs_per_year_*", "co_financing_per_year_*", "decision_outcome",
    "decision_date", "decision_ref", "decision_total", "decision_per_year_*",
    "forecast_total_cost", "forecast_total_savings", "forecast_savings_per_year_*",
    "forecast_savings_from", "forecast_savings_to", "forecast_payback_year", "forecast_npv",
    "forecast_discount_rate", "outturn_cost_per_year_*", "outturn_cost_to_date",
    "outturn_savings_per_year_*", "outturn_measured_years", "outturn_realised_to_date",
    "outturn_net_to_date", "outturn_payback_year", "outturn_npv", "effects_count",
    "effects_measured", "effects_met", "recommendation",
]


@pytest.fixture(scope="module")
def funds(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """The sample fund (Ystad), a Heby fund with a decision basis, a region's fund with a
    co-financed application — and each one's JSON and CSV export."""
    root = tmp_path_factory.mktemp("export")
    ystad = root / "ystad"
    shutil.copytree(SAMPLE_FUND, ystad)
    heby = root / "heby"
    assert run("init", heby, "--profile", "heby").code == 0
    assert run("new", "application", "Jobbcoach för unga vuxna", "--fund", heby).code == 0
    (case,) = (heby / "1-beslutsunderlag").iterdir()
    shutil.copy(HEBY_APPLICATION, case / "application.yaml")
    region = root / "region"
    assert run("init", region, "--profile", REGION).code == 0
    folder = region / "2-ansokningar" / "2026-001-familjestod-i-regionen"
    folder.mkdir(parents=True)
    (folder / "case.yaml").write_text(
        "id: 2026-001-familjestod-i-regionen\ntitle: Familjestöd i regionen\n"
        "stage: application\ncreated: 2026-09-01\n"
        "contact:\n  name: Sara Öberg\n  email: sara.oberg@example.org\n", encoding="utf-8")
    (folder / "application.yaml").write_text(
        YSTAD_APPLICATION.read_text(encoding="utf-8")
        + "applicant_organisation: Hälso- och sjukvårdsförvaltningen\nco_financing:\n"
        + "".join(f"  - party: Ystads kommun\n    year: {year}\n    amount: 160000\n"
                  for year in (2027, 2028, 2029)), encoding="utf-8")
    found = {"ystad": ystad, "heby": heby, "region": region}
    for name, fund in list(found.items()):
        for fmt in ("json", "csv"):
            target = root / f"{name}.{fmt}"
            result = run("export", "--fund", fund, "--format", fmt, "--out", target)
            assert result.code == 0, result.out + result.err
            found[f"{name}.{fmt}"] = target
    return found


def _json(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _csv(path: Path) -> list[dict[str, str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # UTF-8 with BOM: Swedish Excel reads å, ä, ö
    text = raw.decode("utf-8-sig")
    assert "\r\n" in text
    return list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))


def _case(document: dict[str, Any], case_id: str) -> dict[str, Any]:
    (found,) = [item for item in document["cases"] if item["case_id"].startswith(case_id)]
    return found


@pytest.mark.parametrize("name", ["ystad", "heby", "region"])
def test_every_export_is_valid_against_its_json_schema(funds: dict[str, Path],
                                                       name: str) -> None:
    document = _json(funds[f"{name}.json"])
    jsonschema.Draft202012Validator.check_schema(json_schema())
    jsonschema.Draft202012Validator(
        json_schema(), format_checker=jsonschema.FormatChecker()).validate(document)
    assert document["schema_version"] == SCHEMA_VERSION
    assert document["funds"][0]["profile"] == {"ystad": "ystad", "heby": "heby",
                                               "region": "region-malardalen"}[name]


def test_the_sample_funds_export_holds_every_case_and_its_decision(
        funds: dict[str, Path]) -> None:
    document = _json(funds["ystad.json"])
    assert document["funds"] == [{"municipality": "Ystads kommun", "profile": "ystad",
                                  "currency": "SEK", "cases": 7}]
    assert [item["stage"] for item in document["cases"]] == [
        "idea", "idea", "application", "application", "review", "active", "closed"]
    closed = _case(document, "2024-001")
    assert closed["decision"] == {"outcome": "granted", "date": "2024-03-20",
                                  "ref": "KS § 62", "total": 1760000,
                                  "per_year": {"2024": 780000, "2025": 980000}}
    assert closed["closing"] == {"outcome": "partly_implemented", "date": "2026-05-27"}
    assert closed["recommendation"] == "implement_partly"
    assert closed["costs_per_year"] == {"2024": 780000, "2025": 980000, "2026": 0}
    assert closed["period"] == {"start": "2024-04-01", "end": "2026-04-30"}
    assert closed["target_group"]["size"] == 16
    assert [(party["name"], party["kind"]) for party in closed["parties"]] == [
        ("Socialnämnden", "committee"), ("Barn- och utbildningsnämnden", "committee"),
        ("Kultur- och fritidsnämnden", "committee")]
    idea = _case(document, "2026-004")
    assert idea["decision"] is None and idea["forecast"] is None and idea["outturn"] is None


def test_the_forecast_is_the_one_validate_explains(funds: dict[str, Path]) -> None:
    explained = run("validate", funds["ystad"] / CLOSED, "--explain", "--format",
                    "json").json()["economics"]
    (economics,) = explained.values()
    forecast = _case(_json(funds["ystad.json"]), "2024-001")["forecast"]
    assert forecast == {
        "total_cost": economics["total_cost"], "total_savings": economics["total_savings"],
        "savings_per_year": economics["savings_per_year"],
        "savings_from": economics["savings_period"]["from"],
        "savings_to": economics["savings_period"]["to"],
        "payback_year": economics["payback_year"], "npv": economics["npv"],
        "discount_rate": economics["discount_rate"]}
    assert (forecast["total_cost"], forecast["npv"]) == (1760000, 5408306)  # README, status


def test_the_outturn_is_the_one_status_shows(funds: dict[str, Path]) -> None:
    """Every case's outturn, units and effects are socinv.expost's as ``status`` shows
    them, figure for figure; a year not measured is null in JSON and blank in CSV."""
    status = run("status", "--fund", funds["ystad"], "--format", "json").json()
    document = _json(funds["ystad.json"])
    table = {row["case_id"]: row for row in _csv(funds["ystad.csv"])}
    measured = unmeasured = 0
    for case in status["cases"]:
        exported, data = _case(document, case["id"]), case["ex_post"]
        if data is None:
            assert exported["outturn"] is None and exported["units"] == []
            continue
        assert exported["outturn"] == {
            "cost_per_year": data["cost_by_year"], "cost_to_date": data["cost_to_date"],
            "savings_per_year": data["savings_by_year"],
            "measured_years": data["measured_years"],
            "realised_to_date": data["realised_to_date"], "net_to_date": data["net_to_date"],
            "payback_year": data["payback_year"], "npv": data["npv"]}, case["id"]
        assert exported["units"] == [
            {"unit": unit["unit"], "label": unit["label"],
             "committee": unit["committee"] or None,
             "forecast_per_year": unit["forecast_per_year"],
             "realised_per_year": unit["realised"], "error": unit["error"]}
            for unit in data["units"]]
        assert exported["effects"] == [
            {key: effect[key] for key in ("name", "baseline", "target", "result", "met")}
            for effect in data["effects"]]
        row = table[case["id"]]
        for year, saving in data["savings_by_year"].items():
            assert row[f"outturn_savings_per_year_{year}"] == ("" if saving is None
                                                               else str(saving))
            measured += saving is not None
            unmeasured += saving is None
        assert row["outturn_realised_to_date"] == str(data["realised_to_date"] or "")
        assert row["outturn_measured_years"] == " ".join(map(str, data["measured_years"]))
    assert measured and unmeasured  # the sample fund has both
    closed = _case(document, "2024-001")
    assert closed["outturn"]["cost_to_date"] == 1699000  # the final report's total
    assert closed["outturn"]["realised_to_date"] is not None


def test_no_person_is_in_the_export(funds: dict[str, Path]) -> None:
    """The sample fund names its contacts, who did what and the project group: none of it
    is exported, in JSON or CSV."""
    for name in ("ystad.json", "ystad.csv", "region.json", "region.csv"):
        text = funds[name].read_text(encoding="utf-8-sig")
        for person in ("Karin Mårtensson", "karin.martensson@ystad.se", "Petra Lund",
                       "Maria Håkansson", "maria.hakansson@ystad.se", "Anders Lind",
                       "Sara Öberg", "sara.oberg@example.org", "@"):
            assert person not in text, (name, person)


def test_the_csv_is_one_row_per_case_for_swedish_excel(funds: dict[str, Path]) -> None:
    table = _csv(funds["ystad.csv"])
    document = _json(funds["ystad.json"])
    assert [row["case_id"] for row in table] == [item["case_id"]
                                                 for item in document["cases"]]
    closed = next(row for row in table if row["case_id"].startswith("2024-001"))
    assert closed["schema_version"] == SCHEMA_VERSION
    assert closed["municipality"] == "Ystads kommun"
    assert closed["decision_total"] == "1760000"
    assert (closed["decision_per_year_2024"], closed["decision_per_year_2025"]) == (
        "780000", "980000")
    assert closed["decision_per_year_2026"] == ""  # nothing granted that year: blank
    assert closed["forecast_discount_rate"] == "0,035"  # decimal comma, as Excel reads it
    assert closed["forecast_npv"] == "5408306"
    assert closed["parties"] == ("Socialnämnden (committee); Barn- och utbildningsnämnden "
                                 "(committee); Kultur- och fritidsnämnden (committee)")
    assert closed["period_start"] == "2024-04-01"
    idea = next(row for row in table if row["case_id"].startswith("2026-004"))
    assert idea["forecast_total_cost"] == "" and idea["decision_outcome"] == ""
    header = list(table[0])
    for pinned in PINNED_CSV:
        if pinned.endswith("_*"):
            assert any(name.startswith(pinned[:-1]) for name in header) or pinned in (
                "co_financing_per_year_*",), pinned
        else:
            assert pinned in header, pinned
    assert "costs_per_year_2024" in header and header.index("costs_per_year_2024") < \
        header.index("costs_per_year_2025")


def test_the_field_list_and_the_csv_columns_are_pinned() -> None:
    assert field_paths() == PINNED_FIELDS, f"schema {SCHEMA_VERSION} changed: new version?"
    assert [f"{column.name}_*" if column.years else column.name
            for column in csv_columns()] == PINNED_CSV


def test_schema_and_docs_come_from_one_declaration(tmp_path: Path) -> None:
    printed = run("export", "--schema")
    assert printed.code == 0
    assert json.loads(printed.out) == json_schema()
    page = (REPO / "docs" / "export.md").read_text(encoding="utf-8")
    assert page == markdown(), "run: socinv export --schema --markdown > docs/export.md"
    assert run("export", "--schema", "--markdown").out == page
    for path in field_paths():
        assert f"| `{path}` |" in page, path


def test_a_heby_and_a_region_export(funds: dict[str, Path]) -> None:
    heby = _json(funds["heby.json"])
    (case,) = heby["cases"]
    assert case["municipality"] == "Heby kommun" and case["stage"] == "application"
    assert case["forecast"]["total_cost"] == sum(case["costs_per_year"].values())
    assert all(party["kind"] == "administration" for party in case["parties"][:2])
    region = _json(funds["region.json"])
    (case,) = region["cases"]
    assert case["municipality"] == "Region Mälardalen"
    assert case["co_financing_per_year"] == {"2027": 160000, "2028": 160000, "2029": 160000}
    assert case["forecast"]["total_cost"] == sum(case["costs_per_year"].values()) + 480000
    row = _csv(funds["region.csv"])[0]
    assert row["co_financing_per_year_2028"] == "160000"


def test_an_existing_file_is_kept_without_force(funds: dict[str, Path]) -> None:
    target = funds["heby.json"]
    before = target.read_bytes()
    again = run("export", "--fund", funds["heby"], "--out", target)
    assert again.code == 2 and "--force" in again.err and "Traceback" not in again.err
    assert target.read_bytes() == before
    forced = run("export", "--fund", funds["heby"], "--out", target, "--force")
    assert forced.code == 0 and "1 ärenden från 1 fond" in forced.out


# -- personal data ------------------------------------------------------------------------------

def _fund_with(tmp_path: Path, edit: str, old: str, new: str) -> Path:
    fund = tmp_path / "fund"
    shutil.copytree(SAMPLE_FUND, fund)
    path = fund / CLOSED / edit
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return fund


@pytest.mark.parametrize(("old", "new", "field", "shown", "kind"), [
    ("Barn i förskoleklass till och med", "Barn (t.ex. 121212-1212) i förskoleklass till och med",
     "target_group.description", "121212-XXXX", "personnummer"),
    ("Projektägare; ansvarar", "Projektägare (kontakt karin.m@gmail.com); ansvarar",
     "parties[0].role", "karin.m@gmail.com", "e-postadress"),
    ("Ansvarar för läxhjälp", "Ansvarar (tel. 0411-57 70 00) för läxhjälp",
     "parties[2].role", "0411-57 70 00", "telefonnummer"),
    ("Projektägare; ansvarar", "Projektägare, Karin Mårtensson; ansvarar",
     "parties[0].role", "Karin Mårtensson", "namn på en person"),
])
def test_personal_data_in_an_exported_text_refuses_the_export(
        tmp_path: Path, old: str, new: str, field: str, shown: str, kind: str) -> None:
    fund = _fund_with(tmp_path, "application.yaml", old, new)
    before = snapshot(fund)
    target = tmp_path / "export.csv"
    result = run("export", "--fund", fund, "--format", "csv", "--out", target)
    assert result.code == 1, result.out + result.err
    assert f"{CLOSED}/application.yaml: {field}: {kind} ({shown})" in result.err
    assert "Exporten skrevs inte" in result.err and "Traceback" not in result.err
    assert "1212-1212" not in result.err
    assert not target.exists() and snapshot(fund) == before
    english = run("export", "--fund", fund, "--lang", "en")
    assert english.code == 1 and "Nothing was exported" in english.err and english.out == ""


def test_a_name_from_the_project_plan_refuses_the_export(tmp_path: Path) -> None:
    fund = tmp_path / "fund"
    shutil.copytree(SAMPLE_FUND, fund)
    (case,) = (fund / "4-pagaende").iterdir()
    path = case / "application.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("Projektägare; föräldrarådgivare",
                                 "Projektägare; Maria Håkansson, föräldrarådgivare", 1),
                    encoding="utf-8")
    result = run("export", "--fund", fund)
    assert result.code == 1 and result.out == ""
    assert (f"4-pagaende/{case.name}/application.yaml: parties[0].role: namn på en person "
            "(Maria Håkansson)") in result.err


# -- merging --------------------------------------------------------------------------------------

def test_two_funds_exports_merge_into_one_table(funds: dict[str, Path], tmp_path: Path) -> None:
    target = tmp_path / "alla.json"
    result = run("export", "--merge", funds["ystad.json"], funds["heby.json"],
                 funds["region.json"], "--out", target)
    assert result.code == 0, result.err
    assert "9 ärenden från 3 fonder" in result.out
    merged = _json(target)
    jsonschema.Draft202012Validator(json_schema()).validate(merged)
    assert [fund["municipality"] for fund in merged["funds"]] == [
        "Ystads kommun", "Heby kommun", "Region Mälardalen"]
    assert merged["cases"] == [*_json(funds["ystad.json"])["cases"],
                               *_json(funds["heby.json"])["cases"],
                               *_json(funds["region.json"])["cases"]]
    table = tmp_path / "alla.csv"
    assert run("export", "--merge", funds["ystad.json"], funds["heby.csv"], "--format", "csv",
               "--out", table).code == 0
    rows = _csv(table)
    assert [row["municipality"] for row in rows] == ["Ystads kommun"] * 7 + ["Heby kommun"]
    assert rows[-1] == {**dict.fromkeys(rows[-1], ""), **_csv(funds["heby.csv"])[0]}
    assert rows[:7] == [{**dict.fromkeys(row, ""), **source}
                        for row, source in zip(rows, _csv(funds["ystad.csv"]), strict=False)]


def _edited(funds: dict[str, Path], tmp_path: Path, name: str, **changes: Any) -> Path:
    document = {**_json(funds["heby.json"]), **changes}
    path = tmp_path / name
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_mismatched_schema_version_is_refused_naming_the_file(
        funds: dict[str, Path], tmp_path: Path) -> None:
    newer = _edited(funds, tmp_path, "heby-2.json", schema_version="2")
    target = tmp_path / "alla.json"
    result = run("export", "--merge", funds["ystad.json"], newer, "--out", target)
    assert result.code == 1
    assert f"{newer}: schemaversion 2, men sammanslagningen kräver version 1" in result.err
    assert not target.exists() and result.out == ""
    english = run("export", "--merge", funds["ystad.json"], newer, "--lang", "en")
    assert english.code == 1 and f"{newer}: schema version 2" in english.err
    table = tmp_path / "heby-2.csv"
    table.write_bytes(funds["heby.csv"].read_bytes().replace(b"\r\n1;", b"\r\n2;"))
    flat = run("export", "--merge", funds["ystad.csv"], table, "--format", "csv")
    assert flat.code == 1 and f"{table}: schemaversion 2" in flat.err and flat.out == ""


def test_the_names_looked_for_are_names_of_people() -> None:
    from socinv.export_privacy import person_names

    assert person_names([
        {"contact": {"name": "Karin Mårtensson"}, "history": [{"by": "Petra Lund"},
                                                             {"by": "petra"}]},
        {"project_leader": {"name": "Anna-Karin Öst"},
         "activities": [{"responsible": "Projektgruppen med processgruppen"},
                        {"responsible": "AB Ystadbostäder"}],
         "project_group": [{"party": "Barn- och utbildningsnämnden"}]},
    ]) == {"karin mårtensson", "petra lund", "anna-karin öst"}


@pytest.mark.parametrize(("content", "code", "message"), [
    (None, 2, "finns inte"),
    (b"PK\x03\x04binary", 2, "binär"),
    (b"{\"format\": ", 2, "är inte giltig JSON (rad 1"),
    (b"{\"cases\": []}", 1, "är ingen export från socinv"),
    (b"namn;belopp\r\nx;1\r\n", 1, "är ingen export från socinv"),
])
def test_a_bad_file_to_merge_writes_nothing(funds: dict[str, Path], tmp_path: Path,
                                            content: bytes | None, code: int,
                                            message: str) -> None:
    bad = tmp_path / "bad.json"
    if content is not None:
        bad.write_bytes(content)
    target = tmp_path / "alla.csv"
    result = run("export", "--merge", funds["ystad.json"], bad, "--format", "csv",
                 "--out", target)
    assert result.code == code, result.err
    assert str(bad) in result.err and message in result.err, result.err
    assert "Traceback" not in result.err and not target.exists()


def test_the_same_fund_twice_or_csv_into_json_is_refused(funds: dict[str, Path],
                                                         tmp_path: Path) -> None:
    copy = tmp_path / "heby-igen.json"
    shutil.copy(funds["heby.json"], copy)
    twice = run("export", "--merge", funds["heby.json"], copy)
    assert twice.code == 1 and "samma fond ska bara vara med en gång" in twice.err
    assert str(copy) in twice.err
    flat = run("export", "--merge", funds["ystad.json"], funds["heby.csv"])
    assert flat.code == 1 and "kan bara slås ihop till CSV" in flat.err
    assert run("export", "--merge").code == 2
    assert run("export", funds["heby.json"], "--fund", funds["heby"]).code == 2
    same = run("export", "--merge", funds["heby.json"], funds["heby.json"])
    assert same.code == 1 and f"två gånger i {funds['heby.json']}" in same.err


def test_an_export_edited_by_hand_to_hold_a_number_is_not_merged(
        funds: dict[str, Path], tmp_path: Path) -> None:
    document = _json(funds["heby.json"])
    document["cases"][0]["target_group"]["description"] = "Gäller 121212-1212."
    edited = tmp_path / "heby.json"
    edited.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    target = tmp_path / "alla.json"
    result = run("export", "--merge", funds["ystad.json"], edited, "--out", target)
    assert result.code == 1 and f"{target}: personnummer (121212-XXXX)" in result.err
    assert not target.exists()


@pytest.mark.parametrize("name", ["ystad", "heby", "region"])
def test_an_export_from_the_record_cache_equals_a_cold_one(
        funds: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        name: str) -> None:
    """``.socinv/cache/export-NN.json`` keeps each case's record under its folder's stat
    signature: a warm export reads no case, a changed case is read alone, and the file is
    the cold export's, byte for byte (JSON and CSV)."""
    import socinv.reports.data as data

    fund = tmp_path / name
    shutil.copytree(funds[name], fund)
    shutil.rmtree(fund / ".socinv" / "cache", ignore_errors=True)
    read: list[str] = []
    real = data.load_case

    def counted(*args: Any, **kwargs: Any) -> Any:
        read.append(args[1].id)
        return real(*args, **kwargs)

    monkeypatch.setattr(data, "load_case", counted)

    def exported(fmt: str, cold: bool = False) -> bytes:
        if cold:
            shutil.rmtree(fund / ".socinv" / "cache", ignore_errors=True)
        target = tmp_path / f"out.{fmt}"
        result = run("export", "--fund", fund, "--format", fmt, "--out", target, "--force")
        assert result.code == 0, result.out + result.err
        return target.read_bytes()

    cold = {fmt: exported(fmt, cold=True) for fmt in ("json", "csv")}
    assert list((fund / ".socinv" / "cache").glob("export-*.json"))
    read.clear()
    assert {fmt: exported(fmt) for fmt in ("json", "csv")} == cold
    assert read == []  # every record from the cache
    record = next(fund.glob("*/*/case.yaml"))
    text = record.read_text(encoding="utf-8")
    record.write_text(text.replace("\ntitle: ", "\ntitle: Ny ", 1), encoding="utf-8")
    warm = exported("json")
    assert read == [record.parent.name]  # the changed case alone
    assert warm == exported("json", cold=True) and warm != cold["json"]
    for entry in (fund / ".socinv" / "cache").glob("export-*.json"):
        entry.write_text('{"key": "damaged"', encoding="utf-8")
    assert exported("json") == warm
