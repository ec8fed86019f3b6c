"""``socinv decide``: the board's decision — the total, the split per year, or a rejection.

The total must equal the split; the years must lie within the project period;
a grant beyond what ``fund.yaml`` leaves for a year is a warning. A rejection
records the decision and closes the case in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from socinv.errors import UserError
from socinv.fund.calendar import span
from socinv.fund.casefile import CaseEdit
from socinv.fund.create import history_entry
from socinv.fund.fund import CASE_FILE, CaseDir, Fund
from socinv.fund.gates import read_case
from socinv.fund.workflow import Plan, finish, stage_name
from socinv.fund.yamlsplice import REMOVE
from socinv.i18n import kronor
from socinv.model.user_text import MAX_NOTE, NOTE, check_text
from socinv.model.values import BadValue, parse_amount, parse_year
from socinv.rules.findings import Finding, make
from socinv.validation import read_once

CONDITION = ("Villkoret (--condition)", "The condition (--condition)")


def parse_amount_option(text: str, option: str) -> int:
    try:
        return parse_amount(text)
    except BadValue as error:
        if error.code == "amount-too-large":
            raise UserError(f"{option}: \"{text}\" är större än 999 999 999 999 kr. "
                            "Kontrollera beloppet.",
                            f"{option}: \"{text}\" is more than 999 999 999 999 kr. Check "
                            "the amount.") from None
        raise UserError(f"{option}: \"{text}\" är inget belopp i hela kronor, t.ex. 2400000 "
                        "eller \"2 400 000\".",
                        f"{option}: \"{text}\" is not an amount in whole kronor, e.g. 2400000 "
                        "or \"2 400 000\".") from None


def parse_per_year(text: str) -> dict[int, int]:
    """``2027=1200000,2028=1 200 000`` → {2027: 1200000, 2028: 1200000}."""
    result: dict[int, int] = {}
    for part in (item.strip() for item in text.replace(";", ",").split(",")):
        if not part:
            continue
        year_text, sep, amount_text = part.partition("=")
        try:
            year = parse_year(year_text)
        except BadValue:
            year = None
        if not sep or year is None or year in result:
            raise UserError(
                f"--per-year: \"{part}\" ska vara ÅR=BELOPP, varje år en gång, t.ex. "
                "--per-year 2027=1200000,2028=800000.",
                f"--per-year: \"{part}\" must be YEAR=AMOUNT, each year once, e.g. "
                "--per-year 2027=1200000,2028=800000.")
        result[year] = parse_amount_option(amount_text, "--per-year")
    return dict(sorted(result.items()))


def decision_stages(fund: Fund) -> list[str]:
    return [t.source for t in fund.profile.transitions
            if any(name == "decision" for name, _ in t.gates)]


def plan_decide(fund: Fund, case: CaseDir, *, granted: int | None, per_year: dict[int, int] | None,
                rejected: bool, date: dt.date, ref: str, note: str | None, by: str,
                force: bool, conditions: list[str] | None = None) -> Plan:
    check_text(note, NOTE, MAX_NOTE, multiline=True)  # the user's own words
    for condition in conditions or []:
        check_text(condition, CONDITION, MAX_NOTE, multiline=True)
    state = read_case(fund, case)
    closed = fund.profile.stage("closed") if rejected else case.stage
    if closed is None:
        raise UserError(f"Profilen {fund.profile.id} har inget steg closed.",
                        f"The profile {fund.profile.id} has no closed stage.")
    plan = Plan("decide", case, case.stage, closed, by, list(state.blockers), ref=ref)
    plan.files = [state.file]
    where = decision_stages(fund)
    if case.stage.key not in where:
        stages = [stage for stage in fund.profile.stages if stage.key in where]
        plan.blockers.append(make(state.file, "decision-wrong-stage", "decision",
                                  expected={lang: " / ".join(stage_name(s, lang) for s in stages)
                                            or "–" for lang in ("sv", "en")},
                                  current={lang: stage_name(case.stage, lang)
                                           for lang in ("sv", "en")}))
    old = state.decision
    if old.get("outcome") and not force:
        plan.blockers.append(make(state.file, "decision-exists", "decision",
                                  ref=str(old.get("ref") or "?"), outcome=str(old["outcome"]),
                                  date=str(old.get("date") or "?")))
    when = date.isoformat()
    lang = fund.language
    if rejected:
        decision: dict[str, Any] = {"outcome": "rejected", "date": when, "ref": ref,
                                    "total": REMOVE, "per_year": REMOVE}
        if old.get("conditions"):
            decision["conditions"] = REMOVE
        word = "Avslag." if lang == "sv" else "Rejected."
        closing = {"outcome": "rejected", "date": when, "ref": ref, "reason": note}
        history = [history_entry("decide", case.stage.key, case.stage.key, by,
                                 _join(word, note), ref),
                   history_entry("close", case.stage.key, closed.key, by, word, ref)]
        plan.headline = {"sv": f"{case.id}: avslag, {stage_name(case.stage, 'sv')} → "
                               f"{stage_name(closed, 'sv')}",
                         "en": f"{case.id}: rejected, {stage_name(case.stage, 'en')} → "
                               f"{stage_name(closed, 'en')}"}
        plan.edit = _edit(closed.key, {"decision": decision, "closing": closing}, history)
        return finish(plan)
    if granted is None:
        raise UserError("Ange beviljat belopp med --granted, eller --rejected för avslag.",
                        "Give the granted amount with --granted, or --rejected for a rejection.")
    from socinv.process.closing import decide_blockers

    plan.blockers += decide_blockers(state)
    split = _split(fund, case, state.file, granted, per_year, plan)
    applied = applied_total(fund, case)
    if applied is not None and granted > applied:
        plan.blockers.append(make(state.file, "decision-above-application", "decision.total",
                                  granted=_kr(granted), applied=_kr(applied)))
    plan.warnings += over_budget(fund, case, state.file, split)
    decision = {"outcome": "granted", "date": when, "ref": ref, "total": granted,
                "per_year": split}
    kept = [text.strip() for text in conditions or [] if text.strip()]
    if kept or old.get("conditions"):  # a replaced decision keeps no earlier conditions
        decision["conditions"] = kept if kept else REMOVE
    applied_text = {lang_: (f" (ansökt {kronor(applied, 'sv')})" if lang_ == "sv" else
                            f" ({kronor(applied, 'en')} applied for)") if applied is not None
                    else "" for lang_ in ("sv", "en")}
    summary = {
        "sv": f"Beviljat {kronor(granted, 'sv')}{applied_text['sv']}. Preliminär fördelning: "
              + ", ".join(
            f"{year} {kronor(amount, 'sv')}" for year, amount in split.items()) + ".",
        "en": f"Granted {kronor(granted, 'en')}{applied_text['en']}. Preliminary split: "
              + ", ".join(
            f"{year} {kronor(amount, 'en')}" for year, amount in split.items()) + ".",
    }
    plan.headline = {"sv": f"{case.id}: beviljat {kronor(granted, 'sv')}",
                     "en": f"{case.id}: granted {kronor(granted, 'en')}"}
    history = [history_entry("decide", case.stage.key, case.stage.key, by,
                             _join(summary[lang], note), ref)]
    plan.edit = _edit(None, {"decision": decision}, history)
    return finish(plan)


def applied_total(fund: Fund, case: CaseDir) -> int | None:
    """Σ ``costs[].amount`` of the case's application (None: no readable costs)."""
    path = case.document("application")
    if path is None:
        return None
    model = read_once(fund, path, "application").model
    amounts: list[int] = [item["amount"] for item in (model or {}).get("costs") or []
                          if isinstance(item, dict) and isinstance(item.get("amount"), int)]
    return sum(amounts) if amounts else None


