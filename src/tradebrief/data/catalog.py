"""What the data can and cannot say: datasets, trade coverage by year and side, source grades.

Pure functions over loaded frames; the `tradebrief data` command prints them.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd

from tradebrief.data import codes
from tradebrief.data.load import LOADERS, load_sources
from tradebrief.data.schema import RELIABILITY_GRADES, TABLES


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


#: How a figure's money is written: `text.numbers.usd(value, bound)` from the caller (data does not
#: import text), so the listing prints "$5.79 bn", "over $8 bn", "$920 m" as the brief does.
Money = Callable[[float, str], str]
#: The coverage table's columns after year and side: turnover, then each way of the pair.
COVERAGE_FLOWS = ("turnover", "exports", "imports")


def trade_coverage(trade: pd.DataFrame, economy: str, partner: str, money: Money) -> pd.DataFrame:
    """One row per year and reporting side for one pair: the full-year figures used, and how many more
    are kept.

    `exports` are the economy's exports to the partner and `imports` its imports from it, whoever
    reports them (China's own exports to Belarus are Belarus's imports), so a row reads across the
    same flows of goods for every side. A blank cell is a gap in the snapshot, not a zero.
    Columns: year, side (the reporter's code), turnover, exports, imports, more.
    """
    pair = trade[((trade["economy"] == economy) & (trade["partner"] == partner))
                 | ((trade["economy"] == partner) & (trade["partner"] == economy))]
    full = pair[pair["full_year"]]
    if full.empty:
        return pd.DataFrame(columns=["year", "side", *COVERAGE_FLOWS, "more"])
    rows = []
    for (year, reporter), group in full.groupby(["year", "reporter"], sort=True):
        row: dict[str, object] = {"year": int(year), "side": str(reporter), **dict.fromkeys(COVERAGE_FLOWS, "")}
        shown = 0
        for _, figure in group[group["preferred"]].iterrows():
            column = _direction(figure, economy)
            if row[column] == "":  # two used figures for one flow (a user's folder may hold both ways): one shown
                row[column] = money(figure["value_usd"], figure["bound"])
                shown += 1
        more = len(group) - shown
        row["more"] = str(more) if more else ""
        rows.append(row)
    table = pd.DataFrame(rows)
    order = {side: i for i, side in enumerate(_side_order(set(table["side"]), economy, partner))}
    return table.sort_values(["year", "side"], key=lambda c: c.map(order) if c.name == "side" else c,
                             kind="stable").reset_index(drop=True)


def _direction(figure: pd.Series, economy: str) -> str:
    """A figure's column: turnover, or the economy's exports/imports (a partner's exports are its imports)."""
    if figure["flow"] == "turnover":
        return "turnover"
    own = figure["economy"] == economy
    return "exports" if (figure["flow"] == "export") == own else "imports"


def _side_order(reporters: set[str], economy: str, partner: str) -> list[str]:
    first = [r for r in (economy, partner) if r in reporters]
    return first + sorted(reporters - set(first))


def source_grades(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Citations by reliability grade, in grade order (best first), the grade in words."""
    sources = load_sources(data_dir)
    counts = sources["reliability"].value_counts()
    return pd.DataFrame({"grade": [codes.RELIABILITY.label(g) for g in RELIABILITY_GRADES],
                         "citations": [int(counts.get(g, 0)) for g in RELIABILITY_GRADES]})
