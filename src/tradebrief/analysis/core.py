"""Analysis over the loaders' frames: pair series, growth, CAGR, balance, mirror gaps, shares.

Pure functions, no I/O. Every output row carries the `source_id`(s) it was computed from, so a
number in a chart or a brief can be traced to `sources.yaml`. Nothing is filled, interpolated or
estimated: a missing year stays missing (NaN with a `reason`), a bound ("over", "almost") is never
used as if it were an exact figure in growth or CAGR, and where sides disagree both are kept.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tradebrief.data.load import mark_preferred
from tradebrief.errors import DataError, UsageError

#: Bounds that say a figure is only a limit; growth, CAGR and balances are not computed from them.
LIMIT_BOUNDS = {"lower": "a lower bound", "upper": "an upper bound", "range": "a range"}
_MIRROR_FLOW = {"export": "import", "import": "export", "turnover": "turnover"}
_BOUND_WORST = {"exact": 0, "rounded": 1, "approx": 2}

#: Why one side's statistics rarely equal the other side's mirror figure. Text only, no numbers.
MIRROR_REASONS: dict[str, str] = {
    "valuation": "Exports are valued FOB (at the exporter's border) and imports CIF (including freight "
                 "and insurance), so an importer's figure is usually higher than the exporter's mirror.",
    "timing": "Goods shipped in December may arrive in January: the two sides book them in different "
              "years, and long rail or sea transit widens the gap.",
    "transit_origin": "Importers record the country of origin, exporters the country of final "
                      "destination they know; goods re-exported or routed through third countries "
                      "(Russia, Kazakhstan, the EU) are attributed differently by each side.",
    "confidentiality": "Sides suppress different lines as confidential or stop publishing partner "
                       "detail (Belstat stopped publishing it part-way through the period), so a total "
                       "may omit what the other side counts.",
    "scope": "Some figures cover goods only, others goods and services; officials often quote the "
             "wider total without saying so.",
    "exchange_rate": "Each side converts from its own currency to US dollars at its own rates and "
                     "moments (monthly, annual average), which shifts dollar totals.",
}


@dataclass(frozen=True)
class Result:
    """A computed number, or None with the reason it cannot be computed, and its sources."""

    value: float | None
    reason: str | None = None
    source_ids: tuple[str, ...] = field(default_factory=tuple)


# ---------------------------------------------------------------------------------------------
# Pair series


def _check_years(start_year: int | None, end_year: int | None) -> None:
    if start_year is not None and end_year is not None and start_year > end_year:
        raise UsageError(f"start_year {start_year} is after end_year {end_year}; "
                         "give start_year <= end_year")


def _mirrored_pair_rows(trade: pd.DataFrame, economy: str, partner: str) -> pd.DataFrame:
    """Full-year rows for the pair, every flow expressed from `economy`'s view."""
    own = (trade["economy"] == economy) & (trade["partner"] == partner)
    other = (trade["economy"] == partner) & (trade["partner"] == economy)
    full = trade["full_year"] if "full_year" in trade else trade["period"] == trade["year"].astype(str)
    rows = trade[(own | other) & full].copy()
    rows["mirrored"] = rows["economy"] == partner
    rows.loc[rows["mirrored"], "flow"] = rows.loc[rows["mirrored"], "flow"].map(_MIRROR_FLOW)
    rows["stated_economy"] = rows["economy"]
    rows["economy"] = economy
    rows["partner"] = partner
    rows["year"] = rows["year"].astype(int)
    return rows


