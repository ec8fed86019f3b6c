"""How a stage and a case's outcome are named to the user (``status`` prints them for every
case, so they live apart from the workflow and its gates)."""

from __future__ import annotations

from socinv.i18n import Lang, pick
from socinv.profiles.loader import Stage

OUTCOME_WORDS = {
    "implemented": ("implementerad", "implemented"),
    "partly_implemented": ("delvis implementerad", "partly implemented"),
    "not_implemented": ("inte implementerad", "not implemented"),
    "rejected": ("avslag", "rejected"),
    "withdrawn": ("återkallad", "withdrawn"),
    "aborted": ("avbruten", "aborted"),
}


def outcome_word(outcome: str, lang: Lang) -> str:
    words = OUTCOME_WORDS.get(outcome)
    return (words[1] if lang == "en" else words[0]) if words else outcome


def stage_name(stage: Stage, lang: Lang) -> str:
    return pick(stage.label, lang) or stage.key
