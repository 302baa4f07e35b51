"""A pair's trade series: the preferred figure per year, side and flow, mirrored to one view.

Every output row carries the `source_id` it came from, so a number in a chart or a brief can be
traced to `sources.yaml`. Nothing is filled, interpolated or estimated: a missing year stays missing,
and where sides disagree both are kept (`spread`).
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from tradebrief.analysis.intervals import LIMIT_BOUNDS
from tradebrief.data.load import mark_preferred
from tradebrief.errors import UsageError

#: The same trade seen from the other side: A's exports to B are B's imports from A.
MIRROR_FLOW = {"export": "import", "import": "export", "turnover": "turnover"}
_BOUND_WORST = {"exact": 0, "rounded": 1, "approx": 2}
#: One cell of a pair's series: a year's figure of one reporting side and flow (economy's view).
SERIES_CELL = ("year", "reporter", "flow")
#: The order in which a side's series is looked for when a claim names no scope.
SCOPE_ORDER = ("goods", "goods_and_services", "unknown")

# ---------------------------------------------------------------------------------------------
# Pair series


def scope_of(row: pd.Series) -> str:
    """A figure's scope (goods | goods_and_services | unknown); 'unknown' when the frame has none."""
    scope = row.get("scope")
    return scope if isinstance(scope, str) and scope else "unknown"


def check_years(start_year: int | None, end_year: int | None) -> None:
    if start_year is not None and end_year is not None and start_year > end_year:
        raise UsageError(f"start_year {start_year} is after end_year {end_year}; "
                         "give start_year <= end_year")


def _full_year(trade: pd.DataFrame) -> pd.Series:
    return trade["full_year"] if "full_year" in trade else trade["period"] == trade["year"].astype(str)


def pair_rows(trade: pd.DataFrame, economy: str, partner: str, *, full_year: bool = True) -> pd.DataFrame:
    """Rows for the pair (full years only by default), every flow expressed from `economy`'s view.

    Works on any frame with economy, partner, flow, year and period (trade figures, printed changes).
    """
    own = (trade["economy"] == economy) & (trade["partner"] == partner)
    other = (trade["economy"] == partner) & (trade["partner"] == economy)
    keep = own | other
    if full_year:
        keep &= _full_year(trade)
    rows = trade[keep].copy()
    rows["mirrored"] = rows["economy"] == partner
    rows.loc[rows["mirrored"], "flow"] = rows.loc[rows["mirrored"], "flow"].map(MIRROR_FLOW)
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
    check_years(start_year, end_year)
    rows = pair_rows(trade, economy, partner)
    if start_year is not None:
        rows = rows[rows["year"] >= start_year]
    if end_year is not None:
        rows = rows[rows["year"] <= end_year]
    cell = ["year", "reporter", "flow"]
    rows = rows.copy()
    rows["preferred"] = mark_preferred(rows, SERIES_CELL)
    counts = rows.groupby(cell).size().rename("n")
    best = rows[rows["preferred"]].join(counts, on=cell)
    best["alternatives"] = (best["n"] - 1).astype(int)
    best["derived"] = False
    columns = ["year", "economy", "partner", "reporter", "flow", "value_usd", "bound", "scope",
               "reliability", "year_inferred", "mirrored", "derived", "source_id", "alternatives"]
    if "basis" in best:  # what the figure is (statistics, official, media), beside who published it
        columns.insert(columns.index("reliability") + 1, "basis")
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


def published(series: pd.DataFrame) -> pd.DataFrame:
    """The series without derived rows (derived turnover is shown apart, never joined)."""
    return series[~series["derived"]] if "derived" in series else series


