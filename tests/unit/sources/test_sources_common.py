"""Pieces shared by the live adapters: years, chunks, Retry-After, M49 codes, the CSV writer."""
from __future__ import annotations

from datetime import UTC, datetime

import pytest

from tradebrief.data.schema import TABLES
from tradebrief.errors import CountryError, UsageError
from tradebrief.sources.common import parse_years, trade_csv, year_chunks
from tradebrief.sources.http import retry_after_seconds
from tradebrief.sources.m49 import from_comtrade, to_comtrade


@pytest.mark.parametrize("text, expected", [("2000:2024", (2000, 2024)), ("2022", (2022, 2022)),
                                            (" 2019:2019 ", (2019, 2019))])
def test_parse_years(text, expected):
    assert parse_years(text) == expected


@pytest.mark.parametrize("text, message", [("2024:2000", "reversed"), ("2000-2024", "not understood"),
                                           ("1:2:3", "not understood"), ("1900:1910", "out of range")])
def test_parse_years_rejects(text, message):
    with pytest.raises(UsageError, match=message):
        parse_years(text)


def test_year_chunks():
    assert year_chunks(2000, 2011, 5) == [(2000, 2004), (2005, 2009), (2010, 2011)]
    assert year_chunks(2020, 2020, 5) == [(2020, 2020)]
    with pytest.raises(UsageError):
        year_chunks(2000, 2001, 0)


def test_retry_after_forms():
    now = datetime(2026, 11, 28, 12, 0, 0, tzinfo=UTC)
    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds("Sat, 28 Nov 2026 12:01:30 GMT", now=now) == 90.0
    assert retry_after_seconds("Sat, 28 Nov 2026 11:00:00 GMT", now=now) == 0.0
    assert retry_after_seconds(None) is None and retry_after_seconds("soon") is None


@pytest.mark.parametrize("iso3, code", [("BLR", 112), ("CHN", 156), ("RUS", 643), ("USA", 842),
                                        ("CHE", 757), ("EUU", 97)])
def test_comtrade_codes_round_trip(iso3, code):
    assert to_comtrade(iso3) == code
    assert from_comtrade(code) == iso3


def test_comtrade_codes_refuse_what_they_do_not_know():
    with pytest.raises(CountryError, match="no UN Comtrade code for 'XXX'"):
        to_comtrade("XXX")
    with pytest.raises(CountryError, match="Comtrade area code 840 has no ISO3 mapping"):
        from_comtrade(840)  # the ISO numeric of the USA is not Comtrade's code for it (842)


def test_trade_csv_is_ordered_and_typed():
    row = {"year": 2020, "period": "2020", "reporter": "BLR", "economy": "BLR", "partner": "CHN",
           "flow": "import", "value_usd": 1234567.0, "value_text": "primaryValue 1234567.0",
           "bound": "exact", "scope": "goods", "scope_evidence": "quote: typeCode C (commodities); cmdCode TOTAL",
           "basis": "statistics", "year_inferred": False, "source_id": "comtrade-blr-chn-2020-2020", "notes": None}
    earlier = {**row, "period": "2019", "year": 2019}
    text = trade_csv([row, earlier])
    lines = text.splitlines()
    assert lines[0] == ",".join(TABLES["trade"].columns)
    assert lines[1].startswith("2019,2019,BLR") and lines[2].startswith("2020,2020,BLR")
    assert (",1234567.0,primaryValue 1234567.0,exact,goods,quote: typeCode C (commodities); cmdCode TOTAL,"
            "statistics,false,comtrade-blr-chn-2020-2020,comtrade-blr-chn-2020-2020," in lines[2])
    assert trade_csv([earlier, row]) == text  # same rows, any order → same bytes