def pair_series(trade: pd.DataFrame, economy: str, partner: str, *, start_year: int | None = None,
                end_year: int | None = None, derive_turnover: bool = False) -> pd.DataFrame:
    """Preferred full-year figure per (year, reporter, flow), flows from `economy`'s view.

    A figure stated from the partner's view is mirrored (China's exports to Belarus become Belarus's
    imports as China reports them; `mirrored=True`). The preferred figure is re-chosen per mirrored
    cell by the documented rule, because an UNK source may state the same cell from either side.
    `alternatives` counts the other figures in the cell (see `spread`).

    Turnover is never synthesised silently. With `derive_turnover=True`, a side that has exact or
    approximate export and import but no published turnover gets a row with `derived=True`, value
    export + import and both source ids joined by ';'; sums of bounds are not derived. Default: off.
    """
    _check_years(start_year, end_year)
    rows = _mirrored_pair_rows(trade, economy, partner)
    if start_year is not None:
        rows = rows[rows["year"] >= start_year]
    if end_year is not None:
        rows = rows[rows["year"] <= end_year]
    cell = ["year", "reporter", "flow"]
    rows = rows.copy()
    rows["preferred"] = mark_preferred(rows, tuple(cell))
    counts = rows.groupby(cell).size().rename("n")
    best = rows[rows["preferred"]].join(counts, on=cell)
    best["alternatives"] = (best["n"] - 1).astype(int)
    best["derived"] = False
    columns = ["year", "economy", "partner", "reporter", "flow", "value_usd", "bound", "scope",
               "reliability", "year_inferred", "mirrored", "derived", "source_id", "alternatives"]
    out = best[columns]
    if derive_turnover:
        derived = _derived_turnover(out)
        if not derived.empty:  # concat with an empty frame would turn `derived` into object dtype
            out = pd.concat([out, derived], ignore_index=True)
            out["derived"] = out["derived"].astype(bool)
    return out.sort_values(["year", "reporter", "flow", "derived"], kind="mergesort",
                           ignore_index=True)


def _derived_turnover(series: pd.DataFrame) -> pd.DataFrame:
    """export + import where a side has both (neither a bound) and no published turnover."""
    new = []
    for (year, reporter), group in series.groupby(["year", "reporter"], sort=True):
        flows = group.set_index("flow")
        if "turnover" in flows.index or not {"export", "import"} <= set(flows.index):
            continue
        ex, im = flows.loc["export"], flows.loc["import"]
        if ex["bound"] in LIMIT_BOUNDS or im["bound"] in LIMIT_BOUNDS:
            continue
        bound = max((ex["bound"], im["bound"]), key=lambda b: _BOUND_WORST.get(b, 2))
        new.append({
            "year": year, "economy": ex["economy"], "partner": ex["partner"], "reporter": reporter,
            "flow": "turnover", "value_usd": float(ex["value_usd"]) + float(im["value_usd"]),
            "bound": bound, "scope": ex["scope"] if ex["scope"] == im["scope"] else "unknown",
            "reliability": max((ex["reliability"], im["reliability"])),
            "year_inferred": bool(ex["year_inferred"] or im["year_inferred"]),
            "mirrored": bool(ex["mirrored"] and im["mirrored"]), "derived": True,
            "source_id": f"{ex['source_id']};{im['source_id']}", "alternatives": 0,
        })
    return pd.DataFrame(new, columns=series.columns)


def _published(series: pd.DataFrame) -> pd.DataFrame:
    return series[~series["derived"]] if "derived" in series else series


def wide_table(series: pd.DataFrame, start_year: int, end_year: int, *,
               include_derived: bool = False) -> pd.DataFrame:
    """Years × (reporter, flow) of values; every year in range is a row and gaps stay NaN.

    Derived turnover, when asked for, is a separate column `turnover (derived)`, never merged.
    """
    _check_years(start_year, end_year)
    rows = series if include_derived else _published(series)
    rows = rows[(rows["year"] >= start_year) & (rows["year"] <= end_year)].copy()
    if "derived" in rows:
        rows.loc[rows["derived"], "flow"] = rows.loc[rows["derived"], "flow"] + " (derived)"
    table = rows.pivot(index="year", columns=["reporter", "flow"], values="value_usd")
    table = table.reindex(pd.RangeIndex(start_year, end_year + 1, name="year"))
    table = table.sort_index(axis=1)
    table.columns.names = ["reporter", "flow"]
    return table.astype(float)


# ---------------------------------------------------------------------------------------------
# Growth, CAGR, balance


def _limit_reason(year: int, bound: str) -> str | None:
    return f"{year} is {LIMIT_BOUNDS[bound]}" if bound in LIMIT_BOUNDS else None


