"""A round: the board meeting applications in review are put to, and the management
group's priority list for it (``socinv report round``).

"Det är kommunledningsgruppen som har mandat att prioritera bland inkomna
ansökningar": the management group's record in review carries its position, its
rank (``--priority``) and the round (``--round``, the board meeting's date). The
list shows every application of the round — cost per year, savings, payback year,
net present value (``socinv.economics``, as ``validate --explain``), the idea's
criteria, the group's position and rank — against the funds left per year
(``fund.yaml`` allocations minus what is granted and re-budgeted). A later round of
a year when nothing remains is a warning where the profile says so
(``rounds.later_needs_funds``).
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from socinv.fund.fund import CaseDir, Fund
from socinv.fund.gates import read_case
from socinv.i18n import Lang, kronor
from socinv.process.steps import position_word, records
from socinv.rules.findings import Finding, make


@dataclass
class Entry:
    """One application in a round's list."""

    case: CaseDir
    title: str
    costs: dict[int, int]
    total_cost: int | None
    savings: int | None
    payback: int | None
    npv: int | None
    criteria: tuple[int, int] | None  # (met, assessed keys)
    position: str | None
    rank: int | None
    decided: str | None  # granted | rejected


@dataclass
class RoundList:
    """The applications of one round, and the year's money."""

    round: dt.date | None
    year: int
    number: int  # the round's number in its year (1 = first)
    entries: list[Entry] = field(default_factory=list)
    allocated: dict[int, int] = field(default_factory=dict)
    granted: dict[int, int] = field(default_factory=dict)
    rebudgeted: dict[int, int] = field(default_factory=dict)
    warnings: list[Finding] = field(default_factory=list)

    def left(self, year: int) -> int:
        return (self.allocated.get(year, 0) - self.granted.get(year, 0)
                - self.rebudgeted.get(year, 0))

    @property
    def years(self) -> list[int]:
        years = {self.year, *self.allocated}
        for entry in self.entries:
            years |= set(entry.costs)
        return sorted(year for year in years if year >= self.year)


def _management(fund: Fund) -> str | None:
    return next((step.key for step in fund.profile.steps.items if step.priority), None)


def _review_record(model: dict[str, Any], key: str | None) -> dict[str, Any] | None:
    found = None
    for record in records(model):
        if record.get("step") == key and record.get("stage") in ("review", "application"):
            found = record
    return found


class _Seen(NamedTuple):
    """What the list needs of a case's case.yaml, taken in one pass over the fund."""

    case: CaseDir
    decision: dict[str, Any]
    closing: dict[str, Any]
    record: dict[str, Any] | None  # the management group's last review record
    rounds: frozenset[dt.date]  # the rounds the group's records name


#: raise when ``_Seen`` holds other fields: the cache is then not read
CACHE_FORMAT = 1
def _seen(fund: Fund, key: str | None) -> list[_Seen]:
    """Each case's case.yaml, read once (the list then reads the application and idea only
    of the cases in the round), or what the list needs of it from ``.socinv/cache/round-NN
    .json`` when the case folder is as it was (its stat signature and the fingerprint of
    socinv, the profile, fund.yaml, the unit costs and the day, as the export keeps its
    records)."""
    from socinv.cache import CaseCache, fingerprint
    from socinv.reports import data_cache

    cache = CaseCache(fund.root, fingerprint(fund.root, fund.profile.raw, {
        "command": "round", "format": CACHE_FORMAT}), "round")
    seen: list[_Seen] = []
    names: set[str] = set()
    for case in fund.cases():
        name = f"{case.stage.dir}/{case.id}"
        names.add(name)
        kept, scan = cache.lookup(name, functools.partial(_seen_from_json, case))
        if kept is not None:
            seen.append(kept)
            continue
        state = read_case(fund, case)
        rounds = frozenset(record["round"] for record in records(state.model)
                           if record.get("step") == key
                           and isinstance(record.get("round"), dt.date))
        item = _Seen(case, state.decision, state.model.get("closing") or {},
                     _review_record(state.model, key), rounds)
        seen.append(item)
        cache.store(name, scan, data_cache.encode_value(  # None: read again next time
            [item.decision, item.closing, item.record, sorted(item.rounds)]))
    cache.defer(names)  # written once the list is (``cache.save_deferred``)
    return seen


def _seen_from_json(case: CaseDir, payload: Any) -> _Seen | None:
    """A kept ``_Seen``; None when the entry is not one this socinv wrote."""
    from socinv.reports import data_cache

    try:
        decision, closing, record, rounds = data_cache.decode_value(payload)
        if not (isinstance(decision, dict) and isinstance(closing, dict)
                and (record is None or isinstance(record, dict)) and isinstance(rounds, list)
                and all(type(day) is dt.date for day in rounds)):
            return None
        return _Seen(case, decision, closing, record, frozenset(rounds))
    except (TypeError, ValueError, AttributeError):
        return None


