"""The batch index is for readers: a run's warning there holds no command line (the console keeps it)."""
from __future__ import annotations

from tradebrief.run.index import reader_warning


def test_a_thin_pair_warning_keeps_what_it_says_and_drops_the_commands() -> None:
    warning = ("BLR–DEU 2010–2025: too few comparable figures for a trend (2 full-year figures in all); fill it "
               "with `tradebrief fetch imf --reporter BLR --partner DEU` (or `tradebrief fetch comtrade --reporter "
               "BLR --partner DEU`), then `tradebrief run --source imf --reporter BLR --partner DEU`; or "
               "`tradebrief run --baci PATH` with a CEPII BACI release")
    shown = reader_warning(warning)
    assert shown == "BLR–DEU 2010–2025: too few comparable figures for a trend (2 full-year figures in all)."
    assert "tradebrief" not in shown and "--" not in shown


def test_a_warning_without_a_command_is_kept_whole() -> None:
    assert reader_warning("brief.pdf: one page too many") == "brief.pdf: one page too many"
