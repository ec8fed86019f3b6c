"""The annex for the interim or annual accounts: template data and the workbook."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from typing import Any

from socinv.i18n import Lang, kronor, pick
from socinv.profiles.cadence import Cadence
from socinv.profiles.repayment import Repayment
from socinv.reports.data import (
    PRINTED_FUND,
    PRINTED_REPORT,
    PRINTED_TARGETS,
    CaseData,
    Source,
    case_sources,
)
from socinv.reports.ledger import Annex
from socinv.reports.memo import plain
from socinv.reports.targets import EffectTarget
from socinv.reports.xlsx_render import Column, Formula, Sheet, Workbook, ref

TEXT: dict[str, dict[str, Any]] = {
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
        "closing": "Ärendets utgång", "ref": "Beslut", "due": "Skulle ha lämnats",
        "reason": "Orsak",
        "item": "Post", "amount": "Belopp", "note": "Beslut / kommentar",
        "missing_value": "saknas", "not_reported": "Ej redovisat",
        "opening": "Ingående balans 1 januari {year}",
        "no_allocation": "Inget belopp för året i fund.yaml (allocations)",
        "used": "Ianspråktaget under året (utfall enligt årsrapporterna)",
        "used_interim": "Ianspråktaget 1 januari–{due} (utfall enligt delårsrapporterna)",
        "closing_balance": "Utgående balans 31 december {year}",
        "closing_interim": "Saldo per {due} {year}",
        "moved_in": "Ombudgeterat från föregående år till {year}",
        "moved_out": "Ombudgeterat från {year} till nästa år",
        "granted_year": "Beviljat för {year} (samtliga beviljade satsningar)",
        "unallocated": "Ej fördelat (budget − beviljat − ombudgeterat)",
        "incomplete": "Ofullständigt: {n} rapport(er) saknas, se bladet Saknade rapporter.",
        "opening_incomplete": "Ofullständig: årsrapporter från tidigare år saknas ({items}).",
        "year_result": "Årets resultat enligt resultaträkningen",
        "gains_line": "− Samtliga realisationsvinster",
        "losses_line": "+ Realisationsförluster enligt undantagsmöjlighet",
        "securities_line": "+/− Orealiserade förluster och vinster i värdepapper",
        "after_line": "Årets resultat efter balanskravsjusteringar",
        "rur_reserved_line": "− Medel till resultatutjämningsreserv",
        "rur_used_line": "+ Medel från resultatutjämningsreserv",
        "other_line": "+/− Övriga justeringar",
        "balance_result": "Årets balanskravsresultat",
        "adjustment": "+ Ianspråktagna reserverade medel för sociala investeringar",
        "excluding": "Balanskravsresultat exklusive sociala investeringar",
        "chart": "Budget och utfall per satsning {year}",
        "started": "Påbörjad", "closed": "Avslutad", "aborted": "Avbruten",
        "missing_reason": "Rapporten saknas", "no-outcome": "Utfall saknas i rapporten",
        "committee": "Nämnd", "owner": "Projektägare", "realised": "Realiserade besparingar",
        "to_return": "Att återföra",
        "implemented": "implementeras", "partly_implemented": "implementeras delvis",
        "not_implemented": "implementeras inte", "withdrawn": "återkallad",
        "rejected": "avslagen",
        "reserve_head": "Reserverade medel inom det egna kapitalet",
        "change_up": "Utökad reservering enligt beslut", "change_down": "Upplöst reservering "
        "enligt beslut",
        "budget_head": {"equity_reserve": "Årets reserv (anslag) under finansförvaltningen",
                        "budget_allocation": "Budgeterade medel för sociala investeringar"},
        "budget_label": {"equity_reserve": "Reserv (anslag)",
                         "budget_allocation": "Budgeterade medel"},
        "used_budget": "Ianspråktaget (utfall enligt rapporterna)", "unused": "Outnyttjat",
        "lapsed": {"equity_reserve": "Outnyttjat som återgår till årets resultat",
                   "budget_allocation": "Outnyttjat som förfaller"},
        "forecast": "Prognos helår", "forecast_deviation": "Prognosavvikelse (budget − prognos)",
        "outcome_to": "Utfall t.o.m. {due}",
        "compensation": "Budgetkompensation", "earlier": "Redan kompenserat",
        "to_compensate": "Att kompensera", "commitments": "Åtaganden",
        "year": "År", "granted_decided": "Beviljat enligt beslut",
        "moved_to_year": "Ombudgeterat till året", "allocated_decided": "{label} enligt beslut",
        "not_decided": "inget beslut", "count": "Satsningar", "closed_sheet": "Avslutade",
        "used_total": "Använt totalt", "unused_total": "Outnyttjat",
        "frame": "Föreslagen ramjustering", "per_year_from": "{committee}: {amount} per år{frm}",
        "from": " från {year}", "none": "Ingen", "applied_total": "Ansökt totalt",
        "annex": "Bilaga", "registry": "Dnr", "empty": "Inga",
        "empty_missing": "Inga – alla rapporter för perioden har kommit in.",
        "goal": "Mål eller förväntad effekt (ansökan)", "target": "Målnivå eller mått (ansökan)",
        "reported": "Resultat enligt rapporten", "not_in_report": "Inte redovisat i rapporten",
        "not_in_application": "Inget motsvarande mål i ansökan", "expected": "Förväntas {when}.",
        "baseline": "Utgångsläge: {baseline}", "met": "Målet nått: {answer}.", "yes": "ja",
        "no": "nej",
        "outcome_year": "Utfall {year}", "chart_label": "Namn i diagrammet",
        "no_cases": "Inga satsningar hade beviljade medel för {year}.",
        "no_comment": "–", "effects_title": "mål enligt ansökan och resultat enligt rapporterna",
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
        "event": "Event", "date": "Date", "closing": "Closing outcome", "ref": "Decision",
        "due": "Due", "reason": "Reason", "item": "Item", "amount": "Amount",
        "note": "Decision / comment", "missing_value": "missing", "not_reported": "Not reported",
        "opening": "Opening balance 1 January {year}",
        "no_allocation": "No amount for the year in fund.yaml (allocations)",
        "used": "Used during the year (outcome in the annual reports)",
        "used_interim": "Used 1 January–{due} (outcome in the interim reports)",
        "closing_balance": "Closing balance 31 December {year}",
        "closing_interim": "Balance as of {due} {year}",
        "moved_in": "Re-budgeted from the previous year to {year}",
        "moved_out": "Re-budgeted from {year} to the next year",
        "granted_year": "Granted for {year} (all granted investments)",
        "unallocated": "Not allocated (budget − granted − re-budgeted)",
        "incomplete": "Incomplete: {n} report(s) missing, see the sheet Missing reports.",
        "opening_incomplete": "Incomplete: annual reports of earlier years missing ({items}).",
        "year_result": "Result for the year (income statement)",
        "gains_line": "− All realisation gains",
        "losses_line": "+ Realisation losses under the exemption",
        "securities_line": "+/− Unrealised losses and gains on securities",
        "after_line": "Result after balance-requirement adjustments",
        "rur_reserved_line": "− Transferred to the revenue equalisation reserve",
        "rur_used_line": "+ Used from the revenue equalisation reserve",
        "other_line": "+/− Other adjustments",
        "balance_result": "Balance-requirement result",
        "adjustment": "+ Reserved funds used for social investments",
        "excluding": "Balance-requirement result excluding social investments",
        "chart": "Budget and outcome per investment {year}",
        "started": "Started", "closed": "Closed", "aborted": "Aborted",
        "missing_reason": "The report is missing", "no-outcome": "No outcome in the report",
        "committee": "Committee", "owner": "Project owner", "realised": "Realised savings",
        "to_return": "To be returned",
        "implemented": "implemented", "partly_implemented": "partly implemented",
        "not_implemented": "not implemented", "withdrawn": "withdrawn", "rejected": "rejected",
        "reserve_head": "Funds reserved within equity",
        "change_up": "Reservation increased by decision",
        "change_down": "Reservation released by decision",
        "budget_head": {"equity_reserve": "The year's budget reserve under financial "
                                          "administration",
                        "budget_allocation": "Budgeted funds for social investments"},
        "budget_label": {"equity_reserve": "Budget reserve",
                         "budget_allocation": "Budgeted funds"},
        "used_budget": "Used (outcome in the reports)", "unused": "Unused",
        "lapsed": {"equity_reserve": "Unused, returned to the year's result",
                   "budget_allocation": "Unused, lapses"},
        "forecast": "Forecast, whole year",
        "forecast_deviation": "Forecast deviation (budget − forecast)",
        "outcome_to": "Outcome to {due}",
        "compensation": "Budget compensation", "earlier": "Already compensated",
        "to_compensate": "To compensate", "commitments": "Commitments",
        "year": "Year", "granted_decided": "Granted by decision",
        "moved_to_year": "Re-budgeted to the year", "allocated_decided": "{label} by decision",
        "not_decided": "not decided", "count": "Investments", "closed_sheet": "Closed",
        "used_total": "Used in total", "unused_total": "Unused",
        "frame": "Proposed budget-frame adjustment",
        "per_year_from": "{committee}: {amount} a year{frm}", "from": " from {year}",
        "none": "None", "applied_total": "Applied for in total",
        "annex": "Annex", "registry": "Ref.", "empty": "None",
        "empty_missing": "None – every report for the period has come in.",
        "goal": "Goal or expected effect (application)",
        "target": "Target or measure (application)",
        "reported": "Result in the report", "not_in_report": "Not reported in the report",
        "not_in_application": "No matching goal in the application",
        "expected": "Expected: {when}.", "baseline": "Baseline: {baseline}",
        "met": "Target met: {answer}.", "yes": "yes", "no": "no",
        "outcome_year": "Outcome {year}", "chart_label": "Name in the chart",
        "no_cases": "No investment had funds granted for {year}.",
        "no_comment": "–", "effects_title": "targets in the application and results reported",
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


def period_name(label: str, year: int) -> str:
    """A period's label with its year: "Delårsbokslut 2 (per 31 augusti)" and 2026 →
    "Delårsbokslut 2 per 31 augusti 2026"; "Årsredovisning" → "Årsredovisning 2026"."""
    found = re.fullmatch(r"(.*?)\s*\((.*)\)\s*", label)
    return f"{found.group(1)} {found.group(2)} {year}" if found else f"{label} {year}"


def report_name(key: str, cadence: Cadence, lang: Lang) -> str:
    """A report's period key ("2025-annual") as people say it, from the profile's labels."""
    year, _, kind = key.partition("-")
    period = cadence.annual() if kind == "annual" else cadence.get(kind)
    if period is None or not year.isdigit():
        return key
    return period_name(pick(period.label, lang), int(year))


@dataclass(frozen=True)
class AnnexNumbers:
    """What the board's papers call the annex: its number among the meeting's papers and
    the matter's registry number (diarienummer), e.g. "Bilaga 3" to "KS 2026/123"."""

    annex: str | None = None
    registry: str | None = None

    def kind(self, lang: Lang) -> str:
        """The page header's words: "Bilaga 3 · Dnr KS 2026/123"."""
        t = TEXT[lang]
        parts = [f"{t['annex']} {self.annex}" if self.annex else t["annex"]]
        if self.registry:
            parts.append(f"{t['registry']} {self.registry}")
        return " · ".join(parts)


