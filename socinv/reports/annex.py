"""The annex for the interim or annual accounts: template data and the workbook."""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Any

from socinv.i18n import Lang, pick
from socinv.profiles.repayment import Repayment
from socinv.reports.data import PRINTED_FUND, PRINTED_REPORT, CaseData, Source, case_sources
from socinv.reports.ledger import Annex
from socinv.reports.memo import plain
from socinv.reports.xlsx_render import Column, Formula, Sheet, Workbook, ref

TEXT: dict[str, dict[str, str]] = {
    "sv": {
        "cases": "Satsningar", "effects": "Effekter", "gains": "Vinster",
        "changes": "Förändringar", "missing": "Saknade rapporter", "fund": "Fonden",
        "reports": "Rapporter",
        "balance": "Balanskrav", "nr": "Nr", "title": "Satsning", "id": "Ärende-id",
        "granted": "Beviljat för året", "in": "Ombudgeterat från föregående år",
        "budget": "Budget för året", "outcome": "Utfall",
        "deviation": "Avvikelse (budget − utfall)",
        "remaining": "Kvar av årets budget", "out": "Ombudgeterat till nästa år",
        "total_outcome": "Utfall hittills, hela satsningen", "granted_total": "Beviljat totalt",
        "report": "Rapport", "comment": "Kommentar till avvikelse", "effect": "Effekt",
        "result": "Resultat", "measured": "Mätt", "human": "Mänskliga vinster",
        "economic": "Ekonomiska vinster", "event": "Händelse", "date": "Datum",
        "closing": "Utfall", "ref": "Beslut", "due": "Skulle ha lämnats", "reason": "Orsak",
        "item": "Post", "amount": "Belopp", "note": "Beslut / kommentar",
        "missing_value": "saknas", "not_reported": "Ej redovisat",
        "opening": "Ingående balans 1 januari {year}",
        "allocation": "Avsättning {year}", "no_allocation": "Ingen avsättning i fund.yaml",
        "used": "Ianspråktaget under året (utfall enligt årsrapporterna)",
        "used_interim": "Ianspråktaget 1 januari–{due} (utfall enligt delårsrapporterna)",
        "closing_balance": "Utgående balans 31 december {year}",
        "closing_interim": "Saldo per {due} {year}",
        "moved_in": "Ombudgeterat från föregående år till {year}",
        "moved_out": "Ombudgeterat från {year} till nästa år",
        "granted_year": "Beviljat för {year} (samtliga beviljade satsningar)",
        "unallocated": "Ej fördelat av årets avsättning",
        "incomplete": "Ofullständigt: {n} rapport(er) saknas, se bladet Saknade rapporter.",
        "opening_incomplete": "Ofullständig: årsrapporter från tidigare år saknas ({items}).",
        "year_result": "Årets resultat",
        "balance_result": "Balanskravsresultat",
        "balance_note": "Övriga balanskravsjusteringar (t.ex. realisationsvinster) ingår inte.",
        "adjustment": "Justering: ianspråktagna medel för sociala investeringar",
        "excluding": "Balanskravsresultat exklusive sociala investeringar",
        "chart": "Budget och utfall per satsning {year}",
        "started": "Påbörjad", "closed": "Avslutad", "aborted": "Avbruten",
        "missing_reason": "Rapporten saknas", "no-outcome": "Utfall saknas i rapporten",
        "committee": "Nämnd", "realised": "Realiserade besparingar", "to_return": "Att återföra",
        "implemented": "implementeras", "partly_implemented": "implementeras delvis",
        "not_implemented": "implementeras inte", "withdrawn": "återkallad",
        "rejected": "avslagen",
    },
    "en": {
        "cases": "Investments", "effects": "Effects", "gains": "Gains",
        "changes": "Changes", "missing": "Missing reports", "fund": "Fund",
        "reports": "Reports",
        "balance": "Balance requirement", "nr": "No.", "title": "Investment", "id": "Case id",
        "granted": "Granted for the year", "in": "Re-budgeted from previous year",
        "budget": "Budget for the year", "outcome": "Outcome",
        "deviation": "Deviation (budget − outcome)", "remaining": "Remaining of the year's budget",
        "out": "Re-budgeted to next year", "total_outcome": "Outcome to date, whole investment",
        "granted_total": "Granted in total", "report": "Report",
        "comment": "Comment on deviation", "effect": "Effect", "result": "Result",
        "measured": "Measured", "human": "Human gains", "economic": "Economic gains",
        "event": "Event", "date": "Date", "closing": "Outcome", "ref": "Decision",
        "due": "Due", "reason": "Reason", "item": "Item", "amount": "Amount",
        "note": "Decision / comment", "missing_value": "missing", "not_reported": "Not reported",
        "opening": "Opening balance 1 January {year}", "allocation": "Allocation {year}",
        "no_allocation": "No allocation in fund.yaml",
        "used": "Used during the year (outcome in the annual reports)",
        "used_interim": "Used 1 January–{due} (outcome in the interim reports)",
        "closing_balance": "Closing balance 31 December {year}",
        "closing_interim": "Balance as of {due} {year}",
        "moved_in": "Re-budgeted from the previous year to {year}",
        "moved_out": "Re-budgeted from {year} to the next year",
        "granted_year": "Granted for {year} (all granted investments)",
        "unallocated": "Not allocated of the year's allocation",
        "incomplete": "Incomplete: {n} report(s) missing, see the sheet Missing reports.",
        "opening_incomplete": "Incomplete: annual reports of earlier years missing ({items}).",
        "year_result": "Result for the year", "balance_result": "Balance-requirement result",
        "balance_note": "Other balance-requirement adjustments (e.g. capital gains) are not "
                        "included.",
        "adjustment": "Adjustment: reserved funds used for social investments",
        "excluding": "Balance-requirement result excluding social investments",
        "chart": "Budget and outcome per investment {year}",
        "started": "Started", "closed": "Closed", "aborted": "Aborted",
        "missing_reason": "The report is missing", "no-outcome": "No outcome in the report",
        "committee": "Committee", "realised": "Realised savings", "to_return": "To be returned",
        "implemented": "implemented", "partly_implemented": "partly implemented",
        "not_implemented": "not implemented", "withdrawn": "withdrawn", "rejected": "rejected",
    },
}
_MONTHS_SV = ("januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
              "september", "oktober", "november", "december")
