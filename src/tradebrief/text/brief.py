"""The brief's sentences: each judgment of `report.rules` written once, from its data, per language.

A writer per judgment key and language turns the fields (numbers, years, codes, citation ids) into
one sentence of our Markdown: figures through the number formats of the language, data text (titles,
names of events, rail measures) escaped, citations through `cite` (placeholders that the report
numbers when the brief is laid out). A writer composes its sentence from parts and never edits a
sentence after it is written: to say something else, the rule returns other data.

Writers take the judgment's `key` and `fields` (duck-typed), so this layer imports nothing above it.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from pathlib import PurePath
from typing import Any

from babel.numbers import format_decimal

from tradebrief.data import codes
from tradebrief.data.countries import country_name
from tradebrief.text.markup import Md, md, md_join
from tradebrief.text.numbers import decimal
from tradebrief.text.words import (
    OTHER_NAMES,
    VALUE_KIND_WORDS,
    code_words,
    country,
    join_words,
    mirror_why,
    ordinal_partner,
    percent_sign,
    period_text,
    possessive,
    printed_rate,
    publisher,
    quantity,
    scope_text,
    shorten,
    side_flow,
    usd,
    whose_figures,
)
from tradebrief.text.words import pct as pct_text

Cite = Callable[[object], Md]
Fields = Mapping[str, Any]

# ------------------------------------------------------------------ shared helpers


def years_text(years: list[int]) -> str:
    """[2019, 2020, 2021, 2023] → '2019–2021, 2023'; 'no year' for none."""
    parts: list[str] = []
    run: list[int] = []
    for y in sorted(set(years)):
        if run and y == run[-1] + 1:
            run.append(y)
            continue
        if run:
            parts.append(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}")
        run = [y]
    if run:
        parts.append(str(run[0]) if len(run) == 1 else f"{run[0]}–{run[-1]}")
    return ", ".join(parts) if parts else "no year"


#: The commands that would give a thin pair comparable figures ({r}/{p}: ISO3 codes), the same in
#: every language, and the words that join them, per language.
FILL_COMMAND_LIST = ("tradebrief fetch imf --reporter {r} --partner {p}",
                     "tradebrief fetch comtrade --reporter {r} --partner {p}",
                     "tradebrief run --source imf --reporter {r} --partner {p}", "tradebrief run --baci PATH")
FILL_JOIN = {"en": "{0} (or {1}), then {2}; or {3} with a CEPII BACI release",
             "ru": "{0} (или {1}), затем {2}; или {3} с выпуском CEPII BACI"}


def fill_commands(economy: str, partner: str, lang: str = "en", *, code: bool = True) -> str:
    """The commands that fill a thin pair, joined in `lang`; as Markdown code spans unless `code` is False."""
    commands = [c.format(r=economy, p=partner) for c in FILL_COMMAND_LIST]
    return FILL_JOIN[lang].format(*(f"`{c}`" if code else c for c in commands))


# ------------------------------------------------------------------ English

#: Several bounds that are not values ("only lower bounds"); one is data/codes.BOUND's "limit" form.
_LIMITS_EN = {"lower": "lower bounds", "upper": "upper bounds", "range": "ranges"}
#: A figure's scope as an adjective before "figures".
_SCOPE_ADJ_EN = {"goods": "goods", "goods_and_services": "goods-and-services"}
#: What a stated value is worth "in": "worth $3.50 bn in agreements and contracts".
_WORTH_IN_EN = {"contract_value": "agreements and contracts", "economic_effect": "estimated economic effect",
                "credit_envelope": "credit offered", "loan": "loan"}
#: An earlier rank, as a number: "up from third in 2021".
_RANK_EN = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}


def _limit(bound: str, lang: str = "en") -> str:
    """'a lower bound' / 'нижняя граница': a bound that is only a limit, as data/codes.BOUND words it."""
    return codes.BOUND.label(bound, lang, "limit")


def _usd(f: Fields) -> str:
    return usd(f["value"], f["bound"])


def _its_en(flow: str, side: str) -> str:
    """"Belarus's trade with China" → "its trade with China" after "Belarus's figures put …"."""
    own = possessive(side)
    return "its" + flow[len(own):] if flow.startswith(own + " ") else flow


def _scope_adj_en(scope: str) -> str:
    return _SCOPE_ADJ_EN.get(scope, "unstated-scope")


def trend_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    side, first, last = j["side"], j["first"], j["last"]
    flow = _its_en(side_flow(side, j["flow"], economy, partner), side)
    text = md("{} {} figures put {} at {} in {}, {} from {} in {}", possessive(side), _scope_adj_en(j["scope"]), flow,
              _usd(last), last["year"], "up" if j["rising"] else "down", _usd(first), first["year"])
    text += cite(j["ids"])
    if j["cagr"] is not None:
        text += md(" ({} a year)", pct_text(j["cagr"]))
    g = j["growth"]
    if g is not None:
        text += md("; {} in {} alone", pct_text(g["pct"]), g["year"]) + cite(g["ids"])
        if g["printed"]:
            text += Md(" (printed: ") + md_join([md("{}", printed_rate(p["measure"], p["value"], p["bound"],
                                                                      str(p["base"]))) + cite(p["ids"])
                                                  for p in g["printed"]], ", ") + Md(")")
    later = j["later"]
    if later is not None:
        kind = []
        if later["limit"]:
            kind.append(f"only {_limit(later['limit'])}")
        if later["other_scope"]:
            kind.append(scope_text(later["other_scope"]))
        text += md("; later: {} for {}", _usd(later), years_text(later["years"])) + cite(later["ids"])
        if kind:
            text += md(" ({})", ", ".join(kind))
    part = j["part"]
    if part is not None:
        text += md("; in {}, {} in {} alone", scope_text(part["scope"]), _usd(part), period_text(part["period"])) \
            + cite(part["ids"])
    return text + Md(".")


def _conflict_en(ratio: float) -> str:
    return f"{ratio:.1f} times" if ratio >= 1.5 or ratio <= 1 / 1.5 else f"{(ratio - 1) * 100:+.0f}% against"


def thin_level_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    parts = []
    for group in j["groups"]:
        reporter = group["reporter"]
        view = reporter if reporter in (economy, partner) else economy
        flows = [md("{} at {}", side_flow(view, f["flow"], economy, partner), _usd(f)) + cite(f["ids"])
                 for f in group["figures"]]
        parts.append(md("{} put ", whose_figures(reporter)) + md_join(flows, ", "))
    text = md("In {}, ", j["year"]) + md_join(parts, "; ")
    if j["others"]:
        text += Md(", figures that are neither side's own statistics")
    for c in j["conflicts"]:
        text += md("; for {}, {} own figure is {} that of {}", side_flow(economy, c["flow"], economy, partner),
                   possessive(c["reporter"]), _conflict_en(c["ratio"]), OTHER_NAMES.get(c["other"], country_name(c["other"])))
    return text + Md(".")


def _gap_en(lo: float, hi: float, other: str) -> str:
    """"exceed China's by 14–66%", "fall short of China's by 5%" (ratios own / partner)."""
    def span(x: float, y: float) -> str:
        a, b = sorted((abs(x - 1) * 100, abs(y - 1) * 100))
        return f"{a:.0f}%" if round(a) == round(b) else f"{a:.0f}–{b:.0f}%"
    if lo >= 1:
        return f"exceed {other} by {span(lo, hi)}"
    if hi <= 1:
        return f"fall short of {other} by {span(lo, hi)}"
    return f"differ from {other} by {(lo - 1) * 100:+.0f}% to {(hi - 1) * 100:+.0f}%"


def mirror_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    items = []
    for i in j["items"]:
        note = {None: "", "unknown": f", {scope_text('unknown')}", "differ": ", scopes differ"}[i["scopes"]]
        items.append(md("{}: {} against {}{}", i["year"], _usd(i["first"]), _usd(i["second"]), note) + cite(i["ids"]))
    where = "both sides publish a figure for the same year" if j["unstated"] else \
        "both sides publish goods figures for the same year"
    text = md("Where {}, {} totals {} ", where, possessive(j["subject"]), _gap_en(j["lo"], j["hi"], possessive(j["other"])))
    return text + Md("(") + md_join(items, "; ") + md("); gaps of this kind usually come from {}",
                                                       mirror_why(j["unstated"])) + Md(".")


def standing_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    flow = "trade" if j["flow"] == "turnover" else code_words(j["flow"])
    text = md("{} was {} {} {} partner in every statement for {}", country_name(partner), possessive(economy),
              ordinal_partner(j["rank"]), flow, years_text(j["years"])) + cite(j["ids"])
    s = j["share"]
    if s is not None:
        of = f"{scope_text(s['scope'])} trade" if s["scope"] in ("goods", "goods_and_services") else "trade"
        text += md(" ({}% of {} {} in {})", f"{s['pct']:g}", possessive(economy), of, s["year"]) + cite(s["ids"])
    b = j["before"]
    if b is not None:
        text += md(", up from {} in {}", _RANK_EN.get(b["rank"], f"number {b['rank']}"), b["year"]) \
            if b["rank"] > j["rank"] else md(", down from {} in {}", ordinal_partner(b["rank"]), b["year"])
        text += cite(b["ids"])
    return text + Md(".")


def agreements_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    text = md("The {} brought the most documents of {}–{}: {} listed by title", j["event"], j["start"], j["end"],
              "one" if j["listed"] == 1 else j["listed"])
    parts = j["parts"]
    if parts is not None:
        text += md(", {} parts of {}", "all" if parts["all"] else f"{parts['n']} of them",
                   "one package" if parts["packages"] == 1 else f"{parts['packages']} packages")
    w = j["worth"]
    if w is not None:
        if w["package"]:  # what the source says was signed, in its own words
            text += md("; the package as its source titles it: “{}”", shorten(w["package"], 130)) + cite(w["ids"])
            text += md(", worth {} in {}", _usd(w), _WORTH_IN_EN.get(w["kind"], code_words(w["kind"])))
        else:
            text += md(" worth {} in {}", _usd(w), _WORTH_IN_EN.get(w["kind"], code_words(w["kind"]))) + cite(w["ids"])
        text += Md(", counted once")
    else:
        text += Md("; none of them states a value")
    for e in j["estimates"]:
        text += md("; the {} of {}", code_words(e["kind"], VALUE_KIND_WORDS), _usd(e)) + cite(e["ids"])
        text += Md(" is a different measure, not added to it")
    return text + Md(".")


def _measure(m: Fields) -> str:
    return quantity(m["value"], m["unit"], m["bound"], m["high"])


def corridor_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    parts = []
    run = j["run"]
    if run is not None:
        first, last = run["first"], run["last"]
        parts.append(md("Rail container traffic counted as “{}” went from {} in {}", run["scope"], _measure(first),
                        first["year"]) + cite(first["ids"]) + md(" to {} in {}", _measure(last), last["year"])
                     + cite(last["ids"]))
    s = j["share"]
    if s is not None:
        metric = s["metric"][:1].lower() + s["metric"][1:]  # the record's measure name, inside a sentence
        parts.append(md("{} {}, the {} was {}", "in" if parts else "In", period_text(s["period"]), metric,
                        quantity(s["value"], "percent", s["bound"], s["high"])) + cite(s["ids"]))
    return md_join(parts, "; ") + Md(".")


def coverage_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    parts = []
    for s in j["sides"]:
        if not s["n"]:
            parts.append(md("{} side: no full-year figure", possessive(s["side"])))
        else:
            parts.append(md("{} side: {} full-year figure{} for {}", possessive(s["side"]), s["n"],
                            "" if s["n"] == 1 else "s", years_text(s["years"])))
    if j["others"]["n"]:
        parts.append(md("other publishers: {} for {}", j["others"]["n"], years_text(j["others"]["years"])))
    return md_join(parts, "; ")


def _change_en(kind: str, ratio: float) -> str:
    return {"doubled": "roughly doubled", "tripled": "roughly tripled", "fold": f"grew {ratio:.1f}-fold"}.get(
        kind, f"changed {pct_text((ratio - 1) * 100)}")


def _standing_since_en(j: Fields, cite: Cite) -> Md:
    years = j["years"]
    when = f"since {min(years)}" if len(years) > 1 else f"in {years[0]}"
    return md("{} has been {} {} trade partner {}", country_name(j["partner"]), possessive(j["economy"]),
              ordinal_partner(j["rank"]), when) + cite(j["ids"])


def _caveat_en(c: Fields) -> str:
    if c["kind"] == "mirror":
        clause = f"the two sides' totals differ by up to {c['pct']:.0f}%"
        return clause + (f" ({c['year']}, scope not stated)" if c["year"] is not None else "")
    clause = f"{possessive(c['side'])} figures mix scopes"  # goods, goods and services, not stated
    if c["trend_scope"]:
        clause += f", so the latest totals are not comparable with the {scope_text(c['trend_scope'])} figures"
    return clause


def bottom_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    side, first, last = j["side"], j["first"], j["last"]
    flow = _its_en(side_flow(side, j["flow"], economy, partner), side)
    lead = md("By {} own {} figures, {} {}, from {} in {} to {} in {}", possessive(side), _scope_adj_en(j["scope"]),
              flow, _change_en(j["change"], j["ratio"]), _usd(first), first["year"], _usd(last), last["year"])
    sentences = [lead + cite([first["ids"], last["ids"]]) + Md(".")]
    second = []
    o = j["other"]
    if o is not None:
        bit = md("{} own figures show {} in {}", possessive(o["side"]), _usd(o["last"]), o["last"]["year"]) \
            + cite(o["last"]["ids"])
        if o["cagr"] is not None:
            bit += md(" ({} a year since {}", pct_text(o["cagr"]), o["first"]["year"]) + cite(o["first"]["ids"]) + Md(")")
        second.append(bit)
    if j["standing"] is not None:
        second.append(_standing_since_en(j["standing"].fields, cite))
    if second:  # each clause starts with a country's name: the sentence needs no capital added
        sentences.append(md_join(second, ", and ") + Md("."))
    if j["caveats"]:
        sentences.append(md("Read with care: {}.", join_words([_caveat_en(c) for c in j["caveats"]])))
    return md_join(sentences)


def bottom_thin_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    n = j["n"]
    first = md("The data for {}–{} in {}–{} is too thin for a trend: ", country_name(economy), country_name(partner),
               j["start"], j["end"])
    sides = "neither side publishes one" if j["no_side"] else "no side has two comparable ones"
    first += md("{} full-year {} in all, for {}, and {}.", n, "figure" if n == 1 else "figures",
                years_text(j["years"]), sides) if n else Md("there is no full-year figure at all.")
    level = thin_level_en(j["level"].fields, cite, economy, partner) if j["level"] is not None else Md("")
    third = Md("To fill it: ") + Md(fill_commands(economy, partner)) + Md(".")
    return md_join([first, level, third])


def side_none_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    return md("{} side publishes no full-year figure for {}–{} in this data.", possessive(j["side"]), j["start"], j["end"])


def _bounds_en(j: Fields) -> str:
    """'lower bounds', 'a lower bound', 'lower and upper bounds'."""
    if j["one_bound"]:
        return _limit(j["bounds"][0])
    return join_words([_LIMITS_EN[k] for k in j["bounds"]])


def side_gaps_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    bits = [md("{} side has figures for {} of {} years ({})", possessive(j["side"]), len(j["years"]), j["span"],
               years_text(j["years"]))]
    if j["stats_end"] is not None:
        bits.append(md("after {} only officials' statements and press reports, no statistics release", j["stats_end"]))
    elif j["no_stats"]:
        bits.append(Md("none of them is from a statistics release"))
    if j["scope_changes"]:
        bits.append(md("its scope changes in {} (no growth is computed across a change)" if j["explain"] else
                       "its scope changes in {}", years_text(j["scope_changes"])))
    if j["bounded_years"]:
        bits.append(md("the figures for {} are only {}", years_text(j["bounded_years"]), _bounds_en(j)))
    return md_join(bits, "; ") + Md(".")


def no_mirror_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    return md("No year has comparable figures from both {} and {}, so how far the two sides' statistics differ "
              "is unknown.", country_name(economy), country_name(partner))


def others_apart_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    names = join_words(sorted({whose_figures(r) for r in j["reporters"]}))
    return md("Shown apart, never joined to a side's series: {} {} from neither side ({}).", j["n"],
              "figure" if j["n"] == 1 else "figures", names)


def _printed_en(lo: float, hi: float) -> str:
    return f"{(lo + hi) / 2:+.1f}%" if not math.isinf(hi) else f"over {lo:+.1f}%"


def _last_sentence(reason: str) -> str:
    """The recorded reason's conclusion: its last sentence (the whole reasoning is in the annex)."""
    sentences = [s for s in re.split(r"(?<=\.) (?=[A-Z])", reason) if s] if reason else []
    return sentences[-1] if sentences else "No reason is recorded."


