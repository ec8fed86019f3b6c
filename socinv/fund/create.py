"""Creating funds and cases on disk, so that a crash never leaves half a case.

A new case is written into a hidden temporary folder in its stage directory
and then renamed into place in one step; until the rename nothing is visible,
after it everything is.
"""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path
from typing import Any

from socinv.errors import UserError
from socinv.fund.crash import crash_point
from socinv.fund.fund import CASE_FILE, FUND_FILE, REPORTS_DIR, Fund
from socinv.fund.ids import next_case_id
from socinv.i18n import Lang
from socinv.io.atomic import write_bytes_atomic, write_text_atomic
from socinv.io.yaml_template import render_template, scalar
from socinv.profiles.loader import Profile, Stage

_CASE_HEADER = {
    "sv": "# Ärendets uppgifter. Skrivs av socinv (historiken läggs till, aldrig ändras);\n"
          "# egna kommentarer får läggas till.\n",
    "en": "# The case's metadata. Written by socinv (history is appended, never changed);\n"
          "# you may add comments.\n",
}


def now_text() -> str:
    return dt.datetime.now().astimezone().replace(microsecond=0).isoformat()


def history_entry(event: str, source: str | None, target: str | None, by: str,
                  note: str | None = None, ref: str | None = None) -> dict[str, Any]:
    return {"at": now_text(), "event": event, "from": source, "to": target, "by": by,
            "note": note, "ref": ref}


def render_case(case: dict[str, Any], lang: Lang) -> str:
    """``case.yaml`` of a new case, in a fixed, readable layout."""
    lines = [_CASE_HEADER[lang].rstrip("\n")]
    for key in ("id", "title", "stage", "created"):
        lines.append(f"{key}: {scalar(case[key])}")
    contact = case.get("contact") or {}
    lines += ["contact:", f"  name: {scalar(contact.get('name'))}".rstrip(),
              f"  email: {scalar(contact.get('email'))}".rstrip(), "history:"]
    for entry in case["history"]:
        first = True
        for key in ("at", "event", "from", "to", "by", "note", "ref"):
            prefix = "  - " if first else "    "
            lines.append(f"{prefix}{key}: {scalar(entry.get(key))}".rstrip())
            first = False
    return "\n".join(lines) + "\n"


def create_case(fund: Fund, stage: Stage, title: str, doc_type: str, by: str, lang: Lang,
                today: dt.date | None = None, fmt: str = "yaml") -> Path:
    """A new case folder with ``case.yaml`` and a blank ``doc_type`` template (yaml/docx)."""
    title = " ".join(title.split())
    if not title:
        raise UserError("Ange en titel för ärendet.", "Give the case a title.")
    if today is None:
        from socinv.fund.calendar import default_today

        today = default_today()
    case_id = next_case_id(title, today.year, fund.case_ids())
    stage_dir = fund.root / stage.dir
    stage_dir.mkdir(exist_ok=True)
    target = stage_dir / case_id
    temp = Path(tempfile.mkdtemp(prefix=f".{case_id}.", suffix=".tmp", dir=stage_dir))
    try:
        case = {
            "id": case_id, "title": title, "stage": stage.key, "created": today.isoformat(),
            "contact": {"name": None, "email": None},
            "history": [history_entry("created", None, stage.key, by)],
        }
        write_text_atomic(temp / CASE_FILE, render_case(case, lang))
        file_name = f"{doc_type}.{fmt}"
        write_bytes_atomic(temp / file_name, render_document(
            fund.profile, doc_type, lang, f"{stage.dir}/{case_id}/{file_name}",
            {"title": title}))
        crash_point("case-temp-written")
        if target.exists():
            raise UserError(f"{target} finns redan.", f"{target} already exists.")
        temp.rename(target)
        crash_point("moved")
    except BaseException:
        shutil.rmtree(temp, ignore_errors=True)
        raise
    return target


def render_document(profile: Profile, doc_type: str, lang: Lang, file_name: str,
                    prefill: dict[str, Any]) -> bytes:
    """A blank template as bytes: YAML with comments, or a Word form (by ``file_name``)."""
    if file_name.endswith(".docx"):
        from socinv.io.docx_template import build_docx  # python-docx only when asked for

        return build_docx(doc_type, profile, lang, prefill, file_name.rsplit("/", 1)[-1])
    return render_template(doc_type, profile, lang, file_name, prefill).encode("utf-8")


