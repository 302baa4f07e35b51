"""Words, in one home: how countries, sides, flows, scopes, verdicts, comparisons and lists are written.

Used by the claims output, the analysis tables' readers, the brief, the annex and the charts, so that
"Belarus's own figures" and "depends on the source" read the same everywhere. Plain functions of data
and `lang` ("en" default, "ru"); templates in `text/catalog.py`, code labels in `data/codes.py`. A
phrase is composed once from its parts and never edited after it is written.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable
from functools import lru_cache

import pandas as pd
import pycountry
from babel import Locale

from tradebrief.data import codes
from tradebrief.data.countries import GROUPS, country_name
from tradebrief.text.catalog import phrase
from tradebrief.text.numbers import (  # noqa: F401  (re-exported: one import for the report's words)
    GAP,
    count,
    missing,
    month_name,
    ordinal_partner,
    pct,
    percent_sign,
    period_text,
    printed_rate,
    quantity,
    rate,
    share,
    times_text,
    usd,
)

# English label tables, derived from data/codes.py (kept as names because the report reads many at once).
BOUND_WORDS = codes.BOUND.labels("en")
SCOPE_WORDS = codes.SCOPE.labels("en")
VERDICT_WORDS = codes.VERDICT.labels("en")
DOC_TYPE_WORDS = codes.DOC_TYPE.labels("en")
VALUE_KIND_WORDS = codes.VALUE_KIND.labels("en")
RELIABILITY_WORDS = codes.RELIABILITY.labels("en")
FLOW_WORDS = codes.FLOW.labels("en")
EVENT_WORDS = codes.EVENT_CATEGORY.labels("en")
CHECK_STATUS_WORDS = codes.CHECK_STATUS.labels("en")
#: Whose figures a non-country reporter's are; its name as a publisher (data/codes.SIDE).
OTHER_REPORTERS = codes.SIDE.labels("en", "whose")
OTHER_NAMES = codes.SIDE.labels("en", "name")

#: The commands that would give a thin pair comparable figures ({r}/{p}: ISO3 codes). Commands, not prose:
#: the same in every language.
FILL_COMMANDS = ("`tradebrief fetch imf --reporter {r} --partner {p}` (or `tradebrief fetch comtrade "
                 "--reporter {r} --partner {p}`), then `tradebrief run --source imf --reporter {r} --partner {p}`; "
                 "or `tradebrief run --baci PATH` with a CEPII BACI release")

#: Russian case forms of the countries the briefs name: nominative, genitive ("экспорт Беларуси"),
#: accusative ("в Китай"), instrumental ("с Китаем"). Others fall back to Babel's nominative name.
_RU_CASES: dict[str, tuple[str, str, str, str]] = {
    "BLR": ("Беларусь", "Беларуси", "Беларусь", "Беларусью"),
    "CHN": ("Китай", "Китая", "Китай", "Китаем"),
    "RUS": ("Россия", "России", "Россию", "Россией"),
    "DEU": ("Германия", "Германии", "Германию", "Германией"),
    "UKR": ("Украина", "Украины", "Украину", "Украиной"),
    "POL": ("Польша", "Польши", "Польшу", "Польшей"),
    "KAZ": ("Казахстан", "Казахстана", "Казахстан", "Казахстаном"),
    "USA": ("США", "США", "США", "США"),
    "LTU": ("Литва", "Литвы", "Литву", "Литвой"),
    "NLD": ("Нидерланды", "Нидерландов", "Нидерланды", "Нидерландами"),
    "TUR": ("Турция", "Турции", "Турцию", "Турцией"),
    "IND": ("Индия", "Индии", "Индию", "Индией"),
    "EUU": ("Европейский союз", "Европейского союза", "Европейский союз", "Европейским союзом"),
}
_RU_CASE_INDEX = {"nom": 0, "gen": 1, "acc": 2, "ins": 3}


@lru_cache(maxsize=256)
def _babel_name(code: str, lang: str) -> str | None:
    country = pycountry.countries.get(alpha_3=code)
    return Locale.parse(lang).territories.get(country.alpha_2) if country else None


def country(code: str, lang: str = "en", case: str = "nom") -> str:
    """A country's common name from its ISO3 code ("Russia", not "Russian Federation", in Russian);
    the other reporters (TDM, UNK) as words; `case` (nom, gen, acc, ins) for Russian."""
    if code in codes.SIDE.codes():
        return codes.SIDE.label(code, lang, "whose")
    if lang == "en":
        return country_name(code)
    if "+" in code:
        return " + ".join(country(part, lang, case) for part in code.split("+"))
    if code in _RU_CASES:
        return _RU_CASES[code][_RU_CASE_INDEX[case]]
    if code in GROUPS:
        return GROUPS[code]
    return _babel_name(code, lang) or code


def possessive(code: str, lang: str = "en") -> str:
    """'Belarus's', 'China's' (from an ISO3 code or a name); Russian: the genitive ('Беларуси')."""
    is_code = len(code) == 3 and code.isupper()
    if lang != "en":
        return country(code, lang, "gen") if is_code else code
    name = country_name(code) if is_code else code
    return phrase("possessive.s" if name.endswith("s") and not name.endswith("us") else "possessive", lang, name=name)


def side_label(reporter: str, lang: str = "en") -> str:
    """Whose figures, in a few words for a legend: "Belarus's figures", "side not stated"."""
    if reporter in codes.SIDE.codes():
        return codes.SIDE.label(reporter, lang)
    return phrase("side.figures", lang, whose=possessive(reporter, lang))


def whose(reporter: str, lang: str = "en") -> str:
    """Whose figures a reporting side is: "Belarus's own figures", "figures whose side is not stated"."""
    if reporter in codes.SIDE.codes():
        return codes.SIDE.label(reporter, lang, "whose")
    return phrase("side.own_figures", lang, whose=possessive(reporter, lang))


def whose_figures(reporter: str, lang: str = "en") -> str:
    """"Belarus's figures", "Trade Data Monitor's figures", "figures whose side is not stated"."""
    if reporter in codes.SIDE.codes():
        return codes.SIDE.label(reporter, lang, "whose")
    return phrase("side.figures", lang, whose=possessive(reporter, lang))


def publisher(reporter: str, lang: str = "en") -> str:
    """A reporter as a publisher's name: "Trade Data Monitor", "a publisher whose side is not stated", "China"."""
    if reporter in codes.SIDE.codes():
        return codes.SIDE.label(reporter, lang, "name")
    return country(reporter, lang)


