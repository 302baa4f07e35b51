"""The phrase catalogue: every phrase this package writes, once per language, keyed by what it says.

Templates are `str.format` strings whose fields are data (numbers already formatted, names already
chosen); a sentence is written once from its template and never edited after. English is the house
style of the brief; Russian is written for analysts in Minsk (not translated word for word). A test
(tests/unit/text/test_catalog.py) holds that both languages have the same keys and the same fields.
Code labels (flows, scopes, verdicts, side codes …) live in `data/codes.py`, not here.
"""
from __future__ import annotations

import string
from functools import cache

EN: dict[str, str] = {
    # numbers
    "money.usd_bn": "${n} bn", "money.usd_m": "${n} m", "money.usd": "${n}", "money.eur_bn": "€{n} bn",
    "number.percent": "{n}%",
    "rate.no_upper": "no upper limit", "rate.no_lower": "no lower limit",
    "rate.pct_of": "{n} of {base}", "rate.pct_of_year_before": "{n} of the year before",
    "rate.times_of": "{n} times {base}", "rate.times_year_before": "{n} times the year before",
    "ratio.times": "{n} times", "ratio.higher": "{n}% higher", "ratio.lower": "{n}% lower",
    "period.part_of": "part of {year}",
    "ordinal.1": "largest", "ordinal.2": "second-largest", "ordinal.3": "third-largest",
    "ordinal.4": "fourth-largest", "ordinal.5": "fifth-largest", "ordinal.n": "number {n}",
    # words
    "join.and": " and ", "join.comma": ", ",
    "possessive": "{name}'s", "possessive.s": "{name}'",
    "side.figures": "{whose} figures", "side.own_figures": "{whose} own figures",
    "flow.export": "{whose} exports to {partner}", "flow.import": "{whose} imports from {partner}",
    "flow.turnover": "{economy}–{partner} trade", "flow.trade_with": "{whose} trade with {partner}",
    "span.at_least": "at least {lo}", "span.at_most": "at most {hi}", "span.range": "{lo} to {hi}",
    "relation.>": "above", "relation.>=": "at least", "relation.<": "below", "relation.<=": "at most",
    "relation.==": "equal to", "relation.~": "within ±{tolerance} of",
    "judged.true": "{relation} the claimed {claimed}", "judged.false": "not {relation} the claimed {claimed}",
    "judged.open": "which leaves open whether it is {relation} the claimed {claimed}",
    "judged.approx_true": "in line with the claimed {claimed}", "judged.approx_false": "not the claimed {claimed}",
    "judged.approx_open": "which leaves open whether it matches the claimed {claimed}",
    "mirror.cause.routing": "goods routed via third countries",
    "mirror.cause.cif": "freight and insurance on imports (CIF, not FOB)",
    "mirror.cause.timing": "timing",
    "mirror.cause.unstated": "where scope is not stated, services",
    "join.and_clause": " and, ",
}

RU: dict[str, str] = {
    "money.usd_bn": "${n}\u00a0млрд", "money.usd_m": "${n}\u00a0млн", "money.usd": "${n}",
    "money.eur_bn": "€{n}\u00a0млрд",
    "number.percent": "{n}\u00a0%",
    "rate.no_upper": "без верхнего предела", "rate.no_lower": "без нижнего предела",
    "rate.pct_of": "{n} к {base}", "rate.pct_of_year_before": "{n} к предыдущему году",
    "rate.times_of": "в {n} раза больше, чем в {base}", "rate.times_year_before": "в {n} раза больше, чем годом ранее",
    "ratio.times": "в {n} раза", "ratio.higher": "на {n}\u00a0% больше", "ratio.lower": "на {n}\u00a0% меньше",
    "period.part_of": "часть {year} г.",
    "ordinal.1": "крупнейший", "ordinal.2": "второй по величине", "ordinal.3": "третий по величине",
    "ordinal.4": "четвёртый по величине", "ordinal.5": "пятый по величине", "ordinal.n": "№\u00a0{n}",
    "join.and": " и ", "join.comma": ", ",
    "possessive": "{name}", "possessive.s": "{name}",
    "side.figures": "данные {whose}", "side.own_figures": "собственные данные {whose}",
    "flow.export": "экспорт {whose} в {partner}", "flow.import": "импорт {whose} из {partner}",
    "flow.turnover": "торговля {economy} — {partner}", "flow.trade_with": "торговля {whose} с {partner}",
    "span.at_least": "не менее {lo}", "span.at_most": "не более {hi}", "span.range": "от {lo} до {hi}",
    "relation.>": "выше", "relation.>=": "не ниже", "relation.<": "ниже", "relation.<=": "не выше",
    "relation.==": "равно", "relation.~": "в пределах ±{tolerance} от",
    "judged.true": "{relation} заявленных {claimed}", "judged.false": "не {relation} заявленных {claimed}",
    "judged.open": "что оставляет открытым, {relation} ли это заявленных {claimed}",
    "judged.approx_true": "в согласии с заявленными {claimed}", "judged.approx_false": "не заявленные {claimed}",
    "judged.approx_open": "что оставляет открытым, совпадает ли это с заявленными {claimed}",
    "mirror.cause.routing": "товары, идущие через третьи страны",
    "mirror.cause.cif": "фрахт и страхование в импорте (CIF, а не FOB)",
    "mirror.cause.timing": "время учёта",
    "mirror.cause.unstated": "там, где охват не указан, — услуги",
    "join.and_clause": " и ",
}

CATALOGS: dict[str, dict[str, str]] = {"en": EN, "ru": RU}


def phrase(key: str, lang: str = "en", /, **fields: object) -> str:
    """The phrase `key` in `lang`, its fields filled in. A missing key or field is a KeyError at once
    (a phrase is never guessed or left half-written)."""
    try:
        template = CATALOGS[lang][key]
    except KeyError:
        raise KeyError(f"no phrase {key!r} in language {lang!r}") from None
    return template.format(**fields) if fields or "{" in template else template


@cache
def fields_of(template: str) -> frozenset[str]:
    """The names a template needs: "{relation} the claimed {claimed}" → {relation, claimed}."""
    return frozenset(name for _, name, _, _ in string.Formatter().parse(template) if name)
