"""The decision memo's content: the application, its economics and its assessment.

Everything the template needs is plain data (text, ints, lists, dicts; dates as
ISO text). The assessment comes from validation: each criterion of the profile
and each rule on the application is met, met with a remark (warnings only), or
not met (errors), with the findings' messages as the reasons.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from socinv import economics
from socinv.fund.fund import FUND_FILE, Fund
from socinv.i18n import Lang, kronor, pick
from socinv.reports.data import CaseData, Source, case_sources, reporting_periods
from socinv.reports.memo_words import BASIS_TEXT, counted, in_sentence, join_words, ucfirst
from socinv.rules.checks import Context
from socinv.rules.findings import Finding

#: the application fields that show whether each idea-review criterion holds
CRITERIA_EVIDENCE: dict[str, tuple[str, ...]] = {
    "feasible": ("period", "costs", "method", "target_group", "measurement_plan"),
    "real_need": ("problem_analysis", "target_group.description",
                  "target_group.identification"),
    "new_methods": ("novelty", "method.evidence"),
    "several_parties": ("parties",),
    "better_outcome": ("effects", "cost_reduction"),
}

#: the finding codes of each application rule in a profile
RULE_CODES: dict[str, tuple[str, ...]] = {
    "period_years": ("period-length", "period-order"),
    "age_range": ("age-range", "age-order"),
    "parties": ("party-rule", "party-not-eligible", "party-condition"),
    "costs_per_year": ("costs-missing-year", "year-outside-period", "duplicate-year"),
    "cost_reduction": ("reduction-unit-form", "savings-period-order", "unknown-unit-cost",
                       "savings-before-start", "savings-never-cover"),
}

#: a range rule's label by which bounds the profile sets: both, only min, only max, none
_RANGE_TEXT: dict[str, dict[tuple[bool, bool], tuple[str, str]]] = {
    "period_years": {
        (True, True): ("Tid för genomförande {min}–{max} år", "Duration {min}–{max} years"),
        (True, False): ("Tid för genomförande minst {min} år", "Duration at least {min} years"),
        (False, True): ("Tid för genomförande högst {max} år", "Duration at most {max} years"),
        (False, False): ("Tidsperiodens start före dess slut",
                         "The period starts before it ends"),
    },
    "age_range": {
        (True, True): ("Målgruppen inom {min}–{max} år", "Target group within ages {min}–{max}"),
        (True, False): ("Målgruppen minst {min} år", "Target group aged at least {min}"),
        (False, True): ("Målgruppen högst {max} år", "Target group aged at most {max}"),
        (False, False): ("Målgruppens ålder angiven", "The target group's ages given"),
    },
}

#: a value error in these fields (an amount that is no amount) also fails the rule
RULE_FIELDS = {"costs_per_year": "costs["}

_RULE_TEXT: dict[str, tuple[str, str]] = {
    "parties": ("Medverkande: {requirement}", "Parties: {requirement}"),
    "costs_per_year": ("Kostnad för varje år i tidsperioden",
                       "A cost for every year of the period"),
    "cost_reduction": ("Minskade kostnader för {organisation_text}",
                       "Reduced costs for {organisation_text}"),
    "content": ("Ansökans obligatoriska innehåll enligt riktlinjen",
                "The application's required content under the guideline"),
}
_OWNER_WORDS = ("projektägare", "project owner")

@dataclass(frozen=True)
class MemoInput:
    """What the decision paper is asked for."""

    lang: Lang
    date: dt.date
    draft: bool
    kind: str = "proposal"  # "proposal" (tjänsteskrivelse) | "notice" (beslutsmeddelande)
    cases: tuple[CaseData, ...] = ()  # every case of the fund, for the financing section


def plain(value: Any) -> Any:
    """Typed model → template data: dates as ISO text, everything else as is."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [plain(item) for item in value]
    return value


def _status(findings: list[Finding]) -> str:
    if any(f.severity == "error" for f in findings):
        return "not_met"
    return "remark" if findings else "met"


def _under(finding: Finding, prefixes: Iterable[str]) -> bool:
    return any(finding.field == prefix or finding.field.startswith((f"{prefix}.", f"{prefix}["))
               for prefix in prefixes)


