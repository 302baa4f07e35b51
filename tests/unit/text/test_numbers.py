"""text.numbers: figures per language; English keeps the house style byte for byte."""
from __future__ import annotations

import math

import pytest

from tradebrief.text import numbers


@pytest.mark.parametrize(("value", "bound", "en", "ru"), [
    (5.79e9, "exact", "$5.79 bn", "$5,79\u00a0млрд"),
    (8e9, "lower", "over $8 bn", "свыше $8\u00a0млрд"),  # as precise as printed: no zeros rounding added
    (2.5e9, "exact", "$2.5 bn", "$2,5\u00a0млрд"),
    (1000e6, "exact", "$1 bn", "$1\u00a0млрд"),
    (910e6, "exact", "$910 m", "$910\u00a0млн"),
    (3485e6, "exact", "$3.49 bn", "$3,49\u00a0млрд"),  # half up on the figure as written
    (966.6e6, "upper", "almost $966.6 m", "почти $966,6\u00a0млн"),
    (920e6, "approx", "about $920 m", "около $920\u00a0млн"),
    (12345.0, "exact", "$12,345", "$12\u00a0345"),
])
def test_usd_per_language(value, bound, en, ru):
    assert numbers.usd(value, bound) == en
    assert numbers.usd(value, bound, lang="ru") == ru


def test_gaps_and_infinity_are_the_same_in_every_language():
    for lang in numbers.LANGS:
        assert numbers.usd(None, lang=lang) == numbers.usd(math.nan, lang=lang) == "—"
        assert numbers.usd(math.inf, lang=lang) == "∞"
        assert numbers.pct(None, lang) == numbers.share(math.nan, lang) == "—"


def test_percent_changes_shares_and_rates():
    assert (numbers.pct(27.33), numbers.pct(-1.94), numbers.share(4.93)) == ("+27.3%", "-1.9%", "4.9%")
    assert (numbers.pct(27.33, "ru"), numbers.pct(-1.94, "ru"), numbers.share(4.93, "ru")) == (
        "+27,3\u00a0%", "−1,9\u00a0%", "4,9\u00a0%")
    assert (numbers.rate(0.33), numbers.rate(0.333), numbers.rate(-0.5), numbers.rate(0.2, signed=False)) == (
        "+33%", "+33.3%", "-50%", "20%")
    assert numbers.rate(0.333, lang="ru") == "+33,3\u00a0%"
    assert numbers.rate(math.inf) == "no upper limit" and numbers.rate(math.inf, lang="ru") == "без верхнего предела"


def test_times_is_one_rule():
    assert [numbers.times_text(r) for r in (3.21, 1.95, 1.94, 0.86)] == [
        "3.2 times", "1.9 times", "94% higher", "14% lower"]
    assert numbers.times_text(3.21, "ru") == "в 3,2 раза"


def test_periods_months_and_ordinals():
    assert numbers.period_text("2016-01..2016-06") == "Jan–Jun 2016"
    assert numbers.period_text("2023-01-01..2023-02-14") == "1 Jan–14 Feb 2023"
    assert numbers.period_text("2022-12..2023-02") == "Dec 2022–Feb 2023"
    assert numbers.period_text("2023-part") == "2023 (period not stated)" and numbers.period_text("2021") == "2021"
    assert numbers.period_text("2016-01..2016-06", "ru") == "янв.–июн. 2016"
    assert [numbers.ordinal_partner(n) for n in (1, 2, 7, 9, 21, 23)] == [
        "largest", "second-largest", "seventh-largest", "ninth-largest", "21st-largest", "23rd-largest"]
    assert [numbers.ordinal(n) for n in (2, 11, 22)] == ["second", "eleventh", "22nd"]
    assert numbers.ordinal(2, "ru") == "второе" and numbers.ordinal_partner(9, "ru") == "девятый по величине"
    assert numbers.ordinal_partner(1, "ru") == "крупнейший"


def test_quantities_and_printed_rates():
    assert numbers.quantity(930000, "TEU") == "930,000 TEU"
    assert numbers.quantity(85, "percent", "exact", 90) == "85–90%"
    assert numbers.quantity(8, "bn USD", "approx") == "about $8 bn"
    assert numbers.quantity(930000, "TEU", lang="ru") == "930\u00a0000 TEU"
    assert numbers.printed_rate("pct_of_base", 113, "lower", "2021") == "over 113% of 2021"
    assert numbers.printed_rate("pct_change", 13) == "+13%"
    assert numbers.printed_rate("times", 2) == "2 times the year before"
    assert numbers.printed_rate("pct_of_base", 113.5, "lower", "2021", "ru") == "свыше 113,5\u00a0% к 2021"


def test_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="one of en, ru"):
        numbers.check_lang("de")
    with pytest.raises(KeyError, match="language 'de'"):
        numbers.usd(1e9, lang="de")


def test_a_difference_is_no_more_precise_than_its_coarser_figure():
    """China's 2019 surplus from $1.8 bn and $914 m is about $900 m, not '$886 m' (issue 24: no figure more
    precise than its source); Belarus's 2022 deficit from $1.61 bn and $4.18 bn stays exact."""
    from tradebrief.text.numbers import difference, printed_step, usd_difference

    assert printed_step(1.8e9) == 1e8 and printed_step(914e6) == 1e6 and printed_step(1.61e9) == 1e7
    assert difference(1.8e9, 914e6) == (900e6, "approx")
    assert usd_difference(1.8e9, 914e6) == "about $900 m"
    assert usd_difference(1.61e9, 4.18e9) == "$2.57 bn" and difference(1.61e9, 4.18e9)[1] == "exact"
    assert usd_difference(1.8e9, 914e6, "ru").startswith("около ")
