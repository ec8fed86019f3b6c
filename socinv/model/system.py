"""Labels and required fields of the files socinv itself owns: fund, case, unit costs.

These are not part of a guideline, so they are not in the profile; they are the
same for every fund.
"""

from __future__ import annotations

from socinv.profiles.loader import DocProfile, FieldText


def _t(sv: str, en: str, required: bool = False) -> FieldText:
    return FieldText({"sv": sv, "en": en}, {}, {}, required)


SYSTEM_DOCS: dict[str, DocProfile] = {
    "fund": DocProfile("fund", {"sv": "Fondens inställningar", "en": "Fund settings"}, {}, {
        "municipality": _t("Kommun", "Municipality", True),
        "profile": _t("Regelprofil", "Rule profile", True),
        "language": _t("Språk", "Language"),
        "currency": _t("Valuta", "Currency"),
        "discount_rate": _t("Diskonteringsränta", "Discount rate"),
        "reserve": _t("Reservering i eget kapital", "Reserve in equity"),
        "reserve.opening_balance": _t("Ingående balans", "Opening balance"),
        "reserve.year": _t("Reservens år", "Reserve year"),
        "allocations": _t("Avsättningar", "Allocations"),
        "allocations[].year": _t("År", "Year", True),
        "allocations[].amount": _t("Belopp", "Amount", True),
        "rebudgeting": _t("Ombudgeteringar", "Re-budgeting"),
        "rebudgeting[].case": _t("Ärende", "Case", True),
        "rebudgeting[].amount": _t("Belopp", "Amount", True),
        "rebudgeting[].from_year": _t("Från år", "From year", True),
        "rebudgeting[].to_year": _t("Till år", "To year", True),
    }, {}),
    "case": DocProfile("case", {"sv": "Ärende", "en": "Case"}, {}, {
        "id": _t("Ärende-id", "Case id", True),
        "title": _t("Titel", "Title", True),
        "stage": _t("Steg", "Stage", True),
        "created": _t("Skapat", "Created"),
        "decision.per_year": _t("Fördelning per år", "Split per year"),
        "decision.total": _t("Beviljat belopp", "Granted amount"),
        "history": _t("Historik", "History"),
    }, {}),
    "unit_costs": DocProfile("unit_costs", {"sv": "Enhetskostnader", "en": "Unit costs"}, {}, {
        "unit_costs": _t("Enhetskostnader", "Unit costs"),  # a new fund's list is empty
        "unit_costs[].key": _t("Nyckel", "Key", True),
        "unit_costs[].label": _t("Benämning", "Label", True),
        "unit_costs[].amount": _t("Belopp", "Amount", True),
        "unit_costs[].per": _t("Per", "Per", True),
        "unit_costs[].source": _t("Källa", "Source", True),
        "unit_costs[].price_year": _t("Prisår", "Price year"),
    }, {}),
}