def disagreement_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    flow = side_flow(j["reporter"], j["flow"], economy, partner)  # starts with a country's name
    return md("{} in {}: the source prints {}, the published figures give {}. {}", flow,
              j["year"], _printed_en(j["lo"], j["hi"]), pct_text(j["growth"]), _last_sentence(j["reason"])) \
        + cite(j["ids"])


def no_products_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    return Md("No breakdown by product: the run had no CEPII BACI release or HS-chapter figures.")


def no_agreements_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    return md("The snapshot holds no records of agreements or transport links for {}–{}.", country_name(economy),
              country_name(partner))


# ------------------------------------------------------------------ Russian
#
# Written for analysts in Minsk, not translated word for word: a figure's subject first and a dash or
# a colon where English has a verb, so that no verb must agree with a flow's gender ("торговля",
# "экспорт"); country names in the case the phrase needs (`country(code, "ru", case)`); data text
# (titles, event names, the rail records' measures) is quoted in «», in the language it was recorded in.

RU_LANG = "ru"
_LIMITS_RU = {"lower": "нижние границы", "upper": "верхние границы", "range": "диапазоны"}
#: Trade in a scope, in the instrumental: "11 % торговли Беларуси товарами и услугами".
_SCOPE_INS_RU = {"goods": "товарами", "goods_and_services": "товарами и услугами"}
_FLOW_PARTNER_RU = {"export": "партнёр {whose} по экспорту", "import": "партнёр {whose} по импорту"}
#: The source of the trade data, as `ReportContext.source_name` says it in English.
_SOURCE_RU = {"snapshot": "снимок данных из пакета (заявления и официальная статистика в публикациях)",
              "comtrade": "UN Comtrade (загружено)", "imf": "МВФ IMTS (загружено)"}


