"""Reading the values people type: amounts, dates, years, yes/no, numbers.

Each parser takes the text as it stood in the document and returns the value,
or raises ``BadValue`` with the rule code that explains what is wrong.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping

MIN_YEAR, MAX_YEAR = 1900, 2200
#: longer text is not an amount, number or date; the bound keeps every parser linear
#: (a 20 000-character "amount" took seconds in the currency pattern) and below
#: Python's limit on digits in ``int()``
MAX_VALUE_CHARS = 100
#: the largest amount socinv takes (just under a trillion kronor): beyond any budget, and
#: exact in a spreadsheet cell (a 30-digit grant became 1e+30 in the workbook)
MAX_AMOUNT = 999_999_999_999
#: the discount rate: a decimal fraction from 0 to 0.2 (20 %), written plainly
MAX_RATE = 0.2
_RATE = re.compile(r"\d{1,3}(?:[.,]\d{1,8})?", re.ASCII)


class BadValue(ValueError):
    def __init__(self, code: str) -> None:
        super().__init__(code)
        self.code = code


_SPACES = re.compile(r"[\s\u00a0\u2009\u202f'_]")
_CURRENCY = re.compile(r"(?i)\s*(kr\.?|kronor|sek|:-)\s*$")
_WHOLE = re.compile(r"[+-]?\d+", re.ASCII)  # ASCII digits: "２０２７" is no number
_DECIMAL = re.compile(r"[+-]?\d+[,.]\d+", re.ASCII)
_GROUPED = re.compile(r"[+-]?\d{1,3}(?:[.,]\d{3})+", re.ASCII)


def parse_amount(raw: object) -> int:
    """``1450000``, ``1 450 000``, ``"1 450 000 kr"``, ``1,450,000`` → 1450000; whole, ≥ 0."""
    return parse_count_like(raw, allow_grouped=True)


def parse_signed_amount(raw: object) -> int:
    """An amount in whole kronor that may be negative: ``-1 000 000``, ``−250 000 kr``."""
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    text = str(raw).strip().replace("−", "-") if not isinstance(raw, bool) else ""
    negative = text.startswith("-")
    number = parse_amount(text[1:] if negative else text)
    return -number if negative else number


def parse_count(raw: object) -> int:
    """A whole number ≥ 0 (ages, individuals)."""
    try:
        return parse_count_like(raw, allow_grouped=False)
    except BadValue as error:
        if error.code in ("not-an-amount", "amount-not-whole"):
            raise BadValue("not-a-count") from None
        raise


def parse_count_like(raw: object, *, allow_grouped: bool) -> int:
    if isinstance(raw, bool):
        raise BadValue("not-an-amount")
    if isinstance(raw, int):
        number = raw
    else:
        if len(str(raw)) > MAX_VALUE_CHARS:
            raise BadValue("not-an-amount")
        text = _CURRENCY.sub("", str(raw).strip()) if allow_grouped else str(raw).strip()
        text = text.replace("−", "-")
        compact = _SPACES.sub("", text)
        if _WHOLE.fullmatch(compact):
            number = int(compact)
        elif allow_grouped and _GROUPED.fullmatch(compact):
            number = int(re.sub(r"[.,]", "", compact))  # 1,000 / 1.450.000: thousands
        elif _DECIMAL.fullmatch(compact) or _GROUPED.fullmatch(compact):
            decimal = float(compact.replace(",", ".")) if compact.count(",") + compact.count(
                ".") == 1 else None
            if decimal is not None and decimal.is_integer():
                number = int(decimal)
            else:
                raise BadValue("amount-not-whole")
        else:
            raise BadValue("not-an-amount")
    if number < 0:
        raise BadValue("negative-amount")
    if number > MAX_AMOUNT:
        raise BadValue("amount-too-large")
    return number


def parse_rate(raw: object) -> float:
    """A discount rate: ``0.035`` or ``0,035``, from 0 to ``MAX_RATE``; nothing else.

    ``0.035x``, ``.nan``, ``'3,5 %'``, ``1e308``, ``-1`` and ``5`` are refused, never
    replaced by the default.
    """
    if isinstance(raw, bool):
        raise BadValue("invalid-discount-rate")
    text = repr(raw) if isinstance(raw, float) else str(raw).strip()
    if not _RATE.fullmatch(text):
        raise BadValue("invalid-discount-rate")
    number = float(text.replace(",", "."))
    if not 0 <= number <= MAX_RATE:
        raise BadValue("invalid-discount-rate")
    return number


def parse_number(raw: object) -> float:
    """``0,5`` or ``0.5`` → 0.5; ≥ 0."""
    if isinstance(raw, bool):
        raise BadValue("not-a-number")
    if isinstance(raw, int | float):
        number = float(raw)
    else:
        if len(str(raw)) > MAX_VALUE_CHARS:
            raise BadValue("not-a-number")
        compact = _SPACES.sub("", str(raw).strip()).replace(",", ".").replace("−", "-")
        compact = compact.removesuffix("%")
        try:
            number = float(compact)
        except ValueError:
            raise BadValue("not-a-number") from None
        if number != number or number in (float("inf"), float("-inf")):
            raise BadValue("not-a-number")
        if str(raw).strip().endswith("%"):
            number /= 100
    if number < 0:
        raise BadValue("negative-amount")
    return number


def parse_year(raw: object) -> int:
    text = str(raw).strip()
    if not re.fullmatch(r"[0-9]{4}", text) or not MIN_YEAR <= int(text) <= MAX_YEAR:
        raise BadValue("not-a-year")
    return int(text)


MONTHS = {
    "januari": 1, "februari": 2, "mars": 3, "april": 4, "maj": 5, "juni": 6, "juli": 7,
    "augusti": 8, "september": 9, "oktober": 10, "november": 11, "december": 12,
    "january": 1, "february": 2, "march": 3, "may": 5, "june": 6, "july": 7, "august": 8,
    "october": 10,
}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_WORDS = re.compile(r"(\d{1,2})\s*\.?\s*([a-zåäö]+)\.?\s+(\d{4})", re.IGNORECASE)


def parse_date(raw: object) -> dt.date:
    """``2027-01-01`` or ``1 januari 2027`` (also ``1 jan 2027``) → a real calendar date."""
    if isinstance(raw, dt.datetime):
        return raw.date()
    if isinstance(raw, dt.date):
        return raw
    text = str(raw).strip()
    if len(text) > MAX_VALUE_CHARS:
        raise BadValue("invalid-date")
    match = _ISO.fullmatch(text)
    if match:
        year, month, day = (int(part) for part in match.groups())
    else:
        match = _WORDS.fullmatch(text)
        if not match:
            raise BadValue("invalid-date")
        month_name = match.group(2).lower()
        month = MONTHS.get(month_name) or next(
            (number for name, number in MONTHS.items()
             if len(month_name) >= 3 and name.startswith(month_name)), 0)
        day, year = int(match.group(1)), int(match.group(3))
    try:
        value = dt.date(year, month, day)
    except ValueError:
        raise BadValue("invalid-date") from None
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise BadValue("invalid-date")
    return value


def parse_datetime(raw: object) -> str:
    text = str(raw).strip()
    try:
        dt.datetime.fromisoformat(text)
    except ValueError:
        raise BadValue("invalid-date") from None
    return text


TRUE = frozenset({"true", "yes", "ja", "j", "y", "1", "x", "uppfyllt", "uppfylld"})
FALSE = frozenset({"false", "no", "nej", "n", "0", "ej uppfyllt", "inte uppfyllt"})


def parse_bool(raw: object) -> bool:
    if isinstance(raw, bool):
        return raw
    text = str(raw).strip().lower()
    if text in TRUE:
        return True
    if text in FALSE:
        return False
    raise BadValue("not-a-bool")


def choice_key(text: str, choices: tuple[str, ...] | list[str],
               labels: Mapping[str, Mapping[str, str]]) -> str | None:
    """The choice a person meant: the key itself, or its Swedish or English word
    (``nämnd``, ``Committee``, ``municipal company``) → ``committee``; None if none."""
    def plain(value: str) -> str:
        return " ".join(re.sub(r"[^\w\s]|_", " ", value.casefold()).split())

    wanted = plain(text)
    for choice in choices:
        names = {plain(choice), *(plain(str(label)) for label in
                                  (labels.get(choice) or {}).values())}
        if wanted in names:
            return choice
    return None
