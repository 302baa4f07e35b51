"""tradebrief.analysis on small fixture folders loaded through the real loaders."""
from __future__ import annotations

import math
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

import tradebrief as tb
from tradebrief import analysis as an
from tradebrief.data.facts import mark_preferred_standing
from tradebrief.errors import DataError, UsageError
from tradebrief.text.said import write

SOURCES = {
    "blr-a": "official_statistics", "blr-b": "secondary", "blr-c": "official_statement",
    "chn-a": "official_statistics", "chn-b": "official_statistics", "unk-a": "secondary",
    "unk-b": "secondary", "ag-a": "official_statement", "ag-b": "secondary", "ev-a": "secondary",
    "rail-a": "secondary", "p-a": "official_statistics",
}

TRADE_COLUMNS = ["year", "period", "reporter", "economy", "partner", "flow", "value_usd", "value_text",
                 "bound", "scope", "year_inferred", "source_id", "notes"]

# (year, period, reporter, economy, partner, flow, value_usd, bound, source_id)
TRADE_ROWS = [
    (2018, "2018", "BLR", "BLR", "CHN", "turnover", 4.0e9, "exact", "blr-a"),
    (2019, "2019", "BLR", "BLR", "CHN", "turnover", 4.5e9, "exact", "blr-a"),
    # 2020: no BLR figure (a gap)
    (2021, "2021", "BLR", "BLR", "CHN", "turnover", 5.5e9, "lower", "blr-a"),
    (2022, "2022", "BLR", "BLR", "CHN", "turnover", 5.79e9, "exact", "blr-a"),
    (2022, "2022", "BLR", "BLR", "CHN", "turnover", 6.0e9, "approx", "blr-b"),
    (2022, "2022", "BLR", "BLR", "CHN", "turnover", 5.8e9, "rounded", "blr-c"),
    (2022, "2022", "BLR", "BLR", "CHN", "export", 1.61e9, "exact", "blr-a"),
    (2022, "2022", "BLR", "BLR", "CHN", "import", 4.18e9, "exact", "blr-a"),
    (2023, "2023", "BLR", "BLR", "CHN", "turnover", 8.5e9, "upper", "blr-a"),
    (2023, "2023-01..2023-05", "BLR", "BLR", "CHN", "turnover", 3.0e9, "exact", "blr-a"),
    (2022, "2022", "BLR", "BLR", "RUS", "turnover", 50e9, "exact", "blr-a"),
    (2018, "2018", "CHN", "CHN", "BLR", "export", 1.15e9, "exact", "chn-a"),
    (2018, "2018", "CHN", "CHN", "BLR", "import", 0.57e9, "exact", "chn-a"),
    (2019, "2019", "CHN", "CHN", "BLR", "export", 1.8e9, "exact", "chn-a"),
    (2019, "2019", "CHN", "CHN", "BLR", "import", 0.914e9, "exact", "chn-a"),
    (2019, "2019", "CHN", "CHN", "BLR", "turnover", 2.714e9, "exact", "chn-a"),
    (2022, "2022", "CHN", "CHN", "BLR", "turnover", 5.08e9, "exact", "chn-b"),
    (2022, "2022", "CHN", "CHN", "BLR", "turnover", 5.08e9, "rounded", "chn-a"),
    (2019, "2019", "UNK", "BLR", "CHN", "turnover", 5.75e9, "exact", "unk-b"),
    (2019, "2019", "UNK", "CHN", "BLR", "turnover", 5.7e9, "rounded", "unk-a"),
]


def _csv(path: Path, frame: pd.DataFrame) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.to_csv(path, index=False, lineterminator="\n")


