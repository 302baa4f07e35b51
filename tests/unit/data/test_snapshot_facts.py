"""The shipped snapshot as facts: no fact twice, scope and basis settled, printed changes consistent.

One test per case of research/audit-2026-11-30.md that the data side settles (issue 10).
"""
from __future__ import annotations

import pandas as pd
import pytest

from conftest import SNAPSHOT
from tradebrief.data import (
    load_agreements,
    load_changes,
    load_disagreements,
    load_events,
    load_partners,
    load_rail,
    load_sources,
    load_trade,
)
from tradebrief.data.changes import check_changes, implied_figures, unexplained_disagreements
from tradebrief.data.facts import PARTNER_CELL, RAIL_CELL, same_document_pairs, same_fact_pairs, source_list


@pytest.fixture(scope="module")
def trade() -> pd.DataFrame:
    return load_trade(SNAPSHOT)


@pytest.fixture(scope="module")
def changes() -> pd.DataFrame:
    return load_changes(SNAPSHOT)


def _cell(trade: pd.DataFrame, period: str, reporter: str, flow: str = "turnover") -> pd.DataFrame:
    return trade[(trade["period"] == period) & (trade["reporter"] == reporter) & (trade["flow"] == flow)
                 & trade["partner"].isin(["BLR", "CHN"])]


def _preferred(trade: pd.DataFrame, period: str, reporter: str, flow: str = "turnover") -> pd.Series:
    cell = _cell(trade, period, reporter, flow)
    return cell[cell["preferred"]].iloc[0]


# ------------------------------------------------------------------------------------ one fact, once

def test_no_two_trade_facts_are_the_same_fact(trade: pd.DataFrame) -> None:
    assert same_fact_pairs(trade) == []


def test_repeated_reports_are_one_fact_citing_all(trade: pd.DataFrame) -> None:
    """2022 Belarus turnover was 5 rows, the 2022 China figure 2, 2025 Jan-Nov 3, 2009 China 2."""
    assert len(_cell(trade, "2022", "BLR")) == 1
    assert len(source_list(_preferred(trade, "2022", "BLR")["source_ids"])) == 5
    assert len(source_list(_preferred(trade, "2022", "CHN")["source_ids"])) == 2
    assert len(source_list(_preferred(trade, "2025-01..2025-11", "BLR")["source_ids"])) == 3
    assert len(source_list(_preferred(trade, "2009", "CHN")["source_ids"])) == 2
    assert len(_cell(trade, "2022", "BLR", "export")) == 1 and len(_cell(trade, "2022", "BLR", "import")) == 1


def test_every_citation_of_a_fact_resolves(trade: pd.DataFrame) -> None:
    known = set(load_sources(SNAPSHOT)["source_id"])
    for ids in trade["source_ids"]:
        assert set(source_list(ids)) <= known


# ------------------------------------------------------------------------------------- scope & basis

def test_2021_belarus_5_9bn_is_goods_and_services(trade: pd.DataFrame) -> None:
    cell = _cell(trade, "2021", "BLR")
    row = cell[cell["value_usd"] == 5.9e9].iloc[0]
    assert row["scope"] == "goods_and_services"
    assert "5.4" in row["scope_evidence"] and "108.7" in row["scope_evidence"]
    chosen = _preferred(trade, "2021", "BLR")
    assert (chosen["value_usd"], chosen["scope"]) == (5.1e9, "goods")


def test_2022_belarus_turnover_is_goods_and_preferred(trade: pd.DataFrame) -> None:
    row = _preferred(trade, "2022", "BLR")
    assert (row["value_usd"], row["scope"], row["bound"]) == (5.79e9, "goods", "exact")
    assert row["scope_evidence"].startswith("inferred:")


def test_2023_belarus_8_5bn_is_goods_and_services(trade: pd.DataFrame) -> None:
    row = _preferred(trade, "2023", "BLR")
    assert (row["value_usd"], row["scope"]) == (8.5e9, "goods_and_services")
    assert "134.1" in row["scope_evidence"]


def test_2012_china_copy_of_mfa_profile_counts_as_china_customs(trade: pd.DataFrame) -> None:
    row = _preferred(trade, "2012", "CHN")
    assert (row["value_usd"], row["basis"], row["reliability"]) == (1.58e9, "statistics", "official_statistics")
    other = _cell(trade, "2012", "CHN")
    assert set(other["value_usd"]) == {1.58e9, 2.9e9}  # the ambassador's figure is kept, not preferred


