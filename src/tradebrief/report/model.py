"""The report model: everything the brief and the annex say, computed once per run, and no words.

Between analysis and the documents: the pair's series, each side's longest comparable run (its
trend), the partner's standing, the mirror gap, the valued facts of the agreements and the claims
results that apply to the run. Rules (`rules`) read this model and return judgments as data; the
text layer (`text.brief`, `text.annex`) writes them in the run's language. Neither rules nor text
recompute a figure: a trend or a claims check is evaluated here, once, whichever document asks.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import pandas as pd

from tradebrief import analysis
from tradebrief.data.context import ReportContext
from tradebrief.report.sections import Section, agreements_section, corridor_section, trade_section

#: A side has a trend when it holds at least this many comparable figures (same flow and scope, no bound).
MIN_TREND_FIGURES = 2
FLOWS = ("turnover", "export", "import")
#: Rows that describe a batch of documents as a whole (a package, an estimate of its effect) rather
#: than one document: never counted as documents.
SUMMARY_DOC_TYPES = ("package", "estimate")
#: Kinds of value that are a worth of documents (summed once per package); any other kind is an estimate.
WORTH_KINDS = ("contract_value", "credit_envelope", "loan", "")


@dataclass(frozen=True)
class Trend:
    """A side's longest comparable run: first and last figure of one flow and scope, and the CAGR."""

    side: str
    flow: str
    scope: str
    first: pd.Series
    last: pd.Series
    cagr: float | None
    n: int


@dataclass
class ReportModel:
    """The run's data as the documents read it: sections, series and the results derived from them."""

    ctx: ReportContext
    trade: Section
    agreements: Section
    corridor: Section
    a: str = ""
    b: str = ""
    series: pd.DataFrame = field(default_factory=pd.DataFrame)
    _claims: dict = field(default_factory=dict, repr=False)
    _trends: dict = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, ctx: ReportContext) -> ReportModel:
        model = cls(ctx, trade_section(ctx), agreements_section(ctx), corridor_section(ctx))
        model.a, model.b = ctx.pair
        model.series = analysis.published(model.trade.tables["series"])
        return model

    def claims(self, claims_file: str | Path | None):
        """(claims file, results) when the claims file applies to this run, else None; evaluated once
        per claims file, so the brief's one-line table and the annex's evidence read the same results."""
        key = str(claims_file or "")
        if key not in self._claims:
            self._claims[key] = applicable_claims(self.ctx, claims_file)
        return self._claims[key]

    @property
    def sides(self) -> pd.DataFrame:
        """Figures from one of the pair's two sides (their statistics or officials)."""
        return self.series[self.series["reporter"].isin([self.a, self.b])]

    @property
    def others(self) -> pd.DataFrame:
        """Figures from neither side: an aggregator (TDM) or a publisher whose side is not stated."""
        return self.series[~self.series["reporter"].isin([self.a, self.b])]

    def side_rows(self, side: str, flow: str | None = None) -> pd.DataFrame:
        rows = self.series[self.series["reporter"] == side]
        return rows[rows["flow"] == flow] if flow else rows

    def trend(self, side: str) -> Trend | None:
        """The side's longest run of comparable figures (turnover first), or None; computed once."""
        if side not in self._trends:
            self._trends[side] = self._find_trend(side)
        return self._trends[side]

    def _find_trend(self, side: str) -> Trend | None:
        best: Trend | None = None
        for flow in FLOWS:
            rows = self.side_rows(side, flow)
            rows = rows[~rows["bound"].isin(list(analysis.LIMIT_BOUNDS))]
            for scope in analysis.SCOPE_ORDER:
                same = rows[rows["scope"].fillna("unknown") == scope].sort_values("year")
                if len(same) < MIN_TREND_FIGURES:
                    continue
                first, last = same.iloc[0], same.iloc[-1]
                result = analysis.cagr(self.series, side, flow, int(first["year"]), int(last["year"]))
                candidate = Trend(side, flow, scope, first, last, result.value, len(same))
                span = int(last["year"]) - int(first["year"])
                if best is None or span > int(best.last["year"]) - int(best.first["year"]):
                    best = candidate
            if best is not None:
                return best  # turnover before a single flow
        return best

    @property
    def thin(self) -> bool:
        """Neither side has two comparable figures: no trend can be read from the pair's data."""
        return self.trend(self.a) is None and self.trend(self.b) is None

    @cached_property
    def mirror(self) -> pd.DataFrame:
        """The years and flows where both sides publish comparable figures (ratio economy ÷ partner)."""
        gap = self.trade.tables["mirror_gap"]
        return gap[gap["ratio"].notna()].sort_values(["year", "flow"])

    @cached_property
    def standing(self) -> pd.DataFrame:
        """Full-year ranks of the partner among the economy's partners (trade when any, else a flow)."""
        standing = self.trade.tables["partner_standing"]
        rows = standing[(standing["period"] == standing["year"].astype(str)) & standing["rank"].notna()]
        if (rows["flow"] == "turnover").any():
            rows = rows[rows["flow"] == "turnover"]
        return rows.sort_values(["year", "reporter"])

    @cached_property
    def printed_check(self) -> pd.DataFrame:
        """The sources' printed rates against the rates computed from the published figures."""
        return analysis.printed_rate_check(self.ctx.trade, self.ctx.changes, self.ctx.disagreements, self.a, self.b)

    @cached_property
    def disagreements(self) -> pd.DataFrame:
        """Printed growth rates that the published figures do not give (beyond rounding)."""
        if self.sides.empty:
            return pd.DataFrame(columns=["status"])
        checks = analysis.growth_vs_printed(self.sides, self.ctx.changes, self.ctx.disagreements)
        return checks[checks["status"] == "disagrees"].sort_values(["year", "reporter", "flow"])