def plural_ru(n: int, forms: tuple[str, str, str]) -> str:
    """The Russian form for a count: (1 показатель, 2 показателя, 5 показателей)."""
    n = abs(int(n))
    if n % 10 == 1 and n % 100 != 11:
        return forms[0]
    if 2 <= n % 10 <= 4 and not 12 <= n % 100 <= 14:
        return forms[1]
    return forms[2]


_FIGURES_RU = ("годовой показатель", "годовых показателя", "годовых показателей")
_PLAIN_FIGURES_RU = ("показатель", "показателя", "показателей")
_DOCUMENTS_RU = ("документ", "документа", "документов")
_YEARS_RU = ("года", "лет", "лет")  # "за 12 из 16 лет", "из 1 года"


def years_ru(years: list[int]) -> str:
    """'2022 г.', '2022–2025 гг.', '2019, 2021 гг.'."""
    unique = sorted(set(years))
    return f"{years_text(unique)} {'г.' if len(unique) == 1 else 'гг.'}" if unique else "ни за один год"


def _usd_ru(f: Fields) -> str:
    return usd(f["value"], f["bound"], RU_LANG)


def _pct_ru(value: float) -> str:
    return pct_text(value, RU_LANG)


def _number_ru(value: float, places: int = 1) -> str:
    return decimal(value, places, RU_LANG)


