"""A partner's standing among an economy's trade partners: rank and share, preferred figures only."""
from __future__ import annotations

import pandas as pd

from tradebrief.data.facts import mark_preferred_standing
from tradebrief.errors import DataError


def _check_shares(frame: pd.DataFrame) -> None:
    bad = frame[frame["share_pct"].notna() & (frame["share_pct"] > 100)]
    if not bad.empty:
        r = bad.iloc[0]
        raise DataError(f"share_pct {r['share_pct']:g} for source {r['source_id']} is above 100; "
                        "a share is a percent between 0 and 100 — fix the partners table",
                        column="share_pct")


def preferred_standing(rows: pd.DataFrame, cell: tuple[str, ...]) -> tuple[pd.Series, pd.DataFrame]:
    """The preferred standing among `rows` of one cell and the others, by the loader's rule
    (`facts.mark_preferred_standing`: a share-backed rank before a bare one), so a claim check and the
    brief read the same figure and a renamed citation id cannot flip the choice."""
    best = rows[mark_preferred_standing(rows, cell)].iloc[0]
    others = rows.drop(index=best.name)
    return best, others.sort_values(["rank", "source_id"], kind="mergesort", na_position="last")


#: A standing's cell as the brief reads it: one period and flow, every reporting side together.
STANDING_CELL = ("period", "flow")


def partner_standing(partners: pd.DataFrame, economy: str, partner: str) -> pd.DataFrame:
    """Per year and period: `partner`'s rank and share among `economy`'s partners (preferred figures).

    Each row also says what every statement of its period and flow says, whichever side made it:
    `ranks` (the distinct ranks stated, e.g. "2;3"), `disputed` (statements differ on the rank) and
    `rank_source_ids` (the citations of every statement), so "every statement", "since" and "has been"
    can be tested against all statements, and a disputed year worded as disputed.
    """
    every = partners[(partners["economy"] == economy) & (partners["partner"] == partner)]
    rows = every[every["preferred"]] if "preferred" in every else every
    _check_shares(rows)
    cols = ["year", "period", "reporter", "flow", "rank", "tied", "share_pct", "scope", "source_id",
            "ranks", "disputed", "rank_source_ids", "nearest_partner", "nearest_gap_pts", "year_inferred"]
    rows = rows if "scope" in rows else rows.assign(scope="unknown")  # the share's basis: goods, or goods and services
    # a year read from wording ("is Belarus's second partner", said in a later year) is marked where it is stated
    rows = rows.assign(year_inferred=rows["year_inferred"].fillna(False).astype(bool)
                       if "year_inferred" in rows else False)
    stated = {}
    for key, group in every[every["rank"].notna()].groupby(list(STANDING_CELL), sort=True):
        ranks = sorted({int(r) for r in group["rank"]})
        ids = sorted(group["source_id"].astype(str))
        stated[key] = (";".join(map(str, ranks)), len(ranks) > 1, ";".join(ids))
    keys = list(zip(rows["period"], rows["flow"], strict=True))
    rows = rows.assign(ranks=[stated.get(k, ("", False, ""))[0] for k in keys],
                       disputed=[stated.get(k, ("", False, ""))[1] for k in keys],
                       rank_source_ids=[stated.get(k, ("", False, ""))[2] for k in keys])
    rows["disputed"] = rows["disputed"].astype(bool)
    nearest = [_nearest(partners, r, economy, partner) for _, r in rows.iterrows()]
    rows = rows.assign(nearest_partner=[n[0] for n in nearest], nearest_gap_pts=[n[1] for n in nearest])
    return rows[cols].sort_values(["year", "period", "reporter", "flow"], ignore_index=True)


def _nearest(partners: pd.DataFrame, row: pd.Series, economy: str, partner: str) -> tuple[str | None, float]:
    """The partner whose share in the same statement is closest to this one's, and the gap in points
    ("Ukraine 7.4%, China 7.3%": 0.1), so a rank that rests on a tenth of a point can say so."""
    if pd.isna(row["share_pct"]):
        return None, float("nan")
    same = partners[(partners["economy"] == economy) & (partners["period"] == row["period"])
                    & (partners["flow"] == row["flow"]) & (partners["source_id"] == row["source_id"])
                    & (partners["partner"] != partner) & partners["share_pct"].notna()]
    if same.empty:
        return None, float("nan")
    gaps = (same["share_pct"].astype(float) - float(row["share_pct"])).abs()
    best = same.loc[gaps.sort_values(kind="mergesort").index[0]]
    return str(best["partner"]), round(float(abs(best["share_pct"] - row["share_pct"])), 6)


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


