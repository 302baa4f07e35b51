"""The pipeline: notebooks through papermill into a staged folder, manifest, atomic publish."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from tradebrief.cli import main
from tradebrief.data.params import RunParameters
from tradebrief.errors import RunError, UsageError
from tradebrief.run.pipeline import run_report

pytestmark = pytest.mark.slow

DETERMINISTIC = ("brief.md",)


@pytest.fixture(scope="module")
def default_report(tmp_path_factory) -> Path:
    """One default run shared by the checks below (a run takes ~40 s on 2 cores)."""
    out = tmp_path_factory.mktemp("reports")
    result = run_report(RunParameters.create(), output_root=out, progress=False)
    return result.report_dir


def test_layout(default_report: Path) -> None:
    assert default_report.name == "BLR-CHN"
    for name in ("brief.md", "brief.html", "brief.pdf", "annex.md", "annex.html", "annex.pdf", "manifest.json"):
        assert (default_report / name).stat().st_size > 0, name
    assert {p.stem for p in (default_report / "notebooks").glob("*.ipynb")} == {
        "01_trade", "02_agreements", "03_corridor", "04_claims", "05_brief", "06_annex"}
    assert (default_report / "figures" / "trade_by_side.svg").exists()
    assert (default_report / "figures" / "trade_by_side.png").exists()
    assert (default_report / "tables" / "trade_by_side.csv").exists()
    assert not list(default_report.parent.glob(".*staging*"))
    assert not list(default_report.rglob(".run-*")), "the kernels' shared data and claim results are not part of the report"


def test_brief_states_2022_turnover_from_both_sides_with_sources(default_report: Path) -> None:
    text = (default_report / "brief.md").read_text(encoding="utf-8")
    annex = (default_report / "annex.md").read_text(encoding="utf-8")
    row = next(line for line in text.splitlines() if line.startswith("| 2022 |"))
    cells = [c.strip() for c in row.strip("|").split("|")]
    assert cells[1].startswith("$5.79 bn<sup>[") and cells[2].startswith("$5.08 bn<sup>[")
    for cell in cells[1:3]:
        anchor = cell.split("(#")[1].split(")")[0]
        # the cited source is listed in the brief with its address, and in the annex with its quote
        entry = next(line for line in text.splitlines() if f'<a id="{anchor}"></a>' in line)
        assert "http" in entry
        entry = next(line for line in annex.splitlines() if f'<a id="{anchor}"></a>' in line)
        assert "http" in entry and "Quote (" in entry


def test_brief_sections_present(default_report: Path) -> None:
    text = (default_report / "brief.md").read_text(encoding="utf-8")
    for heading in ("## Bottom line", "## Key judgments", "## Key figures", "## What the data cannot say",
                    "## Claims checked", "## Sources"):
        assert heading in text, heading
    annex = (default_report / "annex.md").read_text(encoding="utf-8")
    for heading in ("## Figures by side", "## The mirror gap", "## Agreements and documents", "## Rail",
                    "## Claims and their evidence", "## Data notes", "## Sources"):
        assert heading in annex, heading
    assert "Traceback" not in text + annex
    manifest = json.loads((default_report / "manifest.json").read_text())
    assert {"brief.md", "annex.md", "annex.html"} <= set(manifest["outputs"])


def test_workbook_holds_every_notebooks_tables(default_report: Path) -> None:
    """tables.xlsx is written after all notebooks: the claims tables 04 writes beside the brief are in it."""
    openpyxl = pytest.importorskip("openpyxl")
    from tradebrief.report.workbook import distinct_tables, read_tables, sheet_names

    stems = sorted(p.stem for p in (default_report / "tables").glob("*.csv"))
    assert any(s.startswith("claim") for s in stems), stems
    book = openpyxl.load_workbook(default_report / "tables.xlsx", read_only=True)
    first = [names[0] for names, _ in distinct_tables(read_tables(default_report / "tables"))]
    assert book.sheetnames == ["Notes", *sheet_names(first), "Sources"]
    assert "Claims checked" in book.sheetnames
    manifest = json.loads((default_report / "manifest.json").read_text())
    assert "tables.xlsx" in manifest["outputs"]
    text = (default_report / "brief.md").read_text(encoding="utf-8")
    assert "[tables.xlsx](tables.xlsx)" in text


def test_pdf_written_or_reason_given(default_report: Path) -> None:
    manifest = json.loads((default_report / "manifest.json").read_text())
    pdf = default_report / "brief.pdf"
    assert pdf.exists() or any("brief.pdf not written" in w for w in manifest["warnings"])
    if pdf.exists():
        assert pdf.read_bytes()[:5] == b"%PDF-"


def test_manifest(default_report: Path) -> None:
    manifest = json.loads((default_report / "manifest.json").read_text())
    assert manifest["parameters"]["partner"] == "CHN"
    assert manifest["parameters"]["start_year"] == 2010
    assert "data:raw/trade.csv" in manifest["data_files"]
    assert len(manifest["data_files"]["data:raw/trade.csv"]) == 64
    assert set(manifest["timings_seconds"]) >= {"01_trade", "05_brief", "total"}
    assert manifest["outputs"]["brief.md"]
    assert manifest["libraries"]["pandas"]


def test_rerun_is_byte_identical(default_report: Path, tmp_path: Path) -> None:
    again = run_report(RunParameters.create(), output_root=tmp_path, progress=False).report_dir
    kinds = (".md", ".csv", ".svg", ".xlsx", ".html", ".pdf")
    first = {p.relative_to(default_report): p.read_bytes() for p in default_report.rglob("*")
             if p.is_file() and p.suffix in kinds and p.parent.name != "notebooks"}
    second = {p.relative_to(again): p.read_bytes() for p in again.rglob("*")
              if p.is_file() and p.suffix in kinds and p.parent.name != "notebooks"}
    assert Path("brief.pdf") in first and Path("annex.html") in first
    assert first.keys() == second.keys()
    different = [str(k) for k in first if first[k] != second[k]]
    assert not different, different


def test_other_partner_and_label_cli(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["run", "--partner", "Russia", "--start-year", "2015", "--end-year", "2023",
                                       "--label", "Since 2015!", "--output", str(tmp_path), "--no-progress",
                                       "--workers", "1"])
    assert result.exit_code == 0, result.output
    report = tmp_path / "BLR-RUS-since-2015"
    text = (report / "brief.md").read_text(encoding="utf-8")
    assert "Belarus–Russia" in text and "Russian Federation" not in text
    assert "no records of agreements or transport links" in text  # says plainly what is missing
    assert "Claims checked" not in text and "state visit" not in text  # the seed's pair is Belarus–China
    annex = (report / "annex.md").read_text(encoding="utf-8")
    assert "No figure from Russia's side" in annex


def test_thin_pair_warns_on_the_console_and_in_the_manifest(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["run", "--partner", "DEU", "--output", str(tmp_path), "--no-progress"])
    assert result.exit_code == 0, result.output
    assert "Warning: Belarus–Germany 2010–2025: too few comparable figures for a trend" in result.output
    warning = next(line for line in result.output.splitlines() if line.startswith("Warning: "))
    assert "BLR" not in warning.split("; fill it with", 1)[0]  # countries in words; the command keeps its codes
    manifest = json.loads((tmp_path / "BLR-DEU" / "manifest.json").read_text())
    assert any(w.startswith("Belarus–Germany ") and "tradebrief fetch imf --reporter BLR --partner DEU" in w
               for w in manifest["warnings"])
    text = (tmp_path / "BLR-DEU" / "brief.md").read_text(encoding="utf-8")
    assert "too thin for a trend" in text and "corridor" not in text


def test_unknown_partner_is_refused_before_running(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["run", "--partner", "Narnia", "--output", str(tmp_path)])
    assert result.exit_code == 2
    assert "unknown country 'Narnia'" in result.output
    assert not any(tmp_path.iterdir())


def test_failed_run_keeps_previous_report(default_report: Path, tmp_path: Path) -> None:
    """A notebook that raises: RunError names notebook and cell; the published report is untouched."""
    broken = tmp_path / "notebooks"
    broken.mkdir()
    src = Path(__file__).resolve().parents[2] / "notebooks"
    for nb in src.glob("*.ipynb"):
        text = nb.read_text(encoding="utf-8")
        if nb.stem == "03_corridor":
            doc = json.loads(text)
            doc["cells"].append({"cell_type": "code", "metadata": {}, "id": "boom", "execution_count": None,
                                 "outputs": [], "source": "raise ValueError('boom in corridor')"})
            text = json.dumps(doc)
        (broken / nb.name).write_text(text, encoding="utf-8")
    out = default_report.parent
    before = {p: p.read_bytes() for p in default_report.rglob("*") if p.is_file()}
    with pytest.raises(RunError) as info:
        run_report(RunParameters.create(), output_root=out, progress=False, notebooks=broken)
    message = str(info.value)
    assert "notebook 03_corridor.ipynb failed in cell" in message
    assert "ValueError: boom in corridor" in message
    assert (out / "_failed" / "BLR-CHN" / "03_corridor.ipynb").exists()
    after = {p: p.read_bytes() for p in default_report.rglob("*") if p.is_file()}
    assert before == after


def test_sigkill_midway_leaves_previous_report_whole(default_report: Path) -> None:
    out = default_report.parent
    before = {p: p.read_bytes() for p in default_report.rglob("*") if p.is_file()}
    proc = subprocess.Popen([sys.executable, "-m", "tradebrief", "run", "--output", str(out), "--no-progress"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.time() + 60
    while time.time() < deadline and not list(out.glob(".BLR-CHN.staging-*/notebooks/*.ipynb")):
        time.sleep(0.2)
    assert list(out.glob(".BLR-CHN.staging-*")), "the run never started staging"
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait()
    after = {p: p.read_bytes() for p in default_report.rglob("*") if p.is_file()}
    assert before == after


def test_output_folder_errors(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="does not exist"):
        run_report(RunParameters.create(), output_root=tmp_path / "missing", progress=False)
    a_file = tmp_path / "file.txt"
    a_file.write_text("x")
    with pytest.raises(UsageError, match="is not a folder"):
        run_report(RunParameters.create(), output_root=a_file, progress=False)
    # /proc refuses new folders even to root: a folder nobody can write into
    with pytest.raises(UsageError, match="is not writable"):
        run_report(RunParameters.create(), output_root=Path("/proc"), progress=False)


def test_the_brief_and_annex_warnings_both_reach_the_run(tmp_path: Path) -> None:
    """Each document notebook leaves its own status file; the run reads them all, brief first, and
    removes them so that they are not published."""
    from tradebrief.report.documents import write_document
    from tradebrief.run.pipeline import _read_status

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr("tradebrief.report.documents.html_to_pdf", lambda page, target, style=None: f"{target.name} not written")
        write_document(tmp_path, "annex", "# Annex\n", "annex", [])
        brief = write_document(tmp_path, "brief", "# Brief\n", "brief", ["thin pair"])
    assert brief == {"written": ["brief.md", "brief.html"], "warnings": ["thin pair", "brief.pdf not written"]}
    assert _read_status(tmp_path) == ["thin pair", "brief.pdf not written", "annex.pdf not written"]
    assert not list(tmp_path.glob("*-status.json"))
    assert _read_status(tmp_path) == []
