"""Claims about trade figures (threshold, growth) and partner standing (rank), read with `analysis`.

The figures, the preferred figure, the comparable series, growth, CAGR and printed rates all come
from `tradebrief.analysis`, the same functions the brief uses, so a verdict and the brief cannot
disagree about a number. This module holds only what a claim adds: which sides to ask, how the
comparison goes, and the words.
"""
from __future__ import annotations

import pandas as pd

from tradebrief import analysis
from tradebrief.analysis.intervals import LIMIT_BOUNDS, Interval, compare, from_figure
from tradebrief.claims.results import (
    NOT_CHECKABLE,
    SideResult,
    cited,
    combine_statements,
    verdict_of,
)
from tradebrief.claims.spec import GrowthCheck, RankCheck, ThresholdCheck
from tradebrief.data.context import RunData
from tradebrief.data.countries import country_name
from tradebrief.text.words import (
    flow_text,
    join_words,
    judged,
    possessive,
    rate,
    scope_text,
    span_text,
    usd,
    whose,
)


def _sides(chk, present: set[str]) -> list[str]:
    """Stated sides first (economy, partner); UNK/TDM only when neither stated side has data."""
    if chk.reporter:
        return [chk.reporter]
    stated = [chk.economy] + ([chk.partner] if chk.partner != chk.economy else [])
    if present & set(stated):
        return stated
    others = sorted(present - set(stated))
    return others or stated


def _figures(data: RunData, chk, reporter: str | None = None, *, full_year: bool = True) -> pd.DataFrame:
    return analysis.side_figures(data.trade, chk.economy, chk.partner, chk.flow, reporter,
                                 full_year=full_year, scope=chk.scope)


def _present(data: RunData, chk, years: list[int]) -> set[str]:
    """Reporting sides with a figure for the claimed period (or any of the years)."""
    rows = _figures(data, chk, full_year=not getattr(chk, "period", None))
    if getattr(chk, "period", None):
        rows = rows[rows["period"] == chk.period]
    else:
        rows = rows[rows["year"].isin(years)]
    return set(rows["reporter"])


def _interval(row: pd.Series) -> Interval:
    return from_figure(float(row["value_usd"]), str(row["bound"]))


def _scope_note(row: pd.Series) -> str:
    return scope_text(analysis.scope_of(row))


def _evidence(row: pd.Series, role: str) -> str:
    """'preferred: 2022 Belarus–China trade $5.79 bn (exact; goods; basis official; '...') [ids]'."""
    text = row.get("value_text")
    words = f"; {text!r}" if isinstance(text, str) and text else ""
    inferred = "; year inferred" if bool(row.get("year_inferred")) else ""
    basis = f"; basis {row['basis']}" if isinstance(row.get("basis"), str) else ""
    return (f"{role}: {row['period']} {flow_text(row['economy'], row['flow'], row['partner'])} per "
            f"{whose(row['reporter'])}: {usd(row['value_usd'], row['bound'])} ({row['bound']}; "
            f"{_scope_note(row)}{basis}{inferred}{words}) [{'; '.join(cited(row))}]")


def _would(outcome: bool | None) -> str:
    return {True: "support the claim", False: "contradict the claim", None: "leave it open"}[outcome]


def _yoy_lines(series: pd.DataFrame, side: str, flow: str, years: list[int]) -> list[str]:
    """Evidence: each year's growth from the side's figures, or why there is none."""
    lines = []
    for year in years[1:]:
        iv, reason, _ = analysis.growth_interval(series, side, flow, year - 1, year)
        lines.append(f"growth in {year} from the figures: " + (_per_year(iv) if iv is not None else f"none ({reason})"))
    return lines


def _own_only(rows: pd.DataFrame, excluded: list[str] | None) -> pd.Series:
    """Rows cited only to the excluded sources (the text itself)."""
    if not excluded or rows.empty:
        return pd.Series(False, index=rows.index)
    return pd.Series([set(cited(r)) <= set(excluded) for _, r in rows.iterrows()], index=rows.index)


def _implied_line(row: pd.Series, role: str) -> str:
    return (f"{role}: {row['period']} {flow_text(row['economy'], row['flow'], row['partner'])} per "
            f"{whose(row['reporter'])}, implied: {usd(row['value_usd'])} ({usd(row['lo_usd'])} to "
            f"{usd(row['hi_usd'])}; {row['arithmetic']}; {scope_text(row['scope'])}) [{'; '.join(cited(row))}]")


