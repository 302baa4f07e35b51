"""Which folder a run's trade figures come from: the snapshot, a fetched live source, or a user folder."""
from __future__ import annotations

from pathlib import Path

from tradebrief.data.load import default_data_dir
from tradebrief.errors import UsageError


def external_root() -> Path:
    """Where `tradebrief fetch` writes by default (git-ignored: fetched data is not redistributed)."""
    from tradebrief.sources import default_external_root

    return default_external_root()


def trade_data_dir(source: str, params) -> Path:
    """Folder holding sources.yaml + raw/trade.csv for the run's `source` parameter."""
    if source == "snapshot":
        return default_data_dir()
    if source in ("comtrade", "imf"):
        try:
            from tradebrief.sources import resolve_source_data_dir
        except ImportError:
            raise UsageError(f"source {source!r} needs the live-source adapters (pip install -e '.[live]')") from None
        return resolve_source_data_dir(source, params.reporter, params.partner, external_root())
    path = Path(source)
    if not path.is_dir():
        raise UsageError(f"source {source!r} is neither snapshot, comtrade, imf nor a data folder")
    return path
