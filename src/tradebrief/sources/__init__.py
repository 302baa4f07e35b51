"""Live sources: refresh trade data from UN Comtrade and IMF IMTS into the snapshot's shape.

`fetch(source, reporter, partner, first_year, last_year, out_root=...)` writes a data folder that
`tradebrief.load_trade(folder)` reads like the snapshot; `resolve_source_data_dir` finds it again.
Network access happens only here, never in the analysis or the tests (which use a loopback server).
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from tradebrief.errors import UsageError
from tradebrief.sources import comtrade, imf
from tradebrief.sources.common import (
    SOURCES,
    FetchResult,
    default_external_root,
    folder_name,
    parse_years,
    resolve_source_data_dir,
)
from tradebrief.sources.http import RetryPolicy

_ADAPTERS: dict[str, Callable[..., FetchResult]] = {"comtrade": comtrade.fetch, "imf": imf.fetch}


def fetch(source: str, reporter: str, partner: str, first_year: int, last_year: int, *,
          out_root: str | Path | None = None, **options) -> FetchResult:
    """Fetch `source` ("comtrade" or "imf") for both sides of a pair; see each adapter for options."""
    if source not in _ADAPTERS:
        raise UsageError(f"unknown source {source!r}; expected one of {', '.join(_ADAPTERS)}")
    root = Path(out_root) if out_root is not None else default_external_root()
    return _ADAPTERS[source](reporter, partner, first_year, last_year, out_root=root, **options)


__all__ = ["SOURCES", "FetchResult", "RetryPolicy", "comtrade", "default_external_root", "fetch",
           "folder_name", "imf", "parse_years", "resolve_source_data_dir"]
