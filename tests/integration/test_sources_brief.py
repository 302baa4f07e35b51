"""A run on fetched Comtrade data reads the fetch's partners and HS chapters (fast checks; the full
pipeline run is in test_run_sources.py)."""
from __future__ import annotations

from pathlib import Path

import pytest
from test_sources_comtrade import stub  # noqa: F401  (loopback Comtrade fixture server)

from tradebrief.data.context import ReportContext, table_folder
from tradebrief.data.load import default_data_dir
from tradebrief.report.sections import Section, fetched_products_section, products_section, trade_section
from tradebrief.sources import fetch


@pytest.fixture
def fetched(stub, tmp_path: Path, monkeypatch) -> Path:  # noqa: F811
    monkeypatch.setenv("TRADEBRIEF_EXTERNAL", str(tmp_path / "external"))
    return fetch("comtrade", "BLR", "CHN", 2019, 2020).folder


def test_context_reads_partners_and_products_from_the_fetch(fetched: Path) -> None:
    ctx = ReportContext.load(source="comtrade", start_year=2015, end_year=2022)
    assert set(ctx.partners["source_id"]) == {f"comtrade-partners-blr-{y}-{y}-{f}" for y in (2019, 2020)
                                              for f in "xm"}  # the keyless preview: one year and flow each
    assert set(ctx.products["source_id"]) == {"comtrade-hs2-blr-chn-2019-2020"}
    standing = trade_section(ctx).tables["partner_standing"]
    assert standing[["year", "flow", "rank"]].values.tolist() == [
        [2019, "export", 2], [2019, "import", 3], [2020, "export", 2], [2020, "import", 2]]
    assert ctx.sources.set_index("source_id").loc["comtrade-partners-blr-2019-2019-x", "publisher"] == "UN Comtrade"


def test_fetched_products_give_a_composition_section(fetched: Path) -> None:
    ctx = ReportContext.load(source="comtrade", start_year=2015, end_year=2022)
    section = products_section(ctx, None)
    assert section.source is None and set(section.tables) == {"totals", "by_section", "top_exports", "top_imports"}
    top = section.tables["top_exports"]
    assert top[["rank", "hs2", "hs2_label"]].values.tolist()[0] == [1, "31", "Fertilizers"]
    assert top["value_usd"].iloc[0] == 1200000.0 + 2500000.0  # summed over the years shown
    assert top["share_pct"].sum() == pytest.approx(100.0)
    totals = section.tables["totals"].set_index(["year", "exporter"])["value_usd"]
    assert totals[(2019, "BLR")] == 1200000.0 + 700000.0 + 445678.0
    by_section = section.tables["by_section"]
    assert set(by_section["section"]) == {"VI", "IX", "XVI", "XVII"}  # chemicals, wood, machinery, vehicles


def test_years_outside_the_run_leave_no_composition(fetched: Path) -> None:
    ctx = ReportContext.load(source="comtrade", start_year=2019, end_year=2019)
    assert set(fetched_products_section(ctx, Section("products")).tables["totals"]["year"]) == {2019}


def test_snapshot_and_trade_only_fetches_keep_the_snapshot_tables(fetched: Path) -> None:
    (fetched / "raw" / "partners.csv").unlink()
    assert table_folder("partners", fetched, default_data_dir()) == default_data_dir()
    assert table_folder("products", fetched, default_data_dir()) == fetched
    ctx = ReportContext.load()
    assert products_section(ctx, None).tables == {}  # the snapshot's product rows are statements
