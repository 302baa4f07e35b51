"""A run's data: validated parameters plus every frame, loaded once by one rule from one folder.

The rule: `source` resolves to one data folder (`resolve_data_folder`). Each table is read from that
folder when it holds the table's file, otherwise from the shipped snapshot; so a user's folder with
only `raw/trade.csv` gets the snapshot's agreements, events, rail and labels. Citations are the union
of both `sources.yaml` files, and a `source_id` present in both with different content is an error
naming both files: a user's figure is always cited to the user's own entry.

The brief, the claims command and the notebooks all read `RunData` (also known as `ReportContext`).
Loading is pure: it reads the folders and nothing else. (`tradebrief run` loads once for its six
kernels by wrapping `from_params` where each kernel starts: `run.cache`.)
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path

import pandas as pd

from tradebrief.data import load as _data
from tradebrief.data.folders import SNAPSHOT, resolve_data_folder
from tradebrief.data.params import RunParameters
from tradebrief.data.schema import TABLES
from tradebrief.errors import DataError, UsageError

SOURCE_NAMES = {SNAPSHOT: "the shipped snapshot (statements and official statistics as published)",
                "comtrade": "UN Comtrade (fetched)", "imf": "IMF IMTS (fetched)"}
#: The frames a run holds, by table name (optional tables, empty when no folder has them: `changes`,
#: printed growth rates, and `disagreements`, printed rates that disagree with the figures, with reasons).
FRAMES = ("trade", "partners", "products", "agreements", "events", "rail", "labels", "changes", "disagreements")
OPTIONAL = ("changes", "disagreements")


@dataclass
class RunData:
    """Parameters plus loaded frames; passed to every section builder and to the claims engine."""

    params: RunParameters
    data_dir: Path  # the snapshot
    trade_dir: Path  # the resolved folder of the run's `source`
    trade: pd.DataFrame
    partners: pd.DataFrame
    products: pd.DataFrame
    agreements: pd.DataFrame
    events: pd.DataFrame
    rail: pd.DataFrame
    labels: pd.DataFrame
    sources: pd.DataFrame
    changes: pd.DataFrame
    disagreements: pd.DataFrame

    @classmethod
    def load(cls, reporter: str = "BLR", partner: str = "CHN", start_year: object = 2010,
             end_year: object = 2025, source: str = SNAPSHOT, label: str = "", *,
             require_data: bool = True) -> RunData:
        """Validate the parameters, resolve the folder and load every frame by the module's rule."""
        params = RunParameters.create(reporter, partner, start_year, end_year, source, label)
        return cls.from_params(params, require_data=require_data)

    @classmethod
    def from_params(cls, params: RunParameters, *, require_data: bool = True) -> RunData:
        snapshot = _data.default_data_dir()
        folder = resolve_data_folder(params.source, params.reporter, params.partner)
        if params.source not in SOURCE_NAMES and not (folder / TABLES["trade"].file).is_file():
            # every other table may come from the snapshot, but the trade figures are what the brief
            # attributes to the run's source: without them it would print the snapshot's as the folder's
            raise DataError(f"the data folder has no {TABLES['trade'].file}; the report's trade figures would be the "
                            "snapshot's, named as your folder's; add the file (see data/README.md) or use "
                            "--source snapshot", file=folder)
        frames = {name: _load_frame(name, folder, snapshot) for name in FRAMES}
        run = cls(params, snapshot, folder, sources=merged_sources(folder, snapshot), **frames)
        if require_data:
            run.require_some_data()
        return run

    @classmethod
    def from_frames(cls, params: RunParameters | None = None, **frames: pd.DataFrame) -> RunData:
        """A run over frames built in memory (tests); tables not given are empty."""
        given = {f.name for f in fields(cls)} - {"params", "data_dir", "trade_dir"}
        unknown = set(frames) - given
        if unknown:
            raise TypeError(f"unknown frame(s) {', '.join(sorted(unknown))}; expected {', '.join(sorted(given))}")
        snapshot = _data.default_data_dir()
        filled = {name: frames.get(name, pd.DataFrame()) for name in given}
        return cls(params or RunParameters(), snapshot, snapshot, **filled)

    @property
    def pair(self) -> tuple[str, str]:
        return self.params.reporter, self.params.partner

    @property
    def is_belarus_china(self) -> bool:
        """Agreements and rail data in the snapshot describe Belarus–China only."""
        return set(self.pair) == {"BLR", "CHN"}

    @property
    def source_name(self) -> str:
        # the folder's name, not its absolute path: the brief is published, the user's home is not
        return SOURCE_NAMES.get(self.params.source, f"the data folder {Path(self.params.source).name}")

    def snapshot_tables(self) -> list[str]:
        """The tables a run over a user's folder took from the shipped snapshot (the folder lacks
        their files), in FRAMES order; none for the snapshot itself. Said in the annex's data notes,
        so a reader knows which figures came from where."""
        if self.trade_dir.resolve() == self.data_dir.resolve():
            return []
        return [name for name in FRAMES if table_folder(name, self.trade_dir, self.data_dir) == self.data_dir
                and (self.data_dir / TABLES[name].file).is_file()]

    def require_some_data(self) -> None:
        """A pair and year range with no trade and no partner figure at all is a usage error."""
        a, b = self.pair
        p = self.params
        trade = self.trade
        in_pair = (((trade["economy"] == a) & (trade["partner"] == b)) | ((trade["economy"] == b) & (trade["partner"] == a)))
        years = trade.loc[in_pair, "year"]
        ranks = self.partners[(self.partners["economy"] == a) & (self.partners["partner"] == b)]["year"]
        if not years.between(p.start_year, p.end_year).any() and not ranks.between(p.start_year, p.end_year).any():
            have = sorted(set(years) | set(ranks))
            span = f"it has figures for {have[0]}–{have[-1]}" if have else "it has no figure for this pair at all"
            raise UsageError(f"no trade or partner figures for {a}–{b} in {p.start_year}–{p.end_year} in "
                             f"{self.source_name}; {span}")


