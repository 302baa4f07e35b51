"""The run's data, loaded once: `tradebrief run` hands the frames its preflight loaded to its kernels.

Reading and validating the data (pandera) takes about 0.6 s, and a run's five kernels each asked
for the same frames; now the pipeline writes what its preflight loaded into the staging folder and
names the file in each kernel's environment. A kernel uses it only when it asks for the same pair,
years and data folder, and every input file still has the size and modification time it had when
the preflight read it; otherwise (or in JupyterLab, where the variable is unset) it loads as
always. The file never leaves the staging folder, which only this run writes.
"""
from __future__ import annotations

import os
import pickle
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from tradebrief.data.schema import TABLES

if TYPE_CHECKING:
    from tradebrief.data.context import RunData
    from tradebrief.data.params import RunParameters

#: Set by the pipeline for its kernels: the path of the preflight's data.
SHARED_DATA_ENV = "TRADEBRIEF_RUN_DATA"
SHARED_DATA_FILE = ".run-data.pickle"
_SOURCES = "sources.yaml"


def data_key(params: RunParameters, folder: Path) -> tuple:
    """What a load depends on besides its files: the pair, the years and the data folder."""
    return params.reporter, params.partner, params.start_year, params.end_year, str(folder.resolve())


def input_files(folder: Path, snapshot: Path) -> tuple[tuple[str, int, int], ...]:
    """Every file a load may read, with its size and modification time (absent files left out)."""
    names = [_SOURCES, *(table.file for table in TABLES.values())]
    found = []
    for base in dict.fromkeys((folder.resolve(), snapshot.resolve())):
        for name in names:
            try:
                stat = (base / name).stat()
            except OSError:
                continue
            found.append((str(base / name), stat.st_size, stat.st_mtime_ns))
    return tuple(found)


_Kind = TypeVar("_Kind")


def load_shared(path: str | Path | None, kind: type[_Kind]) -> _Kind | None:
    """The `kind` object a run pickled at `path`, or None when there is none: no path, a missing,
    partial or foreign file. The one reader of the run's shared files (data here, claim results in
    `claims.shared`); each caller then checks the object is for exactly what it asks."""
    if not path:
        return None
    try:
        with open(path, "rb") as handle:
            shared = pickle.load(handle)
    except Exception:  # noqa: BLE001 - see above: load or evaluate as usual
        return None
    return shared if isinstance(shared, kind) else None


@dataclass(frozen=True)
class SharedData:
    key: tuple
    files: tuple[tuple[str, int, int], ...]
    data: RunData


def share(data: RunData, staged: Path) -> dict[str, str]:
    """Write the loaded data into the staging folder; return the kernels' environment naming it.

    Sharing only saves time: when the data cannot be written (a full disk, an object pickle
    refuses), nothing is shared and each kernel loads the data itself, as in JupyterLab.
    """
    path = Path(staged) / SHARED_DATA_FILE
    shared = SharedData(data_key(data.params, data.trade_dir), input_files(data.trade_dir, data.data_dir), data)
    try:
        with path.open("wb") as handle:
            pickle.dump(shared, handle, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception:  # noqa: BLE001 - see above
        path.unlink(missing_ok=True)
        return {}
    return {SHARED_DATA_ENV: str(path.resolve())}


def reuse(params: RunParameters, folder: Path, snapshot: Path) -> RunData | None:
    """The pipeline's already loaded data when it is exactly what `params` asks for, else None."""
    shared = load_shared(os.environ.get(SHARED_DATA_ENV), SharedData)
    if shared is None or shared.key != data_key(params, folder) or shared.files != input_files(folder, snapshot):
        return None
    return replace(shared.data, params=params)
