"""The floor: parse every YAML file of a fund with PyYAML's CSafeLoader (libyaml), nothing more.

    python bench/cparse.py FUND_DIR

PyYAML is not a dependency of socinv or of ruamel.yaml; the bench extra installs it
(``pip install '.[bench]'``). Without it the floor falls back to ruamel's C-backed safe
loader, which constructs in pure Python (2–3 × slower: a floor too easy to beat), and
says so on stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path


def main() -> None:
    files = [path for path in sorted(Path(sys.argv[1]).rglob("*.yaml"))
             if ".socinv" not in path.parts]
    try:
        from yaml import CSafeLoader, load  # type: ignore[import-untyped]
    except ImportError:
        from ruamel.yaml import YAML

        print("PyYAML with libyaml not installed: floor is ruamel's safe loader",
              file=sys.stderr)
        loader = YAML(typ="safe", pure=False)
        for path in files:
            loader.load(path.read_bytes())
    else:
        for path in files:
            load(path.read_bytes(), Loader=CSafeLoader)
    print(len(files))


if __name__ == "__main__":
    main()
