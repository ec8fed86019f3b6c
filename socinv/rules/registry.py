"""What a profile may name: document rules with their typed parameters, and stage gates.

Each rule and gate is declared once, here, with its documentation and the shape of
its parameters (``socinv.model.declare`` nodes). The profile loader checks a
profile's ``rules`` and ``gates`` against these declarations when it loads, the
JSON Schema and ``docs/profiles.md`` are generated from them. The rule functions
live in ``checks.py``, so loading a profile does not import the checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from socinv.model.declare import Map, Node, Seq, Value
from socinv.model.schema import AUTHORED, OUTCOMES, PARTY_KINDS


@dataclass(frozen=True, eq=False)
class RuleSpec:
    """A rule a profile may set: its names and parameters."""

    sv: str
    en: str
    params: Map
    #: document types the rule can check
    documents: tuple[str, ...] = AUTHORED
    #: fields the rule adds to the document when a profile uses it:
    #: model path → (type, label sv, label en); the loader adds them to the document tree
    adds: tuple[tuple[str, str, str, str], ...] = field(default_factory=tuple)


def _number(sv: str, en: str, low: float | None = 0, high: float | None = None) -> Value:
    return Value(sv, en, "number", minimum=low, maximum=high)


def _int(sv: str, en: str, low: float | None = 0, high: float | None = None) -> Value:
    return Value(sv, en, "int", minimum=low, maximum=high)


_TEXTS = Value("Text, eller {sv: …, en: …}.", "A text, or {sv: …, en: …}.", "texts")
_KINDS = Seq("Aktörsslag.", "Party kinds.",
             Value("", "", "enum", choices=PARTY_KINDS), min_items=1)

RULES: dict[str, RuleSpec] = {
    "period_years": RuleSpec(
        "Tidsperioden (`period.start`–`period.end`): start före slut och längden i år inom "
        "min–max (en veckas marginal).",
        "The period (`period.start`–`period.end`): start before end and the length in years "
        "within min–max (a week's margin).",
        Map(keys={"min": _number("Kortaste längd i år.", "Shortest length in years."),
                  "max": _number("Längsta längd i år.", "Longest length in years.")},
            ordered=(("min", "max"),), shorthand=True),
        documents=("application",)),
    "age_range": RuleSpec(
        "Målgruppens ålder (`target_group.age_min`, `age_max`) inom min–max.",
        "The target group's ages (`target_group.age_min`, `age_max`) within min–max.",
        Map(keys={"min": _int("Lägsta ålder.", "Lowest age.", 0, 150),
                  "max": _int("Högsta ålder.", "Highest age.", 0, 150)},
            ordered=(("min", "max"),), shorthand=True),
        documents=("idea", "application")),
    "parties": RuleSpec(
        "Vilka som måste medverka (`parties[]`). Samma namn och slag två gånger räknas en "
        "gång.",
        "Who must take part (`parties[]`). The same name and kind listed twice counts once.",
        Map(keys={
            "requirement": Value("Kravet i riktlinjens ord (visas i meddelandet).",
                                 "The requirement in the guideline's words (shown in the "
                                 "message).", "texts"),
            "alternatives": Seq(
                "Alternativ, vart och ett en lista av krav `{kinds: [...], min: N}`; "
                "ett uppfyllt alternativ räcker.",
                "Alternatives, each a list of needs `{kinds: [...], min: N}`; one "
                "alternative met is enough.",
                Seq("", "", Map("Krav: minst `min` aktörer av slagen `kinds`.",
                                "Need: at least `min` parties of the kinds `kinds`.",
                                keys={"kinds": _KINDS,
                                      "min": _int("Minsta antal.", "Smallest number.")},
                                required=("kinds", "min")), min_items=1), min_items=1),
            "not_eligible": Map(
                "Aktörsslag som inte får medverka → förklaring.",
                "Party kinds that may not take part → explanation.",
                values=_TEXTS, key_name="KIND", key_choices=PARTY_KINDS),
            "conditions": Map(
                "Aktörsslag → ja/nej-fält i `parties[]` som måste vara true för att aktören "
                "ska räknas (t.ex. `municipal_company: majority_owned`).",
                "Party kind → yes/no field of `parties[]` that must be true for the party to "
                "count (e.g. `municipal_company: majority_owned`).",
                values=Value("", "", "field", ref="parties"), key_name="KIND",
                key_choices=PARTY_KINDS),
            "distinct": Value("Räkna samma namn och slag en gång (standard true).",
                              "Count the same name and kind once (default true).", "bool",
                              default=True),
        }, shorthand=True),
        documents=("idea", "application")),
    "costs_per_year": RuleSpec(
        "Kostnaderna (`costs[]`): ett år en gång, inom perioden, och (med `cover_period`) "
        "varje år i perioden.",
        "The costs (`costs[]`): each year once, within the period, and (with "
        "`cover_period`) every year of the period.",
        Map(keys={"cover_period": Value("Varje år i perioden måste ha en rad.",
                                        "Every year of the period needs a row.", "bool",
                                        default=True)}, shorthand=True),
        documents=("application",)),
    "cost_reduction": RuleSpec(
        "Kostnadsminskningen (`cost_reduction`): varje rad antingen belopp per år eller "
        "enhetskostnad × antal; perioden i ordning; kalkylen räknas.",
        "The cost reduction (`cost_reduction`): each row either an amount per year or a "
        "unit cost × count; the period in order; the calculation is made.",
        Map(shorthand=True), documents=("application",)),
    "criteria": RuleSpec(
        "Processgruppens kriterier i idén: `keys` namnger dem (hur många som helst). Varje "
        "nyckel blir fältet `criteria.KEY` med `met` (ja/nej) och `comment`; etikett och "
        "fråga ges under `fields: criteria.KEY`. Grinden `criteria_met` kräver alla.",
        "The process group's criteria in the idea: `keys` names them (any number). Each "
        "key becomes the field `criteria.KEY` with `met` (yes/no) and `comment`; label and "
        "question go under `fields: criteria.KEY`. The gate `criteria_met` needs them all.",
        Map(keys={"keys": Seq("Kriteriernas nycklar.", "The criteria's keys.",
                              Value("", "", "name"), min_items=1)}, shorthand=True),
        documents=("idea",)),
    "deviation_comment": RuleSpec(
        "Rapportens utfall mot budget (`finance`): en avvikelse över tröskeln kräver "
        "`finance.comment`.",
        "The report's outcome against budget (`finance`): a deviation above the threshold "
        "needs `finance.comment`.",
        Map(keys={"threshold_percent": _number("Tröskel i procent (standard 10).",
                                               "Threshold in percent (default 10).")},
            shorthand=True),
        documents=("report",)),
    "outcomes": RuleSpec(
        "Realiserade besparingar och effekter i rapporter och slutrapport: varje "
        "besparingsrad antingen `amount` eller `unit_cost` × `count` (som i ansökan), med "
        "känd enhetskostnad; med `basis` krävs underlaget för varje mätt rad, med `judged` "
        "krävs `target_met` (målet nått ja/nej) för varje effekt med resultat. En rad utan "
        "belopp och antal är inte mätt, aldrig 0.",
        "Realised savings and effects in reports and the final report: each savings row "
        "either an `amount` or a `unit_cost` × `count` (as in the application), with a known "
        "unit cost; with `basis` every measured row needs its basis, with `judged` every "
        "effect with a result needs `target_met` (target met yes/no). A row without amount "
        "and count is not measured, never 0.",
        Map(keys={"basis": Value("Underlaget krävs för varje mätt besparing.",
                                 "The basis is required for every measured saving.", "bool"),
                  "judged": Value("Målet nått (ja/nej) krävs för varje resultat.",
                                  "Target met (yes/no) is required for every result.",
                                  "bool")}, shorthand=True),
        documents=("report", "final_report")),
    "annual_required": RuleSpec(
        "Fält som krävs i varje årsrapport (period `ÅÅÅÅ-annual`).",
        "Fields required in every annual report (period `YYYY-annual`).",
        Map(keys={"fields": Seq("Fältens sökvägar (inte inne i en lista).",
                                "The fields' paths (not inside a list).",
                                Value("", "", "field", ref="plain"), min_items=1)},
            shorthand=True),
        documents=("report",)),
    "amount_limits": RuleSpec(
        "Beloppsgränser för det som söks ur fonden (`costs[]`): per år, totalt per ärende "
        "och lägsta totalbelopp. Medfinansiering räknas inte.",
        "Amount limits on what is sought from the fund (`costs[]`): per year, in total per "
        "case and a smallest total. Co-financing does not count.",
        Map(keys={
            "max_per_year": _int("Högsta belopp ett enskilt år, kr.",
                                 "Largest amount in any one year, kr."),
            "max_total": _int("Högsta totalbelopp per ärende, kr.",
                              "Largest total per case, kr."),
            "min_total": _int("Lägsta totalbelopp per ärende, kr.",
                              "Smallest total per case, kr."),
        }, ordered=(("min_total", "max_total"),)),
        documents=("application",)),
    "co_financing": RuleSpec(
        "Egen- eller medfinansiering: `co_financing[]` (`party`, `year`, `amount`) ska vara "
        "minst `min_share_percent` % av satsningens hela kostnad (fondens `costs` + "
        "medfinansieringen). Regeln lägger till fältet `co_financing`; i kalkylen räknas "
        "medfinansieringen som kostnad, så återbetalningstid och nuvärde inte förskönas.",
        "Own or co-financing: `co_financing[]` (`party`, `year`, `amount`) must be at least "
        "`min_share_percent` % of the investment's whole cost (the fund's `costs` + the "
        "co-financing). The rule adds the field `co_financing`; the calculation counts "
        "co-financing as a cost, so payback and net present value are not flattered.",
        Map(keys={"min_share_percent": _number("Lägsta andel i procent.",
                                               "Smallest share in percent.", 0, 100)},
            required=("min_share_percent",)),
        documents=("application",),
        adds=(("co_financing", "list", "Egen- och medfinansiering", "Own and co-financing"),
              ("co_financing[].party", "text", "Part", "Party"),
              ("co_financing[].year", "year", "År", "Year"),
              ("co_financing[].amount", "amount", "Belopp (kr)", "Amount (kr)"))),
    "required_if": RuleSpec(
        "Fält som krävs bara när ett annat fält har ett värde (eller ett av vissa värden).",
        "Fields required only when another field has a value (or one of some values).",
        Map(keys={"fields": Seq(
            "En rad per villkor.", "One row per condition.",
            Map("`field` krävs när `when` har ett värde; med `equals` eller `one_of` bara "
                "när värdet är just det; med `unless` när det fältet är tomt.",
                "`field` is required when `when` has a value; with `equals` or `one_of` "
                "only when the value is that; with `unless` when that field is blank.",
                keys={"field": Value("Fältet som krävs (inte inne i en lista).",
                                     "The field required (not inside a list).", "field",
                                     ref="plain"),
                      "when": Value("Fältet som avgör (inte inne i en lista).",
                                    "The field that decides (not inside a list).", "field",
                                    ref="plain"),
                      "unless": Value("I stället för `when`: `field` krävs när detta fält "
                                      "är tomt (t.ex. en lista som ersätter en äldre text).",
                                      "Instead of `when`: `field` is required when this "
                                      "field is blank (e.g. a list that replaces an older "
                                      "text).", "field", ref="plain"),
                      "equals": Value("Värdet som gör fältet obligatoriskt.",
                                      "The value that makes the field required.", "any"),
                      "one_of": Seq("Värdena som gör fältet obligatoriskt.",
                                    "The values that make the field required.",
                                    Value("", "", "any"), min_items=1)},
                required=("field",)), min_items=1)}, required=("fields",)),
        documents=AUTHORED),
    "project_plan_due": RuleSpec(
        "När projektplanen ska finnas för ett pågående ärende: `days` dagar efter beslutet "
        "(ett fel i status därefter), och (med `before_first_report`) innan den första "
        "rapporten skrivs. Ingen kontroll av dokumentet självt.",
        "When the project plan is due for an active case: `days` days after the decision "
        "(an error in status after that), and (with `before_first_report`) before the "
        "first report is written. No check of the document itself.",
        Map(keys={"days": _int("Dagar efter beslutet.", "Days after the decision.", 0, 3650),
                  "before_first_report": Value("Planen krävs före första rapporten.",
                                               "The plan is needed before the first report.",
                                               "bool")}, shorthand=True),
        documents=("project_plan",)),
    "reports_before_close": RuleSpec(
        "Försenade rapporter när ärendet avslutas: en varning, eller (med `blocking`) ett "
        "hinder.",
        "Overdue reports when the case is closed: a warning, or (with `blocking`) a "
        "blocker.",
        Map(keys={"blocking": Value("Försenade rapporter hindrar avslut.",
                                    "Overdue reports block closing.", "bool")},
            shorthand=True),
        documents=("final_report",)),
}

#: parameter names per rule (kept for callers of the earlier registry)
RULE_PARAMS: dict[str, tuple[str, ...]] = {
    name: tuple(spec.params.keys) for name, spec in RULES.items()}


@dataclass(frozen=True, eq=False)
class GateSpec:
    """A gate a profile may set: its names and argument."""

    sv: str
    en: str
    argument: Node


#: gate name → its argument (checked when the profile is loaded)
GATE_SPECS: dict[str, GateSpec] = {
    "document_valid": GateSpec(
        "Dokumentet finns och har inga fel.", "The document exists and has no errors.",
        Value("Dokumenttypen.", "The document type.", "enum", choices=AUTHORED)),
    "criteria_met": GateSpec(
        "Processgruppen har bedömt idéns alla kriterier som uppfyllda (true).",
        "The process group has judged all the idea's criteria met (true).",
        Value("true eller false.", "true or false.", "bool")),
    "decision": GateSpec(
        "Ärendets beslut (`case.yaml: decision.outcome`) är detta.",
        "The case's decision (`case.yaml: decision.outcome`) is this.",
        Value("granted eller rejected.", "granted or rejected.", "enum",
              choices=("granted", "rejected"))),
    "closing_outcome": GateSpec(
        "Utfallet vid avslut är ett av dessa.", "The closing outcome is one of these.",
        Seq("Tillåtna utfall.", "The outcomes allowed.",
            Value("", "", "enum", choices=OUTCOMES), min_items=1)),
    "step": GateSpec(
        "Steget (`steps[].key`) är registrerat för ärendet (`socinv record`), av varje part "
        "när steget tas av var och en.",
        "The step (`steps[].key`) is recorded for the case (`socinv record`), by every "
        "party when each takes it.",
        Value("Stegets nyckel.", "The step's key.", "name")),
    "step_position": GateSpec(
        "Steget är registrerat med ställningstagandet (`for`, `against`, `noted`, eller en "
        "lista av dem).",
        "The step is recorded with the position (`for`, `against`, `noted`, or a list).",
        Map(keys={"step": Value("Stegets nyckel.", "The step's key.", "name"),
                  "position": Value("Ställningstagandet eller en lista.",
                                    "The position or a list.", "any")},
            required=("step", "position"))),
}

#: gate name → what its argument is (kept for callers of the earlier registry)
GATES: dict[str, str] = {name: spec.en for name, spec in GATE_SPECS.items()}
