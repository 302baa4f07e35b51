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
    "default_data_dir",
    "load_agreements",
    "load_events",
    "load_labels",
    "load_partners",
    "load_products",
    "load_rail",
    "load_sources",
    "load_totals",
    "load_trade",
    "to_iso3",
]

_LOADERS = ("default_data_dir", "load_agreements", "load_events", "load_labels", "load_partners",
            "load_products", "load_rail", "load_sources", "load_totals", "load_trade")
__getattr__, __dir__ = lazy_exports(__name__, globals(), {
    "ReportContext": "tradebrief.data.context",
    "RunData": "tradebrief.data.context",
    "country_name": "tradebrief.data.countries",
    "to_iso3": "tradebrief.data.countries",
    **dict.fromkeys(_LOADERS, "tradebrief.data.load"),
})

if TYPE_CHECKING:  # the same names, eagerly, for type checkers and editors
    from tradebrief.data.context import ReportContext, RunData
    from tradebrief.data.countries import country_name, to_iso3
    from tradebrief.data.load import (
        default_data_dir,
        load_agreements,
        load_events,
        load_labels,
        load_partners,
        load_products,
        load_rail,
        load_sources,
        load_totals,
        load_trade,
    )