def _gen(code: str) -> str:
    return country(code, RU_LANG, "gen")


def _nom(code: str) -> str:
    return country(code, RU_LANG)


def source_name_ru(source: str) -> str:
    """The run's trade data, in Russian (a data folder by its name: the brief is published, the
    user's home is not)."""
    return _SOURCE_RU.get(source, f"папка данных {PurePath(source).name}")


#: The tables a run over a user's folder takes from the snapshot, as a reader names them.
TABLE_WORDS: dict[str, dict[str, str]] = {
    "en": {"trade": "trade figures", "partners": "partner ranks", "products": "products",
           "agreements": "agreements", "events": "events", "rail": "rail figures", "labels": "labels",
           "changes": "printed rates", "disagreements": "noted disagreements"},
    "ru": {"trade": "торговые показатели", "partners": "места партнёров", "products": "товары",
           "agreements": "соглашения", "events": "события", "rail": "железнодорожные показатели",
           "labels": "статусы", "changes": "опубликованные темпы", "disagreements": "отмеченные расхождения"},
}
_SNAPSHOT_TABLES = {"en": "; {tables} from the shipped snapshot", "ru": "; {tables} — из снимка данных пакета"}


def snapshot_tables_note(tables: list[str], lang: str = "en") -> str:
    """'; partner ranks and agreements from the shipped snapshot' for a user's folder that lacks them."""
    if not tables:
        return ""
    return _SNAPSHOT_TABLES[lang].format(tables=join_words([TABLE_WORDS[lang].get(t, t) for t in tables], lang))