def flow_text(economy: str, flow: str, partner: str, lang: str = "en") -> str:
    """"Belarus's exports to China", "Belarus's imports from China", "Belarus–China trade"."""
    if flow == "export":
        return phrase("flow.export", lang, whose=possessive(economy, lang), partner=country(partner, lang, "acc"))
    if flow == "import":
        return phrase("flow.import", lang, whose=possessive(economy, lang), partner=country(partner, lang, "gen"))
    return phrase("flow.turnover", lang, economy=country(economy, lang), partner=country(partner, lang))


def side_flow(reporter: str, flow: str, economy: str, partner: str, lang: str = "en") -> str:
    """Whose flow a figure of the pair series (flows from `economy`'s view) is, as the reporter sees it:
    China's figure for Belarus's exports is "China's imports from Belarus"."""
    if reporter == partner:
        if flow == "turnover":
            return phrase("flow.trade_with", lang, whose=possessive(partner, lang), partner=country(economy, lang, "ins"))
        return flow_text(partner, {"export": "import", "import": "export"}[flow], economy, lang)
    if flow == "turnover":
        return phrase("flow.trade_with", lang, whose=possessive(economy, lang), partner=country(partner, lang, "ins"))
    return flow_text(economy, flow, partner, lang)


def scope_text(scope: str | None, lang: str = "en") -> str:
    key = scope or "unknown"
    return codes.SCOPE.label(key, lang) if key in codes.SCOPE.codes() else str(scope)


