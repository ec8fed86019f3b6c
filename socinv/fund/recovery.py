"""What an interrupted command left behind, and how ``doctor --repair`` finishes it.

From the journal and the disk: where the case folder is (the old stage, the new
one, both, neither), what ``case.yaml`` holds (the text before, after, or
something else), and whether the new file was written. If only the journal
was written, repair rolls back (deletes the journal: nothing else changed).
Otherwise it completes the remaining steps. A state socinv cannot have
produced itself (the folder in both places, or missing; case.yaml edited since)
is explained and left for a person.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from pathlib import Path

from socinv.fund.casefile import current_text, write_case_text
from socinv.fund.crash import crash_point
from socinv.fund.fund import CASE_FILE, FUND_FILE
from socinv.fund.transaction import (
    Journal,
    check_move,
    commit_journal,
    created_bytes,
    is_created,
    move_case,
    remove_journal,
)
from socinv.io.atomic import write_bytes_atomic


@dataclass
class JournalState:
    """Where an interrupted command's journal left the case and the fund."""

    journal: Journal
    location: str  # "source" | "target" | "both" | "none"
    case_text: str  # "before" | "after" | "other" | "missing"
    created: str  # "absent" | "ours" | "changed" | "n/a"
    fund: str = "n/a"  # fund.yaml: "before" | "after" | "other" | "n/a"

    @property
    def step(self) -> str:
        """The last step that was done."""
        if self.location == "target":
            return "moved"
        if self.case_text == "after":
            return "case-written"
        if self.fund == "after":
            return "fund-written"
        if self.created == "ours":
            return "document-written"
        return "journal-written"

    @property
    def action(self) -> str:
        """``rollback``, ``complete`` or ``manual``."""
        if self.location in ("both", "none") or self.case_text in ("other", "missing") or \
                self.fund == "other":
            return "manual"
        if self.step == "journal-written":
            return "rollback"
        return "complete"

    def explain(self) -> dict[str, str]:
        journal = self.journal
        where_sv = {"source": f"Ärendet ligger kvar i {journal.source}",
                    "target": f"Ärendet ligger i {journal.target}",
                    "both": f"Ärendet finns i både {journal.source} och {journal.target}",
                    "none": f"Ärendet finns varken i {journal.source} eller {journal.target}"}
        where_en = {"source": f"The case is still in {journal.source}",
                    "target": f"The case is in {journal.target}",
                    "both": f"The case is in both {journal.source} and {journal.target}",
                    "none": f"The case is in neither {journal.source} nor {journal.target}"}
        text_sv = {"before": "case.yaml är oförändrad", "after": "case.yaml är uppdaterad",
                   "other": "case.yaml har ändrats sedan dess", "missing": "case.yaml saknas"}
        text_en = {"before": "case.yaml is unchanged", "after": "case.yaml is updated",
                   "other": "case.yaml was changed since", "missing": "case.yaml is missing"}
        action_sv = {"rollback": "--repair återställer: inget annat än journalen hann skrivas.",
                     "complete": "--repair slutför de återstående stegen.",
                     "manual": "Det kan inte lagas automatiskt: kontrollera ärendet och ta "
                               "sedan bort journalen."}
        action_en = {"rollback": "--repair rolls back: nothing but the journal was written.",
                     "complete": "--repair completes the remaining steps.",
                     "manual": "This cannot be repaired automatically: check the case, then "
                               "delete the journal."}
        return {"sv": f"{where_sv[self.location]}; {text_sv[self.case_text]}. "
                      f"{action_sv[self.action]}",
                "en": f"{where_en[self.location]}; {text_en[self.case_text]}. "
                      f"{action_en[self.action]}"}


def _read(path: Path) -> str | None:
    return current_text(path) if path.is_file() and not path.is_symlink() else None


def inspect(root: Path, journal: Journal) -> JournalState:
    source = root / journal.source / journal.case
    target = root / journal.target / journal.case
    if journal.source == journal.target:
        location = "source" if source.is_dir() else "none"
    else:
        here, there = source.is_dir(), target.is_dir()
        location = {(True, False): "source", (False, True): "target",
                    (True, True): "both"}.get((here, there), "none")
    folder = target if location == "target" else source
    text = _read(folder / CASE_FILE)
    case_text = ("missing" if text is None else "after" if text == journal.after
                 else "before" if text == journal.before else "other")
    created = "n/a"
    if journal.created is not None:
        ours = is_created(folder / journal.created, journal)
        created = "absent" if ours is None else "ours" if ours else "changed"
    fund = "n/a"
    if journal.fund_before is not None:
        now = _read(root / FUND_FILE)
        fund = ("after" if now == journal.fund_after else "before"
                if now == journal.fund_before else "other")
    return JournalState(journal, location, case_text, created, fund)


def group_completes(root: Path, journal: Journal, pending: list[Journal]) -> bool:
    """Whether a group decision goes forward: some case of it changed already.

    Journals are all written before any case changes and removed only after every case
    changed, so a missing journal says nothing by itself: the journals still there tell.
    Decide for the whole group before repairing any of it."""
    members = [other for other in pending if other.group == journal.group]
    return any(inspect(root, other).step != "journal-written" for other in members)


def repair(root: Path, state: JournalState, complete: bool = False) -> str | None:
    """Complete or roll back; returns the action taken (None when it needs a person).

    ``complete``: go forward even when only the journal was written (a group decision
    where another case of the group already changed)."""
    journal = state.journal
    action = state.action
    if action == "manual":
        return None
    if action == "rollback" and not complete:
        remove_journal(root, journal)
        return "rollback"
    source = root / journal.source / journal.case
    target = root / journal.target / journal.case
    folder = target if state.location == "target" else source
    moving = state.location == "source" and journal.source != journal.target
    if moving:
        check_move(root, source, target)  # refuse (other file system, …) before any write
    if journal.created is not None and state.created == "absent":
        path = folder / journal.created
        path.parent.mkdir(exist_ok=True)
        with contextlib.suppress(FileExistsError):
            write_bytes_atomic(path, created_bytes(journal))
    if journal.fund_after is not None and state.fund == "before":
        write_case_text(root / FUND_FILE, journal.fund_after)
    if state.case_text == "before":
        write_case_text(folder / CASE_FILE, journal.after)
    if moving:
        move_case(root, source, target)  # one rename, same file system, never onto a name
        crash_point("repair-moved")
    commit_journal(root, journal)
    remove_journal(root, journal)
    return "complete"
