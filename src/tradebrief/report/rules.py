"""The brief's rules: which judgments the pair's data supports, returned as data, never as words.

Each rule reads the report model (`model.ReportModel`: both sides' series and trends, the mirror gap,
partner standing, agreements and rail records) and returns a `Judgment` only when its data exists,
so another pair or year range gets its own judgments. A judgment holds a key (which rule), the
figures as numbers with their bounds, the years, codes and the citation ids; `text.brief` writes
it in the run's language and numbers the citations when the brief is laid out. Nothing here is a
sentence, so nothing here is ever edited into another one.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from tradebrief import analysis
from tradebrief.analysis.relations import text_bound
from tradebrief.report.model import (
    ReportModel,
    Trend,
    largest_event,
    listed_documents,
    publisher_conflicts,
    valued_facts,
)

#: Rail units that are money or shares, not traffic: never a corridor run.
_NOT_TRAFFIC = ("percent", "USD", "bn USD", "bn EUR")


@dataclass(frozen=True)
class Judgment:
    """One finding: which rule chose it (`key`) and its fields (numbers, years, codes, citation ids)."""

    key: str
    fields: dict[str, Any] = field(default_factory=dict)

    def __getitem__(self, name: str) -> Any:
        return self.fields[name]


def fig(row: pd.Series, *, ids: object = None, bound: str | None = None) -> dict:
    """A figure as data: value, bound, year, scope and the ids that cite it."""
    scope = row.get("scope")
    return {"value": float(row["value_usd"]), "bound": bound or str(row["bound"]),
            "year": int(row["year"]) if "year" in row and pd.notna(row["year"]) else None,
            "scope": scope if isinstance(scope, str) else "unknown",
            "ids": ids if ids is not None else row["source_id"]}


# ------------------------------------------------------------------ what the pair has


def coverage(model: ReportModel) -> Judgment:
    """Figures per side and the years they cover; other publishers' too (no numbers to cite)."""
    sides = [{"side": s, "n": len(rows), "years": sorted({int(y) for y in rows["year"]})}
             for s in (model.a, model.b) for rows in [model.side_rows(s)]]
    others = model.others
    return Judgment("coverage", {"sides": sides, "others": {"n": len(others),
                                                            "years": sorted({int(y) for y in others["year"]})}})


# ------------------------------------------------------------------ the rules


def trend(model: ReportModel, side: str) -> Judgment | None:
    """A side's comparable run (level, CAGR), its latest growth (and the printed rate), later figures."""
    t = model.trend(side)
    if t is None:
        return None
    first, last = fig(t.first), fig(t.last)
    fields: dict[str, Any] = {"side": side, "flow": t.flow, "scope": t.scope, "first": first, "last": last,
                              "rising": last["value"] >= first["value"], "ids": [first["ids"], last["ids"]],
                              "cagr": t.cagr, "growth": None, "later": None, "part": None}
    growth = model.trade.tables["growth"]
    own = growth[(growth["reporter"] == side) & (growth["flow"] == t.flow) & growth["growth_pct"].notna()]
    if not own.empty:
        g = own.sort_values("year").iloc[-1]
        fields["growth"] = {"pct": float(g["growth_pct"]), "year": int(g["year"]), "ids": g["source_ids"],
                            "printed": printed_rates(model, side, t.flow, int(g["year"]), str(g["scope"]))}
    y1 = last["year"]
    later = model.side_rows(side, t.flow)
    later = later[later["year"] > y1].sort_values("year")
    if not later.empty:
        end = later.iloc[-1]
        scope = str(end.get("scope") or "unknown")
        same = later[(later["value_usd"] == end["value_usd"]) & (later["bound"] == end["bound"])
                     & (later["scope"].fillna("unknown") == scope)]
        fields["later"] = {**fig(end, ids=sorted(set(same["source_id"]))),
                           "years": sorted({int(y) for y in same["year"]}),
                           "limit": end["bound"] if end["bound"] in analysis.LIMIT_BOUNDS else None,
                           "other_scope": scope if scope != t.scope else None}
    fields["part"] = latest_part_year(model, side, t)
    return Judgment("trend", fields)


