"""Statements → proposed checks, in English, Russian and Chinese: units, bounds, "N% of last year",
"N times", ranks, counts, dates, memberships, and nothing attributed to the pair about a third country."""
from __future__ import annotations

import pytest

from tradebrief.claims.draft import as_document, draft_claims, render
from tradebrief.claims.spec import parse_claims


def checks(text: str, date: str = "2023-03-21", **kw) -> list[dict]:
    draft = draft_claims(text, source="test", date=date, **kw)
    parse_claims(as_document(draft))  # every drafted file loads as it is
    return [c.check for c in draft.claims]


def one(text: str, kind: str, **kw) -> dict:
    found = [c for c in checks(text, **kw) if c["kind"] == kind]
    assert len(found) == 1, found
    return found[0]


# --- English -----------------------------------------------------------------------------------------

def test_en_amount_year_and_lower_bound():
    c = one("In 2022, trade between Belarus and China exceeded $5.79 billion.", "threshold")
    assert (c["economy"], c["partner"], c["flow"], c["year"], c["op"], c["value"]) == \
        ("BLR", "CHN", "turnover", 2022, ">", 5790000000)


def test_en_rounded_amount_is_within_its_last_digit_and_export_direction():
    c = one("China's exports to Belarus were $4.18 billion in 2022.", "threshold")
    assert (c["economy"], c["partner"], c["flow"], c["op"], c["tolerance"]) == ("CHN", "BLR", "export", "~", 0.01)


@pytest.mark.parametrize(("text", "op", "tolerance"), [
    ("Belarus–China trade was almost $12 billion in 2024.", "<", None),
    ("Belarus–China trade was about $8 bn in 2024.", "~", 0.05),
    ("Belarus–China trade was over $8 bn in 2024.", ">", None),
])
def test_en_bounds(text, op, tolerance):
    c = one(text, "threshold")
    assert c["op"] == op and c.get("tolerance") == tolerance


def test_en_growth_by_percent_in_a_year():
    c = one("In 2022 Belarus–China trade grew by 33%.", "growth")
    assert (c["from_year"], c["to_year"], c["measure"], c["value"], c["op"]) == (2021, 2022, "yoy", 0.33, "~")


def test_en_percent_of_an_earlier_year_and_of_last_year():
    c = one("In 2022 Belarus–China trade was 113% of 2021.", "growth")
    assert (c["from_year"], c["to_year"], c["value"]) == (2021, 2022, 0.13)
    c = one("Belarus's exports to China in 2022 were 117% to last year.", "growth")
    assert (c["from_year"], c["to_year"], c["value"], c["flow"]) == (2021, 2022, 0.17, "export")


def test_en_times_and_per_year_over_the_last_years():
    c = one("Trade between Belarus and China increased 1.5 times in 2021.", "growth")
    assert (c["from_year"], c["to_year"], c["value"]) == (2020, 2021, 0.5)
    c = one("In the last two years, trade between Belarus and China has increased by 33% per year.", "growth")
    assert (c["from_year"], c["to_year"], c["measure"], c["value"]) == (2020, 2022, "cagr", 0.33)


def test_en_ranks():
    c = one("China is Belarus's second-largest trade partner.", "rank")
    assert (c["economy"], c["partner"], c["op"], c["value"], c["year"]) == ("BLR", "CHN", "==", 2, 2022)
    c = one("China is one of the top three trading partners of Belarus.", "rank")
    assert (c["economy"], c["op"], c["value"]) == ("BLR", "<=", 3)


def test_en_counts_dates_and_memberships():
    text = ("Lukashenko's state visit to China began on February 28, 2023. During the visit the sides signed "
            "27 agreements. Eight rail container routes pass through Belarus. Belarus became a member of the SCO.")
    found = checks(text)
    kinds = [c["kind"] for c in found]
    assert kinds == ["date", "count", "count", "not_checkable"]
    visit, docs, rail, _ = found
    assert (visit["category"], visit["actors_contains"], visit["date"]) == ("visit", "Lukashenko", "2023-02-28")
    assert (docs["dataset"], docs["between"], docs["value"]) == ("agreements", ["2023-02-28", "2023-03-03"], 27)
    assert (rail["dataset"], rail["value"], rail["op"], rail["year"]) == ("rail", 8, "==", 2023)


def test_en_third_country_figure_is_not_attributed_to_the_pair():
    draft = draft_claims("In 2022 Belarus's trade with Russia grew by 10% to $50 billion.", source="t", date="2023-03-21",
                         reporter="BLR", partner="CHN")
    assert draft.claims == []
    assert "Russia" in draft.skipped[0].reason and "not attributed to the pair" in draft.skipped[0].reason


def test_en_rank_after_a_third_country_is_still_the_pairs():
    c = one("China is Belarus's second-largest trading partner after Russia.", "rank")
    assert (c["partner"], c["value"]) == ("CHN", 2)


