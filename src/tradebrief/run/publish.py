"""Publish a finished report folder in one step, so readers never see half a report.

The new folder is built beside the target and swapped in with renameat2(RENAME_EXCHANGE)
where the kernel offers it (one atomic step); elsewhere with two renames and a recovery step
that restores the previous report if a crash fell between them.

One writer per report folder: a run holds an exclusive lock (`flock` on `.<name>.lock` beside the
folder) from the check of the target to the publish, so a second run with the same label fails at
once with one line instead of silently replacing the first (and bypassing `--replace`). The kernel
drops the lock when its holder dies, so a killed run never blocks the next one.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import fcntl
import os
import shutil
from pathlib import Path

from tradebrief.errors import UsageError

_AT_FDCWD = -100
_RENAME_EXCHANGE = 2


def _exchange(a: Path, b: Path) -> bool:
    """Atomically swap two paths; False when the platform cannot."""
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6", use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    result = renameat2(_AT_FDCWD, os.fsencode(a), _AT_FDCWD, os.fsencode(b), _RENAME_EXCHANGE)
    return result == 0


def backup_path(final: Path) -> Path:
    return final.with_name(f".{final.name}.previous")


def recover(final: Path) -> None:
    """If a crash left only the backup of a report, put it back."""
    backup = backup_path(final)
    if backup.exists() and not final.exists():
        os.rename(backup, final)
    elif backup.exists():
        shutil.rmtree(backup, ignore_errors=True)


def publish(staged: Path, final: Path) -> None:
    """Replace `final` by `staged` (same parent folder); the old report is removed after."""
    recover(final)
    if final.exists() and _exchange(staged, final):
        shutil.rmtree(staged, ignore_errors=True)  # now holds the previous report
        return
    backup = backup_path(final)
    if final.exists():
        os.rename(final, backup)
    os.rename(staged, final)
    shutil.rmtree(backup, ignore_errors=True)


def lock_path(final: Path) -> Path:
    return final.with_name(f".{final.name}.lock")


def acquire_report_lock(final: Path) -> int:
    """Hold the report folder `final` for this process; UsageError when another run holds it.

    Returns the lock's file descriptor for `release_report_lock`. The lock file is removed on
    release; a run that opened it just before is caught by comparing inodes, and tries again."""
    path = lock_path(final)
    while True:
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(fd, 32, 0).decode("ascii", "replace").strip()
            os.close(fd)
            raise UsageError(f"another tradebrief run{f' (pid {holder})' if holder.isdigit() else ''} is writing "
                             f"{final}; wait for it to finish, or give --label NAME to write a separate report") from None
        try:
            same = os.fstat(fd).st_ino == os.stat(path).st_ino
        except FileNotFoundError:
            same = False
        if same:
            os.ftruncate(fd, 0)
            os.pwrite(fd, str(os.getpid()).encode("ascii"), 0)
            return fd
        os.close(fd)  # the previous holder removed that file while we opened it: take the new one


def release_report_lock(final: Path, fd: int) -> None:
    """Remove the lock file and let go of the lock (the next run creates a new one)."""
    try:
        lock_path(final).unlink(missing_ok=True)
    finally:
        os.close(fd)
