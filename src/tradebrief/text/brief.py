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
from typing import Any

from tradebrief.data.countries import country_name
from tradebrief.text.markup import Md, md, md_join
from tradebrief.text.words import (
    FILL_COMMANDS,
    OTHER_NAMES,
    VALUE_KIND_WORDS,
    code_words,
    join_words,
    mirror_why,
    ordinal_partner,
    period_text,
    possessive,
    printed_rate,
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


# ------------------------------------------------------------------ English

#: A bound that is not a value ("only a lower bound"); the data's own qualifier words are `usd`'s.
_LIMIT_EN = {"lower": "a lower bound", "upper": "an upper bound", "range": "a range"}
_LIMITS_EN = {"lower": "lower bounds", "upper": "upper bounds", "range": "ranges"}
#: A figure's scope as an adjective before "figures".
_SCOPE_ADJ_EN = {"goods": "goods", "goods_and_services": "goods-and-services"}
#: What a stated value is worth "in": "worth $3.50 bn in agreements and contracts".
_WORTH_IN_EN = {"contract_value": "agreements and contracts", "economic_effect": "estimated economic effect",
                "credit_envelope": "credit offered", "loan": "loan"}
#: An earlier rank, as a number: "up from third in 2021".
_RANK_EN = {1: "first", 2: "second", 3: "third", 4: "fourth", 5: "fifth"}


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
            kind.append(f"only {_LIMIT_EN[later['limit']]}")
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
    third = Md("To fill it: ") + Md(FILL_COMMANDS.format(r=economy, p=partner)) + Md(".")
    return md_join([first, level, third])


def side_none_en(j: Fields, cite: Cite, economy: str, partner: str) -> Md:
    return md("{} side publishes no full-year figure for {}–{} in this data.", possessive(j["side"]), j["start"], j["end"])


def _bounds_en(j: Fields) -> str:
    """'lower bounds', 'a lower bound', 'lower and upper bounds'."""
    if j["one_bound"]:
        return _LIMIT_EN[j["bounds"][0]]
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


EN: dict[str, Callable[..., Md]] = {
    "trend": trend_en, "thin_level": thin_level_en, "mirror": mirror_en, "standing": standing_en,
    "agreements": agreements_en, "corridor": corridor_en, "coverage": coverage_en, "bottom": bottom_en,
    "bottom_thin": bottom_thin_en, "side_none": side_none_en, "side_gaps": side_gaps_en, "no_mirror": no_mirror_en,
    "others_apart": others_apart_en, "disagreement": disagreement_en, "no_products": no_products_en,
    "no_agreements": no_agreements_en,
}
WRITERS: dict[str, dict[str, Callable[..., Md]]] = {"en": EN}


def write(key: str, fields: Fields, cite: Cite, economy: str, partner: str, lang: str = "en") -> Md:
    """One judgment (`key`, `fields`) as our Markdown, in `lang`, about the pair `economy`–`partner`."""
    return WRITERS[lang][key](fields, cite, economy, partner)
