"""The profile format, declared once.

Every key a profile may hold is declared here with its type and its meaning. The
loader checks a profile against this declaration (``check.py``), ``socinv profile
schema`` prints it as JSON Schema and ``docs/profiles.md`` is generated from it
(``docgen.py``). Adding a key to the format is one entry here (and the code that
uses it); the checks, the schema and the docs follow.
"""

from __future__ import annotations

from dataclasses import replace

from socinv.model.declare import Map, Node, Seq, Value
from socinv.model.schema import AUTHORED, STAGE_KEYS
from socinv.profiles.vocabulary import TERMS
from socinv.rules.registry import GATE_SPECS, RULES

#: the types a profile may give a field it adds (``documents.X.fields.PATH.type``)
FIELD_TYPES = ("text", "int", "count", "amount", "number", "date", "year", "bool", "choice",
               "list", "group", "texts")
#: report kinds every fund knows (a profile may name others: tertial1, q3 …)
REPORT_KINDS = ("interim", "annual")

#: each vocabulary term and what it names, in both languages
VOCABULARY_TERMS = {key: (f"{what['sv'][:1].upper()}{what['sv'][1:]}.",
                         f"{what['en'][:1].upper()}{what['en'][1:]}.")
                    for key, (what, _, _) in TERMS.items()}

_TEXTS = Value("Text, eller `{sv: …, en: …}` för båda språken.",
               "A text, or `{sv: …, en: …}` for both languages.", "texts")


def _texts(sv: str, en: str) -> Value:
    return Value(sv, en, "texts")


FIELD = Map(
    "Texter och krav för ett fält i innehållsmodellen, eller ett fält som profilen lägger "
    "till (med `type`). `null` tar bort fältet ur mallarna.",
    "Texts and requirements of a field of the content model, or a field the profile adds "
    "(with `type`). `null` removes the field from the templates.",
    keys={
        "label": _texts("Fältets rubrik.", "The field's heading."),
        "question": _texts("Frågan som mallen ställer.", "The question the template asks."),
        "guidance": _texts("Riktlinjens vägledning under frågan.",
                           "The guideline's guidance under the question."),
        "required": Value("Fältet krävs (true/false).", "The field is required (true/false).",
                          "bool", default=False),
        "min_items": Value("Minsta antal rader i en lista.", "Smallest number of rows of a list.",
                           "int", minimum=0),
        "type": Value(
            "Bara för ett fält som profilen lägger till: `text`, `int` (= `count`, heltal ≥ 0), "
            "`amount` (kronor), `number`, `date`, `year`, `bool`, `choice` (med `choices`), "
            "`list` (rader; underfälten som `PATH[].KEY`), `group` (underfält som "
            "`PATH.KEY`), `texts` (lista av texter). Inbyggda fält behåller sin typ.",
            "Only for a field the profile adds: `text`, `int` (= `count`, whole number ≥ 0), "
            "`amount` (kronor), `number`, `date`, `year`, `bool`, `choice` (with `choices`), "
            "`list` (rows; the sub-fields as `PATH[].KEY`), `group` (sub-fields as "
            "`PATH.KEY`), `texts` (a list of texts). Built-in fields keep their type.",
            "enum", choices=FIELD_TYPES),
        "choices": Value(
            "För `type: choice`: en lista av värden, eller värde → etikett (`{sv, en}`).",
            "For `type: choice`: a list of values, or value → label (`{sv, en}`).",
            "choices"),
        "after": Value(
            "För ett tillagt fält: syskonfältet som det ska stå efter (i YAML och som "
            "avsnitt i Word); standard sist i sin grupp. Sökvägen avgör gruppen "
            "(`target_group.region` står i avsnittet Målgrupp).",
            "For an added field: the sibling it follows (in YAML and as a section in Word); "
            "by default last in its group. The path decides the group "
            "(`target_group.region` stands in the target group section).", "name"),
    })

DOCUMENT = Map(
    "Ett dokument som människor skriver.", "A document people write.",
    keys={
        "label": _texts("Dokumentets namn.", "The document's name."),
        "intro": _texts("Inledningen överst i mallen.", "The introduction atop the template."),
        "fields": Map(
            "Fält → texter och krav. Nyckeln är fältets sökväg i innehållsmodellen "
            "(`target_group.description`, `costs[].amount`) eller ett nytt fält.",
            "Field → texts and requirements. The key is the field's path in the content "
            "model (`target_group.description`, `costs[].amount`) or a new field.",
            values=FIELD, key_name="PATH", key_is_field=True),
        "rules": Map(
            "Regler som dokumentet kontrolleras mot, med parametrar.",
            "Rules the document is checked against, with parameters.",
            keys={name: Map(spec.sv, spec.en, keys=spec.params.keys,
                            required=spec.params.required, shorthand=spec.params.shorthand,
                            ordered=spec.params.ordered)
                  for name, spec in RULES.items()}),
    })

