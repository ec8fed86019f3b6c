"""Document rules that relate fields to each other, parameterised by the profile.

Each check reads its parameters from ``documents.<type>.rules.<name>`` in the
profile; a rule the profile does not name does not run. No number in this file
is a rule parameter: they all come from the profile.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from socinv.rules.context import Context
from socinv.rules.fields import Checker

Model = dict[str, Any]
Check = Callable[[Checker, Model, dict[str, Any], "Context"], None]


def _years_text(years: list[int]) -> str:
    return f"{years[0]}–{years[-1]}" if len(years) > 1 else str(years[0])


def period_years_of(model: Model) -> list[int] | None:
    period = model.get("period") or {}
    start, end = period.get("start"), period.get("end")
    if not isinstance(start, dt.date) or not isinstance(end, dt.date) or end < start:
        return None
    return list(range(start.year, end.year + 1))


def check_period_years(checker: Checker, model: Model, params: dict[str, Any],
                       ctx: Context) -> None:
    period = model.get("period") or {}
    start, end = period.get("start"), period.get("end")
    if not isinstance(start, dt.date) or not isinstance(end, dt.date):
        return
    if end < start:
        checker.add("period-order", ("period", "end"), start=start.isoformat(),
                    end=end.isoformat())
        return
    years = ((end - start).days + 1) / 365.25
    low, high = float(params.get("min", 0)), float(params.get("max", 1000))
    tolerance = 7 / 365.25  # a week either way: "2 år" from 2027-01-15 to 2029-01-10 is 2 years
    if years < low - tolerance or years > high + tolerance:
        checker.add("period-length", ("period", "end"), start=start.isoformat(),
                    end=end.isoformat(),
                    years={"sv": f"{years:.1f}".replace(".", ","), "en": f"{years:.1f}"},
                    min=_number(low), max=_number(high))


def _number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else str(value).replace(".", ",")


def check_age_range(checker: Checker, model: Model, params: dict[str, Any],
                    ctx: Context) -> None:
    group = model.get("target_group") or {}
    low, high = int(params.get("min", 0)), int(params.get("max", 200))
    age_min, age_max = group.get("age_min"), group.get("age_max")
    for key, value in (("age_min", age_min), ("age_max", age_max)):
        if isinstance(value, int) and not low <= value <= high:
            checker.add("age-range", ("target_group", key),
                        label=checker.label(f"target_group.{key}"), value=value, min=low,
                        max=high)
    if isinstance(age_min, int) and isinstance(age_max, int) and age_min > age_max:
        checker.add("age-order", ("target_group", "age_min"), min=age_min, max=age_max)


def check_parties(checker: Checker, model: Model, params: dict[str, Any],
                  ctx: Context) -> None:
    parties = model.get("parties") or []
    not_eligible: dict[str, Any] = params.get("not_eligible") or {}
    conditions: dict[str, str] = params.get("conditions") or {}
    counted: list[str] = []
    distinct = str(params.get("distinct", True)).lower() not in ("false", "no")
    seen: set[tuple[str, str]] = set()
    for index, party in enumerate(parties):
        kind = party.get("kind")
        if not kind:
            continue
        same = (" ".join(str(party.get("name") or "").casefold().split()), str(kind))
        if distinct and same[0] and same in seen:
            continue  # the same committee listed twice counts once
        seen.add(same)
        label = checker.profile.choice_labels.get(kind, {"sv": kind, "en": kind})
        name = party.get("name") or "?"
        if kind in not_eligible:
            hint = not_eligible[kind]
            checker.add("party-not-eligible", ("parties", index, "kind"), name=name, kind=label,
                        hint=hint if isinstance(hint, dict | str) else "")
            continue
        condition = conditions.get(kind)
        if condition and party.get(condition) is not True:
            checker.add("party-condition", ("parties", index, condition), name=name,
                        kind=label, condition=condition)
            continue
        counted.append(kind)
    alternatives: list[list[dict[str, Any]]] = params.get("alternatives") or []
    if not alternatives or not model.get("parties"):
        return  # a missing parties list is already reported as missing
    if any(all(sum(kind in need["kinds"] for kind in counted) >= int(need["min"])
               for need in alternative) for alternative in alternatives):
        return
    found = {lang: ", ".join(
        f"{counted.count(kind)} {checker.profile.choice_label(kind, lang)}"
        for kind in dict.fromkeys(counted)) or {"sv": "inga godkända aktörer",
                                                 "en": "no eligible parties"}[lang]
        for lang in ("sv", "en")}
    checker.add("party-rule", ("parties",), requirement=params.get("requirement") or "",
                found=found)


def check_costs_per_year(checker: Checker, model: Model, params: dict[str, Any],
                         ctx: Context) -> None:
    years = period_years_of(model)
    costs = model.get("costs") or []
    seen: set[int] = set()
    label = checker.label("costs")
    for index, row in enumerate(costs):
        year = row.get("year")
        if not isinstance(year, int):
            continue
        if year in seen:
            checker.add("duplicate-year", ("costs", index, "year"), label=label, year=year)
        seen.add(year)
        if years and year not in years:
            checker.add("year-outside-period", ("costs", index, "year"), label=label,
                        year=year, years=_years_text(years))
    if years and costs and str(params.get("cover_period", True)).lower() == "true":
        for year in years:
            if year not in seen:
                checker.add("costs-missing-year", ("costs",), year=year,
                            years=_years_text(years))


def check_cost_reduction(checker: Checker, model: Model, params: dict[str, Any],
                         ctx: Context) -> None:
    reduction = model.get("cost_reduction") or {}
    for index, unit in enumerate(reduction.get("units") or []):
        path = ("cost_reduction", "units", index)
        direct = unit.get("amount_per_year") is not None
        by_unit = unit.get("unit_cost") is not None or unit.get("count_per_year") is not None
        complete_unit = unit.get("unit_cost") is not None and unit.get("count_per_year") is not None
        if (direct == by_unit or (by_unit and not complete_unit)) \
                and not checker.has_invalid(path):
            checker.add("reduction-unit-form", path)
    period = reduction.get("period") or {}
    first, last = period.get("from"), period.get("to")
    if isinstance(first, int) and isinstance(last, int) and first > last:
        checker.add("savings-period-order", ("cost_reduction", "period", "to"),
                    from_year=first, to_year=last)
        return
    from socinv import economics

    rate = ctx.discount_rate if ctx.discount_rate is not None else economics.DEFAULT_DISCOUNT_RATE
    defaults = economics.SavingsDefaults.from_profile(checker.profile.economics)
    for issue in economics.issues(model, ctx.unit_costs, discount_rate=rate, defaults=defaults):
        checker.add(issue.code, issue.path, **issue.params)


def check_criteria(checker: Checker, model: Model, params: dict[str, Any],
                   ctx: Context) -> None:
    criteria = model.get("criteria") or {}
    for key in params.get("keys") or list(criteria):
        assessed = criteria.get(key) or {}
        label = checker.label(f"criteria.{key}")
        if assessed.get("met") is None:
            checker.add("criteria-not-assessed", ("criteria", key), label=label)
        elif assessed.get("met") is False:
            checker.add("criterion-not-met", ("criteria", key, "met"), label=label)


def check_deviation_comment(checker: Checker, model: Model, params: dict[str, Any],
                            ctx: Context) -> None:
    """At year end the outcome, at any other period the whole year's forecast, against the
    year's budget (``finance.budget``; validate also checks it against the case's budget
    for the year, :func:`socinv.fund.budget.year_budget`)."""
    finance = model.get("finance") or {}
    budget = finance.get("budget")
    if not isinstance(budget, int) or finance.get("comment"):
        return
    finding = deviation_finding(model, budget, params)
    if finding is not None:
        code, values = finding
        checker.add(code, ("finance", "comment"), **values)


def is_interim(model: Model) -> bool:
    """Any report period other than the annual one is an interim period."""
    period = str(model.get("period") or "")
    return bool(period) and not period.endswith("-annual")


def deviation_finding(model: Model, budget: int, params: dict[str, Any]
                      ) -> tuple[str, dict[str, Any]] | None:
    """The deviation rule's finding for ``budget`` (None: within the threshold)."""
    finance = model.get("finance") or {}
    interim = is_interim(model)
    compared = finance.get("forecast" if interim else "outcome")
    if not isinstance(compared, int):
        return None
    threshold = float(params.get("threshold_percent", 10))
    deviation = abs(compared - budget)
    if deviation * 100 <= threshold * budget:
        return None
    percent = round(deviation * 100 / budget) if budget else 100
    values: dict[str, Any] = {"budget": budget, "percent": percent,
                              "threshold": _number(threshold)}
    if interim:
        return "forecast-deviation-comment", {**values, "forecast": compared}
    return "deviation-comment", {**values, "outcome": compared}