def test_a_figure_no_rule_reads_is_listed_with_the_reason():
    draft = draft_claims("China and Belarus trade a lot. In 2022, 40% of the goods were potash.", source="t",
                         date="2023-03-21")
    text = render(draft)
    assert "# Not drafted" in text and "# - quote: In 2022, 40% of the goods were potash." in text


def test_a_year_not_complete_at_the_texts_date_is_not_checked_as_a_full_year():
    draft = draft_claims("In 2023 Belarus–China trade grew by 20%.", source="t", date="2023-03-21")
    assert draft.claims == [] and "not complete" in draft.skipped[0].reason


# --- Russian -----------------------------------------------------------------------------------------

def test_ru_amount_growth_and_times():
    found = checks("В 2022 году товарооборот Беларуси и Китая составил 5,79 млрд долларов, что на 13% больше, "
                   "чем в 2021 году.")
    assert [c["kind"] for c in found] == ["threshold", "growth"]
    assert (found[0]["value"], found[0]["year"]) == (5790000000, 2022)
    assert (found[1]["from_year"], found[1]["to_year"], found[1]["value"]) == (2021, 2022, 0.13)
    c = one("В 2021 году экспорт Беларуси в Китай вырос в 1,5 раза.", "growth")
    assert (c["flow"], c["economy"], c["value"], c["to_year"]) == ("export", "BLR", 0.5, 2021)


def test_ru_percent_of_last_year_and_lower_bound():
    c = one("В 2022 году товарооборот Беларуси с Китаем составил 113% к уровню 2021 года.", "growth")
    assert (c["from_year"], c["to_year"], c["value"]) == (2021, 2022, 0.13)
    c = one("В 2024 году товарооборот Беларуси и Китая превысил $8 млрд.", "threshold", date="2025-02-01")
    assert (c["op"], c["value"], c["year"]) == (">", 8000000000, 2024)


def test_ru_imports_into_belarus_are_belarus_imports():
    c = one("В 2022 году объем импорта китайских товаров в Белоруссию составил 4,18 миллиарда долларов.", "threshold")
    assert (c["economy"], c["partner"], c["flow"]) == ("BLR", "CHN", "import")


def test_ru_ranks_counts_dates():
    c = one("Китай является вторым торговым партнёром Беларуси.", "rank")
    assert (c["economy"], c["partner"], c["value"]) == ("BLR", "CHN", 2)
    c = one("Китай входит в тройку крупнейших торговых партнеров Беларуси.", "rank")
    assert (c["op"], c["value"]) == ("<=", 3)
    found = checks("28 февраля 2023 года Лукашенко прибыл с государственным визитом в Китай. "
                   "В ходе визита подписано 27 соглашений.")
    by_kind = {c["kind"]: c for c in found}
    assert sorted(by_kind) == ["count", "date"]
    assert by_kind["date"]["date"] == "2023-02-28" and by_kind["count"]["value"] == 27


# --- Chinese -----------------------------------------------------------------------------------------

def test_zh_amount_and_yoy_growth():
    found = checks("2022年,中白贸易额50.8亿美元,同比增长33%。")
    assert [c["kind"] for c in found] == ["threshold", "growth"]
    assert (found[0]["value"], found[0]["year"]) == (5080000000, 2022)
    assert (found[1]["from_year"], found[1]["to_year"], found[1]["value"]) == (2021, 2022, 0.33)


def test_zh_bounds_times_ranks_counts_dates():
    c = one("2024年中白贸易额超过80亿美元。", "threshold", date="2025-02-01")
    assert (c["op"], c["value"]) == (">", 8000000000)
    c = one("2021年中白贸易额增长1倍。", "growth")
    assert c["value"] == 1.0
    c = one("中国是白俄罗斯第二大贸易伙伴。", "rank")
    assert (c["economy"], c["partner"], c["value"]) == ("BLR", "CHN", 2)
    found = {c["kind"]: c for c in checks("2023年3月1日,卢卡申科访华期间,双方签署了27项协议。")}
    assert sorted(found) == ["count", "date"] and found["date"]["date"] == "2023-03-01"
    assert found["count"]["value"] == 27 and found["count"]["between"] == ["2023-03-01", "2023-03-04"]


def test_zh_rank_within_a_region_is_not_a_rank_among_all():
    draft = draft_claims("中国是白在亚洲最大的贸易伙伴。", source="t", date="2020-05")
    assert draft.claims == [] and "region" in draft.skipped[0].reason


# --- the text's pair, date and own citations ----------------------------------------------------------

def test_pair_from_the_most_named_countries_and_date_from_the_dateline():
    draft = draft_claims("Published: 12 May 2024\nKazakhstan and China traded more. China and Kazakhstan again.",
                         source="t")
    assert draft.date == "2024-05-12" and set(draft.pair) == {"KAZ", "CHN"}


def test_own_citations_are_left_out_of_every_check():
    c = one("In 2022, trade between Belarus and China exceeded $5 billion.", "threshold", own_sources=["self-1"])
    assert c["exclude_sources"] == ["self-1"]
