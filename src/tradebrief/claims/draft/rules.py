"""Sentence → proposed checks. Each rule reads one kind of statement and says how it read it.

A rule returns `Drafted` claims (a check the engine evaluates as is) or a `Skipped` candidate with the
reason it could not be mapped. Rules never guess a figure: the value is the text's, the year is the
text's or, when the text prints none, the last full year before the text's date (said in the note).
"""
from __future__ import annotations

import datetime as _dt
import re
from dataclasses import dataclass, field

from tradebrief.analysis.intervals import APPROX_MARGIN
from tradebrief.claims.draft import numbers as nb
from tradebrief.claims.draft.countries import mentions, named
from tradebrief.data.countries import country_name

#: A growth rate printed as a whole percent, compared with rates computed from rounded figures of
#: either side: 10% of the rate (33% → 29.7%–36.3%), as the seed file's hand-written check uses.
GROWTH_TOLERANCE = 0.10
#: A rounded amount ("$5.79 billion") is read within its last printed digit, and never tighter than 1%.
MIN_TOLERANCE = 0.01
#: Days after a visit's first day that count as "during the visit" when the text gives no end date.
VISIT_DAYS = 3
#: Rows of a package of documents start with this word (data/README.md, agreements: doc_type package).
TOTALS_TITLE = "Package"

BOUND_OP = {"lower": ">", "at_least": ">=", "upper": "<", "at_most": "<=", "approx": "~", "rounded": "~"}
BOUND_WORDS = {"lower": "as a lower bound ('over')", "at_least": "as 'at least'",
               "upper": "as an upper bound ('almost')", "at_most": "as 'up to'", "approx": "as approximate (±5%)",
               "rounded": "as printed, within its rounding"}

_I = re.IGNORECASE
TRADE_RE = re.compile(r"\btrade\b|turnover|\bexport|\bimport|оборот|торгов|экспорт|импорт|贸易|进出口|出口|进口", _I)
AGREEMENT_RE = re.compile(r"agreement|contract|\bdeals?\b|documents|signed|соглашени|контракт|документ|подписа|"
                          r"协议|合同|签署|签约|文件", _I)
FLOW_RES = (
    ("export", re.compile(r"\bexport|экспорт|出口(?!额?和进口)", _I)),
    ("import", re.compile(r"\bimport|импорт|进口", _I)),
)
TURNOVER_RE = re.compile(r"\btrade\b|turnover|оборот|торгов|贸易|进出口", _I)
GOODS_SERVICES_RE = re.compile(r"goods and services|товарами и услугами|товаров и услуг|货物和服务|商品和服务", _I)
GOODS_RE = re.compile(r"\bgoods\b|\bmerchandise\b|товар(?:ами|ов|ная)|货物|商品", _I)
SHARE_RE = re.compile(r"\bshare\b|доля|долю|доли|占.{0,12}比重|比重|份额", _I)
GROWTH_UP_RE = re.compile(r"\bgr[eo]w|increas|\brose\b|\brise|\bup\b|growth|expand|jump|climb|surg|doubl|tripl|"
                          r"higher than|more than in|вырос|увелич|рост|прирост|возрос|больше|выше|增长|增加|上升|提高|扩大|翻|"
                          r"增幅", _I)
GROWTH_DOWN_RE = re.compile(r"\bfell\b|\bfall|decreas|declin|dropp?|\bdown\b|contract|shr[ai]nk|"
                            r"снизил|снижени|сократил|сокращени|упал|уменьшил|下降|减少|下滑|回落", _I)
PER_YEAR_RE = re.compile(r"per year|a year|annual(?:ly)?|each year|every year|в год|ежегодно|в среднем за год|年均|每年", _I)
LAST_N_RE = re.compile(rf"(?:last|past|previous)\s(?P<n1>{nb.SPELLED_RE}|\d{{1,2}})\syears"
                       rf"|(?:последние|прошедшие)\s(?P<n2>{nb.SPELLED_RE}|\d{{1,2}})\s(?:года|лет)"
                       rf"|(?:over|in)\s(?:the\s)?(?:last\s)?(?P<n4>{nb.SPELLED_RE}|\d{{1,2}})\syears"
                       rf"|за\s(?:последние\s)?(?P<n5>{nb.SPELLED_RE}|\d{{1,2}})\s(?:года|лет)"
                       rf"|近(?P<n3>{nb.ZH_DIGIT_RE}|\d{{1,2}})年|(?P<n6>{nb.ZH_DIGIT_RE}|\d{{1,2}})年来", _I)
INDEX_RE = re.compile(r"^\s?(?:of|to|compared to|compared with|relative to|against)\s(?:the\s)?(?:level\sof\s)?"
                      r"(?:(?P<y1>\d{4})|(?:last|the previous|previous|a)\syear)"
                      r"|^\s?(?:к|от)\s(?:уровню\s)?(?:(?P<y2>\d{4})(?:\sг(?:ода|\.)?)?|прошло\w{1,3}\sгод\w{0,2}|"
                      r"предыдуще\w{1,3}\sгод\w{0,2}|аналогичному периоду прошлого года)", _I)
ZH_INDEX_RE = re.compile(r"(?:是|为|达)(?P<y>\d{4})?年?(?:同期|上年|去年)?的?$")
YOY_RE = re.compile(r"year[- ]on[- ]year|year over year|y/y|同比|в годовом выражении|к прошлому году", _I)
COMPARED_RE = re.compile(r"(?:compared (?:with|to)|than(?: in)?|from|over|since|по сравнению с|чем (?:в|за)|с|比|较)"
                         r"\s?(?P<y>\d{4})", _I)