def write_data(root: Path) -> Path:
    """A data folder in the documented format: sources.yaml and the raw tables used here."""
    root.mkdir(parents=True, exist_ok=True)
    sources = {sid: {"publisher": "P", "url": f"https://example.org/{sid}", "retrieved": "2026-11-28",
                     "quote": "q", "language": "en", "reliability": grade}
               for sid, grade in SOURCES.items()}
    (root / "sources.yaml").write_text(yaml.safe_dump({"sources": sources}), encoding="utf-8")
    trade = pd.DataFrame([
        {"year": y, "period": p, "reporter": r, "economy": e, "partner": pa, "flow": f,
         "value_usd": v, "value_text": "t", "bound": b, "scope": "goods", "year_inferred": "false",
         "source_id": s, "notes": ""}
        for (y, p, r, e, pa, f, v, b, s) in TRADE_ROWS], columns=TRADE_COLUMNS)
    _csv(root / "raw/trade.csv", trade)
    _csv(root / "raw/partners.csv", pd.DataFrame([
        {"year": 2021, "period": "2021", "reporter": "BLR", "economy": "BLR", "partner": "CHN",
         "flow": "turnover", "rank": 3, "tied": "false", "share_pct": 6.5, "scope": "goods",
         "year_inferred": "false", "source_id": "p-a", "notes": ""},
        {"year": 2022, "period": "2022", "reporter": "BLR", "economy": "BLR", "partner": "CHN",
         "flow": "turnover", "rank": 2, "tied": "false", "share_pct": "", "scope": "goods",
         "year_inferred": "false", "source_id": "p-a", "notes": ""},
        {"year": 2022, "period": "2022", "reporter": "BLR", "economy": "BLR", "partner": "RUS",
         "flow": "turnover", "rank": 1, "tied": "false", "share_pct": 60.0, "scope": "goods",
         "year_inferred": "false", "source_id": "p-a", "notes": ""},
    ]))
    _csv(root / "raw/agreements.csv", pd.DataFrame([
        {"date": "2023-03-01", "event": "State visit 2023", "title": "Loan A", "doc_type": "intergovernmental",
         "sector": "finance", "parties": "", "value_usd": 3.5e9, "value_text": "", "year_inferred": "false",
         "source_id": "ag-a", "notes": ""},
        {"date": "2023-03", "event": "State visit 2023", "title": "Loan B", "doc_type": "commercial",
         "sector": "finance", "parties": "", "value_usd": "", "value_text": "", "year_inferred": "false",
         "source_id": "ag-b", "notes": ""},
        {"date": "2023-03-01", "event": "State visit 2023", "title": "Park C", "doc_type": "commercial",
         "sector": "industrial park", "parties": "", "value_usd": 0.5e9, "value_text": "",
         "year_inferred": "false", "source_id": "ag-b", "notes": ""},
        {"date": "2023-03-01", "event": "State visit 2023", "title": "Media D", "doc_type": "other",
         "sector": "", "parties": "", "value_usd": "", "value_text": "", "year_inferred": "false",
         "source_id": "ag-a", "notes": ""},
        {"date": "2015", "event": "Earlier visit", "title": "Old E", "doc_type": "intergovernmental",
         "sector": "finance", "parties": "", "value_usd": 7e9, "value_text": "", "year_inferred": "false",
         "source_id": "ag-a", "notes": ""},
    ]))
    _csv(root / "raw/events.csv", pd.DataFrame([
        {"date": "2022-02-24", "category": "war", "title": "Invasion", "actors": "", "description": "",
         "source_id": "ev-a", "notes": ""},
        {"date": "2022-09-15", "category": "partnership", "title": "All-weather upgrade", "actors": "",
         "description": "", "source_id": "ev-a", "notes": ""},
        {"date": "2020-12", "category": "sanctions", "title": "Third package", "actors": "",
         "description": "", "source_id": "ev-a", "notes": ""},
        {"date": "2006", "category": "sanctions", "title": "Early sanctions", "actors": "",
         "description": "", "source_id": "ev-a", "notes": ""},
        {"date": "2019", "category": "visit", "title": "A visit", "actors": "", "description": "",
         "source_id": "ev-a", "notes": ""},
    ]))
    _csv(root / "raw/rail.csv", pd.DataFrame([
        {"year": 2021, "period": "2021", "metric": "China-Europe trains via Belarus", "value": 4000,
         "value_high": "", "bound": "approx", "value_text": "", "unit": "trains", "scope": "transit",
         "source_id": "rail-a", "notes": ""},
        {"year": 2023, "period": "2023", "metric": "China-Europe trains via Belarus", "value": 17000,
         "value_high": "", "bound": "lower", "value_text": "", "unit": "trains", "scope": "transit",
         "source_id": "rail-a", "notes": ""},
        {"year": 2022, "period": "2022", "metric": "China-Europe trains via Belarus", "value": 10000,
         "value_high": 12000, "bound": "range", "value_text": "", "unit": "trains", "scope": "transit",
         "source_id": "rail-a", "notes": ""},
        {"year": 2022, "period": "2022", "metric": "China-Europe TEU via Belarus", "value": 9e5,
         "value_high": "", "bound": "exact", "value_text": "", "unit": "TEU", "scope": "transit",
         "source_id": "rail-a", "notes": ""},
    ]))
    return root


