"""Evaluate a text's claims against a run's data, as of the text's date, with a verdict per side.

A claim is judged at the date of the text it comes from (`ClaimsFile.date`): records dated after it
are left out, and labels are read as they stood then. When the latest records would answer
differently, the verdict at the text's date stands and the result says what changed since.
The checks themselves live in `trade_checks` and `record_checks`; this module runs them, combines
sides and checks, and words the explanation.
"""
from __future__ import annotations

from tradebrief.claims import record_checks, trade_checks
from tradebrief.claims.results import (
    ALL_SOURCES,
    CONTRADICTED,
    DEPENDS,
    NOT_CHECKABLE,
    SUPPORTED,
    VERDICTS,
    CheckResult,
    ClaimResult,
    SideResult,
    combine_checks,
    combine_sides,
)
from tradebrief.claims.spec import Claim, ClaimsFile
from tradebrief.data.context import RunData
from tradebrief.text.words import verdict_text

__all__ = ["ALL_SOURCES", "VERDICTS", "CheckResult", "ClaimResult", "SideResult", "evaluate", "evaluate_check",
           "evaluate_claim"]

_KINDS = {"threshold": trade_checks.threshold, "growth": trade_checks.growth, "rank": trade_checks.rank,
          "count": record_checks.count, "date": record_checks.date, "membership": record_checks.membership,
          "sum": record_checks.total}


def _sentence(text: str) -> str:
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _explain(verdict: str, sides: list[SideResult]) -> str:
    """Why the verdict, as a fact-checker writes it: what each side's evidence shows."""
    if len(sides) == 1:
        return _sentence(sides[0].summary)
    decided = [s for s in sides if s.verdict in (SUPPORTED, CONTRADICTED, DEPENDS)]
    rest = [s for s in sides if s.verdict == NOT_CHECKABLE]
    lines = []
    if verdict == DEPENDS:
        lines.append("It depends on whose figures: " + "; ".join(s.summary for s in decided) + ".")
    elif decided:
        lines.append(_sentence("; ".join(s.summary for s in decided)))
    lines += [_sentence(s.summary) for s in rest if s.summary]
    return " ".join(lines)


def evaluate_check(chk, data: RunData, claim: Claim, as_of: str | None = None) -> CheckResult:
    """One check -> per-side results, the combined verdict and its explanation."""
    if chk.kind == "not_checkable":
        sides = record_checks.not_checkable(chk, data, claim, as_of)
    else:
        sides = _KINDS[chk.kind](chk, data, as_of)
    verdict = combine_sides(sides)
    needs = "; ".join(s.needs for s in sides if s.needs) or None
    return CheckResult(chk.kind, verdict, sides, _explain(verdict, sides), needs)


def _judge(claim: Claim, data: RunData, as_of: str | None) -> tuple[str, list[SideResult], str, str | None, list]:
    checks = [evaluate_check(c, data, claim, as_of) for c in claim.all_checks]
    if len(checks) == 1:
        verdict, explanation, by_side = checks[0].verdict, checks[0].explanation, checks[0].by_side
    else:
        verdict = combine_checks([c.verdict for c in checks])
        explanation = " ".join(f"({i}) {c.explanation}" for i, c in enumerate(checks, 1))
        by_side = [SideResult(**{**s.__dict__, "check": i}) for i, c in enumerate(checks, 1) for s in c.by_side]
    needs = "; ".join(c.needs for c in checks if c.needs) or None
    return verdict, by_side, explanation, needs, checks


def deciding_explanation(verdict: str, checks: list[CheckResult]) -> str | None:
    """Of several checks, the explanation of the first whose verdict is the claim's; None for one check."""
    if len(checks) < 2:
        return None
    return next((c.explanation for c in checks if c.verdict == verdict), None)


def evaluate_claim(claim: Claim, data: RunData, as_of: str | None = None) -> ClaimResult:
    """The verdict at `as_of` (the text's date; None: the latest records), and what changed since."""
    verdict, by_side, explanation, side_needs, checks = _judge(claim, data, as_of)
    since = since_verdict = None
    if as_of is not None:
        latest, _, latest_explanation, _, _ = _judge(claim, data, None)
        if latest != verdict:  # later records change the answer; the verdict at the text's date stands
            since, since_verdict = f"Since {as_of}: {latest_explanation}", latest
    if claim.note:
        explanation = explanation.rstrip(".") + f". Reading: {claim.note.strip()}"
    needs = (claim.needs or side_needs) if verdict == NOT_CHECKABLE else side_needs
    return ClaimResult(claim.id, claim.quote, verdict, by_side, explanation, needs, claim.note,
                       [c.kind for c in checks], as_of, since, since_verdict,
                       deciding=deciding_explanation(verdict, checks))


def evaluate(claims_file: ClaimsFile, data: RunData) -> list[ClaimResult]:
    """Every claim, in file order (the order is part of the output contract), as of the text's date.
    In a kernel of `tradebrief run`, the results another kernel of the run evaluated for the same
    file and data (`claims.shared`)."""
    from tradebrief.claims.shared import offer_results, reuse_results

    shared = reuse_results(claims_file, data)
    if shared is not None:
        return shared
    results = [evaluate_claim(claim, data, claims_file.date) for claim in claims_file.claims]
    offer_results(claims_file, data, results)
    return results


def headline(result: ClaimResult) -> str:
    """'Depends on the source' / 'Supported as of 2023-03-21; contradicted since'."""
    text = verdict_text(result.verdict).capitalize()
    if result.since_verdict and result.since_verdict != result.verdict:
        text += f" as of {result.as_of}; {verdict_text(result.since_verdict)} by the latest records"
    return text


