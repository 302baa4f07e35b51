"""Amounts, rates, counts and dates as an English, Russian or Chinese text writes them.

Every pattern has bounded repetition only, so a 1 MB line of digits costs linear time. A figure
carries its *bound* ("over" → lower, "almost" → upper, "about" → approx, bare → rounded), which the
rules turn into the engine's `op` and `tolerance` (docs/claims-format.md, "Comparisons and bounds").
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass

#: A number as printed: "5.79", "5,79" (Russian decimal comma), "1,234.5", "5 790", "84.4".
NUM = r"\d{1,3}(?:[,  ]\d{3}){1,4}(?:[.,]\d{1,4})?|\d{1,6}(?:[.,]\d{1,4})?"

_SPELLED_EN = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "a dozen": 12, "dozen": 12, "a hundred": 100, "hundred": 100,
}
_SPELLED_RU = {
    "один": 1, "одна": 1, "два": 2, "две": 2, "три": 3, "четыре": 4, "пять": 5, "шесть": 6, "семь": 7,
    "восемь": 8, "девять": 9, "десять": 10, "одиннадцать": 11, "двенадцать": 12, "пятнадцать": 15,
    "двадцать": 20, "тридцать": 30, "десяток": 10, "дюжина": 12, "дюжину": 12,
}
_SPELLED_ZH = {"一": 1, "两": 2, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9, "十": 10}
#: Ordinals for ranks ("second-largest", "вторым", "第二大").
ORDINALS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8,
    "ninth": 9, "tenth": 10, "1st": 1, "2nd": 2, "3rd": 3, "4th": 4, "5th": 5,
    "перв": 1, "втор": 2, "трет": 3, "четв": 4, "пят": 5, "шест": 6, "седьм": 7, "восьм": 8, "девят": 9,
    "десят": 10,
}
SPELLED = {**_SPELLED_EN, **_SPELLED_RU}
SPELLED_RE = "|".join(sorted((re.escape(k) for k in SPELLED), key=len, reverse=True))
ZH_DIGIT_RE = "[一两二三四五六七八九十]{1,3}"

#: Words before a figure that make it a bound: (pattern, bound). Longest first within a language.
BOUND_BEFORE: tuple[tuple[str, str], ...] = (
    (r"more than|over|above|exceed(?:ing|ed|s)?|in excess of|upwards of|surpass(?:ing|ed)?", "lower"),
    (r"at least|no less than|not less than", "at_least"),
    (r"almost|nearly|close to|just under|under|less than|below|short of", "upper"),
    (r"up to|no more than|not more than|at most", "at_most"),
    (r"about|around|approximately|roughly|some|circa|an estimated|~", "approx"),
    (r"более|свыше|больше|превысил[аои]?|превышает|превысит|выше", "lower"),
    (r"не менее|не меньше|как минимум", "at_least"),
    (r"почти|около\s+почти|менее|меньше|не достиг\w{0,3}|чуть меньше", "upper"),
    (r"до|не более|не больше", "at_most"),
    (r"около|порядка|примерно|приблизительно|ориентировочно", "approx"),
    (r"超过|超|逾|突破|高于", "lower"),
    (r"至少|不少于|不低于", "at_least"),
    (r"近|将近|接近|不到|不足|低于", "upper"),
    (r"最多|不超过", "at_most"),
    (r"约|大约|大概|近似", "approx"),
)
#: Words after a figure that make it a bound ("5 billion and more", "50亿美元以上", "左右").
BOUND_AFTER: tuple[tuple[str, str], ...] = (
    (r"(?:and|or) (?:more|above)|plus|以上|多|余", "lower"),
    (r"左右|上下", "approx"),
    (r"以下|以内", "at_most"),
)
_WORD_START = r"(?:^|[\s(\"“«,])"  # Latin and Cyrillic bound words start a word; Chinese ones need not


def _before(pattern: str) -> re.Pattern[str]:
    start = "" if pattern[0] > "я" else _WORD_START
    return re.compile(rf"{start}(?:{pattern})\s*(?:of\s+|than\s+)?(?:US)?\$?\s*$", re.IGNORECASE)


_BEFORE_RE = [(_before(p), b) for p, b in BOUND_BEFORE]
_AFTER_RE = [(re.compile(rf"^\s*(?:{p})", re.IGNORECASE), b) for p, b in BOUND_AFTER]

_SCALES = (
    (r"trillion|trn|tn", 1e12), (r"billion|bln|bn|b\b", 1e9), (r"million|mln|mn|m\b", 1e6),
    (r"трлн\.?|триллион\w{0,3}", 1e12), (r"млрд\.?|миллиард\w{0,3}", 1e9), (r"млн\.?|миллион\w{0,3}", 1e6),
    (r"тыс\.?|тысяч\w{0,2}", 1e3), (r"万亿", 1e12), (r"亿", 1e8), (r"万", 1e4), (r"千", 1e3),
)
SCALE_RE = "|".join(p for p, _ in _SCALES)
_CURRENCY_AFTER = r"(?:US\s?dollars|dollars|USD|долл\w{0,6}\.?(?:\s?США)?|\$|美元|美金)"

#: A money amount: "$5.79 billion", "US$ 3.5 bn", "5 billion dollars", "5,79 млрд долларов", "84.4亿美元".
MONEY_RE = re.compile(
    rf"(?:(?:US)?\$|USD)\s?(?P<n1>{NUM})\s?(?P<s1>{SCALE_RE})?"
    rf"|(?P<n2>{NUM})\s?(?P<s2>{SCALE_RE})\s?(?:of\s)?{_CURRENCY_AFTER}"
    rf"|(?P<n3>{NUM})\s?{_CURRENCY_AFTER}",
    re.IGNORECASE,
)
#: A percentage: "33%", "33 per cent", "33 процента", "33％".
PERCENT_RE = re.compile(rf"(?P<n>{NUM})\s?(?:%|％|per\s?cent|percent|процент\w{{0,3}})", re.IGNORECASE)
#: "1.5 times", "1.5-fold", "в 1,5 раза", "2倍".
TIMES_RE = re.compile(rf"(?P<n>{NUM}|{SPELLED_RE})[\s-]?(?:times|fold|раза?\b)|(?P<z>{NUM}|{ZH_DIGIT_RE})\s?倍",
                      re.IGNORECASE)
YEAR_RE = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")

_MONTHS_EN = {m: i for i, m in enumerate(
    ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"), 1)}
_MONTHS_RU = {m: i for i, m in enumerate(
    ("январ", "феврал", "март", "апрел", "ма", "июн", "июл", "август", "сентябр", "октябр", "ноябр", "декабр"), 1)}
_MON_EN = "|".join(_MONTHS_EN)
_MON_RU = (r"январ[яеь]|феврал[яеь]|марта?|марте|апрел[яеь]|ма[яей]|июн[яеь]|июл[яеь]|августа?|августе|"
           r"сентябр[яеь]|октябр[яеь]|ноябр[яеь]|декабр[яеь]")
#: A full date: "February 28, 2023", "28 February 2023", "28 февраля 2023 года", "2023年2月28日", "21.03.2023".
DATE_RE = re.compile(
    rf"(?P<m1>{_MON_EN})\s(?P<d1>\d{{1,2}}),?\s(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})\s(?P<m2>{_MON_EN})\s(?P<y2>\d{{4}})"
    rf"|(?P<d3>\d{{1,2}})\s(?P<m3>{_MON_RU})\s(?P<y3>\d{{4}})"
    r"|(?P<y4>\d{4})年(?P<m4>\d{1,2})月(?P<d4>\d{1,2})日"
    r"|(?P<d5>\d{1,2})\.(?P<m5>\d{1,2})\.(?P<y5>\d{4})"
    r"|(?P<y6>\d{4})-(?P<m6>\d{2})-(?P<d6>\d{2})"
    # Month precision: "July 2013", "в июле 2013 года", "2013年7月".
    rf"|(?P<m7>{_MON_EN})\s(?:of\s)?(?P<y7>\d{{4}})"
    rf"|(?P<m8>{_MON_RU}|июле|январе|феврале|апреле|мае|июне|сентябре|октябре|ноябре|декабре)\s(?P<y8>\d{{4}})"
    r"|(?P<y9>\d{4})年(?P<m9>\d{1,2})月(?!\d{1,2}[日号])"
    # No year printed: the text's year ("28 февраля", "February 28", "2月28日").
    rf"|(?P<m10>{_MON_EN})\s(?P<d10>\d{{1,2}})\b(?!,?\s\d{{4}})"
    rf"|(?P<d11>\d{{1,2}})\s(?P<m11>{_MON_EN}|{_MON_RU})(?!\s\d{{4}})"
    r"|(?<![年\d])(?P<m12>\d{1,2})月(?P<d12>\d{1,2})[日号]",
    re.IGNORECASE,
)
#: A period within a year: "January-November 2025", "в январе-ноябре 2025", "2025年1-11月".
PERIOD_RE = re.compile(
    rf"(?P<a1>{_MON_EN})\s?[-–—]\s?(?P<b1>{_MON_EN}),?\s(?:of\s)?(?P<y1>\d{{4}})"
    rf"|(?P<a2>{_MON_RU})\s?[-–—]\s?(?P<b2>{_MON_RU})\s(?P<y2>\d{{4}})"
    r"|(?P<y3>\d{4})年(?P<a3>\d{1,2})\s?[-–—至]\s?(?P<b3>\d{1,2})月",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Figure:
    """A number found in a sentence: its value, bound, and where it stands (for nearby words)."""

    value: float
    bound: str          # rounded | lower | at_least | upper | at_most | approx
    start: int
    end: int
    decimals: int = 0   # digits after the decimal point as printed (for the rounding tolerance)


def parse_number(text: str) -> tuple[float, int] | None:
    """A printed number → (value, decimals); "5,79" is 5.79 and "1,234" is 1234 (three digits after
    the comma are thousands), "5 790" is 5790. None if it is not a number."""
    t = text.replace(" ", " ").replace(" ", " ").strip()
    low = t.lower()
    if low in SPELLED:
        return float(SPELLED[low]), 0
    if t in _SPELLED_ZH or re.fullmatch(ZH_DIGIT_RE, t):
        return float(_zh_int(t)), 0
    t = t.replace(" ", "")
    if "," in t and "." in t:
        t = t.replace(",", "")
    elif "," in t:
        head, _, tail = t.rpartition(",")
        t = t.replace(",", "") if len(tail) == 3 and "," not in head[-4:-3] else head.replace(",", "") + "." + tail
    try:
        value = float(t)
    except ValueError:
        return None
    decimals = len(t.partition(".")[2])
    return value, decimals


def _zh_int(text: str) -> int:
    """一 … 九十九 (enough for counts and ranks)."""
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_SPELLED_ZH.get(tens, 1) * 10) + _SPELLED_ZH.get(ones, 0)
    return _SPELLED_ZH.get(text, 0)


def scale_of(word: str | None) -> float:
    """The multiplier of a scale word ("bn", "млрд", "亿"); 1 without one."""
    if not word:
        return 1.0
    for pattern, factor in _SCALES:
        if re.fullmatch(pattern, word, re.IGNORECASE):
            return factor
    return 1.0


def bound_near(sentence: str, start: int, end: int) -> str:
    """The bound the words around a figure give it: "over" before, "以上" after; else rounded."""
    before = sentence[max(0, start - 40):start]
    for pattern, bound in _BEFORE_RE:
        if pattern.search(before):
            return bound
    after = sentence[end:end + 6]
    for pattern, bound in _AFTER_RE:
        if pattern.search(after):
            return bound
    return "rounded"


#: Cheap tests first: the full patterns run only on sentences that name a currency, a percent, a multiple.
_MONEY_CUE = re.compile(r"\$|USD|dollar|долл|美元|美金", re.IGNORECASE)
_PERCENT_CUE = re.compile(r"%|％|per\s?cent|процент", re.IGNORECASE)
_TIMES_CUE = re.compile(r"times|fold|раз|倍", re.IGNORECASE)


def money(sentence: str) -> list[Figure]:
    """Every US-dollar amount in a sentence, in US$."""
    if not _MONEY_CUE.search(sentence):
        return []
    found = []
    for m in MONEY_RE.finditer(sentence):
        raw, scale = next((m.group(f"n{i}"), m.groupdict().get(f"s{i}")) for i in (1, 2, 3) if m.group(f"n{i}"))
        parsed = parse_number(raw)
        if parsed is None:
            continue
        value, decimals = parsed
        found.append(Figure(value * scale_of(scale), bound_near(sentence, m.start(), m.end()),
                            m.start(), m.end(), decimals))
    return found


def percents(sentence: str) -> list[Figure]:
    """Every percentage in a sentence, as printed (33% → 33.0)."""
    if not _PERCENT_CUE.search(sentence):
        return []
    found = []
    for m in PERCENT_RE.finditer(sentence):
        parsed = parse_number(m.group("n"))
        if parsed:
            found.append(Figure(parsed[0], bound_near(sentence, m.start(), m.end()), m.start(), m.end(), parsed[1]))
    return found


def times(sentence: str) -> list[Figure]:
    """Multipliers: "1.5 times", "в 1,5 раза", "增长1倍" (the Chinese 倍 after 增长 is the increase)."""
    if not _TIMES_CUE.search(sentence):
        return []
    found = []
    for m in TIMES_RE.finditer(sentence):
        parsed = parse_number(m.group("n") or m.group("z"))
        if parsed:
            found.append(Figure(parsed[0], bound_near(sentence, m.start(), m.end()), m.start(), m.end(), parsed[1]))
    return found


def years(sentence: str) -> list[int]:
    """Four-digit years 1950–2049 in the order printed."""
    return [int(y) for y in YEAR_RE.findall(sentence)]


def dates(sentence: str, year: int | None = None, *, full: bool = False) -> list[tuple[str, int, int]]:
    """Dates as (YYYY-MM-DD or YYYY-MM, start, end), in the order printed. A day and month without a
    year take `year` (the text's); without it they are left out. `full`: days only."""
    found = []
    for m in DATE_RE.finditer(sentence):
        g = m.groupdict()
        i = next(i for i in range(1, 13) if g.get(f"m{i}"))
        month = _month(g[f"m{i}"])
        y = int(g[f"y{i}"]) if g.get(f"y{i}") else year
        day = int(g[f"d{i}"]) if g.get(f"d{i}") else None
        if not month or y is None or (day is not None and not 1 <= day <= 31):
            continue
        if day is None:
            if not full:
                found.append((f"{y:04d}-{month:02d}", m.start(), m.end()))
            continue
        try:
            text = _dt.date(y, month, day).isoformat()
        except ValueError:
            continue
        found.append((text, m.start(), m.end()))
    return found


def period(sentence: str) -> str | None:
    """A months-of-a-year period as the engine writes it ("2025-01..2025-11"), if printed."""
    m = PERIOD_RE.search(sentence)
    if not m:
        return None
    g = m.groupdict()
    for i in (1, 2, 3):
        if g.get(f"y{i}"):
            a, b, y = _month(g[f"a{i}"]), _month(g[f"b{i}"]), int(g[f"y{i}"])
            if a and b and a < b:
                return f"{y}-{a:02d}..{y}-{b:02d}"
    return None


def _month(word: str) -> int | None:
    if word.isdigit():
        n = int(word)
        return n if 1 <= n <= 12 else None
    low = word.lower()
    if low in _MONTHS_EN:
        return _MONTHS_EN[low]
    for stem, n in sorted(_MONTHS_RU.items(), key=lambda kv: -len(kv[0])):
        if low.startswith(stem):
            return n
    return None


def spelled_or_digits(text: str) -> int | None:
    """A small count as digits or words ("27", "eight", "восемь", "八", "a dozen")."""
    parsed = parse_number(text)
    return int(parsed[0]) if parsed and parsed[0] == int(parsed[0]) else None
