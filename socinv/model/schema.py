"""Field trees for fund, case, idea, application, report, final report and unit costs."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum


class Kind(StrEnum):
    TEXT = "text"
    AMOUNT = "amount"  # whole kronor, ≥ 0, typed Swedish-style or not
    SIGNED = "signed"  # whole kronor, any sign (a release from the reserve, a loss)
    COUNT = "count"  # whole number ≥ 0 (ages, individuals)
    NUMBER = "number"  # decimal ≥ 0 (FTE, rates)
    DATE = "date"
    DATETIME = "datetime"
    YEAR = "year"
    BOOL = "bool"
    CHOICE = "choice"
    GROUP = "group"  # named sub-fields
    LIST = "list"  # list of groups
    TEXTS = "texts"  # list of texts
    YEAR_AMOUNTS = "year_amounts"  # {YEAR: amount}


@dataclass(frozen=True)
class Field:
    """A field of a document's typed tree."""

    key: str
    kind: Kind
    fields: tuple[Field, ...] = ()
    choices: tuple[str, ...] = ()

    def child(self, key: str) -> Field | None:
        for sub in self.fields:
            if sub.key == key:
                return sub
        return None

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(sub.key for sub in self.fields)



def text(key: str) -> Field:
    return Field(key, Kind.TEXT)


def amount(key: str) -> Field:
    return Field(key, Kind.AMOUNT)


def signed(key: str) -> Field:
    return Field(key, Kind.SIGNED)


def count(key: str) -> Field:
    return Field(key, Kind.COUNT)


def number(key: str) -> Field:
    return Field(key, Kind.NUMBER)


def date(key: str) -> Field:
    return Field(key, Kind.DATE)


def year(key: str) -> Field:
    return Field(key, Kind.YEAR)


def boolean(key: str) -> Field:
    return Field(key, Kind.BOOL)


def choice(key: str, *choices: str) -> Field:
    return Field(key, Kind.CHOICE, choices=choices)


def group(key: str, *fields: Field) -> Field:
    return Field(key, Kind.GROUP, fields)


def items(key: str, *fields: Field) -> Field:
    return Field(key, Kind.LIST, fields)


def texts(key: str) -> Field:
    return Field(key, Kind.TEXTS)


PARTY_KINDS = (
    "committee", "administration", "municipal_company", "public_actor", "civil_society",
    "company",
)
OUTCOMES = (
    "implemented", "partly_implemented", "not_implemented", "rejected", "withdrawn", "aborted",
)
STAGE_KEYS = ("idea", "application", "review", "active", "closed")

_PARTIES = items(
    "parties", text("name"), choice("kind", *PARTY_KINDS), text("role"),
    boolean("majority_owned"),
)

IDEA = group(
    "idea",
    text("title"),
    text("need"),
    text("content"),
    text("expected_effects"),
    group("target_group", text("description")),
    _PARTIES,
    text("novelty"),
    group("criteria", *(
        group(name, boolean("met"), text("comment"))
        for name in ("feasible", "real_need", "new_methods", "several_parties", "better_outcome")
    )),
)

APPLICATION = group(
    "application",
    text("title"),
    text("description"),
    text("problem_analysis"),
    group(
        "method",
        text("description"),
        items("evidence", text("reference"), text("summary")),
        items("staffing", text("role"), number("fte"), text("organisation")),
    ),
    text("novelty"),
    _PARTIES,
    group(
        "target_group",
        text("description"), count("age_min"), count("age_max"), count("size"),
        text("identification"), text("delimitation"),
    ),
    text("child_rights"),
    group("period", date("start"), date("end")),
    items("costs", year("year"), amount("amount"), text("specification")),
    items("effects", text("description"), text("expected_when"), text("measure"),
          texts("measured_at"), text("baseline"), text("target")),
    items("measurement_plan", text("goal"), text("activities"), text("indicator"),
          text("method"), texts("timepoints"), text("outcome_measure")),
    group(
        "cost_reduction",
        text("mechanism"),
        items("units", text("unit"), amount("amount_per_year"), text("basis"),
              text("unit_cost"), number("count_per_year")),
        group("period", year("from"), year("to")),
    ),
    group("unemployment_effect", choice("kind", "direct", "indirect"), text("description")),
    group("implementation", text("plan"), text("replaces"), text("scaling")),
)

