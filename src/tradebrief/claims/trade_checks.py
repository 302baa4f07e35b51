"""Claims about trade figures (threshold, growth) and partner standing (rank), read with `analysis`.

The figures, the preferred figure, the comparable series, growth, CAGR and printed rates all come
from `tradebrief.analysis`, the same functions the brief uses, so a verdict and the brief cannot
disagree about a number. This module holds only what a claim adds: which sides to ask, how the
comparison goes, and what it says — as reason codes with their fields (`text.said`);
the words are written by `text`, in the reader's language.
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
from tradebrief.text.said import Joined, Said, Word, say


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


def _scope_note(row: pd.Series) -> Word:
    return Word("scope", analysis.scope_of(row))


def _ids(rows: pd.DataFrame | pd.Series) -> str:
    return "; ".join(cited(rows))


def _flow(row) -> Word:
    return Word("flow", row["economy"], row["flow"], row["partner"])


def _evidence(row: pd.Series, role: str) -> Said:
    """'preferred: 2022 Belarus–China trade $5.79 bn (exact; goods; basis official; '...') [ids]'."""
    text = row.get("value_text")
    return say("claim.evidence.figure", role=say(f"claim.role.{role}"), period=str(row["period"]), flow=_flow(row),
               whose=Word("whose", row["reporter"]), value=Word("usd", row["value_usd"], row["bound"]),
               bound=Word("bound_name", str(row["bound"])), scope=_scope_note(row),
               basis=say("claim.evidence.basis", basis=Word("code_raw", "basis", row["basis"])) if isinstance(row.get("basis"), str) else "",
               inferred=say("claim.evidence.inferred") if bool(row.get("year_inferred")) else "",
               words=say("claim.evidence.words", text=text) if isinstance(text, str) and text else "",
               ids=_ids(row))


def _would(outcome: bool | None) -> Said:
    return say({True: "claim.would.support", False: "claim.would.contradict", None: "claim.would.open"}[outcome])


def _yoy_lines(series: pd.DataFrame, side: str, flow: str, years: list[int]) -> list[Said]:
    """Evidence: each year's growth from the side's figures, or why there is none."""
    lines = []
    for year in years[1:]:
        iv, reason, _ = analysis.growth_interval(series, side, flow, year - 1, year)
        lines.append(say("claim.evidence.growth", year=str(year), growth=_per_year(iv)) if iv is not None
                     else say("claim.evidence.no_growth", year=str(year), reason=reason))
    return lines


def _own_only(rows: pd.DataFrame, excluded: list[str] | None) -> pd.Series:
    """Rows cited only to the excluded sources (the text itself)."""
    if not excluded or rows.empty:
        return pd.Series(False, index=rows.index)
    return pd.Series([set(cited(r)) <= set(excluded) for _, r in rows.iterrows()], index=rows.index)


def _implied_line(row: pd.Series, role: str) -> Said:
    return say("claim.evidence.implied", role=say(f"claim.role.{role}"), period=str(row["period"]), flow=_flow(row),
               whose=Word("whose", row["reporter"]), value=Word("usd", row["value_usd"]),
               lo=Word("usd", row["lo_usd"]), hi=Word("usd", row["hi_usd"]), arithmetic=str(row["arithmetic"]),
               scope=Word("scope", row["scope"]), ids=_ids(row))


def _apart(own: bool) -> Said | str:
    return say("claim.apart_from_text") if own else ""


def threshold(chk: ThresholdCheck, data: RunData, as_of: str | None = None) -> list[SideResult]:
    """A figure against a claimed value; with no published figure, a figure implied by a printed rate
    may decide, said so, with its arithmetic and both citations."""
    claimed = Word("usd", chk.value)
    label = chk.period or str(chk.year)
    what = say("claim.what", label=label, flow=Word("flow", chk.economy, chk.flow, chk.partner))
    scope = say("claim.scope_paren", scope=Word("scope", chk.scope)) if chk.scope else ""
    excluded = chk.exclude_sources or []
    implied_all = analysis.implied(data.trade, data.changes, chk.economy, chk.partner, chk.flow)
    results = []
    for side in _sides(chk, _present(data, chk, [chk.year] if chk.year else [])):
        rows = _figures(data, chk, side, full_year=chk.period is None)
        period_rows = rows[rows["period"] == chk.period] if chk.period else rows[rows["year"] == chk.year]
        own = _own_only(period_rows, excluded)
        chosen = period_rows[~own]
        evidence = [_evidence(r, "left_out") for _, r in period_rows[own].iterrows()]
        implied = implied_all[(implied_all["reporter"] == side) & (implied_all["period"] == label)]
        if chk.scope:
            implied = implied[implied["scope"] == chk.scope]
        implied = implied[[not (set(cited(r)) & set(excluded)) for _, r in implied.iterrows()]] \
            if not implied.empty else implied
        if chosen.empty and implied.empty:
            periods = sorted(set(rows["period"].astype(str)))
            results.append(SideResult(
                side, NOT_CHECKABLE, say("claim.threshold.no_figure", side=Word("possessive", side), what=what,
                                         scope=scope, apart=_apart(own.any())),
                evidence + [say("claim.evidence.periods", whose=Word("whose", side),
                                periods=Joined(tuple(periods), "comma") if periods else say("claim.none"))],
                cited(period_rows),
                say("claim.need.figure", what=what, scope=scope, side=Word("possessive", side)),
                claimed=chk.value, op=chk.op))
            continue
        if chosen.empty:  # only implied figures: each must agree for a verdict
            outcomes = [compare(Interval(float(r["lo_usd"]), float(r["hi_usd"])), chk.op, chk.value, chk.tolerance)
                        for _, r in implied.iterrows()]
            verdict = combine_statements(outcomes)
            best = implied.iloc[0]
            summary = say("claim.threshold.implied", side=Word("possessive", side), what=what, apart=_apart(own.any()),
                          arithmetic=str(best["arithmetic"]), value=Word("usd", best["value_usd"]),
                          scope=Word("scope", best["scope"]),
                          judged=Word("judged", outcomes[0], chk.op, claimed, chk.tolerance))
            evidence += [_implied_line(r, "implied") for _, r in implied.iterrows()]
            needs = None if verdict != NOT_CHECKABLE else say("claim.need.published", what=what,
                                                              side=Word("possessive", side))
            results.append(SideResult(side, verdict, summary, evidence, cited(implied), needs,
                                      measured=Interval(float(best["lo_usd"]), float(best["hi_usd"])),
                                      claimed=chk.value, op=chk.op, outcome=outcomes[0]))
            continue
        best, others = analysis.preferred_row(chosen, ("period",))
        measured = _interval(best)
        outcome = compare(measured, chk.op, chk.value, chk.tolerance)
        limit = (say("claim.only_limit", limit=Word("limit", best["bound"]))
                 if outcome is None and best["bound"] in LIMIT_BOUNDS else "")
        summary = say("claim.threshold.figure", whose=Word("whose", side), what=what,
                      value=Word("usd", best["value_usd"], best["bound"]), scope=_scope_note(best),
                      judged=Word("judged", outcome, chk.op, claimed, chk.tolerance), limit=limit)
        evidence.insert(0, _evidence(best, "preferred"))
        for _, alt in others.iterrows():
            alone = compare(_interval(alt), chk.op, chk.value, chk.tolerance)
            evidence.append(say("claim.evidence.alone", line=_evidence(alt, "other"), would=_would(alone)))
        evidence += [_implied_line(r, "implied_unused") for _, r in implied.iterrows()]
        needs = None
        if outcome is None:
            needs = say("claim.need.exact", what=what, side=Word("possessive", side))
        results.append(SideResult(side, verdict_of(outcome), summary, evidence, cited(chosen), needs,
                                  measured=measured, claimed=chk.value, op=chk.op, outcome=outcome))
    return results


# ---------------------------------------------------------------- growth


def _printed(row: pd.Series) -> Word:
    """A printed rate as printed: '+33%', '113% of the year before', '×2'."""
    return Word("printed_short", row["measure"], float(row["value"]), row["bound"])


def _per_year(iv: Interval) -> Word:
    return Word("rate_span", iv.lo, iv.hi)


def _computed(chk: GrowthCheck, side: str, series: pd.DataFrame, scope: str | None
              ) -> tuple[list[bool | None], Said, set[str]]:
    """Growth from the side's own published figures: outcomes, what they say, the figures' citations."""
    claimed = Word("rate", chk.value)
    ids: set[str] = set()
    if chk.measure == "cagr":
        iv, reason, _ = analysis.growth_interval(series, side, chk.flow, chk.from_year, chk.to_year)
        if iv is None:
            return [], say("claim.growth.cannot", whose=Word("whose", side), reason=reason), ids
        ends = series.set_index("year")
        a, b = ends.loc[chk.from_year], ends.loc[chk.to_year]
        ids |= set(cited(a)) | set(cited(b))
        outcome = compare(iv, chk.op, chk.value, chk.tolerance)
        return [outcome], say("claim.growth.cagr", whose=Word("whose", side), span=_per_year(iv),
                              start=str(chk.from_year), end=str(chk.to_year), scope=Word("scope", scope),
                              a=Word("usd", a["value_usd"], a["bound"]), b=Word("usd", b["value_usd"], b["bound"]),
                              judged=Word("judged", outcome, chk.op, claimed, chk.tolerance)), ids
    outcomes, parts = [], []
    for year in range(chk.from_year + 1, chk.to_year + 1):
        iv, reason, _ = analysis.growth_interval(series, side, chk.flow, year - 1, year)
        if iv is None:
            return [], say("claim.growth.cannot_year", whose=Word("whose", side), year=str(year), reason=reason), ids
        outcomes.append(compare(iv, chk.op, chk.value, chk.tolerance))
        parts.append(say("claim.growth.in_year", span=_per_year(iv), year=str(year)))
    ids |= set(cited(series[series["year"].between(chk.from_year, chk.to_year)]))
    every = False if False in outcomes else True if all(o is True for o in outcomes) else None
    return [every], say("claim.growth.yoy", whose=Word("whose", side), parts=Joined(tuple(parts)),
                        scope=Word("scope", scope), judged=Word("judged", every, chk.op, claimed, chk.tolerance),
                        every=say("claim.growth.every_year") if every and len(parts) > 1 else ""), ids


def _from_rates(chk: GrowthCheck, side: str, data: RunData
                ) -> tuple[list[bool | None], Said | None, set[str], list[Said]]:
    """Growth from the rates the side's sources print: outcomes, what they say, citations, evidence."""
    rates = analysis.printed_rates(data.changes, chk.economy, chk.partner, chk.flow, side, scope=chk.scope)
    rates = rates[~_own_only(rates, chk.exclude_sources)]
    claimed = Word("rate", chk.value)
    flow = Word("flow", chk.economy, chk.flow, chk.partner)
    evidence = [say("claim.evidence.printed_rate", year=str(int(r["year"])), flow=flow, whose=Word("whose", side),
                    printed=_printed(r), scope=Word("scope", r["scope"]), text=r["value_text"], ids=_ids(r))
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
                evidence.append(say("claim.evidence.printed_cannot", start=str(start), end=str(end), reason=reason))
            return [], None, set(), evidence
        outcomes.append(compare(iv, chk.op, chk.value, chk.tolerance))
        ids |= set(cited(used))
        scope = used["scope"].iloc[0]
        printed = Joined(tuple(say("claim.growth.printed_for", printed=_printed(r), year=str(int(r["year"])))
                               for _, r in used.iterrows()))
        parts.append(say("claim.growth.printed_part", printed=printed, scope=Word("scope", scope),
                         per_year=say("claim.growth.a_year", span=_per_year(iv)) if end - start > 1 else ""))
    every = False if False in outcomes else True if all(o is True for o in outcomes) else None
    sentence = say("claim.growth.printed", side=Word("possessive", side), parts=Joined(tuple(parts), "semicolon"),
                   judged=Word("judged", every, chk.op, claimed, chk.tolerance))
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
        summary = say("claim.sides", parts=Joined(tuple(decided + open_), "semicolon"))
        needs = None
        if verdict == NOT_CHECKABLE:
            needs = say("claim.need.growth", years=", ".join(map(str, needed)),
                        flow=Word("flow", chk.economy, chk.flow, chk.partner), side=Word("possessive", side))
        results.append(SideResult(side, verdict, summary, evidence + printed_evidence,
                                  sorted(ids | printed_ids), needs, claimed=chk.value, op=chk.op))
    return results


# ---------------------------------------------------------------- partners


def _rank_line(row: pd.Series, role: str) -> Said:
    return say("claim.evidence.rank", role=say(f"claim.role.{role}"), period=str(row["period"]),
               partner=Word("country", row["partner"]),
               rank=say("claim.rank.rank", n=str(int(row["rank"]))) if pd.notna(row["rank"])
               else say("claim.rank.rank_not_stated"),
               tied=say("claim.rank.tied") if row["tied"] else "", economy=Word("possessive", row["economy"]),
               flow=Word("flow_code", row["flow"]), whose=Word("whose", row["reporter"]),
               share=say("claim.rank.share", share=Word("share", row["share_pct"])) if pd.notna(row["share_pct"])
               else "", ids=_ids(row))


def rank(chk: RankCheck, data: RunData, as_of: str | None = None) -> list[SideResult]:
    p = data.partners
    column = "rank" if chk.measure == "rank" else "share_pct"
    rows = p[(p["economy"] == chk.economy) & (p["partner"] == chk.partner) & (p["flow"] == chk.flow)
             & (p["period"] == str(chk.year)) & p[column].notna()]
    if chk.measure == "rank":
        fmt = "ordinal_number"
        what = say("claim.rank.what_place", partner=Word("country", chk.partner),
                   economy=Word("possessive", chk.economy), year=str(chk.year))
    else:
        fmt = "share"
        what = say("claim.rank.what_share", partner=Word("country", chk.partner),
                   economy=Word("possessive", chk.economy), year=str(chk.year))
    claimed = Word(fmt, chk.value)
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
        skipped = [_rank_line(r, "left_out") for _, r in left_out[left_out["reporter"] == side].iterrows()]
        if side_rows.empty:
            results.append(SideResult(
                side, NOT_CHECKABLE, say("claim.rank.no_figure", whose=Word("whose", side), what=what,
                                         apart=_apart(bool(skipped))), skipped, [],
                say("claim.need.rank", what=what, flow=Word("flow_code", chk.flow), side=Word("possessive", side)),
                claimed=chk.value, op=chk.op))
            continue
        best, others = analysis.preferred_row(side_rows, ("period",))
        measured = Interval.point(float(best[column]))
        outcome = compare(measured, chk.op, chk.value, chk.tolerance)
        verdict_words = (Word("rank_judged", outcome, chk.op, chk.value) if chk.measure == "rank"
                         else Word("judged", outcome, chk.op, claimed, chk.tolerance))
        summary = say("claim.rank.figure", whose=Word("whose", side), what=what, value=Word(fmt, best[column]),
                      tied=say("claim.rank.tied") if best["tied"] else "", judged=verdict_words)
        evidence = ([_rank_line(best, "preferred")] + [_rank_line(r, "other") for _, r in others.iterrows()]
                    + skipped)
        results.append(SideResult(side, verdict_of(outcome), summary, evidence, cited(side_rows),
                                  measured=measured, claimed=chk.value, op=chk.op, outcome=outcome))
    return results
