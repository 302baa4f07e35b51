"""The brief's bottom line and key judgments, chosen and worded by rules from the run's data.

Each rule looks at what the pair's data holds (both sides' series, the mirror gap, partner
standing, the agreements and rail records) and returns a sentence only when its data exists, so
another pair or year range gets its own judgments. Numbers come from `analysis` (comparability,
growth, CAGR, mirror ratios); this module only selects and words them, and every figure it prints
carries its citation. A pair too thin for a trend says so, and names the command that would fill it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tradebrief import analysis
from tradebrief.analysis.relations import text_bound
from tradebrief.data.context import ReportContext
from tradebrief.data.countries import country_name
from tradebrief.report.citations import Citations
from tradebrief.report.sections import Section, agreements_section, corridor_section, trade_section
from tradebrief.text.markup import Md, md, md_join
from tradebrief.text.words import (
    FILL_COMMANDS,
    OTHER_NAMES,
    VALUE_KIND_WORDS,
    code_words,
    join_words,
    mirror_why,
    ordinal_partner,
    period_text,
    possessive,
    printed_rate,
    quantity,
    scope_text,
    shorten,
    side_flow,
    usd,
    whose_figures,
)
from tradebrief.text.words import pct as pct_text

#: A side has a trend when it holds at least this many comparable figures (same flow and scope, no bound).
MIN_TREND_FIGURES = 2
FLOWS = ("turnover", "export", "import")


@dataclass(frozen=True)
class Judgment:
    """One key judgment: which rule chose it, and its sentence (our Markdown, citations included)."""

    key: str
    text: Md


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
class PairData:
    """Everything the brief and the annex read, computed once from the run's data."""

    ctx: ReportContext
    trade: Section
    agreements: Section
    corridor: Section
    a: str = ""
    b: str = ""
    series: pd.DataFrame = field(default_factory=pd.DataFrame)
    _claims: dict = field(default_factory=dict, repr=False)

    @classmethod
    def build(cls, ctx: ReportContext) -> PairData:
        data = cls(ctx, trade_section(ctx), agreements_section(ctx), corridor_section(ctx))
        data.a, data.b = ctx.pair
        data.series = analysis.published(data.trade.tables["series"])
        return data

    def claims(self, claims_file: str | Path | None):
        """The claims check that applies to this run (`annex.applicable_claims`), evaluated once per
        claims file: the brief's one-line table and the annex's evidence read the same results."""
        key = str(claims_file or "")
        if key not in self._claims:
            from tradebrief.report.annex import applicable_claims

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
        """The side's longest run of comparable figures (turnover first), or None when it has none."""
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


# ------------------------------------------------------------------ small wording helpers


def cite_md(cite: Citations, ids: object) -> Md:
    """A citation as our Markdown (superscript links); '' for none."""
    if ids is None or (isinstance(ids, float) and pd.isna(ids)):
        return Md("")
    return Md(cite.cite(ids))


def figure(row: pd.Series, cite: Citations, *, scope: bool = False) -> Md:
    """'$5.79 bn¹' or 'over $8.00 bn (scope not stated)²': a value with its qualifier and source."""
    words = usd(row["value_usd"], row["bound"])
    if scope:
        words += f" ({scope_text(row.get('scope'))})"
    return md("{}", words) + cite_md(cite, row["source_id"])


def _its(flow: str, side: str) -> str:
    """"Belarus's trade with China" → "its trade with China" after "Belarus's figures put …"."""
    own = possessive(side)
    return "its" + flow[len(own):] if flow.startswith(own + " ") else flow


def scope_words(scope: str) -> str:
    """'goods', 'goods-and-services', 'unstated-scope' as an adjective before 'figures'."""
    return {"goods": "goods", "goods_and_services": "goods-and-services"}.get(scope, "unstated-scope")


def _years_text(years: list[int]) -> str:
    return analysis.year_ranges(sorted(set(years))) if years else "no year"


