"""Printed changes (raw/changes.csv) against the published figures: consistency and implied figures.

A source that prints "+33%" next to a figure states a second fact about the series. Two uses:

* `check_changes`: where both ends of a printed change are published figures of the same side, scope
  and flow, does the growth computed from them agree with the printed rate within rounding? A
  disagreement must be recorded with its reason in raw/disagreements.csv (the snapshot test checks).
* `implied_figures`: the figure a printed rate implies at the other end (2021 goods = 2022 goods ÷ 1.13),
  marked implied, with its arithmetic and both citations; never mixed into the published figures.

Pure functions over loaded frames.
"""
from __future__ import annotations

import math

import pandas as pd

from tradebrief.data.facts import IDENTITY_MARGIN, figure_interval, half_unit, scopes_compatible, source_list

SERIES = ("reporter", "economy", "partner", "flow", "scope")

CHECK_COLUMNS = ["period", "base_period", "reporter", "economy", "partner", "flow", "scope", "measure",
                 "value", "value_text", "printed_lo", "printed_hi", "computed_lo", "computed_hi", "end_usd",
                 "base_usd", "status", "change_source_ids", "end_source_ids", "base_source_ids"]
IMPLIED_COLUMNS = ["period", "reporter", "economy", "partner", "flow", "scope", "value_usd", "lo_usd", "hi_usd",
                   "bound", "implied", "from_period", "arithmetic", "published_usd", "source_ids"]


def _decimals(value: float) -> int:
    text = repr(float(value))
    return len(text.split(".")[1].rstrip("0")) if "." in text and "e" not in text else 0


def ratio_interval(measure: str, value: float, bound: str) -> tuple[float, float]:
    """End/base ratio a printed change allows: '+33%' -> [1.325, 1.335], 'over 113%' -> [1.125, inf).

    The printed number allows half a unit of its last decimal; "about/practically" widens that to
    `IDENTITY_MARGIN` of the number; "over" and "almost" open one side.
    """
    tol = 0.5 * 10.0 ** -_decimals(value)
    v_lo, v_hi = value - tol, value + tol
    if bound == "approx":
        v_lo, v_hi = min(v_lo, value - abs(value) * IDENTITY_MARGIN), max(v_hi, value + abs(value) * IDENTITY_MARGIN)
    to_ratio = {"pct_change": lambda v: 1 + v / 100, "pct_of_base": lambda v: v / 100, "times": lambda v: v}
    if measure not in to_ratio:
        raise ValueError(f"no ratio for measure {measure!r}")
    lo, hi = to_ratio[measure](v_lo), to_ratio[measure](v_hi)
    if bound == "lower":
        hi = math.inf
    elif bound == "upper":
        lo = 0.0
    return max(lo, 0.0), hi


def growth_interval(end: tuple[float, float], base: tuple[float, float]) -> tuple[float, float]:
    """End/base ratio two figures allow, from their intervals."""
    lo = end[0] / base[1] if base[1] > 0 and not math.isinf(base[1]) else 0.0
    hi = end[1] / base[0] if base[0] > 0 else math.inf
    return lo, hi


def _interval(row: pd.Series) -> tuple[float, float]:
    """A published figure's interval, to the precision its own words print (`printed_half_unit`): a
    printed rate is checked against what the source printed, not a coarser reading of it (#25.4)."""
    return figure_interval(float(row["value_usd"]), str(row["bound"]), value_text=row.get("value_text"))


class _Series:
    """The trade rows of each (period, series) once: a lookup per change, not a scan of the table."""

    def __init__(self, trade: pd.DataFrame) -> None:
        self.empty = trade.iloc[0:0]
        self.groups = {key: rows for key, rows in trade.groupby(["period", *SERIES], sort=False)}

    def rows(self, change: pd.Series, period: str) -> pd.DataFrame:
        return self.groups.get((period, *(change[col] for col in SERIES)), self.empty)


def _pairs(trade: pd.DataFrame | _Series, change: pd.Series, period: str) -> pd.DataFrame:
    """The published figures of `change`'s series (same side, economy, partner, flow, scope) for `period`."""
    if isinstance(trade, _Series):
        return trade.rows(change, period)
    match = trade["period"] == period
    for col in SERIES:
        match &= trade[col] == change[col]
    return trade[match]


