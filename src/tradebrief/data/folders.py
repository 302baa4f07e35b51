"""Which folder a run's data come from: the snapshot, a fetched live source, or a user's data folder.

`resolve_data_folder` is the one place a `source` parameter (notebooks, `run --source`, `claims
--data-dir`) becomes a folder; every loader of run data goes through it.
"""
from __future__ import annotations

from pathlib import Path

from tradebrief.data.load import default_data_dir
from tradebrief.errors import UsageError

#: Names of the built-in sources; anything else must be a data folder.
SNAPSHOT = "snapshot"
LIVE_SOURCES = ("comtrade", "imf")


def external_root() -> Path:
    """Where `tradebrief fetch` writes by default (git-ignored: fetched data is not redistributed)."""
    from tradebrief.sources import default_external_root

    return default_external_root()


def resolve_data_folder(source: str, reporter: str = "BLR", partner: str = "CHN") -> Path:
    """The folder holding sources.yaml + raw/*.csv for a run's `source` parameter.

    'snapshot' is the shipped snapshot (or $TRADEBRIEF_DATA); 'comtrade'/'imf' the folder `tradebrief
    fetch` wrote for the pair; anything else must be an existing folder.
    """
    if source == SNAPSHOT:
        return default_data_dir()
    if source in LIVE_SOURCES:
        try:
            from tradebrief.sources import resolve_source_data_dir
        except ImportError:
            raise UsageError(f"source {source!r} needs the live-source adapters (pip install -e '.[live]')") from None
        return resolve_source_data_dir(source, reporter, partner, external_root())
    path = Path(source)
    if not path.is_dir():
        raise UsageError(f"source {source!r} is neither snapshot, comtrade, imf nor a data folder; pass one of "
                         "those or a folder holding sources.yaml and raw/*.csv")
    return path
