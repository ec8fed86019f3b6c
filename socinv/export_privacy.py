"""No personal data in the open-data export.

The export leaves out every field about a person by construction (the contact
person, who did what in the history and the steps, staffing, the project plan).
What remains as text — a title, a party's role, the target group, an effect's
result — is scanned before anything is written, and the export is refused (exit 1,
naming the file and the field) when it would hold:

- a personal identity or coordination number (the public-record guard of the board
  papers, :func:`socinv.rules.privacy.find_personal_numbers`);
- an e-mail address, work or private;
- a phone number (mobile or landline, with or without +46);
- the full name of a person the fund knows: the case's contact, anyone in its history
  or steps, anyone named in its project plan.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from socinv.errors import UserError
from socinv.rules.privacy import find_personal_numbers

_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63})+")
#: Swedish phone numbers: 0 + area code or 7X, then 5–8 digits in groups (spaces, hyphens)
_PHONE = re.compile(r"(?<![\w+])(?:\+46[\s-]?|0046[\s-]?|0)[1-9]\d{0,3}(?:[\s-]?\d){5,8}(?!\d)")
#: where a source names people: never exported, so never where a hit is located
_PERSON_KEYS = ("contact", "history", "steps")
_PERSON_NAME_KEYS = frozenset({"name", "by", "responsible"})
#: top-level keys under which a "name" is an organisation's, not a person's
_NOT_PEOPLE = frozenset({"parties", "title"})


@dataclass(frozen=True)
class Hit:
    """Something in an export that looks like personal data, and where."""

    file: str
    field: str
    kind: str  # personal_identity_number | email | phone | name
    shown: str  # what was found, masked for a number


_KINDS = {"personal_identity_number": ("personnummer", "personal identity number"),
          "coordination_number": ("samordningsnummer", "coordination number"),
          "email": ("e-postadress", "e-mail address"),
          "phone": ("telefonnummer", "phone number"),
          "name": ("namn på en person", "name of a person")}


def find(text: str, names: frozenset[str]) -> Iterator[tuple[str, str, str]]:
    """(kind, found text, shown text) for every piece of personal data in ``text``."""
    for match in find_personal_numbers(text):
        yield match.kind, match.text, match.masked
    if "@" in text:
        for found in _EMAIL.finditer(text):
            yield "email", found.group(0), found.group(0)
    for found in _PHONE.finditer(text):
        yield "phone", found.group(0), found.group(0)
    if names:
        folded = text.casefold()
        for name in names:
            at = folded.find(name)
            if at != -1 and _whole_word(folded, at, len(name)):
                yield "name", text[at:at + len(name)], text[at:at + len(name)]


def _whole_word(text: str, at: int, length: int) -> bool:
    before = text[at - 1] if at > 0 else " "
    after = text[at + length] if at + length < len(text) else " "
    return not before.isalnum() and not after.isalnum()


def person_names(people: Iterable[Any]) -> frozenset[str]:
    """Full names (two capitalised words or more: "Karin Mårtensson", not "Barn- och
    utbildningsförvaltningen" or "AB Ystadbostäder") that the case file (contact,
    history, steps) and the project plan give for people."""
    names: set[str] = set()
    for model in people:
        for path, value in _strings(model):
            last = re.split(r"[.\[]", path)[-1].rstrip("]")
            words = value.split()
            if last in _PERSON_NAME_KEYS and path.split(".", 1)[0].split("[", 1)[0] \
                    not in _NOT_PEOPLE and len(words) >= 2 \
                    and all(_name_word(word) for word in words) and len(value) <= 80:
                names.add(" ".join(words).casefold())
    return frozenset(names)


def _name_word(word: str) -> bool:
    """A word of a person's name: capitalised, with small letters (not "och", not "AB")."""
    return len(word) >= 2 and word[0].isupper() and any(char.islower() for char in word)


def scan_record(record: Mapping[str, Any], sources: Mapping[str, Any],
                people: Iterable[Any], case_file: str) -> list[Hit]:
    """Every piece of personal data in the record's texts, each located in the document
    it was exported from (file and field) where it is found there, else the case file."""
    names = person_names(people)
    hits: list[Hit] = []
    for path, value in _strings(record):
        for kind, text, shown in find(value, names):
            file, field = _locate(text, sources) or (case_file, path)
            hits.append(Hit(file, field, kind, shown))
    return hits


def _locate(text: str, sources: Mapping[str, Any]) -> tuple[str, str] | None:
    for file, model in sources.items():
        for path, value in _strings(model):
            top = path.split(".", 1)[0].split("[", 1)[0]
            if top not in _PERSON_KEYS and text.casefold() in " ".join(value.split()).casefold():
                return file, path
    return None


def _strings(model: Any, path: str = "") -> Iterator[tuple[str, str]]:
    if isinstance(model, Mapping):
        for key, value in model.items():
            yield from _strings(value, f"{path}.{key}" if path else str(key))
    elif isinstance(model, list | tuple):
        for index, value in enumerate(model):
            yield from _strings(value, f"{path}[{index}]")
    elif isinstance(model, str):
        yield path, model


def refusal(hits: list[Hit]) -> UserError:
    """Exit 1, nothing written: every place (at most 20), what was found, and the fix."""
    lines_sv, lines_en = [], []
    for hit in hits[:20]:
        where = f"{hit.file}: {hit.field}" if hit.field else hit.file
        sv, en = _KINDS.get(hit.kind, (hit.kind, hit.kind))
        lines_sv.append(f"  {where}: {sv} ({hit.shown})")
        lines_en.append(f"  {where}: {en} ({hit.shown})")
    more = len(hits) - 20
    if more > 0:
        lines_sv.append(f"  … och {more} till")
        lines_en.append(f"  … and {more} more")
    return UserError(
        "Exporten skrevs inte: den skulle innehålla personuppgifter. Öppna data får inte "
        "innehålla personnummer, e-postadresser, telefonnummer eller namn på personer. "
        "Ta bort uppgiften ur fältet och kör socinv export igen.\n" + "\n".join(lines_sv),
        "Nothing was exported: the export would contain personal data. Open data must not "
        "contain personal identity numbers, e-mail addresses, phone numbers or names of "
        "persons. Remove it from the field and run socinv export again.\n"
        + "\n".join(lines_en), exit_code=1)


def guard_output(name: str, text: str) -> None:
    """The last check of what is about to be written, the whole file (a figure, or an
    export edited by hand before a merge): identity numbers, e-mail addresses and phone
    numbers anywhere in it."""
    hits = [Hit(name, "", kind, shown) for kind, _, shown in find(text, frozenset())]
    if hits:
        raise refusal(hits)
