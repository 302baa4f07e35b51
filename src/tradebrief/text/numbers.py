"""Numbers as a reader sees them, per language: money, changes, shares, rates, measures, periods.

One home for every figure's spelling, so "$5.79 bn", "+27.3%" and "Jan–Jun 2016" read the same in the
brief, the annex, the charts and the claims output. English keeps the house style (a `$`, "bn", ASCII
digits with commas) byte for byte; other languages take their separators, month names and percent sign
from Babel's CLDR data (Russian: "5,79 млрд $", "+27,3 %", "янв.–июн. 2016").
Rounding is half up on the figure as written ($3,485 m is "$3.49 bn"), never on its binary float.
"""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd
from babel.dates import get_month_names
from babel.numbers import format_decimal, get_plus_sign_symbol

from tradebrief.data import codes
from tradebrief.text.catalog import ORDINAL_WORDS, phrase

#: The languages every phrase is written in; the first is the default.
LANGS = ("en", "ru")
#: A gap, and a bound with no limit, in every language.
GAP = "—"
INFINITY = "∞"
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def check_lang(lang: str) -> str:
    """The language code, or ValueError naming the ones there are (a parameter, checked at the edge)."""
    if lang not in LANGS:
        raise ValueError(f"language {lang!r} is not one of {', '.join(LANGS)}")
    return lang


def missing(value: object) -> bool:
    """A gap: None or NaN (a gap stays a gap; it prints as '—')."""
    return value is None or bool(pd.isna(value))


