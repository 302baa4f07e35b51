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
from tradebrief.text.event_words import event_words, title_ru
from tradebrief.text.markup import Md, md, md_join
from tradebrief.text.numbers import decimal, usd_difference
from tradebrief.text.product_words import (
    basis_words,
    metric_words,
    product_words,
    route_words,
    speaker_words,
    unit_words,
)
from tradebrief.text.words import (
    OTHER_NAMES,
    VALUE_KIND_WORDS,
    code_words,
    country,
    flow_text,
    join_words,
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


def years_text(years: list[int], lang: str = "en") -> str:
    """[2019, 2020, 2021, 2023] → '2019–2021 and 2023' (a list in words, 'и' in Russian); 'no year' for none."""
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
    return join_words(parts, lang) if parts else "no year"


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
                "credit_envelope": "credit offered", "loan": "loans"}
#: An earlier rank, as a number: "up from third in 2021".
_RANK_EN = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth", 6: "sixth", 7: "seventh", 8: "eighth",
            9: "ninth", 10: "tenth", 11: "eleventh", 12: "twelfth", 13: "thirteenth", 14: "fourteenth",
            15: "fifteenth", 16: "sixteenth", 17: "seventeenth", 18: "eighteenth", 19: "nineteenth", 20: "twentieth"}
#: A rank as the Russian neuter ordinal of "место": "второе место".
_RANK_RU = {1: "первое", 2: "второе", 3: "третье", 4: "четвёртое", 5: "пятое", 6: "шестое", 7: "седьмое",
            8: "восьмое", 9: "девятое", 10: "десятое", 11: "одиннадцатое", 12: "двенадцатое", 13: "тринадцатое",
            14: "четырнадцатое", 15: "пятнадцатое", 16: "шестнадцатое", 17: "семнадцатое", 18: "восемнадцатое",
            19: "девятнадцатое", 20: "двадцатое"}


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
    return _SCOPE_ADJ_EN.get(scope, "")


def _figures_en(side: str, scope: str, *, bracketed: bool = True) -> str:
    """"Belarus's goods figures", "China's figures (scope not stated)": never an internal term.
    `bracketed=False` for inside brackets: "China's figures, scope not stated"."""
    adj = _scope_adj_en(scope)
    if adj:
        return f"{possessive(side)} {adj} figures"
    unstated = scope_text("unknown")
    return f"{possessive(side)} figures ({unstated})" if bracketed else f"{possessive(side)} figures, {unstated}"


def _in_scope_en(scope: str) -> str:
    """A figure's scope after it: "in goods", "in goods and services", "(scope not stated)"."""
    return f"in {scope_text(scope)}" if scope in _SCOPE_ADJ_EN else f"({scope_text('unknown')})"


def _per_year_en(j: Fields) -> bool:
    """A CAGR is "a year" only over more than one year (a one-year change is never "a year")."""
    return j["cagr"] is not None and j["last"]["year"] - j["first"]["year"] > 1


#: Why another publication's figure for an endpoint year is named but not joined into a rate: its basis
#: (whose statistics, what it counts) is not the run's (second fact-checker, 2026-12-08: an ambassador's
#: "over $2.9 bn" for 2012 beside a ministry profile's 2019 would mix bases).
ALT_NOT_JOINED_EN = "not joined: another publication"
ALT_NOT_JOINED_RU = "другая публикация, в расчёт не входит"


def _alt_en(alt: Fields, cite: Cite) -> Md:
    """"another source puts 2012 at over $2.9 bn": the other held figure for an endpoint year, cited."""
    return md("another source puts {} at {}", alt["year"], _usd(alt)) + cite(alt["ids"])


def _one_step(j: Fields) -> bool:
    """The run is one year long and its growth is the latest growth: said once, beside the run."""
    g = j["growth"]
    return g is not None and j["last"]["year"] - j["first"]["year"] == 1 and g["year"] == j["last"]["year"]


def change_en(g: Fields, cite: Cite, *, bracketed: bool = False) -> Md:
    """A one-year change as `rules.one_year_change` chose it: the rate a source prints for it, cited to
    that source, else the change computed from the side's figures, cited to them; where the two differ
    beyond the printed rounding, both, saying which is which: "+67.3% (as printed; the figures held
    give +66.1%)" (the mission: a computed rate agrees with a printed one or says why not)."""
    s = g["stated"]
    if s is not None:
        text = md("{}", printed_rate(s["measure"], s["value"], s["bound"], str(s["base"]))) + cite(s["ids"])
        if g.get("computed") is not None:  # the two differ beyond rounding: both, each cited (no brackets in brackets)
            text += Md(" " if bracketed else " (") + md("as printed; the figures held give {}", pct_text(g["computed"])) \
                + cite(g["ids"]) + Md("" if bracketed else ")")
        return text
    return md("{}", pct_text(g["pct"])) + cite(g["ids"])


def _growth_en(g: Fields | None, cite: Cite, *, beside: bool = False) -> Md:
    if g is None:
        return Md("")
    if beside:
        return Md(" (") + change_en(g, cite, bracketed=True) + Md(")")
    return Md("; ") + change_en(g, cite) + md(" in {} alone", g["year"])


def trend_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    """One side's run of comparable years (its latest level first when it has newer figures than the run)."""
    side, first, last = j["side"], j["first"], j["last"]
    later, part = j["later"], j["part"]
    run = md("from {} in {} to {} in {}", _usd(first), first["year"], _usd(last), last["year"])
    if later is None and part is None:
        flow = "trade" if j["flow"] == "turnover" else _its_en(side_flow(side, j["flow"], economy, partner), side)
        text = md("By {}, {} {} from {} in {} to {} in {}", _figures_en(side, j["scope"]), flow,
                  "rose" if j["rising"] else "fell", _usd(first), first["year"], _usd(last), last["year"]) \
            + cite(j["ids"])
    else:
        news = []
        if later is not None:
            scope = later["other_scope"] or j["scope"]
            news.append(md("{} {} for {}", _usd(later), _in_scope_en(scope), years_text(later["years"]))
                        + cite(later["ids"]))
        if part is not None:
            news.append(md("{} {} for {}", _usd(part), _in_scope_en(part["scope"]), period_text(part["period"]))
                        + cite(part["ids"]))
        figures = _figures_en(side, j["scope"]).removeprefix(possessive(side) + " ")  # "goods figures"
        text = md("{} latest figures are ", possessive(side)) + md_join(news, " and ") \
            + md("; its {} {} ", figures, "rose" if j["rising"] else "fell") + run + cite(j["ids"])
    if _per_year_en(j) and j["alt"]:  # "(+8.0% a year; another source puts 2012 at over $2.9 bn, not joined: …)"
        text += md(" ({} a year; ", pct_text(j["cagr"])) + _alt_en(j["alt"], cite) + md(", {})", ALT_NOT_JOINED_EN)
    elif _per_year_en(j):
        text += md(" ({} a year)", pct_text(j["cagr"]))
    return text + _growth_en(j["growth"], cite, beside=_one_step(j)) + Md(".")


def level_trend_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    return md_join([trend_en(s, cite, economy, partner) for s in j["sides"]])


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


#: The colon of a ratio ("1 : 2.6") between no-break spaces, so that a line never ends at "1 :".
_TO = "\u00a0:\u00a0"


def _ratio_en(f: Fields) -> Md:
    """Sold : bought, the smaller as 1: "about 1 : 2.6" for a deficit, "about 2.0 : 1" for a surplus
    (the no-break spaces are in the template: an argument's whitespace is normalised when escaped)."""
    if f["ratio"] is None:
        return Md("")
    r = decimal(f["ratio"], 1)
    return md("about 1" + _TO + "{}", r) if f["bought"]["value"] > f["sold"]["value"] else md("about {}" + _TO + "1", r)


def _balance_en(f: Fields) -> str:
    if f["balance"] == 0:
        return "an even balance"
    size = usd_difference(f["sold"]["value"], f["bought"]["value"])
    return f"a {'deficit' if f['balance'] < 0 else 'surplus'} of {size}"


def _flow_en(f: Fields, which: str) -> str:
    """A flow's figure; an implied one with its arithmetic: "an implied $2.6 bn ($8.44 bn total less $5.84 bn)"."""
    i = f.get("implied")
    if i is None or i["which"] != which:
        return _usd(f[which])
    return f"an implied {_usd(f[which])} ({_usd(i['total'])} total less {_usd(i['known'])})"


def _sold_en(f: Fields, cite: Cite) -> Md:
    """"in 2022 Belarus sold $1.61 bn to China and bought $4.18 bn, a deficit of $2.57 bn (about 1 : 2.6)"."""
    ratio = _ratio_en(f)
    return md("in {} {} sold {} to {} and bought {}, {}", f["year"], country_name(f["side"]), _flow_en(f, "sold"),
              country_name(f["other"]), _flow_en(f, "bought"), _balance_en(f)) \
        + (md(" ({})", ratio) if ratio else Md("")) + cite(f["ids"])


def flows_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    """Each side's latest year with both flows, in its own view (what it sold, what it bought)."""
    parts = [md("{} {}, ", "By" if i == 0 else "by", _figures_en(f["side"], f["scope"])) + _sold_en(f, cite)
             for i, f in enumerate(j["sides"])]
    return md_join(parts, "; ") + Md(".")


def _gap_en(lo: float, hi: float, other: str) -> str:
    """"14–119% higher than China's", "5% lower than China's" (ratios own / partner)."""
    def span(x: float, y: float) -> str:
        a, b = sorted((abs(x - 1) * 100, abs(y - 1) * 100))
        return f"{a:.0f}%" if round(a) == round(b) else f"{a:.0f}–{b:.0f}%"
    if lo >= 1:
        return f"{span(lo, hi)} higher than {other}"
    if hi <= 1:
        return f"{span(lo, hi)} lower than {other}"
    return f"between {(lo - 1) * 100:+.0f}% and {(hi - 1) * 100:+.0f}% off {other}"


