"""Claims about records: counts (rail, agreements, events), dates, label and sector membership, sums.

Records are filtered with `tradebrief.analysis.relations` (text filters, date spans, known by the
text's date). A register of events or documents records at least what happened, maybe not all, so a
count is a lower bound and an absent record is never proof of absence.
"""
from __future__ import annotations

import math
import re

import pandas as pd

from tradebrief.analysis.intervals import Interval, compare, from_figure
from tradebrief.analysis.relations import TEXT_FILTERS, contains_all, date_span, filter_records, text_bound
from tradebrief.claims.results import (
    ALL_SOURCES,
    CONTRADICTED,
    NOT_CHECKABLE,
    SUPPORTED,
    SideResult,
    cited,
    combine_statements,
    verdict_of,
)
from tradebrief.claims.spec import (
    Claim,
    CountCheck,
    DateCheck,
    MembershipCheck,
    NotCheckable,
    SumCheck,
    _as_list,
)
from tradebrief.data.context import RunData
from tradebrief.data.countries import country_name
from tradebrief.data.load import mark_preferred
from tradebrief.text.words import join_words, judged, period_text, span_text, usd

#: Agreement value kinds that are not the worth of the documents (never summed with it).
NOT_WORTH = ("economic_effect",)


def _clean(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value) else str(value)


def records(frame: pd.DataFrame, chk, as_of: str | None) -> pd.DataFrame:
    """Rows matching a check's filters, known by the text's date."""
    texts = {key: _as_list(getattr(chk, key, None)) for key in TEXT_FILTERS}
    return filter_records(frame, category=getattr(chk, "category", None), between=getattr(chk, "between", None),
                          known_by=as_of, exclude_sources=getattr(chk, "exclude_sources", None), **texts)


def _excluded(frame: pd.DataFrame, chk, as_of: str | None) -> list[str]:
    """Evidence lines for rows left out as not independent of the text."""
    ids = getattr(chk, "exclude_sources", None)
    if not ids:
        return []
    texts = {key: _as_list(getattr(chk, key, None)) for key in TEXT_FILTERS}
    rows = filter_records(frame, category=getattr(chk, "category", None), between=getattr(chk, "between", None),
                          known_by=as_of, **texts)
    return [f"left out (the text repeats this source, so it cannot confirm it): {_row_line(r)}"
            for _, r in rows[rows["source_id"].isin(ids)].iterrows()]


def _row_line(row: pd.Series) -> str:
    value = f", {usd(row['value_usd'])}" if "value_usd" in row and pd.notna(row.get("value_usd")) else ""
    return f"{row['date']}: {row['title']}{value} [{'; '.join(cited(row))}]"


def _describe(chk) -> str:
    """The filters in words: 'kind sanctions, title containing “Joint Statement”, dated 2023-02-28 to 2023-03-02'."""
    parts = []
    category = getattr(chk, "category", None)
    if category:
        parts.append(f"kind {category.replace('_', ' ')}")
    for attr in TEXT_FILTERS:
        value = getattr(chk, attr, None)
        if value:
            words = " and ".join(f"“{v}”" for v in _as_list(value))
            parts.append(f"{attr.replace('_contains', '')} containing {words}")
    between = getattr(chk, "between", None)
    if between:
        parts.append(f"dated {' to '.join(_as_list(between))}")
    return ", ".join(parts) or "any"


def _known(as_of: str | None) -> str:
    return f" up to {as_of}" if as_of else ""


# ---------------------------------------------------------------- counts


def count(chk: CountCheck, data: RunData, as_of: str | None = None) -> list[SideResult]:
    if chk.dataset == "rail":
        return [_rail_count(chk, data.rail)]
    frame = data.agreements if chk.dataset == "agreements" else data.events
    rows = records(frame, chk, as_of)
    n = len(rows)
    iv = Interval(float(n), math.inf)  # a register records at least what happened, maybe not all
    outcome = compare(iv, chk.op, chk.value, chk.tolerance)
    claimed = f"{chk.value:g}"
    found = f"No {chk.dataset[:-1]} on record{_known(as_of)} matches" if n == 0 else (
        f"{n} {chk.dataset if n != 1 else chk.dataset[:-1]} on record{_known(as_of)} match{'es' if n == 1 else ''}")
    summary = (f"{found} ({_describe(chk)}); the records may be incomplete, "
               f"so there are at least {n}, {judged(outcome, chk.op, claimed, chk.tolerance)}")
    needs = None if outcome is not None else (
        f"a complete list of the {chk.dataset} matching the claim (the records hold {n})")
    evidence = [_row_line(r) for _, r in rows.iterrows()] + _excluded(frame, chk, as_of)
    return [SideResult(ALL_SOURCES, verdict_of(outcome), summary, evidence, cited(rows), needs)]


