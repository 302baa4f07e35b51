"""Evaluate a text's claims against a run's data, as of the text's date, with a verdict per side.

A claim is judged at the date of the text it comes from (`ClaimsFile.date`): records dated after it
are left out, and labels are read as they stood then. When the latest records would answer
differently, the verdict at the text's date stands and the result says what changed since.
The checks themselves live in `trade_checks` and `record_checks`; this module runs them, combines
sides and checks; the words are `text.claims`'s.
"""
from __future__ import annotations

from dataclasses import replace

from tradebrief.claims import record_checks, trade_checks
from tradebrief.claims.results import (
    ALL_SOURCES,
    OUTSIDE_RUN,
    VERDICTS,
    CheckResult,
    ClaimResult,
    SideResult,
    combine_checks,
    combine_sides,
)
from tradebrief.claims.spec import Claim, ClaimsFile
from tradebrief.data.context import RunData
from tradebrief.text import claims as text_claims
from tradebrief.text.said import say


def _span(years: tuple[int, int]) -> str:
    return str(years[0]) if years[0] == years[1] else f"{years[0]}–{years[1]}"

__all__ = ["ALL_SOURCES", "OUTSIDE_RUN", "VERDICTS", "CheckResult", "ClaimResult", "SideResult", "evaluate", "evaluate_check",
           "evaluate_claim"]

_KINDS = {"threshold": trade_checks.threshold, "growth": trade_checks.growth, "rank": trade_checks.rank,
          "count": record_checks.count, "date": record_checks.date, "membership": record_checks.membership,
          "sum": record_checks.total}


#: Grades of a citation that is the publisher's own statement of the fact (`ClaimsFile.cites`).
OWN_STATEMENT = ("official_statistics", "official_statement")


def repeated_sources(cites: list[str] | tuple[str, ...], data: RunData) -> list[str]:
    """Of the citations a text cites or repeats, those that cannot confirm it: every one that is not
    the publisher's own statement (a copy, a paraphrase, a press relay), or is not in the data."""
    if not cites:
        return []
    grade = dict(zip(data.sources["source_id"].astype(str), data.sources["reliability"].astype(str), strict=True)) \
        if data.sources is not None and "reliability" in data.sources else {}
    return sorted({str(s) for s in cites if grade.get(str(s)) not in OWN_STATEMENT})


def with_text_sources(chk, left_out: list[str]):
    """The check with the text's repeated sources added to what it leaves out (one rule for all claims)."""
    if not left_out or "exclude_sources" not in type(chk).model_fields:
        return chk
    return chk.model_copy(update={"exclude_sources": sorted(set(chk.exclude_sources or []) | set(left_out))})


def _year(text: object) -> int | None:
    head = str(text or "")[:4]
    return int(head) if head.isdigit() else None


def claimed_years(chk, as_of: str | None = None) -> tuple[int, int] | None:
    """The years a check is about, as the claim names them (None: no year, e.g. a ranking of labels).

    A full year, a period or a span of years as given; a date's year; a claimed start ("since 2020")
    runs to the text's date; a label held "as of" a date is that date's year; records "between" two
    dates are those years. The data a check reads for these years is the run's only where the run
    covers them (`outside_run`)."""
    kind = chk.kind
    if kind in ("threshold", "rank"):
        start = _year(getattr(chk, "period", None)) or chk.year
        end = _year(str(getattr(chk, "period", None) or "").split("..")[-1]) or start
        return (start, end) if start else None
    if kind == "growth":
        return chk.from_year, chk.to_year
    if kind == "count" and chk.dataset == "rail":
        return chk.year, chk.year
    if kind == "date":
        start = _year(chk.date)
        end = _year(as_of) if chk.since and as_of else start
        return (start, max(start, end or start)) if start else None
    if kind == "membership" and chk.dataset == "labels":
        when = chk.as_of if chk.as_of not in (None, "latest") else as_of
        year = _year(when)
        return (year, year) if year else None
    between = getattr(chk, "between", None)
    if between:
        return _year(between[0]), _year(between[1])
    return None


#: Checks that read trade figures of the claimed years: a figure of a year outside the run is never read,
#: so such a claim reaching past the run's years is not checked (a growth rate needs both its ends).
FIGURE_KINDS = ("threshold", "growth", "rank")


