"""Issue 26, hardening second round: each class of hostile input fails closed.

One section per class of the issue. Every case is an input written here (not a replay of the
adversarial pass) and must end in one `Error:` line naming what and where, a non-zero exit, no
traceback, no hang, nothing published, nothing left behind, nothing leaked. Memory bounds are
tested by the size limits that guard them, not by timing. Servers listen on 127.0.0.1 only.
"""
from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pandas as pd
import pytest
from click.testing import CliRunner
from test_bad_input_matrix import assert_one_line_error, minimal_notebooks

from conftest import SNAPSHOT
from tradebrief.cli import main
from tradebrief.data import load as data_load
from tradebrief.data.params import RunParameters
from tradebrief.data.schema import TABLES
from tradebrief.errors import DataError, RunError, UsageError
from tradebrief.neutralise import neutralise_cell, plain_cell, visible_controls
from tradebrief.run import manifest as manifest_mod
from tradebrief.run.pipeline import RunResult, remove_leftovers, write_manifest
from tradebrief.run.publish import acquire_report_lock, lock_path, release_report_lock
from tradebrief.run.verify import SCRATCH_PREFIX, compare_outputs, remove_stale_scratch, verify_report

HEADER = ",".join(TABLES["trade"].columns)


def cli(*args: str, env: dict | None = None):
    return CliRunner().invoke(main, list(args), env=env)


def copy_snapshot(target: Path) -> Path:
    shutil.copytree(SNAPSHOT, target, ignore=shutil.ignore_patterns("build", "claims", "external"))
    return target


def dead_pid() -> int:
    """The pid of a process that has exited."""
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    return copy_snapshot(tmp_path / "data")


def trade_rows(folder: Path) -> list[str]:
    return (folder / "raw" / "trade.csv").read_text(encoding="utf-8").splitlines(keepends=True)


def write_trade(folder: Path, lines: list[str]) -> None:
    (folder / "raw" / "trade.csv").write_text("".join(lines), encoding="utf-8")


def set_cell(line: str, column: str, value: str) -> str:
    import csv
    import io

    cells = next(csv.reader(io.StringIO(line)))
    cells[TABLES["trade"].columns.index(column)] = value
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerow(cells)
    return buffer.getvalue()


# ================================================================ 1. unbounded memory or time


@pytest.mark.parametrize(("damage", "fragments"), [
    # a header with 10,000 extra column names: refused before pandas builds a frame
    (lambda rows: [rows[0].rstrip("\n") + "".join(f",c{i}" for i in range(10_000)) + "\n", *rows[1:]],
     ("trade.csv, row 1", "the header has 10,016 columns; at most 64")),
    # one line of 300,000 characters
    (lambda rows: [*rows[:2], set_cell(rows[2], "notes", "x" * 300_000), *rows[3:]],
     ("trade.csv, row 3", "characters; at most 100,000 per line")),
    # a quoted cell of 60,000 characters over short lines (each line is short, the cell is not)
    (lambda rows: [*rows[:2], set_cell(rows[2], "notes", ("y" * 50 + "\n") * 1200), *rows[3:]],
     ("trade.csv", "a cell is longer than 20,000 characters")),
])
def test_data_file_bounds_before_parsing(data_copy: Path, damage, fragments) -> None:
    write_trade(data_copy, damage(trade_rows(data_copy)))
    line = assert_one_line_error(cli("data", "--data-dir", str(data_copy)), 1, *fragments)
    assert len(line) < 400, line  # the input is never echoed whole


def test_data_file_size_checked_before_reading(data_copy: Path) -> None:
    path = data_copy / "raw" / "trade.csv"
    with path.open("r+b") as handle:  # sparse: costs no disk, would cost memory if it were read
        handle.truncate(data_load.MAX_FILE_BYTES + 1)
    assert_one_line_error(cli("data", "--data-dir", str(data_copy)), 1, "trade.csv: file holds",
                          f"at most {data_load.MAX_FILE_BYTES:,} are read")


@pytest.mark.parametrize("label", ["{start_year:>999999999}", "{reporter.__class__.__mro__}", "{0}", "{}",
                                   "{reporter!r}", "{partner[0]}", "x{", "}x", "{{reporter}}", "{year}"])