def verdict_text(verdict: str, lang: str = "en") -> str:
    return codes.VERDICT.label(verdict, lang)


def code_words(code: object, table: codes.CodeTable | dict[str, str] | None = None, lang: str = "en") -> str:
    """A data code as words: 'joint_statement' → 'joint statement'; '' for a gap. A code table gives the
    words in `lang`; a code outside it is shown as itself with spaces (a validated column has none)."""
    if code is None or (not isinstance(code, str) and pd.isna(code)):
        return ""
    text = str(code)
    if isinstance(table, codes.CodeTable):
        return table.label(text, lang) if text in table.codes() else " ".join(text.split("_"))
    return (table or {}).get(text, " ".join(text.split("_")))


def join_words(items: list[str], lang: str = "en", *, last: str = "join.and") -> str:
    """'a', 'a and b', 'a, b and c' (`last`: the catalogue key of the last separator)."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return phrase("join.comma", lang).join(items[:-1]) + phrase(last, lang) + items[-1]


# ------------------------------------------------------------------ comparisons with a claim

def relation(op: str, tolerance: float | None = None, lang: str = "en") -> str:
    """'above', 'at most', 'within ±10% of' for a claim's operator."""
    if op == "~":
        return phrase("relation.~", lang, tolerance=f"{tolerance:.0%}" if lang == "en" else
                      percent_sign(f"{tolerance * 100:.0f}", lang))
    return phrase(f"relation.{op}", lang)


def judged(outcome: bool | None, op: str, claimed: str, tolerance: float | None = None, lang: str = "en",
           band: tuple[str, str, str] | None = None, short: bool = False, equal: bool = False) -> str:
    """How a figure stands against the claim, as a fact-checker says it: 'above the claimed $5.00 bn',
    'not the claimed +33%', 'within 10% of the claimed +33% (+29.7% to +36.3%)', 'which leaves open
    whether it is above ...'.

    An approximate claim ('~', within `tolerance`) names its band (`band`: the tolerance and both ends,
    as written by the caller), so "+30% ... in line with the claimed +33%" is never read as an equality;
    a figure that `equal`s the claimed value is 'equal to the claimed $3.5 bn', never 'within 5% of' it.
    """
    if equal and outcome:
        return phrase("judged.equal", lang, claimed=claimed)
    key = {True: "true", False: "false"}.get(outcome, "open")  # type: ignore[arg-type]
    if op == "~" and band is not None:
        pct, lo, hi = band
        if short:  # a figure outside the band is simply not the claimed one; inside, "within" says how near
            return phrase(f"judged.band_short_{key}", lang, claimed=claimed, pct=pct)
        return phrase(f"judged.band_{key}", lang, claimed=claimed, pct=pct, lo=lo, hi=hi)
    if op == "~":
        return phrase(f"judged.approx_{key}", lang, claimed=claimed)
    return phrase(f"judged.{key}", lang, relation=relation(op, tolerance, lang), claimed=claimed)


def span_text(lo: float, hi: float, fmt: Callable[[float], str], lang: str = "en") -> str:
    """A value the evidence allows: '$5.79 bn', 'at least $5.00 bn', 'at most ...', '... to ...'."""
    if lo == hi:
        return fmt(lo)
    if math.isinf(hi):
        return phrase("span.at_least", lang, lo=fmt(lo))
    if math.isinf(lo) or lo == 0.0:
        return phrase("span.at_most", lang, hi=fmt(hi))
    return phrase("span.range", lang, lo=fmt(lo), hi=fmt(hi))


#: Why two sides' figures for one flow differ, as catalogue keys (the annex lists the long reasons).
MIRROR_CAUSES = ("mirror.cause.routing", "mirror.cause.cif", "mirror.cause.timing")


