"""Publish a finished report folder in one step, so readers never see half a report.

The new folder is built beside the target and swapped in with renameat2(RENAME_EXCHANGE)
where the kernel offers it (one atomic step); elsewhere with two renames and a recovery step
that restores the previous report if a crash fell between them.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
from pathlib import Path

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