def test_batch_labels_are_plain_substitution(tmp_path: Path, label: str) -> None:
    from tradebrief.run.batch import load_batch

    path = tmp_path / "runs.yml"
    path.write_text(json.dumps({"runs": [{"partner": "RUS", "label": label}]}), encoding="utf-8")
    with pytest.raises(UsageError) as info:
        load_batch(path)
    message = str(info.value)
    assert "runs[0]" in message and "label" in message and len(message) < 400, message


def test_batch_label_known_names_are_substituted(tmp_path: Path) -> None:
    from tradebrief.run.batch import load_batch

    path = tmp_path / "runs.yml"
    path.write_text(json.dumps({"runs": [{"partner": "RUS", "start_year": 2015, "end_year": 2023,
                                          "label": "{partner}-{start_year}-{end_year}"}]}), encoding="utf-8")
    assert load_batch(path)[0].slug == "BLR-RUS-rus-2015-2023"


@pytest.mark.parametrize("address", ["garbage", "tcp://[::1", "inproc://x", "http://127.0.0.1:8786",
                                     "tcp://127.0.0.1:99999", "tcp://127.0.0.1:0", "tcp://:8786", ""])
def test_malformed_scheduler_is_one_line(tmp_path: Path, address: str) -> None:
    pytest.importorskip("distributed")
    path = tmp_path / "runs.yml"
    path.write_text("runs:\n  - {partner: RUS}\n", encoding="utf-8")
    result = cli("batch", str(path), "--scheduler", address, "--output", str(tmp_path), "--no-progress")
    assert_one_line_error(result, 2, "is not a Dask scheduler address", "tcp://HOST:PORT")
    assert not (tmp_path / "BLR-RUS").exists()


class _Server:
    """A loopback TCP server that accepts and then does `behaviour(connection)`."""

    def __init__(self, behaviour) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.behaviour = behaviour
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            with conn:
                self.behaviour(conn, self.stop)

    def close(self) -> None:
        self.stop.set()
        self.thread.join(timeout=5)
        self.sock.close()


def _silent(conn, stop) -> None:  # an HTTP server waiting for a request that never comes
    stop.wait(10)


def _huge_frame(conn, stop) -> None:  # announces a 2 GiB handshake, sends nothing more
    conn.sendall((2 << 30).to_bytes(8, "little"))
    stop.wait(10)


