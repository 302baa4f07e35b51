"""`tradebrief run --source`: the whole pipeline on fetched (loopback) Comtrade data and on a user folder."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from test_sources_comtrade import stub  # noqa: F401  (loopback Comtrade fixture server)
from tradebrief.run.params import RunParameters
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
    assert "UN Comtrade" in text.split("## Sources", 1)[1]  # the fetched figures are cited
    manifest = json.loads((report / "manifest.json").read_text())
    assert manifest["parameters"]["source"] == "comtrade"
    assert "trade:raw/trade.csv" in manifest["data_files"]
    # the claims section ran on the same fetched trade figures (its notebook did not refuse the source)
    assert (report / "tables" / "claims.json").exists()


def test_run_on_user_folder(mini_data: Path, tmp_path: Path) -> None:
    out = tmp_path / "reports"
    out.mkdir()
    report = run_report(RunParameters.create(source=str(mini_data), start_year=2020, end_year=2022),
                        output_root=out, progress=False, workers=1).report_dir
    text = (report / "brief.md").read_text(encoding="utf-8")
    assert f"trade data from the data folder {mini_data}" in text
    assert "https://example.org/a" in text and "https://example.org/b" in text
