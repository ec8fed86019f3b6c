"""What a case's board paper has around its body: the page's header and footer, the file
name, and the formats it is written in.

A paper about one case names it as a secretary does: the header carries the case's
title, the footer its registry number and title (never the folder's slug).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from socinv.errors import UserError
from socinv.i18n import Lang
from socinv.reports.output import Output

DRAFT_SUFFIX = {"sv": "-utkast", "en": "-draft"}


def case_footer(case: dict[str, Any], title: str, lang: Lang) -> str:
    """"Dnr KS 2024/0031 · Skolfam – …" (the title alone when there is no registry number)."""
    registry = str(case.get("registry_number") or "").strip()
    prefix = "Dnr " if lang == "sv" else "Ref. "
    return " · ".join(part for part in (prefix + registry if registry else "", title) if part)


def case_page(municipality: str, kind: str, case: dict[str, Any], title: str, lang: Lang,
              draft: str | None, date: dt.date) -> Any:
    """The Word page of a case's paper: ``kind`` ("Tjänsteskrivelse") in the header."""
    from socinv.reports.docx_render import Page

    return Page(municipality, kind, case_footer(case, title, lang),
                ("Sida", "av") if lang == "sv" else ("Page", "of"), title,
                "sv-SE" if lang == "sv" else "en-GB", draft, date=date)


def stem(case_id: str, name: str, lang: Lang, draft: bool) -> str:
    """``2024-001-…-slutrapport-forslag`` (+ ``-utkast`` for a draft)."""
    return f"{case_id}-{name}" + (DRAFT_SUFFIX[lang] if draft else "")


def outputs(markdown: str, formats: tuple[str, ...], name: str, page: Any,
            allowed: tuple[str, ...] = ("docx", "md", "pdf")) -> list[Output]:
    """The paper in each of ``formats``: the Markdown as it is, Word from its blocks, PDF/A
    from the Word paper."""
    from socinv.reports import pdf
    from socinv.reports.blocks import parse
    from socinv.reports.docx_render import render_docx

    found: list[Output] = []
    for fmt in pdf.wanted(formats):
        if fmt == "pdf":
            continue
        if fmt == "md":
            found.append(Output(f"{name}.md", markdown.encode("utf-8")))
        elif fmt == "docx":
            found.append(Output(f"{name}.docx", render_docx(parse(markdown), page)))
        else:
            among = ", ".join(allowed)
            raise UserError(f"Underlaget kan inte tas fram som {fmt} (välj {among}).",
                            f"The paper cannot be produced as {fmt} (choose {among}).")
    return pdf.finish(found, formats)
