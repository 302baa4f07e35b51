"""Which countries a sentence names, in English, Russian (any case ending) or Chinese.

English names come from pycountry and the project's alias file (tradebrief.data.countries); Russian
nouns are inflected ("Китай", "Китая", "Китаем"), so they are matched by stem, and adjectives
("Chinese", "белорусский", "中方") count as a mention of their country.
"""
from __future__ import annotations

import functools
import re
from collections import Counter

import pycountry

from tradebrief.data.countries import to_iso3

#: Stems and adjectives the name lists do not hold. One home for these spellings.
EXTRA_NAMES: dict[str, tuple[str, ...]] = {
    "BLR": ("Belarusian", "Belarusians", "Byelorussian", "Minsk", "Беларус", "Белорусс", "Белорус", "белорусск",
            "Минск", "白俄", "白方", "明斯克"),
    "CHN": ("Chinese", "Beijing", "Кита", "Китай", "КНР", "китайск", "Пекин", "中国", "中方", "中华人民共和国",
            "北京", "访华", "来华", "对华", "中白", "中俄"),
    "RUS": ("Russian", "Moscow", "Росси", "российск", "Москв", "俄罗斯", "俄方", "莫斯科"),
    "UKR": ("Ukrainian", "Kyiv", "Kiev", "Украин", "украинск", "乌克兰"),
    "PAK": ("Pakistani", "Пакистан", "巴基斯坦"),
    "DEU": ("German", "Berlin", "Германи", "немецк", "德国"),
    "USA": ("American", "Washington", "United States", "U.S.", "США", "американск", "美国"),
    "KAZ": ("Kazakh", "Казахстан", "哈萨克斯坦"),
    "POL": ("Polish", "Польш", "польск", "波兰"),
    "LTU": ("Lithuanian", "Литв", "立陶宛"),
    "IND": ("Indian", "Инди", "印度"),
    "BRA": ("Brazilian", "Бразили", "巴西"),
    "HUN": ("Hungarian", "Венгри", "匈牙利"),
    "VEN": ("Venezuelan", "Венесуэл", "委内瑞拉"),
    "UZB": ("Uzbek", "Узбекистан", "乌兹别克斯坦"),
    "ETH": ("Ethiopian", "Эфиопи", "埃塞俄比亚"),
    "GBR": ("British", "Великобритани", "英国"),
    "JPN": ("Japanese", "Япони", "日本"),
    "KOR": ("Корея", "韩国"),
    "TUR": ("Turkish", "Турци", "土耳其"),
    "IRN": ("Iranian", "Иран", "伊朗"),
    "FRA": ("French", "Франци", "法国"),
    "ITA": ("Italian", "Итали", "意大利"),
    "NLD": ("Dutch", "Нидерланд", "荷兰"),
    "EUU": ("European Union", "EU", "Евросоюз", "Европейск\\w{0,3} союз", "ЕС", "欧盟"),
}
#: English words that are country names but mostly mean something else in an article.
_AMBIGUOUS = {"chad", "georgia", "jordan", "guinea", "niger", "turkey", "china"}  # China is in EXTRA via Chinese

@functools.lru_cache(maxsize=1)
def _tables() -> tuple[dict[tuple[str, ...], str], int, re.Pattern[str], dict[str, str]]:
    """Latin names as word tuples (looked up word by word: linear in the text) and one small pattern
    for the Cyrillic and Chinese stems, which are matched inside words."""
    names: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name"):
            value = getattr(country, attr, None)
            if value and "," not in value and value.lower() not in _AMBIGUOUS:
                names[value] = country.alpha_3
    names["China"] = "CHN"
    for code, spellings in EXTRA_NAMES.items():
        for spelling in spellings:
            names[spelling] = code
    for alias in ("Russia", "Belarus", "Iran", "Syria", "Vietnam", "South Korea", "North Korea", "Britain",
                  "Venezuela", "Moldova", "Czech Republic", "Turkey", "Türkiye", "Georgia"):
        try:
            names[alias] = to_iso3(alias)
        except Exception:  # noqa: BLE001 - an alias the project does not know is simply not matched
            continue
    latin: dict[tuple[str, ...], str] = {}
    stems: dict[str, str] = {}
    for name, code in names.items():
        if name[:1].isascii():
            latin[tuple(w.rstrip(".") for w in _WORD_RE.findall(name.lower()))] = code
        else:
            stems[name] = code
    keys: dict[str, str] = {}
    parts = []
    for name in sorted(stems, key=len, reverse=True):
        key = f"c{len(keys)}"
        keys[key] = stems[name]
        parts.append(rf"(?P<{key}>{name if chr(92) in name else re.escape(name)})")
    longest = max(len(k) for k in latin)
    return latin, longest, re.compile("|".join(parts)), keys


_WORD_RE = re.compile(r"[a-z0-9.&ü]+")
_LATIN_WORD_RE = re.compile(r"[A-Za-z0-9.&ü]+(?:(?:’s|'s)\b)?")


@functools.lru_cache(maxsize=4096)
def mentions(sentence: str) -> tuple[tuple[str, int], ...]:
    """(ISO3, position) of every country named in the sentence, in order."""
    latin, longest, pattern, keys = _tables()
    out: list[tuple[str, int]] = []
    words = [(m.group(0).lower().removesuffix("’s").removesuffix("'s").rstrip("."), m.start())
             for m in _LATIN_WORD_RE.finditer(sentence)]
    i = 0
    while i < len(words):
        for n in range(min(longest, len(words) - i), 0, -1):
            gram = tuple(w for w, _ in words[i:i + n])
            code = latin.get(gram) or (latin.get(gram[:-1] + (gram[-1][:-1],)) if gram[-1].endswith("s") else None)
            if code:
                out.append((code, words[i][1]))
                i += n
                break
        else:
            i += 1
    if not sentence.isascii():
        out.extend((keys[m.lastgroup], m.start()) for m in pattern.finditer(sentence) if m.lastgroup)
    return tuple(sorted(out, key=lambda item: item[1]))


def named(sentence: str) -> list[str]:
    """The countries a sentence names, each once, in the order first named."""
    seen: list[str] = []
    for code, _ in mentions(sentence):
        if code not in seen:
            seen.append(code)
    return seen


def most_named(sentences: list[str]) -> list[str]:
    """Countries by how often the text names them, most first (ties in order of first mention)."""
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for i, s in enumerate(sentences):
        for code, _ in mentions(s):
            counts[code] += 1
            first.setdefault(code, i)
    return sorted(counts, key=lambda c: (-counts[c], first[c]))