RANK_RES = (
    re.compile(r"(?P<n>first|second|third|fourth|fifth|\d(?:st|nd|rd|th))[- ](?:largest|biggest)\s(?:\w+\s){0,2}"
               r"(?:trade|trading)\spartner", _I),
    re.compile(r"(?P<one>largest|biggest|main|top)\s(?:\w+\s){0,1}(?:trade|trading)\spartner(?!s)", _I),
    re.compile(rf"(?:top|first)\s(?P<top>{nb.SPELLED_RE}|\d{{1,2}})\s(?:\w+\s){{0,2}}(?:trade|trading)\spartners", _I),
    re.compile(rf"one of (?:the |its )?(?P<top>{nb.SPELLED_RE}|\d{{1,2}})\s(?:\w+\s){{0,2}}(?:trade|trading)\s"
               r"partners", _I),
    re.compile(rf"одн\w{{1,3}} из (?P<top>{nb.SPELLED_RE}|трех|тр[её]х|пяти|десяти|\d{{1,2}})\s(?:\w+\s){{0,2}}"
               r"торгов\w{0,4}\sпартн", _I),
    re.compile(r"(?P<n>перв|втор|трет|четв[её]рт|пят)\w{0,3}\s(?:по\s\w+\s)?(?:\w+\s)?торгов\w{0,4}\sпартн[её]р", _I),
    re.compile(r"(?P<one>крупнейш|главн|основн)\w{0,4}\sторгов\w{0,4}\sпартн[её]ром(?!ов)", _I),
    re.compile(r"(?:в\s)?(?:первую\s)?(?P<top>тройк|пят[её]рк|десятк)\w{0,2}\s(?:\w+\s){0,2}торгов\w{0,4}\sпартн", _I),
    re.compile(r"第(?P<zn>[一二三四五六七八九十\d]{1,2})大(?:\w{0,2})?贸易伙伴"),
    re.compile(r"(?P<one>最大)(?:的)?贸易伙伴"),
    re.compile(r"前(?P<ztop>[一二三四五六七八九十\d]{1,2})大(?:的)?贸易伙伴"),
)
_TOP_RU = {"тройк": 3, "пятёрк": 5, "пятерк": 5, "десятк": 10, "трех": 3, "трёх": 3, "пяти": 5, "десяти": 10}
AFTER_RE = re.compile(r"\b(?:after|behind|following|second only to|after only)\s|после\s|уступая\s|仅次于", _I)
COUNT_RE = re.compile(
    rf"(?P<n>\d{{1,4}}|{nb.SPELLED_RE})\s(?:\w+\s){{0,3}}?(?P<noun>agreements?|documents?|contracts?|treaties|"
    r"memorand\w{1,4}|deals|routes|соглашени\w{0,3}|документ\w{0,3}|контракт\w{0,3}|договор\w{0,3}|маршрут\w{0,3})"
    rf"|(?P<z>\d{{1,4}}|{nb.ZH_DIGIT_RE})(?:项|份|个|条)(?:\w{{0,4}})?(?P<znoun>协议|文件|合同|协定|线路|班列线路)",
    _I)
ROUTE_RE = re.compile(r"route|маршрут|线路", _I)
DOZEN_RE = re.compile(r"(?P<more>more than |over |свыше |более )?(?:a dozen|dozens of|десят\w{0,2}|дюжин\w{0,2})", _I)
VISIT_RE = re.compile(r"\bvisit|визит|посещени|访问|访华|来华|出访|到访|国事访问", _I)
SIGNED_RE = re.compile(r"\bsign|подписа|签署|签订|签约", _I)
JOINT_RE = re.compile(r"joint (?:statement|declaration|communiqu)|совместн\w{2,3} (?:заявлени|декларац|коммюнике)|"
                      r"联合声明|联合宣言", _I)
DURING_RE = re.compile(r"\bduring\b|в ходе|во время|期间|访问中", _I)
CATEGORY_RES = (
    ("visit", VISIT_RE),
    ("sanctions", re.compile(r"sanction|санкци|制裁", _I)),
    ("war", re.compile(r"\bwar\b|invasion|invaded|войн|вторжени|战争|冲突|入侵", _I)),
    ("bri", re.compile(r"Belt and Road|\bBRI\b|Silk Road|Пояс\w{0,2} и пут|Шелков\w{0,3} пут|一带一路|丝绸之路", _I)),
)
DIPLOMATIC_RE = re.compile(r"diplomatic relations|дипломатическ\w{2,3} отношени|建交|建立外交关系", _I)
#: A figure for part of the current year: the engine compares full years or a printed period only.
THIS_YEAR_RE = re.compile(r"this year|so far this year|year to date|этого года|текущего года|с начала года|今年|年初以来", _I)
#: A rank within a region ("largest partner in Asia"): the partners table ranks among all partners.
REGION_RE = re.compile(r"in (?:Asia|Europe|Africa|the EU|Latin America)|в Азии|в Европе|в Африке|在亚洲|在欧洲|亚洲|欧洲", _I)
ANNOUNCE_RE = re.compile(r"(?P<v>announc|launch|propos|unveil)\w{0,4}|объяв|выдвинул|провозгласил|提出|宣布|倡议", _I)
_ANNOUNCE_TITLE = {"announc": "announc", "launch": "launch", "propos": "propos", "unveil": "unveil"}
BEGAN_RE = re.compile(r"\bbegan\b|\bstarted\b|\bbegun\b|\blaunched\b|началась|начал\w{0,2}|爆发|开始", _I)
SINCE_RE = re.compile(r"(?:since|from)\s(?P<y1>\d{4})\b|с\s(?P<y2>\d{4})\s?(?:г|год)|(?:自|从)(?P<y3>\d{4})年", _I)
IN_YEAR_RE = re.compile(r"\bin\s(?P<y1>\d{4})\b|в\s(?P<y2>\d{4})\s?(?:г|год)|于?(?P<y3>\d{4})年", _I)
QUOTED_RE = re.compile(r"[“\"«‘']([^”\"»’'\n]{2,80})[”\"»’']")
CALLED_RE = re.compile(r"describ|\bcall|\btermed|\bnamed|назвал|называ|охарактеризовал|称|誉为", _I)
FIELDS_RE = re.compile(
    r"in the (?:fields?|areas?|spheres?|sectors?) of (?P<en>[^.;:]{3,300}?)(?:[.;]|$|\[)"
    r"|в (?:сферах|сфере|областях|области|отраслях) (?P<ru>[^.;:]{3,300}?)(?:[.;]|$)"
    r"|在(?P<zh>[^。；]{3,200}?)等(?:领域|方面)", _I)