# ------------------------------------------------------------------ what the pair has


def coverage_line(data: PairData) -> Md:
    """How much data the pair has: figures per side and the years they cover (no numbers to cite)."""
    parts = []
    for side in (data.a, data.b):
        rows = data.side_rows(side)
        if rows.empty:
            parts.append(md("{} side: no full-year figure", possessive(side)))
        else:
            parts.append(md("{} side: {} full-year figure{} for {}", possessive(side), len(rows),
                            "" if len(rows) == 1 else "s",
                            _years_text(list(rows["year"]))))
    others = data.others
    if not others.empty:
        parts.append(md("other publishers: {} for {}", len(others), _years_text(list(others["year"]))))
    return md_join(parts, "; ")


# ------------------------------------------------------------------ the rules


def trend_judgment(data: PairData, side: str, cite: Citations) -> Judgment | None:
    """A side's comparable run (level, CAGR), its latest growth (and the printed rate), later figures."""
    t = data.trend(side)
    if t is None:
        return None
    flow = _its(side_flow(side, t.flow, data.a, data.b), side)
    y0, y1 = int(t.first["year"]), int(t.last["year"])
    text = md("{} {} figures put {} at {} in {}, up from {} in {}", possessive(side), scope_words(t.scope), flow,
              usd(t.last["value_usd"], t.last["bound"]), y1, usd(t.first["value_usd"], t.first["bound"]), y0) \
        if t.last["value_usd"] >= t.first["value_usd"] else \
        md("{} {} figures put {} at {} in {}, down from {} in {}", possessive(side), scope_words(t.scope), flow,
           usd(t.last["value_usd"], t.last["bound"]), y1, usd(t.first["value_usd"], t.first["bound"]), y0)
    text += cite_md(cite, [t.first["source_id"], t.last["source_id"]])
    if t.cagr is not None:
        text += md(" ({} a year)", pct_text(t.cagr))
    growth = data.trade.tables["growth"]
    own = growth[(growth["reporter"] == side) & (growth["flow"] == t.flow) & growth["growth_pct"].notna()]
    if not own.empty:
        g = own.sort_values("year").iloc[-1]
        text += md("; {} in {} alone", pct_text(g["growth_pct"]), int(g["year"])) + cite_md(cite, g["source_ids"])
        printed = printed_for(data, side, t.flow, int(g["year"]), str(g["scope"]))
        if not printed.empty:
            text += Md(" (printed: ") + md_join([md("{}", p["printed_text"]) + cite_md(cite, p["source_ids"])
                                                  for _, p in printed.iterrows()], ", ") + Md(")")
    later = data.side_rows(side, t.flow)
    later = later[later["year"] > y1].sort_values("year")
    if not later.empty:
        last = later.iloc[-1]
        same = later[(later["value_usd"] == last["value_usd"]) & (later["bound"] == last["bound"])
                     & (later["scope"].fillna("unknown") == str(last.get("scope") or "unknown"))]
        kind = []
        if last["bound"] in analysis.LIMIT_BOUNDS:
            kind.append(f"only {analysis.LIMIT_BOUNDS[last['bound']]}")
        if str(last.get("scope") or "unknown") != t.scope:
            kind.append(scope_text(last.get("scope")))
        text += md("; later: {} for {}", usd(last["value_usd"], last["bound"]), _years_text(list(same["year"])))
        text += cite_md(cite, sorted(set(same["source_id"])))
        if kind:
            text += md(" ({})", ", ".join(kind))
    text += _latest_part_year(data, side, t, cite)
    return Judgment(f"trend-{side}", text + Md("."))


