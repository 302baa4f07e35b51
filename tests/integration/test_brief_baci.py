"""The brief's product-composition section from a CEPII BACI release (`tradebrief run --baci`)."""
from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import tradebrief as tb
from baci_fixtures import write_release
from tradebrief.cli import main
from tradebrief.data.params import RunParameters
from tradebrief.report import sections
from tradebrief.report.annex import build_markdown
from tradebrief.run.pipeline import run_report


@pytest.fixture(scope="module")
def release(tmp_path_factory) -> Path:
    return write_release(tmp_path_factory.mktemp("baci") / "release")


def test_section_cites_release_and_shows_gaps(release: Path, tmp_path: Path) -> None:
    ctx = tb.ReportContext.load(start_year=2019, end_year=2022)
    products = sections.products_section(ctx, release)
    written = {p.name for p in products.save(tmp_path)}
    assert {"products_sections.svg", "products_totals.csv", "products_top_exports.csv"} <= written
    text = build_markdown(ctx, tmp_path, products=products)
    part = text.split("## Product composition (CEPII BACI)", 1)[1].split("\n## ", 1)[0]
    totals = products.tables["totals"]
    first = totals[(totals["year"] == 2020) & (totals["exporter"] == "BLR")]["value_usd"].item()
    assert f"| 2020 | ${first / 1e6:,.1f} m<sup>[" in part
    assert "- No BACI file for 2019 in this release." in part  # a gap stays a gap
    assert "(figures/products_sections.svg)" in part
    assert '<a id="src-cepii-baci-hs17-v202401"></a>**CEPII (BACI)**' in text
    assert "version V202401" in text


def test_no_release_no_section() -> None:
    ctx = tb.ReportContext.load()
    assert sections.products_section(ctx, None).tables == {}


def test_missing_release_is_a_usage_error(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["run", "--baci", str(tmp_path / "nope.zip"), "--output", str(tmp_path)])
    assert result.exit_code == 2
    assert "does not exist" in result.output


@pytest.mark.slow
def test_run_with_baci_end_to_end(release: Path, tmp_path: Path) -> None:
    report = run_report(RunParameters.create(start_year=2019, end_year=2023), output_root=tmp_path,
                        progress=False, extra={"baci": str(release)}).report_dir
    text = (report / "annex.md").read_text(encoding="utf-8")
    assert "## Product composition (CEPII BACI)" in text
    assert "No breakdown by product" not in (report / "brief.md").read_text(encoding="utf-8")
    assert (report / "figures" / "products_sections.svg").exists()
