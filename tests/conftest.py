"""Shared fixtures: a minimal valid data folder that tests can break one way at a time."""
from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SNAPSHOT = REPO / "data"

MINI_SOURCES = """\
sources:
  test-belstat-aaaaaa:
    publisher: "Test publisher A"
    url: "https://example.org/a"
    retrieved: "2026-11-28"
    quote: "In 2022 trade was 5.79 billion."
    language: en
    reliability: official_statistics
  test-customs-bbbbbb:
    publisher: "Test publisher B"
    url: "https://example.org/b"
    retrieved: "2026-11-28"
    quote: "据中方统计 2022 5.08"
    language: zh
    reliability: official_statement
"""

MINI_TRADE_HEADER = ("year,period,reporter,economy,partner,flow,value_usd,value_text,bound,scope,"
                     "year_inferred,source_id,notes\n")
MINI_TRADE_ROWS = [
    "2022,2022,BLR,BLR,CHN,turnover,5790000000,'$5.79 billion',exact,goods,false,test-belstat-aaaaaa,\n",
    "2022,2022,CHN,CHN,BLR,turnover,5080000000,'50.8亿美元',exact,goods,false,test-customs-bbbbbb,\n",
    "2021,2021,BLR,BLR,CHN,turnover,5100000000,'$5.1bn',rounded,goods,true,test-belstat-aaaaaa,last year\n",
]


@pytest.fixture
def mini_data(tmp_path: Path) -> Path:
    """A data folder holding only sources.yaml and raw/trade.csv (enough for load_trade)."""
    folder = tmp_path / "data"
    (folder / "raw").mkdir(parents=True)
    (folder / "sources.yaml").write_text(MINI_SOURCES, encoding="utf-8")
    (folder / "raw" / "trade.csv").write_text(MINI_TRADE_HEADER + "".join(MINI_TRADE_ROWS), encoding="utf-8")
    return folder


@pytest.fixture
def snapshot_copy(tmp_path: Path) -> Path:
    """A writable copy of the shipped snapshot."""
    if not (SNAPSHOT / "raw" / "trade.csv").exists():
        pytest.fail("the shipped snapshot data/raw/trade.csv is missing")
    target = tmp_path / "snapshot"
    shutil.copytree(SNAPSHOT, target, ignore=shutil.ignore_patterns("build", "claims"))
    return target