def threshold(chk: ThresholdCheck, data: RunData, as_of: str | None = None) -> list[SideResult]:
    """A figure against a claimed value; with no published figure, a figure implied by a printed rate
    may decide, said so, with its arithmetic and both citations."""
    claimed = usd(chk.value)
    label = chk.period or str(chk.year)
    what = f"{label} {flow_text(chk.economy, chk.flow, chk.partner)}"
    scope = f" ({scope_text(chk.scope)})" if chk.scope else ""
    excluded = chk.exclude_sources or []
    implied_all = analysis.implied(data.trade, data.changes, chk.economy, chk.partner, chk.flow)
    results = []
    for side in _sides(chk, _present(data, chk, [chk.year] if chk.year else [])):
        rows = _figures(data, chk, side, full_year=chk.period is None)
        period_rows = rows[rows["period"] == chk.period] if chk.period else rows[rows["year"] == chk.year]
        own = _own_only(period_rows, excluded)
        chosen = period_rows[~own]
        evidence = [_evidence(r, "left out (the text itself, which cannot confirm itself)")
                    for _, r in period_rows[own].iterrows()]
        implied = implied_all[(implied_all["reporter"] == side) & (implied_all["period"] == label)]
        if chk.scope:
            implied = implied[implied["scope"] == chk.scope]
        implied = implied[[not (set(cited(r)) & set(excluded)) for _, r in implied.iterrows()]] \
            if not implied.empty else implied
        if chosen.empty and implied.empty:
            periods = ", ".join(sorted(set(rows["period"].astype(str)))) or "none"
            results.append(SideResult(
                side, NOT_CHECKABLE, f"no figure from {possessive(side)} side for {what}{scope} is held"
                + (" apart from the text itself" if own.any() else ""),
                evidence + [f"periods with figures per {whose(side)}: {periods}"], cited(period_rows),
                f"a figure for {what}{scope} from {possessive(side)} statistics"))
            continue
        if chosen.empty:  # only implied figures: each must agree for a verdict
            outcomes = [compare(Interval(float(r["lo_usd"]), float(r["hi_usd"])), chk.op, chk.value, chk.tolerance)
                        for _, r in implied.iterrows()]
            verdict = combine_statements(outcomes)
            best = implied.iloc[0]
            summary = (f"no figure from {possessive(side)} side for {what} is held"
                       + (" apart from the text itself" if own.any() else "")
                       + f"; the figure implied by a printed rate ({best['arithmetic']}) is {usd(best['value_usd'])} "
                       f"({scope_text(best['scope'])}), {judged(outcomes[0], chk.op, claimed, chk.tolerance)}")
            evidence += [_implied_line(r, "implied figure") for _, r in implied.iterrows()]
            needs = None if verdict != NOT_CHECKABLE else f"a published figure for {what} from {possessive(side)} statistics"
            results.append(SideResult(side, verdict, summary, evidence, cited(implied), needs))
            continue
        best, others = analysis.preferred_row(chosen, ("period",))
        outcome = compare(_interval(best), chk.op, chk.value, chk.tolerance)
        summary = (f"{whose(side)} put {what} at {usd(best['value_usd'], best['bound'])} "
                   f"({_scope_note(best)}), {judged(outcome, chk.op, claimed, chk.tolerance)}")
        evidence.insert(0, _evidence(best, "preferred"))
        for _, alt in others.iterrows():
            alone = compare(_interval(alt), chk.op, chk.value, chk.tolerance)
            evidence.append(_evidence(alt, "other figure") + f"; alone it would {_would(alone)}")
        evidence += [_implied_line(r, "implied figure (not used: a published figure exists)")
                     for _, r in implied.iterrows()]
        needs = None
        if outcome is None:
            if best["bound"] in LIMIT_BOUNDS:
                summary += f" (the figure is only {LIMIT_BOUNDS[best['bound']]})"
            needs = f"an exact figure for {what} from {possessive(side)} statistics"
        results.append(SideResult(side, verdict_of(outcome), summary, evidence, cited(chosen), needs))
    return results


# ---------------------------------------------------------------- growth


def _printed(row: pd.Series) -> str:
    """A printed rate as printed: '+33%', '113% of the year before', '×2'."""
    value = float(row["value"])
    qualifier = {"lower": "over ", "upper": "almost ", "approx": "about "}.get(row["bound"], "")
    if row["measure"] == "pct_of_base":
        return f"{qualifier}{value:g}% of the year before"
    if row["measure"] == "times":
        return f"{qualifier}×{value:g}"
    return f"{qualifier}{value:+g}%"


def _per_year(iv: Interval) -> str:
    return span_text(iv.lo, iv.hi, rate)


