"""Evaluate claims against the loaded data: a verdict per reporting side and overall, with evidence.

Verdicts come from a fixed vocabulary (VERDICTS). A side is `supported` or `contradicted` only when
its preferred figure decides the comparison whatever the figure's bound; otherwise the side is
`not_checkable` and says why and which data would settle it. Sides that decide differently make
the claim `depends_on_source`. No figure is estimated or filled: a missing year stays missing.
"""
from __future__ import annotations

import calendar
import datetime as dt
import math
import re
from dataclasses import dataclass, field

import pandas as pd

from tradebrief.analysis.intervals import (
    Interval,
    claim_text,
    compare,
    from_figure,
    growth,
    interval_text,
)
from tradebrief.claims.spec import (
    Claim,
    ClaimsFile,
    CountCheck,
    DateCheck,
    GrowthCheck,
    MembershipCheck,
    NotCheckable,
    RankCheck,
    SumCheck,
    ThresholdCheck,
    _as_list,
)
from tradebrief.data.context import RunData
from tradebrief.data.countries import country_name
from tradebrief.data.load import mark_preferred

SUPPORTED, CONTRADICTED, DEPENDS, NOT_CHECKABLE = (
    "supported", "contradicted", "depends_on_source", "not_checkable")
VERDICTS = (SUPPORTED, CONTRADICTED, DEPENDS, NOT_CHECKABLE)
#: Side label for datasets that have no reporting side (events, agreements, rail, labels).
ALL_SOURCES = "ALL"
_MIRROR = {"export": "import", "import": "export", "turnover": "turnover"}


@dataclass(frozen=True)
class SideResult:
    """One reporting side's verdict on one check, with the evidence and citations behind it."""

    reporter: str
    verdict: str
    summary: str
    evidence: list[str]
    source_ids: list[str]
    needs: str | None = None
    check: int | None = None


@dataclass(frozen=True)
class CheckResult:
    kind: str
    verdict: str
    by_side: list[SideResult]
    explanation: str
    needs: str | None = None


@dataclass(frozen=True)
class ClaimResult:
    """The verdict on one claim: overall, per side, why, and what would settle it if open."""

    id: str
    quote: str
    verdict: str
    by_side: list[SideResult]
    explanation: str
    needs: str | None
    note: str | None
    kinds: list[str] = field(default_factory=list)

    @property
    def source_ids(self) -> list[str]:
        return sorted({s for side in self.by_side for s in side.source_ids})


# ---------------------------------------------------------------- formatting

def usd(value: float) -> str:
    """US$5.79bn / US$186.5m: the unit is always written."""
    if math.isinf(value):
        return "∞"
    if abs(value) >= 1e9:
        return f"US${value / 1e9:.2f}bn"
    if abs(value) >= 1e6:
        return f"US${value / 1e6:.1f}m"
    return f"US${value:,.0f}"


def pct(value: float) -> str:
    return "∞" if math.isinf(value) else f"{value * 100:+.1f}%"


def _num(unit: str):
    def fmt(value: float) -> str:
        if math.isinf(value):
            return "∞"
        return f"{value:,.0f} {unit}" if float(value).is_integer() else f"{value:,.2f} {unit}"
    return fmt


def _rank_fmt(value: float) -> str:
    return f"rank {value:.0f}"


def _clean(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value) else str(value)


def _verdict_of(outcome: bool | None) -> str:
    return SUPPORTED if outcome is True else CONTRADICTED if outcome is False else NOT_CHECKABLE


def _word(outcome: bool | None) -> str:
    return {True: "satisfies", False: "fails", None: "cannot decide"}[outcome]


def _would(outcome: bool | None) -> str:
    return {True: "support the claim", False: "contradict the claim", None: "leave it open"}[outcome]


def _combine_statements(outcomes: list[bool | None]) -> str:
    decided = {o for o in outcomes if o is not None}
    if decided == {True, False}:
        return DEPENDS
    if decided == {True}:
        return SUPPORTED
    if decided == {False}:
        return CONTRADICTED
    return NOT_CHECKABLE


def _combine_sides(sides: list[SideResult]) -> str:
    decided = {s.verdict for s in sides if s.verdict in (SUPPORTED, CONTRADICTED)}
    if any(s.verdict == DEPENDS for s in sides) or decided == {SUPPORTED, CONTRADICTED}:
        return DEPENDS
    return decided.pop() if decided else NOT_CHECKABLE


