"""Phrases as data: what a decision says, kept as a catalogue key with its fields until it is written.

A claim check or an analysis decides and returns `Said(key, fields)` — a reason code and the figures,
codes and names it rests on — instead of a sentence. Fields are plain values (a period, a title, a
quote, printed as they are), `Word`s (a call of a `text.words` function, made in the reader's
language: `Word("usd", 5.79e9, "exact")`), other `Said`s, or `Joined` lists. `write(item, lang)` is
the one place they become text, so the same result reads in English or Russian and no sentence is
ever edited after it is written. All three are frozen and picklable (the run's claims cache).
"""
from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from tradebrief.data import codes
from tradebrief.text import numbers, words
from tradebrief.text.catalog import phrase


@dataclass(frozen=True)
class Said:
    """A phrase to write: its catalogue key (the reason code) and its fields."""

    key: str
    fields: dict[str, Any] = field(default_factory=dict)

    def walk(self) -> Iterator[Said]:
        """This phrase and every phrase inside its fields (for the metadata test)."""
        yield self
        for value in self.fields.values():
            yield from _walk(value)


@dataclass(frozen=True)
class Word:
    """A `text.words` (or `text.numbers`) function and its arguments, called in the reader's language."""

    fn: str
    args: tuple[Any, ...] = ()

    def __init__(self, fn: str, *args: Any) -> None:
        if fn not in WORD_FUNCTIONS:
            raise KeyError(f"no word function {fn!r}")
        object.__setattr__(self, "fn", fn)
        object.__setattr__(self, "args", args)


@dataclass(frozen=True)
class Joined:
    """Items joined as a list: how="and" ('a, b and c'), "and_all" ('a and b and c'), "semicolon" ('a; b'),
    "comma" ('a, b'), "to" ('a to b')."""

    items: tuple[Any, ...]
    how: str = "and"


def say(key: str, **fields: Any) -> Said:
    """`Said(key, fields)`, written shorter."""
    return Said(key, fields)


def _walk(value: Any) -> Iterator[Said]:
    if isinstance(value, Said):
        yield from value.walk()
    elif isinstance(value, Word):
        for arg in value.args:
            yield from _walk(arg)
    elif isinstance(value, Joined):
        for item in value.items:
            yield from _walk(item)


def _usd_span(lo: float, hi: float, lang: str = "en") -> str:
    return words.span_text(lo, hi, lambda v: numbers.usd(v, lang=lang), lang)


def _rate_span(lo: float, hi: float, lang: str = "en") -> str:
    return words.span_text(lo, hi, lambda v: numbers.rate(v, lang=lang), lang)


def _unit_number(value: float, unit: str, lang: str = "en") -> str:
    """A count with its unit: '930,000 TEU', '1.50 trains'; '∞' for no limit."""
    if value == float("inf"):
        return numbers.INFINITY
    places = 0 if float(value).is_integer() else 2
    number = f"{value:,.{places}f}" if lang == "en" else numbers.decimal(value, places, lang)
    return f"{number} {unit}"


def _unit_span(lo: float, hi: float, unit: str, lang: str = "en") -> str:
    return words.span_text(lo, hi, lambda v: _unit_number(v, unit, lang), lang)


def _printed_short(measure: str, value: float, bound: str, lang: str = "en") -> str:
    """A printed rate as printed, short: '+33%', 'over 113% of the year before', '×2'."""
    prefix = numbers.bound_prefix(bound, lang)
    if lang == "en":
        body = {"pct_of_base": f"{value:g}% of the year before", "times": f"×{value:g}"}.get(measure, f"{value:+g}%")
        return prefix + body
    if measure == "times":
        return f"{prefix}×{numbers.as_printed(value, lang)}"
    return prefix + numbers.printed_rate(measure, value, lang=lang)


def _ordinal_number(n: float, lang: str = "en") -> str:
    """'second', 'eleventh' / 'второе' (in words: issue 24)."""
    return numbers.ordinal(int(n), lang)


