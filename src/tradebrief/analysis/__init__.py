"""Pure analysis of a run's frames, no I/O. One home for every computation the brief and claims use.

- `series`: a pair's preferred figure per year, side and flow (mirrored to one view), the spread
  within a cell, one side's figures, line segments that never join two scopes.
- `change`: growth, CAGR, balance and the mirror gap along comparable series (same side, flow, scope).
- `intervals`: figures read by their bound as intervals, and comparisons that decide only when sure.
- `partners`: rank and share among an economy's partners, and the runs of years that state one rank.
- `products`: what is traded, as listed, valued or shared by the product rows (never summed).
- `relations`: agreements, events and rail measures, and the date spans they are filtered by.
- `coverage`: the years each side lacks, in plain sentences.
"""
from tradebrief.analysis.change import (
    MIRROR_REASONS,
    RATE_MEASURES,
    Result,
    balance,
    cagr,
    growth,
    growth_interval,
    growth_vs_printed,
    implied,
    mirror_gap,
    printed_growth,
    printed_rate_check,
    printed_rates,
    scope_break,
)
from tradebrief.analysis.coverage import coverage_gap_reasons, coverage_gaps, statistics_years, year_ranges
from tradebrief.analysis.intervals import LIMIT_BOUNDS, Interval, chain, compare, from_figure
from tradebrief.analysis.partners import (
    partner_standing,
    preferred_standing,
    standing_runs,
    standing_years,
    top_partners,
)
from tradebrief.analysis.products import product_rows
from tradebrief.analysis.relations import (
    agreements_summary,
    events_timeline,
    parse_dates,
    rail_series,
)
from tradebrief.analysis.series import (
    MIRROR_FLOW,
    SCOPE_ORDER,
    comparable_series,
    line_segments,
    pair_rows,
    pair_series,
    preferred_row,
    published,
    scope_of,
    side_figures,
    spread,
    whose_flows,
    wide_table,
)

__all__ = [
    "LIMIT_BOUNDS", "MIRROR_FLOW", "MIRROR_REASONS", "RATE_MEASURES", "SCOPE_ORDER", "Interval", "Result",
    "agreements_summary", "balance", "cagr", "chain", "comparable_series", "compare", "coverage_gap_reasons", "coverage_gaps",
    "events_timeline", "from_figure", "growth", "growth_interval", "growth_vs_printed", "implied", "line_segments", "mirror_gap",
    "pair_rows", "pair_series", "parse_dates", "partner_standing", "preferred_row", "preferred_standing", "printed_growth",
    "printed_rate_check", "printed_rates", "product_rows", "published", "rail_series", "scope_break", "scope_of",
    "side_figures", "spread", "standing_runs", "standing_years", "statistics_years", "top_partners", "whose_flows",
    "wide_table", "year_ranges",
]
