"""Relations beyond trade figures: dated documents, events and rail measures, and their filters.

Dates are kept as given (YYYY, YYYY-MM or YYYY-MM-DD): a date is a span, never a made-up day.
"""
from __future__ import annotations

import numpy as np
import pandas as pd

from tradebrief.analysis.series import check_years
from tradebrief.errors import DataError


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
    check_years(start_year, end_year)
    date, precision = parse_dates(events["date"])
    rows = events.assign(date_text=events["date"], date=date, date_precision=precision)
    rows = rows[(rows["date"].dt.year >= start_year) & (rows["date"].dt.year <= end_year)]
    if categories is not None:
        rows = rows[rows["category"].isin(list(categories))]
    cols = ["date", "date_text", "date_precision", "category", "title", "actors", "source_id"]
    return rows[cols].sort_values(["date", "category", "title", "source_id"], ignore_index=True)