def _left_out_en(left: Fields) -> str:
    """"2021 (a lower bound)", "2023 (scopes differ)": whose and which, the key figures table shows."""
    if left["why"] == "bound":
        return f"{left['year']} ({_limit(left['bound'])})"
    return f"{left['year']} (scopes differ)"


def mirror_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    """Short: the range and its years, whose figures state no scope for which years, the years both sides
    publish that are left out and why (the annex says why such gaps arise)."""
    years = md("{}", years_text([i["year"] for i in j["items"]]))
    unstated = [f"{possessive(u['side'])}{' figures' if i == 0 else ''} for {years_text(u['years'])}"
                for i, u in enumerate(j["unstated"])]
    if unstated:  # "China's figures for 2018–2019 and Belarus's for 2019 state no scope"
        years += md("; {} state no scope", " and ".join(unstated))
    text = md("{} totals are {} ", possessive(j["subject"]),
              _gap_en(j["lo"], j["hi"], possessive(j["other"])))
    text += Md("(") + years + Md(")") + cite(_flat([i["ids"] for i in j["items"]]))
    if j["left_out"]:
        text += md("; left out: {}", ", ".join(_left_out_en(x) for x in j["left_out"]))
    return text + Md(".")


def rank_word(rank: int, lang: str = "en") -> str:
    """A rank as an ordinal in words: 'second', 'третье' (место); digits with a suffix only past twenty."""
    words = _RANK_EN if lang == "en" else _RANK_RU
    if rank in words:
        return words[rank]
    return f"{rank}th" if lang == "en" else f"{rank}-е"


def ranks_words(ranks: list[int], lang: str = "en") -> str:
    """'second or third' / 'второе или третье' for the ranks statements give for one year."""
    return (" or " if lang == "en" else " или ").join(rank_word(r, lang) for r in ranks)


def _flow_partner_en(flow: str) -> str:
    return "trade" if flow == "turnover" else code_words(flow)


def _share_en(s: Fields, economy: str, *, own: bool = True) -> str:
    of = f"{scope_text(s['scope'])} trade" if s["scope"] in ("goods", "goods_and_services") else "trade"
    return f"{s['pct']:g}% of {possessive(economy) if own else 'its'} {of} in {s['year']}"


def _paren(text: str) -> Md:
    """" (text)" after a clause, or nothing for no text."""
    return md(" ({})", text) if text else Md("")


def _nearest_en(n: Fields | None, partner: str, pct: float | None) -> str:
    """"Ukraine 7.4%, China 7.3%" (the shares that decide a disputed rank; the gap reads off them)."""
    if n is None or pct is None:
        return ""
    return f"{country(n['partner'])} {n['pct']:g}%, {country(partner)} {pct:g}%"


def _when_en(run: Fields, *, every: bool = True) -> str:
    """"in 2017", "in every statement for 2022–2025" (`every=False`: "in 2017, 2019", for an earlier run)."""
    years = run["years"]
    if not every or (run["statements"] <= 1 and len(years) == 1):
        return f"in {years_text(years)}"
    return f"in every statement for {years_text(years)}"


def _inferred_years(run: Fields, lang: str = "en") -> str:
    """Which of a run's years no statement prints (read from wording), as the key-figures table's † says:
    "year inferred" for the whole run, "2019: year inferred" for some of it; "" for none."""
    years = run.get("inferred") or []
    if not years:
        return ""
    whole = sorted(years) == sorted(run["years"])
    if lang == "en":
        said = "year inferred" if len(years) == 1 else "years inferred"
        return said if whole else f"{years_text(years)}: {said}"
    said = "год выведен" if len(years) == 1 else "годы выведены"
    return said if whole else f"{years_ru(years)}: {said}"


def _share_inferred(s: Fields, lang: str = "en") -> str:
    """", year inferred" after a share whose statement does not print its year."""
    if not s.get("inferred"):
        return ""
    return ", year inferred" if lang == "en" else ", год выведен"


def standing_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    economy, partner = j["economy"], j["partner"]  # the other way round when no record ranks the partner
    flow = _flow_partner_en(j["flow"])
    run = j["latest"]
    lead = md("No record ranks {} among {} partners; ", country(economy), possessive(j["missing"])) \
        if j.get("missing") else Md("")
    if run["disputed"]:
        pct = run["share"]["pct"] if run["share"] else None
        text = md("In {}, sources differ on {} place among {} {} partners: {}", run["years"][-1], possessive(partner),
                  possessive(economy), flow, ranks_words(run["ranks"])) + cite(run["ids"])
        text += _paren(_nearest_en(run["nearest"], partner, pct))
        text = lead + text
    else:
        text = md("{} was {} {} {} partner {}", country(partner), possessive(economy), ordinal_partner(run["rank"]),
                  flow, _when_en(run)) + cite(run["ids"])
        text = lead + text
        if run["share"] is not None:
            text += md(" ({}{})", _share_en(run["share"], economy), _share_inferred(run["share"])) \
                + cite(run["share"]["ids"])
        text += _paren(_inferred_years(run))
    for earlier in j["earlier"]:
        if earlier["disputed"]:
            pct = earlier["share"]["pct"] if earlier["share"] else None
            text += md("; in {}, {} as sources differ", earlier["years"][-1], ranks_words(earlier["ranks"])) \
                + _paren(_nearest_en(earlier["nearest"], partner, pct)) + cite(earlier["ids"])
            continue
        text += md("; {} {}", rank_word(earlier["rank"]), _when_en(earlier, every=False))
        share = earlier["share"]
        notes = [f"{share['pct']:g}% in {share['year']}{_share_inferred(share)}"] if share is not None else []
        notes += [_inferred_years(earlier)] if _inferred_years(earlier) else []
        text += _paren("; ".join(notes)) + cite(earlier["ids"])
    return text + Md(".")


def _product_period_en(period: str, year: int) -> str:
    return str(year) if period == str(year) else period_text(period)


def possessive_words(owner: str) -> str:
    """"China's ambassador" → "China's ambassador's"."""
    return owner + ("'" if owner.endswith("s") else "'s")


def _before_en(i: Fields, cite: Cite) -> Md:
    """" (Jan–Jun 2023: $172.2 m)": the same months of the year before, by the same customs."""
    b = i.get("before")
    if b is None:
        return Md("")
    text = md(" ({}: {})", period_text(b["period"]), _usd(b))
    return text + (cite(b["ids"]) if str(b["ids"]) != str(i["ids"]) else Md(""))


def traded_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    """What is traded: each way's latest list, then values of one period, then shares with their basis."""
    ex, im = j["exports"], j["imports"]
    parts: list[Md] = []
    lists = [(w, verb) for w, verb in ((ex, f"sells {country(partner)}"), (im, "buys{it}"))
             if w is not None and w["list"] is not None]
    if lists:
        years = {w["list"]["year"] for w, _ in lists}
        ids = {str(w["list"]["ids"]) for w, _ in lists}
        bits = []
        for w, verb in lists:
            item = w["list"]
            # "main items: …" is the source's ranking; any other list is given as one source's list, without
            # quotation marks: the label is the snapshot's summary of the source, not its words (fact-checker)
            bit = md("{} mainly {}" if item["main"] else "{} what one source lists: {}",
                     verb.format(it="" if len(lists) > 1 else f" from {country(partner)}"), item["items"])
            if len(years) > 1:
                bit += md(" ({}{})", item["year"], ", year inferred" if item["inferred"] else "")
            bits.append(bit + (cite(item["ids"]) if len(ids) > 1 else Md("")))
        text = md("{} ", country(economy)) + md_join(bits, " and ")
        speakers = {w["list"]["said_by"] for w, _ in lists}
        said = speaker_words(speakers.pop()) if len(speakers) == 1 and None not in speakers else None
        if len(years) == 1:
            inferred = ", year inferred" if any(w["list"]["inferred"] for w, _ in lists) else ""
            text += md(" ({} list for {}{})", possessive_words(said), years.pop(), inferred) if said else \
                md(" (as listed for {}{})", years.pop(), inferred)
        if len(ids) == 1:  # one source lists both ways: cited once
            text += cite(lists[0][0]["list"]["ids"])
        for w, _ in lists:  # the share of output of the item the source names first, beside the list
            lead = w["shares"]["lead"] if w["shares"] is not None and w["shares"]["output"] else None
            if lead is not None:
                text += md("; {} sends {} {}% of its {} output ({}{})", country(w["exporter"]),
                           country(w["importer"]), f"{lead['pct']:g}", lead["product"], w["shares"]["year"],
                           ", year inferred" if lead["inferred"] else "") + cite(lead["ids"])
        parts.append(text)
    for w in (ex, im):
        if w is None or w["values"] is None:
            continue
        v = w["values"]
        items = [md("{} {}", i["product"], _usd(i)) + _before_en(i, cite) + cite(i["ids"]) for i in v["items"]]
        when = _product_period_en(v["period"], v["year"])
        text = md("{} sold {} in {}", country(w["exporter"]), country(w["importer"]), when)
        if v["recorded_by"]:
            text += md(" (by {} customs)", possessive(v["recorded_by"]))
        text += Md(": ") + md_join(items, ", ")
        if any(i["inferred"] for i in v["items"]):
            text += Md(" (some years inferred)") if not all(i["inferred"] for i in v["items"]) else \
                Md(" (year inferred)")
        if v.get("no_list"):  # a few items are no breakdown: said plainly
            text += md("; no list of its main goods for {} is held (each item with a value is in the annex)",
                       years_text(list(range(j["start"], j["end"] + 1))))
        parts.append(text)
    for w in (ex, im) if not parts else ():  # shares of output only where no list or value says more (the annex has them)
        if w is None or w["shares"] is None:
            continue
        sh = w["shares"]
        items = join_words([f"{i['pct']:g}% of its {i['product']}" for i in sh["items"]])
        if sh["output"]:
            text = md("{} sends {} {} output ({}{}; shares of output, not of exports)", country(w["exporter"]),
                      country(w["importer"]), items, sh["year"], ", year inferred" if sh["inferred"] else "")
        else:
            text = md("{} to {}: {} ({}, {}{})", country(w["exporter"]), country(w["importer"]),
                      join_words([f"{i['product']} {i['pct']:g}%" for i in sh["items"]]), sh["basis"], sh["year"],
                      ", year inferred" if sh["inferred"] else "")
        parts.append(text + cite(sh["ids"]))
    t = j["tops"]
    if t is not None:
        source = "CEPII BACI" if t["baci"] else "HS chapters"
        span = str(t["first"]) if t["first"] == t["last"] else f"{t['first']}–{t['last']}"
        for key, verb in (("exports", f"sells {country(partner)}"), ("imports", f"buys from {country(partner)}")):
            if t[key]:
                labels = join_words([shorten(i["label"], 48) for i in t[key]])
                parts.append(md("{} {} mostly {} ({}, {})", country(economy), verb, labels, source, span)
                             + cite(t["ids"]))
    return md_join(parts, "; ") + Md(".") if parts else Md("")


