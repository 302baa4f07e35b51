"""Claim checks return reason codes with fields; one renderer words them in English and Russian.

Part of the metadata test: every reason code the shipped claims produce has a template in both
languages, and every template's fields are exactly the fields the result provides.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from tradebrief.claims import evaluate, load_claims
from tradebrief.data.context import RunData
from tradebrief.text import claims as text_claims
from tradebrief.text.catalog import CATALOGS, fields_of
from tradebrief.text.said import Said, Word, write

DATA = Path(__file__).resolve().parents[3] / "data" / "claims"
SRC = Path(__file__).resolve().parents[3] / "src" / "tradebrief"


@pytest.fixture(scope="module")
def results():
    data = RunData.load()
    return [r for f in sorted(DATA.glob("*.yaml")) for r in evaluate(load_claims(f), data)]


def _saids(results):
    for r in results:
        for s in [*r.by_side, *(r.latest_sides or [])]:
            for item in [s.reason, *s.facts, *([s.need] if s.need else [])]:
                yield from item.walk()


def test_every_reason_code_has_both_templates_and_its_fields(results):
    keys = set()
    for said in _saids(results):
        keys.add(said.key)
        for lang, catalog in CATALOGS.items():
            assert said.key in catalog, (said.key, lang)
            assert set(said.fields) == fields_of(catalog[said.key]), (said.key, lang, set(said.fields))
    assert len(keys) >= 40  # the shipped claims exercise most of the catalogue's claim phrases


def test_every_key_named_in_the_checks_exists():
    """Keys written literally in the claims package (f-string keys are covered by the walk above)."""
    text = "".join(p.read_text("utf-8") for p in (SRC / "claims").glob("*.py"))
    for key in re.findall(r'say\("([a-z_.<>=~]+)"', text):
        for lang, catalog in CATALOGS.items():
            assert key in catalog, (key, lang)


def test_a_side_carries_the_comparison_as_data(results):
    side = next(s for r in results if r.id == "trade-over-5bn-2022" for s in r.by_side if s.reporter == "BLR")
    assert side.reason.key == "claim.threshold.figure" and side.op == ">" and side.claimed == 5e9
    assert side.outcome is True and side.measured is not None and side.measured.lo > 5e9
    assert side.summary == write(side.reason) and side.summary.startswith("Belarus's own figures put 2022")


def test_the_same_results_read_in_russian(results):
    for r in results:
        ru = text_claims.explanation(r, "ru", with_note=False)  # the note is the claims file's own words
        assert ru and ru != text_claims.explanation(r, with_note=False)
        assert "own figures" not in ru and "the claimed" not in ru, ru
    md = text_claims.claims_markdown(results, lang="ru")
    assert "| утверждение | цитата | вердикт | по сторонам |" in md and "What would settle it" not in md


def test_english_words_are_written_once_from_the_data(results):
    for r in results:
        assert r.explanation == text_claims.explanation(r)
        assert r.needs == text_claims.claim_needs(r) and r.since == text_claims.since(r)
        assert text_claims.render_claim(r)["explanation"] == r.explanation


def test_results_pickle_for_the_run_cache(results):
    import pickle

    again = pickle.loads(pickle.dumps(results))
    assert [r.explanation for r in again] == [r.explanation for r in results]


def test_a_word_names_a_known_function():
    with pytest.raises(KeyError, match="no word function 'nope'"):
        Word("nope")
    assert write(Said("claim.since", {"date": "2023", "explanation": Word("usd", 5e9)}), "ru") == (
        "После 2023: $5\u00a0млрд")
