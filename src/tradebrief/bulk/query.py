"""Queries on a BACI release: one pair's flows, and their HS2 / section / top-product tables.

The scan of the big files runs in DuckDB and returns only the pair's rows (a few thousand per
year); the small tables are then aggregated from that frame, in DuckDB too, with DECIMAL sums so
that totals are exact and the same on every run (float sums in parallel are not).

Units: BACI's `v` is in thousand current US dollars and is kept as `value_kusd`; `value_usd` is
`value_kusd * 1000` — a unit conversion, not an estimate. `quantity_t` is BACI's `q` (metric
tons); BACI leaves some quantities empty, and an aggregate whose parts miss a quantity has no
quantity (NaN) rather than a partial sum — `n_flows_no_quantity` says how many parts lacked one.
"""
from __future__ import annotations

import re
from collections.abc import Iterable
from pathlib import Path

import duckdb
import pandas as pd

from tradebrief.bulk import cache as cache_module
from tradebrief.bulk.errors import BaciError
from tradebrief.bulk.hs import hs_table, section_order
from tradebrief.bulk.release import BaciRelease
from tradebrief.bulk.sql import CLEAN_COLUMNS, connect, first_line, scan_select, sql_in, sql_str
from tradebrief.data.limits import PLAUSIBLE_MAX_USD
from tradebrief.errors import UsageError

#: The order of `pair_flows`' rows: every column that can differ, so that any row order gives the same.
FLOW_ORDER = ("year", "exporter", "importer", "hs6", "value_kusd", "quantity_t")
FLOW_COLUMNS = ["year", "exporter", "importer", "hs6", "hs2", "value_kusd", "value_usd",
                "quantity_t", "source"]
HS2_COLUMNS = ["year", "exporter", "importer", "hs2", "hs2_label", "section", "section_label",
               "value_kusd", "value_usd", "quantity_t", "n_flows", "n_flows_no_quantity", "source"]
SECTION_COLUMNS = ["year", "exporter", "importer", "section", "section_label", "value_kusd",
                   "value_usd", "quantity_t", "n_flows", "n_flows_no_quantity", "source"]
TOP_COLUMNS = ["exporter", "importer", "rank", "hs6", "hs6_label", "hs2", "hs2_label", "section",
               "section_label", "value_kusd", "value_usd", "quantity_t", "share_pct",
               "first_year", "last_year", "source"]


def _pair_frames(release: BaciRelease, a_iso: str, a: tuple[int, ...], b_iso: str,
                 b: tuple[int, ...], years: list[int], *,
                 progress: bool | None) -> tuple[list[tuple[Path, int, pd.DataFrame]], bool]:
    """The pair's rows, per year: [(file to name in errors, year expected, frame)], and whether any
    year was scanned from CSV (the Parquet rows come sorted in FLOW_ORDER: DuckDB sorts them in a
    tenth of pandas' time; scanned rows do not).

    Years already in the Parquet cache are read from it (one query for all of them). The others
    are scanned from their CSV files for the pair, one file at a time (DuckDB's multi-file CSV
    scan costs the same CPU on two cores and 3.5x the memory); with a cache folder, those years
    are then handed to a background writer (`cache.BACKGROUND`), after the answer is read, so
    that the first question costs about what the scan costs. With ``BACKGROUND = False`` the
    cache is written first and every year read from it.
    """
    files = release.files_for(years)
    if release.format == "parquet":
        ready = files
    elif release.cache_dir is None:
        ready = {}
    elif cache_module.BACKGROUND:
        ready = cache_module.cached_years(release, years)
    else:
        ready = cache_module.ensure_cache(release, years, progress=progress) or {}
    scan = {y: f for y, f in files.items() if y not in ready}
    out: list[tuple[Path, int, pd.DataFrame]] = []
    with connect() as con:
        if ready:
            hint = ("; delete it and ask again to rebuild it from the CSV file"
                    if release.format == "csv" else "; check that it is the file as written")
            out += _parquet_pair_frames(con, a_iso, a, b_iso, b, {y: ready[y] for y in files if y in ready},
                                        {y: f for y, f in files.items() if y in ready}, hint)
        both = (f"(i IN ({sql_in(a)}) AND j IN ({sql_in(b)})) OR "
                f"(i IN ({sql_in(b)}) AND j IN ({sql_in(a)}))")
        for year, file in _scan_progress(release, scan, progress):
            # the fast read first; the text read of q if the file spells NA otherwise
            sqls = [f"SELECT {CLEAN_COLUMNS} FROM ({scan_select(file, fast=fast, where=both)})"
                    for fast in (True, False)]
            for n, sql in enumerate(sqls, start=1):
                try:
                    out.append((file, year, con.sql(_select(a_iso, a, b_iso, sql)).df()))
                    break
                except duckdb.Error as exc:
                    if n == len(sqls):
                        raise _unreadable(exc, file) from None
    if scan and cache_module.BACKGROUND and release.format == "csv" and release.cache_dir is not None:
        cache_module.write_in_background(release, sorted(scan))  # the answer is read: now the cache
    return sorted(out, key=lambda part: part[1]), bool(scan)