def short_title(case_id: str, title: str, limit: int = 40) -> str:
    """A chart category: the case number and its title, cut at a word to ``limit``."""
    words: list[str] = []
    for word in title.split():
        if len(" ".join([*words, word])) > limit:
            while len(words) > 1 and (len(words[-1]) <= 3 or words[-1] in "–-,"):
                words.pop()  # "… skolstöd för" → "… skolstöd…": end on a word that says something
            kept = (" ".join(words).rstrip(" –-,") if words else word[:limit - 1]) + "…"
            return f"{short(case_id)} {kept}"
        words.append(word)
    return f"{short(case_id)} {' '.join(words)}".strip()


def annex_context(annex: Annex, lang: Lang, draft: bool, date: str, municipality: str,
                  title: str, cadence: Cadence | None = None,
                  numbers: AnnexNumbers | None = None) -> dict[str, Any]:
    text = TEXT[lang]
    cadence = cadence or Cadence((annex.period,))
    numbers = numbers or AnnexNumbers()
    data = plain(asdict(annex))
    for row in data["cases"]:
        row["nr"] = short(row["id"])
        row["report_label"] = report_name(row["report"], cadence, lang)
    for item in data["changes"]:
        item["nr"] = short(item["case_id"])
        item["event_label"] = text[item["event"]]
        item["outcome_label"] = text.get(item["outcome"], item["outcome"])
    for item in data["moves"] + (data["repayments"] or []) + data["compensation"] + \
            data["closed"]:
        item["nr"] = short(item["case_id"])
    for item in data["closed"]:
        item["outcome_label"] = text.get(item["outcome"], item["outcome"])
    data["compensation_sums"] = {key: sum(c[key] for c in data["compensation"])
                                 for key in ("outcome", "earlier", "amount")}
    data["budget_label"] = text["budget_label"][annex.fund.model]
    for item in data["missing"] + data["fund"]["opening_missing"]:
        item["nr"] = short(item["case_id"])
        item["reason_label"] = text["missing_reason" if item["reason"] == "missing"
                                    else item["reason"]]
        item["report_label"] = report_name(item["report"], cadence, lang)
    data.update(annex_number=numbers.annex, registry_number=numbers.registry,
                report_name=period_name(pick(annex.period.label, lang), annex.year),
                lang=lang, draft=draft, date=date, municipality=municipality, title=title,
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
    targeted = {row.id for row in annex.cases if row.targets}
    sources = [Source(fund_file, settings, PRINTED_FUND)]
    reports_of: dict[str, list[str]] = {}  # case id → its rows' reports, in the rows' order
    for row in annex.cases:
        reports_of.setdefault(row.id, []).append(row.report)
    for case in cases:
        if case.id not in shown:
            continue
        sources += case_sources(case)
        application = case.documents.get("application")
        if case.id in targeted and application is not None and application.model:
            sources.append(Source(application.file, application.model, PRINTED_TARGETS))
        for key in reports_of.get(case.id, []):
            report = case.reports.get(key)
            if report is not None and report.model:
                sources.append(Source(report.file, report.model, PRINTED_REPORT))
    return sources


def _missing_or(value: int | None, t: dict[str, Any]) -> int | str:
    return value if value is not None else t["missing_value"]


def annex_workbook(annex: Annex, lang: Lang, draft: str | None, title: str,
                   municipality: str, repayment_label: str | None = None,
                   outturn: list[Any] | None = None,
                   cadence: Cadence | None = None, numbers: AnnexNumbers | None = None
                   ) -> bytes:
    """The annex as a workbook; every formula carries the value socinv computed."""
    t = TEXT[lang]
    interim = annex.period.kind != "annual"
    cadence = cadence or Cadence((annex.period,))
    numbers = numbers or AnnexNumbers()
    book = Workbook(lang, f"{municipality} – {title}", f"{municipality} – {title}", draft,
                    numbers.kind(lang) if numbers.annex or numbers.registry else None)

    def report_of(row: Any) -> str:
        name = report_name(row.report, cadence, lang)
        return name if row.report_file else f"{name} ({missing})"

    amount = "amount"
    due = due_text(annex, lang)
    missing = t["missing_value"]
    if interim:
        columns = [Column(t["nr"], width=10), Column(t["title"], "wrap", 30)] + [
            Column(t[key], amount) for key in ("granted", "in", "budget")] + [
            Column(t["outcome_to"].format(due=due), amount), Column(t["remaining"], amount),
            Column(t["forecast"], amount), Column(t["forecast_deviation"], amount),
            Column(t["total_outcome"], amount), Column(t["granted_total"], amount),
            Column(t["report"], "wrap", 24), Column(t["chart_label"], "wrap", 30)]
    else:
        columns = [Column(t["nr"], width=10), Column(t["title"], "wrap", 30)] + [
            Column(t[key], amount) for key in ("granted", "in", "budget")] + [
            Column(t["outcome_year"].format(year=annex.year), amount),
            Column(t["deviation"], amount), Column(t["out"], amount),
            Column(t["total_outcome"], amount), Column(t["granted_total"], amount),
            Column(t["report"], "wrap", 24), Column(t["chart_label"], "wrap", 30)]
    first = 4
    rows: list[list[Any]] = []
    for index, row in enumerate(annex.cases):
        r = first + index
        report = report_of(row)
        label = short_title(row.id, row.title)
        budget = Formula(f"=C{r}+D{r}", row.budget)
        outcome = _missing_or(row.outcome, t)
        if interim:
            rows.append([
                short(row.id), row.title, row.granted, row.rebudgeted_in, budget, outcome,
                Formula(f'=IF(ISNUMBER(F{r}),E{r}-F{r},"{missing}")',
                        _missing_or(row.remaining, t)),
                _missing_or(row.forecast, t),
                Formula(f'=IF(ISNUMBER(H{r}),E{r}-H{r},"{missing}")',
                        _missing_or(row.deviation, t)),
                row.total_outcome, row.granted_total, report, label])
        else:
            rows.append([
                short(row.id), row.title, row.granted, row.rebudgeted_in, budget, outcome,
                Formula(f'=IF(ISNUMBER(F{r}),E{r}-F{r},"{missing}")',
                        _missing_or(row.deviation, t)),
                row.rebudgeted_out, row.total_outcome, row.granted_total, report, label])
    note = t["incomplete"].format(n=len(annex.missing)) if annex.missing else ""
    period = period_name(pick(annex.period.label, lang), annex.year)
    cases_title = f"{t['cases']} – {period}"
    sum_row = book.add(Sheet(t["cases"], cases_title, columns, rows, sum_row=True, note=note,
                             empty=t["no_cases"].format(year=annex.year)))
    if rows:
        book.chart(t["cases"], t["chart"].format(year=annex.year), first, first + len(rows) - 1,
                   len(columns), (5, 6), f"B{sum_row + 4}")
    book.add(Sheet(t["reports"], f"{t['reports']} {annex.year}",
                   [Column(t["nr"], width=10), Column(t["id"]),
                    Column(t["report"], "wrap", 24), Column(t["comment"], "wrap", 70)],
                   [[short(row.id), row.id, report_of(row), row.comment or t["no_comment"]]
                    for row in annex.cases], empty=t["empty"]))
    book.add(Sheet(t["effects"], f"{t['effects']} {annex.year} – {t['effects_title']}",
                   [Column(t["nr"], width=10), Column(t["title"], "wrap", 30),
                    Column(t["goal"], "wrap", 40), Column(t["target"], "wrap", 40),
                    Column(t["reported"], "wrap", 50), Column(t["measured"], width=12)],
                   [[short(row.id), row.title, e.goal, _target_text(e, t),
                     _result_text(e, t), e.measured_at or ""]
                    for row in annex.cases for e in row.targets], empty=t["empty"]))
    book.add(Sheet(t["gains"], f"{t['gains']} {annex.year}",
                   [Column(t["nr"], width=10), Column(t["title"], "wrap", 30),
                    Column(t["human"], "wrap", 60), Column(t["economic"], "wrap", 60)],
                   [[short(row.id), row.title, row.human_gains or t["not_reported"],
                     row.economic_gains or t["not_reported"]] for row in annex.cases],
                   empty=t["empty"]))
    period_word = t["outcome_to"].format(due=due) if interim else f"{t['outcome']} {annex.year}"
    book.add(Sheet(t["compensation"], f"{t['compensation']} – {period}",
                   [Column(t["nr"], width=10), Column(t["title"], "wrap", 30),
                    Column(t["owner"], "wrap", 30), Column(period_word, amount, 18),
                    Column(t["earlier"], amount, 18), Column(t["to_compensate"], amount, 18)],
                   [[short(c.case_id), c.title, c.committee or "–", c.outcome, c.earlier,
                     Formula(f"=D{first + i}-E{first + i}", c.amount)]
                    for i, c in enumerate(annex.compensation)], sum_row=True,
                   empty=t["empty"]))
    if not interim:
        label = t["budget_label"][annex.fund.model]
        book.add(Sheet(t["commitments"], f"{t['commitments']} {annex.year + 1}–",
                       [Column(t["year"], width=8), Column(t["granted_decided"], amount, 18),
                        Column(t["moved_to_year"], amount, 18),
                        Column(t["allocated_decided"].format(label=label), amount, 18),
                        Column(t["unallocated"], amount, 22), Column(t["count"], width=12)],
                       [[str(c.year), c.granted, c.rebudgeted_in,
                         c.allocated if c.allocated is not None else t["not_decided"],
                         Formula(f"=D{first + i}-B{first + i}-C{first + i}", c.remaining)
                         if c.remaining is not None else "–", str(c.cases)]
                        for i, c in enumerate(annex.commitments)], empty=t["empty"]))
    if annex.closed:
        book.add(Sheet(t["closed_sheet"], f"{t['closed_sheet']} {annex.year}",
                       [Column(t["nr"], width=10), Column(t["title"], "wrap", 30),
                        Column(t["closing"], width=22), Column(t["granted_total"], amount, 16),
                        Column(t["used_total"], amount, 16),
                        Column(t["unused_total"], amount, 16), Column(t["frame"], "wrap", 40)],
                       [[short(c.case_id), c.title, t.get(c.outcome, c.outcome), c.granted,
                         _missing_or(c.used, t),
                         Formula(f'=IF(ISNUMBER(E{first + i}),D{first + i}-E{first + i},'
                                 f'"–")', c.unused if c.unused is not None else "–"),
                         _frame_text(c, lang)]
                        for i, c in enumerate(annex.closed)]))
    book.add(Sheet(t["changes"], f"{t['changes']} {annex.year}",
                   [Column(t["nr"], width=10), Column(t["title"], "wrap", 36),
                    Column(t["event"], width=12), Column(t["date"], width=12),
                    Column(t["closing"], "wrap", 22), Column(t["ref"], width=14)],
                   [[short(c.case_id), c.title, t[c.event], plain(c.date) or "",
                     t.get(c.outcome, c.outcome) if c.outcome else "–", c.ref]
                    for c in annex.changes], empty=t["empty"]))
    book.add(Sheet(t["missing"], f"{t['missing']} {annex.year}",
                   [Column(t["nr"], width=10), Column(t["title"], "wrap", 36),
                    Column(t["report"], "wrap", 24), Column(t["due"], width=16),
                    Column(t["reason"], width=28)],
                   [[short(m.case_id), m.title, report_name(m.report, cadence, lang),
                     m.due.isoformat(), t["missing_reason" if m.reason == "missing"
                                         else m.reason]]
                    for m in annex.missing], empty=t["empty_missing"]))
    if annex.repayments is not None:
        label = (repayment_label or "Återföring" if lang == "sv" else
                 repayment_label or "Repayment")
        book.add(Sheet(re.sub(r"[\[\]:*?/\\]", "-", label)[:31], f"{label} {annex.year}",
                       [Column(t["nr"], width=10), Column(t["title"], "wrap", 36),
                        Column(t["committee"], "wrap", 30),
                        Column(f"{t['realised']} {annex.year}", "amount", 22),
                        Column(t["to_return"], "amount", 18)],
                       [[short(r.case_id), r.title, r.committee, r.savings, r.due]
                        for r in annex.repayments], sum_row=True, empty=t["empty"]))
    used_cell = _fund_sheet(book, annex, lang, sum_row)
    rec = annex.reconciliation
    if rec is not None:
        lines: list[list[Any]] = [
            [t["year_result"], rec.result, ""],
            [t["gains_line"], -rec.realisation_gains, ""],
            [t["losses_line"], rec.realisation_losses, ""],
            [t["securities_line"], rec.unrealised_securities, ""],
            [t["after_line"], Formula("=SUM(B4:B7)", rec.after_adjustments), ""],
            [t["rur_reserved_line"], -rec.rur_reserved, ""],
            [t["rur_used_line"], rec.rur_used, ""],
            [t["other_line"], rec.other, rec.note],
            [t["balance_result"], Formula("=SUM(B8:B11)", rec.balance_result), ""],
            [t["adjustment"], Formula("=" + ref(t["fund"], used_cell), rec.adjustment), ""],
            [t["excluding"], Formula("=B12+B13", rec.excluding), ""]]
        book.add(Sheet(t["balance"], f"{t['balance']} {annex.year}",
                       [Column(t["item"], width=62), Column(t["amount"], amount, 18),
                        Column(t["note"], "wrap", 50)], lines,
                       bold_rows=frozenset({4, 8, 10})))
    if outturn:  # forecast against outturn (socinv/reports/outturn.py)
        from socinv.reports.outturn import add_sheet

        add_sheet(book, outturn, annex.year, lang)
    return book.save()


def _target_text(line: EffectTarget, t: dict[str, Any]) -> str:
    """A target with when it is expected ("… Förväntas när barnet är 2 år.")."""
    when = str(t["expected"]).format(when=line.when[:1].lower() + line.when[1:]) \
        if line.when else ""
    baseline = str(t["baseline"]).format(baseline=line.baseline) if line.baseline else ""
    text = " ".join(part for part in (line.target, when, baseline) if part)
    return text or (str(t["not_in_application"]) if line.source == "report" else "–")


def _result_text(line: EffectTarget, t: dict[str, Any]) -> str:
    """A result with the report's judgement ("… Målet nått: ja.")."""
    met = "" if line.met is None else str(t["met"]).format(
        answer=t["yes"] if line.met else t["no"])
    return " ".join(part for part in (line.result or str(t["not_in_report"]), met) if part)


def _frame_text(closed: Any, lang: Lang) -> str:
    t = TEXT[lang]
    if closed.frame_amount is None:
        return str(t["none"])
    frm = t["from"].format(year=closed.frame_from) if closed.frame_from else ""
    return str(t["per_year_from"].format(committee=closed.frame_committee or "–",
                                         amount=kronor(closed.frame_amount, lang), frm=frm))


def _fund_sheet(book: Workbook, annex: Annex, lang: Lang, sum_row: int) -> str:
    """The fund's sheet; returns the cell of "used" (the outcome of the period)."""
    t = TEXT[lang]
    fund, year = annex.fund, annex.year
    interim = annex.period.kind != "annual"
    model = fund.model
    cases_used = ref(t["cases"], f"F{sum_row}")
    rows: list[list[Any]] = []
    bold: set[int] = set()
    start = 4

    def here() -> int:
        return start + len(rows)

    used_cell = ""
    if model == "equity_reserve":
        opening_note = t["opening_incomplete"].format(items=", ".join(
            f"{short(m.case_id)} {m.report}" for m in fund.opening_missing)) \
            if fund.opening_missing else ""
        rows.append([t["reserve_head"], None, ""])
        bold.add(len(rows) - 1)
        first = here()
        rows.append([t["opening"].format(year=year), fund.opening, opening_note])
        used_label = t["used_interim"].format(due=due_text(annex, lang)) if interim \
            else t["used"]
        rows.append([used_label, Formula("=-" + cases_used, -fund.used),
                     t["incomplete"].format(n=len(annex.missing)) if annex.missing else ""])
        for change in fund.changes:
            rows.append([t["change_up" if change.amount >= 0 else "change_down"],
                         change.amount, change.ref])
        last = here() - 1
        closing = t["closing_interim"].format(due=due_text(annex, lang), year=year) \
            if interim else t["closing_balance"].format(year=year)
        rows.append([closing, Formula(f"=SUM(B{first}:B{last})", fund.closing), ""])
        bold.add(len(rows) - 1)
        rows.append(["", None, ""])
    label = t["budget_label"][model]
    rows.append([f"{t['budget_head'][model]} {year}", None, ""])
    bold.add(len(rows) - 1)
    first_allocation = here()
    for allocation in fund.allocations:
        rows.append([f"{label} {year}", allocation.amount, allocation.ref])
    if not fund.allocations:
        rows.append([f"{label} {year}", 0, t["no_allocation"]])
    last_allocation = here() - 1
    allocated = f"SUM(B{first_allocation}:B{last_allocation})"
    granted_row = here()
    rows.append([t["granted_year"].format(year=year), fund.granted_for_year, ""])
    moved_in_row = here()
    rows.append([t["moved_in"].format(year=year), fund.rebudgeted_in, "; ".join(
        f"{short(m.case_id)} {m.ref}" for m in annex.moves if m.to_year == year)])
    rows.append([t["unallocated"], Formula(f"={allocated}-B{granted_row}-B{moved_in_row}",
                                           fund.unallocated), ""])
    bold.add(len(rows) - 1)
    used_row = here()
    used_cell = f"B{used_row}"
    rows.append([t["used_interim"].format(due=due_text(annex, lang)) if interim
                 else t["used_budget"], Formula("=" + cases_used, fund.used),
                 t["incomplete"].format(n=len(annex.missing)) if annex.missing else ""])
    unused_row = here()
    rows.append([t["unused"], Formula(f"={allocated}-B{used_row}", fund.unused), ""])
    if not interim:
        out_row = here()
        rows.append([t["moved_out"].format(year=year), fund.rebudgeted_out, "; ".join(
            f"{short(m.case_id)} {m.ref}" for m in annex.moves if m.from_year == year)])
        rows.append([t["lapsed"][model], Formula(f"=B{unused_row}-B{out_row}", fund.lapsed),
                     ""])
        bold.add(len(rows) - 1)
    period = period_name(pick(annex.period.label, lang), year)
    book.add(Sheet(t["fund"], f"{t['fund']} – {period}",
                   [Column(t["item"], width=62), Column(t["amount"], "amount", 18),
                    Column(t["note"], "wrap", 60)], rows, bold_rows=frozenset(bold)))
    return used_cell