FIELD_SYNONYMS = {
    "science and technology": ["science and technology", "S&T", "sci-tech"],
    "наука и техника": ["science and technology", "S&T", "sci-tech"],
    "科技": ["science and technology", "S&T", "sci-tech", "科技"],
}
LABEL_TERMS = (
    (re.compile(r"all[- ]weather|всепогодн|全天候", _I), "all-weather"),
    (re.compile(r"ironclad|железн\w{2} друж|铁杆", _I), "ironclad"),
)
ONLY_RE = re.compile(r"\bonly\b|\bexcept\b|лишь|только|кроме|仅|只|除了", _I)
FIRST_AMONG_RE = re.compile(r"(?:one of the|among the) first|одн\w{2} из первых|в числе первых|最早.{0,12}之一|首批", _I)
BELOW_RE = re.compile(r"just below|just after|second only to|сразу после|仅次于", _I)
MEMBERSHIP_RE = re.compile(r"\b(?P<g>SCO|BRICS|EAEU|CSTO)\b|(?P<r>ШОС|БРИКС|ЕАЭС|ОДКБ)|(?P<z>上合组织|上海合作组织|金砖)", _I)
_GROUP_EN = {"ШОС": "SCO", "БРИКС": "BRICS", "ЕАЭС": "EAEU", "ОДКБ": "CSTO", "上合组织": "SCO", "上海合作组织": "SCO",
             "金砖": "BRICS"}
PEOPLE = (
    (re.compile(r"Lukashenk|Лукашенк|卢卡申科", _I), "Lukashenko"),
    (re.compile(r"Xi Jinping|\bXi\b|Си Цзиньпин|习近平", _I), "Xi Jinping"),
    (re.compile(r"Li Qiang|Ли Цян|李强", _I), "Li Qiang"),
    (re.compile(r"Golovchenko|Головченко|戈洛夫琴科", _I), "Golovchenko"),
    (re.compile(r"Wang Yi|Ван И\b|王毅", _I), "Wang Yi"),
    (re.compile(r"Putin|Путин|普京", _I), "Putin"),
)
REFERENCE_RE = re.compile(r"^\s?\[\d{1,3}\]|^\s?\d{1,3}\.\s?[“\"]|Date of Accession|Retrieved|Accessed|дата обращения", _I)


@dataclass
class Drafted:
    """A proposed claim: the text's words, the check(s), how it was read, and a slug for its id."""

    quote: str
    slug: str
    note: str
    check: dict | None = None
    checks: list[dict] | None = None
    needs: str | None = None

    @property
    def kind(self) -> str:
        return (self.check or (self.checks or [{}])[0]).get("kind", "")


@dataclass
class Skipped:
    """A sentence with a figure no rule could turn into a check, and why."""

    quote: str
    reason: str


@dataclass
class Context:
    """What the whole text tells every sentence: its pair, date, and the visit it reports."""

    pair: tuple[str, str]
    date: str | None
    ref_year: int | None              # the last full year before the text's date
    visit: tuple[str, str] | None = None  # (first day, first day + VISIT_DAYS)
    previous: list[str] = field(default_factory=list)

    @property
    def year(self) -> int | None:
        return int(self.date[:4]) if self.date else None


def _tolerance(fig: nb.Figure, scale_value: float) -> float:
    half_unit = 0.5 * 10 ** -fig.decimals
    printed = abs(scale_value) or 1.0
    return round(max(half_unit / printed, MIN_TOLERANCE), 4)


def compare(fig: nb.Figure, value: float, *, printed: float | None = None, tolerance: float | None = None) -> dict:
    """op / value / tolerance for a figure read with its bound."""
    op = BOUND_OP[fig.bound]
    out: dict = {"op": op, "value": _clean_float(value)}
    if op == "~":
        if tolerance is not None:
            out["tolerance"] = tolerance
        elif fig.bound == "approx":
            out["tolerance"] = APPROX_MARGIN
        else:
            out["tolerance"] = _tolerance(fig, printed if printed is not None else fig.value)
    return out


def _clean_float(value: float) -> float | int:
    rounded = round(value, 6)
    return int(rounded) if rounded == int(rounded) and abs(rounded) >= 1 else rounded


_TO_RE = re.compile(r"(?:\bto|\binto|\bв|\bво|\bна|对|向|往)\s?(?:the\s)?$", _I)
_FROM_RE = re.compile(r"(?:\bfrom|\bиз|\bот|自|从)\s?(?:the\s)?$", _I)