def _latest_part_year(data: PairData, side: str, t, cite: Citations) -> Md:
    """"; $8.90 bn in Jan–Nov 2025 alone": the side's latest part-year figure in the trend's flow and
    scope, after the trend's last year (the newest comparable level when full years stop or blur)."""
    part = data.trade.tables["partial_year"]
    part = part[(part["reporter"] == side) & (part["flow"] == t.flow) & (part["year"] > int(t.last["year"]))
                & (part["scope"].fillna("unknown") == t.scope) & part["preferred"].astype(bool)]
    if part.empty:
        return Md("")
    r = part.sort_values(["year", "period"]).iloc[-1]
    return md("; in {}, {} in {} alone", scope_text(t.scope), usd(r["value_usd"], r["bound"]),
              period_text(r["period"])) + cite_md(cite, r["source_id"])


def printed_for(data: PairData, side: str, flow: str, year: int, scope: str) -> pd.DataFrame:
    """Rates the side's sources print for one year's change, beside the computed growth."""
    rates = analysis.printed_rates(data.ctx.changes, data.a, data.b, flow, side, scope=scope)
    rates = rates[rates["year"] == year]
    out = [{"printed_text": printed_rate(r["measure"], float(r["value"]), str(r["bound"]), str(year - 1)),
            "source_ids": r["source_ids"]} for _, r in rates.iterrows()]
    return pd.DataFrame(out, columns=["printed_text", "source_ids"]).drop_duplicates("printed_text")


def thin_level_judgment(data: PairData, cite: Citations) -> Judgment | None:
    """For a thin pair, the latest year's figures whoever publishes them (the only level there is)."""
    rows = data.series
    if rows.empty:
        return None
    year = int(rows["year"].max())
    latest = rows[rows["year"] == year].sort_values(["reporter", "flow"])
    parts = []
    for reporter, group in latest.groupby("reporter", sort=True):
        flows = [md("{} at {}", side_flow(reporter if reporter in (data.a, data.b) else data.a, r["flow"],
                                          data.a, data.b), usd(r["value_usd"], r["bound"])) + cite_md(cite, r["source_id"])
                 for _, r in group.iterrows()]
        parts.append(md("{} put ", whose_figures(reporter)) + md_join(flows, ", "))
    text = md("In {}, ", year) + md_join(parts, "; ")
    others = latest[~latest["reporter"].isin([data.a, data.b])]
    if not others.empty:
        text += Md(", figures that are neither side's own statistics")
    for side_row, other_row in publisher_conflicts(latest, data.a, data.b):
        ratio = float(side_row["value_usd"]) / float(other_row["value_usd"])
        text += md("; for {}, {} own figure is {} that of {}", side_flow(data.a, side_row["flow"], data.a, data.b),
                   possessive(side_row["reporter"]),
                   f"{ratio:.1f} times" if ratio >= 1.5 or ratio <= 1 / 1.5 else f"{(ratio - 1) * 100:+.0f}% against",
                   OTHER_NAMES.get(str(other_row["reporter"]), country_name(str(other_row["reporter"]))))
    return Judgment("latest-level", text + Md("."))


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


def mirror_judgment(data: PairData, cite: Citations) -> Judgment | None:
    """Where both sides publish comparable figures: how far apart they are, and why they differ."""
    gap = data.trade.tables["mirror_gap"]
    usable = gap[gap["ratio"].notna()].sort_values(["year", "flow"])
    if usable.empty:
        return None
    lo, hi = float(usable["ratio"].min()), float(usable["ratio"].max())
    # the larger side first, whichever side the brief reads from: "Belarus's totals exceed China's by
    # 14–66%" in both the BLR–CHN and the CHN–BLR brief, not "fall short by 12–40%" in one of them
    flipped = hi <= 1
    first, second = ("partner", "economy") if flipped else ("economy", "partner")
    items = []
    unstated = False
    for _, r in usable.iterrows():
        scopes = {str(r.get("economy_scope") or "unknown"), str(r.get("partner_scope") or "unknown")}
        note = "" if scopes == {"goods"} else f", {scope_text('unknown') if 'unknown' in scopes else 'scopes differ'}"
        unstated |= bool(note)
        items.append(md("{}: {} against {}{}", int(r["year"]), usd(r[f"{first}_value_usd"], r[f"{first}_bound"] or "exact"),
                        usd(r[f"{second}_value_usd"], r[f"{second}_bound"] or "exact"), note)
                     + cite_md(cite, [r[f"{first}_source_id"], r[f"{second}_source_id"]]))
    where = "both sides publish a figure for the same year" if unstated else \
        "both sides publish goods figures for the same year"
    subject, other = (data.b, data.a) if flipped else (data.a, data.b)
    words = gap_words(1 / hi, 1 / lo, possessive(other)) if flipped else gap_words(lo, hi, possessive(other))
    text = md("Where {}, {} totals {} ", where, possessive(subject), words)
    text += Md("(") + md_join(items, "; ") + md("); gaps of this kind usually come from {}", mirror_why(unstated)) \
        + Md(".")
    return Judgment("mirror", text)