def _explain(verdict: str, sides: list[SideResult]) -> str:
    """Why the overall verdict: sides that decided, and why the others could not."""
    if len(sides) == 1:
        return sides[0].summary
    lines = []
    if verdict == DEPENDS:
        lines.append("The sides disagree: " + "; ".join(
            f"{s.reporter}-reported: {s.summary}" for s in sides if s.verdict in (SUPPORTED, CONTRADICTED)))
    elif verdict in (SUPPORTED, CONTRADICTED):
        deciders = [s for s in sides if s.verdict == verdict]
        lines.append(f"{verdict.capitalize()} by " + "; ".join(
            f"{s.reporter}-reported figures ({s.summary})" for s in deciders))
    rest = [s for s in sides if s.verdict == NOT_CHECKABLE]
    if rest:
        lines.append("; ".join(f"{s.reporter} side not checkable: {s.summary}" for s in rest))
    return ". ".join(lines) + "."


# ---------------------------------------------------------------- text filters

def _contains(series: pd.Series, needles: list[str]) -> pd.Series:
    mask = pd.Series(True, index=series.index)
    text = series.fillna("").astype(str).str.lower()
    for needle in needles:
        mask &= text.str.contains(needle.lower(), regex=False)
    return mask


def _date_range(text: str) -> tuple[dt.date, dt.date] | None:
    """'2023' → (2023-01-01, 2023-12-31); None when the text holds no leading date."""
    m = re.match(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?", str(text))
    if not m:
        return None
    year = int(m.group(1))
    if m.group(3):
        day = dt.date(year, int(m.group(2)), int(m.group(3)))
        return day, day
    if m.group(2):
        month = int(m.group(2))
        return dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1])
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _filter(frame: pd.DataFrame, chk) -> pd.DataFrame:
    """Rows matching the text filters of a check (title/event/actors/sector/category/between)."""
    mask = pd.Series(True, index=frame.index)
    for attr, column in (("title_contains", "title"), ("event_contains", "event"),
                         ("actors_contains", "actors"), ("sector_contains", "sector")):
        needles = _as_list(getattr(chk, attr, None))
        if needles:
            if column not in frame:
                return frame.iloc[0:0]
            mask &= _contains(frame[column], needles)
    if getattr(chk, "category", None):
        if "category" not in frame:
            return frame.iloc[0:0]
        mask &= frame["category"] == chk.category
    if getattr(chk, "between", None):
        lo, hi = _date_range(chk.between[0])[0], _date_range(chk.between[1])[1]
        ranges = frame["date"].map(_date_range)
        mask &= ranges.map(lambda r: r is not None and r[0] >= lo and r[1] <= hi)
    out = frame[mask]
    sort = [c for c in ("date", "source_id", "title") if c in out]
    return out.sort_values(sort, kind="mergesort")


def _row_line(row: pd.Series) -> str:
    value = f", {usd(row['value_usd'])}" if "value_usd" in row and pd.notna(row.get("value_usd")) else ""
    return f"{row['date']}: {row['title']}{value} [{row['source_id']}]"


# ---------------------------------------------------------------- trade

def _trade_rows(trade: pd.DataFrame, side: str, chk, *, full_year: bool = True) -> pd.DataFrame:
    """One side's figures for the pair and flow; the partner's side is read as the mirror flow."""
    e, p, f = chk.economy, chk.partner, chk.flow
    own = (trade["economy"] == e) & (trade["partner"] == p) & (trade["flow"] == f)
    mirror = (trade["economy"] == p) & (trade["partner"] == e) & (trade["flow"] == _MIRROR[f])
    view = own if side == e else mirror if side == p else (own | mirror)
    mask = view & (trade["reporter"] == side)
    return trade[mask & trade["full_year"]] if full_year else trade[mask]


def _when_rows(rows: pd.DataFrame, chk) -> pd.DataFrame:
    """A threshold's rows: the full year, or exactly the stated period."""
    if getattr(chk, "period", None):
        return rows[rows["period"] == chk.period]
    return rows[rows["year"] == chk.year]