GATE = Map(
    "En grind: ett villkor som måste hålla för att ärendet ska få gå vidare.",
    "A gate: a condition that must hold for the case to move on.",
    keys={name: replace(spec.argument, sv=f"{spec.sv} {spec.argument.sv}",
                        en=f"{spec.en} {spec.argument.en}")
          for name, spec in GATE_SPECS.items()},
    one_key=True)

PROFILE = Map(
    "En regelprofil: en kommuns eller regions riktlinje som data.",
    "A rule profile: a municipality's or region's guideline as data.",
    required=("stages",),
    keys={
        "socinv_profile": Value("Formatets version: 1.", "The format's version: 1.", "int",
                                minimum=1, maximum=1),
        "id": Value("Profilens namn (standard: filnamnet).",
                    "The profile's name (default: the file name).", "text"),
        "extends": Value(
            "Profilen bygger på en annan: `ystad`, `heby`, `base` eller en sökväg (relativ "
            "till denna fil). Samlingar slås ihop nyckel för nyckel; `null` tar bort en "
            "nyckel; listor ersätts.",
            "The profile builds on another: `ystad`, `heby`, `base` or a path (relative to "
            "this file). Mappings merge key by key; `null` removes a key; lists replace.",
            "text"),
        "name": _texts("Profilens namn i mallar och underlag.",
                       "The profile's name in templates and papers."),
        "source": _texts("Riktlinjen som profilen bygger på.",
                         "The guideline the profile is written from."),
        "municipality": Value("Kommunens eller regionens namn.",
                              "The municipality's or region's name.", "text"),
        "language": Value("Standardspråk: sv eller en.", "Default language: sv or en.",
                          "enum", choices=("sv", "en"), default="sv"),
        "placeholders": Seq("Texter som räknas som tomma (\"fyll i\").",
                            "Texts that count as empty (\"fill in\").", Value("", "", "text")),
        "choice_labels": Map("Etiketter för valvärden (aktörsslag, rekommendationer …).",
                             "Labels of choice values (party kinds, recommendations …).",
                             values=_TEXTS, key_name="VALUE"),
        "stages": Seq(
            "Stegen i ordning; ett ärende ligger i stegets mapp.",
            "The stages in order; a case lies in its stage's folder.",
            Map("", "", keys={
                "key": Value("Steget.", "The stage.", "enum", choices=STAGE_KEYS),
                "dir": Value("Mappens namn (utan snedstreck).",
                             "The folder's name (no slashes).", "text"),
                "label": _texts("Stegets namn.", "The stage's name."),
            }, required=("key", "dir")), min_items=1),
        "transitions": Seq(
            "Tillåtna steg framåt och deras grindar.",
            "The moves allowed and their gates.",
            Map("", "", keys={
                "from": Value("Från steget.", "From the stage.", "enum", choices=STAGE_KEYS),
                "to": Value("Till steget.", "To the stage.", "enum", choices=STAGE_KEYS),
                "label": _texts("Övergångens namn.", "The move's name."),
                "gates": Seq("Grindarna; alla måste hålla.", "The gates; all must hold.", GATE),
            }, required=("from", "to"))),
        "reporting": Map(
            "Rapportkalendern för pågående ärenden.", "The reporting calendar of active cases.",
            keys={
                "grace_days": Value("Dagar efter förfallodagen innan en rapport är försenad.",
                                    "Days after the due date before a report is late.",
                                    "int", minimum=0, maximum=366),
                "periods": Seq("Rapporterna varje år, hur många som helst (delår, tertial, "
                               "kvartal, årsbokslut).",
                               "The reports each year, as many as needed (interim, tertials, "
                               "quarters, annual).", Map(
                    "", "", keys={
                        "kind": Value("Periodens nyckel: små bokstäver, siffror och _ (t.ex. "
                                      "interim, tertial1, q3, annual). Rapportfilen heter "
                                      "reports/ÅÅÅÅ-KIND. annual är årsbokslutet.",
                                      "The period's key: lowercase letters, digits and _ (e.g. "
                                      "interim, tertial1, q3, annual). The report file is "
                                      "reports/YYYY-KIND. annual is the year-end.", "name"),
                        "due": Value("Per vilken dag rapporten avser, \"MM-DD\".",
                                     "The day the report is as of, \"MM-DD\".", "mmdd"),
                        "label": _texts("Rapportens namn.", "The report's name."),
                        "grace_days": Value("Dagar efter dagen innan just denna rapport är "
                                            "försenad (standard: avsnittets grace_days).",
                                            "Days after the date before this report is late "
                                            "(default: the section's grace_days).", "int",
                                            minimum=0, maximum=366),
                        "required": Seq("Rapportfält som krävs just i denna periods rapport "
                                        "(Heby: human_gains, economic_gains i årsrapporten).",
                                        "Report fields required in this period's report "
                                        "(Heby: human_gains, economic_gains annually).",
                                        Value("", "", "text")),
                    }, required=("kind", "due"))),
            }),
        "vocabulary": Map(
            "Organisationens egna ord, i meddelanden, beslutsunderlag och bilagor. Varje term "
            "är en text (`{sv, en}`, som en mening börjar: \"Regionstyrelsen\") eller "
            "`{name, text, genitive, short}`; de former som inte anges härleds ur name.",
            "The organisation's own words, in messages, memos and annexes. Each term is a text "
            "(`{sv, en}`, as a sentence begins: \"The regional board\") or "
            "`{name, text, genitive, short}`; forms not given are derived from name.",
            keys={key: Map(*doc, texts_shorthand=True, required=("name",), keys={
                "name": _texts("Som en mening börjar (\"Kommunstyrelsen\").",
                               "As a sentence begins (\"The municipal board\")."),
                "text": _texts("Inne i en mening (\"kommunstyrelsen\"); standard: name med "
                               "liten begynnelsebokstav.",
                               "Inside a sentence (\"the municipal board\"); default: name "
                               "in lower case."),
                "genitive": _texts("Genitiv inne i en mening (\"kommunstyrelsens\").",
                                   "Genitive inside a sentence (\"the municipal board's\")."),
                "short": _texts("Kort form i referenser (\"KS\" i \"KS § 87\").",
                                "Short form in references (\"KS\" in \"KS § 87\")."),
            }) for key, doc in VOCABULARY_TERMS.items()}),
        "steps": Seq(
            "Beredningens steg: vem som tar ställning, yttrar sig, undertecknar eller "
            "informeras, i vilka steg, och vad det villkorar (`socinv record` registrerar). "
            "Övergångarnas grindar `step` och `step_position` namnger dem.",
            "The preparation's steps: who takes a position, comments, signs or is informed, "
            "in which stages, and what it gates (`socinv record` records them). The "
            "transitions' gates `step` and `step_position` name them.",
            Map("", "", keys={
                "key": Value("Stegets nyckel (t.ex. management_group).",
                             "The step's key (e.g. management_group).", "name"),
                "label": _texts("Stegets namn i meningar (\"yttrande\").",
                                "The step's name in sentences (\"view\")."),
                "who": Value("Vem som tar steget: en grupp ur vocabulary (management_group, "
                             "steering_group, process_group, decision_body, council) eller "
                             "each_party / each_committee bland ansökans parter.",
                             "Who takes it: a group of the vocabulary (management_group, "
                             "steering_group, process_group, decision_body, council) or "
                             "each_party / each_committee among the application's parties.",
                             "enum", choices=("management_group", "steering_group",
                                              "process_group", "decision_body", "council",
                                              "each_party", "each_committee")),
                "kind": Value("Slag: position (för/emot/noterat), comment, sign_off, "
                              "information.",
                              "Kind: position (for/against/noted), comment, sign_off, "
                              "information.", "enum",
                              choices=("position", "comment", "sign_off", "information")),
                "stages": Seq("Stegen där det tas.", "The stages it is taken in.",
                              Value("", "", "enum", choices=STAGE_KEYS), min_items=1),
                "priority": Value("Ställningstagandet kan ge en prioritering (--priority).",
                                  "The position may carry a priority (--priority).", "bool"),
                "gates": Seq("Vad steget villkorar utöver övergångar: `decide` (med "
                             "`position`) eller `{close: [utfall]}`.",
                             "What it gates besides transitions: `decide` (with "
                             "`position`) or `{close: [outcomes]}`.", Value("", "", "any")),
            }, required=("key", "who", "kind", "stages"))),
        "rounds": Map(
            "Beslutstillfällen: hur många gånger om året styrelsen tar upp ansökningar, och "
            "om ett senare tillfälle bara hålls när medel återstår.",
            "Rounds: how many times a year the board takes up applications, and whether a "
            "later one is held only when funds remain.",
            keys={"per_year": Value("Högst så många tillfällen om året (0: ingen gräns).",
                                    "At most this many a year (0: no limit).", "int",
                                    minimum=0, maximum=12),
                  "later_needs_funds": Value("Ett senare tillfälle kräver återstående medel.",
                                             "A later round needs funds left.", "bool")}),
        "financing": Map(
            "Hur fonden finansieras (docs/reports.md visar båda med exempel).",
            "How the fund is financed (docs/reports.md shows both with an example).",
            keys={"model": Value(
                "`equity_reserve` (Ystad): en reservering av tidigare års överskott i eget "
                "kapital (fund.yaml: reserve) och ett årligt anslag (allocations) som "
                "projekten får sin budget ur; balanskravsutredningen lägger tillbaka det "
                "ianspråktagna. `budget_allocation` (Heby): medel avsätts i budgeten varje år "
                "(allocations); ingen reservering, ingen balanskravsjustering.",
                "`equity_reserve` (Ystad): a reservation of earlier years' surpluses in "
                "equity (fund.yaml: reserve) and a yearly budget reserve (allocations) the "
                "projects get their budget from; the balance-requirement reconciliation adds "
                "back what was used. `budget_allocation` (Heby): money set aside in the "
                "budget each year (allocations); no reservation, no balance-requirement "
                "adjustment.", "enum", choices=("equity_reserve", "budget_allocation"),
                default="equity_reserve")}),
        "repayment": Map(
            "Återföring: en andel av de realiserade besparingarna går tillbaka till fonden "
            "genom att ramen minskas för den nämnd där besparingen uppstår. En överföring, "
            "inte en besparing.",
            "Repayment: a share of the realised savings goes back to the fund by reducing the "
            "frame of the committee where the saving arises. A transfer, not a saving.",
            required=("share_percent",), keys={
                "share_percent": Value("Andel som återförs, procent (över 0, högst 100).",
                                       "Share returned, per cent (above 0, at most 100).",
                                       "number", minimum=0, maximum=100),
                "from": Value("Räknat från projektets första (start) eller sista (end) år.",
                              "Counted from the project's first (start) or last (end) year.",
                              "enum", choices=("start", "end"), default="end"),
                "offset_years": Value("Första året med återföring, år efter from.",
                                      "The first year of repayment, years after from.", "int",
                                      minimum=0, maximum=20, default=1),
                "years": Value("Hur många år återföringen pågår (standard: så länge "
                               "besparingar rapporteras).",
                               "How many years repayment runs (default: as long as savings "
                               "are reported).", "int", minimum=1, maximum=50),
                "label": _texts("Vad fonden kallar det (standard Återföring / Repayment).",
                                "What the fund calls it (default Återföring / Repayment)."),
            }),
        "economics": Map(
            "Standardvärden för kalkylen.", "Defaults of the calculation.",
            keys={
                "savings_start_offset": Value(
                    "År efter första kostnadsåret då besparingar börjar räknas.",
                    "Years after the first cost year before savings count.", "int",
                    minimum=0, maximum=20),
                "savings_years": Value("Antal år som besparingar räknas.",
                                       "How many years savings count.", "int", minimum=1,
                                       maximum=50),
            }),
        "documents": Map(
            "Dokumenten: " + ", ".join(f"`{name}`" for name in AUTHORED) + ".",
            "The documents: " + ", ".join(f"`{name}`" for name in AUTHORED) + ".",
            keys={name: DOCUMENT for name in AUTHORED}),
    })


def walk(node: Node, path: tuple[str, ...] = ()) -> list[tuple[tuple[str, ...], Node]]:
    """Every declared key below ``node`` as (path, node); open keys as their key name."""
    found: list[tuple[tuple[str, ...], Node]] = []
    if isinstance(node, Map):
        for key, sub in node.keys.items():
            found.append(((*path, key), sub))
            found += walk(sub, (*path, key))
        if node.values is not None:
            found.append(((*path, node.key_name), node.values))
            found += walk(node.values, (*path, node.key_name))
    elif isinstance(node, Seq):
        found += walk(node.item, (*path, "[]"))
    return found
