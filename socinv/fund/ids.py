"""Case ids: ``YEAR-SEQ-slug``, never repeated within a fund."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

SLUG_MAX = 48
CASE_ID = re.compile(r"([0-9]{4})-([0-9]{3,})-([a-z0-9]+(?:-[a-z0-9]+)*)")  # ASCII digits only
_WINDOWS_RESERVED = {"con", "prn", "aux", "nul", *(f"com{n}" for n in range(1, 10)),
                     *(f"lpt{n}" for n in range(1, 10))}


def slugify(title: str) -> str:
    """Lowercase ASCII; å/ä→a, ö→o (accents dropped); anything else → ``-``; ≤ 48 chars."""
    decomposed = unicodedata.normalize("NFKD", title.lower())
    ascii_only = "".join(char for char in decomposed if not unicodedata.combining(char))
    slug = re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")
    if len(slug) > SLUG_MAX:
        cut = slug[:SLUG_MAX]
        slug = cut.rsplit("-", 1)[0] if "-" in cut[SLUG_MAX // 2:] else cut
        slug = slug.strip("-")
    return slug or "arende"


def is_case_id(name: str) -> bool:
    match = CASE_ID.fullmatch(name)
    return match is not None and len(match.group(3)) <= SLUG_MAX and name not in _WINDOWS_RESERVED


def next_case_id(title: str, year: int, existing: Iterable[str]) -> str:
    """The next free sequence number for ``year`` among ``existing`` ids."""
    taken = [int(match.group(2)) for name in existing
             if (match := CASE_ID.fullmatch(name)) and int(match.group(1)) == year]
    return f"{year}-{max(taken, default=0) + 1:03d}-{slugify(title)}"
