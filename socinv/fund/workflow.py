"""Moving a case: ``advance`` along the profile's transitions and ``close`` with an outcome.

Each command first makes a *plan* — the blockers (findings), the new text of
``case.yaml`` and where the folder goes — without touching the disk. A plan with
blockers is shown and nothing happens; ``--dry-run`` shows the plan; otherwise
``apply`` carries it out as one crash-safe transaction.
"""

from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from socinv.errors import UserError
from socinv.fund.fund import CASE_FILE, CaseDir, Fund, journal_path
from socinv.fund.gates import FINAL_OUTCOMES, CaseState, evaluate, read_case
from socinv.fund.ids import is_case_id
from socinv.fund.stages import outcome_word, stage_name
from socinv.i18n import Lang
from socinv.model.schema import STAGE_KEYS
from socinv.model.user_text import MAX_NOTE, NOTE, check_text
from socinv.profiles.loader import Stage, Transition
from socinv.rules.findings import Finding, make

if TYPE_CHECKING:  # status and the dry runs need neither the case editor nor the journal
    from socinv.fund.casefile import CaseEdit

TERMINATIONS = ("aborted", "withdrawn", "rejected")
_RECOMMENDED = {"implement": "implemented", "implement_partly": "partly_implemented",
                "do_not_implement": "not_implemented"}


@dataclass
class Plan:
    """A workflow command's plan: the case, the stages, the blockers and the edit."""

    command: str
    case: CaseDir
    source: Stage
    target: Stage
    by: str
    blockers: list[Finding] = field(default_factory=list)
    warnings: list[Finding] = field(default_factory=list)
    files: list[str] = field(default_factory=list)
    edit: CaseEdit | None = None
    ref: str | None = None
    headline: dict[str, str] = field(default_factory=dict)  # what it does, per language
    created: tuple[str, str | bytes] | None = None  # (path in the case folder, content)
    before: str = ""
    after: str = ""
    #: fund.yaml before and after, when the command also changes it (``rebudget``)
    fund_before: str | None = None
    fund_after: str | None = None

    def describe(self, lang: Lang) -> str:
        return self.headline.get(lang) or self.headline.get("sv", "")


_SHORT_ID = re.compile(r"\d{4}-\d{3,}")


def find_case(fund: Fund, argument: str) -> CaseDir:
    """The case named by id, by year and number alone (``2026-001``), by ``STAGE-DIR/ID`` or
    by the path of its folder (or of a file in it) from here; exit 2 when there is no such
    case."""
    text = argument.strip().rstrip("/\\")
    parts = text.replace("\\", "/").split("/")
    if len(parts) == 2 and fund.profile.stage_for_dir(parts[0]):
        text = parts[1]
    elif len(parts) > 1 or text in (".", ".."):
        text = _case_in_path(fund, Path(text)) or text
    if _SHORT_ID.fullmatch(text):  # "2026-001": the year and number say which case
        found = [case for case in fund.cases() if case.id.startswith(text + "-")]
        if len(found) > 1:
            places = ", ".join(fund.rel(case.path) for case in found)
            raise UserError(f"Flera ärenden börjar med {text} ({places}). Kör socinv doctor.",
                            f"Several cases start with {text} ({places}). Run socinv doctor.",
                            exit_code=1)
        if not found:
            raise UserError(f"Ärendet {text} finns inte i fonden; socinv status visar alla "
                            "ärenden.",
                            f"There is no case {text} in the fund; socinv status lists every "
                            "case.")
        text = found[0].id
    if not is_case_id(text):
        raise UserError(
            f"\"{argument}\" är inget ärende-id. Ett id ser ut som 2027-003-namn (år, löpnummer, "
            "namn); socinv status visar alla ärenden.",
            f"\"{argument}\" is not a case id. An id looks like 2027-003-name (year, sequence, "
            "name); socinv status lists every case.")
    case = fund.case(text)
    if journal_path(fund.root, case.id).exists():  # the journal code only when there is one
        from socinv.fund.transaction import refuse_if_pending

        refuse_if_pending(fund.root, case.id)
    return case


def looks_like_id(argument: str) -> bool:
    """A full case id (``2026-001-namn``) or a short one (``2026-001``)."""
    text = argument.strip().rstrip("/\\")
    return bool(is_case_id(text) or _SHORT_ID.fullmatch(text))


def names_a_case(argument: str) -> bool:
    """Whether ``argument`` looks like a case (an id, a short id or a path), not a title."""
    text = argument.strip().rstrip("/\\")
    if looks_like_id(text) or "/" in text or "\\" in text:
        return True
    try:
        return Path(text).is_dir()
    except (OSError, ValueError):  # a name too long or with a NUL byte: a title, not a path
        return False


def _case_in_path(fund: Fund, path: Path) -> str | None:
    """The id of the case whose folder is ``path`` or holds it (a path from the current
    folder), if any."""
    try:
        parts = (Path.cwd() / path).resolve().relative_to(fund.root.resolve()).parts
    except (ValueError, OSError):
        return None
    if len(parts) >= 2 and fund.profile.stage_for_dir(parts[0]) and is_case_id(parts[1]):
        return parts[1]
    return None


