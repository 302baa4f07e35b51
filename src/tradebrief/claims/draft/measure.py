"""How well a drafted claims file recovers a hand-written one: recall, precision, same verdicts.

A hand-written claim is found when a drafted claim has the same quote (one contains the other,
spacing and quote marks aside) and the same kind, or else the same kind and value (the value, date,
members or items of its first check), or else the same quote. Each drafted claim matches at most one.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from tradebrief.claims.spec import Claim, ClaimsFile


def _norm(text: str) -> str:
    text = re.sub(r"[’‘`]", "'", re.sub(r"[“”«»„]", '"', text.lower()))
    text = re.sub(r"\[\d{1,3}\]", "", text)
    return " ".join(text.replace('"', "").split()).strip(" .")


def _first(claim: Claim):
    return claim.all_checks[0]


def _value(claim: Claim) -> object:
    chk = _first(claim)
    for name in ("value", "date", "members", "items"):
        value = getattr(chk, name, None)
        if value is not None:
            return repr(value)
    return None


def _same_quote(a: Claim, b: Claim) -> bool:
    x, y = _norm(a.quote), _norm(b.quote)
    return bool(x and y) and (x in y or y in x)


@dataclass
class Match:
    """A hand-written claim and the drafted claim that recovers it (None: not found)."""

    reference: str
    drafted: str | None
    how: str


def match(drafted: ClaimsFile, reference: ClaimsFile) -> list[Match]:
    """One match per reference claim, in its file order; greedy by the strength of the match."""
    taken: set[str] = set()
    found: dict[str, Match] = {}
    tests = (
        ("same quote and kind", lambda r, d: _same_quote(r, d) and _first(r).kind == _first(d).kind),
        ("same kind and value", lambda r, d: _first(r).kind == _first(d).kind and _value(r) is not None
         and _value(r) == _value(d)),
        ("same quote", _same_quote),
    )
    for how, test in tests:
        for ref in reference.claims:
            if ref.id in found:
                continue
            for cand in drafted.claims:
                if cand.id not in taken and test(ref, cand):
                    found[ref.id] = Match(ref.id, cand.id, how)
                    taken.add(cand.id)
                    break
    return [found.get(ref.id, Match(ref.id, None, "not found")) for ref in reference.claims]


@dataclass
class Score:
    """Recall and precision of a drafted file against a hand-written one, and verdict agreement."""

    reference: int
    drafted: int
    found: int
    same_verdict: int
    rows: list[tuple[str, str | None, str, str | None, str | None]]  # ref id, drafted id, how, verdicts

    @property
    def recall(self) -> float:
        return self.found / self.reference if self.reference else 0.0

    @property
    def precision(self) -> float:
        return self.found / self.drafted if self.drafted else 0.0

    @property
    def verdict_agreement(self) -> float:
        return self.same_verdict / self.found if self.found else 0.0


def score(drafted: ClaimsFile, reference: ClaimsFile, data) -> Score:
    """Match the files and evaluate both against `data` (a RunData)."""
    from tradebrief.claims.engine import evaluate

    matches = match(drafted, reference)
    ref_verdicts = {r.id: r.verdict for r in evaluate(reference, data)}
    draft_verdicts = {r.id: r.verdict for r in evaluate(drafted, data)}
    rows = []
    same = 0
    for m in matches:
        dv = draft_verdicts.get(m.drafted) if m.drafted else None
        rv = ref_verdicts.get(m.reference)
        same += bool(m.drafted and dv == rv)
        rows.append((m.reference, m.drafted, m.how, rv, dv))
    found = sum(1 for m in matches if m.drafted)
    return Score(len(reference.claims), len(drafted.claims), found, same, rows)
