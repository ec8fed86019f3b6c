"""The Word skeletons shipped with socinv are what python-docx builds today.

A paper is the shipped skeleton with its body, header, footer and core properties
written as XML (``socinv/reports/docx_render.py``), so that writing one imports no
python-docx. If python-docx or the styles change, these tests fail until the files are
written again: ``python -c "from socinv.reports.docx_render import write_skeletons;
write_skeletons()"``.
"""

from __future__ import annotations

import io
import zipfile

import pytest

from socinv.reports import docx_render
from socinv.reports.blocks import parse
from socinv.reports.docx_render import SHIPPED, Page, build_skeleton, render_docx


def _parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return {name: archive.read(name) for name in archive.namelist()
                if name != "docProps/core.xml"}  # python-docx dates it now


@pytest.mark.parametrize(("language", "landscape"), SHIPPED)
def test_the_shipped_skeleton_is_what_python_docx_builds(language: str, landscape: bool) -> None:
    shipped = docx_render._shipped(language, landscape)
    assert shipped is not None, f"{docx_render.skeleton_path(language, landscape)} is missing"
    built, width = build_skeleton(language, landscape)
    assert shipped[1] == width
    assert _parts(shipped[0]) == _parts(built)


def test_a_paper_from_the_shipped_skeleton_equals_one_from_python_docx(
        monkeypatch: pytest.MonkeyPatch) -> None:
    page = Page("Ystads kommun", "Tjänsteskrivelse", "Dnr KS 2026/1 · 2026-001",
                ("Sida", "av"), "Titel", "sv-SE", "UTKAST – inte beslutat")
    blocks = parse("# Rubrik\n\nEn mening.\n\n| A | B |\n| --- | ---: |\n| x | 1 000 kr |\n")
    docx_render._skeleton.cache_clear()
    shipped = render_docx(blocks, page)
    monkeypatch.setattr(docx_render, "_shipped", lambda language, landscape: None)
    docx_render._skeleton.cache_clear()
    try:
        built = render_docx(blocks, page)
    finally:
        docx_render._skeleton.cache_clear()
    assert shipped == built
    text = _parts(shipped)["word/document.xml"].decode("utf-8")
    assert "En mening." in text and "1 000 kr" in text
