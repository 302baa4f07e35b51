"""text.words: countries, sides, flows, comparisons, lists — in English as before, and in Russian."""
from __future__ import annotations

import math

from tradebrief.text import words


def test_countries_use_common_names_and_russian_cases():
    assert words.country("RUS", "ru") == "Россия" and words.country("CHN", "ru", "gen") == "Китая"
    assert words.country("FRA", "ru") == "Франция"  # Babel's territory name when the case table has none
    assert words.possessive("BLR") == "Belarus's" and words.possessive("CHN", "ru") == "Китая"
    assert words.country("UNK") == "figures whose side is not stated"


def test_flows_as_each_side_sees_them():
    assert words.flow_text("BLR", "export", "CHN") == "Belarus's exports to China"
    assert words.flow_text("BLR", "import", "CHN") == "Belarus's imports from China"
    assert words.flow_text("BLR", "turnover", "CHN") == "Belarus–China trade"
    assert words.side_flow("CHN", "export", "BLR", "CHN") == "China's imports from Belarus"
    assert words.side_flow("CHN", "turnover", "BLR", "CHN") == "China's trade with Belarus"
    assert words.flow_text("BLR", "export", "CHN", "ru") == "экспорт Беларуси в Китай"
    assert words.side_flow("CHN", "export", "BLR", "CHN", "ru") == "импорт Китая из Беларуси"
    assert words.side_flow("CHN", "turnover", "BLR", "CHN", "ru") == "торговля Китая с Беларусью"


def test_sides_are_worded_from_one_table():
    assert words.whose("BLR") == "Belarus's own figures" and words.whose("TDM") == "Trade Data Monitor's figures"
    assert words.side_label("UNK") == "side not stated" and words.side_label("CHN") == "China's figures"
    assert words.publisher("UNK") == "a publisher whose side is not stated"
    assert words.whose("BLR", "ru") == "собственные данные Беларуси"


def test_comparisons_with_a_claim():
    claimed = "$5.00 bn"
    assert words.judged(True, ">", claimed) == "above the claimed $5.00 bn"
    assert words.judged(False, ">=", claimed) == "not at least the claimed $5.00 bn"
    assert words.judged(None, "<", claimed) == "which leaves open whether it is below the claimed $5.00 bn"
    assert words.judged(True, "~", "+33%", 0.1) == "in line with the claimed +33%"
    assert words.relation("~", 0.1) == "within ±10% of"
    assert words.judged(True, ">", "$5,00\u00a0млрд", lang="ru") == "выше заявленных $5,00\u00a0млрд"
    fmt = words.usd
    assert words.span_text(5e9, math.inf, fmt) == "at least $5 bn"
    assert words.span_text(0.0, 5e9, fmt) == "at most $5 bn"
    assert words.span_text(4e9, 5e9, fmt) == "$4 bn to $5 bn"


def test_lists_and_the_mirror_reasons_are_composed_not_edited():
    assert words.join_words(["a"]) == "a" and words.join_words(["a", "b", "c"]) == "a, b and c"
    assert words.mirror_why() == "goods routed via third countries, freight and insurance on imports and timing"
    assert words.mirror_why(True).endswith(", timing and, where scope is not stated, services")
    assert words.mirror_why(True, "ru").endswith("время учёта и там, где охват не указан, — услуги")


def test_codes_as_words():
    from tradebrief.data import codes

    assert words.code_words("joint_statement", words.DOC_TYPE_WORDS) == "joint statement"
    assert words.code_words("joint_statement", codes.DOC_TYPE, "ru") == "совместное заявление"
    assert words.code_words(None) == "" and words.code_words(math.nan) == ""
    assert words.scope_text(None) == "scope not stated" and words.verdict_text("depends_on_source", "ru") == (
        "зависит от источника")


def test_shorten_cuts_at_a_word():
    assert words.shorten("a " * 60, 20) == "a a a a a a a a a a…"


def test_source_standing_in_plain_words():
    mirror = "biqumok.com (web-novel site republishing the PRC MFA country profile of Belarus)"
    assert words.source_kind("official_statement", mirror) == "official_statement.copy"
    assert words.source_entry_name("official_statement", mirror) == (
        "A copy of an official's statement: " + mirror)  # the copy is named with what it copies
    assert words.source_kind("official_statement", "BelTA (English) citing First Deputy PM Snopkov") == (
        "official_statement.relayed")
    assert words.source_kind("secondary", "en.cfts.org.ua: China-to-EU transit containers via Belarus") == "secondary"
    assert words.source_kind("official_statement", "Belarus MFA (Minister Sergei Martynov) via REGNUM") == (
        "official_statement.copy")
    assert words.source_standing([("official_statistics", "Belstat")]) is None  # nothing to caveat
    assert words.source_standing([("official_statement", "news.by"), ("secondary", "wedoany.com")]) == (
        "these figures are officials' statements and press reports, not statistics releases")
    assert words.source_standing([("official_statistics", "Belstat"), ("official_statement", "BelTA citing Snopkov")]) == (
        "some of these figures are press relays or copies of official figures, not statistics releases")
    assert words.source_standing([("official_statement", "news.by")], "ru") == (
        "эти цифры — заявления должностных лиц, а не статистические публикации")
    assert words.source_standing([]) is None