def _computed(chk: GrowthCheck, side: str, series: pd.DataFrame, scope: str | None
              ) -> tuple[list[bool | None], str, set[str]]:
    """Growth from the side's own published figures: outcomes, a sentence, the figures' citations."""
    claimed = rate(chk.value)
    ids: set[str] = set()
    if chk.measure == "cagr":
        iv, reason, _ = analysis.growth_interval(series, side, chk.flow, chk.from_year, chk.to_year)
        if iv is None:
            return [], f"{whose(side)} cannot give the growth: {reason}", ids
        ends = series.set_index("year")
        a, b = ends.loc[chk.from_year], ends.loc[chk.to_year]
        ids |= set(cited(a)) | set(cited(b))
        outcome = compare(iv, chk.op, chk.value, chk.tolerance)
        return [outcome], (f"{whose(side)} show {_per_year(iv)} a year from {chk.from_year} to {chk.to_year} "
                           f"({scope_text(scope)}: {usd(a['value_usd'], a['bound'])} to "
                           f"{usd(b['value_usd'], b['bound'])}), "
                           f"{judged(outcome, chk.op, claimed, chk.tolerance)}"), ids
    outcomes, parts = [], []
    for year in range(chk.from_year + 1, chk.to_year + 1):
        iv, reason, _ = analysis.growth_interval(series, side, chk.flow, year - 1, year)
        if iv is None:
            return [], f"{whose(side)} cannot give the growth for {year}: {reason}", ids
        outcomes.append(compare(iv, chk.op, chk.value, chk.tolerance))
        parts.append(f"{_per_year(iv)} in {year}")
    ids |= set(cited(series[series["year"].between(chk.from_year, chk.to_year)]))
    every = False if False in outcomes else True if all(o is True for o in outcomes) else None
    return [every], (f"{whose(side)} show {join_words(parts)} ({scope_text(scope)}), "
                     f"{judged(every, chk.op, claimed, chk.tolerance)}{' every year' if every and len(parts) > 1 else ''}"), ids


def _from_rates(chk: GrowthCheck, side: str, data: RunData) -> tuple[list[bool | None], str, set[str], list[str]]:
    """Growth from the rates the side's sources print: outcomes, a sentence, citations, evidence."""
    rates = analysis.printed_rates(data.changes, chk.economy, chk.partner, chk.flow, side, scope=chk.scope)
    rates = rates[~_own_only(rates, chk.exclude_sources)]
    claimed = rate(chk.value)
    evidence = [f"printed rate: {int(r['year'])} {flow_text(chk.economy, chk.flow, chk.partner)} per "
                f"{whose(side)}: {_printed(r)} ({scope_text(r['scope'])}; {r['value_text']!r}) "
                f"[{'; '.join(cited(r))}]"
                for _, r in rates[rates["year"].between(chk.from_year + 1, chk.to_year)].iterrows()]
    if chk.measure == "cagr":
        spans = [(chk.from_year, chk.to_year)]
    else:
        spans = [(y - 1, y) for y in range(chk.from_year + 1, chk.to_year + 1)]
    outcomes, parts, ids = [], [], set()
    for start, end in spans:
        iv, used, reason = analysis.printed_growth(rates, start, end, scope=chk.scope)
        if iv is None:
            if not rates.empty:
                evidence.append(f"printed rates cannot give the growth {start}–{end}: {reason}")
            return [], "", set(), evidence
        outcomes.append(compare(iv, chk.op, chk.value, chk.tolerance))
        ids |= set(cited(used))
        scope = used["scope"].iloc[0]
        printed = join_words([f"{_printed(r)} for {int(r['year'])}" for _, r in used.iterrows()])
        parts.append(f"{printed} ({scope_text(scope)})" + (f", {_per_year(iv)} a year" if end - start > 1 else ""))
    every = False if False in outcomes else True if all(o is True for o in outcomes) else None
    sentence = (f"{possessive(side)} printed rates are {'; '.join(parts)}, "
                f"{judged(every, chk.op, claimed, chk.tolerance)}")
    return [every], sentence, ids, evidence


def growth(chk: GrowthCheck, data: RunData, as_of: str | None = None) -> list[SideResult]:
    """Computed growth from a side's comparable series, and the rates its sources print, as evidence."""
    years = list(range(chk.from_year, chk.to_year + 1))
    needed = [chk.from_year, chk.to_year] if chk.measure == "cagr" else years
    printed_sides = set(analysis.printed_rates(data.changes, chk.economy, chk.partner, chk.flow)["reporter"])
    results = []
    trade = data.trade[~_own_only(data.trade, chk.exclude_sources)]  # the text cannot confirm itself
    for side in _sides(chk, _present(data, chk, years) | printed_sides):
        series, scope = analysis.comparable_series(trade, chk.economy, chk.partner, side, chk.flow,
                                                   needed, scope=chk.scope)
        evidence = [_evidence(r, "figure") for _, r in series[series["year"].isin(years)].iterrows()]
        evidence += _yoy_lines(series, side, chk.flow, years)
        outcomes, computed, ids = _computed(chk, side, series, scope)
        printed_outcomes, printed, printed_ids, printed_evidence = _from_rates(chk, side, data)
        verdict = combine_statements(outcomes + printed_outcomes)
        decided = [s for s, o in ((computed, outcomes), (printed, printed_outcomes)) if o and o[0] is not None]
        open_ = [s for s, o in ((computed, outcomes), (printed, printed_outcomes)) if s and s not in decided]
        summary = "; ".join(decided + open_)
        needs = None
        if verdict == NOT_CHECKABLE:
            needs = (f"exact full-year {', '.join(map(str, needed))} figures for "
                     f"{flow_text(chk.economy, chk.flow, chk.partner)} of one scope from "
                     f"{possessive(side)} statistics, or the rates they print")
        results.append(SideResult(side, verdict, summary, evidence + printed_evidence,
                                  sorted(ids | printed_ids), needs))
    return results