def latest_part_year(model: ReportModel, side: str, t: Trend) -> dict | None:
    """The side's latest part-year figure in the trend's flow and scope, after the trend's last year
    (the newest comparable level when full years stop or blur)."""
    part = model.trade.tables["partial_year"]
    part = part[(part["reporter"] == side) & (part["flow"] == t.flow) & (part["year"] > int(t.last["year"]))
                & (part["scope"].fillna("unknown") == t.scope) & part["preferred"].astype(bool)]
    if part.empty:
        return None
    r = part.sort_values(["year", "period"]).iloc[-1]
    return {"value": float(r["value_usd"]), "bound": str(r["bound"]), "period": str(r["period"]),
            "scope": t.scope, "ids": r["source_id"]}


def printed_rates(model: ReportModel, side: str, flow: str, year: int, scope: str) -> list[dict]:
    """Rates the side's sources print for one year's change, beside the computed growth (one per rate)."""
    rates = analysis.printed_rates(model.ctx.changes, model.a, model.b, flow, side, scope=scope)
    out: dict[tuple, dict] = {}
    for _, r in rates[rates["year"] == year].iterrows():
        key = (str(r["measure"]), float(r["value"]), str(r["bound"]))
        out.setdefault(key, {"measure": key[0], "value": key[1], "bound": key[2], "base": year - 1,
                             "ids": r["source_ids"]})
    return list(out.values())


def thin_level(model: ReportModel) -> Judgment | None:
    """For a thin pair, the latest year's figures whoever publishes them (the only level there is)."""
    rows = model.series
    if rows.empty:
        return None
    year = int(rows["year"].max())
    latest = rows[rows["year"] == year].sort_values(["reporter", "flow"])
    groups = [{"reporter": reporter, "figures": [{**fig(r), "flow": r["flow"]} for _, r in group.iterrows()]}
              for reporter, group in latest.groupby("reporter", sort=True)]
    conflicts = [{"flow": s["flow"], "reporter": s["reporter"], "other": str(o["reporter"]),
                  "ratio": float(s["value_usd"]) / float(o["value_usd"])}
                 for s, o in publisher_conflicts(latest, model.a, model.b)]
    others = not latest[~latest["reporter"].isin([model.a, model.b])].empty
    return Judgment("thin_level", {"year": year, "groups": groups, "others": others, "conflicts": conflicts})


def mirror(model: ReportModel) -> Judgment | None:
    """Where both sides publish comparable figures: how far apart they are (the larger side first)."""
    usable = model.mirror
    if usable.empty:
        return None
    lo, hi = float(usable["ratio"].min()), float(usable["ratio"].max())
    # the larger side first, whichever side the brief reads from: "Belarus's totals exceed China's by
    # 14–66%" in both the BLR–CHN and the CHN–BLR brief, not "fall short by 12–40%" in one of them
    flipped = hi <= 1
    first, second = ("partner", "economy") if flipped else ("economy", "partner")
    items = []
    for _, r in usable.iterrows():
        scopes = {str(r.get("economy_scope") or "unknown"), str(r.get("partner_scope") or "unknown")}
        items.append({"year": int(r["year"]),
                      "first": {"value": r[f"{first}_value_usd"], "bound": r[f"{first}_bound"] or "exact"},
                      "second": {"value": r[f"{second}_value_usd"], "bound": r[f"{second}_bound"] or "exact"},
                      "scopes": None if scopes == {"goods"} else ("unknown" if "unknown" in scopes else "differ"),
                      "ids": [r[f"{first}_source_id"], r[f"{second}_source_id"]]})
    subject, other = (model.b, model.a) if flipped else (model.a, model.b)
    return Judgment("mirror", {"subject": subject, "other": other, "items": items,
                               "lo": 1 / hi if flipped else lo, "hi": 1 / lo if flipped else hi,
                               "unstated": any(i["scopes"] for i in items)})


