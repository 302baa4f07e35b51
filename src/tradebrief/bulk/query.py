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

from collections.abc import Iterable
from pathlib import Path

import duckdb
import pandas as pd

from ..errors import UsageError
from .errors import BaciError
from .hs import hs_table, section_order
from .release import BaciRelease

FLOW_COLUMNS = ["year", "exporter", "importer", "hs6", "hs2", "value_kusd", "value_usd",
                "quantity_t", "source"]
HS2_COLUMNS = ["year", "exporter", "importer", "hs2", "hs2_label", "section", "section_label",
               "value_kusd", "value_usd", "quantity_t", "n_flows", "n_flows_no_quantity", "source"]
SECTION_COLUMNS = ["year", "exporter", "importer", "section", "section_label", "value_kusd",
                   "value_usd", "quantity_t", "n_flows", "n_flows_no_quantity", "source"]
TOP_COLUMNS = ["exporter", "importer", "rank", "hs6", "hs6_label", "hs2", "hs2_label", "section",
               "section_label", "value_kusd", "value_usd", "quantity_t", "share_pct",
               "first_year", "last_year", "source"]


def _sql_str(value: str | Path) -> str:
    return "'" + str(value).replace("'", "''") + "'"


def _in(codes: Iterable[int]) -> str:
    return ", ".join(str(int(c)) for c in codes)


def _connect(**config: object) -> duckdb.DuckDBPyConnection:
    """A private in-memory DuckDB connection without a progress bar (output stays clean)."""
    con = duckdb.connect(config=config)
    con.execute("SET enable_progress_bar = false")
    return con


def _csv_scan(files: list[Path]) -> str:
    """read_csv over BACI files with fixed types: no sniffing, so a bad file fails loudly."""
    listed = ", ".join(_sql_str(f) for f in files)
    return (f"read_csv([{listed}], header=true, auto_detect=false, delim=',', quote='\"', "
            "escape='\"', filename=true, columns={'t': 'SMALLINT', 'i': 'SMALLINT', "
            "'j': 'SMALLINT', 'k': 'VARCHAR', 'v': 'DECIMAL(18,6)', 'q': 'VARCHAR'})")


def _pair_sql(release: BaciRelease, a: tuple[int, ...], b: tuple[int, ...],
              years: list[int]) -> str:
    """Rows of a→b and b→a with columns year, i, j, hs6, value_kusd, quantity_t, file."""
    if release.parquet_file is not None:
        # Two conjunctive filters (not one OR) so DuckDB can push each into the Parquet scan
        # and skip row groups by their min/max statistics on the sorted (i, j, year) columns.
        src = f"read_parquet({_sql_str(release.parquet_file)})"
        cols = "year, i, j, hs6, value_kusd, quantity_t, NULL::VARCHAR AS file"
        yrs = _in(years)
        return (f"SELECT {cols} FROM {src} WHERE i IN ({_in(a)}) AND j IN ({_in(b)}) "
                f"AND year IN ({yrs}) UNION ALL "
                f"SELECT {cols} FROM {src} WHERE i IN ({_in(b)}) AND j IN ({_in(a)}) "
                f"AND year IN ({yrs})")
    files = list(release.files_for(years).values())
    return (f"SELECT t AS year, i, j, lpad(trim(k), 6, '0') AS hs6, v AS value_kusd, "
            f"CAST(NULLIF(NULLIF(trim(q), ''), 'NA') AS DECIMAL(18,6)) AS quantity_t, "
            f"filename AS file FROM {_csv_scan(files)} "
            f"WHERE (i IN ({_in(a)}) AND j IN ({_in(b)})) OR (i IN ({_in(b)}) AND j IN ({_in(a)}))")


def _resolve_years(release: BaciRelease, years: Iterable[int] | None) -> list[int]:
    if years is None:
        return list(release.years)
    chosen = sorted({int(y) for y in years})
    if not chosen:
        raise UsageError("years is empty; give at least one year, or None for all years")
    release.files_for(chosen)  # raises for years the release lacks
    return chosen


def pair_flows(release: BaciRelease, a: str, b: str,
               years: Iterable[int] | None = None) -> pd.DataFrame:
    """HS6 flows between two economies in both directions (a→b and b→a), one row per flow.

    Columns: year, exporter, importer (ISO3), hs6 (zero-padded string), hs2, value_kusd,
    value_usd, quantity_t, source. Sorted by year, exporter, importer, hs6.
    """
    a_iso, a_codes = release.codes_for(a)
    b_iso, b_codes = release.codes_for(b)
    if a_iso == b_iso:
        raise UsageError(f"economy and partner are both {a_iso}; give two different economies")
    chosen = _resolve_years(release, years)
    sql = f"""
        SELECT year,
               CASE WHEN i IN ({_in(a_codes)}) THEN '{a_iso}' ELSE '{b_iso}' END AS exporter,
               CASE WHEN j IN ({_in(a_codes)}) THEN '{a_iso}' ELSE '{b_iso}' END AS importer,
               hs6, substr(hs6, 1, 2) AS hs2,
               value_kusd, CAST(value_kusd AS DECIMAL(38, 6)) * 1000 AS value_usd,
               quantity_t, file
        FROM ({_pair_sql(release, a_codes, b_codes, chosen)})
        ORDER BY year, exporter, importer, hs6, value_kusd"""
    with _connect() as con:
        try:
            frame = con.sql(sql).df()
        except duckdb.Error as exc:
            raise BaciError(f"DuckDB could not read the trade files: {str(exc).splitlines()[0]}; "
                            "check that they are BACI CSV files as published",
                            file=release.root) from None
    _check_flows(frame, release, chosen)
    frame["year"] = frame["year"].astype("int64")
    frame["source"] = release.source
    return frame[FLOW_COLUMNS].reset_index(drop=True)


def _check_flows(frame: pd.DataFrame, release: BaciRelease, years: list[int]) -> None:
    """Rows must carry the year of their file and a six-digit product code."""
    wrong_year = frame[~frame["year"].isin(years)]
    if release.parquet_file is None:
        expected = {str(p): y for y, p in release.data_files.items()}
        wrong_year = frame[frame["file"].map(expected) != frame["year"]]
    if len(wrong_year):
        row = wrong_year.iloc[0]
        raise BaciError(f"holds rows with t={row['year']}; a yearly BACI file holds only its own "
                        "year — the file may be renamed or damaged",
                        file=row["file"] or release.root, column="t")
    bad = frame[~frame["hs6"].str.fullmatch(r"\d{6}")]
    if len(bad):
        row = bad.iloc[0]
        raise BaciError(f"product code {row['hs6']!r} is not an HS6 code; expected six digits "
                        "(leading zeros may be missing, e.g. 10121 for 010121)",
                        file=row["file"] or release.root, column="k")


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
    with _connect() as con:
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
                    end_year: int, *, top_n: int = 10) -> dict:
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
    flows = pair_flows(release, economy_iso, partner_iso, years)
    top = top_products(flows, n=top_n, products=release.product_labels())
    exports = (top["exporter"] == economy_iso) if not top.empty else []
    return {
        "economy": economy_iso,
        "partner": partner_iso,
        "years": years,
        "missing_years": [y for y in asked if y not in release.data_files],
        "flows": flows,
        "totals": direction_totals(flows),
        "by_hs2": by_hs2(flows),
        "by_section": by_section(flows),
        "top_exports": top[exports].reset_index(drop=True) if len(top) else top,
        "top_imports": top[~exports].reset_index(drop=True) if len(top) else top,
        "source": release.source,
        "citation": release.citation(),
    }
