"""The CLI library's own words (Typer/Click) in the run's language.

Typer's vendored Click writes its help headings, the help option, "[default: …]"
and every usage error in English. socinv's commands use ``SocinvContext``, whose
formatter translates those phrases, and ``show_error`` writes a usage error the
way Click would, in Swedish or English.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence
from typing import Any

import typer
from typer._click import exceptions
from typer._click.formatting import HelpFormatter

from socinv.i18n import Lang, help_lang

#: Click's help headings and the help option's text (English → Swedish)
_WORDS = {
    "Options": "Alternativ",
    "Arguments": "Argument",
    "Commands": "Kommandon",
    "Show this message and exit.": "Visa den här hjälpen och avsluta.",
}

#: Typer's metavars of a parameter's type, ``<float range>`` → Swedish / English words
_METAVARS = {
    "str": ("TEXT", "TEXT"), "text": ("TEXT", "TEXT"), "directory": ("MAPP", "FOLDER"),
    "path": ("SÖKVÄG", "PATH"), "file": ("FIL", "FILE"), "integer": ("HELTAL", "INTEGER"),
    "int": ("HELTAL", "INTEGER"), "int range": ("HELTAL", "INTEGER"),
    "float": ("TAL", "NUMBER"), "float range": ("TAL", "NUMBER"),
    "boolean": ("JA|NEJ", "YES|NO"),
}
_METAVAR = re.compile(r"<(" + "|".join(sorted(map(re.escape, _METAVARS), key=len,
                                              reverse=True)) + r")>")

#: the bracketed extras Click appends to an option's help: "[default: text; required]"
_EXTRA = re.compile(r"\[([^\[\]]*)\]\s*$")

#: Click's (and Typer's) usage-error messages, English pattern → Swedish (compiled when a
#: usage error is shown: a command that has none compiles none)
_MESSAGES: list[tuple[str, str]] = [
    (r"No such option: (?P<a>\S+)(?: \(Possible options: (?P<b>.+)\))?",
     "Valet {a} finns inte.{b_hint}"),
    (r"No such command (?P<a>.+?)\.(?: Did you mean (?P<b>.+)\?)?",
     "Kommandot {a} finns inte.{b_mean}"),
    (r"Missing command\.", "Ange ett kommando."),
    (r"Missing option (?P<a>.+?)\.(?P<b>.*)", "Valet {a} saknas.{b_msg}"),
    (r"Missing argument (?P<a>.+?)\.(?P<b>.*)", "Argumentet {a} saknas.{b_msg}"),
    (r"Missing parameter(?: (?P<a>.+?))?\.(?P<b>.*)", "Parametern {a} saknas.{b_msg}"),
    (r"Invalid value for (?P<a>.+?): (?P<b>.*)", "Ogiltigt värde för {a}: {b_sv}"),
    (r"Invalid value: (?P<b>.*)", "Ogiltigt värde: {b_sv}"),
    (r"Option (?P<a>'[^']+') requires an argument\.", "Valet {a} kräver ett värde."),
    (r"Option (?P<a>'[^']+') requires (?P<b>\d+) arguments\.",
     "Valet {a} kräver {b} värden."),
    (r"Option (?P<a>'[^']+') does not take a value\.", "Valet {a} tar inget värde."),
    (r"Got unexpected extra argument\(s\) \((?P<a>.*)\)", "Oväntade argument: {a}."),
    (r"Argument (?P<a>.+) takes (?P<b>\d+) values\.", "Argumentet {a} tar {b} värden."),
]

#: messages from a parameter's type, inside "Invalid value for …: …"
_VALUE_MESSAGES: list[tuple[str, str]] = [
    (r"(?P<a>.+) is not one of (?P<b>.+)\.", "{a} är inte något av {b}."),
    (r"(?P<a>.+) is not a valid int(?:eger)?(?: range)?\.", "{a} är inget heltal."),
    (r"(?P<a>.+) is not a valid float(?: range)?\.", "{a} är inget tal."),
    (r"(?P<a>.+) is not a valid boolean\..*", "{a} är inte ja eller nej (true/false)."),
    (r"(?P<a>.+) is not in the range (?P<b>.+)\.", "{a} ligger utanför intervallet {b}."),
    (r"(?P<a>.+) does not match the formats (?P<b>.+)\.", "{a} följer inte formaten {b}."),
    (r"Directory (?P<a>.+) does not exist\.", "Mappen {a} finns inte."),
    (r"File (?P<a>.+) does not exist\.", "Filen {a} finns inte."),
    (r"Path (?P<a>.+) does not exist\.", "Sökvägen {a} finns inte."),
    (r"\w+ (?P<a>.+) is a file\.", "{a} är en fil, inte en mapp."),
    (r"\w+ (?P<a>.+) is a directory\.", "{a} är en mapp, inte en fil."),
    (r"\w+ (?P<a>.+) is not readable\.", "{a} går inte att läsa."),
    (r"\w+ (?P<a>.+) is not writable\.", "{a} går inte att skriva."),
    (r"Choose from:\s*(?P<a>.+)", "Välj bland: {a}"),
]


@functools.cache
def _compiled(table: str) -> list[tuple[re.Pattern[str], str]]:
    patterns = _MESSAGES if table == "messages" else _VALUE_MESSAGES
    return [(re.compile(pattern, re.S), swedish) for pattern, swedish in patterns]


def sv_message(text: str) -> str:
    """Click's English usage-error message in Swedish (unknown text stays as it is)."""
    for pattern, swedish in _compiled("messages"):
        match = pattern.fullmatch(text.strip())
        if match:
            a, b = match.groupdict().get("a") or "", match.groupdict().get("b") or ""
            return swedish.format(
                a=a, b=b, b_hint=f" Möjliga val: {b}." if b else "",
                b_mean=f" Menade du {b}?" if b else "",
                b_msg=f" {sv_value(b.strip())}" if b.strip() else "",
                b_sv=sv_value(b.strip()))
    return sv_value(text)


