"""Relations beyond trade figures: dated documents, events and rail measures, and their filters.

Dates are kept as given (YYYY, YYYY-MM or YYYY-MM-DD): a date is a span, never a made-up day.
"""
from __future__ import annotations

import calendar
import datetime as dt
import re

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


#: Rows that describe a batch of documents (a package, an estimate of its effect), not one document:
#: never counted as documents, and their values never summed with documents' (data/README.md).
SUMMARY_DOC_TYPES = ("package", "estimate")


def countable(frame: pd.DataFrame) -> pd.Series:
    """Which rows count as one record: for agreements a document, not a package or an estimate
    describing a batch of documents; every other row counts."""
    if "doc_type" not in frame:
        return pd.Series(True, index=frame.index)
    return ~frame["doc_type"].isin(SUMMARY_DOC_TYPES)


def _summarise(frame: pd.DataFrame, by: str) -> pd.DataFrame:
    """Per group: documents counted (packages and estimates are not documents) and the stated values
    summed only when they are of one kind (`value_kind`); a group mixing kinds gets no sum and lists
    its kinds, so a contract's worth is never added to a loan (issue 25, item 5)."""
    docs = frame[countable(frame)]
    keyed = docs.assign(**{by: docs[by].fillna("(not stated)")})
    out = []
    for key, g in keyed.groupby(by, sort=True):
        has = g["value_usd"].notna()
        kinds = sorted(set(g.loc[has, "value_kind"].fillna("(kind not stated)"))) if "value_kind" in g else []
        out.append({
            by: key, "n_documents": len(g), "n_with_value": int(has.sum()),
            "n_without_value": int((~has).sum()),
            # Sum of stated values of one kind only; NaN (not 0) when none is stated or kinds differ.
            "value_usd_sum": float(g.loc[has, "value_usd"].sum()) if has.any() and len(kinds) <= 1 else np.nan,
            "value_kinds": ";".join(kinds),
            "source_ids": ";".join(sorted(set(g["source_id"]))),
        })
    cols = [by, "n_documents", "n_with_value", "n_without_value", "value_usd_sum", "value_kinds", "source_ids"]
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


# ---------------------------------------------------------------------------------------------
# Date spans and record filters (claims about events, agreements and labels)


def date_span(text: object) -> tuple[dt.date, dt.date] | None:
    """'2023' -> (2023-01-01, 2023-12-31), '2023-03' -> the month, a day -> that day; None if no date."""
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", str(text))
    if not m:
        return None
    year = int(m.group(1))
    if m.group(3):
        day = dt.date(year, int(m.group(2)), int(m.group(3)))
        return day, day
    if m.group(2):
        month = int(m.group(2))
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def contains_all(series: pd.Series, needles: list[str]) -> pd.Series:
    """Rows whose text holds every needle (case-insensitive substrings)."""
    mask = pd.Series(True, index=series.index)
    text = series.fillna("").astype(str).str.lower()
    for needle in needles:
        mask &= text.str.contains(needle.lower(), regex=False)
    return mask


#: Record filters: keyword -> the column whose text must contain every given needle.
TEXT_FILTERS = {"title_contains": "title", "event_contains": "event", "actors_contains": "actors",
                "sector_contains": "sector"}


def filter_records(frame: pd.DataFrame, *, category: str | None = None,
                   between: tuple[str, str] | None = None, known_by: str | None = None,
                   exclude_sources: list[str] | None = None, **texts: list[str]) -> pd.DataFrame:
    """Events/agreements rows matching text filters, a category, a date span, and known by a date.

    `between` keeps rows whose whole date span lies inside it; `known_by` drops rows that began after
    that date (a text cannot know them); `exclude_sources` drops rows cited to those ids. Sorted by
    date, source_id, title.
    """
    mask = pd.Series(True, index=frame.index)
    for key, needles in texts.items():
        if needles:
            column = TEXT_FILTERS[key]
            if column not in frame:
                return frame.iloc[0:0]
            mask &= contains_all(frame[column], needles)
    if category:
        if "category" not in frame:
            return frame.iloc[0:0]
        mask &= frame["category"] == category
    spans = frame["date"].map(date_span) if "date" in frame else None
    if between:
        lo, hi = date_span(between[0])[0], date_span(between[1])[1]
        mask &= spans.map(lambda r: r is not None and r[0] >= lo and r[1] <= hi)
    if known_by:
        cutoff = date_span(known_by)[1]
        mask &= spans.map(lambda r: r is None or r[0] <= cutoff)
    if exclude_sources:
        mask &= ~frame["source_id"].isin(list(exclude_sources))
    out = frame[mask]
    sort = [c for c in ("date", "source_id", "title") if c in out]
    return out.sort_values(sort, kind="mergesort")


_LOWER_WORDS = re.compile(r"more than|\bover\b|exceed|above|at least|более|свыше|больше|превыш|más de|über|>", re.IGNORECASE)
_UPPER_WORDS = re.compile(r"almost|nearly|up to|less than|under|почти|до \$|<", re.IGNORECASE)
_APPROX_WORDS = re.compile(r"about|around|approx|~|около|порядка|примерно|etwa", re.IGNORECASE)


def text_bound(value_text: str) -> str:
    """How a stated value reads when the table has no `bound` column (agreements).

    Only the words just before the first figure count ("more than $3.5bn" is a lower bound;
    "almost four dozen agreements ... worth $3.5bn" is not), so a count elsewhere in the
    wording does not bend the value.
    """
    m = re.search(r"[$€¥]|\d", value_text)
    before = value_text[max(0, m.start() - 16):m.start()] if m else value_text
    if _LOWER_WORDS.search(before):
        return "lower"
    if _UPPER_WORDS.search(before):
        return "upper"
    if _APPROX_WORDS.search(before):
        return "approx"
    return "exact"