def _rank_judged(outcome: bool | None, op: str, value: float, lang: str = "en") -> str:
    """Ranks read upside down (1 is the largest): 'in the claimed top 3', 'not the claimed 2nd'."""
    if op not in ("<=", "<", "=="):
        return words.judged(outcome, op, _ordinal_number(value, lang), lang=lang)
    claimed = (phrase("rank.claimed_nth", lang, nth=_ordinal_number(value, lang)) if op == "==" else
               phrase("rank.claimed_top", lang, n=int(value) if op == "<=" else int(value) - 1))
    if op in ("<=", "<"):
        claimed = phrase("rank.in", lang, claimed=claimed)
    return phrase({True: "rank.true", False: "rank.false"}.get(outcome, "rank.open"), lang,  # type: ignore[arg-type]
                  claimed=claimed)


def _bound_words(bound: str, lang: str = "en") -> str:
    """How a figure reads against the truth, in words: 'as published', 'rounded', 'a lower bound' (the
    bound's code, 'exact' or 'lower', is the data's word, not the reader's)."""
    key = f"claim.bound.{bound}"
    return phrase(key, lang) if bound in codes.BOUND.codes() else str(bound)


def _flow_code(flow: str, lang: str = "en") -> str:
    """A flow as its code in English ('turnover partners', as the claims output always printed it), its
    label in other languages."""
    return flow if lang == "en" else codes.FLOW.label(flow, lang)


def _sentence(text: str, lang: str = "en") -> str:
    """Sentence case and a full stop, for a phrase that opens a sentence (written fresh, not edited)."""
    text = text.strip()
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _band(claimed: Any, op: str, tolerance: float | None, lang: str) -> tuple[str, str, str] | None:
    """An approximate claim's band as the reader checks it: (tolerance, low end, high end), each end
    written as the claimed figure is ('+29.7%', '$3.33 bn'); None when the claim is exact."""
    if op != "~" or not tolerance or not isinstance(claimed, Word) or not claimed.args:
        return None
    value, rest = claimed.args[0], claimed.args[1:]
    if not isinstance(value, (int, float)):
        return None
    lo, hi = sorted((value * (1 - tolerance), value * (1 + tolerance)))
    return (numbers.rate(tolerance, signed=False, lang=lang),  # '10%', '10 %': a decimal only when it matters
            write(Word(claimed.fn, lo, *rest), lang), write(Word(claimed.fn, hi, *rest), lang))


#: The word functions a `Word` may name; each takes `lang` as a keyword.
WORD_FUNCTIONS = {
    "usd": lambda value, bound="exact", lang="en": numbers.usd(value, bound, lang),
    "rate": lambda fraction, lang="en": numbers.rate(fraction, lang=lang),
    "share": lambda percent, lang="en": numbers.share(percent, lang),
    "count": lambda n, lang="en": numbers.count(n, lang),
    "period": lambda period, lang="en": numbers.period_text(period, lang),
    "usd_span": _usd_span,
    "rate_span": _rate_span,
    "unit_number": _unit_number,
    "unit_span": _unit_span,
    "flow": lambda economy, flow, partner, lang="en": words.flow_text(economy, flow, partner, lang),
    "whose": lambda reporter, lang="en": words.whose(reporter, lang),
    "whose_figures": lambda reporter, lang="en": words.whose_figures(reporter, lang),
    "possessive": lambda code, lang="en": words.possessive(code, lang),
    "country": lambda code, lang="en": words.country(code, lang),
    "scope": lambda scope, lang="en": words.scope_text(scope, lang),
    "judged": lambda outcome, op, claimed, tolerance=None, equal=False, lang="en": words.judged(
        outcome, op, write(claimed, lang), tolerance, lang, band=_band(claimed, op, tolerance, lang), equal=equal),
    # the brief's table: the tolerance without its two ends (the annex gives them)
    "judged_short": lambda outcome, op, claimed, tolerance=None, equal=False, lang="en": words.judged(
        outcome, op, write(claimed, lang), tolerance, lang, band=_band(claimed, op, tolerance, lang), short=True,
        equal=equal),
    "printed_short": _printed_short,
    "ordinal_number": _ordinal_number,
    "rank_judged": _rank_judged,
    "flow_code": _flow_code,
    "limit": lambda bound, lang="en": codes.BOUND.label(bound, lang, "limit"),
    "code": lambda table, code, lang="en": words.code_words(code, codes.TABLES[table], lang),
    "g": lambda value, lang="en": numbers.as_printed(value, lang, group=True),
    # a code in words in every language ("scope not stated", "an official's statement", "goods and
    # services"), never the code itself ("unknown", "official", "goods_and_services"): issue 24, plain words
    # everywhere a reader looks. The two older names stay for the callers that use them.
    "code_raw": lambda table, code, lang="en": words.code_words(code, codes.TABLES[table], lang),
    "code_as_is": lambda table, code, lang="en": words.code_words(code, codes.TABLES[table], lang),
    "bound_name": lambda bound, lang="en": _bound_words(bound, lang),
    "sentence": lambda item, lang="en": _sentence(write(item, lang), lang),
}


