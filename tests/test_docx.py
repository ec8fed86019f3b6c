"""Word as a first-class format: templates, tolerant reading, same findings, convert, bad input."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.table import Table
from docx.text.paragraph import Paragraph

from socinv.fund.fund import Fund
from socinv.i18n import Lang
from socinv.io.docx_template import build_docx
from socinv.profiles.loader import load_profile
from socinv.validation import check_document
from tests.conftest import REPO, run
from tests.conftest import snapshot as full_snapshot

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
BAD_CASE = "2-ansokningar/2026-003-vagen-till-arbete-ips-for-unga-vuxna"


# --- helpers: a filled-in Word file, edited the way people edit one --------------------------
def heading(document: Any, text: str) -> Paragraph:
    for paragraph in document.paragraphs:
        if paragraph.text.rstrip(" *") == text:
            return paragraph
    raise AssertionError(f"no heading {text!r}")


def style_name(paragraph: Paragraph) -> str:
    """The name of the paragraph's style (python-docx types the style as possibly None)."""
    style = paragraph.style
    assert style is not None
    return style.name


def table_after(document: Any, paragraph: Paragraph) -> Table:
    """The first table below ``paragraph``, before the next heading."""
    element = paragraph._p.getnext()
    while element is not None:
        if element.tag == f"{W}tbl":
            return Table(element, document._body)
        style = element.find(f"{W}pPr/{W}pStyle")
        if style is not None and style.get(f"{W}val", "").startswith("Heading"):
            break
        element = element.getnext()
    raise AssertionError(f"no table after {paragraph.text!r}")


def write_cell(cell: Any, *lines: str) -> None:
    cell.paragraphs[0].text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


def answer(document: Any, text: str, *lines: str) -> None:
    write_cell(table_after(document, heading(document, text)).cell(0, 0), *lines)


def snapshot(root: Path) -> dict[str, tuple[int, str]]:
    """The fund's own files (socinv's validation cache is not one of them)."""
    return {name: stamp for name, stamp in full_snapshot(root).items()
            if not name.startswith(".socinv/")}


def findings(result: Any) -> set[tuple[str, str]]:
    return {(f.field, f.code) for f in result.findings}


@pytest.fixture
def ystad() -> Any:
    return load_profile("ystad")


def template(profile: Any, doc_type: str = "application", lang: Lang = "sv",
             data: dict[str, Any] | None = None) -> Any:
    return docx.Document(io.BytesIO(build_docx(doc_type, profile, lang, data or {})))


def check(tmp_path: Path, document: Any, profile: Any, doc_type: str = "application") -> Any:
    path = tmp_path / f"{doc_type}.docx"
    document.save(path)
    return check_document(path, doc_type, profile, path.name)


# --- 1. templates from the profile -----------------------------------------------------------
def test_new_application_docx_is_a_form_from_the_profile(ystad_fund: Path) -> None:
    run("new", "idea", "Läxhjälp i Ystad", "--fund", ystad_fund)
    (case,) = (ystad_fund / "1-ideer").iterdir()
    result = run("new", "application", case.name, "--format", "docx", "--fund", ystad_fund)
    assert result.code == 0, result.err
    assert "application.docx" in result.out
    document = docx.Document(str(case / "application.docx"))
    header = document.sections[0].header.paragraphs[0].text
    assert "Ystads kommun" in header and "Ansökan" in header
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "Ansökan"
    headings = [p.text.rstrip(" *") for p in document.paragraphs
                if style_name(p).startswith("Heading")]
    assert headings[:5] == ["Namn på investeringen", "Sökande",
                            "Beskrivning av investeringens innehåll",
                            "Problemanalys och nulägesbeskrivning", "Metod"]
    assert {"Kostnad per år", "Mätplan", "Bemanning", "Delaktiga verksamheter och aktörer",
            "Referenser till forskning eller evidensbaserad praktik"} <= set(headings)
    assert "Effekt på arbetslösheten" not in headings  # Ystad's guideline does not ask for it
    question = next(p for p in document.paragraphs
                    if p.text == "Vilket problem ska lösas och hur ser läget ut i dag?")
    style = question.style
    assert style is not None
    assert style.name == "Vägledning"
    assert style.font.italic and str(style.font.color.rgb) == "595959"
    assert table_after(document, heading(document, "Namn på investeringen")).cell(
        0, 0).text == "Läxhjälp i Ystad"
    costs = table_after(document, heading(document, "Kostnad per år"))
    assert [c.text for c in costs.rows[0].cells] == ["År *", "Belopp (kr) *", "Specifikation"]
    parties_title = heading(document, "Delaktiga verksamheter och aktörer")
    parties = table_after(document, parties_title)
    assert [c.text.rstrip(" *") for c in parties.rows[0].cells] == [
        "Namn", "Slag av aktör", "Roll i investeringen", "Majoritetsägt av kommunen"]
    assert any("nämnd, förvaltning, kommunalt bolag, annan offentlig aktör, "
               "civilsamhällesaktör, vinstdrivande företag" in text for text in texts)
    staffing = table_after(document, heading(document, "Bemanning"))
    assert [c.text.rstrip(" *") for c in staffing.rows[0].cells] == [
        "Roll", "Tjänstgöringsgrad (heltid = 1)", "Organisation"]
    assert document.core_properties.category == "socinv:application"


