"""tradebrief: sourced, reproducible analysis of Belarus–China trade and relations.

Public API: the loaders below return validated pandas DataFrames; every row carries a
`source_id` that resolves in the data folder's `sources.yaml`.
"""
from __future__ import annotations

from tradebrief.data.context import ReportContext
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
