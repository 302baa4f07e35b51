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

REPO = Path(__file__).resolve().parents[3]
RESEARCH = (Path(__file__).resolve().parents[3] / ".." / "shared" / "research").resolve()
DATA = REPO / "data"
BUILD = DATA / "build" / "build_snapshot.py"
OUTPUTS = [f"raw/{name}.csv" for name in
           ("trade", "partners", "totals", "products", "agreements", "events", "rail", "labels", "changes",
            "disagreements")] + ["sources.yaml", "build/merges.csv"]


def _need_research() -> None:
    if not (RESEARCH / "trade" / "annual_bilateral.csv").is_file():
        pytest.skip(f"research notes not found at {RESEARCH} (they live beside the repository, "
                    "in ../shared/research); the snapshot cannot be checked against them")


def _read(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


TRADE_FILES = ("trade/annual_bilateral.csv", "trade/partial_year.csv", "trade/additions_2026-11-30.csv")


def _official_dated_rows() -> list[dict]:
    rows = []
    for rel in TRADE_FILES[::2]:  # annual figures and the later additions
        for r in _read(RESEARCH / rel):
            notes = r["notes"] or ""
            if r["reporter"] not in ("BLR", "CHN"):
                continue
            if "YEAR INFERRED" in notes or "YEAR NOT STATED" in notes:
                continue
            if "SECONDARY" in notes or "UNRELIABLE" in notes:
                continue
            rows.append({**r, "_file": rel})
    return rows


def _overrides() -> dict:
    import yaml

    return yaml.safe_load((DATA / "build" / "overrides.yaml").read_text(encoding="utf-8"))["rows"]


def _sources() -> dict:
    import yaml

    return yaml.safe_load((DATA / "sources.yaml").read_text(encoding="utf-8"))["sources"]


def test_official_dated_research_figures_are_shipped() -> None:
    """Each official, dated research figure is a shipped fact or merged into one (data/build/merges.csv).

    Its year and side are the research's unless overrides.yaml re-reads them (with why).
    """
    _need_research()
    expected = _official_dated_rows()
    assert expected, "no official, explicitly dated rows found in research: the filter is wrong"
    sources, overrides = _sources(), _overrides()
    by_cite: dict[tuple[str, str], list[dict]] = {}
    for t in _read(DATA / "raw" / "trade.csv"):
        for sid in t["source_ids"].split(";"):
            by_cite.setdefault((sources[sid]["url"], sources[sid]["quote"]), []).append({**t, "_sid": sid})
    merged = {(m["merged_source_id"], m["merged_value"]) for m in _read(DATA / "build" / "merges.csv")}
    missing = []
    for r in expected:
        value = str(int(float(r["value_usd"])))
        o = overrides.get(f"{r['_file']} | {r['year']} | {r['reporter']} | {r['flow']} | {value} | {r['source_url']}", {})
        year, reporter = str(o.get("year", r["year"])), o.get("reporter", r["reporter"])
        facts = [t for t in by_cite.get((r["source_url"].strip(), r["quote"].strip()), [])
                 if t["flow"] == r["flow"] and t["year"] == year and t["reporter"] == reporter]
        if not any(t["value_usd"] == value or (t["_sid"], value) in merged for t in facts):
            missing.append(f"{r['year']} {r['reporter']} {r['flow']} {value} ({r['source_url']})")
    assert not missing, "research figures missing from data/raw/trade.csv:\n  " + "\n  ".join(missing)


def test_shipped_rows_cite_the_research_quote() -> None:
    """Every trade fact's citations carry the page and quote of a research row with that value (or a
    value merged into the fact, as data/build/merges.csv lists)."""
    _need_research()
    sources = _sources()
    research = set()
    for rel in (*TRADE_FILES, "trade/partners.csv"):
        for r in _read(RESEARCH / rel):
            if r["value_usd"]:
                research.add((r["source_url"].strip(), r["quote"].strip(), str(int(float(r["value_usd"])))))
    merged = {(m["merged_source_id"], m["merged_value"]) for m in _read(DATA / "build" / "merges.csv")}
    for t in _read(DATA / "raw" / "trade.csv"):
        src = sources[t["source_id"]]
        assert (src["url"], src["quote"], t["value_usd"]) in research, t
        for sid in t["source_ids"].split(";")[1:]:
            values = [v for s, v in merged if s == sid]
            assert any((sources[sid]["url"], sources[sid]["quote"], v) in research for v in values), (sid, t)


def test_rebuild_is_byte_identical(tmp_path: Path) -> None:
    _need_research()
    out = tmp_path / "data"
    subprocess.run([sys.executable, str(BUILD), "--research", str(RESEARCH), "--out", str(out)],
                   check=True, cwd=REPO)
    different = [name for name in OUTPUTS
                 if not filecmp.cmp(DATA / name, out / name, shallow=False)]
    assert not different, f"rebuild differs from the committed snapshot: {different}"