def _scan_progress(release: BaciRelease, scan: dict[int, Path],
                   progress: bool | None) -> Iterable[tuple[int, Path]]:
    """The CSV files to scan, with a bar (files) on a terminal or when `progress` is True."""
    if not scan or progress is False:
        return scan.items()
    from tqdm.auto import tqdm

    return tqdm(scan.items(), total=len(scan), unit="file", disable=None if progress is None else False,
                desc=f"BACI {release.classification} {release.version}: scanning the CSV files")


def _parquet_pair_frames(con: duckdb.DuckDBPyConnection, a_iso: str, a: tuple[int, ...], b_iso: str,
                         b: tuple[int, ...], parquet: dict[int, Path],
                         shown: dict[int, Path], hint: str) -> list[tuple[Path, int, pd.DataFrame]]:
    """Every year's Parquet file in one query, split back into years by file name.

    One query instead of one per year: on a 5-year cache the same rows in 0.05–0.07 s instead of
    0.14–0.18 s (one bind and one plan; the files are scanned in parallel). Two conjunctive
    filters (not one OR), so that DuckDB pushes each into the scan and skips row groups by their
    min/max statistics on the clustered i column. When the query fails, each file is read alone
    to name the one that is damaged (`hint` says what to do about it). `shown` is the file to
    name when a row is wrong: the CSV file a cache file was written from, since its rows are.
    """
    def query(paths: dict[int, Path]) -> pd.DataFrame:
        src = f"read_parquet([{', '.join(sql_str(p) for p in paths.values())}], filename=true)"
        # the year of each row's file, as a number (file names as strings cost more than the query)
        file_year = ("CASE filename " + " ".join(f"WHEN {sql_str(p)} THEN {int(y)}" for y, p in paths.items())
                     + " END AS file_year")
        sql = " UNION ALL ".join(f"SELECT {CLEAN_COLUMNS}, {file_year} FROM {src} WHERE i IN ({sql_in(x)}) AND "
                                 f"j IN ({sql_in(y)})" for x, y in ((a, b), (b, a)))
        return con.sql(f"SELECT * FROM ({_select(a_iso, a, b_iso, sql, extra='file_year')}) "
                       f"ORDER BY file_year, {', '.join(FLOW_ORDER[1:])}").df()

    try:
        frame = query(parquet)
    except duckdb.Error:
        for year, path in parquet.items():  # which file: the error path need not be fast
            try:
                query({year: path})
            except duckdb.Error as exc:
                if _bad_value(exc):  # the CSV's value, copied into the cache: name the CSV, not the cache
                    raise _value_error(exc, shown[year]) from None
                raise BaciError(f"DuckDB could not read the Parquet file: {first_line(exc)}{hint}",
                                file=path) from None
        raise
    first = next(iter(shown.values()))
    if frame["file_year"].isna().any():  # DuckDB names each row's file as it was given
        raise BaciError("DuckDB named a file it was not asked to read", file=first)
    out = [(shown[int(year)], int(year), rows.drop(columns="file_year").reset_index(drop=True))
           for year, rows in frame.groupby("file_year", sort=True)]
    return out or [(first, -1, frame.drop(columns="file_year"))]


