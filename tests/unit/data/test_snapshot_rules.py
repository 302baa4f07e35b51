"""The snapshot builder's truth rules on data constructed here (issue 25, items 1 and 3).

A copy of a publication carries the original's scope and basis; a stated value is printed in the quote
it is cited to (or split into the printed parts). Each rule stops the build on the next violation.
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BUILD = Path(__file__).resolve().parents[3] / "data" / "build" / "build_snapshot.py"


@pytest.fixture(scope="module")
def builder():
    spec = importlib.util.spec_from_file_location("build_snapshot_under_test", BUILD)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


ORIGINAL, COPY = "https://ministry.example/profile", "http://novels.example/copy"
PUBLICATION = {"name": "a ministry's profile", "urls": [ORIGINAL, COPY], "scope": "unknown",
               "scope_evidence": "not stated", "basis": "official"}


def _trade_row(sid: str, scope: str, basis: str, period: str = "2018") -> dict:
    return {"period": period, "flow": "turnover", "scope": scope, "basis": basis, "source_id": sid, "source_ids": sid}


def test_a_copy_inherits_its_publications_tags(builder) -> None:
    ov = {"publications": [PUBLICATION]}
    row = {"scope": "goods", "scope_evidence": "quote: '商品'", "basis": "statistics"}
    builder.inherit_publication_tags(ov, COPY, row, "key")
    assert (row["scope"], row["basis"]) == ("unknown", "official")
    other = {"scope": "goods", "scope_evidence": "x", "basis": "statistics"}
    builder.inherit_publication_tags(ov, "https://elsewhere.example/", other, "key")
    assert other["scope"] == "goods"  # not a copy: its own tags stay


def test_an_override_tagging_one_copy_differently_stops_the_build(builder) -> None:
    ov = {"publications": [PUBLICATION], "rows": {"key": {"scope": "goods", "why": "x"}}}
    with pytest.raises(SystemExit, match="a copy inherits the original's tags"):
        builder.inherit_publication_tags(ov, COPY, {"scope": "goods"}, "key")


def test_copies_tagged_differently_stop_the_build(builder) -> None:
    src = builder.Sources({})
    a = src.cite(ORIGINAL, "2018年,贸易额17.2亿美元", "t", "ministry")
    b = src.cite(COPY, "2012年,贸易额15.8亿美元", "t", "novels")
    ov = {"publications": [PUBLICATION]}
    alike = [_trade_row(a, "unknown", "official"), _trade_row(b, "unknown", "official", "2012")]
    builder.check_copies_tagged_alike(alike, [], src, ov)
    unlike = [_trade_row(a, "unknown", "official"), _trade_row(b, "goods", "statistics", "2012")]
    with pytest.raises(SystemExit, match="tagged differently"):
        builder.check_copies_tagged_alike(unlike, [], src, ov)
    change = {"period": "2012", "value_text": "同比增长21.4%", "scope": "goods", "source_ids": b}
    with pytest.raises(SystemExit, match="tagged differently"):
        builder.check_copies_tagged_alike(alike, [change], src, ov)


def _agreement(src, quote: str, value: int | None, text: str | None = None) -> dict:
    sid = src.cite("https://president.example/visit", quote, "relations/agreements.csv", "president")
    return {"source_id": sid, "value_usd": value, "value_text": text}


def test_a_value_missing_from_its_quote_stops_the_build(builder) -> None:
    src = builder.Sources({})
    row = _agreement(src, "A total of 27 agreements were signed, as well as about eight contracts.", 3_500_000_000)
    with pytest.raises(SystemExit, match="not printed in the quote"):
        builder.check_value_in_quote(src, row, "key")


def test_a_hand_wording_must_be_a_passage_of_the_quote(builder) -> None:
    src = builder.Sources({})
    quote = "Belarus and China signed almost four dozen agreements and contracts worth $3.5 billion."
    ok = _agreement(src, quote, 3_500_000_000, "agreements and contracts worth $3.5 billion")
    builder.check_value_in_quote(src, ok, "key")
    found = _agreement(src, quote, 3_500_000_000)
    builder.check_value_in_quote(src, found, "key")
    assert found["value_text"] == "$3.5 billion"
    bad = _agreement(src, quote, 3_500_000_000, "contracts on $3,5 млрд")
    with pytest.raises(SystemExit, match="not a passage"):
        builder.check_value_in_quote(src, bad, "key")


def test_a_sum_of_printed_parts_is_split_not_stored(builder) -> None:
    src = builder.Sources({})
    quote = "China has extended $3 billion credit to companies and $4 billion in commercial credit to banks."
    whole = _agreement(src, quote, 7_000_000_000)
    with pytest.raises(SystemExit, match="not printed in the quote"):
        builder.check_value_in_quote(src, whole, "key")
    whole["split"] = [{"title": "credit to companies", "value_usd": 3_000_000_000, "value_kind": "credit_envelope"},
                      {"title": "credit to banks", "value_usd": 4_000_000_000, "value_kind": "credit_envelope"}]
    parts = builder.split_parts(whole, "key")
    for part in parts:
        builder.check_value_in_quote(src, part, "key")
    assert [p["value_text"] for p in parts] == ["$3 billion", "$4 billion"]
    assert len({p["_rkey"] for p in parts}) == 2


def test_every_stated_value_in_a_table_is_printed_in_one_of_its_quotes(builder) -> None:
    src = builder.Sources({})
    sid = src.cite("https://rail.example/", "Le ferrovie hanno trasportato un numero simile di treni nel 2020.",
                   "relations/rail.csv", "rail")
    tables = {name: [] for name in builder.PRINTED_VALUES}
    tables["rail"] = [{"period": "2020", "value": 4000, "value_high": None, "unit": "trains", "source_id": sid,
                       "source_ids": sid}]
    with pytest.raises(SystemExit, match="printed in none of its quotes"):
        builder.check_values_printed(tables, src)
    bn = src.cite("https://rail.example/v", "货值由2016年80亿美元增长到2023年的567亿美元", "relations/rail.csv", "rail")
    tables["rail"] = [{"period": "2023", "value": 56.7, "value_high": None, "unit": "bn USD", "source_id": bn,
                       "source_ids": bn}]
    builder.check_values_printed(tables, src)  # 567亿 = 56.7 bn: the unit's scale is applied


def test_the_shipped_snapshot_prints_every_value_in_its_quotes() -> None:
    """No orphan value in the data: each trade, totals, agreements, rail and share figure is in a quote."""
    import pandas as pd

    from conftest import SNAPSHOT
    from tradebrief.data import LOADERS, load_sources
    from tradebrief.data.facts import source_list
    from tradebrief.data.quotes import value_in_quote

    quotes = load_sources(SNAPSHOT).set_index("source_id")["quote"]
    missing = []
    for table, columns in (("trade", ["value_usd"]), ("totals", ["value_usd"]), ("agreements", ["value_usd"]),
                           ("rail", ["value", "value_high"]), ("partners", ["share_pct"])):
        frame = LOADERS[table](SNAPSHOT)
        for _, r in frame.iterrows():
            ids = source_list(r["source_ids"]) if "source_ids" in frame else [r["source_id"]]
            scale = 1e9 if str(r.get("unit", "")).startswith("bn ") else 1.0
            for col in columns:
                if pd.notna(r[col]) and not any(value_in_quote(quotes[s], float(r[col]) * scale) for s in ids):
                    missing.append((table, r["source_id"], col, r[col]))
    assert missing == []


def test_the_publishers_own_page_is_the_main_citation(builder) -> None:
    """Where the publisher's page prints a fact as precisely as a copy, it is cited first; the copy follows."""
    ov = {"publisher_pages": ["https://ministry.example/"]}
    copy = {"source_id": "copy-1", "value_usd": 5.08e9, "bound": "exact", "year_inferred": False}
    own = {"source_id": "own-2", "value_usd": 5.08e9, "bound": "exact", "year_inferred": False}
    urls = {"copy-1": "http://novels.example/p", "own-2": "https://ministry.example/speech"}
    assert [r["source_id"] for r in builder.publisher_first([copy, own], ov, urls)] == ["own-2", "copy-1"]
    rounded = {**own, "value_usd": 5.1e9, "bound": "rounded"}  # less precise: the precise copy stays first
    assert [r["source_id"] for r in builder.publisher_first([copy, rounded], ov, urls)] == ["copy-1", "own-2"]