def wide_table(series: pd.DataFrame, start_year: int, end_year: int, *,
               include_derived: bool = False) -> pd.DataFrame:
    """Years × (reporter, flow) of values; every year in range is a row and gaps stay NaN.

    Derived turnover, when asked for, is a separate column `turnover (derived)`, never merged.
    """
    check_years(start_year, end_year)
    rows = series if include_derived else published(series)
    rows = rows[(rows["year"] >= start_year) & (rows["year"] <= end_year)].copy()
    if "derived" in rows:
        rows.loc[rows["derived"], "flow"] = rows.loc[rows["derived"], "flow"] + " (derived)"
    table = rows.pivot(index="year", columns=["reporter", "flow"], values="value_usd")
    table = table.reindex(pd.RangeIndex(start_year, end_year + 1, name="year"))
    table = table.sort_index(axis=1)
    table.columns.names = ["reporter", "flow"]
    return table.astype(float)


def spread(trade: pd.DataFrame, economy: str, partner: str) -> pd.DataFrame:
    """Disagreement within a cell: how many figures, min, max, the preferred one, max/min."""
    rows = pair_rows(trade, economy, partner)
    cell = ["year", "reporter", "flow"]
    cols = cell + ["n", "min_usd", "max_usd", "preferred_usd", "max_min_ratio", "bounds", "source_ids",
                   "min_bound", "max_bound", "preferred_bound", "min_scope", "max_scope"]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    rows["preferred"] = mark_preferred(rows, tuple(cell))
    out = []
    for key, group in rows.sort_values("source_id").groupby(cell, sort=True):
        lo, hi = group["value_usd"].min(), group["value_usd"].max()
        # each end keeps its own qualifier: the highest of 2012 is "over $2.9 bn", never "$2.9 bn" (#25.11)
        best = group.loc[group["preferred"]].iloc[0]
        out.append({
            **dict(zip(cell, key, strict=False)), "n": len(group), "min_usd": lo, "max_usd": hi,
            "preferred_usd": best["value_usd"],
            "max_min_ratio": hi / lo if lo > 0 else np.nan,
            "bounds": ";".join(group["bound"]), "source_ids": ";".join(group["source_id"]),
            "min_bound": group.loc[group["value_usd"].idxmin(), "bound"],
            "max_bound": group.loc[group["value_usd"].idxmax(), "bound"], "preferred_bound": best["bound"],
            # and its scope: goods against goods and services is a difference of scope, not a disagreement
            "min_scope": scope_of(group.loc[group["value_usd"].idxmin()]),
            "max_scope": scope_of(group.loc[group["value_usd"].idxmax()]),
        })
    return pd.DataFrame(out, columns=cols)




def side_figures(trade: pd.DataFrame, economy: str, partner: str, flow: str, reporter: str | None = None,
                 *, full_year: bool = True, scope: str | None = None) -> pd.DataFrame:
    """Every figure of one flow (from `economy`'s view), optionally of one reporting side and scope.

    The partner's statements are read as the mirror flow (`mirrored=True`), so China's exports to
    Belarus count as Belarus's imports as China reports them. Rows keep their own `preferred` flag
    per cell; use `preferred_row` to pick within a selection.
    """
    rows = pair_rows(trade, economy, partner, full_year=full_year)
    rows = rows[rows["flow"] == flow]
    if reporter is not None:
        rows = rows[rows["reporter"] == reporter]
    if scope is not None:
        rows = rows[[scope_of(r) == scope for _, r in rows.iterrows()]] if not rows.empty else rows
    return rows


def preferred_row(rows: pd.DataFrame, cell: tuple[str, ...]) -> tuple[pd.Series, pd.DataFrame]:
    """The preferred figure among `rows` of one cell, by the documented rule, and the others."""
    best = rows[mark_preferred(rows, cell)].iloc[0]
    others = rows.drop(index=best.name)
    sort = "value_usd" if "value_usd" in others else "source_id"
    return best, others.sort_values([sort, "source_id"], kind="mergesort")


_FLOW_WORDS = {"export": "export to", "import": "import from", "turnover": "trade with"}


