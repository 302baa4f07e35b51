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


def test_a_figure_span_reaching_past_the_run_is_not_checked_and_says_so(tmp_path) -> None:
    spec = _write(tmp_path, [
        {"id": "growth", "quote": "q", "check": {"kind": "growth", "dataset": "trade", "economy": "BLR",
                                                 "partner": "CHN", "flow": "turnover", "from_year": 2019,
                                                 "to_year": 2021, "measure": "cagr", "op": ">", "value": 0.1}}])
    trade = [trade_row(2019, "BLR", "BLR", "CHN", 2.7e9), trade_row(2021, "BLR", "BLR", "CHN", 4.0e9)]
    (growth,) = evaluate(spec, _data(2015, 2020, trade=trade))
    assert growth.verdict == OUTSIDE_RUN and growth.source_ids == []  # no 2021 figure read
    # 2019–2020 are the run's: never "outside this run's years" as if none were
    assert text_claims.short_reason(growth) == ("The claim is about 2019–2021, reaching past this run's years "
                                                "(2015–2020).")


SINCE = {"kind": "date", "dataset": "events", "category": "sanctions", "date": "2020", "since": True}


def test_a_claimed_start_inside_the_run_is_judged_on_the_runs_records(tmp_path) -> None:
    """'Since 2020' said in 2023 is about 2020–2023; 2020 is a 2015–2020 run's year, so the claim is
    judged (fact-checker, session 8: it was called "outside this run's years")."""
    spec = _write(tmp_path, [{"id": "since", "quote": "q", "check": SINCE}])
    assert claimed_years(spec.claims[0].all_checks[0], "2023-03-21") == (2020, 2023)
    in_run = event_row("2020-10-02", "sanctions", "EU first package")
    (since,) = evaluate(spec, _data(2015, 2020, events=[event_row("2004-04-10", "sanctions", "EU sanctions"), in_run]))
    assert since.verdict == "contradicted"  # the 2004 record is the run's data: the claimed start is wrong
    assert "2004" in text_claims.short_reason(since) and "outside" not in since.explanation
    (only,) = evaluate(spec, _data(2015, 2020, events=[in_run]))
    assert only.verdict == "supported"  # the run's records start in 2020, as claimed
    (before,) = evaluate(spec, _data(2010, 2019, events=[in_run]))
    assert before.verdict == OUTSIDE_RUN  # wholly after the run's years: not judged
    assert text_claims.short_reason(before) == "The claim is about 2020–2023, outside this run's years (2010–2019)."


def test_one_check_outside_the_run_keeps_the_whole_claim_unjudged(tmp_path) -> None:
    spec = _write(tmp_path, [{"id": "two", "quote": "q", "checks": [{**THRESHOLD, "year": 2017},
                                                                   {**THRESHOLD, "year": 2022}]}])
    (r,) = evaluate(spec, _data(2015, 2020, trade=[trade_row(2017, "BLR", "BLR", "CHN", 3.11e9)]))
    assert r.verdict == OUTSIDE_RUN and r.check_verdicts == ["supported", OUTSIDE_RUN]
