"""The final-report paper: the board approves a case's final report and decides whether
the method is implemented in whole, in part or not at all.

Two papers from the same content (the guidelines of Ystad and Heby):

- the **proposal** (tjänsteskrivelse) before the closing decision: the effects against
  the targets, the costs and effects against the alternatives (ordinary work, no
  intervention), the forecast against the outcome, the recommendation, the budget
  frame adjustment and the committees that decide how to implement it;
- the **notice** (beslutsmeddelande) after ``socinv close``: the board's decision with its
  date and § reference (``closing`` in case.yaml), the same content, and the
  committees' implementation decisions as recorded (``socinv record``).

Everything the template gets is plain data: text, ints, lists and dicts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from socinv.errors import UserError
from socinv.fund.fund import Fund
from socinv.i18n import Lang, pick
from socinv.reports.data import CaseData, Source, case_sources, load_case

KINDS = ("proposal", "notice")
_NAME = {("sv", "proposal"): "slutrapport-forslag", ("sv", "notice"): "slutrapport-beslut",
         ("en", "proposal"): "final-report-proposal", ("en", "notice"): "final-report-notice"}
_KIND_WORD = {("sv", "proposal"): "Tjänsteskrivelse", ("sv", "notice"): "Beslutsmeddelande",
              ("en", "proposal"): "Officer's report", ("en", "notice"): "Notice of decision"}
#: the closing outcome → the recommendation it carries out
OUTCOME_RECOMMENDATION = {"implemented": "implement", "partly_implemented": "implement_partly",
                          "not_implemented": "do_not_implement"}
#: what the final paper prints of a final report
PRINTED_FINAL = ("effects_target_group", "effects_economy", "comparison", "alternatives",
                 "recommendation", "parts_to_implement", "budget_frame_adjustment", "finance",
                 "realised_savings")
#: the parts of a row of ``alternatives`` the paper shows, in order
ALTERNATIVE_PARTS = ("description", "effects", "cost", "cost_basis", "assessment")


@dataclass(frozen=True)
class FinalInput:
    """What the final-report paper is asked for."""

    lang: Lang
    date: dt.date
    draft: bool
    kind: str | None  # None: whichever fits the case's state


def is_closed(case: CaseData) -> bool:
    """The closing decision is recorded: the case is in the closing stage or has ``closing``."""
    closing = case.closing
    return case.dir.stage.key == "closed" or bool(closing.get("outcome") and closing.get("ref"))


def choose_kind(case: CaseData, asked: str | None) -> str:
    """The paper that fits the case: the notice once it is closed, else the proposal."""
    closed = is_closed(case)
    if asked is None:
        return "notice" if closed else "proposal"
    if asked not in KINDS:
        raise UserError(f"--kind {asked}: välj proposal eller notice.",
                        f"--kind {asked}: choose proposal or notice.")
    if asked == "notice" and not closed:
        raise UserError(
            f"Ärendet {case.id} är inte avslutat: beslutsmeddelandet tas fram efter "
            f"styrelsens beslut (socinv close {case.id} --outcome … --ref …). Ta fram "
            "förslaget med --kind proposal. Inget skrevs.",
            f"The case {case.id} is not closed: the notice is produced after the board's "
            f"decision (socinv close {case.id} --outcome … --ref …). Produce the proposal with "
            "--kind proposal. Nothing was written.", exit_code=1)
    return asked


def load(fund: Fund, case_id: str) -> CaseData:
    """The case with its application, reports and final report; a UserError when it has no
    granted decision or no final report."""
    from socinv.validation import Options, fund_context

    ctx, _ = fund_context(fund, Options())
    case = load_case(fund, fund.case(case_id), ctx,
                     frozenset({"application", "report", "final_report"}))
    final = case.documents.get("final_report")
    if final is None or not final.model:
        raise UserError(
            f"Ärendet {case.id} har ingen slutrapport att godkänna. Skapa den med "
            f"socinv new final-report {case.id} och fyll i den. Inget skrevs.",
            f"The case {case.id} has no final report to approve. Create it with "
            f"socinv new final-report {case.id} and fill it in. Nothing was written.",
            exit_code=1)
    if case.decision.get("outcome") != "granted":
        raise UserError(
            f"Ärendet {case.id} har inget beviljat beslut (decision i {case.case_file}); en "
            "slutrapport godkänns bara för en beviljad satsning. Inget skrevs.",
            f"The case {case.id} has no granted decision (decision in {case.case_file}); a "
            "final report is approved only for a granted investment. Nothing was written.",
            exit_code=1)
    return case


def refuse_errors(case: CaseData, fund: Fund, lang: Lang) -> None:
    """A final report with errors is put forward only as a draft."""
    from socinv.rules.findings import Report
    from socinv.rules.reporters import render_text

    final = case.documents["final_report"]
    errors = [finding for finding in final.findings if finding.severity == "error"]
    if not errors:
        return
    report = Report(lang=lang, vocabulary=fund.profile.vocabulary)
    report.add_file(final.file, errors)
    listing = render_text(report)
    raise UserError(
        f"Slutrapporten har {len(errors)} fel och kan inte läggas fram för beslut. Rätta "
        f"felen eller ta fram ett utkast med --draft. Inget skrevs.\n{listing}",
        f"The final report has {len(errors)} errors and cannot be put forward for decision. "
        f"Fix them or produce a draft with --draft. Nothing was written.\n{listing}",
        exit_code=1)


def sources(case: CaseData) -> list[Source]:
    final = case.documents["final_report"]
    return [*case_sources(case), Source(final.file, final.model or {}, PRINTED_FINAL)]


# -- the content -----------------------------------------------------------------------------

def _text(value: Any) -> str | None:
    text = str(value).strip() if value not in (None, "") else ""
    return text or None


def _iso(value: Any) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else _text(value)


def _labels(fund: Fund, lang: Lang) -> dict[str, str]:
    """The final report's field labels under the profile, by field path."""
    fields = fund.profile.document("final_report").fields
    return {path: pick(item.label, lang) for path, item in fields.items() if item.label}


