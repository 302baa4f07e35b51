"""The Parquet cache of a BACI release, written by the first scan of each year.

A year's first query parses its CSV file once and writes it as one Parquet file, rows clustered
by exporter; the question is then answered from that file, and so is every later one. Parquet
keeps min/max statistics per row group, so a query for one pair reads a few row groups of each
year (about 20 ms for a 10M-row year) and skips the rest.

BACI publishes each yearly file ordered by exporter, importer and product, so the cache keeps
about the file's row order (no sort: sorting 10M rows cost more CPU than parsing them; each
DuckDB thread writes the stretches of the file it parsed) and checks the written row groups'
exporter ranges. Only a file that is not in that order (a re-sorted or hand-made file) is then
sorted by (exporter, importer, product) in a second pass over the new Parquet file.

The cache folder also holds the release's country and product files and a manifest, so
`BaciRelease.open(cache_dir)` opens it like the original. The manifest records, per year, the
CSV file's name, size and modification time: a year whose CSV changed is rebuilt. Each Parquet
file is written under a temporary name and renamed, and the manifest is replaced last, so an
interrupted build leaves the years already finished usable and nothing half-written. Runs that
share a cache (a batch with ``--baci``) take turns through a lock file.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb

from tradebrief.bulk.errors import BaciError
from tradebrief.bulk.release import CACHE_DATA, CACHE_LAYOUT, CACHE_MANIFEST, BaciRelease
from tradebrief.bulk.sql import connect, first_line, scan_select, sql_str

#: Rows per Parquet row group: small enough that one pair's rows skip most of the file.
ROW_GROUP_SIZE = 122_880
#: SNAPPY: a third less CPU than ZSTD for the write, 25% more disk (136 vs 108 MiB per 10M rows).
COMPRESSION = "SNAPPY"
#: DuckDB's memory for the first scan (beyond this it spills to the cache folder): keeps the
#: process under 20% of what pandas needs for the same question (peak RSS of the whole first
#: scan of 5 x 10M rows: ~272 MiB at 100 MB, ~300 at 128-150 MB, ~316 at 200 MB).
MEMORY_LIMIT = "100MB"


def ensure_cache(release: BaciRelease, years: list[int] | None = None, *,
                 progress: bool | None = None) -> dict[int, Path] | None:
    """Parquet file per year (all years when None) in `release.cache_dir`, building the years
    missing or stale: the first scan, with a progress bar (None: on a terminal only).

    None when the release has no cache folder, or it cannot be created (a warning says why; the
    query then reads the CSV files directly).
    """
    cache = release.cache_dir
    if cache is None or release.format == "parquet":
        return None
    years = list(release.years) if years is None else years
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        warnings.warn(f"{cache}: cannot create the BACI Parquet cache ({exc.strerror}); reading the "
                      "CSV files directly. Name a writable folder (cache_dir=, --baci-cache) or turn "
                      "the cache off (cache=False, --no-baci-cache)", stacklevel=3)
        return None
    with _locked(cache):
        manifest = _read_manifest(cache, release)
        todo = [y for y in years if not _fresh(manifest, cache, y, release.data_files[y])]
        if todo:
            _build(release, cache, todo, manifest, progress=progress)
    return {y: cache / CACHE_DATA.format(year=y) for y in years}


def to_parquet_cache(release: BaciRelease, cache_dir: str | Path, *,
                     progress: bool | None = None) -> BaciRelease:
    """Write every year of the release into `cache_dir` (only what is missing or stale); open it."""
    if release.format == "parquet":
        raise BaciError("is already a Parquet cache; open the CSV release to rebuild it",
                        file=release.root)
    target = release.with_cache(cache_dir)
    ensure_cache(target, progress=progress)
    if not (Path(cache_dir) / CACHE_MANIFEST).is_file():
        raise BaciError("could not write the Parquet cache here", file=cache_dir)
    return BaciRelease.open(cache_dir)


# ------------------------------------------------------------------------------ internals
def _build(release: BaciRelease, cache: Path, years: list[int], manifest: dict, *,
           progress: bool | None) -> None:
    from tqdm.auto import tqdm

    tmp = cache / f".duckdb-tmp-{os.getpid()}"
    bar = tqdm(total=len(years), unit="file", disable=None if progress is None else not progress,
               desc=f"BACI {release.classification} {release.version}: first scan → Parquet cache")
    rows_done = 0
    try:
        # Insertion order not kept: each thread fills its own row groups from the stretches of
        # the file it parsed, so a file in BACI's order stays clustered by exporter; keeping the
        # exact order made DuckDB write from one thread at a time within this memory limit.
        with connect(memory_limit=MEMORY_LIMIT, temp_directory=str(tmp),
                     preserve_insertion_order=False) as con:
            for year in years:
                csv = release.data_files[year]
                bar.set_postfix_str(f"{csv.name}, {rows_done:,} rows so far")
                rows, order = _write_year(con, csv, cache / CACHE_DATA.format(year=year))
                rows_done += rows
                stat = csv.stat()
                manifest["files"][str(year)] = {
                    "parquet": CACHE_DATA.format(year=year), "rows": rows, "order": order,
                    "csv": csv.name, "csv_bytes": stat.st_size, "csv_mtime_ns": stat.st_mtime_ns}
                _write_manifest(cache, release, manifest)  # each finished year is usable at once
                bar.update(1)
            bar.set_postfix_str(f"{rows_done:,} rows")
    finally:
        bar.close()
        shutil.rmtree(tmp, ignore_errors=True)


def _write_year(con: duckdb.DuckDBPyConnection, csv: Path, target: Path) -> tuple[int, str]:
    """CSV → Parquet in about the file's row order; sorted in a second pass only if not clustered.

    Returns the rows written and the order: "csv" (about the file's, clustered by exporter)
    or "sorted" (by exporter, importer, product).
    """
    partial = target.with_name(f"{target.name}.{os.getpid()}.part")
    try:
        rows = _copy(con, csv, lambda fast: scan_select(csv, fast=fast), partial)
        order = "csv"
        if not _clustered(con, partial):
            resorted = partial.with_name(partial.name + "2")
            _copy(con, csv, lambda _: f"SELECT * FROM read_parquet({sql_str(partial)}) "
                                      "ORDER BY i, j, k", resorted)
            os.replace(resorted, partial)
            order = "sorted"
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    os.replace(partial, target)
    return rows, order


def _copy(con: duckdb.DuckDBPyConnection, csv: Path, select: Callable[[bool], str],
          target: Path) -> int:
    """COPY one SELECT to a Parquet file; the fast CSV read first, the text read if it fails."""
    options = (f"FORMAT PARQUET, COMPRESSION {COMPRESSION}, ROW_GROUP_SIZE {ROW_GROUP_SIZE}")
    for fast in (True, False):
        try:
            rows = con.execute(f"COPY ({select(fast)}) TO {sql_str(target)} ({options})").fetchone()
            return int(rows[0]) if rows else 0
        except duckdb.Error as exc:
            target.unlink(missing_ok=True)
            if not fast:
                raise BaciError(f"DuckDB could not read the trade file: {first_line(exc)}; check "
                                "that it is the BACI file as published", file=csv) from None
    raise AssertionError("unreachable")


def _clustered(con: duckdb.DuckDBPyConnection, parquet: Path) -> bool:
    """Whether each row group's exporter range overlaps only a few others.

    A file in BACI's order, written by T threads that each fill their own row groups, gives
    groups whose ranges overlap about 2T others' (5 on average, at most 6, for 2 threads and
    82 groups); a file in random order gives groups that all overlap all.
    """
    bounds = con.execute(
        "SELECT stats_min_value::INTEGER, stats_max_value::INTEGER FROM parquet_metadata(?) "
        "WHERE path_in_schema = 'i' ORDER BY row_group_id", [str(parquet)]).fetchall()
    threads = int(con.execute("SELECT current_setting('threads')").fetchone()[0])
    limit = 4 * threads + 2
    return all(sum(lo <= hi2 and lo2 <= hi for lo2, hi2 in bounds) <= limit for lo, hi in bounds)


def _fresh(manifest: dict, cache: Path, year: int, csv: Path) -> bool:
    entry = manifest["files"].get(str(year))
    if not entry or not (cache / entry["parquet"]).is_file():
        return False
    stat = csv.stat()
    return (entry.get("csv") == csv.name and entry.get("csv_bytes") == stat.st_size
            and entry.get("csv_mtime_ns") == stat.st_mtime_ns)


def _read_manifest(cache: Path, release: BaciRelease) -> dict:
    """The cache's manifest if it belongs to this release and layout; else an empty one."""
    empty = {"files": {}}
    try:
        manifest = json.loads((cache / CACHE_MANIFEST).read_text("utf-8"))
    except (OSError, ValueError):
        return empty
    same = (manifest.get("layout") == CACHE_LAYOUT
            and manifest.get("classification") == release.classification
            and manifest.get("version") == release.version
            and isinstance(manifest.get("files"), dict))
    return manifest if same else empty


