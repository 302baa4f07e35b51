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
    "join.semicolon": "; ",
    # claims: trade figures (claims/trade_checks.py)
    "claim.role.left_out": "left out (the text itself, which cannot confirm itself)",
    "claim.role.preferred": "preferred", "claim.role.other": "other figure", "claim.role.figure": "figure",
    "claim.role.implied": "implied figure",
    "claim.role.implied_unused": "implied figure (not used: a published figure exists)",
    "claim.evidence.figure": "{role}: {period} {flow} per {whose}: {value} ({bound}; {scope}{basis}{inferred}{words}) [{ids}]",
    "claim.evidence.basis": "; basis {basis}", "claim.evidence.inferred": "; year inferred",
    "claim.evidence.words": "; {text!r}",
    "claim.evidence.alone": "{line}; alone it would {would}",
    "claim.would.support": "support the claim", "claim.would.contradict": "contradict the claim",
    "claim.would.open": "leave it open",
    "claim.evidence.growth": "growth in {year} from the figures: {growth}",
    "claim.evidence.no_growth": "growth in {year} from the figures: none ({reason})",
    "claim.evidence.implied": "{role}: {period} {flow} per {whose}, implied: {value} ({lo} to {hi}; {arithmetic}; {scope}) [{ids}]",
    "claim.evidence.periods": "periods with figures per {whose}: {periods}",
    "claim.none": "none",
    "claim.apart_from_text": " apart from the text itself",
    "claim.what": "{label} {flow}", "claim.scope_paren": " ({scope})",
    "claim.threshold.no_figure": "no figure from {side} side for {what}{scope} is held{apart}",
    "claim.threshold.implied": "no figure from {side} side for {what} is held{apart}; the figure implied by a "
                               "printed rate ({arithmetic}) is {value} ({scope}), {judged}",
    "claim.threshold.figure": "{whose} put {what} at {value} ({scope}), {judged}{limit}",
    "claim.only_limit": " (the figure is only {limit})",
    "claim.need.figure": "a figure for {what}{scope} from {side} statistics",
    "claim.need.published": "a published figure for {what} from {side} statistics",
    "claim.need.exact": "an exact figure for {what} from {side} statistics",
    "claim.growth.cannot": "{whose} cannot give the growth: {reason}",
    "claim.growth.cannot_year": "{whose} cannot give the growth for {year}: {reason}",
    "claim.growth.cagr": "{whose} show {span} a year from {start} to {end} ({scope}: {a} to {b}), {judged}",
    "claim.growth.in_year": "{span} in {year}",
    "claim.growth.yoy": "{whose} show {parts} ({scope}), {judged}{every}",
    "claim.growth.every_year": " every year",
    "claim.evidence.printed_rate": "printed rate: {year} {flow} per {whose}: {printed} ({scope}; {text!r}) [{ids}]",
    "claim.evidence.printed_cannot": "printed rates cannot give the growth {start}–{end}: {reason}",
    "claim.growth.printed_for": "{printed} for {year}",
    "claim.growth.printed_part": "{printed} ({scope}){per_year}", "claim.growth.a_year": ", {span} a year",
    "claim.growth.printed": "{side} printed rates are {parts}, {judged}",
    "claim.sides": "{parts}",
    "claim.need.growth": "exact full-year {years} figures for {flow} of one scope from {side} statistics, or the rates they print",
    "claim.evidence.rank": "{role}: {period} {partner} {rank}{tied} among {economy} {flow} partners per {whose}{share} [{ids}]",
    "claim.rank.rank": "rank {n}", "claim.rank.rank_not_stated": "rank not stated", "claim.rank.tied": " (tied)",
    "claim.rank.share": ", share {share}",
    "claim.rank.what_place": "{partner}'s place among {economy} trade partners in {year}",
    "claim.rank.what_share": "{partner}'s share of {economy} trade in {year}",
    "claim.rank.no_figure": "{whose} give no figure for {what}{apart}",
    "claim.need.rank": "{what} ({flow}) from {side} statistics",
    "claim.rank.figure": "{whose} put {what} at {value}{tied}, {judged}",
    "rank.claimed_top": "the claimed top {n}", "rank.claimed_nth": "the claimed {nth}", "rank.in": "in {claimed}",
    "rank.true": "{claimed}", "rank.false": "not {claimed}", "rank.open": "which leaves open whether it is {claimed}",
    "ordinal.number": "{n}",
    "join.and_all": " and ", "join.to": " to ",
    # claims: records (claims/record_checks.py)
    "claim.evidence.excluded": "left out (the text repeats this source, so it cannot confirm it): {line}",
    "claim.evidence.record": "{date}: {title}{value} [{ids}]", "claim.evidence.record_value": ", {value}",
    "claim.quoted": "“{text}”",
    "claim.filter.kind": "kind {kind}", "claim.filter.contains": "{field} containing {words}",
    "claim.filter.dated": "dated {span}", "claim.filter.any": "any", "claim.filters": "{parts}",
    "claim.known_up_to": " up to {date}",
    "claim.count.none.agreements": "No agreement on record{known} matches",
    "claim.count.none.events": "No event on record{known} matches",
    "claim.count.one.agreements": "{n} agreement on record{known} matches",
    "claim.count.one.events": "{n} event on record{known} matches",
    "claim.count.many.agreements": "{n} agreements on record{known} match",
    "claim.count.many.events": "{n} events on record{known} match",
    "claim.count.summary": "{found} ({filters}); the records may be incomplete, so there are at least {n}, {judged}",
    "claim.need.count.agreements": "a complete list of the agreements matching the claim (the records hold {n})",
    "claim.need.count.events": "a complete list of the events matching the claim (the records hold {n})",
    "claim.evidence.rail_value": "{shown} ({bound}{words})",
    "claim.rail.what": "{unit} ({terms})",
    "claim.evidence.rail_other": "other year (not used): {period} {metric}: {value} [{ids}]",
    "claim.rail.none": "no figure for {what} is on record for any year",
    "claim.rail.nearest": "no {year} figure for {what} is on record; the nearest, for {period}, is {value}",
    "claim.need.rail_year": "a {year} figure for {what}",
    "claim.evidence.rail": "{role}: {period} {metric}: {value} [{ids}]",
    "claim.rail.part": "{period} {metric}: {span}, {judged}",
    "claim.need.rail_exact": "an exact {year} figure for {what}",
    "claim.date.in": "in {date}", "claim.date.==": "on {date}", "claim.date.<": "before {date}",
    "claim.date.<=": "on or before {date}", "claim.date.>": "after {date}", "claim.date.>=": "on or after {date}",
    "claim.date.none.agreements": "no matching agreement is on record{known} ({filters})",
    "claim.date.none.events": "no matching event is on record{known} ({filters})",
    "claim.need.date.agreements": "a dated record of the agreement ({filters})",
    "claim.need.date.events": "a dated record of the event ({filters})",
    "claim.date.supported_as_claimed": "the records date it {dates}, as claimed",
    "claim.date.supported": "the records date it {dates}, {claimed}",
    "claim.date.contradicted": "the records date it {dates}, not {claimed}",
    "claim.date.loose": "the records date it {dates}, too loosely to tell whether it was {claimed}",
    "claim.date.many_one": "of {n} matching records (dated {dates}), {hits} is dated {claimed}",
    "claim.date.many": "of {n} matching records (dated {dates}), {hits} are dated {claimed}",
    "claim.need.date_exact": "an exactly dated record ({filters})",
    "claim.evidence.label": "{country}: {label} ({kind}), established {established}: {state} as of {as_of} [{ids}]",
    "claim.not_stated": "not stated",
    "claim.label.holds": "holds it", "claim.label.later": "given it later", "claim.label.unclear": "date unclear",
    "claim.evidence.label_negative": "{country}: {label} (checked: no such label) [{ids}]",
    "claim.when.today": "today", "claim.when.as_of": "as of {date}",
    "claim.label.summary": "{main}{unsure}{extra}{missing}{later}",
    "claim.label.given_latest": "{when}, China has given a formal '{label}' label to {names}",
    "claim.label.given": "{when}, China had given a formal '{label}' label to {names}",
    "claim.label.unsure": " (date unclear: {names})", "claim.label.extra": ", so not only {names}",
    "claim.label.missing": "; no record of one for {names}", "claim.label.later_to": "; it gave one later to {names}",
    "claim.need.label": "a dated list of all countries holding the '{label}' label {when}",
    "claim.evidence.sector_none": "{item}: no independent record of a document",
    "claim.evidence.sector": "{item}: {docs}", "claim.evidence.doc": "{date} {title} [{ids}]",
    "claim.sector.summary": "the records show documents in {found} of the {total} fields claimed{missing}",
    "claim.sector.missing": "; none independent of the text for {items}",
    "claim.need.sector": "an independent list of the documents signed, with fields ({items})",
    "claim.evidence.stated_total": "stated total: {line} ({bound}{words})",
    "claim.sum.total": "the stated total is {value}, {judged} ({title})",
    "claim.evidence.document": "document: {line}",
    "claim.sum.documents": "documents with a stated value add up to at least {value}, {judged}",
    "claim.evidence.not_worth": "not the documents' worth (an estimate of economic effect; not compared): {line}",
    "claim.evidence.unvalued": "{n} matching document(s) recorded without a value",
    "claim.sum.none": "the records hold no stated value of these agreements",
    "claim.need.sum": "a stated total value of the agreements ({filters})",
    "claim.need.sum_exact": "an exact stated total of the agreements' value",
    "claim.evidence.related": "related, not decisive: {line}",
    "claim.no_record_settles": "no record settles this; it needs {needs}",
    "claim.user_text": "{text}",
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
