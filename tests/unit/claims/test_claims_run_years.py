"""A claim is checked only with the run's years (issue 25, item 2 of the claims session).

A 2015–2020 run must not judge a claim about 2022 against 2022 figures: every check whose claimed
years fall outside the run's says so ("outside this run's years"), and one inside is judged as before.
"""
from __future__ import annotations

from dataclasses import replace

from test_claims_fixtures import event_row, frames, trade_row
from tradebrief.claims import OUTSIDE_RUN, evaluate, load_claims
from tradebrief.claims.engine import claimed_years
from tradebrief.data.params import RunParameters
from tradebrief.text import claims as text_claims

THRESHOLD = {"kind": "threshold", "dataset": "trade", "economy": "BLR", "partner": "CHN", "flow": "turnover",
             "op": ">", "value": 3.0e9}


def _write(tmp_path, claims: list[dict]):
    import yaml

    path = tmp_path / "claims.yaml"
    path.write_text(yaml.safe_dump({"source": "a text", "date": "2023-03-21", "claims": claims}), encoding="utf-8")
    return load_claims(path)


def _data(start: int, end: int, **tables):
    data = frames(**tables)
    return replace(data, params=RunParameters.create("BLR", "CHN", start, end))


def test_a_claim_about_a_year_outside_the_run_is_not_checked_against_it(tmp_path) -> None:
    trade = [trade_row(2017, "BLR", "BLR", "CHN", 3.11e9), trade_row(2022, "BLR", "BLR", "CHN", 5.79e9)]
    spec = _write(tmp_path, [{"id": "in", "quote": "q", "check": {**THRESHOLD, "year": 2017}},
                             {"id": "out", "quote": "q", "check": {**THRESHOLD, "year": 2022}}])
    inside, outside = evaluate(spec, _data(2015, 2020, trade=trade))
    assert inside.verdict == "supported"  # 2017 is the run's: judged on its figure
    assert outside.verdict == OUTSIDE_RUN and outside.source_ids == []  # no 2022 figure read
    assert text_claims.short_reason(outside) == ("The claim is about 2022, outside this run's years (2015–2020).")
    assert "5.79" not in outside.explanation
    full = evaluate(spec, _data(2010, 2025, trade=trade))  # the whole range judges both
    assert [r.verdict for r in full] == ["supported", "supported"]


def test_a_span_or_a_claimed_start_reaching_past_the_run_is_outside_it(tmp_path) -> None:
    spec = _write(tmp_path, [
        {"id": "growth", "quote": "q", "check": {"kind": "growth", "dataset": "trade", "economy": "BLR",
                                                 "partner": "CHN", "flow": "turnover", "from_year": 2019,
                                                 "to_year": 2021, "measure": "cagr", "op": ">", "value": 0.1}},
        {"id": "since", "quote": "q", "check": {"kind": "date", "dataset": "events", "category": "sanctions",
                                                "date": "2020", "since": True}}])
    growth, since = evaluate(spec, _data(2015, 2020, events=[event_row("2004-04-10", "sanctions", "EU sanctions")]))
    assert growth.verdict == since.verdict == OUTSIDE_RUN
    assert since.since_verdict is None and since.since is None  # nor judged "since" on the latest records
    assert claimed_years(spec.claims[1].all_checks[0], "2023-03-21") == (2020, 2023)  # since 2020, said in 2023
    assert "about 2020–2023" in text_claims.short_reason(since)


def test_one_check_outside_the_run_keeps_the_whole_claim_unjudged(tmp_path) -> None:
    spec = _write(tmp_path, [{"id": "two", "quote": "q", "checks": [{**THRESHOLD, "year": 2017},
                                                                   {**THRESHOLD, "year": 2022}]}])
    (r,) = evaluate(spec, _data(2015, 2020, trade=[trade_row(2017, "BLR", "BLR", "CHN", 3.11e9)]))
    assert r.verdict == OUTSIDE_RUN and r.check_verdicts == ["supported", OUTSIDE_RUN]
