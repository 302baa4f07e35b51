"""Load and validate the data folder: schemas, country codes, loaders, the run's data object.

The loaders are re-exported lazily (`tradebrief._lazy`): importing `tradebrief.data.countries`
(as the CLI does for option checks) does not import pandas and pandera.
"""
from __future__ import annotations

from typing import TYPE_CHECKING

from tradebrief._lazy import lazy_exports

__all__ = [
    "LOADERS",
    "default_data_dir",
    "load_agreements",
    "load_changes",
    "load_disagreements",
    "load_events",
    "load_labels",
    "load_partners",
    "load_products",
    "load_rail",
    "load_sources",
    "load_table",
    "load_totals",
    "load_trade",
    "mark_preferred",
]

#: The per-dataset loaders the top-level package re-exports (`tradebrief.load_trade` …).
LOADER_NAMES = ("load_agreements", "load_events", "load_labels", "load_partners", "load_products", "load_rail",
                "load_sources", "load_totals", "load_trade")

__getattr__, __dir__ = lazy_exports(__name__, globals(), dict.fromkeys(__all__, "tradebrief.data.load"))

if TYPE_CHECKING:
    from tradebrief.data.load import (
        LOADERS,
        default_data_dir,
        load_agreements,
        load_changes,
        load_disagreements,
        load_events,
        load_labels,
        load_partners,
        load_products,
        load_rail,
        load_sources,
        load_table,
        load_totals,
        load_trade,
        mark_preferred,
    )