_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August",
              "September", "October", "November", "December")


def due_text(annex: Annex, lang: Lang) -> str:
    month = (_MONTHS_EN if lang == "en" else _MONTHS_SV)[annex.period.month - 1]
    return f"{annex.period.day} {month}"


def short(case_id: str) -> str:
    return "-".join(case_id.split("-")[:2])


def annex_context(annex: Annex, lang: Lang, draft: bool, date: str, municipality: str,
                  title: str) -> dict[str, Any]:
    text = TEXT[lang]
    data = plain(asdict(annex))
    for row in data["cases"]:
        row["nr"] = short(row["id"])
    for item in data["changes"]:
        item["nr"] = short(item["case_id"])
        item["event_label"] = text[item["event"]]
        item["outcome_label"] = text.get(item["outcome"], item["outcome"])
    for item in data["moves"] + (data["repayments"] or []):
        item["nr"] = short(item["case_id"])
    for item in data["missing"] + data["fund"]["opening_missing"]:
        item["nr"] = short(item["case_id"])
        item["reason_label"] = text["missing_reason" if item["reason"] == "missing"
                                    else item["reason"]]
    data.update(lang=lang, draft=draft, date=date, municipality=municipality, title=title,
                kind=annex.period.kind, interim=annex.period.kind != "annual",
                period_label=pick(annex.period.label, lang), due=due_text(annex, lang),
                complete=annex.complete)
    return data


def repayment_text(repayment: Repayment | None, annex: Annex, lang: Lang
                   ) -> dict[str, Any] | None:
    """The repayment section's words and sums (None: the profile has no repayment)."""
    if repayment is None:
        return None
    share = f"{repayment.share_percent.normalize():f}"
    share = (share.replace(".", ",") + "\u00a0%") if lang == "sv" else share + " %"
    counted = {"sv": {"start": "projektets första år", "end": "projektets sista år"},
               "en": {"start": "the project's first year", "end": "the project's last year"}}
    base = counted[lang][repayment.counted_from]
    if lang == "sv":
        window = f"från {repayment.offset_years} år efter {base}" if repayment.offset_years \
            else f"från {base}"
        if repayment.years:
            window += f", i {repayment.years} år"
    else:
        window = f"from {repayment.offset_years} year(s) after {base}" \
            if repayment.offset_years else f"from {base}"
        if repayment.years:
            window += f", for {repayment.years} year(s)"
    rows = annex.repayments or []
    return {"label": pick(repayment.label, lang), "share": share, "window": window,
            "savings": sum(row.savings for row in rows), "due": sum(row.due for row in rows)}


