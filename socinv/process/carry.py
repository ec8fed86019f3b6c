"""Carry-over: what an approved idea already says goes into the new application.

The title, the parties (name, kind, role, majority ownership), the target group, the
need as the start of the problem analysis, and the novelty. The applicant goes on
from there instead of retyping it.
"""

from __future__ import annotations

from typing import Any

from socinv.fund.fund import CaseDir, Fund
from socinv.rules.checks import Context
from socinv.validation import check_document

_PARTY_KEYS = ("name", "kind", "role", "majority_owned")


def from_idea(fund: Fund, case: CaseDir) -> dict[str, Any]:
    """The application's prefill from the case's idea (empty without a readable idea)."""
    path = case.document("idea")
    if path is None:
        return {}
    idea = check_document(path, "idea", fund.profile, fund.rel(path), Context()).model or {}
    prefill: dict[str, Any] = {}
    if idea.get("title"):
        prefill["title"] = idea["title"]
    parties = [{key: party[key] for key in _PARTY_KEYS if party.get(key) is not None}
               for party in idea.get("parties") or [] if isinstance(party, dict)]
    if any(party.get("name") for party in parties):
        prefill["parties"] = [party for party in parties if party.get("name")]
    description = (idea.get("target_group") or {}).get("description")
    if description:
        prefill["target_group"] = {"description": description}
    if idea.get("need"):
        prefill["problem_analysis"] = idea["need"]
    if idea.get("novelty"):
        prefill["novelty"] = idea["novelty"]
    return prefill
