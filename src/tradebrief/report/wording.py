"""Phrases, in one home: how money, rates, bounds, sides, flows, scopes and verdicts are written.

Used by the claims explanations and the brief, so that "$5.79 bn", "over $8.00 bn", "Belarus's own
figures" and "depends on the source" read the same everywhere. Plain functions, no data access.
"""
from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import pandas as pd

from tradebrief.data.countries import country_name

#: The source's qualifier, repeated before the number it qualifies.
BOUND_WORDS = {"lower": "over ", "upper": "almost ", "approx": "about ", "range": ""}
SCOPE_WORDS = {"goods": "goods", "goods_and_services": "goods and services", "unknown": "scope not stated"}
VERDICT_WORDS = {"supported": "supported", "contradicted": "contradicted",
                 "depends_on_source": "depends on the source", "not_checkable": "not checkable"}
#: Reporters that are not a side's own statistics.
OTHER_REPORTERS = {"UNK": "figures whose side is not stated", "TDM": "Trade Data Monitor's figures",
                   "ALL": "the records"}
#: The same publishers as a name: "… is twice that of Trade Data Monitor".
OTHER_NAMES = {"UNK": "a publisher whose side is not stated", "TDM": "Trade Data Monitor", "ALL": "the records"}


def _missing(value: float | None) -> bool:
    return value is None or bool(pd.isna(value))


def usd(value: float | None, bound: str = "exact") -> str:
    """'$5.79 bn', 'over $8.00 bn', '$966.6 m', '$920 m'; '—' for a gap; '∞' for no upper limit.

    Rounded half up on the figure as written ($3,485 m is '$3.49 bn'), not on its binary float
    (3.485 is stored as 3.48499…, which Python's format rounds down).
    """
    if _missing(value):
        return "—"
    if math.isinf(value):
        return "∞"
    prefix = BOUND_WORDS.get(bound, "")
    exact = Decimal(repr(float(value)))
    if abs(value) >= 1e9:
        text = f"${_half_up(exact / 10**9, 2):,} bn"
    elif abs(value) >= 1e6:
        millions = _half_up(exact / 10**6, 1)
        text = f"${millions.quantize(Decimal(1)) if millions == millions.to_integral_value() else millions:,} m"
    else:
        text = f"${_half_up(exact, 0):,}"
    return prefix + text


