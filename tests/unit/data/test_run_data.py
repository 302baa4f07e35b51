"""RunData: one object for a run's data, loaded by one rule from one resolved folder (issue 10 item 6,
issue 12 class 8: a user's figure is cited to the user's own sources.yaml entry)."""
from __future__ import annotations

import pytest
import yaml

import tradebrief as tb
from test_claims_fixtures import make_data, trade_row
from tradebrief.data.context import RunData, table_folder
from tradebrief.data.folders import resolve_data_folder
from tradebrief.errors import DataError, UsageError

TRADE_HEADER = ("year,period,reporter,economy,partner,flow,value_usd,value_text,bound,scope,year_inferred,"
                "source_id,notes\n")


def _user_folder(tmp_path, source_id: str, entry: dict, value: str = "7000000000"):
    folder = tmp_path / "mine"
    (folder / "raw").mkdir(parents=True)
    (folder / "sources.yaml").write_text(yaml.safe_dump({"sources": {source_id: entry}}, allow_unicode=True),
                                         encoding="utf-8")
    (folder / "raw" / "trade.csv").write_text(
        TRADE_HEADER + f"2022,2022,BLR,BLR,CHN,turnover,{value},,exact,goods,false,{source_id},\n", encoding="utf-8")
    return folder


def _snapshot_entry() -> tuple[str, dict]:
    row = tb.load_sources().iloc[0]
    return row["source_id"], {k: row[k] for k in ("publisher", "url", "retrieved", "quote", "language",
                                                   "reliability")}


def test_user_folder_trade_is_cited_to_its_own_entry(tmp_path):
    folder = _user_folder(tmp_path, "my-stat", {"publisher": "Me", "url": "https://example.org/me",
                                                "retrieved": "2026-12-01", "quote": "my words",
                                                "language": "en", "reliability": "official_statistics"})
    run = RunData.load(source=str(folder), start_year=2022, end_year=2022)
    assert list(run.trade["source_id"]) == ["my-stat"]
    cited = run.sources.set_index("source_id").loc["my-stat"]
    assert cited["quote"] == "my words" and cited["publisher"] == "Me"
    # tables the folder lacks come from the snapshot, by the same rule
    assert len(run.events) == len(tb.load_events()) and run.trade_dir == folder.resolve()
    assert table_folder("events", run.trade_dir, run.data_dir) == run.data_dir
    assert set(tb.load_sources()["source_id"]) <= set(run.sources["source_id"])


@pytest.mark.parametrize("field", ["quote", "url", "publisher", "reliability"])
def test_a_source_id_in_both_folders_with_other_content_is_an_error_naming_both(tmp_path, field):
    sid, entry = _snapshot_entry()
    changed = {**entry, field: "official_statement" if field == "reliability" and
               entry["reliability"] != "official_statement" else
               ("secondary" if field == "reliability" else f"{entry[field]} (edited)")}
    folder = _user_folder(tmp_path, sid, changed)
    with pytest.raises(DataError) as err:
        RunData.load(source=str(folder), start_year=2022, end_year=2022)
    text = str(err.value)
    assert sid in text and str(folder / "sources.yaml") in text and str(tb.default_data_dir() / "sources.yaml") in text
    assert f"'{field}'" in text and "\n" not in text


def test_a_source_id_in_both_folders_with_the_same_content_is_one_citation(tmp_path):
    sid, entry = _snapshot_entry()
    folder = _user_folder(tmp_path, sid, entry)
    run = RunData.load(source=str(folder), start_year=2022, end_year=2022)
    assert (run.sources["source_id"] == sid).sum() == 1


def test_full_folder_reads_every_table_from_itself(tmp_path):
    folder = make_data(tmp_path, trade=[trade_row(2022, "BLR", "BLR", "CHN", 5.79e9)])
    run = RunData.load(source=str(folder))
    assert list(run.events["source_id"]) == ["ev-a"] and list(run.labels["country"]) == ["PAK"]
    assert "ratio" in run.changes or run.changes.empty  # printed rates: the folder's, else the snapshot's


def test_one_resolver_for_every_source_name(tmp_path):
    assert resolve_data_folder("snapshot") == tb.default_data_dir()
    assert resolve_data_folder(str(tmp_path)) == tmp_path
    with pytest.raises(UsageError, match="neither snapshot, comtrade, imf nor a data folder"):
        resolve_data_folder(str(tmp_path / "absent"))


def test_report_context_is_run_data():
    assert tb.ReportContext is RunData