def gap_words(lo: float, hi: float, other: str) -> str:
    """"exceed China's by 14–66%", "fall short of China's by 5%" (ratios own / partner)."""
    def span(x: float, y: float) -> str:
        a, b = sorted((abs(x - 1) * 100, abs(y - 1) * 100))
        return f"{a:.0f}%" if round(a) == round(b) else f"{a:.0f}–{b:.0f}%"
    if lo >= 1:
        return f"exceed {other} by {span(lo, hi)}"
    if hi <= 1:
        return f"fall short of {other} by {span(lo, hi)}"
    return f"differ from {other} by {(lo - 1) * 100:+.0f}% to {(hi - 1) * 100:+.0f}%"


def standing_judgment(data: PairData, cite: Citations) -> Judgment | None:
    """The partner's latest rank among the economy's partners, how long it has held, and before."""
    standing = data.trade.tables["partner_standing"]
    rows = standing[(standing["period"] == standing["year"].astype(str)) & standing["rank"].notna()]
    if rows.empty:
        return None
    if (rows["flow"] == "turnover").any():
        rows = rows[rows["flow"] == "turnover"]
    rows = rows.sort_values(["year", "reporter"])
    latest_year = int(rows["year"].max())
    rank = int(rows[rows["year"] == latest_year]["rank"].min())
    held, before = [], None
    for year in sorted(set(rows["year"]), reverse=True):
        ranks = set(rows[rows["year"] == year]["rank"].astype(int))
        if ranks == {rank}:
            held.append(int(year))
        else:
            before = int(year)
            break
    used = rows[rows["year"].isin(held)]
    flow = "trade" if (used["flow"] == "turnover").all() else code_words(used["flow"].iloc[0])
    text = md("{} was {} {} {} partner in every statement for {}", country_name(data.b),
              possessive(data.a), ordinal_partner(rank), flow, _years_text(held))
    text += cite_md(cite, [used.iloc[0]["source_id"], used.iloc[-1]["source_id"]])
    shares = used[used["share_pct"].notna()].sort_values("year")
    if not shares.empty:
        s = shares.iloc[-1]
        scope = str(s.get("scope") or "unknown")
        of = f"{scope_text(scope)} trade" if scope in ("goods", "goods_and_services") else "trade"
        text += md(" ({}% of {} {} in {})", f"{float(s['share_pct']):g}", possessive(data.a), of,
                   int(s["year"])) + cite_md(cite, s["source_id"])  # the share as printed: "11%", not "11.0%"
    if before is not None:
        prev = rows[rows["year"] == before].iloc[0]
        text += md(", up from {} in {}", ordinal_partner(int(prev["rank"])).replace("-largest", ""), before) \
            if int(prev["rank"]) > rank else md(", down from {} in {}", ordinal_partner(int(prev["rank"])), before)
        text += cite_md(cite, prev["source_id"])
    return Judgment("standing", text + Md("."))


