"""libyaml's event parser, loaded without the rest of ruamel.yaml.

socinv reads YAML as the C parser's events (``yamlio``, ``yamlsplice``); it never uses
ruamel's loaders, dumpers or round-trip types on a read. Importing ``ruamel.yaml`` runs
its package ``__init__``, which loads all of them (``ruamel.yaml.main``: about a quarter
of ``import typer`` on every command that parses a file). Here the package is entered
with its ``__init__`` deferred: the C extension and the modules it needs (events, errors,
marks) load as usual, and the first time anything asks the package for a name it does
not yet have (``from ruamel.yaml import YAML``, say, for the round-trip editor), the real
``__init__`` runs and answers. Nothing else in the process sees a difference.

If ruamel is laid out otherwise (a future version, the ``clibz`` build), the package is
imported as usual.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable
from types import ModuleType
from typing import Any

_PACKAGE = "ruamel.yaml"
_lock = threading.RLock()


def event_source(text: str) -> Callable[[], Any]:
    """``get_event`` of libyaml's parser for ``text``, else of ruamel's pure parser."""
    parser = c_parser()
    if parser is None:  # pragma: no cover - ruamel without its C extension
        from ruamel.yaml import YAML

        return iter(YAML(typ="safe", pure=True).parse(text)).__next__
    return parser(text).get_event


def module(name: str) -> ModuleType:
    """``ruamel.yaml.<name>`` (``events``, ``error``), without running the package's
    ``__init__`` unless it has run already."""
    import importlib

    _enter_package()
    return importlib.import_module(f"{_PACKAGE}.{name}")


def c_parser() -> Any:
    """The C extension's ``CParser`` class, or None when there is none."""
    _enter_package()
    try:
        from _ruamel_yaml import CParser  # type: ignore[import-not-found,unused-ignore]
    except ImportError:  # pragma: no cover - ruamel without its C extension
        try:
            from ruamel.yaml.cyaml import CParser
        except ImportError:
            return None
    return CParser


def _enter_package() -> None:
    """Put ``ruamel.yaml`` in ``sys.modules`` with its ``__init__`` run on first demand
    (nothing when it is there already)."""
    if _PACKAGE in sys.modules:
        return
    import importlib.machinery
    import importlib.util

    with _lock:
        if _PACKAGE in sys.modules:
            return
        try:
            import ruamel
        except ImportError:  # pragma: no cover - not installed: the caller's import says so
            return
        spec = importlib.machinery.PathFinder.find_spec(_PACKAGE, list(ruamel.__path__))
        if spec is None or spec.loader is None or spec.submodule_search_locations is None:
            return  # pragma: no cover - not a package as expected: import it as usual
        package = importlib.util.module_from_spec(spec)
        loader = spec.loader

        def complete(name: str) -> Any:
            with _lock:  # the hook goes first: the __init__ itself asks the package for names
                if package.__dict__.pop("__getattr__", None) is not None:
                    loader.exec_module(package)
            return getattr(package, name)

        package.__dict__["__getattr__"] = complete
        sys.modules[_PACKAGE] = package
        ruamel.yaml = package  # type: ignore[attr-defined,unused-ignore]


def package_loaded() -> bool:
    """Whether ruamel.yaml's own ``__init__`` has run (for the tests)."""
    package = sys.modules.get(_PACKAGE)
    return package is not None and "__getattr__" not in package.__dict__