def _unreadable(exc: duckdb.Error, file: Path) -> BaciError:
    if _bad_value(exc):
        return _value_error(exc, file)
    return BaciError(f"DuckDB could not read the trade file: {first_line(exc)}; "
                     "check that it is the BACI file as published", file=file)


def _bad_value(exc: duckdb.Error) -> bool:
    """A value DuckDB cannot hold as thousand US$ (inf, nan, beyond 10^12): the CSV's fault."""
    text = str(exc)
    return "Conversion Error" in text and "source column v" in text


def _value_error(exc: duckdb.Error, csv_file: Path) -> BaciError:
    found = re.search(r"value (\S{1,40})", str(exc))
    shown = f" ({found.group(1)}{'…' if len(found.group(1)) >= 40 else ''})" if found else ""
    return BaciError(f"a value{shown} is not a finite number of thousand US$ below 10^12; BACI writes "
                     "positive finite values — fix that row or get the file again from CEPII "
                     "(a cache built from it is rebuilt once the file changes)", file=csv_file, column="v")


def _select(a_iso: str, a: tuple[int, ...], b_iso: str, source_sql: str, extra: str = "") -> str:
    """Output columns over a relation with year, i, j, hs6, value_kusd, quantity_t (and `extra`).

    Values leave DuckDB as DOUBLE, the float64 pandas would make of the DECIMAL anyway: DuckDB's
    own cast is a third faster than the DECIMAL conversion in `.df()` (2026-12-08: 47 vs 65 ms on
    26,626 rows); the sums (`_aggregate`) are DECIMAL again, so they stay exact."""
    return f"""
        SELECT year,
               CASE WHEN i IN ({sql_in(a)}) THEN '{a_iso}' ELSE '{b_iso}' END AS exporter,
               CASE WHEN j IN ({sql_in(a)}) THEN '{a_iso}' ELSE '{b_iso}' END AS importer,
               hs6, substr(hs6, 1, 2) AS hs2,
               CAST(value_kusd AS DOUBLE) AS value_kusd,
               CAST(CAST(value_kusd AS DECIMAL(38, 6)) * 1000 AS DOUBLE) AS value_usd,
               CAST(quantity_t AS DOUBLE) AS quantity_t
               {", " + extra if extra else ""}
        FROM ({source_sql})"""


def _resolve_years(release: BaciRelease, years: Iterable[int] | None) -> list[int]:
    if years is None:
        return list(release.years)
    chosen = sorted({int(y) for y in years})
    if not chosen:
        raise UsageError("years is empty; give at least one year, or None for all years")
    release.files_for(chosen)  # raises for years the release lacks
    return chosen


def pair_flows(release: BaciRelease, a: str, b: str, years: Iterable[int] | None = None, *,
               progress: bool | None = None) -> pd.DataFrame:
    """HS6 flows between two economies in both directions (a→b and b→a), one row per flow.

    Columns: year, exporter, importer (ISO3), hs6 (zero-padded string), hs2, value_kusd,
    value_usd, quantity_t, source. Sorted by year, exporter, importer, hs6. `progress`: the
    first scan's progress bar (files, rows) on stderr; None shows it on a terminal only.
    """
    a_iso, a_codes = release.codes_for(a)
    b_iso, b_codes = release.codes_for(b)
    if a_iso == b_iso:
        raise UsageError(f"economy and partner are both {a_iso}; give two different economies")
    chosen = _resolve_years(release, years)
    parts, scanned = _pair_frames(release, a_iso, a_codes, b_iso, b_codes, chosen, progress=progress)
    for file, year, frame in parts:
        _check_flows(frame, file, year)
    frame = pd.concat([p[2] for p in parts], ignore_index=True)
    frame["year"] = frame["year"].astype("int64")
    frame["source"] = release.source
    if scanned:  # every column: the order is the same whichever row order the cache or the scan gave
        frame = frame.sort_values(list(FLOW_ORDER), kind="stable")
    return frame[FLOW_COLUMNS].reset_index(drop=True)