#: Rows that describe a batch of documents as a whole (a package, an estimate of its effect) rather
#: than one document: never counted as documents.
SUMMARY_DOC_TYPES = ("package", "estimate")


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
    worth = valued[kinds.isin(["contract_value", "credit_envelope", "loan", ""])]
    estimates = valued[~kinds.isin(["contract_value", "credit_envelope", "loan", ""])]
    return worth, estimates


def agreements_judgment(data: PairData, cite: Citations) -> Judgment | None:
    """The largest batch of documents in the range, what it is worth, counted once, by kind of value."""
    if not data.agreements.tables:
        return None
    docs = data.agreements.tables["documents"]
    event = largest_event(docs)
    if event.empty:
        return None
    name = str(event["event"].iloc[0])
    p = data.ctx.params
    package_ids = set(event.loc[event["doc_type"] == "package", "source_id"])
    listed = listed_documents(event)
    parts = listed[listed["part_of"].fillna("").isin(package_ids)]
    worth, estimates = valued_facts(event)
    text = md("The {} brought the most documents of {}–{}: {} listed by title",
              name, p.start_year, p.end_year, "one" if len(listed) == 1 else len(listed))
    if not parts.empty:
        n_packages = parts["part_of"].nunique()
        text += md(", {} parts of {}", "all" if len(parts) == len(listed) else f"{len(parts)} of them",
                   "one package" if n_packages == 1 else f"{n_packages} packages")
    if not worth.empty:
        w = worth.sort_values(["value_usd", "source_id"], ascending=[False, True]).iloc[0]
        whole = ""
        if w["doc_type"] == "package":  # what the source says was signed, in its own count
            whole = re.sub(r"^Package(: | of )", "", str(w["title"])).strip()
            text += md("; the sources count {}", shorten(whole, 110)) + cite_md(cite, w["source_id"])
        text += md(", worth {} in {}" if whole else " worth {} in {}",
                   usd(w["value_usd"], text_bound(str(w["value_text"] or ""))),
                   code_words(w["value_kind"], VALUE_KIND_WORDS).replace("worth of ", ""))
        if not whole:
            text += cite_md(cite, w["source_id"])
        text += Md(", counted once")
    else:
        text += Md("; none of them states a value")
    for _, e in estimates.iterrows():
        text += md("; the {} of {}", code_words(e["value_kind"], VALUE_KIND_WORDS),
                   usd(e["value_usd"], text_bound(str(e["value_text"] or "")))) + cite_md(cite, e["source_id"])
        text += Md(" is a different measure, not added to it")
    return Judgment("agreements", text + Md("."))


def corridor_judgment(data: PairData, cite: Citations) -> Judgment | None:
    """Rail: the longest full-year series of one scope and unit, first to last; the latest share."""
    if not data.corridor.tables:
        return None
    rail = data.corridor.tables["all_rows"]
    full = rail[rail["period"] == rail["year"].astype(str)]
    names = [country_name(c) for c in data.ctx.pair]
    counts = full.groupby(["scope", "unit"]).size().reset_index(name="n")
    counts = counts[(counts["n"] >= 2) & ~counts["unit"].isin(["percent", "USD", "bn USD", "bn EUR"])]
    counts = counts.assign(transit=counts["scope"].str.contains("transit", case=False),
                           named=counts["scope"].map(lambda t: any(n in t for n in names)))
    parts = []
    if not counts.empty:
        top = counts.sort_values(["transit", "named", "n", "scope"], ascending=[False, False, False, True]).iloc[0]
        same = full[(full["scope"] == top["scope"]) & (full["unit"] == top["unit"])].sort_values("year")
        first, last = same.iloc[0], same.iloc[-1]
        parts.append(md("rail container traffic counted as “{}” went from {} in {}", top["scope"],
                        quantity(first["value"], first["unit"], first["bound"], first["value_high"]), int(first["year"]))
                     + cite_md(cite, first["source_id"])
                     + md(" to {} in {}", quantity(last["value"], last["unit"], last["bound"], last["value_high"]),
                          int(last["year"])) + cite_md(cite, last["source_id"]))
    shares = rail[(rail["unit"] == "percent") & rail["metric"].str.startswith("Share")]
    if not shares.empty:
        shares = shares.assign(named=shares["metric"].map(lambda t: sum(n in t for n in names)))
        latest = shares.sort_values(["year", "period", "named", "metric"]).iloc[-1]
        parts.append(md("in {}, the {} was {}", period_text(latest["period"]), str(latest["metric"])[0].lower()
                        + str(latest["metric"])[1:], quantity(latest["value"], "percent", latest["bound"],
                                                              latest["value_high"])) + cite_md(cite, latest["source_id"]))
    if parts:
        parts[0] = Md(parts[0][:1].upper() + parts[0][1:])
    if not parts:
        return None
    return Judgment("corridor", md_join(parts, "; ") + Md("."))


