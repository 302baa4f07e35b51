"""Loaders: valid data loads; each kind of bad input fails with file, row, column and expectation."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

import tradebrief
from conftest import MINI_TRADE_HEADER, MINI_TRADE_ROWS
from tradebrief.data import mark_preferred
from tradebrief.errors import DataError


def write_trade(folder: Path, rows: list[str], header: str = MINI_TRADE_HEADER) -> Path:
    path = folder / "raw" / "trade.csv"
    path.write_text(header + "".join(rows), encoding="utf-8")
    return path


def test_valid_folder_loads_with_reliability_and_preferred(mini_data: Path) -> None:
    trade = tradebrief.load_trade(mini_data)
    assert len(trade) == 3
    assert trade["value_usd"].dtype == "float64"
    assert set(trade["reliability"]) == {"official_statistics", "official_statement"}
    assert trade["preferred"].all()  # three different cells
    assert trade.loc[trade["year"] == 2021, "year_inferred"].item() is True


def test_missing_file(mini_data: Path) -> None:
    (mini_data / "raw" / "trade.csv").unlink()
    with pytest.raises(DataError, match=r"trade\.csv: file not found") as info:
        tradebrief.load_trade(mini_data)
    assert info.value.file.endswith("trade.csv")


def test_missing_sources_file(mini_data: Path) -> None:
    (mini_data / "sources.yaml").unlink()
    with pytest.raises(DataError, match=r"sources\.yaml: file not found"):
        tradebrief.load_trade(mini_data)


def test_missing_data_folder(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="data folder not found"):
        tradebrief.load_trade(tmp_path / "nowhere")


def test_missing_column(mini_data: Path) -> None:
    header = MINI_TRADE_HEADER.replace("value_usd,", "")
    rows = [r.replace(",5790000000,", ",").replace(",5080000000,", ",").replace(",5100000000,", ",")
            for r in MINI_TRADE_ROWS]
    write_trade(mini_data, rows, header)
    with pytest.raises(DataError, match=r"column 'value_usd': missing column\(s\) 'value_usd'; expected columns: year, period"):
        tradebrief.load_trade(mini_data)


def test_unexpected_column_is_named(mini_data: Path) -> None:
    header = MINI_TRADE_HEADER.replace("notes\n", "notes,comment\n")
    write_trade(mini_data, [r.rstrip("\n") + ",x\n" for r in MINI_TRADE_ROWS], header)
    with pytest.raises(DataError, match=r"unexpected column\(s\) 'comment'"):
        tradebrief.load_trade(mini_data)


def test_non_numeric_value(mini_data: Path) -> None:
    rows = list(MINI_TRADE_ROWS)
    rows[1] = rows[1].replace("5080000000", "five billion")
    write_trade(mini_data, rows)
    with pytest.raises(DataError) as info:
        tradebrief.load_trade(mini_data)
    err = info.value
    assert (err.row, err.column) == (3, "value_usd")
    assert "'five billion' is not a number" in str(err)


def test_negative_value(mini_data: Path) -> None:
    rows = list(MINI_TRADE_ROWS)
    rows[0] = rows[0].replace("5790000000", "-5790000000")
    write_trade(mini_data, rows)
    with pytest.raises(DataError, match=r"row 2, column 'value_usd': value -5790000000 is not a number >= 0"):
        tradebrief.load_trade(mini_data)


def test_unknown_country_code(mini_data: Path) -> None:
    rows = list(MINI_TRADE_ROWS)
    rows[2] = rows[2].replace(",BLR,BLR,CHN,", ",BLR,BLR,CHX,")
    write_trade(mini_data, rows)
    with pytest.raises(DataError, match=r"row 4, column 'partner': value 'CHX' is not an ISO3 code"):
        tradebrief.load_trade(mini_data)


def test_unknown_flow(mini_data: Path) -> None:
    rows = list(MINI_TRADE_ROWS)
    rows[0] = rows[0].replace(",turnover,", ",exports,")
    write_trade(mini_data, rows)
    with pytest.raises(DataError, match=r"row 2, column 'flow': value 'exports' is not one of export, import, turnover"):
        tradebrief.load_trade(mini_data)


def test_bad_boolean(mini_data: Path) -> None:
    rows = list(MINI_TRADE_ROWS)
    rows[0] = rows[0].replace(",false,", ",maybe,")
    write_trade(mini_data, rows)
    with pytest.raises(DataError, match=r"row 2, column 'year_inferred': value 'maybe' is not true or false"):
        tradebrief.load_trade(mini_data)


def test_bad_period(mini_data: Path) -> None:
    rows = list(MINI_TRADE_ROWS)
    rows[0] = rows[0].replace("2022,2022,", "2022,Jan-May 2022,")
    write_trade(mini_data, rows)
    with pytest.raises(DataError, match=r"row 2, column 'period': value 'Jan-May 2022' is not YYYY"):
        tradebrief.load_trade(mini_data)


def test_duplicate_key_rows(mini_data: Path) -> None:
    write_trade(mini_data, MINI_TRADE_ROWS + [MINI_TRADE_ROWS[0].replace("5790000000", "5800000000")])
    with pytest.raises(DataError) as info:
        tradebrief.load_trade(mini_data)
    assert info.value.row == 5
    assert "duplicate key (source_id='test-belstat-aaaaaa', period=" in str(info.value)
    assert "same as row 2" in str(info.value)


def test_unresolved_source_id(mini_data: Path) -> None:
    rows = list(MINI_TRADE_ROWS)
    rows[1] = rows[1].replace("test-customs-bbbbbb", "test-missing-cccccc")
    write_trade(mini_data, rows)
    with pytest.raises(DataError, match=r"row 3, column 'source_id': source_id 'test-missing-cccccc' does not resolve"):
        tradebrief.load_trade(mini_data)


def test_empty_file(mini_data: Path) -> None:
    (mini_data / "raw" / "trade.csv").write_text("", encoding="utf-8")
    with pytest.raises(DataError, match=r"trade\.csv: file is empty; expected a header row"):
        tradebrief.load_trade(mini_data)


def test_header_only(mini_data: Path) -> None:
    write_trade(mini_data, [])
    with pytest.raises(DataError, match="has a header but no data rows"):
        tradebrief.load_trade(mini_data)


def test_wrong_encoding(mini_data: Path) -> None:
    path = mini_data / "raw" / "trade.csv"
    text = MINI_TRADE_HEADER + "".join(MINI_TRADE_ROWS[::2]).replace("'$5.1bn'", "'5,1 млрд'")
    path.write_bytes(text.encode("cp1251"))
    with pytest.raises(DataError, match=r"row 3: not valid UTF-8 \(byte 0x\w\w on line 3\); save the file as UTF-8"):
        tradebrief.load_trade(mini_data)


def test_source_without_quote(mini_data: Path) -> None:
    path = mini_data / "sources.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('    quote: "In 2022 trade was 5.79 billion."\n', ""),
                    encoding="utf-8")
    with pytest.raises(DataError, match=r"source 'test-belstat-aaaaaa' lacks 'quote'"):
        tradebrief.load_sources(mini_data)


def test_source_bad_grade(mini_data: Path) -> None:
    path = mini_data / "sources.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("official_statement", "trustworthy"), encoding="utf-8")
    with pytest.raises(DataError, match=r"reliability 'trustworthy'; expected one of official_statistics"):
        tradebrief.load_sources(mini_data)


def test_preferred_rule_order() -> None:
    """Basis, then scope matching the series, explicit year, exactness, grade, source id; one per cell.

    What the figure is comes before who published it (issue 10): a secondary page's exact, dated
    goods figure from the statistics beats an official's rounded one.
    """
    base = {"period": "2022", "reporter": "BLR", "economy": "BLR", "partner": "CHN", "flow": "turnover"}
    stats, official = ("statistics", "official_statistics"), ("official", "official_statement")
    specs = [  # (basis, grade), scope, year_inferred, bound, source_id
        (official, "goods", False, "exact", "g"),
        (("statistics", "secondary"), "goods", False, "exact", "a"),
        (stats, "goods_and_services", False, "exact", "b"),
        (stats, "unknown", False, "exact", "h"),
        (stats, "goods", True, "exact", "c"),
        (stats, "goods", False, "lower", "d"),
        (("statistics", "secondary"), "goods", False, "rounded", "f"),
        (stats, "goods", False, "rounded", "i"),
        (stats, "goods", False, "rounded", "e"),
    ]
    rows = [{**base, "basis": b, "reliability": g, "scope": scope, "year_inferred": inferred, "bound": bound,
             "source_id": sid} for (b, g), scope, inferred, bound, sid in specs]
    frame = pd.DataFrame(rows)
    cell = ("period", "reporter", "economy", "partner", "flow")
    preferred = mark_preferred(frame, cell)
    assert preferred.sum() == 1
    assert frame.loc[preferred, "source_id"].item() == "a"  # exact beats the better-graded rounded ones
    # Remove the winners one by one: the rule's next criterion decides.
    for winner, expected in [("a", "e"), ("e", "i"), ("i", "f"), ("f", "d"), ("d", "c"), ("c", "h"),
                             ("h", "b"), ("b", "g")]:
        frame = frame[frame["source_id"] != winner]
        preferred = mark_preferred(frame, cell)
        assert frame.loc[preferred, "source_id"].item() == expected, winner


def test_preferred_without_basis_reads_the_grade() -> None:
    """Frames without `basis` (mirrored rows, user folders) take statistics from the grade."""
    base = {"period": "2022", "reporter": "CHN", "economy": "CHN", "partner": "BLR", "flow": "turnover"}
    frame = pd.DataFrame([
        {**base, "reliability": "official_statement", "bound": "exact", "source_id": "a"},
        {**base, "reliability": "official_statistics", "bound": "rounded", "source_id": "b"},
    ])
    assert frame.loc[mark_preferred(frame, tuple(base)), "source_id"].item() == "b"


@pytest.mark.parametrize("text", ["nan", "NaN", "inf", "-inf", "Infinity", "+inf"])
def test_non_finite_numbers_are_refused_naming_file_row_column(mini_data: Path, text: str) -> None:
    """issue 12 class 3: NaN/±inf are not figures; the error names file, row and column."""
    path = mini_data / "raw" / "trade.csv"
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    lines[2] = lines[2].replace("5080000000", text)
    path.write_text("".join(lines), encoding="utf-8")
    with pytest.raises(DataError, match=rf"trade.csv, row 3, column 'value_usd': value '{re.escape(text)}' "
                                        r"is not a finite number"):
        tradebrief.load_trade(mini_data)


def test_optional_fact_columns_default(mini_data: Path) -> None:
    """A user's folder without scope_evidence/basis/source_ids loads: basis unknown, one citation."""
    trade = tradebrief.load_trade(mini_data)
    assert (trade["basis"] == "unknown").all()
    assert (trade["source_ids"] == trade["source_id"]).all()


@pytest.mark.parametrize("title", ["x" * 5000, "line one\nline two\n" * 400, "<script>" + "é" * 3000])
def test_duplicate_key_with_a_long_text_key_is_one_short_line(mini_data: Path, title: str) -> None:
    """A key column holding free text (a document's title) is echoed as a short excerpt, on one line."""
    from tradebrief.data.schema import TABLES

    columns = TABLES["events"].columns
    row = {c: "" for c in columns} | {"date": "2023-03-01", "category": "visit", "title": title,
                                     "source_id": "test-belstat-aaaaaa"}
    frame = pd.DataFrame([row, row], columns=list(columns))
    frame.to_csv(mini_data / "raw" / "events.csv", index=False)
    with pytest.raises(DataError) as info:
        tradebrief.load_events(mini_data)
    text = str(info.value)
    assert "duplicate key" in text and "same as row 2" in text and info.value.row == 3
    assert "\n" not in text and len(text) < 400, text[:500]
