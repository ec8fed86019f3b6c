"""Swedish personal identity numbers and coordination numbers in free text.

Board papers are public records ("allmän handling"); socinv refuses to print a
personal identity number (personnummer) or coordination number
(samordningsnummer) in them. A match is six date digits ``YYMMDD`` (with the
century, ``YYYYMMDD``, too), then the four last digits ``NNNN``, not glued to
other digits, whose date is a real calendar date (for a coordination number the
day is the day of birth + 60):

- **with a separator a person types** between the two halves — ``-``, ``+``
  (people aged 100 or more), an en or em dash, a minus sign, ``.``, ``/``, with
  or without spaces around it: the date alone decides, since a date-shaped
  number written like this is meant as one (a mistyped check digit is still
  someone's number);
- **with only a space** (a no-break or thin space too) **or nothing** between
  them: the last digit must also be the Luhn check digit of ``YYMMDDNNN``. Ten
  digits starting with ``0`` are numbers of people born 2000–2009 (the target
  group) and are matched like any other; a phone number ``0701234567`` fails the
  check digit or the date (nine in ten do).

Letters and punctuation before the number do not hide it (``nr-850709-9805``,
``till-850709-9805`` in a case id). Every scan is linear in the text and reports
at most ``MAX_MATCHES`` numbers per text: a hostile document cannot make the
check slow or the report huge.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Literal

Kind = Literal["personal_identity_number", "coordination_number"]

class _Pattern:
    """A regular expression compiled on first use: these cost every command that checks a
    document a few milliseconds to compile, and most texts never reach them."""

    __slots__ = ("_args", "_compiled")

    def __init__(self, *args: Any) -> None:
        self._args = args
        self._compiled: re.Pattern[str] | None = None

    def __getattr__(self, name: str) -> Any:
        if self._compiled is None:
            self._compiled = re.compile(*self._args)
        return getattr(self._compiled, name)


_SPACE = "[ \t\u00a0\u2007\u2009\u202f]"
_MARK = "[-+\u2010-\u2015\u2212./]"
_PATTERN = _Pattern(
    r"(?<!\d)(?P<century>18|19|20)?(?P<date>\d{6})"
    rf"(?P<sep>{_SPACE}{{0,2}}{_MARK}{_SPACE}{{0,2}}|{_SPACE}{{1,2}})?"
    r"(?P<tail>\d{4})(?!\d)"
)
_MARK_RE = _Pattern(_MARK)
_SIX_DIGITS = _Pattern(r"\d{6}")
MAX_MATCHES = 20


@dataclass(frozen=True)
class IdMatch:
    """One number found in a text: where it is, and which kind."""

    start: int
    end: int
    text: str
    kind: Kind

    @property
    def masked(self) -> str:
        """The number with the last four digits hidden, for messages."""
        return self.text[:-4] + "XXXX"


def luhn_valid(digits: str) -> bool:
    """The Luhn check over ``digits`` (the last one is the check digit)."""
    total = 0
    for index, char in enumerate(reversed(digits)):
        value = int(char)
        if index % 2 == 1:
            value *= 2
            if value > 9:
                value -= 9
        total += value
    return total % 10 == 0


_DAY_OFFSETS: tuple[tuple[Kind, int], ...] = (
    ("personal_identity_number", 0), ("coordination_number", 60))


def _date_kind(years: tuple[int, ...], month: int, day: int) -> Kind | None:
    for kind, offset in _DAY_OFFSETS:
        real_day = day - offset
        for year in years:
            try:
                dt.date(year, month, real_day)
            except ValueError:
                continue
            return kind
    return None


def find_personal_numbers(text: str) -> list[IdMatch]:
    """Every personal identity or coordination number in ``text``, in order."""
    found: list[IdMatch] = []
    if _SIX_DIGITS.search(text) is None:  # every number has six digits in a row: a quick
        return found                      # scan skips the texts (most of them) that have none
    for match in _PATTERN.finditer(text):
        if len(found) >= MAX_MATCHES:
            break
        date, tail, century = match.group("date"), match.group("tail"), match.group("century")
        years: tuple[int, ...] = ((int(century + date[:2]),) if century else
                                  (1900 + int(date[:2]), 2000 + int(date[:2])))
        kind = _date_kind(years, int(date[2:4]), int(date[4:6]))
        marked = bool(match.group("sep")) and _MARK_RE.search(match.group("sep")) is not None
        if kind is not None and (marked or luhn_valid(date + tail)):
            found.append(IdMatch(match.start(), match.end(), match.group(0), kind))
    return found


def scan_model(model: Any, prefixes: tuple[str, ...] | None = None,
               path: str = "") -> Iterator[tuple[str, IdMatch]]:
    """(dotted field, match) for every number in the text values of a typed model.

    ``prefixes`` limits the scan to fields whose dotted path starts with one of
    them (``None``: every field).
    """
    if isinstance(model, Mapping):
        for key, value in model.items():
            yield from scan_model(value, prefixes, f"{path}.{key}" if path else str(key))
    elif isinstance(model, list | tuple):
        for index, value in enumerate(model):
            yield from scan_model(value, prefixes, f"{path}[{index}]")
    elif isinstance(model, str):
        if prefixes is not None and not any(
                path == prefix or path.startswith((f"{prefix}.", f"{prefix}["))
                for prefix in prefixes):
            return
        for match in find_personal_numbers(model):
            yield path, match


# --- contact details in report text ----------------------------------------------------------

#: a run of digits with the separators a personal number may have ("+": people aged 100+)
_DIGIT_RUN = _Pattern("\\d[\\d\\s+\u2010-\u2015\u2212./-]{7,}\\d")
#: an address is read outwards from each "@", in bounded windows (RFC 5321: a local part
#: of at most 64 characters, a domain of at most 255): one pass, however hostile the text
_DOMAIN = _Pattern(r"(?:[\w-]+\.)+[a-z]{2,}", re.IGNORECASE)
_AT = _Pattern(r"(?<=[\w.+-])@(?=[\w-]+\.)")  # an "@" that may be inside an address
#: Swedish mobile numbers such as 070-123 45 67 or +46 70 123 45 67 (spaces and hyphens allowed)
_MOBILE = _Pattern(r"(?<![\d+])(?:\+46|0046|0)[\s-]?7[02369](?:[\s-]?\d){7}(?!\d)")
PRIVATE_MAIL_DOMAINS = frozenset({
    "gmail.com", "googlemail.com", "hotmail.com", "hotmail.se", "outlook.com", "outlook.se",
    "live.com", "live.se", "msn.com", "yahoo.com", "yahoo.se", "icloud.com", "me.com",
    "mac.com", "telia.com", "spray.se", "bredband.net", "comhem.se", "tele2.se", "bahnhof.se",
    "protonmail.com", "proton.me", "gmx.com", "gmx.se", "aol.com", "mail.com", "passagen.se",
})

ContactKind = Literal["private_email", "mobile_number"]


@dataclass(frozen=True)
class ContactMatch:
    """Private contact details found in a text."""

    start: int
    end: int
    text: str
    kind: ContactKind


def find_private_contacts(text: str) -> list[ContactMatch]:
    """Private e-mail addresses (by domain) and mobile phone numbers in ``text``."""
    found = list(_private_emails(text))
    if _DIGIT_RUN.search(text):
        for number, match in enumerate(_MOBILE.finditer(text)):
            if number >= MAX_MATCHES:
                break
            found.append(ContactMatch(match.start(), match.end(), match.group(0),
                                      "mobile_number"))
    return sorted(found, key=lambda match: match.start)


def _private_emails(text: str) -> Iterator[ContactMatch]:
    end, count = 0, 0
    for candidate in _AT.finditer(text) if "@" in text else ():
        at = candidate.start()
        if at < end:
            continue
        domain = _DOMAIN.match(text, at + 1, at + 256)
        if not domain or domain.group(0).lower() not in PRIVATE_MAIL_DOMAINS:
            continue
        start = at
        while start > max(end, at - 64) and (text[start - 1].isalnum()
                                              or text[start - 1] in "._+-"):
            start -= 1
        end = domain.end()
        yield ContactMatch(start, end, text[start:end], "private_email")
        count += 1
        if count >= MAX_MATCHES:
            return


def might_hold_number(text: str) -> bool:
    """A cheap pre-check: personal numbers need a run of at least ten digits and separators."""
    return bool(_DIGIT_RUN.search(text))