def _preferred(rows: pd.DataFrame, cell: tuple[str, ...]) -> tuple[pd.Series, pd.DataFrame]:
    """The preferred row of one cell and the others (kept for the evidence)."""
    chosen = rows[rows["preferred"]] if "preferred" in rows else rows.iloc[0:0]
    if len(chosen) != 1:
        flags = mark_preferred(rows, cell)
        chosen = rows[flags]
    best = chosen.iloc[0]
    others = rows.drop(index=best.name)
    sort = "value_usd" if "value_usd" in others else "source_id"
    return best, others.sort_values([sort, "source_id"], kind="mergesort")


def _figure(row: pd.Series) -> Interval:
    return from_figure(float(row["value_usd"]), str(row["bound"]))


def _trade_line(row: pd.Series, role: str) -> str:
    mark = {"lower": "over ", "upper": "under ", "approx": "about "}.get(row["bound"], "")
    text = _clean(row.get("value_text"))
    inferred = ", year inferred" if bool(row.get("year_inferred")) else ""
    return (f"{role}: {int(row['year'])} {row['economy']} {row['flow']} with {row['partner']} "
            f"{mark}{usd(row['value_usd'])} ({row['bound']}, {row['scope']}, {row['reliability']}{inferred}"
            f"{'; ' + repr(text) if text else ''}) [{row['source_id']}]")


def _sides(chk, present: set[str]) -> list[str]:
    """Stated sides first (economy, partner); UNK/TDM only when neither stated side has data."""
    if chk.reporter:
        return [chk.reporter]
    stated = [chk.economy] + ([chk.partner] if chk.partner != chk.economy else [])
    if present & set(stated):
        return stated
    others = sorted(present - set(stated))
    return others or stated


def _years_by_side(trade: pd.DataFrame, chk, years: list[int]) -> set[str]:
    present = set()
    for reporter in sorted(set(trade["reporter"])):
        rows = _trade_rows(trade, reporter, chk, full_year=not getattr(chk, "period", None))
        if getattr(chk, "period", None):
            if (rows["period"] == chk.period).any():
                present.add(reporter)
        elif rows["year"].isin(years).any():
            present.add(reporter)
    return present


def _threshold(chk: ThresholdCheck, data: RunData) -> list[SideResult]:
    results = []
    want = claim_text(chk.op, chk.value, chk.tolerance, usd)
    what = f"{'period ' + chk.period if chk.period else 'full-year ' + str(chk.year)}"
    for side in _sides(chk, _years_by_side(data.trade, chk, [chk.year])):
        rows = _trade_rows(data.trade, side, chk, full_year=chk.period is None)
        year_rows = _when_rows(rows, chk)
        if year_rows.empty:
            other = sorted(set(rows["period"].astype(str)))
            needs = f"a {what} {chk.flow} figure for {chk.economy}–{chk.partner} from {side}'s statistics"
            results.append(SideResult(side, NOT_CHECKABLE, f"no {what} figure",
                                      [f"periods with {side}-reported figures: {', '.join(other) or 'none'}"],
                                      [], needs))
            continue
        best, others = _preferred(year_rows, ("period",))
        iv = _figure(best)
        outcome = compare(iv, chk.op, chk.value, chk.tolerance)
        evidence = [_trade_line(best, "preferred")]
        for _, alt in others.iterrows():
            alt_outcome = compare(_figure(alt), chk.op, chk.value, chk.tolerance)
            evidence.append(_trade_line(alt, "alternative") + f" — alone it would {_would(alt_outcome)}")
        summary = f"{chk.label} {chk.flow} {interval_text(iv, usd)} {_word(outcome)} {want}"
        needs = None
        if outcome is None:
            summary += f" (the preferred figure is a '{best['bound']}' figure, so it cannot decide)"
            needs = f"an exact {what} {chk.flow} figure from {side}'s statistics"
        results.append(SideResult(side, _verdict_of(outcome), summary, evidence,
                                  sorted({best["source_id"], *others["source_id"]}), needs))
    return results


