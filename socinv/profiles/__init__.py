"""Rule profiles: a guideline as data. ``load_profile("ystad")`` or a path.

The names below are loaded on first use, so that ``socinv.profiles.vocabulary`` can be
imported by the findings without importing the loader (which imports the findings).
"""

from __future__ import annotations

from typing import Any

__all__ = ["BUILTIN", "DocProfile", "FieldText", "Profile", "Stage", "load_profile"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from socinv.profiles import loader

        return getattr(loader, name)
    raise AttributeError(name)