def _worth_en(w: Fields) -> str:
    return f"{_usd(w)} in {_WORTH_IN_EN.get(w['kind'], code_words(w['kind']))}"


#: Words of a package's title a brief leaves out: the "Package:" label and the adjectives of a list
#: ("intergovernmental, interdepartmental and interregional agreements" → "agreements"); numbers stay.
_PACKAGE_LABEL = re.compile(r"^\s*(?:Package|Пакет)\s*:\s*", re.IGNORECASE)
_ADJECTIVES = re.compile(r"\b(?:[A-Za-z-]{6,}al,\s+)*(?:[A-Za-z-]{6,}al\s+and\s+)?[A-Za-z-]{6,}al\s+(?=[a-z])")


def package_words(title: str) -> str:
    """A package's title in a few words, its numbers and nouns as printed (the annex quotes it whole)."""
    short = _ADJECTIVES.sub("", _PACKAGE_LABEL.sub("", title)).replace(" + ", " and ")
    return shorten(re.sub(r"\s+", " ", short).strip(), 90)


def _package_worth_en(w: Fields) -> str:
    """"$3.5 bn" when the package's words already say what is valued; else "$3.5 bn in investment"."""
    return _usd(w) if w["kind"] == "contract_value" else _worth_en(w)


def _around_en(j: Fields, cite: Cite) -> Md:
    """The timeline around the visit: each side's change the year before, of and after, by its own figures."""
    bits: list[Md] = []
    empty = []
    for entry in j["around"]:
        if not entry["changes"]:
            empty.append(entry["year"])
        for c in entry["changes"]:
            bits.append(md("{} " if bits else "{} figures ", possessive(c["side"])) + change_en(c, cite)
                        + md(" in {}", entry["year"]))  # "figures" said once
    if not bits:
        return md("; no comparable change in trade is held for {}", years_text([e["year"] for e in j["around"]])) \
            if j["around"] else Md("")
    text = Md("; trade around it (a timeline, not a cause): ") + md_join(bits, ", ")
    if empty:
        text += md(", none comparable for {}", years_text(empty))
    return text


def agreements_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    text = md("The {} brought the most documents of {}–{}: {} listed by title", j["event"], j["start"], j["end"],
              "one" if j["listed"] == 1 else j["listed"])
    parts = j["parts"]
    if parts is not None:
        text += md(", {} parts of {}", "all" if parts["all"] else f"{parts['n']} of them",
                   "one package" if parts["packages"] == 1 else f"{parts['packages']} packages")
    w = j["worth"]
    valued = j["valued"]
    if w is not None and parts is not None and parts["all"] and parts["packages"] == 1 and w.get("count_ids"):
        # the value as its source words it, the count cited to the source that lists it (never joined as one fact)
        what = "agreements and contracts" if w["kind"] == "contract_value" else "a package"
        text = md("{}: {} worth {}", j["event"], what, _package_worth_en(w)) + cite(w["ids"]) \
            + md(" ({})", package_words(w["package"])) + cite(w["count_ids"])
    elif w is not None and parts is not None and parts["all"] and parts["packages"] == 1:  # one package: said once
        text = md("The {}: a package of {} worth {}", j["event"], package_words(w["package"]),
                  _package_worth_en(w)) + cite(w["ids"])
    elif w is not None:  # what the source says was signed, in its own words, carries the value
        text += md(" (“{}”", shorten(w["package"], 130)) + cite(w["ids"]) + md(", worth {})", _worth_en(w))
    elif valued:
        shown = valued[:VALUED_SHOWN]
        items = [md("“{}”, {}", shorten(v["title"], 90), _worth_en(v)) + cite(v["ids"]) for v in shown]
        text += md("; {} of them state{} a value, each its own and not summed: ",
                   "one" if len(valued) == 1 else len(valued), "s" if len(valued) == 1 else "") + md_join(items, "; ")
        if len(valued) > len(shown):
            text += md("; and {} more (in the annex)", len(valued) - len(shown))
    else:
        text += Md("; none of them states a value")
    if j.get("announced"):  # announced credit lines: not documents, not summed with the loans signed
        text += Md("; credit lines announced (not documents): ") \
            + md_join([md("{}", _usd(a)) + cite(a["ids"]) for a in j["announced"]], ", ")
    for e in j["estimates"]:
        kind = code_words(e["kind"], VALUE_KIND_WORDS)
        if w is not None:  # sources differ on what the sum is: each as its source calls it, never "apart"
            text += md("; others call {} {}", _usd(e), ("an " if kind[:1] in "aeiou" else "a ") + kind) \
                + cite(e["ids"])
            continue
        text += md(" ({} of {}", kind, _usd(e)) + cite(e["ids"]) + Md(" apart)")
    text += _around_en(j, cite)
    later = j["later"]
    if later is not None:
        first = period_text(later["dates"][0]) if len(later["dates"][0]) == 7 else later["dates"][0]
        text += (md("; a later meeting in {}", first) if later["n"] == 1 else
                 md("; {} later meetings", later["n"])) + cite(later["ids"])
    return text + Md(".")


#: Valued documents a visit's judgment names by title (the annex lists them all).
VALUED_SHOWN = 3


def _measure(m: Fields) -> str:
    return quantity(m["value"], m["unit"], m["bound"], m["high"])


def corridor_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    parts = []
    run = j["run"]
    if run is not None:  # "transit" only where the quotes say transit (fact-checker, issue 25)
        first, last = run["first"], run["last"]
        what = "Rail container transit" if run["transit"] else "Rail container traffic"
        where = md(" via {}", country(run["via"])) if run["via"] else Md("")
        route = md(" ({})", route_words(run["route"])) if run["route"] else Md("")
        parts.append(md("{}", what) + where + route + md(": {} in {}", _measure(first), first["year"])
                     + cite(first["ids"]) + md(", {} in {}", _measure(last), last["year"]) + cite(last["ids"]))
    c = j.get("change")
    if c is not None:
        what = md("{} {}", route_words(c["route"]) if c["route"] else "rail", "transit" if c["transit"] else "containers")
        where = md(" via {}", country(c["via"])) if c["via"] and (run is None or run["via"] != c["via"]) else Md("")
        parts.append(what + where + md(" {} {}% in {}", "down" if c["pct"] < 0 else "up",
                                       f"{abs(c['pct']):g}", period_text(c["period"])) + cite(c["ids"]))
    s = j["share"]
    if s is not None:
        of = re.sub(r"^Share of ", "", s["metric"])  # the record's measure name: "Share of …" (the rule's filter)
        parts.append(md("{} of {} in {}", quantity(s["value"], "percent", s["bound"], s["high"]), of,
                        period_text(s["period"])) + cite(s["ids"]))
    return md_join(parts, "; ") + Md(".")


def coverage_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    parts = []
    said = False  # "full-year figures" once: "Belarus's side: 21 full-year figures for …; China's side: 13 for …"
    for s in j["sides"]:
        if not s["n"]:
            parts.append(md("{} side: no full-year figure", possessive(s["side"])))
        else:
            template = "{} side: {} for {}" if said else "{} side: {} full-year figure" + ("" if s["n"] == 1 else "s") + " for {}"
            parts.append(md(template, possessive(s["side"]), s["n"], years_text(s["years"])))
            said = True
    if j["others"]["n"]:
        years = j["others"]["years"]
        parts.append(md("other publishers: {} for {}", j["others"]["n"], years_text(years)) if years
                     else md("other publishers: {}", j["others"]["n"]))
    return md_join(parts, "; ")


def _flat(ids: object) -> list[str]:
    """Citation ids from nested lists ("a;b", ["a", ["b", "c"]]) as one flat list, for one superscript."""
    if ids is None:
        return []
    if isinstance(ids, str):
        return [ids]
    return [i for part in ids for i in _flat(part)]


def _change_en(kind: str, ratio: float) -> str:
    return {"doubled": "roughly doubled", "tripled": "roughly tripled", "fold": f"grew {ratio:.1f}-fold"}.get(
        kind, f"{'rose' if ratio >= 1 else 'fell'} {abs(ratio - 1) * 100:.0f}%")