def _write_manifest(cache: Path, release: BaciRelease, manifest: dict) -> None:
    for source in (release.country_file, release.product_file):
        if source is not None and not (cache / source.name).is_file():
            shutil.copyfile(source, cache / source.name)
    files = dict(sorted(manifest["files"].items()))
    out = {
        "layout": CACHE_LAYOUT,
        "classification": release.classification,
        "version": release.version,
        "years": [int(y) for y in files],
        "files": files,
        "columns": {"t": "year", "i": "exporter code", "j": "importer code",
                    "k": "HS6 code as a number (zero-pad to 6 digits)",
                    "v": "value, thousand current USD (DOUBLE; exact to 15 significant digits)",
                    "q": "quantity, metric tons (NULL where BACI has none)"},
        "row_order": ("each year's rows in about its CSV file's order (BACI's: i, j, k), checked "
                      "to be clustered by i; \"order\": \"sorted\" marks a year sorted by "
                      "(i, j, k) because its file was not"),
        "row_group_size": ROW_GROUP_SIZE,
    }
    partial = cache / f"{CACHE_MANIFEST}.{os.getpid()}.part"
    partial.write_text(json.dumps(out, indent=2) + "\n", "utf-8")
    os.replace(partial, cache / CACHE_MANIFEST)
    manifest.update(out)


@contextlib.contextmanager
def _locked(cache: Path) -> Iterator[None]:
    """One builder at a time per cache folder (POSIX advisory lock; elsewhere, none)."""
    try:
        import fcntl
    except ImportError:  # Windows: concurrent builders each write whole files and rename
        yield
        return
    with open(cache / ".lock", "a") as fh:
        fcntl.flock(fh, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(fh, fcntl.LOCK_UN)
