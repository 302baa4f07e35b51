"""A user's data folder is checked, not trusted (issue 25, item 9), on folders built here."""
from __future__ import annotations

from pathlib import Path

from tradebrief.data import load
from tradebrief.data.context import RunData
from tradebrief.data.quotes import value_in_quote

SOURCES = """\
sources:
  my-belstat-000001:
    publisher: "My publisher"
    url: "https://example.org/mine"
    retrieved: "2026-12-07"
    quote: "In 2022 trade between Belarus and China reached $5.79 billion."
    language: en
    reliability: official_statistics
"""
HEADER = "year,period,reporter,economy,partner,flow,value_usd,value_text,bound,scope,year_inferred,source_id,notes\n"


def _folder(tmp_path: Path, value: str, text: str = "$5.79 billion") -> Path:
    folder = tmp_path / "mine"
    (folder / "raw").mkdir(parents=True)
    (folder / "sources.yaml").write_text(SOURCES, encoding="utf-8")
    (folder / "raw" / "trade.csv").write_text(
        HEADER + f"2022,2022,BLR,BLR,CHN,turnover,{value},'{text}',exact,goods,false,my-belstat-000001,\n",
        encoding="utf-8")
    return folder


def test_a_changed_value_is_a_warning_naming_file_row_and_column(tmp_path: Path) -> None:
    assert load.unquoted_figures(_folder(tmp_path / "a", "5790000000")) == []
    # figure and wording changed together (the loader refuses one without the other), the quote not
    folder = _folder(tmp_path / "b", "6200000000", "$6.20 billion")
    (warning,) = load.unquoted_figures(folder)
    assert str(folder / "raw" / "trade.csv") in warning
    assert "row 2 column value_usd: 6200000000 is not printed in the quote of 'my-belstat-000001'" in warning


def test_the_run_names_which_tables_came_from_the_folder_and_drops_others_printed_rates(tmp_path: Path) -> None:
    folder = _folder(tmp_path, "6200000000", "$6.20 billion")
    run = RunData.load("BLR", "CHN", 2015, 2025, source=str(folder))
    origins = load.table_origins(folder, run.data_dir)
    assert origins["trade"] == "folder" and origins["partners"] == origins["changes"] == "snapshot"
    warnings = run.data_warnings
    assert warnings[0].startswith(f"tables from the data folder {folder}: trade; from the shipped snapshot: partners")
    assert any("6200000000 is not printed" in w for w in warnings)
    # the snapshot's printed rates are about the snapshot's figures, never about the user's
    assert run.changes.empty and run.disagreements.empty
    snapshot = RunData.load("BLR", "CHN", 2015, 2025)
    assert not snapshot.changes.empty and snapshot.data_warnings == []


def test_numbers_are_read_from_quotes_in_several_languages() -> None:
    assert value_in_quote("2022年中白贸易额达到50.8亿美元", 5.08e9)
    assert value_in_quote("рекордные 5,9 миллиарда долларов", 5.9e9)
    assert value_in_quote("8 Milliarden 400 Millionen Dollar", 8.4e9)
    assert value_in_quote("$3303 млн", 3.303e9)
    assert value_in_quote("más de 2.900 millones de dólares", 2.9e9)
    assert not value_in_quote("reached $5.79 billion", 6.2e9)
    assert not value_in_quote("A total of 27 agreements were signed", 3.5e9)
