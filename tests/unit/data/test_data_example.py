"""data/README.md's smallest data folder (issue 24, item 10): the columns it lists are the schema's
required ones, and the example folder it points to loads and runs."""
from __future__ import annotations

import re
from pathlib import Path

import tradebrief as tb
from tradebrief.data.schema import TABLES

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "data" / "examples" / "minimal"


def required_trade_columns() -> list[str]:
    table = TABLES["trade"]
    return [c for c in table.columns if c not in table.optional]


def test_the_readme_lists_exactly_the_required_columns() -> None:
    text = (ROOT / "data" / "README.md").read_text(encoding="utf-8")
    section = text.split("## The smallest data folder you can bring", 1)[1].split("\n## ", 1)[0]
    listed = re.search(r"^    (year, .*)$", section, flags=re.M)
    assert listed, "the section lists the required columns on one indented line"
    assert listed.group(1).split(", ") == required_trade_columns()
    for optional in TABLES["trade"].optional:
        assert f"`{optional}`" in section, optional
    assert "examples/minimal/" in section


def test_the_example_folder_holds_only_the_two_files_and_loads() -> None:
    files = sorted(str(p.relative_to(EXAMPLE)) for p in EXAMPLE.rglob("*") if p.is_file())
    assert files == ["raw/trade.csv", "sources.yaml"]
    header = (EXAMPLE / "raw" / "trade.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    assert header == required_trade_columns()
    trade = tb.load_trade(EXAMPLE)
    assert len(trade) == 3 and set(trade["reporter"]) == {"BLR", "CHN"}
    run = tb.RunData.load("BLR", "CHN", 2015, 2023, str(EXAMPLE))
    assert len(run.trade) == 3 and len(run.partners) > 0  # the other tables come from the snapshot
    # each example citation is the snapshot's, word for word (nothing invented for the example)
    mine = tb.load_sources(EXAMPLE).set_index("source_id")
    shipped = tb.load_sources().set_index("source_id")
    for source_id, row in mine.iterrows():
        for field in ("publisher", "url", "retrieved", "quote", "language", "reliability"):
            assert row[field] == shipped.loc[source_id, field], (source_id, field)


def test_the_example_figures_are_the_snapshots() -> None:
    shipped = tb.load_trade()
    for _, row in tb.load_trade(EXAMPLE).iterrows():
        same = shipped[(shipped["year"] == row["year"]) & (shipped["reporter"] == row["reporter"])
                       & (shipped["flow"] == row["flow"]) & (shipped["value_usd"] == row["value_usd"])
                       & (shipped["bound"] == row["bound"]) & (shipped["scope"] == row["scope"])]
        assert not same.empty, row.to_dict()
        assert row["source_id"] in ";".join(same["source_ids"]), row["source_id"]