def test_blank_word_template_gives_the_same_findings_as_the_blank_yaml(
        ystad_fund: Path) -> None:
    run("new", "idea", "Mentorer", "--fund", ystad_fund)
    run("new", "idea", "Mentorer", "--fund", ystad_fund, "--format", "docx")
    yaml_case, word_case = sorted((ystad_fund / "1-ideer").iterdir())
    assert (word_case / "idea.docx").is_file() and not (word_case / "idea.yaml").exists()
    as_yaml = run("validate", yaml_case / "idea.yaml", "--format", "json").json()
    as_word = run("validate", word_case / "idea.docx", "--format", "json").json()
    assert as_word["valid"] is False
    pairs = [{(f["field"], f["code"]) for f in data["findings"]} for data in (as_yaml, as_word)]
    assert pairs[0] == pairs[1]
    assert ("need", "missing") in pairs[1]  # the guidance left in place counts as empty
    places = {f["field"]: f.get("place") for f in as_word["findings"]}
    assert places["need"] == "Behov som är utgångspunkt för idén"
    assert all("line" not in f for f in as_word["findings"])


def test_english_and_heby_templates(heby_fund: Path) -> None:
    result = run("new", "application", "Unga till arbete", "--format", "docx", "--lang", "en",
                 "--fund", heby_fund)
    assert result.code == 0, result.err
    (case,) = (heby_fund / "1-beslutsunderlag").iterdir()
    document = docx.Document(str(case / "application.docx"))
    headings = {p.text.rstrip(" *") for p in document.paragraphs
                if style_name(p).startswith("Heading")}
    assert "Effect on unemployment" in headings
    assert "Problem analysis and current situation" not in headings
    assert "Heby kommun" in document.sections[0].header.paragraphs[0].text
    assert any(style_name(p) == "Guidance" for p in document.paragraphs)
    checked = run("validate", case / "application.docx", "--format", "json", "--lang", "en")
    assert checked.code == 1
    missing = {f["field"]: f["place"] for f in checked.json()["findings"]
               if f["code"] == "missing"}
    assert missing["unemployment_effect.description"] == "Effect on unemployment"