def growth(series: pd.DataFrame) -> pd.DataFrame:
    """Year-on-year growth in percent per (reporter, flow); never across a gap or from a bound.

    One row per published figure. `growth_pct` is NaN with a `reason` ("no figure for 2020",
    "2021 is a lower bound") when the previous year is missing or either figure is a bound.
    """
    rows = _published(series).sort_values(["reporter", "flow", "year"])
    out = []
    for (reporter, flow), group in rows.groupby(["reporter", "flow"], sort=True):
        by_year = group.set_index("year")
        for year, row in by_year.iterrows():
            prev_year = year - 1
            record = {"year": year, "reporter": reporter, "flow": flow, "value_usd": row["value_usd"],
                      "prev_value_usd": np.nan, "growth_pct": np.nan, "reason": "",
                      "source_ids": row["source_id"]}
            if prev_year not in by_year.index:
                record["reason"] = f"no figure for {prev_year}"
            else:
                prev = by_year.loc[prev_year]
                record["prev_value_usd"] = prev["value_usd"]
                record["source_ids"] = f"{prev['source_id']};{row['source_id']}"
                reasons = [r for r in (_limit_reason(prev_year, prev["bound"]),
                                       _limit_reason(year, row["bound"])) if r]
                if reasons:
                    record["reason"] = "; ".join(reasons)
                elif prev["value_usd"] <= 0:
                    record["reason"] = f"{prev_year} figure is zero"
                else:
                    record["growth_pct"] = (row["value_usd"] / prev["value_usd"] - 1.0) * 100.0
            out.append(record)
    columns = ["year", "reporter", "flow", "value_usd", "prev_value_usd", "growth_pct", "reason",
               "source_ids"]
    return pd.DataFrame(out, columns=columns).sort_values(
        ["reporter", "flow", "year"], ignore_index=True)


def cagr(series: pd.DataFrame, reporter: str, flow: str, from_year: int, to_year: int) -> Result:
    """Compound annual growth in percent between two years' figures of one side and flow.

    Uses only the two endpoint figures (years between may be missing); None with a reason when an
    endpoint is missing or is a bound.
    """
    if from_year >= to_year:
        raise UsageError(f"CAGR needs from_year < to_year; got {from_year}..{to_year}")
    rows = _published(series)
    rows = rows[(rows["reporter"] == reporter) & (rows["flow"] == flow)].set_index("year")
    missing = [y for y in (from_year, to_year) if y not in rows.index]
    if missing:
        return Result(None, "; ".join(f"no {reporter}-reported {flow} figure for {y}" for y in missing),
                      tuple(rows.loc[[y for y in (from_year, to_year) if y in rows.index], "source_id"]))
    a, b = rows.loc[from_year], rows.loc[to_year]
    sources = (str(a["source_id"]), str(b["source_id"]))
    reasons = [r for r in (_limit_reason(from_year, a["bound"]), _limit_reason(to_year, b["bound"])) if r]
    if reasons:
        return Result(None, "; ".join(reasons), sources)
    if a["value_usd"] <= 0:
        return Result(None, f"{from_year} figure is zero", sources)
    years = to_year - from_year
    value = ((b["value_usd"] / a["value_usd"]) ** (1.0 / years) - 1.0) * 100.0
    return Result(float(value), None, sources)


def balance(series: pd.DataFrame) -> pd.DataFrame:
    """Export minus import per reporter and year where both exist (economy's view).

    NaN with a reason when either figure is a bound.
    """
    rows = _published(series)
    ex = rows[rows["flow"] == "export"].set_index(["year", "reporter"])
    im = rows[rows["flow"] == "import"].set_index(["year", "reporter"])
    both = ex.join(im, how="inner", suffixes=("_export", "_import")).reset_index()
    out = []
    for _, r in both.iterrows():
        reasons = [f"{flow} {r['year']} is {LIMIT_BOUNDS[r['bound_' + flow]]}"
                   for flow in ("export", "import") if r["bound_" + flow] in LIMIT_BOUNDS]
        out.append({
            "year": int(r["year"]), "reporter": r["reporter"], "export_usd": r["value_usd_export"],
            "import_usd": r["value_usd_import"],
            "balance_usd": np.nan if reasons else r["value_usd_export"] - r["value_usd_import"],
            "reason": "; ".join(reasons),
            "source_ids": f"{r['source_id_export']};{r['source_id_import']}",
        })
    cols = ["year", "reporter", "export_usd", "import_usd", "balance_usd", "reason", "source_ids"]
    return pd.DataFrame(out, columns=cols).sort_values(["reporter", "year"], ignore_index=True)


