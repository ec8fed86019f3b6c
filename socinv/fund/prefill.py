"""What a new report form already knows: the facts from the case record, per form.

A progress report shows its period in words, the year's budget from the decision and
the outcome the earlier reports give; a final report shows the granted amount and
the effects the application expected (its effects and its measurement plan). The
YAML template prints these facts in its opening comment, the Word form in a shaded
table above the first heading: the reader takes no answers from either.
"""

from __future__ import annotations

from typing import Any

from socinv.fund.budget import YearBudget
from socinv.fund.fund import CaseDir, Fund
from socinv.fund.gates import CaseState
from socinv.i18n import Lang, kronor

Facts = list[tuple[str, str]]


def _pick(lang: Lang, sv: str, en: str) -> str:
    return sv if lang == "sv" else en


def report_facts(fund: Fund, case: CaseDir, state: CaseState, name: str, year: int,
                 money: YearBudget, budget: int | None, lang: Lang, period: bool = True
                 ) -> Facts:
    """A progress report's facts: the period in words (``period``; the Word form has it
    as its answer), the year's money, the outcome before the year."""
    facts: Facts = [(_pick(lang, "Rapportperiod", "Reporting period"),
                     fund.profile.cadence.period_text(name, lang))] if period else []
    ref = str(state.decision.get("ref") or "")
    if isinstance(budget, int):
        facts.append((_pick(lang, f"Beviljat {year} enligt beslutet {ref}",
                            f"Granted for {year} by the decision {ref}").strip(),
                      kronor(money.granted, lang)))
        if money.rebudgeted_in:
            facts.append((_pick(lang, "Ombudgeterat från föregående år",
                                "Re-budgeted from the previous year"),
                          kronor(money.rebudgeted_in, lang)))
        facts.append((_pick(lang, f"Budget för {year} (beviljat + ombudgeterat)",
                            f"Budget for {year} (granted + re-budgeted)"),
                      kronor(budget, lang)))
    before = outcome_before(fund, case, state, year)
    if before is not None:
        facts.append((_pick(lang, f"Utfall till och med {year - 1} enligt tidigare rapporter",
                            f"Outcome up to {year - 1} by the earlier reports"),
                      _pick(lang, f"{kronor(before, lang)}. Utfall hittills för hela "
                                  "investeringen = detta belopp + periodens utfall.",
                            f"{kronor(before, lang)}. Outcome to date for the whole "
                            "investment = this amount + the period's outcome.")))
    return facts


def final_facts(fund: Fund, case: CaseDir, state: CaseState, application: dict[str, Any],
                lang: Lang) -> Facts:
    """A final report's facts: the grant as decided and the effects the application
    expected, with the outcome the reports give so far."""
    facts: Facts = []
    decision = state.decision
    total = decision.get("total")
    if isinstance(total, int):
        where = ", ".join(str(part) for part in (decision.get("ref"), decision.get("date"))
                          if part)
        per_year = decision.get("per_year") or {}
        years = "; ".join(f"{year}: {kronor(amount, lang)}" for year, amount in
                          per_year.items() if isinstance(amount, int))
        facts.append((_pick(lang, "Beviljat totalt", "Granted in total"),
                      kronor(total, lang) + (f" ({where})" if where else "")
                      + (f"\n{years}" if years else "")))
    effects = [_effect_line(effect, lang) for effect in application.get("effects") or []
               if isinstance(effect, dict) and effect.get("description")]
    if effects:
        facts.append((_pick(lang, "Förväntade effekter enligt ansökan",
                            "Expected effects in the application"), "\n".join(effects)))
    plan = [_plan_line(row, lang) for row in application.get("measurement_plan") or []
            if isinstance(row, dict) and row.get("goal")]
    if plan:
        facts.append((_pick(lang, "Mätplanens mål och utfallsmått",
                            "The measurement plan's goals and outcome measures"),
                      "\n".join(plan)))
    spent = _spent(fund, case, state)
    if spent is not None:
        facts.append((_pick(lang, "Utfall hittills enligt rapporterna",
                            "Outcome to date by the reports"), kronor(spent, lang)))
    return facts


def outcome_before(fund: Fund, case: CaseDir, state: CaseState, year: int) -> int | None:
    """The outcome the reports of the years before ``year`` give (None: none does)."""
    from socinv.fund.status import _report_models, spent

    _, reports = _report_models(fund, case, state)
    earlier = {key: model for key, model in reports.items()
               if key[:4].isdigit() and int(key[:4]) < year}
    return spent(fund, case, state, (None, earlier)) if earlier else None


def _spent(fund: Fund, case: CaseDir, state: CaseState) -> int | None:
    from socinv.fund.status import spent

    return spent(fund, case, state)


def _effect_line(effect: dict[str, Any], lang: Lang) -> str:
    line = _sentence(str(effect["description"]))
    if effect.get("measure"):
        line += _pick(lang, " Mäts med: ", " Measured by: ") + _sentence(str(effect["measure"]))
    return f"– {line}"


def _plan_line(row: dict[str, Any], lang: Lang) -> str:
    line = _sentence(str(row["goal"]))
    if row.get("outcome_measure"):
        line += _pick(lang, " Utfallsmått: ", " Outcome measure: ") + _sentence(
            str(row["outcome_measure"]))
    return f"– {line}"


def _sentence(text: str) -> str:
    text = " ".join(text.split())
    return text if text.endswith((".", "!", "?")) else f"{text}."
