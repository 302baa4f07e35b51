"""Issue 25, class 4: a printed rate is checked against figures read to the precision their own words
print, so a rate that contradicts held figures is shown as a disagreement, not waved through by a
coarse reading ("40亿美元" is forty units of 亿, not one significant digit of 4e9)."""
from __future__ import annotations

import pandas as pd
import pytest

from tradebrief.data.changes import check_changes
from tradebrief.data.facts import figure_interval, half_unit, printed_half_unit


@pytest.mark.parametrize(("value", "text", "half"), [
    (4e9, "40亿美元", 5e7),                     # 40 units of 1e8
    (2.832e9, "$2832 млн", 5e5),
    (8.44e9, "8.440 millones de dólares", 5e5),  # '.' as a thousands separator: the digits decide
    (5.4e9, "$5,4 млрд", 5e7),                   # ',' as a decimal comma
    (8.9e9, "2025年1-11月 89亿美元", 5e7),       # the year and months in the words are skipped
    (5.79e9, "$5.79 billion", 5e6),
])
def test_the_printed_digits_set_the_precision(value, text, half):
    assert printed_half_unit(value, text) == pytest.approx(half)


def test_without_words_or_a_matching_number_the_value_alone_decides():
    assert printed_half_unit(4e9, None) == half_unit(4e9) == 5e8
    assert printed_half_unit(4e9, "€3,7 Mrd.") == half_unit(4e9)  # a converted currency: no number is the value
    assert figure_interval(4e9, "rounded") == (3.5e9, 4.5e9)
    assert figure_interval(4e9, "rounded", value_text="40亿美元") == (3.95e9, 4.05e9)


def _trade(year, value, text, scope):
    return {"year": year, "period": str(year), "reporter": "BLR", "economy": "BLR", "partner": "CHN",
            "flow": "turnover", "value_usd": value, "value_text": text, "bound": "rounded" if year == 2014 else "exact",
            "scope": scope, "source_id": f"s{year}", "source_ids": f"s{year}"}


def test_a_printed_rate_beyond_the_printed_figures_disagrees():
    """+27% beside '40亿美元' for 2014 and $3485 m for 2013: the figures give +13-16%, not +27%."""
    trade = pd.DataFrame([_trade(2013, 3.485e9, "$3485 млн", "goods"), _trade(2014, 4e9, "40亿美元", "unknown")])
    change = pd.DataFrame([{"period": "2014", "base_period": "2013", "reporter": "BLR", "economy": "BLR",
                            "partner": "CHN", "flow": "turnover", "scope": "unknown", "measure": "pct_change",
                            "value": 27.0, "ratio": 1.27, "bound": "exact", "value_text": "同比增长27%",
                            "source_id": "s2014", "source_ids": "s2014"}])
    row = check_changes(trade, change).iloc[0]
    assert row["status"] == "disagrees"
    assert row["computed_lo"] == pytest.approx(3.95 / 3.4855) and row["computed_hi"] == pytest.approx(4.05 / 3.4845)
    # the coarse reading of the same figure (no words) would have let it pass
    loose = check_changes(trade.assign(value_text=""), change).iloc[0]
    assert loose["status"] == "agrees"
