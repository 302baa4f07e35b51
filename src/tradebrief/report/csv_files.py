"""CSV files of the report's tables: one fixed format, so that the same table gives the same bytes.

Kept apart from `charts` so that writing a table never imports Matplotlib (the brief notebook
writes tables only). Text is never a formula: formula-like text cells are neutralised (`tradebrief.neutralise`).
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from tradebrief.neutralise import neutralise_cell

#: Floats as the shortest text that round-trips to 12 significant digits (no `2.832000e+09` noise).
CSV_FLOAT_FORMAT = "%.12g"


def csv_text(table: pd.DataFrame) -> str:
    """The table as CSV text: index as columns, dates as ISO days, rows sorted, `\\n` line ends."""
    frame = table.reset_index() if not isinstance(table.index, pd.RangeIndex) else table.copy()
    if isinstance(frame.columns, pd.MultiIndex):
        frame.columns = [" ".join(str(p) for p in col if str(p)) for col in frame.columns]
    for column in frame.columns:
        if pd.api.types.is_datetime64_any_dtype(frame[column]):
            frame[column] = frame[column].dt.strftime("%Y-%m-%d")
    if len(frame.columns):
        frame = frame.sort_values(list(frame.columns), kind="mergesort", na_position="last",
                                  key=lambda s: s.astype(str) if s.dtype == object else s)
    frame.columns = [neutralise_cell(str(c)) for c in frame.columns]
    for i in range(frame.shape[1]):  # by position: a table may repeat a column name
        column = frame.iloc[:, i]
        if column.dtype == object or pd.api.types.is_string_dtype(column):
            # the whole column replaced (an all-missing string column maps to floats, which pandas
            # refuses to set into a str column in place); missing cells stay missing
            frame.isetitem(i, column.map(neutralise_cell, na_action="ignore"))
    return frame.to_csv(index=False, lineterminator="\n", float_format=CSV_FLOAT_FORMAT)


def write_csv(table: pd.DataFrame, path: Path) -> Path:
    """Write `table` to `path` in the fixed format (creating its folder); return the path."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(csv_text(table).encode("utf-8"))
    return path