#: The name the report code has always used for the run's data.
ReportContext = RunData


def table_folder(name: str, folder: Path, snapshot: Path) -> Path:
    """The folder a table is read from: the run's folder when it holds the file, else the snapshot."""
    return folder if (folder / TABLES[name].file).is_file() else snapshot


def _load_frame(name: str, folder: Path, snapshot: Path) -> pd.DataFrame:
    """One table by the rule; an optional table absent from both folders is an empty frame."""
    if name not in TABLES or name not in _data.LOADERS:
        return pd.DataFrame()
    source = table_folder(name, folder, snapshot)
    if not (source / TABLES[name].file).is_file() and name in OPTIONAL:
        return pd.DataFrame(columns=list(TABLES[name].columns))
    return _data.LOADERS[name](source)


_CITATION_FIELDS = (*_data.SOURCE_FIELDS, "via")


def merged_sources(folder: Path, snapshot: Path) -> pd.DataFrame:
    """Both folders' citations; one `source_id` with two different entries is a DataError naming both."""
    mine = _data.load_sources(folder)
    if folder.resolve() == snapshot.resolve():
        return mine
    base = _data.load_sources(snapshot)
    both = mine.merge(base, on="source_id", suffixes=("", "_snapshot"))
    for _, row in both.iterrows():
        differ = [f for f in _CITATION_FIELDS if f != "via" and str(row[f]) != str(row[f + "_snapshot"])]
        if differ:
            raise DataError(
                f"source_id {row['source_id']!r} is in both {folder / _data.SOURCES_FILE} and "
                f"{snapshot / _data.SOURCES_FILE} with a different '{differ[0]}'; rename it in your "
                "folder so that your figures cite your own entry", column=differ[0])
    rest = base[~base["source_id"].isin(set(mine["source_id"]))]
    return pd.concat([mine, rest], ignore_index=True).sort_values("source_id", ignore_index=True)