def half_up(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def decimal(value: float | Decimal, places: int | None = None, lang: str = "en", *, group: bool = True) -> str:
    """A plain number in the language's digits: '1,234.5' / '1 234,5'. `places` None: as many as it has."""
    exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    if places is not None:
        exact = half_up(exact, places)
    if lang == "en":
        return f"{exact:,}" if group else f"{exact}"
    shown = max(0, -int(exact.as_tuple().exponent)) if places is None else places  # the digits it has
    pattern = ("#,##" if group else "") + ("0" if shown == 0 else "0." + "0" * shown)
    return format_decimal(exact, format=pattern, locale=lang)


def bound_prefix(bound: str, lang: str = "en") -> str:
    """The source's qualifier before the number it qualifies: 'over ', 'almost ', 'about ', ''."""
    return codes.BOUND.label(bound, lang) if bound in codes.BOUND.codes() else ""


def no_trailing_zeros(value: Decimal) -> Decimal:
    """The rounded figure without the zeros rounding added: 2.50 → 2.5, 8.00 → 8, 5.79 stays.

    The one precision rule for money: a figure is never printed more precisely than its source
    printed it ("$2.5 billion" is "$2.5 bn", not "$2.50 bn"); a zero the source printed is not
    told from one rounding added, so a shown figure may be less precise than its source, never more.
    """
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def printed_step(value: float) -> float:
    """The unit a figure was printed to: $1.8 bn → $100 m, $914 m → $1 m, $1.61 bn → $10 m (the
    largest power of ten it is a whole number of; a stored figure is its printed digits)."""
    whole = round(abs(float(value)))
    step = 1
    while whole and whole % (step * 10) == 0 and step < 10**12:
        step *= 10
    return float(step)


def difference(first: float, second: float) -> tuple[float, str]:
    """`first - second` no more precise than the less precise of the two, with its bound: China's 2019
    surplus from $1.8 bn and $914 m is 'about $900 m' ((900e6, 'approx')), not "$886 m"; Belarus's 2022
    deficit from $1.61 bn and $4.18 bn stays exact (-2.57e9, 'exact')."""
    step = max(printed_step(first), printed_step(second))
    exact = float(first) - float(second)
    shown = round(exact / step) * step
    return shown, "exact" if math.isclose(shown, exact, abs_tol=0.5) else "approx"


def usd_difference(first: float, second: float, lang: str = "en") -> str:
    """The size of `first - second` in words (`difference`): '$2.57 bn', 'about $900 m'."""
    value, bound = difference(first, second)
    return usd(abs(value), bound, lang)


def usd(value: float | None, bound: str = "exact", lang: str = "en") -> str:
    """'$5.79 bn', 'over $8 bn', '$2.5 bn', '$966.6 m', '$920 m'; '—' for a gap; '∞' for no upper limit.

    Billions to two decimals, millions to one, then `no_trailing_zeros`."""
    if missing(value):
        return GAP
    if math.isinf(value):
        return INFINITY
    exact = Decimal(repr(float(value)))
    if abs(value) >= 1e9:
        text = phrase("money.usd_bn", lang, n=decimal(no_trailing_zeros(half_up(exact / 10**9, 2)), lang=lang))
    elif abs(value) >= 1e6:
        text = phrase("money.usd_m", lang, n=decimal(no_trailing_zeros(half_up(exact / 10**6, 1)), lang=lang))
    else:
        text = phrase("money.usd", lang, n=decimal(half_up(exact, 0), lang=lang))
    return bound_prefix(bound, lang) + text


def percent_sign(number: str, lang: str = "en") -> str:
    """'27.3%' / '27,3 %' (Russian puts a no-break space before the sign)."""
    return phrase("number.percent", lang, n=number)


def pct(percent: float | None, lang: str = "en") -> str:
    """A change in percent, signed: '+27.3%', '-1.9%'; '—' for a gap."""
    if missing(percent):
        return GAP
    if lang == "en":
        return f"{percent:+.1f}%"
    return percent_sign(_signed(decimal(abs(percent), 1, lang), percent, lang, zero_plus=True), lang)


def _signed(text: str, value: float, lang: str, *, zero_plus: bool = False) -> str:
    if value < 0:
        return "−" + text if lang != "en" else "-" + text
    if value > 0 or zero_plus:
        return (get_plus_sign_symbol(lang) if lang != "en" else "+") + text
    return text


def share(percent: float | None, lang: str = "en") -> str:
    """A share in percent, unsigned: '4.9%'; '—' for a gap (`pct` is for changes)."""
    if missing(percent):
        return GAP
    return f"{percent:.1f}%" if lang == "en" else percent_sign(decimal(percent, 1, lang), lang)


def rate(fraction: float, *, signed: bool = True, lang: str = "en") -> str:
    """A growth rate given as a fraction (0.33 = +33%), with one decimal only when it matters."""
    if math.isinf(fraction):
        return phrase("rate.no_upper" if fraction > 0 else "rate.no_lower", lang)
    percent = fraction * 100
    places = 0 if abs(percent - round(percent)) < 0.05 else 1
    if lang == "en":
        text = f"{percent:.{places}f}"
        sign = "+" if signed and percent > 0 else ""
        return f"{sign}{text}%"
    text = decimal(abs(percent), places, lang, group=False)
    if percent < 0 and text.strip("0,") != "":
        text = "−" + text
    elif signed and percent > 0:
        text = get_plus_sign_symbol(lang) + text
    return percent_sign(text, lang)


def count(value: int, lang: str = "en") -> str:
    """A count with the language's grouping: '1,234' / '1 234'."""
    return decimal(int(value), 0, lang)


def times_text(ratio: float, lang: str = "en") -> str:
    """How much bigger one figure is than another — the one rule: from 1.95 on 'N.N times', below it
    'N% higher' / 'N% lower'."""
    if ratio >= 1.95:
        return phrase("ratio.times", lang, n=f"{ratio:.1f}" if lang == "en" else decimal(ratio, 1, lang))
    number = f"{abs(ratio - 1) * 100:.0f}"
    return phrase("ratio.higher" if ratio >= 1 else "ratio.lower", lang, n=number)


def quantity(value: float | None, unit: str, bound: str = "exact", high: float | None = None,
             lang: str = "en") -> str:
    """A rail or other measure with its unit: '930,000 TEU', 'about 90%', '85–90%', '$8.0 bn'."""
    if missing(value):
        return GAP
    prefix = bound_prefix(bound, lang)

    def num(v: float) -> str:
        if lang == "en":
            return f"{v:,.0f}" if float(v).is_integer() or abs(v) >= 100 else f"{v:,.1f}"
        return decimal(v, 0 if float(v).is_integer() or abs(v) >= 100 else 1, lang)
    body = num(value) if missing(high) else f"{num(value)}–{num(high)}"
    if unit == "percent":
        return prefix + percent_sign(body, lang)
    if unit in ("USD", "bn USD", "bn EUR"):
        if unit == "USD":
            return prefix + usd(value, lang=lang).lstrip()
        return prefix + phrase("money.usd_bn" if unit == "bn USD" else "money.eur_bn", lang, n=body)
    return f"{prefix}{body} {unit}"


def as_printed(value: float, lang: str = "en", *, group: bool = False) -> str:
    """A number as a source printed it, in the language's digits: '33', '27.3' / '27,3', never '33,0'
    (a float's '.0' is not a digit the source printed: `no_trailing_zeros`)."""
    if lang == "en":
        return f"{value:g}"
    return decimal(no_trailing_zeros(Decimal(f"{value:g}")), None, lang, group=group)


def printed_rate(measure: str, value: float, bound: str = "exact", base: str = "", lang: str = "en") -> str:
    """A rate as the source printed it: '+13%', 'over 113% of 2021', '2 times 2021' ('+33 %', not '+33,0 %')."""
    prefix = bound_prefix(bound, lang) if bound != "exact" else ""
    number = as_printed(value, lang)
    if measure == "pct_change":
        signed = f"{value:+g}" if lang == "en" else _signed(as_printed(abs(value), lang), value, lang, zero_plus=True)
        return prefix + percent_sign(signed, lang)
    if measure == "pct_of_base":
        return prefix + phrase("rate.pct_of" if base else "rate.pct_of_year_before", lang,
                               n=percent_sign(number, lang), base=base)
    if measure == "times":
        return prefix + phrase("rate.times_of" if base else "rate.times_year_before", lang, n=number, base=base)
    return f"{prefix}{number}"


def month_name(month: int, lang: str = "en") -> str:
    """A month, abbreviated: 'Jan' / 'янв.' (Babel's abbreviations for other languages)."""
    if lang == "en":
        return _MONTHS_EN[month - 1]
    return str(get_month_names("abbreviated", "format", locale=lang)[month])


def period_text(period: object, lang: str = "en") -> str:
    """'2016-01..2016-06' → 'Jan–Jun 2016'; '2023-01-01..2023-02-14' → '1 Jan–14 Feb 2023'; a year as is;
    '2025-part' → '2025 (period not stated)': a figure within a year whose months the source does not give
    (Belarus's "approached $12 billion", said in Jan 2026), never called 'part of' a year it may cover."""
    text = str(period)
    if ".." not in text:
        if len(text) == 7 and text[4] == "-" and text[5:].isdigit():
            return f"{month_name(int(text[5:]), lang)} {text[:4]}"
        if text.endswith("-part"):
            return phrase("period.part_of", lang, year=text[:4])
        return text
    start, end = text.split("..", 1)

    def one(part: str, year: bool) -> str:
        bits = part.split("-")
        month = month_name(int(bits[1]), lang) if len(bits) > 1 and bits[1].isdigit() else ""
        day = f"{int(bits[2])} " if len(bits) > 2 and bits[2].isdigit() else ""
        return f"{day}{month}" + (f" {bits[0]}" if year else "")
    same_year = start[:4] == end[:4]
    return f"{one(start, not same_year)}–{one(end, True)}"


def _suffixed(n: int, lang: str) -> str:
    """'21st', '22nd', '111th' / '21-й': an ordinal in digits, only beyond the ones written in words."""
    if lang != "en":
        return f"{n}-й"
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def ordinal(n: int, lang: str = "en") -> str:
    """An ordinal in words: 'second', 'ninth' (Russian neuter, for 'место': 'второе'); digits beyond
    twenty ('21st' / '21-е')."""
    n = int(n)
    if 1 <= n <= ORDINAL_WORDS:
        return phrase(f"ordinal.word.{n}", lang)
    return phrase("ordinal.number", lang, n=n) if lang != "en" else _suffixed(n, lang)


def ordinal_partner(rank: int, lang: str = "en") -> str:
    """A partner's rank in words: 'largest', 'second-largest', … 'twentieth-largest'; '21st-largest' beyond."""
    rank = int(rank)
    if 1 <= rank <= ORDINAL_WORDS:
        return phrase(f"ordinal.{rank}", lang)
    return phrase("ordinal.n", lang, nth=_suffixed(rank, lang))
