"""Rule profiles: a guideline as data. ``load_profile("ystad")`` or a path."""

from socinv.profiles.loader import (
    BUILTIN,
    DocProfile,
    FieldText,
    Profile,
    Stage,
    load_profile,
)

__all__ = ["BUILTIN", "DocProfile", "FieldText", "Profile", "Stage", "load_profile"]
