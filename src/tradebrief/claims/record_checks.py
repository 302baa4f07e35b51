"""Claims about records: counts (rail, agreements, events), dates, label and sector membership, sums.

Records are filtered with `tradebrief.analysis.relations` (text filters, date spans, known by the
text's date). A register of events or documents records at least what happened, maybe not all, so a
count is a lower bound and an absent record is never proof of absence. What a check finds is said as
reason codes with their fields (`text.said`), worded by `text` in the reader's language.
"""
from __future__ import annotations

import math
import re

import pandas as pd

from tradebrief.analysis.intervals import Interval, compare, from_figure
from tradebrief.analysis.relations import TEXT_FILTERS, contains_all, countable, date_span, filter_records, text_bound
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
from tradebrief.data.load import mark_preferred
from tradebrief.text.said import Joined, Said, Word, say

#: Agreement value kinds that are not the worth of the documents (never summed with it).
NOT_WORTH = ("economic_effect",)


def _clean(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and math.isnan(value)) or pd.isna(value) else str(value)


def records(frame: pd.DataFrame, chk, as_of: str | None) -> pd.DataFrame:
    """Rows matching a check's filters, known by the text's date."""
    texts = {key: _as_list(getattr(chk, key, None)) for key in TEXT_FILTERS}
    return filter_records(frame, category=getattr(chk, "category", None), between=getattr(chk, "between", None),
                          known_by=as_of, exclude_sources=getattr(chk, "exclude_sources", None), **texts)


def _excluded(frame: pd.DataFrame, chk, as_of: str | None) -> list[Said]:
    """Evidence lines for rows left out as not independent of the text."""
    ids = getattr(chk, "exclude_sources", None)
    if not ids:
        return []
    texts = {key: _as_list(getattr(chk, key, None)) for key in TEXT_FILTERS}
    rows = filter_records(frame, category=getattr(chk, "category", None), between=getattr(chk, "between", None),
                          known_by=as_of, **texts)
    return [say("claim.evidence.excluded", line=_row_line(r)) for _, r in rows[rows["source_id"].isin(ids)].iterrows()]


def _own_rows(frame: pd.DataFrame, chk, as_of: str | None) -> pd.DataFrame:
    """The rows matching a check's filters that cite only the text's own sources (left out)."""
    ids = getattr(chk, "exclude_sources", None)
    if not ids:
        return frame.iloc[0:0]
    texts = {key: _as_list(getattr(chk, key, None)) for key in TEXT_FILTERS}
    rows = filter_records(frame, category=getattr(chk, "category", None), between=getattr(chk, "between", None),
                          known_by=as_of, **texts)
    return rows[rows["source_id"].isin(ids)]


def _ids(rows: pd.DataFrame | pd.Series) -> str:
    return "; ".join(cited(rows))


def _row_line(row: pd.Series) -> Said:
    value = (say("claim.evidence.record_value", value=Word("usd", row["value_usd"]))
             if "value_usd" in row and pd.notna(row.get("value_usd")) else "")
    return say("claim.evidence.record", date=str(row["date"]), title=str(row["title"]), value=value, ids=_ids(row))


def _quoted(values: list[str], how: str = "and_all") -> Joined:
    """The claim's own words, quoted (“trade”, «trade»): never read as the report's words in any language."""
    return Joined(tuple(say("claim.quoted", text=v) for v in values), how)


def _describe(chk) -> Said:
    """The filters in words: 'kind sanctions, title containing “Joint Statement”, dated 2023-02-28 to 2023-03-02'."""
    parts: list[Said] = []
    category = getattr(chk, "category", None)
    if category:
        parts.append(say("claim.filter.kind", kind=Word("code_raw", "category", category)))
    for attr in TEXT_FILTERS:
        value = getattr(chk, attr, None)
        if value:
            parts.append(say("claim.filter.contains", field=attr.removesuffix("_contains"),
                             words=_quoted(_as_list(value))))
    between = getattr(chk, "between", None)
    if between:
        parts.append(say("claim.filter.dated", span=Joined(tuple(_as_list(between)), "to")))
    return say("claim.filters", parts=Joined(tuple(parts), "comma")) if parts else say("claim.filter.any")


def _known(as_of: str | None) -> Said | str:
    return say("claim.known_up_to", date=as_of) if as_of else ""


# ---------------------------------------------------------------- counts


