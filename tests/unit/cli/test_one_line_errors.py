"""Issue 12, class 7: every expected failure is one `Error:` line, and a run that worked says so only."""
from __future__ import annotations

import errno
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from test_kill import _env, notebooks

from baci_fixtures import write_release, write_zip
from tradebrief.bulk import BaciRelease
from tradebrief.bulk.errors import BaciError
from tradebrief.cli import main
from tradebrief.errors import RunError
from tradebrief.run.batch import RunOutcome, load_batch, write_index


def one_error_line(output: str) -> str:
    lines = [line for line in output.splitlines() if line.strip()]
    errors = [line for line in lines if line.startswith("Error: ")]
    assert len(errors) == 1 and "Traceback" not in output, output
    return errors[0]


def test_batch_into_a_folder_nobody_can_write(tmp_path: Path) -> None:
    batch = tmp_path / "runs.yml"
    batch.write_text("runs:\n  - {partner: RUS}\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["batch", str(batch), "--output", "/proc", "--no-progress"])
    assert result.exit_code == 2
    assert "is not writable" in one_error_line(result.output)


def test_index_that_cannot_be_written_is_one_line(tmp_path: Path) -> None:
    batch = tmp_path / "runs.yml"
    batch.write_text("runs:\n  - {partner: RUS}\n", encoding="utf-8")
    runs = load_batch(batch)
    (tmp_path / "index.html").mkdir()  # something that is not a file sits where the index goes
    with pytest.raises(RunError, match=r"cannot write .*index\.html .*choose another --output") as info:
        write_index(tmp_path, runs, [RunOutcome(runs[0].slug, "ok", 1.0)])
    assert "\n" not in str(info.value)
    assert not list(tmp_path.glob(".index.html.*.tmp"))


@pytest.mark.parametrize(("row", "expected"), [
    ("2022,2022,BLR,BLR,CHN,turnover,1,x,exact,goods,false,a,b,EXTRA,MORE\n", "has 15 fields but the header has 13"),
    ('2023,"2023,BLR\n', "never closed"),
    ("2022,2022,BLR,BLR,CHN,turnover,1,5,8 bn,exact,goods,false,test-belstat-aaaaaa,\n",
     "has 14 fields but the header has 13"),  # an unquoted comma inside a value
])
def test_malformed_csv_is_one_line_naming_the_fix(mini_data: Path, row: str, expected: str) -> None:
    trade = mini_data / "raw" / "trade.csv"
    trade.write_text(trade.read_text(encoding="utf-8") + row, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "tradebrief", "data", "--data-dir", str(mini_data)],
                          check=False, capture_output=True, text=True)
    assert proc.returncode == 1
    line = one_error_line(proc.stderr)
    assert expected in line and "trade.csv" in line
    assert "quote" in line  # names the fix


def test_baci_zip_larger_than_the_disk_leaves_no_part_file(tmp_path: Path, monkeypatch) -> None:
    release = write_release(tmp_path / "release", years=(2021,))
    archive = write_zip(release, tmp_path / "BACI_HS17_V202401.zip")
    dest = tmp_path / "cache"
    real_copy = shutil.copyfileobj

    def disk_full(src, out, length=0):
        real_copy(src, out, length or 1 << 16)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(shutil, "copyfileobj", disk_full)
    with pytest.raises(BaciError) as info:
        BaciRelease.open(archive, extract_dir=dest)
    message = str(info.value)
    assert "No space left on device" in message and "\n" not in message
    assert "XDG_CACHE_HOME" in message and "--baci" in message and "extract_dir=" not in message
    assert not list(dest.glob("*.part"))


def _add_cell(notebook: Path, source: str) -> None:
    doc = json.loads(notebook.read_text(encoding="utf-8"))
    doc["cells"].append({"cell_type": "code", "id": f"x{len(doc['cells'])}", "execution_count": None,
                         "outputs": [], "metadata": {}, "source": source})
    notebook.write_text(json.dumps(doc), encoding="utf-8")


#: What a kernel may write below Python, as libzmq does when a kernel is shut down mid-poll.
_CONSOLE_NOISE = 'import os\nos.write(2, b"Assertion failed: pfd.revents & POLLIN\\n")\nos.write(1, b"c-level out\\n")'


@pytest.mark.slow
def test_a_run_that_worked_says_so_and_nothing_else(tmp_path: Path) -> None:
    folder = notebooks(tmp_path / "nb", sleep=0, marker="ok")
    for name in ("01_trade", "05_brief"):  # one in a pool worker, one in the run's own process
        _add_cell(folder / f"{name}.ipynb", _CONSOLE_NOISE)
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.run([sys.executable, "-m", "tradebrief", "run", "--output", str(out), "--no-progress"],
                          env=_env(folder), check=False, capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stderr
    assert [line for line in proc.stderr.splitlines() if line.strip()] == [
        f"Writing {out}/BLR-CHN/ (new folder): BLR–CHN 2010–2025, source snapshot"], proc.stderr
    assert proc.stdout.startswith(f"Report written to {out}/BLR-CHN in ") and proc.stdout.count("\n") == 1
    assert "KeyboardInterrupt" not in proc.stderr + proc.stdout
    assert "Assertion failed" not in proc.stderr and "c-level" not in proc.stdout


@pytest.mark.slow
def test_a_dead_kernel_error_carries_its_last_console_line(tmp_path: Path) -> None:
    folder = notebooks(tmp_path / "nb", sleep=0, marker="ok")
    _add_cell(folder / "02_agreements.ipynb", 'import os\nos.write(2, b"native library gave up\\n")\nos.abort()')
    out = tmp_path / "out"
    out.mkdir()
    proc = subprocess.run([sys.executable, "-m", "tradebrief", "run", "--output", str(out), "--no-progress"],
                          env=_env(folder), check=False, capture_output=True, text=True, timeout=300)
    assert proc.returncode != 0
    line = one_error_line(proc.stderr)
    assert "02_agreements" in line and "kernel died" in line and "native library gave up" in line, line


def test_the_executing_libraries_log_nothing_to_the_console_during_a_notebook() -> None:
    """nbclient logs "Kernel died while waiting for execute reply." on papermill's logger; papermill's
    child loggers and jupyter_client's (traitlets) log too. In a plain process (no logging configured,
    as in `tradebrief run`) none of it may reach stderr inside the block; outside it, it still does."""
    import subprocess
    import sys

    script = (
        "import logging\n"
        "from tradebrief.run.kernel import LIBRARY_LOGGERS, library_logs_off_console\n"
        "state = lambda: [(logging.getLogger(n).disabled, logging.getLogger(n).propagate,\n"
        "                  list(logging.getLogger(n).handlers)) for n in LIBRARY_LOGGERS]\n"
        "before = state()\n"
        "with library_logs_off_console():\n"
        "    logging.getLogger('papermill').error('Kernel died while waiting for execute reply.')\n"
        "    logging.getLogger('papermill.utils').warning('a child logger warning')\n"
        "    logging.getLogger('traitlets').error('a kernel manager error')\n"
        "assert state() == before, (state(), before)\n"
        "logging.getLogger('papermill.utils').warning('outside a notebook')\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr == "outside a notebook\n", done.stderr