# ---------------------------------------------------------------------------------------------
# Mirror gap and spread


def mirror_gap(series: pd.DataFrame) -> pd.DataFrame:
    """Per year and flow: the economy's own figure vs the partner's mirrored figure.

    `ratio` = economy / partner and `difference_usd` = economy − partner, NaN with a `reason` when a
    side is missing or either figure is a bound. Why the two differ: `MIRROR_REASONS`.
    """
    rows = _published(series)
    cols = ["year", "flow", "economy_value_usd", "partner_value_usd", "ratio", "difference_usd",
            "economy_bound", "partner_bound", "economy_source_id", "partner_source_id", "reason"]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    economy, partner = rows["economy"].iloc[0], rows["partner"].iloc[0]
    own = rows[rows["reporter"] == economy].set_index(["year", "flow"])
    other = rows[rows["reporter"] == partner].set_index(["year", "flow"])
    joined = own[["value_usd", "bound", "source_id"]].join(
        other[["value_usd", "bound", "source_id"]], how="outer", suffixes=("_e", "_p"))
    out = []
    for (year, flow), r in joined.sort_index().iterrows():
        ev, pv = r["value_usd_e"], r["value_usd_p"]
        reasons = []
        if pd.isna(ev):
            reasons.append(f"no {economy}-reported figure for {year}")
        if pd.isna(pv):
            reasons.append(f"no {partner}-reported figure for {year}")
        for side, bound in ((economy, r["bound_e"]), (partner, r["bound_p"])):
            if isinstance(bound, str) and bound in LIMIT_BOUNDS:
                reasons.append(f"{side} {year} is {LIMIT_BOUNDS[bound]}")
        ok = not reasons and pv > 0
        out.append({
            "year": int(year), "flow": flow, "economy_value_usd": ev, "partner_value_usd": pv,
            "ratio": ev / pv if ok else np.nan, "difference_usd": ev - pv if ok else np.nan,
            "economy_bound": r["bound_e"] if isinstance(r["bound_e"], str) else "",
            "partner_bound": r["bound_p"] if isinstance(r["bound_p"], str) else "",
            "economy_source_id": r["source_id_e"] if isinstance(r["source_id_e"], str) else "",
            "partner_source_id": r["source_id_p"] if isinstance(r["source_id_p"], str) else "",
            "reason": "; ".join(reasons),
        })
    return pd.DataFrame(out, columns=cols)


def spread(trade: pd.DataFrame, economy: str, partner: str) -> pd.DataFrame:
    """Disagreement within a cell: how many figures, min, max, the preferred one, max/min."""
    rows = _mirrored_pair_rows(trade, economy, partner)
    cell = ["year", "reporter", "flow"]
    cols = cell + ["n", "min_usd", "max_usd", "preferred_usd", "max_min_ratio", "bounds", "source_ids"]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    rows["preferred"] = mark_preferred(rows, tuple(cell))
    out = []
    for key, group in rows.sort_values("source_id").groupby(cell, sort=True):
        lo, hi = group["value_usd"].min(), group["value_usd"].max()
        out.append({
            **dict(zip(cell, key, strict=False)), "n": len(group), "min_usd": lo, "max_usd": hi,
            "preferred_usd": group.loc[group["preferred"], "value_usd"].iloc[0],
            "max_min_ratio": hi / lo if lo > 0 else np.nan,
            "bounds": ";".join(group["bound"]), "source_ids": ";".join(group["source_id"]),
        })
    return pd.DataFrame(out, columns=cols)


# ---------------------------------------------------------------------------------------------
# Partners


def _check_shares(frame: pd.DataFrame) -> None:
    bad = frame[frame["share_pct"].notna() & (frame["share_pct"] > 100)]
    if not bad.empty:
        r = bad.iloc[0]
        raise DataError(f"share_pct {r['share_pct']:g} for source {r['source_id']} is above 100; "
                        "a share is a percent between 0 and 100 — fix the partners table",
                        column="share_pct")


