"""``socinv new report`` and ``socinv new final-report``: templates prefilled with what is known.

A progress report gets its period and the year's budget from the decision; both a
progress and a final report carry the application's units and effects
(``outcome_prefill``: realised savings per unit, each effect with its baseline,
target and measurement points); the facts the case record holds (``prefill``:
the grant, the outcome to date, the expected effects) stand above the answers. The file and
the history entry are written in one crash-safe transaction.
"""

from __future__ import annotations

import datetime as dt
import textwrap
from typing import Any

from socinv.errors import UserError
from socinv.fund.calendar import Kind, case_calendar, kinds, span_from
from socinv.fund.casefile import CaseEdit
from socinv.fund.create import history_entry
from socinv.fund.fund import REPORTS_DIR, CaseDir, Fund
from socinv.fund.gates import read_case
from socinv.fund.outcome_prefill import final_outcomes, report_outcomes
from socinv.fund.prefill import Facts, final_facts, report_facts
from socinv.fund.workflow import Plan, finish
from socinv.i18n import Lang, pick
from socinv.io.yaml_template import render_template
from socinv.model.doctypes import DOCUMENT_SUFFIXES, REPORT_NAME
from socinv.rules.checks import Context
from socinv.validation import check_document


def _require_active(fund: Fund, case: CaseDir, what: dict[str, str]) -> None:
    if case.stage.key != "active":
        active = fund.profile.stage("active")
        where = active.dir if active else "active"
        raise UserError(
            f"{what['sv']} skrivs när ärendet är i genomförande ({where}); {case.id} ligger i "
            f"{case.stage.dir}.",
            f"{what['en']} is written while the case is being implemented ({where}); "
            f"{case.id} is in {case.stage.dir}.", exit_code=1)


def refuse_existing(fund: Fund, case: CaseDir, stem: str) -> None:
    for suffix in DOCUMENT_SUFFIXES:
        existing = case.path / f"{stem}{suffix}"
        if existing.exists() or existing.is_symlink():
            raise UserError(f"{fund.rel(existing)} finns redan; socinv skriver inte över den.",
                            f"{fund.rel(existing)} already exists; socinv will not overwrite it.")


def _application(fund: Fund, case: CaseDir) -> dict[str, Any]:
    path = case.document("application")
    if path is None:
        return {}
    return check_document(path, "application", fund.profile, fund.rel(path), Context()).model or {}


def _period_help(fund: Fund, period: str, report_kinds: list[Kind], today: dt.date
                 ) -> tuple[str, str]:
    """What ``--period`` may be in this fund, in both languages."""
    if not report_kinds:
        return (f"--period \"{period}\": regelprofilen {fund.profile.id} har inga "
                "rapportperioder (reporting.periods).",
                f"--period \"{period}\": the rule profile {fund.profile.id} has no reporting "
                "periods (reporting.periods).")
    example = f"{today.year}-{report_kinds[-1].kind}"
    texts: list[str] = []
    languages: tuple[tuple[Lang, str, str], ...] = (("sv", "ÅÅÅÅ", " eller "),
                                                    ("en", "YYYY", " or "))
    for lang, year_word, joiner in languages:
        only = ""
        if len(report_kinds) == 1:  # e.g. Heby: annual reports only
            allowed = f"{year_word}-{report_kinds[0].kind}"
            word = {"annual": {"sv": "årsrapporter", "en": "annual reports"},
                    "interim": {"sv": "delårsrapporter", "en": "interim reports"}}.get(
                report_kinds[0].kind, {"sv": "en rapport om året", "en": "one report a year"})
            only = (f"Profilen {fund.profile.id} har bara {word['sv']}. " if lang == "sv"
                    else f"The profile {fund.profile.id} has {word['en']} only. ")
        else:
            allowed = joiner.join(f"{year_word}-{k.kind} ({pick(k.label, lang)})"
                                  for k in report_kinds)
        texts.append(f"--period \"{period}\": {only}Ange {allowed}, t.ex. {example}."
                     if lang == "sv" else
                     f"--period \"{period}\": {only}Give {allowed}, e.g. {example}.")
    return texts[0], texts[1]