def alternatives(fund: Fund, final: dict[str, Any], lang: Lang) -> list[dict[str, Any]]:
    """The structured comparison: one row per alternative, the choice's words as its name."""
    rows: list[dict[str, Any]] = []
    for item in final.get("alternatives") or []:
        if not isinstance(item, dict):
            continue
        key = _text(item.get("alternative"))
        row: dict[str, Any] = {"key": key,
                               "name": fund.profile.choice_label(key, lang) if key else None}
        for part in ALTERNATIVE_PARTS:
            value = item.get(part)
            row[part] = value if part == "cost" and isinstance(value, int) else _text(value)
        rows.append(row)
    return rows


def committees(fund: Fund, case: CaseData, final: dict[str, Any]) -> list[str]:
    """The committees concerned, who decide how the method is implemented: the
    application's committee parties, then the committee whose frame is adjusted and the
    committees where realised savings arise."""
    names: list[str] = []
    application = case.model("application") or {}
    for party in application.get("parties") or []:
        if isinstance(party, dict) and party.get("kind") == "committee":
            names.append(str(party.get("name") or "").strip())
    frame = final.get("budget_frame_adjustment") or {}
    names.append(str(frame.get("committee") or "").strip())
    for row in final.get("realised_savings") or []:
        if isinstance(row, dict):
            names.append(str(row.get("committee") or "").strip())
    seen: dict[str, str] = {}
    for name in names:
        if name and name.casefold() not in seen:
            seen[name.casefold()] = name
    return list(seen.values())


