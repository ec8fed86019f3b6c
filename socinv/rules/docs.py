"""``python -m socinv.rules.docs > docs/rules.md``: the rule catalogue as a page."""

from __future__ import annotations

from socinv.rules.catalogue import RULES


def render() -> str:
    lines = [
        "# Regelkoder / Rule codes",
        "",
        "Genererad ur `socinv/rules/catalogue.py` – redigera inte för hand.",
        "Generated from `socinv/rules/catalogue.py` – do not edit by hand.",
        "",
        "Ord som `{process_group}` och `{decision_body_short}` skrivs med profilens egna ord "
        "(`vocabulary:`, se docs/profiles.md). Words such as `{process_group}` are written "
        "in the profile's own words.",
        "",
        "| kod / code | nivå / severity | rubrik | title |",
        "| --- | --- | --- | --- |",
    ]
    for code, rule in RULES.items():
        lines.append(f"| [`{code}`](#{code}) | {rule.severity} | {rule.title['sv']} | "
                     f"{rule.title['en']} |")
    for code, rule in RULES.items():
        lines += [
            "",
            f"## {code}",
            "",
            f"**{rule.title['sv']}** ({rule.severity}). {rule.explanation['sv']}",
            "",
            f"Meddelande: {rule.message['sv']}",
            "",
            f"*{rule.title['en']}.* {rule.explanation['en']} Message: {rule.message['en']}",
        ]
    return "\n".join(lines) + "\n"


if __name__ == "__main__":
    print(render(), end="")
