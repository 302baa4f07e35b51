"""Changes along one comparable series: year-on-year growth, CAGR, balance, and the mirror gap.

A change joins only figures of the same side, flow and scope: a change of scope between two years is
a break with a reason, never a growth figure. A reason is a code with its fields (`text.said`): the
frames carry it as `reason_code` beside its English words in `reason`, written once by `text`. A bound ("over", "almost") is never used as if it were
an exact figure; `growth_interval` gives what a bound still allows, for claims.
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from tradebrief.analysis.intervals import (
    LIMIT_BOUNDS,
    Interval,
    chain,
    from_figure,
    rate,
)
from tradebrief.analysis.intervals import growth as interval_growth
from tradebrief.analysis.series import MIRROR_FLOW, SCOPE_ORDER, pair_rows, published, scope_of
from tradebrief.data.changes import CHECK_COLUMNS, IMPLIED_COLUMNS, check_changes, implied_figures, ratio_interval
from tradebrief.data.changes import growth_interval as changes_growth_interval
from tradebrief.data.facts import figure_interval
from tradebrief.errors import UsageError
from tradebrief.text.said import Joined, Said, Word, say, write

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
    """A computed number, or None with the reason (a code with its fields) it cannot be computed, and its
    sources."""

    value: float | None
    reason: Said | None = None
    source_ids: tuple[str, ...] = field(default_factory=tuple)


def scope_break(year_a: int, scope_a: str, year_b: int, scope_b: str) -> Said | None:
    """'scope changes: 2020 goods, 2021 goods and services' when two figures are not comparable."""
    if scope_a == scope_b:
        return None
    return say("reason.scope_break", year_a=str(year_a), scope_a=Word("code_raw", "scope", scope_a),
               year_b=str(year_b), scope_b=Word("code_raw", "scope", scope_b))


def _limit(year: object, bound: object) -> Said | None:
    """'2021 is a lower bound' when a figure is only a limit, else None."""
    return say("reason.limit", year=str(year), limit=Word("limit", bound)) if bound in LIMIT_BOUNDS else None


def _pair_reasons(a: pd.Series, b: pd.Series, year_a: int, year_b: int) -> list[Said]:
    """Why two figures of one side and flow cannot give a point change (empty when they can)."""
    reasons = [r for r in (scope_break(year_a, scope_of(a), year_b, scope_of(b)),
                           _limit(year_a, a["bound"]), _limit(year_b, b["bound"])) if r]
    if not reasons and a["value_usd"] <= 0:
        reasons.append(say("reason.zero_base", year=str(year_a)))
    return reasons


def reasons_text(reasons: list[Said]) -> str:
    """The `reason` column: the reasons in English, written once from their codes ('' for none)."""
    return write(Joined(tuple(reasons), "semicolon")) if reasons else ""


def reasons_code(reasons: list[Said]) -> str:
    """The `reason_code` column: the reasons' codes, ';'-joined ('' for none), for tables and filters."""
    return ";".join(r.key.removeprefix("reason.") for r in reasons)


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
                      "reason": "", "reason_code": "", "source_ids": row["source_id"]}
            if prev_year not in by_year.index:
                reasons = [say("reason.no_prior", year=str(prev_year))]
                record["reason"], record["reason_code"] = reasons_text(reasons), reasons_code(reasons)
            else:
                prev = by_year.loc[prev_year]
                record["prev_value_usd"] = prev["value_usd"]
                record["source_ids"] = f"{prev['source_id']};{row['source_id']}"
                reasons = _pair_reasons(prev, row, prev_year, year)
                if reasons:
                    record["reason"], record["reason_code"] = reasons_text(reasons), reasons_code(reasons)
                else:
                    record["growth_pct"] = rate(prev["value_usd"], row["value_usd"]) * 100.0
            out.append(record)
    columns = ["year", "reporter", "flow", "scope", "value_usd", "prev_value_usd", "growth_pct", "reason",
               "reason_code", "source_ids"]
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
        return Result(None, say("reason.list", items=Joined(tuple(
            say("reason.no_side_figure", reporter=reporter, flow=Word("flow_code", flow), year=str(y))
            for y in missing), "semicolon")),
                      tuple(rows.loc[[y for y in (from_year, to_year) if y in rows.index], "source_id"]))
    a, b = rows.loc[from_year], rows.loc[to_year]
    sources = (str(a["source_id"]), str(b["source_id"]))
    reasons = _pair_reasons(a, b, from_year, to_year)
    if reasons:
        return Result(None, say("reason.list", items=Joined(tuple(reasons), "semicolon")), sources)
    return Result(float(rate(a["value_usd"], b["value_usd"], to_year - from_year) * 100.0), None, sources)


