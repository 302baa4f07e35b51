"""The notebooks' kernels, started with their console output kept off the run's console.

A kernel inherits the run's stderr and stdout by default. Whatever it writes there below Python
(libzmq printing `Assertion failed: pfd.revents & POLLIN` as a kernel is shut down, a C library's
warning) then lands on the user's console, although cell output and errors reach the run through
papermill anyway. Each kernel's console goes to a temporary file instead; when a kernel dies, the
last line it wrote there becomes part of the run's error message.
"""
from __future__ import annotations

import contextlib
import logging
import tempfile
from collections.abc import Iterator
from typing import IO, Any

from jupyter_client.manager import AsyncKernelManager

from tradebrief.run.cache import INSTALL_LINE

#: The kernel's own log is noise on the run's console: cell errors reach the run through papermill,
#: and jupyter_client interrupts a kernel before shutting it down, which the kernel logs at ERROR
#: ("KeyboardInterrupt caught in kernel") although the run worked. Before the notebook's first cell,
#: the kernel installs the run's cache (`run.cache.install`; a no-op unless the run named one).
KERNEL_ARGUMENTS = ["--IPKernelApp.log_level=CRITICAL", f"--IPKernelApp.exec_lines={INSTALL_LINE}"]

#: Loggers of the libraries that execute a notebook. Papermill hands its logger to nbclient, which
#: logs "Kernel died while waiting for execute reply." at ERROR when a kernel dies or is shut down
#: under it (a killed cell, Ctrl-C); jupyter_client logs to traitlets'. With no handler configured,
#: Python's last-resort handler prints those to stderr beside the run's own one-line error.
LIBRARY_LOGGERS = ("papermill", "traitlets")

#: The console file of the kernel this process started last (one notebook runs at a time per process).
_last_console: IO[bytes] | None = None


class QuietKernelManager(AsyncKernelManager):
    """An AsyncKernelManager whose kernel writes its console (fd 1 and 2) to a temporary file."""

    async def start_kernel(self, **kw: Any) -> None:  # type: ignore[override]
        global _last_console
        if _last_console is not None:
            _last_console.close()
        _last_console = tempfile.TemporaryFile(prefix="tradebrief-kernel-")
        kw.setdefault("stdout", _last_console)
        kw.setdefault("stderr", _last_console)
        await super().start_kernel(**kw)


def last_console_line(limit: int = 200) -> str:
    """The last non-empty line the latest kernel wrote to its console ("" if none), shortened."""
    if _last_console is None or _last_console.closed:
        return ""
    try:
        _last_console.seek(0)
        lines = [line.strip() for line in _last_console.read().decode("utf-8", "replace").splitlines()]
    except OSError:
        return ""
    lines = [line for line in lines if line]
    return lines[-1][:limit] if lines else ""


def close_console() -> None:
    """Forget the latest kernel's console file (its contents are not kept once a notebook is done)."""
    global _last_console
    if _last_console is not None:
        _last_console.close()
        _last_console = None


@contextlib.contextmanager
def library_logs_off_console() -> Iterator[None]:
    """Within the block, the executing libraries' log records reach no console.

    The run reports every failure itself in one line (the cell, the error, the kernel's last
    console line); the same failure logged again by nbclient would be a second, context-free line.
    Each library's logger gets a null handler and stops propagating, so its child loggers'
    records ("papermill.utils") end there too, instead of in Python's last-resort handler.
    """
    loggers = [logging.getLogger(name) for name in LIBRARY_LOGGERS]
    before = [(logger.disabled, logger.propagate) for logger in loggers]
    quiet = logging.NullHandler()
    for logger in loggers:
        logger.addHandler(quiet)
        logger.disabled, logger.propagate = True, False
    try:
        yield
    finally:
        for logger, (disabled, propagate) in zip(loggers, before, strict=True):
            logger.removeHandler(quiet)
            logger.disabled, logger.propagate = disabled, propagate