def standing(model: ReportModel) -> Judgment | None:
    """The partner's latest rank among the economy's partners, how long it has held, and before."""
    rows = model.standing
    if rows.empty:
        return None
    latest_year = int(rows["year"].max())
    rank = int(rows[rows["year"] == latest_year]["rank"].min())
    held, before = [], None
    for year in sorted(set(rows["year"]), reverse=True):
        if set(rows[rows["year"] == year]["rank"].astype(int)) == {rank}:
            held.append(int(year))
        else:
            before = int(year)
            break
    used = rows[rows["year"].isin(held)]
    fields: dict[str, Any] = {"economy": model.a, "partner": model.b, "rank": rank, "years": held,
                              "flow": "turnover" if (used["flow"] == "turnover").all() else str(used["flow"].iloc[0]),
                              "ids": [used.iloc[0]["source_id"], used.iloc[-1]["source_id"]],
                              "share": None, "before": None}
    shares = used[used["share_pct"].notna()].sort_values("year")
    if not shares.empty:
        s = shares.iloc[-1]
        fields["share"] = {"pct": float(s["share_pct"]), "scope": str(s.get("scope") or "unknown"),
                           "year": int(s["year"]), "ids": s["source_id"]}
    if before is not None:
        prev = rows[rows["year"] == before].iloc[0]
        fields["before"] = {"rank": int(prev["rank"]), "year": before, "ids": prev["source_id"]}
    return Judgment("standing", fields)


def standing_since(model: ReportModel) -> Judgment | None:
    """The partner's latest rank and the latest unbroken run of years it held it (the bottom line's clause)."""
    rows = model.standing
    if rows.empty:
        return None
    latest = rows.iloc[-1]
    rank = int(latest["rank"])
    years = []
    for year in sorted(set(rows["year"]), reverse=True):
        if set(rows[rows["year"] == year]["rank"].astype(int)) != {rank}:
            break
        years.append(int(year))
    return Judgment("standing_since", {"economy": model.a, "partner": model.b, "rank": rank, "years": years,
                                       "ids": latest["source_id"]})


def agreements(model: ReportModel) -> Judgment | None:
    """The largest batch of documents in the range, what it is worth, counted once, by kind of value."""
    if not model.agreements.tables:
        return None
    event = largest_event(model.agreements.tables["documents"])
    if event.empty:
        return None
    p = model.ctx.params
    package_ids = set(event.loc[event["doc_type"] == "package", "source_id"])
    listed = listed_documents(event)
    parts = listed[listed["part_of"].fillna("").isin(package_ids)]
    worth, estimates = valued_facts(event)
    fields: dict[str, Any] = {"event": str(event["event"].iloc[0]), "start": p.start_year, "end": p.end_year,
                              "listed": len(listed), "parts": None, "worth": None, "estimates": []}
    if not parts.empty:
        fields["parts"] = {"n": len(parts), "all": len(parts) == len(listed), "packages": parts["part_of"].nunique()}
    if not worth.empty:
        w = worth.sort_values(["value_usd", "source_id"], ascending=[False, True]).iloc[0]
        fields["worth"] = {"value": float(w["value_usd"]), "bound": text_bound(str(w["value_text"] or "")),
                           "kind": w["value_kind"], "ids": w["source_id"],
                           "package": str(w["title"]) if w["doc_type"] == "package" else None}
    fields["estimates"] = [{"value": float(e["value_usd"]), "bound": text_bound(str(e["value_text"] or "")),
                            "kind": e["value_kind"], "ids": e["source_id"]} for _, e in estimates.iterrows()]
    return Judgment("agreements", fields)