def _ids(text: object) -> list[str]:
    return [i for i in str(text or "").split(";") if i] if isinstance(text, str) else []


def standing_years(standing: pd.DataFrame, partners: pd.DataFrame | None = None) -> list[dict]:
    """One record per full year of `standing` (rows of `partner_standing`, one flow): the rank the
    preferred statement gives (`rank`), every rank stated (`ranks`), whether statements differ
    (`disputed`), the printed share, the partner closest in share in the same statement with its share
    and the gap in points (`nearest`), the partners ranked ahead in that statement when every rank
    above is held (`ahead`: "after Russia" only where a record says Russia is first), and the
    citations of every statement of the year (`ids`)."""
    out = []
    for year, rows in standing.groupby("year", sort=True):
        rows = rows.assign(_bare=rows["share_pct"].isna()).sort_values(["_bare", "reporter"], kind="mergesort")
        best = rows.iloc[0]  # a share-backed statement before a bare rank (the loader's rule)
        ranks = sorted({int(r) for text in rows["ranks"] for r in str(text).split(";") if r} |
                       {int(r) for r in rows["rank"].dropna()})
        ids = sorted({i for text in rows["rank_source_ids"] for i in _ids(text)} | set(rows["source_id"]))
        inferred = rows["year_inferred"].astype(bool) if "year_inferred" in rows else pd.Series(False, index=rows.index)
        record = {"year": int(year), "rank": int(best["rank"]), "ranks": ranks,
                  "disputed": len(ranks) > 1 or bool(rows["disputed"].any()), "share": None, "nearest": None,
                  "ahead": None, "ids": ids, "inferred": bool(inferred.all())}  # no statement prints the year
        if pd.notna(best["share_pct"]):
            record["share"] = {"pct": float(best["share_pct"]), "scope": str(best.get("scope") or "unknown"),
                               "ids": best["source_id"], "inferred": bool(inferred.loc[best.name])}
        if partners is not None:
            record["nearest"] = _nearest_share(partners, best)
            record["ahead"] = _ahead(partners, best)
        out.append(record)
    return out


def _statement(partners: pd.DataFrame, row: pd.Series) -> pd.DataFrame:
    """The other rows of the statement `row` is part of (same source, period, flow and economy)."""
    economy = row.get("economy", None)
    same = partners[(partners["source_id"] == row["source_id"]) & (partners["period"] == row["period"])
                    & (partners["flow"] == row["flow"])]
    return same[same["economy"] == economy] if economy is not None else same


def _nearest_share(partners: pd.DataFrame, row: pd.Series) -> dict | None:
    name = row.get("nearest_partner")
    if not isinstance(name, str) or not name or pd.isna(row.get("share_pct")):
        return None
    same = _statement(partners, row)
    near = same[(same["partner"] == name) & same["share_pct"].notna()]
    if near.empty:
        return None
    return {"partner": name, "pct": float(near["share_pct"].iloc[0]), "gap": float(row["nearest_gap_pts"])}


def _ahead(partners: pd.DataFrame, row: pd.Series) -> list[str] | None:
    """The partners ranked above in the same statement, in rank order, when ranks 1 … rank−1 are all held."""
    rank = int(row["rank"])
    if rank == 1:
        return []
    same = _statement(partners, row)
    above = same[same["rank"].notna() & (same["rank"].astype(float) < rank)].sort_values("rank")
    if sorted(int(r) for r in above["rank"]) != list(range(1, rank)):
        return None
    return [str(p) for p in above["partner"]]


def standing_runs(years: list[dict]) -> list[dict]:
    """`standing_years` grouped, latest first, into runs of held years that state one undisputed rank
    (a disputed year is a run of its own): the years "in every statement for …" is true of."""
    runs: list[dict] = []
    for record in years:
        last = runs[-1] if runs else None
        if last is not None and not record["disputed"] and not last["disputed"] and last["rank"] == record["rank"]:
            last["years"].append(record["year"])
            last["records"].append(record)
        else:
            runs.append({"rank": record["rank"], "ranks": record["ranks"], "disputed": record["disputed"],
                         "years": [record["year"]], "records": [record]})
    for run in runs:
        run["statements"] = sum(len(r["ids"]) for r in run["records"])
        shares = [r for r in run["records"] if r["share"] is not None]
        run["share"] = {**shares[-1]["share"], "year": shares[-1]["year"]} if shares else None
        run["ids"] = list(dict.fromkeys(run["records"][0]["ids"] + run["records"][-1]["ids"]))  # first, last
        run["consecutive"] = run["years"] == list(range(run["years"][0], run["years"][-1] + 1))
        run["inferred"] = [r["year"] for r in run["records"] if r.get("inferred")]
    return runs[::-1]