def key_judgments(data: PairData, cite: Citations, *, limit: int = 6) -> list[Judgment]:
    """4–6 judgments in reading order: each side's trend, the mirror gap, standing, agreements, rail."""
    found: list[Judgment | None] = []
    if data.thin:
        found.append(thin_level_judgment(data, cite))
    found += [trend_judgment(data, data.a, cite), trend_judgment(data, data.b, cite), mirror_judgment(data, cite),
              standing_judgment(data, cite), agreements_judgment(data, cite), corridor_judgment(data, cite)]
    return [j for j in found if j is not None][:limit]


# ------------------------------------------------------------------ bottom line, warnings, gaps


def fill_command(data: PairData) -> str:
    return FILL_COMMANDS.format(r=data.a, p=data.b)


def thin_warning(data: PairData) -> str | None:
    """The warning the manifest and the console carry for a pair too thin for a trend."""
    if not data.thin:
        return None
    p = data.ctx.params
    return (f"{data.a}–{data.b} {p.start_year}–{p.end_year}: too few comparable figures for a trend "
            f"({len(data.series)} full-year figures in all); fill it with "
            + fill_command(data).replace("`", ""))


def bottom_line(data: PairData, cite: Citations) -> Md:
    """2–3 sentences: the main trend (or that there is none), the other side and the standing, the caveat."""
    a, b = data.a, data.b
    p = data.ctx.params
    if data.thin:
        n = len(data.series)
        first = md("The data for {}–{} in {}–{} is too thin for a trend: ", country_name(a), country_name(b),
                   p.start_year, p.end_year)
        sides = "neither side publishes one" if data.sides.empty else "no side has two comparable ones"
        first += md("{} full-year {} in all, for {}, and {}.", n, "figure" if n == 1 else "figures",
                    _years_text(list(data.series["year"])), sides) if n else Md("there is no full-year figure at all.")
        level = thin_level_judgment(data, cite)
        third = Md("To fill it: ") + Md(fill_command(data)) + Md(".")
        return md_join([first, level.text if level else Md(""), third])
    primary = a if data.trend(a) is not None else b
    t = data.trend(primary)
    assert t is not None
    ratio = float(t.last["value_usd"]) / float(t.first["value_usd"])
    change = ("roughly doubled" if 1.85 <= ratio < 2.2 else "roughly tripled" if 2.8 <= ratio < 3.3
              else f"grew {ratio:.1f}-fold" if ratio >= 1.5 else f"changed {pct_text((ratio - 1) * 100)}")
    flow = _its(side_flow(primary, t.flow, a, b), primary)
    first = md("By {} own {} figures, {} {}, from {} in {} to {} in {}", possessive(primary), scope_words(t.scope),
               flow, change, usd(t.first["value_usd"], t.first["bound"]),
               int(t.first["year"]), usd(t.last["value_usd"], t.last["bound"]), int(t.last["year"]))
    sentences = [first + cite_md(cite, [t.first["source_id"], t.last["source_id"]]) + Md(".")]
    other = b if primary == a else a
    ot = data.trend(other)
    second = []
    if ot is not None:
        bit = md("{} own figures show {} in {}", possessive(other), usd(ot.last["value_usd"], ot.last["bound"]),
                 int(ot.last["year"])) + cite_md(cite, ot.last["source_id"])
        if ot.cagr is not None:
            bit += md(" ({} a year since {}", pct_text(ot.cagr), int(ot.first["year"])) \
                + cite_md(cite, ot.first["source_id"]) + Md(")")
        second.append(bit)
    standing = standing_judgment(data, cite)
    if standing is not None:
        second.append(standing_clause(data, cite))
    if second:
        joined = md_join([x for x in second if x], ", and ")
        sentences.append(Md(joined[:1].upper() + joined[1:]) + Md("."))
    caveats = caveat_clauses(data)
    if caveats:
        sentences.append(md("Read with care: {}.", join_words(caveats)))
    return md_join(sentences)