def mirror_why(unstated: bool = False, lang: str = "en") -> str:
    """Why two sides' figures differ: "goods routed via third countries, …, timing and, where scope is
    not stated, services" (the last clause only when a compared figure does not state its scope)."""
    causes = [phrase(key, lang) for key in MIRROR_CAUSES]
    if not unstated:
        return join_words(causes, lang)
    return join_words([*causes, phrase("mirror.cause.unstated", lang)], lang, last="join.and_clause")


# ------------------------------------------------------------------ lines of text

def shorten(text: object, limit: int = 90) -> str:
    """One line, cut at a word boundary with '…' when longer than `limit` characters."""
    line = " ".join(str(text or "").split())
    if len(line) <= limit:
        return line
    cut = line[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


# ------------------------------------------------------------------ short spans of a sentence (whole phrases)

#: Where a phrase may end: before these words a new phrase (a preposition's, a clause's, a predicate's)
#: begins, so a span cut there ends where a phrase ends, not on its article ("above the…" cannot happen).
#: A cut is also allowed after a clause's punctuation, and at the CJK commas (those scripts have no spaces).
#: "and" is not one: it joins names ("Belt and Road", "science and technology").
PHRASE_STARTS = frozenset((
    "about after against among as at because before between but by during except for from if in into "
    "is are was were has have had on over since than that under until when where which while "
    "who whose with within without "
    "в во на с со по к ко от до из за для при о об что чтобы который которая которые которое как но а "
    "после перед между через если когда где").split())
_CLAUSE_END = re.compile(r"[,;:]$|[—–]$")
#: A claimed figure in a text (money or a percentage): a span that keeps it is worth more.
_FIGURE = re.compile(r"\$\s?\d|\d\s?%|\d[\d.,]*\s*(?:billion|million|bn|млрд|миллиард|млн|亿|万)", re.IGNORECASE)
_CJK_BREAK = re.compile(r"(?<=[，、；：。,;:])")


def phrase_units(text: object) -> list[str]:
    """The text in phrases: cut after a clause's punctuation and before a word that starts a phrase
    (`PHRASE_STARTS`); words are never split. CJK text without spaces is cut at its commas."""
    line = " ".join(str(text or "").split())
    if not line:
        return []
    if " " not in line:
        return [u for u in _CJK_BREAK.split(line) if u]
    units: list[list[str]] = [[]]
    for word in line.split(" "):
        previous = units[-1][-1] if units[-1] else ""
        if units[-1] and (_CLAUSE_END.search(previous) or previous in "—–" or word.lower() in PHRASE_STARTS):
            units.append([])
        units[-1].append(word)
    return [" ".join(u) for u in units]


def _trim(text: str) -> str:
    """A span's end without the punctuation that joined it to the words left out."""
    return text.rstrip(" ,;:—–")


#: Words that open a clause's predicate: a span may resume there after '…' ("… is 3.5 billion dollars").
_PREDICATE_STARTS = frozenset("is are was were has have had will would can could".split())


#: The longest span shown to keep a claim's own figure when no shorter one does.
KEEP_LIMIT = 110


def figure_tokens(value: float | None) -> tuple[str, ...]:
    """How a claimed figure may be printed in its quote ('5.79', '5,79' for $5.79 bn; '13' for 13%),
    so that a shortened quote keeps the figure its own claim is about."""
    if value is None or value != value:  # None or NaN
        return ()
    scaled = [value / 1e9, value / 1e6] if abs(value) >= 1e6 else [value]
    out = []
    for v in scaled:
        text = f"{v:g}"
        out += [text, text.replace(".", ",")]
    return tuple(dict.fromkeys(out))


def _keeps(kept: str, tokens: tuple[str, ...]) -> bool:
    return any(re.search(rf"(?<![\d.,]){re.escape(t)}(?![\d])", kept) for t in tokens)


def phrase_span(text: object, limit: int = 70, *, avoid: frozenset[str] = frozenset(),
                keep: tuple[str, ...] = ()) -> str:
    """A short, self-contained span of `text` in whole phrases (`phrase_units`), at most `limit`
    characters: the whole text when it fits; else its opening phrases ("Jinping and Lukashenko signed a
    joint declaration…"), or its opening phrases and a closing clause or predicate ("the value of the
    agreements signed… is 3.5 billion dollars") or its closing clause alone when only they keep the
    claimed figure (money, a percentage); then as much of the text as fits, and not a span in
    `avoid` (those other texts already show). `keep`: how the claim's own figure is printed
    (`figure_tokens`): a span that keeps it is preferred, so two claims drawn from one sentence show
    each its own figure. '…' stands only where whole phrases are left out. A text with no such span is
    given whole: never cut inside a phrase."""
    line = " ".join(str(text or "").split())
    if len(line) <= limit:
        return line
    units = phrase_units(line)
    spaced = " " in line
    glue = " " if spaced else ""
    n = len(units)
    clause = [i == 0 or bool(_CLAUSE_END.search(units[i - 1])) for i in range(n)]  # unit i opens a clause
    resumes = [clause[i] or units[i].split(glue or None)[0].lower() in _PREDICATE_STARTS if spaced else clause[i]
               for i in range(n)]

    def words_ok(part: str, least: int) -> bool:
        return not spaced or len(part.split()) >= least

    figure = bool(_FIGURE.search(line))
    candidates: list[tuple[int, str, str]] = []  # (score, shown, the words kept)
    for i in range(1, n):
        head = _trim(glue.join(units[:i]))
        if len(head) <= limit and words_ok(head, 3) and (clause[i] or not resumes[i]):  # not "…, and it…"
            candidates.append((len(head) - 6, f"{head}…", head))  # the opening phrases
        if clause[i] and figure:
            tail = glue.join(units[i:])
            if len(tail) <= limit and words_ok(tail, 3):
                candidates.append((len(tail) - 16, f"…{tail}", tail))  # the closing clause alone
        for j in range(i + 1, n if figure else 0):  # a closing part only to keep the claimed figure
            tail = glue.join(units[j:])
            if resumes[j] and len(head) + len(tail) + 1 <= limit and words_ok(head, 3) and words_ok(tail, 2):
                candidates.append((len(head) + len(tail) - 12, f"{head}…{glue}{tail}", f"{head} {tail}"))
    if figure and any(_FIGURE.search(kept) for _, _, kept in candidates):
        candidates = [c for c in candidates if _FIGURE.search(c[2])]
    if keep and any(_keeps(kept, keep) for _, _, kept in candidates):
        candidates = [c for c in candidates if _keeps(c[2], keep)]
    elif keep and _keeps(line, keep) and limit < KEEP_LIMIT:  # the claim's figure needs a longer span
        return phrase_span(line, KEEP_LIMIT, avoid=avoid, keep=keep)
    for _, shown, _ in sorted(candidates, key=lambda c: (-c[0], c[1])):
        if shown not in avoid:
            return shown
    return line


def phrase_spans(texts: list[str], limit: int = 70, keeps: list[tuple[str, ...]] | None = None) -> list[str]:
    """Each text's `phrase_span`, no two alike unless the texts are: a text whose best span another
    text already shows gets its next best ("…exceeding 5 billion dollars" beside "in the last two
    years, trade … has increased by 33% per year")."""
    full = [" ".join(str(t or "").split()) for t in texts]
    keeps = keeps or [()] * len(full)
    out: list[str] = []
    for i, text in enumerate(full):
        taken = frozenset(s for s, f, k in zip(out, full[:i], keeps[:i], strict=True) if f != text or k != keeps[i])
        out.append(phrase_span(text, limit, avoid=taken, keep=keeps[i]))
    return out


# ------------------------------------------------------------------ a source's standing

#: A publisher's name that says its page carries another's: a copy or mirror of it ("biqumok.com
#: (web-novel site republishing the PRC MFA country profile)", "PRC MFA country profile, via chinanews.com.cn").
#: "via" counts only before a site or an outlet's name ("via ecopress.by", "via REGNUM"), not a route ("via Belarus").
_COPY = re.compile(r"\b(?:republish\w*|reprint\w*|repost\w*|mirror\w*|cop(?:y|ies)\s+of)\b|"
                   r"\bvia\s+(?:[\w-]+\.[a-z][\w.]*|(?-i:[A-Z][A-Z-]{4,})\b|People's\s+Daily)", re.IGNORECASE)
#: … or that reports what another said ("BelTA citing First Deputy PM Snopkov", "quoting Belstat").
_RELAYED = re.compile(r"\b(?:citing|quoting|according\s+to|reports?\s+of)\b", re.IGNORECASE)
#: The standings, in the order a caveat names them.
STANDINGS = ("official_statistics", "official_statement", "secondary", "doubtful")


def source_kind(reliability: object, publisher: object = "") -> str:
    """A source's standing as a code: its `reliability` code, with '.copy' when its publisher's name
    says the page copies another's, '.relayed' when it reports what another said: 'official_statement.copy'."""
    grade = str(reliability) if str(reliability) in STANDINGS else "secondary"
    name = str(publisher or "")
    if _COPY.search(name):
        return f"{grade}.copy"
    if _RELAYED.search(name):
        return f"{grade}.relayed"
    return grade


def carries_another(publisher: object) -> bool:
    """Whether a publisher's name says its page copies or reports another's ("via …", "citing …")."""
    name = str(publisher or "")
    return bool(_COPY.search(name) or _RELAYED.search(name))


def source_standing_text(reliability: object, publisher: object = "", lang: str = "en") -> str:
    """A source's standing in plain words: 'official statistics', "an official's statement as reported
    by the press", "a copy of an official's statement" (the name the brief gives it says of what)."""
    return phrase(f"standing.{source_kind(reliability, publisher)}", lang)


def source_entry_name(reliability: object, publisher: object, lang: str = "en", *, shown: object = None) -> str:
    """A Sources-list entry's words: its standing (from its whole publisher's name), then the name shown
    (`shown`, else the whole name, which says what a copy copies; '' for none): "A copy of an official's statement:
    biqumok.com (web-novel site republishing the PRC MFA country profile of Belarus)"."""
    name = " ".join(str(publisher if shown is None else shown).split())
    standing = source_standing_text(reliability, publisher, lang)
    text = phrase("standing.entry", lang, standing=standing, publisher=name) if name else standing
    return text[:1].upper() + text[1:]


def source_standing(sources: object, lang: str = "en") -> str | None:
    """The one caveat on what cited figures are, for the bottom line: None when all are official
    statistics; else "these figures are officials' statements and press reports, not statistics
    releases" ("some of these figures are …" when some are statistics).

    `sources`: the cited sources' rows (a frame with `reliability` and `publisher`, e.g.
    `ctx.sources[ctx.sources.source_id.isin(ids)]`), or (reliability, publisher) pairs. A clause:
    no capital, no full stop; the caller frames it ("Read with care: {}.").
    """
    if isinstance(sources, pd.DataFrame):
        pairs = list(zip(sources["reliability"], sources.get("publisher", pd.Series([""] * len(sources))),
                         strict=False))
    else:
        pairs = [(r, p) for r, p in sources]  # type: ignore[union-attr]
    kinds = [source_kind(r, p) for r, p in pairs]
    if not kinds:
        return None
    plain = []
    for kind in kinds:
        grade, _, how = kind.partition(".")
        if grade == "official_statistics" and not how:
            continue
        word = ("statement" if kind == "official_statement" else "relayed" if grade.startswith("official")
                else grade)  # a press report's relay or copy is a press report
        if word not in plain:
            plain.append(word)
    if not plain:
        return None
    order = ("statement", "relayed", "secondary", "doubtful")
    names = [phrase(f"standing.plural.{w}", lang) for w in sorted(plain, key=order.index)]
    some = any(k == "official_statistics" for k in kinds)
    return phrase("standing.caveat.some" if some else "standing.caveat.none", lang, kinds=join_words(names, lang))
