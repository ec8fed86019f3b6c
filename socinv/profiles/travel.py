"""A profile file travels with its fund: ``init --profile PATH`` copies it into the folder.

A fund that names ``../min_profil.yaml`` breaks as soon as that file moves or is
edited for another fund. So the profile file — and every local file it
``extends:`` — is copied into the fund, as ``profile.yaml`` (and
``profile-extends-1.yaml`` …, each ``extends:`` line pointing at the next copy),
comments and all. A built-in profile (``ystad``, ``heby``) is named, not copied:
it is part of socinv.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from socinv.io.yamlio import read_yaml
from socinv.profiles.loader import looks_like_path

PROFILE_FILE = "profile.yaml"
_EXTENDS_LINE = re.compile(r"^extends[ \t]*:.*$", re.MULTILINE)


@dataclass(frozen=True)
class ProfileCopy:
    """What ``init`` writes into the fund: the name for fund.yaml, and each file's text."""

    spec: str
    files: tuple[tuple[str, str], ...]  # (name in the fund, text)


def _chain(path: Path) -> list[tuple[Path, str | None]]:
    """The profile file and the local files it extends, each with its ``extends`` value."""
    chain: list[tuple[Path, str | None]] = []
    seen: set[Path] = set()
    current: Path | None = path.resolve()
    while current is not None and current not in seen:
        seen.add(current)
        parent = read_yaml(current).data.get("extends")
        parent_text = str(parent) if parent not in (None, "") else None
        chain.append((current, parent_text))
        if parent_text is None or not looks_like_path(parent_text):
            current = None
        else:
            step = Path(parent_text)
            current = step if step.is_absolute() else current.parent / step
    return chain


def copy_plan(spec: str, base_dir: Path) -> ProfileCopy:
    """How the profile named by ``spec`` is kept in a new fund (already loaded and checked)."""
    if not looks_like_path(spec):
        return ProfileCopy(spec, ())
    path = Path(spec)
    chain = _chain(path if path.is_absolute() else base_dir / path)
    names = [PROFILE_FILE] + [f"profile-extends-{n}.yaml" for n in range(1, len(chain))]
    files: list[tuple[str, str]] = []
    for index, (source, parent) in enumerate(chain):
        text = source.read_text(encoding="utf-8")
        if parent is not None and looks_like_path(parent) and index + 1 < len(names):
            text = _EXTENDS_LINE.sub(f"extends: {names[index + 1]}", text, count=1)
        files.append((names[index], text))
    return ProfileCopy(PROFILE_FILE, tuple(files))