def standing_clause(data: PairData, cite: Citations) -> Md:
    """'China has been Belarus's second-largest trade partner since 2022' (the latest unbroken run)."""
    standing = data.trade.tables["partner_standing"]
    rows = standing[(standing["period"] == standing["year"].astype(str)) & standing["rank"].notna()]
    if (rows["flow"] == "turnover").any():
        rows = rows[rows["flow"] == "turnover"]
    latest = rows.sort_values(["year", "reporter"]).iloc[-1]
    rank = int(latest["rank"])
    years = []
    for year in sorted(set(rows["year"]), reverse=True):
        if set(rows[rows["year"] == year]["rank"].astype(int)) != {rank}:
            break
        years.append(int(year))
    when = f"since {min(years)}" if len(years) > 1 else f"in {years[0]}"
    return md("{} has been {} {} trade partner {}", country_name(data.b), possessive(data.a), ordinal_partner(rank),
              when) + cite_md(cite, latest["source_id"])


def caveat_clauses(data: PairData) -> list[str]:
    """The biggest reasons the figures cannot be read as one series (no figures, so nothing to cite)."""
    out = []
    gap = data.trade.tables["mirror_gap"]
    usable = gap[gap["ratio"].notna()]
    if not usable.empty:
        apart = usable["ratio"].map(lambda x: max(x, 1 / x))  # the larger over the smaller, from either side
        worst = usable.loc[apart.idxmax()]
        clause = f"the two sides' totals differ by up to {(apart.max() - 1) * 100:.0f}%"
        if "unknown" in (worst["economy_scope"], worst["partner_scope"]):
            clause += f" ({int(worst['year'])}, scope not stated)"
        out.append(clause)
    for side in (data.a, data.b):
        rows = data.side_rows(side, "turnover").sort_values("year")
        scopes = rows["scope"].fillna("unknown")
        breaks = int((scopes != scopes.shift()).iloc[1:].sum()) if len(rows) > 1 else 0
        if breaks >= 2:
            clause = f"{possessive(side)} figures mix scopes"  # goods, goods and services, not stated
            trend = data.trend(side)
            if trend is not None and str(rows.iloc[-1].get("scope") or "unknown") != trend.scope:
                clause += f", so the latest totals are not comparable with the {scope_text(trend.scope)} figures"
            out.append(clause)
    return out[:2]


def _bound_words(bounds: pd.Series) -> str:
    """'lower bounds', 'a lower bound', 'lower and upper bounds'."""
    kinds = sorted({b for b in bounds if b in analysis.LIMIT_BOUNDS})
    if len(bounds) == 1:
        return analysis.LIMIT_BOUNDS[kinds[0]]
    names = {"lower": "lower bounds", "upper": "upper bounds", "range": "ranges"}
    return join_words([names[k] for k in kinds])