# --- 2. reading what people do in Word --------------------------------------------------------
def test_reading_tolerates_what_people_do_in_word(tmp_path: Path, ystad: Any) -> None:
    document = template(ystad, data={"title": "Läxhjälp"})
    # guidance left in place, an answer in the box, an extra paragraph, bullets, a soft break
    problem = heading(document, "Problemanalys och nulägesbeskrivning")
    write_cell(table_after(document, problem).cell(0, 0), "Många elever saknar stöd.")
    extra = document.add_paragraph("Extra stycke under rutan.")
    table_after(document, problem)._tbl.addnext(extra._p)
    bullet = document.add_paragraph("Läxor", style="List Bullet")
    extra._p.addnext(bullet._p)
    broken = document.add_paragraph("Rad ett")
    broken.runs[0].add_break()
    broken.add_run("rad två")
    bullet._p.addnext(broken._p)
    # renumbered and restyled headings (one without its hidden bookmark)
    description = heading(document, "Beskrivning av investeringens innehåll")
    description.style = document.styles["Heading 3"]
    for mark in description._p.findall(f"{W}bookmarkStart"):
        description._p.remove(mark)
    description.runs[0].text = "2. Beskrivning av investeringens innehåll"
    write_cell(table_after(document, description).cell(0, 0), "Läxhjälp tre dagar i veckan.")
    method = heading(document, "Metod")
    method.style = document.styles["Normal"]
    method.runs[0].text = "4.1 METOD"
    method.runs[0].bold = True
    write_cell(table_after(document, method).cell(0, 0), "Studiecoacher.")
    # dates typed two ways, amounts with spaces and "kr", rows added and removed
    period = table_after(document, heading(document, "Tidsperiod"))
    write_cell(period.cell(0, 1), "1 januari 2027")
    write_cell(period.cell(1, 1), "2028-12-31")
    costs = table_after(document, heading(document, "Kostnad per år"))
    for row, values in zip(costs.rows[1:], (("2027", "1 450 000 kr", "Coacher"),
                                            ("2028", "980000", "")), strict=False):
        for cell, value in zip(row.cells, values, strict=True):
            write_cell(cell, value)
    costs._tbl.remove(costs.rows[3]._tr)  # the template's third empty row
    added = costs.add_row()
    write_cell(added.cells[0], "2028")
    write_cell(added.cells[1], "12,5")
    parties = table_after(document, heading(document, "Delaktiga verksamheter och aktörer"))
    for row, (name, kind) in zip(parties.rows[1:], (("Barn- och utbildningsnämnden", "Nämnd"),
                                                    ("Fritidsgården", "civilsamhällesaktör"),
                                                    ("Läxfirman AB", "vinstdrivande företag")),
                                 strict=True):
        write_cell(row.cells[0], name)
        write_cell(row.cells[1], kind)
    effects = table_after(document, heading(document, "Effekter för målgruppen"))
    write_cell(effects.rows[1].cells[0], "Fler godkända betyg")
    write_cell(effects.rows[1].cells[3], "Juni 2027; juni 2028")

    result = check(tmp_path, document, ystad)
    model = result.model
    # Word paragraphs are paragraphs (a blank line between them, as in YAML's "|" text);
    # a line break within one stays a line end
    assert model["problem_analysis"] == ("Många elever saknar stöd.\n\nExtra stycke under "
                                         "rutan.\n\n- Läxor\n\nRad ett\nrad två")
    assert model["description"] == "Läxhjälp tre dagar i veckan."
    assert model["method"]["description"] == "Studiecoacher."
    assert model["period"] == {"start": dt.date(2027, 1, 1), "end": dt.date(2028, 12, 31)}
    assert [(c["year"], c["amount"]) for c in model["costs"]] == [
        (2027, 1_450_000), (2028, 980_000), (2028, None)]
    assert [p["kind"] for p in model["parties"]] == ["committee", "civil_society", "company"]
    assert model["effects"][0]["measured_at"] == ["Juni 2027", "juni 2028"]
    places = {(f.field, f.code): f.place for f in result.findings}
    assert places[("costs[2].amount", "amount-not-whole")] == (
        "Kostnad per år › rad 3 › Belopp (kr)")
    assert places[("costs[2].year", "duplicate-year")] == "Kostnad per år › rad 3 › År"
    assert places[("target_group.identification", "missing")] == (
        "Hur ska målgruppen identifieras")
    assert places[("parties[2].kind", "party-not-eligible")] == (
        "Delaktiga verksamheter och aktörer › rad 3 › Slag av aktör")
    assert "template-text" not in {f.code for f in result.findings}