def plan_new_report(fund: Fund, case: CaseDir, period: str, by: str, lang: Lang,
                    today: dt.date, fmt: str = "yaml") -> Plan:
    _require_active(fund, case, {"sv": "En rapport", "en": "A report"})
    match = REPORT_NAME.fullmatch(period.strip())
    report_kinds, _ = kinds(fund)
    kind = next((k for k in report_kinds if match and k.kind == match.group(2)), None)
    if match is None or kind is None:
        raise UserError(*_period_help(fund, period, report_kinds, today))
    name = match.group(0)
    year = int(match.group(1))
    state = read_case(fund, case)
    calendar = case_calendar(fund, case, state.decision, today)
    if calendar is not None and name not in {p.name for p in calendar.required}:
        owed = ", ".join(p.name for p in calendar.required) or "–"
        raise UserError(
            f"{case.id} är inte skyldigt någon rapport {name}: projektperioden är "
            f"{calendar.start}–{calendar.end} och rapporterna är {owed}.",
            f"{case.id} owes no report {name}: the project period is {calendar.start}–"
            f"{calendar.end} and its reports are {owed}.")
    refuse_existing(fund, case, f"{REPORTS_DIR}/{name}")
    from socinv.process.project_plan import require_for_first_report

    require_for_first_report(fund, case)

    from socinv.fund.budget import moves_of, year_budget

    application = _application(fund, case)
    year_money = year_budget(case.id, state.decision, application, moves_of(fund.settings), year)
    budget = year_money.budget if state.decision.get("outcome") == "granted" else None
    prefill: dict[str, Any] = {
        "period": name,
        **report_outcomes(application, year),
        "finance": {"budget": budget},
    }
    if fmt == "finance-xlsx":
        from socinv.fund.finance_form import SUFFIX, build_form

        relative = f"{REPORTS_DIR}/{name}{SUFFIX}"
        existing = case.path / relative
        if existing.exists() or existing.is_symlink():
            raise UserError(f"{fund.rel(existing)} finns redan; socinv skriver inte över den.",
                            f"{fund.rel(existing)} already exists; socinv will not overwrite "
                            "it.")
        title = (f"Ekonomi {name} – {case.id}" if lang == "sv" else f"Finances {name} – "
                 f"{case.id}")
        form = build_form(lang, title, str(state.model.get("title") or case.id), year,
                          list(application.get("costs") or []), year_money.granted,
                          year_money.rebudgeted_in)
        return plan_new_document(fund, case, relative, form, "new-report", by)
    relative = f"{REPORTS_DIR}/{name}.{fmt}"
    facts = report_facts(fund, case, state, name, year, year_money, budget, lang,
                         period=fmt != "docx")
    if fmt == "docx":
        return plan_new_document(fund, case, relative, _docx(
            "report", fund, lang, prefill, relative, kind.required, facts), "new-report", by)
    text = _header(lang, facts) + render_template(
        "report", fund.profile, lang, fund.rel(case.path / relative), prefill, kind.required)
    return plan_new_document(fund, case, relative, text, "new-report", by)


def plan_new_final_report(fund: Fund, case: CaseDir, by: str, lang: Lang,
                          fmt: str = "yaml") -> Plan:
    _require_active(fund, case, {"sv": "Slutrapporten", "en": "The final report"})
    refuse_existing(fund, case, "final_report")
    state = read_case(fund, case)
    application = _application(fund, case)
    facts = final_facts(fund, case, state, application, lang)
    relative = f"final_report.{fmt}"
    period = span_from(application, state.decision)
    prefill = final_outcomes(application, period[1].year if period else None)
    if fmt == "docx":
        return plan_new_document(fund, case, relative, _docx(
            "final_report", fund, lang, prefill, relative, (), facts), "new-final-report", by)
    text = _header(lang, facts) + render_template("final_report", fund.profile, lang,
                                                  fund.rel(case.path / relative), prefill)
    return plan_new_document(fund, case, relative, text, "new-final-report", by)


def _docx(doc_type: str, fund: Fund, lang: Lang, prefill: dict[str, Any],
          relative: str, required: tuple[str, ...], facts: Facts) -> bytes:
    from socinv.io.docx_template import build_docx  # python-docx only when asked for

    return build_docx(doc_type, fund.profile, lang, prefill, relative.rsplit("/", 1)[-1],
                      required, facts)


def _header(lang: Lang, facts: Facts) -> str:
    lines: list[str] = []
    for label, value in facts:
        if "\n" not in value:
            lines += textwrap.wrap(f"{label}: {value}", 86, initial_indent="# ",
                                   subsequent_indent="#   ")
            continue
        lines.append(f"# {label}:")
        for line in value.split("\n"):
            lines += textwrap.wrap(line, 86, initial_indent="#   ",
                                   subsequent_indent="#     ")
    if not lines:
        return ""
    title = "Känt när mallen skapades" if lang == "sv" else "Known when the template was made"
    return f"# {title}:\n" + "\n".join(lines) + "\n#\n"


def plan_new_document(fund: Fund, case: CaseDir, relative: str, text: str | bytes, event: str,
                      by: str) -> Plan:
    """A new file in an existing case plus its history entry, as one transaction.

    ``relative`` is the path inside the case folder (``application.yaml``,
    ``reports/2027-interim.yaml``); carry the plan out with ``workflow.apply`` inside
    ``fund_lock``. The caller refuses an existing file first.
    """
    state = read_case(fund, case)
    plan = Plan(event, case, case.stage, case.stage, by, files=[state.file])
    plan.blockers += state.blockers
    plan.created = (relative, text)
    plan.headline = {"sv": f"{relative} i {case.id}", "en": f"{relative} in {case.id}"}
    plan.edit = CaseEdit(history=[history_entry(event, case.stage.key, case.stage.key, by,
                                                relative, None)])
    return finish(plan)
