"""``python -m socinv`` and the ``socinv`` console script."""

from __future__ import annotations

import sys


def main() -> None:
    """Run the CLI; ``socinv --version`` alone answers without loading it."""
    if sys.argv[1:] == ["--version"]:
        from socinv import __version__

        print(f"socinv {__version__}")
        return
    from socinv import classcode

    classcode.install()  # before the CLI makes its first dataclass (not for --version)
    _help_language(sys.argv[1:])
    from socinv.cli import main as cli_main

    cli_main()


def _help_language(args: list[str]) -> None:
    """``--lang`` anywhere on the command line sets the language of the help texts too:
    they are fixed when the command modules are imported, so this runs first."""
    import os

    from socinv.i18n import scan_lang

    lang = scan_lang(args)
    if lang is not None:
        os.environ["SOCINV_LANG"] = lang


if __name__ == "__main__":
    main()
