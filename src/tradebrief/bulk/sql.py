"""The SQL that reads BACI trade files, in one place for the direct scan and the Parquet cache.

Types are chosen for speed and checked for exactness (profiles in docs/bulk-data.md):

- ``k`` is read as INTEGER and zero-padded to six digits at output: BACI writes HS6 codes as
  numbers (``10121`` for ``010121``). A code longer than six digits stays as long (and is then
  refused by the query's check), never truncated; a code that is not a number fails the scan.
- ``v`` is read as DOUBLE and cast back to DECIMAL(18, 6) on output. The cast rounds to the
  nearest millionth, so a value written with at most 15 significant digits (BACI writes at
  most 12: up to 10^9 thousand USD with three decimals) comes back exactly as written.
- ``q`` is read as text because BACI writes a missing quantity as ``NA`` or blank, sometimes
  padded with spaces, which no null string matches; it becomes DOUBLE (NULL when missing).

Reading k, v as text or DECIMAL costs the same CPU for the scan but makes the cache's sort and
Parquet write two to three times dearer.
"""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import duckdb

#: DuckDB's CSV read buffer per thread: 4 MiB instead of 16 MiB saves ~60 MiB of peak memory
#: at no measurable cost in time (BACI lines are ~40 bytes; DuckDB's maximum line is 2 MiB).
CSV_BUFFER_BYTES = 4 * 2**20

CSV_TYPES = {"t": "SMALLINT", "i": "SMALLINT", "j": "SMALLINT", "k": "INTEGER", "v": "DOUBLE",
             "q": "VARCHAR"}

#: The six BACI columns with the quantity parsed: the Parquet cache holds exactly these.
RAW_COLUMNS = ("t, i, j, k, v, "
               "CASE WHEN trim(q) IN ('', 'NA') THEN NULL ELSE CAST(trim(q) AS DOUBLE) END AS q")

#: Raw columns → output ones: HS6 zero-padded (never truncated), exact DECIMAL value, quantity.
CLEAN_COLUMNS = ("t AS year, i, j, "
                 "lpad(k::VARCHAR, greatest(6, length(k::VARCHAR))::INTEGER, '0') AS hs6, "
                 "CAST(v AS DECIMAL(18, 6)) AS value_kusd, "
                 "CAST(q AS DECIMAL(18, 6)) AS quantity_t")


def sql_str(value: str | Path) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def sql_in(codes: Iterable[int]) -> str:
    return ", ".join(str(int(c)) for c in codes)


def csv_scan(file: Path) -> str:
    """read_csv over one BACI file with fixed types: no sniffing, so a bad file fails loudly."""
    columns = ", ".join(f"'{name}': '{kind}'" for name, kind in CSV_TYPES.items())
    return (f"read_csv({sql_str(file)}, header=true, auto_detect=false, delim=',', quote='\"', "
            f"escape='\"', buffer_size={CSV_BUFFER_BYTES}, columns={{{columns}}})")


def connect(**config: object) -> duckdb.DuckDBPyConnection:
    """A private in-memory DuckDB connection without DuckDB's own progress bar."""
    con = duckdb.connect(config=config)
    try:
        con.execute("SET enable_progress_bar = false")
    except duckdb.InvalidInputException:
        pass  # inside Jupyter without ipywidgets DuckDB refuses to touch the setting; the default is fine
    return con


def first_line(exc: BaseException) -> str:
    return str(exc).splitlines()[0] if str(exc) else type(exc).__name__
