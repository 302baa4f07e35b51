"""Phrases, in one home: how money, rates, bounds, sides, flows, scopes and verdicts are written.

Used by the claims explanations and the brief, so that "$5.79 bn", "over $8.00 bn", "Belarus's own
figures" and "depends on the source" read the same everywhere. Plain functions, no data access.
"""
from __future__ import annotations

import math

import pandas as pd

from tradebrief.data.countries import country_name

#: The source's qualifier, repeated before the number it qualifies.
BOUND_WORDS = {"lower": "over ", "upper": "almost ", "approx": "about ", "range": ""}
SCOPE_WORDS = {"goods": "goods", "goods_and_services": "goods and services", "unknown": "scope not stated"}
VERDICT_WORDS = {"supported": "supported", "contradicted": "contradicted",
                 "depends_on_source": "depends on the source", "not_checkable": "not checkable"}
#: Reporters that are not a side's own statistics.
OTHER_REPORTERS = {"UNK": "figures whose side is not stated", "TDM": "Trade Data Monitor's figures",
                   "ALL": "the records"}


def _missing(value: float | None) -> bool:
    return value is None or bool(pd.isna(value))


def usd(value: float | None, bound: str = "exact") -> str:
    """'$5.79 bn', 'over $8.00 bn', '$966.6 m'; '—' for a gap; '∞' for no upper limit."""
    if _missing(value):
        return "—"
    if math.isinf(value):
        return "∞"
    prefix = BOUND_WORDS.get(bound, "")
    if abs(value) >= 1e9:
        text = f"${value / 1e9:,.2f} bn"
    elif abs(value) >= 1e6:
        text = f"${value / 1e6:,.1f} m"
    else:
        text = f"${value:,.0f}"
    return prefix + text


def pct(percent: float | None) -> str:
    """A change in percent, signed: '+27.3%', '-1.9%'; '—' for a gap."""
    return "—" if _missing(percent) else f"{percent:+.1f}%"


def share(percent: float | None) -> str:
    """A share in percent, unsigned: '4.9%'; '—' for a gap (`pct` is for changes)."""
    return "—" if _missing(percent) else f"{percent:.1f}%"


def rate(fraction: float, *, signed: bool = True) -> str:
    """A growth rate given as a fraction (0.33 = +33%), with one decimal only when it matters."""
    if math.isinf(fraction):
        return "no upper limit" if fraction > 0 else "no lower limit"
    percent = fraction * 100
    text = f"{percent:.0f}" if abs(percent - round(percent)) < 0.05 else f"{percent:.1f}"
    sign = "+" if signed and percent > 0 else ""
    return f"{sign}{text}%"


def possessive(code: str) -> str:
    """'Belarus's', 'China's' (from an ISO3 code or a name)."""
    name = country_name(code) if len(code) == 3 and code.isupper() else code
    return f"{name}'" if name.endswith("s") and not name.endswith("us") else f"{name}'s"


def whose(reporter: str) -> str:
    """Whose figures a reporting side is: "Belarus's own figures", "figures whose side is not stated"."""
    return OTHER_REPORTERS.get(reporter) or f"{possessive(reporter)} own figures"


def flow_text(economy: str, flow: str, partner: str) -> str:
    """"Belarus's exports to China", "Belarus's imports from China", "Belarus–China trade"."""
    if flow == "export":
        return f"{possessive(economy)} exports to {country_name(partner)}"
    if flow == "import":
        return f"{possessive(economy)} imports from {country_name(partner)}"
    return f"{country_name(economy)}–{country_name(partner)} trade"


def scope_text(scope: str | None) -> str:
    return SCOPE_WORDS.get(scope or "unknown", str(scope))


def verdict_text(verdict: str) -> str:
    return VERDICT_WORDS.get(verdict, verdict.replace("_", " "))


def join_words(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# ------------------------------------------------------------------ comparisons with a claim

_RELATIONS = {">": "above", ">=": "at least", "<": "below", "<=": "at most", "==": "equal to"}


def relation(op: str, tolerance: float | None = None) -> str:
    """'above', 'at most', 'within ±10% of' for a claim's operator."""
    return f"within ±{tolerance:.0%} of" if op == "~" else _RELATIONS[op]


def judged(outcome: bool | None, op: str, claimed: str, tolerance: float | None = None) -> str:
    """How a figure stands against the claim: 'above the claimed $5.00 bn', 'not within ±10% of the
    claimed +33%', 'which leaves open whether it is above the claimed $6.00 bn'."""
    rel = relation(op, tolerance)
    if outcome is True:
        return f"{rel} the claimed {claimed}"
    if outcome is False:
        return f"not {rel} the claimed {claimed}"
    return f"which leaves open whether it is {rel} the claimed {claimed}"


def span_text(lo: float, hi: float, fmt) -> str:
    """A value the evidence allows: '$5.79 bn', 'at least $5.00 bn', 'at most ...', '... to ...'."""
    if lo == hi:
        return fmt(lo)
    if math.isinf(hi):
        return f"at least {fmt(lo)}"
    if math.isinf(lo) or lo == 0.0:
        return f"at most {fmt(hi)}"
    return f"{fmt(lo)} to {fmt(hi)}"