def _number(unit: str):
    def fmt(value: float) -> str:
        if math.isinf(value):
            return "∞"
        return f"{value:,.0f} {unit}" if float(value).is_integer() else f"{value:,.2f} {unit}"
    return fmt


def _rail_text(row: pd.Series, fmt) -> str:
    text = _clean(row.get("value_text"))
    shown = fmt(row["value"]) if pd.notna(row["value"]) else ""
    return f"{shown} ({row['bound']}{'; ' + repr(text) if text else ''})"


def _rail_count(chk: CountCheck, rail: pd.DataFrame) -> SideResult:
    metric = contains_all(rail["metric"], _as_list(chk.metric_contains))
    unit = rail["unit"].str.lower() == chk.unit.lower()
    matching = rail[metric & unit].sort_values(["year", "period", "source_id"], kind="mergesort")
    rows = matching[matching["year"] == chk.year]
    fmt = _number(chk.unit)
    what = f"{chk.unit} ({' and '.join('“' + t + '”' for t in _as_list(chk.metric_contains))})"
    other = [f"other year (not used): {r['period']} {r['metric']}: {_rail_text(r, fmt)} [{'; '.join(cited(r))}]"
             for _, r in matching[matching["year"] != chk.year].iterrows()]
    if rows.empty:
        if matching.empty:
            summary = f"no figure for {what} is on record for any year"
        else:
            last = matching.iloc[-1]
            summary = (f"no {chk.year} figure for {what} is on record; the nearest, for "
                       f"{period_text(last['period'])}, is {fmt(last['value'])}")
        return SideResult(ALL_SOURCES, NOT_CHECKABLE, summary, other, cited(matching),
                          f"a {chk.year} figure for {what}")
    outcomes, evidence, parts = [], [], []
    for (period, name), group in rows.groupby(["period", "metric"], sort=True):
        flags = mark_preferred(group, ("period", "metric"))
        for _, r in group.iterrows():
            iv = from_figure(float(r["value"]), str(r["bound"]), r["value_high"])
            outcome = compare(iv, chk.op, chk.value, chk.tolerance)
            role = "preferred" if flags[r.name] else "other figure"
            evidence.append(f"{role}: {period} {name}: {_rail_text(r, fmt)} [{'; '.join(cited(r))}]")
            if flags[r.name]:
                outcomes.append(outcome)
                parts.append(f"{period} {name}: {span_text(iv.lo, iv.hi, fmt)}, "
                             f"{judged(outcome, chk.op, fmt(chk.value), chk.tolerance)}")
    verdict = combine_statements(outcomes)
    needs = None if verdict != NOT_CHECKABLE else f"an exact {chk.year} figure for {what}"
    return SideResult(ALL_SOURCES, verdict, "; ".join(parts), evidence + other, cited(matching), needs)


# ---------------------------------------------------------------- dates


def _date_outcome(span, c_lo, c_hi, op) -> bool | None:
    lo, hi = span
    if op == "==":
        return True if lo >= c_lo and hi <= c_hi else False if hi < c_lo or lo > c_hi else None
    if op == "<":
        return True if hi < c_lo else False if lo >= c_lo else None
    if op == "<=":
        return True if hi <= c_hi else False if lo > c_hi else None
    if op == ">":
        return True if lo > c_hi else False if hi <= c_hi else None
    return True if lo >= c_lo else False if hi < c_lo else None  # ">="


_DATE_WORDS = {"==": "on", "<": "before", "<=": "on or before", ">": "after", ">=": "on or after"}


def _claimed_date(op: str, date_text: str) -> str:
    """'on 2023-02-28', but 'in 2020' and 'in 2023-03': a year or a month is not a day."""
    span = date_span(date_text)
    word = "in" if op == "==" and span is not None and span[0] != span[1] else _DATE_WORDS[op]
    return f"{word} {date_text}"