def annex_sources(annex: Annex, cases: list[CaseData], settings: dict[str, Any],
                  fund_file: str) -> list[Source]:
    shown = {row.id for row in annex.cases} | {c.case_id for c in annex.changes} | {
        m.case_id for m in annex.missing}
    sources = [Source(fund_file, settings, PRINTED_FUND)]
    reports_of: dict[str, list[str]] = {}  # case id → its rows' reports, in the rows' order
    for row in annex.cases:
        reports_of.setdefault(row.id, []).append(row.report)
    for case in cases:
        if case.id not in shown:
            continue
        sources += case_sources(case)
        for key in reports_of.get(case.id, []):
            report = case.reports.get(key)
            if report is not None and report.model:
                sources.append(Source(report.file, report.model, PRINTED_REPORT))
    return sources


def annex_workbook(annex: Annex, lang: Lang, draft: str | None, title: str,
                   municipality: str, repayment_label: str | None = None) -> bytes:
    t = TEXT[lang]
    interim = annex.period.kind != "annual"
    book = Workbook(lang, f"{municipality} – {title}", f"{municipality} – {title}", draft)
    amount = "amount"
    columns = [Column(t["nr"], width=10), Column(t["title"], "wrap", 30)] + [
        Column(t[key], amount) for key in ("granted", "in", "budget", "outcome")] + [
        Column(t["remaining" if interim else "deviation"], amount), Column(t["out"], amount),
        Column(t["total_outcome"], amount), Column(t["granted_total"], amount),
        Column(t["report"], width=14)]
    first = 4
    rows: list[list[Any]] = []
    for index, row in enumerate(annex.cases):
        r = first + index
        rows.append([
            short(row.id), row.title, row.granted, row.rebudgeted_in,
            Formula(f"=C{r}+D{r}"), row.outcome if row.outcome is not None
            else t["missing_value"],
            Formula(f'=IF(ISNUMBER(F{r}),E{r}-F{r},"{t["missing_value"]}")'),
            row.rebudgeted_out, row.total_outcome, row.granted_total,
            row.report if row.report_file else f"{row.report} ({t['missing_value']})"])
    note = t["incomplete"].format(n=len(annex.missing)) if annex.missing else ""
    cases_title = f"{t['cases']} {annex.year} – {pick(annex.period.label, lang)}"
    sum_row = book.add(Sheet(t["cases"], cases_title, columns, rows, sum_row=True, note=note))
    if rows:
        book.chart(t["cases"], t["chart"].format(year=annex.year), first, first + len(rows) - 1,
                   1, (5, 6), f"B{sum_row + 4}")
    book.add(Sheet(t["reports"], f"{t['reports']} {annex.year}",
                   [Column(t["nr"], width=10), Column(t["id"], width=46),
                    Column(t["report"], width=14), Column(t["comment"], "wrap", 70)],
                   [[short(row.id), row.id, row.report if row.report_file
                     else f"{row.report} ({t['missing_value']})", row.comment]
                    for row in annex.cases]))
    book.add(Sheet(t["effects"], f"{t['effects']} {annex.year}",
                   [Column(t["nr"], width=10), Column(t["title"], "wrap", 30),
                    Column(t["effect"], "wrap", 40), Column(t["result"], "wrap", 60),
                    Column(t["measured"], width=12)],
                   [[short(row.id), row.title, e.get("effect") or "", e.get("result") or "",
                     plain(e.get("measured_at")) or ""]
                    for row in annex.cases for e in row.effects]))
    book.add(Sheet(t["gains"], f"{t['gains']} {annex.year}",
                   [Column(t["nr"], width=10), Column(t["title"], "wrap", 30),
                    Column(t["human"], "wrap", 60), Column(t["economic"], "wrap", 60)],
                   [[short(row.id), row.title, row.human_gains or t["not_reported"],
                     row.economic_gains or t["not_reported"]] for row in annex.cases]))
    book.add(Sheet(t["changes"], f"{t['changes']} {annex.year}",
                   [Column(t["nr"], width=10), Column(t["title"], "wrap", 36),
                    Column(t["event"], width=12), Column(t["date"], width=12),
                    Column(t["closing"], width=22), Column(t["ref"], width=14)],
                   [[short(c.case_id), c.title, t[c.event], plain(c.date) or "",
                     t.get(c.outcome, c.outcome), c.ref] for c in annex.changes]))
    book.add(Sheet(t["missing"], f"{t['missing']} {annex.year}",
                   [Column(t["nr"], width=10), Column(t["title"], "wrap", 36),
                    Column(t["report"], width=16), Column(t["due"], width=16),
                    Column(t["reason"], width=28)],
                   [[short(m.case_id), m.title, m.report, m.due.isoformat(),
                     t["missing_reason" if m.reason == "missing" else m.reason]]
                    for m in annex.missing]))
    if annex.repayments is not None:
        label = (repayment_label or "Återföring" if lang == "sv" else
                 repayment_label or "Repayment")
        book.add(Sheet(re.sub(r"[\[\]:*?/\\]", "-", label)[:31], f"{label} {annex.year}",
                       [Column(t["nr"], width=10), Column(t["title"], "wrap", 36),
                        Column(t["committee"], "wrap", 30),
                        Column(f"{t['realised']} {annex.year}", "amount", 22),
                        Column(t["to_return"], "amount", 18)],
                       [[short(r.case_id), r.title, r.committee, r.savings, r.due]
                        for r in annex.repayments], sum_row=True))
    used_row = _fund_sheet(book, annex, lang, sum_row)
    if annex.reconciliation is not None:
        book.add(Sheet(t["balance"], f"{t['balance']} {annex.year}",
                       [Column(t["item"], width=58), Column(t["amount"], amount, 18),
                        Column(t["note"], "wrap", 60)],
                       [[t["year_result"], annex.reconciliation.result, ""],
                        [t["balance_result"], Formula("=B4"), t["balance_note"]],
                        [t["adjustment"], Formula("=" + ref(t["fund"], f"B{used_row}")), ""],
                        [t["excluding"], Formula("=B5+B6"), ""]], bold_rows=frozenset({3})))
    return book.save()


