"""The machine's load while a benchmark runs, and whether a ratio may be called met.

On a shared machine a ratio measured beside other work is noise as much as measurement, so every
benchmark prints the load and refuses to call a target met (or missed) when the load was too high.
Two figures, both printed:

- the 1-minute load average before and after (``os.getloadavg``), which includes the benchmark's
  own processes: on 2 cores a benchmark that keeps both busy raises it towards 2 by itself;
- **others' load during the run**: the mean number of runnable (or uninterruptible) threads that
  belong to no process of the benchmark's tree, sampled from ``/proc`` once a second. It is the
  load average the rest of the machine would have, and it is what the verdict uses.

A target is judged only when others' load just before the run (3 samples over 1 s) and during it
are both at most `QUIET_LOAD` (1.5); otherwise the verdict says that it could not be measured
quietly. The load average is printed but not judged where ``/proc`` is available: it decays over a
minute, so it still counts the benchmark's own warm-up read or the previous benchmark of `make bench`
(2026-12-07: a quiet bulk run, others' load 0.1, was "not judged: load 1.6" from its own warm-up).
Elsewhere others' load is unknown and the load average before the run is used instead.
Stdlib only, so that a benchmark's parent process stays small (see bench_bulk.py).
"""
from __future__ import annotations

import os
import threading
import time
from pathlib import Path

#: Above this load (others' during the run, or the load average before it) no target is judged.
QUIET_LOAD = 1.5
_PROC = Path("/proc")


def _processes() -> dict[int, tuple[int, int]]:
    """pid → (parent pid, number of threads), for every process readable in /proc."""
    out = {}
    for entry in os.scandir(_PROC):
        if not entry.name.isdigit():
            continue
        try:
            fields = (_PROC / entry.name / "stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        out[int(entry.name)] = (int(fields[1]), int(fields[17]))
    return out


def _busy_threads(pid: int) -> int:
    """Threads of `pid` that are running, runnable or in uninterruptible sleep (as loadavg counts)."""
    busy = 0
    try:
        tasks = os.scandir(_PROC / str(pid) / "task")
    except OSError:
        return 0
    for task in tasks:
        try:
            state = (_PROC / str(pid) / "task" / task.name / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        busy += state in ("R", "D")
    return busy


def others_busy(root: int) -> int:
    """Busy threads right now in processes outside `root`'s tree (root and its descendants)."""
    procs = _processes()
    ours = {root}
    grew = True
    while grew:  # descendants, whatever the order /proc lists them in
        before = len(ours)
        ours |= {pid for pid, (ppid, _) in procs.items() if ppid in ours}
        grew = len(ours) > before
    return sum(_busy_threads(pid) for pid in procs if pid not in ours and pid != 0)


class LoadWatch:
    """Samples others' load in a thread between `start()` and `stop()` (or as a context manager)."""

    def __init__(self, interval: float = 1.0, *, sample: bool = True) -> None:
        self.interval = interval
        self.samples: list[int] = []
        self.samples_before: list[int] = []
        self.before = self.after = (0.0, 0.0, 0.0)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.available = sample and (_PROC / "self" / "task").is_dir()

    def start(self) -> LoadWatch:
        self.before = os.getloadavg()
        if self.available:
            root = os.getpid()
            for _ in range(3):  # is the machine busy right now, apart from us?
                self.samples_before.append(others_busy(root))
                time.sleep(0.5 * min(self.interval, 1.0))
            self._thread = threading.Thread(target=self._run, daemon=True)
            self._thread.start()
        return self

    def stop(self) -> LoadWatch:
        self._stop.set()
        if self._thread is not None:
            self._thread.join()
        self.after = os.getloadavg()
        return self

    def __enter__(self) -> LoadWatch:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _run(self) -> None:
        root = os.getpid()
        while not self._stop.is_set():
            self.samples.append(others_busy(root))
            self._stop.wait(self.interval)

    @property
    def others(self) -> float | None:
        """Others' mean load during the watch (None where /proc is not available)."""
        return sum(self.samples) / len(self.samples) if self.samples else None

    @property
    def others_before(self) -> float | None:
        """Others' mean load just before the watch started (None where /proc is not available)."""
        return sum(self.samples_before) / len(self.samples_before) if self.samples_before else None

    def _worst(self) -> float:
        others = self.others
        if others is None:  # no /proc: the load average before the run is all there is
            return self.before[0]
        return max(others, self.others_before or 0.0)

    @property
    def quiet(self) -> bool:
        return self._worst() <= QUIET_LOAD

    def describe(self) -> str:
        others = self.others
        text = (f"load average (1 min) before {self.before[0]:.1f}, after {self.after[0]:.1f} "
                "(the benchmark's own included)")
        if others is not None:
            text += (f"; others' load just before {self.others_before or 0.0:.1f}, during the run {others:.1f} "
                     f"(mean of {len(self.samples)} samples, max {max(self.samples)})")
        return text

    def verdict(self, met: bool) -> str:
        """'met' / 'NOT met' on a quiet machine; otherwise why it is not judged."""
        if self.quiet:
            return "met" if met else "NOT met"
        return (f"not judged: load {self._worst():.1f} > {QUIET_LOAD} during the run "
                f"(would be {'met' if met else 'NOT met'} at this noise; rerun on a quiet machine)")


def sleep_until_quiet(limit: float = QUIET_LOAD, timeout: float = 0.0) -> float:
    """Wait up to `timeout` s for the 1-minute load average to fall to `limit`; return it."""
    deadline = time.monotonic() + timeout
    while os.getloadavg()[0] > limit and time.monotonic() < deadline:
        time.sleep(5)
    return os.getloadavg()[0]