def _facts(rule: str, app: dict[str, Any], econ: dict[str, Any] | None, lang: Lang,
           fund: Fund) -> str:
    """What the application states for a rule, in one line."""
    sv = lang == "sv"
    if rule == "period_years":
        period = app.get("period") or {}
        start, end = period.get("start"), period.get("end")
        if isinstance(start, dt.date) and isinstance(end, dt.date):
            years = f"{((end - start).days + 1) / 365.25:.1f}"
            return f"{start.isoformat()} – {end.isoformat()} " \
                   f"({years.replace('.', ',') if sv else years} {'år' if sv else 'years'})"
    elif rule == "age_range":
        group = app.get("target_group") or {}
        if group.get("age_min") is not None and group.get("age_max") is not None:
            return f"{group['age_min']}–{group['age_max']} {'år' if sv else 'years'}"
    elif rule == "parties":
        kinds = [str(p.get("kind")) for p in app.get("parties") or [] if p.get("kind")]
        return ucfirst(join_words([counted(kind, kinds.count(kind), fund, lang)
                                     for kind in dict.fromkeys(kinds)], lang))
    elif rule == "costs_per_year":
        listed = ", ".join(str(year) for year in sorted(
            {row["year"] for row in app.get("costs") or [] if isinstance(row.get("year"), int)
             and isinstance(row.get("amount"), int)}))
        if listed:
            return ("Kostnad angiven för " if sv else "Cost given for ") + listed
    elif rule == "cost_reduction" and econ:
        payback = econ.get("payback_year") or ("inte inom perioden" if sv else "none")
        return (f"Återbetalningsår {payback}; nuvärde {kronor(econ['npv'], lang)}" if sv
                else f"Payback year {payback}; NPV {kronor(econ['npv'], lang)}")
    elif rule == "content":
        return "Alla obligatoriska uppgifter är ifyllda" if sv else \
            "All required information is given"
    return ""


def assessment(fund: Fund, case: CaseData, findings: list[Finding], lang: Lang,
               econ: dict[str, Any] | None = None
               ) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(criteria rows, requirement rows), each {label, status, basis or fact, notes}."""
    app = case.model("application") or {}
    profile = fund.profile
    app_doc, idea_doc = profile.document("application"), profile.document("idea")
    words = profile.vocabulary
    idea = case.model("idea") or {}
    criteria: list[dict[str, Any]] = []
    for key in (idea_doc.rules.get("criteria") or {}).get("keys") or []:
        evidence = CRITERIA_EVIDENCE.get(key, ())
        hits = [f for f in findings if _under(f, evidence)]
        assessed = (idea.get("criteria") or {}).get(key) or {}
        criteria.append({
            "key": key, "label": pick(idea_doc.text(f"criteria.{key}").label, lang),
            "status": _status(hits),
            "basis": [BASIS_TEXT[path][lang == "en"] if path in BASIS_TEXT
                      else pick(app_doc.text(path).label, lang) for path in evidence],
            "notes": [f.message(lang, words) for f in hits],
            "idea_met": assessed.get("met"), "idea_comment": assessed.get("comment") or "",
        })
    requirements: list[dict[str, Any]] = []
    claimed: set[int] = set()
    for rule, params in app_doc.rules.items():
        codes = RULE_CODES.get(rule)
        if codes is None:
            continue
        hits = [f for f in findings if f.code in codes or (
            rule in RULE_FIELDS and f.severity == "error"
            and (f.field or "").startswith(RULE_FIELDS[rule]))]
        claimed.update(id(f) for f in hits)
        values = words.placeholders(lang)
        values.update((key, str(value)) for key, value in params.items()
                      if not isinstance(value, dict))
        values["requirement"] = pick(params.get("requirement"), lang).rstrip(".")
        ranges = _RANGE_TEXT.get(rule)
        texts = ranges[("min" in values, "max" in values)] if ranges else _RULE_TEXT[rule]
        template = texts[lang == "en"]
        requirements.append({"key": rule, "label": template.format_map(values),
                             "status": _status(hits),
                             "notes": [f.message(lang, words) for f in hits],
                             "fact": _facts(rule, app, econ, lang, fund)})
    rest = [f for f in findings if id(f) not in claimed]
    requirements.append({"key": "content", "label": _RULE_TEXT["content"][lang == "en"],
                         "status": _status(rest), "notes": [f.message(lang, words) for f in rest],
                         "fact": _facts("content", app, econ, lang, fund) if not rest else ""})
    return criteria, requirements


def owner(parties: list[dict[str, Any]]) -> dict[str, Any] | None:
    """The project owner: the party whose role says so, else the first committee."""
    for party in parties:
        if any(word in str(party.get("role") or "").lower() for word in _OWNER_WORDS):
            return party
    return next((p for p in parties if p.get("kind") in ("committee", "administration")),
                parties[0] if parties else None)


def _in_text(party: dict[str, Any], lang: Lang) -> str:
    """A committee's name inside a Swedish sentence: "uppdra åt barn- och utbildningsnämnden"."""
    name = str(party.get("name") or "")
    return in_sentence(name, lang) if party.get("kind") in ("committee", "administration") \
        else name


