"""What socinv prints reaches a terminal safely, whatever the text and the terminal.

Two guards on ``sys.stdout`` and ``sys.stderr``, put in place by the console
script before any command runs:

- **Control characters** in printed text are shown escaped (``\\x1b``,
  ``\\u202e``), never sent: a title or a ``lock.info`` name holding
  ``ESC ] 0 ; … BEL`` cannot retitle the window, hide text or move the cursor.
  Line breaks and tabs pass, and so do the colour codes socinv itself uses
  (``ESC [ … m``).
- **A terminal that is not UTF-8** (a Windows console in cp1252,
  ``PYTHONIOENCODING=latin-1``) gets a plain stand-in for what it cannot show
  (``–`` → ``-``, ``→`` → ``->``, ``−`` → ``-``) and ``?`` for anything else,
  instead of a ``UnicodeEncodeError``.
"""

from __future__ import annotations

import codecs
import contextlib
import io
import re
import sys
from typing import Any

#: everything that steers a terminal, except the three a text needs; an SGR colour
#: sequence (ESC [ digits ; m) is kept whole
_CONTROL = re.compile("\x1b\\[[0-9;]{0,32}m|[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f"
                      "\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_STAND_INS = {
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u2010": "-", "\u2011": "-",
    "\u2192": "->", "\u2190": "<-", "\u2026": "...", "\u00d7": "x", "\u203a": ">",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u2007": " ", "\u2018": "'",
    "\u2019": "'", "\u201c": '"', "\u201d": '"', "\u00b7": "-", "\u2022": "*",
    "\u2265": ">=", "\u2264": "<=", "\u2713": "v", "\u2717": "x",
}
ERRORS = "socinv-stand-in"


def _stand_in(error: UnicodeError) -> tuple[str, int]:
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start:error.end]
    return "".join(_STAND_INS.get(char, "?") for char in text), error.end


codecs.register_error(ERRORS, _stand_in)


def escape_controls(text: str) -> str:
    """``text`` with every control character shown as an escape (colour codes kept)."""
    return _CONTROL.sub(_escape, text)


def _escape(match: re.Match[str]) -> str:
    found = match.group(0)
    if len(found) > 1:  # an SGR colour sequence
        return found
    code = ord(found)
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


class SafeText(io.TextIOWrapper):
    """A text stream that escapes control characters and never fails to encode."""

    def write(self, text: str) -> int:
        super().write(escape_controls(text))
        return len(text)


def guard_streams() -> None:
    """Replace ``sys.stdout`` and ``sys.stderr`` with safe streams over the same bytes."""
    for name in ("stdout", "stderr"):
        stream: Any = getattr(sys, name)
        buffer = getattr(stream, "buffer", None)
        if buffer is None or isinstance(stream, SafeText):
            continue
        with contextlib.suppress(Exception):  # a closed or broken stream: nothing to flush
            stream.flush()
        safe = SafeText(buffer, encoding=getattr(stream, "encoding", None) or "utf-8",
                        errors=ERRORS, newline=None,
                        line_buffering=getattr(stream, "line_buffering", False),
                        write_through=True)
        setattr(sys, name, safe)
