"""Modules loaded on first use, so that a command pays only for the modules it runs."""

from __future__ import annotations

import importlib
import importlib.util
import sys
from types import ModuleType

__all__ = ["module", "submodule"]


def module(name: str) -> ModuleType:
    """Return the module ``name``, executed only when one of its attributes is first read.

    Parameters
    ----------
    name
        Full dotted name, e.g. ``corridormap.render``.

    Examples
    --------
    >>> m = module("corridormap.analysis.gravity")
    >>> m.PORT_MASSES
    ('host', 'freight')

    """
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.find_spec(name)
    if spec is None or spec.loader is None:
        raise ModuleNotFoundError(f"no module named {name!r}", name=name)
    loader = importlib.util.LazyLoader(spec.loader)
    spec.loader = loader
    lazy = importlib.util.module_from_spec(spec)
    sys.modules[name] = lazy
    loader.exec_module(lazy)
    return lazy


def submodule(package: str, names: tuple[str, ...], attr: str) -> ModuleType:
    """Import ``package.attr`` for a package's ``__getattr__`` (PEP 562), or raise as Python.

    Raises
    ------
    AttributeError
        ``attr`` is not one of the package's public submodules.

    """
    if attr not in names:
        raise AttributeError(f"module {package!r} has no attribute {attr!r}")
    return importlib.import_module(f"{package}.{attr}")