def date(chk: DateCheck, data: RunData, as_of: str | None = None) -> list[SideResult]:
    frame = data.events if chk.dataset == "events" else data.agreements
    rows = records(frame, chk, as_of)
    claimed = _claimed_date(chk.op, chk.date)
    if rows.empty:
        return [SideResult(ALL_SOURCES, NOT_CHECKABLE,
                           f"no matching {chk.dataset[:-1]} is on record{_known(as_of)} ({_describe(chk)})",
                           _excluded(frame, chk, as_of), [],
                           f"a dated record of the {chk.dataset[:-1]} ({_describe(chk)})")]
    c_lo, c_hi = date_span(chk.date)
    outcomes, evidence = [], []
    for _, r in rows.iterrows():
        span = date_span(r["date"])
        outcome = None if span is None else _date_outcome(span, c_lo, c_hi, chk.op)
        outcomes.append(outcome)
        evidence.append(_row_line(r))
    verdict = SUPPORTED if True in outcomes else CONTRADICTED if all(o is False for o in outcomes) else NOT_CHECKABLE
    listed = sorted(set(rows["date"].astype(str)))
    dates = join_words(listed) if len(listed) <= 3 else f"{listed[0]} to {listed[-1]}"
    if len(rows) == 1:
        summary = {SUPPORTED: f"the records date it {dates}, " + ("as claimed" if chk.op == "==" else claimed),
                   CONTRADICTED: f"the records date it "
                   f"{dates}, not {claimed}"}.get(verdict, f"the records date it {dates}, too loosely to tell "
                                                           f"whether it was {claimed}")
    else:
        summary = (f"of {len(rows)} matching records (dated {dates}), {outcomes.count(True)} "
                   f"{'is' if outcomes.count(True) == 1 else 'are'} dated {claimed}")
    needs = None if verdict != NOT_CHECKABLE else f"an exactly dated record ({_describe(chk)})"
    return [SideResult(ALL_SOURCES, verdict, summary, evidence + _excluded(frame, chk, as_of), cited(rows), needs)]


# ---------------------------------------------------------------- membership


def membership(chk: MembershipCheck, data: RunData, as_of: str | None = None) -> list[SideResult]:
    if chk.dataset == "agreements":
        return [_sector_membership(chk, data.agreements, as_of)]
    return [_label_membership(chk, data.labels, chk.as_of or as_of or "latest")]


def _names(codes: set[str]) -> str:
    return join_words([country_name(c) for c in sorted(codes)]) or "none"