#: The name the report used before the model had its own module (notebooks and tests may still say it).
PairData = ReportModel


def applicable_claims(ctx: ReportContext, claims_file: str | Path | None):
    """(claims file, results) when the claims file is about the run's pair (`ClaimsFile.applies_to`), else None."""
    from tradebrief import claims as claims_mod

    spec = claims_mod.load_claims(claims_mod.claims_path(claims_file))
    results = claims_mod.evaluate_for_pair(spec, ctx, given=bool(claims_file))
    return None if results is None else (spec, results)


def growth_rows(model: ReportModel) -> pd.DataFrame:
    """Growth along each side's series: the rows with a rate, and the rows where a scope change or a
    bound stops it, with those breaks as data (`breaks`: [(kind, year, value)], kind 'scope' or 'bound')."""
    growth = model.trade.tables["growth"]
    series = model.series.assign(_scope=model.series["scope"].fillna("unknown"))
    by_key = {(r["reporter"], r["flow"], int(r["year"])): r for _, r in series.iterrows()}
    breaks = []
    for _, r in growth.iterrows():
        found: list[tuple] = []
        if pd.isna(r["growth_pct"]):
            year = int(r["year"])
            prev, this = by_key.get((r["reporter"], r["flow"], year - 1)), by_key.get((r["reporter"], r["flow"], year))
            if prev is not None and this is not None:
                if prev["_scope"] != this["_scope"]:
                    found.append(("scope", year - 1, prev["_scope"], year, this["_scope"]))
                found += [("bound", y, row["bound"]) for y, row in ((year - 1, prev), (year, this))
                          if row["bound"] in analysis.LIMIT_BOUNDS]
        breaks.append(found)
    out = growth.assign(breaks=breaks)
    return out[out["growth_pct"].notna() | out["breaks"].map(bool)]


def publisher_conflicts(rows: pd.DataFrame, a: str, b: str, *, threshold: float = 0.25) -> list[tuple]:
    """(side's figure, another publisher's figure) for one year and flow that differ by more than `threshold`.
    Only figures a ratio can compare: no bound (an 'over' figure cannot disagree by a ratio), and the
    same stated scope (two figures that do not say whether services are in are not known to match)."""
    rows = rows[~rows["bound"].isin(list(analysis.LIMIT_BOUNDS))]
    out = []
    for (_year, _flow), group in rows.groupby(["year", "flow"], sort=True):
        sides = group[group["reporter"].isin([a, b])]
        others = group[~group["reporter"].isin([a, b])]
        for _, s in sides.iterrows():
            for _, o in others.iterrows():
                scopes = {analysis.scope_of(s), analysis.scope_of(o)}
                if len(scopes) > 1 or scopes == {"unknown"}:
                    continue
                if o["value_usd"] > 0 and abs(float(s["value_usd"]) / float(o["value_usd"]) - 1) > threshold:
                    out.append((s, o))
    return out


def listed_documents(documents: pd.DataFrame) -> pd.DataFrame:
    """The rows that are single documents, listed by title (not package or estimate summaries)."""
    return documents[~documents["doc_type"].isin(SUMMARY_DOC_TYPES)]


def largest_event(documents: pd.DataFrame) -> pd.DataFrame:
    """The rows of the event with the most documents listed in the range (ties: the later event)."""
    if documents.empty or "event" not in documents:
        return documents.iloc[0:0]
    listed = listed_documents(documents)
    if listed.empty:
        return documents.iloc[0:0]
    counts = listed.groupby("event").agg(n=("title", "size"), last=("date", "max")).reset_index()
    top = counts.sort_values(["n", "last", "event"], ascending=[False, False, True]).iloc[0]["event"]
    return documents[documents["event"] == top]


def valued_facts(documents: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(stated worth of packages/contracts, estimates of another kind): a package counts once.

    A document that is `part_of` a package carries no value of its own; an 'economic effect'
    estimate is a different measure from the worth of contracts and is never summed with it.
    """
    valued = documents[documents["value_usd"].notna()]
    kinds = valued["value_kind"].fillna("")
    return valued[kinds.isin(WORTH_KINDS)], valued[~kinds.isin(WORTH_KINDS)]
