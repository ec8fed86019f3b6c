"""The decision memo's account of the case: who prepared it, who assessed it, who signs.

- ``preparation``: every preparation step recorded in ``case.yaml: steps`` (``socinv
  record``), by date: the groups' positions, the committees' views, the sign-offs, with
  their references and notes;
- ``assessments``: each group's own assessment — the profile's group steps (the
  management group's position, Heby's steering group) with their notes, and the process
  group's assessment of the idea-review criteria (``idea.yaml: criteria``); a group
  whose assessment is not recorded says so;
- ``documents``: the list of beslutsunderlag (the memo, the application, the idea, each
  recorded view and position, the signatures, attachments);
- ``officials``: the officer (handläggare), administration, signatures and the finance
  office from ``fund.yaml: officials``;
- ``recipients``: the parties and the finance office.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from socinv.fund.fund import Fund
from socinv.i18n import Lang, pick
from socinv.process.steps import position_word, records, title
from socinv.reports.data import CaseData
from socinv.reports.memo_words import in_sentence

FINANCE_OFFICE = {"sv": "Ekonomiavdelningen", "en": "The finance office"}


def _date(value: Any) -> str:
    return value.isoformat() if isinstance(value, dt.date) else str(value or "")


def _stage(fund: Fund, key: Any, lang: Lang) -> str:
    for stage in fund.profile.stages:
        if stage.key == key:
            return pick(stage.label, lang)
    return str(key or "")


def preparation(fund: Fund, case: CaseData, lang: Lang) -> list[dict[str, Any]]:
    """The recorded steps, oldest first (a record's own date; ties keep their order)."""
    rows: list[dict[str, Any]] = []
    for record in records(case.case):
        step = fund.profile.steps.get(str(record.get("step") or ""))
        party = str(record.get("party") or "") or None
        position = str(record.get("position") or "")
        priority = record.get("priority")
        group = fund.profile.vocabulary.terms.get(step.who) if step else None
        who = party or (pick(group.name, lang) if group else "")
        who_text = in_sentence(party, lang) if party else (pick(group.text, lang) if group
                                                            else "")
        label = pick(step.label, lang) if step else str(record.get("step") or "")
        rows.append({
            "date": _date(record.get("date")),
            "title": title(fund, step, party, lang) if step else str(record.get("step")),
            "what": label[:1].upper() + label[1:], "by": who, "by_text": who_text,
            "step": str(record.get("step") or ""), "party": party or "",
            "kind": step.kind if step else "", "who": step.who if step else "",
            "stage": _stage(fund, record.get("stage"), lang),
            "position": position_word(position, lang) if position else "",
            "position_key": position, "stage_key": str(record.get("stage") or ""),
            "priority": priority if isinstance(priority, int) else None,
            "ref": str(record.get("ref") or ""), "note": str(record.get("note") or ""),
            "attachment": str(record.get("attachment") or ""),
        })
    for entry in case.case.get("history") or []:
        if not isinstance(entry, dict) or entry.get("event") != "advance" \
                or not entry.get("note"):
            continue
        moved = next((t for t in fund.profile.transitions if t.source == entry.get("from")
                      and t.target == entry.get("to")), None)
        when = entry.get("at")
        rows.append({
            "date": when.date().isoformat() if isinstance(when, dt.datetime)
            else str(when or "")[:10],
            "title": pick(moved.label, lang) if moved else _stage(fund, entry.get("to"), lang),
            "what": pick(moved.label, lang) if moved else _stage(fund, entry.get("to"), lang),
            "by": "", "by_text": "", "step": "", "party": "", "kind": "advance", "who": "",
            "stage": _stage(fund, entry.get("from"), lang), "position": "", "priority": None,
            "position_key": "", "stage_key": str(entry.get("from") or ""),
            "ref": str(entry.get("ref") or ""), "note": " ".join(str(entry["note"]).split()),
            "attachment": ""})
    return sorted(rows, key=lambda row: row["date"])


def assessments(fund: Fund, case: CaseData, prepared: list[dict[str, Any]],
                lang: Lang) -> list[dict[str, Any]]:
    """Each group's own assessment: {group, records, criteria, missing}."""
    words = fund.profile.vocabulary
    found: list[dict[str, Any]] = []
    groups = [step for step in fund.profile.steps.items
              if not step.per_party and step.who in words.terms]
    if not any(step.who == "process_group" for step in groups) \
            and (fund.profile.document("idea").rules.get("criteria") or {}).get("keys"):
        found.append(_process_group(fund, case, lang))
    for step in groups:
        mine = [row for row in prepared if row["step"] == step.key]
        found.append({"group": pick(words.get(step.who).name, lang),
                      "what": title(fund, step, None, lang), "records": mine,
                      "criteria": [], "missing": not mine, "idea_review": False})
    return found


def _process_group(fund: Fund, case: CaseData, lang: Lang) -> dict[str, Any]:
    """The process group's assessment of the idea against the profile's criteria."""
    group = pick(fund.profile.vocabulary.get("process_group").name, lang)
    idea_doc = fund.profile.document("idea")
    keys = (idea_doc.rules.get("criteria") or {}).get("keys") or []
    assessed = (case.model("idea") or {}).get("criteria") or {}
    rows = []
    for key in keys:
        item = assessed.get(key) or {}
        if item.get("met") is None:
            continue
        rows.append({"label": pick(idea_doc.text(f"criteria.{key}").label, lang),
                     "met": bool(item.get("met")), "comment": str(item.get("comment") or "")})
    return {"group": group, "what": group, "records": [], "criteria": rows,
            "missing": not rows, "idea_review": bool(keys)}


def documents(fund: Fund, case: CaseData, prepared: list[dict[str, Any]], date: str,
              kind: str, lang: Lang) -> list[str]:
    """The beslutsunderlag, as lines of the list."""
    sv = lang == "sv"
    found = [f"{'Tjänsteskrivelse' if sv else 'Officer’s report'}"
             + (f" {date}" if kind == "proposal" else "")]
    for doc_type in ("application", "idea"):
        result = case.documents.get(doc_type)
        if result is None or not result.model:
            continue
        label = pick(fund.profile.document(doc_type).label, lang)
        found.append(f"{label}: {case.title}" if doc_type == "application" else label)
    signed = [row for row in prepared if row["kind"] == "sign_off"]
    for row in prepared:
        if row["kind"] in ("sign_off", "advance"):
            continue
        what = f"{row['what']} {'från' if sv else 'from'} {row['by_text']}" if row["by"] \
            else row["what"]
        found.append(", ".join(part for part in (what, row["date"], row["ref"]) if part))
    if signed:
        names = _join([row["by_text"] or row["title"] for row in signed], lang)
        dates = sorted({row["date"] for row in signed if row["date"]})
        label = pick(fund.profile.document("application").label, lang)
        found.append((f"{label} undertecknad av {names}" if sv else
                      f"{label} signed by {names}") + (f", {_join(dates, lang)}" if dates else ""))
    found += [f"{'Bilaga' if sv else 'Attachment'}: {row['attachment']}"
              for row in prepared if row["attachment"]]
    return found


def officials(settings: dict[str, Any], lang: Lang) -> dict[str, Any]:
    raw = settings.get("officials") or {}
    officer = raw.get("officer") or {}
    return {
        "administration": str(raw.get("administration") or ""),
        "officer": {key: str(officer.get(key) or "") for key in ("name", "title", "email",
                                                                 "phone")},
        "signatures": [{"name": str(item.get("name") or ""), "title": str(item.get("title")
                                                                          or "")}
                       for item in raw.get("signatures") or [] if isinstance(item, dict)],
        "finance_office": str(raw.get("finance_office") or FINANCE_OFFICE[lang]),
    }


def recipients(parties: list[dict[str, Any]], office: dict[str, Any]) -> list[str]:
    names = [str(party.get("name")) for party in parties if party.get("name")]
    names.append(office["finance_office"])
    return list(dict.fromkeys(names))


def _join(items: list[str], lang: Lang) -> str:
    word = " och " if lang == "sv" else " and "
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + word + items[-1] \
        if items else ""