def _join(summary: str, note: str | None) -> str:
    return f"{summary} {note}".strip() if note else summary


def _edit(stage: str | None, blocks: dict[str, dict[str, Any]],
          history: list[dict[str, Any]]) -> CaseEdit:
    return CaseEdit(stage=stage, blocks=blocks, history=history)


def _split(fund: Fund, case: CaseDir, file: str, total: int, per_year: dict[int, int] | None,
           plan: Plan) -> dict[int, int]:
    found = span(fund, case, {})
    application = case.document("application")
    if found is None:
        plan.blockers.append(make(file, "decision-no-period", "decision.per_year",
                                  document=fund.rel(application) if application
                                  else "application.yaml"))
        return per_year or {}
    years = list(range(found[0].year, found[1].year + 1))
    years_text = f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])
    if per_year is None:
        if len(years) == 1:
            return {years[0]: total}
        share, rest = divmod(total, len(years))
        example = ",".join(f"{year}={share + (rest if index == 0 else 0)}"
                           for index, year in enumerate(years))
        plan.blockers.append(make(file, "decision-split-missing", "decision.per_year",
                                  years=years_text, example=example))
        return {}
    label = {"sv": "Fördelning per år", "en": "Split per year"}
    for year in per_year:
        if year not in years:
            plan.blockers.append(make(file, "year-outside-period", f"decision.per_year.{year}",
                                      label=label, year=year, years=years_text))
    if sum(per_year.values()) != total:
        plan.blockers.append(make(file, "per-year-sum", "decision.per_year", total=total,
                                  sum=sum(per_year.values())))
    return per_year


