"""Bad input, case by case: each fails with its own message, a non-zero exit and no traceback.

Most cases go through the CLI in-process (CliRunner); a few run `python -m tradebrief` in a
subprocess to prove that a real user sees one `Error:` line and no traceback. Cases that run
notebooks use minimal notebooks (parameters cell plus the failing cell) to stay fast.
"""
from __future__ import annotations

import csv
import io
import json
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import SNAPSHOT
from tradebrief.cli import main
from tradebrief.data.params import RunParameters
from tradebrief.data.schema import TABLES
from tradebrief.errors import UsageError
from tradebrief.run.pipeline import NOTEBOOKS, run_report

PARAMETERS = ('reporter = "BLR"\npartner = "CHN"\nstart_year = 2010\nend_year = 2025\nsource = "snapshot"\n'
              'report_dir = "."\nlang = "en"\nclaims_file = ""\n')


def write_notebook(folder: Path, name: str, cells: tuple[str, ...] = ()) -> None:
    """A notebook with the shared parameters cell followed by `cells`."""
    sources = [PARAMETERS, *cells]
    doc = {"cells": [{"cell_type": "code", "id": f"c{i}", "execution_count": None, "outputs": [], "source": src,
                      "metadata": {"tags": ["parameters"]} if i == 0 else {}} for i, src in enumerate(sources)],
           "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
           "nbformat": 4, "nbformat_minor": 5}
    (folder / f"{name}.ipynb").write_text(json.dumps(doc), encoding="utf-8")


