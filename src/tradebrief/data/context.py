"""Everything one run reads, loaded once: validated parameters and the frames of every dataset.

Trade figures come from the run's `source` (the snapshot, a fetched live source, or a user's data
folder); agreements, events, rail and labels always come from the snapshot.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from tradebrief.data import load as _data
from tradebrief.data.folders import trade_data_dir
from tradebrief.errors import UsageError
from tradebrief.run.params import RunParameters

SOURCE_NAMES = {"snapshot": "the shipped snapshot (statements and official statistics as published)",
                "comtrade": "UN Comtrade (fetched)", "imf": "IMF IMTS (fetched)"}


@dataclass
class ReportContext:
    """Parameters plus loaded frames; passed to every section builder."""

    params: RunParameters
    data_dir: Path
    trade_dir: Path
    trade: pd.DataFrame
    partners: pd.DataFrame
    products: pd.DataFrame
    agreements: pd.DataFrame
    events: pd.DataFrame
    rail: pd.DataFrame
    labels: pd.DataFrame
    sources: pd.DataFrame

    @classmethod
    def load(cls, reporter: str = "BLR", partner: str = "CHN", start_year: object = 2010,
             end_year: object = 2025, source: str = "snapshot", label: str = "") -> ReportContext:
        params = RunParameters.create(reporter, partner, start_year, end_year, source, label)
        data_dir = _data.default_data_dir()
        trade_dir = trade_data_dir(params.source, params)
        trade = _data.load_trade(trade_dir)
        sources = pd.concat([_data.load_sources(data_dir), _data.load_sources(trade_dir)]
                            ).drop_duplicates("source_id").sort_values("source_id", ignore_index=True)
        ctx = cls(params, data_dir, trade_dir, trade, _data.load_partners(data_dir),
                  _data.load_products(data_dir), _data.load_agreements(data_dir), _data.load_events(data_dir),
                  _data.load_rail(data_dir), _data.load_labels(data_dir), sources)
        ctx.require_some_data()
        return ctx

    @property
    def pair(self) -> tuple[str, str]:
        return self.params.reporter, self.params.partner

    @property
    def is_belarus_china(self) -> bool:
        """Agreements and rail data in the snapshot describe Belarus–China only."""
        return set(self.pair) == {"BLR", "CHN"}

    @property
    def source_name(self) -> str:
        return SOURCE_NAMES.get(self.params.source, f"the data folder {self.params.source}")

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
