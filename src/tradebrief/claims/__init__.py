"""Check a text's claims against the data, claim by claim, with a verdict per reporting side.

    claims = load_claims("data/claims/seed_article.yaml")
    results = evaluate(claims, ClaimData.load())
    print(results_to_markdown(results, ClaimData.load().sources))

The claims file format is documented in docs/claims-format.md.
"""
from __future__ import annotations

from pathlib import Path

from tradebrief.analysis.intervals import APPROX_MARGIN, Interval, compare, from_figure
from tradebrief.claims.engine import (
    ALL_SOURCES,
    VERDICTS,
    CheckResult,
    ClaimData,
    ClaimResult,
    SideResult,
    data_dir_for,
    evaluate,
    evaluate_claim,
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
from tradebrief.data.load import default_data_dir

SEED_CLAIMS = "claims/seed_article.yaml"


def claims_path(claims_file: str | Path | None = None, source: str = "snapshot") -> Path:
    """The claims file to read: the given path, else the seed's in the data folder of `source`."""
    if claims_file:
        return Path(claims_file)
    folder = data_dir_for(source)
    return Path(folder if folder is not None else default_data_dir()) / SEED_CLAIMS


__all__ = [
    "ALL_SOURCES",
    "APPROX_MARGIN",
    "OPS",
    "SEED_CLAIMS",
    "VERDICTS",
    "CheckResult",
    "Claim",
    "ClaimData",
    "ClaimResult",
    "ClaimsFile",
    "ClaimsFileError",
    "Interval",
    "SideResult",
    "claims_path",
    "compare",
    "data_dir_for",
    "evaluate",
    "evaluate_claim",
    "from_figure",
    "load_claims",
    "parse_claims",
    "results_table",
    "results_to_json",
    "results_to_json_text",
    "results_to_markdown",
    "write_claims_tables",
]