def growth_interval(series: pd.DataFrame, reporter: str, flow: str, from_year: int, to_year: int
                    ) -> tuple[Interval | None, Said | None, tuple[str, ...]]:
    """What two endpoint figures allow for growth per year (0.33 = +33%), bounds read as intervals.

    (interval, None, sources), or (None, reason, sources) when an endpoint is missing or the two
    cover different scopes. The claims engine decides comparisons with it.
    """
    rows, missing = _endpoints(series, reporter, flow, from_year, to_year)
    if missing:
        return None, say("reason.list", items=Joined(tuple(
            say("reason.no_full_year", flow=Word("flow_code", flow), year=str(y)) for y in missing), "semicolon")), ()
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
        reasons = [say("reason.flow_limit", flow=Word("flow_code", flow), year=str(r["year"]),
                       limit=Word("limit", r["bound_" + flow]))
                   for flow in ("export", "import") if r["bound_" + flow] in LIMIT_BOUNDS]
        if "scope_export" in r and r["scope_export"] != r["scope_import"]:
            reasons.append(say("reason.flow_scopes", export=Word("code_as_is", "scope", r["scope_export"]),
                               import_=Word("code_as_is", "scope", r["scope_import"])))
        out.append({
            "year": int(r["year"]), "reporter": r["reporter"], "export_usd": r["value_usd_export"],
            "import_usd": r["value_usd_import"],
            "balance_usd": np.nan if reasons else r["value_usd_export"] - r["value_usd_import"],
            "reason": reasons_text(reasons), "reason_code": reasons_code(reasons),
            "source_ids": f"{r['source_id_export']};{r['source_id_import']}",
        })
    cols = ["year", "reporter", "export_usd", "import_usd", "balance_usd", "reason", "reason_code", "source_ids"]
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
            "partner_source_id", "reason", "reason_code"]
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
            reasons.append(say("reason.no_reported", side=economy, year=str(year)))
        if pd.isna(pv):
            reasons.append(say("reason.no_reported", side=partner, year=str(year)))
        for side, bound in ((economy, r["bound_e"]), (partner, r["bound_p"])):
            if isinstance(bound, str) and bound in LIMIT_BOUNDS:
                reasons.append(say("reason.side_limit", side=side, year=str(year), limit=Word("limit", bound)))
        se, sp = _text(r["scope_e"]), _text(r["scope_p"])
        if se and sp and se != sp:
            reasons.append(say("reason.mirror_scopes", economy=economy, partner=partner,
                               economy_scope=Word("code_raw", "scope", se), partner_scope=Word("code_raw", "scope", sp)))
        ok = not reasons and pv > 0
        out.append({
            "year": int(year), "flow": flow, "economy_value_usd": ev, "partner_value_usd": pv,
            "ratio": ev / pv if ok else np.nan, "difference_usd": ev - pv if ok else np.nan,
            "economy_bound": _text(r["bound_e"]), "partner_bound": _text(r["bound_p"]),
            "economy_scope": se, "partner_scope": sp,
            "economy_source_id": _text(r["source_id_e"]), "partner_source_id": _text(r["source_id_p"]),
            "reason": reasons_text(reasons), "reason_code": reasons_code(reasons),
        })
    return pd.DataFrame(out, columns=cols)


# ---------------------------------------------------------------------------------------------
# Printed rates: the growth sources print ("+33%", "113% of 2021"), as evidence beside computed growth

#: Printed changes that are a ratio of end to base (a dollar change needs a base figure to be a rate).
RATE_MEASURES = ("pct_change", "pct_of_base", "times")