def _pair_side(sentence: str, ctx: Context, flow: str = "turnover") -> tuple[str, str]:
    """(economy, partner) for `flow`: "exports to X" / "импорт ... в X" / "对白出口" name the destination,
    "from X" / "из X" the origin; otherwise the pair country named first is the economy."""
    names = [c for c, _ in mentions(sentence) if c in ctx.pair]
    if flow in ("export", "import"):
        for code, pos in mentions(sentence):
            if code not in ctx.pair:
                continue
            other = ctx.pair[1] if code == ctx.pair[0] else ctx.pair[0]
            before = sentence[max(0, pos - 8):pos]
            if _TO_RE.search(before):  # the destination
                return (other, code) if flow == "export" else (code, other)
            if _FROM_RE.search(before):  # the origin
                return (code, other) if flow == "export" else (other, code)
    if names:
        economy = names[0]
        partner = ctx.pair[1] if economy == ctx.pair[0] else ctx.pair[0]
        return economy, partner
    return ctx.pair


def third_countries(sentence: str, ctx: Context) -> list[str]:
    """Countries named other than the pair, leaving out those named as a reference ("after Russia")."""
    out = []
    for code, pos in mentions(sentence):
        if code in ctx.pair or code in out:
            continue
        if AFTER_RE.search(sentence[max(0, pos - 20):pos]):
            continue
        out.append(code)
    return out


def _third_reason(codes: list[str]) -> str:
    names = ", ".join(country_name(c) for c in codes)
    return f"names another country ({names}): the figure may be about it, so it is not attributed to the pair"


def _flow(sentence: str, start: int) -> str:
    """The flow word nearest before a figure (else anywhere); turnover by default."""
    best, best_pos = "turnover", -1
    for flow, pattern in (*FLOW_RES, ("turnover", TURNOVER_RE)):
        for m in pattern.finditer(sentence[:start]):
            if m.start() > best_pos:
                best, best_pos = flow, m.start()
    return best


def _scope(sentence: str) -> str | None:
    if GOODS_SERVICES_RE.search(sentence):
        return "goods_and_services"
    if GOODS_RE.search(sentence):
        return "goods"
    return None


def _last_n(sentence: str) -> int | None:
    m = LAST_N_RE.search(sentence)
    if not m:
        return None
    raw = next(g for g in m.groups() if g)
    n = nb.spelled_or_digits(raw)
    return n if n and 1 <= n <= 50 else None


def _years_before(sentence: str, pos: int) -> list[int]:
    return nb.years(sentence[:pos])


CLAUSE_RE = re.compile(r",\s(?:and|but|while|whereas)\s|;\s|，而|；|，但|, а |, но |, и ", _I)


def clause(sentence: str, at: int) -> tuple[int, int]:
    """The clause of the sentence around position `at` (between ", and", ";", "，而" ...)."""
    start, end = 0, len(sentence)
    for m in CLAUSE_RE.finditer(sentence):
        if m.end() <= at:
            start = m.end()
        elif m.start() >= at:
            end = m.start()
            break
    return start, end


def _year_for(sentence: str, fig: nb.Figure, ctx: Context) -> tuple[int | None, str]:
    """The full year a figure is for: a year printed in its clause (the nearest one), else the end of
    "the last N years", else the last full year before the text's date."""
    a, b = clause(sentence, fig.start)
    compared = {m.start("y") for m in COMPARED_RE.finditer(sentence)}  # "than in 2021": the base, not the year
    printed = [(abs(m.start() + a - fig.start), int(m.group(1))) for m in nb.YEAR_RE.finditer(sentence[a:b])
               if m.start() + a not in compared]
    if ctx.year:
        printed = [p for p in printed if p[1] <= ctx.year]
    if printed:
        year = min(printed)[1]
        return year, f"the year printed ({year})"
    before = [y for y in nb.years(ctx.previous[-1]) if not ctx.year or y <= ctx.year] if ctx.previous else []
    if before and not _last_n(sentence):
        return before[0], f"no year printed: read as {before[0]}, the year of the sentence before"
    if ctx.ref_year:
        return ctx.ref_year, f"no year printed: read as {ctx.ref_year}, the last full year before the text's date"
    return None, ""


def window(sentence: str, ctx: Context) -> tuple[tuple[str, str] | None, str]:
    """The dates a signing or remark falls in: a date printed in the sentence, else the text's visit."""
    printed = nb.dates(sentence, ctx.year)
    if printed:
        day = printed[0][0]
        if len(day) == 7:  # a month: the whole month
            first = _dt.date.fromisoformat(day + "-01")
            last = (first.replace(day=28) + _dt.timedelta(days=4)).replace(day=1) - _dt.timedelta(days=1)
            return (first.isoformat(), last.isoformat()), f"the month printed ({day})"
        return (day, _plus_days(day, VISIT_DAYS)), f"the date printed ({day}) and {VISIT_DAYS} days after"
    if ctx.visit and (DURING_RE.search(sentence) or VISIT_RE.search(sentence) or SIGNED_RE.search(sentence)):
        return ctx.visit, f"the visit the text reports ({ctx.visit[0]} to {ctx.visit[1]}, {VISIT_DAYS} days assumed)"
    return None, ""


def _plus_days(day: str, days: int) -> str:
    return (_dt.date.fromisoformat(day) + _dt.timedelta(days=days)).isoformat()


# --- rules ------------------------------------------------------------------------------------------


