"""A real editor in the loop: LibreOffice re-saves filled-in forms and renders the template.

CI installs LibreOffice and poppler from Debian packages (see ``PACKAGES``); these
tests fail, rather than skip, when they are missing.
"""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest

from socinv.fund.fund import Fund
from socinv.validation import check_document
from tests.conftest import run

PACKAGES = "libreoffice-writer-nogui poppler-utils fonts-liberation2"
BAD_CASE = "2-ansokningar/2026-003-vagen-till-arbete-ips-for-unga-vuxna"


def tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is not installed; CI needs: apt-get install -y {PACKAGES}")
    return found


def libreoffice(tmp_path: Path, files: list[Path], target: str, outdir: Path) -> None:
    """``soffice --headless --convert-to target`` with a private user profile."""
    profile = tmp_path / "lo-profile"
    subprocess.run([tool("soffice"), f"-env:UserInstallation={profile.as_uri()}", "--headless",
                    "--norestore", "--convert-to", target, "--outdir", str(outdir),
                    *map(str, files)], check=True, capture_output=True, timeout=300)


def test_forms_resaved_by_libreoffice_validate_the_same(sample_fund: Path,
                                                         tmp_path: Path) -> None:
    run("new", "idea", "Ny idé", "--format", "docx", "--fund", sample_fund)
    fund = Fund.open(sample_fund)
    documents: list[tuple[str, Path]] = []
    for case in fund.cases():
        if case.id.startswith(("2026-003", "2026-004", "2024-001", f"{dt.date.today().year}-")):
            for doc_type, path in case.documents():
                if path.suffix == ".yaml":
                    assert run("convert", path, "--to", "docx").code == 0
                    path.unlink()
                documents.append((doc_type, path.with_suffix(".docx")))
    assert {doc_type for doc_type, _ in documents} == {"idea", "application", "report",
                                                       "final_report"}
    before = run("validate", "--fund", sample_fund, "--format", "json")
    models = {path: check_document(path, doc_type, fund.profile, "x").model
              for doc_type, path in documents}

    staged = tmp_path / "staged"
    staged.mkdir()
    names = {}
    for number, (_, path) in enumerate(documents):
        names[path] = staged / f"{number}-{path.name}"
        shutil.copy(path, names[path])
    libreoffice(tmp_path, list(names.values()), "docx", tmp_path / "saved")
    for path, copy in names.items():
        saved = (tmp_path / "saved" / copy.name).read_bytes()
        assert saved != path.read_bytes()  # LibreOffice really wrote its own file
        path.write_bytes(saved)

    after = run("validate", "--fund", sample_fund, "--format", "json")
    assert after.code == before.code == 1
    assert after.json() == before.json()
    for doc_type, path in documents:
        assert check_document(path, doc_type, fund.profile, "x").model == models[path], path


def test_the_template_renders_as_a_form(ystad_fund: Path, tmp_path: Path) -> None:
    run("new", "idea", "Läxhjälp", "--fund", ystad_fund)
    (case,) = (ystad_fund / "1-ideer").iterdir()
    assert run("new", "application", case.name, "--format", "docx",
               "--fund", ystad_fund).code == 0
    libreoffice(tmp_path, [case / "application.docx"], "pdf", tmp_path)
    pdf = tmp_path / "application.pdf"
    text = subprocess.run([tool("pdftotext"), "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True, timeout=60).stdout
    for expected in ("Ystads kommun", "Ansökan", "Namn på investeringen *", "Läxhjälp",
                     "Problemanalys och nulägesbeskrivning *",
                     "Vilket problem ska lösas och hur ser läget ut i dag?",
                     "Kostnad per år *", "Belopp (kr)", "Mätplan *", "Bemanning *",
                     "Plan för implementering", "Sida 1 av"):
        assert expected in text, expected
    assert "Effekt på arbetslösheten" not in text
    pages = text.count("\f")
    assert 4 <= pages <= 9


def test_a_real_word_97_file_is_refused_with_advice(ystad_fund: Path, tmp_path: Path) -> None:
    run("new", "idea", "Läxhjälp", "--format", "docx", "--fund", ystad_fund)
    (case,) = (ystad_fund / "1-ideer").iterdir()
    libreoffice(tmp_path, [case / "idea.docx"], "doc", tmp_path)
    old = (tmp_path / "idea.doc").read_bytes()
    (case / "idea.docx").write_bytes(old)  # saved as .doc, then renamed by hand
    result = run("validate", case / "idea.docx")
    assert result.code == 2
    assert "Word 97–2003 (.doc)" in result.out and "spara den som .docx" in result.out
    (case / "idea.docx").unlink()
    (case / "idea.doc").write_bytes(old)
    as_doc = run("validate", case / "idea.doc", "--type", "idea")
    assert as_doc.code == 2 and ".docx" in as_doc.out
    assert "Traceback" not in result.out + result.err + as_doc.out + as_doc.err
