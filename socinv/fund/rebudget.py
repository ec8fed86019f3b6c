"""``socinv rebudget``: move a case's unused budget to the next year, by decision.

Ystad's guideline: budget a committee has not used during a year can, by the decision
body's decision, be re-budgeted to the following year and is then financed from that
year's reserve. A re-budgeting is refused (exit 1) when

- the case does not exist, is not granted, or is not being implemented;
- the from-year's annual report (with its outcome) is missing;
- the amount exceeds what was unused: the year's budget − the outcome − what is
  already re-budgeted from that year;
- the to-year is not the year after the from-year;
- the decision reference is missing, or the amount is not above zero.

It warns when the to-year's funds (allocation − granted − already re-budgeted into it)
do not cover it. The entry goes to ``fund.yaml: rebudgeting[]`` and the case's history in
one crash-safe transaction, comments kept. ``validate`` applies the same checks
(except the stage) to entries written by hand (:func:`rebudget_findings`).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from socinv.errors import UserError
from socinv.fund.budget import Move, moves_of, year_budget
from socinv.fund.casefile import CaseEdit
from socinv.fund.create import history_entry
from socinv.fund.fund import FUND_FILE, CaseDir, Fund
from socinv.fund.gates import read_case
from socinv.fund.workflow import Plan, finish
from socinv.fund.yamlsplice import CannotSplice, Splicer
from socinv.i18n import kronor
from socinv.rules.findings import Finding, make

Texts = dict[str, str]


def _kr(amount: int) -> Texts:
    return {"sv": kronor(amount, "sv"), "en": kronor(amount, "en")}


def _money(case: Any, moves: list[Move], from_year: int, skip: int | None
               ) -> tuple[int, int | None, int]:
    """(the from-year's budget, its annual outcome or None, already re-budgeted out)."""
    budget = year_budget(case.id, case.decision, case.model("application"), moves, from_year)
    report = case.reports.get(f"{from_year}-annual")
    outcome = ((report.model or {}).get("finance") or {}).get("outcome") if report else None
    moved = sum(m.amount for m in moves if m.case_id == case.id and m.from_year == from_year
                and m.index != skip)
    return budget.budget, outcome if isinstance(outcome, int) else None, moved


def problems(case: Any, moves: list[Move], from_year: int, to_year: int, amount: int,
             ref: str, skip: int | None = None) -> list[Texts]:
    """Why a re-budgeting does not hold (empty: it holds). ``case``: its CaseData or None."""
    found: list[Texts] = []
    if not ref.strip():
        found.append({"sv": "beslutsreferens saknas (--ref, t.ex. \"KS § 71\").",
                      "en": "the decision reference is missing (--ref, e.g. \"KS § 71\")."})
    if amount <= 0:
        found.append({"sv": "beloppet ska vara större än 0 kr.",
                      "en": "the amount must be above 0."})
    if to_year != from_year + 1:
        found.append({"sv": f"medel kan bara ombudgeteras till året efter, {from_year + 1}, "
                            f"inte till {to_year}.",
                      "en": f"funds can only be re-budgeted to the following year, "
                            f"{from_year + 1}, not to {to_year}."})
    if case is None:
        found.append({"sv": "ärendet finns inte i fonden.",
                      "en": "the case does not exist in the fund."})
        return found
    if not case.granted:
        found.append({"sv": f"{case.id} har inga beviljade medel.",
                      "en": f"{case.id} has no funds granted."})
        return found
    budget, outcome, moved = _money(case, moves, from_year, skip)
    if outcome is None:
        found.append({"sv": f"årsrapporten {from_year}-annual med utfall saknas; det outnyttjade "
                            "beloppet kan inte bestämmas utan den.",
                      "en": f"the annual report {from_year}-annual with its outcome is "
                            "missing; the unused amount cannot be known without it."})
        return found
    unused = budget - outcome - moved
    if amount > unused:
        found.append({
            "sv": f"{kronor(amount, 'sv')} är mer än det outnyttjade {kronor(max(unused, 0), 'sv')}"
                  f" ({from_year}: budget {kronor(budget, 'sv')} − utfall "
                  f"{kronor(outcome, 'sv')}" + (f" − redan ombudgeterat {kronor(moved, 'sv')}"
                                                 if moved else "") + ").",
            "en": f"{kronor(amount, 'en')} is more than the unused {kronor(max(unused, 0), 'en')}"
                  f" ({from_year}: budget {kronor(budget, 'en')} − outcome "
                  f"{kronor(outcome, 'en')}" + (f" − already re-budgeted {kronor(moved, 'en')}"
                                                 if moved else "") + ")."})
    return found


def coverage(settings: dict[str, Any], cases: list[Any], moves: list[Move], to_year: int,
             amount: int, file: str, where: str) -> list[Finding]:
    """A warning when the to-year's funds do not cover the re-budgeted amount."""
    from socinv.reports.ledger import allocations_of

    allocated = sum(a.amount for a in allocations_of(settings, to_year))
    granted = sum(year_budget(c.id, c.decision, c.model("application"), [], to_year).granted
                  for c in cases if c.granted)
    already = sum(m.amount for m in moves if m.to_year == to_year)
    available = allocated - granted - already
    if amount <= available:
        return []
    return [make(file, "rebudget-uncovered", where, to_year=to_year, amount=_kr(amount),
                 available=_kr(available), allocated=_kr(allocated), granted=_kr(granted),
                 rebudgeted=_kr(already))]


def plan_rebudget(fund: Fund, case: CaseDir, *, from_year: int, to_year: int, amount: int,
                  ref: str, date: dt.date, by: str, note: str | None) -> Plan:
    from socinv.reports.data import load_fund

    state = read_case(fund, case)
    plan = Plan("rebudget", case, case.stage, case.stage, by, list(state.blockers), ref=ref)
    plan.files = [state.file, FUND_FILE]
    settings, cases, _ = load_fund(fund)
    moves = moves_of(settings)
    data = next((c for c in cases if c.id == case.id), None)
    reasons = problems(data, moves, from_year, to_year, amount, ref)
    if case.stage.key != "active":
        reasons.insert(0, {"sv": f"{case.id} är inte i genomförande (ligger i {case.stage.dir}).",
                           "en": f"{case.id} is not being implemented (it is in "
                                 f"{case.stage.dir})."})
    for reason in reasons:
        plan.blockers.append(make(state.file, "rebudget-refused", "", reason=reason))
    if plan.blockers:
        return plan
    plan.warnings += coverage(settings, cases, moves, to_year, amount, FUND_FILE, "rebudgeting")
    entry: dict[str, Any] = {"case": case.id, "from_year": from_year, "to_year": to_year,
                             "amount": amount, "ref": ref, "date": date.isoformat(), "by": by}
    if note:
        entry["note"] = note
    path = fund.root / FUND_FILE
    from socinv.fund.casefile import read_case_text

    before = read_case_text(path)
    try:
        splicer = Splicer(before)
        splicer.append_items(splicer.root, "rebudgeting", [entry], before="git_commit")
        after = splicer.result()
    except CannotSplice:
        raise UserError(
            f"{FUND_FILE}: rebudgeting kan inte ändras säkert (ovanlig YAML-layout). Skriv "
            "rebudgeting som en lista med '- ' och kör kommandot igen. Inget ändrades.",
            f"{FUND_FILE}: rebudgeting cannot be edited safely (unusual YAML layout). Write "
            "rebudgeting as a list of '- ' items and run the command again. Nothing "
            "changed.", exit_code=1) from None
    plan.fund_before, plan.fund_after = before, after
    summary = {"sv": f"Ombudgeterat {kronor(amount, 'sv')} från {from_year} till {to_year}.",
               "en": f"Re-budgeted {kronor(amount, 'en')} from {from_year} to {to_year}."}
    lang = fund.language
    plan.headline = {key: f"{case.id}: {value[0].lower()}{value[1:].rstrip('.')}"
                     for key, value in summary.items()}
    text = (f"{summary[lang]} {note}".strip() if note else summary[lang]).replace("\u00a0", " ")
    plan.edit = CaseEdit(history=[history_entry("rebudget", case.stage.key, case.stage.key, by,
                                                text, ref)])
    return finish(plan)


def rebudget_findings(settings: dict[str, Any], cases: list[Any]) -> list[Finding]:
    """The same checks on every ``fund.yaml: rebudgeting[]`` entry (hand-edited or not)."""
    moves = moves_of(settings)
    by_id = {case.id: case for case in cases}
    findings: list[Finding] = []
    for move in moves:
        data = by_id.get(move.case_id)
        where = f"rebudgeting.{move.index}"
        for reason in problems(data, moves, move.from_year, move.to_year, move.amount,
                               move.ref, skip=move.index):
            findings.append(make(FUND_FILE, "rebudget-invalid", where, index=move.index,
                                 case=move.case_id or "?", from_year=move.from_year,
                                 to_year=move.to_year, amount=_kr(move.amount),
                                 reason=reason))
    return findings


def money_findings(fund: Fund) -> list[Finding]:
    """``validate``'s checks across files: every re-budgeting entry, and each report's
    ``finance.budget`` against the case's budget for the year (the deviation rule is
    then judged on the right budget too)."""
    from socinv.reports.data import load_fund

    try:
        settings, cases, _ = load_fund(fund)
    except UserError:
        return []  # unreadable files and a case in two folders are reported elsewhere
    findings = rebudget_findings(settings, cases)
    moves = moves_of(settings)
    for case in cases:
        findings += case_money_findings(fund, case, moves)
    return findings


def case_money_findings(fund: Fund, case: Any, moves: list[Any]) -> list[Finding]:
    """One case's part of ``money_findings``: its reports' budgets and finance forms
    against its budget for the year (the case's own files and fund.yaml's re-budgeting)."""
    from socinv.rules.checks import deviation_finding

    findings: list[Finding] = []
    spec = fund.profile.documents.get("report")
    params = (spec.rules.get("deviation_comment") if spec is not None else None)
    if case.granted:
        for key, report in sorted(case.reports.items()):
            finance = (report.model or {}).get("finance") or {}
            findings += _form_findings(fund, case, key, finance)
            given = finance.get("budget")
            year = int(key[:4])
            budget = year_budget(case.id, case.decision, case.model("application"), moves,
                                 year)
            if not isinstance(given, int) or given == budget.budget:
                continue
            findings.append(make(report.file, "report-budget-differs", "finance.budget",
                                 given=_kr(given), budget=_kr(budget.budget),
                                 granted=_kr(budget.granted),
                                 rebudgeted=_kr(budget.rebudgeted_in)))
            if params is not None and not finance.get("comment"):
                found = deviation_finding(report.model or {}, budget.budget, dict(params))
                if found is not None:
                    findings.append(make(report.file, found[0], "finance.comment", **found[1]))
    return findings


def _form_findings(fund: Fund, case: Any, key: str, finance: dict[str, Any]) -> list[Finding]:
    """The finance form ``reports/KEY-finance.xlsx`` against the report's finance fields."""
    from socinv.fund.finance_form import SUFFIX, read_form
    from socinv.io.errors import UnreadableFile

    path = case.dir.path / "reports" / f"{key}{SUFFIX}"
    if not path.is_file() and not path.is_symlink():
        return []
    file = fund.rel(path)
    try:
        sums = read_form(path)
    except UnreadableFile as error:
        return [error.finding(file)]
    found: list[Finding] = []
    labels = {"budget": {"sv": "budget för året", "en": "the budget for the year"},
              "outcome": {"sv": "utfallet", "en": "the outcome"},
              "forecast": {"sv": "prognosen", "en": "the forecast"}}
    for field in ("budget", "outcome", "forecast"):
        value, given = getattr(sums, field), finance.get(field)
        if value is None or not isinstance(given, int) or value == given:
            continue
        found.append(make(file, "finance-form-differs", f"finance.{field}", form=file,
                          label=labels[field], sum=_kr(value), given=_kr(given)))
    return found
