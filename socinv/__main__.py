"""``python -m socinv`` and the ``socinv`` console script."""

from __future__ import annotations

import sys


def main() -> None:
    """Run the CLI; ``socinv --version`` alone answers without loading it."""
    if sys.argv[1:] == ["--version"]:
        from socinv import __version__

        print(f"socinv {__version__}")
        return
    from socinv.cli import main as cli_main

    cli_main()


if __name__ == "__main__":
    main()
