"""Trace every number a brief or annex prints to a data row, a computed table cell or a source quote.

Used by tests/test_truth_numbers.py (issue 25: "no orphan number"). A printed number is read as what
it is (money "$5.79 bn", a percent "+13.5%", a count or a measure "930,000 TEU") and is traced when
some value of the pool, shown the way the report shows it, gives the same text within the rounding of
its last printed digit. The pool holds: every number of the run's data rows (values, ranks, shares,
numbers in titles and wording), every cell of the tables the run computed, every number printed in
the quotes of the cited sources, and the growth the brief computes between any two figures of one
series (rates per year, ratios). Years and dates, citation numbers and links are not figures.
"""
from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

import pandas as pd

from tradebrief.data.quotes import printed_values

_NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
TOKEN = re.compile(
    rf"(?P<money>(?:US)?\$\s?(?P<mv>{_NUM})\s*(?P<ms>bn|billion|m|million|k)?)"
    rf"|(?P<pct>(?P<ps>[+−-])?(?P<pv>{_NUM})\s?%)"
    rf"|(?P<plain>(?<![\w.#/-])(?P<nv>{_NUM})(?![\w-]))")
_YEAR = re.compile(r"^(19[5-9]\d|20[0-4]\d)$")


@dataclass
class Pool:
    """Numbers a printed figure may come from (plain values; money in US dollars)."""

    values: set[float] = field(default_factory=set)

    def add(self, value: object) -> None:
        try:
            v = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return
        if math.isfinite(v):
            self.values.add(abs(v))

    def add_text(self, text: object) -> None:
        """Every number printed in a text (a quote, a title, a value's wording), with its scale word."""
        if not isinstance(text, str) or not text:
            return
        for value, _half in printed_values(text):
            self.add(value)
        for m in re.finditer(_NUM, text):
            self.add(m.group(0).replace(",", ""))

    def add_frame(self, frame: pd.DataFrame) -> None:
        for column in frame.columns:
            series = frame[column]
            if pd.api.types.is_numeric_dtype(series) and not pd.api.types.is_bool_dtype(series):
                for v in series.dropna():
                    self.add(v)
            else:
                for v in series.dropna().astype(str).unique():
                    self.add_text(v)

    def add_growth(self, values: Iterable[tuple[int, float]]) -> None:
        """Growth between any two figures of one series: total and per year, in percent."""
        points = sorted((int(y), float(v)) for y, v in values if v and math.isfinite(float(v)) and float(v) > 0)
        for i, (y0, v0) in enumerate(points):
            for y1, v1 in points[i + 1:]:
                self.add((v1 / v0 - 1) * 100)
                self.add((v0 / v1 - 1) * 100)
                self.add(v1 / v0)
                if y1 > y0:
                    self.add(((v1 / v0) ** (1 / (y1 - y0)) - 1) * 100)

    def traced(self, value: float, half: float) -> bool:
        return any(abs(v - value) <= half * 1.0001 for v in self.values)


def _decimals(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def printed_numbers(markdown: str) -> list[tuple[str, float, float]]:
    """(token, value, half a unit of its last printed digit) for every figure in the prose and tables."""
    text = markdown.split("\n## Sources", 1)[0]
    text = re.sub(r"<sup>.*?</sup>", " ", text)
    text = re.sub(r"\]\([^)]*\)|\(#[^)]*\)|<[^>]+>|!\[[^\]]*\]", " ", text)
    text = re.sub(r"\b\d{4}-\d{2}(?:-\d{2})?(?:\.\.\d{4}-\d{2}(?:-\d{2})?)?\b", " ", text)  # dates, periods
    out = []
    for m in TOKEN.finditer(text):
        if m.group("money"):
            raw = m.group("mv").replace(",", "")
            scale = {"bn": 1e9, "billion": 1e9, "m": 1e6, "million": 1e6, "k": 1e3}.get(m.group("ms") or "", 1.0)
            out.append((m.group(0), float(raw) * scale, 0.5 * 10 ** -_decimals(raw) * scale))
        elif m.group("pct"):
            raw = m.group("pv").replace(",", "")
            out.append((m.group(0), float(raw), 0.5 * 10 ** -_decimals(raw)))
        else:
            raw = m.group("nv").replace(",", "")
            if _YEAR.match(raw):
                continue
            out.append((m.group(0), float(raw), 0.5 * 10 ** -_decimals(raw)))
    return out


def orphans(markdown: str, pool: Pool) -> list[str]:
    """The printed figures no pool value gives."""
    return [token for token, value, half in printed_numbers(markdown) if not pool.traced(value, half)]
