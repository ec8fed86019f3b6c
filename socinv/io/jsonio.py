"""Reading socinv's own state files (``.socinv/``): JSON, bounded, never trusted.

The lock record, the journals of interrupted commands and the validation
cache live in the fund's shared folder, where anyone (or a damaged disk) can
change them. They are read through the same byte guard as documents — a
regular file, not a link, at most ``limit`` bytes — and any damage, including
nesting deep enough to exhaust Python's recursion, reads as "no usable data".
Each caller then checks the shape it needs.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from socinv.io.errors import UnreadableFile
from socinv.io.guard import read_bytes


def read_state(path: Path, limit: int) -> Any:
    """The JSON value in ``path``, or None if it is missing, a link, too large or damaged."""
    try:
        if path.is_symlink():
            return None
        return json.loads(read_bytes(path, limit).decode("utf-8"))
    except (UnreadableFile, OSError, ValueError, RecursionError):
        return None
