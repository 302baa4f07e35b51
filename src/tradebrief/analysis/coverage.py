"""What the series lacks, in plain sentences: years without a figure, figures that are only bounds."""
from __future__ import annotations

import pandas as pd

from tradebrief.analysis.intervals import LIMIT_BOUNDS
from tradebrief.analysis.series import check_years, published


def year_ranges(years: list[int]) -> str:
    """[2019, 2020, 2021, 2023] -> '2019–2021, 2023'."""
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
    check_years(start_year, end_year)
    rows = published(series)
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
