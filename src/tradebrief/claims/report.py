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
from tradebrief.text.words import VERDICT_WORDS as _LABEL


def results_to_json(results: list[ClaimResult]) -> list[dict]:
    """One object per claim: id, quote, verdict, by_side, explanation, needs, note, source_ids."""
    out = []
    for r in results:
        sides = []
        for s in r.by_side:
            side = {"reporter": s.reporter, "verdict": s.verdict, "summary": s.summary,
                    "evidence": list(s.evidence), "source_ids": list(s.source_ids)}
            if s.needs:
                side["needs"] = s.needs
            if s.check is not None:
                side["check"] = s.check
            sides.append(side)
        out.append({"id": r.id, "quote": r.quote, "verdict": r.verdict, "as_of": r.as_of, "kinds": list(r.kinds),
                    "by_side": sides, "explanation": r.explanation, "needs": r.needs, "note": r.note,
                    "since": r.since, "since_verdict": r.since_verdict, "source_ids": r.source_ids})
    return out


def results_to_json_text(results: list[ClaimResult]) -> str:
    """The JSON document as text (stable key order, UTF-8 kept readable)."""
    return json.dumps(results_to_json(results), ensure_ascii=False, indent=2) + "\n"


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


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def results_to_markdown(results: list[ClaimResult], sources: pd.DataFrame | None = None) -> str:
    """A verdict table, then each claim's words, verdict, evidence and numbered citations."""
    lines = ["| claim | quote | verdict | by side |", "|---|---|---|---|"]
    for r in results:
        sides = ", ".join(f"{s.reporter}{'#' + str(s.check) if s.check else ''}: {_LABEL[s.verdict]}"
                          for s in r.by_side)
        lines.append(f"| {r.id} | {_cell(r.quote)} | **{_LABEL[r.verdict]}** | {_cell(sides)} |")
    cites = sources.set_index("source_id") if sources is not None and not sources.empty else None
    for r in results:
        lines += ["", f"### {r.id}: {_LABEL[r.verdict]}", "", f"> {r.quote}", "", r.explanation]
        if r.since:
            lines += ["", f"What changed since the text: {r.since}"]
        if r.needs:
            lines += ["", f"What would settle it: {r.needs}."]
        for s in r.by_side:
            label = f"{s.reporter}" + (f" (check {s.check})" if s.check else "")
            lines += ["", f"- **{label}: {_LABEL[s.verdict]}**: {s.summary}"]
            lines += [f"  - {e}" for e in s.evidence]
        if r.source_ids:
            lines += ["", "Sources:"]
            for sid in r.source_ids:
                if cites is not None and sid in cites.index:
                    c = cites.loc[sid]
                    lines.append(f"- `{sid}`: {c['publisher']}, <{c['url']}> ({c['reliability']})")
                else:
                    lines.append(f"- `{sid}`")
    return "\n".join(lines) + "\n"


def write_claims_tables(results: list[ClaimResult] | None, report_dir: str | Path) -> dict[str, Path]:
    """Write tables/claims.csv (one row per claim) and tables/claims.json under `report_dir`;
    nothing for claims not checked in this run (None: the file is about another pair)."""
    if results is None:
        return {}
    tables = Path(report_dir) / "tables"
    tables.mkdir(parents=True, exist_ok=True)
    csv_path, json_path = tables / "claims.csv", tables / "claims.json"
    csv_path.write_text(results_table(results).to_csv(index=False, lineterminator="\n"), encoding="utf-8")
    json_path.write_text(results_to_json_text(results), encoding="utf-8")
    return {"csv": csv_path, "json": json_path}