def test_a_rail_measure_counts_what_its_quote_counts(builder) -> None:
    """'15 container trains ply across Belarus' counts trains: a row may be named for trains, never routes."""
    quote = '"Today 15 container trains ply across Belarus, which means ...'
    assert builder.quote_prints_unit(quote, "trains")
    assert not builder.quote_prints_unit(quote, "routes")
    assert builder.quote_prints_unit("eight rail container routes pass through Belarus 8 container routes", "routes")


def test_the_shipped_rail_table_names_no_unit_its_quote_does_not_count() -> None:
    """Every count of trains or routes in raw/rail.csv is a count its quote prints (the January 2018
    statement is of trains, not routes: issue 25, item 4)."""
    import csv

    import yaml

    root = BUILD.parents[1]
    quotes = {k: v["quote"] for k, v in yaml.safe_load((root / "sources.yaml").read_text())["sources"].items()}
    spec = importlib.util.spec_from_file_location("build_snapshot_rail_check", BUILD)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    counted = [r for r in csv.DictReader((root / "raw" / "rail.csv").open(encoding="utf-8"))
               if r["unit"] in ("routes", "trains") and r["source_id"] == "inform-en-d7c588"]
    assert counted and all(r["unit"] == "trains" for r in counted)
    assert all(module.quote_prints_unit(quotes[r["source_id"]], r["unit"]) for r in counted)


def test_standing_follows_what_the_quote_shows(builder) -> None:
    """Fact-checker, session 8: a finance portal relaying customs figures was 'official statistics', and so
    was an ambassador's speech citing statistics. The overrides set the grade (a relay: secondary) and a
    publisher's name that says it cites statistics, so the words read 'official statistics as reported by
    others' (`text.words.source_kind`)."""
    from tradebrief.text.words import source_kind

    portal, speech = "https://portal.example/a", "https://embassy.example/speech"
    ov = {"reliability": {portal: {"grade": "secondary", "why": "x"}},
          "publishers_by_quote": [{"url": speech, "quote_contains": "据中方统计",
                                   "publisher": "PRC Embassy (Ambassador's speech), citing Chinese statistics"}]}
    src = builder.Sources(ov)
    a = src.cite(portal, "Импорт из РБ сократился с $172,2 млн", "trade/products.csv", "portal: products",
                 stats_text="China customs imports")
    b = src.cite(speech, "据中方统计,2022年中白贸易额达到50.8亿美元", "trade/annual_bilateral.csv", "embassy")
    assert builder.Sources({}).grade(src.by_id[a]) == "official_statistics"  # the default the override corrects
    assert src.grade(src.by_id[a]) == "secondary"
    c = src.by_id[b]
    assert source_kind(src.grade(c), src.publisher(c)) == "official_statistics.relayed"
    assert source_kind(src.grade(c), "embassy") == "official_statistics"
    rank = src.by_id[src.cite(speech, "中国已跻身白俄罗斯第二大贸易伙", "trade/partners.csv", "embassy")]
    assert src.publisher(rank) == "embassy"  # the page's other quote names no statistics: its name stays
