"""The shipped snapshot against the research notes it is built from.

(a) every explicitly dated official figure of research trade/annual_bilateral.csv is in raw/trade.csv
    with the same year, flow, value and side; (b) the build is reproducible byte for byte.
"""
from __future__ import annotations

import csv
import filecmp
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
RESEARCH = (Path(__file__).parents[1] / ".." / "shared" / "research").resolve()
DATA = REPO / "data"
BUILD = DATA / "build" / "build_snapshot.py"
OUTPUTS = [f"raw/{name}.csv" for name in
           ("trade", "partners", "totals", "products", "agreements", "events", "rail", "labels")] + ["sources.yaml"]


def _need_research() -> None:
    if not (RESEARCH / "trade" / "annual_bilateral.csv").is_file():
        pytest.skip(f"research notes not found at {RESEARCH} (they live beside the repository, "
                    "in ../shared/research); the snapshot cannot be checked against them")


def _read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _official_dated_rows() -> list[dict]:
    rows = []
    for r in _read(RESEARCH / "trade" / "annual_bilateral.csv"):
        notes = r["notes"] or ""
        if r["reporter"] not in ("BLR", "CHN"):
            continue
        if "YEAR INFERRED" in notes or "YEAR NOT STATED" in notes:
            continue
        if "SECONDARY" in notes or "UNRELIABLE" in notes:
            continue
        rows.append(r)
    return rows


def test_official_dated_research_figures_are_shipped() -> None:
    _need_research()
    expected = _official_dated_rows()
    assert expected, "no official, explicitly dated rows found in research: the filter is wrong"
    shipped = _read(DATA / "raw" / "trade.csv")
    index = {(t["year"], t["period"], t["reporter"], t["economy"], t["flow"], t["value_usd"]) for t in shipped}
    missing = []
    for r in expected:
        value = str(int(float(r["value_usd"])))
        key = (r["year"], r["year"], r["reporter"], r["reporter"], r["flow"], value)
        if key not in index:
            missing.append(f"{r['year']} {r['reporter']} {r['flow']} {value} ({r['source_url']})")
    assert not missing, "research figures missing from data/raw/trade.csv:\n  " + "\n  ".join(missing)


def test_shipped_rows_cite_the_research_quote() -> None:
    """Every trade row's citation carries the page and quote of a research row with that value."""
    _need_research()
    import yaml

    sources = yaml.safe_load((DATA / "sources.yaml").read_text(encoding="utf-8"))["sources"]
    research = set()
    for rel in ("trade/annual_bilateral.csv", "trade/partial_year.csv", "trade/partners.csv"):
        for r in _read(RESEARCH / rel):
            if r["value_usd"]:
                research.add((r["source_url"].strip(), r["quote"].strip(), str(int(float(r["value_usd"])))))
    for t in _read(DATA / "raw" / "trade.csv"):
        src = sources[t["source_id"]]
        assert (src["url"], src["quote"], t["value_usd"]) in research, t


def test_rebuild_is_byte_identical(tmp_path: Path) -> None:
    _need_research()
    out = tmp_path / "data"
    subprocess.run([sys.executable, str(BUILD), "--research", str(RESEARCH), "--out", str(out)],
                   check=True, cwd=REPO)
    different = [name for name in OUTPUTS
                 if not filecmp.cmp(DATA / name, out / name, shallow=False)]
    assert not different, f"rebuild differs from the committed snapshot: {different}"
