"""Indented JSON text, the very text ``json.dumps(data, ensure_ascii=False, indent=2)`` gives.

With ``indent`` the standard library encodes in pure Python, a generator for every list and
dict and a step for every value: ``status --format json`` of 1,000 cases spent most of its
time there (issue 18). This writes each container with one ``join`` and each string with
the C escaper, and hands the text out in pieces (the top two levels one item at a time), so
a whole fund's status is never held twice. ``tests/test_jsontext.py`` proves the text the
same as ``json.dumps``'s.
"""

from __future__ import annotations

from collections.abc import Iterator
from json.encoder import encode_basestring
from typing import Any

INDENT = "  "
_INFINITY = float("inf")


def _float(value: float) -> str:
    if value != value:
        return "NaN"
    if value == _INFINITY:
        return "Infinity"
    if value == -_INFINITY:
        return "-Infinity"
    return float.__repr__(value)


def _key(key: Any) -> str:
    """A mapping's key: text as it is, a number, true, false or null as its text quoted."""
    if isinstance(key, str):
        return encode_basestring(key)
    if key is None or isinstance(key, int | float):  # bool is an int
        return encode_basestring(_text(key, 0))
    raise TypeError(f"keys must be str, int, float, bool or None, not {key.__class__.__name__}")


def _text(value: Any, level: int) -> str:
    """``value`` at nesting ``level``, as json.dumps writes it there."""
    if isinstance(value, str):
        return encode_basestring(value)
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    if isinstance(value, int):
        return int.__repr__(value)
    if isinstance(value, float):
        return _float(value)
    if isinstance(value, list | tuple):
        if not value:
            return "[]"
        inner = "\n" + INDENT * (level + 1)
        return "[" + inner + ("," + inner).join([
            encode_basestring(item) if (kind := type(item)) is str else
            int.__repr__(item) if kind is int else
            "null" if item is None else _text(item, level + 1)
            for item in value]) + "\n" + INDENT * level + "]"
    if isinstance(value, dict):
        if not value:
            return "{}"
        inner = "\n" + INDENT * (level + 1)
        return "{" + inner + ("," + inner).join([
            (encode_basestring(key) if type(key) is str else _key(key)) + ": " + (
                encode_basestring(item) if (kind := type(item)) is str else
                int.__repr__(item) if kind is int else
                "null" if item is None else _text(item, level + 1))
            for key, item in value.items()]) + "\n" + INDENT * level + "}"
    raise TypeError(f"Object of type {value.__class__.__name__} is not JSON serializable")


def indented(value: Any, level: int = 0, streamed: int = 2) -> Iterator[str]:
    """The text of ``value`` in pieces: the containers of the first ``streamed`` levels item
    by item, everything below as one piece each."""
    if streamed <= 0 or not isinstance(value, list | tuple | dict) or not value:
        yield _text(value, level)
        return
    inner = "\n" + INDENT * (level + 1)
    if isinstance(value, dict):
        yield "{" + inner
        for index, (key, item) in enumerate(value.items()):
            yield ("," + inner if index else "") + _key(key) + ": "
            yield from indented(item, level + 1, streamed - 1)
        yield "\n" + INDENT * level + "}"
        return
    yield "[" + inner
    for index, item in enumerate(value):
        if index:
            yield "," + inner
        yield from indented(item, level + 1, streamed - 1)
    yield "\n" + INDENT * level + "]"
