"""What the data can and cannot say: datasets, trade coverage by year and side, source grades.

Pure functions over loaded frames; the `tradebrief data` command prints them.
"""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from tradebrief.data.load import LOADERS, load_sources
from tradebrief.data.schema import RELIABILITY_GRADES, TABLES

_FLOW_LETTER = {"turnover": "T", "export": "X", "import": "M"}


def datasets(data_dir: str | Path | None = None) -> pd.DataFrame:
    """One row per dataset: file, rows, year span, distinct citations, description."""
    rows = []
    for name, loader in LOADERS.items():
        if data_dir is not None and not (Path(data_dir) / TABLES[name].file).exists():
            rows.append({"dataset": name, "file": TABLES[name].file, "rows": 0, "years": "absent",
                         "sources": 0, "description": TABLES[name].description})
            continue  # a fetched folder holds trade only; other tables are simply not there
        frame = loader(data_dir)
        years = _years(frame)
        rows.append({
            "dataset": name, "file": TABLES[name].file, "rows": len(frame),
            "years": f"{years.min()}–{years.max()}" if len(years) else "–",
            "sources": frame["source_id"].nunique(), "description": TABLES[name].description,
        })
    return pd.DataFrame(rows)


def _years(frame: pd.DataFrame) -> pd.Series:
    if "year" in frame:
        return frame["year"].dropna().astype(int)
    if "date" in frame:
        return frame["date"].str[:4].astype(int)
    return pd.Series([], dtype=int)


def trade_coverage(trade: pd.DataFrame, economy: str, partner: str) -> pd.DataFrame:
    """Years × reporting side for one pair: the preferred full-year figures, in US$ bn.

    A cell reads 'T 5.79 · X 1.61 · M 4.18 (+6)': turnover, exports and imports from the
    reporter's own view, and how many other figures for that year and side exist. An empty cell
    is a gap in the snapshot, not a zero.
    """
    pair = trade[((trade["economy"] == economy) & (trade["partner"] == partner))
                 | ((trade["economy"] == partner) & (trade["partner"] == economy))]
    full = pair[pair["full_year"]]
    if full.empty:
        return pd.DataFrame()
    cells: dict[tuple[int, str], str] = {}
    for (year, reporter), group in full.groupby(["year", "reporter"], sort=True):
        parts = []
        for flow in ("turnover", "export", "import"):
            chosen = group[(group["flow"] == flow) & group["preferred"]]
            for _, row in chosen.iterrows():
                mark = {"lower": ">", "upper": "<", "approx": "~"}.get(row["bound"], "")
                parts.append(f"{_FLOW_LETTER[flow]} {mark}{row['value_usd'] / 1e9:.2f}")
        others = len(group) - int(group["preferred"].sum())
        text = " · ".join(parts) + (f" (+{others})" if others else "")
        cells[(int(year), str(reporter))] = text
    years = sorted({y for y, _ in cells})
    reporters = _side_order({r for _, r in cells}, economy, partner)
    table = pd.DataFrame(
        [[cells.get((y, r), "") for r in reporters] for y in years],
        index=pd.Index(years, name="year"), columns=[f"{r}-reported" for r in reporters])
    return table


def _side_order(reporters: set[str], economy: str, partner: str) -> list[str]:
    first = [r for r in (economy, partner) if r in reporters]
    return first + sorted(reporters - set(first))


def source_grades(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Citations by reliability grade, in grade order (best first)."""
    sources = load_sources(data_dir)
    counts = sources["reliability"].value_counts()
    return pd.DataFrame({"grade": list(RELIABILITY_GRADES),
                         "citations": [int(counts.get(g, 0)) for g in RELIABILITY_GRADES]})