def _standing_since_en(j: Fields, cite: Cite) -> Md:
    """"China has been Belarus's second-largest trade partner since 2022" only when that holds to the
    range's end; a disputed year says so; "after Russia" only when a record of the year ranks Russia first."""
    years, name, whose = j["years"], country(j["partner"]), possessive(j["economy"])
    if j["disputed"]:
        ranks = "- or ".join(rank_word(r) for r in j["ranks"]) + "-largest"  # "second- or third-largest"
        return md("{} was {} {} trade partner in {} (sources differ)", name, whose, ranks, years[-1]) + cite(j["ids"])
    # "in every statement for 2022–2025", not "since 2022": the records cannot show when the rank began
    # (2020 is disputed, 2021 holds no rank); "since" claims more than the statements say (fact-checker)
    when = f"in every statement for {years_text(years)}" if j["since"] and len(years) > 1 else f"in {years_text(years)}"
    if j.get("missing"):  # the other way round, in a few words: "China was Belarus's second-largest partner in
        # 2022–2025 (no record ranks Belarus among China's)"
        return md("{} was {} {} partner in {}", name, whose, ordinal_partner(j["rank"]), years_text(years)) \
            + cite(j["ids"]) + md(" (no record ranks {} among {})", country(j["economy"]), possessive(j["missing"]))
    text = md("{} was {} {} trade partner {}", name, whose, ordinal_partner(j["rank"]), when)
    if j["ahead"]:
        text += md(", after {}", join_words([country(c) for c in j["ahead"]]))
    return text + cite(j["ids"])


def _release_en(c: Fields) -> str:
    """Where a side's statistics releases stop and what its later figures are, true of each later year
    (`rules._release_caveat`): "after 2020 only officials' statements and press reports", "after 2022
    only press reports of its statistics", "none from a statistics release"."""
    relayed = "press reports of its statistics"
    if c["after"] is None:
        text = "none from a statistics release"
        if c["relayed"] and c["statements"]:
            return text + f" ({years_text(c['relayed'])}: {relayed})"
        return text + (f": {relayed}" if c["relayed"] else "")
    what = "officials' statements and press reports" if c["statements"] else relayed
    note = f" ({years_text(c['relayed'])}: {relayed})" if c["statements"] and c["relayed"] else ""
    return f"after {c['after']} only {what}{note}"


def _releases_en(sides: list[Fields]) -> str:
    """"Belarus's figures after 2020 and China's after 2022 are officials' statements or press reports,
    not statistics releases": how sure the latest figures are, for each side where true (one sentence)."""
    parts = []
    for i, r in enumerate(sides):
        figures = " figures" if i == 0 else ""
        parts.append(f"all {possessive(r['side'])}{figures}" if r["after"] is None
                     else f"{possessive(r['side'])}{figures} after {r['after']}")
    what = "officials' statements or press reports" if any(r["statements"] for r in sides) \
        else "press reports of statistics"
    return f"{' and '.join(parts)} are {what}, not statistics releases"


def _caveat_en(c: Fields) -> str:
    """The bottom line's one caveat, in plain words: a whole clause `bottom_en` puts after the trend."""
    if c["kind"] == "releases":
        return _releases_en(c["sides"])
    if c["kind"] == "mirror":
        clause = f"the two sides' totals differ by up to {c['pct']:.0f}%"
        if c["year"] is None:
            return clause
        whose = "neither side's" if len(c["unstated"]) > 1 else possessive(c["unstated"][0])
        return clause + f" ({c['year']}, {whose} scope not stated)"
    return f"{possessive(c['side'])} figures mix goods, goods and services and figures whose scope is not stated"


def _each_en(years: list[int]) -> str:
    """"2023"; "each of 2024 and 2025"; "each year of 2021–2025": equal figures for several years are
    each year's, never their sum."""
    if len(years) == 1:
        return str(years[0])
    return f"each of {years[0]} and {years[1]}" if len(years) == 2 else f"each year of {years_text(years)}"


_SAID_EN = {"official_statement": "an official", "official_statistics": "a statistics release",
            "secondary": "a press report", "doubtful": "a doubtful source"}


def _said_en(said: Fields) -> str:
    """"an official, Jan 2026, no period given": a figure whose source gives no period, by whom and when."""
    parts = [_SAID_EN.get(said["reliability"] or "", "a source")]
    if said["when"]:
        parts.append(period_text(said["when"]))
    return ", ".join([*parts, "no period given"])


def _level_en(lv: Fields, first: bool, economy: str, partner: str, cite: Cite) -> Md:
    """"Belarus's figures put its trade with China at over $8 bn (scope not stated) in each of 2024 and
    2025, $8.9 bn in goods for Jan–Nov 2025 and almost $12 bn in goods and services (an official, Jan 2026,
    no period given)" (the first side); "China's at $8.44 bn in goods for 2023"."""
    side = lv["side"]
    figures = [md("{} {} {} {}", _usd(lv), _in_scope_en(lv["scope"]), "for" if len(lv["years"]) == 1 else "in",
                  _each_en(lv["years"])) + cite(lv["ids"])]
    for p in (lv["part"], lv.get("wider")):
        if p is not None and p.get("said") is not None:  # no period given: whose figure, when said
            figures.append(md("{} {} ({})", _usd(p), _in_scope_en(p["scope"]), _said_en(p["said"])) + cite(p["ids"]))
        elif p is not None:
            figures.append(md("{} {} for {}", _usd(p), _in_scope_en(p["scope"]), period_text(p["period"]))
                           + cite(p["ids"]))
    flow = _its_en(side_flow(side, "turnover", economy, partner), side) if first else None
    return (md("{} figures put {} at ", possessive(side), flow) if first else md("{} at ", possessive(side))) \
        + md_join(figures[:-1], ", ") + (Md(" and ") if len(figures) > 1 else Md("")) + figures[-1]


def bottom_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    """Level first (and the standing), then who sells how much to whom, then the trend and one caveat."""
    economy_, partner_ = j["economy"], j["partner"]
    level = md_join([_level_en(lv, i == 0, economy_, partner_, cite) for i, lv in enumerate(j["levels"])], "; ")
    if j["standing"] is not None:
        level = md_join([level, _standing_since_en(j["standing"].fields, cite)], "; ")
    sentences = [level + Md(".")] if j["levels"] else []
    f = j["balance"]
    if f is not None:  # "Belarus sold $1.61 bn to China in 2022 and bought $4.18 bn, a deficit … (…; Belarus's goods figures)."
        whose = _figures_en(f["side"], f["scope"], bracketed=False)  # no brackets in brackets
        sentences.append(md("{} sold {} to {} in {} and bought {}, {}", country_name(f["side"]), _flow_en(f, "sold"),
                            country_name(f["other"]), f["year"], _flow_en(f, "bought"), _balance_en(f)) + cite(f["ids"])
                         + (Md(" (") + _ratio_en(f) + md("; {})", whose) if _ratio_en(f) else md(" ({})", whose))
                         + Md("."))
    side, first, last = j["side"], j["first"], j["last"]
    alt = j["alt"]
    how = _change_en(j["change"], j["ratio"])
    trend = md("By {}, trade {} from {} to {}", _figures_en(side, j["scope"]), how, first["year"], last["year"]) \
        + cite([first["ids"], last["ids"]])
    if alt is not None:  # the run rests on one source for an endpoint: say what another gives, never join it
        trend += Md(" (") + _alt_en(alt, cite) + md(", {})", ALT_NOT_JOINED_EN)
    o = j["other"]
    if o is not None and o["growth"] is not None and o.get("own"):  # the side's own newer change leads
        g = o["growth"]
        whose = "its " + _figures_en(side, g["scope"]).removeprefix(possessive(side) + " ")
        trend += md(", and {} show ", whose) + change_en(g, cite) + md(" in {}", g["year"])
    elif o is not None and o["growth"] is not None:
        g = o["growth"]
        trend += md(", and {} figures show ", possessive(o["side"])) + change_en(g, cite) + md(" in {}", g["year"])
    elif o is not None:
        trend += md(", and {} figures show {} a year from {} to {}", possessive(o["side"]), pct_text(o["cagr"]),
                    o["first"]["year"], o["last"]["year"]) + cite([o["first"]["ids"], o["last"]["ids"]])
    if j["caveat"] is not None:  # a whole clause after the trend: three sentences in all, never a fragment
        trend += md("; {}", _caveat_en(j["caveat"]))
    sentences.append(trend + Md("."))
    return md_join(sentences)


def bottom_thin_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    n = j["n"]
    first = md("The data for {}–{} in {}–{} is too thin for a trend: ", country_name(economy), country_name(partner),
               j["start"], j["end"])
    sides = "neither side publishes one" if j["no_side"] else "no side has two comparable ones"
    first += md("{} full-year {} in all, for {}, and {}.", n, "figure" if n == 1 else "figures",
                years_text(j["years"]), sides) if n else Md("there is no full-year figure at all.")
    level = thin_level_en(j["level"].fields, cite, economy, partner) if j["level"] is not None else Md("")
    third = Md("Either side's official statistics (IMF or UN Comtrade) or a CEPII BACI release would fill it.")
    return md_join([first, level, third])



def side_none_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    return md("{} side publishes no full-year figure for {}–{} in this data.", possessive(j["side"]), j["start"], j["end"])


def _bounds_en(j: Fields) -> str:
    """'lower bounds', 'a lower bound', 'lower and upper bounds'."""
    if j["one_bound"]:
        return _limit(j["bounds"][0])
    return join_words([_LIMITS_EN[k] for k in j["bounds"]])


def side_gaps_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    """One line per side: how many years it covers, where its statistics stop, scope changes, bounds."""
    bits = [md("{} side: figures for {} of {} years", possessive(j["side"]), len(j["years"]), j["span"])]
    if j["release"] is not None:
        bits.append(Md(_release_en(j["release"])))
    if j["scope_changes"]:
        bits.append(md("scope changes in {}", years_text(j["scope_changes"])))
    if j["bounded_years"]:
        bits.append(md("{} only {}", years_text(j["bounded_years"]), _bounds_en(j)))
    return md_join(bits, "; ") + Md(".")