def count(chk: CountCheck, data: RunData, as_of: str | None = None) -> list[SideResult]:
    if chk.dataset == "rail":
        return [_rail_count(chk, data.rail)]
    frame = data.agreements if chk.dataset == "agreements" else data.events
    matched = records(frame, chk, as_of)
    rows = matched[countable(matched)]  # packages and estimates are not documents
    n = len(rows)
    iv = Interval(float(n), math.inf)  # a register records at least what happened, maybe not all
    outcome = compare(iv, chk.op, chk.value, chk.tolerance)
    number = "none" if n == 0 else "one" if n == 1 else "many"
    found = (say(f"claim.count.none.{chk.dataset}", known=_known(as_of)) if n == 0 else
             say(f"claim.count.{number}.{chk.dataset}", n=Word("count", n), known=_known(as_of)))
    summary = say("claim.count.summary", found=found,
                  filters=_describe(chk), n=Word("count", n),
                  judged=Word("judged", outcome, chk.op, Word("g", chk.value), chk.tolerance))
    needs = None if outcome is not None else say(f"claim.need.count.{chk.dataset}", n=Word("count", n))
    evidence = ([_row_line(r) for _, r in rows.iterrows()]
                + [say("claim.evidence.not_counted", row=_row_line(r)) for _, r in matched[~countable(matched)].iterrows()]
                + _excluded(frame, chk, as_of))
    return [SideResult(ALL_SOURCES, verdict_of(outcome), summary, evidence, cited(rows), needs,
                       measured=iv, claimed=chk.value, op=chk.op, outcome=outcome)]


def _rail_text(row: pd.Series, unit: str) -> Said:
    text = _clean(row.get("value_text"))
    return say("claim.evidence.rail_value",
               shown=Word("unit_number", float(row["value"]), unit) if pd.notna(row["value"]) else "",
               bound=Word("bound_name", str(row["bound"])), words=say("claim.evidence.words", text=text) if text else "")


def _rail_count(chk: CountCheck, rail: pd.DataFrame) -> SideResult:
    metric = contains_all(rail["metric"], _as_list(chk.metric_contains))
    unit = rail["unit"].str.lower() == chk.unit.lower()
    matching = rail[metric & unit].sort_values(["year", "period", "source_id"], kind="mergesort")
    rows = matching[matching["year"] == chk.year]
    what = say("claim.rail.what", unit=chk.unit, terms=_quoted(_as_list(chk.metric_contains)))
    other = [say("claim.evidence.rail_other", period=str(r["period"]), metric=str(r["metric"]),
                 value=_rail_text(r, chk.unit), ids=_ids(r))
             for _, r in matching[matching["year"] != chk.year].iterrows()]
    if rows.empty:
        if matching.empty:
            summary = say("claim.rail.none", what=what)
        else:
            last = matching.iloc[-1]
            summary = say("claim.rail.nearest", year=str(chk.year), what=what, period=Word("period", last["period"]),
                          value=Word("unit_number", float(last["value"]), chk.unit))
        return SideResult(ALL_SOURCES, NOT_CHECKABLE, summary, other, cited(matching),
                          say("claim.need.rail_year", year=str(chk.year), what=what), claimed=chk.value, op=chk.op)
    outcomes, evidence, parts = [], [], []
    for (period, name), group in rows.groupby(["period", "metric"], sort=True):
        flags = mark_preferred(group, ("period", "metric"))
        for _, r in group.iterrows():
            iv = from_figure(float(r["value"]), str(r["bound"]), r["value_high"])
            outcome = compare(iv, chk.op, chk.value, chk.tolerance)
            role = "preferred" if flags[r.name] else "other"
            evidence.append(say("claim.evidence.rail", role=say(f"claim.role.{role}"), period=str(period),
                                metric=str(name), value=_rail_text(r, chk.unit), ids=_ids(r)))
            if flags[r.name]:
                outcomes.append(outcome)
                parts.append(say("claim.rail.part", period=str(period), metric=str(name),
                                 span=Word("unit_span", iv.lo, iv.hi, chk.unit),
                                 judged=Word("judged", outcome, chk.op, Word("unit_number", chk.value, chk.unit),
                                             chk.tolerance)))
    verdict = combine_statements(outcomes)
    needs = None if verdict != NOT_CHECKABLE else say("claim.need.rail_exact", year=str(chk.year), what=what)
    return SideResult(ALL_SOURCES, verdict, say("claim.sides", parts=Joined(tuple(parts), "semicolon")),
                      evidence + other, cited(matching), needs, claimed=chk.value, op=chk.op)


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


def _claimed_date(op: str, date_text: str) -> Said:
    """'on 2023-02-28', but 'in 2020' and 'in 2023-03': a year or a month is not a day."""
    span = date_span(date_text)
    key = "in" if op == "==" and span is not None and span[0] != span[1] else op
    return say(f"claim.date.{key}", date=date_text)


