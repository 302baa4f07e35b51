"""What the series lacks: years without a figure, figures that are only bounds — as reason codes with
their fields (`coverage_gap_reasons`) and as sentences in the reader's language (`coverage_gaps`)."""
from __future__ import annotations

import pandas as pd

from tradebrief.analysis.intervals import LIMIT_BOUNDS
from tradebrief.analysis.series import check_years, published
from tradebrief.text.said import Said, Word, say, write


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


def coverage_gap_reasons(series: pd.DataFrame, start_year: int, end_year: int, *,
                         reporters: tuple[str, ...] | None = None) -> list[Said]:
    """What each side lacks, as reason codes with their fields: years without a published figure and
    figures that are only bounds. Sides default to the pair's two economies; flows are from the
    economy's view."""
    check_years(start_year, end_year)
    rows = published(series)
    rows = rows[(rows["year"] >= start_year) & (rows["year"] <= end_year)]
    start, end = str(start_year), str(end_year)
    if reporters is None:
        if series.empty:
            return [say("coverage.none_at_all", start=start, end=end)]
        reporters = (series["economy"].iloc[0], series["partner"].iloc[0])
    economy = series["economy"].iloc[0] if not series.empty else "the economy"
    all_years = set(range(start_year, end_year + 1))
    gaps: list[Said] = []
    for reporter in reporters:
        for flow in ("turnover", "export", "import"):
            have = set(rows[(rows["reporter"] == reporter) & (rows["flow"] == flow)]["year"])
            missing = sorted(all_years - have)
            what = (say("coverage.what.turnover") if flow == "turnover"
                    else say("coverage.what.flow", economy=economy, flow=Word("flow_code", flow)))
            if not have:
                gaps.append(say("coverage.no_side_any", reporter=reporter, what=what, start=start, end=end))
            elif missing:
                gaps.append(say("coverage.no_side_years", reporter=reporter, what=what, years=year_ranges(missing)))
        bounded = rows[(rows["reporter"] == reporter) & rows["bound"].isin(list(LIMIT_BOUNDS))]
        for _, r in bounded.sort_values(["flow", "year"]).iterrows():
            gaps.append(say("coverage.only_limit", reporter=reporter, flow=Word("flow_code", r["flow"]),
                            year=str(r["year"]), limit=Word("limit", r["bound"])))
    return gaps


def coverage_gaps(series: pd.DataFrame, start_year: int, end_year: int, *,
                  reporters: tuple[str, ...] | None = None, lang: str = "en") -> list[str]:
    """Plain sentences naming the years each side lacks a published figure, for the brief."""
    return [write(g, lang) for g in coverage_gap_reasons(series, start_year, end_year, reporters=reporters)]


def statistics_years(rows: pd.DataFrame) -> dict:
    """Where a side's figures stop coming from a statistics release, and what the later ones are.

    `release_end`: the last year whose figure cites a statistics release (`reliability`
    official_statistics), when later years follow (else None); `relayed`: the later years whose figure
    is still a statistic (`basis` statistics) that an official or a press item relays, so "after 2022
    only statements, no statistics" is never said of a year that holds China's statistics as a press
    item reports them (issue 25, class 12); `statements`: the other later years.
    """
    years = rows[["year", "reliability"] + (["basis"] if "basis" in rows else [])].copy()
    years["year"] = years["year"].astype(int)
    stats = years[years["reliability"] == "official_statistics"]
    last = int(years["year"].max()) if not years.empty else None
    if stats.empty or int(stats["year"].max()) >= (last or 0):
        return {"release_end": None, "relayed": [], "statements": []}
    end = int(stats["year"].max())
    later = years[years["year"] > end]
    statistic = later["basis"].eq("statistics") if "basis" in later else pd.Series(False, index=later.index)
    relayed = sorted({int(y) for y in later.loc[statistic, "year"]})
    return {"release_end": end, "relayed": relayed,
            "statements": sorted({int(y) for y in later["year"]} - set(relayed))}