def minimal_notebooks(folder: Path, **failing: tuple[str, ...]) -> Path:
    """Every pipeline notebook as a parameters cell only, except those given extra cells."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in NOTEBOOKS:
        write_notebook(folder, name, failing.get(name, ()))
    return folder


def cli(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def assert_one_line_error(result, code: int, *fragments: str) -> str:
    """Non-zero exit with the given code, an `Error:` line holding each fragment, no traceback."""
    output = result.output
    assert result.exit_code == code, output
    assert "Traceback" not in output
    assert result.exception is None or isinstance(result.exception, SystemExit), repr(result.exception)
    line = next(line for line in output.splitlines() if line.startswith("Error: "))
    for fragment in fragments:
        assert fragment in line, line
    return line


def module_cli(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "tradebrief", *args], capture_output=True, text=True, check=False,
                          env=env, timeout=300)


def assert_subprocess_error(proc: subprocess.CompletedProcess, code: int, *fragments: str) -> None:
    assert proc.returncode == code, proc.stderr
    assert "Traceback" not in proc.stderr + proc.stdout
    errors = [line for line in proc.stderr.splitlines() if line.startswith("Error: ")]
    assert len(errors) == 1, proc.stderr
    for fragment in fragments:
        assert fragment in errors[0], errors[0]


# --- parameters ------------------------------------------------------------------------------


def test_unknown_country_code_subprocess(tmp_path: Path) -> None:
    proc = module_cli("run", "--partner", "XYZ", "--output", str(tmp_path))
    assert_subprocess_error(proc, 2, "unknown country 'XYZ'; expected an ISO3 code such as CHN")
    assert not any(tmp_path.iterdir())


def test_unknown_country_code_with_debug_shows_traceback(tmp_path: Path) -> None:
    proc = module_cli("--debug", "run", "--partner", "XYZ", "--output", str(tmp_path))
    assert proc.returncode != 0
    assert "Traceback" in proc.stderr and "CountryError" in proc.stderr


def test_unknown_name_suggests(tmp_path: Path) -> None:
    assert_one_line_error(cli("run", "--partner", "Chian", "--output", str(tmp_path)), 2,
                          "unknown country 'Chian'; did you mean CHN (China)?")


def test_same_economy_twice(tmp_path: Path) -> None:
    assert_one_line_error(cli("run", "--reporter", "Belarus", "--partner", "BLR", "--output", str(tmp_path)), 2,
                          "reporter and partner are both BLR")


def test_reversed_years(tmp_path: Path) -> None:
    assert_one_line_error(cli("run", "--start-year", "2020", "--end-year", "2010", "--output", str(tmp_path)), 2,
                          "start_year 2020 is after end_year 2010; swap them (--start-year 2010 --end-year 2020)")


def test_out_of_range_year(tmp_path: Path) -> None:
    assert_one_line_error(cli("run", "--start-year", "1850", "--output", str(tmp_path)), 2,
                          "start_year 1850 is out of range; expected a year from 1990 to")


def test_year_not_a_number(tmp_path: Path) -> None:
    result = cli("run", "--end-year", "soon", "--output", str(tmp_path))
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert "Invalid value for '--end-year': 'soon' is not a valid integer" in result.output


def test_years_without_data_fail_before_notebooks(tmp_path: Path) -> None:
    line = assert_one_line_error(
        cli("run", "--start-year", "1995", "--end-year", "1999", "--output", str(tmp_path)), 2,
        "no trade or partner figures for BLR–CHN in 1995–1999")
    assert "it has figures for" in line
    assert not any(tmp_path.iterdir())  # nothing staged: no notebook ran


def test_unknown_notebook_parameter(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"unknown notebook parameter 'colour'; shared parameters are reporter"):
        run_report(RunParameters.create(), output_root=tmp_path, progress=False, extra={"colour": "red"},
                   notebooks=minimal_notebooks(tmp_path / "nb"))


def test_wrong_parameter_type_checked_against_notebook(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match=r"parameter 'claims_file' of notebook 04_claims\.ipynb must be str, "
                                         r"got int 5"):
        run_report(RunParameters.create(), output_root=tmp_path, progress=False, extra={"claims_file": 5},
                   notebooks=minimal_notebooks(tmp_path / "nb"))


def test_notebook_without_parameters_cell(tmp_path: Path) -> None:
    folder = minimal_notebooks(tmp_path / "nb")
    doc = json.loads((folder / "03_corridor.ipynb").read_text(encoding="utf-8"))
    doc["cells"][0]["metadata"] = {}
    (folder / "03_corridor.ipynb").write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(UsageError, match=r"notebook 03_corridor\.ipynb: its parameters cell lacks reporter"):
        run_report(RunParameters.create(), output_root=tmp_path, progress=False, notebooks=folder)


# --- user data folders -----------------------------------------------------------------------

TRADE_HEADER = ",".join(TABLES["trade"].columns)


def _break(folder: Path, how: str) -> None:
    path = folder / "raw" / "trade.csv"
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines(keepends=True)
    assert lines[0].strip() == TRADE_HEADER
    if how == "malformed":
        cells = lines[1].split(",")
        cells[6] = "five billion"
        lines[1] = ",".join(cells)
        path.write_text("".join(lines), encoding="utf-8")
    elif how == "empty":
        path.write_text("", encoding="utf-8")
    elif how == "duplicate":
        path.write_text("".join(lines + [lines[1]]), encoding="utf-8")
    elif how == "encoding":
        path.write_bytes("".join(lines[:4]).rstrip("\n").encode("utf-8") + " примечание\n".encode("cp1251"))
    elif how == "column":  # the last column (notes) dropped from every row
        rows = list(csv.reader(io.StringIO(text)))
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerows(row[:-1] for row in rows)
        path.write_text(buf.getvalue(), encoding="utf-8")


BROKEN = {
    "malformed": (r"trade.csv, row 2, column 'value_usd': value 'five billion' is not a number",),
    "empty": (r"trade.csv: file is empty; expected a header row",),
    "duplicate": ("trade.csv, row", "duplicate key (source_id=", "same as row 2"),
    "encoding": ("trade.csv, row 4: not valid UTF-8 (byte 0x", "save the file as UTF-8"),
    "column": ("trade.csv, column 'notes': missing column(s) 'notes'",),
}


@pytest.fixture(scope="module")
def broken_folders(tmp_path_factory) -> dict[str, Path]:
    """One copy of the snapshot per kind of damage to raw/trade.csv."""
    folders = {}
    for how in BROKEN:
        target = tmp_path_factory.mktemp(f"data-{how}") / "data"
        shutil.copytree(SNAPSHOT, target, ignore=shutil.ignore_patterns("build", "claims", "external"))
        _break(target, how)
        folders[how] = target
    return folders


@pytest.mark.parametrize("how", list(BROKEN))
def test_broken_user_folder_run(how: str, broken_folders: dict[str, Path], tmp_path: Path) -> None:
    result = cli("run", "--source", str(broken_folders[how]), "--output", str(tmp_path), "--no-progress")
    assert_one_line_error(result, 1, *BROKEN[how])
    assert not any(tmp_path.iterdir())  # refused before any notebook ran


@pytest.mark.parametrize("how", list(BROKEN))
def test_broken_user_folder_data(how: str, broken_folders: dict[str, Path]) -> None:
    assert_one_line_error(cli("data", "--data-dir", str(broken_folders[how])), 1, *BROKEN[how])


def test_broken_user_folder_subprocess(broken_folders: dict[str, Path]) -> None:
    proc = module_cli("data", "--data-dir", str(broken_folders["encoding"]))
    assert_subprocess_error(proc, 1, *BROKEN["encoding"])


def test_source_folder_that_does_not_exist(tmp_path: Path) -> None:
    assert_one_line_error(cli("run", "--source", str(tmp_path / "nowhere"), "--output", str(tmp_path)), 2,
                          "is not one of snapshot, comtrade, imf and not an existing data folder")


# --- output folders --------------------------------------------------------------------------


def test_missing_output_folder(tmp_path: Path) -> None:
    assert_one_line_error(cli("run", "--output", str(tmp_path / "missing")), 2,
                          f"output folder {tmp_path / 'missing'} does not exist; create it")


def test_unwritable_output_folder() -> None:
    # /proc refuses new folders even to root
    assert_one_line_error(cli("run", "--output", "/proc"), 2, "output folder /proc is not writable")


def test_output_is_a_file(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("x", encoding="utf-8")
    assert_one_line_error(cli("run", "--output", str(target)), 2, "is not a folder")


# --- claims files ----------------------------------------------------------------------------


def test_missing_claims_file(tmp_path: Path) -> None:
    line = assert_one_line_error(cli("run", "--claims-file", str(tmp_path / "nope.yaml"), "--output", str(tmp_path)),
                                 1, "claims file", "nope.yaml not found")
    assert "docs/claims-format.md" in line
    assert not any(p.name != "nope.yaml" for p in tmp_path.iterdir())


def test_claims_file_with_bad_field(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("source: test\nclaims:\n  - id: over-5bn\n    quote: trade exceeded 5 bn\n    check:\n"
                   "      kind: threshold\n      dataset: trade\n      economy: BLR\n      partner: CHN\n"
                   "      year: 2022\n      op: '>>'\n      value: 5.0e9\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    assert_one_line_error(cli("run", "--claims-file", str(bad), "--output", str(out)), 1,
                          "claims file bad.yaml, claim 'over-5bn', field 'check.op': '>>' is not one of")
    assert not any(out.iterdir())


# --- live sources ----------------------------------------------------------------------------


def test_live_source_never_fetched(tmp_path: Path) -> None:
    result = cli("run", "--source", "comtrade", "--output", str(tmp_path),
                 env={"TRADEBRIEF_EXTERNAL": str(tmp_path / "external")})
    assert_one_line_error(result, 1, "no fetched UN Comtrade data for BLR–CHN",
                          "run: tradebrief fetch comtrade --reporter BLR --partner CHN")


def test_live_source_missing_api_key(httpserver, tmp_path: Path, monkeypatch) -> None:
    """No COMTRADE_API_KEY and a service that wants one: the warning and the fix are printed."""
    monkeypatch.delenv("COMTRADE_API_KEY", raising=False)
    httpserver.expect_request("/public/v1/preview/C/A/HS").respond_with_json(
        {"statusCode": 401, "message": "Access denied due to missing subscription key."}, status=401)
    result = cli("fetch", "comtrade", "--years", "2019:2020", "--out", str(tmp_path),
                 env={"TRADEBRIEF_COMTRADE_URL": httpserver.url_for("/").rstrip("/"), "COMTRADE_API_KEY": ""})
    assert "Warning: COMTRADE_API_KEY is not set: using the keyless Comtrade preview" in result.output
    assert_one_line_error(result, 1, "UN Comtrade refused access (HTTP 401)",
                          "set COMTRADE_API_KEY to a valid subscription key")
    assert not any(tmp_path.iterdir())


def test_live_source_unreachable_subprocess(tmp_path: Path) -> None:
    with socket.socket() as sock:  # a port that was free a moment ago: nothing listens there
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    env = {**_clean_env(), "TRADEBRIEF_COMTRADE_URL": f"http://127.0.0.1:{port}"}
    proc = module_cli("fetch", "comtrade", "--years", "2019:2020", "--out", str(tmp_path), env=env)
    assert_subprocess_error(proc, 1, f"cannot reach UN Comtrade at 127.0.0.1:{port} (connection refused)",
                            "are you offline?")


def _clean_env() -> dict:
    import os

    return {k: v for k, v in os.environ.items() if k != "COMTRADE_API_KEY"}


# --- verify on something that is not a report ------------------------------------------------


def test_verify_folder_without_manifest(tmp_path: Path) -> None:
    assert_one_line_error(cli("verify", str(tmp_path)), 2, "has no manifest.json")


# --- notebooks that fail (slow: kernels start) -----------------------------------------------


@pytest.fixture(scope="module")
def previous_report(tmp_path_factory) -> Path:
    """A published report (minimal notebooks) that failing runs must leave untouched."""
    out = tmp_path_factory.mktemp("reports")
    folder = minimal_notebooks(out.parent / "nb-ok")
    result = run_report(RunParameters.create(), output_root=out, progress=False, notebooks=folder)
    return result.report_dir


def _snapshot(folder: Path) -> dict:
    return {p.relative_to(folder): p.read_bytes() for p in folder.rglob("*") if p.is_file()}


@pytest.mark.slow
def test_notebook_cell_raises(previous_report: Path, tmp_path: Path) -> None:
    folder = minimal_notebooks(tmp_path / "nb", **{"03_corridor": ("x = 1", "raise ValueError('boom in corridor')")})
    before = _snapshot(previous_report)
    result = CliRunner().invoke(main, ["run", "--output", str(previous_report.parent), "--no-progress"],
                                env={"TRADEBRIEF_NOTEBOOKS": str(folder)})
    assert_one_line_error(result, 1, "notebook 03_corridor.ipynb failed in cell 4",
                          "ValueError: boom in corridor", "_failed")
    assert (previous_report.parent / "_failed" / "BLR-CHN" / "03_corridor.ipynb").is_file()
    assert _snapshot(previous_report) == before


@pytest.mark.slow
@pytest.mark.parametrize("workers", ["1", "2"])
def test_kernel_dies_subprocess(previous_report: Path, tmp_path: Path, workers: str) -> None:
    folder = minimal_notebooks(tmp_path / "nb", **{"02_agreements": ("x = 1", "import os; os._exit(1)")})
    before = _snapshot(previous_report)
    proc = module_cli("run", "--output", str(previous_report.parent), "--no-progress", "--workers", workers,
                      env={**_clean_env(), "TRADEBRIEF_NOTEBOOKS": str(folder)})
    assert_subprocess_error(proc, 1, "notebook 02_agreements.ipynb failed in cell 4: the kernel died",
                            "DeadKernelError")
    # the one Error line says it all: nbclient's own "Kernel died while waiting..." log is not repeated
    said = [line for line in proc.stderr.splitlines() if line.strip() and not line.startswith("Writing ")]
    assert len(said) == 1, proc.stderr
    assert _snapshot(previous_report) == before