def resolve_stage(fund: Fund, name: str) -> Stage:
    wanted = name.strip().casefold()
    for stage in fund.profile.stages:
        known = (stage.key, stage.dir, *stage.label.values())
        if wanted in (name.casefold() for name in known):
            return stage
    names = ", ".join(f"{stage.key} ({stage.dir})" for stage in fund.profile.stages)
    raise UserError(f"Steget \"{name}\" finns inte i profilen. Stegen är: {names}.",
                    f"There is no stage \"{name}\" in the profile. The stages are: {names}.")


def _not_allowed(state: CaseState, target: str, allowed: list[Stage]) -> Finding:
    profile = state.fund.profile
    current = state.case.stage
    names = {lang: ", ".join(f"{stage_name(s, lang)} ({s.key})" for s in allowed) or
             ("inga – ärendet är avslutat" if lang == "sv" else "none – the case is closed")
             for lang in ("sv", "en")}
    wanted = profile.stage(target)
    return make(state.file, "transition-not-allowed", "stage",
                current={lang: f"{stage_name(current, lang)} ({current.key})"
                         for lang in ("sv", "en")},
                target={lang: f"{stage_name(wanted, lang)} ({wanted.key})" if wanted else target
                        for lang in ("sv", "en")},
                allowed=names)


def plan_advance(fund: Fund, case: CaseDir, to: str | None, by: str, note: str | None,
                 ref: str | None, today: dt.date) -> Plan:
    check_text(note, NOTE, MAX_NOTE, multiline=True)  # the user's own words
    profile = fund.profile
    state = read_case(fund, case)
    outgoing = [t for t in profile.transitions if t.source == case.stage.key]
    targets = [stage for stage in profile.stages if any(t.target == stage.key for t in outgoing)]
    if to is not None:
        target = resolve_stage(fund, to)
    elif len(targets) == 1:
        target = targets[0]
    elif not targets:
        target = profile.stage("closed") or case.stage
    else:
        names = ", ".join(stage.key for stage in targets)
        raise UserError(f"Ärendet kan gå till flera steg ({names}); välj med --to.",
                        f"The case can go to several stages ({names}); choose with --to.")
    if target.key == "closed" and any(t.target == "closed" for t in outgoing):
        return plan_close(fund, case, None, ref, None, note, by, today, state=state)
    plan = Plan("advance", case, case.stage, target, by, list(state.blockers), ref=ref)
    plan.files = [state.file]
    chosen = [t for t in outgoing if t.target == target.key]
    if not chosen:
        plan.blockers.append(_not_allowed(state, target.key, targets))
        return plan
    plan.blockers += _best(state, chosen, None)
    plan.files += [result.file for result in state.docs.values() if result is not None]
    plan.headline = {lang: f"{case.id}: {stage_name(case.stage, lang)} → "
                           f"{stage_name(target, lang)}" for lang in ("sv", "en")}
    from socinv.fund.casefile import CaseEdit
    from socinv.fund.create import history_entry

    plan.edit = CaseEdit(stage=target.key, history=[
        history_entry("advance", case.stage.key, target.key, by, note, ref)])
    return finish(plan)


def _best(state: CaseState, alternatives: list[Transition], outcome: str | None) -> list[Finding]:
    """Alternative transitions to one stage: the move is allowed if any one holds."""
    results = [evaluate(state, transition, outcome) for transition in alternatives]
    return min(results, key=len)


