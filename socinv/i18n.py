"""Swedish first, English second: the language switch and small formatting helpers."""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from typing import Literal

Lang = Literal["sv", "en"]
LANGS: tuple[Lang, ...] = ("sv", "en")


def help_lang() -> Lang:
    """Language of --help texts, which are fixed before options are parsed."""
    return "en" if os.environ.get("SOCINV_LANG", "").lower().startswith("en") else "sv"


def tr(sv: str, en: str) -> str:
    """Pick a help text by ``SOCINV_LANG`` (Swedish unless it says English)."""
    return en if help_lang() == "en" else sv


def pick(texts: Mapping[str, str] | str | None, lang: Lang) -> str:
    """A profile text in ``lang``, falling back to Swedish, then to any language."""
    if texts is None:
        return ""
    if isinstance(texts, str):
        return texts
    return texts.get(lang) or texts.get("sv") or next(iter(texts.values()), "")


def kronor(amount: int | float, lang: Lang = "sv") -> str:
    """``1250000`` → ``1 250 000 kr`` (no-break spaces as thousands separators)."""
    whole = round(amount)
    digits = f"{abs(whole):,}".replace(",", "\u00a0")
    sign = "−" if whole < 0 else ""
    return f"{sign}{digits}\u00a0kr" if lang == "sv" else f"SEK\u00a0{sign}{digits}"


def scan_lang(args: Iterable[str]) -> Lang | None:
    """The ``--lang`` a command line asks for, wherever it stands (before ``--``)."""
    found: Lang | None = None
    items = list(args)
    for index, arg in enumerate(items):
        if arg == "--":
            break
        value = None
        if arg == "--lang" and index + 1 < len(items):
            value = items[index + 1]
        elif arg.startswith("--lang="):
            value = arg.split("=", 1)[1]
        if value is not None and value.lower() in ("sv", "en"):
            found = "en" if value.lower() == "en" else "sv"
    return found
