"""``socinv record``: a preparation step in ``case.yaml``, with its history entry and attachment.

The record is checked against the profile (the step exists, belongs to the case's
stage, is taken by a party of the case or by the group, has a position when it is a
position) and against the case (recorded once per party unless ``--force``); the
change is one crash-safe transaction: journal, attachment, ``case.yaml``.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from socinv.errors import EXIT_INVALID, UserError
from socinv.fund.casefile import CaseEdit
from socinv.fund.create import history_entry, now_text
from socinv.fund.fund import CaseDir, Fund
from socinv.fund.gates import read_case
from socinv.fund.ids import slugify
from socinv.fund.workflow import Plan, finish, stage_name
from socinv.i18n import Lang
from socinv.process.steps import (
    expected_parties,
    latest,
    position_word,
    same_party,
    title,
)
from socinv.profiles.steps import POSITIONS, Step

#: an attachment travels base64-encoded in the journal, whose size is bounded
MAX_ATTACHMENT = 1_000_000
ATTACHMENT_DIR = "steps"


def resolve_step(fund: Fund, name: str) -> Step:
    steps = fund.profile.steps
    step = steps.get(name.strip())
    if step is not None:
        return step
    if not steps.items:
        raise UserError(f"Profilen {fund.profile.id} har inga beredningssteg (steps).",
                        f"The profile {fund.profile.id} has no preparation steps (steps).")
    near = steps.near(name.strip())
    known = ", ".join(steps.keys)
    raise UserError(
        f"Steget \"{name}\" finns inte i profilen {fund.profile.id}. Stegen är: {known}."
        + (f" Menade du {near}?" if near else ""),
        f"There is no step \"{name}\" in the profile {fund.profile.id}. The steps are: "
        f"{known}." + (f" Did you mean {near}?" if near else ""))


def _party(fund: Fund, case: CaseDir, step: Step, by: str | None) -> str:
    wanted = [party for party in expected_parties(fund, case, step) if party]
    kind = {"sv": "nämnd" if step.who == "each_committee" else "part",
            "en": "committee" if step.who == "each_committee" else "party"}
    if not wanted:
        raise UserError(
            f"{case.id} har ingen {kind['sv']} att registrera {step.key} för: fyll i parterna "
            "(parties) i ansökan eller idén först.",
            f"{case.id} has no {kind['en']} to record {step.key} for: fill in the parties "
            "of the application or idea first.", exit_code=EXIT_INVALID)
    names = ", ".join(f"\"{name}\"" for name in wanted)
    if not (by or "").strip():
        raise UserError(
            f"Ange med --by vilken {kind['sv']} det gäller: {names}.",
            f"Give with --by which {kind['en']} it is: {names}.")
    match = next((name for name in wanted if same_party(name, by)), None)
    if match is None:
        import difflib

        near = difflib.get_close_matches(str(by), wanted, n=1)
        raise UserError(
            f"\"{by}\" är ingen {kind['sv']} i {case.id}; de är: {names}."
            + (f" Menade du \"{near[0]}\"?" if near else ""),
            f"\"{by}\" is not a {kind['en']} of {case.id}; they are: {names}."
            + (f" Did you mean \"{near[0]}\"?" if near else ""), exit_code=EXIT_INVALID)
    return match


def _attachment(path: Path, case: CaseDir, when: dt.date, step: Step,
                party: str | None) -> tuple[str, bytes]:
    if path.is_symlink() or not path.is_file():
        raise UserError(f"--attach {path}: filen finns inte (eller är en länk).",
                        f"--attach {path}: the file does not exist (or is a link).")
    try:
        size = path.stat().st_size
        if size > MAX_ATTACHMENT:
            raise UserError(
                f"--attach {path}: filen är {size // 1000} kB; en bilaga får vara högst "
                f"{MAX_ATTACHMENT // 1000} kB. Spara en mindre fil (t.ex. en PDF av "
                "underskriftssidan) eller hänvisa till diariet med --ref.",
                f"--attach {path}: the file is {size // 1000} kB; an attachment may be at "
                f"most {MAX_ATTACHMENT // 1000} kB. Save a smaller file (e.g. a PDF of the "
                "signed page) or point to the registry with --ref.")
        content = path.read_bytes()
    except OSError as error:
        raise UserError(f"--attach {path}: kan inte läsas ({error.strerror}).",
                        f"--attach {path}: cannot be read ({error.strerror}).") from None
    suffix = "".join(char for char in path.suffix.lower() if char.isalnum() or char == ".")
    stem = "-".join(part for part in (when.isoformat(), step.key.replace("_", "-"),
                                      slugify(party) if party else "") if part)
    name = f"{stem}{suffix[:10]}"
    number = 2
    while (case.path / ATTACHMENT_DIR / name).exists():
        name = f"{stem}-{number}{suffix[:10]}"
        number += 1
    return f"{ATTACHMENT_DIR}/{name}", content


def plan_record(fund: Fund, case: CaseDir, step_name: str, *, by: str | None, person: str,
                position: str | None, priority: int | None, round_date: dt.date | None,
                when: dt.date, today: dt.date, ref: str | None, note: str | None,
                attach: Path | None, force: bool) -> Plan:
    step = resolve_step(fund, step_name)
    stage = case.stage.key
    if stage not in step.stages:
        allowed = {lang: ", ".join(stage_name(s, lang) for s in fund.profile.stages
                                   if s.key in step.stages) for lang in ("sv", "en")}
        raise UserError(
            f"{step.key} registreras i {allowed['sv']}; {case.id} ligger i "
            f"{stage_name(case.stage, 'sv')}.",
            f"{step.key} is recorded in {allowed['en']}; {case.id} is in "
            f"{stage_name(case.stage, 'en')}.", exit_code=EXIT_INVALID)
    if when > today:
        raise UserError(f"--date {when}: datumet ligger i framtiden (i dag är {today}). Ange "
                        "dagen då steget togs.",
                        f"--date {when}: the date is in the future (today is {today}). Give "
                        "the day the step was taken.")
    if step.kind == "position" and position is None:
        raise UserError(f"{step.key} är ett ställningstagande: ange --position "
                        f"{'|'.join(POSITIONS)}.",
                        f"{step.key} is a position: give --position {'|'.join(POSITIONS)}.")
    if step.kind != "position" and position is not None:
        raise UserError(f"{step.key} är inget ställningstagande; ta bort --position.",
                        f"{step.key} is not a position; drop --position.")
    if (priority is not None or round_date is not None) and not step.priority:
        with_priority = ", ".join(s.key for s in fund.profile.steps.items if s.priority) or "–"
        raise UserError(f"--priority och --round hör till steg med prioritering ({with_priority}).",
                        f"--priority and --round belong to steps with a priority "
                        f"({with_priority}).")
    if priority is not None and priority < 1:
        raise UserError("--priority ska vara 1 eller större (1 = högst prioriterad).",
                        "--priority must be 1 or more (1 = highest priority).")
    party = _party(fund, case, step, by) if step.per_party else None
    recorder = person if step.per_party else (by or person)
    state = read_case(fund, case)
    plan = Plan("record", case, case.stage, case.stage, recorder, list(state.blockers),
                ref=ref)
    plan.files = [state.file]
    earlier = latest(state.model, step.key, stage, party)
    if earlier is not None and not force:
        what = title(fund, step, party, "sv")
        raise UserError(
            f"{what} är redan registrerat i {case.id} ({earlier.get('date') or '?'}). Ange "
            "--force för att registrera det igen (båda finns kvar i historiken).",
            f"{title(fund, step, party, 'en')} is already recorded in {case.id} "
            f"({earlier.get('date') or '?'}). Give --force to record it again (both stay in "
            "the history).", exit_code=EXIT_INVALID)
    entry: dict[str, Any] = {"step": step.key, "stage": stage}
    if party:
        entry["party"] = party
    if position:
        entry["position"] = position
    if priority is not None:
        entry["priority"] = priority
    if round_date is not None:
        entry["round"] = round_date.isoformat()
    entry["date"] = when.isoformat()
    for key, value in (("ref", ref), ("note", note)):
        if value and value.strip():
            entry[key] = value.strip()
    if attach is not None:
        plan.created = _attachment(attach, case, when, step, party)
        entry["attachment"] = plan.created[0]
    entry["by"] = recorder
    entry["at"] = now_text()
    headline = {lang: _summary(fund, step, party, position, priority, lang)
                for lang in ("sv", "en")}
    plan.headline = {lang: f"{case.id}: {headline[lang]}" for lang in ("sv", "en")}
    history_note = headline[fund.language] + "." + (f" {note.strip()}" if note and note.strip()
                                                    else "")
    plan.edit = CaseEdit(lists={"steps": [entry]}, history=[
        history_entry("record", stage, stage, recorder, history_note, ref)])
    return finish(plan)


def _summary(fund: Fund, step: Step, party: str | None, position: str | None,
             priority: int | None, lang: Lang) -> str:
    text = title(fund, step, party, lang)
    if position:
        text += f": {position_word(position, lang)}"
    if priority is not None:
        text += f", {'prioritet' if lang == 'sv' else 'priority'} {priority}"
    return text
