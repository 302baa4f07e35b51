"""Changes along one comparable series: year-on-year growth, CAGR, balance, and the mirror gap.

A change joins only figures of the same side, flow and scope: a change of scope between two years is
a break with a reason, never a growth figure. A bound ("over", "almost") is never used as if it were
an exact figure; `growth_interval` gives what a bound still allows, for claims.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tradebrief.analysis.intervals import (
    LIMIT_BOUNDS,
    Interval,
    from_figure,
    limit_reason,
    rate,
)
from tradebrief.analysis.intervals import growth as interval_growth
from tradebrief.analysis.series import published, scope_of
from tradebrief.errors import UsageError

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


def scope_break(year_a: int, scope_a: str, year_b: int, scope_b: str) -> str | None:
    """'scope changes: 2020 goods, 2021 goods and services' when two figures are not comparable."""
    if scope_a == scope_b:
        return None
    return (f"scope changes: {year_a} {scope_a.replace('_', ' ')}, {year_b} {scope_b.replace('_', ' ')} "
            "(a break in the series, not a change)")


def _pair_reasons(a: pd.Series, b: pd.Series, year_a: int, year_b: int) -> list[str]:
    """Why two figures of one side and flow cannot give a point change (empty when they can)."""
    reasons = [r for r in (scope_break(year_a, scope_of(a), year_b, scope_of(b)),
                           limit_reason(year_a, a["bound"]), limit_reason(year_b, b["bound"])) if r]
    if not reasons and a["value_usd"] <= 0:
        reasons.append(f"{year_a} figure is zero")
    return reasons


def growth(series: pd.DataFrame) -> pd.DataFrame:
    """Year-on-year growth in percent per (reporter, flow); never across a gap, a scope break or a bound.

    One row per published figure. `growth_pct` is NaN with a `reason` ("no figure for 2020",
    "2021 is a lower bound", "scope changes: ...") when the previous year is missing, either figure
    is a bound, or the two figures cover different scopes.
    """
    rows = published(series).sort_values(["reporter", "flow", "year"])
    out = []
    for (reporter, flow), group in rows.groupby(["reporter", "flow"], sort=True):
        by_year = group.set_index("year")
        for year, row in by_year.iterrows():
            prev_year = year - 1
            record = {"year": year, "reporter": reporter, "flow": flow, "scope": scope_of(row),
                      "value_usd": row["value_usd"], "prev_value_usd": np.nan, "growth_pct": np.nan,
                      "reason": "", "source_ids": row["source_id"]}
            if prev_year not in by_year.index:
                record["reason"] = f"no figure for {prev_year}"
            else:
                prev = by_year.loc[prev_year]
                record["prev_value_usd"] = prev["value_usd"]
                record["source_ids"] = f"{prev['source_id']};{row['source_id']}"
                reasons = _pair_reasons(prev, row, prev_year, year)
                if reasons:
                    record["reason"] = "; ".join(reasons)
                else:
                    record["growth_pct"] = rate(prev["value_usd"], row["value_usd"]) * 100.0
            out.append(record)
    columns = ["year", "reporter", "flow", "scope", "value_usd", "prev_value_usd", "growth_pct", "reason",
               "source_ids"]
    return pd.DataFrame(out, columns=columns).sort_values(
        ["reporter", "flow", "year"], ignore_index=True)


def _endpoints(series: pd.DataFrame, reporter: str, flow: str, from_year: int, to_year: int
               ) -> tuple[pd.DataFrame, list[int]]:
    if from_year >= to_year:
        raise UsageError(f"CAGR needs from_year < to_year; got {from_year}..{to_year}")
    rows = published(series)
    rows = rows[(rows["reporter"] == reporter) & (rows["flow"] == flow)].set_index("year")
    return rows, [y for y in (from_year, to_year) if y not in rows.index]


def cagr(series: pd.DataFrame, reporter: str, flow: str, from_year: int, to_year: int) -> Result:
    """Compound annual growth in percent between two years' figures of one side, flow and scope.

    Uses only the two endpoint figures (years between may be missing); None with a reason when an
    endpoint is missing or is a bound, or the endpoints cover different scopes.
    """
    rows, missing = _endpoints(series, reporter, flow, from_year, to_year)
    if missing:
        return Result(None, "; ".join(f"no {reporter}-reported {flow} figure for {y}" for y in missing),
                      tuple(rows.loc[[y for y in (from_year, to_year) if y in rows.index], "source_id"]))
    a, b = rows.loc[from_year], rows.loc[to_year]
    sources = (str(a["source_id"]), str(b["source_id"]))
    reasons = _pair_reasons(a, b, from_year, to_year)
    if reasons:
        return Result(None, "; ".join(reasons), sources)
    return Result(float(rate(a["value_usd"], b["value_usd"], to_year - from_year) * 100.0), None, sources)


def growth_interval(series: pd.DataFrame, reporter: str, flow: str, from_year: int, to_year: int
                    ) -> tuple[Interval | None, str | None, tuple[str, ...]]:
    """What two endpoint figures allow for growth per year (0.33 = +33%), bounds read as intervals.

    (interval, None, sources), or (None, reason, sources) when an endpoint is missing or the two
    cover different scopes. The claims engine decides comparisons with it.
    """
    rows, missing = _endpoints(series, reporter, flow, from_year, to_year)
    if missing:
        return None, "; ".join(f"no full-year {flow} figure for {y}" for y in missing), ()
    a, b = rows.loc[from_year], rows.loc[to_year]
    sources = (str(a["source_id"]), str(b["source_id"]))
    broken = scope_break(from_year, scope_of(a), to_year, scope_of(b))
    if broken:
        return None, broken, sources
    iv = interval_growth(from_figure(float(a["value_usd"]), str(a["bound"])),
                         from_figure(float(b["value_usd"]), str(b["bound"])), to_year - from_year)
    return iv, None, sources


def balance(series: pd.DataFrame) -> pd.DataFrame:
    """Export minus import per reporter and year where both exist (economy's view).

    NaN with a reason when either figure is a bound or the two cover different scopes.
    """
    rows = published(series)
    ex = rows[rows["flow"] == "export"].set_index(["year", "reporter"])
    im = rows[rows["flow"] == "import"].set_index(["year", "reporter"])
    both = ex.join(im, how="inner", suffixes=("_export", "_import")).reset_index()
    out = []
    for _, r in both.iterrows():
        reasons = [f"{flow} {r['year']} is {LIMIT_BOUNDS[r['bound_' + flow]]}"
                   for flow in ("export", "import") if r["bound_" + flow] in LIMIT_BOUNDS]
        if "scope_export" in r and r["scope_export"] != r["scope_import"]:
            reasons.append(f"export is {r['scope_export']}, import {r['scope_import']}")
        out.append({
            "year": int(r["year"]), "reporter": r["reporter"], "export_usd": r["value_usd_export"],
            "import_usd": r["value_usd_import"],
            "balance_usd": np.nan if reasons else r["value_usd_export"] - r["value_usd_import"],
            "reason": "; ".join(reasons),
            "source_ids": f"{r['source_id_export']};{r['source_id_import']}",
        })
    cols = ["year", "reporter", "export_usd", "import_usd", "balance_usd", "reason", "source_ids"]
    return pd.DataFrame(out, columns=cols).sort_values(["reporter", "year"], ignore_index=True)


def _text(value: object) -> str:
    return value if isinstance(value, str) else ""


def mirror_gap(series: pd.DataFrame) -> pd.DataFrame:
    """Per year and flow: the economy's own figure vs the partner's mirrored figure.

    `ratio` = economy / partner and `difference_usd` = economy − partner, NaN with a `reason` when a
    side is missing, either figure is a bound, or the two cover different scopes (a goods figure
    against goods and services is not a mirror). Why the two differ: `MIRROR_REASONS`.
    """
    rows = published(series)
    cols = ["year", "flow", "economy_value_usd", "partner_value_usd", "ratio", "difference_usd",
            "economy_bound", "partner_bound", "economy_scope", "partner_scope", "economy_source_id",
            "partner_source_id", "reason"]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    rows = rows.assign(scope=[scope_of(r) for _, r in rows.iterrows()])
    economy, partner = rows["economy"].iloc[0], rows["partner"].iloc[0]
    own = rows[rows["reporter"] == economy].set_index(["year", "flow"])
    other = rows[rows["reporter"] == partner].set_index(["year", "flow"])
    keep = ["value_usd", "bound", "scope", "source_id"]
    joined = own[keep].join(other[keep], how="outer", suffixes=("_e", "_p"))
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
        se, sp = _text(r["scope_e"]), _text(r["scope_p"])
        if se and sp and se != sp:
            reasons.append(f"{economy} figure is {se.replace('_', ' ')}, {partner} figure "
                           f"{sp.replace('_', ' ')} (not comparable)")
        ok = not reasons and pv > 0
        out.append({
            "year": int(year), "flow": flow, "economy_value_usd": ev, "partner_value_usd": pv,
            "ratio": ev / pv if ok else np.nan, "difference_usd": ev - pv if ok else np.nan,
            "economy_bound": _text(r["bound_e"]), "partner_bound": _text(r["bound_p"]),
            "economy_scope": se, "partner_scope": sp,
            "economy_source_id": _text(r["source_id_e"]), "partner_source_id": _text(r["source_id_p"]),
            "reason": "; ".join(reasons),
        })
    return pd.DataFrame(out, columns=cols)