def trend_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    side, first, last = j["side"], j["first"], j["last"]
    flow = side_flow(side, j["flow"], economy, partner, RU_LANG)
    text = md("Собственные данные {} ({}): {} — {} в {} г., {} с {} в {} г.", _gen(side),
              scope_text(j["scope"], RU_LANG), flow, _usd_ru(last), last["year"],
              "рост" if j["rising"] else "снижение", _usd_ru(first), first["year"]) + cite(j["ids"])
    if j["cagr"] is not None:
        text += md(" ({} в год)", _pct_ru(j["cagr"]))
    g = j["growth"]
    if g is not None:
        text += md("; {} за один {} г.", _pct_ru(g["pct"]), g["year"]) + cite(g["ids"])
        if g["printed"]:
            text += Md(" (в источнике: ") + md_join([md("{}", printed_rate(p["measure"], p["value"], p["bound"],
                                                                         f"{p['base']} г.", RU_LANG)) + cite(p["ids"])
                                                      for p in g["printed"]], ", ") + Md(")")
    later = j["later"]
    if later is not None:
        kind = []
        if later["limit"]:
            kind.append(f"лишь {_limit(later['limit'], RU_LANG)}")
        if later["other_scope"]:
            kind.append(scope_text(later["other_scope"], RU_LANG))
        text += md("; позднее: {} за {}", _usd_ru(later), years_ru(later["years"])) + cite(later["ids"])
        if kind:
            text += md(" ({})", ", ".join(kind))
    part = j["part"]
    if part is not None:
        text += md("; {}: {} за {}", scope_text(part["scope"], RU_LANG), _usd_ru(part),
                   period_text(part["period"], RU_LANG)) + cite(part["ids"])
    return text + Md(".")


def _conflict_ru(ratio: float) -> str:
    if ratio >= 1.5 or ratio <= 1 / 1.5:
        return f"в отношении {_number_ru(ratio)} к"
    return f"{_pct_ru((ratio - 1) * 100)} к"


def thin_level_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    parts = []
    for group in j["groups"]:
        reporter = group["reporter"]
        view = reporter if reporter in (economy, partner) else economy
        flows = [md("{} — {}", side_flow(view, f["flow"], economy, partner, RU_LANG), _usd_ru(f)) + cite(f["ids"])
                 for f in group["figures"]]
        parts.append(md("{}: ", whose_figures(reporter, RU_LANG)) + md_join(flows, ", "))
    text = md("{} г.: ", j["year"]) + md_join(parts, "; ")
    if j["others"]:
        text += Md("; это не собственная статистика ни одной из сторон")
    for c in j["conflicts"]:
        text += md("; {}: собственная цифра {} — {} цифре издателя {}", side_flow(economy, c["flow"], economy, partner,
                                                                             RU_LANG),
                   _gen(c["reporter"]), _conflict_ru(c["ratio"]), publisher(c["other"], RU_LANG))
    return text + Md(".")


def _gap_ru(lo: float, hi: float, other: str) -> str:
    def span(x: float, y: float) -> str:
        a, b = sorted((abs(x - 1) * 100, abs(y - 1) * 100))
        same = round(a) == round(b)
        return percent_sign(f"{a:.0f}" if same else f"{a:.0f}–{b:.0f}", RU_LANG)
    if lo >= 1:
        return f"превышают данные {other} на {span(lo, hi)}"
    if hi <= 1:
        return f"ниже данных {other} на {span(lo, hi)}"
    return f"отличаются от данных {other} на {_pct_ru((lo - 1) * 100)} … {_pct_ru((hi - 1) * 100)}"


def mirror_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    items = []
    for i in j["items"]:
        note = {None: "", "unknown": f", {scope_text('unknown', RU_LANG)}", "differ": ", охват различается"}[i["scopes"]]
        items.append(md("{} г.: {} против {}{}", i["year"], _usd_ru(i["first"]), _usd_ru(i["second"]), note)
                     + cite(i["ids"]))
    where = "обе стороны публикуют показатель за один и тот же год" if j["unstated"] else \
        "обе стороны публикуют данные по товарам за один и тот же год"
    text = md("Там, где {}, итоги {} {} ", where, _gen(j["subject"]), _gap_ru(j["lo"], j["hi"], _gen(j["other"])))
    return text + Md("(") + md_join(items, "; ") + md("); обычные причины таких расхождений: {}",
                                                       mirror_why(j["unstated"], RU_LANG)) + Md(".")


