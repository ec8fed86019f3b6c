"""Building the papers in memory: data → template → Markdown, Word, Excel.

Nothing is written here; :func:`socinv.reports.output.write_outputs` writes the
finished files, so a failure anywhere leaves no partial report.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from socinv.errors import UserError
from socinv.fund.fund import FUND_FILE, Fund
from socinv.i18n import Lang, kronor, pick
from socinv.profiles.vocabulary import Vocabulary
from socinv.reports import pdf
from socinv.reports.data import Period, load_case, load_fund, period_of
from socinv.reports.output import Output, guard_sources, guard_text
from socinv.reports.templating import clean, render
from socinv.rules.findings import Finding, Report, make

FORMATS = ("docx", "md", "xlsx", "pdf")
DRAFT = {"sv": "UTKAST – inte för beslut", "en": "DRAFT – not for decision"}
_MEMO_NAME = {("sv", "proposal"): "beslutsunderlag", ("en", "proposal"): "decision-memo",
              ("sv", "notice"): "beslutsmeddelande", ("en", "notice"): "decision-notice"}
_MEMO_KIND = {("sv", "proposal"): "Tjänsteskrivelse", ("en", "proposal"): "Officer's report",
              ("sv", "notice"): "Beslutsmeddelande", ("en", "notice"): "Decision notice"}
KINDS = ("proposal", "notice")
_ANNEX_NAME = {("sv", "interim"): "delarsrapport-bilaga", ("sv", "annual"): "arsredovisning-bilaga",
               ("en", "interim"): "interim-annex", ("en", "annual"): "annual-annex"}


@dataclass(frozen=True)
class Request:
    """What a ``report`` command asks for: language, date, draft and formats."""

    lang: Lang
    date: dt.date
    draft: bool
    formats: tuple[str, ...]
    kind: str | None = None  # the decision paper: proposal | notice (None: by the case)


def filters(lang: Lang) -> dict[str, Callable[..., Any]]:
    word = "och" if lang == "sv" else "and"

    def join_and(items: Any) -> str:
        values = [str(item) for item in items if item not in (None, "")]
        return values[0] if len(values) == 1 else (
            f"{', '.join(values[:-1])} {word} {values[-1]}" if values else "")

    def sep(loop: Any) -> Markup:
        return Markup("" if loop.last else (f" {word} " if loop.revindex == 2 else ", "))

    def span(years: Any) -> str:
        values = sorted(int(year) for year in years)
        if not values:
            return ""
        return str(values[0]) if values[0] == values[-1] else f"{values[0]}–{values[-1]}"

    def fte(value: Any) -> str:
        """A share of full time as a percentage: 1 → "100 %", 0.05 → "5 %"."""
        if not isinstance(value, int | float) or isinstance(value, bool):
            return ""
        text = f"{round(value * 100, 1):g}"
        return text.replace(".", ",") + "\u00a0%" if lang == "sv" else text + "%"

    status_text = {"sv": {"met": "Uppfyllt", "remark": "Uppfyllt med anmärkning",
                          "not_met": "Ej uppfyllt"},
                   "en": {"met": "Met", "remark": "Met, with remarks", "not_met": "Not met"}}

    return {
        "money": lambda value: "–" if value is None else kronor(int(value), lang),
        "join_and": join_and, "sep": sep, "span": span, "fte": fte,
        "lcfirst": lambda text: str(text)[:1].lower() + str(text)[1:],
        "ucfirst": lambda text: str(text)[:1].upper() + str(text)[1:],
        "status": lambda key: status_text[lang].get(str(key), str(key)),
    }


def _markdown(fund: Fund, name: str, context: dict[str, Any], lang: Lang) -> str:
    text = clean(render(fund.root, name, context, filters(lang)))
    guard_text(name, text)
    return text


def _refuse_errors(findings: list[Finding], lang: Lang, file: str,
                   vocabulary: Vocabulary) -> None:
    from socinv.rules.reporters import render_text

    errors = [f for f in findings if f.severity == "error"]
    if not errors:
        return
    report = Report(lang=lang, vocabulary=vocabulary)
    report.add_file(file, errors)
    listing = render_text(report)
    raise UserError(
        f"Ansökan har {len(errors)} fel och kan inte läggas fram för beslut. Rätta felen "
        f"eller ta fram ett utkast med --draft.\n{listing}",
        f"The application has {len(errors)} errors and cannot be put forward for decision. "
        f"Fix them or produce a draft with --draft.\n{listing}", exit_code=1)


def paper_kind(case: Any, wanted: str | None) -> str:
    """The decision paper a case's state calls for: the notice once the board's decision
    is recorded, else the proposal; ``wanted`` forces one (a notice needs a decision)."""
    decided = case.decision.get("outcome") in ("granted", "rejected")
    if wanted == "notice" and not decided:
        raise UserError(
            f"Ärendet {case.id} har inget registrerat beslut, så det finns inget "
            "beslutsmeddelande att ta fram. Registrera beslutet med socinv decide, eller ta "
            "fram tjänsteskrivelsen med --kind proposal.",
            f"The case {case.id} has no recorded decision, so there is no decision notice to "
            "produce. Record the decision with socinv decide, or produce the officer's report "
            "with --kind proposal.", exit_code=1)
    return wanted or ("notice" if decided else "proposal")


def decision_memo(fund: Fund, case_id: str, request: Request) -> list[Output]:
    from socinv.reports.blocks import parse
    from socinv.reports.data import fund_settings
    from socinv.reports.docx_render import Page, render_docx
    from socinv.reports.memo import MemoInput, memo_context, memo_sources
    from socinv.validation import Options, fund_context

    lang = request.lang
    ctx, _ = fund_context(fund, Options())
    case = load_case(fund, fund.case(case_id), ctx)
    kind = paper_kind(case, request.kind)
    application = case.documents.get("application")
    if application is None or not application.model:
        raise UserError(f"Ärendet {case.id} har ingen ansökan att lägga fram.",
                        f"The case {case.id} has no application to put forward.", exit_code=1)
    if not request.draft and kind == "proposal" and not case.decision.get("outcome"):
        _refuse_errors(application.findings, lang, application.file,
                       fund.profile.vocabulary)
    settings = fund_settings(fund)
    guard_sources(memo_sources(case, settings))
    _, cases, _ = load_fund(fund)
    context = memo_context(fund, case, ctx, application.findings, settings,
                           MemoInput(lang, request.date, request.draft, kind, tuple(cases)))
    markdown = _markdown(fund, f"decision_memo.{lang}.md.j2", context, lang)
    stem = f"{case.id}-{_MEMO_NAME[(lang, kind)]}" + (
        "-utkast" if request.draft and lang == "sv" else "-draft" if request.draft else "")
    outputs: list[Output] = []
    for fmt in pdf.wanted(request.formats):
        if fmt == "pdf":
            continue  # made from the Word paper, below
        if fmt == "md":
            outputs.append(Output(f"{stem}.md", markdown.encode("utf-8")))
        elif fmt == "docx":
            registry = case.case.get("registry_number")
            footer = " · ".join(str(part) for part in (
                case.title,
                ("Dnr " if lang == "sv" else "Ref. ") + registry if registry else None,
                ) if part)
            page = Page(context["municipality"], _MEMO_KIND[(lang, kind)],
                        footer, ("Sida", "av") if lang == "sv" else ("Page", "of"),
                        case.title, "sv-SE" if lang == "sv" else "en-GB",
                        DRAFT[lang] if request.draft else None, date=request.date)
            outputs.append(Output(f"{stem}.docx", render_docx(parse(markdown), page)))
        else:
            raise UserError(f"Beslutsunderlaget kan inte tas fram som {fmt} (välj docx, md, "
                            "pdf).", f"The decision memo cannot be produced as {fmt} (choose "
                            "docx, md, pdf).")
    return pdf.finish(outputs, request.formats)


def missing_findings(annex: Any) -> list[Finding]:
    return [make(m.case_id, "report-missing" if m.reason == "missing"
                 else "report-outcome-missing", "", period=m.report, due=m.due.isoformat())
            for m in [*annex.missing, *annex.fund.opening_missing]]


def annex(fund: Fund, kind: str, year: int, result: int | None, request: Request,
          progress: Callable[[int, int], None] | None = None,
          adjustments: Any = None, numbers: Any = None) -> tuple[list[Output], Any]:
    """``numbers``: the annex's number and the matter's registry number
    (:class:`socinv.reports.annex.AnnexNumbers`), shown in every page's header."""
    from socinv.reports.annex import (
        AnnexNumbers,
        annex_context,
        annex_sources,
        annex_workbook,
        repayment_text,
    )
    from socinv.reports.blocks import parse
    from socinv.reports.docx_render import Page
    from socinv.reports.ledger import build_annex

    lang = request.lang
    period = period_of(fund, kind)
    financing = fund.profile.financing
    if (result is not None or adjustments is not None) and not financing.equity_reserve:
        raise UserError(
            f"Regelprofilen {fund.profile.id} finansierar fonden med årliga medel i budgeten "
            "(financing.model: budget_allocation): det finns ingen reservering i eget kapital "
            "att justera för i balanskravsutredningen. Ta bort --result och "
            "balanskravsjusteringarna.",
            f"The rule profile {fund.profile.id} finances the fund with yearly budget money "
            "(financing.model: budget_allocation): there is no reservation in equity to adjust "
            "for in the balance-requirement reconciliation. Drop --result and the "
            "balance-requirement adjustments.", exit_code=1)
    settings, cases, ctx = load_fund(fund, progress)
    data = build_annex(settings, cases, year, period, period_of(fund, "annual"),
                       period.due(year), result, fund.profile.repayment, fund.profile.cadence,
                       financing, adjustments)
    guard_sources(annex_sources(data, cases, settings, FUND_FILE))
    municipality = str(settings.get("municipality") or fund.profile.municipality)
    title = ("Sociala investeringar – bilaga till " if lang == "sv"
             else "Social investments – annex to the ") + _period_phrase(period, year, lang)
    numbers = numbers or AnnexNumbers()
    cadence = fund.profile.cadence
    context = annex_context(data, lang, request.draft, request.date.isoformat(), municipality,
                            title, cadence, numbers)
    context["terms"] = fund.profile.vocabulary.for_template(lang)
    context["repayment"] = repayment_text(fund.profile.repayment, data, lang)
    context["has_interim"] = any(k.kind != "annual" for k in fund.profile.cadence.kinds)
    from socinv.reports import outturn

    outturn_rows = outturn.rows(data, cases, fund.profile, ctx)  # forecast against outturn
    context["outturn"] = outturn.context(outturn_rows, year, lang)
    own = "" if period.kind in ("interim", "annual") else f"{period.kind}-"  # 2027-tertial1-…
    stem = f"{year}-{own}{_ANNEX_NAME[(lang, 'interim' if kind != 'annual' else 'annual')]}" + (
        ("-utkast" if lang == "sv" else "-draft") if request.draft else "")
    markdown = _markdown(fund, f"annex.{lang}.md.j2", context, lang) \
        if {"md", "docx", "pdf"} & set(request.formats) else ""
    outputs: list[Output] = []
    for fmt in pdf.wanted(request.formats):
        if fmt == "md":
            outputs.append(Output(f"{stem}.md", markdown.encode("utf-8")))
        elif fmt == "docx":
            page = Page(municipality, numbers.kind(lang),
                        " · ".join(part for part in (
                            f"{'Dnr' if lang == 'sv' else 'Ref.'} {numbers.registry}"
                            if numbers.registry else "", title) if part),
                        ("Sida", "av") if lang == "sv" else ("Page", "of"), title,
                        "sv-SE" if lang == "sv" else "en-GB",
                        DRAFT[lang] if request.draft else None, landscape=True,
                        date=request.date)
            from socinv.reports.annex_chart import annex_docx

            outputs.append(Output(f"{stem}.docx", annex_docx(parse(markdown), page, data,
                                                             lang)))
        elif fmt == "xlsx":
            outputs.append(Output(f"{stem}.xlsx", annex_workbook(
                data, lang, DRAFT[lang] if request.draft else None, title, municipality,
                (context["repayment"] or {}).get("label"), outturn_rows, cadence, numbers)))
    return pdf.finish(outputs, request.formats), data


def _period_phrase(period: Period, year: int, lang: Lang) -> str:
    """"delårsrapport 2026 (delårsbokslut 2)": the period's label without its "(per …)"."""
    if period.kind == "annual":
        return f"årsredovisning {year}" if lang == "sv" else f"annual report {year}"
    label = pick(period.label, lang).split(" (")[0]
    label = label[:1].lower() + label[1:] if lang == "sv" or not label[:2].isupper() else label
    return f"delårsrapport {year} ({label})" if lang == "sv" else \
        f"interim report {year} ({label})"