def implementation_decisions(fund: Fund, case: CaseData, names: list[str], lang: Lang
                             ) -> tuple[list[dict[str, Any]], list[str]]:
    """(the committees' recorded decisions on implementation, the committees still to
    decide) from the profile's steps taken per committee after closing."""
    from socinv.process.steps import position_word, same_party

    steps = [step for step in fund.profile.steps.items
             if "closed" in step.stages and step.who == "each_committee"]
    recorded: list[dict[str, Any]] = []
    for record in case.case.get("steps") or []:
        if not isinstance(record, dict) or record.get("stage") != "closed" or not any(
                record.get("step") == step.key for step in steps):
            continue
        party = _text(record.get("party"))
        recorded = [item for item in recorded if not same_party(item["party"], party)]
        recorded.append({"party": party,
                         "position": position_word(str(record.get("position") or ""), lang)
                         if record.get("position") else None,
                         "date": _iso(record.get("date")), "ref": _text(record.get("ref")),
                         "note": _text(record.get("note"))})
    if not steps:
        return recorded, []
    pending = [name for name in names
               if not any(same_party(item["party"], name) for item in recorded)]
    return recorded, pending


def frame_adjustment(final: dict[str, Any]) -> dict[str, Any] | None:
    frame = final.get("budget_frame_adjustment") or {}
    amount = frame.get("amount_per_year")
    if not isinstance(amount, int) or amount == 0:
        return None
    return {"committee": _text(frame.get("committee")), "amount_per_year": amount,
            "from_year": frame.get("from_year") if isinstance(frame.get("from_year"), int)
            else None}


def money(case: CaseData, final: dict[str, Any]) -> dict[str, Any]:
    """The grant, the reported outcome and what was not used."""
    granted = case.decision.get("total")
    granted = granted if isinstance(granted, int) else None
    outcome = (final.get("finance") or {}).get("total_outcome")
    outcome = outcome if isinstance(outcome, int) else None
    left = granted - outcome if granted is not None and outcome is not None else None
    return {"granted": granted, "outcome": outcome, "left": left}


def outturn(fund: Fund, case: CaseData, lang: Lang) -> dict[str, Any] | None:
    """Forecast against outcome, from :mod:`socinv.expost` (the figures ``status`` and the
    annexes show); None when the application has no economics. Not measured stays None."""
    from socinv.expost import case_ex_post, met_text

    found = case_ex_post(fund, case.dir, lang)
    if found is None:
        return None
    forecast = found.forecast
    years = sorted({*found.cost_by_year, *found.savings_by_year})
    units = []
    for unit in found.units:
        measured = [value for value in unit.realised.values() if value is not None]
        units.append({"label": unit.label, "committee": unit.committee or None,
                      "forecast_per_year": unit.forecast_per_year,
                      "realised": sum(measured) if measured else None,
                      "forecast_measured": unit.forecast_measured, "error": unit.error})
    return {
        "years": [{"year": year, "cost": found.cost_by_year.get(year),
                   "forecast": forecast.savings_per_year.get(year, 0),
                   "realised": found.savings_by_year.get(year)} for year in years],
        "measured_years": list(found.measured_years),
        "forecast_cost": forecast.total_cost, "cost_to_date": found.cost_to_date,
        "forecast_to_date": found.forecast_to_date, "realised_to_date": found.realised_to_date,
        "error": found.error, "net_to_date": found.net_to_date,
        "forecast_payback": forecast.payback_year, "payback_year": found.payback_year,
        "forecast_npv": forecast.npv, "npv": found.npv,
        "forecast_savings": forecast.total_savings,
        "savings_period": list(forecast.savings_period) if forecast.savings_period else None,
        "rate": f"{forecast.discount_rate * 100:g}".replace(".", "," if lang == "sv" else ".")
        + " %",
        "units": units,
        "effects": [{"name": effect.name, "baseline": effect.baseline,
                     "target": effect.target, "result": effect.result,
                     "met": None if effect.result is None else met_text(effect.met, lang)}
                    for effect in found.effects],
    }


