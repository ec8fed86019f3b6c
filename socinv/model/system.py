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
        "reserve.changes": _t("Förändringar av reserveringen", "Changes to the reservation"),
        "reserve.changes[].year": _t("År", "Year", True),
        "reserve.changes[].amount": _t("Belopp (+ reservering, − upplösning)",
                                       "Amount (+ reserved, − released)", True),
        "reserve.changes[].ref": _t("Beslut", "Decision", True),
        "allocations": _t("Årets budgetreserv (anslag)", "Yearly budget reserve"),
        "allocations[].year": _t("År", "Year", True),
        "allocations[].amount": _t("Belopp", "Amount", True),
        "rebudgeting": _t("Ombudgeteringar", "Re-budgeting"),
        "rebudgeting[].case": _t("Ärende", "Case", True),
        "rebudgeting[].amount": _t("Belopp", "Amount", True),
        "rebudgeting[].from_year": _t("Från år", "From year", True),
        "rebudgeting[].to_year": _t("Till år", "To year", True),
        "rebudgeting[].ref": _t("Beslut", "Decision"),
        "rebudgeting[].date": _t("Beslutsdatum", "Decision date"),
        "rebudgeting[].by": _t("Registrerat av", "Recorded by"),
        "rebudgeting[].note": _t("Anteckning", "Note"),
        "balance_requirement": _t("Balanskravsjusteringar", "Balance-requirement adjustments"),
        "balance_requirement[].year": _t("År", "Year", True),
        "balance_requirement[].realisation_gains": _t("Realisationsvinster",
                                                      "Realisation gains"),
        "balance_requirement[].realisation_losses": _t("Realisationsförluster",
                                                       "Realisation losses"),
        "balance_requirement[].unrealised_securities": _t(
            "Orealiserade vinster (−) och förluster (+) i värdepapper",
            "Unrealised gains (−) and losses (+) on securities"),
        "balance_requirement[].rur_reserved": _t("Medel till resultatutjämningsreserv",
                                                 "Transferred to the RUR"),
        "balance_requirement[].rur_used": _t("Medel från resultatutjämningsreserv",
                                             "Used from the RUR"),
        "balance_requirement[].other": _t("Övriga justeringar", "Other adjustments"),
        "officials": _t("Tjänstepersoner i underlagen", "Officials in the papers"),
        "officials.administration": _t("Förvaltning", "Administration"),
        "officials.officer": _t("Handläggare", "Officer"),
        "officials.officer.name": _t("Handläggarens namn", "The officer's name"),
        "officials.officer.title": _t("Handläggarens titel", "The officer's title"),
        "officials.officer.email": _t("Handläggarens e-post", "The officer's email"),
        "officials.officer.phone": _t("Handläggarens telefon", "The officer's telephone"),
        "officials.signatures": _t("Underskrifter", "Signatures"),
        "officials.signatures[].name": _t("Namn", "Name", True),
        "officials.signatures[].title": _t("Titel", "Title", True),
        "officials.finance_office": _t("Ekonomiavdelningen (mottagare)",
                                       "The finance office (recipient)"),
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