def _check_flows(frame: pd.DataFrame, file: Path, year: int) -> None:
    """Rows must carry the year of their file, a six-digit product code and a value that is not
    negative and not beyond PLAUSIBLE_MAX_USD (a sign or unit error would print "$-4.98 bn")."""
    values = pd.to_numeric(frame["value_kusd"], errors="coerce").astype("float64")
    wrong_value = frame[(values < 0) | (values * 1000 > PLAUSIBLE_MAX_USD) | values.isna()]
    if len(wrong_value):
        row = wrong_value.iloc[0]
        raise BaciError(f"value {row['value_kusd']} (thousand US$) for {row['exporter']}→{row['importer']} "
                        f"HS {row['hs6']} in {row['year']} is {'negative' if values[row.name] < 0 else 'implausible'}; "
                        "BACI writes positive values in thousand US$ — fix that row or get the file again "
                        "from CEPII", file=file, column="v")
    if year >= 0:
        wrong = frame[frame["year"] != year]
        if len(wrong):
            raise BaciError(f"holds rows with t={wrong['year'].iloc[0]}; the yearly BACI file for "
                            f"{year} holds only that year — the file may be renamed or damaged",
                            file=file, column="t")
    bad = frame[~frame["hs6"].str.fullmatch(r"\d{6}")]
    if len(bad):
        raise BaciError(f"product code {bad['hs6'].iloc[0]!r} is not an HS6 code; expected six "
                        "digits (a missing leading zero is fine: 10121 for 010121)",
                        file=file, column="k")