def reported_as(reporter: str, flow: str, economy: str, partner: str) -> str:
    """A pair-table flow in the words of the side whose statistics it is: Belarus's exports as China
    reports them are 'CHN import from BLR', never 'CHN export'."""
    if reporter == partner:
        return f"{partner} {_FLOW_WORDS[MIRROR_FLOW[flow]]} {economy}"
    words = f"{economy} {_FLOW_WORDS[flow]} {partner}"
    return words if reporter == economy else f"{words} (stated by {reporter})"


def whose_flows(table: pd.DataFrame, economy: str, partner: str) -> pd.DataFrame:
    """The table with `reported_as` beside each (reporter, flow) and, for balances, `reporter_balance_usd`:
    the balance with the reporting side's own sign (China's surplus stays a surplus), so a table never
    labels a flow from one side's view with the other side's name (issue 25, item 7)."""
    if table.empty or "reporter" not in table:
        return table
    out = table.copy()
    # a row that names its own view (economy, partner columns) is read in that view
    views = list(zip(out["economy"], out["partner"], strict=True)) if {"economy", "partner"} <= set(out) \
        else [(economy, partner)] * len(out)
    if "flow" in out:
        out["reported_as"] = [reported_as(r, f, e, p) if f in MIRROR_FLOW else ""
                              for r, f, (e, p) in zip(out["reporter"], out["flow"], views, strict=True)]
    if "balance_usd" in out:
        sign = [1.0 if r == e else -1.0 if r == p else float("nan")
                for r, (e, p) in zip(out["reporter"], views, strict=True)]
        out["reporter_balance_usd"] = out["balance_usd"] * sign
    return out


def line_segments(series: pd.DataFrame) -> pd.DataFrame:
    """The series with a `segment` number per (reporter, flow): a new segment at every gap or scope change.

    Charts draw one line per (reporter, flow, segment), so a line never joins two scopes or jumps a gap.
    """
    rows = published(series).sort_values(["reporter", "flow", "year"], kind="mergesort").copy()
    segments = []
    for _, group in rows.groupby(["reporter", "flow"], sort=False):
        seg, prev_year, prev_scope = 0, None, None
        for _, r in group.iterrows():
            scope = scope_of(r)
            if prev_year is not None and (r["year"] != prev_year + 1 or scope != prev_scope):
                seg += 1
            segments.append(seg)
            prev_year, prev_scope = r["year"], scope
    rows["segment"] = segments
    return rows.reset_index(drop=True)


def comparable_series(trade: pd.DataFrame, economy: str, partner: str, reporter: str, flow: str,
                      years: list[int], *, scope: str | None = None) -> tuple[pd.DataFrame, str | None]:
    """One side's preferred full-year figures in one scope that covers every year in `years`.

    With `scope`, only that scope. Without, the scope of the side's preferred figures at the first
    and last year when they agree, else the first of goods, goods and services, unknown that has a
    figure in every year. Returns (series, scope); when no scope covers the years, the side's
    preferred figures as they are and None (growth from them then names the gap or the break).
    """
    rows = side_figures(trade, economy, partner, flow, reporter)
    if rows.empty:
        return rows, scope
    rows = rows.assign(scope=[scope_of(r) for _, r in rows.iterrows()])
    candidates: list[str] = [scope] if scope else []
    if not scope:
        best = rows[mark_preferred(rows, SERIES_CELL)].set_index("year")
        ends = {best.at[y, "scope"] for y in (years[0], years[-1]) if y in best.index}
        candidates = ([ends.pop()] if len(ends) == 1 else []) + list(SCOPE_ORDER)
    for candidate in candidates:
        in_scope = rows[rows["scope"] == candidate]
        if set(years) <= set(in_scope["year"]):
            return _preferred_only(in_scope), candidate
    if scope:
        return _preferred_only(rows[rows["scope"] == scope]), scope
    return _preferred_only(rows), None


def _preferred_only(rows: pd.DataFrame) -> pd.DataFrame:
    out = rows[mark_preferred(rows, SERIES_CELL)].copy()
    out["derived"] = False
    return out.sort_values("year", kind="mergesort")