def _growth(chk: GrowthCheck, data: RunData) -> list[SideResult]:
    years = list(range(chk.from_year, chk.to_year + 1))
    want = claim_text(chk.op, chk.value, chk.tolerance, pct)
    results = []
    for side in _sides(chk, _years_by_side(data.trade, chk, years)):
        rows = _trade_rows(data.trade, side, chk)
        chosen: dict[int, pd.Series] = {}
        evidence: list[str] = []
        ids: set[str] = set()
        for year in years:
            year_rows = rows[rows["year"] == year]
            if year_rows.empty:
                continue
            best, others = _preferred(year_rows, ("year",))
            chosen[year] = best
            evidence.append(_trade_line(best, "preferred"))
            evidence += [_trade_line(alt, "alternative") for _, alt in others.iterrows()]
            ids |= {best["source_id"], *others["source_id"]}
        yoy: dict[int, Interval] = {}
        for year in years[1:]:
            if year in chosen and year - 1 in chosen:
                yoy[year] = growth(_figure(chosen[year - 1]), _figure(chosen[year]))
                evidence.append(f"YoY {year}: {interval_text(yoy[year], pct)} (preferred figures)")
        cagr = None
        if chk.from_year in chosen and chk.to_year in chosen:
            cagr = growth(_figure(chosen[chk.from_year]), _figure(chosen[chk.to_year]),
                          chk.to_year - chk.from_year)
            evidence.append(f"CAGR {chk.from_year}–{chk.to_year}: {interval_text(cagr, pct)} a year")
        needed = [chk.from_year, chk.to_year] if chk.measure == "cagr" else years
        missing = [y for y in needed if y not in chosen]
        if missing:
            miss = ", ".join(map(str, missing))
            results.append(SideResult(
                side, NOT_CHECKABLE, f"no full-year {chk.flow} figure for {miss}", evidence, sorted(ids),
                f"full-year {miss} {chk.flow} figure(s) for {chk.economy}–{chk.partner} from {side}'s statistics"))
            continue
        if chk.measure == "cagr":
            outcome = compare(cagr, chk.op, chk.value, chk.tolerance)
            summary = (f"CAGR {chk.from_year}–{chk.to_year} {interval_text(cagr, pct)} a year "
                       f"{_word(outcome)} {want}")
        else:
            outcomes = [compare(yoy[y], chk.op, chk.value, chk.tolerance) for y in years[1:]]
            outcome = False if False in outcomes else True if all(o is True for o in outcomes) else None
            summary = "; ".join(f"YoY {y} {interval_text(yoy[y], pct)}" for y in years[1:])
            summary += f" {_word(outcome)} {want} for every year"
        needs = None
        if outcome is None:
            summary += " (a bound figure leaves the growth open)"
            needs = f"exact full-year {chk.flow} figures for {', '.join(map(str, needed))} from {side}'s statistics"
        results.append(SideResult(side, _verdict_of(outcome), summary, evidence, sorted(ids), needs))
    return results


# ---------------------------------------------------------------- partners

def _rank(chk: RankCheck, data: RunData) -> list[SideResult]:
    p = data.partners
    column = "rank" if chk.measure == "rank" else "share_pct"
    rows = p[(p["economy"] == chk.economy) & (p["partner"] == chk.partner) & (p["flow"] == chk.flow)
             & (p["period"] == str(chk.year)) & p[column].notna()]
    fmt = _rank_fmt if chk.measure == "rank" else (lambda v: f"{v:.1f}%")
    what = "rank" if chk.measure == "rank" else "share (percent)"
    want = claim_text(chk.op, chk.value, chk.tolerance, fmt)
    if chk.reporter:
        sides = [chk.reporter]
    else:
        stated = [chk.economy, chk.partner]
        present = set(rows["reporter"])
        sides = stated if present & set(stated) else (sorted(present) or stated)
    results = []
    for side in sides:
        side_rows = rows[rows["reporter"] == side]
        if side_rows.empty:
            results.append(SideResult(
                side, NOT_CHECKABLE, f"no {chk.year} {what} of {chk.partner} among {chk.economy}'s partners",
                [], [], f"{chk.partner}'s {chk.year} {chk.flow} {what} among {chk.economy}'s partners "
                        f"from {side}'s statistics"))
            continue
        best, others = _preferred(side_rows, ("period",))
        outcome = compare(Interval.point(float(best[column])), chk.op, chk.value, chk.tolerance)
        evidence = [_rank_line(best, "preferred")] + [_rank_line(r, "alternative") for _, r in others.iterrows()]
        tied = " (tied)" if best["tied"] else ""
        summary = (f"{chk.year}: {chk.partner} {fmt(float(best[column]))}{tied} among {chk.economy}'s "
                   f"{chk.flow} partners {_word(outcome)} {want}")
        results.append(SideResult(side, _verdict_of(outcome), summary, evidence,
                                  sorted({best["source_id"], *others["source_id"]})))
    return results