def build(fund: Fund, round_date: dt.date | None, today: dt.date) -> RoundList:
    from socinv import economics
    from socinv.fund.decision import _by_year, decision_stages
    from socinv.validation import Options, fund_context

    key = _management(fund)
    seen = _seen(fund, key)
    known: set[dt.date] = set().union(*(item.rounds for item in seen))
    if round_date is None:
        upcoming = sorted(day for day in known if day >= today)
        round_date = upcoming[0] if upcoming else (max(known) if known else None)
    year = round_date.year if round_date else today.year
    earlier = sorted(day for day in known if day.year == year and round_date is not None
                     and day < round_date)
    result = RoundList(round_date, year, len(earlier) + 1)
    result.allocated = _by_year(fund.settings.get("allocations"), "year", "amount")
    result.rebudgeted = _by_year(fund.settings.get("rebudgeting"), "to_year", "amount")
    ctx, _ = fund_context(fund, Options())
    rate = ctx.discount_rate if ctx.discount_rate is not None else \
        economics.DEFAULT_DISCOUNT_RATE
    defaults = economics.SavingsDefaults.from_profile(fund.profile.economics)
    stages = set(decision_stages(fund))
    for case, decision, closing, record, _ in seen:
        this_round = record is not None and round_date is not None and \
            record.get("round") == round_date
        if decision.get("outcome") == "granted":
            last = closing["date"].year if closing.get("outcome") in ("aborted", "withdrawn") \
                and isinstance(closing.get("date"), dt.date) else None
            if not this_round:
                for when, amount in (decision.get("per_year") or {}).items():
                    if last is None or when <= last:
                        result.granted[when] = result.granted.get(when, 0) + amount
        if not (this_round or (case.stage.key in stages and not decision.get("outcome") and (
                record is None or record.get("round") in (None, round_date)))):
            continue
        state = read_case(fund, case)  # one of the round's few: its documents are read too
        application = state.document("application")
        model = (application.model if application else None) or {}
        figures = economics.compute(model, ctx.unit_costs, discount_rate=rate,
                                    defaults=defaults) if model else None
        costs = {row["year"]: row["amount"] for row in model.get("costs") or []
                 if isinstance(row, dict) and isinstance(row.get("year"), int)
                 and isinstance(row.get("amount"), int)}
        result.entries.append(Entry(
            case, str(state.model.get("title") or case.id), costs,
            figures.total_cost if figures else None, figures.total_savings if figures else None,
            figures.payback_year if figures else None, figures.npv if figures else None,
            _criteria(state), str(record.get("position")) if record and record.get("position")
            else None, record.get("priority") if record else None,
            decision.get("outcome")))
    result.entries.sort(key=lambda entry: (entry.rank is None, entry.rank or 0, entry.case.id))
    if result.number > 1 and fund.profile.rounds.later_needs_funds and result.left(year) <= 0:
        result.warnings.append(make("fund.yaml", "round-no-funds", "allocations",
                                    round=str(round_date), number=result.number, year=year,
                                    left={lang: kronor(result.left(year), lang)
                                          for lang in ("sv", "en")}))
    return result


def _criteria(state: Any) -> tuple[int, int] | None:
    idea = state.document("idea")
    criteria = ((idea.model if idea else None) or {}).get("criteria")
    if not isinstance(criteria, dict) or not criteria:
        return None
    met = sum(1 for item in criteria.values() if isinstance(item, dict) and item.get("met"))
    return met, len(criteria)


def render_markdown(fund: Fund, data: RoundList, lang: Lang) -> str:
    sv = lang == "sv"
    terms = fund.profile.vocabulary.placeholders(lang)
    group = terms.get("Management_group_genitive") or terms.get("management_group", "")
    when = str(data.round) if data.round else ("ej angiven" if sv else "not given")
    lines = [f"# {group} {'prioriteringslista' if sv else 'priority list'}",
             "",
             f"{'Omgång (sammanträde i' if sv else 'Round (meeting of'} "
             f"{terms.get('decision_body_text', '')}): {when}"
             f" – {'årets omgång nummer' if sv else 'round number'} {data.number}"
             + ("" if sv else " of the year"), ""]
    head = (["Rang", "Ärende", "Ställningstagande", "Kriterier", "Kostnad", "Besparing",
             "Återbetalning", "Nuvärde"] if sv else
            ["Rank", "Case", "Position", "Criteria", "Cost", "Savings", "Payback", "NPV"])
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for entry in data.entries:
        cells = [str(entry.rank) if entry.rank else "–", f"{entry.case.id} {entry.title}",
                 position_word(entry.position, lang) if entry.position else "–",
                 f"{entry.criteria[0]}/{entry.criteria[1]}" if entry.criteria else "–",
                 kronor(entry.total_cost, lang) if entry.total_cost is not None else "–",
                 kronor(entry.savings, lang) if entry.savings is not None else "–",
                 str(entry.payback) if entry.payback else "–",
                 kronor(entry.npv, lang) if entry.npv is not None else "–"]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "## " + ("Kostnad per år mot kvarvarande medel" if sv
                           else "Cost per year against the funds left"), ""]
    years = data.years
    head = [("År" if sv else "Year"), *(str(year) for year in years)]
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for entry in data.entries:
        lines.append("| " + " | ".join([entry.case.id, *(
            kronor(entry.costs[year], lang) if year in entry.costs else "–"
            for year in years)]) + " |")
    lines.append("| " + " | ".join([("Sökt totalt" if sv else "Applied in total"), *(
        kronor(sum(entry.costs.get(year, 0) for entry in data.entries
                   if entry.decided is None), lang) for year in years)]) + " |")
    lines.append("| " + " | ".join([("Kvar att fördela" if sv else "Funds left"), *(
        kronor(data.left(year), lang) for year in years)]) + " |")
    if data.warnings:
        lines += ["", *(f"> {finding.message(lang, fund.profile.vocabulary)}"
                        for finding in data.warnings)]
    return "\n".join(lines) + "\n"
