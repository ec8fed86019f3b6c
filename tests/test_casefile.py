"""Editing case.yaml: people's comments, key order and formatting survive; values read back."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from socinv.errors import UserError
from socinv.fund.casefile import CaseEdit, append_history, edit_text, write_case_text
from socinv.fund.yamlsplice import REMOVE
from socinv.io.errors import UnreadableFile
from socinv.io.yamlio import parse_yaml, read_yaml
from tests.conftest import SAMPLE_FUND

CASE_FILES = sorted(SAMPLE_FUND.glob("*/*/case.yaml"))
ENTRY = {"at": "2027-01-02T10:00:00+01:00", "event": "advance", "from": "idea",
         "to": "application", "by": "Petra Lund", "note": None, "ref": "KS § 5"}


@pytest.mark.parametrize("path", CASE_FILES, ids=[p.parent.name for p in CASE_FILES])
def test_an_edit_only_adds_lines_and_changes_the_stage(path: Path) -> None:
    import difflib

    text = path.read_text(encoding="utf-8")
    closing = {"outcome": "withdrawn", "date": "2027-01-02", "ref": "Dnr 17"}
    if "closing:" in text:
        closing = {"ref": "Dnr 17"}
    edit = CaseEdit(stage="review", blocks={"closing": closing}, history=[ENTRY])
    new = edit_text(path, text, edit)
    old_lines, new_lines = text.splitlines(), new.splitlines()
    matcher = difflib.SequenceMatcher(a=old_lines, b=new_lines, autojunk=False)
    for tag, i1, i2, _, _ in matcher.get_opcodes():
        if tag in ("replace", "delete"):  # only the stage and the closing's ref change
            assert all(line.startswith(("stage:", "  ref:")) for line in old_lines[i1:i2])
    data = parse_yaml(path, new).data
    assert data["stage"] == "review"
    assert data["history"][-1] == {**ENTRY, "note": None}
    assert data["closing"]["ref"] == "Dnr 17"
    old_keys = list(read_yaml(path).data)
    assert [key for key in data if key in old_keys] == old_keys  # key order kept
    assert list(data).index("closing") < list(data).index("history")


def test_replacing_a_decision_removes_what_no_longer_applies() -> None:
    path = SAMPLE_FUND / "4-pagaende" / "2025-001-utokade-hembesok-for-forstagangsforaldrar" \
        / "case.yaml"
    text = path.read_text(encoding="utf-8")
    new = edit_text(path, text, CaseEdit(blocks={"decision": {
        "outcome": "rejected", "date": "2027-01-02", "ref": "KS § 9", "total": REMOVE,
        "per_year": REMOVE, "conditions": REMOVE}}))  # as decide --force --rejected does
    decision = parse_yaml(path, new).data["decision"]
    assert decision == {"outcome": "rejected", "date": "2027-01-02", "ref": "KS § 9"}
    assert "# Ombudgetering av 162 000 kr" in new


_TEXT = st.text(st.characters(blacklist_categories=["Cs"], blacklist_characters="\x00"),
                max_size=60)
_AWKWARD = st.sampled_from(["0701234567", "null", "~", "yes", "no", "- punkt", "a: b", "#tag",
                            "  spaces  ", "'quoted'", '"dq"', "[x]", "{y}", "2027-01-02",
                            "KS § 87", "rad 1\nrad 2", "tab\there", "", "å ä ö", "12:30",
                            "1e5", "*alias", "&anchor", "!tag", "%", "@", "`", "\x85",
                            "\u2028", "\ufeff", "x\r\ny"])


@settings(max_examples=150, deadline=None)
@given(note=st.one_of(_TEXT, _AWKWARD), by=st.one_of(_TEXT, _AWKWARD),
       ref=st.one_of(st.none(), _TEXT, _AWKWARD))
def test_any_text_written_reads_back_exactly(note: str, by: str, ref: str | None) -> None:
    path = CASE_FILES[0]
    text = path.read_text(encoding="utf-8")
    entry = {**ENTRY, "note": note, "by": by, "ref": ref}
    new = edit_text(path, text, CaseEdit(history=[entry]))
    assert parse_yaml(path, new).data["history"][-1] == entry
    assert new.startswith(text.split("# Processgruppen")[0])


def test_flow_style_history_falls_back_to_the_round_trip_emitter(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    text = "# min kommentar\nid: 2027-001-x\nstage: idea\nhistory: [{event: created}]\n"
    new = edit_text(path, text, CaseEdit(stage="application", history=[ENTRY]))
    data = parse_yaml(path, new).data
    assert data["stage"] == "application"
    assert data["history"] == [{"event": "created"}, ENTRY]
    assert "# min kommentar" in new


@pytest.mark.parametrize("text", [
    "id: &a x\nstage: *a\nhistory: []\n",
    "id: x\nstage: idea\nstage: review\nhistory: []\n",
    "id: x\nstage: !!python/object:os.system idea\n",
])
def test_files_socinv_cannot_read_safely_are_not_edited(tmp_path: Path, text: str) -> None:
    path = tmp_path / "case.yaml"
    with pytest.raises((UserError, UnreadableFile)):
        edit_text(path, text, CaseEdit(history=[ENTRY]))


def test_append_history_keeps_permissions_and_refuses_links(tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text("id: 2027-001-x\nstage: idea\nhistory:\n  - event: created\n")
    path.chmod(0o640)
    append_history(path, ENTRY)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert read_yaml(path).data["history"][-1]["ref"] == "KS § 5"
    assert not list(tmp_path.glob(".*.tmp"))
    link = tmp_path / "link.yaml"
    link.symlink_to(path)
    with pytest.raises(UserError):
        write_case_text(link, "id: x\n")
    with pytest.raises(UserError):
        append_history(link, ENTRY)


def test_a_file_saved_on_windows_keeps_its_line_endings() -> None:
    path = CASE_FILES[-1]
    text = path.read_text(encoding="utf-8").replace("\n", "\r\n")
    new = edit_text(path, text, CaseEdit(stage="closed", blocks={
        "decision": {"per_year": {2024: 1760000}}}, history=[ENTRY]))
    assert new.count("\n") == new.count("\r\n")
    assert parse_yaml(path, new).data["decision"]["per_year"] == {"2024": "1760000"}