def _rank_line(row: pd.Series, role: str) -> str:
    share = f", share {row['share_pct']:.1f}%" if pd.notna(row["share_pct"]) else ""
    rank = f"rank {int(row['rank'])}" if pd.notna(row["rank"]) else "rank not stated"
    return (f"{role}: {row['period']} {row['partner']} {rank}"
            f"{' (tied)' if row['tied'] else ''} among {row['economy']}'s {row['flow']} partners{share} "
            f"({row['reliability']}) [{row['source_id']}]")


# ---------------------------------------------------------------- rail, agreements, events

def _count(chk: CountCheck, data: RunData) -> list[SideResult]:
    if chk.dataset == "rail":
        return [_rail_count(chk, data.rail)]
    frame = data.agreements if chk.dataset == "agreements" else data.events
    rows = _filter(frame, chk)
    n = len(rows)
    iv = Interval(float(n), math.inf)  # a register records at least what happened, maybe not all
    outcome = compare(iv, chk.op, chk.value, chk.tolerance)
    want = claim_text(chk.op, chk.value, chk.tolerance, lambda v: f"{v:g}")
    summary = (f"{n} matching {chk.dataset} recorded, count ≥ {n} (the snapshot is not a complete "
               f"register) {_word(outcome)} {want}")
    needs = None if outcome is not None else (
        f"a complete list of the {chk.dataset} matching the claim (the snapshot records {n})")
    return [SideResult(ALL_SOURCES, _verdict_of(outcome), summary, [_row_line(r) for _, r in rows.iterrows()],
                       sorted(set(rows["source_id"])), needs)]


def _rail_count(chk: CountCheck, rail: pd.DataFrame) -> SideResult:
    metric = _contains(rail["metric"], _as_list(chk.metric_contains))
    unit = rail["unit"].str.lower() == chk.unit.lower()
    matching = rail[metric & unit].sort_values(["year", "period", "source_id"], kind="mergesort")
    rows = matching[matching["year"] == chk.year]
    fmt = _num(chk.unit)
    want = claim_text(chk.op, chk.value, chk.tolerance, fmt)
    other = [f"other year (not used): {r['period']} {r['metric']}: {_rail_text(r, fmt)} [{r['source_id']}]"
             for _, r in matching[matching["year"] != chk.year].iterrows()]
    if rows.empty:
        return SideResult(ALL_SOURCES, NOT_CHECKABLE,
                          f"no {chk.year} figure for '{' '.join(_as_list(chk.metric_contains))}' in {chk.unit}",
                          other, sorted(set(matching["source_id"])),
                          f"a {chk.year} figure for {' '.join(_as_list(chk.metric_contains))} ({chk.unit})")
    outcomes, evidence, parts = [], [], []
    for (period, name), group in rows.groupby(["period", "metric"], sort=True):
        flags = mark_preferred(group, ("period", "metric"))
        for _, r in group.iterrows():
            iv = from_figure(float(r["value"]), str(r["bound"]), r["value_high"])
            outcome = compare(iv, chk.op, chk.value, chk.tolerance)
            role = "preferred" if flags[r.name] else "alternative"
            evidence.append(f"{role}: {period} {name}: {_rail_text(r, fmt)} — {_word(outcome)} [{r['source_id']}]")
            if flags[r.name]:
                outcomes.append(outcome)
                parts.append(f"{period} {interval_text(iv, fmt)} {_word(outcome)} {want}")
    verdict = _combine_statements(outcomes)
    needs = None if verdict != NOT_CHECKABLE else f"an exact {chk.year} figure ({chk.unit})"
    return SideResult(ALL_SOURCES, verdict, "; ".join(parts), evidence + other,
                      sorted(set(matching["source_id"])), needs)


def _rail_text(row: pd.Series, fmt) -> str:
    text = _clean(row.get("value_text"))
    return f"{fmt(row['value'])} ({row['bound']}{'; ' + repr(text) if text else ''})" if pd.notna(row["value"]) else repr(text)