def test_2023_china_prefers_8_44_by_chinese_statistics(trade: pd.DataFrame) -> None:
    row = _preferred(trade, "2023", "CHN")
    assert (row["value_usd"], row["basis"], row["scope"]) == (8.44e9, "statistics", "goods")
    assert not row["year_inferred"]


def test_2019_belarus_prefers_the_explicitly_dated_figure(trade: pd.DataFrame) -> None:
    row = _preferred(trade, "2019", "BLR")
    assert row["source_id"] == "news-by-eaaa8c" and not row["year_inferred"] and row["bound"] == "rounded"


def test_2015_2_5bn_is_read_as_2016(trade: pd.DataFrame) -> None:
    assert _preferred(trade, "2015", "BLR")["value_usd"] == 3.303e9
    assert set(_cell(trade, "2015", "BLR")["value_usd"]) == {3.303e9}
    row = _preferred(trade, "2016", "BLR")
    assert row["value_usd"] == 2.5e9 and row["year_inferred"]


def test_2025_over_8_86bn_is_not_belarus_goods(trade: pd.DataFrame) -> None:
    assert 8.86e9 not in set(_cell(trade, "2025", "BLR")["value_usd"])
    unk = _cell(trade, "2025", "UNK")
    assert list(unk["value_usd"]) == [8.86e9] and len(source_list(unk.iloc[0]["source_ids"])) == 2


def test_two_consecutive_years_sentence_says_so(trade: pd.DataFrame) -> None:
    rows = trade[trade["source_id"] == "news-by-788a4c"]
    assert sorted(rows["period"]) == ["2024", "2025"]
    assert rows["notes"].str.contains("two facts").all()


def test_every_trade_figure_has_scope_evidence_and_basis(trade: pd.DataFrame) -> None:
    assert trade["scope_evidence"].notna().all()
    assert trade["scope_evidence"].str.match(r"^(quote|research note|inferred|not stated)").all()
    stated = trade[trade["scope"] != "unknown"]
    assert not stated["scope_evidence"].str.startswith("not stated").any()
    assert (trade.loc[trade["reporter"] == "TDM", "basis"] == "aggregator").all()


# --------------------------------------------------------------------------------- printed changes

def test_printed_changes_are_quote_backed(changes: pd.DataFrame) -> None:
    quotes = load_sources(SNAPSHOT).set_index("source_id")["quote"]
    for _, c in changes.iterrows():
        assert c["value_text"] in quotes[c["source_id"]], c["source_id"]
    printed = {(c["period"], c["reporter"], c["flow"], c["value"]) for _, c in changes.iterrows()}
    for case in [("2021", "CHN", "turnover", 27.3), ("2022", "CHN", "turnover", 33.0),
                 ("2021", "BLR", "turnover", 108.7), ("2022", "BLR", "turnover", 113.0),
                 ("2023", "BLR", "turnover", 134.1), ("2023", "CHN", "turnover", 67.3)]:
        assert case in printed


def test_computed_growth_agrees_with_printed_rates_or_is_explained(trade: pd.DataFrame,
                                                                   changes: pd.DataFrame) -> None:
    checks = check_changes(trade, changes)
    recorded = load_disagreements(SNAPSHOT)
    assert unexplained_disagreements(checks, recorded).empty
    # no stale reason: every recorded disagreement is one the check finds
    bad = checks[checks["status"] == "disagrees"]
    found = {(r["period"], r["reporter"], source_list(r["change_source_ids"])[0]) for _, r in bad.iterrows()}
    assert {(r["period"], r["reporter"], r["source_id"]) for _, r in recorded.iterrows()} == found


def test_2022_belarus_goods_growth_matches_113_percent(trade: pd.DataFrame, changes: pd.DataFrame) -> None:
    checks = check_changes(trade, changes)
    row = checks[(checks["period"] == "2022") & (checks["reporter"] == "BLR") & (checks["flow"] == "turnover")
                 & (checks["measure"] == "pct_of_base")].iloc[0]
    assert row["status"] == "agrees" and (row["end_usd"], row["base_usd"]) == (5.79e9, 5.1e9)


def test_implied_2021_goods_from_113_percent(trade: pd.DataFrame, changes: pd.DataFrame) -> None:
    implied = implied_figures(trade, changes)
    rows = implied[(implied["period"] == "2021") & (implied["reporter"] == "BLR") & (implied["flow"] == "turnover")
                   & (implied["scope"] == "goods")]
    row = rows[rows["arithmetic"].str.contains("over 113%")].iloc[0]
    assert row["implied"] and row["value_usd"] == pytest.approx(5.12e9) and row["bound"] == "upper"
    ids = source_list(row["source_ids"])
    assert "belta-eng-6971c5" in ids and ids[0] == "belta-eng-6971c5"
    assert row["published_usd"] == "5.1e+09"
    assert not implied["period"].isin([""]).any()