def test_a_deleted_heading_is_named_and_unknown_headings_join_the_answer(
        tmp_path: Path, ystad: Any) -> None:
    document = template(ystad, data={"title": "X"})
    scaling = heading(document, "Målgrupper för uppskalning")
    box = table_after(document, scaling)
    scaling._p.getparent().remove(box._tbl)
    scaling._p.getparent().remove(scaling._p)
    problem = heading(document, "Problemanalys och nulägesbeskrivning")
    write_cell(table_after(document, problem).cell(0, 0), "Inledning.")
    sub = document.add_paragraph("Bakgrund", style="Heading 2")
    table_after(document, problem)._tbl.addnext(sub._p)
    text = document.add_paragraph("Så här ser det ut.")
    sub._p.addnext(text._p)
    result = check(tmp_path, document, ystad)
    assert result.model["problem_analysis"] == "Inledning.\n\nBakgrund\n\nSå här ser det ut."
    places = {f.field: f.place for f in result.findings if f.code == "missing"}
    assert places["implementation.scaling"] == (
        "Målgrupper för uppskalning (rubriken saknas i dokumentet)")


# --- 3. same findings as YAML: the whole sample fund in Word ----------------------------------
def test_the_sample_fund_in_word_gets_the_same_verdict(sample_fund: Path) -> None:
    before = run("validate", "--fund", sample_fund, "--format", "json").json()
    for case in Fund.open(sample_fund).cases():
        for _, path in case.documents():
            converted = run("convert", path, "--to", "docx")
            assert converted.code == 0, converted.err
            path.unlink()
    after = run("validate", "--fund", sample_fund, "--format", "json").json()

    def key(finding: dict[str, Any]) -> tuple[str, ...]:
        file = finding["file"].removesuffix(".yaml").removesuffix(".docx")
        return (file, finding["field"], finding["code"], finding["severity"], finding["message"])

    assert sorted(map(key, after["findings"])) == sorted(map(key, before["findings"]))
    assert after["valid"] == before["valid"] is False
    word = [f for f in after["findings"] if f["file"] == f"{BAD_CASE}/application.docx"]
    assert {f["place"] for f in word} >= {
        "Kostnad per år › rad 4 › Belopp (kr)", "Tidsperiod › Slutdatum",
        "Delaktiga verksamheter och aktörer › rad 2 › Slag av aktör", "problem_analys",
        "Målgrupp › Högsta ålder i målgruppen"}


# --- 4. convert both ways ---------------------------------------------------------------------
def test_convert_round_trip_keeps_the_model(sample_fund: Path, tmp_path: Path) -> None:
    fund = Fund.open(sample_fund)
    source = sample_fund / BAD_CASE / "application.yaml"
    word, back = tmp_path / "ansokan.docx", tmp_path / "ansokan.yaml"
    assert run("convert", source, "--to", "docx", "--out", word).code == 0
    result = run("convert", word, "--to", "yaml", "--profile", "ystad")
    assert result.code == 0, result.err
    assert back.is_file() and "Skrev" in result.out
    text = back.read_text(encoding="utf-8")
    assert "# Kostnad per år (obligatoriskt)" in text
    assert "    amount: 890000\n" in text and 'amount: "125 000,50"' in text
    assert "  start: 2027-01-01\n" in text and "    kind: company\n" in text
    original = check_document(source, "application", fund.profile, "a")
    again = check_document(back, "application", fund.profile, "b")
    assert again.model == original.model
    assert findings(again) == findings(original)


def test_convert_never_overwrites_without_force(sample_fund: Path, tmp_path: Path) -> None:
    source = sample_fund / BAD_CASE / "application.yaml"
    target = source.with_suffix(".docx")
    target.write_bytes(b"mine")
    refused = run("convert", source, "--to", "docx")
    assert refused.code == 2
    assert "--force" in refused.err and target.read_bytes() == b"mine"
    forced = run("convert", source, "--to", "docx", "--force")
    assert forced.code == 0
    assert target.read_bytes().startswith(b"PK")
    assert "båda" in forced.err  # both formats now sit side by side in the case
    outside = tmp_path / "mail" / "application.yaml"
    outside.parent.mkdir()
    shutil.copy(source, outside)
    no_profile = run("convert", outside, "--to", "docx")
    assert no_profile.code == 2 and "--profile ystad" in no_profile.err
    same = run("convert", source, "--to", "yaml")
    assert same.code == 2 and "redan YAML" in same.err
    wrong = run("convert", outside, "--to", "docx", "--out", tmp_path / "x.yaml",
                "--profile", "ystad")
    assert wrong.code == 2 and ".docx" in wrong.err