def amounts(sentence: str, ctx: Context) -> tuple[list[Drafted], list[str]]:
    """Money: a trade value (threshold) or the worth of an occasion's agreements (sum)."""
    out, reasons = [], []
    for fig in nb.money(sentence):
        if AGREEMENT_RE.search(sentence) and not TURNOVER_RE.search(sentence[max(0, fig.start - 60):fig.start]):
            span, how = window(sentence, ctx)
            if not span:
                reasons.append(f"{_show(fig)}: worth of agreements, but no date or visit says which signing")
                continue
            check = {"kind": "sum", "dataset": "agreements", "between": list(span),
                     "totals_title_contains": TOTALS_TITLE, **compare(fig, fig.value)}
            out.append(Drafted(sentence, f"agreements-worth-{_money_slug(fig.value)}",
                               f"Drafted by rules: the worth of the documents signed in {how}; "
                               f"{_show(fig)} read {BOUND_WORDS[fig.bound]}.", check=check))
            continue
        if not TRADE_RE.search(sentence):
            reasons.append(f"{_show(fig)}: an amount, but not of trade or of agreements")
            continue
        third = third_countries(sentence, ctx)
        if third:
            reasons.append(f"{_show(fig)}: {_third_reason(third)}")
            continue
        if THIS_YEAR_RE.search(sentence) and not nb.period(sentence):
            reasons.append(f"{_show(fig)}: part of the current year without a printed period (the engine compares "
                           "full years or a period such as January–November)")
            continue
        flow = _flow(sentence, fig.start)
        economy, partner = _pair_side(sentence, ctx, flow)
        check = {"kind": "threshold", "dataset": "trade", "economy": economy, "partner": partner, "flow": flow}
        scope = _scope(sentence)
        if scope:
            check["scope"] = scope
        span = nb.period(sentence)
        if span:
            check["period"] = span
            when = f"the period printed ({span})"
        else:
            year, when = _year_for(sentence, fig, ctx)
            if year is None:
                reasons.append(f"{_show(fig)}: no year printed and no date for the text (give --date)")
                continue
            if ctx.year and year >= ctx.year:
                reasons.append(f"{_show(fig)}: {year} is the text's own year, not complete at its date")
                continue
            check["year"] = year
        check.update(compare(fig, fig.value))
        out.append(Drafted(sentence, f"{flow}-{_money_slug(fig.value)}-{check.get('year') or span[:4]}",
                           f"Drafted by rules: {economy}'s {flow} with {partner}, {when}; {_show(fig)} "
                           f"read {BOUND_WORDS[fig.bound]}.", check=check))
    return out, reasons


def _show(fig: nb.Figure) -> str:
    v = fig.value
    if v >= 1e9:
        return f"US${v / 1e9:g} bn"
    if v >= 1e6:
        return f"US${v / 1e6:g} m"
    return f"{v:g}"


def _money_slug(v: float) -> str:
    return (f"{v / 1e9:g}bn" if v >= 1e9 else f"{v / 1e6:g}m" if v >= 1e6 else f"{v:g}").replace(".", "-")


def growth(sentence: str, ctx: Context) -> tuple[list[Drafted], list[str]]:
    """Growth rates: "+33%", "113% of 2021", "in 1.5 times", "同比增长33%" → a growth check."""
    out, reasons = [], []
    down = bool(GROWTH_DOWN_RE.search(sentence))
    cues = bool(GROWTH_UP_RE.search(sentence) or down)
    figures = [("pct", f) for f in nb.percents(sentence)] + [("times", f) for f in nb.times(sentence)]
    for form, fig in figures:
        if form == "pct" and SHARE_RE.search(sentence[max(0, fig.start - 80):fig.start]):
            continue  # a share: the rank rule reads it
        index = INDEX_RE.search(sentence[fig.end:fig.end + 60]) if form == "pct" else None
        zh_index = ZH_INDEX_RE.search(sentence[max(0, fig.start - 12):fig.start]) if form == "pct" else None
        if not (cues or index or zh_index):
            reasons.append(f"{fig.value:g}{'%' if form == 'pct' else ' times'}: not a growth rate the rules recognise")
            continue
        if not TRADE_RE.search(sentence):
            reasons.append(f"{fig.value:g}%: a change, but not of trade")
            continue
        third = third_countries(sentence, ctx)
        if third:
            reasons.append(f"{fig.value:g}%: {_third_reason(third)}")
            continue
        if THIS_YEAR_RE.search(sentence) or nb.period(sentence):
            reasons.append(f"{fig.value:g}%: growth over part of a year (the engine reads growth between full years)")
            continue
        # The rate.
        if form == "times":
            zh_increase = "倍" in sentence[fig.start:fig.end] and re.search(r"增长|增加|提高", sentence[:fig.start][-6:])
            rate = fig.value if zh_increase else fig.value - 1
            how_rate = f"{fig.value:g} times → {rate:+.0%}"
        elif index or zh_index:
            rate = fig.value / 100 - 1
            how_rate = f"{fig.value:g}% of the earlier year → {rate:+.1%}"
        else:
            rate = -fig.value / 100 if down and not GROWTH_UP_RE.search(sentence[max(0, fig.start - 30):fig.start]) \
                else fig.value / 100
            how_rate = f"{rate:+.1%}"
        # The years.
        n = _last_n(sentence)
        base = None
        if index and (index.group("y1") or index.group("y2")):
            base = int(index.group("y1") or index.group("y2"))
        elif zh_index and zh_index.group("y"):
            base = int(zh_index.group("y"))
        else:
            cmp = COMPARED_RE.search(sentence)
            base = int(cmp.group("y")) if cmp else None
        year, when = _year_for(sentence, fig, ctx)
        if base is not None and year is not None and year <= base:
            later = [y for y in nb.years(sentence) if y > base]
            year = later[0] if later else base + 1
            when = f"{base} to {year}"
        if year is None:
            reasons.append(f"{fig.value:g}%: no year printed and no date for the text (give --date)")
            continue
        per_year = bool(PER_YEAR_RE.search(sentence))
        if n and n > 1:
            from_year, to_year = (ctx.ref_year or year) - n, ctx.ref_year or year
            measure = "cagr"
            if not per_year:
                rate = (1 + rate) ** (1 / n) - 1
                how_rate += f" over {n} years → {rate:+.1%} a year"
            when = f"the last {n} years ({from_year} to {to_year}), average growth a year"
        elif base is not None and year - base > 1:
            from_year, to_year, measure = base, year, "cagr"
            if not per_year:
                rate = (1 + rate) ** (1 / (year - base)) - 1
                how_rate += f" → {rate:+.1%} a year"
        else:
            from_year, to_year, measure = (base if base is not None else year - 1), year, "yoy"
            when = f"{from_year} to {to_year}" + ("" if base or nb.years(sentence) else f" ({when})")
        if ctx.year and to_year >= ctx.year:
            reasons.append(f"{fig.value:g}%: {to_year} is the text's own year, not complete at its date")
            continue
        if not -1 <= rate <= 10:
            reasons.append(f"{fig.value:g}: {rate:+.0%} is not a growth rate the engine reads")
            continue
        flow = _flow(sentence, fig.start)
        economy, partner = _pair_side(sentence, ctx, flow)
        check = {"kind": "growth", "dataset": "trade", "economy": economy, "partner": partner, "flow": flow}
        scope = _scope(sentence)
        if scope:
            check["scope"] = scope
        check.update({"from_year": from_year, "to_year": to_year, "measure": measure})
        check.update(compare(fig, round(rate, 4), tolerance=GROWTH_TOLERANCE if fig.bound == "rounded" else None))
        if check["op"] == "~" and fig.bound == "approx":
            check["tolerance"] = GROWTH_TOLERANCE
        out.append(Drafted(sentence, f"growth-{flow}-{from_year}-{to_year}",
                           f"Drafted by rules: {economy}'s {flow} with {partner}, {when}; rate {how_rate}, "
                           f"read {BOUND_WORDS[fig.bound]} (tolerance {GROWTH_TOLERANCE:.0%} of the rate).", check=check))
    return out, reasons


