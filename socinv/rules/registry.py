"""What a profile may name: document rules with their parameters, and stage gates.

The rule functions live in ``checks.py``; this module only knows names and
parameter shapes, so loading a profile does not import the checks.
"""

from __future__ import annotations

from typing import Any

from socinv.model.schema import PARTY_KINDS

#: parameter name → kind, per rule ("int", "texts", "bool", "kinds", "alternatives",
#: "kind_texts", "kind_flag", "keys", "number")
RULE_PARAMS: dict[str, dict[str, str]] = {
    "period_years": {"min": "number", "max": "number"},
    "age_range": {"min": "int", "max": "int"},
    "parties": {
        "requirement": "texts",
        "alternatives": "alternatives",
        "not_eligible": "kind_texts",
        "conditions": "kind_flag",
    },
    "costs_per_year": {"cover_period": "bool"},
    "cost_reduction": {},
    "criteria": {"keys": "keys"},
    "deviation_comment": {"threshold_percent": "number"},
    "annual_required": {"fields": "keys"},
    # not checks of the document itself: when it is due (status, new report, close)
    "project_plan_due": {"days": "int", "before_first_report": "bool"},
    "reports_before_close": {"blocking": "bool"},
}

#: gate name → what its argument is (checked by the workflow)
GATES: dict[str, str] = {
    "document_valid": "document type",
    "criteria_met": "bool",
    "decision": "granted|rejected",
    "closing_outcome": "list of outcomes",
    "step": "step key",
    "step_position": "{step, position}",
}


def check_params(rule: str, params: Any) -> tuple[str, str] | None:
    """None when ``params`` fit the rule, else (key, problem)."""
    spec = RULE_PARAMS[rule]
    if params in (None, True, "true"):
        params = {}
    if not isinstance(params, dict):
        return "", "ska vara en samling parametrar / must be a mapping of parameters"
    for key, value in params.items():
        kind = spec.get(key)
        if kind is None:
            allowed = ", ".join(sorted(spec)) or "inga"
            return key, f"okänd parameter; tillåtna är {allowed} / unknown parameter"
        problem = _check_value(kind, value)
        if problem:
            return key, problem
    return None


def _check_value(kind: str, value: Any) -> str | None:
    if kind == "int":
        return None if str(value).lstrip("-").isdigit() else "ska vara ett heltal"
    if kind == "number":
        try:
            float(str(value))
        except ValueError:
            return "ska vara ett tal / must be a number"
        return None
    if kind == "bool":
        return None if str(value).lower() in {"true", "false"} else "ska vara true eller false"
    if kind == "texts":
        ok = isinstance(value, str) or (isinstance(value, dict) and set(value) <= {"sv", "en"})
        return None if ok else "ska vara text, eller {sv: …, en: …}"
    if kind == "keys":
        ok = isinstance(value, list) and all(isinstance(item, str) for item in value)
        return None if ok else "ska vara en lista med fältnamn"
    if kind in ("kind_texts", "kind_flag"):
        if not isinstance(value, dict):
            return "ska vara en samling aktörsslag: värde"
        unknown = [key for key in value if key not in PARTY_KINDS]
        return f"okänt aktörsslag {unknown[0]}; tillåtna är {', '.join(PARTY_KINDS)}" \
            if unknown else None
    if kind == "alternatives":
        return _check_alternatives(value)
    return None  # pragma: no cover - every kind above is handled


def _check_alternatives(value: Any) -> str | None:
    problem = "ska vara en lista av alternativ, vart och ett en lista av {kinds: [...], min: N}"
    if not isinstance(value, list) or not value:
        return problem
    for alternative in value:
        if not isinstance(alternative, list) or not alternative:
            return problem
        for need in alternative:
            if not isinstance(need, dict) or set(need) != {"kinds", "min"}:
                return problem
            kinds = need["kinds"]
            if not isinstance(kinds, list) or any(kind not in PARTY_KINDS for kind in kinds):
                return f"kinds ska vara aktörsslag bland {', '.join(PARTY_KINDS)}"
            if not str(need["min"]).isdigit():
                return "min ska vara ett heltal"
    return None
