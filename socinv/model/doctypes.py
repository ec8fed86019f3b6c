"""Which document a file is: from its fixed name, or a Swedish/English name people use."""

from __future__ import annotations

import re
from pathlib import Path

#: a report file's name: YEAR-KIND, the kind one of the profile's periods (interim, tertial1 …)
REPORT_NAME = re.compile(r"([0-9]{4})-([a-z][a-z0-9_]{0,31})")
_EXACT = {
    "idea": "idea", "application": "application", "final_report": "final_report",
    "project_plan": "project_plan", "case": "case", "fund": "fund", "unit_costs": "unit_costs",
}
_WORDS = {
    "idea": ("idea", "ide", "idé", "ideprovning", "idéprövning", "ideskiss", "idéskiss"),
    "application": ("application", "ansokan", "ansökan", "beslutsunderlag", "ansokning",
                    "ansökning"),
    "final_report": ("final_report", "slutrapport", "slutredovisning", "final"),
    "project_plan": ("project_plan", "projektplan", "plan"),
    "report": ("report", "rapport", "lagesrapport", "lägesrapport", "delrapport",
               "arsrapport", "årsrapport", "interim", "annual", "redovisning"),
}
TYPES = ("idea", "application", "report", "final_report", "project_plan")
DOCUMENT_SUFFIXES = (".yaml", ".yml", ".docx")


def type_from_name(path: Path) -> str | None:
    stem = path.name
    for suffix in (*DOCUMENT_SUFFIXES, ".xlsx"):
        if stem.lower().endswith(suffix):
            stem = stem[: -len(suffix)]
            break
    lowered = stem.lower()
    if lowered in _EXACT:
        return _EXACT[lowered]
    if REPORT_NAME.fullmatch(lowered):
        return "report"
    tokens = [token for token in re.split(r"[-_ .]+", lowered) if token]
    if "final" in tokens and "report" in tokens:
        return "final_report"
    for doc_type, words in _WORDS.items():
        if any(token in words for token in tokens):
            return doc_type
    return None


def type_from_keys(keys: set[str]) -> str | None:
    """A guess from the fields a document has, for files with an unhelpful name."""
    if {"method", "costs", "period", "cost_reduction"} & keys:
        return "application"
    if {"need", "expected_effects", "criteria"} & keys:
        return "idea"
    if {"activities", "progress", "effects_achieved"} & keys:
        return "report"
    if {"effects_target_group", "comparison", "recommendation"} & keys:
        return "final_report"
    if {"project_leader", "project_group", "timeline"} & keys:
        return "project_plan"
    return None
