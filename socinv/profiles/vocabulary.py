"""The organisation's own words: who decides, who prepares, what the organisation is called.

A municipality's fund goes to "Kommunstyrelsen (KS)", a region's to "Regionstyrelsen
(RS)" or to a named committee; one fund's preparing group is "Processgruppen",
another's "Beredningsgruppen". A profile names them under ``vocabulary:``; every
message, memo and annex takes them from here. Each term has four forms, derived
from its name unless the profile gives them:

- ``name``: as it begins a sentence ("Kommunstyrelsen", "The municipal board");
- ``text``: inside a sentence ("till kommunstyrelsen", "to the municipal board");
- ``genitive``: inside a sentence ("kommunstyrelsens beslut", "the municipal board's");
- ``short``: the short form in references ("KS § 87").

In a message or a template a term is ``{decision_body}`` (name), ``{decision_body_text}``,
``{decision_body_genitive}``, ``{Decision_body_genitive}`` (genitive at the start of a
sentence) and ``{decision_body_short}``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from socinv.i18n import Lang, pick

Texts = dict[str, str]
FORMS = ("name", "text", "genitive", "short")

#: term → (what it names, sv and en, for the docs; its default name; its default short form)
TERMS: dict[str, tuple[Texts, Texts, Texts]] = {
    "organisation": (
        {"sv": "organisationen som driver fonden, i bestämd form (Kommunen, Regionen)",
         "en": "the organisation that runs the fund, in its definite form"},
        {"sv": "Kommunen", "en": "The municipality"}, {}),
    "organisation_kind": (
        {"sv": "slaget av organisation, som rubrik (Kommun, Region)",
         "en": "what kind of organisation it is, as a heading (Kommun, Region)"},
        {"sv": "Kommun", "en": "Municipality"}, {}),
    "decision_body": (
        {"sv": "organet som beslutar om medel, slutrapporter och avslut",
         "en": "the body that decides on grants, final reports and closing"},
        {"sv": "Kommunstyrelsen", "en": "The municipal board"}, {"sv": "KS", "en": "KS"}),
    "council": (
        {"sv": "fullmäktige, som beslutar om budget och reserveringar",
         "en": "the assembly that decides the budget (allocations, reservations)"},
        {"sv": "Kommunfullmäktige", "en": "The municipal council"}, {"sv": "KF", "en": "KF"}),
    "process_group": (
        {"sv": "gruppen som stöttar sökande och bedömer idéer och ansökningar",
         "en": "the group that supports applicants and assesses ideas and applications"},
        {"sv": "Processgruppen", "en": "The process group"}, {}),
    "management_group": (
        {"sv": "ledningsgruppen som tar ställning innan styrelsen beslutar",
         "en": "the management group that takes positions before the board"},
        {"sv": "Kommunledningsgruppen", "en": "The municipal management group"},
        {"sv": "KLG", "en": "KLG"}),
    "steering_group": (
        {"sv": "en styrgrupp som bereder vilka projekt som går vidare",
         "en": "a steering group that prepares which projects go on"},
        {"sv": "Styrgruppen", "en": "The steering group"}, {}),
}


@dataclass(frozen=True)
class Term:
    """A word of a profile's vocabulary and its forms."""

    name: Texts
    text: Texts
    genitive: Texts
    short: Texts


def _lcfirst(text: str, lang: str) -> str:
    if lang == "en":
        return "the " + text[4:] if text.startswith("The ") else text
    return text[:1].lower() + text[1:]


def _genitive(text: str, lang: str) -> str:
    if lang == "en":
        return text + ("'" if text.endswith("s") else "'s")
    return text if text.endswith(("s", "x", "z")) else text + "s"


def term(name: Texts, text: Texts | None = None, genitive: Texts | None = None,
         short: Texts | None = None) -> Term:
    """A term with the forms the profile did not give derived from its name."""
    inside = {lang: (text or {}).get(lang) or _lcfirst(value, lang) for lang, value in name.items()}
    return Term(
        name=dict(name),
        text=inside,
        genitive={lang: (genitive or {}).get(lang) or _genitive(value, lang)
                  for lang, value in inside.items()},
        short=dict(short or {}),
    )


@dataclass(frozen=True)
class Vocabulary:
    """The words a profile uses for its bodies and documents."""

    terms: Mapping[str, Term]

    def get(self, key: str) -> Term:
        return self.terms[key]

    def placeholders(self, lang: Lang) -> dict[str, str]:
        """Every term in every form, for messages and templates (a new dict each call, which
        the caller may change; made once a language: every finding's message asks)."""
        made: dict[str, dict[str, str]] = self.__dict__.setdefault("_made_placeholders", {})
        values = made.get(lang)
        if values is None:
            values = made[lang] = self._placeholders(lang)
        return dict(values)

    def _placeholders(self, lang: Lang) -> dict[str, str]:
        values: dict[str, str] = {}
        for key, item in self.terms.items():
            values[key] = pick(item.name, lang)
            values[f"{key}_text"] = pick(item.text, lang)
            values[f"{key}_genitive"] = pick(item.genitive, lang)
            genitive = values[f"{key}_genitive"]
            values[f"{key[:1].upper()}{key[1:]}_genitive"] = genitive[:1].upper() + genitive[1:]
            values[f"{key}_short"] = pick(item.short, lang) or values[key]
        return values

    def for_template(self, lang: Lang) -> dict[str, dict[str, str]]:
        """``terms.decision_body.text`` and so on, for Jinja templates."""
        result: dict[str, dict[str, str]] = {}
        for key, item in self.terms.items():
            forms = {form: pick(getattr(item, form), lang) for form in FORMS}
            forms["short"] = forms["short"] or forms["name"]
            genitive = forms["genitive"]
            forms["genitive_start"] = genitive[:1].upper() + genitive[1:]
            result[key] = forms
        return result


DEFAULT = Vocabulary({key: term(name, short=short) for key, (_, name, short) in TERMS.items()})


def build(raw: Any, texts: Any) -> Vocabulary:
    """``vocabulary:`` from a merged profile, whose shape the declared format (``spec.py``)
    has checked already (known terms and forms, ``name`` given). ``texts(value, where)``
    reads {sv, en}."""
    if not isinstance(raw, dict):
        return DEFAULT
    terms = dict(DEFAULT.terms)
    for key, value in raw.items():
        where = f"vocabulary.{key}"
        if value is None or key not in TERMS:
            continue
        if isinstance(value, str) or set(value) <= {"sv", "en"}:
            terms[key] = term(texts(value, where))  # a new name: "KS" no longer fits it
            continue
        forms = {form: texts(value.get(form), f"{where}.{form}") for form in FORMS}
        terms[key] = term(forms["name"], forms["text"] or None, forms["genitive"] or None,
                          forms["short"] or None)
    return Vocabulary(terms)