def sv_value(text: str) -> str:
    for pattern, swedish in _compiled("values"):
        match = pattern.fullmatch(text.strip())
        if match:
            return swedish.format(a=match.group("a"), b=match.groupdict().get("b") or "")
    return text


def metavars(text: str, lang: Lang) -> str:
    return _METAVAR.sub(lambda m: "<" + _METAVARS[m.group(1)][lang == "en"] + ">", text)


def _extra_sv(text: str) -> str:
    def swap(match: re.Match[str]) -> str:
        inner = (match.group(1).replace("default: ", "standard: ")
                 .replace("env var: ", "miljövariabel: ").replace("required", "obligatoriskt"))
        return f"[{inner}]"

    return _EXTRA.sub(swap, text)


class SocinvFormatter(HelpFormatter):
    """Click's help formatter, speaking the help language."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.lang: Lang = help_lang()

    def _word(self, text: str) -> str:
        return _WORDS.get(text, text) if self.lang == "sv" else text

    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        args = metavars(args, self.lang)
        if self.lang == "sv":
            args = (args.replace("[OPTIONS]", "[ALTERNATIV]").replace("COMMAND", "KOMMANDO")
                    .replace("[ARGS]", "[ARGUMENT]"))
        super().write_usage(prog, args, "Användning: " if self.lang == "sv" else "Usage: ")

    def write_heading(self, heading: str) -> None:
        super().write_heading(self._word(heading))

    def write_dl(self, rows: Sequence[tuple[str, str]], col_max: int = 30,
                 col_spacing: int = 2) -> None:
        translated: list[tuple[str, str]] = []
        for term, text in rows:
            text = self._word(text)
            if self.lang == "sv":
                text = _extra_sv(text)
            translated.append((metavars(term, self.lang), text))
        super().write_dl(translated, col_max, col_spacing)


class SocinvContext(typer.Context):
    formatter_class = SocinvFormatter


def localize(command: Any) -> Any:
    """Give ``command`` and every command below it socinv's context (and so its formatter)."""
    command.context_class = SocinvContext
    for sub in getattr(command, "commands", {}).values():
        localize(sub)
    return command


#: abbreviations whose full stop does not end the first sentence
_ABBREVIATIONS = ("t.ex.", "bl.a.", "m.m.", "d.v.s.", "dvs.", "e.g.", "i.e.", "etc.")


def short_text(text: str, limit: int) -> str:
    """The first sentence of a help text, cut to ``limit`` like Click does."""
    from typer._click.utils import make_default_short_help

    for index, abbreviation in enumerate(_ABBREVIATIONS):
        text = text.replace(abbreviation, f"\0{index}\0")
    short = make_default_short_help(text, limit)
    for index, abbreviation in enumerate(_ABBREVIATIONS):
        short = short.replace(f"\0{index}\0", abbreviation)
    return short


def show_error(error: exceptions.ClickException, lang: Lang) -> None:
    """Write a usage error like Click does, in ``lang``."""
    if isinstance(error, exceptions.NoArgsIsHelpError):  # no arguments: the help itself
        error.show()
        return
    message = error.format_message()
    lines: list[str] = []
    ctx = getattr(error, "ctx", None)
    if ctx is not None:
        lines.append(ctx.get_usage())
        if ctx.command.get_help_option(ctx) is not None:
            hint = f"{ctx.command_path} {ctx.help_option_names[0]}"
            lines.append(f"Se '{hint}' för hjälp." if lang == "sv" else
                         f"Try '{hint}' for help.")
        lines.append("")
    lines.append(("Fel: " + sv_message(message)) if lang == "sv" else f"Error: {message}")
    typer.echo("\n".join(lines), err=True)