def cannot_say(data: PairData, cite: Citations, *, products: bool = False) -> list[Md]:
    """What the data cannot say: missing years, scope breaks, bounds, the end of official statistics."""
    p = data.ctx.params
    span = p.end_year - p.start_year + 1
    lines = []
    explained = False  # what a scope change means is said once, at its first mention
    for side in (data.a, data.b):
        rows = data.side_rows(side)
        years = sorted(set(rows["year"]))
        if not years:
            lines.append(md("{} side publishes no full-year figure for {}–{} in this data.", possessive(side),
                            p.start_year, p.end_year))
            continue
        bits = [md("{} side has figures for {} of {} years ({})", possessive(side), len(years), span,
                   _years_text(years))]
        stats = rows[rows["reliability"] == "official_statistics"]
        if not stats.empty and int(stats["year"].max()) < int(rows["year"].max()):
            bits.append(md("after {} only officials' statements and press reports, no statistics release",
                           int(stats["year"].max())))
        elif stats.empty:
            bits.append(Md("none of them is from a statistics release"))
        turnover = rows[rows["flow"] == "turnover"].sort_values("year")
        scopes = turnover["scope"].fillna("unknown")
        changed = [int(y) for y, s, prev in zip(turnover["year"].iloc[1:], scopes.iloc[1:], scopes.iloc[:-1],
                                                strict=True) if s != prev]
        if changed:
            bits.append(md("its scope changes in {}" if explained else
                           "its scope changes in {} (no growth is computed across a change)", _years_text(changed)))
            explained = True
        bounded = rows[rows["bound"].isin(list(analysis.LIMIT_BOUNDS))]
        if not bounded.empty:
            bits.append(md("the figures for {} are only {}", _years_text(list(bounded["year"])),
                           _bound_words(bounded["bound"])))
        lines.append(md_join(bits, "; ") + Md("."))
    gap = data.trade.tables["mirror_gap"]
    if gap["ratio"].dropna().empty:
        lines.append(md("No year has comparable figures from both {} and {}, so how far the two sides' statistics "
                        "differ is unknown.", country_name(data.a), country_name(data.b)))
    if not data.others.empty:
        names = join_words(sorted({whose_figures(r) for r in data.others["reporter"]}))
        lines.append(md("Shown apart, never joined to a side's series: {} {} from neither side ({}).",
                        len(data.others), "figure" if len(data.others) == 1 else "figures", names))
    lines += disagreement_lines(data, cite)
    if not products:
        lines.append(Md("No breakdown by product: the run had no CEPII BACI release or HS-chapter figures."))
    if not data.agreements.tables:
        lines.append(md("The snapshot holds no records of agreements or transport links for {}–{}.", country_name(data.a),
                        country_name(data.b)))
    return lines


def disagreement_lines(data: PairData, cite: Citations) -> list[Md]:
    """Each printed growth rate the published figures do not give (beyond rounding), with the recorded
    reason's conclusion (the full reasoning is in the annex), or that none is recorded."""
    series = data.sides
    if series.empty:
        return []
    checks = analysis.growth_vs_printed(series, data.ctx.changes, data.ctx.disagreements)
    out = []
    for _, r in checks[checks["status"] == "disagrees"].sort_values(["year", "reporter", "flow"]).iterrows():
        reason = " ".join(str(r["reason"]).split())
        last = [p for p in re.split(r"(?<=\.) (?=[A-Z])", reason) if p][-1] if reason else \
            "No reason is recorded."
        lo, hi = float(r["printed_lo_pct"]), float(r["printed_hi_pct"])
        printed = f"{(lo + hi) / 2:+.1f}%" if hi != float("inf") else f"over {lo:+.1f}%"
        out.append(md("{} in {}: the source prints {}, the published figures give {}. {}",
                      _cap(side_flow(r["reporter"], r["flow"], data.a, data.b)), int(r["year"]),
                      printed, pct_text(r["growth_pct"]), last)
                   + cite_md(cite, r["source_ids"]))
    return out


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def printed_check(data: PairData) -> pd.DataFrame:
    """The sources' printed rates against the rates computed from the published figures."""
    return analysis.printed_rate_check(data.ctx.trade, data.ctx.changes, data.ctx.disagreements, data.a, data.b)
