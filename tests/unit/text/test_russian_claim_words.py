"""Russian claim wording that reads as Russian (issue 24): a count of dated records is said subject first
("4 из 12 подходящих записей датированы 2020 годом", not "Из подходящих записей (12) в 2020 датированы 4"),
and a rate the source printed as a whole number keeps no decimal ("+33 %", not "+33,0 %")."""
from __future__ import annotations

import json
import re

import pytest

from conftest import SNAPSHOT
from tradebrief.claims import evaluate, load_claims, results_to_json_text
from tradebrief.data.context import RunData
from tradebrief.text import numbers
from tradebrief.text.said import Word, say, write


def _dated(key: str, hits: int, date: str, n: int = 12):
    return say(key, n=Word("count", n), hits=Word("count", hits), dates="2004 — 2022-03-02",
               claimed=say("claim.date.in", date=date))


def test_a_count_of_dated_records_reads_subject_first() -> None:
    assert write(_dated("claim.short.date.many", 4, "2020"), "ru") == "4 из 12 подходящих записей датированы 2020 годом"
    assert write(_dated("claim.short.date.many_one", 1, "2020"), "ru") == "1 из 12 подходящих записей датирована 2020 годом"
    assert write(_dated("claim.date.many", 4, "2020"), "ru") == ("4 из 12 подходящих записей (даты: 2004 — 2022-03-02) "
                                                                 "датированы 2020 годом")
    assert write(_dated("claim.short.date.many", 4, "2023-03"), "ru") == "4 из 12 подходящих записей датированы 2023-03"
    # English as before
    assert write(_dated("claim.short.date.many", 4, "2020"), "en") == "4 of 12 matching records are dated in 2020"


def test_the_claimed_date_elsewhere_keeps_its_own_form() -> None:
    """Only after 'датированы' is the year in the instrumental; 'то есть в 2020' stays."""
    said = say("claim.date.supported", dates="2020-10-02", claimed=say("claim.date.in", date="2020"))
    assert write(said, "ru") == "по записям дата — 2020-10-02, то есть в 2020"
    assert write(say("claim.date.in", date="2020"), "ru") == "в 2020"


@pytest.mark.parametrize(("measure", "value", "bound", "ru", "en"), [
    ("pct_change", 33.0, "exact", "+33 %", "+33%"),
    ("pct_change", 27.3, "exact", "+27,3 %", "+27.3%"),
    ("pct_change", -1.0, "exact", "−1 %", "-1%"),
    ("pct_of_base", 113.0, "lower", "свыше 113 % к предыдущему году", "over 113% of the year before"),
    ("times", 2.0, "exact", "в 2 раза больше, чем годом ранее", "2 times the year before"),
])
def test_a_printed_rate_keeps_the_digits_the_source_printed(measure, value, bound, ru, en) -> None:
    assert numbers.printed_rate(measure, value, bound, lang="ru") == ru.replace(" %", "\u00a0%")
    assert numbers.printed_rate(measure, value, bound, lang="en") == en


def test_short_printed_rates_and_claimed_numbers_drop_a_floats_zero() -> None:
    assert write(Word("printed_short", "times", 2.0, "exact"), "ru") == "×2"
    assert write(Word("printed_short", "pct_change", 33.0, "exact"), "ru") == "+33\u00a0%"
    assert write(Word("g", 27.0), "ru") == "27" and write(Word("g", 1.5), "ru") == "1,5"


def test_the_seed_articles_printed_rates_in_russian() -> None:
    data = RunData.load(source=str(SNAPSHOT), require_data=False)
    doc = json.loads(results_to_json_text(evaluate(load_claims(SNAPSHOT / "claims" / "seed_article.yaml"), data), "ru"))
    printed = [line for claim in doc for side in claim["by_side"] for line in side["evidence"]
               if line.startswith("опубликованный темп")]
    assert any("+33\u00a0%" in line for line in printed), printed
    assert not [line for line in printed if re.search(r"\d,0\u00a0%", line)], printed
