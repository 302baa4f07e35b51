"""The pool a stopped run leaves behind ends: its workers are reaped where multiprocessing sees it.

The CI failure of stop 16: after SIGTERM, `stop_pool` reaped the workers with psutil, so their
`multiprocessing.Process.is_alive()` stayed True for ever and interpreter exit hung joining the
pool's manager thread (1 run in 10; this test failed 12 times in 12 with that code). It stops a real pool and check that the pool's own
view of its workers, and its manager thread, come to an end.
"""
from __future__ import annotations

import os
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import psutil

from tradebrief.run.lifeline import stop_pool


def _sleep_with_child(flag: str) -> None:
    """A worker's task: start a grandchild (as a kernel is) and sleep."""
    import subprocess

    subprocess.Popen(["sleep", "300"], start_new_session=True)
    Path(flag).write_text(str(os.getpid()), encoding="utf-8")
    time.sleep(300)


def test_stopped_pool_is_reaped_by_its_own_manager(tmp_path: Path) -> None:
    pool = ProcessPoolExecutor(max_workers=2)
    flags = [tmp_path / f"started-{i}" for i in range(2)]
    for flag in flags:
        pool.submit(_sleep_with_child, str(flag))
    deadline = time.monotonic() + 60
    while not all(f.exists() for f in flags):
        assert time.monotonic() < deadline, "the workers did not start their tasks"
        time.sleep(0.05)
    workers = list(pool._processes.values())
    grandchildren = [c for w in workers for c in psutil.Process(w.pid).children(recursive=True)]
    assert len(grandchildren) == 2

    stop_pool(pool)

    manager = pool._executor_manager_thread
    if manager is not None:
        manager.join(timeout=15)
        assert not manager.is_alive(), "the pool's manager thread still waits for its workers"
    assert all(not w.is_alive() for w in workers), [(w.pid, w.exitcode) for w in workers]
    assert all(w.exitcode is not None for w in workers)
    _, alive = psutil.wait_procs(grandchildren, timeout=10)
    assert not alive, [p.pid for p in alive]