def _partner_ru(flow: str, rank: int, economy: str) -> str:
    if flow == "turnover":
        return f"{ordinal_partner(rank, RU_LANG)} торговый партнёр {_gen(economy)}"
    return f"{ordinal_partner(rank, RU_LANG)} " + _FLOW_PARTNER_RU.get(flow, "партнёр {whose}").format(whose=_gen(economy))


def standing_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    text = md("{} — {} во всех заявлениях за {}", _nom(partner), _partner_ru(j["flow"], j["rank"], economy),
              years_ru(j["years"])) + cite(j["ids"])
    s = j["share"]
    if s is not None:
        scope = _SCOPE_INS_RU.get(s["scope"])
        text += md(" ({} торговли {} {} в {} г.)" if scope else " ({} торговли {}{} в {} г.)",
                   percent_sign(_share_digits(s["pct"]), RU_LANG), _gen(economy), scope or "", s["year"]) + cite(s["ids"])
    b = j["before"]
    if b is not None:
        text += md("; в {} г. — {}", b["year"], ordinal_partner(b["rank"], RU_LANG)) + cite(b["ids"])
    return text + Md(".")


def _share_digits(value: float) -> str:
    """A share as printed ('11', '4,9'): as many decimals as the figure has, none added."""
    return format_decimal(value, format="#,##0.###", locale=RU_LANG)


def agreements_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    n = j["listed"]
    text = md("Больше всего документов за {}–{} гг. — по событию «{}»: {} {} по названиям", j["start"], j["end"],
              j["event"], n, plural_ru(n, _DOCUMENTS_RU))
    parts = j["parts"]
    if parts is not None:
        whole = "одного пакета" if parts["packages"] == 1 else f"{parts['packages']} пакетов"
        text += md(", {} — части {}", "все" if parts["all"] else f"{parts['n']} из них", whole)
    w = j["worth"]
    if w is not None:
        kind = code_words(w["kind"], codes.VALUE_KIND, RU_LANG)
        if w["package"]:
            text += md("; пакет, как его называет источник: «{}»", shorten(w["package"], 130)) + cite(w["ids"])
            text += md(", стоимостью {} ({}), учтён один раз", _usd_ru(w), kind)
        else:
            text += md(" стоимостью {} ({})", _usd_ru(w), kind) + cite(w["ids"]) + Md(", учтено один раз")
    else:
        text += Md("; ни в одном из них стоимость не указана")
    for e in j["estimates"]:
        text += md("; {}: {}", code_words(e["kind"], codes.VALUE_KIND, RU_LANG), _usd_ru(e)) + cite(e["ids"])
        text += Md(" — другая мера, к стоимости не прибавляется")
    return text + Md(".")


def _measure_ru(m: Fields) -> str:
    return quantity(m["value"], m["unit"], m["bound"], m["high"], RU_LANG)


def corridor_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    parts = []
    run = j["run"]
    if run is not None:
        first, last = run["first"], run["last"]
        parts.append(md("Железнодорожные контейнерные перевозки в учёте «{}»: с {} в {} г.", run["scope"],
                        _measure_ru(first), first["year"]) + cite(first["ids"])
                     + md(" до {} в {} г.", _measure_ru(last), last["year"]) + cite(last["ids"]))
    s = j["share"]
    if s is not None:
        parts.append(md("{}{}: «{}» — {}", "" if parts else "Период ", period_text(s["period"], RU_LANG), s["metric"],
                        quantity(s["value"], "percent", s["bound"], s["high"], RU_LANG)) + cite(s["ids"]))
    return md_join(parts, "; ") + Md(".")


def coverage_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    parts = []
    for s in j["sides"]:
        if not s["n"]:
            parts.append(md("данные {}: ни одного годового показателя", _gen(s["side"])))
        else:
            parts.append(md("данные {}: {} {} за {}", _gen(s["side"]), s["n"], plural_ru(s["n"], _FIGURES_RU),
                            years_ru(s["years"])))
    if j["others"]["n"]:
        n = j["others"]["n"]
        parts.append(md("другие издатели: {} {} за {}", n, plural_ru(n, _PLAIN_FIGURES_RU), years_ru(j["others"]["years"])))
    last_has_years = bool(j["others"]["n"] or j["sides"][-1]["n"])  # then it ends with "г." already
    return md_join(parts, "; ") + Md("" if last_has_years else ".")


def _change_ru(kind: str, ratio: float) -> str:
    return {"doubled": "рост примерно вдвое", "tripled": "рост примерно втрое",
            "fold": f"рост в {_number_ru(ratio)} раза"}.get(kind, f"изменение на {_pct_ru((ratio - 1) * 100)}")


def _standing_since_ru(j: Fields, cite: Cite) -> Md:
    years = j["years"]
    when = f"с {min(years)} г." if len(years) > 1 else f"в {years[0]} г."
    return md("{} — {} {}", _nom(j["partner"]), _partner_ru("turnover", j["rank"], j["economy"]), when) + cite(j["ids"])


def _caveat_ru(c: Fields) -> str:
    if c["kind"] == "mirror":
        clause = f"итоги двух сторон расходятся до {percent_sign(format(c['pct'], '.0f'), RU_LANG)}"
        return clause + (f" ({c['year']} г., охват не указан)" if c["year"] is not None else "")
    clause = f"в данных {_gen(c['side'])} смешаны разные охваты"
    if c["trend_scope"]:
        clause += f", поэтому последние итоги несопоставимы с данными по охвату «{scope_text(c['trend_scope'], RU_LANG)}»"
    return clause


