"""The SQL that reads BACI trade files, in one place for the direct scan and the Parquet cache.

Types are chosen for speed and checked for exactness (profiles in benchmarks/README.md):

- ``k`` is read as INTEGER and zero-padded to six digits at output: BACI writes HS6 codes as
  numbers (``10121`` for ``010121``). A code longer than six digits stays as long (and is then
  refused by the query's check), never truncated; a code that is not a number fails the scan.
- ``v`` is read as DOUBLE and cast back to DECIMAL(18, 6) on output. The cast rounds to the
  nearest millionth, so a value written with at most 15 significant digits (BACI writes at
  most 12: up to 10^9 thousand USD with three decimals) comes back exactly as written.
- ``q`` is read as DOUBLE too, with BACI's ways of writing a missing quantity as null strings:
  ``NA``, empty, and — in releases that right-align numbers — ``NA`` or blanks padded with
  spaces, as found in the file's first lines (`null_strings`). Only ``q`` may be null; an empty
  or ``NA`` value elsewhere fails the scan. A padding the first lines do not show makes the fast
  read fail; the file is then read again with ``q`` as text (`scan_select(fast=False)`), which
  parses every spelling and costs ~0.6 CPU-s more per 10M rows.

"""
from __future__ import annotations

import os
import threading
from collections.abc import Iterable
from pathlib import Path

import duckdb

CSV_TYPES = {"t": "SMALLINT", "i": "SMALLINT", "j": "SMALLINT", "k": "INTEGER", "v": "DOUBLE",
             "q": "DOUBLE"}
#: DuckDB's CSV read buffer per thread: 4 MiB instead of 16 MiB saves 30-60 MiB of peak memory
#: at no measurable cost in time (BACI lines are ~40 bytes; DuckDB's maximum line is 2 MiB).
CSV_BUFFER_BYTES = 4 * 2**20
#: Bytes at the head of a file searched for BACI's spellings of a missing quantity.
SNIFF_BYTES = 1 << 20

#: Quantity read as text, for files whose missing quantities the fast read did not foresee.
_Q_FROM_TEXT = "CASE WHEN trim(q) IN ('', 'NA') THEN NULL ELSE CAST(trim(q) AS DOUBLE) END AS q"

#: Raw columns → output ones: HS6 zero-padded (never truncated), exact DECIMAL value, quantity.
CLEAN_COLUMNS = ("t AS year, i, j, "
                 "lpad(k::VARCHAR, greatest(6, length(k::VARCHAR))::INTEGER, '0') AS hs6, "
                 "CAST(v AS DECIMAL(18, 6)) AS value_kusd, "
                 "CAST(q AS DECIMAL(18, 6)) AS quantity_t")


def sql_str(value: str | Path) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def sql_in(codes: Iterable[int]) -> str:
    return ", ".join(str(int(c)) for c in codes)


def null_strings(file: Path) -> list[str]:
    """Spellings of a missing quantity in the file's first MiB: NA, empty, or padded."""
    found = {"", "NA"}
    try:
        with open(file, "rb") as fh:
            head = fh.read(SNIFF_BYTES).decode("utf-8", "replace")
    except OSError:
        return sorted(found)
    for line in head.splitlines()[1:-1]:  # the last line may be cut in the middle
        q = line.rsplit(",", 1)[-1]
        if q.strip() in ("", "NA"):
            found.add(q)
    return sorted(found)


def scan_select(file: Path, *, fast: bool = True, where: str = "") -> str:
    """SELECT t, i, j, k, v, q (q DOUBLE, NULL when missing) from one BACI file, fixed types.

    No sniffing, so a bad file fails loudly. `fast` reads q as DOUBLE with the file's null
    strings; otherwise q is read as text and parsed in SQL (every padding).
    """
    types = CSV_TYPES if fast else CSV_TYPES | {"q": "VARCHAR"}
    columns = ", ".join(f"'{name}': '{kind}'" for name, kind in types.items())
    # force_not_null: an empty or NA value in t, i, j, k, v is an error, not a NULL. Every query
    # reads all six columns: with a query reading fewer, DuckDB 2.0 applied it to other columns.
    options = (f"header=true, auto_detect=false, delim=',', quote='\"', escape='\"', "
               f"buffer_size={CSV_BUFFER_BYTES}, columns={{{columns}}}, "
               "force_not_null=['t', 'i', 'j', 'k', 'v']")
    if fast:
        options += f", nullstr=[{', '.join(sql_str(s) for s in null_strings(file))}]"
    select = "t, i, j, k, v, q" if fast else f"t, i, j, k, v, {_Q_FROM_TEXT}"
    return (f"SELECT {select} FROM read_csv({sql_str(file)}, {options})"
            + (f" WHERE {where}" if where else ""))


def connect(**config: object) -> duckdb.DuckDBPyConnection:
    """A private DuckDB connection without DuckDB's own progress bar.

    With `config` (memory limit, spill folder): a database of its own. Without: a cursor on one
    in-memory database per process, because creating a database costs ~40 ms, a fifth of a
    cached pair query. A cursor is its own connection (registered frames and settings are its
    own), and a forked child makes its own database rather than use its parent's threads.
    """
    if config:
        con = duckdb.connect(config=config)
    else:
        global _SHARED
        with _SHARED_LOCK:
            if _SHARED is None or _SHARED[0] != os.getpid():
                _SHARED = (os.getpid(), duckdb.connect())
            con = _SHARED[1].cursor()
    try:
        con.execute("SET enable_progress_bar = false")
    except duckdb.InvalidInputException:
        pass  # inside Jupyter without ipywidgets DuckDB refuses to touch the setting; the default is fine
    return con


_SHARED: tuple[int, duckdb.DuckDBPyConnection] | None = None
_SHARED_LOCK = threading.Lock()


def first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
