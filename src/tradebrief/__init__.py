"""tradebrief: sourced, reproducible analysis of Belarus–China trade and relations.

Public API: the loaders below return validated pandas DataFrames; every row carries a
`source_id` that resolves in the data folder's `sources.yaml`.

Names other than the errors are imported on first use (see `tradebrief._lazy`): `import
tradebrief` and the `tradebrief` command start without pandas, pandera, DuckDB or matplotlib
(about a second on this project's machine); the first loader call pays for pandas, once.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from tradebrief._lazy import lazy_exports
from tradebrief.errors import (
    CountryError,
    DataError,
    RunError,
    SourceError,
    TradebriefError,
    UsageError,
)

__version__ = "0.1.0"

from tradebrief.data import LOADER_NAMES  # light: tradebrief.data exports lazily

__all__ = [
    "CountryError",
    "DataError",
    "ReportContext",
    "RunData",
    "RunError",
    "SourceError",
    "TradebriefError",
    "UsageError",
    "__version__",
    "country_name",
    "default_data_dir",  # noqa: F405 - defined lazily (and for type checkers by the star import below)
    *LOADER_NAMES,
    "to_iso3",
]

__getattr__, __dir__ = lazy_exports(__name__, globals(), {
    "ReportContext": "tradebrief.data.context",
    "RunData": "tradebrief.data.context",
    "country_name": "tradebrief.data.countries",
    "to_iso3": "tradebrief.data.countries",
    **dict.fromkeys(("default_data_dir", *LOADER_NAMES), "tradebrief.data.load"),
})

if TYPE_CHECKING:  # the same names, eagerly, for type checkers and editors
    from tradebrief.data import *  # noqa: F403
    from tradebrief.data.context import ReportContext, RunData
    from tradebrief.data.countries import country_name, to_iso3
