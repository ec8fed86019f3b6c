"""The forms a project lead fills in (``new … --format docx`` and the YAML templates).

No YAML key or choice code reaches the person filling in a Word form: labels and the
choices' words only, and the reader maps them back. A report period is written as
people say it, a period's own required fields are marked, the application asks who
applies and who signs, and the final and annual reports show what the case already
records: the grant, the expected effects and the outcome of earlier years.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import docx
import pytest

from socinv.i18n import LANGS, Lang
from socinv.io.docx_template import _header_width, build_docx, column_widths
from socinv.model.schema import field_paths
from socinv.profiles.loader import load_profile
from socinv.validation import check_document
from tests.conftest import REPO, SAMPLE_FUND, run
from tests.test_docx import heading, table_after, write_cell
from tests.test_workflow import HEBY_APPLICATION

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ACTIVE = "4-pagaende/2025-001-utokade-hembesok-for-forstagangsforaldrar"
PROFILES = {"ystad": "ystad", "heby": "heby", "region": str(REPO / "tests/profiles/region.yaml")}
#: keys that are Swedish words as well ("Plan för implementering", "Budget för året")
SWEDISH_WORDS = frozenset({"plan", "budget", "organisation", "period"})
FORMS = ("idea", "application", "report", "final_report", "project_plan")


def form_text(data: bytes | Path) -> str:
    """Everything a person reads in the form's body, tables included."""
    document = docx.Document(str(data) if isinstance(data, Path) else _stream(data))
    texts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        texts += [cell.text for row in table.rows for cell in row.cells]
    # the command line to check the file names the file (final_report.docx): not a field
    return re.sub(r"socinv validate \S+", "", "\n".join(texts))


def _stream(data: bytes) -> Any:
    import io

    return io.BytesIO(data)


def leaked(text: str, profile: Any, doc_type: str, lang: str) -> list[str]:
    """The profile's field keys and choice codes that stand in ``text`` as words."""
    words: set[str] = set()
    for _, field in field_paths(profile.tree(doc_type)):
        words.add(field.key)
        words.update(field.choices)
    found = []
    for word in sorted(words):
        if "_" not in word and (lang == "en" or word in SWEDISH_WORDS):
            continue  # "role", "year" are English words, "plan" a Swedish one
        if re.search(rf"(?<![\w.-]){re.escape(word)}(?![\w-])", text):
            found.append(word)
    found += re.findall(r"\b(?:true|false)\b|\w+\.yaml\b|\b\d{4}-(?:annual|interim)\b", text)
    return found


@functools.cache
def blank(name: str, doc_type: str, lang: Lang) -> bytes:
    """A blank form, built once for the module's tests."""
    return build_docx(doc_type, load_profile(PROFILES[name]), lang,
                      {"period": "2026-annual"} if doc_type == "report" else None)


@pytest.fixture(scope="module")
def today() -> Iterator[None]:
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOCINV_TODAY", "2026-12-01")
        yield


@pytest.fixture(scope="module")
def ystad_forms(tmp_path_factory: pytest.TempPathFactory, today: None) -> Path:
    """The sample fund with the active case's 2026 annual report and final report made,
    in Word and YAML."""
    root = tmp_path_factory.mktemp("forms") / "ystad"
    shutil.copytree(SAMPLE_FUND, root)
    case = root / ACTIVE
    for fmt in ("docx", "yaml"):
        for command in (("new", "report", ACTIVE.split("/")[1], "--period", "2026-annual"),
                        ("new", "final-report", ACTIVE.split("/")[1])):
            made = run(*command, "--fund", root, "--format", fmt)
            assert made.code == 0, made.out + made.err
        if fmt == "docx":  # out of the case, so that the YAML templates can be made too
            shutil.move(case / "reports/2026-annual.docx", root / "2026-annual.docx")
            shutil.move(case / "final_report.docx", root / "final_report.docx")
    return root


