"""The compiled methods of socinv's dataclasses, kept in the user's cache between runs.

Every ``@dataclass`` writes the source of its ``__init__``, ``__repr__``, ``__eq__`` (and
``__hash__`` and ``__setattr__`` when frozen) and ``exec``s it: compiling those few hundred
small functions was a fifth of a small command's own time (issue 18; 12–28 ms for 30–80
classes, as much as everything else socinv does in ``status`` on a small fund). This module
gives ``dataclasses`` an ``exec`` of its own that compiles each source once and keeps the
code, marshalled, in the user's cache (``usercache``: the user's own ``0700`` folder, a file
for this socinv on this Python). A source is looked up by its exact text, so the code run is
always the code that source compiles to; nothing else about ``dataclasses`` changes. Any
trouble with the file (missing, damaged, of another Python) only means compiling again.
"""

from __future__ import annotations

import atexit
import builtins
import sys
from types import CodeType
from typing import Any

KIND = "classes"  # the user cache's folder
#: module → source → code: a module's codes are read when its first dataclass is made, so
#: that a command reads the code of the modules it imports only
_CODES: dict[str, dict[str, CodeType]] = {}
_NEW: set[str] = set()  # modules with sources compiled in this process, to keep at exit
_LOADED = False


def install() -> None:
    """Give ``dataclasses`` the cached ``exec`` (once a process; CPython only). The console
    script calls it before the CLI is imported; ``socinv --version`` never loads
    dataclasses at all."""
    global _LOADED
    if _LOADED or sys.implementation.name != "cpython":
        return
    import dataclasses

    _LOADED = True
    dataclasses.exec = _exec  # type: ignore[attr-defined]  # its only caller: _create_fn
    atexit.register(_keep)


def _exec(source: Any, globals_: dict[str, Any] | None = None,
          locals_: dict[str, Any] | None = None) -> None:
    if not isinstance(source, str):
        builtins.exec(source, globals_, locals_)
        return
    module = str((globals_ or {}).get("__name__", ""))  # the class's module's namespace
    codes = _CODES.get(module)
    if codes is None:
        codes = _CODES[module] = _read(module)
    code = codes.get(source)
    if code is None:
        # as exec compiles a string for dataclasses: no __future__ flags of this module
        code = compile(source, "<string>", "exec", dont_inherit=True)
        codes[source] = code
        _NEW.add(module)
    builtins.exec(code, globals_, locals_)


def _key(module: str) -> str:
    from socinv import usercache

    return usercache.key_of("dataclass-code", module)  # this socinv on this Python


def _read(module: str) -> dict[str, CodeType]:
    from socinv import usercache

    codes = usercache.load(KIND, _key(module), code=True)
    if not isinstance(codes, dict):
        return {}
    return {source: code for source, code in codes.items()
            if isinstance(source, str) and isinstance(code, CodeType)}


def _keep() -> None:
    """At exit: each module's codes, where this process compiled any."""
    from socinv import usercache

    for module in sorted(_NEW):
        usercache.store(KIND, _key(module), dict(_CODES[module]), code=True)
    _NEW.clear()