def no_mirror_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    return md("No year has comparable figures from both {} and {}, so how far the two sides' statistics differ "
              "is unknown.", country_name(economy), country_name(partner))


def _printed_en(lo: float, hi: float) -> str:
    return f"{(lo + hi) / 2:+.1f}%" if not math.isinf(hi) else f"over {lo:+.1f}%"


def disagreements_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    """Printed rates the published figures do not give, in one line (each reason is in the annex)."""
    items = [md("{} in {} ({} printed, {} from the figures)", side_flow(i["reporter"], i["flow"], economy, partner),
                i["year"], _printed_en(i["lo"], i["hi"]), pct_text(i["growth"])) + cite(i["ids"]) for i in j["items"]]
    return md("Growth the sources print that their own figures do not give: ") + md_join(items, "; ") \
        + Md("; the annex gives the reasons.")



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
_MEETINGS_RU = ("встреча", "встречи", "встреч")
_YEARS_RU = ("года", "лет", "лет")  # "за 12 из 16 лет", "из 1 года"


def years_ru(years: list[int]) -> str:
    """'2022 г.', '2022–2025 гг.', '2019, 2021 гг.'."""
    unique = sorted(set(years))
    return f"{years_text(unique, RU_LANG)} {'г.' if len(unique) == 1 else 'гг.'}" if unique else "ни за один год"


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


def _in_scope_ru(scope: str) -> str:
    """A figure's scope after it, in parentheses: "(товары)", "(охват не указан)"."""
    return f"({scope_text(scope, RU_LANG)})"


def _alt_ru(alt: Fields, cite: Cite) -> Md:
    return md("другой источник даёт за {} г. {}", alt["year"], _usd_ru(alt)) + cite(alt["ids"])


def change_ru(g: Fields, cite: Cite, *, bracketed: bool = False) -> Md:
    """Изменение за один год, как его выбрал `rules.one_year_change`: темп из источника (со ссылкой на
    него), если он есть, иначе рассчитанный по данным стороны."""
    s = g["stated"]
    if s is not None:
        text = md("{}", printed_rate(s["measure"], s["value"], s["bound"], f"{s['base']} г.", RU_LANG)) + cite(s["ids"])
        if g.get("computed") is not None:  # расходятся сверх округления: оба, каждый со ссылкой
            text += Md(", " if bracketed else " (") + md("так в источнике; по имеющимся данным {}", _pct_ru(g["computed"])) \
                + cite(g["ids"]) + Md("" if bracketed else ")")
        return text
    return md("{}", _pct_ru(g["pct"])) + cite(g["ids"])


def _growth_ru(g: Fields | None, cite: Cite, *, beside: bool = False) -> Md:
    if g is None:
        return Md("")
    if beside:
        return Md(" (") + change_ru(g, cite, bracketed=True) + Md(")")
    return Md("; ") + change_ru(g, cite) + md(" за один {} г.", g["year"])


def trend_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    """Последний уровень стороны, затем её сопоставимый ряд и последний годовой рост."""
    side, first, last = j["side"], j["first"], j["last"]
    later, part = j["later"], j["part"]
    move = "рост" if j["rising"] else "снижение"
    if later is None and part is None:
        if j["flow"] == "turnover":  # «рост торговли с … до …»
            what = md("{} торговли", move)
        else:
            what = md("{} — {}", side_flow(side, j["flow"], economy, partner, RU_LANG), move)
        text = md("По данным {} ({}): {} с {} в {} г. до {} в {} г.", _gen(side), scope_text(j["scope"], RU_LANG),
                  what, _usd_ru(first), first["year"], _usd_ru(last), last["year"]) + cite(j["ids"])
    else:
        news = []
        if later is not None:
            scope = later["other_scope"] or j["scope"]
            news.append(md("{} {} за {}", _usd_ru(later), _in_scope_ru(scope), years_ru(later["years"]))
                        + cite(later["ids"]))
        if part is not None:
            news.append(md("{} {} за {}", _usd_ru(part), _in_scope_ru(part["scope"]),
                           period_text(part["period"], RU_LANG)) + cite(part["ids"]))
        text = md("Последние данные {}: ", _gen(side)) + md_join(news, " и ") \
            + md("; сопоставимый ряд ({}): {} с {} в {} г. до {} в {} г.", scope_text(j["scope"], RU_LANG), move, _usd_ru(first),
                 first["year"], _usd_ru(last), last["year"]) + cite(j["ids"])
    if j["cagr"] is not None and last["year"] - first["year"] > 1 and j["alt"]:
        text += md(" ({} в год; ", _pct_ru(j["cagr"])) + _alt_ru(j["alt"], cite) + md(", {})", ALT_NOT_JOINED_RU)
    elif j["cagr"] is not None and last["year"] - first["year"] > 1:
        text += md(" ({} в год)", _pct_ru(j["cagr"]))
    text += _growth_ru(j["growth"], cite, beside=_one_step(j))
    return text + Md("" if _ends_with_year_ru(text) else ".")  # «… за один 2016 г.», not «г..»


def level_trend_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    return md_join([trend_ru(s, cite, economy, partner) for s in j["sides"]])


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


def _ratio_ru(f: Fields) -> Md:
    if f["ratio"] is None:
        return Md("")
    r = _number_ru(f["ratio"])
    return md("примерно 1" + _TO + "{}", r) if f["bought"]["value"] > f["sold"]["value"] else \
        md("примерно {}" + _TO + "1", r)


def _balance_ru(f: Fields) -> str:
    if f["balance"] == 0:
        return "сальдо нулевое"
    size = usd_difference(f["sold"]["value"], f["bought"]["value"], RU_LANG)
    return f"{'дефицит' if f['balance'] < 0 else 'профицит'} {_gen(f['side'])} — {size}"


def _flow_ru(f: Fields, which: str) -> str:
    """Поток; расчётный — с арифметикой: «расчётно $2,6 млрд ($8,44 млрд минус $5,84 млрд)»."""
    i = f.get("implied")
    if i is None or i["which"] != which:
        return _usd_ru(f[which])
    return f"расчётно {_usd_ru(f[which])} ({_usd_ru(i['total'])} минус {_usd_ru(i['known'])})"


def _sold_ru(f: Fields, cite: Cite) -> Md:
    """"в 2022 г. экспорт Беларуси в Китай — $1,61 млрд, импорт из Китая — $4,18 млрд, дефицит … (примерно 1 : 2,6)"."""
    ratio = _ratio_ru(f)
    return md("в {} г. {} — {}, импорт из {} — {}, {}", f["year"],
              flow_text(f["side"], "export", f["other"], RU_LANG), _flow_ru(f, "sold"), _gen(f["other"]),
              _flow_ru(f, "bought"), _balance_ru(f)) + (md(" ({})", ratio) if ratio else Md("")) + cite(f["ids"])


def flows_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    parts = [md("{} данным {} ({}), ", "По" if i == 0 else "по", _gen(f["side"]), scope_text(f["scope"], RU_LANG))
             + _sold_ru(f, cite) for i, f in enumerate(j["sides"])]
    return md_join(parts, "; ") + Md(".")


def _gap_ru(lo: float, hi: float, other: str) -> str:
    def span(x: float, y: float) -> str:
        a, b = sorted((abs(x - 1) * 100, abs(y - 1) * 100))
        same = round(a) == round(b)
        return percent_sign(f"{a:.0f}" if same else f"{a:.0f}–{b:.0f}", RU_LANG)
    if lo >= 1:
        return f"на {span(lo, hi)} выше данных {other}"
    if hi <= 1:
        return f"на {span(lo, hi)} ниже данных {other}"
    return f"отличаются от данных {other} на {_pct_ru((lo - 1) * 100)} … {_pct_ru((hi - 1) * 100)}"


def _left_out_ru(left: Fields) -> str:
    """«2021 г. (нижняя граница)», «2023 г. (разный охват)»: чьи и какие — в таблице ключевых показателей."""
    if left["why"] == "bound":
        return f"{left['year']} г. ({_limit(left['bound'], RU_LANG)})"
    return f"{left['year']} г. (разный охват)"


def mirror_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    years = md("{}", years_ru([i["year"] for i in j["items"]]))
    unstated = [f"{'данные ' if i == 0 else ''}{_gen(u['side'])} за {years_ru(u['years'])}"
                for i, u in enumerate(j["unstated"])]
    if unstated:  # «данные Китая за 2018–2019 гг. и Беларуси за 2019 г. — без указания охвата»
        years += md("; {} — без указания охвата", " и ".join(unstated))
    text = md("Данные {} {} ", _gen(j["subject"]), _gap_ru(j["lo"], j["hi"], _gen(j["other"])))
    text += Md("(") + years + Md(")") + cite(_flat([i["ids"] for i in j["items"]]))
    if j["left_out"]:
        text += md("; не сравниваются: {}", join_words([_left_out_ru(x) for x in j["left_out"]], RU_LANG))
    return text + Md(".")


def _partner_ru(flow: str, rank: int, economy: str) -> str:
    if flow == "turnover":
        return f"{ordinal_partner(rank, RU_LANG)} торговый партнёр {_gen(economy)}"
    return f"{ordinal_partner(rank, RU_LANG)} " + _FLOW_PARTNER_RU.get(flow, "партнёр {whose}").format(whose=_gen(economy))


def _pct_share_ru(value: float) -> str:
    return percent_sign(_share_digits(value), RU_LANG)


def _nearest_ru(n: Fields | None, partner: str, pct: float | None) -> str:
    """"Украина: 7,4 % против 7,3 % у Китая" (доли, от которых зависит место)."""
    if n is None or pct is None:
        return ""
    return f"{country(n['partner'], RU_LANG)}: {_pct_share_ru(n['pct'])} против {_pct_share_ru(pct)} у {_gen(partner)}"


