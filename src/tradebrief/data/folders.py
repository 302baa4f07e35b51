"""Which folder a run's data come from: the snapshot, a fetched live source, or a user's data folder.

`resolve_data_folder` is the one place a `source` parameter (notebooks, `run --source`, `claims
--data-dir`) becomes a folder; every loader of run data goes through it.
"""
from __future__ import annotations

from pathlib import Path

from tradebrief.data.load import default_data_dir
from tradebrief.data.settings import current
from tradebrief.errors import DataError, UsageError

#: Names of the built-in sources; anything else must be a data folder.
SNAPSHOT = "snapshot"
#: The live sources `tradebrief fetch` writes folders for, with the names messages give them.
LIVE_SOURCES = {"comtrade": "UN Comtrade", "imf": "IMF IMTS"}


def external_root() -> Path:
    """Where `tradebrief fetch` writes by default (git-ignored: fetched data is not redistributed)."""
    return current().external


def folder_name(source: str, reporter: str, partner: str, variant: str = "") -> str:
    """`comtrade-BLR-CHN`; a variant (e.g. monthly) gets its own folder: `imf-BLR-CHN-monthly`."""
    return f"{source}-{reporter}-{partner}" + (f"-{variant}" if variant else "")


def fetched_folder(source: str, reporter: str, partner: str, root: str | Path | None = None,
                   variant: str = "") -> Path:
    """The folder `tradebrief fetch` wrote for `source` and the pair; DataError naming the fetch
    command when it is missing or incomplete. (Here, not in `sources`, so that loading a fetched
    folder needs none of the network code.)"""
    if source not in LIVE_SOURCES:
        raise UsageError(f"unknown source {source!r}; expected snapshot, {', '.join(LIVE_SOURCES)}")
    default = external_root()
    base = Path(root) if root is not None else default
    folder = base / folder_name(source, reporter, partner, variant)
    if not (folder / "raw" / "trade.csv").is_file() or not (folder / "sources.yaml").is_file():
        raise DataError(f"no fetched {LIVE_SOURCES[source]} data for {reporter}–{partner} in {base}; run: "
                        f"tradebrief fetch {source} --reporter {reporter} --partner {partner}"
                        + (f" --out {base}" if base != default else ""))
    return folder


def resolve_data_folder(source: str, reporter: str = "BLR", partner: str = "CHN") -> Path:
    """The folder holding sources.yaml + raw/*.csv for a run's `source` parameter.

    'snapshot' is the shipped snapshot (or $TRADEBRIEF_DATA); 'comtrade'/'imf' the folder `tradebrief
    fetch` wrote for the pair; anything else must be an existing folder.
    """
    if source == SNAPSHOT:
        return default_data_dir()
    if source in LIVE_SOURCES:
        return fetched_folder(source, reporter, partner)
    path = Path(source)
    if not path.is_dir():
        raise UsageError(f"source {source!r} is neither snapshot, comtrade, imf nor a data folder; pass one of "
                         "those or a folder holding sources.yaml and raw/*.csv")
    return path


#: Where a notebook run by hand (JupyterLab, papermill without `report_dir`) writes, inside the project.
LAB_REPORT = Path("reports") / "_lab"


def project_folder(start: Path | None = None) -> Path | None:
    """The checkout the working directory is in: the nearest folder at or above it that holds both
    `pyproject.toml` and `notebooks/`; None outside a checkout (an installed wheel)."""
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "pyproject.toml").is_file() and (folder / "notebooks").is_dir():
            return folder
    return None


def report_folder(report_dir: str | Path = "") -> Path:
    """A notebook's `report_dir`: as given, else `reports/_lab` in the project folder, whether Jupyter
    started in `notebooks/` or papermill in the checkout's root (a relative default such as
    `../reports` would land in the checkout's parent in the second case); outside a checkout, under
    the working directory."""
    folder = Path(report_dir) if str(report_dir).strip() else (project_folder() or Path.cwd()) / LAB_REPORT
    if folder.exists() and not folder.is_dir():
        raise UsageError(f"report_dir {str(folder)[:120]!r} is a file, not a folder: give a folder for figures/ and "
                         "tables/ (it is made if missing), or leave it empty for reports/_lab")
    return folder
