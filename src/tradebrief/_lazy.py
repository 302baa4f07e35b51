"""Lazy re-exports for package ``__init__`` modules (PEP 562), so that importing a package costs
only what the caller uses: `tradebrief --help` must not import pandas, pandera or DuckDB."""
from __future__ import annotations

import importlib
from collections.abc import Callable


def lazy_exports(package: str, namespace: dict[str, object],
                 names: dict[str, str]) -> tuple[Callable[[str], object], Callable[[], list[str]]]:
    """``__getattr__`` and ``__dir__`` for `package` that import ``names[attr]`` on first read.

    The value is stored in the package's `namespace`, so each name is resolved once.
    """

    def __getattr__(attr: str) -> object:
        module = names.get(attr)
        if module is None:
            raise AttributeError(f"module {package!r} has no attribute {attr!r}")
        value = getattr(importlib.import_module(module), attr)
        namespace[attr] = value
        return value

    def __dir__() -> list[str]:
        return sorted(set(namespace) | set(names))

    return __getattr__, __dir__