@pytest.fixture(scope="module")
def data_dir(tmp_path_factory) -> Path:
    return write_data(tmp_path_factory.mktemp("data"))


@pytest.fixture(scope="module")
def trade(data_dir) -> pd.DataFrame:
    return tb.load_trade(data_dir)


@pytest.fixture(scope="module")
def series(trade) -> pd.DataFrame:
    return an.pair_series(trade, "BLR", "CHN")


def _cell(series: pd.DataFrame, year: int, reporter: str, flow: str) -> pd.Series:
    rows = series[(series["year"] == year) & (series["reporter"] == reporter) & (series["flow"] == flow)]
    assert len(rows) == 1, rows
    return rows.iloc[0]


# --- pair_series ------------------------------------------------------------------------------

def test_mirror_conversion_flips_export_and_import(series):
    # China's exports to Belarus (1.8e9) are Belarus's imports as China reports them.
    imp = _cell(series, 2019, "CHN", "import")
    exp = _cell(series, 2019, "CHN", "export")
    assert imp["value_usd"] == 1.8e9 and bool(imp["mirrored"])
    assert exp["value_usd"] == 0.914e9
    assert _cell(series, 2019, "CHN", "turnover")["value_usd"] == 2.714e9
    assert not _cell(series, 2022, "BLR", "export")["mirrored"]


def test_mirror_from_other_view(trade):
    chn = an.pair_series(trade, "CHN", "BLR")
    assert _cell(chn, 2019, "CHN", "export")["value_usd"] == 1.8e9
    assert not _cell(chn, 2019, "CHN", "export")["mirrored"]
    assert _cell(chn, 2022, "BLR", "import")["value_usd"] == 1.61e9
    assert _cell(chn, 2022, "BLR", "export")["value_usd"] == 4.18e9


def test_pair_series_one_row_per_cell_preferred_and_alternatives(series):
    assert not series.duplicated(["year", "reporter", "flow"]).any()
    cell = _cell(series, 2022, "BLR", "turnover")
    assert cell["value_usd"] == 5.79e9 and cell["source_id"] == "blr-a" and cell["alternatives"] == 2
    # CHN 2022: two official_statistics rows; exact beats rounded.
    assert _cell(series, 2022, "CHN", "turnover")["source_id"] == "chn-b"


def test_pair_series_excludes_part_year_and_other_partners(series):
    assert _cell(series, 2023, "BLR", "turnover")["value_usd"] == 8.5e9
    assert not (series["value_usd"] == 50e9).any()
    assert not (series["value_usd"] == 3.0e9).any()


def test_unk_rows_merge_into_one_cell_across_stated_sides(series):
    # UNK stated the 2019 turnover once from each side; one cell, one preferred, one alternative.
    cell = _cell(series, 2019, "UNK", "turnover")
    assert cell["source_id"] == "unk-b" and cell["alternatives"] == 1


def test_pair_series_year_filter_and_reversed_years(trade):
    s = an.pair_series(trade, "BLR", "CHN", start_year=2019, end_year=2021)
    assert sorted(set(s["year"])) == [2019, 2021]
    with pytest.raises(UsageError, match="after end_year"):
        an.pair_series(trade, "BLR", "CHN", start_year=2022, end_year=2020)


def test_derived_turnover_is_flagged_and_opt_in(trade, series):
    assert not series["derived"].any()
    assert series[(series["year"] == 2018) & (series["reporter"] == "CHN")]["flow"].tolist() == [
        "export", "import"]
    d = an.pair_series(trade, "BLR", "CHN", derive_turnover=True)
    derived = d[d["derived"]]
    assert len(derived) == 1  # 2018 CHN only: 2019 CHN has a published turnover, 2022 BLR too
    row = derived.iloc[0]
    assert (row["year"], row["reporter"], row["flow"]) == (2018, "CHN", "turnover")
    assert row["value_usd"] == pytest.approx(1.72e9)
    assert row["source_id"] == "chn-a;chn-a"
    # Growth, wide table and mirror gap ignore derived rows unless asked.
    assert "turnover (derived)" not in an.wide_table(d, 2018, 2019).columns.get_level_values("flow")
    assert ("CHN", "turnover (derived)") in an.wide_table(d, 2018, 2019, include_derived=True).columns


# --- wide table and growth --------------------------------------------------------------------

def test_wide_table_keeps_gaps(series):
    wide = an.wide_table(series, 2017, 2023)
    assert list(wide.index) == list(range(2017, 2024))
    assert math.isnan(wide.loc[2020, ("BLR", "turnover")])
    assert math.isnan(wide.loc[2017, ("BLR", "turnover")])
    assert wide.loc[2022, ("CHN", "turnover")] == 5.08e9