@pytest.fixture(scope="module")
def heby_case(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    """A Heby case granted 1 260 000 kr (KS § 45), being implemented."""
    root = tmp_path_factory.mktemp("forms") / "heby"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOCINV_TODAY", "2027-02-01")
        assert run("init", root, "--profile", "heby").code == 0
        assert run("new", "application", "Jobbcoach för unga vuxna", "--fund", root).code == 0
        (case_dir,) = (root / "1-beslutsunderlag").iterdir()
        (case_dir / "application.yaml").write_text(HEBY_APPLICATION, encoding="utf-8")
        fund = ("--fund", root)
        assert run("advance", case_dir.name, *fund).code == 0
        for step in ("steering_group", "management_group"):
            assert run("record", case_dir.name, step, "--position", "for", "--date",
                       "2027-01-15", *fund).code == 0
        assert run("decide", case_dir.name, "--granted", "1260000", "--per-year",
                   "2027=620000,2028=640000", "--date", "2027-01-20", "--ref", "KS § 45",
                   *fund).code == 0
        assert run("advance", case_dir.name, *fund).code == 0
    return root, case_dir.name


# --- no key names ---------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(PROFILES))
def test_no_form_shows_a_key_name_or_a_choice_code(name: str, ystad_forms: Path) -> None:
    profile = load_profile(PROFILES[name])
    for doc_type in FORMS:
        for lang in LANGS:
            text = form_text(blank(name, doc_type, lang))
            assert leaked(text, profile, doc_type, lang) == [], (doc_type, lang)
            assert "unit_costs" not in text and "majority_owned" not in text
    if name == "ystad":  # the forms made in a fund, with what the case records
        for doc_type, path in (("report", ystad_forms / "2026-annual.docx"),
                               ("final_report", ystad_forms / "final_report.docx")):
            assert leaked(form_text(path), profile, doc_type, "sv") == []


def test_one_word_for_the_investment_in_every_form() -> None:
    for name in PROFILES:
        for doc_type in FORMS:
            text = form_text(blank(name, doc_type, "sv"))
            assert "satsning" not in text.lower(), (name, doc_type)


# --- the annual report ----------------------------------------------------------------------
def _row(document: Any, title: str, label: str) -> Any:
    for row in table_after(document, heading(document, title)).rows:
        if row.cells[0].text.startswith(label):
            return row
    raise AssertionError(f"no row {label!r} under {title!r}")


def test_hebys_annual_report_marks_the_gains_and_reads_back_in_words(
        heby_case: tuple[Path, str], monkeypatch: pytest.MonkeyPatch) -> None:
    root, case = heby_case
    monkeypatch.setenv("SOCINV_TODAY", "2027-12-01")
    made = run("new", "report", case, "--period", "2027-annual", "--fund", root,
               "--format", "docx", "--lang", "sv")
    assert made.code == 0, made.err
    path = root / "3-pagaende" / case / "reports" / "2027-annual.docx"
    document = docx.Document(str(path))
    headings = [p.text for p in document.paragraphs if p.style is not None
                and p.style.name.startswith("Heading")]
    # the period's own required fields are marked like the profile's
    assert "Mänskliga vinster *" in headings and "Ekonomiska vinster *" in headings
    period = table_after(document, heading(document, "Rapportperiod")).cell(0, 0).text
    assert period == "Årsredovisning 2027"
    assert "2027-annual" not in form_text(path)
    facts = [[cell.text for cell in row.cells] for row in document.tables[1].rows]
    assert ["Beviljat 2027 enligt beslutet KS § 45", "620\u00a0000\u00a0kr"] in facts

    def answer(title: str, text: str) -> None:
        write_cell(table_after(document, heading(document, title)).cell(0, 0), text)

    answer("Genomförda aktiviteter", "Coachen anställdes i februari; 12 deltagare.")
    answer("Mänskliga vinster", "Sju deltagare har fått arbete.")
    answer("Ekonomiska vinster", "Försörjningsstödet minskade med 380 000 kr.")
    effects = table_after(document, heading(document, "Uppnådda effekter"))
    write_cell(effects.cell(1, 1), "7 av 12 i arbete eller studier.")
    write_cell(_row(document, "Ekonomi", "Utfall för perioden").cells[1], "600 000 kr")
    document.save(str(path))
    checked = run("validate", path, "--fund", root)
    assert checked.code == 0, checked.out
    model = check_document(path, "report", load_profile("heby"), "r").model or {}
    assert model["period"] == "2027-annual"
    assert model["finance"]["outcome"] == 600000
    path.unlink()

    # the same form in English reads back the same way
    made = run("new", "report", case, "--period", "2027-annual", "--fund", root,
               "--format", "docx", "--lang", "en")
    assert made.code == 0, made.err
    english = docx.Document(str(path))
    assert table_after(english, heading(english, "Reporting period")).cell(0, 0).text == \
        "Annual report 2027"
    read = check_document(path, "report", load_profile("heby"), "r").model or {}
    assert read["period"] == "2027-annual"
    path.unlink()


def test_a_report_form_shows_the_outcome_of_the_earlier_years(ystad_forms: Path) -> None:
    # the sample case's 2025 annual report gives 538 000 kr; 2026 is the year reported on
    expected = "Utfall till och med 2025 enligt tidigare rapporter"
    text = form_text(ystad_forms / "2026-annual.docx")
    assert expected in text and "538\u00a0000\u00a0kr" in text
    assert "Årsbokslut (per 31 december 2026)" in text
    header = (ystad_forms / ACTIVE / "reports/2026-annual.yaml").read_text(encoding="utf-8")
    assert f"{expected}: 538\u00a0000\u00a0kr" in header
    assert "# Rapportperiod: Årsbokslut (per 31 december 2026)" in header


# --- the final report -----------------------------------------------------------------------
def test_the_final_report_shows_the_grant_and_the_expected_effects(ystad_forms: Path) -> None:
    application = check_document(ystad_forms / ACTIVE / "application.yaml", "application",
                                 load_profile("ystad"), "a").model or {}
    effects = [effect["description"] for effect in application["effects"]]
    goals = [row["goal"] for row in application["measurement_plan"]]
    assert len(effects) == 4 and len(goals) == 3
    word = form_text(ystad_forms / "final_report.docx")
    header = (ystad_forms / ACTIVE / "final_report.yaml").read_text(encoding="utf-8")
    for text in (word, re.sub(r"[ #\n]+", " ", header)):
        assert "2\u00a0400\u00a0000\u00a0kr (KS § 87, 2025-03-26)" in text
        assert "2026: 900\u00a0000\u00a0kr" in text
        for item in effects + goals:
            assert item in text, item
    # the facts stand above the first heading: the reader takes no answer from them
    model = check_document(ystad_forms / "final_report.docx", "final_report",
                           load_profile("ystad"), "f").model or {}
    assert model["effects_target_group"] is None and model["recommendation"] is None
    assert model["finance"]["total_outcome"] is None


def test_the_final_report_reads_the_recommendation_in_words(
        ystad_forms: Path, tmp_path: Path) -> None:
    document = docx.Document(str(ystad_forms / "final_report.docx"))
    text = form_text(ystad_forms / "final_report.docx")
    assert "Implementera, implementera delvis, implementera inte" in text
    write_cell(table_after(document, heading(document, "Rekommendation")).cell(0, 0),
               "Implementera delvis")
    path = tmp_path / "final_report.docx"
    document.save(str(path))
    model = check_document(path, "final_report", load_profile("ystad"), "f").model or {}
    assert model["recommendation"] == "implement_partly"


# --- the application ------------------------------------------------------------------------
@pytest.mark.parametrize("name", sorted(PROFILES))
def test_the_application_asks_who_applies_and_who_signs(name: str, tmp_path: Path) -> None:
    profile = load_profile(PROFILES[name])
    document = docx.Document(_stream(build_docx("application", profile, "sv",
                                                {"title": "Jobbcoach"})))
    applicant = table_after(document, heading(document, "Sökande"))
    labels = [row.cells[0].paragraphs[0].text.rstrip(" *") for row in applicant.rows]
    assert labels[1:] == ["Kontaktperson", "E-post", "Telefon", "Datum för ansökan"]
    for row, value in zip(applicant.rows, ("Socialförvaltningen", "Anna Berg",
                                           "anna.berg@kommun.se", "0480-123 45",
                                           "2027-01-10"), strict=True):
        write_cell(row.cells[1], value)
    signatures = table_after(document, heading(document, "Underskrifter"))
    assert [cell.text for cell in signatures.rows[0].cells] == [
        "För", "Namnförtydligande", "Befattning", "Datum", "Underskrift"]
    for cell, value in zip(signatures.rows[1].cells, ("Socialnämnden", "Per Holm",
                                                      "Förvaltningschef", "2027-01-12", ""),
                           strict=True):
        write_cell(cell, value)
    parties_label = profile.document("application").fields["parties"].label["sv"]
    parties = table_after(document, heading(document, parties_label))
    for cell, value in zip(parties.rows[1].cells, ("Socialnämnden", "nämnd", "Projektägare",
                                                   "nej"), strict=True):
        write_cell(cell, value)
    path = tmp_path / "application.docx"
    document.save(str(path))
    model = check_document(path, "application", profile, "a").model or {}
    assert model["applicant"] == {"organisation": "Socialförvaltningen",
                                  "contact": "Anna Berg", "email": "anna.berg@kommun.se",
                                  "phone": "0480-123 45", "date": dt.date(2027, 1, 10)}
    assert model["signatures"] == [{"party": "Socialnämnden", "name": "Per Holm",
                                    "role": "Förvaltningschef", "date": dt.date(2027, 1, 12),
                                    "signature": None}]
    assert model["parties"][0]["kind"] == "committee"
    assert model["parties"][0]["majority_owned"] is False


# --- layout ---------------------------------------------------------------------------------
def test_no_header_word_is_wider_than_its_column() -> None:
    for doc_type in FORMS:
        for lang in LANGS:
            document = docx.Document(_stream(blank("ystad", doc_type, lang)))
            for table in document.tables:
                grid = table._tbl.find(f"{W}tblGrid")
                widths = [int(col.get(f"{W}w")) / 567 for col in grid]  # twips → cm
                if len(widths) < 3:
                    continue
                for cell, width in zip(table.rows[0].cells, widths, strict=True):
                    assert _header_width(cell.text) <= width + 0.01, (cell.text, width)
    assert column_widths([1, 1], [3, 1], 10) == [5, 5]
    assert column_widths([3, 1], [1, 4], 10) == [6, 4]
    assert column_widths([1, 1], [8, 8], 10) == [5, 5]  # too narrow for both: shared


def test_a_period_is_named_in_words_and_read_back_by_its_words() -> None:
    region = load_profile(PROFILES["region"]).cadence
    assert region.period_text("2027-tertial1", "sv") == "Tertialrapport 1 (per 30 april 2027)"
    for text in ("Tertialrapport 1 (per 30 april 2027)", "tertialrapport 1 2027",
                 "Four-month report 1 (as of 30 April 2027)", "2027-tertial1"):
        assert region.period_name(text) == "2027-tertial1", text
    assert region.period_name("Tertialrapport 1") is None  # no year
    assert region.period_name("Kvartal 2027") is None
