"""Claim results as JSON-ready objects, a flat table, and Markdown with citations.

Pure functions: same results in, byte-identical text out (claims keep file order, sides keep
the engine's order, source ids are sorted).
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import overload

import pandas as pd

from tradebrief.claims.results import ClaimResult
from tradebrief.neutralise import neutralise_cell
from tradebrief.text import claims as text_claims


def results_to_json(results: list[ClaimResult], lang: str = "en") -> list[dict]:
    """One object per claim: id, quote, verdict, by_side, explanation, needs, note, source_ids."""
    return [text_claims.render_claim(r, lang) for r in results]


def results_to_json_text(results: list[ClaimResult], lang: str = "en") -> str:
    """The JSON document as text (stable key order, UTF-8 kept readable)."""
    return json.dumps(results_to_json(results, lang), ensure_ascii=False, indent=2) + "\n"


@overload
def results_table(results: list[ClaimResult]) -> pd.DataFrame: ...


@overload
def results_table(results: None) -> None: ...


def results_table(results: list[ClaimResult] | None) -> pd.DataFrame | None:
    """One row per claim: id, quote, verdict, verdict per side, explanation, needs, source ids
    (None for claims not checked in this run: no table, not an empty one)."""
    if results is None:
        return None
    rows = []
    for r in results:
        sides = "; ".join(f"{s.reporter}{'#' + str(s.check) if s.check else ''}: {s.verdict}" for s in r.by_side)
        rows.append({"id": r.id, "quote": r.quote, "verdict": r.verdict, "as_of": r.as_of or "",
                     "by_side": sides, "explanation": r.explanation, "needs": r.needs or "",
                     "since": r.since or "", "source_ids": " ".join(r.source_ids)})
    return pd.DataFrame(rows, columns=["id", "quote", "verdict", "as_of", "by_side", "explanation", "needs",
                                       "since", "source_ids"])


def results_to_markdown(results: list[ClaimResult], sources: pd.DataFrame | None = None, lang: str = "en") -> str:
    """A verdict table, then each claim's words, verdict, evidence and numbered citations (`text.claims`)."""
    return text_claims.claims_markdown(results, sources, lang)


def write_claims_tables(results: list[ClaimResult] | None, report_dir: str | Path) -> dict[str, Path]:
    """Write tables/claims.csv (one row per claim) and tables/claims.json under `report_dir`;
    nothing for claims not checked in this run (None: the file is about another pair)."""
    if results is None:
        return {}
    tables = Path(report_dir) / "tables"
    tables.mkdir(parents=True, exist_ok=True)
    csv_path, json_path = tables / "claims.csv", tables / "claims.json"
    # formula-like text (a claim quoted as "=HYPERLINK(…)") stays text in a spreadsheet
    table = results_table(results).map(neutralise_cell)
    csv_path.write_text(table.to_csv(index=False, lineterminator="\n"), encoding="utf-8")
    json_path.write_text(results_to_json_text(results), encoding="utf-8")
    return {"csv": csv_path, "json": json_path}