def _label_membership(chk: MembershipCheck, labels: pd.DataFrame, as_of: str) -> SideResult:
    text = labels["label_en"].fillna("") + " " + labels["label_original"].fillna("")
    matches = labels[contains_all(text, [chk.label_contains]) & labels["country"].notna()]
    holders = matches[matches["label_kind"].isin(chk.label_kind)].sort_values(["country", "source_id"])
    negatives = labels[(labels["label_kind"] == "negative_check") & labels["country"].notna()]
    cutoff = None if as_of == "latest" else date_span(as_of)
    sure, unsure, later, evidence = set(), set(), set(), []
    for _, r in holders.iterrows():
        span = date_span(_clean(r["date_established"]))
        if cutoff is None or (span is not None and span[1] <= cutoff[0]):
            sure.add(r["country"])
            state = "holds it"
        elif span is not None and span[0] > cutoff[1]:
            later.add(r["country"])
            state = "given it later"
        else:
            unsure.add(r["country"])
            state = "date unclear"
        evidence.append(f"{country_name(r['country'])}: {r['label_en']} ({r['label_kind']}), established "
                        f"{_clean(r['date_established']) or 'not stated'}: {state} as of {as_of} "
                        f"[{'; '.join(cited(r))}]")
    non_holders = set(negatives["country"]) - sure - unsure
    evidence += [f"{country_name(r['country'])}: {r['label_en']} (checked: no such label) [{'; '.join(cited(r))}]"
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
    when = "today" if as_of == "latest" else f"as of {as_of}"
    summary = (f"{when}, China {'has' if as_of == 'latest' else 'had'} given a formal "
               f"'{chk.label_contains}' label to {_names(sure)}")
    if unsure:
        summary += f" (date unclear: {_names(unsure)})"
    if extra:
        summary += f", so not only {_names(claimed)}"
    if missing:
        summary += f"; no record of one for {_names(missing)}"
    if later and as_of != "latest":
        summary += f"; it gave one later to {_names(later)}"
    needs = None if outcome is not None else (
        f"a dated list of all countries holding the '{chk.label_contains}' label {when}")
    return SideResult(ALL_SOURCES, verdict_of(outcome), summary, evidence, cited(pd.concat([holders, negatives])),
                      needs)


def _sector_membership(chk: MembershipCheck, agreements: pd.DataFrame, as_of: str | None) -> SideResult:
    rows = records(agreements, chk, as_of)
    text = (rows["sector"].fillna("") + " | " + rows["title"].fillna("")).str.lower()
    evidence, found, missing, ids = [], [], [], set()
    for item in chk.items or []:
        spellings = _as_list(item)
        pattern = "|".join(r"(?<![a-z])" + re.escape(s.lower()) for s in spellings)
        hit = rows[text.str.contains(pattern, regex=True)]
        if hit.empty:
            missing.append(spellings[0])
            evidence.append(f"{spellings[0]}: no independent record of a document")
        else:
            found.append(spellings[0])
            ids |= set(cited(hit))
            evidence.append(f"{spellings[0]}: " + "; ".join(
                f"{r['date']} {r['title']} [{'; '.join(cited(r))}]" for _, r in hit.iterrows()))
    evidence += _excluded(agreements, chk, as_of)
    outcome = True if not missing else None  # absence from the records is not proof of absence
    summary = (f"the records show documents in {len(found)} of the {len(found) + len(missing)} fields claimed"
               + (f"; none independent of the text for {join_words(missing)}" if missing else ""))
    needs = None if outcome else f"an independent list of the documents signed, with fields ({join_words(missing)})"
    return SideResult(ALL_SOURCES, verdict_of(outcome), summary, evidence, sorted(ids), needs)


# ---------------------------------------------------------------- sums


def total(chk: SumCheck, data: RunData, as_of: str | None = None) -> list[SideResult]:
    """A claimed total value: each stated total of the occasion, and the sum of valued documents.

    An estimate of economic effect is a different kind of value from the documents' worth: listed,
    never compared or summed. Documents signed as part of a stated package are not added to it.
    """
    rows = records(data.agreements, chk, as_of)
    valued = rows[rows["value_usd"].notna()]
    kinds = valued["value_kind"].fillna("") if "value_kind" in valued else pd.Series("", index=valued.index)
    other_kind, valued = valued[kinds.isin(NOT_WORTH)], valued[~kinds.isin(NOT_WORTH)]
    claimed = usd(chk.value)
    totals_mask = (contains_all(valued["title"], _as_list(chk.totals_title_contains))
                   if chk.totals_title_contains else pd.Series(False, index=valued.index))
    totals, docs = valued[totals_mask], valued[~totals_mask]
    if "part_of" in docs:
        docs = docs[~docs["part_of"].isin(set(totals["source_id"]))]
    outcomes, evidence, parts = [], [], []
    for _, r in totals.iterrows():
        words = _clean(r["value_text"])
        bound = text_bound(words)
        iv = from_figure(float(r["value_usd"]), bound)
        outcome = compare(iv, chk.op, chk.value, chk.tolerance)
        outcomes.append(outcome)
        evidence.append(f"stated total: {_row_line(r)} ({bound}{'; ' + repr(words) if words else ''})")
        parts.append(f"the stated total is {usd(r['value_usd'], bound)}, {judged(outcome, chk.op, claimed, chk.tolerance)} "
                     f"({r['title']})")
    if not docs.empty:
        subtotal = float(docs["value_usd"].sum())
        iv = Interval(subtotal, math.inf)  # documents without a value, or unrecorded, can only add
        outcome = compare(iv, chk.op, chk.value, chk.tolerance)
        outcomes.append(outcome)
        evidence += [f"document: {_row_line(r)}" for _, r in docs.iterrows()]
        parts.append(f"documents with a stated value add up to at least {usd(subtotal)}, "
                     f"{judged(outcome, chk.op, claimed, chk.tolerance)}")
    evidence += [f"not the documents' worth (an estimate of economic effect; not compared): {_row_line(r)}"
                 for _, r in other_kind.iterrows()]
    unvalued = len(rows) - len(valued) - len(other_kind)
    if unvalued:
        evidence.append(f"{unvalued} matching document(s) recorded without a value")
    if not outcomes:
        return [SideResult(ALL_SOURCES, NOT_CHECKABLE, "the records hold no stated value of these agreements",
                           evidence, cited(rows), f"a stated total value of the agreements ({_describe(chk)})")]
    verdict = combine_statements(outcomes)
    needs = None if verdict != NOT_CHECKABLE else "an exact stated total of the agreements' value"
    return [SideResult(ALL_SOURCES, verdict, "; ".join(parts), evidence, cited(valued), needs)]


def not_checkable(chk: NotCheckable, data: RunData, claim: Claim, as_of: str | None = None) -> list[SideResult]:
    evidence, ids = [], []
    if chk.context is not None:
        frame = data.events if chk.context.dataset == "events" else data.agreements
        rows = records(frame, chk.context, as_of)
        evidence = [f"related, not decisive: {_row_line(r)}" for _, r in rows.iterrows()]
        ids = cited(rows)
    return [SideResult(ALL_SOURCES, NOT_CHECKABLE, f"no record settles this; it needs {claim.needs.strip()}",
                       evidence, ids, claim.needs)]
