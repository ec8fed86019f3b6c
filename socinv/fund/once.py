"""Money is counted once: a case id in two folders (a copied case) stops every sum.

A case folder copied into another stage would have its reports counted twice in the
annex, ``status`` and the budget checks. Every command that sums money calls
:func:`refuse_duplicates` first; ``socinv doctor`` explains and repairs.
"""

from __future__ import annotations

from socinv.errors import UserError
from socinv.fund.fund import CaseDir, Fund


def refuse_duplicates(fund: Fund, cases: list[CaseDir] | None = None) -> list[CaseDir]:
    """The fund's cases; a UserError (exit 1) naming both folders if an id occurs twice."""
    found = fund.cases() if cases is None else cases
    places: dict[str, list[str]] = {}
    for case in found:
        places.setdefault(case.id, []).append(fund.rel(case.path))
    twice = {case_id: paths for case_id, paths in places.items() if len(paths) > 1}
    if twice:
        listing = "; ".join(f"{case_id}: {' och '.join(paths)}"
                            for case_id, paths in sorted(twice.items()))
        listing_en = "; ".join(f"{case_id}: {' and '.join(paths)}"
                               for case_id, paths in sorted(twice.items()))
        raise UserError(
            f"Samma ärende finns i flera mappar ({listing}). Pengarna skulle räknas två "
            "gånger, så inga belopp summeras. Kör socinv doctor för att se vilken mapp som "
            "gäller och ta bort kopian.",
            f"The same case is in more than one folder ({listing_en}). Its money would be "
            "counted twice, so nothing is summed. Run socinv doctor to see which folder is "
            "right and remove the copy.", exit_code=1)
    return found