def check_outcomes(checker: Checker, model: Model, params: dict[str, Any],
                   ctx: Context) -> None:
    """Realised savings: amount, or a known unit cost × count; the basis and the judgement
    of each effect's result when the profile asks for them (``rules: outcomes``)."""
    import difflib

    for index, row in enumerate(model.get("realised_savings") or []):
        path = ("realised_savings", index)
        if not isinstance(row, dict) or checker.has_invalid(path):
            continue
        direct = row.get("amount") is not None
        counted = row.get("count") is not None
        key = row.get("unit_cost")
        if (direct and counted) or (counted and not key):
            checker.add("realised-row-form", path)
            continue
        if counted and ctx.unit_costs is not None and isinstance(key, str) \
                and key not in ctx.unit_costs:
            close = difflib.get_close_matches(key, [str(k) for k in ctx.unit_costs], n=1,
                                              cutoff=0.5)
            checker.add("unknown-unit-cost", (*path, "unit_cost"), value=key,
                        suggestion={"sv": f" Menade du {close[0]}?",
                                    "en": f" Did you mean {close[0]}?"} if close else "")
        if _yes(params.get("basis")) and (direct or counted) and _blank(row.get("basis")):
            checker.add("missing", (*path, "basis"),
                        label=checker.label("realised_savings[].basis"),
                        hint={"sv": "Ange underlaget för den realiserade besparingen.",
                              "en": "Give the basis of the realised saving."})
    if not _yes(params.get("judged")):
        return
    for index, row in enumerate(model.get("effects_achieved") or []):
        if isinstance(row, dict) and not _blank(row.get("result")) \
                and row.get("target_met") is None \
                and not checker.has_invalid(("effects_achieved", index, "target_met")):
            checker.add("missing", ("effects_achieved", index, "target_met"),
                        label=checker.label("effects_achieved[].target_met"),
                        hint={"sv": "Skriv ja eller nej: nåddes målvärdet?",
                              "en": "Write yes or no: was the target reached?"})


