"""Figures as intervals, so that "over $5 bn" can support "> 4e9" but never contradict "> 6e9".

A published figure is read by its `bound`: exact and rounded figures are points, "about" is ±5%,
"over" is [v, ∞), "almost" is [0, v], a range is [low, high]. A comparison with a claim is then
decided only when the whole interval lies on one side of it; otherwise it is left open.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

from tradebrief.data import codes

#: How far "about X" may lie from X. A stated convention, not a measurement.
APPROX_MARGIN = 0.05
#: Bounds that say a figure is only a limit; point growth, CAGR and balances are not computed from them.
LIMIT_BOUNDS = codes.BOUND.labels("en", "limit")  # the bounds that are only limits, as words
_EPS = 1e-9  # relative slack so that a value exactly at an edge counts as at the edge


@dataclass(frozen=True)
class Interval:
    """Closed interval [lo, hi]; lo == hi for a point."""

    lo: float
    hi: float

    @classmethod
    def point(cls, value: float) -> Interval:
        return cls(value, value)

    @property
    def is_point(self) -> bool:
        return self.lo == self.hi


def limit_reason(year: int, bound: str) -> str | None:
    """'2021 is a lower bound' when a figure is only a limit, else None."""
    return f"{year} is {LIMIT_BOUNDS[bound]}" if bound in LIMIT_BOUNDS else None


def from_figure(value: float, bound: str, high: float | None = None) -> Interval:
    """The interval a published figure allows, by its `bound`."""
    if bound in ("exact", "rounded"):
        return Interval.point(value)
    if bound == "approx":
        return Interval(value * (1 - APPROX_MARGIN), value * (1 + APPROX_MARGIN))
    if bound == "lower":
        return Interval(value, math.inf)
    if bound == "upper":
        return Interval(0.0 if value >= 0 else -math.inf, value)
    if bound == "range":
        return Interval(value, high if high is not None and not math.isnan(high) else math.inf)
    raise ValueError(f"unknown bound {bound!r}")


def _le(a: float, b: float) -> bool:
    """a <= b with a relative slack at the edge."""
    if math.isinf(a) or math.isinf(b):
        return a <= b
    return a <= b + _EPS * max(abs(a), abs(b), 1.0)


def _lt(a: float, b: float) -> bool:
    return not _le(b, a)


def compare(iv: Interval, op: str, value: float, tolerance: float | None = None) -> bool | None:
    """True: every value in `iv` satisfies `op value`; False: none does; None: undecided."""
    if op == ">":
        return True if _lt(value, iv.lo) else False if _le(iv.hi, value) else None
    if op == ">=":
        return True if _le(value, iv.lo) else False if _lt(iv.hi, value) else None
    if op == "<":
        return True if _lt(iv.hi, value) else False if _le(value, iv.lo) else None
    if op == "<=":
        return True if _le(iv.hi, value) else False if _lt(value, iv.lo) else None
    if op == "==":
        lo, hi = value, value
    elif op == "~":
        margin = abs(value) * (tolerance or 0.0)
        lo, hi = value - margin, value + margin
    else:
        raise ValueError(f"unknown op {op!r}")
    if _le(lo, iv.lo) and _le(iv.hi, hi):
        return True
    if _lt(iv.hi, lo) or _lt(hi, iv.lo):
        return False
    return None


def rate(start: float, end: float, years: int = 1) -> float:
    """Growth per year as a fraction (0.33 = +33%): the one formula for year-on-year and CAGR."""
    return (end / start) ** (1 / years) - 1


def growth(start: Interval, end: Interval, years: int = 1) -> Interval:
    """Growth rate (0.33 = +33%) from `start` to `end`, per year over `years` (CAGR when > 1)."""
    if math.isinf(start.hi):  # start only bounded below: growth unbounded below (not below -100%)
        lo = -math.inf
    else:
        lo = rate(start.hi, end.lo, years) if start.hi > 0 else -math.inf
    hi = rate(start.lo, end.hi, years) if start.lo > 0 and not math.isinf(end.hi) else math.inf
    return Interval(lo, hi)


def chain(rates: list[Interval]) -> Interval:
    """Average growth per year over consecutive yearly rates (each 0.33 = +33%), as an interval."""
    lo = hi = 1.0
    for r in rates:
        lo *= 1 + r.lo
        hi *= 1 + r.hi
    years = len(rates)
    return Interval(lo ** (1 / years) - 1 if lo > 0 else -1.0,
                    hi ** (1 / years) - 1 if not math.isinf(hi) else math.inf)