def _flow_partners_ru(flow: str, economy: str) -> str:
    return {"export": f"партнёров {_gen(economy)} по экспорту", "import": f"партнёров {_gen(economy)} по импорту"}.get(
        flow, f"торговых партнёров {_gen(economy)}")


def standing_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    economy, partner = j["economy"], j["partner"]  # наоборот, если места партнёра нет ни в одной записи
    run = j["latest"]
    lead = md("Места {} среди партнёров {} нет ни в одной записи; ", _gen(economy), _gen(j["missing"])) \
        if j.get("missing") else Md("")
    if run["disputed"]:
        pct = run["share"]["pct"] if run["share"] else None
        text = md("{} г.: источники расходятся — у {} {} место среди {}", run["years"][-1], _gen(partner),
                  ranks_words(run["ranks"], RU_LANG), _flow_partners_ru(j["flow"], economy)) + cite(run["ids"])
        text += _paren(_nearest_ru(run["nearest"], partner, pct))
        text = lead + text
    else:
        when = f"в {years_ru(run['years'])}" if run["statements"] <= 1 and len(run["years"]) == 1 else \
            f"во всех заявлениях за {years_ru(run['years'])}"
        text = lead + md("{} — {} {}", _nom(partner), _partner_ru(j["flow"], run["rank"], economy), when) \
            + cite(run["ids"])
        s = run["share"]
        if s is not None:
            scope = _SCOPE_INS_RU.get(s["scope"])
            text += md(" ({} торговли {} {} в {} г.{})" if scope else " ({} торговли {}{} в {} г.{})",
                       _pct_share_ru(s["pct"]), _gen(economy), scope or "", s["year"], _share_inferred(s, RU_LANG)) \
                + cite(s["ids"])
        text += _paren(_inferred_years(run, RU_LANG))
    for earlier in j["earlier"]:
        if earlier["disputed"]:
            pct = earlier["share"]["pct"] if earlier["share"] else None
            text += md("; {} г.: {} место, источники расходятся", earlier["years"][-1],
                       ranks_words(earlier["ranks"], RU_LANG)) + _paren(_nearest_ru(earlier["nearest"], partner, pct)) \
                + cite(earlier["ids"])
            continue
        text += md("; {} место в {}", rank_word(earlier["rank"], RU_LANG), years_ru(earlier["years"]))
        share = earlier["share"]
        notes = [f"{_pct_share_ru(share['pct'])} в {share['year']} г.{_share_inferred(share, RU_LANG)}"] \
            if share is not None else []
        notes += [_inferred_years(earlier, RU_LANG)] if _inferred_years(earlier, RU_LANG) else []
        text += _paren("; ".join(notes)) + cite(earlier["ids"])
    return text + Md(".")


def _before_ru(i: Fields, cite: Cite) -> Md:
    """" (годом ранее — $172,2 млн)": тот же период предыдущего года, по данным той же таможни."""
    b = i.get("before")
    if b is None:
        return Md("")
    return md(" ({}: {})", period_text(b["period"], RU_LANG), _usd_ru(b)) + (cite(b["ids"]) if str(b["ids"]) != str(i["ids"]) else Md(""))


def traded_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    """Что продаётся: последний перечень в каждую сторону, стоимости одного периода, доли с их базой."""
    ex, im = j["exports"], j["imports"]
    parts: list[Md] = []
    lists = [(w, verb) for w, verb in ((ex, f"экспорт {_gen(economy)} в {country(partner, RU_LANG, 'acc')}"),
                                       (im, f"импорт из {_gen(partner)}"))
             if w is not None and w["list"] is not None]
    if lists:  # as the English: one clause, one citation when one source lists both ways
        years = {w["list"]["year"] for w, _ in lists}
        ids = {str(w["list"]["ids"]) for w, _ in lists}
        bits = []
        for w, verb in lists:
            item = w["list"]
            whose = verb
            # the labels are the snapshot's English summaries: in «» as foreign words, never as Russian text
            bit = md("основной {}: {}" if item["main"] else "{} (по перечню одного источника): {}", whose,
                     product_words(item["items"], RU_LANG))
            if len(years) > 1:
                bit += md(" ({} г.{})", item["year"], ", год выведен" if item["inferred"] else "")
            bits.append(bit + (cite(item["ids"]) if len(ids) > 1 else Md("")))
        text = md_join(bits, "; ")
        text = Md(_capital(str(text)))
        speakers = {w["list"]["said_by"] for w, _ in lists}
        said = md(" {}", speaker_words(speakers.pop(), RU_LANG)) if len(speakers) == 1 and None not in speakers \
            else Md("")
        if len(years) == 1:
            inferred = any(w["list"]["inferred"] for w, _ in lists)
            text += (Md(" (перечень") + said + md(", {} г.{})", years.pop(), ", год выведен" if inferred else "")) \
                if str(said) else md(" (по перечню за {} г.{})", years.pop(), ", год выведен" if inferred else "")
        if len(ids) == 1:
            text += cite(lists[0][0]["list"]["ids"])
        for w, _ in lists:  # как в английском: доля производства первой названной источником позиции
            lead = w["shares"]["lead"] if w["shares"] is not None and w["shares"]["output"] else None
            if lead is not None:
                text += md("; {}: {} производства вывозится в {} ({} г.{})", product_words(lead["product"], RU_LANG),
                           _pct_share_ru(lead["pct"]), country(w["importer"], RU_LANG, "acc"), w["shares"]["year"],
                           ", год выведен" if lead["inferred"] else "") + cite(lead["ids"])
        parts.append(text)
    for w in (ex, im):
        if w is None or w["values"] is None:
            continue
        v = w["values"]
        items = [md("{}: {}", product_words(i["product"], RU_LANG), _usd_ru(i)) + _before_ru(i, cite) + cite(i["ids"])
                 for i in v["items"]]
        when = str(v["year"]) + " г." if v["period"] == str(v["year"]) else period_text(v["period"], RU_LANG)
        text = md("поставки {} в {} за {}", _gen(w["exporter"]), country(w["importer"], RU_LANG, "acc"), when)
        if v["recorded_by"]:
            text += md(" (по данным таможни {})", _gen(v["recorded_by"]))
        text += Md(": ") + md_join(items, ", ")
        if any(i["inferred"] for i in v["items"]):
            text += Md(" (год частично выведен)") if not all(i["inferred"] for i in v["items"]) else \
                Md(" (год выведен)")
        if v.get("no_list"):  # как в английском: несколько позиций — не разбивка
            text += md("; перечня основных товаров за {} нет (все позиции со стоимостью — в приложении)",
                       years_ru(list(range(j["start"], j["end"] + 1))))
        parts.append(text)
    for w in (ex, im) if not parts else ():  # как в английском: доли — только если больше сказать нечего
        if w is None or w["shares"] is None:
            continue
        sh = w["shares"]
        items = join_words([f"{_pct_share_ru(i['pct'])} ({product_words(i['product'], RU_LANG)})" for i in sh["items"]],
                           RU_LANG)
        basis = "доли производства, не экспорта" if sh["output"] else basis_words(sh["basis"], RU_LANG)
        text = md("{} направляет в {}: {} ({} г.{}; {})", _nom(w["exporter"]), country(w["importer"], RU_LANG, "acc"),
                  items, sh["year"], ", год выведен" if sh["inferred"] else "", basis)
        parts.append(text + cite(sh["ids"]))
    t = j["tops"]
    if t is not None:
        source = "CEPII BACI" if t["baci"] else "по главам ТН ВЭД"
        span = f"{t['first']} г." if t["first"] == t["last"] else f"{t['first']}–{t['last']} гг."
        for key, verb in (("exports", "продаёт"), ("imports", "покупает")):
            if t[key]:
                labels = join_words([f"«{shorten(i['label'], 48)}»" for i in t[key]], RU_LANG)
                parts.append(md("{} {} больше всего {} ({}, {})", _nom(economy), verb, labels, source, span)
                             + cite(t["ids"]))
    return Md(_capital(str(md_join(parts, "; ")))) + Md(".") if parts else Md("")  # a clause may open it


def _capital(text: str) -> str:
    """A name at a sentence's start: its first letter upper-case («…» names as they stand)."""
    return text[:1].upper() + text[1:]


def _share_digits(value: float) -> str:
    """A share as printed ('11', '4,9'): as many decimals as the figure has, none added."""
    return format_decimal(value, format="#,##0.###", locale=RU_LANG)


def _worth_ru(w: Fields) -> str:
    return f"{_usd_ru(w)} ({code_words(w['kind'], codes.VALUE_KIND, RU_LANG)})"


def _around_ru(j: Fields, cite: Cite) -> Md:
    """Хронология вокруг визита: изменение по собственным данным каждой стороны за год до, год визита и год после."""
    bits: list[Md] = []
    empty = []
    for entry in j["around"]:
        if not entry["changes"]:
            empty.append(entry["year"])
        for c in entry["changes"]:
            bits.append(md("по данным {} ", _gen(c["side"])) + change_ru(c, cite) + md(" в {} г.", entry["year"]))
    if not bits:
        return md("; сопоставимых изменений торговли за {} нет", years_ru([e["year"] for e in j["around"]])) \
            if j["around"] else Md("")
    text = Md("; торговля вокруг визита (хронология, не причина): ") + md_join(bits, ", ")
    if empty:
        text += md("; за {} сопоставимых изменений нет", years_ru(empty))
    return text