def plan_close(fund: Fund, case: CaseDir, outcome: str | None, ref: str | None,
               reason: str | None, note: str | None, by: str, today: dt.date,
               state: CaseState | None = None) -> Plan:
    check_text(note, NOTE, MAX_NOTE, multiline=True)  # the user's own words
    profile = fund.profile
    state = state or read_case(fund, case)
    closed = profile.stage("closed")
    if closed is None:
        raise UserError(f"Profilen {profile.id} har inget steg closed.",
                        f"The profile {profile.id} has no closed stage.")
    plan = Plan("close", case, case.stage, closed, by, list(state.blockers), ref=ref)
    plan.files = [state.file]
    if case.stage.key == "closed":
        plan.blockers.append(_not_allowed(state, "closed", []))
        return plan
    if not (ref or "").strip():
        plan.blockers.append(make(state.file, "closing-ref-missing", "closing.ref"))
    outgoing = [t for t in profile.transitions
                if t.source == case.stage.key and t.target == "closed"]
    if outcome is None:
        final = state.document("final_report")
        recommended = (final.model or {}).get("recommendation") if final else None
        outcome = _RECOMMENDED.get(str(recommended))
        explained = final is None or any(f.field == "recommendation" and f.severity == "error"
                                         for f in final.findings)
        if outcome is None and not explained:
            plan.blockers.append(make(final.file if final else state.file,
                                      "closing-outcome-missing", "recommendation",
                                      case=case.id))
    plan.blockers += _outcome_blockers(state, outcome, outgoing)
    from socinv.process.closing import close_findings

    step_blockers, step_warnings = close_findings(state, outcome, today)
    plan.blockers += step_blockers
    plan.warnings += step_warnings
    plan.files += [result.file for result in state.docs.values() if result is not None]
    word = {lang: outcome_word(outcome or "?", lang) for lang in ("sv", "en")}
    plan.headline = {lang: f"{case.id}: {stage_name(case.stage, lang)} → "
                           f"{stage_name(closed, lang)}, {word[lang]}" for lang in ("sv", "en")}
    check_text(reason, ("Skälet (--reason)", "The reason (--reason)"), MAX_NOTE, multiline=True)
    closing = {"outcome": outcome, "date": today.isoformat(), "ref": ref, "reason": reason}
    from socinv.fund.casefile import CaseEdit
    from socinv.fund.create import history_entry

    plan.edit = CaseEdit(stage="closed", blocks={"closing": closing}, history=[
        history_entry("close", case.stage.key, "closed", by,
                      note or f"{'Avslutat' if fund.language == 'sv' else 'Closed'}: "
                              f"{outcome_word(outcome or '?', fund.language)}.", ref)])
    return finish(plan)


def _outcome_blockers(state: CaseState, outcome: str | None,
                      outgoing: list[Transition]) -> list[Finding]:
    if outcome is None:
        return _best(state, outgoing, None) if outgoing else [_not_allowed(state, "closed", [])]
    stage = state.case.stage.key
    before_active = STAGE_KEYS.index(stage) < STAGE_KEYS.index("active")
    hints = {
        "aborted": ("Bara en pågående satsning avbryts; före beslut används withdrawn eller "
                    "rejected.", "Only a running project is aborted; before the decision use "
                    "withdrawn or rejected."),
        "before": ("Ett pågående ärende avslutas som aborted, eller efter slutrapporten som "
                   "implemented, partly_implemented eller not_implemented.",
                   "A running case is closed as aborted, or after its final report as "
                   "implemented, partly_implemented or not_implemented."),
        "final": ("Det utfallet kräver en slutrapport och gäller ärenden i genomförande.",
                  "That outcome needs a final report and applies to cases being implemented."),
    }
    problem = None
    if outcome == "aborted" and stage != "active":
        problem = "aborted"
    elif outcome in ("withdrawn", "rejected") and not before_active:
        problem = "before"
    elif outcome in FINAL_OUTCOMES and not outgoing:
        problem = "final"
    if problem:
        sv, en = hints[problem]
        return [make(state.file, "close-outcome-stage", "closing.outcome",
                     stage={lang: stage_name(state.case.stage, lang) for lang in ("sv", "en")},
                     outcome={lang: outcome_word(outcome, lang) for lang in ("sv", "en")},
                     hint={"sv": sv, "en": en})]
    if outcome in TERMINATIONS:
        return []
    return _best(state, outgoing, outcome)


def finish(plan: Plan) -> Plan:
    """Work out the new text of case.yaml now, so a dry run also proves it can be edited."""
    if plan.blockers or plan.edit is None:
        return plan
    from socinv.fund.casefile import edit_text, read_case_text

    path = plan.case.path / CASE_FILE
    plan.before = read_case_text(path)
    plan.after = edit_text(path, plan.before, plan.edit)
    return plan


def apply(fund: Fund, plan: Plan, commit: bool) -> UserError | None:
    """Carry out a plan without blockers as one transaction; returns a git error, if any."""
    import base64

    from socinv.fund.create import now_text
    from socinv.fund.transaction import Journal, execute

    source = f"{plan.source.dir}/{plan.case.id}"
    target = f"{plan.target.dir}/{plan.case.id}"
    paths = list(dict.fromkeys([source, target]))
    created_path, created_content = plan.created or (None, None)
    created_text = created_content if isinstance(created_content, str) else None
    created_base64 = (base64.b64encode(created_content).decode("ascii")
                      if isinstance(created_content, bytes) else None)
    if created_path:
        paths.append(f"{target}/{created_path}")
    message = None
    if commit:
        message = f"{plan.command} {plan.describe(fund.language)}"
        if plan.ref:
            message += f" ({plan.ref})"
        message += f"\n\n{'Av' if fund.language == 'sv' else 'By'}: {plan.by}\n"
    journal = Journal(
        command=plan.command, case=plan.case.id, source=plan.source.dir,
        target=plan.target.dir, before=plan.before, after=plan.after, by=plan.by,
        started=now_text(), pid=os.getpid(), created=created_path, created_text=created_text,
        created_base64=created_base64,
        commit=message, paths=paths + (["fund.yaml"] if plan.fund_after is not None else []),
        fund_before=plan.fund_before, fund_after=plan.fund_after)
    return execute(fund.root, journal)
