"""A partner's standing among an economy's trade partners: rank and share, preferred figures only."""
from __future__ import annotations

import pandas as pd

from tradebrief.errors import DataError


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
    cols = ["year", "period", "reporter", "flow", "rank", "tied", "share_pct", "scope", "source_id"]
    rows = rows if "scope" in rows else rows.assign(scope="unknown")  # the share's basis: goods, or goods and services
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
