"""Creating funds and cases on disk, so that a crash never leaves half a case.

A new case is written into a hidden temporary folder in its stage directory
and then renamed into place in one step; until the rename nothing is visible,
after it everything is.
"""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path
from typing import Any

from socinv.errors import UserError
from socinv.fund.crash import crash_point
from socinv.fund.fund import CASE_FILE, FUND_FILE, REPORTS_DIR, UNIT_COSTS_FILE, Fund
from socinv.fund.ids import next_case_id
from socinv.i18n import Lang
from socinv.io.atomic import make_temporary_dir, write_bytes_atomic, write_text_atomic
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
    """One entry of a case's history; the texts a person typed are checked first (a note
    too long to read back, control characters, a personal identity number: refused)."""
    from socinv.model.user_text import MAX_HISTORY_NOTE, MAX_SHORT, NOTE, check_text

    check_text(note, NOTE, MAX_HISTORY_NOTE, multiline=True)
    check_text(ref, ("Referensen (--ref)", "The reference (--ref)"), MAX_SHORT)
    check_text(by, ("Namnet (--by)", "The name (--by)"), MAX_SHORT)
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
    from socinv.model.user_text import MAX_TITLE, check_text

    check_text(title, ("Titeln", "The title"), MAX_TITLE * 4, multiline=True)
    title = " ".join(title.split())
    if not title:
        raise UserError("Ange en titel för ärendet.", "Give the case a title.")
    check_text(title, ("Titeln", "The title"), MAX_TITLE)
    if today is None:
        from socinv.fund.calendar import default_today

        today = default_today()
    case_id = next_case_id(title, today.year, fund.case_ids())
    stage_dir = fund.root / stage.dir
    stage_dir.mkdir(exist_ok=True)
    target = stage_dir / case_id
    temp = make_temporary_dir(stage_dir, f".{case_id}.", ".tmp")
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
    created = [directory / stage.dir for stage in profile.stages] + [directory / REPORTS_DIR]
    blocking = [path for path in created if path.is_symlink()
                or (path.exists() and not path.is_dir())]
    if blocking:  # checked before anything is made: init never leaves half a fund
        names = ", ".join(str(path) for path in blocking)
        raise UserError(f"{names}: finns redan som fil eller länk, där socinv vill skapa en "
                        "mapp. Flytta eller byt namn på den och kör socinv init igen. Inget "
                        "skapades.",
                        f"{names}: exists as a file or link where socinv would make a folder. "
                        "Move or rename it and run socinv init again. Nothing was created.")
    try:
        directory.mkdir(parents=True, exist_ok=True)
        for folder in created:
            folder.mkdir(exist_ok=True)
    except OSError as error:
        raise UserError(f"{error.filename or directory}: mappen kunde inte skapas "
                        f"({error.strerror}).",
                        f"{error.filename or directory}: the folder could not be created "
                        f"({error.strerror}).") from None
    for name, text in profile_files:
        write_text_atomic(directory / name, text)
    created[:0] = [directory / name for name, _ in profile_files]
    write_text_atomic(directory / FUND_FILE, render_fund(profile_spec, profile, municipality,
                                                         lang))
    written = [directory / FUND_FILE]
    if not (directory / UNIT_COSTS_FILE).exists():
        write_text_atomic(directory / UNIT_COSTS_FILE, UNIT_COSTS_TEMPLATE[lang])
        written.append(directory / UNIT_COSTS_FILE)
    return [*written, *created]


#: the fund's unit-cost library, which the application template refers to, to fill in
UNIT_COSTS_TEMPLATE: dict[Lang, str] = {
    "sv": """# Fondens enhetskostnader. En ansökan hänvisar till dem under
# cost_reduction.units[].unit_cost (nyckeln) med count_per_year (antal per år).
# Belopp i hela kronor; per: year | day | case | hour. Till exempel:
#
#   - key: hvb_placement_day
#     label: Placering på HVB, barn och unga, per dygn
#     amount: 5200
#     per: day
#     source: Kolada (RKA), kostnad per vårddygn, bokslut 2023
#     price_year: 2024
note: Kommunens egna enhetskostnader, helst ur egen redovisning och Kolada.
unit_costs: []
""",
    "en": """# The fund's unit costs. An application refers to them under
# cost_reduction.units[].unit_cost (the key) with count_per_year.
# Amounts in whole kronor; per: year | day | case | hour. For example:
#
#   - key: hvb_placement_day
#     label: Residential care (HVB), children and young people, per day
#     amount: 5200
#     per: day
#     source: Kolada (RKA), cost per care day, accounts 2023
#     price_year: 2024
note: The municipality's own unit costs, preferably from its accounts and Kolada.
unit_costs: []
""",
}


def copy_example(directory: Path) -> Path:
    """A copy of the sample fund shipped with socinv (the README's session runs on it)."""
    from importlib import resources

    base = resources.files("socinv")
    source = Path(str(base.joinpath("sample_fund")))
    if not (source / FUND_FILE).is_file():  # a source checkout: the repository's sample_fund/
        source = Path(str(base)).parent / "sample_fund"
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise UserError(f"{directory} finns redan och är inte en tom mapp; exempelfonden "
                        "skapas i en ny mapp.",
                        f"{directory} already exists and is not an empty folder; the example "
                        "fund goes into a new folder.")
    shutil.copytree(source, directory, dirs_exist_ok=True,
                    ignore=shutil.ignore_patterns(".socinv", "__pycache__", "EXPECTED_*"))
    return directory