def _half_up(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def pct(percent: float | None) -> str:
    """A change in percent, signed: '+27.3%', '-1.9%'; '—' for a gap."""
    return "—" if _missing(percent) else f"{percent:+.1f}%"


def share(percent: float | None) -> str:
    """A share in percent, unsigned: '4.9%'; '—' for a gap (`pct` is for changes)."""
    return "—" if _missing(percent) else f"{percent:.1f}%"


def rate(fraction: float, *, signed: bool = True) -> str:
    """A growth rate given as a fraction (0.33 = +33%), with one decimal only when it matters."""
    if math.isinf(fraction):
        return "no upper limit" if fraction > 0 else "no lower limit"
    percent = fraction * 100
    text = f"{percent:.0f}" if abs(percent - round(percent)) < 0.05 else f"{percent:.1f}"
    sign = "+" if signed and percent > 0 else ""
    return f"{sign}{text}%"


def possessive(code: str) -> str:
    """'Belarus's', 'China's' (from an ISO3 code or a name)."""
    name = country_name(code) if len(code) == 3 and code.isupper() else code
    return f"{name}'" if name.endswith("s") and not name.endswith("us") else f"{name}'s"


#: The other publishers in a chart's legend, where a label must stay short.
OTHER_LABELS = {"UNK": "side not stated", "TDM": "Trade Data Monitor", "ALL": "all records"}


def side_label(reporter: str) -> str:
    """Whose figures, in a few words for a legend: "Belarus's figures", "side not stated"."""
    return OTHER_LABELS.get(reporter) or f"{possessive(reporter)} figures"


def whose(reporter: str) -> str:
    """Whose figures a reporting side is: "Belarus's own figures", "figures whose side is not stated"."""
    return OTHER_REPORTERS.get(reporter) or f"{possessive(reporter)} own figures"


def flow_text(economy: str, flow: str, partner: str) -> str:
    """"Belarus's exports to China", "Belarus's imports from China", "Belarus–China trade"."""
    if flow == "export":
        return f"{possessive(economy)} exports to {country_name(partner)}"
    if flow == "import":
        return f"{possessive(economy)} imports from {country_name(partner)}"
    return f"{country_name(economy)}–{country_name(partner)} trade"


def scope_text(scope: str | None) -> str:
    return SCOPE_WORDS.get(scope or "unknown", str(scope))


def verdict_text(verdict: str) -> str:
    return VERDICT_WORDS.get(verdict, verdict.replace("_", " "))


def join_words(items: list[str]) -> str:
    """'a', 'a and b', 'a, b and c'."""
    items = [i for i in items if i]
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


# ------------------------------------------------------------------ comparisons with a claim

_RELATIONS = {">": "above", ">=": "at least", "<": "below", "<=": "at most", "==": "equal to"}


def relation(op: str, tolerance: float | None = None) -> str:
    """'above', 'at most', 'within ±10% of' for a claim's operator."""
    return f"within ±{tolerance:.0%} of" if op == "~" else _RELATIONS[op]


def judged(outcome: bool | None, op: str, claimed: str, tolerance: float | None = None) -> str:
    """How a figure stands against the claim, as a fact-checker says it: 'above the claimed $5.00 bn',
    'not the claimed +33%', 'in line with the claimed +33%', 'which leaves open whether it is above ...'.

    An approximate claim ('~', within `tolerance`) is 'in line with' or 'not' the claimed number; the
    tolerance itself is in the claims file and the annex, not in the sentence.
    """
    if op == "~":
        return {True: f"in line with the claimed {claimed}", False: f"not the claimed {claimed}"}.get(
            outcome, f"which leaves open whether it matches the claimed {claimed}")
    rel = relation(op, tolerance)
    if outcome is True:
        return f"{rel} the claimed {claimed}"
    if outcome is False:
        return f"not {rel} the claimed {claimed}"
    return f"which leaves open whether it is {rel} the claimed {claimed}"


def span_text(lo: float, hi: float, fmt) -> str:
    """A value the evidence allows: '$5.79 bn', 'at least $5.00 bn', 'at most ...', '... to ...'."""
    if lo == hi:
        return fmt(lo)
    if math.isinf(hi):
        return f"at least {fmt(lo)}"
    if math.isinf(lo) or lo == 0.0:
        return f"at most {fmt(hi)}"
    return f"{fmt(lo)} to {fmt(hi)}"


# ------------------------------------------------------------------ the brief and the annex

#: Codes in the data, as words for a reader.
DOC_TYPE_WORDS = {"joint_statement": "joint statement", "intergovernmental": "intergovernmental",
                  "interdepartmental": "interdepartmental", "interregional": "interregional",
                  "commercial": "commercial contract", "package": "package of documents",
                  "estimate": "estimate", "other": "other"}
VALUE_KIND_WORDS = {"contract_value": "worth of agreements and contracts", "economic_effect": "estimated economic effect",
                    "credit_envelope": "credit offered", "loan": "loan"}
RELIABILITY_WORDS = {"official_statistics": "official statistics", "official_statement": "official statement",
                     "secondary": "secondary source", "doubtful": "doubtful"}
FLOW_WORDS = {"turnover": "trade", "export": "exports", "import": "imports"}
#: Event kinds as a reader names them, in the order the charts' event strip draws its rows.
EVENT_WORDS = {"war": "war", "sanctions": "sanctions", "visit": "visit", "partnership": "partnership",
               "bri": "Belt and Road", "trade_policy": "trade policy", "other": "other"}
CHECK_STATUS_WORDS = {"agrees": "agrees", "disagrees": "disagrees", "no_pair": "no pair of figures to compare"}
ORDINALS = {1: "largest", 2: "second-largest", 3: "third-largest", 4: "fourth-largest", 5: "fifth-largest"}
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

#: Why two sides' figures for one flow differ, in one clause (the annex lists the long reasons).
MIRROR_CAUSES = ("goods routed via third countries", "freight and insurance on imports (CIF, not FOB)", "timing")
#: Added when a compared figure does not state its scope: one side may be counting services too.
MIRROR_CAUSE_UNSTATED = "where scope is not stated, services"


def mirror_why(unstated: bool = False) -> str:
    """Why two sides' figures differ: "goods routed via third countries, …, timing and, where scope is
    not stated, services"."""
    causes = [*MIRROR_CAUSES, MIRROR_CAUSE_UNSTATED] if unstated else list(MIRROR_CAUSES)
    return join_words(causes).replace(" and where", " and, where")
#: The commands that would give a thin pair comparable figures ({r}/{p}: ISO3 codes).
FILL_COMMANDS = ("`tradebrief fetch imf --reporter {r} --partner {p}` (or `tradebrief fetch comtrade "
                 "--reporter {r} --partner {p}`), then `tradebrief run --source imf --reporter {r} --partner {p}`; "
                 "or `tradebrief run --baci PATH` with a CEPII BACI release")


def code_words(code: object, table: dict[str, str] | None = None) -> str:
    """A data code as words: 'joint_statement' → 'joint statement'; '' for a gap."""
    if code is None or (not isinstance(code, str) and pd.isna(code)):
        return ""
    text = str(code)
    return (table or {}).get(text, text.replace("_", " "))


def country(code: str) -> str:
    """A country's name from its ISO3 code; the other reporters (TDM, UNK) as words."""
    return OTHER_REPORTERS.get(code) or country_name(code)


def side_flow(reporter: str, flow: str, economy: str, partner: str) -> str:
    """Whose flow a figure of the pair series (flows from `economy`'s view) is, as the reporter sees it:
    China's figure for Belarus's exports is "China's imports from Belarus"."""
    if reporter == partner:
        mirrored = {"export": "import", "import": "export"}.get(flow, flow)
        return flow_text(partner, mirrored, economy) if flow != "turnover" else \
            f"{possessive(partner)} trade with {country_name(economy)}"
    if flow == "turnover":
        return f"{possessive(economy)} trade with {country_name(partner)}"
    return flow_text(economy, flow, partner)


def whose_figures(reporter: str) -> str:
    """"Belarus's figures", "Trade Data Monitor's figures", "figures whose side is not stated"."""
    return OTHER_REPORTERS.get(reporter) or f"{possessive(reporter)} figures"


def period_text(period: object) -> str:
    """'2016-01..2016-06' → 'Jan–Jun 2016'; '2023-01-01..2023-02-14' → '1 Jan–14 Feb 2023'; a year as is."""
    text = str(period)
    if ".." not in text:
        if len(text) == 7 and text[4] == "-" and text[5:].isdigit():
            return f"{_MONTHS[int(text[5:]) - 1]} {text[:4]}"
        if text.endswith("-part"):
            return f"part of {text[:4]}"
        return text
    start, end = text.split("..", 1)
    def one(part: str, year: bool) -> str:
        bits = part.split("-")
        month = _MONTHS[int(bits[1]) - 1] if len(bits) > 1 and bits[1].isdigit() else ""
        day = f"{int(bits[2])} " if len(bits) > 2 and bits[2].isdigit() else ""
        return f"{day}{month}" + (f" {bits[0]}" if year else "")
    same_year = start[:4] == end[:4]
    return f"{one(start, not same_year)}–{one(end, True)}"


def ordinal_partner(rank: int) -> str:
    return ORDINALS.get(int(rank), f"number {int(rank)}")


def times_text(ratio: float) -> str:
    """How much bigger one figure is than another: 'about 3 times', '66% higher', '14% lower'."""
    if ratio >= 1.95:
        return f"{ratio:.1f} times"
    return f"{abs(ratio - 1) * 100:.0f}% {'higher' if ratio >= 1 else 'lower'}"


def quantity(value: float | None, unit: str, bound: str = "exact", high: float | None = None) -> str:
    """A rail or other measure with its unit: '930,000 TEU', 'about 90%', '85–90%', '$8.0 bn'."""
    if _missing(value):
        return "—"
    prefix = BOUND_WORDS.get(bound, "")

    def num(v: float) -> str:
        return f"{v:,.0f}" if float(v).is_integer() or abs(v) >= 100 else f"{v:,.1f}"
    body = num(value) if _missing(high) else f"{num(value)}–{num(high)}"
    if unit == "percent":
        return f"{prefix}{body}%"
    if unit in ("USD", "bn USD", "bn EUR"):
        if unit == "USD":
            return prefix + usd(value).lstrip()
        return f"{prefix}{'$' if unit == 'bn USD' else '€'}{body} bn"
    return f"{prefix}{body} {unit}"


def shorten(text: object, limit: int = 90) -> str:
    """One line, cut at a word boundary with '…' when longer than `limit` characters."""
    line = " ".join(str(text or "").split())
    if len(line) <= limit:
        return line
    cut = line[:limit].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def shorten_apart(texts: list[str], limit: int = 90) -> list[str]:
    """Each text shortened as `shorten` does, unless two would then read the same: those keep their
    first and last words ("in the last two years… exceeding 5 billion dollars"), so that quotes that
    differ only at the end stay told apart. Texts that are the same in full stay the same."""
    full = [" ".join(str(text or "").split()) for text in texts]
    heads = [shorten(text, limit) for text in full]
    ends = [_head_and_tail(whole, limit) if _clashes(heads, full, i) else heads[i] for i, whole in enumerate(full)]
    return [whole if _clashes(ends, full, i) else ends[i] for i, whole in enumerate(full)]  # differ mid-text: whole


def _clashes(short: list[str], full: list[str], i: int) -> bool:
    """Whether text i, shortened, reads as another text that is not the same in full."""
    return any(s == short[i] and f != full[i] for s, f in zip(short, full, strict=True))


def _head_and_tail(line: str, limit: int) -> str:
    """The first words up to a third of `limit`, '…', and the last words that fit."""
    if len(line) <= limit:
        return line
    head = line[:limit // 3].rsplit(" ", 1)[0].rstrip(",;:")
    budget = limit - len(head) - 2
    tail = line[-budget:]
    tail = tail.split(" ", 1)[1] if " " in tail and not line[-budget - 1].isspace() else tail.lstrip()
    return f"{head}… {tail}"


def printed_rate(measure: str, value: float, bound: str = "exact", base: str = "") -> str:
    """A rate as the source printed it: '+13%', 'over 113% of 2021', '2 times 2021'."""
    prefix = BOUND_WORDS.get(bound, "") if bound != "exact" else ""
    number = f"{value:g}"
    if measure == "pct_change":
        return f"{prefix}{value:+g}%"
    if measure == "pct_of_base":
        return f"{prefix}{number}% of {base}" if base else f"{prefix}{number}% of the year before"
    if measure == "times":
        return f"{prefix}{number} times {base}" if base else f"{prefix}{number} times the year before"
    return f"{prefix}{number}"
