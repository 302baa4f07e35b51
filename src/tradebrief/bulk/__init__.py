"""Product-level bulk data: CEPII BACI read with DuckDB, never loaded whole into memory.

    release = BaciRelease.open("BACI_HS17_V202401.zip")
    flows = pair_flows(release, "BLR", "CHN", years=range(2018, 2023))
    chapters = by_hs2(flows)
    section = product_section(release, "BLR", "CHN", 2018, 2022)   # for the brief
    # the first query of a year reads its CSV file, then a background process writes it to
    # release.cache_dir (Parquet); later queries read that (cache.wait_for_writers() waits for it)
    release = BaciRelease.open("BACI_HS17_V202401.zip", cache=False)  # or: never write a cache

See docs/bulk-data.md for where to get BACI, its licence, units and the output columns.
"""
from __future__ import annotations

from tradebrief.bulk.cache import ensure_cache, to_parquet_cache
from tradebrief.bulk.errors import BaciCountryError, BaciError
from tradebrief.bulk.hs import hs_table
from tradebrief.bulk.query import (
    by_hs2,
    by_section,
    direction_totals,
    pair_flows,
    product_section,
    top_products,
)
from tradebrief.bulk.release import BACI_COLUMNS, BaciRelease

__all__ = [
    "BACI_COLUMNS", "BaciCountryError", "BaciError", "BaciRelease", "by_hs2", "by_section",
    "direction_totals", "ensure_cache", "hs_table", "pair_flows", "product_section", "to_parquet_cache",
    "top_products",
]
