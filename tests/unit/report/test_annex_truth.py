"""Issue 25 in the annex, on data built here: a disputed rank reads as disputed (class 2), and a
snapshot citation's date is the day it entered the snapshot, not a retrieval date (class 12)."""
from __future__ import annotations

from types import SimpleNamespace

import pandas as pd

from tradebrief.report.annex import dated_as, source_entries, standing_rows
from tradebrief.report.citations import Citations


def _sources() -> pd.DataFrame:
    return pd.DataFrame([
        {"source_id": sid, "publisher": f"P {sid}", "url": f"https://example.org/{sid}", "retrieved": day,
         "quote": "q", "language": "en", "reliability": "secondary", "via": via}
        for sid, day, via in (("stat-a", "2026-11-28", "trade/trade.csv"), ("press-b", "2026-11-28", "trade/trade.csv"),
                              ("fetched-c", "2026-12-07T10:00:00Z", ""))])


def _standing(disputed: bool) -> pd.DataFrame:
    return pd.DataFrame([{
        "year": 2020, "period": "2020", "reporter": "BLR", "flow": "turnover", "rank": 3, "tied": False,
        "share_pct": 7.3, "scope": "goods", "source_id": "stat-a",
        "ranks": "2;3" if disputed else "3", "disputed": disputed,
        "rank_source_ids": "press-b;stat-a" if disputed else "stat-a",
        "nearest_partner": "UKR", "nearest_gap_pts": 0.1}])


def _rows(disputed: bool) -> tuple[list[dict], Citations]:
    cite = Citations(_sources())
    other = {"year": 2020, "period": "2020", "reporter": "BLR", "economy": "BLR", "partner": "CHN", "flow": "turnover",
             "rank": 2, "tied": False, "share_pct": None, "source_id": "press-b", "preferred": False}
    partners = pd.DataFrame([other] if disputed else [], columns=list(other))
    ctx = SimpleNamespace(partners=partners, params=SimpleNamespace(start_year=2010, end_year=2025), sources=_sources())
    data = SimpleNamespace(a="BLR", b="CHN", ctx=ctx, trade=SimpleNamespace(tables={"partner_standing": _standing(disputed)}))
    return standing_rows(data, cite), cite


def test_a_disputed_rank_reads_as_disputed_and_cites_every_statement():
    rows, cite = _rows(True)
    text = cite.layout(" ".join(str(r["rank"]) for r in rows))
    assert text.startswith("3; statements differ: 2 or 3<sup>")
    assert "2 (another statement)" in text and "#src-press-b" in text and "#src-stat-a" in text
    assert rows[0]["share"] == "7.3% (Ukraine 0.1 point apart)"
    # whose statement each rank is, by its citation: a press report is never "Belarus's figures" (issue 25)
    assert {r["whose"] for r in rows} == {"A press or secondary report (Belarus's side)"}


def test_an_undisputed_rank_is_one_number_with_its_source():
    rows, cite = _rows(False)
    rank = cite.layout(str(rows[0]["rank"]))
    assert rank.startswith("3<sup>") and "press-b" not in rank
    assert rows[0]["share"] == "7.3%"  # an undisputed rank needs no margin beside it


def test_a_snapshot_citation_is_dated_as_entering_the_snapshot():
    assert dated_as("trade/additions_2026-11-30.csv") == "entered the snapshot"
    assert dated_as("") == dated_as(None) == dated_as(float("nan")) == "retrieved"
    cite = Citations(_sources())
    cite.layout(str(cite.cite(["stat-a", "fetched-c"])))
    dated = {e["id"]: e["dated"] for e in source_entries(cite)}
    assert dated == {"stat-a": "entered the snapshot", "fetched-c": "retrieved"}


