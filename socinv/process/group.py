"""A group decision: one ``decide`` for several cases, all or none.

Heby: "Alternativt kan kommunstyrelsen fatta beslut om en grupp av projekt som
tillsammans bildar en helhet". Each case gets its own amount and split, all the same
date, reference and package name (``decision.package``, with the other cases in
``decision.package_cases``). Every case is planned first; one blocker anywhere and
nothing changes. Then every case's journal is written before any case changes
(``transaction.execute_group``), so an interruption leaves all or none.
"""

from __future__ import annotations

import datetime as dt
import os

from socinv.errors import UserError
from socinv.fund.create import now_text
from socinv.fund.decision import plan_decide
from socinv.fund.fund import Fund
from socinv.fund.transaction import Journal, execute_group
from socinv.fund.workflow import Plan, find_case


def plan_group(fund: Fund, cases: list[str], grants: list[int] | None,
               splits: list[dict[int, int] | None], *, rejected: bool, date: dt.date,
               ref: str, package: str, note: str | None, by: str, force: bool) -> list[Plan]:
    found = [find_case(fund, name) for name in cases]
    ids = [case.id for case in found]
    if len(set(ids)) != len(ids):
        twice = next(case_id for case_id in ids if ids.count(case_id) > 1)
        raise UserError(f"{twice} står två gånger i gruppbeslutet.",
                        f"{twice} appears twice in the group decision.")
    plans = []
    for index, case in enumerate(found):
        plan = plan_decide(fund, case, granted=None if grants is None else grants[index],
                           per_year=splits[index], rejected=rejected, date=date, ref=ref,
                           note=note, by=by, force=force)
        if plan.edit is not None:
            block = plan.edit.blocks.setdefault("decision", {})
            block["package"] = package
            block["package_cases"] = [other for other in ids if other != case.id]
            if not plan.blockers:  # the new text of case.yaml with the package in it
                from socinv.fund.workflow import finish

                finish(plan)
        plan.headline = {lang: f"{text} ({package})" for lang, text in plan.headline.items()}
        plans.append(plan)
    return plans


def apply_group(fund: Fund, plans: list[Plan], commit: bool) -> UserError | None:
    paths: list[str] = []
    for plan in plans:
        paths += list(dict.fromkeys([f"{plan.source.dir}/{plan.case.id}",
                                     f"{plan.target.dir}/{plan.case.id}"]))
    message = None
    if commit:
        lines = "\n".join(plan.describe(fund.language) for plan in plans)
        message = f"decide {plans[0].ref or ''}\n\n{lines}\n"
    journals = [Journal(command="decide", case=plan.case.id, source=plan.source.dir,
                        target=plan.target.dir, before=plan.before, after=plan.after,
                        by=plan.by, started=now_text(), pid=os.getpid(),
                        commit=message if index == len(plans) - 1 else None,
                        paths=paths if index == len(plans) - 1 else [])
                for index, plan in enumerate(plans)]
    return execute_group(fund.root, journals)