def ranks(sentence: str, ctx: Context) -> tuple[list[Drafted], list[str]]:
    """"second-largest trade partner", "вторым торговым партнёром", "第二大贸易伙伴", "share 11%"."""
    out, reasons = [], []
    for m in _rank_matches(sentence):
        g = m.groupdict()
        op, value = "==", None
        if g.get("one"):
            value = 1
        elif g.get("n"):
            value = nb.ORDINALS.get(g["n"].lower()[:5].rstrip("ёео") if not g["n"][0].isascii() else g["n"].lower())
            if value is None and not g["n"][0].isascii():
                value = next((v for k, v in nb.ORDINALS.items() if g["n"].lower().startswith(k)), None)
        elif g.get("top"):
            raw = g["top"].lower()
            value = next((v for k, v in _TOP_RU.items() if raw.startswith(k)), None) or nb.spelled_or_digits(raw)
            op = "<="
        elif g.get("zn"):
            value = nb.spelled_or_digits(g["zn"])
        elif g.get("ztop"):
            value, op = nb.spelled_or_digits(g["ztop"]), "<="
        if not value:
            continue
        if re.search(r"one of the|одн\w{2} из|之一", sentence[max(0, m.start() - 25):m.start()], _I) and op == "==":
            op = "<="
        after = re.split(r"[,，;；。]", sentence[m.end():m.end() + 30], maxsplit=1)[0]
        if REGION_RE.search(sentence[max(0, m.start() - 8):m.start()] + " " + after):
            reasons.append(f"rank {value} within a region: the partners table ranks among all partners")
            continue
        third = third_countries(sentence, ctx)
        if third:
            reasons.append(f"rank {value}: {_third_reason(third)}")
            break
        partner, economy = _rank_sides(sentence, ctx, m.start())
        year, when = _year_for(sentence, nb.Figure(value, "rounded", m.start(), m.end()), ctx)
        if year is None:
            reasons.append(f"rank {value}: no year printed and no date for the text (give --date)")
            continue
        check = {"kind": "rank", "dataset": "partners", "economy": economy, "partner": partner, "flow": "turnover",
                 "year": year, "op": op, "value": value}
        out.append(Drafted(sentence, f"rank-{partner.lower()}-{year}",
                           f"Drafted by rules: {partner}'s rank among {economy}'s trade partners, {when}; "
                           f"{'at most' if op == '<=' else 'exactly'} {value}.", check=check))
    share = SHARE_RE.search(sentence)
    if share:
        for fig in nb.percents(sentence):
            if fig.start < share.start() or fig.start - share.end() > 80:
                continue
            third = third_countries(sentence, ctx)
            if third:
                reasons.append(f"share {fig.value:g}%: {_third_reason(third)}")
                break
            partner, economy = _rank_sides(sentence, ctx, share.start())
            year, when = _year_for(sentence, fig, ctx)
            if year is None:
                reasons.append(f"share {fig.value:g}%: no year printed and no date for the text (give --date)")
                break
            check = {"kind": "rank", "dataset": "partners", "measure": "share_pct", "economy": economy,
                     "partner": partner, "flow": "turnover", "year": year, **compare(fig, fig.value)}
            out.append(Drafted(sentence, f"share-{partner.lower()}-{year}",
                               f"Drafted by rules: {partner}'s share of {economy}'s trade, {when}; {fig.value:g}% read "
                               f"{BOUND_WORDS[fig.bound]}.", check=check))
            break
    return out, reasons


def _rank_matches(sentence: str) -> list[re.Match[str]]:
    """Every rank phrase, in order; of overlapping ones ("second-largest" holds "largest") the first."""
    found = sorted((m for p in RANK_RES for m in p.finditer(sentence)), key=lambda m: (m.start(), -m.end()))
    kept: list[re.Match[str]] = []
    for m in found:
        if not kept or m.start() >= kept[-1].end():
            kept.append(m)
    return kept