def partner_standing(partners: pd.DataFrame, economy: str, partner: str) -> pd.DataFrame:
    """Per year and period: `partner`'s rank and share among `economy`'s partners (preferred figures)."""
    rows = partners[(partners["economy"] == economy) & (partners["partner"] == partner)]
    if "preferred" in rows:
        rows = rows[rows["preferred"]]
    _check_shares(rows)
    cols = ["year", "period", "reporter", "flow", "rank", "tied", "share_pct", "source_id"]
    return rows[cols].sort_values(["year", "period", "reporter", "flow"], ignore_index=True)


def top_partners(partners: pd.DataFrame, economy: str, year: int, *,
                 flow: str | None = None) -> pd.DataFrame:
    """`economy`'s partners in a full year, by rank then share (largest first)."""
    rows = partners[(partners["economy"] == economy) & (partners["year"] == year)
                    & (partners["period"] == str(year))]
    if "preferred" in rows:
        rows = rows[rows["preferred"]]
    if flow is not None:
        rows = rows[rows["flow"] == flow]
    _check_shares(rows)
    cols = ["partner", "reporter", "flow", "rank", "tied", "share_pct", "source_id"]
    return rows.assign(_r=rows["rank"].astype("Float64"), _s=-rows["share_pct"]).sort_values(
        ["flow", "_r", "_s", "partner"], na_position="last")[cols].reset_index(drop=True)


# ---------------------------------------------------------------------------------------------
# Dates, agreements, events, rail


def parse_dates(dates: pd.Series) -> tuple[pd.Series, pd.Series]:
    """YYYY / YYYY-MM / YYYY-MM-DD → (first day of that period, precision year|month|day)."""
    text = dates.astype(str)
    precision = text.str.len().map({4: "year", 7: "month", 10: "day"})
    padded = text.where(precision != "year", text + "-01-01")
    padded = padded.where(precision != "month", text + "-01")
    if precision.isna().any():
        bad = text[precision.isna()].iloc[0]
        raise DataError(f"date {bad!r} is not YYYY, YYYY-MM or YYYY-MM-DD", column="date")
    return pd.to_datetime(padded, format="%Y-%m-%d"), precision


def _date_filter(frame: pd.DataFrame, date_from: str | None, date_to: str | None) -> pd.DataFrame:
    start, precision = parse_dates(frame["date"])
    frame = frame.assign(date_start=start, date_precision=precision)
    if date_from is not None:
        frame = frame[frame["date_start"] >= pd.Timestamp(date_from)]
    if date_to is not None:
        frame = frame[frame["date_start"] <= pd.Timestamp(date_to)]
    return frame