def over_budget(fund: Fund, case: CaseDir, file: str, split: dict[int, int]) -> list[Finding]:
    """Warnings where a year's grant exceeds what fund.yaml leaves for that year."""
    from socinv.fund.once import refuse_duplicates

    refuse_duplicates(fund)
    allocated = _by_year(fund.settings.get("allocations"), "year", "amount")
    rebudgeted = _by_year(fund.settings.get("rebudgeting"), "to_year", "amount")
    granted: dict[int, int] = {}
    for name, grants in _grants(fund).items():
        if name != case.id:
            for year, amount in grants.items():
                granted[year] = granted.get(year, 0) + amount
    findings = []
    for year, amount in split.items():
        available = allocated.get(year, 0) - granted.get(year, 0) - rebudgeted.get(year, 0)
        if amount > available:
            findings.append(make(file, "decision-over-budget", f"decision.per_year.{year}",
                                 year=year, amount=_kr(amount), available=_kr(available),
                                 allocated=_kr(allocated.get(year, 0)),
                                 granted=_kr(granted.get(year, 0)),
                                 rebudgeted=_kr(rebudgeted.get(year, 0))))
    return findings


def _grants(fund: Fund) -> dict[str, dict[int, int]]:
    """Each case's granted kronor by year, as far as they still count (a case aborted or
    withdrawn keeps the years up to its end). Kept in the user's cache for the fund, each
    case under the stat signature of its ``case.yaml`` (as the validation cache keeps
    findings): a decision reads only the case files that changed since the last one."""
    from socinv import usercache

    key = usercache.key_of("grants", str(fund.root),
                           usercache.profile_digest(fund.profile.raw),
                           usercache.code_stamp("fund/decision.py", "validation.py", "rules",
                                                "model", "io"))
    kept = usercache.load("grants", key)
    before: dict[str, tuple[tuple[int, ...], dict[int, int]]] = \
        kept if isinstance(kept, dict) else {}
    now: dict[str, tuple[tuple[int, ...], dict[int, int]]] = {}
    for other in fund.cases():
        path = other.path / CASE_FILE
        try:
            status = path.stat()
        except OSError:
            continue
        signature = (status.st_size, status.st_mtime_ns, status.st_ctime_ns, status.st_ino)
        known = before.get(other.id)
        if known is not None and known[0] == signature:
            now[other.id] = known
        elif path.is_file():
            now[other.id] = (signature, _granted_of(read_once(fund, path, "case").model or {}))
    if now != before:
        usercache.store("grants", key, now, bound=256)
    return {name: grants for name, (_, grants) in now.items()}


def _granted_of(model: dict[str, Any]) -> dict[int, int]:
    decision = model.get("decision") or {}
    if decision.get("outcome") != "granted":
        return {}
    closing = model.get("closing") or {}
    last = None
    if closing.get("outcome") in ("aborted", "withdrawn") and isinstance(
            closing.get("date"), dt.date):
        last = closing["date"].year
    return {year: amount for year, amount in (decision.get("per_year") or {}).items()
            if last is None or year <= last}


def _kr(amount: int) -> dict[str, str]:
    return {"sv": kronor(amount, "sv"), "en": kronor(amount, "en")}


def _by_year(rows: Any, year_key: str, amount_key: str) -> dict[int, int]:
    result: dict[int, int] = {}
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict):
            continue
        try:
            year, amount = parse_year(row.get(year_key)), parse_amount(row.get(amount_key))
        except BadValue:
            continue  # reported by socinv validate on fund.yaml
        result[year] = result.get(year, 0) + amount
    return result