# --- 5. bad input ----------------------------------------------------------------------------
def _good() -> bytes:
    return build_docx("application", load_profile("ystad"), "sv")


def _rezip(change: Any) -> bytes:
    source = zipfile.ZipFile(io.BytesIO(_good()))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name in source.namelist():
            data = change(name, source.read(name))
            if data is not None:
                archive.writestr(name, data)
        extra = change("+", b"")
        if extra:
            archive.writestr(*extra)
    return buffer.getvalue()


def _bomb() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w") as stream:
            for _ in range(400):
                stream.write(b"<w:p/>" * 174_763)  # 400 × 1 MB of the same bytes
    return buffer.getvalue()


def _macro(name: str, data: bytes) -> Any:
    if name == "+":
        return ("word/vbaProject.bin", b"\x00" * 64)
    return data.replace(b"wordprocessingml.document.main+xml",
                        b"ms-word.document.macroEnabled.main+xml")


def _letter() -> bytes:
    document = docx.Document()
    document.add_heading("Till kommunstyrelsen", 1)
    document.add_paragraph("Vi vill ansöka om pengar.")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
HOSTILE: dict[str, tuple[Any, str, str]] = {
    "not-a-zip": (lambda: b"title: hej\n", "not-a-zip", "ingen zip-fil"),
    "empty": (lambda: b"", "not-a-zip", "ingen zip-fil"),
    "truncated": (lambda: _good()[:20_000], "zip-truncated", "trasig eller ofullständig"),
    "zip-bomb": (_bomb, "zip-bomb", "orimligt mycket data"),
    "old-doc": (lambda: OLE2 + bytes(4096), "old-office-format", "Word 97–2003 (.doc)"),
    "encrypted": (lambda: OLE2 + bytes(512) + "EncryptionInfo".encode("utf-16-le")
                  + bytes(512) + "EncryptedPackage".encode("utf-16-le") + bytes(2048),
                  "encrypted-document", "lösenordsskyddad"),
    "docm-renamed": (lambda: _rezip(_macro), "macro-document", "makron"),
    "no-document-part": (lambda: _rezip(lambda n, d: None if n == "word/document.xml" else (
        None if n == "+" else d)), "not-an-office-file", "word/document.xml"),
    "broken-xml": (lambda: _rezip(lambda n, d: d[:3000] if n == "word/document.xml" else (
        None if n == "+" else d)), "damaged-document", "Öppna den i Word"),
    "not-socinv": (_letter, "not-a-socinv-document", "inget socinv-dokument"),
}


@pytest.mark.parametrize("name", sorted(HOSTILE))
def test_bad_word_files_exit_2_and_change_nothing(name: str, sample_fund: Path) -> None:
    make, code, words = HOSTILE[name]
    path = sample_fund / BAD_CASE / "application.docx"
    path.write_bytes(make())
    (sample_fund / BAD_CASE / "application.yaml").unlink()
    before = snapshot(sample_fund)
    result = run("validate", path, "--format", "json")
    assert result.code == 2, result.out
    (finding,) = [f for f in result.json()["findings"] if f["file"].endswith(".docx")]
    assert finding["code"] == code
    assert words in finding["message"]
    text = run("validate", path)
    assert text.code == 2 and words in text.out
    converted = run("convert", path, "--to", "yaml")
    assert converted.code == 2
    assert words in converted.err
    for output in (result, text, converted):
        assert "Traceback" not in output.out + output.err
    assert snapshot(sample_fund) == before


def test_a_docm_file_is_refused_by_its_name(tmp_path: Path) -> None:
    path = tmp_path / "application.docm"
    path.write_bytes(_rezip(_macro))
    result = run("validate", path, "--profile", "ystad")
    assert result.code == 2
    assert ".docx" in result.out and "Traceback" not in result.out + result.err