def bottom_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    side, first, last = j["side"], j["first"], j["last"]
    flow = side_flow(side, j["flow"], economy, partner, RU_LANG)
    lead = md("По собственным данным {} ({}), {}: {}, с {} в {} г. до {} в {} г.", _gen(side),
              scope_text(j["scope"], RU_LANG), flow, _change_ru(j["change"], j["ratio"]), _usd_ru(first),
              first["year"], _usd_ru(last), last["year"])
    sentences = [lead + cite([first["ids"], last["ids"]]) + Md(".")]
    second = []
    o = j["other"]
    if o is not None:
        bit = md("Собственные данные {} показывают {} в {} г.", _gen(o["side"]), _usd_ru(o["last"]), o["last"]["year"]) \
            + cite(o["last"]["ids"])
        if o["cagr"] is not None:
            bit += md(" ({} в год с {} г.", _pct_ru(o["cagr"]), o["first"]["year"]) + cite(o["first"]["ids"]) + Md(")")
        second.append(bit)
    if j["standing"] is not None:
        second.append(_standing_since_ru(j["standing"].fields, cite))
    if second:
        sentences.append(md_join(second, "; ") + Md("."))
    if j["caveats"]:
        sentences.append(md("Читать с осторожностью: {}.", join_words([_caveat_ru(c) for c in j["caveats"]], RU_LANG)))
    return md_join(sentences)


def bottom_thin_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    n = j["n"]
    first = md("Данных по паре {} — {} за {}–{} гг. слишком мало для тренда: ", _nom(economy), _nom(partner),
               j["start"], j["end"])
    sides = "ни одна из сторон не публикует своих" if j["no_side"] else "ни у одной стороны нет двух сопоставимых"
    first += md("всего {} {} за {}, и {}.", n, plural_ru(n, _FIGURES_RU), years_ru(j["years"]), sides) if n else \
        Md("нет ни одного годового показателя.")
    level = thin_level_ru(j["level"].fields, cite, economy, partner) if j["level"] is not None else Md("")
    third = Md("Как восполнить: ") + Md(fill_commands(economy, partner, RU_LANG)) + Md(".")
    return md_join([first, level, third])


def side_none_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    return md("Данные {}: ни одного годового показателя за {}–{} гг.", _gen(j["side"]), j["start"], j["end"])


def _bounds_ru(j: Fields) -> str:
    if j["one_bound"]:
        return _limit(j["bounds"][0], RU_LANG)
    return join_words([_LIMITS_RU[k] for k in j["bounds"]], RU_LANG)


def side_gaps_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    span = j["span"]
    bits = [md("Данные {}: показатели за {} из {} {} ({})", _gen(j["side"]), len(j["years"]), span,
               plural_ru(span, _YEARS_RU), years_ru(j["years"]))]
    if j["stats_end"] is not None:
        bits.append(md("после {} г. — только заявления официальных лиц и сообщения прессы, без статистических "
                       "публикаций", j["stats_end"]))
    elif j["no_stats"]:
        bits.append(Md("ни один из них не взят из статистической публикации"))
    if j["scope_changes"]:
        bits.append(md("охват меняется в {} (рост через смену охвата не вычисляется)" if j["explain"] else
                       "охват меняется в {}", years_ru(j["scope_changes"])))
    if j["bounded_years"]:
        bits.append(md("показатели за {} — лишь {}", years_ru(j["bounded_years"]), _bounds_ru(j)))
    return md_join(bits, "; ") + Md(".")


def no_mirror_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    return md("Ни за один год нет сопоставимых данных и {}, и {}, поэтому насколько расходится статистика двух "
              "сторон, неизвестно.", _gen(economy), _gen(partner))


def others_apart_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    names = join_words(sorted({whose_figures(r, RU_LANG) for r in j["reporters"]}), RU_LANG)
    return md("Показаны отдельно и не присоединены к ряду ни одной из сторон: {} {} не от сторон ({}).", j["n"],
              plural_ru(j["n"], _PLAIN_FIGURES_RU), names)


def disagreement_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    lo, hi = j["lo"], j["hi"]
    printed = _pct_ru((lo + hi) / 2) if not math.isinf(hi) else f"свыше {_pct_ru(lo)}"
    flow = side_flow(j["reporter"], j["flow"], economy, partner, RU_LANG)
    return md("{} г., {}: источник приводит {}, опубликованные данные дают {}", j["year"], flow, printed,
              _pct_ru(j["growth"])) + cite(j["ids"]) + Md("; записанная причина — в приложении.")


def no_products_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    return Md("Разбивки по товарам нет: в прогоне не было выпуска CEPII BACI или данных по группам ГС.")


def no_agreements_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    return md("В снимке данных нет записей о соглашениях или транспортных связях для пары {} — {}.", _nom(economy),
              _nom(partner))


RU: dict[str, Callable[..., Md]] = {
    "trend": trend_ru, "thin_level": thin_level_ru, "mirror": mirror_ru, "standing": standing_ru,
    "agreements": agreements_ru, "corridor": corridor_ru, "coverage": coverage_ru, "bottom": bottom_ru,
    "bottom_thin": bottom_thin_ru, "side_none": side_none_ru, "side_gaps": side_gaps_ru, "no_mirror": no_mirror_ru,
    "others_apart": others_apart_ru, "disagreement": disagreement_ru, "no_products": no_products_ru,
    "no_agreements": no_agreements_ru,
}