# ---------------------------------------------------------------- partners


def _ordinal(n: float) -> str:
    n = int(n)
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def _share(value: float) -> str:
    return f"{value:.1f}%"


def _rank_judged(outcome: bool | None, op: str, value: float) -> str:
    """Ranks read upside down (1 is the largest): 'in the claimed top 3', 'not the claimed 2nd'."""
    claimed = {"<=": f"the claimed top {int(value)}", "<": f"the claimed top {int(value) - 1}",
               "==": f"the claimed {_ordinal(value)}"}.get(op)
    if claimed is None:
        return judged(outcome, op, _ordinal(value))
    place = "in " if op in ("<=", "<") else ""
    return {True: f"{place}{claimed}", False: f"not {place}{claimed}"}.get(
        outcome, f"which leaves open whether it is {place}{claimed}")


def _rank_line(row: pd.Series, role: str) -> str:
    share = f", share {row['share_pct']:.1f}%" if pd.notna(row["share_pct"]) else ""
    rank = f"rank {int(row['rank'])}" if pd.notna(row["rank"]) else "rank not stated"
    return (f"{role}: {row['period']} {country_name(row['partner'])} {rank}{' (tied)' if row['tied'] else ''} "
            f"among {possessive(row['economy'])} {row['flow']} partners per {whose(row['reporter'])}{share} "
            f"[{'; '.join(cited(row))}]")


def rank(chk: RankCheck, data: RunData, as_of: str | None = None) -> list[SideResult]:
    p = data.partners
    column = "rank" if chk.measure == "rank" else "share_pct"
    rows = p[(p["economy"] == chk.economy) & (p["partner"] == chk.partner) & (p["flow"] == chk.flow)
             & (p["period"] == str(chk.year)) & p[column].notna()]
    if chk.measure == "rank":
        fmt = _ordinal
        what = f"{country_name(chk.partner)}'s place among {possessive(chk.economy)} trade partners in {chk.year}"
    else:
        fmt = _share
        what = f"{country_name(chk.partner)}'s share of {possessive(chk.economy)} trade in {chk.year}"
    claimed = fmt(chk.value)
    results = []
    own = _own_only(rows, chk.exclude_sources)
    if chk.measure == "share_pct" and chk.exclude_sources:
        # A merged fact does not say which report gave which field; a share is read from the fact's
        # first (most precise) citation, so a share first cited to the text itself is left out.
        own |= rows["source_id"].isin(chk.exclude_sources)
    left_out = rows[own]
    rows = rows[~own]
    for side in _sides(chk, set(rows["reporter"]) | set(left_out["reporter"])):
        side_rows = rows[rows["reporter"] == side]
        skipped = [_rank_line(r, "left out (the text itself, which cannot confirm itself)")
                   for _, r in left_out[left_out["reporter"] == side].iterrows()]
        if side_rows.empty:
            results.append(SideResult(
                side, NOT_CHECKABLE, f"{whose(side)} give no figure for {what}"
                + (" apart from the text itself" if skipped else ""), skipped, [],
                f"{what} ({chk.flow}) from {possessive(side)} statistics"))
            continue
        best, others = analysis.preferred_row(side_rows, ("period",))
        outcome = compare(Interval.point(float(best[column])), chk.op, chk.value, chk.tolerance)
        tied = " (tied)" if best["tied"] else ""
        verdict_words = (_rank_judged(outcome, chk.op, chk.value) if chk.measure == "rank"
                         else judged(outcome, chk.op, claimed, chk.tolerance))
        summary = f"{whose(side)} put {what} at {fmt(best[column])}{tied}, {verdict_words}"
        evidence = ([_rank_line(best, "preferred")] + [_rank_line(r, "other figure") for _, r in others.iterrows()]
                    + skipped)
        results.append(SideResult(side, verdict_of(outcome), summary, evidence, cited(side_rows)))
    return results