def test_the_zip_bomb_is_refused_small(tmp_path: Path) -> None:
    bomb = tmp_path / "application.docx"
    bomb.write_bytes(_bomb())
    assert bomb.stat().st_size < 2_000_000
    script = (
        "import resource, sys, time\n"
        "from pathlib import Path\n"
        "from socinv.profiles.loader import load_profile\n"
        "from socinv.validation import check_document\n"
        "start = time.perf_counter()\n"
        "result = check_document(Path(sys.argv[1]), 'application', load_profile('ystad'), 'x')\n"
        "seconds = time.perf_counter() - start\n"
        "try:  # this program's own peak (ru_maxrss would count the forking parent too)\n"
        "    with open('/proc/self/status') as status:\n"
        "        peak = next(int(line.split()[1]) for line in status\n"
        "                    if line.startswith('VmHWM:'))\n"
        "except OSError:\n"
        "    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss\n"
        "print(result.findings[0].code, seconds, peak)\n")
    output = subprocess.run([sys.executable, "-c", script, str(bomb)], capture_output=True,
                            text=True, check=True, cwd=REPO).stdout.split()
    assert output[0] == "zip-bomb"
    assert int(output[2]) < 200 * 1024  # kilobytes


def test_the_sample_fund_reads_unchanged_from_word_in_json(sample_fund: Path) -> None:
    """JSON findings from Word carry a place instead of a line, as the README promises."""
    path = sample_fund / BAD_CASE / "application.yaml"
    run("convert", path, "--to", "docx")
    path.unlink()
    data = run("validate", path.with_suffix(".docx"), "--format", "json").json()
    assert data["findings"]
    for finding in data["findings"]:
        assert "line" not in finding and finding["place"]


# --- 6. properties: YAML → Word → YAML keeps the model; no bytes crash the reader -------------
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

from socinv.io.docx_layout import normal  # noqa: E402
from socinv.io.yaml_emit import render_yaml  # noqa: E402
from socinv.model.schema import DOCUMENTS, Field, Kind  # noqa: E402
from socinv.validation import read_document  # noqa: E402

PROPERTY = settings(max_examples=15, deadline=None, database=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Co", "Cn"),
                       include_characters="\n\t")
_LINE_CHARS = st.characters(codec="utf-8", exclude_categories=("Cs", "Cc", "Co", "Cn", "Zl",
                                                               "Zp"))
_PROSE = st.sampled_from([
    "Läxhjälp för elever i årskurs 7–9.", "Rad ett\nrad två", "Stycke ett.\n\nStycke två.",
    "  indraget  ", "Vilket problem ska lösas och hur ser läget ut i dag?", "ange", "[fyll i]",
    "Metod", "- punkt ett\n- punkt två", "a: b # c", "\"citat\" och 'apostrof'", "null", "~",
    "1 450 000 kr", "Ja", "tab\there", "x" * 140, " ".join(["ord"] * 40),
])
_TEXT = st.one_of(_PROSE, st.text(_CHARS, max_size=40))
_LINE = st.one_of(st.sampled_from(["Juni 2027", "Årsbokslut 2028", "a;b", "x; y", ";"]),
                  st.text(_LINE_CHARS, max_size=20))
_MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
           "september", "oktober", "november", "december"]


def _value(field: Field, profile: Any) -> st.SearchStrategy[Any]:
    kind = field.kind
    if kind is Kind.TEXTS:
        return st.one_of(st.none(), st.lists(_LINE, max_size=3))
    if kind is Kind.GROUP:
        return st.one_of(st.none(), _group(field, profile))
    if kind is Kind.LIST:
        item = st.one_of(st.just({}), _group(field, profile))
        return st.one_of(st.none(), st.lists(item, max_size=3))
    numbers = {
        Kind.AMOUNT: st.one_of(st.integers(0, 10**8).map(str), st.integers(0, 10**8).map(
            lambda n: f"{n:,} kr".replace(",", " ")), st.sampled_from(["125 000,50", "-5"])),
        Kind.COUNT: st.integers(0, 120).map(str),
        Kind.NUMBER: st.sampled_from(["0,5", "1.25", "2", "0.2", "-1"]),
        Kind.YEAR: st.integers(1990, 2100).map(str),
        Kind.DATE: st.one_of(st.dates(dt.date(2000, 1, 1), dt.date(2100, 1, 1)).map(str),
                             st.builds(lambda d, m, y: f"{d} {_MONTHS[m]} {y}",
                                       st.integers(1, 31), st.integers(0, 11),
                                       st.integers(2020, 2040))),
        Kind.BOOL: st.sampled_from(["ja", "nej", "true", "false", "yes", "Nej", "kanske"]),
    }
    if kind is Kind.CHOICE:
        names = {normal(choice) for choice in field.choices} | {
            normal(label) for choice in field.choices
            for label in (profile.choice_labels.get(choice) or {}).values()}
        other = _TEXT.filter(lambda text: normal(text) not in names)
        return st.one_of(st.none(), st.sampled_from(field.choices), other)
    special = numbers.get(kind)
    return st.one_of(st.none(), _TEXT, special) if special is not None else st.one_of(
        st.none(), _TEXT)


