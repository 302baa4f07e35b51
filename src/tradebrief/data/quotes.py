"""Is a stated value printed in its quote? Numbers read from verbatim quotes in several languages.

A figure's citation is a page and a verbatim quote; the quote is the evidence for the value. A value
is "in" a quote when some number printed there, times a scale word printed after it (billion, млрд,
亿, mld ...) or none, is the value within half a unit of its last printed digit ("5.79 billion" is
5.785–5.795 bn; "58亿" is 5.75–5.85 bn). Used on a user's data folder, where a figure edited without
its quote is flagged (issue 25, item 9), and by the snapshot tests.
"""
from __future__ import annotations

import math
import re

_NUMBER = re.compile(
    r"(?P<num>\d{1,3}(?:[  .,]\d{3})+(?:[.,]\d+)?|\d+(?:[.,] ?\d+)?)\s*"
    r"(?P<scale>mld|млрд|миллиард\w*|мільярд\w*|мiльярд\w*|billion|bn|bln|Milliarden|Mrd|mil millones|millones|"
    r"million|mln|млн|миллион\w*|milion\w*|亿|億|万|萬|百萬|千万|thousand|тыс\w*|tys\.?)?", re.I)
_SCALES = {"mld": 1e9, "млрд": 1e9, "миллиард": 1e9, "мільярд": 1e9, "мiльярд": 1e9, "billion": 1e9, "bn": 1e9,
           "bln": 1e9, "milliarden": 1e9, "mrd": 1e9, "mil millones": 1e9, "millones": 1e6, "million": 1e6,
           "mln": 1e6, "млн": 1e6, "миллион": 1e6, "milion": 1e6, "亿": 1e8, "億": 1e8, "万": 1e4, "萬": 1e4,
           "百萬": 1e6, "千万": 1e7, "thousand": 1e3, "тыс": 1e3, "tys": 1e3}
#: "8 Milliarden 400 Millionen", "9 млрд 600 млн": a billions part followed by a millions part.
_COMPOUND = re.compile(r"(\d+)\s*(?:млрд|миллиард\w*|Milliarden|mld|billion)\s*(\d+)\s*(?:млн|миллион\w*|Millionen|mln|million)",
                       re.I)


#: A scale word with no digit before it: "примерно на миллиард" (about a billion).
_BARE_SCALE = re.compile(r"(?<![\d\s])\s*\b(?:a |one )?(миллиард|billion|Milliarde)\b", re.I)


def _scale(word: str | None) -> float | None:
    if not word:
        return None
    w = word.lower().rstrip(".")
    for key, factor in _SCALES.items():
        if w == key or w.startswith(key):
            return factor
    return None


def _readings(num: str) -> list[tuple[float, str]]:
    """The values a printed number may be: '5,79' and '5.79' are 5.79; '3 303' and '3,303' are 3303."""
    out = []
    for dec in (",", "."):
        other = "." if dec == "," else ","
        text = num.replace(" ", "").replace("\u00a0", "").replace(other, "")
        mantissa = text.replace(dec, ".")
        try:
            out.append((float(mantissa), mantissa))
        except ValueError:
            continue
    return out


def printed_values(quote: str) -> list[tuple[float, float]]:
    """Every value the quote prints, as (value, half a unit of its last printed digit)."""
    found: list[tuple[float, float]] = []
    for m in _COMPOUND.finditer(quote):
        found.append((int(m.group(1)) * 1e9 + int(m.group(2)) * 1e6, 5e5))
    for _m in _BARE_SCALE.finditer(quote):
        found.append((1e9, 5e8))
    for m in _NUMBER.finditer(quote):
        factor = _scale(m.group("scale"))
        for number, text in _readings(m.group("num")):
            decimals = len(text.split(".")[1]) if "." in text else 0
            unit = 10.0 ** -decimals
            for f in ([factor] if factor else [1.0, 1e6]):  # a bare number may be in millions ("$3303 млн")
                found.append((number * f, 0.5 * unit * f))
    return found


def value_in_quote(quote: str, value: float) -> bool:
    """True when the quote prints `value` (within half a unit of the printed number's last digit)."""
    if value is None or not isinstance(quote, str) or not math.isfinite(float(value)):
        return False
    v = abs(float(value))
    return any(abs(n - v) <= h + 0.5 for n, h in printed_values(quote))
