"""The run's claim results, evaluated once: the first kernel of `tradebrief run` that evaluates a
claims file leaves the results for the run's other kernels.

Notebooks 04 (the claims), 05 (the brief's one-line table) and 06 (the annex's evidence) each
evaluated the same claims file against the same data, 0.5–0.7 s a kernel. The pipeline names a
file in its staging folder (`SHARED_CLAIMS_ENV`); `engine.evaluate` returns the results found
there only for an equal claims file (every field) and the same pair, years, data folder and
unchanged input files, and otherwise evaluates and, when the file is not there yet, writes its
results (atomically: a kernel killed mid-write leaves no partial file under that name). In
JupyterLab, where the variable is unset, every evaluation is its own.
"""
from __future__ import annotations

import os
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tradebrief.data.shared import SHARED_DATA_FILE, data_key, input_files, load_shared

if TYPE_CHECKING:
    from tradebrief.claims.engine import ClaimResult
    from tradebrief.claims.spec import ClaimsFile
    from tradebrief.data.context import RunData

#: Set by the pipeline for its kernels: where the run's claim results are (or will be) kept.
SHARED_CLAIMS_ENV = "TRADEBRIEF_RUN_CLAIMS"
SHARED_CLAIMS_FILE = ".run-claims.pickle"


@dataclass(frozen=True)
class SharedResults:
    key: tuple
    files: tuple[tuple[str, int, int], ...]
    claims: ClaimsFile
    results: list[ClaimResult]


def _identity(data: RunData) -> tuple[tuple, tuple]:
    return data_key(data.params, data.trade_dir), input_files(data.trade_dir, data.data_dir)


def claims_env(staged: Path) -> dict[str, str]:
    """The kernels' environment naming the run's claim results file (inside the staging folder)."""
    return {SHARED_CLAIMS_ENV: str((Path(staged) / SHARED_CLAIMS_FILE).resolve())}


def _path() -> Path | None:
    """The file the run named, only when it is a run's staging file: named as the pipeline names it,
    beside the run's shared data (a variable left set in a shell never makes evaluate write elsewhere)."""
    value = os.environ.get(SHARED_CLAIMS_ENV)
    if not value:
        return None
    path = Path(value)
    return path if path.name == SHARED_CLAIMS_FILE and (path.parent / SHARED_DATA_FILE).is_file() else None


def reuse_results(claims: ClaimsFile, data: RunData) -> list[ClaimResult] | None:
    """The run's results when they are for exactly this claims file and data, else None."""
    shared = load_shared(_path(), SharedResults)  # None too when not there yet
    if shared is None or (shared.key, shared.files) != _identity(data) or shared.claims != claims:
        return None
    return list(shared.results)


def offer_results(claims: ClaimsFile, data: RunData, results: list[ClaimResult]) -> None:
    """Leave `results` for the run's other kernels, when the run asks for it and none are there yet.
    Sharing only saves time: any failure to write leaves nothing behind and is not an error."""
    path = _path()
    if path is None or path.exists():
        return
    part = path.with_name(f"{path.name}.{os.getpid()}.part")
    try:
        key, files = _identity(data)
        with part.open("wb") as handle:
            pickle.dump(SharedResults(key, files, claims, list(results)), handle, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(part, path)
    except Exception:  # noqa: BLE001 - see above
        part.unlink(missing_ok=True)
