"""No orphan number: every figure brief.md and annex.md print traces to the data, a computed table
cell or a source quote (issue 25), for Belarus–China, China–Belarus and the sub-range 2015–2020.

Slow: builds three briefs and annexes from the shipped snapshot (figures drawn, PDFs skipped).
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest
from number_trace import Pool, orphans, printed_numbers
from test_brief_content import _build

import tradebrief as tb
from tradebrief import analysis as an
from tradebrief.data.changes import check_changes
from tradebrief.report import rules, sections
from tradebrief.report.model import ReportModel
from tradebrief.text.numbers import difference

pytestmark = pytest.mark.slow

RUNS = {"BLR-CHN": ("BLR", "CHN", 2010, 2025), "CHN-BLR": ("CHN", "BLR", 2010, 2025),
        "BLR-CHN-2015-2020": ("BLR", "CHN", 2015, 2020)}


def _pool(ctx, folder: Path, annex: str) -> Pool:
    """Data rows, computed tables (saved and in memory), cited quotes, growth between held figures."""
    pool = Pool()
    for frame in (ctx.trade, ctx.partners, ctx.products, ctx.agreements, ctx.events, ctx.rail, ctx.labels, ctx.changes,
                  ctx.disagreements, ctx.sources):
        pool.add_frame(frame)
    for path in sorted((folder / "tables").glob("*.csv")):
        table = pd.read_csv(path)
        pool.add_frame(table)
        if {"export_usd", "import_usd"} <= set(table.columns):  # a balance as the report prints it
            for e, i in table[["export_usd", "import_usd"]].dropna().itertuples(index=False):
                pool.add(difference(float(e), float(i))[0])
    for section in (sections.agreements_section(ctx), sections.corridor_section(ctx)):
        for table in section.tables.values():
            pool.add_frame(table)
    checks = check_changes(ctx.trade, ctx.changes)
    for column in ("computed_lo", "computed_hi", "printed_lo", "printed_hi"):
        for ratio in checks[column].dropna():
            pool.add((ratio - 1) * 100)
    # printed rates chained over consecutive years, per year ("+29.8% to +30.4% a year")
    for _, group in checks.drop_duplicates(["period", "base_period", "reporter", "economy", "partner", "flow",
                                            "value"]).groupby(["reporter", "economy", "partner", "flow"]):
        rates = group[group["period"].str.fullmatch(r"\d{4}")].sort_values("period")
        for i in range(len(rates)):
            lo = hi = 1.0
            for n, (_, r) in enumerate(rates.iloc[i:].iterrows(), start=1):
                lo, hi = lo * r["printed_lo"], hi * r["printed_hi"]
                pool.add((lo ** (1 / n) - 1) * 100)
                pool.add((hi ** (1 / n) - 1) * 100)
    a, b = ctx.pair
    for _, group in an.pair_series(ctx.trade, a, b).groupby(["reporter", "flow", "scope"]):
        pool.add_growth(zip(group["year"], group["value_usd"], strict=True))
    # a flow implied by a total less the other flow, its balance and ratio, as the brief states them with
    # their arithmetic (rules.implied_flows: "an implied $2.6 bn ($8.44 bn total less $5.84 bn)")
    model = ReportModel.build(ctx)
    for side in ctx.pair:
        implied = rules.implied_flows(model, side)
        if implied is not None:
            sold, bought = implied["sold"]["value"], implied["bought"]["value"]
            pool.add(sold if implied["implied"]["which"] == "sold" else bought)
            pool.add(difference(sold, bought)[0])
            pool.add(abs(difference(sold, bought)[0]))
            pool.add(implied["ratio"])
    # counts of the annex's citations, by grade ("131 secondary source"): a page's entry holds the quote
    # of each fact cited from it, under the page's grade or, where its facts differ, each quote's own
    listed = annex.split("\n## Sources", 1)[-1].splitlines()
    for grade in ("official statistics", "official statement", "secondary source", "doubtful"):
        pool.add(sum(line.count("Quote (") if f"; {grade})." in line else len(re.findall(rf"Quote \(\w+; {grade}\)", line))
                     for line in listed))
    # the band of an approximate claim: the claimed figure ± its tolerance ("within 10% of the claimed
    # +33% (+29.7% to +36.3%)"), computed from the claims file
    from tradebrief import claims as claims_mod

    for claim in claims_mod.load_claims(claims_mod.claims_path()).claims:
        for chk in claim.all_checks:
            if getattr(chk, "op", None) == "~" and getattr(chk, "tolerance", None):
                scale = 100 if chk.kind == "growth" else 1
                pool.add(chk.value * (1 - chk.tolerance) * scale)
                pool.add(chk.value * (1 + chk.tolerance) * scale)
                pool.add(chk.tolerance * 100)
    return pool


@pytest.fixture(scope="module", params=sorted(RUNS))
def built(request, tmp_path_factory) -> dict:
    a, b, start, end = RUNS[request.param]
    ctx = tb.ReportContext.load(reporter=a, partner=b, start_year=start, end_year=end)
    out = _build(tmp_path_factory.mktemp(request.param.lower()), a, b, ctx=ctx)
    out["pool"] = _pool(ctx, out["dir"], out["annex"])
    return out


@pytest.mark.parametrize("document", ["brief", "annex"])
def test_every_printed_number_is_traced(built: dict, document: str) -> None:
    text = built[document]
    assert len(printed_numbers(text)) > 20  # the documents do print figures
    assert orphans(text, built["pool"]) == []


def test_a_number_from_nowhere_is_an_orphan(built: dict) -> None:
    """The trace can fail: a figure edited into the brief is found, whatever its kind."""
    edited = built["brief"].replace("## Key judgments", "## Key judgments\n\nTrade reached $6.23 bn, up 93.71%, "
                                    "with 12,345 TEU.\n", 1)
    assert orphans(edited, built["pool"]) == ["$6.23 bn", "93.71%", "12,345"]