def date(chk: DateCheck, data: RunData, as_of: str | None = None) -> list[SideResult]:
    frame = data.events if chk.dataset == "events" else data.agreements
    rows = records(frame, chk, as_of)
    claimed = _claimed_date(chk.op, chk.date)
    if rows.empty:
        return [SideResult(ALL_SOURCES, NOT_CHECKABLE,
                           say(f"claim.date.none.{chk.dataset}", known=_known(as_of), filters=_describe(chk)),
                           _excluded(frame, chk, as_of), [],
                           say(f"claim.need.date.{chk.dataset}", filters=_describe(chk)), op=chk.op)]
    c_lo, c_hi = date_span(chk.date)
    outcomes, evidence = [], []
    for _, r in rows.iterrows():
        span = date_span(r["date"])
        outcome = None if span is None else _date_outcome(span, c_lo, c_hi, chk.op)
        outcomes.append(outcome)
        evidence.append(_row_line(r))
    verdict = SUPPORTED if True in outcomes else CONTRADICTED if all(o is False for o in outcomes) else NOT_CHECKABLE
    listed = sorted(set(rows["date"].astype(str)))
    dates = Joined(tuple(listed)) if len(listed) <= 3 else Joined((listed[0], listed[-1]), "to")
    if len(rows) == 1:
        key = {SUPPORTED: "supported_as_claimed" if chk.op == "==" else "supported",
               CONTRADICTED: "contradicted"}.get(verdict, "loose")
        summary = (say("claim.date.supported_as_claimed", dates=dates) if key == "supported_as_claimed"
                   else say(f"claim.date.{key}", dates=dates, claimed=claimed))
    else:
        hits = outcomes.count(True)
        summary = say("claim.date.many_one" if hits == 1 else "claim.date.many", n=Word("count", len(rows)),
                      dates=dates, hits=Word("count", hits), claimed=claimed)
    if chk.since:  # a claimed start: a record before it contradicts the claim (#25.10)
        summary, verdict = _earlier_premise(summary, rows, c_lo, chk, verdict)
    needs = None if verdict != NOT_CHECKABLE else say("claim.need.date_exact", filters=_describe(chk))
    return [SideResult(ALL_SOURCES, verdict, summary, evidence + _excluded(frame, chk, as_of), cited(rows), needs,
                       op=chk.op)]


def _earlier_premise(summary: Said, rows: pd.DataFrame, c_lo, chk: DateCheck, verdict: str) -> tuple[Said, str]:
    """A claim that something has held since a date names its start: records that predate it make the
    claim wrong on its date even where records of that date exist (EU sanctions date from 2004), and
    the verdict says so, as its evidence does."""
    earlier = sorted(str(d) for d in rows["date"] if (span := date_span(str(d))) is not None and span[1] < c_lo)
    if not earlier:
        return summary, verdict
    return say("claim.date.earlier", summary=summary, earliest=earlier[0], date=chk.date), CONTRADICTED


# ---------------------------------------------------------------- membership


def membership(chk: MembershipCheck, data: RunData, as_of: str | None = None) -> list[SideResult]:
    if chk.dataset == "agreements":
        return [_sector_membership(chk, data.agreements, as_of)]
    return [_label_membership(chk, data.labels, chk.as_of or as_of or "latest")]


