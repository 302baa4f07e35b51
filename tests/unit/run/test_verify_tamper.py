"""Issue 12, class 1: `verify` sees what readers see.

Every published file is checked against the sha256 in manifest.json (an edited brief.html, a
deleted PNG, bytes appended to brief.pdf, a file added afterwards), and a malformed manifest is
one error line naming the manifest and the field.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tradebrief.cli import main
from tradebrief.data.params import RunParameters
from tradebrief.errors import DataError
from tradebrief.run.pipeline import RunResult, write_manifest
from tradebrief.run.verify import compare_outputs, verify_report

FILES = {
    "brief.md": b"# Brief\n\nTurnover 2022: $5.79 bn\n",
    "brief.html": b"<html><body><p>Turnover 2022: $5.79 bn</p></body></html>\n",
    "brief.pdf": b"%PDF-1.7\n...\n%%EOF\n",
    "figures/trade_by_side.png": b"\x89PNG\r\n\x1a\nfake",
    "figures/trade_by_side.svg": b"<svg/>",
    "tables/trade_series.csv": b"year,value\n2022,5.79\n",
    "notebooks/01_trade.ipynb": b'{"cells": []}',
}


@pytest.fixture
def report(tmp_path: Path) -> Path:
    folder = tmp_path / "BLR-CHN"
    for name, data in FILES.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    write_manifest(folder, RunParameters.create(), RunResult(report_dir=folder))
    return folder


def _statuses(folder: Path) -> dict[str, str]:
    return {c.name: c.status for c in verify_report(folder, rerun=False).published}


def test_untouched_report_is_as_published(report: Path) -> None:
    result = verify_report(report, rerun=False)
    assert result.ok, result.table()
    assert set(_statuses(report)) == set(FILES)


@pytest.mark.parametrize(("tamper", "name", "status"), [
    (lambda f: (f / "brief.html").write_bytes(FILES["brief.html"].replace(b"5.79", b"9.99")),
     "brief.html", "changed since published"),
    (lambda f: (f / "figures/trade_by_side.png").unlink(), "figures/trade_by_side.png", "missing"),
    (lambda f: (f / "brief.pdf").open("ab").write(b"appended"), "brief.pdf", "changed since published"),
    (lambda f: (f / "figures/extra.svg").write_bytes(b"<svg onload=x/>"), "figures/extra.svg", "not in manifest"),
    (lambda f: (f / "notebooks/01_trade.ipynb").write_bytes(b'{"cells": [1]}'), "notebooks/01_trade.ipynb",
     "changed since published"),
    (lambda f: (f / "tables/trade_series.csv").write_bytes(b""), "tables/trade_series.csv", "changed since published"),
    (lambda f: (f / "brief.md").unlink(), "brief.md", "missing"),
])
def test_any_edit_after_publishing_is_reported(report: Path, tamper, name: str, status: str) -> None:
    tamper(report)
    statuses = _statuses(report)
    assert statuses[name].startswith(status), statuses
    assert sum(not s.startswith("as published") for s in statuses.values()) == 1, statuses
    result = CliRunner().invoke(main, ["verify", str(report), "--no-rerun"])
    assert result.exit_code == 1, result.output
    summary = next(line for line in result.output.splitlines() if "difference(s):" in line)
    assert f"1 difference(s): {name} ({status}" in summary


def _manifest(report: Path) -> dict:
    return json.loads((report / "manifest.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize(("change", "field"), [
    (lambda m: m.update(outputs=["brief.md"]), "field 'outputs' must map file names to sha256"),
    (lambda m: m["outputs"].update({"brief.md": 5}), "field 'outputs.'brief.md'' must be a 64-character"),
    (lambda m: m["data_files"].update({"data:sources.yaml": "abc"}), "field 'data_files.'data:sources.yaml''"),
    (lambda m: m.update(data_files="all"), "lacks the 'data_files' mapping"),
    (lambda m: m["parameters"].update(start_year="abc"), "field 'parameters': start_year must be a year"),
    (lambda m: m["parameters"].update(partner="Narnia"), "field 'parameters': unknown country 'Narnia'"),
    (lambda m: m["parameters"].update(baci=["x"]), "field 'parameters': baci must be a path"),
    (lambda m: m.update(data_file_paths={"x": 1}), "field 'data_file_paths' must map names to path strings"),
])
def test_malformed_manifest_is_one_line_naming_manifest_and_field(report: Path, change, field: str) -> None:
    manifest = _manifest(report)
    change(manifest)
    (report / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    with pytest.raises(DataError) as info:
        verify_report(report, rerun=False)
    message = str(info.value)
    assert "manifest.json" in message and field in message and "\n" not in message, message
    result = CliRunner().invoke(main, ["verify", str(report), "--no-rerun"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "Traceback" not in result.output, result.output


@pytest.mark.parametrize("text", ["[1, 2]", "[" * 100_000 + "]" * 100_000, '"just a string"', "{not json"])
def test_manifest_that_is_not_an_object(report: Path, text: str) -> None:
    (report / "manifest.json").write_text(text, encoding="utf-8")
    result = CliRunner().invoke(main, ["verify", str(report), "--no-rerun"])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("Error: ") and "manifest.json" in lines[0], result.output
    assert len(lines[0]) < 300


def test_rerun_compares_reproducible_files_and_names_the_rest(tmp_path: Path) -> None:
    published, rerun = tmp_path / "a", tmp_path / "b"
    for folder in (published, rerun):
        for name, data in FILES.items():
            (folder / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / name).write_bytes(data)
    (rerun / "brief.pdf").write_bytes(b"%PDF other dates")
    checks = {c.name: c.status for c in compare_outputs(published, rerun)}
    assert checks["brief.md"] == "identical" and checks["figures/trade_by_side.svg"] == "identical"
    assert checks["brief.pdf"] == "differs"  # typeset PDFs are compared byte for byte
    assert checks["brief.html"] == "identical"
    assert checks["figures/trade_by_side.png"].startswith("hash only: ")
    assert checks["notebooks/01_trade.ipynb"].startswith("hash only: ")
