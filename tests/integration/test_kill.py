"""Issue 12, class 5: a killed run stops.

`tradebrief run` and `tradebrief batch` are started as real processes on small notebooks that
sleep, killed while their kernels run (kill -9, kill -TERM, Ctrl-C), and then: every process they
had started is gone within a bounded wait, nothing is published after the parent's death, the
previous report is byte-identical, and Ctrl-C/SIGTERM print one line. Waits are generous (a
loaded 2-core machine) but finite.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
import pytest

from tradebrief.run.pipeline import NOTEBOOKS

pytestmark = pytest.mark.slow

NAMES = NOTEBOOKS
PARAMETERS = ('reporter = "BLR"\npartner = "CHN"\nstart_year = 2010\nend_year = 2025\n'
              'source = "snapshot"\nreport_dir = "."\nlang = "en"\n')
BRIEF = ("from pathlib import Path\n"
         "Path(report_dir, 'brief.md').write_text(f'# {partner} {marker}\\n', encoding='utf-8')\n")
#: Bounded waits (seconds): kernels to start, processes to end after the kill.
START_WAIT, END_WAIT = 120, 45


def notebooks(folder: Path, *, sleep: float, marker: str) -> Path:
    """The pipeline's notebooks; 05 writes brief.md holding `marker`, the others sleep `sleep` seconds."""
    folder.mkdir(parents=True, exist_ok=True)
    for name in NAMES:
        body = BRIEF.replace("{marker}", marker) if name == "05_brief" else f"import time\ntime.sleep({sleep})"
        cells = [{"cell_type": "code", "id": "p", "execution_count": None, "outputs": [],
                  "metadata": {"tags": ["parameters"]}, "source": PARAMETERS + ('claims_file = ""\n'
                                                                               if name == "04_claims" else "")},
                 {"cell_type": "code", "id": "b", "execution_count": None, "outputs": [], "metadata": {},
                  "source": body}]
        doc = {"cells": cells, "nbformat": 4, "nbformat_minor": 5,
               "metadata": {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}}
        (folder / f"{name}.ipynb").write_text(json.dumps(doc), encoding="utf-8")
    return folder


def _env(folder: Path) -> dict[str, str]:
    return {**os.environ, "TRADEBRIEF_NOTEBOOKS": str(folder), "PYTHONUNBUFFERED": "1"}


def _cli(*args: str, env: dict[str, str]) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tradebrief", *args], env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def _kernels(proc: psutil.Process) -> list[psutil.Process]:
    found = []
    for child in proc.children(recursive=True):
        try:
            if "ipykernel" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.Error:
            pass
    return found


def _wait_for_kernels(proc: subprocess.Popen, count: int) -> list[psutil.Process]:
    """Every descendant once `count` kernels run (bounded wait), for the checks after the kill."""
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + START_WAIT
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            pytest.fail(f"the command ended before its kernels started: {proc.communicate()}")
        if len(_kernels(parent)) >= count:
            time.sleep(1.0)  # let the kernels reach their sleeping cell
            return parent.children(recursive=True)
        time.sleep(0.2)
    pytest.fail(f"fewer than {count} kernels after {START_WAIT} s")


def _assert_all_gone(processes: list[psutil.Process]) -> None:
    _, alive = psutil.wait_procs(processes, timeout=END_WAIT)
    try:
        assert not alive, [(p.pid, p.cmdline()) for p in alive if p.is_running()]
    finally:
        for p in alive:
            try:
                p.kill()
            except psutil.Error:
                pass


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def published(tmp_path_factory) -> Path:
    """reports/BLR-CHN published once by a quick run: the report a killed run must leave alone."""
    base = tmp_path_factory.mktemp("kill")
    quick = notebooks(base / "quick", sleep=0, marker="previous")
    out = base / "reports"
    out.mkdir()
    proc = _cli("run", "--output", str(out), "--no-progress", env=_env(quick))
    _, stderr = proc.communicate(timeout=300)
    assert proc.returncode == 0, stderr
    return out


@pytest.mark.parametrize(("how", "workers"), [
    ("SIGKILL", "2"), ("SIGTERM", "2"), ("SIGINT", "2"), ("SIGKILL", "1"), ("SIGTERM", "1"), ("SIGINT", "1"),
])
def test_killed_run_leaves_no_process_and_the_previous_report(published: Path, tmp_path: Path, how: str,
                                                              workers: str) -> None:
    report = published / "BLR-CHN"
    before = _snapshot(report)
    slow = notebooks(tmp_path / "slow", sleep=600, marker="killed run")
    proc = _cli("run", "--output", str(published), "--no-progress", "--workers", workers, env=_env(slow))
    try:
        descendants = _wait_for_kernels(proc, 2 if workers == "2" else 1)
        if how == "SIGINT":  # Ctrl-C: the terminal signals the whole foreground process group
            os.killpg(proc.pid, signal.SIGINT)
        else:
            os.kill(proc.pid, getattr(signal, how))
        _, stderr = proc.communicate(timeout=END_WAIT)
        _assert_all_gone(descendants)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert _snapshot(report) == before
    if how != "SIGKILL":
        lines = [line for line in stderr.splitlines() if line.strip() and not line.startswith("Writing ")]
        assert len(lines) == 1, stderr
        assert proc.returncode == (130 if how == "SIGINT" else 143)
        assert "stopped; the previous report, if any, is unchanged" in lines[0]
        assert not list(published.glob(".BLR-CHN.staging-*"))  # cleaned up


def test_killed_batch_publishes_nothing_afterwards(tmp_path: Path) -> None:
    # runs that would finish 10 s after the kill if their workers survived it
    folder = notebooks(tmp_path / "nb", sleep=10, marker="after the batch died")
    batch = tmp_path / "runs.yml"
    batch.write_text("runs:\n  - {partner: RUS}\n  - {partner: UKR}\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    proc = _cli("batch", str(batch), "--workers", "2", "--output", str(out), "--no-progress", env=_env(folder))
    try:
        descendants = _wait_for_kernels(proc, 2)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=END_WAIT)
        _assert_all_gone(descendants)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    time.sleep(15)  # longer than the runs had left
    assert not (out / "BLR-RUS").exists() and not (out / "BLR-UKR").exists()
    assert not (out / "index.html").exists()


def test_interrupted_batch_prints_one_line(tmp_path: Path) -> None:
    folder = notebooks(tmp_path / "nb", sleep=600, marker="never")
    batch = tmp_path / "runs.yml"
    batch.write_text("runs:\n  - {partner: RUS}\n  - {partner: UKR}\n", encoding="utf-8")
    out = tmp_path / "out"
    out.mkdir()
    proc = _cli("batch", str(batch), "--workers", "2", "--output", str(out), "--no-progress", env=_env(folder))
    try:
        descendants = _wait_for_kernels(proc, 2)
        os.killpg(proc.pid, signal.SIGINT)
        _, stderr = proc.communicate(timeout=END_WAIT)
        _assert_all_gone(descendants)
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
    assert proc.returncode == 130
    lines = [line for line in stderr.splitlines() if line.strip() and not line.startswith("2 run(s) from")]
    assert lines == ["Interrupted: stopped; the previous report, if any, is unchanged."], stderr
