"""Options shared by every command, and the output language."""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer._types import TyperChoice

from socinv.cli.completion import case_ids
from socinv.i18n import Lang, help_lang, tr


class OutputFormat(StrEnum):
    text = "text"
    json = "json"


class LangChoice(StrEnum):
    sv = "sv"
    en = "en"


FundOpt = Annotated[Path | None, typer.Option(
    "--fund", file_okay=False,
    help=tr("Fondens mapp (standard: aktuell mapp eller närmaste ovanför med fund.yaml).",
            "The fund folder (default: this folder or the nearest parent with fund.yaml)."),
)]
LangOpt = Annotated[LangChoice | None, typer.Option(
    "--lang", help=tr("Språk för utskriften: sv eller en (standard: socinv --lang, "
                      "SOCINV_LANG, annars fondens språk).",
                      "Output language: sv or en (default: socinv --lang, SOCINV_LANG, else "
                      "the fund's language)."),
)]
FormatOpt = Annotated[OutputFormat, typer.Option(
    "--format", help=tr("Utdata som text eller json.", "Output as text or json."),
)]
ByOpt = Annotated[str | None, typer.Option(
    "--by", help=tr("Vem som gör ändringen (standard: inloggad användare).",
                    "Who makes the change (default: the logged-in user)."),
)]

CaseArg = Annotated[str, typer.Argument(
    metavar=tr("ÄRENDE", "CASE"), autocompletion=case_ids,
    help=tr("Ärendet: fullt id (2026-001-namn), kort id (2026-001) eller ärendets mapp.",
            "The case: full id (2026-001-name), short id (2026-001) or the case's folder."),
)]

QuietOpt = Annotated[bool, typer.Option(
    "--quiet", "-q", help=tr("Ingen förloppsindikator.", "No progress bar."),
)]

_current: list[Lang] = []
_global: list[Lang] = []


def set_global_lang(lang: str | None) -> None:
    """The language the whole command line asks for (``socinv --lang en …``), or none."""
    _global[:] = [] if lang is None else ["en" if lang == "en" else "sv"]
    _current[:] = list(_global)


def set_output_lang(lang: Lang) -> Lang:
    """Remember the language of this run, so errors at the edge use it too."""
    _current[:] = [lang]
    return lang


def output_lang() -> Lang:
    return _current[0] if _current else help_lang()


def resolve_lang(option: LangChoice | None, fund_language: str | None = None) -> Lang:
    """The output language: ``--lang`` (the command's or the global one), ``SOCINV_LANG``,
    the fund's (or profile's) language, Swedish."""
    chosen = (option.value if option else (_global[0] if _global else None)
              or os.environ.get("SOCINV_LANG") or fund_language or "sv")
    return set_output_lang("en" if str(chosen).lower().startswith("en") else "sv")


def echo_json(data: Any) -> None:
    """``data`` as indented JSON on stdout, written as it is encoded: a fund's whole status
    is tens of megabytes of text, which need not be held twice in memory (the text of
    ``json.dumps(data, ensure_ascii=False, indent=2)``, ``socinv.io.jsontext``)."""
    from socinv.io.jsontext import indented

    parts: list[str] = []
    size = 0
    for part in indented(data):
        parts.append(part)
        size += len(part)
        if size >= 1 << 16:
            typer.echo("".join(parts), nl=False)
            parts, size = [], 0
    typer.echo("".join(parts))


def who(by: str | None) -> str:
    if by:
        return by
    import getpass

    try:
        return getpass.getuser()
    except Exception:  # getpass raises various errors without a login name
        return "okänd"


@contextmanager
def progress_bar(quiet: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A one-line progress bar on stderr, only on a terminal and without --quiet."""
    if quiet or not sys.stderr.isatty():
        yield None
        return
    shown = [False]

    def show(done: int, total: int) -> None:
        if total < 50:
            return
        width = 30
        filled = width * done // max(total, 1)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total}")
        sys.stderr.flush()
        shown[0] = True

    try:
        yield show
    finally:
        if shown[0]:
            sys.stderr.write("\r" + " " * 60 + "\r")
            sys.stderr.flush()


class WordChoice(TyperChoice[str]):
    """A choice that also takes the Swedish and English words for it
    (``--outcome avbrutet`` → ``aborted``, ``--type ansökan`` → ``application``)."""

    def __init__(self, words: dict[str, tuple[str, ...]]) -> None:
        super().__init__(list(words))
        self.words = {key: {str(index): word for index, word in enumerate(names)}
                      for key, names in words.items()}

    def convert(self, value: Any, param: Any, ctx: Any) -> Any:
        from socinv.model.values import choice_key

        key = choice_key(str(value), list(self.words), self.words)
        return super().convert(key or value, param, ctx)


#: the outcomes of ``close``, with the words a person types
OUTCOME_WORDS: dict[str, tuple[str, ...]] = {
    "implemented": ("implementerad", "implementerat", "genomförd", "implemented"),
    "partly_implemented": ("delvis implementerad", "delvis implementerat", "delvis",
                           "partly implemented", "partly"),
    "not_implemented": ("inte implementerad", "inte implementerat", "ej implementerad",
                        "not implemented"),
    "aborted": ("avbruten", "avbrutet", "avbrutits", "aborted"),
    "withdrawn": ("återkallad", "återkallat", "återkallats", "withdrawn"),
    "rejected": ("avslag", "avslagen", "avslaget", "avslogs", "rejected"),
}

#: the document types of ``validate --type`` and ``convert --type``
DOC_TYPE_WORDS: dict[str, tuple[str, ...]] = {
    "idea": ("idé", "ide", "idéprövning", "ideprovning", "idea"),
    "application": ("ansökan", "ansokan", "beslutsunderlag", "application"),
    "report": ("rapport", "lägesrapport", "årsrapport", "delårsrapport", "report"),
    "final_report": ("slutrapport", "final report", "final_report"),
}