def corridor(model: ReportModel) -> Judgment | None:
    """Rail: the longest full-year series of one scope and unit, first to last; the latest share."""
    if not model.corridor.tables:
        return None
    rail = model.corridor.tables["all_rows"]
    full = rail[rail["period"] == rail["year"].astype(str)]
    from tradebrief.data.countries import country_name

    names = [country_name(c) for c in model.ctx.pair]  # the rail records name the countries in English
    counts = full.groupby(["scope", "unit"]).size().reset_index(name="n")
    counts = counts[(counts["n"] >= 2) & ~counts["unit"].isin(list(_NOT_TRAFFIC))]
    counts = counts.assign(transit=counts["scope"].str.contains("transit", case=False),
                           named=counts["scope"].map(lambda t: any(n in t for n in names)))
    fields: dict[str, Any] = {"run": None, "share": None}

    def measure(r: pd.Series) -> dict:
        return {"value": r["value"], "unit": r["unit"], "bound": r["bound"], "high": r["value_high"],
                "year": int(r["year"]), "period": str(r["period"]), "ids": r["source_id"]}
    if not counts.empty:
        top = counts.sort_values(["transit", "named", "n", "scope"], ascending=[False, False, False, True]).iloc[0]
        same = full[(full["scope"] == top["scope"]) & (full["unit"] == top["unit"])].sort_values("year")
        fields["run"] = {"scope": str(top["scope"]), "first": measure(same.iloc[0]), "last": measure(same.iloc[-1])}
    shares = rail[(rail["unit"] == "percent") & rail["metric"].str.startswith("Share")]
    if not shares.empty:
        shares = shares.assign(named=shares["metric"].map(lambda t: sum(n in t for n in names)))
        latest = shares.sort_values(["year", "period", "named", "metric"]).iloc[-1]
        fields["share"] = {**measure(latest), "metric": str(latest["metric"])}
    if fields["run"] is None and fields["share"] is None:
        return None
    return Judgment("corridor", fields)


def key_judgments(model: ReportModel, *, limit: int = 6) -> list[Judgment]:
    """4–6 judgments in reading order: each side's trend, the mirror gap, standing, agreements, rail."""
    found: list[Judgment | None] = [thin_level(model)] if model.thin else []
    found += [trend(model, model.a), trend(model, model.b), mirror(model), standing(model), agreements(model),
              corridor(model)]
    return [j for j in found if j is not None][:limit]


# ------------------------------------------------------------------ bottom line, gaps


def change_kind(ratio: float) -> str:
    """How a level changed, as a code the text words: 'doubled', 'tripled', 'fold' or 'pct'."""
    if 1.85 <= ratio < 2.2:
        return "doubled"
    if 2.8 <= ratio < 3.3:
        return "tripled"
    return "fold" if ratio >= 1.5 else "pct"


def bottom_line(model: ReportModel) -> Judgment:
    """The main trend (or that there is none), the other side and the standing, the caveats."""
    a, b = model.a, model.b
    p = model.ctx.params
    if model.thin:
        return Judgment("bottom_thin", {"economy": a, "partner": b, "start": p.start_year, "end": p.end_year,
                                        "n": len(model.series), "years": sorted({int(y) for y in model.series["year"]}),
                                        "no_side": model.sides.empty, "level": thin_level(model)})
    primary = a if model.trend(a) is not None else b
    t = model.trend(primary)
    assert t is not None
    ratio = float(t.last["value_usd"]) / float(t.first["value_usd"])
    fields: dict[str, Any] = {"economy": a, "partner": b, "side": primary, "flow": t.flow, "scope": t.scope,
                              "first": fig(t.first), "last": fig(t.last), "ratio": ratio, "change": change_kind(ratio),
                              "other": None, "standing": standing_since(model), "caveats": caveats(model)}
    other = b if primary == a else a
    ot = model.trend(other)
    if ot is not None:
        fields["other"] = {"side": other, "last": fig(ot.last), "cagr": ot.cagr, "first": fig(ot.first)}
    return Judgment("bottom", fields)