def savings_units(app: dict[str, Any], ctx: Context, lang: Lang) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    library = ctx.unit_costs or {}
    for unit in (app.get("cost_reduction") or {}).get("units") or []:
        yearly = economics._yearly_saving(unit, ctx.unit_costs)
        key = unit.get("unit_cost")
        entry = library.get(key) if isinstance(key, str) else None
        if unit.get("amount_per_year") is not None or entry is None:
            how = str(unit.get("basis") or "")
        else:
            count = unit.get("count_per_year")
            count_text = (f"{count:g}".replace(".", ",") if lang == "sv" else f"{count:g}") \
                if isinstance(count, int | float) else "?"
            how = f"{count_text} × {kronor(entry.get('amount') or 0, lang)} " \
                  f"({entry.get('label') or key})"
        rows.append({"unit": unit.get("unit") or key or "", "how": how, "per_year": yearly})
    return rows


def economics_of(fund: Fund, app: dict[str, Any], ctx: Context) -> dict[str, Any] | None:
    rate = ctx.discount_rate if ctx.discount_rate is not None else \
        economics.DEFAULT_DISCOUNT_RATE
    figures = economics.compute(app, ctx.unit_costs, discount_rate=rate,
                                defaults=economics.SavingsDefaults.from_profile(
                                    fund.profile.economics))
    if figures is None:
        return None
    data = figures.to_dict()
    data["years"] = [{"year": int(year), "cost": figures.savings_per_year.get(int(year), 0)
                      - net, "savings": figures.savings_per_year.get(int(year), 0), "net": net,
                      "cumulative": figures.cumulative_net[int(year)]}
                     for year, net in figures.net_per_year.items()]
    pct = f"{figures.discount_rate * 100:g}"
    data["rate_text"] = {"sv": pct.replace(".", ",") + "\u00a0%", "en": pct + " %"}
    return data


def memo_context(fund: Fund, case: CaseData, ctx: Context, findings: list[Finding],
                 settings: dict[str, Any], options: MemoInput) -> dict[str, Any]:
    lang = options.lang
    app = case.model("application") or {}
    parties = [{**plain(p), "kind_label": fund.profile.choice_label(str(p.get("kind")), lang),
                "in_text": _in_text(p, lang)} for p in app.get("parties") or []]
    lead = owner(parties)
    costs = [row for row in app.get("costs") or []
             if isinstance(row.get("year"), int) and isinstance(row.get("amount"), int)]
    econ = economics_of(fund, app, ctx)
    criteria, requirements = assessment(fund, case, findings, lang, econ)
    report_doc = fund.profile.document("report")
    annual_fields = list(dict.fromkeys([
        *((report_doc.rules.get("annual_required") or {}).get("fields") or []),
        *fund.profile.cadence.annual().required]))
    periods = reporting_periods(fund)
    return {
        "lang": lang, "draft": options.draft, "date": options.date.isoformat(),
        "terms": fund.profile.vocabulary.for_template(lang),
        "municipality": str(settings.get("municipality") or fund.profile.municipality),
        "profile": {"name": pick(fund.profile.name, lang), "source": pick(fund.profile.source,
                                                                          lang)},
        "case": {"id": case.id, "title": case.title,
                 "registry_number": case.case.get("registry_number") or "",
                 "stage": pick(case.dir.stage.label, lang),
                 "contact": plain(case.case.get("contact") or {})},
        "app": plain(app),
        "label": {path: pick(text.label, lang)
                  for path, text in fund.profile.document("application").fields.items()},
        "parties": parties, "owner": lead,
        "others": [p["in_text"] for p in parties if p is not lead and p.get("name")],
        "costs": plain(costs),
        "total": sum(row["amount"] for row in costs),
        "years": sorted({row["year"] for row in costs}),
        "economics": econ,
        "savings": savings_units(app, ctx, lang),
        "criteria": criteria, "requirements": requirements,
        "errors": sum(1 for f in findings if f.severity == "error"),
        "reporting": [pick(p.label, lang) for p in periods.values()],
        "annual_fields": [pick(report_doc.text(key).label, lang) for key in annual_fields],
        "final_report": "final_report" in fund.profile.documents,
        **paper_parts(fund, case, settings, options, parties, costs),
    }


