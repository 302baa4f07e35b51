"""A thin pair's warning names the countries in words wherever it is shown: the console and the
manifest keep the commands that fill the pair (with the ISO codes a command takes), the batch index
shows the reader the words alone."""
from __future__ import annotations

import re

import pytest

import tradebrief as tb
from tradebrief.report.brief import thin_warning
from tradebrief.report.model import ReportModel
from tradebrief.run.index import reader_warning

ISO3 = re.compile(r"\b[A-Z]{3}\b")


@pytest.mark.parametrize(("partner", "name"), [("DEU", "Germany"), ("UKR", "Ukraine")])
def test_a_thin_pairs_warning_names_the_countries_in_words(partner: str, name: str) -> None:
    ctx = tb.ReportContext.load(reporter="BLR", partner=partner)
    warning = thin_warning(ReportModel.build(ctx))
    assert warning is not None, "the pair is expected to be thin in the snapshot"
    said, command = warning.split("; fill it with ", 1)
    assert said.startswith(f"Belarus–{name} "), said
    assert not ISO3.search(said), said  # no 'BLR–DEU' before the command
    assert f"tradebrief fetch imf --reporter BLR --partner {partner}" in command  # the console keeps how to fill it
    shown = reader_warning(warning)  # the batch index
    assert shown.startswith(f"Belarus–{name} ") and "too few comparable figures" in shown, shown
    assert "tradebrief" not in shown and "--" not in shown and not ISO3.search(shown), shown


def test_a_pair_with_a_trend_has_no_thin_warning() -> None:
    assert thin_warning(ReportModel.build(tb.ReportContext.load(reporter="BLR", partner="CHN"))) is None