def one_year(fields: dict[str, Any]) -> bool:
    """Whether a growth's span is one year (start and end a year apart): its change is that year's, never
    "a year" (issue 24: "+57.8% a year since 2018" for 2019 alone)."""
    try:
        return int(str(fields.get("end"))) - int(str(fields.get("start"))) == 1
    except ValueError:
        return False


def part_of_year(fields: dict[str, Any]) -> bool:
    """Whether a claimed date is a month or a day, not a whole year ('2023-03', not '2020')."""
    return len(str(fields.get("date", ""))) != 4


#: Phrases written another way when their fields say so: (test of the fields, the key to write instead).
VARIANTS: dict[str, tuple[Any, str]] = {"claim.growth.cagr": (one_year, "claim.growth.cagr_one"),
                                        "claim.dated.in": (part_of_year, "claim.dated.in_part")}

#: A field's phrase written another way inside a given sentence: (sentence key, field) → {the field's key:
#: the key to write instead}. Russian governs the case: "4 из 12 подходящих записей датированы 2020 годом",
#: but "то есть в 2020" (the claimed date after "dated" is not the claimed date after "that is").
FIELD_FORMS: dict[tuple[str, str], dict[str, str]] = {
    (key, "claimed"): {"claim.date.in": "claim.dated.in"}
    for key in ("claim.date.many", "claim.date.many_one", "claim.short.date.many", "claim.short.date.many_one")}


def _in_sentence(key: str, name: str, value: Any) -> Any:
    """A field's phrase in the form the sentence `key` needs for it (FIELD_FORMS), else as it is."""
    forms = FIELD_FORMS.get((key, name))
    if forms and isinstance(value, Said) and value.key in forms:
        return Said(forms[value.key], value.fields)
    return value


def write(item: Any, lang: str = "en") -> str:
    """The text of a phrase, a word, a list or a plain value, in `lang`."""
    if isinstance(item, Said):
        key = item.key
        if key in VARIANTS and VARIANTS[key][0](item.fields):
            key = VARIANTS[key][1]
        return phrase(key, lang, **{k: write(_in_sentence(item.key, k, v), lang) if not isinstance(v, str) else v
                                    for k, v in item.fields.items()})
    if isinstance(item, Word):
        return WORD_FUNCTIONS[item.fn](*item.args, lang=lang)
    if isinstance(item, Joined):
        parts = [write(i, lang) for i in item.items]
        if item.how == "and":
            return words.join_words(parts, lang)
        return phrase(f"join.{item.how}", lang).join(parts)
    if item is None:
        return ""
    return str(item)
