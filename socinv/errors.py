"""One exception base; the CLI edge turns a UserError into a message and an exit code."""

from __future__ import annotations

EXIT_OK = 0
EXIT_INVALID = 1
EXIT_UNREADABLE = 2


class SocinvError(Exception):
    """Base of every error socinv raises on purpose."""


class UserError(SocinvError):
    """Something the user can fix: bad input, bad fund, bad option.

    Carries the message in Swedish and English; ``exit_code`` is 2 for usage
    errors and unreadable input, 1 for input that was read but is invalid.
    """

    def __init__(self, sv: str, en: str | None = None, exit_code: int = EXIT_UNREADABLE) -> None:
        super().__init__(sv)
        self.sv = sv
        self.en = en or sv
        self.exit_code = exit_code

    def text(self, lang: str) -> str:
        return self.en if lang == "en" else self.sv


class ProfileError(UserError):
    """A rule profile that cannot be used (unknown key, wrong type, missing file)."""