def outside_run(chk, data: RunData, as_of: str | None = None) -> tuple[int, int] | None:
    """The years a check is about when the run cannot judge it, else None. A claim wholly outside the
    run's years (2022 in a 2015–2020 run) is never judged; one that overlaps them is judged on the run's
    records (a claimed start, "since 2020", is about 2020), except a figure check reaching past them,
    which would need figures of other years."""
    years = claimed_years(chk, as_of)
    params = getattr(data, "params", None)
    if years is None or params is None:
        return None
    start, end = years
    if end < params.start_year or start > params.end_year:
        return years
    partly = start < params.start_year or end > params.end_year
    return years if partly and chk.kind in FIGURE_KINDS else None


def evaluate_check(chk, data: RunData, claim: Claim, as_of: str | None = None) -> CheckResult:
    """One check -> per-side results and the combined verdict (its words: `text.claims`)."""
    years = outside_run(chk, data, as_of)
    if years is not None:
        p = data.params
        wholly = years[1] < p.start_year or years[0] > p.end_year
        key = "claim.outside_run" if wholly else "claim.partly_outside_run"
        side = SideResult(ALL_SOURCES, OUTSIDE_RUN,
                          say(key, years=_span(years), start=str(p.start_year), end=str(p.end_year)), [], [])
        return CheckResult(chk.kind, OUTSIDE_RUN, [side])
    if chk.kind == "not_checkable":
        sides = record_checks.not_checkable(chk, data, claim, as_of)
    else:
        sides = _KINDS[chk.kind](chk, data, as_of)
    return CheckResult(chk.kind, combine_sides(sides), sides)


def _judge(claim: Claim, data: RunData, as_of: str | None, left_out: list[str] | None = None
           ) -> tuple[str, list[SideResult], list[CheckResult]]:
    checks = [evaluate_check(with_text_sources(c, left_out or []), data, claim, as_of) for c in claim.all_checks]
    if len(checks) == 1:
        return checks[0].verdict, checks[0].by_side, checks
    by_side = [replace(s, check=i) for i, c in enumerate(checks, 1) for s in c.by_side]
    return combine_checks([c.verdict for c in checks]), by_side, checks


def evaluate_claim(claim: Claim, data: RunData, as_of: str | None = None, *,
                   cites: list[str] | tuple[str, ...] = ()) -> ClaimResult:
    """The verdict at `as_of` (the text's date; None: the latest records), and what changed since.
    `cites`: the citations the text cites or repeats (`ClaimsFile.cites`, `repeated_sources`)."""
    left_out = repeated_sources(cites, data)
    verdict, by_side, checks = _judge(claim, data, as_of, left_out)
    latest_sides = latest_verdicts = since_verdict = None
    if as_of is not None and verdict != OUTSIDE_RUN:  # a claim outside the run is judged at no date here
        latest, sides, latest_checks = _judge(claim, data, None, left_out)
        if latest != verdict:  # later records change the answer; the verdict at the text's date stands
            latest_sides, latest_verdicts, since_verdict = sides, [c.verdict for c in latest_checks], latest
    result = ClaimResult(claim.id, claim.quote, verdict, by_side, "", None, claim.note, [c.kind for c in checks],
                         as_of, None, since_verdict, check_verdicts=[c.verdict for c in checks],
                         latest_sides=latest_sides, latest_check_verdicts=latest_verdicts,
                         claim_needs=claim.needs)
    # The English words, written once from the data (claims.json and the tables carry them).
    return replace(result, explanation=text_claims.explanation(result), needs=text_claims.claim_needs(result),
                   since=text_claims.since(result),
                   deciding=text_claims.deciding_reason(verdict, result.check_verdicts, by_side))


def evaluate(claims_file: ClaimsFile, data: RunData) -> list[ClaimResult]:
    """Every claim, in file order (the order is part of the output contract), as of the text's date.
    Pure: `tradebrief run` evaluates once for its kernels by wrapping this function (`run.cache`)."""
    return [evaluate_claim(claim, data, claims_file.date, cites=claims_file.cites) for claim in claims_file.claims]


def headline(result: ClaimResult, lang: str = "en") -> str:
    """'Depends on the source' / 'Supported as of 2023-03-21; contradicted by the latest records'."""
    return text_claims.headline(result, lang)