def _yes(value: Any) -> bool:
    """A profile's yes (the loader keeps the YAML's scalars as text)."""
    return value is True or str(value).strip().lower() in {"true", "yes", "ja"}


def check_annual_required(checker: Checker, model: Model, params: dict[str, Any],
                          ctx: Context) -> None:
    period = str(model.get("period") or "")
    if not period.endswith("-annual"):
        return
    for key in params.get("fields") or []:
        if _blank(_value_at(model, key)):
            checker.add("missing", tuple(key.split(".")), label=checker.label(key),
                        hint={"sv": "Krävs i varje årsrapport.",
                              "en": "Required in every annual report."})


def _kr(amount: int) -> dict[str, str]:
    from socinv.i18n import kronor

    return {"sv": kronor(amount, "sv"), "en": kronor(amount, "en")}


def _sums(rows: Any) -> dict[int, int]:
    """Amount per year of ``{year, amount}`` rows that have both."""
    sums: dict[int, int] = {}
    for row in rows or []:
        year, amount = row.get("year"), row.get("amount")
        if isinstance(year, int) and isinstance(amount, int):
            sums[year] = sums.get(year, 0) + amount
    return sums


def check_amount_limits(checker: Checker, model: Model, params: dict[str, Any],
                        ctx: Context) -> None:
    costs = _sums(model.get("costs"))
    if not costs:
        return
    per_year = params.get("max_per_year")
    if per_year is not None:
        for year, amount in sorted(costs.items()):
            if amount > int(per_year):
                checker.add("amount-per-year", ("costs",), year=year, amount=_kr(amount),
                            limit=_kr(int(per_year)))
    total = sum(costs.values())
    high, low = params.get("max_total"), params.get("min_total")
    if high is not None and total > int(high):
        checker.add("amount-total-over", ("costs",), amount=_kr(total), limit=_kr(int(high)))
    if low is not None and total < int(low):
        checker.add("amount-total-under", ("costs",), amount=_kr(total), limit=_kr(int(low)))