def _date(chk: DateCheck, data: RunData) -> list[SideResult]:
    frame = data.events if chk.dataset == "events" else data.agreements
    rows = _filter(frame, chk)
    want = f"{chk.op} {chk.date}"
    if rows.empty:
        return [SideResult(ALL_SOURCES, NOT_CHECKABLE, f"no matching {chk.dataset} in the snapshot", [], [],
                           f"a dated record of the {chk.dataset[:-1]} ({_describe_filters(chk)})")]
    c_lo, c_hi = _date_range(chk.date)
    outcomes, evidence = [], []
    for _, r in rows.iterrows():
        rng = _date_range(r["date"])
        outcome = None if rng is None else _date_outcome(rng, c_lo, c_hi, chk.op)
        outcomes.append(outcome)
        evidence.append(_row_line(r) + f" — {_word(outcome)} date {want}")
    verdict = SUPPORTED if True in outcomes else CONTRADICTED if all(o is False for o in outcomes) else NOT_CHECKABLE
    dates = ", ".join(sorted(set(rows["date"])))
    summary = (f"{outcomes.count(True)} of {len(outcomes)} matching {chk.dataset} (dated {dates}) "
               f"{'fall' if len(outcomes) > 1 else 'falls'} on claimed date {want}")
    needs = None if verdict != NOT_CHECKABLE else f"an exactly dated record ({_describe_filters(chk)})"
    return [SideResult(ALL_SOURCES, verdict, summary, evidence, sorted(set(rows["source_id"])), needs)]


def _date_outcome(rng, c_lo, c_hi, op) -> bool | None:
    lo, hi = rng
    if op == "==":
        return True if lo >= c_lo and hi <= c_hi else False if hi < c_lo or lo > c_hi else None
    if op == "<":
        return True if hi < c_lo else False if lo >= c_lo else None
    if op == "<=":
        return True if hi <= c_hi else False if lo > c_hi else None
    if op == ">":
        return True if lo > c_hi else False if hi <= c_hi else None
    return True if lo >= c_lo else False if hi < c_lo else None  # ">="


def _describe_filters(chk) -> str:
    parts = []
    for attr in ("category", "title_contains", "event_contains", "actors_contains", "between"):
        value = getattr(chk, attr, None)
        if value:
            parts.append(f"{attr}={value if isinstance(value, str) else list(value)}")
    return ", ".join(parts) or "no filters"


# ---------------------------------------------------------------- membership

def _membership(chk: MembershipCheck, data: RunData) -> list[SideResult]:
    if chk.dataset == "agreements":
        return [_sector_membership(chk, data.agreements)]
    return [_label_membership(chk, data.labels)]


def _label_membership(chk: MembershipCheck, labels: pd.DataFrame) -> SideResult:
    text = labels["label_en"].fillna("") + " " + labels["label_original"].fillna("")
    matches = labels[_contains(text, [chk.label_contains]) & labels["country"].notna()]
    holders = matches[matches["label_kind"].isin(chk.label_kind)].sort_values(["country", "source_id"])
    negatives = labels[(labels["label_kind"] == "negative_check") & labels["country"].notna()]
    as_of = None if chk.as_of == "latest" else _date_range(chk.as_of)
    sure, unsure, later, evidence = set(), set(), set(), []
    for _, r in holders.iterrows():
        rng = _date_range(_clean(r["date_established"]))
        if as_of is None or (rng is not None and rng[1] <= as_of[0]):
            sure.add(r["country"])
            state = "holds it"
        elif rng is not None and rng[0] > as_of[1]:
            later.add(r["country"])
            state = "established later"
        else:
            unsure.add(r["country"])
            state = "date unclear"
        evidence.append(f"{r['country']} ({country_name(r['country'])}): {r['label_en']} "
                        f"[{r['label_kind']}], established {_clean(r['date_established']) or 'not stated'} "
                        f"— {state} as of {chk.as_of} [{r['source_id']}]")
    non_holders = set(negatives["country"]) - sure - unsure
    evidence += [f"{r['country']}: {r['label_en']} [negative check] [{r['source_id']}]"
                 for _, r in negatives.sort_values(["country", "source_id"]).iterrows()]
    claimed = set(chk.members or [])
    extra, missing = sure - claimed, claimed - sure - unsure
    if chk.op == ">=":
        outcome = True if claimed <= sure else False if claimed & non_holders else None
    elif chk.op == "<=":
        outcome = True if (sure | unsure) <= claimed else False if extra else None
    else:
        outcome = (False if extra or claimed & non_holders
                   else True if sure == claimed and not (unsure - claimed) else None)
    summary = (f"as of {chk.as_of}, countries with a {'/'.join(chk.label_kind)} '{chk.label_contains}' label "
               f"in the snapshot: {', '.join(sorted(sure)) or 'none'}")
    if unsure:
        summary += f" (date unclear: {', '.join(sorted(unsure))})"
    if extra:
        summary += f"; beyond the claim: {', '.join(sorted(extra))}"
    if missing:
        summary += f"; claimed but not found: {', '.join(sorted(missing))}"
    summary += f"; claimed {chk.op} {{{', '.join(sorted(claimed))}}}"
    needs = None if outcome is not None else (
        f"a dated list of all countries holding the '{chk.label_contains}' label as of {chk.as_of}")
    ids = sorted(set(holders["source_id"]) | set(negatives["source_id"]))
    return SideResult(ALL_SOURCES, _verdict_of(outcome), summary, evidence, ids, needs)