EN: dict[str, Callable[..., Md]] = {
    "trend": trend_en, "thin_level": thin_level_en, "mirror": mirror_en, "standing": standing_en,
    "agreements": agreements_en, "corridor": corridor_en, "coverage": coverage_en, "bottom": bottom_en,
    "bottom_thin": bottom_thin_en, "side_none": side_none_en, "side_gaps": side_gaps_en, "no_mirror": no_mirror_en,
    "others_apart": others_apart_en, "disagreement": disagreement_en, "no_products": no_products_en,
    "no_agreements": no_agreements_en,
}
WRITERS: dict[str, dict[str, Callable[..., Md]]] = {"en": EN, "ru": RU}


#: Every word the trade charts print (`report.charts`: the headline chart, both flows, captions), per
#: language; the other charts are English.
CHART_WORDS: dict[str, dict[str, str]] = {
    "en": {"title": "{a}–{b} trade as each side records it", "y": "US$ bn, current",
           "side": "{whose}", "side_flow": "{whose}: {flow}",
           "scope_goods": "goods", "scope_goods_and_services": "goods and services",
           "scope_unknown": "scope not stated",
           "exact": "published figure", "approx": "about (approximate)", "lower": "at least (\"over\")",
           "upper": "at most (\"almost\")", "range": "range (low end)",
           "part_year": "part of a year", "connect": "dotted: not comparable",
           "note": ("Solid lines join consecutive years of one scope. {partner_whose} figures are its record "
                    "of the same trade, seen from {economy_whose} side."),
           "line": "A line joins consecutive years of one side's exact or rounded figures in one scope{mixed}; "
                   "a gap, a bound or a change of scope breaks it.",
           "mixed": " ({scopes} here)",
           "flows_title": "What {a} sells to and buys from {b}", "flows_x": "US$ bn, current",
           "flows_row": "{year}, {whose}", "export": "{a} sells to {b}", "import": "{a} buys from {b}",
           "deficit": "{whose} deficit {value}", "surplus": "{whose} surplus {value}", "even": "balanced",
           "flows_note": "Each pair of bars is one side's record of one year; a side's record of the other's "
                         "exports is its imports.",
           "sources_none": "Sources: none (no figure drawn).", "citations": "{n} citations", "citation": "1 citation",
           "more": "{n} more", "sources": "Sources ({cited}; each figure's source, link and quote are in the annex): "},
    "ru": {"title": "Торговля {a_gen} и {b_gen} по данным каждой стороны", "y": "млрд долл. США, текущие цены",
           "side": "{whose}", "side_flow": "{whose}: {flow}",
           "scope_goods": "товары", "scope_goods_and_services": "товары и услуги",
           "scope_unknown": "охват не указан",
           "exact": "опубликованный показатель", "approx": "приблизительно («около»)",
           "lower": "нижняя граница («свыше»)", "upper": "верхняя граница («почти»)", "range": "диапазон (нижний край)",
           "part_year": "часть года", "connect": "пунктир: несопоставимо",
           "note": ("Сплошные линии соединяют соседние годы одного охвата. Данные {partner_whose} — её учёт "
                    "той же торговли, с точки зрения {economy_whose}."),
           "line": "Линия соединяет соседние годы точных или округлённых показателей одной стороны одного охвата"
                   "{mixed}; пропуск, граница или смена охвата её прерывают.",
           "mixed": " (здесь: {scopes})",
           "flows_title": "Экспорт и импорт {a_gen} в торговле с {b_ins}", "flows_x": "млрд долл. США, текущие цены",
           "flows_row": "{year}, {whose}", "export": "экспорт {a_gen} в {b_acc}", "import": "импорт {a_gen} из {b_gen}",
           "deficit": "дефицит {whose}: {value}", "surplus": "профицит {whose}: {value}", "even": "сбалансировано",
           "flows_note": "Каждая пара полос — учёт одной стороны за один год; экспорт другой стороны "
                         "в её учёте — это её импорт.",
           "sources_none": "Источники: нет (ничего не нарисовано).", "citations": "ссылок: {n}",
           "citation": "1 ссылка", "more": "ещё {n}",
           "sources": "Источники ({cited}; источник, ссылка и цитата каждого показателя — в приложении): "},
}


#: The brief's page title (the browser tab, the PDF's metadata), per language.
BRIEF_TITLE = {"en": "{a}–{b} brief", "ru": "{a}–{b}: справка"}


def verdict_since(verdict: str, as_of: object, since: str, lang: str = "en") -> str:
    """A verdict as of the text's date and the other verdict since: "contradicted (as of 2024; supported since)"."""
    return f"{verdict} (as of {as_of}; {since} since)" if lang == "en" else f"{verdict} (на {as_of}; с тех пор — {since})"


def write(key: str, fields: Fields, cite: Cite, economy: str, partner: str, lang: str = "en") -> Md:
    """One judgment (`key`, `fields`) as our Markdown, in `lang`, about the pair `economy`–`partner`."""
    return WRITERS[lang][key](fields, cite, economy, partner)