def test_the_annex_counts_documents_in_a_package_not_the_estimate_describing_it():
    """Issue 25, class 5: an estimate or package row that is part of a package is not a document."""
    from tradebrief.report.annex import agreement_rows

    def doc(title, doc_type, part_of="", value=None, kind=None, text=""):
        return {"date": "2023-03-01", "title": title, "doc_type": doc_type, "part_of": part_of, "value_usd": value,
                "value_kind": kind, "value_text": text, "source_id": "stat-a", "source_ids": "stat-a"}

    docs = pd.DataFrame([doc("Package", "package", value=3.5e9, kind="contract_value", text="$3.5 billion"),
                         doc("MoU one", "interdepartmental", "stat-a"), doc("MoU two", "intergovernmental", "stat-a"),
                         doc("Effect", "estimate", "stat-a", 3.5e9, "economic_effect", "more than $3.5 billion")])
    docs.loc[0, "source_id"] = docs.loc[0, "source_ids"] = "press-b"
    docs["part_of"] = ["", "press-b", "press-b", "press-b"]
    data = SimpleNamespace(agreements=SimpleNamespace(tables={"documents": docs}, notes=[]))
    rows, notes = agreement_rows(data, Citations(_sources()))
    assert len(rows) == 4
    assert "2 documents are signed as parts of a package" in " ".join(str(n) for n in notes)


def test_a_growth_resting_on_an_inferred_year_is_flagged_in_the_annex():
    """Issue 25, class 4: '-24.3%' joining a figure whose year was placed by fit never stands alone."""
    from tradebrief import analysis
    from tradebrief.report.annex import growth_rows

    def fig(year, value, inferred):
        return {"year": year, "economy": "BLR", "partner": "CHN", "reporter": "BLR", "flow": "turnover",
                "value_usd": value, "bound": "exact", "scope": "goods", "reliability": "official_statistics",
                "year_inferred": inferred, "source_id": "stat-a" if year < 2016 else "press-b"}

    series = pd.DataFrame([fig(2014, 3.0e9, False), fig(2015, 3.303e9, False), fig(2016, 2.5e9, True)])
    data = SimpleNamespace(a="BLR", b="CHN", series=series,
                           trade=SimpleNamespace(tables={"growth": analysis.growth(series)}))
    rows = {r["year"]: r for r in growth_rows(data, Citations(_sources()))}
    assert rows[2016]["growth"] == "-24.3%" and "inferred" in rows[2016]["why"]
    assert rows[2015]["why"] == ""  # both years printed: nothing to add


def test_the_parks_figures_are_not_listed_as_rail_measures():
    """audit 2026-11-30: an investment, a stake or a count of residents is not rail traffic."""
    from tradebrief.report.annex import rail_rows

    def row(metric, value, unit, coverage):
        return {"period": "2024", "metric": metric, "value": value, "value_high": None, "bound": "exact",
                "unit": unit, "scope": "s", "coverage": coverage, "source_id": "stat-a"}

    rows = pd.DataFrame([row("Transit via Belarus", 930000, "TEU", "by_transit_two_way"),
                         row("Great Stone registered residents", 132, "companies", "not_rail")])
    data = SimpleNamespace(corridor=SimpleNamespace(tables={"all_rows": rows}))
    cite = Citations(_sources())
    assert [r["metric"] for r in rail_rows(data, cite)] == ["Transit via Belarus"]
    assert [r["metric"] for r in rail_rows(data, cite, rail=False)] == ["Great Stone registered residents"]


def test_a_spread_across_scopes_names_each_ends_scope():
    """Goods $4.62 bn against goods and services $5.4 bn is a difference of scope, shown as such."""
    from tradebrief.report.annex import spread_rows

    def cell(min_scope, max_scope):
        return {"year": 2020, "reporter": "BLR", "flow": "turnover", "n": 2, "min_usd": 4.617e9, "max_usd": 5.4e9,
                "preferred_usd": 4.617e9, "min_bound": "exact", "max_bound": "rounded", "preferred_bound": "exact",
                "min_scope": min_scope, "max_scope": max_scope, "source_ids": "stat-a;press-b"}

    for scopes, low, high in ((("goods", "goods_and_services"), "$4.62 bn, goods", "$5.4 bn, goods and services"),
                              (("goods", "goods"), "$4.62 bn", "$5.4 bn")):
        data = SimpleNamespace(a="BLR", b="CHN", trade=SimpleNamespace(tables={"spread": pd.DataFrame([cell(*scopes)])}))
        row = spread_rows(data, Citations(_sources()))[0]
        assert (row["low"], row["high"]) == (low, high)