def test_growth_never_bridges_a_gap_and_flags_bounds(series):
    g = an.growth(series).set_index(["reporter", "flow", "year"])
    assert g.loc[("BLR", "turnover", 2019), "growth_pct"] == pytest.approx(12.5)
    gap = g.loc[("BLR", "turnover", 2021)]
    assert math.isnan(gap["growth_pct"]) and gap["reason"] == "no figure for 2020"
    bound = g.loc[("BLR", "turnover", 2022)]
    assert math.isnan(bound["growth_pct"]) and bound["reason"] == "2021 is a lower bound"
    up = g.loc[("BLR", "turnover", 2023)]
    assert math.isnan(up["growth_pct"]) and up["reason"] == "2023 is an upper bound"
    assert g.loc[("BLR", "turnover", 2019), "source_ids"] == "blr-a;blr-a"


def test_cagr(series):
    r = an.cagr(series, "BLR", "turnover", 2018, 2022)
    assert r.value == pytest.approx(((5.79 / 4.0) ** 0.25 - 1) * 100)
    assert r.source_ids == ("blr-a", "blr-a") and r.reason is None
    one = an.cagr(series, "BLR", "turnover", 2018, 2019)
    g = an.growth(series).set_index(["reporter", "flow", "year"])
    assert one.value == pytest.approx(g.loc[("BLR", "turnover", 2019), "growth_pct"])
    missing = an.cagr(series, "BLR", "turnover", 2020, 2022)
    assert missing.value is None and "2020" in write(missing.reason) and missing.reason.walk().__next__().key == "reason.list"
    bounded = an.cagr(series, "BLR", "turnover", 2019, 2021)
    assert bounded.value is None and write(bounded.reason) == "2021 is a lower bound"
    with pytest.raises(UsageError):
        an.cagr(series, "BLR", "turnover", 2022, 2018)


def test_balance(series):
    b = an.balance(series).set_index(["reporter", "year"])
    assert b.loc[("BLR", 2022), "balance_usd"] == pytest.approx(1.61e9 - 4.18e9)
    assert b.loc[("CHN", 2019), "balance_usd"] == pytest.approx(0.914e9 - 1.8e9)
    assert ("BLR", 2019) not in b.index


# --- mirror gap and spread --------------------------------------------------------------------

def test_mirror_gap(series):
    m = an.mirror_gap(series).set_index(["year", "flow"])
    row = m.loc[(2022, "turnover")]
    assert row["ratio"] == pytest.approx(5.79 / 5.08)
    assert row["difference_usd"] == pytest.approx(0.71e9)
    assert (row["economy_source_id"], row["partner_source_id"]) == ("blr-a", "chn-b")
    only_one = m.loc[(2018, "export")]
    assert math.isnan(only_one["ratio"]) and only_one["reason"] == "no BLR-reported figure for 2018"
    assert math.isnan(m.loc[(2021, "turnover"), "ratio"])
    assert "UNK" not in set(m["economy_source_id"])


def test_mirror_reasons_are_text_only():
    assert {"valuation", "timing", "transit_origin", "confidentiality", "scope", "exchange_rate"} <= set(
        an.MIRROR_REASONS)
    assert not any(ch.isdigit() for text in an.MIRROR_REASONS.values() for ch in text)


def test_spread(trade):
    s = an.spread(trade, "BLR", "CHN").set_index(["year", "reporter", "flow"])
    row = s.loc[(2022, "BLR", "turnover")]
    assert row["n"] == 3 and row["min_usd"] == 5.79e9 and row["max_usd"] == 6.0e9
    assert row["preferred_usd"] == 5.79e9
    assert row["max_min_ratio"] == pytest.approx(6.0 / 5.79)
    assert row["source_ids"] == "blr-a;blr-b;blr-c"
    # each end keeps its own qualifier (issue 25, class 11: a bound is shown as a bound)
    assert (row["min_bound"], row["max_bound"], row["preferred_bound"]) == ("exact", "approx", "exact")
    assert row["min_scope"] == row["max_scope"]  # one scope: nothing to add beside the figures
    assert s.loc[(2018, "BLR", "turnover"), "n"] == 1


# --- partners, agreements, events, rail, coverage ---------------------------------------------

