"""Jinja templates for the board papers: found per fund, rendered in a guarded sandbox.

A template is looked up in ``<fund>/templates/`` first, then among socinv's own
(``socinv/templates`` in an installed package, the repository's ``templates/``
in a source checkout). Every template renders in an
``ImmutableSandboxedEnvironment`` with ``StrictUndefined``, and with limits a
plain sandbox lacks: the template file's size, for a fund's own templates the
rendered size (counted while rendering), string and list repetition, huge powers
and widths, the total number of loop items from ``range``, what ``replace``, ``join``, ``indent``,
``expandtabs`` and ``lipsum`` would build (estimated before they run), and the
wall-clock time.

The time limit works on every platform: the template checks a deadline at every
call, operator, attribute and output chunk (both platforms); on POSIX the main
thread also gets ``SIGALRM``, which stops even a loop that calls nothing; where
there is no ``SIGALRM`` (Windows) or not on the main thread, the template
renders in a worker thread and socinv stops waiting at the deadline.

socinv's own templates print one row a case, so their output grows with the fund
and is neither capped nor timed (a 10,000-case annex is ~5 MB of Markdown).

The output is Markdown. Every ``{{ value }}`` is escaped for Markdown on the way
out (``finalize``), so user text cannot start a heading, break a table or
inject markup; filters that build Markdown themselves return ``Markup``.
"""

from __future__ import annotations

import math
import re
import signal
import threading
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

from markupsafe import Markup

from socinv.errors import UserError
from socinv.io.guard import outside_target

MAX_TEMPLATE_BYTES = 256 * 1024
MAX_OUTPUT_CHARS = 1_000_000  # a board paper is a few ten thousand characters
MAX_INT_ARGUMENT = 100_000  # widths, counts, repetitions in template code
MAX_RANGE_ITEMS = 1_000_000
MAX_LIPSUM_PARAGRAPHS = 100
TIME_LIMIT_SECONDS = 10
#: POSIX's SIGALRM where it exists (on the main thread); else a worker thread
USE_ALARM = hasattr(signal, "SIGALRM")
BUNDLED = "socinv:"  # the origin of socinv's own templates

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ud800-\udfff\ufffe\uffff]")
_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|#])")
_LINE_START = re.compile(r"^(\s*)([-+>]|\d+[.)])(?=\s|$)")


def clean(text: str) -> str:
    """Remove characters XML (Word, Excel) cannot hold: control characters, surrogates."""
    return _ILLEGAL.sub("", text)


def md_inline(value: Any) -> str:
    """User text as one line of Markdown: specials escaped, line breaks as ``<br>``."""
    text = clean(str(value)).strip()
    lines = [line.strip() for line in text.splitlines()]
    escaped = [_LINE_START.sub(r"\1\\\2", _INLINE_SPECIAL.sub(r"\\\1", line))
               for line in lines if line]
    return "<br>".join(escaped)


_LIST_ITEM = re.compile(r"^\s*[-*•]\s+(.*)$")


def md_paragraphs(value: Any) -> Markup:
    """User text as Markdown paragraphs. A blank line ends a paragraph, as in YAML's ``|``
    text and between the paragraphs of a Word answer; the lines within a paragraph are
    one flowing text (a YAML writer breaks lines where the editor wraps). Lines that start
    with "- ", "* " or "• " are a bulleted list; other short lines stay as they were
    written only in a list."""
    text = clean(str(value)).strip()
    out: list[str] = []
    for block in re.split(r"\n\s*\n", text):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        flowing: list[str] = []
        for line in lines:
            item = _LIST_ITEM.match(line)
            if item is None:
                flowing.append(line)
                continue
            if flowing:
                out.append(md_inline(" ".join(flowing)))
                flowing = []
            out.append("- " + md_inline(item.group(1)))
        if flowing:
            out.append(md_inline(" ".join(flowing)))
    return Markup("\n\n".join(out))


def _finalize(value: Any) -> Any:
    if isinstance(value, Markup):
        return str(value)
    if value is None:
        return ""
    return md_inline(value)


# -- finding a template ------------------------------------------------------------------------

def _bundled(name: str) -> tuple[str, str] | None:
    base = resources.files("socinv")
    candidates: list[Any] = [base.joinpath("templates", name)]
    if isinstance(base, Path):  # a source checkout: the repository's templates/
        candidates.append(base.parent / "templates" / name)
    for candidate in candidates:
        if candidate.is_file():
            return candidate.read_text(encoding="utf-8"), f"{BUNDLED}{name}"
    return None


