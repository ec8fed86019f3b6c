"""The floor: parse every YAML file of a fund with ruamel's C-backed safe loader, nothing more.

    python bench/cparse.py FUND_DIR
"""

from __future__ import annotations

import sys
from pathlib import Path

from ruamel.yaml import YAML


def main() -> None:
    files = sorted(Path(sys.argv[1]).rglob("*.yaml"))
    for path in files:
        if ".socinv" in path.parts:
            continue
        YAML(typ="safe", pure=False).load(path.read_bytes())
    print(len(files))


if __name__ == "__main__":
    main()
