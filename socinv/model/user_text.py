"""Text a user types into a command (a title, ``--note``, ``--ref``, ``--by``), checked once.

What a command writes must always read back and may end up in a board paper, so
such text is refused (exit 2, nothing changed) when it

- is longer than its limit (a note of 120 KB, repeated, would grow ``case.yaml``
  past the read limit),
- holds control characters (a terminal escape ``ESC ] 0 ; … BEL`` in a title
  would be printed raw by ``status``), or
- holds a personal identity or coordination number (board papers are public
  records).
"""

from __future__ import annotations

import re

from socinv.errors import UserError

MAX_TITLE = 200
MAX_NOTE = 2_000
MAX_SHORT = 200  # --ref, --by
#: a history note socinv composes: its own summary (a decision's split) and the user's note
MAX_HISTORY_NOTE = MAX_NOTE + 1_000
NOTE = ("Anteckningen (--note)", "The note (--note)")

#: C0 and C1 control characters, DEL, and the invisible bidirectional controls that can
#: make a text read differently from what it is (Trojan Source)
CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_NOTE_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e"
                           "\u2066-\u2069]")  # a note may have line breaks and tabs


def check_text(value: str | None, what: tuple[str, str], limit: int,
               multiline: bool = False) -> str | None:
    """``value`` unchanged, or a UserError naming ``what`` (Swedish, English) and the fix."""
    if value is None:
        return None
    from socinv.rules.privacy import find_personal_numbers

    sv, en = what
    if len(value) > limit:
        raise UserError(f"{sv} är {len(value)} tecken; gränsen är {limit}. Korta texten.",
                        f"{en} is {len(value)} characters; the limit is {limit}. Shorten it.")
    bad = (_NOTE_CONTROL if multiline else CONTROL).search(value)
    if bad:
        code = f"U+{ord(bad.group(0)):04X}"
        raise UserError(f"{sv} innehåller ett styrtecken ({code}). Skriv texten utan det.",
                        f"{en} contains a control character ({code}). Write it without.")
    found = find_personal_numbers(value)
    if found:
        raise UserError(
            f"{sv} innehåller ett personnummer ({found[0].masked}). Det hamnar i underlag "
            "till kommunstyrelsen, som är allmänna handlingar – skriv texten utan numret.",
            f"{en} contains a personal identity number ({found[0].masked}). It would reach "
            "papers to the municipal board, which are public records – write it without "
            "the number.")
    return value