def load_template(fund_root: Path | None, name: str) -> tuple[str, str]:
    """(template text, where it came from): the fund's own first, then socinv's."""
    if fund_root is not None:
        own = fund_root / "templates" / name
        target = outside_target(own) if own.exists() or own.is_symlink() else None
        if target is not None:
            raise UserError(
                f"{own}: mallen är en länk till {target}, utanför fonden. socinv läser inget "
                "utanför fondmappen genom en länk; kopiera in mallen i fondens templates/.",
                f"{own}: the template is a link to {target}, outside the fund. socinv reads "
                "nothing outside the fund folder through a link; copy the template into the "
                "fund's templates/.", exit_code=2)
        if own.is_file():
            size = own.stat().st_size
            if size > MAX_TEMPLATE_BYTES:
                raise UserError(
                    f"{own}: mallen är {size} byte; gränsen är {MAX_TEMPLATE_BYTES} byte.",
                    f"{own}: the template is {size} bytes; the limit is "
                    f"{MAX_TEMPLATE_BYTES} bytes.", exit_code=1)
            try:
                return own.read_text(encoding="utf-8"), str(own)
            except UnicodeDecodeError:
                raise UserError(f"{own}: mallen är inte UTF-8-text.",
                                f"{own}: the template is not UTF-8 text.", exit_code=1) from None
    bundled = _bundled(name)
    if bundled is None:
        raise UserError(f"Mallen {name} saknas i socinv-installationen.",
                        f"The template {name} is missing from the socinv installation.")
    return bundled


# -- the guarded sandbox -----------------------------------------------------------------------

class TemplateLimit(Exception):
    """A template tried to do more than a board paper needs."""


