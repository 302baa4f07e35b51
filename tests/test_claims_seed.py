"""End to end on the snapshot: the seed article's verdicts and a second text's, as an analyst signed them."""
from __future__ import annotations

from pathlib import Path

import pytest

from tradebrief.claims import RunData, evaluate, load_claims, results_to_json, results_to_markdown

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
pytestmark = pytest.mark.skipif(not (DATA / "raw" / "trade.csv").is_file(), reason="snapshot not built")

SEED_VERDICTS = {
    # 2022 turnover: Belarus-side US$5.79bn and China-side US$5.08bn both exceed 5bn.
    "trade-over-5bn-2022": ("supported", {"BLR": "supported", "CHN": "supported"}),
    # Belarus side: 4.617bn (2020) -> 5.79bn (2022) is +12% a year, far from 33%; China side has no
    # 2020 figure (and only "over 3.8bn" for 2021), so it cannot be computed.
    "growth-33pct-a-year-2021-2022": ("contradicted", {"BLR": "contradicted", "CHN": "not_checkable"}),
    # The Belarusian presidency states agreements and contracts worth $3.5bn; Snopkov's "more than
    # $3.5bn" (economic effect) is a floor and leaves it open, it does not contradict.
    "agreements-worth-3-5bn": ("supported", {"ALL": "supported"}),
    # The package recorded from the Xinhua-based report lists all eight sectors.
    "document-sectors": ("supported", {"ALL": "supported"}),
    "joint-declaration-all-weather": ("supported", {"ALL": "supported"}),
    "visit-date-2023-02-28": ("supported", {"ALL": "supported"}),
    "xi-unbreakable-friendship": ("supported", {"ALL": "supported"}),
    # Belarus-side 2022 rank 2 (<= 3); no China-side 2022 rank.
    "china-top-three-partner": ("supported", {"BLR": "supported", "CHN": "not_checkable"}),
    # Only a January 2018 count (15 routes) exists: a different year, so not checkable.
    "eight-rail-routes": ("not_checkable", {"ALL": "not_checkable"}),
    # Formal all-weather labels as of 21 March 2023: Pakistan (2015) and Belarus (2022) only.
    "all-weather-only-pakistan-2023": ("supported", {"ALL": "supported"}),
    # Since then Venezuela, Ethiopia, Uzbekistan and Hungary received one.
    "all-weather-only-pakistan-today": ("contradicted", {"ALL": "contradicted"}),
    "belarus-just-below-russia": ("not_checkable", {"ALL": "not_checkable"}),
    # Lukashenko's own claim to be among the first is not a comparison with other countries.
    "bri-early-participant": ("not_checkable", {"ALL": "not_checkable"}),
    # The 2013 announcement is not in the events table; never "contradicted" by other BRI events.
    "bri-announced-2013": ("not_checkable", {"ALL": "not_checkable"}),
    # UK/Canada (29 Sep 2020) and EU packages (Oct-Dec 2020).
    "sanctions-since-2020": ("supported", {"ALL": "supported"}),
    # War began 24 Feb 2022; UK (1 Mar) and EU (2 Mar 2022) sanctions followed.
    "sanctions-increased-after-2022-02-24": ("supported", {"ALL": "supported"}),
    # China's 12-point paper (24 Feb 2023) preceded the visit; BBC reports Lukashenko's support (1 Mar).
    "peace-plan-support": ("supported", {"ALL": "supported"}),
}


@pytest.fixture(scope="module")
def data() -> RunData:
    return RunData.load(source=str(DATA))


def test_seed_article_verdicts(data):
    results = evaluate(load_claims(DATA / "claims" / "seed_article.yaml"), data)
    got = {r.id: (r.verdict, {s.reporter: s.verdict for s in r.by_side}) for r in results}
    assert got == SEED_VERDICTS
    for r in results:
        assert r.source_ids or r.verdict == "not_checkable", r.id
        if r.verdict == "not_checkable":
            assert r.needs, r.id
    growth = next(r for r in results if r.id == "growth-33pct-a-year-2021-2022")
    assert "+12.0%" in growth.explanation and "2020" in growth.explanation
    md = results_to_markdown(results, data.sources)
    assert md == results_to_markdown(evaluate(load_claims(DATA / "claims" / "seed_article.yaml"), data),
                                     data.sources)


def test_second_text_snopkov(data):
    results = evaluate(load_claims(DATA / "claims" / "snopkov_2026_belta.yaml"), data)
    got = {r.id: r.verdict for r in results}
    assert got == {
        # The preferred Belarus-side 2015 figure is BelTA's infographic, $3,303m (goods, year
        # stated); Snopkov's own $2.5bn (year inferred) is only an alternative.
        "goods-trade-2015-2-5bn": "contradicted",
        # Recorded only from this statement (three language versions): supported, not independent.
        "goods-trade-jan-nov-2025-8-9bn": "supported",
        "china-share-11pct-2025": "supported",
        "china-share-doubled": "not_checkable",
        "second-partner-after-russia-2025": "supported",
    }
    first = results_to_json(results)[0]
    assert any("3303" in e or "US$3.30bn" in e for e in first["by_side"][0]["evidence"])