def _names(codes: set[str]) -> Joined | Said:
    return Joined(tuple(Word("country", c) for c in sorted(codes))) if codes else say("claim.none")


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
            state = "holds"
        elif span is not None and span[0] > cutoff[1]:
            later.add(r["country"])
            state = "later"
        else:
            unsure.add(r["country"])
            state = "unclear"
        evidence.append(say("claim.evidence.label", country=Word("country", r["country"]), label=str(r["label_en"]),
                            kind=str(r["label_kind"]),
                            established=_clean(r["date_established"]) or say("claim.not_stated"),
                            state=say(f"claim.label.{state}"), as_of=as_of, ids=_ids(r)))
    non_holders = set(negatives["country"]) - sure - unsure
    evidence += [say("claim.evidence.label_negative", country=Word("country", r["country"]), label=str(r["label_en"]),
                     ids=_ids(r))
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
    when = say("claim.when.today") if as_of == "latest" else say("claim.when.as_of", date=as_of)
    summary = say("claim.label.summary",
                  main=say("claim.label.given_latest" if as_of == "latest" else "claim.label.given",
                           when=when, label=chk.label_contains, names=_names(sure)),
                  unsure=say("claim.label.unsure", names=_names(unsure)) if unsure else "",
                  extra=say("claim.label.extra", names=_names(claimed)) if extra else "",
                  missing=say("claim.label.missing", names=_names(missing)) if missing else "",
                  later=say("claim.label.later_to", names=_names(later)) if later and as_of != "latest" else "")
    needs = None if outcome is not None else say("claim.need.label", label=chk.label_contains, when=when)
    return SideResult(ALL_SOURCES, verdict_of(outcome), summary, evidence, cited(pd.concat([holders, negatives])),
                      needs, op=chk.op, outcome=outcome)


def _sector_text(rows: pd.DataFrame) -> pd.Series:
    return (rows["sector"].fillna("") + " | " + rows["title"].fillna("")).str.lower()


def _sector_membership(chk: MembershipCheck, agreements: pd.DataFrame, as_of: str | None) -> SideResult:
    rows = records(agreements, chk, as_of)
    text = _sector_text(rows)
    own = _own_rows(agreements, chk, as_of)  # the text's own sources, left out: said where they alone hold a field
    own_text = _sector_text(own)
    evidence, found, missing, only_own, ids = [], [], [], [], set()
    for item in chk.items or []:
        spellings = _as_list(item)
        pattern = "|".join(r"(?<![a-z])" + re.escape(s.lower()) for s in spellings)
        hit = rows[text.str.contains(pattern, regex=True)]
        if hit.empty:
            missing.append(spellings[0])
            if own_text.str.contains(pattern, regex=True).any():
                only_own.append(spellings[0])
            evidence.append(say("claim.evidence.sector_none", item=spellings[0]))
        else:
            found.append(spellings[0])
            ids |= set(cited(hit))
            evidence.append(say("claim.evidence.sector", item=spellings[0], docs=Joined(tuple(
                say("claim.evidence.doc", date=str(r["date"]), title=str(r["title"]), ids=_ids(r))
                for _, r in hit.iterrows()), "semicolon")))
    evidence += _excluded(agreements, chk, as_of)
    outcome = True if not missing else None  # absence from the records is not proof of absence
    absent = [m for m in missing if m not in only_own]
    summary = say("claim.sector.summary", found=Word("count", len(found)), total=Word("count", len(found) + len(missing)),
                  only_own=say("claim.sector.only_own", items=_quoted(only_own, "and")) if only_own else "",
                  absent=say("claim.sector.absent", items=_quoted(absent, "and")) if absent else "")
    needs = None if outcome else say("claim.need.sector", items=Joined(tuple(missing)))
    return SideResult(ALL_SOURCES, verdict_of(outcome), summary, evidence, sorted(ids), needs, outcome=outcome)


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
    claimed = Word("usd", chk.value)
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
        evidence.append(say("claim.evidence.stated_total", line=_row_line(r), bound=Word("bound_name", bound),
                            words=say("claim.evidence.words", text=words) if words else ""))
        parts.append(say("claim.sum.total", value=Word("usd", r["value_usd"], bound), title=str(r["title"]),
                         judged=Word("judged", outcome, chk.op, claimed, chk.tolerance,
                                     iv.is_point and iv.lo == chk.value)))
    if not docs.empty:
        subtotal = float(docs["value_usd"].sum())
        iv = Interval(subtotal, math.inf)  # documents without a value, or unrecorded, can only add
        outcome = compare(iv, chk.op, chk.value, chk.tolerance)
        outcomes.append(outcome)
        evidence += [say("claim.evidence.document", line=_row_line(r)) for _, r in docs.iterrows()]
        parts.append(say("claim.sum.documents", value=Word("usd", subtotal),
                         judged=Word("judged", outcome, chk.op, claimed, chk.tolerance)))
    evidence += [say("claim.evidence.not_worth", line=_row_line(r)) for _, r in other_kind.iterrows()]
    unvalued = len(rows) - len(valued) - len(other_kind)
    if unvalued:
        evidence.append(say("claim.evidence.unvalued", n=Word("count", unvalued)))
    if not outcomes:
        return [SideResult(ALL_SOURCES, NOT_CHECKABLE, say("claim.sum.none"), evidence, cited(rows),
                           say("claim.need.sum", filters=_describe(chk)), claimed=chk.value, op=chk.op)]
    verdict = combine_statements(outcomes)
    needs = None if verdict != NOT_CHECKABLE else say("claim.need.sum_exact")
    return [SideResult(ALL_SOURCES, verdict, say("claim.sides", parts=Joined(tuple(parts), "semicolon")), evidence,
                       cited(valued), needs, claimed=chk.value, op=chk.op)]


def not_checkable(chk: NotCheckable, data: RunData, claim: Claim, as_of: str | None = None) -> list[SideResult]:
    evidence, ids = [], []
    if chk.context is not None:
        frame = data.events if chk.context.dataset == "events" else data.agreements
        rows = records(frame, chk.context, as_of)
        params = getattr(data, "params", None)
        if params is not None and not rows.empty:  # related records of the run's years only
            years = pd.to_numeric(rows["date"].astype(str).str[:4], errors="coerce")
            rows = rows[years.between(params.start_year, params.end_year)]
        evidence = [say("claim.evidence.related", line=_row_line(r)) for _, r in rows.iterrows()]
        ids = cited(rows)
    return [SideResult(ALL_SOURCES, NOT_CHECKABLE, say("claim.no_record_settles", needs=claim.needs.strip()),
                       evidence, ids, say("claim.user_text", text=claim.needs))]