def _group(schema: Field, profile: Any) -> st.SearchStrategy[dict[str, Any]]:
    """A group or list item; sometimes with a key the model does not know.

    In a list item such a key is an extra table column, where an empty cell is no
    entry at all, so there it always has a value.
    """
    optional: dict[str, st.SearchStrategy[Any]] = {
        sub.key: _value(sub, profile) for sub in schema.fields}
    optional["x_extra"] = _LINE.filter(str.strip) if schema.kind is Kind.LIST else _LINE
    return st.fixed_dictionaries({}, optional=optional)


def _signature(result: Any) -> list[tuple[str, str, str, str]]:
    return sorted((f.field, f.code, f.severity, f.message("sv")) for f in result.findings)


def _round_trip(profile: Any, doc_type: str, data: dict[str, Any]) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        first = folder / f"{doc_type}.yaml"
        first.write_text(render_yaml(doc_type, profile, "sv", first.name, data), "utf-8")
        from_yaml = check_document(first, doc_type, profile, "x")
        word = folder / f"{doc_type}.docx"
        word.write_bytes(build_docx(doc_type, profile, "sv",
                                    read_document(first, doc_type, profile).data))
        from_word = check_document(word, doc_type, profile, "x")
        back = folder / "back" / f"{doc_type}.yaml"
        back.parent.mkdir()
        back.write_text(render_yaml(doc_type, profile, "sv", back.name,
                                    read_document(word, doc_type, profile).data), "utf-8")
        again = check_document(back, doc_type, profile, "x")
    assert from_word.model == from_yaml.model
    assert again.model == from_yaml.model
    assert _signature(from_word) == _signature(from_yaml) == _signature(again)


@pytest.mark.parametrize(("profile_name", "doc_type"), [
    ("ystad", "application"), ("ystad", "idea"), ("ystad", "report"),
    ("ystad", "final_report"), ("heby", "application")])
def test_yaml_word_yaml_gives_back_the_same_model(profile_name: str, doc_type: str) -> None:
    profile = load_profile(profile_name)
    documents = _group(DOCUMENTS[doc_type], profile)

    @PROPERTY
    @given(documents)
    def round_trip(data: dict[str, Any]) -> None:
        _round_trip(profile, doc_type, data)

    round_trip()


@PROPERTY
@given(st.lists(st.tuples(st.integers(0, 10**9), st.integers(0, 255)), min_size=1,
                max_size=6), st.integers(0, 10**9))
def test_no_damaged_word_file_crashes_the_reader(edits: list[tuple[int, int]],
                                                 cut: int) -> None:
    import tempfile

    data = bytearray(_FILLED)
    for position, byte in edits:
        data[position % len(data)] = byte
    data = data[: max(1, len(data) - cut % 400)] if cut % 3 == 0 else data
    with tempfile.TemporaryDirectory() as name:
        path = Path(name) / "application.docx"
        path.write_bytes(bytes(data))
        result = check_document(path, "application", _YSTAD, "x")
    assert result.unreadable or result.model is not None


_YSTAD = load_profile("ystad")
_FILLED = build_docx("application", _YSTAD, "sv", {
    "title": "Läxhjälp", "costs": [{"year": "2027", "amount": "100 000"}],
    "period": {"start": "2027-01-01", "end": "2028-12-31"}})