def _compatible_pairs(series: _Series, change: pd.Series) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Figures at both ends whose scope is compatible with the change's (equal, or one unstated: the
    one rule, `facts.scopes_compatible`): a printed "+20.5%" beside a held goods base and an unstated
    end is checked, not passed silently as "no pair" (issue 25, item 4). Pairs of two incompatible
    ends are skipped by the caller."""
    ok = [s for s in ("goods", "goods_and_services", "unknown") if scopes_compatible(s, str(change["scope"]))]
    ends = pd.concat([series.rows(change.where(change.index != "scope", s), change["period"]) for s in ok])
    starts = pd.concat([series.rows(change.where(change.index != "scope", s), change["base_period"]) for s in ok])
    return ends, starts


def check_changes(trade: pd.DataFrame, changes: pd.DataFrame) -> pd.DataFrame:
    """One row per printed change and pair of published figures at its two ends (same side/scope/flow).

    status: `agrees` (computed and printed ratios overlap within rounding), `disagrees`, or `no_pair`
    (an end is not published in the same series: nothing to check).
    """
    out = []
    series = _Series(trade)
    for _, c in changes.iterrows():
        if c["measure"] == "usd_change":
            continue
        printed = ratio_interval(c["measure"], float(c["value"]), c["bound"])
        base = {k: c[k] for k in CHECK_COLUMNS if k in c.index}
        base.update(printed_lo=printed[0], printed_hi=printed[1], change_source_ids=_ids(c))
        ends, starts = _pairs(series, c, c["period"]), _pairs(series, c, c["base_period"])
        if ends.empty or starts.empty:  # no pair in the change's scope: the one rule for same-series pairs
            ends, starts = _compatible_pairs(series, c)  # (facts.scopes_compatible), a scope left unstated
        if ends.empty or starts.empty:
            out.append({**base, "status": "no_pair"})
            continue
        for _, e in ends.iterrows():
            for _, b in starts.iterrows():
                if not scopes_compatible(str(e["scope"]), str(b["scope"])):
                    continue
                computed = growth_interval(_interval(e), _interval(b))
                agrees = computed[0] <= printed[1] and printed[0] <= computed[1]
                out.append({**base, "computed_lo": computed[0], "computed_hi": computed[1],
                            "end_usd": e["value_usd"], "base_usd": b["value_usd"],
                            "status": "agrees" if agrees else "disagrees",
                            "end_source_ids": _ids(e), "base_source_ids": _ids(b)})
    return pd.DataFrame(out, columns=CHECK_COLUMNS)


def unexplained_disagreements(checks: pd.DataFrame, disagreements: pd.DataFrame) -> pd.DataFrame:
    """Disagreeing checks with no recorded reason (raw/disagreements.csv) for that change."""
    key = ["period", "base_period", "reporter", "economy", "partner", "flow"]
    bad = checks[checks["status"] == "disagrees"].copy()
    bad["source_id"] = bad["change_source_ids"].map(lambda s: source_list(s)[0])
    known = set(map(tuple, disagreements[key + ["source_id"]].astype(str).to_numpy()))
    return bad[[tuple(map(str, r)) not in known for r in bad[key + ["source_id"]].to_numpy()]]


def _ids(row: pd.Series) -> str:
    return str(row["source_ids"]) if "source_ids" in row.index and isinstance(row["source_ids"], str) \
        else str(row["source_id"])


def _round_like(value: float, like: float) -> float:
    unit = 2 * half_unit(like)
    return round(value / unit) * unit if unit else value


def implied_figures(trade: pd.DataFrame, changes: pd.DataFrame) -> pd.DataFrame:
    """Figures implied by a printed rate and a published figure at the change's other end.

    `value_usd` is rounded to the published figure's precision; `lo_usd`..`hi_usd` is what both
    roundings allow; `bound` is lower/upper when the rate is a bound ("over 113%" gives an upper bound
    on the base), else approx. `published_usd` lists published figures of the same series and period,
    for comparison only. Every row has `implied` True and cites the figure and the change.
    """
    out = []
    series = _Series(trade)
    for _, c in changes.iterrows():
        if c["measure"] == "usd_change":
            continue
        r_lo, r_hi = ratio_interval(c["measure"], float(c["value"]), c["bound"])
        ratio = float(c["ratio"])
        for target, source, forward in ((c["base_period"], c["period"], False), (c["period"], c["base_period"], True)):
            for _, f in _pairs(series, c, source).iterrows():
                if f["bound"] not in ("exact", "rounded", "approx"):
                    continue
                f_lo, f_hi = _interval(f)
                if forward:
                    value, lo, hi = f["value_usd"] * ratio, f_lo * r_lo, f_hi * r_hi
                    bound = {"lower": "lower", "upper": "upper"}.get(c["bound"], "approx")
                    arithmetic = f"${f['value_usd']:,.0f} × {ratio:g} ({c['value_text']})"
                else:
                    value = f["value_usd"] / ratio
                    lo = f_lo / r_hi if not math.isinf(r_hi) else 0.0
                    hi = f_hi / r_lo if r_lo > 0 else math.inf
                    bound = {"lower": "upper", "upper": "lower"}.get(c["bound"], "approx")
                    arithmetic = f"${f['value_usd']:,.0f} ÷ {ratio:g} ({c['value_text']})"
                published = _pairs(series, c, target)["value_usd"]
                out.append({k: c[k] for k in ("reporter", "economy", "partner", "flow", "scope")} | {
                    "period": target, "value_usd": _round_like(float(value), float(f["value_usd"])),
                    "lo_usd": lo, "hi_usd": hi, "bound": bound, "implied": True, "from_period": source,
                    "arithmetic": arithmetic,
                    "published_usd": ";".join(f"{v:.6g}" for v in sorted(published)),
                    "source_ids": ";".join(dict.fromkeys(source_list(_ids(f)) + source_list(_ids(c))))})
    frame = pd.DataFrame(out, columns=IMPLIED_COLUMNS)
    return frame.sort_values(["reporter", "economy", "partner", "flow", "period", "source_ids"], ignore_index=True)