def test_partner_standing_and_top(data_dir):
    partners = tb.load_partners(data_dir)
    st_ = an.partner_standing(partners, "BLR", "CHN")
    assert st_["year"].tolist() == [2021, 2022]
    assert st_["rank"].tolist() == [3, 2]
    top = an.top_partners(partners, "BLR", 2022)
    assert top["partner"].tolist() == ["RUS", "CHN"]


def test_a_disputed_rank_carries_every_statement():
    """Issue 25, item 2: a year whose statements differ on the rank says so (all ranks, all sources),
    whichever statement is preferred; an undisputed year holds one rank."""
    rows = pd.DataFrame([
        {"year": 2020, "period": "2020", "reporter": "BLR", "economy": "BLR", "partner": "CHN", "flow": "turnover",
         "rank": 2, "tied": False, "share_pct": np.nan, "scope": "unknown", "source_id": "news-a",
         "reliability": "secondary", "year_inferred": False},
        {"year": 2020, "period": "2020", "reporter": "BLR", "economy": "BLR", "partner": "CHN", "flow": "turnover",
         "rank": 3, "tied": False, "share_pct": 7.3, "scope": "unknown", "source_id": "press-b",
         "reliability": "secondary", "year_inferred": False},
        {"year": 2022, "period": "2022", "reporter": "BLR", "economy": "BLR", "partner": "CHN", "flow": "turnover",
         "rank": 2, "tied": False, "share_pct": np.nan, "scope": "unknown", "source_id": "news-c",
         "reliability": "secondary", "year_inferred": False},
        {"year": 2022, "period": "2022", "reporter": "CHN", "economy": "BLR", "partner": "CHN", "flow": "turnover",
         "rank": 2, "tied": False, "share_pct": np.nan, "scope": "unknown", "source_id": "mfa-d",
         "reliability": "official_statement", "year_inferred": False},
    ])
    rows["rank"] = rows["rank"].astype("Int64")
    rows["preferred"] = mark_preferred_standing(rows)
    st_ = an.partner_standing(rows, "BLR", "CHN").set_index(["year", "reporter"])
    assert st_.at[(2020, "BLR"), "rank"] == 3  # share-backed
    assert (st_.at[(2020, "BLR"), "ranks"], bool(st_.at[(2020, "BLR"), "disputed"])) == ("2;3", True)
    assert st_.at[(2020, "BLR"), "rank_source_ids"] == "news-a;press-b"
    assert st_.loc[2022, "ranks"].tolist() == ["2", "2"] and not st_.loc[2022, "disputed"].any()
    ukraine = rows.iloc[[1]].assign(partner="UKR", rank=2, share_pct=7.4, source_id="press-b")
    with_neighbour = pd.concat([rows, ukraine], ignore_index=True)
    near = an.partner_standing(with_neighbour, "BLR", "CHN").set_index(["year", "reporter"])
    assert near.at[(2020, "BLR"), "nearest_partner"] == "UKR"
    assert near.at[(2020, "BLR"), "nearest_gap_pts"] == pytest.approx(0.1)


def test_shares_above_100_are_refused(data_dir):
    partners = tb.load_partners(data_dir).copy()
    partners.loc[0, "share_pct"] = 130.0
    with pytest.raises(DataError, match="above 100"):
        an.partner_standing(partners, "BLR", "CHN")


def test_agreement_summaries_never_sum_kinds_nor_count_packages():
    """Issue 25, item 5: a contract's worth is not added to a loan; a package and an estimate of the
    same occasion are not documents."""
    ag = pd.DataFrame({
        "date": ["2023-03-01"] * 5, "event": "Visit", "sector": ["finance", "finance", "industry", None, None],
        "title": ["Contract", "Loan", "Strategy", "Package of 27", "Economic effect"],
        "doc_type": ["commercial", "commercial", "intergovernmental", "package", "estimate"],
        "value_usd": [0.5e9, 0.17e9, np.nan, 3.5e9, 3.5e9],
        "value_kind": ["contract_value", "loan", None, "contract_value", "economic_effect"],
        "source_id": ["a", "b", "c", "d", "e"]})
    out = an.agreements_summary(ag)
    sector = out["by_sector"].set_index("sector")
    assert math.isnan(sector.at["finance", "value_usd_sum"])
    assert sector.at["finance", "value_kinds"] == "contract_value;loan"
    assert out["by_doc_type"]["n_documents"].sum() == 3 and "(not stated)" not in sector.index
    assert len(out["documents"]) == 5  # the documents table still lists every row, with its doc_type
    one_kind = an.agreements_summary(ag.assign(value_kind="loan").iloc[:2])["by_sector"].set_index("sector")
    assert one_kind.at["finance", "value_usd_sum"] == pytest.approx(0.67e9)


