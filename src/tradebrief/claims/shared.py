"""The run's claim results, evaluated once: `tradebrief run` hands them to the kernels that ask.

Notebooks 04 (the claims), 05 (the brief's one-line table) and 06 (the annex's evidence) each
evaluated the same claims file against the same data, 0.5–0.7 s a kernel. The pipeline's preflight
already parses the claims file and loads the data, so it evaluates once and writes the results
beside the shared data (`data.shared`); `engine.evaluate` returns them only for an equal claims
file (every field) and the same pair, years, data folder and unchanged input files, and otherwise
(or in JupyterLab, where the variable is unset) evaluates as always.
"""
from __future__ import annotations

import os
import pickle
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from tradebrief.data.shared import data_key, input_files

if TYPE_CHECKING:
    from tradebrief.claims.engine import ClaimResult
    from tradebrief.claims.spec import ClaimsFile
    from tradebrief.data.context import RunData

#: Set by the pipeline for its kernels: the path of the preflight's claim results.
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


def share_results(claims: ClaimsFile, data: RunData, staged: Path) -> dict[str, str]:
    """Evaluate `claims` on `data`, write the results into the staging folder and return the kernels'
    environment naming them; {} when they cannot be written (then each kernel evaluates itself)."""
    from tradebrief.claims.engine import evaluate

    path = Path(staged) / SHARED_CLAIMS_FILE
    key, files = _identity(data)
    try:
        shared = SharedResults(key, files, claims, evaluate(claims, data))
        with path.open("wb") as handle:
            pickle.dump(shared, handle, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - sharing only saves time; the kernels evaluate (and raise) themselves
        path.unlink(missing_ok=True)
        return {}
    return {SHARED_CLAIMS_ENV: str(path.resolve())}


def reuse_results(claims: ClaimsFile, data: RunData) -> list[ClaimResult] | None:
    """The preflight's results when they are for exactly this claims file and data, else None."""
    path = os.environ.get(SHARED_CLAIMS_ENV)
    if not path:
        return None
    try:
        with open(path, "rb") as handle:
            shared = pickle.load(handle)
    except Exception:  # noqa: BLE001 - missing, partial or foreign file: evaluate as usual
        return None
    if not isinstance(shared, SharedResults) or (shared.key, shared.files) != _identity(data) \
            or shared.claims != claims:
        return None
    return list(shared.results)