def agreements_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    n = j["listed"]
    text = md("Больше всего документов за {}–{} гг. — {}: {} {} по названиям", j["start"], j["end"],
              event_words(j["event"], RU_LANG), n, plural_ru(n, _DOCUMENTS_RU))
    parts = j["parts"]
    if parts is not None:
        whole = "одного пакета" if parts["packages"] == 1 else f"{parts['packages']} пакетов"
        text += md(", {} — части {}", "все" if parts["all"] else f"{parts['n']} из них", whole)
    w = j["worth"]
    valued = j["valued"]
    if w is not None and parts is not None and parts["all"] and parts["packages"] == 1 and w.get("count_ids"):
        # как в английском: стоимость — по источнику, который её печатает, число документов — по перечню
        worth = _usd_ru(w) if w["kind"] == "contract_value" else _worth_ru(w)
        what = "соглашения и контракты" if w["kind"] == "contract_value" else "пакет"
        text = md("{}: {} стоимостью {}", _capital(event_words(j["event"], RU_LANG)), what, worth) + cite(w["ids"]) \
            + md(" ({})", title_ru(w["package"])) + cite(w["count_ids"])
    elif w is not None and parts is not None and parts["all"] and parts["packages"] == 1:  # один пакет — один раз
        worth = _usd_ru(w) if w["kind"] == "contract_value" else _worth_ru(w)
        text = md("{}: пакет из {} стоимостью {}", _capital(event_words(j["event"], RU_LANG)), title_ru(w["package"]),
                  worth) + cite(w["ids"])
    elif w is not None:
        text += md(" ({}", title_ru(w["package"])) + cite(w["ids"]) + md(", стоимостью {})",
                                                                              _worth_ru(w))
    elif valued:
        shown = valued[:VALUED_SHOWN]
        items = [md("{} — {}", title_ru(v["title"]), _worth_ru(v)) + cite(v["ids"]) for v in shown]
        text += md("; стоимость указана у {} из них, у каждого своя, не суммируется: ", len(valued)) \
            + md_join(items, "; ")
        if len(valued) > len(shown):
            text += md("; и ещё {} (в приложении)", len(valued) - len(shown))
    else:
        text += Md("; ни в одном из них стоимость не указана")
    if j.get("announced"):  # как в английском: объявленные кредитные линии — не документы
        text += Md("; объявленные кредитные линии (не документы): ") \
            + md_join([md("{}", _usd_ru(a)) + cite(a["ids"]) for a in j["announced"]], ", ")
    for e in j["estimates"]:
        kind = code_words(e["kind"], codes.VALUE_KIND, RU_LANG)
        if w is not None:  # как в английском: источники расходятся, что это за сумма
            text += md("; у других официальных лиц {} — {}", _usd_ru(e), kind) + cite(e["ids"])
            continue
        text += md(" ({}: {}", kind, _usd_ru(e)) + cite(e["ids"]) + Md(" — отдельно)")
    text += _around_ru(j, cite)
    later = j["later"]
    if later is not None:
        first = period_text(later["dates"][0], RU_LANG) if len(later["dates"][0]) == 7 else later["dates"][0]
        text += (md("; последующая встреча: {}", first) if later["n"] == 1 else
                 md("; затем ещё {} {}", later["n"], plural_ru(later["n"], _MEETINGS_RU))) + cite(later["ids"])
    return text + Md(".")


def _measure_ru(m: Fields) -> str:
    return quantity(m["value"], unit_words(str(m["unit"]), RU_LANG), m["bound"], m["high"], RU_LANG)


