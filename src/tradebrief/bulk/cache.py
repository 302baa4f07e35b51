"""A Parquet copy of a BACI release, sorted so that one pair's rows sit in few row groups.

One file per year, sorted by (exporter, importer, product), puts each directed pair's rows next
to each other; Parquet keeps min/max statistics per row group, so a query for one pair reads a
handful of row groups and skips the rest. The cache folder also holds the release's country and product files
and a small manifest, so `BaciRelease.open(cache_dir)` opens it like the original.
"""
from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import duckdb

from tradebrief.bulk.errors import BaciError
from tradebrief.bulk.query import CLEAN_COLUMNS, _connect, _csv_scan, _sql_str
from tradebrief.bulk.release import CACHE_DATA, CACHE_MANIFEST, BaciRelease

#: Rows per Parquet row group: small enough that one pair's rows skip most of the file.
ROW_GROUP_SIZE = 122_880


def to_parquet_cache(release: BaciRelease, cache_dir: str | Path, *,
                     memory_limit: str = "1GB") -> BaciRelease:
    """Write the release as one sorted Parquet file per year in `cache_dir` and open it.

    Values are exactly those of the CSV files (DECIMAL, not float); HS6 codes are zero-padded
    strings. Each year is sorted on its own (a 10M-row sort, not a 50M-row one), spilling to
    `cache_dir` beyond `memory_limit`. Each file is written under a temporary name and renamed,
    and the manifest is written last, so an interrupted run leaves no cache that opens.
    """
    if release.format == "parquet":
        raise BaciError("is already a Parquet cache; open the CSV release to rebuild it",
                        file=release.root)
    cache = Path(cache_dir)
    cache.mkdir(parents=True, exist_ok=True)
    (cache / CACHE_MANIFEST).unlink(missing_ok=True)
    files = release.files_for(None)
    tmp = cache / ".duckdb-tmp"
    with _connect(memory_limit=memory_limit, temp_directory=str(tmp)) as con:
        for year, file in files.items():
            target = cache / CACHE_DATA.format(year=year)
            partial = target.with_name(target.name + ".part")
            sql = f"""
                COPY (
                    SELECT {CLEAN_COLUMNS} FROM {_csv_scan(file)}
                    ORDER BY i, j, hs6, value_kusd
                ) TO {_sql_str(partial)} (FORMAT PARQUET, COMPRESSION ZSTD,
                                          ROW_GROUP_SIZE {ROW_GROUP_SIZE})"""
            try:
                con.execute(sql)
            except duckdb.Error as exc:
                partial.unlink(missing_ok=True)
                raise BaciError(f"could not build the Parquet cache: {str(exc).splitlines()[0]}",
                                file=file) from None
            os.replace(partial, target)
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.copyfile(release.country_file, cache / release.country_file.name)
    if release.product_file is not None:
        shutil.copyfile(release.product_file, cache / release.product_file.name)
    manifest = {
        "classification": release.classification,
        "version": release.version,
        "years": list(release.years),
        "files": {str(y): CACHE_DATA.format(year=y) for y in release.years},
        "sorted_by": ["i", "j", "hs6"],
        "row_group_size": ROW_GROUP_SIZE,
        "built_from": [p.name for p in files.values()],
        "units": {"value_kusd": "thousand current USD", "quantity_t": "metric tons"},
    }
    (cache / CACHE_MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", "utf-8")
    return BaciRelease.open(cache)