def _sector_membership(chk: MembershipCheck, agreements: pd.DataFrame) -> SideResult:
    rows = _filter(agreements, chk)
    text = (rows["sector"].fillna("") + " | " + rows["title"].fillna("")).str.lower()
    evidence, found, missing, ids = [], [], [], set()
    for item in chk.items or []:
        spellings = _as_list(item)
        pattern = "|".join(r"(?<![a-z])" + re.escape(s.lower()) for s in spellings)
        hit = rows[text.str.contains(pattern, regex=True)]
        if hit.empty:
            missing.append(spellings[0])
            evidence.append(f"{spellings[0]}: no matching document recorded")
        else:
            found.append(spellings[0])
            ids |= set(hit["source_id"])
            evidence.append(f"{spellings[0]}: " + "; ".join(
                f"{r['date']} {r['title']} [{r['source_id']}]" for _, r in hit.iterrows()))
    outcome = True if not missing else None  # absence from the snapshot is not proof of absence
    summary = (f"{len(found)} of {len(found) + len(missing)} sectors found among {len(rows)} recorded documents"
               + (f"; not found: {', '.join(missing)}" if missing else ""))
    needs = None if outcome else f"the full list of documents signed, with sectors ({', '.join(missing)})"
    return SideResult(ALL_SOURCES, _verdict_of(outcome), summary, evidence, sorted(ids), needs)


# ---------------------------------------------------------------- sum

_LOWER_WORDS = re.compile(r"more than|\bover\b|exceed|above|at least|более|свыше|больше|превыш|más de|über|>", re.IGNORECASE)
_UPPER_WORDS = re.compile(r"almost|nearly|up to|less than|under|почти|до \$|<", re.IGNORECASE)
_APPROX_WORDS = re.compile(r"about|around|approx|~|около|порядка|примерно|etwa", re.IGNORECASE)


def text_bound(value_text: str) -> str:
    """How a stated value reads when the table has no `bound` column (agreements).

    Only the words just before the first figure count ("more than $3.5bn" is a lower bound;
    "almost four dozen agreements ... worth $3.5bn" is not), so a count elsewhere in the
    wording does not bend the value.
    """
    m = re.search(r"[$€¥]|\d", value_text)
    before = value_text[max(0, m.start() - 16):m.start()] if m else value_text
    if _LOWER_WORDS.search(before):
        return "lower"
    if _UPPER_WORDS.search(before):
        return "upper"
    if _APPROX_WORDS.search(before):
        return "approx"
    return "exact"


