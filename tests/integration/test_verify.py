"""`tradebrief verify`: data checksums from the manifest, rerun, byte-for-byte comparison.

The slow tests render a lean report (real library calls: the trade section's tables and SVG
figures, and a brief.md holding the trade series, without the other sections) so that a run and its rerun take
seconds rather than minutes; `verify` does not depend on which notebooks made a report.
"""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SNAPSHOT
from tradebrief.cli import main
from tradebrief.errors import DataError, UsageError
from tradebrief.run.verify import FileCheck, compare_outputs, load_manifest, verify_report

PARAMETERS = ('reporter = "BLR"\npartner = "CHN"\nstart_year = 2010\nend_year = 2025\nsource = "snapshot"\n'
              'report_dir = "."\nlang = "en"\nclaims_file = ""\n')
TRADE = ("import tradebrief as tb\nfrom tradebrief.report import sections\n"
         "ctx = tb.ReportContext.load(reporter, partner, start_year, end_year, source)\n"
         "sections.trade_section(ctx).save(report_dir)\n")
BRIEF = ("from pathlib import Path\nimport tradebrief as tb\nfrom tradebrief.report import sections\n"
         "ctx = tb.ReportContext.load(reporter, partner, start_year, end_year, source)\n"
         "series = sections.trade_section(ctx).tables['series']\n"
         "Path(report_dir, 'brief.md').write_text('# Trade\\n\\n' + series.to_csv(index=False), encoding='utf-8')\n")


def _notebook(folder: Path, name: str, *cells: str, parameters: str = PARAMETERS) -> None:
    doc = {"cells": [{"cell_type": "code", "id": f"c{i}", "execution_count": None, "outputs": [], "source": src,
                      "metadata": {"tags": ["parameters"]} if i == 0 else {}}
                     for i, src in enumerate((parameters, *cells))],
           "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
           "nbformat": 4, "nbformat_minor": 5}
    (folder / f"{name}.ipynb").write_text(json.dumps(doc), encoding="utf-8")


