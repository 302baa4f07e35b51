"""Every dataset a run shows is filtered to the run's years (issue 25, item 6), on a sub-range."""
from __future__ import annotations

import pandas as pd

from tradebrief.data.context import RunData
from tradebrief.report.sections import agreements_section, corridor_section, trade_section


def _years(table: pd.DataFrame) -> pd.Series:
    for column in ("year", "date"):
        if column in table and len(table):
            return pd.to_numeric(table[column].astype(str).str[:4], errors="coerce").dropna().astype(int)
    return pd.Series([], dtype=int)


def test_a_sub_range_shows_no_table_row_outside_its_years() -> None:
    ctx = RunData.load("BLR", "CHN", 2015, 2020)
    outside = {}
    shown = 0
    for section in (trade_section(ctx), agreements_section(ctx), corridor_section(ctx)):
        for name, table in section.tables.items():
            years = _years(table)
            shown += len(years)
            bad = sorted(set(years[(years < 2015) | (years > 2020)]))
            if bad:
                outside[f"{section.name}/{name}"] = bad
    assert shown > 0 and outside == {}
    # the snapshot holds rail rows and the 2023 visit outside 2015-2020: the filter is what removes them
    assert (ctx.rail["year"] > 2020).any() and ctx.agreements["date"].str.startswith("2023").any()