def test_agreements_sum_counts_missing_values(data_dir):
    ag = tb.load_agreements(data_dir)
    out = an.agreements_summary(ag, event_contains="state visit")
    sector = out["by_sector"].set_index("sector")
    assert sector.loc["finance", "n_documents"] == 2
    assert sector.loc["finance", "value_usd_sum"] == 3.5e9
    assert sector.loc["finance", "n_without_value"] == 1
    assert math.isnan(sector.loc["(not stated)", "value_usd_sum"])
    assert sector.loc["(not stated)", "n_without_value"] == 1
    kind = out["by_doc_type"].set_index("doc_type")
    assert kind.loc["commercial", "value_usd_sum"] == 0.5e9
    assert kind.loc["commercial", "n_with_value"] == 1
    dated = an.agreements_summary(ag, date_from="2016-01-01")
    assert "Old E" not in set(dated["documents"]["title"])
    assert len(an.agreements_summary(ag)["documents"]) == 5


def test_events_timeline_parses_partial_dates(data_dir):
    ev = an.events_timeline(tb.load_events(data_dir), 2019, 2023)
    assert ev["title"].tolist() == ["A visit", "Third package", "Invasion", "All-weather upgrade"]
    assert ev["date"].iloc[1] == pd.Timestamp("2020-12-01")
    assert ev["date_precision"].tolist() == ["year", "month", "day", "day"]
    only = an.events_timeline(tb.load_events(data_dir), 2019, 2023, categories=["war"])
    assert only["title"].tolist() == ["Invasion"]


def test_rail_series(data_dir):
    r = an.rail_series(tb.load_rail(data_dir), "trains", "trains")
    assert r["year"].tolist() == [2021, 2022, 2023]
    assert r["value_high"].isna().tolist() == [True, False, True]
    assert an.rail_series(tb.load_rail(data_dir), "TRAINS", "TEU").empty


def test_coverage_gaps(series):
    gaps = an.coverage_gaps(series, 2018, 2023)
    assert "No BLR-reported figure on turnover for 2020." in gaps
    assert "No CHN-reported figure on turnover for 2018, 2020–2021, 2023." in gaps
    assert "No CHN-reported figure on BLR's exports for 2020–2023." in gaps
    assert "No BLR-reported figure on BLR's exports for 2018–2021, 2023." in gaps
    assert "The BLR-reported turnover for 2021 is only a lower bound." in gaps
    assert not any("UNK" in s for s in gaps)


# --- invariants -------------------------------------------------------------------------------

def _one_side(values: list[float], bound: str = "exact") -> pd.DataFrame:
    years = list(range(2000, 2000 + len(values)))
    return pd.DataFrame({"year": years, "economy": "BLR", "partner": "CHN", "reporter": "BLR",
                         "flow": "turnover", "value_usd": values, "bound": bound, "derived": False,
                         "source_id": [f"s{i}" for i in range(len(values))]})


@settings(max_examples=40, deadline=None)
@given(st.floats(min_value=1.0, max_value=1e12), st.floats(min_value=1.0, max_value=1e12))
def test_growth_invariants(a, b):
    s = _one_side([a, a, b])
    g = an.growth(s)
    assert g["growth_pct"].iloc[1] == 0.0
    one = an.cagr(s, "BLR", "turnover", 2001, 2002)
    assert one.value == pytest.approx(g["growth_pct"].iloc[2], rel=1e-9, abs=1e-9)
    assert np.isnan(g["growth_pct"].iloc[0])


# --- the real snapshot (end to end) -----------------------------------------------------------

REAL = tb.default_data_dir()


@pytest.mark.skipif(not (REAL / "raw" / "trade.csv").is_file(), reason="data/raw not built yet")
def test_real_snapshot_2022_both_sides_and_mirror_ratio():
    series = an.pair_series(tb.load_trade(), "BLR", "CHN")
    assert _cell(series, 2022, "BLR", "turnover")["value_usd"] == pytest.approx(5.79e9)
    chn = _cell(series, 2022, "CHN", "turnover")
    assert chn["value_usd"] == pytest.approx(5.08e9) and bool(chn["mirrored"])
    gap = an.mirror_gap(series).set_index(["year", "flow"]).loc[(2022, "turnover")]
    if gap["economy_scope"] == gap["partner_scope"]:
        assert gap["ratio"] == pytest.approx(1.14, abs=0.005)
    else:  # a goods figure against one of unknown scope is not a mirror: a break, said so
        assert np.isnan(gap["ratio"]) and "not comparable" in gap["reason"]
    assert not series.duplicated(["year", "reporter", "flow"]).any()
    # every source id in the series resolves in sources.yaml
    assert set(series["source_id"]) <= set(tb.load_sources()["source_id"])