REPORT = group(
    "report",
    text("period"),
    text("activities"),
    text("progress"),
    items("effects_achieved", text("effect"), text("baseline"), text("target"), text("result"),
          boolean("target_met"), text("measured_at")),
    text("human_gains"),
    text("economic_gains"),
    group("finance", amount("budget"), amount("outcome"), amount("forecast"),
          amount("total_outcome"), text("comment")),
    text("deviations"),
    items("realised_savings", text("unit"), text("committee"), amount("amount"),
          text("unit_cost"), number("count"), text("basis")),
)

FINAL_REPORT = group(
    "final_report",
    text("effects_target_group"),
    text("effects_economy"),
    text("comparison"),
    choice("recommendation", "implement", "implement_partly", "do_not_implement"),
    text("parts_to_implement"),
    group("budget_frame_adjustment", text("committee"), amount("amount_per_year"),
          year("from_year")),
    group("finance", amount("total_outcome")),
    items("realised_savings", year("year"), text("unit"), text("committee"), amount("amount"),
          text("unit_cost"), number("count"), text("basis")),
    items("effects_achieved", text("effect"), text("baseline"), text("target"), text("result"),
          boolean("target_met"), text("measured_at")),
)

PROJECT_PLAN = group(
    "project_plan",
    text("title"),
    group("project_owner", text("name"), text("role")),
    group("project_leader", text("name"), text("email"), text("organisation")),
    items("project_group", text("party"), text("name"), text("role")),
    items("steering_group", text("name"), text("role"), text("organisation")),
    items("activities", text("activity"), text("responsible"), date("start"), date("end")),
    items("timeline", text("milestone"), date("date")),
    text("implementation_next_steps"),
)

FUND = group(
    "fund",
    text("municipality"),
    text("profile"),
    choice("language", "sv", "en"),
    text("currency"),
    number("discount_rate"),
    group("reserve", amount("opening_balance"), year("year"),
          items("changes", year("year"), signed("amount"), text("ref"))),
    items("allocations", year("year"), amount("amount"), text("ref")),
    items("rebudgeting", text("case"), year("from_year"), year("to_year"), amount("amount"),
          text("ref"), date("date"), text("by"), text("note")),
    items("balance_requirement", year("year"), signed("realisation_gains"),
          signed("realisation_losses"), signed("unrealised_securities"),
          signed("rur_reserved"), signed("rur_used"), signed("other"), text("note")),
    group("officials", text("administration"),
          group("officer", text("name"), text("title"), text("email"), text("phone")),
          items("signatures", text("name"), text("title")), text("finance_office")),
    boolean("git_commit"),
)

CASE = group(
    "case",
    text("id"),
    text("title"),
    choice("stage", *STAGE_KEYS),
    date("created"),
    text("registry_number"),
    group("contact", text("name"), text("email")),
    group(
        "decision",
        choice("outcome", "granted", "rejected"), date("date"), text("ref"), amount("total"),
        Field("per_year", Kind.YEAR_AMOUNTS), text("package"), texts("package_cases"),
        texts("conditions"),
    ),
    group("closing", choice("outcome", *OUTCOMES), date("date"), text("ref"), text("reason")),
    items(
        "steps", text("step"), text("stage"), text("party"),
        choice("position", "for", "against", "noted"), count("priority"), date("round"),
        date("date"), text("ref"), text("note"), text("attachment"), text("by"),
        Field("at", Kind.DATETIME),
    ),
    items(
        "history", Field("at", Kind.DATETIME), text("event"), text("from"), text("to"),
        text("by"), text("note"), text("ref"),
    ),
)

UNIT_COSTS = group(
    "unit_costs",
    text("note"),
    items("unit_costs", text("key"), text("label"), amount("amount"),
          choice("per", "year", "day", "case", "hour"), text("source"), year("price_year")),
)

DOCUMENTS: dict[str, Field] = {
    "idea": IDEA,
    "application": APPLICATION,
    "report": REPORT,
    "final_report": FINAL_REPORT,
    "project_plan": PROJECT_PLAN,
    "fund": FUND,
    "case": CASE,
    "unit_costs": UNIT_COSTS,
}

#: document types a person writes (the profile describes these)
AUTHORED = ("idea", "application", "report", "final_report", "project_plan")


def field_paths(root: Field, prefix: str = "") -> Iterator[tuple[str, Field]]:
    """Every field below ``root`` as (model path, field); list items as ``key[].sub``."""
    for sub in root.fields:
        path = f"{prefix}{sub.key}"
        yield path, sub
        if sub.kind is Kind.GROUP:
            yield from field_paths(sub, path + ".")
        elif sub.kind is Kind.LIST:
            yield from field_paths(sub, path + "[].")