def lean_notebooks(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    _notebook(folder, "01_trade", TRADE)
    for name in ("02_agreements", "03_corridor", "04_claims", "06_annex"):
        _notebook(folder, name)
    _notebook(folder, "05_brief", BRIEF)
    return folder


# --- fast: comparison and manifest handling --------------------------------------------------


def _report(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_compare_outputs_names_each_kind_of_difference(tmp_path: Path) -> None:
    published = _report(tmp_path / "a", {"brief.md": "x", "tables/t.csv": "1", "figures/f.svg": "<svg/>",
                                         "figures/gone.svg": "<svg/>", "figures/f.png": "png a"})
    rerun = _report(tmp_path / "b", {"brief.md": "x", "tables/t.csv": "2", "figures/f.svg": "<svg/>",
                                     "tables/new.csv": "n", "figures/f.png": "png b"})
    checks = {c.name: c.status for c in compare_outputs(published, rerun)}
    png = checks.pop("figures/f.png")
    assert png.startswith("hash only: ")  # not reproducible byte for byte: checked against the manifest
    assert checks == {"brief.md": "identical", "tables/t.csv": "differs", "figures/f.svg": "identical",
                      "figures/gone.svg": "missing in rerun", "tables/new.csv": "only in rerun"}


def test_file_check_differs() -> None:
    assert not FileCheck("data", "data:raw/trade.csv", "unchanged").differs
    assert FileCheck("data", "data:raw/trade.csv", "changed").differs


def test_manifest_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"report folder .* not found"):
        load_manifest(tmp_path / "nowhere")
    with pytest.raises(UsageError, match=r"has no manifest\.json"):
        load_manifest(tmp_path)
    (tmp_path / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(DataError, match=r"manifest\.json: not valid JSON"):
        load_manifest(tmp_path)
    (tmp_path / "manifest.json").write_text('{"parameters": {}}', encoding="utf-8")
    with pytest.raises(DataError, match="lacks the 'data_files' mapping"):
        load_manifest(tmp_path)


def test_missing_data_file_is_reported(tmp_path: Path) -> None:
    folder = tmp_path / "data"
    (folder / "raw").mkdir(parents=True)  # the run's data folder, its trade.csv since deleted
    manifest = {"parameters": {"reporter": "BLR", "partner": "CHN", "source": str(folder)},
                "data_files": {"trade:raw/trade.csv": "0" * 64},
                "data_file_paths": {"trade:raw/trade.csv": str(folder / "raw" / "trade.csv")}}
    (tmp_path / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    result = verify_report(tmp_path, rerun=False)
    assert [(c.name, c.status.split(" ")[0]) for c in result.data] == [("trade:raw/trade.csv", "missing")]
    assert not result.ok


# --- slow: a real report, verified, then its data changed ------------------------------------


@pytest.fixture(scope="module")
def lean_report(tmp_path_factory) -> dict:
    """A report rendered from a copy of the snapshot (so the test may change its data)."""
    base = tmp_path_factory.mktemp("verify")
    data = base / "data"
    shutil.copytree(SNAPSHOT, data, ignore=shutil.ignore_patterns("build", "claims", "external"))
    notebooks = lean_notebooks(base / "notebooks")
    out = base / "reports"
    out.mkdir()
    env = {"TRADEBRIEF_NOTEBOOKS": str(notebooks)}
    result = CliRunner().invoke(main, ["run", "--source", str(data), "--output", str(out), "--no-progress"], env=env)
    assert result.exit_code == 0, result.output
    return {"report": out / "BLR-CHN", "data": data, "env": env}


@pytest.mark.slow
def test_unchanged_snapshot_has_no_differences(lean_report: dict) -> None:
    report = lean_report["report"]
    assert (report / "brief.md").is_file() and list((report / "figures").glob("*.svg"))
    result = CliRunner().invoke(main, ["verify", str(report), "--no-progress"], env=lean_report["env"])
    assert result.exit_code == 0, result.output
    assert f"{report}: no differences (data, published files and rerun outputs)" in result.output
    # on the machine that published: only the executed notebooks are hash only; PNGs and claims.json
    # are compared byte for byte like everything else (issue 26)
    assert "Checked by sha256 only" in result.output and "notebooks/*.ipynb" in result.output
    assert "figures/*.png" not in result.output
    lines = result.output.splitlines()
    for name in ("trade:raw/trade.csv", "data:sources.yaml", "claims:seed_article.yaml"):
        assert any(name in line and line.rstrip().endswith("unchanged") for line in lines), name
    pngs = [p.relative_to(report).as_posix() for p in (report / "figures").glob("*.png")]
    for name in ("brief.md", "tables/trade_series.csv", "figures/trade_by_side.svg", *pngs):
        assert any(name in line and line.rstrip().endswith("identical") for line in lines), name
    assert not list(report.parent.glob(".*staging*"))


@pytest.mark.slow
def test_modified_data_file_is_named(lean_report: dict) -> None:
    report, trade = lean_report["report"], lean_report["data"] / "raw" / "trade.csv"
    original = trade.read_bytes()
    published = {p: p.read_bytes() for p in report.rglob("*") if p.is_file()}
    try:
        text = original.decode("utf-8")
        assert ",5790000000,$5.79 billion," in text  # BLR's 2022 turnover, as published
        # the figure and its wording changed together (a figure alone is refused where it enters)
        trade.write_text(text.replace(",5790000000,$5.79 billion,", ",5800000000,$5.80 billion,"), encoding="utf-8")
        quick = CliRunner().invoke(main, ["verify", str(report), "--no-rerun"], env=lean_report["env"])
        assert quick.exit_code == 1
        assert "1 difference(s): trade:raw/trade.csv (changed)" in quick.output
        full = CliRunner().invoke(main, ["verify", str(report), "--no-progress"], env=lean_report["env"])
        assert full.exit_code == 1
        summary = next(line for line in full.output.splitlines() if "difference(s):" in line)
        assert "trade:raw/trade.csv (changed)" in summary
        assert "brief.md (differs)" in summary and "tables/trade_series.csv (differs)" in summary
        assert "data:raw/trade.csv" not in summary  # the snapshot itself did not change
    finally:
        trade.write_bytes(original)
    assert {p: p.read_bytes() for p in report.rglob("*") if p.is_file()} == published  # never touched
