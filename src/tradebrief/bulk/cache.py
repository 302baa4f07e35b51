"""The Parquet cache of a BACI release, written after the first question of each year.

A year's first query is answered from its CSV file (a scan for the pair, about what pandas'
read_csv costs) and then hands the year to a background process (`write_in_background`) that
parses the file again and writes it as one Parquet file, rows clustered by exporter: the answer
never waits for the cache (profile in benchmarks/README.md: writing it cost ~7 CPU-s of a 17 CPU-s
first question). Every later question is answered from that file: Parquet keeps min/max
statistics per row group, so a query for one pair reads a few row groups of each year (about
20 ms for a 10M-row year) and skips the rest. `ensure_cache` writes the cache in the foreground
instead (`tradebrief run --baci`, `to_parquet_cache`), and so does the query when `BACKGROUND`
is False.

BACI publishes each yearly file ordered by exporter, importer and product, so the cache keeps
about the file's row order (no sort: sorting 10M rows cost more CPU than parsing them; each
DuckDB thread writes the stretches of the file it parsed) and checks the written row groups'
exporter ranges. Only a file that is not in that order (a re-sorted or hand-made file) is then
sorted by (exporter, importer, product) in a second pass over the new Parquet file.

The cache folder also holds the release's country and product files and a manifest, so
`BaciRelease.open(cache_dir)` opens it like the original. The manifest records, per year, the
CSV file's name, size and modification time: a year whose CSV changed is rebuilt. Each Parquet
file is written under a temporary name and renamed, and the manifest is replaced (atomically)
after it, so a writer killed at any point leaves the years already finished usable and nothing
half-written that is ever read: a query reads only the files the manifest lists, without taking
the lock, and the next writer deletes the leftovers. Writers (background ones, and runs of a
batch sharing a cache) take turns through a lock file, which the system releases when a writer dies.
"""
from __future__ import annotations

import contextlib
import json
import os
import shutil
import subprocess
import sys
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
#: True: a query answers its first question from the CSV files and the cache is written after
#: it by a background process. False: the query writes the cache first and answers from it.
BACKGROUND = True
#: Niceness of the background writer: it yields the cores to the work that follows the answer.
WRITER_NICENESS = 10
#: The background writer's stderr, in the cache folder (what went wrong, if anything did).
WRITER_LOG = ".writer.log"


def ensure_cache(release: BaciRelease, years: list[int] | None = None, *,
                 progress: bool | None = None) -> dict[int, Path] | None:
    """Parquet file per year (all years when None) in `release.cache_dir`, building the years
    missing or stale: the first scan, with a progress bar (None: on a terminal only).

    None when the release has no cache folder, or it cannot be created (a warning says why; the
    query then reads the CSV files directly).
    """
    cache = release.cache_dir
    if cache is None or release.format == "parquet" or not _make_folder(cache, stacklevel=4):
        return None
    years = list(release.years) if years is None else years
    with _locked(cache):
        manifest = _read_manifest(cache, release)
        todo = [y for y in years if not _fresh(manifest, cache, y, release.data_files[y])]
        if todo:
            _remove_leftovers(cache)
            _build(release, cache, todo, manifest, progress=progress)
    return {y: cache / CACHE_DATA.format(year=y) for y in years}


def cached_years(release: BaciRelease, years: list[int]) -> dict[int, Path]:
    """The years of `years` whose Parquet file is written and fresh, without waiting for a writer.

    Reads the manifest without the lock: it is replaced atomically after the files it lists, so
    it never names a file that is missing or half-written.
    """
    cache = release.cache_dir
    if cache is None or release.format == "parquet":
        return {}
    manifest = _read_manifest(cache, release)
    try:
        return {y: cache / CACHE_DATA.format(year=y) for y in years
                if _fresh(manifest, cache, y, release.data_files[y])}
    except OSError:  # a CSV file gone since the release was opened: the scan will name it
        return {}


#: Background writers started by this process (reaped as they finish; `wait_for_writers`).
_WRITERS: list[subprocess.Popen] = []


def write_in_background(release: BaciRelease, years: list[int]) -> subprocess.Popen | None:
    """Start a process that writes `years` into the release's cache; return without waiting.

    The process runs `ensure_cache` (lock, temporary files, atomic renames) at a lower priority,
    in a session of its own so that it finishes even when this process ends first (a script
    that exits after its answer). None when there is no cache folder or it cannot be created
    (a warning says why).
    """
    cache = release.cache_dir
    if cache is None or release.format == "parquet" or not years or not _make_folder(cache, stacklevel=4):
        return None
    _WRITERS[:] = [w for w in _WRITERS if w.poll() is None]
    package_root = str(Path(__file__).resolve().parents[2])  # the folder holding tradebrief/
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (package_root, env.get("PYTHONPATH")) if p)
    cmd = [sys.executable, "-c", _WRITER_COMMAND, str(release.root), str(cache),
           *(str(y) for y in sorted(years))]
    try:
        with open(cache / WRITER_LOG, "wb") as log:
            writer = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                      stderr=log, env=env, start_new_session=True)
    except OSError as exc:
        warnings.warn(f"{cache}: cannot start the BACI Parquet cache writer ({exc.strerror}); "
                      "the next question reads the CSV files again", stacklevel=4)
        return None
    _WRITERS.append(writer)
    return writer


def wait_for_writers(timeout: float | None = None) -> None:
    """Wait until the background writers this process started have finished."""
    for writer in list(_WRITERS):
        writer.wait(timeout)
        _WRITERS.remove(writer)


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


#: How the background writer starts (not ``-m``: the package imports this module first).
_WRITER_COMMAND = "import sys; from tradebrief.bulk.cache import writer_main; sys.exit(writer_main(sys.argv[1:]))"


def writer_main(argv: list[str] | None = None) -> int:
    """The background writer: ``writer_main([RELEASE_FOLDER, CACHE_FOLDER, YEAR, ...])``."""
    import argparse  # the writer's command line only: not on a question's import path

    parser = argparse.ArgumentParser(prog="tradebrief-baci-cache-writer",
                                     description="Write years of a BACI release into its Parquet cache.")
    parser.add_argument("release", type=Path, help="the release folder (CSV files)")
    parser.add_argument("cache", type=Path, help="the cache folder")
    parser.add_argument("years", type=int, nargs="+")
    args = parser.parse_args(argv)
    with contextlib.suppress(OSError, AttributeError):  # no os.nice on Windows
        os.nice(WRITER_NICENESS)
    release = BaciRelease.open(args.release, cache=args.cache)
    years = [y for y in args.years if y in release.data_files]
    ensure_cache(release, years, progress=False)
    return 0


# ------------------------------------------------------------------------------ internals
def _make_folder(cache: Path, *, stacklevel: int) -> bool:
    try:
        cache.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        warnings.warn(f"{cache}: cannot create the BACI Parquet cache ({exc.strerror}); reading the "
                      "CSV files directly. Name a writable folder (cache_dir=, --baci-cache) or turn "
                      "the cache off (cache=False, --no-baci-cache)", stacklevel=stacklevel)
        return False
    return True


def _remove_leftovers(cache: Path) -> None:
    """Delete what a killed writer left (partial files, spill folders): called under the lock,
    so no live writer owns them; none is ever read, since the manifest never names them."""
    for leftover in (*cache.glob("*.part*"), *cache.glob(".duckdb-tmp-*")):
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)


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