def _rank_sides(sentence: str, ctx: Context, at: int) -> tuple[str, str]:
    """(partner, economy): "partners of X" / "X's ... partner" name the economy; else the pair country
    named first is the partner (the subject: "China is Belarus's second-largest partner")."""
    own = re.search(r"partners? of (?:the )?(\w+)|партн[её]р\w{0,3} (\w+)", sentence[at:at + 80], _I)
    codes = [c for c, _ in mentions(sentence) if c in ctx.pair]
    if own:
        after = named(own.group(0))
        if after and after[0] in ctx.pair:
            economy = after[0]
            return (ctx.pair[1] if economy == ctx.pair[0] else ctx.pair[0]), economy
    poss = [c for c, p in mentions(sentence[:at]) if c in ctx.pair and re.match(r"(?:’s|'s)", sentence[p:][len(
        re.match(r"\w+", sentence[p:]).group(0)) if re.match(r"\w+", sentence[p:]) else 0:])]
    if poss:
        economy = poss[-1]
        return (ctx.pair[1] if economy == ctx.pair[0] else ctx.pair[0]), economy
    partner = codes[0] if codes else ctx.pair[1]
    return partner, (ctx.pair[1] if partner == ctx.pair[0] else ctx.pair[0])


def counts(sentence: str, ctx: Context) -> tuple[list[Drafted], list[str]]:
    """"27 agreements", "eight rail routes", "两份文件": a count of documents or rail routes."""
    out, reasons = [], []
    for m in COUNT_RE.finditer(sentence):
        raw = m.group("n") or m.group("z")
        noun = m.group("noun") or m.group("znoun")
        value = nb.spelled_or_digits(raw)
        if raw and nb.YEAR_RE.fullmatch(raw):
            continue
        if not value:
            continue
        fig = nb.Figure(value, nb.bound_near(sentence, m.start(), m.end()), m.start(), m.end())
        op = {"rounded": "==", "approx": ">="}.get(fig.bound, BOUND_OP[fig.bound])
        if ROUTE_RE.search(noun):
            year = (nb.years(sentence) or [ctx.year])[0]
            if year is None:
                reasons.append(f"{value} routes: no year printed and no date for the text (give --date)")
                continue
            metric = ["routes"] + [country_name(c) for c in named(sentence) if c in ctx.pair][-1:]
            check = {"kind": "count", "dataset": "rail", "metric_contains": metric, "unit": "routes",
                     "year": year, "op": op, "value": value}
            out.append(Drafted(sentence, f"rail-routes-{value}-{year}",
                               f"Drafted by rules: a count of rail routes in {year} (the text's year, present tense "
                               f"unless a year is printed); {value} read {BOUND_WORDS[fig.bound]}.", check=check))
            continue
        span, how = window(sentence, ctx)
        if not span:
            reasons.append(f"{value} {noun}: a count of documents, but no date or visit says which signing")
            continue
        check = {"kind": "count", "dataset": "agreements", "between": list(span), "op": op, "value": value}
        out.append(Drafted(sentence, f"documents-{value}",
                           f"Drafted by rules: the number of documents recorded in {how}; the records are a lower "
                           f"bound, so the count can be supported only by finding as many.", check=check))
    if not out and DOZEN_RE.search(sentence) and AGREEMENT_RE.search(sentence):
        reasons.append("'a dozen' / 'dozens': a count without a figure the records can settle")
    return out, reasons


def events(sentence: str, ctx: Context) -> tuple[list[Drafted], list[str]]:
    """Dates of visits, signings, wars, sanctions and announcements."""
    out, reasons = [], []
    category = next((name for name, pattern in CATEGORY_RES if pattern.search(sentence)), None)
    printed = nb.dates(sentence, ctx.year)
    if printed and DIPLOMATIC_RE.search(sentence):
        day = printed[0][0]
        check = {"kind": "date", "dataset": "agreements", "title_contains": "diplomatic relations", "date": day}
        return [Drafted(sentence, f"diplomatic-relations-{day}", f"Drafted by rules: the establishment of "
                                                                 f"diplomatic relations, dated {day}.", check=check)], []
    for day, start, _end in printed[:3]:
        cat = _category_near(sentence, start) or category
        if cat is None:
            reasons.append(f"{day}: a date, but no visit, signing, war or sanctions event the rules recognise")
            continue
        check: dict = {"kind": "date", "dataset": "events", "category": cat}
        people = [name for pattern, name in PEOPLE if pattern.search(sentence)]
        if cat == "visit" and people:
            check["actors_contains"] = people[0]
        check["between"] = [f"{day[:4]}-01-01", f"{day[:4]}-12-31"]
        check["date"] = day
        who = f" with {people[0]}" if cat == "visit" and people else ""
        out.append(Drafted(sentence, f"{cat}-{day}", f"Drafted by rules: a {cat} event{who} in {day[:4]}, on the "
                                                     f"date printed ({day}).", check=check))
    if printed:
        return out, reasons
    since = SINCE_RE.search(sentence)
    if since and category in ("sanctions", "war"):
        year = next(g for g in since.groups() if g)
        check = {"kind": "date", "dataset": "events", "category": category, "date": year}
        out.append(Drafted(sentence, f"{category}-since-{year}",
                           f"Drafted by rules: {category} events dated {year} (\"since {year}\"); a record of {year} "
                           f"supports it, but earlier records show whether it began then.", check=check))
        return out, reasons
    announced = ANNOUNCE_RE.search(sentence)
    in_year = IN_YEAR_RE.search(sentence)
    if announced and in_year and category == "bri":
        year = next(g for g in in_year.groups() if g)
        check = {"kind": "date", "dataset": "events", "category": "bri"}
        verb = (announced.group("v") or "").lower()
        if verb in _ANNOUNCE_TITLE:
            check["title_contains"] = _ANNOUNCE_TITLE[verb]
        check["date"] = year
        out.append(Drafted(sentence, f"bri-announced-{year}",
                           f"Drafted by rules: the Belt and Road announcement dated {year}.", check=check))
    return out, reasons