def _sum(chk: SumCheck, data: RunData) -> list[SideResult]:
    rows = _filter(data.agreements, chk)
    valued = rows[rows["value_usd"].notna()]
    want = claim_text(chk.op, chk.value, chk.tolerance, usd)
    totals_mask = (_contains(valued["title"], _as_list(chk.totals_title_contains))
                   if chk.totals_title_contains else pd.Series(False, index=valued.index))
    totals, docs = valued[totals_mask], valued[~totals_mask]
    outcomes, evidence, parts = [], [], []
    for _, r in totals.iterrows():
        text = _clean(r["value_text"])
        bound = text_bound(text)
        iv = from_figure(float(r["value_usd"]), bound)
        outcome = compare(iv, chk.op, chk.value, chk.tolerance)
        outcomes.append(outcome)
        evidence.append(f"stated total: {r['date']} {r['title']}: {interval_text(iv, usd)} "
                        f"({bound}{'; ' + repr(text) if text else ''}) — {_word(outcome)} [{r['source_id']}]")
        parts.append(f"{r['source_id']} states {interval_text(iv, usd)} ({_word(outcome)})")
    if not docs.empty:
        total = float(docs["value_usd"].sum())
        iv = Interval(total, math.inf)  # documents without a value, or unrecorded, can only add
        outcome = compare(iv, chk.op, chk.value, chk.tolerance)
        outcomes.append(outcome)
        evidence += [f"document: {_row_line(r)}" for _, r in docs.iterrows()]
        parts.append(f"documents with a value sum to {usd(total)} (a lower bound; {_word(outcome)})")
    unvalued = len(rows) - len(valued)
    if unvalued:
        evidence.append(f"{unvalued} matching document(s) recorded without a value")
    if not outcomes:
        return [SideResult(ALL_SOURCES, NOT_CHECKABLE, "no matching agreement with a value in the snapshot",
                           evidence, sorted(set(rows["source_id"])),
                           f"a stated total value of the agreements ({_describe_filters(chk)})")]
    verdict = _combine_statements(outcomes)
    summary = "; ".join(parts) + f"; claimed {want}"
    needs = None if verdict != NOT_CHECKABLE else "an exact stated total of the agreements' value"
    return [SideResult(ALL_SOURCES, verdict, summary, evidence, sorted(set(valued["source_id"])), needs)]


def _not_checkable(chk: NotCheckable, data: RunData, claim: Claim) -> list[SideResult]:
    evidence, ids = [], []
    if chk.context is not None:
        frame = data.events if chk.context.dataset == "events" else data.agreements
        rows = _filter(frame, chk.context)
        evidence = [f"related (not decisive): {_row_line(r)}" for _, r in rows.iterrows()]
        ids = sorted(set(rows["source_id"]))
    return [SideResult(ALL_SOURCES, NOT_CHECKABLE, f"no dataset settles this; needs {claim.needs}",
                       evidence, ids, claim.needs)]


# ---------------------------------------------------------------- driver

_KINDS = {"threshold": _threshold, "growth": _growth, "rank": _rank, "count": _count, "date": _date,
          "membership": _membership, "sum": _sum}


def evaluate_check(chk, data: RunData, claim: Claim) -> CheckResult:
    """One check → per-side results, the combined verdict and its explanation."""
    if chk.kind == "not_checkable":
        sides = _not_checkable(chk, data, claim)
    else:
        sides = _KINDS[chk.kind](chk, data)
    verdict = _combine_sides(sides)
    needs = "; ".join(s.needs for s in sides if s.needs) or None
    return CheckResult(chk.kind, verdict, sides, _explain(verdict, sides), needs)


def evaluate_claim(claim: Claim, data: RunData) -> ClaimResult:
    checks = [evaluate_check(c, data, claim) for c in claim.all_checks]
    if len(checks) == 1:
        verdict, explanation = checks[0].verdict, checks[0].explanation
        by_side = checks[0].by_side
    else:
        verdicts = [c.verdict for c in checks]
        verdict = (CONTRADICTED if CONTRADICTED in verdicts else DEPENDS if DEPENDS in verdicts
                   else SUPPORTED if all(v == SUPPORTED for v in verdicts) else NOT_CHECKABLE)
        explanation = " ".join(f"Check {i} ({c.kind}, {c.verdict}): {c.explanation}"
                               for i, c in enumerate(checks, 1))
        by_side = [SideResult(**{**s.__dict__, "check": i}) for i, c in enumerate(checks, 1) for s in c.by_side]
    if claim.note:
        explanation = explanation.rstrip(".") + f". Note: {claim.note.strip()}"
    side_needs = "; ".join(c.needs for c in checks if c.needs) or None
    needs = (claim.needs or side_needs) if verdict == NOT_CHECKABLE else side_needs
    return ClaimResult(claim.id, claim.quote, verdict, by_side, explanation, needs, claim.note,
                       [c.kind for c in checks])


def evaluate(claims_file: ClaimsFile, data: RunData) -> list[ClaimResult]:
    """Every claim, in file order (the order is part of the output contract)."""
    return [evaluate_claim(claim, data) for claim in claims_file.claims]