def corridor_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    parts = []
    run = j["run"]
    if run is not None:  # «транзит» — только если так сказано в цитатах
        first, last = run["first"], run["last"]
        what = "Контейнерный транзит по железной дороге" if run["transit"] else \
            "Железнодорожные контейнерные перевозки"
        where = md(" через {}", country(run["via"], RU_LANG, "acc")) if run["via"] else Md("")
        route = md(" ({})", route_words(run["route"], RU_LANG)) if run["route"] else Md("")
        parts.append(md("{}", what) + where + route + md(": {} в {} г.", _measure_ru(first), first["year"])
                     + cite(first["ids"]) + md(", {} в {} г.", _measure_ru(last), last["year"]) + cite(last["ids"]))
    c = j.get("change")
    if c is not None:
        what = md("{} {}", "транзит" if c["transit"] else "контейнеры",
                  route_words(c["route"], RU_LANG) if c["route"] else "по железной дороге")
        where = md(" через {}", country(c["via"], RU_LANG, "acc")) \
            if c["via"] and (run is None or run["via"] != c["via"]) else Md("")
        parts.append(what + where + md(": {}{} за {}",
                                       "−" if c["pct"] < 0 else "+", _pct_share_ru(abs(c["pct"])),
                                       period_text(c["period"], RU_LANG)) + cite(c["ids"]))
    s = j["share"]
    if s is not None:
        parts.append(md("{}{}: {}: {}", "" if parts else "Период ", period_text(s["period"], RU_LANG),
                        metric_words(s["metric"], RU_LANG),
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
        years = j["others"]["years"]
        parts.append(md("другие издатели: {} {} за {}", n, plural_ru(n, _PLAIN_FIGURES_RU), years_ru(years)) if years
                     else md("другие издатели: {} {}", n, plural_ru(n, _PLAIN_FIGURES_RU)))
    last_has_years = bool(j["others"]["years"] if j["others"]["n"] else j["sides"][-1]["n"])  # ends with "г." already
    return md_join(parts, "; ") + Md("" if last_has_years else ".")


def _change_ru(kind: str, ratio: float) -> str:
    return {"doubled": "рост примерно вдвое", "tripled": "рост примерно втрое",
            "fold": f"рост в {_number_ru(ratio)} раза"}.get(
        kind, f"{'рост' if ratio >= 1 else 'снижение'} на {percent_sign(format(abs(ratio - 1) * 100, '.0f'), RU_LANG)}")


def _ends_with_year_ru(text: Md) -> bool:
    """«… с 2022 г.» (its citation after it) ends a sentence already: no second full stop."""
    return re.sub(r"(?:<sup>.*?</sup>)+$", "", str(text)).endswith("г.")


def _standing_since_ru(j: Fields, cite: Cite) -> Md:
    """«с 2022 г.» только если место держится до конца диапазона; спорный год назван спорным;
    «после России» только если запись того же года ставит Россию первой."""
    years = j["years"]
    if j["disputed"]:
        return md("{}: {} место среди торговых партнёров {} в {} г. (источники расходятся)", _nom(j["partner"]),
                  ranks_words(j["ranks"], RU_LANG), _gen(j["economy"]), years[-1]) + cite(j["ids"])
    when = f"во всех заявлениях за {years_ru(years)}" if j["since"] and len(years) > 1 else f"в {years_ru(years)}"
    text = md("{} — {} {}", _nom(j["partner"]), _partner_ru("turnover", j["rank"], j["economy"]), when)
    if j["ahead"]:
        text += md(", после {}", join_words([_gen(c) for c in j["ahead"]], RU_LANG))
    text += cite(j["ids"])
    if j.get("missing"):  # «(места Беларуси среди партнёров Китая нет ни в одной записи)»
        text += md(" (места {} среди партнёров {} нет ни в одной записи)", _gen(j["economy"]), _gen(j["missing"]))
    return text


def _release_ru(c: Fields) -> str:
    """Где кончаются статистические публикации стороны и что за показатели после них (верно для каждого года)."""
    relayed = "статистика в пересказе прессы"
    if c["after"] is None:
        text = "ни одного из статистической публикации"
        if c["relayed"] and c["statements"]:
            return text + f" ({years_ru(c['relayed'])}: {relayed})"
        return text + (f": {relayed}" if c["relayed"] else "")
    what = "только заявления и сообщения прессы" if c["statements"] else f"только {relayed}"
    note = f" ({years_ru(c['relayed'])}: {relayed})" if c["statements"] and c["relayed"] else ""
    return f"после {c['after']} г. — {what}{note}"


def _releases_ru(sides: list[Fields]) -> str:
    """«данные Беларуси после 2020 г. и данные Китая после 2022 г. — заявления должностных лиц или
    сообщения прессы, а не статистические публикации»."""
    parts = [f"все данные {_gen(r['side'])}" if r["after"] is None else f"данные {_gen(r['side'])} после {r['after']} г."
             for r in sides]
    what = "заявления должностных лиц или сообщения прессы" if any(r["statements"] for r in sides) \
        else "статистика в пересказе прессы"
    return f"{' и '.join(parts)} — {what}, а не статистические публикации"


def _caveat_ru(c: Fields) -> str:
    if c["kind"] == "releases":
        return _releases_ru(c["sides"])
    if c["kind"] == "mirror":
        clause = f"итоги двух сторон расходятся до {percent_sign(format(c['pct'], '.0f'), RU_LANG)}"
        if c["year"] is None:
            return clause
        whose = "обеих сторон" if len(c["unstated"]) > 1 else _gen(c["unstated"][0])
        return clause + f" ({c['year']} г., охват {whose} не указан)"
    return f"в данных {_gen(c['side'])} смешаны товары, товары и услуги и показатели с неуказанным охватом"


def _each_ru(years: list[int]) -> str:
    """«2023 г.»; «каждый из 2024 и 2025 гг.»: равные показатели нескольких лет — за каждый год, не сумма."""
    if len(years) == 1:
        return f"{years[0]} г."
    return f"каждый из {years[0]} и {years[1]} гг." if len(years) == 2 else f"каждый год {years_ru(years)}"


_SAID_RU = {"official_statement": "заявление должностного лица", "official_statistics": "статистическая публикация",
            "secondary": "сообщение прессы", "doubtful": "сомнительный источник"}


def _said_ru(said: Fields) -> str:
    """«заявление должностного лица, янв. 2026, период не указан»."""
    parts = [_SAID_RU.get(said["reliability"] or "", "источник")]
    if said["when"]:
        parts.append(period_text(said["when"], RU_LANG))
    return ", ".join([*parts, "период не указан"])


def _level_ru(lv: Fields, first: bool, economy: str, partner: str, cite: Cite) -> Md:
    side = lv["side"]
    figures = [md("{} {} за {}", _usd_ru(lv), _in_scope_ru(lv["scope"]), _each_ru(lv["years"])) + cite(lv["ids"])]
    for p in (lv["part"], lv.get("wider")):
        if p is not None and p.get("said") is not None:  # период не указан: чьи данные и когда сказано
            figures.append(md("{} ({}; {})", _usd_ru(p), scope_text(p["scope"], RU_LANG), _said_ru(p["said"]))
                           + cite(p["ids"]))
        elif p is not None:
            figures.append(md("{} {} за {}", _usd_ru(p), _in_scope_ru(p["scope"]), period_text(p["period"], RU_LANG))
                           + cite(p["ids"]))
    joined = md_join(figures[:-1], ", ") + (Md(" и ") if len(figures) > 1 else Md("")) + figures[-1]
    if first:
        flow = side_flow(side, "turnover", economy, partner, RU_LANG)
        return md("По данным {}, {} — ", _gen(side), flow) + joined
    return md("по данным {} — ", _gen(side)) + joined


def bottom_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    economy_, partner_ = j["economy"], j["partner"]
    level = md_join([_level_ru(lv, i == 0, economy_, partner_, cite) for i, lv in enumerate(j["levels"])], "; ")
    if j["standing"] is not None:
        level = md_join([level, _standing_since_ru(j["standing"].fields, cite)], "; ")
    sentences = [level + Md("" if _ends_with_year_ru(level) else ".")] if j["levels"] else []
    f = j["balance"]
    if f is not None:  # "В 2022 г. экспорт Беларуси в Китай — …, импорт из Китая — …, дефицит … (примерно 1 : 2,6; данные …)."
        whose = f"данные {_gen(f['side'])}, {scope_text(f['scope'], RU_LANG)}"
        sentences.append(md("В {} г. {} — {}, импорт из {} — {}, {}", f["year"],
                            flow_text(f["side"], "export", f["other"], RU_LANG), _flow_ru(f, "sold"), _gen(f["other"]),
                            _flow_ru(f, "bought"), _balance_ru(f)) + cite(f["ids"])
                         + (Md(" (") + _ratio_ru(f) + md("; {})", whose) if _ratio_ru(f) else md(" ({})", whose))
                         + Md("."))
    side, first, last = j["side"], j["first"], j["last"]
    how = _change_ru(j["change"], j["ratio"])
    trend = md("По данным {} ({}): {} с {} по {} г.", _gen(side), scope_text(j["scope"], RU_LANG),
               how, first["year"], last["year"]) + cite([first["ids"], last["ids"]])
    if j["alt"] is not None:
        trend += Md(" (") + _alt_ru(j["alt"], cite) + md(", {})", ALT_NOT_JOINED_RU)
    o = j["other"]
    if o is not None and o["growth"] is not None:
        g = o["growth"]
        trend += md(", по данным {} — ", _gen(o["side"])) + change_ru(g, cite) + md(" за {} г.", g["year"])
    elif o is not None:
        trend += md(", по данным {} — {} в год с {} по {} г.", _gen(o["side"]), _pct_ru(o["cagr"]), o["first"]["year"],
                    o["last"]["year"]) + cite([o["first"]["ids"], o["last"]["ids"]])
    if j["caveat"] is not None:  # целое предложение после тренда через точку с запятой: всего три предложения
        trend += md("; {}", _caveat_ru(j["caveat"]))
    sentences.append(trend + Md("" if _ends_with_year_ru(trend) else "."))
    return md_join(sentences)


def bottom_thin_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    n = j["n"]
    first = md("Данных по паре {} — {} за {}–{} гг. слишком мало для тренда: ", _nom(economy), _nom(partner),
               j["start"], j["end"])
    sides = "ни одна из сторон не публикует своих" if j["no_side"] else "ни у одной стороны нет двух сопоставимых"
    first += md("всего {} {} за {}, и {}.", n, plural_ru(n, _FIGURES_RU), years_ru(j["years"]), sides) if n else \
        Md("нет ни одного годового показателя.")
    level = thin_level_ru(j["level"].fields, cite, economy, partner) if j["level"] is not None else Md("")
    third = Md("Восполнить их может официальная статистика сторон (МВФ или UN Comtrade) или выпуск CEPII BACI.")
    return md_join([first, level, third])


def side_none_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    return md("Данные {}: ни одного годового показателя за {}–{} гг.", _gen(j["side"]), j["start"], j["end"])


def _bounds_ru(j: Fields) -> str:
    if j["one_bound"]:
        return _limit(j["bounds"][0], RU_LANG)
    return join_words([_LIMITS_RU[k] for k in j["bounds"]], RU_LANG)


def side_gaps_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    span = j["span"]
    bits = [md("Данные {}: показатели за {} из {} {}", _gen(j["side"]), len(j["years"]), span, plural_ru(span, _YEARS_RU))]
    if j["release"] is not None:
        bits.append(Md(_release_ru(j["release"])))
    if j["scope_changes"]:
        bits.append(md("охват меняется в {}", years_ru(j["scope_changes"])))
    if j["bounded_years"]:
        bits.append(md("за {} — лишь {}", years_ru(j["bounded_years"]), _bounds_ru(j)))
    return md_join(bits, "; ") + Md(".")


def no_mirror_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    return md("Ни за один год нет сопоставимых данных и {}, и {}, поэтому насколько расходится статистика двух "
              "сторон, неизвестно.", _gen(economy), _gen(partner))


def disagreements_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    items = []
    for i in j["items"]:
        lo, hi = i["lo"], i["hi"]
        printed = _pct_ru((lo + hi) / 2) if not math.isinf(hi) else f"свыше {_pct_ru(lo)}"
        items.append(md("{}, {} г.: в источнике {}, по данным {}", side_flow(i["reporter"], i["flow"], economy, partner,
                                                                         RU_LANG),
                        i["year"], printed, _pct_ru(i["growth"])) + cite(i["ids"]))
    return md("Темпы роста, которые источники печатают, но их собственные данные не дают: ") + md_join(items, "; ") \
        + Md("; причины — в приложении.")


def no_products_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    return Md("Разбивки по товарам нет: в прогоне не было выпуска CEPII BACI или данных по группам ГС.")


def no_agreements_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    return md("В снимке данных нет записей о соглашениях или транспортных связях для пары {} — {}.", _nom(economy),
              _nom(partner))


def standing_since_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    return _standing_since_en(j, cite)


def standing_since_ru(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    return _standing_since_ru(j, cite)


RU: dict[str, Callable[..., Md]] = {
    "trend": trend_ru, "level_trend": level_trend_ru, "flows": flows_ru, "thin_level": thin_level_ru,
    "mirror": mirror_ru, "standing": standing_ru, "products": traded_ru, "standing_since": standing_since_ru,
    "agreements": agreements_ru, "corridor": corridor_ru, "coverage": coverage_ru, "bottom": bottom_ru,
    "bottom_thin": bottom_thin_ru, "side_none": side_none_ru, "side_gaps": side_gaps_ru, "no_mirror": no_mirror_ru,
    "disagreements": disagreements_ru, "no_products": no_products_ru,
    "no_agreements": no_agreements_ru,
}

EN: dict[str, Callable[..., Md]] = {
    "trend": trend_en, "level_trend": level_trend_en, "flows": flows_en, "thin_level": thin_level_en,
    "mirror": mirror_en, "standing": standing_en, "products": traded_en, "standing_since": standing_since_en,
    "agreements": agreements_en, "corridor": corridor_en, "coverage": coverage_en, "bottom": bottom_en,
    "bottom_thin": bottom_thin_en, "side_none": side_none_en, "side_gaps": side_gaps_en, "no_mirror": no_mirror_en,
    "disagreements": disagreements_en, "no_products": no_products_en,
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
           "rank_title": "{b}'s place among {a_whose} trade partners",
           "rank_title_flow": "{b}'s place among {a_whose} {flow} partners",
           "rank_flow_export": "export", "rank_flow_import": "import",
           "rank_statement": "{whose} statement", "rank_other": "another statement",
           "rank_differ": "sources differ", "rank_share": "Beside a mark: the share of {a_whose} trade, where printed.",
           "rank_note": "One mark per statement for a full year; a year without one stays empty.",
           "rank_ordinals": "largest|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth",
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
           "flows_title": "Экспорт и импорт {a_gen} в торговле с {b_ins}", "flows_x": "млрд долл. США,\nтекущие цены",
           "flows_row": "{year}, {whose}", "export": "экспорт {a_gen} в {b_acc}", "import": "импорт {a_gen} из {b_gen}",
           "deficit": "дефицит {whose}: {value}", "surplus": "профицит {whose}: {value}", "even": "сбалансировано",
           "flows_note": "Каждая пара полос — учёт одной стороны за один год; экспорт другой стороны "
                         "в её учёте — это её импорт.",
           "rank_title": "Место {b_gen} среди торговых партнёров {a_gen}",
           "rank_title_flow": "Место {b_gen} среди партнёров {a_gen} по {flow}",
           "rank_flow_export": "экспорту", "rank_flow_import": "импорту",
           "rank_statement": "заявление {whose}", "rank_other": "другое заявление",
           "rank_differ": "источники расходятся", "rank_share": "Рядом с отметкой — доля в торговле {a_gen}, где указана.",
           "rank_note": "Одна отметка — одно заявление за полный год; год без заявлений пуст.",
           "rank_ordinals": "1-е|2-е|3-е|4-е|5-е|6-е|7-е|8-е|9-е|10-е",
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
