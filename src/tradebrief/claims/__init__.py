"""Check a text's claims against the data, claim by claim, with a verdict per reporting side.

    claims = load_claims("data/claims/seed_article.yaml")
    data = RunData.load()  # a run's data: parameters and frames (tradebrief.data.context)
    print(results_to_markdown(evaluate(claims, data), data.sources))

The claims file format is documented in docs/claims-format.md.
"""
from __future__ import annotations

from pathlib import Path

from tradebrief.analysis.intervals import APPROX_MARGIN, Interval, compare, from_figure
from tradebrief.claims.engine import (
    ALL_SOURCES,
    OUTSIDE_RUN,
    VERDICTS,
    CheckResult,
    ClaimResult,
    SideResult,
    evaluate,
    evaluate_claim,
    headline,
)
from tradebrief.claims.report import (
    results_table,
    results_to_json,
    results_to_json_text,
    results_to_markdown,
    write_claims_tables,
)
from tradebrief.claims.spec import (
    OPS,
    Claim,
    ClaimsFile,
    ClaimsFileError,
    load_claims,
    parse_claims,
)
from tradebrief.data.context import RunData
from tradebrief.data.folders import resolve_data_folder

SEED_CLAIMS = "claims/seed_article.yaml"


def claims_path(claims_file: str | Path | None = None, source: str = "snapshot") -> Path:
    """The claims file to read: the given path, else the seed's in the data folder of `source`."""
    if claims_file:
        return Path(claims_file)
    return resolve_data_folder(source) / SEED_CLAIMS


def evaluate_for_pair(claims: ClaimsFile, data: RunData, *, given: bool) -> list[ClaimResult] | None:
    """The claims' results for this run, or None when the file is about another pair
    (`ClaimsFile.applies_to`): the seed article's Belarus–China verdicts are not a Belarus–Germany
    run's, and its tables must not carry them."""
    return evaluate(claims, data) if claims.applies_to(data.pair, given=given) else None


__all__ = [
    "ALL_SOURCES",
    "APPROX_MARGIN",
    "OPS",
    "OUTSIDE_RUN",
    "SEED_CLAIMS",
    "VERDICTS",
    "CheckResult",
    "Claim",
    "ClaimResult",
    "ClaimsFile",
    "ClaimsFileError",
    "Interval",
    "RunData",
    "SideResult",
    "claims_path",
    "compare",
    "evaluate",
    "evaluate_claim",
    "evaluate_for_pair",
    "from_figure",
    "headline",
    "load_claims",
    "parse_claims",
    "results_table",
    "results_to_json",
    "results_to_json_text",
    "results_to_markdown",
    "write_claims_tables",
]