# --- comparable series: one side, one flow, one scope -----------------------------------------

def _scoped(scopes: list[str], values: list[float] | None = None) -> pd.DataFrame:
    series = _one_side(values or [4.617e9, 5.9e9, 5.79e9][:len(scopes)])
    return series.assign(scope=scopes)


def test_growth_and_cagr_break_at_a_change_of_scope():
    series = _scoped(["goods", "goods_and_services", "goods"])
    g = an.growth(series).set_index("year")
    for year in (2001, 2002):
        assert np.isnan(g.loc[year, "growth_pct"])
        assert g.loc[year, "reason"].startswith("scope changes:")
    assert "2001 goods and services, 2002 goods" in g.loc[2002, "reason"]
    assert an.cagr(series, "BLR", "turnover", 2000, 2002).value == pytest.approx(
        ((5.79 / 4.617) ** 0.5 - 1) * 100)  # same scope at both ends: the years between do not matter
    broken = an.cagr(series, "BLR", "turnover", 2000, 2001)
    assert broken.value is None and "scope changes" in write(broken.reason)
    iv, reason, ids = an.growth_interval(series, "BLR", "turnover", 2001, 2002)
    assert iv is None and "scope changes" in write(reason) and ids == ("s1", "s2")


def test_unknown_scope_is_not_joined_with_goods():
    g = an.growth(_scoped(["goods", "unknown"]))
    assert np.isnan(g["growth_pct"].iloc[1]) and "scope not stated" in g["reason"].iloc[1]
    assert an.growth(_scoped(["goods", "goods"]))["growth_pct"].iloc[1] == pytest.approx(
        (5.9 / 4.617 - 1) * 100)


def test_mirror_ratio_needs_the_same_scope():
    own = _scoped(["goods"], [5.79e9])
    other = own.assign(reporter="CHN", value_usd=5.08e9, source_id="c0", scope="goods_and_services")
    gap = an.mirror_gap(pd.concat([own, other], ignore_index=True)).iloc[0]
    assert np.isnan(gap["ratio"]) and "not comparable" in gap["reason"]
    same = an.mirror_gap(pd.concat([own, other.assign(scope="goods")], ignore_index=True)).iloc[0]
    assert same["ratio"] == pytest.approx(5.79 / 5.08)


def test_one_comparability_rule_for_every_same_year_pair():
    """Issue 25, item 1: goods-vs-unstated and unstated-vs-unstated are judged alike (both compared,
    by facts.scopes_compatible, the rule that merges reports); only two stated, different scopes are
    left out, with the reason."""
    own = _scoped(["goods", "unknown"], [3.774e9, 4.5e9])
    other = own.assign(reporter="CHN", value_usd=[1.72e9, 2.714e9], source_id=["c0", "c1"], scope="unknown")
    gap = an.mirror_gap(pd.concat([own, other], ignore_index=True)).set_index("year")
    assert gap["ratio"].notna().all() and (gap["reason"] == "").all()
    assert gap["partner_scope"].tolist() == ["unknown", "unknown"]
    stated = other.assign(scope="goods_and_services")
    left_out = an.mirror_gap(pd.concat([own, stated], ignore_index=True)).set_index("year")
    assert np.isnan(left_out.at[own["year"].iloc[0], "ratio"])
    assert "not comparable" in left_out.at[own["year"].iloc[0], "reason"]
    assert left_out.at[own["year"].iloc[1], "ratio"] == pytest.approx(4.5 / 2.714)


def test_line_segments_break_at_gaps_and_scope_changes():
    series = _scoped(["goods", "goods", "goods_and_services"], [1e9, 2e9, 3e9])
    series = pd.concat([series, _one_side([1e9] * 5).assign(scope="goods_and_services").iloc[[4]]])
    seg = an.line_segments(series)
    assert list(seg["year"]) == [2000, 2001, 2002, 2004]
    assert list(seg["segment"]) == [0, 0, 1, 2]


