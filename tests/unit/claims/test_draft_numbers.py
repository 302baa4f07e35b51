"""Amounts, rates, multiples and dates as English, Russian and Chinese texts print them."""
from __future__ import annotations

import pytest

from tradebrief.claims.draft import numbers as nb


@pytest.mark.parametrize(("text", "value"), [
    ("5.79", 5.79), ("5,79", 5.79), ("1,234", 1234.0), ("1,234.5", 1234.5), ("5 790", 5790.0),
    ("eight", 8.0), ("восемь", 8.0), ("八", 8.0), ("a dozen", 12.0), ("二十七", 27.0),
])
def test_parse_number(text, value):
    assert nb.parse_number(text)[0] == value


@pytest.mark.parametrize(("sentence", "value", "bound"), [
    ("trade reached $5.79 billion", 5.79e9, "rounded"),
    ("over $8 bn", 8e9, "lower"),
    ("almost $12 billion", 12e9, "upper"),
    ("about US$ 3.5 bn", 3.5e9, "approx"),
    ("exceeding 5 billion dollars", 5e9, "lower"),
    ("составил 5,79 млрд долларов", 5.79e9, "rounded"),
    ("более $8 млрд", 8e9, "lower"),
    ("почти 3 миллиарда долларов", 3e9, "upper"),
    ("около 1,61 млрд долл. США", 1.61e9, "approx"),
    ("贸易额84.4亿美元", 8.44e9, "rounded"),
    ("超过80亿美元", 8e9, "lower"),
    ("约5.7亿美元", 5.7e8, "approx"),
    ("50亿美元以上", 5e9, "lower"),
])
def test_money_with_unit_and_bound(sentence, value, bound):
    (fig,) = nb.money(sentence)
    assert fig.value == pytest.approx(value) and fig.bound == bound


def test_percent_times_and_years():
    assert [f.value for f in nb.percents("grew by 33% and 12.5 per cent; 同比增长8.4%; на 13 процентов")] == \
        [33.0, 12.5, 8.4, 13.0]
    assert [f.value for f in nb.times("increased 1.5 times, в 1,5 раза, 增长2倍")] == [1.5, 1.5, 2.0]
    assert nb.years("from 2013 to 2022, not 12345") == [2013, 2022]


@pytest.mark.parametrize(("sentence", "year", "expected"), [
    ("on February 28, 2023", None, "2023-02-28"),
    ("on 28 February 2023", None, "2023-02-28"),
    ("28 февраля 2023 года", None, "2023-02-28"),
    ("2023年2月28日", None, "2023-02-28"),
    ("accessed 21.03.2023", None, "2023-03-21"),
    ("in July 2013", None, "2013-07"),
    ("в июле 2013 года", None, "2013-07"),
    ("2013年7月", None, "2013-07"),
    ("28 февраля президент", 2023, "2023-02-28"),
    ("2月28日", 2023, "2023-02-28"),
])
def test_dates(sentence, year, expected):
    assert nb.dates(sentence, year)[0][0] == expected


def test_a_day_without_year_needs_the_texts_year():
    assert nb.dates("28 февраля президент") == []
    assert nb.dates("on February 30, 2023") == []  # no such day


def test_periods():
    assert nb.period("in January-November 2025") == "2025-01..2025-11"
    assert nb.period("в январе-ноябре 2025 года") == "2025-01..2025-11"
    assert nb.period("2025年1-11月") == "2025-01..2025-11"
    assert nb.period("in 2025") is None