def printed_rates(changes: pd.DataFrame, economy: str, partner: str, flow: str, reporter: str | None = None,
                  *, scope: str | None = None) -> pd.DataFrame:
    """Year-on-year rates a side prints for one flow (economy's view): full year over the year before.

    Each row gets `ratio_lo`/`ratio_hi`, the end/base ratio the printed number allows within its
    rounding (or its bound). A partner's rate for the mirror flow counts as that side's.
    """
    cols = ["year", "reporter", "flow", "scope", "measure", "value", "bound", "value_text", "ratio_lo", "ratio_hi",
            "source_id", "source_ids", "stated_economy"]
    if changes is None or changes.empty:
        return pd.DataFrame(columns=cols)
    rows = pair_rows(changes, economy, partner)
    rows = rows[(rows["flow"] == flow) & rows["measure"].isin(RATE_MEASURES)
                & (rows["base_period"] == (rows["year"] - 1).astype(str))]
    if reporter is not None:
        rows = rows[rows["reporter"] == reporter]
    if scope is not None:
        rows = rows[rows["scope"] == scope]
    if rows.empty:
        return pd.DataFrame(columns=cols)
    bounds = [ratio_interval(r["measure"], float(r["value"]), r["bound"]) for _, r in rows.iterrows()]
    rows = rows.assign(ratio_lo=[b[0] for b in bounds], ratio_hi=[b[1] for b in bounds])
    if "source_ids" not in rows:
        rows = rows.assign(source_ids=rows["source_id"])
    return rows[cols].sort_values(["year", "source_id"], kind="mergesort", ignore_index=True)


def printed_growth(rates: pd.DataFrame, from_year: int, to_year: int, *, scope: str | None = None
                   ) -> tuple[Interval | None, pd.DataFrame, Said | None]:
    """Growth per year (0.33 = +33%) over from_year..to_year chained from printed yearly rates of one scope.

    The scope is `scope`, else the first of goods, goods and services, unknown with a printed rate for
    every year: rates of two scopes are never chained. Where a year has several printed rates (two
    publications), the interval is what all of them allow; rates that do not overlap leave it open.
    Returns (interval, rows used, reason when None).
    """
    years = list(range(from_year + 1, to_year + 1))
    rates = rates[rates["year"].isin(years)]
    for candidate in [scope] if scope else list(SCOPE_ORDER):
        used = rates[rates["scope"] == candidate]
        if set(years) <= set(used["year"]):
            break
    else:
        have = tuple(say("reason.year_scope", year=str(int(r["year"])), scope=Word("code_raw", "scope", r["scope"]))
                     for _, r in rates.iterrows())
        return None, rates, say("reason.no_printed_scope", start=str(from_year + 1), end=str(to_year),
                                have=say("reason.printed_have", items=Joined(have, "comma")) if have else "")
    steps = []
    for year in years:
        r = used[used["year"] == year]
        lo, hi = float(r["ratio_lo"].max()), float(r["ratio_hi"].min())
        if lo > hi:
            return None, used, say("reason.printed_disagree", year=str(year))
        steps.append(Interval(lo - 1, hi - 1))
    return chain(steps), used, None


def recorded_reasons(disagreements: pd.DataFrame | None) -> dict[tuple[str, ...], str]:
    """raw/disagreements.csv as {(period, base_period, reporter, economy, flow, source_id): reason}."""
    if disagreements is None or disagreements.empty:
        return {}
    key = ["period", "base_period", "reporter", "economy", "flow", "source_id"]
    return {tuple(map(str, r[key])): str(r["reason"]) for _, r in disagreements.iterrows()}