def check_co_financing(checker: Checker, model: Model, params: dict[str, Any],
                       ctx: Context) -> None:
    fund = sum(_sums(model.get("costs")).values())
    own = sum(_sums(model.get("co_financing")).values())
    if fund + own <= 0:
        return  # no costs: reported as missing elsewhere
    minimum = float(params.get("min_share_percent", 0))
    share = own * 100 / (fund + own)
    if share + 1e-9 < minimum:
        checker.add("co-financing-share", ("co_financing",), own=_kr(own),
                    total=_kr(fund + own), share={"sv": f"{share:.1f}".replace(".", ","),
                                                  "en": f"{share:.1f}"},
                    min=_number(minimum))


def _value_at(model: Model, path: str) -> Any:
    value: Any = model
    for part in path.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value


def _blank(value: Any) -> bool:
    return value is None or value == "" or value == [] or value == {}


def check_required_if(checker: Checker, model: Model, params: dict[str, Any],
                      ctx: Context) -> None:
    for condition in params.get("fields") or []:
        target = str(condition["field"])
        if condition.get("unless") is not None:
            _required_unless(checker, model, target, str(condition["unless"]))
            continue
        if condition.get("when") is None:
            continue
        when = str(condition["when"])
        decider = _value_at(model, when)
        if _blank(decider):
            continue
        shown = "ja" if decider is True else "nej" if decider is False else str(decider)
        wanted = [condition["equals"]] if condition.get("equals") is not None \
            else condition.get("one_of") or []
        if wanted and str(decider).lower() not in {str(item).lower() for item in wanted}:
            continue
        if not _blank(_value_at(model, target)) or checker.has_invalid(tuple(target.split("."))):
            continue
        label = checker.label(target)
        when_label = checker.label(when)
        value = checker.profile.choice_labels.get(str(decider)) if isinstance(decider, str) \
            else None
        checker.add("required-if", tuple(target.split(".")), label=label, when=when_label,
                    value=value or {"sv": shown, "en": str(decider).lower()
                                    if isinstance(decider, bool) else shown})


def _required_unless(checker: Checker, model: Model, target: str, unless: str) -> None:
    """``target`` is required while ``unless`` is blank (an older report's text stands in)."""
    if not _blank(_value_at(model, unless)) or not _blank(_value_at(model, target)) \
            or checker.has_invalid(tuple(target.split("."))):
        return
    checker.add("required-unless", tuple(target.split(".")), label=checker.label(target),
                unless=checker.label(unless))


CHECKS: dict[str, Check] = {
    "period_years": check_period_years,
    "age_range": check_age_range,
    "parties": check_parties,
    "costs_per_year": check_costs_per_year,
    "cost_reduction": check_cost_reduction,
    "criteria": check_criteria,
    "deviation_comment": check_deviation_comment,
    "annual_required": check_annual_required,
    "outcomes": check_outcomes,
    "amount_limits": check_amount_limits,
    "co_financing": check_co_financing,
    "required_if": check_required_if,
}


def check_period_required(checker: Checker, model: Model) -> None:
    """A report fills in what its period requires (``reporting.periods[].required``)."""
    year, _, kind = str(model.get("period") or "").partition("-")
    period = checker.profile.cadence.get(kind) if year.isdigit() else None
    if period is None:
        return
    already = {f.field for f in checker.findings if f.code == "missing"}
    for key in period.required:
        if key not in already and not _filled(model, key):
            label = period.label
            checker.add("missing", tuple(key.split(".")), label=checker.label(key),
                        hint={"sv": f"Krävs i rapporten för {_lower(label.get('sv', kind))}.",
                              "en": f"Required in the report for "
                                    f"{_lower(label.get('en') or label.get('sv', kind))}."})


def _filled(model: Model, key: str) -> bool:
    value: Any = model
    for part in key.split("."):
        value = value.get(part) if isinstance(value, dict) else None
    return value not in (None, "", [], {})


def _lower(text: str) -> str:
    return text[:1].lower() + text[1:]


def run_rules(checker: Checker, model: Model, ctx: Context) -> None:
    for name, params in checker.doc.rules.items():
        check = CHECKS.get(name)
        if check is not None:
            check(checker, model, params, ctx)
    if checker.doc.type == "report":
        check_period_required(checker, model)