def final_context(fund: Fund, case: CaseData, settings: dict[str, Any], kind: str,
                  given: FinalInput) -> dict[str, Any]:
    lang = given.lang
    final = case.documents["final_report"].model or {}
    recommendation = _text(final.get("recommendation"))
    closing = case.closing
    outcome = _text(closing.get("outcome"))
    # the notice carries out the closing decision (aborted: nothing is implemented)
    decided = (OUTCOME_RECOMMENDATION.get(outcome) if outcome else recommendation) \
        if kind == "notice" else recommendation
    names = committees(fund, case, final)
    recorded, pending = implementation_decisions(fund, case, names, lang)
    labels = _labels(fund, lang)
    decision = case.decision
    spent = money(case, final)
    rows = alternatives(fund, final, lang)
    for row in rows:  # the investment's outcome less the alternative's cost, like for like
        row["difference"] = spent["outcome"] - row["cost"] \
            if isinstance(row["cost"], int) and spent["outcome"] is not None else None
    period = (case.model("application") or {}).get("period") or {}
    years = [day.year for day in (period.get("start"), period.get("end"))
             if isinstance(day, dt.date)]
    return {
        "kind": kind,
        "draft": given.draft,
        "date": given.date.isoformat(),
        "municipality": str(settings.get("municipality") or fund.profile.municipality),
        "guideline": pick(fund.profile.source, lang),
        "terms": fund.profile.vocabulary.for_template(lang),
        "case": {"id": case.id, "title": case.title,
                 "registry_number": _text(case.case.get("registry_number"))},
        "grant": {"date": _iso(decision.get("date")), "ref": _text(decision.get("ref"))},
        "closing": {"outcome": outcome,
                    "outcome_label": fund.profile.choice_label(outcome, lang) if outcome
                    else None,
                    "date": _iso(closing.get("date")), "ref": _text(closing.get("ref")),
                    "reason": _text(closing.get("reason"))} if kind == "notice" else None,
        "recommendation": recommendation,
        "recommendation_label": fund.profile.choice_label(recommendation, lang)
        if recommendation else None,
        "decided": decided,
        "differs": kind == "notice" and decided != recommendation,
        "label": labels,
        "final": {key: _text(final.get(key)) for key in (
            "effects_target_group", "effects_economy", "comparison", "parts_to_implement")},
        "alternatives": rows,
        "frame": frame_adjustment(final),
        "money": spent,
        "years": years,
        "rule": pick(fund.profile.document("final_report").intro, lang) or None,
        "reports": len(case.reports),
        "documents": {doc: pick(fund.profile.document(doc).label, lang) or None
                      for doc in ("application", "final_report")},
        "expost": outturn(fund, case, lang),
        "records_implementation": any("closed" in step.stages and step.who == "each_committee"
                                      for step in fund.profile.steps.items),
        "committees": names,
        "implementation": recorded,
        "pending": pending,
        "implementation_plan": _text(((case.model("application") or {}).get(
            "implementation") or {}).get("plan")),
    }


def build(fund: Fund, case_id: str, request: Any, kind: str | None) -> list[Any]:
    """The final paper of ``case_id`` in each requested format (nothing written here)."""
    from socinv.reports.build import DRAFT, filters
    from socinv.reports.data import fund_settings
    from socinv.reports.output import guard_sources, guard_text
    from socinv.reports.paper import case_page, outputs, stem
    from socinv.reports.templating import clean, render

    lang = request.lang
    case = load(fund, case_id)
    chosen = choose_kind(case, kind)
    if not request.draft:
        refuse_errors(case, fund, lang)
    settings = fund_settings(fund)
    guard_sources(sources(case))
    context = final_context(fund, case, settings, chosen,
                            FinalInput(lang, request.date, request.draft, chosen))
    name = f"final_report.{lang}.md.j2"
    from socinv.expost import money as measured

    own = {**filters(lang), "measured": lambda value: measured(value, lang)}
    markdown = clean(render(fund.root, name, context, own))
    guard_text(name, markdown)
    page = case_page(context["municipality"], _KIND_WORD[(lang, chosen)], case.case,
                     case.title, lang, DRAFT[lang] if request.draft else None, request.date)
    return outputs(markdown, request.formats, stem(case.id, _NAME[(lang, chosen)], lang,
                                                   request.draft), page)
