"""Claim reasons a reader cannot misread (issue 25, class 11), on data built here.

An approximate claim names its tolerance ("within 10% of the claimed +33%", the band's ends in the
annex), never "in line with" a different number; a field found only in the source the text repeats is
said to be so; a count that finds nothing names what it looked for; an open claim of several checks
shows what its other checks found.
"""
from __future__ import annotations

from test_claims_fixtures import agreement_row, event_row, frames, trade_row
from tradebrief.claims import evaluate, load_claims
from tradebrief.text import claims as text_claims


def _run(tmp_path, claims: list[dict], **tables):
    import yaml

    tmp_path.mkdir(parents=True, exist_ok=True)
    path = tmp_path / "claims.yaml"
    path.write_text(yaml.safe_dump({"source": "a text", "date": "2023-03-21", "claims": claims}), encoding="utf-8")
    return evaluate(load_claims(path), frames(**tables))


def test_an_approximate_claim_names_its_tolerance_and_band(tmp_path) -> None:
    check = {"kind": "growth", "dataset": "trade", "economy": "BLR", "partner": "CHN", "flow": "turnover",
             "from_year": 2020, "to_year": 2022, "measure": "cagr", "op": "~", "value": 0.33, "tolerance": 0.1}
    trade = [trade_row(2020, "BLR", "BLR", "CHN", 3.0e9), trade_row(2022, "BLR", "BLR", "CHN", 5.1e9)]
    (r,) = _run(tmp_path, [{"id": "g", "quote": "q", "check": check}], trade=trade)
    assert r.verdict == "supported"  # +30.4% a year, inside +29.7% … +36.3%
    short = text_claims.short_reason(r)
    assert "in line with" not in short and "in line with" not in r.explanation
    assert short.endswith("+30.4% a year in 2020–2022, within 10% of the claimed +33%.")
    (low,) = _run(tmp_path / "b", [{"id": "g", "quote": "q", "check": check}],
                  trade=[trade[0], trade_row(2022, "BLR", "BLR", "CHN", 5.0e9)])  # +29.1% a year
    assert low.verdict == "contradicted" and "not the claimed +33%" in text_claims.short_reason(low)
    assert "not within 10% of the claimed +33% (+29.7% to +36.3%)" in low.explanation
    assert "(+29.7% to +36.3%)" in r.explanation and "+29.7%" not in short  # the band's ends: annex only
    ru = text_claims.short_reason(r, "ru")
    assert "в пределах 10\xa0% от заявленных +33\xa0%" in ru and "10,0" not in ru


def test_a_field_only_in_the_texts_own_source_is_said_so(tmp_path) -> None:
    visit = ["2023-02-28", "2023-03-02"]
    check = {"kind": "membership", "dataset": "agreements", "between": visit, "items": ["trade", "health", "sports"]}
    rows = [agreement_row("2023-03-01", "Package", sector="trade; health", source="agr-b"),
            agreement_row("2023-03-01", "Health memorandum", sector="health", source="agr-a")]
    import yaml

    path = tmp_path / "claims.yaml"
    path.write_text(yaml.safe_dump({"source": "t", "date": "2023-03-21", "cites": ["agr-b"],
                                    "claims": [{"id": "s", "quote": "q", "check": check}]}), encoding="utf-8")
    (r,) = evaluate(load_claims(path), frames(agreements=rows))
    short = text_claims.short_reason(r)
    assert r.verdict == "not_checkable"
    assert "1 of the 3 fields claimed" in short
    assert "“trade” only in the source the text cites" in short  # not "in no record": it is, in the text's own
    assert "“sports” in no record" in short


def test_a_count_that_finds_nothing_names_what_it_looked_for_and_an_open_claim_shows_its_other_checks(tmp_path) -> None:
    checks = [{"kind": "date", "dataset": "events", "category": "war", "title_contains": "12-point",
               "date": "2023-02-28", "op": "<="},
              {"kind": "count", "dataset": "events", "category": "war", "between": ["2023-02-28", "2023-03-02"],
               "actors_contains": "Lukashenko", "title_contains": "12-point", "op": ">=", "value": 1}]
    events = [event_row("2023-02-24", "war", "China publishes 12-point paper", actors="China")]
    (r,) = _run(tmp_path, [{"id": "p", "quote": "q", "checks": checks}], events=events)
    short = text_claims.short_reason(r)
    assert r.verdict == "not_checkable"
    assert short.startswith("The records date it 2023-02-24, on or before 2023-02-28; ")  # the other check's finding
    assert short.endswith("no event on record matches (“12-point”, “Lukashenko”, 2023-02-28 to 2023-03-02).")
