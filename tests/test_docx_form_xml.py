"""Every Word form socinv writes as XML text is what python-docx writes, part by part.

``socinv.io.docx_form`` writes a form into a shipped skeleton without python-docx (issue
18); ``tests/docx_reference.py`` does each of its steps through python-docx. Both are run
for every document type of Ystad, Heby and the region profile, in Swedish and English,
blank, filled from the sample fund and with awkward content. If python-docx or the styles
change, the skeleton test fails until the skeletons are written again:
``python -c "from socinv.io.docx_style import write_skeletons; write_skeletons()"``.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path
from typing import Any

import pytest

from socinv.i18n import Lang
from socinv.io import docx_form
from socinv.io.docx_style import build_skeleton
from socinv.io.docx_template import build_docx
from socinv.io.yamlio import read_yaml
from socinv.model.schema import AUTHORED
from socinv.profiles.loader import Profile, load_profile
from tests.conftest import REPO
from tests.docx_reference import DocxForm

PROFILES = {"ystad": "ystad", "heby": "heby", "region": str(REPO / "tests/profiles/region.yaml")}
_NOW = re.compile(rb"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ")  # python-docx dates a form now
AWKWARD: dict[str, Any] = {
    "title": "A & B <c> \"citat\"  ", "unknown_key": "rad ett\nrad två\tflik",
    "costs": [{"year": 2027, "amount": 5, "odd": "  blanksteg"}], "period": "2026-annual"}
FACTS = (("Ärende", "2026-001-pax"), ("Diarienummer", "KS 2026/1\nandra raden"))


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: _NOW.sub(b"NOW", archive.read(name)) for name in archive.namelist()}


def _samples() -> dict[str, list[dict[str, Any]]]:
    found: dict[str, list[dict[str, Any]]] = {}
    for path in sorted((REPO / "sample_fund").glob("[1-5]-*/*/**/*.yaml")):
        kind = "report" if path.parent.name == "reports" else path.stem
        if kind in AUTHORED:
            found.setdefault(kind, []).append(read_yaml(path).data)
    return found


SAMPLES = _samples()


def _both(monkeypatch: pytest.MonkeyPatch, *args: Any, **kwargs: Any) -> tuple[bytes, bytes]:
    written = build_docx(*args, **kwargs)
    with monkeypatch.context() as patch:
        patch.setattr(docx_form, "Form", DocxForm)
        reference = build_docx(*args, **kwargs)
    return written, reference


@pytest.fixture(scope="module")
def profiles() -> dict[str, Profile]:
    return {name: load_profile(source) for name, source in PROFILES.items()}


@pytest.mark.parametrize("lang", ["sv", "en"])
def test_the_shipped_skeleton_is_what_python_docx_builds(lang: Lang) -> None:
    shipped = docx_form.skeleton_path(lang).read_bytes()
    assert _parts(shipped) == _parts(build_skeleton(lang))


@pytest.mark.parametrize("profile_name", sorted(PROFILES))
@pytest.mark.parametrize("lang", ["sv", "en"])
@pytest.mark.parametrize("doc_type", AUTHORED)
def test_every_form_written_as_text_equals_python_docx_s(
        profiles: dict[str, Profile], monkeypatch: pytest.MonkeyPatch, profile_name: str,
        lang: str, doc_type: str) -> None:
    profile = profiles[profile_name]
    variants: list[tuple[dict[str, Any] | None, dict[str, Any]]] = [
        (None, {}), (AWKWARD, {"required": ("title",), "facts": FACTS}),
        *((sample, {}) for sample in SAMPLES.get(doc_type, []))]
    for data, extra in variants:
        written, reference = _both(monkeypatch, doc_type, profile, lang, data,
                                   f"{doc_type}.docx", **extra)
        ours, theirs = _parts(written), _parts(reference)
        assert sorted(ours) == sorted(theirs)
        for name, part in theirs.items():
            assert ours[name] == part, (name, data)
    body = _parts(written)["word/document.xml"].decode("utf-8")
    assert "<w:bookmarkStart" in body and "<w:tbl>" in body


def test_a_missing_skeleton_is_built_by_python_docx_and_gives_the_same_form(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    profile = load_profile("ystad")
    shipped = build_docx("application", profile, "sv", AWKWARD, "a.docx")
    monkeypatch.setattr(docx_form, "SKELETONS", tmp_path / "none")
    docx_form.form_skeleton.cache_clear()
    try:
        built = build_docx("application", profile, "sv", AWKWARD, "a.docx")
    finally:
        docx_form.form_skeleton.cache_clear()
    assert _parts(built) == _parts(shipped)