def printed_rate_check(trade: pd.DataFrame, changes: pd.DataFrame, disagreements: pd.DataFrame | None,
                       economy: str, partner: str) -> pd.DataFrame:
    """Printed rates of the pair against the growth computed from the published figures at both ends.

    One row per printed change and pair of figures of the same side, scope and flow
    (`tradebrief.data.changes.check_changes`), with `status` agrees | disagrees | no_pair and, for a
    disagreement, the recorded `reason` (raw/disagreements.csv) or '' when none is recorded. The
    brief shows every disagreement with its reason.
    """
    if changes is None or changes.empty:
        return pd.DataFrame(columns=[*CHECK_COLUMNS, "reason"])
    pair = ((changes["economy"] == economy) & (changes["partner"] == partner)) | (
        (changes["economy"] == partner) & (changes["partner"] == economy))
    checks = check_changes(trade, changes[pair])
    reasons = recorded_reasons(disagreements)
    checks["reason"] = [
        reasons.get((str(r["period"]), str(r["base_period"]), str(r["reporter"]), str(r["economy"]),
                     str(r["flow"]), str(r["change_source_ids"]).split(";")[0]), "")
        if r["status"] == "disagrees" else "" for _, r in checks.iterrows()]
    return checks.reset_index(drop=True)


def implied(trade: pd.DataFrame, changes: pd.DataFrame, economy: str, partner: str, flow: str,
            reporter: str | None = None) -> pd.DataFrame:
    """Figures implied by a printed rate and a published figure (`tradebrief.data.changes.implied_figures`),
    for one flow of the pair from `economy`'s view. Every row is marked `implied`, carries its
    `arithmetic` and cites both the figure and the rate; it is never joined to the published series.
    """
    if changes is None or changes.empty:
        return pd.DataFrame(columns=[*IMPLIED_COLUMNS, "year"])
    rows = implied_figures(trade, changes)
    rows = rows.assign(year=rows["period"].str[:4].astype(int))
    rows = pair_rows(rows, economy, partner, full_year=False)
    rows = rows[rows["flow"] == flow]
    if reporter is not None:
        rows = rows[rows["reporter"] == reporter]
    return rows.reset_index(drop=True)


GROWTH_CHECK_COLUMNS = ["year", "reporter", "flow", "scope", "growth_pct", "printed", "printed_lo_pct",
                        "printed_hi_pct", "status", "reason", "source_ids"]


def growth_vs_printed(series: pd.DataFrame, changes: pd.DataFrame,
                      disagreements: pd.DataFrame | None = None) -> pd.DataFrame:
    """Each computed year-on-year growth of the series (the brief's) against the rates its side prints.

    One row per growth figure and printed rate of the same year, side, flow and scope. `status` is
    `agrees` when the growth the two figures allow within their rounding overlaps the printed rate
    within its rounding, else `disagrees`, with the `reason` recorded in raw/disagreements.csv ('' if
    none is recorded: the brief must then show the disagreement unexplained).
    """
    computed = growth(series)
    computed = computed[computed["growth_pct"].notna()]
    if computed.empty or changes is None or changes.empty:
        return pd.DataFrame(columns=GROWTH_CHECK_COLUMNS)
    economy, partner = series["economy"].iloc[0], series["partner"].iloc[0]
    reasons = recorded_reasons(disagreements)
    out = []
    for _, g in computed.iterrows():
        rates = printed_rates(changes, economy, partner, g["flow"], g["reporter"], scope=g["scope"])
        rates = rates[rates["year"] == g["year"]]
        end, base = figure_interval(float(g["value_usd"]), "rounded"), figure_interval(float(g["prev_value_usd"]), "rounded")
        lo, hi = changes_growth_interval(end, base)
        for _, r in rates.iterrows():
            agrees = lo <= r["ratio_hi"] and r["ratio_lo"] <= hi
            stated = r["stated_economy"] if "stated_economy" in r else economy
            flow = r["flow"] if stated == economy else MIRROR_FLOW[r["flow"]]
            key = (str(g["year"]), str(g["year"] - 1), str(r["reporter"]), str(stated), flow, str(r["source_id"]))
            out.append({"year": int(g["year"]), "reporter": g["reporter"], "flow": g["flow"], "scope": g["scope"],
                        "growth_pct": float(g["growth_pct"]), "printed": r["value_text"],
                        "printed_lo_pct": (r["ratio_lo"] - 1) * 100, "printed_hi_pct": (r["ratio_hi"] - 1) * 100,
                        "status": "agrees" if agrees else "disagrees",
                        "reason": "" if agrees else reasons.get(key, ""),
                        "source_ids": f"{g['source_ids']};{r['source_ids']}"})
    return pd.DataFrame(out, columns=GROWTH_CHECK_COLUMNS)
