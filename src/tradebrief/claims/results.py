"""What a check or a claim comes to: verdicts, per-side results, and how sides and statements combine.

Verdicts come from a fixed vocabulary (VERDICTS). A side is `supported` or `contradicted` only when
its evidence decides the comparison whatever the figures' bounds; otherwise it is `not_checkable` and
says which data would settle it. Sides (or a side's own figures and printed rates) that decide
differently make the claim `depends_on_source`.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

import pandas as pd

from tradebrief.analysis.intervals import Interval
from tradebrief.data.facts import source_list
from tradebrief.text import claims as text_claims
from tradebrief.text.said import Said, write

SUPPORTED, CONTRADICTED, DEPENDS, NOT_CHECKABLE, OUTSIDE_RUN = (
    "supported", "contradicted", "depends_on_source", "not_checkable", "outside_run")
#: `outside_run`: the claim is about years the run does not cover; it is not checked in this run.
VERDICTS = (SUPPORTED, CONTRADICTED, DEPENDS, NOT_CHECKABLE, OUTSIDE_RUN)
#: Side label for datasets that have no reporting side (events, agreements, rail, labels).
ALL_SOURCES = "ALL"


@dataclass(frozen=True)
class SideResult:
    """One reporting side's verdict on one check, with the evidence and citations behind it.

    The check decides and says why as data: `reason` (a reason code with its fields), `facts` (the
    evidence lines, each a code with fields) and `need` (what would settle it); `text.said.write`
    words them in any language. `summary`, `evidence` and `needs` are their English text. Where the
    check compares one figure with the claim, `measured`, `claimed`, `op` and `outcome` hold that
    comparison.
    """

    reporter: str
    verdict: str
    reason: Said
    facts: list[Said]
    source_ids: list[str]
    need: Said | None = None
    check: int | None = None
    measured: Interval | None = None
    claimed: float | None = None
    op: str | None = None
    outcome: bool | None = None

    @property
    def summary(self) -> str:
        return write(self.reason)

    @property
    def evidence(self) -> list[str]:
        return [write(f) for f in self.facts]

    @property
    def needs(self) -> str | None:
        return write(self.need) if self.need is not None else None


@dataclass(frozen=True)
class CheckResult:
    kind: str
    verdict: str
    by_side: list[SideResult]

    @property
    def explanation(self) -> str:
        return text_claims.explain_check(self.verdict, self.by_side)

    @property
    def needs(self) -> str | None:
        return "; ".join(s.needs for s in self.by_side if s.needs) or None


@dataclass(frozen=True)
class ClaimResult:
    """The verdict on one claim at the text's date, per side, why, what would settle it, what changed.

    The decision is data: the verdict of each check (`check_verdicts`), each side's result with its
    reason code, and, when later records answer differently, the latest sides and verdicts.
    `explanation`, `needs`, `since` and `deciding` are their English words, written once by
    `text.claims` when the result is made (the claims.json fields); `text.claims` writes them in any
    language from the same data.
    """

    id: str
    quote: str
    verdict: str
    by_side: list[SideResult]
    explanation: str
    needs: str | None
    note: str | None
    kinds: list[str] = field(default_factory=list)
    as_of: str | None = None  # the text's date the verdict is given at (None: the latest records)
    since: str | None = None  # what the latest records say, when it differs from the verdict at as_of
    since_verdict: str | None = None
    #: With several checks: the explanation of the first check whose verdict is the claim's (the one
    #: that decided it), so a one-line reason does not open with a check that settled nothing.
    deciding: str | None = None
    check_verdicts: list[str] = field(default_factory=list)
    latest_sides: list[SideResult] | None = None
    latest_check_verdicts: list[str] | None = None
    claim_needs: str | None = None  # the claims file's own words on what would settle it

    @property
    def source_ids(self) -> list[str]:
        """Every source the result shows: the sides' citations and those its evidence lines cite."""
        shown = {sid for side in self.by_side for line in side.evidence for sid in evidence_ids(line)}
        return sorted({s for side in self.by_side for s in side.source_ids} | shown)


def evidence_ids(line: object) -> list[str]:
    """The citations an evidence line shows: the `ids` field of its phrase (and of phrases inside it),
    or, for a written line, the bracket it ends with ('... [belta-eng-6971c5; rossaprimavera-4cc58e]')."""
    if hasattr(line, "walk"):
        return [sid for said in line.walk() for sid in str(said.fields.get("ids") or "").split("; ") if sid]
    m = re.search(r"\[([a-z0-9][a-z0-9-]*(?:; [a-z0-9][a-z0-9-]*)*)\]\s*$", str(line))
    return m.group(1).split("; ") if m else []


def verdict_of(outcome: bool | None) -> str:
    return SUPPORTED if outcome is True else CONTRADICTED if outcome is False else NOT_CHECKABLE


def combine_statements(outcomes: list[bool | None]) -> str:
    """Several pieces of evidence on one side: agreeing decide, disagreeing make it depend."""
    decided = {o for o in outcomes if o is not None}
    if decided == {True, False}:
        return DEPENDS
    if decided == {True}:
        return SUPPORTED
    if decided == {False}:
        return CONTRADICTED
    return NOT_CHECKABLE


def combine_sides(sides: list[SideResult]) -> str:
    decided = {s.verdict for s in sides if s.verdict in (SUPPORTED, CONTRADICTED)}
    if any(s.verdict == DEPENDS for s in sides) or decided == {SUPPORTED, CONTRADICTED}:
        return DEPENDS
    return decided.pop() if decided else NOT_CHECKABLE


def combine_checks(verdicts: list[str]) -> str:
    """A claim with several checks holds only when all hold; one contradiction contradicts it. A claim
    any of whose checks is about years outside the run is not judged in it (no verdict from half of it)."""
    if OUTSIDE_RUN in verdicts:
        return OUTSIDE_RUN
    if CONTRADICTED in verdicts:
        return CONTRADICTED
    if DEPENDS in verdicts:
        return DEPENDS
    return SUPPORTED if all(v == SUPPORTED for v in verdicts) else NOT_CHECKABLE


def cited(rows: pd.DataFrame | pd.Series) -> list[str]:
    """Every citation of the rows' facts (`source_ids`, else `source_id`): for one fact its main citation
    first (the figure's own quote), for several rows sorted."""
    if isinstance(rows, pd.Series):
        listed = source_list(rows["source_ids"]) if isinstance(rows.get("source_ids"), str) else []
        return listed or [str(rows["source_id"])]
    ids: set[str] = set()
    for r in rows.to_dict("records"):  # iterrows: 10x slower
        listed = source_list(r["source_ids"]) if isinstance(r.get("source_ids"), str) else []
        ids |= set(listed) or {str(r["source_id"])}
    return sorted(ids)