def add_document(fund: Fund, case_path: Path, doc_type: str, lang: Lang,
                 prefill: dict[str, Any], fmt: str = "yaml") -> Path:
    """A blank template for ``doc_type`` (yaml or docx) in an existing case (never overwrites)."""
    for suffix in (".yaml", ".yml", ".docx"):
        existing = case_path / f"{doc_type}{suffix}"
        if existing.exists():
            raise UserError(f"{fund.rel(existing)} finns redan; socinv skriver inte över den.",
                            f"{fund.rel(existing)} already exists; socinv will not overwrite it.")
    target = case_path / f"{doc_type}.{fmt}"
    write_bytes_atomic(target, render_document(fund.profile, doc_type, lang, fund.rel(target),
                                               prefill))
    return target


def render_fund(profile_spec: str, profile: Profile, municipality: str, lang: Lang) -> str:
    year = dt.date.today().year
    equity = profile.financing.equity_reserve
    if lang == "en":
        notes = ("# The fund's settings. See the socinv README for every key.",
                 "# The reservation of earlier years' surpluses within equity at the start of "
                 "the year;\n# changes: the council's later decisions (+ reserve more, "
                 "− release)",
                 "# The yearly budget reserve from which granted projects get their budget "
                 "(year, amount, decision reference)" if equity else
                 "# Funds set aside for social investments in each year's budget (year, "
                 "amount, decision reference)",
                 "# Decisions to move a case's unused funds to the next year (socinv rebudget)",
                 "# Commit every change to git (if the fund is a git repository)")
    else:
        notes = ("# Fondens inställningar. Se socinvs README för alla nycklar.",
                 "# Reservering av tidigare års överskott inom det egna kapitalet vid årets "
                 "början;\n# changes: fullmäktiges senare beslut (+ utökad reservering, "
                 "− upplösning)",
                 "# Årlig reserv (anslag) som beviljade projekt får budgetmedel ur (år, "
                 "belopp, beslutsreferens)" if equity else
                 "# Medel som avsätts för sociala investeringar i varje års budget (år, "
                 "belopp, beslutsreferens)",
                 "# Beslut om att ombudgetera ett ärendes outnyttjade medel till nästa år "
                 "(socinv rebudget)",
                 "# Gör en git-commit av varje ändring (om fonden är ett git-arkiv)")
    reserve = [notes[1], "reserve:", "  opening_balance: 0", f"  year: {year}",
               "  changes: []"] if equity else []
    return "\n".join([
        notes[0],
        f"municipality: {scalar(municipality)}",
        f"profile: {scalar(profile_spec)}",
        f"language: {lang}",
        "currency: SEK",
        "discount_rate: 0.035",
        *reserve,
        notes[2],
        "allocations: []",
        notes[3],
        "rebudgeting: []",
        notes[4],
        "git_commit: false",
        "",
    ])


def create_fund(directory: Path, profile_spec: str, profile: Profile, municipality: str,
                lang: Lang, profile_files: tuple[tuple[str, str], ...] = ()) -> list[Path]:
    """The folders, the profile's copy (``profile_files``: name, text) and fund.yaml last."""
    if (directory / FUND_FILE).exists():
        raise UserError(f"{directory / FUND_FILE} finns redan; det finns redan en fond här.",
                        f"{directory / FUND_FILE} already exists; there is a fund here.")
    if directory.exists() and not directory.is_dir():
        raise UserError(f"{directory} är en fil, inte en mapp.",
                        f"{directory} is a file, not a folder.")
    directory.mkdir(parents=True, exist_ok=True)
    created = [directory / stage.dir for stage in profile.stages] + [directory / REPORTS_DIR]
    for folder in created:
        folder.mkdir(exist_ok=True)
    for name, text in profile_files:
        write_text_atomic(directory / name, text)
    created[:0] = [directory / name for name, _ in profile_files]
    write_text_atomic(directory / FUND_FILE, render_fund(profile_spec, profile, municipality,
                                                         lang))
    return [directory / FUND_FILE, *created]