def paper_parts(fund: Fund, case: CaseData, settings: dict[str, Any], options: MemoInput,
                parties: list[dict[str, Any]], costs: list[dict[str, Any]]) -> dict[str, Any]:
    """What the proposal and the notice add to the application: the decision, the money,
    the preparation, the groups' assessments, the officials and the child-rights section."""
    from socinv.reports.memo_money import decision_of, financing_of
    from socinv.reports.memo_record import (
        assessments,
        documents,
        officials,
        preparation,
        recipients,
    )

    lang = options.lang
    decided = decision_of(case)
    if decided is not None and decided["package_cases"]:  # the others by title, not by id
        titles = {other.id: other.title for other in options.cases}
        decided["package_cases"] = [titles.get(other, other)
                                    for other in decided["package_cases"]]
    if decided is not None and decided["granted"]:
        rows = [{"year": row["year"], "amount": row["granted"]} for row in decided["rows"]
                if row["granted"] is not None]
        total = decided["total"] if decided["total"] is not None else \
            sum(row["amount"] for row in rows)
    else:
        rows = [{"year": row["year"], "amount": row["amount"]} for row in costs]
        total = sum(row["amount"] for row in rows)
    prepared = preparation(fund, case, lang)
    if decided is not None and decided["date"]:  # the preparation is what came before it
        prepared = [row for row in prepared if (row["date"] <= decided["date"]
                    and row["kind"] != "advance") or row["date"] < decided["date"]]
    office = officials(settings, lang)
    app_doc = fund.profile.document("application")
    plan_rule = fund.profile.document("project_plan").rules.get("project_plan_due") \
        if "project_plan" in fund.profile.documents else None
    child = app_doc.fields.get("child_rights")
    return {
        "kind": options.kind, "decision": decided,
        "proposed": {"total": total, "rows": rows,
                     "years": [row["year"] for row in rows]},
        "financing": financing_of(fund, settings, list(options.cases), case,
                                  {row["year"]: row["amount"] for row in rows}, options.date,
                                  lang),
        "preparation": prepared,
        "preparation_stages": [{"stage": stage, "rows": [row for row in prepared
                                                          if row["stage"] == stage]}
                               for stage in dict.fromkeys(row["stage"] for row in prepared)],
        "assessments": assessments(fund, case, prepared, lang),
        "documents": documents(fund, case, prepared, options.date.isoformat(), options.kind,
                               lang),
        "officials": office, "recipients": recipients(parties, office),
        "child_rights": None if child is None else {
            "label": pick(child.label, lang), "question": pick(child.question, lang),
            "answer": str((case.model("application") or {}).get("child_rights") or "")},
        "project_plan_days": int(str(plan_rule.get("days") or 0))
        if isinstance(plan_rule, dict) else None,
        "owner_name": str((owner(parties) or {}).get("name") or ""),
    }


def memo_sources(case: CaseData, settings: dict[str, Any]) -> list[Source]:
    sources = [*case_sources(case), Source(case.case_file, case.case, ("steps",)),
               Source(FUND_FILE, settings, ("municipality", "officials"))]
    for doc_type, prefixes in (("application", None), ("idea", ("criteria",))):
        result = case.documents.get(doc_type)
        if result is not None and result.model:
            sources.append(Source(result.file, result.model, prefixes))
    return sources