def caveats(model: ReportModel) -> list[dict]:
    """The biggest reasons the figures cannot be read as one series (no figures, so nothing to cite)."""
    out: list[dict] = []
    usable = model.mirror
    if not usable.empty:
        apart = usable["ratio"].map(lambda x: max(x, 1 / x))  # the larger over the smaller, from either side
        worst = usable.loc[apart.idxmax()]
        unstated = "unknown" in (worst["economy_scope"], worst["partner_scope"])
        out.append({"kind": "mirror", "pct": (apart.max() - 1) * 100, "year": int(worst["year"]) if unstated else None})
    for side in (model.a, model.b):
        rows = model.side_rows(side, "turnover").sort_values("year")
        scopes = rows["scope"].fillna("unknown")
        breaks = int((scopes != scopes.shift()).iloc[1:].sum()) if len(rows) > 1 else 0
        if breaks >= 2:
            t = model.trend(side)
            latest_differs = t is not None and str(rows.iloc[-1].get("scope") or "unknown") != t.scope
            out.append({"kind": "mixed_scopes", "side": side, "trend_scope": t.scope if latest_differs else None})
    return out[:2]


def cannot_say(model: ReportModel, *, products: bool = False) -> list[Judgment]:
    """What the data cannot say: missing years, scope breaks, bounds, the end of official statistics."""
    p = model.ctx.params
    span = p.end_year - p.start_year + 1
    lines = []
    explained = False  # what a scope change means is said once, at its first mention
    for side in (model.a, model.b):
        rows = model.side_rows(side)
        years = sorted({int(y) for y in rows["year"]})
        if not years:
            lines.append(Judgment("side_none", {"side": side, "start": p.start_year, "end": p.end_year}))
            continue
        stats = rows[rows["reliability"] == "official_statistics"]
        turnover = rows[rows["flow"] == "turnover"].sort_values("year")
        scopes = turnover["scope"].fillna("unknown")
        changed = [int(y) for y, s, prev in zip(turnover["year"].iloc[1:], scopes.iloc[1:], scopes.iloc[:-1],
                                                strict=True) if s != prev]
        bounded = rows[rows["bound"].isin(list(analysis.LIMIT_BOUNDS))]
        lines.append(Judgment("side_gaps", {
            "side": side, "years": years, "span": span,
            "stats_end": int(stats["year"].max()) if not stats.empty and int(stats["year"].max()) < int(rows["year"].max())
            else None,
            "no_stats": stats.empty, "scope_changes": changed, "explain": bool(changed) and not explained,
            "bounded_years": sorted({int(y) for y in bounded["year"]}),
            "bounds": sorted({b for b in bounded["bound"] if b in analysis.LIMIT_BOUNDS}),
            "one_bound": len(bounded) == 1}))
        explained = explained or bool(changed)
    if model.mirror.empty:
        lines.append(Judgment("no_mirror", {"economy": model.a, "partner": model.b}))
    if not model.others.empty:
        lines.append(Judgment("others_apart", {"n": len(model.others),
                                               "reporters": sorted(set(model.others["reporter"]))}))
    for _, r in model.disagreements.iterrows():
        lo, hi = float(r["printed_lo_pct"]), float(r["printed_hi_pct"])
        lines.append(Judgment("disagreement", {
            "reporter": r["reporter"], "flow": r["flow"], "year": int(r["year"]), "lo": lo, "hi": hi,
            "growth": float(r["growth_pct"]), "reason": " ".join(str(r["reason"] or "").split()),
            "ids": r["source_ids"], "economy": model.a, "partner": model.b}))
    if not products:
        lines.append(Judgment("no_products"))
    if not model.agreements.tables:
        lines.append(Judgment("no_agreements", {"economy": model.a, "partner": model.b}))
    return lines