def _summarise(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    keyed = frame.assign(**{by: frame[by].fillna("(not stated)")})
    out = []
    for key, g in keyed.groupby(by, sort=True):
        has = g["value_usd"].notna()
        out.append({
            by: key, "n_documents": len(g), "n_with_value": int(has.sum()),
            "n_without_value": int((~has).sum()),
            # Sum of stated values only; NaN (not 0) when no document in the group states one.
            "value_usd_sum": float(g.loc[has, "value_usd"].sum()) if has.any() else np.nan,
            "source_ids": ";".join(sorted(set(g["source_id"]))),
        })
    cols = [by, "n_documents", "n_with_value", "n_without_value", "value_usd_sum", "source_ids"]
    return pd.DataFrame(out, columns=cols).sort_values(
        ["n_documents", by], ascending=[False, True], ignore_index=True)


def agreements_summary(agreements: pd.DataFrame, *, event_contains: str | None = None,
                       date_from: str | None = None, date_to: str | None = None) -> dict[str, pd.DataFrame]:
    """Counts and summed stated values by sector and by doc_type, plus the documents counted.

    Filters: `event_contains` (case-insensitive substring of `event`) and dates compared by the first
    day of the date as given (a '2023-03' document counts from 2023-03-01). Missing values are never
    counted as 0: sums cover stated values only and `n_without_value` says how many lacked one.
    """
    rows = agreements
    if event_contains:
        rows = rows[rows["event"].str.contains(event_contains, case=False, regex=False)]
    rows = _date_filter(rows, date_from, date_to)
    documents = rows.sort_values(["date_start", "title", "source_id"], ignore_index=True)
    return {"by_sector": _summarise(documents, "sector"),
            "by_doc_type": _summarise(documents, "doc_type"),
            "documents": documents}


def rail_series(rail: pd.DataFrame, metric_contains: str, unit: str) -> pd.DataFrame:
    """Rail rows whose metric contains the text (any case) in exactly `unit`, every source kept."""
    rows = rail[rail["metric"].str.contains(metric_contains, case=False, regex=False)
                & (rail["unit"] == unit)]
    cols = ["year", "period", "metric", "value", "value_high", "bound", "unit", "scope", "source_id"]
    out = rows[cols].copy()
    out["full_year"] = out["period"] == out["year"].astype(str)
    return out.sort_values(["metric", "year", "period", "source_id"], ignore_index=True)


def events_timeline(events: pd.DataFrame, start_year: int, end_year: int,
                    categories: list[str] | tuple[str, ...] | None = None) -> pd.DataFrame:
    """Events in the year range (and categories), with a parsed `date` and its `date_precision`."""
    _check_years(start_year, end_year)
    date, precision = parse_dates(events["date"])
    rows = events.assign(date_text=events["date"], date=date, date_precision=precision)
    rows = rows[(rows["date"].dt.year >= start_year) & (rows["date"].dt.year <= end_year)]
    if categories is not None:
        rows = rows[rows["category"].isin(list(categories))]
    cols = ["date", "date_text", "date_precision", "category", "title", "actors", "source_id"]
    return rows[cols].sort_values(["date", "category", "title", "source_id"], ignore_index=True)


# ---------------------------------------------------------------------------------------------
# Coverage


def year_ranges(years: list[int]) -> str:
    parts, run = [], []
    for y in sorted(years):
        if run and y == run[-1] + 1:
            run.append(y)
        else:
            if run:
                parts.append(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}")
            run = [y]
    if run:
        parts.append(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}")
    return ", ".join(parts)


def coverage_gaps(series: pd.DataFrame, start_year: int, end_year: int, *,
                  reporters: tuple[str, ...] | None = None) -> list[str]:
    """Plain sentences naming the years each side lacks a published figure, for the brief.

    Sides default to the pair's two economies; flows are from the economy's view.
    """
    _check_years(start_year, end_year)
    rows = _published(series)
    rows = rows[(rows["year"] >= start_year) & (rows["year"] <= end_year)]
    if reporters is None:
        if series.empty:
            return [f"No trade figure for any year {start_year}–{end_year}."]
        reporters = (series["economy"].iloc[0], series["partner"].iloc[0])
    economy = series["economy"].iloc[0] if not series.empty else "the economy"
    all_years = set(range(start_year, end_year + 1))
    sentences = []
    for reporter in reporters:
        for flow in ("turnover", "export", "import"):
            have = set(rows[(rows["reporter"] == reporter) & (rows["flow"] == flow)]["year"])
            missing = sorted(all_years - have)
            what = "turnover" if flow == "turnover" else f"{economy}'s {flow}s"
            if not have:
                sentences.append(f"No {reporter}-reported figure on {what} for any year "
                                 f"{start_year}–{end_year}.")
            elif missing:
                sentences.append(f"No {reporter}-reported figure on {what} for {year_ranges(missing)}.")
        bounded = rows[(rows["reporter"] == reporter) & rows["bound"].isin(list(LIMIT_BOUNDS))]
        for _, r in bounded.sort_values(["flow", "year"]).iterrows():
            sentences.append(f"The {reporter}-reported {r['flow']} for {r['year']} is only "
                             f"{LIMIT_BOUNDS[r['bound']]}.")
    return sentences


__all__ = [
    "LIMIT_BOUNDS",
    "MIRROR_REASONS",
    "Result",
    "agreements_summary",
    "balance",
    "cagr",
    "coverage_gaps",
    "events_timeline",
    "growth",
    "mirror_gap",
    "pair_series",
    "parse_dates",
    "partner_standing",
    "rail_series",
    "spread",
    "top_partners",
    "wide_table",
    "year_ranges",
]