def _fund_sheet(book: Workbook, annex: Annex, lang: Lang, sum_row: int) -> int:
    """The reserve's sheet; returns the row of "used during the year"."""
    t = TEXT[lang]
    fund, year = annex.fund, annex.year
    interim = annex.period.kind != "annual"
    opening_note = t["opening_incomplete"].format(items=", ".join(
        f"{short(m.case_id)} {m.report}" for m in fund.opening_missing)) \
        if fund.opening_missing else ""
    rows: list[list[Any]] = [[t["opening"].format(year=year), fund.opening, opening_note]]
    for allocation in fund.allocations:
        rows.append([t["allocation"].format(year=year), allocation.amount, allocation.ref])
    if not fund.allocations:
        rows.append([t["allocation"].format(year=year), 0, t["no_allocation"]])
    last_allocation = 4 + len(rows) - 1
    used_row = 4 + len(rows)
    used_label = t["used_interim"].format(due=due_text(annex, lang)) if interim else t["used"]
    cases_sheet = t["cases"]
    rows.append([used_label, Formula("=" + ref(cases_sheet, f"F{sum_row}")),
                 t["incomplete"].format(n=len(annex.missing)) if annex.missing else ""])
    closing = t["closing_interim"].format(due=due_text(annex, lang), year=year) if interim \
        else t["closing_balance"].format(year=year)
    rows.append([closing, Formula(f"=B4+SUM(B5:B{last_allocation})-B{used_row}"), ""])
    rows.append(["", None, ""])
    moves_in = "; ".join(f"{short(m.case_id)} {m.ref}" for m in annex.moves if m.to_year == year)
    moves_out = "; ".join(f"{short(m.case_id)} {m.ref}" for m in annex.moves
                          if m.from_year == year)
    granted_row = used_row + 5
    rows.append([t["moved_in"].format(year=year), fund.rebudgeted_in, moves_in])
    rows.append([t["moved_out"].format(year=year), fund.rebudgeted_out, moves_out])
    rows.append([t["granted_year"].format(year=year), fund.granted_for_year, ""])
    rows.append([t["unallocated"], Formula(
        f"=SUM(B5:B{last_allocation})-B{granted_row}-B{used_row + 3}"), ""])
    book.add(Sheet(t["fund"], f"{t['fund']} {year} – {pick(annex.period.label, lang)}",
                   [Column(t["item"], width=62), Column(t["amount"], "amount", 18),
                    Column(t["note"], "wrap", 60)], rows,
                   bold_rows=frozenset({used_row - 4 + 1})))
    return used_row
