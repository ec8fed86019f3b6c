"""The memo's words: field names inside sentences, parties counted in words, names in text.

A profile's label is a heading or a question ("Hur ska målgruppen identifieras"); inside
the memo's sentences the field needs its own phrase ("hur målgruppen ska identifieras").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from socinv.i18n import Lang

if TYPE_CHECKING:
    from socinv.fund.fund import Fund

#: what each field shows in the sentence "Bedömt utifrån …" (a label is a heading or a
#: question: "Hur ska målgruppen identifieras" cannot stand inside a sentence)
BASIS_TEXT: dict[str, tuple[str, str]] = {
    "period": ("tidsperioden", "the period"),
    "costs": ("kostnaden per år", "the cost per year"),
    "method": ("metoden", "the method"),
    "target_group": ("målgruppen", "the target group"),
    "measurement_plan": ("mätplanen", "the measurement plan"),
    "problem_analysis": ("problemanalysen och nulägesbeskrivningen",
                         "the problem analysis and current situation"),
    "target_group.description": ("målgruppen", "the target group"),
    "target_group.identification": ("hur målgruppen ska identifieras",
                                    "how the target group is to be identified"),
    "novelty": ("vad som är nytt", "what is new"),
    "method.evidence": ("referenserna till forskning och beprövad erfarenhet",
                        "the references to research and proven practice"),
    "parties": ("de medverkande parterna", "the parties taking part"),
    "effects": ("effekterna för målgruppen", "the effects for the target group"),
    "cost_reduction": ("de minskade kostnaderna", "the cost reductions"),
}

#: a kind of party counted in words: (sv singular with article, sv plural, en singular,
#: en plural)
_KIND_WORDS: dict[str, tuple[str, str, str, str]] = {
    "committee": ("en nämnd", "nämnder", "one committee", "committees"),
    "administration": ("en förvaltning", "förvaltningar", "one administration",
                       "administrations"),
    "municipal_company": ("ett kommunalt bolag", "kommunala bolag", "one municipal company",
                          "municipal companies"),
    "public_actor": ("en annan offentlig aktör", "andra offentliga aktörer",
                     "one other public actor", "other public actors"),
    "civil_society": ("en civilsamhällesaktör", "civilsamhällesaktörer",
                      "one civil-society actor", "civil-society actors"),
    "company": ("ett vinstdrivande företag", "vinstdrivande företag", "one for-profit company",
                "for-profit companies"),
}
_NUMBERS = {"sv": ("", "", "två", "tre", "fyra", "fem", "sex", "sju", "åtta", "nio", "tio"),
            "en": ("", "", "two", "three", "four", "five", "six", "seven", "eight", "nine",
                   "ten")}
#: the last word of a committee's or an administration's name in its definite form: such a
#: name is written in lower case inside a sentence ("uppdra åt socialnämnden"), a proper
#: name ("Ljusdals kommun", "Region Skåne") never
_COMMON_ENDINGS = ("nämnden", "förvaltningen", "styrelsen", "kontoret", "avdelningen",
                   "enheten", "utskottet", "verksamheten", "staben", "sektorn")


def counted(kind: str, count: int, fund: Fund, lang: Lang) -> str:
    words = _KIND_WORDS.get(kind)
    if words is None:
        return f"{count} × {fund.profile.choice_label(kind, lang)}"
    one, many = (words[0], words[1]) if lang == "sv" else (words[2], words[3])
    if count == 1:
        return one
    number = _NUMBERS[lang][count] if count < len(_NUMBERS[lang]) else str(count)
    return f"{number} {many}"


def join_words(items: list[str], lang: Lang) -> str:
    word = " och " if lang == "sv" else " and "
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + word + items[-1]


def ucfirst(text: str) -> str:
    return text[:1].upper() + text[1:]


def in_sentence(name: str, lang: Lang) -> str:
    """A committee's or administration's name inside a Swedish sentence: "socialnämnden";
    a proper name keeps its capitals ("Ljusdals kommun", "Region Skåne, barnhälsovården")."""
    words = name.split()
    if lang == "sv" and words and words[-1].lower().endswith(_COMMON_ENDINGS) \
            and not any(word[:1].isupper() for word in words[1:]):
        return name[:1].lower() + name[1:]
    return name