@pytest.mark.skipif(not (REAL / "raw" / "changes.csv").is_file(), reason="no printed changes in the snapshot")
def test_every_growth_in_the_default_brief_agrees_with_its_printed_rate_or_has_a_reason():
    """Issue 10 "done when": the brief's computed year-on-year changes against the rates sources print."""
    run = tb.RunData.load()
    series = an.pair_series(run.trade, "BLR", "CHN", start_year=2010, end_year=2025)
    checked = an.growth_vs_printed(series, run.changes, run.disagreements)
    assert not checked.empty and set(checked["status"]) <= {"agrees", "disagrees"}
    unexplained = checked[(checked["status"] == "disagrees") & (checked["reason"] == "")]
    assert unexplained.empty, unexplained.to_string()
    pairs = an.printed_rate_check(run.trade, run.changes, run.disagreements, "BLR", "CHN")
    assert (pairs["status"] == "disagrees").any() and (pairs[pairs["status"] == "disagrees"]["reason"] != "").all()
    # the comparison is within one scope: 2021's goods-and-services 108.7% is not checked against goods growth
    assert not ((checked["year"] == 2021) & (checked["reporter"] == "BLR")).any()


def test_growth_vs_printed_within_rounding():
    series = _scoped(["goods", "goods"], [5.1e9, 5.79e9])
    changes = pd.DataFrame([{"year": 2001, "period": "2001", "base_period": "2000", "reporter": "BLR",
                             "economy": "BLR", "partner": "CHN", "flow": "turnover", "scope": "goods",
                             "measure": "pct_change", "value": v, "ratio": 1 + v / 100, "bound": "exact",
                             "value_text": f"+{v}%", "source_id": f"c{v}", "source_ids": f"c{v}"} for v in (13, 20)])
    checked = an.growth_vs_printed(series, changes).set_index("printed")
    assert checked.loc["+13%", "status"] == "agrees" and checked.loc["+20%", "status"] == "disagrees"
    assert checked.loc["+20%", "reason"] == ""


def test_tables_say_whose_flow_and_keep_the_reporters_sign():
    """Issue 25, item 7: Belarus's exports as China reports them are China's imports, and China's
    balance keeps China's sign (a surplus of $0.58 bn, not −$0.58 bn)."""
    series = pd.DataFrame({"year": [2018] * 4, "economy": "BLR", "partner": "CHN",
                           "reporter": ["CHN", "CHN", "BLR", "BLR"], "flow": ["export", "import"] * 2,
                           "value_usd": [0.57e9, 1.15e9, 1.0e9, 2.0e9], "bound": "exact", "scope": "unknown",
                           "source_id": ["c1", "c2", "b1", "b2"], "derived": False})
    bal = an.whose_flows(an.balance(series), "BLR", "CHN").set_index("reporter")
    assert bal.at["CHN", "balance_usd"] == pytest.approx(-0.58e9)  # Belarus's view
    assert bal.at["CHN", "reporter_balance_usd"] == pytest.approx(0.58e9)  # China's own
    assert bal.at["BLR", "reporter_balance_usd"] == pytest.approx(-1.0e9)
    labelled = an.whose_flows(series, "BLR", "CHN").set_index(["reporter", "flow"])["reported_as"]
    assert labelled[("CHN", "export")] == "CHN import from BLR"
    assert labelled[("BLR", "export")] == "BLR export to CHN"
    own_view = pd.DataFrame({"economy": ["CHN"], "partner": ["BLR"], "reporter": ["CHN"], "flow": ["export"]})
    assert an.whose_flows(own_view, "BLR", "CHN")["reported_as"].iloc[0] == "CHN export to BLR"


def test_statistics_years_tells_a_relayed_statistic_from_a_statement():
    """Issue 25, class 12: after the last statistics release, a year whose figure is still a statistic
    (a press item relaying China's statistics) is not called 'only statements'."""
    import pandas as pd

    from tradebrief.analysis import statistics_years

    rows = pd.DataFrame({"year": [2019, 2021, 2022, 2023, 2024],
                         "reliability": ["official_statement", "official_statistics", "official_statistics",
                                         "secondary", "secondary"],
                         "basis": ["official", "statistics", "statistics", "statistics", "media"]})
    assert statistics_years(rows) == {"release_end": 2022, "relayed": [2023], "statements": [2024]}
    assert statistics_years(rows[rows["year"] <= 2022])["release_end"] is None  # statistics to the end
    assert statistics_years(rows.drop(columns="basis"))["relayed"] == []
    assert statistics_years(rows[rows["year"] == 2019])["release_end"] is None  # no release at all
