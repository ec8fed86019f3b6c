"""Report cadences as data: any number of report periods a year, each with its own date.

A profile's ``reporting:`` names the periods a project reports on: Ystad an
``interim`` report per 31 August and an ``annual`` one, Heby an ``annual`` one, a
region perhaps ``tertial1`` (30 April), ``tertial2`` (31 August) and ``annual``, or
four quarters. Each period has

- ``kind``: its key, lowercase letters, digits and ``_`` (the report file is
  ``reports/YEAR-KIND``, e.g. ``reports/2027-tertial1.yaml``);
- ``due``: the date it is as of, ``MM-DD``;
- ``label``: what people call it ({sv, en});
- ``grace_days``: days after ``due`` before the report counts as late (default: the
  section's ``grace_days``, else 0);
- ``required``: report fields that this period's report must fill in beyond the
  document's own required fields (Heby: human and economic gains in every annual report).

``annual`` is the year-end report: the annual annex reads it. A fund that lists no
annual period still reports in the annual accounts (as of 31 December).
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from socinv.errors import ProfileError

Texts = dict[str, str]
KIND_NAME = re.compile(r"[a-z][a-z0-9_]{0,31}")
_MAX_GRACE = 366
ANNUAL = "annual"


@dataclass(frozen=True)
class ReportKind:
    """One kind of progress report and its due date."""

    kind: str
    month: int
    day: int
    label: Texts
    grace_days: int = 0
    required: tuple[str, ...] = ()

    def due(self, year: int) -> dt.date:
        return dt.date(year, self.month, self.day)

    def key(self, year: int) -> str:
        return f"{year}-{self.kind}"

    @property
    def order(self) -> tuple[int, int]:
        """Place in the year: a later report's figures replace an earlier one's."""
        return self.month, self.day


@dataclass(frozen=True)
class Cadence:
    """When a profile's progress reports are due."""

    kinds: tuple[ReportKind, ...]
    grace_days: int = 0

    def get(self, kind: str) -> ReportKind | None:
        return next((item for item in self.kinds if item.kind == kind), None)

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(item.kind for item in self.kinds)

    def annual(self) -> ReportKind:
        """The year-end period: the profile's ``annual``, else 31 December."""
        return self.get(ANNUAL) or ReportKind(ANNUAL, 12, 31, {"sv": "Årsbokslut",
                                                             "en": "Annual accounts"},
                                              self.grace_days)

    def period_text(self, name: str, lang: str) -> str:
        """A period as people write it: ``2026-annual`` → "Årsbokslut (per 31 december 2026)"."""
        year, _, kind = name.strip().partition("-")
        known = self.get(kind) or (self.annual() if kind == ANNUAL else None)
        if known is None or not re.fullmatch(r"\d{4}", year):
            return name
        label = known.label.get(lang) or known.label.get("sv") or kind
        return f"{label[:-1]} {year})" if label.endswith(")") else f"{label} {year}"

    def period_name(self, text: str) -> str | None:
        """The period a text names, by its key or its label in either language with the
        year anywhere (``Årsbokslut 2026``, "Annual accounts (as of 31 December 2026)");
        None when it names none."""
        years = re.findall(r"(?<!\d)\d{4}(?!\d)", text)
        if len(years) != 1:
            return None
        rest = _words(text.replace(years[0], " "))
        for known in (*self.kinds, *(() if self.get(ANNUAL) else (self.annual(),))):
            labels = known.label.values()
            names = {_words(known.kind), *(_words(label) for label in labels),
                     *(_words(label.split("(")[0]) for label in labels)}
            if rest in names:
                return known.key(int(years[0]))
        return None

    def interim(self, kind: str | None = None) -> ReportKind | None:
        """The period an interim annex is for: ``kind``, else ``interim``, else the last
        period of the year before the annual one."""
        if kind is not None:
            return self.get(kind)
        found = self.get("interim")
        if found is not None:
            return found
        before = [item for item in self.kinds if item.kind != ANNUAL]
        return max(before, key=lambda item: item.order) if before else None


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w]", " ", text.lower()).split())


Fail = Callable[[str, str, str], ProfileError]


def _grace(value: Any, where: str, fail: Fail) -> int:
    text = str(value).strip()
    if not text.isdigit() or int(text) > _MAX_GRACE:
        raise fail(where, f"ska vara ett heltal 0–{_MAX_GRACE} (dagar)",
                   f"must be a whole number 0–{_MAX_GRACE} (days)")
    return int(text)


def _due(value: Any, where: str, fail: Fail) -> tuple[int, int]:
    text = str(value or "").strip()
    match = re.fullmatch(r"(\d{2})-(\d{2})", text)
    try:
        if match is None:
            raise ValueError(text)
        month, day = int(match.group(1)), int(match.group(2))
        dt.date(2001 if (month, day) != (2, 29) else 2000, month, day)
    except ValueError:
        raise fail(where, f"\"{text}\" är inget datum MM-DD, t.ex. \"08-31\"",
                   f"\"{text}\" is not a date MM-DD, e.g. \"08-31\"") from None
    if (month, day) == (2, 29):
        raise fail(where, "29 februari finns inte varje år; välj 02-28",
                   "29 February is not in every year; choose 02-28")
    return month, day


def _near(word: str, choices: Iterable[str]) -> tuple[str, str]:
    found = difflib.get_close_matches(word, list(choices), n=1)
    return ((f" Menade du {found[0]}?", f" Did you mean {found[0]}?") if found else ("", ""))


def build(raw: Any, texts: Callable[[Any, str], Texts], fail: Fail,
          report_fields: Iterable[str]) -> Cadence:
    """``reporting:`` of a merged profile. Its shape (keys, types, bounds) is checked first
    against the declared format (``spec.py``); this checks what refers to something else:
    a period's key and date, and its required fields."""
    if not isinstance(raw, dict):
        return Cadence(())
    grace = _grace(raw.get("grace_days") or 0, "reporting.grace_days", fail)
    fields = set(report_fields)
    kinds: list[ReportKind] = []
    for index, item in enumerate(raw.get("periods") or []):
        where = f"reporting.periods[{index}]"
        kind = str(item.get("kind") or "")
        if not KIND_NAME.fullmatch(kind) or kind == "final":
            raise fail(f"{where}.kind", f"\"{kind}\" duger inte som periodens nyckel: små "
                       "bokstäver a–z, siffror och _ (t.ex. tertial1), inte final",
                       f"\"{kind}\" will not do as the period's key: lowercase a–z, digits "
                       "and _ (e.g. tertial1), not final")
        if any(other.kind == kind for other in kinds):
            raise fail(f"{where}.kind", f"perioden {kind} förekommer två gånger",
                       f"the period {kind} appears twice")
        month, day = _due(item.get("due"), f"{where}.due", fail)
        if any((other.month, other.day) == (month, day) for other in kinds):
            raise fail(f"{where}.due", "två perioder har samma datum",
                       "two periods have the same date")
        required = item.get("required") or []
        for name in required:
            if str(name) not in fields:
                sv, en = _near(str(name), fields)
                raise fail(f"{where}.required", f"rapporten har inget fält {name}.{sv}",
                           f"the report has no field {name}.{en}")
        label = texts(item.get("label"), f"{where}.label") or {"sv": kind, "en": kind}
        period_grace = grace if item.get("grace_days") is None else _grace(
            item.get("grace_days"), f"{where}.grace_days", fail)
        kinds.append(ReportKind(kind, month, day, label, period_grace,
                                tuple(str(name) for name in required)))
    kinds.sort(key=lambda item: item.order)
    return Cadence(tuple(kinds), grace)
