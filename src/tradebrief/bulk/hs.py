"""HS chapters (2-digit) → chapter title, section number and section title.

The table lives in `tradebrief/hs_sections.csv` (source: the WCO HS nomenclature, cited in its
header) so that the labels are data, not code.
"""
from __future__ import annotations

import csv
import functools
from importlib import resources

import pandas as pd

HS_COLUMNS = ("hs2", "hs2_label", "section", "section_label")


@functools.lru_cache(maxsize=1)
def _table() -> pd.DataFrame:
    text = resources.files("tradebrief.bulk").joinpath("hs_sections.csv").read_text("utf-8")
    rows = list(csv.reader(line for line in text.splitlines() if not line.startswith("#")))
    header, body = rows[0], rows[1:]
    index = [header.index(name) for name in HS_COLUMNS]
    # built from columns, not a list of dicts: a third of the time on a cached question's path
    frame = pd.DataFrame({name: [row[i] for row in body] for name, i in zip(HS_COLUMNS, index, strict=True)})
    if frame["hs2"].duplicated().any() or not frame["hs2"].str.fullmatch(r"\d{2}").all():
        raise RuntimeError("hs_sections.csv is corrupt: hs2 must be unique two-digit codes")
    return frame


def hs_table() -> pd.DataFrame:
    """All HS chapters with their section: columns hs2, hs2_label, section, section_label."""
    return _table().copy()


def section_order() -> list[str]:
    """Section numerals in nomenclature order (I … XXI), for sorting."""
    return list(dict.fromkeys(_table()["section"]))