def _http(conn, stop) -> None:  # speaks HTTP at once
    conn.sendall(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
    stop.wait(10)


@pytest.mark.parametrize(("behaviour", "fragment"), [
    (_silent, "sent no Dask handshake within 1 s"),
    (_huge_frame, "announced a 2,147,483,648-byte handshake"),
    (_http, "it is not a Dask scheduler"),
])
def test_scheduler_that_does_not_speak_dask_is_refused_in_bounded_time(tmp_path: Path, monkeypatch,
                                                                       behaviour, fragment) -> None:
    pytest.importorskip("distributed")
    from tradebrief.run import batch

    monkeypatch.setattr(batch, "SCHEDULER_DEADLINE_SECONDS", 1)
    server = _Server(behaviour)
    try:
        path = tmp_path / "runs.yml"
        path.write_text("runs:\n  - {partner: RUS}\n", encoding="utf-8")
        started = time.monotonic()
        result = cli("batch", str(path), "--scheduler", f"tcp://127.0.0.1:{server.port}", "--output",
                     str(tmp_path), "--no-progress")
        assert time.monotonic() - started < 30
        assert_one_line_error(result, 2, f"could not connect to the Dask scheduler at tcp://127.0.0.1:{server.port}",
                              fragment)
    finally:
        server.close()
    assert not (tmp_path / "BLR-RUS").exists()


# ================================================================ 2. verify and provenance


@pytest.fixture
def report(tmp_path: Path) -> Path:
    folder = tmp_path / "reports" / "BLR-CHN"
    files = {"brief.md": b"# Brief\n", "tables/claims.json": b'[{"verdict": "refuted"}]\n',
             "tables/trade.csv": b"year,value\n2022,5.79\n", "figures/a.png": b"\x89PNG fake",
             "notebooks/01_trade.ipynb": b"{}"}
    for name, data in files.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_bytes(data)
    write_manifest(folder, RunParameters.create(), RunResult(report_dir=folder))
    return folder


def _edit_manifest(report: Path, change) -> None:
    document = json.loads((report / "manifest.json").read_text(encoding="utf-8"))
    change(document)
    (report / "manifest.json").write_text(json.dumps(document), encoding="utf-8")


def test_claims_json_edited_with_its_hash_updated_is_caught_by_the_rerun(report: Path, tmp_path: Path) -> None:
    rerun = tmp_path / "rerun"
    shutil.copytree(report, rerun)
    flipped = b'[{"verdict": "supported"}]\n'
    (report / "tables/claims.json").write_bytes(flipped)
    _edit_manifest(report, lambda m: m["outputs"].update({"tables/claims.json": manifest_mod_sha(flipped)}))
    assert verify_report(report, rerun=False).ok  # the hashes agree: only the rerun can tell
    checks = {c.name: c.status for c in compare_outputs(report, rerun)}
    assert checks["tables/claims.json"] == "differs"
    assert checks["notebooks/01_trade.ipynb"].startswith("hash only: executed notebooks record")


def manifest_mod_sha(data: bytes) -> str:
    import hashlib

    return hashlib.sha256(data).hexdigest()


def test_pngs_are_compared_by_bytes_on_the_build_that_published_them(report: Path, tmp_path: Path) -> None:
    rerun = tmp_path / "rerun"
    shutil.copytree(report, rerun)
    (rerun / "figures/a.png").write_bytes(b"\x89PNG other")
    assert {c.name: c.status for c in compare_outputs(report, rerun, same_build=True)}["figures/a.png"] == "differs"
    other = {c.name: c.status for c in compare_outputs(report, rerun, same_build=False)}["figures/a.png"]
    assert other.startswith("hash only: raster bytes depend on") and "differ from the run's" in other
    assert manifest_mod.load_manifest(report).same_build()  # written here, read here


@pytest.mark.parametrize("path", ["/etc/passwd", "../../etc/shadow", "/proc/self/mem", "data/../../../etc/hosts"])
def test_manifest_data_paths_outside_the_runs_data_are_refused(report: Path, path: str) -> None:
    _edit_manifest(report, lambda m: (m["data_files"].update({"data:raw/trade.csv": "0" * 64}),
                                      m["data_file_paths"].update({"data:raw/trade.csv": path})))
    result = verify_report(report, rerun=False)
    status = {c.name: c.status for c in result.data}["data:raw/trade.csv"]
    assert status.startswith("refused:") and "outside the run's data folders" in status
    assert not result.ok
    out = cli("verify", str(report), "--no-rerun")
    assert out.exit_code == 1 and "Traceback" not in out.output


def test_a_published_file_replaced_by_a_link_is_refused(report: Path, tmp_path: Path) -> None:
    outside = tmp_path / "outside.md"
    outside.write_bytes(b"# Brief\n")  # same bytes: a hash check alone would pass
    (report / "brief.md").unlink()
    (report / "brief.md").symlink_to(outside)
    statuses = {c.name: c.status for c in verify_report(report, rerun=False).published}
    assert statuses["brief.md"] == "refused: a link, not a published file"
    (report / "figures").rename(tmp_path / "figs")
    (report / "figures").symlink_to(tmp_path / "figs")  # a linked folder
    statuses = {c.name: c.status for c in verify_report(report, rerun=False).published}
    assert statuses["figures/a.png"].startswith("missing") or statuses["figures"].startswith("refused")


@pytest.mark.parametrize(("change", "fragment"), [
    (lambda m: m["outputs"].update({"../../etc/passwd": "0" * 64}), "is not a plain path inside the report"),
    (lambda m: m["outputs"].update({"/etc/passwd": "0" * 64}), "is not a plain path inside the report"),
    (lambda m: m["outputs"].update({"brief.md\nfake line: no differences": "0" * 64}), "control character"),
    (lambda m: m["outputs"].update({f"f{i}.csv": "0" * 64 for i in range(20_000)}),
     "field 'outputs' holds 20005 entries; at most 5000"),
    (lambda m: m.update(surprise=1), "unknown field 'surprise'"),
])
def test_malformed_manifest_entries_are_one_short_line(report: Path, change, fragment: str) -> None:
    _edit_manifest(report, change)
    line = assert_one_line_error(cli("verify", str(report), "--no-rerun"), 1, "manifest.json", fragment)
    assert len(line) < 300, line


def test_oversized_manifest_is_refused_before_parsing(report: Path) -> None:
    # 200,000 bogus entries (16 MB): refused by size, in one short line
    _edit_manifest(report, lambda m: m["outputs"].update({f"f{i}.csv": "0" * 64 for i in range(200_000)}))
    line = assert_one_line_error(cli("verify", str(report), "--no-rerun"), 1, "manifest.json", "a manifest is at most")
    assert len(line) < 300
    with (report / "manifest.json").open("r+b") as handle:
        handle.truncate(manifest_mod.MAX_MANIFEST_BYTES + 1)
    assert_one_line_error(cli("verify", str(report), "--no-rerun"), 1, "manifest.json", "a manifest is at most")


def test_run_refuses_to_publish_a_link(tmp_path: Path) -> None:
    folder = tmp_path / "staged"
    folder.mkdir()
    (folder / "brief.md").symlink_to("/etc/hostname")
    with pytest.raises(RunError, match=r"left a link 'brief\.md' in the report"):
        write_manifest(folder, RunParameters.create(), RunResult(report_dir=folder))


def test_user_folder_without_trade_file_is_refused(data_copy: Path, tmp_path: Path) -> None:
    (data_copy / "raw" / "trade.csv").unlink()
    (tmp_path / "out").mkdir()
    result = cli("run", "--source", str(data_copy), "--output", str(tmp_path / "out"), "--no-progress")
    assert_one_line_error(result, 1, "the data folder has no raw/trade.csv", "--source snapshot")
    assert not (tmp_path / "out" / "BLR-CHN").exists()


@pytest.mark.parametrize(("value", "wording", "ok"), [
    ("5790000000", "$5.79 billion", True), ("1460000000", "1,46 млрд.", True), ("570000000", "5.7亿美元", True),
    ("3088000000", "мінус 3 млрд 88 млн даляраў", True), ("9990000000", "$5.79 billion", False),
    ("5800000000", "$5.79 billion", False), ("5790000000", "", True),
])
def test_a_figure_must_be_the_number_its_wording_states(data_copy: Path, value: str, wording: str, ok: bool) -> None:
    rows = trade_rows(data_copy)
    rows[3] = set_cell(set_cell(rows[3], "value_usd", value), "value_text", wording)
    write_trade(data_copy, rows)
    result = cli("data", "--data-dir", str(data_copy))
    if ok:
        assert result.exit_code == 0, result.output
    else:
        assert_one_line_error(result, 1, "trade.csv, row 4, column 'value_usd'", "is not the number its wording states",
                              "change the figure and its value_text together")


def test_the_brief_names_the_data_folder_not_its_absolute_path(data_copy: Path) -> None:
    from tradebrief.data.context import RunData

    run = RunData.load(source=str(data_copy))
    assert run.source_name == "the data folder data"
    assert run.snapshot_tables() == []  # the copy holds every table
    for name in ("events", "rail"):
        (data_copy / TABLES[name].file).unlink()
    assert RunData.load(source=str(data_copy)).snapshot_tables() == ["events", "rail"]
    assert RunData.load().snapshot_tables() == []


def test_the_annex_says_which_tables_came_from_the_snapshot(data_copy: Path, tmp_path: Path) -> None:
    from tradebrief.data.context import RunData
    from tradebrief.report.annex import write_annex

    (data_copy / TABLES["rail"].file).unlink()
    write_annex(RunData.load(source=str(data_copy)), tmp_path / "out")
    text = (tmp_path / "out" / "annex.md").read_text(encoding="utf-8")
    assert "Trade data: the data folder data. Taken from the shipped snapshot (the folder has no file for them): rail." in text


# ================================================================ 3. implausible but finite numbers


@pytest.mark.parametrize(("value", "fragment"), [
    ("1.7e308", "is implausibly large"),
    ("1e15", "is not a plausible number <= 1e+14"),
    ("-5000000000", "is not a number >= 0"),
    ("inf", "is not a finite number"),
])
def test_trade_values_checked_for_sign_and_magnitude(data_copy: Path, value: str, fragment: str) -> None:
    rows = trade_rows(data_copy)
    rows[3] = set_cell(rows[3], "value_usd", value)
    write_trade(data_copy, rows)
    assert_one_line_error(cli("data", "--data-dir", str(data_copy)), 1, "trade.csv, row 4, column 'value_usd'",
                          fragment)


def _baci(tmp_path: Path, line: str | None) -> Path:
    from baci_fixtures import write_release

    folder = write_release(tmp_path / "baci", years=(2021, 2022), rows_per_year=60)
    data = folder / "BACI_HS17_Y2022_V202401.csv"
    data.write_text("t,i,j,k,v,q\n" if line is None else data.read_text() + line + "\n")
    return folder


@pytest.mark.parametrize("cache", [True, False])
@pytest.mark.parametrize(("line", "fragment"), [
    ("2022,112,156,847130,-5000000,1.0", "value -5000000.0 (thousand US$) for BLR→CHN HS 847130 in 2022 is negative"),
    ("2022,112,156,847130,inf,1.0", "a value (inf) is not a finite number of thousand US$"),
    ("2022,112,156,847130,5e11,1.0", "is implausible"),
    (None, "holds no data rows after its header"),
])
def test_baci_values_and_empty_years_fail_naming_the_csv(tmp_path: Path, cache: bool, line, fragment) -> None:
    from tradebrief.bulk import BaciRelease
    from tradebrief.bulk.errors import BaciError
    from tradebrief.bulk.query import pair_flows

    folder = _baci(tmp_path, line)
    with pytest.raises(BaciError) as info:
        pair_flows(BaciRelease.open(folder, cache=cache), "BLR", "CHN")
    assert fragment in str(info.value) and info.value.file == str(folder / "BACI_HS17_Y2022_V202401.csv")
    assert "delete it" not in str(info.value)  # advice that would rebuild the same error


def test_baci_file_that_is_one_huge_line_is_refused(tmp_path: Path) -> None:
    from tradebrief.bulk import BaciRelease
    from tradebrief.bulk.errors import BaciError

    folder = _baci(tmp_path, "")
    (folder / "BACI_HS17_Y2022_V202401.csv").write_text("t,i,j,k,v,q\n" + "9" * 100_000, encoding="utf-8")
    with pytest.raises(BaciError, match="line 2 is longer than 4096 bytes"):
        BaciRelease.open(folder)


# ================================================================ 4. output injection outside the report


@pytest.mark.parametrize(("cell", "written"), [
    ('=HYPERLINK("http://evil.example","x")', '\'=HYPERLINK("http://evil.example","x")'),
    ("@SUM(A1:A9)", "'@SUM(A1:A9)"), ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"), ("-2+3", "'-2+3"),
    ("\t=1", "'\t=1"), ("'=1", "''=1"), ("-5", "-5"), ("+3.5e2", "+3.5e2"), ("plain", "plain"), ("'quoted", "'quoted"),
])
def test_csv_cells_never_start_a_formula(cell: str, written: str) -> None:
    from tradebrief.report.csv_files import csv_text

    assert neutralise_cell(cell) == written and plain_cell(written) == cell
    text = csv_text(pd.DataFrame({"label": [cell], "value": [1.5]}))
    assert pd.read_csv(__import__("io").StringIO(text), dtype=str, keep_default_na=False)["label"][0] == written


def test_the_workbook_reads_the_guarded_csv_back_as_the_original_text(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    from tradebrief.report.csv_files import write_csv
    from tradebrief.report.workbook import sheet_title, write_workbook

    write_csv(pd.DataFrame({"label": ["=HYPERLINK(1)", "-5"], "n": [1, 2]}), tmp_path / "tables" / "t.csv")
    sheet = load_workbook(write_workbook(tmp_path, pd.DataFrame(columns=["source_id"])))[sheet_title("t")]
    values = [sheet.cell(row=r, column=1).value for r in (2, 3)]
    assert "=HYPERLINK(1)" in values and sheet.cell(row=2 + values.index("=HYPERLINK(1)"), column=1).data_type == "s"


HOSTILE_TEXT = ("<img src=x onerror=alert(1)> <script>alert(1)</script> [x](javascript:alert(1)) "
                "<javascript:alert(1)> \x1b[31mRED\x1b[0m \x07 \u202eevil")


def test_claims_markdown_on_stdout_is_escaped_and_free_of_controls(tmp_path: Path) -> None:
    import yaml

    doc = yaml.safe_load((SNAPSHOT / "claims" / "seed_article.yaml").read_text(encoding="utf-8"))
    doc["source"] = HOSTILE_TEXT
    for claim in doc["claims"]:
        claim["quote"] = HOSTILE_TEXT
    path = tmp_path / "claims.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    result = cli("claims", str(path))
    assert result.exit_code == 0, result.output
    for raw in ("<img", "<script", "<javascript:", "\x1b", "\x07", "\u202e"):
        assert raw not in result.output, raw
    assert not re.search(r"(?<!\\)\]\(javascript:", result.output)  # `\](` is text, `](` would be a link
    assert "&lt;script&gt;" in result.output and "\\x1b" in result.output and "\\u202e" in result.output


def test_controls_and_bidi_overrides_never_reach_the_markdown() -> None:
    from tradebrief.text.markup import md_escape, neutralise_document

    escaped = md_escape("a\x1b[2Jb\x07c\u202ed\u2066e")
    assert not any(ch in escaped for ch in "\x1b\x07\u202e\u2066")
    document = neutralise_document("# T\n\ntext \x1b[31m and \u202eflip\n\tkept\n")
    assert document == "# T\n\ntext \\x1b[31m and \\u202eflip\n\tkept\n"


def test_a_file_name_with_a_newline_cannot_fake_a_line_of_output(report: Path) -> None:
    (report / "x\nFAKE: no differences").write_bytes(b"added")
    result = cli("verify", str(report), "--no-rerun")
    assert result.exit_code == 1
    assert not any(line.startswith("FAKE") for line in result.output.splitlines())
    assert "x\\x0aFAKE" in result.output


def test_an_error_naming_a_file_stays_one_line(tmp_path: Path) -> None:
    folder = tmp_path / "data\nError: fake\x1b[2J"
    copy_snapshot(folder)
    (folder / "raw" / "trade.csv").write_text("", encoding="utf-8")
    result = cli("data", "--data-dir", str(folder))
    assert result.exit_code == 1 and "\x1b" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "data\\x0aError: fake\\x1b[2J" in errors[0], result.output


def test_visible_controls_prints_undecodable_file_names() -> None:
    name = os.fsdecode(b"brief-\xff.md")
    assert visible_controls(name) == "brief-\ufffd.md"
    assert visible_controls("a\nb", one_line=True) == "a\\x0ab"


# ================================================================ 5. a secret reaching disk


KEY = "tbfake-" + "7a" * 12


@pytest.mark.parametrize("body", [
    json.dumps({"m": "".join(f"\\u{ord(c):04x}" for c in KEY)}).replace("\\\\", "\\").encode(),
    ('{"m": "' + KEY[:5] + "".join(f"\\u{ord(c):04x}" for c in KEY[5:]) + '"}').encode(),
    json.dumps({"m": KEY}).encode("utf-16"),
    json.dumps({"m": KEY}).encode("utf-32"),
    ('{"m": "' + KEY.replace("-", "\\u002d") + '"}').encode(),
])
def test_a_key_is_redacted_in_every_encoding_a_reader_decodes(body: bytes) -> None:
    from tradebrief.sources.redact import redact_bytes

    assert KEY in json.dumps(json.loads(body))  # a reader would see the key
    redacted, count = redact_bytes(body, [KEY])
    assert count >= 1 and KEY not in json.dumps(json.loads(redacted)) and KEY.encode() not in redacted


def test_a_body_without_the_key_stays_byte_for_byte() -> None:
    from tradebrief.sources.redact import redact_bytes

    body = json.dumps({"m": "caf\u00e9 \\u0041"}).encode()
    assert redact_bytes(body, [KEY]) == (body, 0)


@pytest.mark.parametrize("key", ["ключ-секрет", "key\u2028x", "key\x1b"])
def test_a_key_a_header_cannot_carry_is_one_line(tmp_path: Path, monkeypatch, key: str) -> None:
    monkeypatch.setenv("COMTRADE_API_KEY", key)
    monkeypatch.setenv("TRADEBRIEF_COMTRADE_URL", "http://127.0.0.1:9")
    result = cli("fetch", "comtrade", "--reporter", "BLR", "--partner", "CHN", "--years", "2019:2020",
                 "--out", str(tmp_path / "ext"))
    line = assert_one_line_error(result, 2, "$COMTRADE_API_KEY holds characters an HTTP header cannot carry")
    assert key not in result.output and key not in line
    assert not (tmp_path / "ext").exists() or not any((tmp_path / "ext").iterdir())


# ================================================================ 6. concurrent runs


def test_one_writer_per_report_folder(tmp_path: Path) -> None:
    final = tmp_path / "BLR-CHN-race"
    held = acquire_report_lock(final)
    try:
        with pytest.raises(UsageError, match=rf"another tradebrief run \(pid {os.getpid()}\) is writing .*BLR-CHN-race"):
            acquire_report_lock(final)
    finally:
        release_report_lock(final, held)
    assert not lock_path(final).exists()  # nothing left behind
    release_report_lock(final, acquire_report_lock(final))  # free again


def test_a_second_run_fails_with_one_line_and_publishes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    notebooks = minimal_notebooks(tmp_path / "nb")
    final = out / "BLR-CHN-race"
    held = acquire_report_lock(final)  # a first run, in the middle of its notebooks
    try:
        result = cli("run", "--label", "race", "--output", str(out), "--no-progress",
                     env={"TRADEBRIEF_NOTEBOOKS": str(notebooks)})
        assert_one_line_error(result, 2, "another tradebrief run", "is writing", "--label NAME")
    finally:
        release_report_lock(final, held)
    assert sorted(p.name for p in out.iterdir()) == []


# ================================================================ 7. tracebacks instead of one line


@pytest.mark.parametrize("url", ["http://[::1", "http://127.0.0.1:99999", "ftp://127.0.0.1/", "not a url",
                                 "http://:80/"])
def test_malformed_comtrade_url_is_one_line(tmp_path: Path, monkeypatch, url: str) -> None:
    monkeypatch.delenv("COMTRADE_API_KEY", raising=False)
    monkeypatch.setenv("TRADEBRIEF_COMTRADE_URL", url)
    result = cli("fetch", "comtrade", "--reporter", "BLR", "--partner", "CHN", "--years", "2019:2020",
                 "--out", str(tmp_path / "ext"))
    assert_one_line_error(result, 2, "$TRADEBRIEF_COMTRADE_URL", "expected e.g. https://host[:port]/path")


@pytest.mark.parametrize("epoch", ["yesterday", "-1", "1.5", "9" * 5000, "１７"])
def test_bad_source_date_epoch_is_refused_before_any_notebook(tmp_path: Path, epoch: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    notebooks = minimal_notebooks(tmp_path / "nb", **{"01_trade": ("raise SystemExit('must not run')",)})
    result = cli("run", "--output", str(out), "--no-progress",
                 env={"TRADEBRIEF_NOTEBOOKS": str(notebooks), "SOURCE_DATE_EPOCH": epoch})
    assert_one_line_error(result, 2, "SOURCE_DATE_EPOCH must be whole seconds since 1970")
    assert list(out.iterdir()) == []  # no staging folder, no _failed/: no notebook ran


def test_report_file_with_non_utf8_name_is_named_not_a_traceback(report: Path) -> None:
    (report / os.fsdecode(b"tables/bad-\xff.csv")).write_bytes(b"x")
    result = cli("verify", str(report), "--no-rerun")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "bad-\ufffd.csv" in result.output


# ================================================================ 8. leftovers after a handled stop


def test_leftovers_of_dead_runs_are_removed_and_live_ones_kept(tmp_path: Path) -> None:
    dead, alive = dead_pid(), os.getppid()
    (tmp_path / f".BLR-CHN.staging-{dead}").mkdir()
    (tmp_path / f".BLR-CHN.staging-{dead}" / "shared-data.pkl").write_bytes(b"x")
    (tmp_path / f".BLR-CHN.staging-{alive}").mkdir()
    (tmp_path / ".BLR-CHN.lock").write_text(str(dead))
    remove_leftovers(tmp_path, "BLR-CHN")
    assert sorted(p.name for p in tmp_path.iterdir()) == [f".BLR-CHN.staging-{alive}"]
    held = acquire_report_lock(tmp_path / "BLR-CHN")  # a lock someone holds stays
    try:
        remove_leftovers(tmp_path, "BLR-CHN")
        assert lock_path(tmp_path / "BLR-CHN").exists()
    finally:
        release_report_lock(tmp_path / "BLR-CHN", held)


def test_scratch_folders_of_killed_verifies_are_removed(tmp_path: Path) -> None:
    dead = dead_pid()
    stale = tmp_path / f"{SCRATCH_PREFIX}{dead}-abc"
    live = tmp_path / f"{SCRATCH_PREFIX}{os.getppid()}-def"
    stale.mkdir()
    live.mkdir()
    remove_stale_scratch(tmp_path)
    assert not stale.exists() and live.exists()


def test_verify_scratch_folder_carries_its_pid(monkeypatch, report: Path) -> None:
    import tradebrief.run.verify as verify

    seen = {}

    def fake_run(params, *, output_root, **kwargs):
        seen["root"] = Path(output_root)
        raise KeyboardInterrupt  # Ctrl-C during the rerun

    monkeypatch.setattr(verify, "run_report", fake_run)
    with pytest.raises(KeyboardInterrupt):
        verify_report(report)
    assert seen["root"].name.startswith(f"{SCRATCH_PREFIX}{os.getpid()}-") and not seen["root"].exists()


@pytest.mark.slow
def test_batch_ctrl_c_leaves_no_staging_folder(tmp_path: Path) -> None:
    """A batch stopped while its runs execute notebooks removes their staging folders and locks."""
    notebooks = minimal_notebooks(tmp_path / "nb", **{"01_trade": ("import time; time.sleep(120)",)})
    out = tmp_path / "out"
    out.mkdir()
    runs = tmp_path / "runs.yml"
    runs.write_text("runs:\n  - {partner: RUS}\n  - {partner: DEU}\n", encoding="utf-8")
    env = {**os.environ, "TRADEBRIEF_NOTEBOOKS": str(notebooks)}
    proc = subprocess.Popen([sys.executable, "-m", "tradebrief", "batch", str(runs), "--output", str(out),
                             "--no-progress"], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while not list(out.glob(".*.staging-*")) and time.monotonic() < deadline:
        time.sleep(0.5)
    assert list(out.glob(".*.staging-*")), "no run started"
    time.sleep(2)
    proc.send_signal(2)  # Ctrl-C
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 130 and "Traceback" not in err, err
    assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []


# ================================================================ 9. messages that mislead or flood


def test_semicolon_row_is_named_as_such(data_copy: Path) -> None:
    rows = trade_rows(data_copy)
    rows[2] = rows[2].replace(",", ";")
    write_trade(data_copy, rows)
    assert_one_line_error(cli("data", "--data-dir", str(data_copy)), 1, "trade.csv, row 3",
                          "line 3 has 1 field but the header has 16", "';'-separated")


def test_stray_quote_is_named_as_such(data_copy: Path) -> None:
    rows = trade_rows(data_copy)
    rows[2] = rows[2].replace(",BLR,", ',"BLR,', 1)  # a quote opened in row 3 and never closed there
    write_trade(data_copy, rows)
    line = assert_one_line_error(cli("data", "--data-dir", str(data_copy)), 1, "trade.csv, row")
    assert "but the header has 16" in line and "never closed" in line and "year_inferred" not in line


def test_a_megabyte_cell_is_not_echoed(data_copy: Path) -> None:
    rows = trade_rows(data_copy)
    rows[2] = set_cell(rows[2], "flow", "z" * 1_000_000)
    write_trade(data_copy, rows)
    line = assert_one_line_error(cli("data", "--data-dir", str(data_copy)), 1, "trade.csv")
    assert len(line) < 400


def test_a_long_but_bounded_cell_is_echoed_as_an_excerpt(data_copy: Path) -> None:
    rows = trade_rows(data_copy)
    rows[2] = set_cell(rows[2], "flow", "z" * 15_000)
    write_trade(data_copy, rows)
    line = assert_one_line_error(cli("data", "--data-dir", str(data_copy)), 1, "trade.csv, row 3, column 'flow'")
    assert len(line) < 400 and "zzz" in line


def test_verify_after_the_data_folder_moved(tmp_path: Path) -> None:
    data = copy_snapshot(tmp_path / "mydata")
    report = tmp_path / "reports" / "BLR-CHN"
    (report / "tables").mkdir(parents=True)
    (report / "brief.md").write_bytes(b"# Brief\n")
    params = RunParameters.create(source=str(data))
    write_manifest(report, params, RunResult(report_dir=report))
    data.rename(tmp_path / "moved")
    result = cli("verify", str(report), "--no-rerun")  # checks what it can, names the moved files
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "the data folder" in result.output and "is gone" in result.output
    rerun = cli("verify", str(report))
    assert_one_line_error(rerun, 2, "no longer exists", "with --no-rerun")


def test_tmp_holds_no_verify_scratch_of_this_process() -> None:
    left = [p for p in Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}{os.getpid()}-*")]
    assert left == []


def test_short_row_is_named_by_the_shape_check() -> None:
    with pytest.raises(DataError, match="line 2 has 2 fields but the header has 3; add the missing values"):
        data_load.check_csv_shape("a,b,c\n1,2\n", Path("x.csv"))