def _category_near(sentence: str, at: int) -> str | None:
    """The event category named nearest before a date (within 120 characters)."""
    best, best_pos = None, -1
    for name, pattern in CATEGORY_RES:
        for m in pattern.finditer(sentence[max(0, at - 120):at]):
            if m.start() > best_pos:
                best, best_pos = name, m.start()
    return best


def signings(sentence: str, ctx: Context) -> tuple[list[Drafted], list[str]]:
    """A joint statement signed, a remark quoted ("unbreakable"), the fields documents cover."""
    out, reasons = [], []
    quoted = [q.strip(" .,") for q in QUOTED_RE.findall(sentence)]
    if SIGNED_RE.search(sentence) and JOINT_RE.search(sentence):
        span, how = window(sentence, ctx)
        if span:
            title = quoted[0] if quoted and len(quoted[0].split()) <= 8 else _joint_title(sentence)
            check = {"kind": "count", "dataset": "agreements", "between": list(span), "title_contains": title,
                     "op": ">=", "value": 1}
            out.append(Drafted(sentence, "joint-statement", f"Drafted by rules: a document whose title contains "
                                                            f"'{title}', signed in {how}.", check=check))
        else:
            reasons.append("a joint statement signed, but no date or visit says which")
    elif quoted and CALLED_RE.search(sentence):
        word = quoted[-1]
        if len(word.split()) <= 4:
            span, how = window(sentence, ctx)
            if not span and ctx.year:
                span, how = (f"{ctx.year}-01-01", ctx.date or f"{ctx.year}-12-31"), f"the text's year ({ctx.year})"
            if span:
                check = {"kind": "count", "dataset": "events", "between": list(span), "title_contains": word,
                         "op": ">=", "value": 1}
                out.append(Drafted(sentence, f"said-{_slug(word)}",
                                   f"Drafted by rules: an event in {how} whose title records the words '{word}'.",
                                   check=check))
    m = FIELDS_RE.search(sentence)
    if m and AGREEMENT_RE.search(sentence):
        span, how = window(sentence, ctx)
        items = _field_items(m.group("en") or m.group("ru") or m.group("zh") or "")
        if span and len(items) >= 2:
            check = {"kind": "membership", "dataset": "agreements", "between": list(span), "items": items}
            out.append(Drafted(sentence, "document-fields", f"Drafted by rules: every field named must appear in a "
                                                            f"document signed in {how}.", check=check))
    return out, reasons


def _joint_title(sentence: str) -> str:
    m = JOINT_RE.search(sentence)
    text = m.group(0).lower() if m else ""
    if "联合" in text:
        return "联合声明"
    return "Joint Statement"


def _field_items(text: str) -> list:
    parts = re.split(r",\s*(?:and\s|и\s)?|\s(?:and|и)\s(?=[^,]*$)|、|和|及", text.strip())
    items: list = []
    for part in parts:
        word = part.strip(" .").lower()
        if not word or len(word) > 40:
            continue
        items.append(FIELD_SYNONYMS.get(word, word))
    return items


def _slug(text: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    return slug[:30] or "quote"


def labels(sentence: str, ctx: Context) -> tuple[list[Drafted], list[str]]:
    """"used only for Pakistan, except for Belarus": who holds a partnership label (as of the text)."""
    if not ONLY_RE.search(sentence):
        return [], []
    term = None
    for text in [sentence, *reversed(ctx.previous[-2:])]:
        term = next((label for pattern, label in LABEL_TERMS if pattern.search(text)), None)
        if term:
            break
    members = named(sentence)
    if not term or not members or not re.search(r"used|given|granted|applied|применя|使用|给予|label|term|термин|称号",
                                                 sentence, _I):
        return [], []
    members = [c for c in members if c != "CHN"] or members
    check = {"kind": "membership", "dataset": "labels", "label_contains": term, "label_kind": ["formal"],
             "members": [country_name(c) for c in members], "op": "=="}
    return [Drafted(sentence, f"label-{term}", f"Drafted by rules: the formal '{term}' label held by exactly "
                                               f"{', '.join(country_name(c) for c in members)} as of the text's date.",
                    check=check)], []


def not_checkable(sentence: str, ctx: Context) -> tuple[list[Drafted], list[str]]:
    """Comparisons no dataset settles: "one of the first", "just below Russia", SCO/BRICS membership."""
    out = []
    if FIRST_AMONG_RE.search(sentence):
        out.append(Drafted(sentence, "among-the-first", "Drafted by rules: a comparison with other countries "
                                                        "('one of the first'); no dataset orders them.",
                           check={"kind": "not_checkable"},
                           needs="the dates on which the other countries joined, to place this one among the first"))
    if BELOW_RE.search(sentence) and not re.search(r"partner|партн|伙伴", sentence, _I):
        out.append(Drafted(sentence, "ranked-below", "Drafted by rules: a ranking of relations ('just below'); no "
                                                     "dataset ranks them.", check={"kind": "not_checkable"},
                           needs="an official or authoritative ranking that places the two relations"))
    m = MEMBERSHIP_RE.search(sentence)
    if m and re.search(r"member|join|accession|член|вступ|присоедин|成员|加入", sentence, _I):
        group = m.group("g") or _GROUP_EN.get(m.group("r") or m.group("z") or "", "")
        group = group.upper()
        third = third_countries(sentence, ctx)
        if not third:
            out.append(Drafted(sentence, f"member-{group.lower()}", f"Drafted by rules: membership of {group}; the "
                                                                    "data hold no membership register.",
                               check={"kind": "not_checkable"},
                               needs=f"{group}'s own record of the date each member joined"))
    return out, []


RULES = (amounts, growth, ranks, counts, events, signings, labels, not_checkable)
