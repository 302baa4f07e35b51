"""A Parquet copy of a BACI release, sorted so that one pair's rows sit in few row groups.

Sorting by (exporter, importer, year, product) puts each directed pair's rows next to each other;
Parquet keeps min/max statistics per row group, so a query for one pair reads a handful of row
groups and skips the rest. The cache folder also holds the release's country and product files
and a small manifest, so `BaciRelease.open(cache_dir)` opens it like the original.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import duckdb

from .errors import BaciError
from .query import _connect, _csv_scan, _sql_str
from .release import CACHE_DATA, CACHE_MANIFEST, BaciRelease

#: Rows per Parquet row group: small enough that one pair's rows skip most of the file.
ROW_GROUP_SIZE = 122_880


def to_parquet_cache(release: BaciRelease, cache_dir: str | Path, *,
                     memory_limit: str = "2GB") -> BaciRelease:
    """Write the release as one sorted Parquet file in `cache_dir` and open it.

    Values are exactly those of the CSV files (DECIMAL, not float); HS6 codes are zero-padded
    strings. The sort spills to `cache_dir` when it exceeds `memory_limit`. The file is written
    under a temporary name and renamed, so an interrupted run leaves no half cache.
    """
    if release.parquet_file is not None:
        raise BaciError("is already a Parquet cache; open the CSV release to rebuild it",
                        file=release.root)
    cache = Path(cache_dir)
    cache.mkdir(parents=True, exist_ok=True)
    target = cache / CACHE_DATA
    partial = cache / (CACHE_DATA + ".part")
    files = list(release.files_for(None).values())
    sql = f"""
        COPY (
            SELECT t AS year, i, j, lpad(trim(k), 6, '0') AS hs6, v AS value_kusd,
                   CAST(NULLIF(NULLIF(trim(q), ''), 'NA') AS DECIMAL(18, 6)) AS quantity_t
            FROM {_csv_scan(files)}
            ORDER BY i, j, year, hs6, value_kusd
        ) TO {_sql_str(partial)} (FORMAT PARQUET, COMPRESSION ZSTD,
                                  ROW_GROUP_SIZE {ROW_GROUP_SIZE})"""
    with _connect(memory_limit=memory_limit, temp_directory=str(cache / ".duckdb-tmp")) as con:
        try:
            con.execute(sql)
        except duckdb.Error as exc:
            partial.unlink(missing_ok=True)
            raise BaciError(f"could not build the Parquet cache: {str(exc).splitlines()[0]}",
                            file=release.root) from None
    os.replace(partial, target)
    shutil.rmtree(cache / ".duckdb-tmp", ignore_errors=True)
    shutil.copyfile(release.country_file, cache / release.country_file.name)
    if release.product_file is not None:
        shutil.copyfile(release.product_file, cache / release.product_file.name)
    manifest = {
        "classification": release.classification,
        "version": release.version,
        "years": list(release.years),
        "sorted_by": ["i", "j", "year", "hs6"],
        "row_group_size": ROW_GROUP_SIZE,
        "built_from": [p.name for p in files],
        "units": {"value_kusd": "thousand current USD", "quantity_t": "metric tons"},
    }
    (cache / CACHE_MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    return BaciRelease.open(cache)