def _empty(columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame({c: pd.Series(dtype="object") for c in columns})


def _aggregate(flows: pd.DataFrame, keys: list[str]) -> pd.DataFrame:
    """Exact DECIMAL sums by `keys`; quantity only when every part has one."""
    by = ", ".join(keys)
    sql = f"""
        SELECT {by},
               SUM(CAST(value_kusd AS DECIMAL(38, 6))) AS value_kusd,
               SUM(CAST(value_kusd AS DECIMAL(38, 6))) * 1000 AS value_usd,
               CASE WHEN COUNT(quantity_t) = COUNT(*)
                    THEN SUM(CAST(quantity_t AS DECIMAL(38, 6))) END AS quantity_t,
               COUNT(*) AS n_flows,
               COUNT(*) - COUNT(quantity_t) AS n_flows_no_quantity,
               MIN(source) AS source
        FROM flows GROUP BY {by} ORDER BY {by}"""
    with connect() as con:
        con.register("flows", flows)
        out = con.sql(sql).df()
    for col in ("n_flows", "n_flows_no_quantity"):
        out[col] = out[col].astype("int64")
    return out


def by_hs2(flows: pd.DataFrame) -> pd.DataFrame:
    """Flows summed to HS chapters, per year and direction, with chapter and section titles.

    Chapters missing from the HS table (98, 99: national use) keep empty labels.
    """
    if flows.empty:
        return _empty(HS2_COLUMNS)
    out = _aggregate(flows, ["year", "exporter", "importer", "hs2"])
    out = out.merge(hs_table(), on="hs2", how="left", validate="many_to_one")
    return out[HS2_COLUMNS]


def by_section(flows: pd.DataFrame) -> pd.DataFrame:
    """Flows summed to the 21 HS sections, per year and direction, in nomenclature order."""
    if flows.empty:
        return _empty(SECTION_COLUMNS)
    hs = hs_table()
    tagged = flows.merge(hs[["hs2", "section"]], on="hs2", how="left", validate="many_to_one")
    tagged["section"] = tagged["section"].fillna("")  # national chapters: an unnamed group
    out = _aggregate(tagged, ["year", "exporter", "importer", "section"])
    labels = hs.drop_duplicates("section")[["section", "section_label"]]
    out = out.merge(labels, on="section", how="left", validate="many_to_one")
    order = {s: n for n, s in enumerate(section_order())}
    out["_order"] = out["section"].map(order).fillna(len(order))
    out = out.sort_values(["year", "exporter", "importer", "_order"], kind="stable")
    out["section"] = out["section"].replace("", None)
    return out[SECTION_COLUMNS].reset_index(drop=True)


def top_products(flows: pd.DataFrame, n: int = 10,
                 products: pd.DataFrame | None = None) -> pd.DataFrame:
    """The `n` largest HS6 products per direction, summed over the years in `flows`.

    `share_pct` is the product's share of that direction's total over the same years. Ties in
    value are ordered by HS6 code. `products` (hs6, hs6_label) adds BACI's product descriptions;
    pass `release.product_labels()`.
    """
    if n < 1:
        raise UsageError(f"n={n}; the number of top products must be at least 1")
    if flows.empty:
        return _empty(TOP_COLUMNS)
    per_product = _aggregate(flows, ["exporter", "importer", "hs6", "hs2"])
    years = flows.groupby(["exporter", "importer"])["year"].agg(["min", "max"]).reset_index()
    years.columns = ["exporter", "importer", "first_year", "last_year"]
    total = per_product.groupby(["exporter", "importer"])["value_kusd"].transform("sum")
    per_product["share_pct"] = (per_product["value_kusd"] / total * 100).round(4)
    per_product = per_product.sort_values(["exporter", "importer", "value_kusd", "hs6"],
                                          ascending=[True, True, False, True], kind="stable")
    per_product["rank"] = per_product.groupby(["exporter", "importer"]).cumcount() + 1
    top = per_product[per_product["rank"] <= n]
    top = top.merge(hs_table(), on="hs2", how="left", validate="many_to_one")
    top = top.merge(years, on=["exporter", "importer"], how="left")
    labels = products if products is not None else _empty(["hs6", "hs6_label"])
    top = top.merge(labels[["hs6", "hs6_label"]].drop_duplicates("hs6"), on="hs6", how="left")
    return top[TOP_COLUMNS].reset_index(drop=True)


def direction_totals(flows: pd.DataFrame) -> pd.DataFrame:
    """Total value per year and direction: the sum of the pair's HS6 flows in the release."""
    if flows.empty:
        return _empty(["year", "exporter", "importer", "value_kusd", "value_usd", "n_flows", "source"])
    out = _aggregate(flows, ["year", "exporter", "importer"])
    return out[["year", "exporter", "importer", "value_kusd", "value_usd", "n_flows", "source"]]


def product_section(release: BaciRelease, economy: str, partner: str, start_year: int,
                    end_year: int, *, top_n: int = 10, progress: bool | None = None) -> dict:
    """Everything the brief's product-composition section needs, from one scan of the release.

    Returns a dict with the frames `flows` (HS6), `totals`, `by_hs2`, `by_section`,
    `top_exports` (economy→partner) and `top_imports` (partner→economy); `years` covered,
    `missing_years` (asked for but not in the release: a gap, shown as one), `economy`,
    `partner` (ISO3), `source` (short label in every row) and `citation` (full text).
    """
    if start_year > end_year:
        raise UsageError(f"start_year {start_year} is after end_year {end_year}; swap them")
    asked = list(range(int(start_year), int(end_year) + 1))
    years = [y for y in asked if y in release.data_files]
    if not years:
        raise BaciError(f"no trade file for {start_year}-{end_year}; this release covers "
                        f"{release.years[0]}-{release.years[-1]}", file=release.root)
    economy_iso, _ = release.codes_for(economy)
    partner_iso, _ = release.codes_for(partner)
    flows = pair_flows(release, economy_iso, partner_iso, years, progress=progress)
    top = top_products(flows, n=top_n, products=release.product_labels())
    exports = top[top["exporter"] == economy_iso].reset_index(drop=True)
    imports = top[top["exporter"] == partner_iso].reset_index(drop=True)
    return {
        "economy": economy_iso,
        "partner": partner_iso,
        "years": years,
        "missing_years": [y for y in asked if y not in release.data_files],
        "flows": flows,
        "totals": direction_totals(flows),
        "by_hs2": by_hs2(flows),
        "by_section": by_section(flows),
        "top_exports": exports,
        "top_imports": imports,
        "source": release.source,
        "citation": release.citation(),
    }