def _too_big(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and abs(value) > MAX_INT_ARGUMENT


def _make_environment() -> Any:
    from jinja2 import StrictUndefined
    from jinja2.sandbox import ImmutableSandboxedEnvironment

    class Guarded(ImmutableSandboxedEnvironment):
        intercepted_binops = frozenset({"*", "**", "%", "+"})

        def __init__(self) -> None:
            super().__init__(undefined=StrictUndefined, autoescape=False,
                             finalize=_finalize, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
            self.range_items = 0
            self.deadline = time.monotonic() + TIME_LIMIT_SECONDS
            self.globals["range"] = self._range
            self.globals["lipsum"] = _lipsum
            self.globals["namespace"] = _namespace_class()
            for name, function in list(self.filters.items()):
                self.filters[name] = _guard_filter(function)

        def tick(self) -> None:
            if time.monotonic() > self.deadline:
                raise TemplateLimit(f"rendering took longer than {TIME_LIMIT_SECONDS} s")

        def getattr(self, obj: Any, attribute: str) -> Any:
            self.tick()
            return super().getattr(obj, attribute)

        def getitem(self, obj: Any, argument: Any) -> Any:
            self.tick()
            return super().getitem(obj, argument)

        def _range(self, *args: int) -> range:
            self.tick()
            numbers = range(*args)
            self.range_items += len(numbers)
            if self.range_items > MAX_RANGE_ITEMS:
                raise TemplateLimit(f"range: more than {MAX_RANGE_ITEMS} items in total")
            return numbers

        def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
            self.tick()
            _check_binop(operator, left, right)
            result = self.binop_table[operator](left, right)
            if isinstance(result, str | list | tuple) and len(result) > MAX_OUTPUT_CHARS:
                raise TemplateLimit(f"'{operator}' would build {len(result)} items")
            return result

        def wrap_str_format(self, value: Any) -> Callable[..., str] | None:
            wrapped = super().wrap_str_format(value)
            if wrapped is None:
                return None
            pattern = str(value.__self__)

            def checked(*args: Any, **kwargs: Any) -> str:
                values = [*args, *kwargs.values()]
                if args and isinstance(args[0], dict):  # format_map
                    values += list(args[0].values())
                if re.search(r"\d{6,}", pattern) or any(_too_big(v) for v in values):
                    raise TemplateLimit("format with a huge width")
                return str(wrapped(*args, **kwargs))

            return checked

        def call(__self, __context: Any, __obj: Any, *args: Any,
                 **kwargs: Any) -> Any:
            __self.tick()
            owner = getattr(__obj, "__self__", None)
            if isinstance(owner, str):
                _check_growth(getattr(__obj, "__name__", ""), owner, args, kwargs)
            if any(_too_long(arg) for arg in (*args, *kwargs.values())):
                raise TemplateLimit("an argument longer than a report may be")
            if isinstance(owner, str | list | tuple) and any(
                    _too_big(arg) for arg in (*args, *kwargs.values())):
                raise TemplateLimit(f"{getattr(__obj, '__name__', 'call')}: argument too large")
            if isinstance(owner, str) and re.search(r"\d{6,}", owner):
                raise TemplateLimit("format string with a huge width")
            result = super().call(__context, __obj, *args, **kwargs)
            if _too_long(result):
                raise TemplateLimit("a call built more text than a report may hold")
            return result

    return Guarded()


def _too_long(value: Any) -> bool:
    return isinstance(value, str | list | tuple) and len(value) > MAX_OUTPUT_CHARS


def _check_growth(name: str, text: str, args: tuple[Any, ...],
                  kwargs: dict[str, Any]) -> None:
    """Refuse, before it runs, a string operation whose result would exceed the limit
    (``('x'*1000)|replace('x', 'x'*1000000)`` would build 10⁹ characters in one step)."""
    values = [*args, *kwargs.values()]
    estimate = len(text)
    if name == "replace" and len(values) >= 2 and all(isinstance(v, str) for v in values[:2]):
        old, new = values[0], values[1]
        count = text.count(old) if old else len(text) + 1
        if len(values) > 2 and isinstance(values[2], int) and values[2] >= 0:
            count = min(count, values[2])
        estimate += count * max(len(new) - len(old), 0)
    elif name == "join" and values and isinstance(values[0], list | tuple | str):
        items = values[0]
        estimate = sum(len(str(item)) for item in items) + len(text) * max(len(items) - 1, 0)
    elif name == "expandtabs" and values and isinstance(values[0], int):
        estimate += text.count("\t") * max(values[0], 0)
    elif name == "indent":
        width = values[0] if values else kwargs.get("width", 4)
        width = len(width) if isinstance(width, str) else width if isinstance(width, int) else 4
        estimate += (text.count("\n") + 1) * max(width, 0)
    if estimate > MAX_OUTPUT_CHARS:
        raise TemplateLimit(f"{name} would build more text than a report may hold")


def _lipsum(n: int = 5, html: bool = True, min: int = 20, max: int = 100) -> Any:
    from jinja2.utils import generate_lorem_ipsum

    if not all(isinstance(value, int) for value in (n, min, max)) or \
            n > MAX_LIPSUM_PARAGRAPHS or max > 1_000 or min > max:
        raise TemplateLimit(f"lipsum: at most {MAX_LIPSUM_PARAGRAPHS} paragraphs of 1000 words")
    return generate_lorem_ipsum(n=n, html=html, min=min, max=max)


def _namespace_class() -> type:
    from jinja2.utils import Namespace

    class GuardedNamespace(Namespace):
        def __setitem__(self, name: str, value: Any) -> None:
            if _too_long(value):
                raise TemplateLimit(f"namespace value {name} longer than a report may be")
            super().__setitem__(name, value)

    return GuardedNamespace


def _check_binop(operator: str, left: Any, right: Any) -> None:
    if operator == "*":
        for seq, count in ((left, right), (right, left)):
            if isinstance(seq, str | list | tuple) and isinstance(count, int) \
                    and len(seq) * max(count, 0) > MAX_OUTPUT_CHARS:
                raise TemplateLimit("'*' would build more text than a report may hold")
    elif operator == "**":
        if isinstance(left, int | float) and isinstance(right, int | float) and (
                abs(right) > 1024 or (abs(left) > 2 and right > 64)):
            raise TemplateLimit("'**' with a huge exponent")
    elif operator == "%" and isinstance(left, str):
        values = right if isinstance(right, tuple) else (right,)
        if re.search(r"\d{6,}", left) or any(_too_big(value) for value in values):
            raise TemplateLimit("'%' formatting with a huge width")


def _guard_filter(function: Callable[..., Any]) -> Callable[..., Any]:
    name = getattr(function, "__name__", "filter").removeprefix("do_")
    passes_context = hasattr(function, "jinja_pass_arg")

    def guarded(*args: Any, **kwargs: Any) -> Any:
        values = [*args[1:], *kwargs.values()]
        if any(_too_big(value) for value in values) or any(
                isinstance(value, str) and re.search(r"%\d{6,}", value) for value in args[:1]):
            raise TemplateLimit(f"{name}: argument too large")
        plain = args[1:] if passes_context else args  # the value comes after the context
        if plain and name in ("replace", "indent") and isinstance(plain[0], str):
            _check_growth(name, plain[0], tuple(plain[1:]), kwargs)
        elif plain and name == "join" and isinstance(plain[0], list | tuple):
            separator = plain[1] if len(plain) > 1 and isinstance(plain[1], str) else \
                str(kwargs.get("d", ""))
            _check_growth("join", separator, (plain[0],), {})
        result = function(*args, **kwargs)
        if _too_long(result):
            raise TemplateLimit(f"{name} built more text than a report may hold")
        return result

    for attribute in ("jinja_pass_arg",):
        if hasattr(function, attribute):
            setattr(guarded, attribute, getattr(function, attribute))
    guarded.__name__ = getattr(function, "__name__", "filter")
    return guarded


def _within_time(work: Callable[[], list[str]], seconds: int) -> list[str]:
    """``work()``, stopped after ``seconds``: by SIGALRM on POSIX's main thread, else by
    running it in a worker thread and giving up waiting (the template's own deadline
    checks stop the worker at its next step)."""
    if USE_ALARM and threading.current_thread() is threading.main_thread():
        # no generator-based context manager here: an alarm arriving while one is entered
        # left its generator unfinished, to be closed by the garbage collector in whichever
        # thread ran next (seen under load: "signal only works in main thread")
        def expired(signum: int, frame: Any) -> None:
            raise TemplateLimit(f"rendering took longer than {seconds} s")

        previous = signal.signal(signal.SIGALRM, expired)
        try:
            signal.setitimer(signal.ITIMER_REAL, seconds)
            return work()
        finally:
            signal.setitimer(signal.ITIMER_REAL, 0)
            signal.signal(signal.SIGALRM, previous)
    outcome: dict[str, Any] = {}

    def run() -> None:
        try:
            outcome["parts"] = work()
        except BaseException as error:  # handed to the waiting thread, raised there
            outcome["error"] = error

    worker = threading.Thread(target=run, name="socinv-template", daemon=True)
    worker.start()
    worker.join(seconds + 1)
    if worker.is_alive():
        raise TemplateLimit(f"rendering took longer than {seconds} s")
    if "error" in outcome:
        raise outcome["error"]
    return list(outcome["parts"])


#: compiled template code by source text: every render builds a fresh sandboxed
#: environment with the same settings, so the code can be reused (compiling costs ~60 ms)
_COMPILED: dict[str, Any] = {}


def _template(env: Any, text: str) -> Any:
    code = _COMPILED.get(text)
    if code is None:
        code = _compiled(env, text)
        if len(_COMPILED) >= 16:
            _COMPILED.clear()
        _COMPILED[text] = code
    return env.template_class.from_code(env, code, env.make_globals(None))


def _compiled(env: Any, text: str) -> Any:
    """The template's code, from the user's compile cache when this very source was compiled
    before by this Python, Jinja and socinv with these filters; compiled and stored if not.
    Any trouble with the cache only means compiling again."""
    import jinja2

    from socinv import usercache

    key = usercache.key_of("template", jinja2.__version__, *sorted(env.filters), text)
    code = usercache.load("templates", key, code=True)
    if code is None:
        code = env.compile(text)
        usercache.store("templates", key, code, code=True)
    return code


def render(fund_root: Path | None, name: str, context: dict[str, Any],
           filters: dict[str, Callable[..., Any]]) -> str:
    """Render template ``name`` with ``context``; any failure is a UserError naming it."""
    from jinja2 import TemplateError, TemplateSyntaxError

    text, origin = load_template(fund_root, name)
    env = _make_environment()
    env.filters.update(filters)
    env.filters["paragraphs"] = md_paragraphs
    env.filters["md"] = lambda value: Markup(md_inline(value))
    # the output and time limits stop a fund's own template; socinv's own templates print
    # one row a case, so a large fund's annex is rightly longer than any cap (issue 18)
    own = origin.startswith(BUNDLED)
    limit = None if own else MAX_OUTPUT_CHARS

    def work() -> list[str]:
        parts: list[str] = []
        size = 0
        template = _template(env, text)
        for chunk in template.generate(**context):
            env.tick()
            size += len(chunk)
            if limit is not None and size > limit:
                raise TemplateLimit(f"the output would exceed {limit} characters")
            parts.append(chunk)
        return parts

    try:
        if own:
            env.deadline = math.inf
            parts = work()
        else:
            env.deadline = time.monotonic() + TIME_LIMIT_SECONDS
            parts = _within_time(work, TIME_LIMIT_SECONDS)
    except TemplateSyntaxError as error:
        raise _failure(origin, f"rad {error.lineno}: {error.message}",
                       f"line {error.lineno}: {error.message}") from None
    except TemplateLimit as error:
        raise _failure(origin, f"mallen stoppades: {error}", f"the template was stopped: {error}"
                       ) from None
    except (TemplateError, ArithmeticError, LookupError, TypeError, ValueError, AttributeError,
            RecursionError, MemoryError) as error:
        raise _failure(origin, f"{type(error).__name__}: {error}",
                       f"{type(error).__name__}: {error}") from None
    return "".join(parts)


def _failure(origin: str, sv: str, en: str) -> UserError:
    return UserError(f"Mallen {origin} kunde inte användas ({sv}). Inget skrevs.",
                     f"The template {origin} could not be used ({en}). Nothing was written.",
                     exit_code=1)
