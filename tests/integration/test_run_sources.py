"""`tradebrief run --source`: the whole pipeline on fetched (loopback) Comtrade data and on a user folder."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_sources_comtrade import stub  # noqa: F401  (loopback Comtrade fixture server)

from tradebrief.data.params import RunParameters
from tradebrief.run.pipeline import run_report
from tradebrief.sources import fetch

pytestmark = pytest.mark.slow


def test_run_on_fetched_comtrade(stub, tmp_path: Path, monkeypatch) -> None:  # noqa: F811
    external = tmp_path / "external"
    monkeypatch.setenv("TRADEBRIEF_EXTERNAL", str(external))
    fetch("comtrade", "BLR", "CHN", 2019, 2020)
    out = tmp_path / "reports"
    out.mkdir()
    report = run_report(RunParameters.create(source="comtrade", start_year=2015, end_year=2022),
                        output_root=out, progress=False, workers=1).report_dir
    text = (report / "brief.md").read_text(encoding="utf-8")
    assert "trade data from UN Comtrade (fetched)" in text
    text = (report / "annex.md").read_text(encoding="utf-8")  # the evidence: every table and citation
    assert "UN Comtrade" in text.split("## Sources", 1)[1]  # the fetched figures are cited
    manifest = json.loads((report / "manifest.json").read_text())
    assert manifest["parameters"]["source"] == "comtrade"
    assert "trade:raw/trade.csv" in manifest["data_files"]
    # the claims section ran on the same fetched trade figures (its notebook did not refuse the source)
    assert (report / "tables" / "claims.json").exists()
    # partner standing: ranks and shares computed from the fetch's all-partner totals, cited to it
    standing = text.split("## China among Belarus's partners", 1)[1].split("\n## ", 1)[0]
    rows = [line for line in standing.splitlines() if line.startswith("| 20")]
    assert len(rows) == 4, standing
    assert rows[0].startswith("| 2019 | Official statistics (Belarus's side) | exports | 2 (tied)") and rows[0].endswith("| 11.7% |")
    assert rows[1].startswith("| 2019 | Official statistics (Belarus's side) | imports | 3") and rows[1].endswith("| 8.2% |")
    assert "![Partner standing](figures/partner_standing.svg)" in standing
    # product composition from the fetched HS chapters, cited to the fetch
    products = text.split("## Product composition (UN Comtrade, HS chapters)", 1)[1].split("\n## ", 1)[0]
    assert "| 2019 | $2.3 m<sup>" in products and "![Goods by HS section](figures/products_sections.svg)" in products
    assert "| 1 | 31 | Fertilizers | $3.7 m | 53.5% |" in products
    assert "| 1 | 84 | Machinery and mechanical appliances" in products
    assert (report / "figures" / "products_sections.svg").is_file()
    cited = text.split("## Sources", 1)[1]
    assert "comtrade-hs2-blr-chn-2019-2020" in cited or "cmdCode=AG2" in cited


def test_run_on_user_folder(mini_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    out.mkdir()
    report = run_report(RunParameters.create(source=str(mini_data), start_year=2020, end_year=2022),
                        output_root=out, progress=False, workers=1).report_dir
    text = (report / "brief.md").read_text(encoding="utf-8")
    from tradebrief.text.markup import md_escape
    # the folder by its name: the brief is forwarded, the user's absolute path stays on their machine
    # ... and which tables came from the snapshot, since the folder holds only trade.csv
    line = text.split(f"trade data from the data folder {md_escape(mini_data.name)}; ", 1)[1].split("\n", 1)[0]
    assert line.startswith("partner ranks, products, agreements, events, rail figures") and \
        line.endswith(" from the shipped snapshot.*"), line
    assert str(mini_data) not in text
    assert "https://example.org/a" in text and "https://example.org/b" in text
