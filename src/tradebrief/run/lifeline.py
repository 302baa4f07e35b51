"""Worker processes that never outlive the command that started them.

A run's notebook workers and a batch's run workers are pool processes; each starts Jupyter
kernels. If the parent is killed (kill -9, out of memory), orphaned workers would go on running
notebooks and even publish reports. Three layers stop that:

- each worker asks the Linux kernel to SIGKILL it when its parent dies (prctl PR_SET_PDEATHSIG),
  and a watchdog thread does the same by polling the parent pid where prctl is unavailable;
- kernels are started by jupyter_client with JPY_PARENT_PID, so ipykernel's own parent poller
  ends each kernel within a second of its worker's death;
- when the parent is stopped cleanly (Ctrl-C, SIGTERM), `stop_pool` kills the workers and their
  kernels at once instead of waiting for running notebooks to finish.

Workers ignore SIGINT: Ctrl-C reaches the whole process group, and only the parent should answer
it (with one line, not one traceback per worker).
"""
from __future__ import annotations

import contextlib
import ctypes
import ctypes.util
import os
import signal
import sys
import threading
from collections.abc import Iterator
from typing import NoReturn

_PR_SET_PDEATHSIG = 1
#: How often the watchdog thread checks that the parent is alive (seconds).
WATCHDOG_SECONDS = 0.5


class Terminated(KeyboardInterrupt):
    """SIGTERM, raised in the main thread so that a run cleans up as it does on Ctrl-C."""


def die_with_parent(parent_pid: int) -> None:
    """Pool initializer: end this process (and its kernels) as soon as `parent_pid` is gone."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)   # Ctrl-C is the parent's to answer
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # a forked worker must not inherit the parent's handler
    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:  # the parent died before prctl took effect
        _exit_with_children()
    threading.Thread(target=_watch, args=(parent_pid,), name="tradebrief-lifeline", daemon=True).start()


def parent_alive(parent_pid: int) -> bool:
    """True while this process's parent is still `parent_pid` (an orphan is re-parented)."""
    return os.getppid() == parent_pid


def _watch(parent_pid: int) -> None:
    event = threading.Event()
    while not event.wait(WATCHDOG_SECONDS):
        if not parent_alive(parent_pid):
            _exit_with_children()


def _exit_with_children() -> None:
    kill_descendants(os.getpid())
    os._exit(1)


def exit_now(code: int) -> NoReturn:
    """End a stopped command at once, with every process it started.

    Interpreter shutdown joins library threads (a process pool's manager, a kernel client's
    poller) that may wait on processes just killed; a command that has said it stopped must not
    then hang. Output is flushed first; the report folder was already left as it was.
    """
    kill_descendants(os.getpid())
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


def kill_descendants(pid: int) -> None:
    """SIGKILL a process's descendants (kernels run in their own sessions, so killpg misses them)."""
    import psutil

    try:
        victims = psutil.Process(pid).children(recursive=True)
    except psutil.Error:
        return
    for process in victims:
        with contextlib.suppress(psutil.Error):
            process.kill()
    psutil.wait_procs(victims, timeout=5)


def stop_pool(pool: object) -> None:
    """Kill a ProcessPoolExecutor's workers and their kernels now; do not wait for running tasks.

    The workers are killed and reaped through their own `multiprocessing.Process` objects, never
    through psutil: psutil's wait reaps a child behind multiprocessing's back, whose `is_alive()`
    then answers True for ever, and the pool's manager thread (joined at interpreter exit) spins
    waiting for it. The kernels are grandchildren, so waiting on them with psutil reaps nothing.
    """
    import psutil

    workers = list((getattr(pool, "_processes", None) or {}).values())
    kernels: list[psutil.Process] = []
    for worker in workers:
        with contextlib.suppress(psutil.Error, ValueError):
            kernels += psutil.Process(worker.pid).children(recursive=True)
    for worker in workers:  # first the workers, so that none starts another kernel
        with contextlib.suppress(Exception):
            worker.kill()
    for kernel in kernels:
        with contextlib.suppress(psutil.Error):
            kernel.kill()
    psutil.wait_procs(kernels, timeout=5)
    for worker in workers:
        with contextlib.suppress(Exception):
            worker.join(timeout=5)

    def _shutdown() -> None:  # with its workers dead this returns at once; it frees the pool's semaphores
        with contextlib.suppress(Exception):
            pool.shutdown(wait=True, cancel_futures=True)  # type: ignore[attr-defined]

    closer = threading.Thread(target=_shutdown, name="tradebrief-pool-shutdown", daemon=True)
    closer.start()
    closer.join(timeout=10)


@contextlib.contextmanager
def sigterm_raises() -> Iterator[None]:
    """Within the block, SIGTERM raises Terminated in the main thread (no-op elsewhere)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def _raise(signum: int, frame: object) -> None:
        raise Terminated()

    previous = signal.signal(signal.SIGTERM, _raise)
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)