# ------------------------------------------------------------------ agreements, events, rail, partners

@pytest.fixture(scope="module")
def agreements() -> pd.DataFrame:
    return load_agreements(SNAPSHOT)


def test_no_two_agreements_are_one_document(agreements: pd.DataFrame) -> None:
    assert same_document_pairs(agreements) == []


def test_2023_package_is_one_fact_and_its_parts_say_so(agreements: pd.DataFrame) -> None:
    visit = agreements[agreements["date"].str.startswith("2023-03-0")]
    package = visit[visit["value_kind"] == "contract_value"]
    assert len(package) == 1 and package.iloc[0]["value_usd"] == 3.5e9
    assert sorted(source_list(package.iloc[0]["source_ids"])) == ["president-c04924", "president-d30766"]
    parts = visit[visit["part_of"] == package.iloc[0]["source_id"]]
    assert (parts["doc_type"] != "package").all() and len(parts[parts["doc_type"] != "estimate"]) == 10
    effect = visit[visit["value_kind"] == "economic_effect"]
    assert len(effect) == 1 and effect.iloc[0]["doc_type"] == "estimate"
    # the worth of contracts is counted once and never added to the economic-effect estimate
    assert visit.loc[visit["value_kind"] == "contract_value", "value_usd"].sum() == 3.5e9


def test_every_agreement_value_has_a_kind(agreements: pd.DataFrame) -> None:
    assert agreements.loc[agreements["value_usd"].notna(), "value_kind"].notna().all()


def test_2016_joint_statement_is_one_document(agreements: pd.DataFrame) -> None:
    rows = agreements[agreements["date"].str.startswith("2016-09") & (agreements["doc_type"] == "joint_statement")]
    assert len(rows) == 1 and len(source_list(rows.iloc[0]["source_ids"])) == 2


def test_one_occasion_is_counted_once_in_events() -> None:
    events = load_events(SNAPSHOT)
    occasions = events[events["part_of"].isna()]
    visits = occasions[occasions["category"] == "visit"].copy()
    visits["day"] = pd.to_datetime(visits["date"].str.pad(10, "right", "-").str.replace(r"-+$", "", regex=True),
                                   format="mixed")
    gaps = visits.sort_values("day")["day"].diff().dt.days
    assert (gaps.dropna() > 2).all(), "two visit rows within two days: one trip counted twice"
    assert len(occasions[occasions["date"] == "2023-03-01"]) == 0  # the talks' statements are parts of the visit
    brics = events[events["title"].str.contains("BRICS")]
    assert len(brics) == 1 and len(source_list(brics.iloc[0]["source_ids"])) == 2


def test_rail_facts_once_and_park_figures_apart() -> None:
    rail = load_rail(SNAPSHOT)
    assert same_fact_pairs(rail, RAIL_CELL) == []
    park = rail[rail["topic"] == "great_stone"]
    assert set(park["unit"]) >= {"USD", "percent", "companies"} and (park["coverage"] == "not_rail").all()
    assert not rail["value_text"].str.contains("expandable").any()  # "expandable to 500000" is not in the quote
    transit = rail[rail["metric"].str.contains("Belarusian Railways") & (rail["unit"] == "TEU")]
    assert set(transit["coverage"]) == {"by_railways_all", "by_transit_two_way"}


def test_partner_standings_once_and_2020_rank_backed_by_shares() -> None:
    partners = load_partners(SNAPSHOT)
    assert same_fact_pairs(partners, PARTNER_CELL) == []
    chosen = partners[(partners["period"] == "2020") & (partners["partner"] == "CHN") & partners["preferred"]]
    assert list(chosen["rank"]) == [3] and list(chosen["share_pct"]) == [7.3]


def test_merges_name_the_fields_another_report_gave() -> None:
    """A fact's fields come from its own source_id unless merges.csv says which report gave them."""
    merges = pd.read_csv(SNAPSHOT / "build" / "merges.csv", dtype=str, keep_default_na=False)
    trade = pd.read_csv(SNAPSHOT / "raw" / "trade.csv", dtype=str, keep_default_na=False).set_index("source_id")
    known = {"scope", "stated year", "basis", "rank", "share_pct"}
    for _, m in merges[merges["gave"] != ""].iterrows():
        fields = set(m["gave"].split("; "))
        assert fields <= known, m.to_dict()
        if m["table"] == "trade" and "scope" in fields:
            assert m["merged_scope"] in set(trade.loc[[m["fact_source_id"]], "scope"]), m.to_dict()
