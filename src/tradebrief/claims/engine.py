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

__all__ = ["ALL_SOURCES", "VERDICTS", "CheckResult", "ClaimResult", "SideResult", "evaluate", "evaluate_check",
           "evaluate_claim"]

_KINDS = {"threshold": trade_checks.threshold, "growth": trade_checks.growth, "rank": trade_checks.rank,
          "count": record_checks.count, "date": record_checks.date, "membership": record_checks.membership,
          "sum": record_checks.total}


def evaluate_check(chk, data: RunData, claim: Claim, as_of: str | None = None) -> CheckResult:
    """One check -> per-side results and the combined verdict (its words: `text.claims`)."""
    if chk.kind == "not_checkable":
        sides = record_checks.not_checkable(chk, data, claim, as_of)
    else:
        sides = _KINDS[chk.kind](chk, data, as_of)
    return CheckResult(chk.kind, combine_sides(sides), sides)


def _judge(claim: Claim, data: RunData, as_of: str | None) -> tuple[str, list[SideResult], list[CheckResult]]:
    checks = [evaluate_check(c, data, claim, as_of) for c in claim.all_checks]
    if len(checks) == 1:
        return checks[0].verdict, checks[0].by_side, checks
    by_side = [replace(s, check=i) for i, c in enumerate(checks, 1) for s in c.by_side]
    return combine_checks([c.verdict for c in checks]), by_side, checks


def evaluate_claim(claim: Claim, data: RunData, as_of: str | None = None) -> ClaimResult:
    """The verdict at `as_of` (the text's date; None: the latest records), and what changed since."""
    verdict, by_side, checks = _judge(claim, data, as_of)
    latest_sides = latest_verdicts = since_verdict = None
    if as_of is not None:
        latest, sides, latest_checks = _judge(claim, data, None)
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
    return [evaluate_claim(claim, data, claims_file.date) for claim in claims_file.claims]


def headline(result: ClaimResult, lang: str = "en") -> str:
    """'Depends on the source' / 'Supported as of 2023-03-21; contradicted by the latest records'."""
    return text_claims.headline(result, lang)
