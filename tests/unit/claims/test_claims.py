"""The claims engine on small fixture folders: each kind, bounds, sides, tolerance edges, bad files."""
from __future__ import annotations

import json

import pytest

from test_claims_fixtures import (
    agreement_row,
    change_row,
    event_row,
    frames,
    label_row,
    make_data,
    partner_row,
    rail_row,
    trade_row,
    write_claims,
)
from tradebrief.claims import (
    ClaimsFileError,
    evaluate,
    load_claims,
    results_to_json,
    results_to_markdown,
)
from tradebrief.data.context import RunData
from tradebrief.errors import TradebriefError


def run(tmp_path, claims, **tables):
    tmp_path.mkdir(parents=True, exist_ok=True)
    return evaluate(load_claims(write_claims(tmp_path, claims)), frames(**tables))


def one(tmp_path, check, **tables):
    return run(tmp_path, [{"id": "c", "quote": "q", "check": check}], **tables)[0]


def side(result, reporter):
    return next(s for s in result.by_side if s.reporter == reporter)


THRESHOLD = {"kind": "threshold", "dataset": "trade", "economy": "BLR", "partner": "CHN", "flow": "turnover",
             "year": 2022, "op": ">", "value": 5.0e9}


# ---------------------------------------------------------------- threshold, sides, bounds

def test_threshold_both_sides_support(tmp_path):
    r = one(tmp_path, THRESHOLD, trade=[trade_row(2022, "BLR", "BLR", "CHN", 5.79e9),
                                        trade_row(2022, "CHN", "CHN", "BLR", 5.08e9, source="chn-stat")])
    assert r.verdict == "supported"
    assert [s.reporter for s in r.by_side] == ["BLR", "CHN"]
    assert side(r, "CHN").source_ids == ["chn-stat"]
    assert side(r, "CHN").summary == ("China's own figures put 2022 Belarus–China trade at $5.08 bn (goods), "
                                      "above the claimed $5 bn")


def test_sides_disagree_is_depends_on_source_and_explains_both(tmp_path):
    r = one(tmp_path, {**THRESHOLD, "value": 5.5e9},
            trade=[trade_row(2022, "BLR", "BLR", "CHN", 5.79e9),
                   trade_row(2022, "CHN", "CHN", "BLR", 5.08e9, source="chn-stat")])
    assert r.verdict == "depends_on_source"
    assert side(r, "BLR").verdict == "supported" and side(r, "CHN").verdict == "contradicted"
    assert r.explanation.startswith("It depends on whose figures: Belarus's own figures put")
    assert "$5.79 bn (goods), above the claimed $5.5 bn" in r.explanation
    assert "China's own figures put 2022 Belarus–China trade at $5.08 bn (goods), not above" in r.explanation


def test_missing_year_is_not_checkable_and_names_the_year(tmp_path):
    r = one(tmp_path, {**THRESHOLD, "year": 2021}, trade=[trade_row(2022, "BLR", "BLR", "CHN", 5.79e9)])
    assert r.verdict == "not_checkable"
    assert all(s.verdict == "not_checkable" for s in r.by_side)
    assert "2021" in r.needs and "Belarus's statistics" in r.needs


def test_one_side_decides_when_the_other_has_no_figure(tmp_path):
    r = one(tmp_path, THRESHOLD, trade=[trade_row(2022, "BLR", "BLR", "CHN", 5.79e9)])
    assert r.verdict == "supported"
    assert side(r, "CHN").verdict == "not_checkable"
    assert "No figure from China's side for 2022 Belarus–China trade is held." in r.explanation


@pytest.mark.parametrize("op,value,expected", [
    (">", 4.0e9, "supported"),          # over 5bn is certainly over 4bn
    (">", 6.0e9, "not_checkable"),      # over 5bn may or may not be over 6bn
    ("<", 4.0e9, "contradicted"),       # over 5bn cannot be under 4bn
    ("<", 6.0e9, "not_checkable"),
])
def test_lower_bound_figure(tmp_path, op, value, expected):
    r = one(tmp_path, {**THRESHOLD, "op": op, "value": value},
            trade=[trade_row(2022, "BLR", "BLR", "CHN", 5.0e9, bound="lower", text="over $5 billion")])
    assert side(r, "BLR").verdict == expected
    if expected == "not_checkable":
        assert "over $5 bn" in side(r, "BLR").summary and "only a lower bound" in side(r, "BLR").summary
        assert side(r, "BLR").needs


def test_upper_bound_figure_cannot_support_a_floor(tmp_path):
    rows = [trade_row(2022, "BLR", "BLR", "CHN", 6.0e9, bound="upper", text="nearly $6 billion")]
    assert side(one(tmp_path, THRESHOLD, trade=rows), "BLR").verdict == "not_checkable"
    assert side(one(tmp_path / "b", {**THRESHOLD, "op": "<", "value": 6.5e9}, trade=rows), "BLR").verdict == "supported"


@pytest.mark.parametrize("figure,expected", [
    (5.25e9, "supported"),       # exactly at the upper edge of ±5%
    (4.75e9, "supported"),       # exactly at the lower edge
    (5.2501e9, "contradicted"),  # just outside
    (4.7499e9, "contradicted"),
])
def test_tolerance_edges(tmp_path, figure, expected):
    r = one(tmp_path, {**THRESHOLD, "op": "~", "value": 5.0e9, "tolerance": 0.05},
            trade=[trade_row(2022, "BLR", "BLR", "CHN", figure)])
    assert side(r, "BLR").verdict == expected


def test_approx_figure_inside_and_across_the_tolerance(tmp_path):
    rows = [trade_row(2022, "BLR", "BLR", "CHN", 5.0e9, bound="approx")]  # about 5bn = 4.75..5.25bn
    inside = one(tmp_path, {**THRESHOLD, "op": "~", "value": 5.0e9, "tolerance": 0.05}, trade=rows)
    across = one(tmp_path / "b", {**THRESHOLD, "op": "~", "value": 5.0e9, "tolerance": 0.02}, trade=rows)
    assert side(inside, "BLR").verdict == "supported"
    assert side(across, "BLR").verdict == "not_checkable"


def test_preferred_figure_decides_and_alternatives_are_shown(tmp_path):
    rows = [trade_row(2022, "BLR", "BLR", "CHN", 5.9e9, source="unk-press", scope="unknown"),
            trade_row(2022, "BLR", "BLR", "CHN", 4.9e9, source="blr-stat")]
    r = one(tmp_path, THRESHOLD, trade=rows)
    blr = side(r, "BLR")
    assert blr.verdict == "contradicted"  # official statistics (4.9bn) outrank the press (5.9bn)
    assert blr.evidence[0].startswith("the figure used:") and "[blr-stat]" in blr.evidence[0]
    assert any("[unk-press]" in e and "support the claim" in e for e in blr.evidence[1:])
    assert blr.source_ids == ["blr-stat", "unk-press"]


def test_partner_side_is_read_as_the_mirror_flow(tmp_path):
    check = {**THRESHOLD, "flow": "export", "value": 1.0e9}
    rows = [trade_row(2022, "CHN", "CHN", "BLR", 1.5e9, flow="import", source="chn-stat"),
            trade_row(2022, "CHN", "CHN", "BLR", 0.5e9, flow="export", source="chn-stat")]
    r = one(tmp_path, check, trade=rows)
    assert side(r, "CHN").verdict == "supported"  # China's imports from Belarus = Belarus's exports


def test_unknown_side_only_when_no_stated_side_has_data(tmp_path):
    unk = trade_row(2022, "UNK", "BLR", "CHN", 7e9, source="unk-press")
    only_unk = one(tmp_path, THRESHOLD, trade=[unk])
    assert [s.reporter for s in only_unk.by_side] == ["UNK"]
    with_blr = one(tmp_path / "b", THRESHOLD, trade=[unk, trade_row(2022, "BLR", "BLR", "CHN", 5.79e9)])
    assert [s.reporter for s in with_blr.by_side] == ["BLR", "CHN"]


def test_reporter_restricts_to_one_side_and_period_matches_part_years(tmp_path):
    rows = [trade_row(2025, "BLR", "BLR", "CHN", 8.9e9, period="2025-01..2025-11", bound="rounded"),
            trade_row(2025, "CHN", "CHN", "BLR", 1e9, period="2025-01..2025-11", source="chn-stat")]
    check = {"kind": "threshold", "dataset": "trade", "reporter": "Belarus", "partner": "China",
             "period": "2025-01..2025-11", "op": "~", "value": 8.9e9, "tolerance": 0.01}
    r = one(tmp_path, check, trade=rows)
    assert [s.reporter for s in r.by_side] == ["BLR"] and r.verdict == "supported"


# ---------------------------------------------------------------- growth

GROWTH = {"kind": "growth", "dataset": "trade", "economy": "BLR", "partner": "CHN", "from_year": 2020,
          "to_year": 2022, "measure": "cagr", "op": "~", "value": 0.2, "tolerance": 0.01}


def test_growth_cagr_and_yoy_evidence(tmp_path):
    rows = [trade_row(2020, "BLR", "BLR", "CHN", 100e6), trade_row(2021, "BLR", "BLR", "CHN", 130e6),
            trade_row(2022, "BLR", "BLR", "CHN", 144e6)]
    r = one(tmp_path, GROWTH, trade=rows)
    blr = side(r, "BLR")
    assert blr.verdict == "supported"  # (144/100)^(1/2) - 1 = 20%
    evidence = " ".join(blr.evidence)
    assert "growth in 2021 from the figures: +30%" in evidence and "growth in 2022 from the figures: +10.8%" in evidence
    assert blr.summary.startswith("Belarus's own figures show +20% a year from 2020 to 2022 (goods: $100 m to $144 m)")
    yoy = one(tmp_path / "b", {**GROWTH, "measure": "yoy"}, trade=rows)
    assert side(yoy, "BLR").verdict == "contradicted"  # neither year is +20%


def test_growth_missing_year_names_it_and_sides_can_disagree(tmp_path):
    rows = [trade_row(2021, "BLR", "BLR", "CHN", 100e6), trade_row(2022, "BLR", "BLR", "CHN", 113e6),
            trade_row(2021, "CHN", "CHN", "BLR", 100e6, source="chn-stat"),
            trade_row(2022, "CHN", "CHN", "BLR", 133e6, source="chn-stat")]
    r = one(tmp_path, {**GROWTH, "from_year": 2021, "measure": "yoy", "value": 0.33, "tolerance": 0.05}, trade=rows)
    assert r.verdict == "depends_on_source"
    assert "Belarus's own figures show +13% in 2022 (goods), not within 5% of the claimed +33%" in r.explanation
    assert ("China's own figures show +33% in 2022 (goods), within 5% of the claimed +33% (+31.4% to +34.7%)"
            in r.explanation)
    gap = one(tmp_path / "b", {**GROWTH, "value": 0.13}, trade=rows)  # needs 2020, which neither side has
    assert gap.verdict == "not_checkable"
    assert all("2020" in s.summary for s in gap.by_side)


def test_growth_from_a_lower_bound_start_is_only_bounded_above(tmp_path):
    rows = [trade_row(2021, "CHN", "CHN", "BLR", 3.8e9, bound="lower", source="chn-stat"),
            trade_row(2022, "CHN", "CHN", "BLR", 5.08e9, source="chn-stat")]
    check = {**GROWTH, "from_year": 2021, "measure": "yoy", "value": 0.33, "tolerance": 0.1}
    r = one(tmp_path, check, trade=rows)
    assert side(r, "CHN").verdict == "not_checkable"
    assert "at most +33.7% in 2022" in side(r, "CHN").summary
    above = one(tmp_path / "b", {**check, "op": ">", "value": 0.5, "tolerance": None}, trade=rows)
    assert side(above, "CHN").verdict == "contradicted"  # at most +33.7%, so never above +50%


# ---------------------------------------------------------------- rank

RANK = {"kind": "rank", "dataset": "partners", "economy": "BLR", "partner": "CHN", "year": 2022,
        "op": "<=", "value": 3}


def test_rank_and_share(tmp_path):
    rows = [partner_row(2022, "BLR", "BLR", "CHN", 2, share="11")]
    assert one(tmp_path, RANK, partners=rows).verdict == "supported"
    assert one(tmp_path / "b", {**RANK, "value": 1}, partners=rows).verdict == "contradicted"
    share = {**RANK, "measure": "share_pct", "op": "~", "value": 11.5, "tolerance": 0.05}
    assert one(tmp_path / "c", share, partners=rows).verdict == "supported"
    assert one(tmp_path / "d", {**RANK, "year": 2019}, partners=rows).verdict == "not_checkable"


def test_rank_check_reads_the_standing_the_loader_prefers(tmp_path):
    """Issue 25, item 8: one preferred-standing rule. A share-backed rank 3 is preferred over a bare
    rank 2 from a higher-graded citation, in the loader and in the claim check alike."""
    rows = [partner_row(2020, "BLR", "BLR", "CHN", 2, source="blr-alt"),
            partner_row(2020, "BLR", "BLR", "CHN", 3, share="7.3", source="unk-press")]
    third = {**RANK, "year": 2020, "op": "==", "value": 3}
    r = one(tmp_path, third, partners=rows)
    assert r.verdict == "supported"
    assert side(r, "BLR").evidence[0].startswith("the figure used: 2020 China rank 3")
    assert any("other figure: 2020 China rank 2" in e for e in side(r, "BLR").evidence)
    loaded = frames(partners=rows).partners
    assert loaded.loc[loaded["preferred"], "rank"].tolist() == [3]


# ---------------------------------------------------------------- count

def test_rail_count_other_years_are_context_only(tmp_path):
    check = {"kind": "count", "dataset": "rail", "metric_contains": "routes", "unit": "routes", "year": 2023,
             "op": "==", "value": 8}
    r = one(tmp_path, check, rail=[rail_row(2018, "Container train routes crossing Belarus", 15, "routes")])
    assert r.verdict == "not_checkable"
    assert any("other year" in e and "15 routes" in e for e in r.by_side[0].evidence)
    hit = one(tmp_path / "b", check, rail=[rail_row(2023, "Container train routes", 8, "routes")])
    assert hit.verdict == "supported"


def test_rail_figures_that_disagree_depend_on_source(tmp_path):
    check = {"kind": "count", "dataset": "rail", "metric_contains": "trains", "unit": "trains", "year": 2021,
             "op": ">=", "value": 100}
    rows = [rail_row(2021, "transit trains A", 90, "trains", bound="range", high=95),
            rail_row(2021, "transit trains B", 120, "trains", source="rail-b")]
    assert one(tmp_path, check, rail=rows).verdict == "depends_on_source"


@pytest.mark.parametrize("n,op,value,expected", [
    (3, ">=", 1, "supported"),
    (3, "==", 8, "not_checkable"),   # three recorded does not show there were not eight
    (9, "==", 8, "contradicted"),    # nine recorded shows there were more than eight
    (0, ">=", 1, "not_checkable"),
])
def test_event_count_is_a_lower_bound(tmp_path, n, op, value, expected):
    rows = [event_row(f"2020-1{i % 3}-0{i % 9 + 1}", "sanctions", f"Package {i}") for i in range(n)]
    rows.append(event_row("2019-01-01", "visit", "Unrelated visit"))
    check = {"kind": "count", "dataset": "events", "category": "sanctions",
             "between": ["2020-01-01", "2020-12-31"], "op": op, "value": value}
    assert one(tmp_path, check, events=rows).verdict == expected


# ---------------------------------------------------------------- date

DATE = {"kind": "date", "dataset": "events", "category": "visit", "title_contains": ["Lukashenko", "China"],
        "date": "2023-02-28"}


@pytest.mark.parametrize("event_date,expected", [
    ("2023-02-28", "supported"),
    ("2023-03-05", "contradicted"),
    ("2023-02", "not_checkable"),  # month only: cannot confirm the day
])
def test_date(tmp_path, event_date, expected):
    rows = [event_row(event_date, "visit", "Lukashenko state visit to China")]
    assert one(tmp_path, DATE, events=rows).verdict == expected


def test_date_without_matching_event_is_not_checkable_never_contradicted(tmp_path):
    rows = [event_row("2015-05-10", "bri", "Belarus backs Silk Road Economic Belt")]
    r = one(tmp_path, {"kind": "date", "dataset": "events", "category": "bri", "title_contains": "announce",
                       "date": "2013"}, events=rows)
    assert r.verdict == "not_checkable" and r.needs


# ---------------------------------------------------------------- membership

LABELS = [label_row("PAK", "all-weather strategic cooperative partnership", "formal", "2015-04-20"),
          label_row("BLR", "all-weather comprehensive strategic partnership", "formal", "2022-09-15"),
          label_row("VEN", "all-weather strategic partnership", "formal", "2023-09-13"),
          label_row("ZMB", "all-weather friends", "rhetoric", ""),
          label_row("RUS", "comprehensive strategic partnership (NOT all-weather)", "negative_check", "")]
MEMBERS = {"kind": "membership", "dataset": "labels", "label_contains": "all-weather", "members": ["Pakistan", "BLR"],
           "op": "=="}


def test_label_membership_as_of_a_date_and_today(tmp_path):
    then = one(tmp_path, {**MEMBERS, "as_of": "2023-03-21"}, labels=LABELS)
    now = one(tmp_path / "b", {**MEMBERS, "as_of": "latest"}, labels=LABELS)
    assert then.verdict == "supported"       # Zambia's is rhetoric, Venezuela's came later
    assert now.verdict == "contradicted"
    assert "given a formal 'all-weather' label to Belarus, Pakistan and Venezuela, so not only Belarus and Pakistan" in now.explanation
    assert "it gave one later to Venezuela" in then.explanation
    neg = one(tmp_path / "c", {**MEMBERS, "members": ["RUS"], "op": ">="}, labels=LABELS)
    assert neg.verdict == "contradicted"     # a negative check is positive evidence of absence


def test_label_with_unclear_date_leaves_only_claim_open(tmp_path):
    rows = LABELS[:2] + [label_row("ETH", "all-weather strategic partnership", "formal", "")]
    assert one(tmp_path, {**MEMBERS, "as_of": "2023-03-21"}, labels=rows).verdict == "not_checkable"


def test_sector_membership(tmp_path):
    rows = [agreement_row("2023-03-01", "Package of documents", sector="trade; industry; S&T; health"),
            agreement_row("2023-03-01", "Tourism memorandum", sector="tourism; sports"),
            agreement_row("2019-01-01", "Old customs deal", sector="customs")]
    check = {"kind": "membership", "dataset": "agreements", "between": ["2023-02-28", "2023-03-02"],
             "items": ["trade", "industry", ["science and technology", "S&T"], "health", "sports"]}
    assert one(tmp_path, check, agreements=rows).verdict == "supported"
    missing = one(tmp_path / "b", {**check, "items": ["trade", "customs"]}, agreements=rows)
    assert missing.verdict == "not_checkable" and "customs" in missing.needs  # the 2019 deal is outside


# ---------------------------------------------------------------- sum

SUM = {"kind": "sum", "dataset": "agreements", "between": ["2023-02-28", "2023-03-02"],
       "totals_title_contains": "Package", "op": "~", "value": 3.5e9, "tolerance": 0.05}


def test_sum_stated_totals(tmp_path):
    exact = agreement_row("2023-03-02", "Package: 27 agreements", value=3.5e9,
                          text="почти четыре десятка соглашений на $3,5 млрд")
    over = agreement_row("2023-03-01", "Package, economic effect", value=3.5e9, text="более чем в $3,5 млрд",
                         source="agr-b")
    assert one(tmp_path, SUM, agreements=[exact, over]).verdict == "supported"
    assert one(tmp_path / "b", SUM, agreements=[over]).verdict == "not_checkable"  # 'more than' is a floor
    low = agreement_row("2023-03-01", "Package B", value=2.0e9, text="$2 billion", source="agr-b")
    assert one(tmp_path / "c", SUM, agreements=[exact, low]).verdict == "depends_on_source"


def test_a_stated_total_equal_to_the_claim_is_said_equal_not_near(tmp_path):
    """$3.5 bn against a claimed ~$3.5 bn is 'equal to' it (fact-checker, session 8), not 'within 5% of';
    a total inside the band but not equal keeps 'within 5% of'."""
    from tradebrief.text import claims as text_claims

    exact = agreement_row("2023-03-02", "Package: 27 agreements", value=3.5e9, text="$3.5 billion")
    same = one(tmp_path, SUM, agreements=[exact])
    assert text_claims.short_reason(same) == "The stated total is $3.5 bn, equal to the claimed $3.5 bn."
    assert "equal to the claimed $3.5 bn" in same.explanation and "within" not in same.explanation
    assert "равно заявленным" in text_claims.short_reason(same, "ru")
    near = one(tmp_path / "b", SUM, agreements=[{**exact, "value_usd": 3.4e9, "value_text": "$3.4 billion"}])
    assert near.verdict == "supported" and "within 5% of the claimed $3.5 bn" in text_claims.short_reason(near)


def test_sum_of_documents_is_a_lower_bound(tmp_path):
    docs = [agreement_row("2023-03-01", "Loan A", value=2.0e9), agreement_row("2023-03-01", "Loan B", value=2.0e9)]
    assert one(tmp_path, SUM, agreements=docs).verdict == "contradicted"   # at least 4bn, not ~3.5bn
    assert one(tmp_path / "b", SUM, agreements=docs[:1]).verdict == "not_checkable"
    assert one(tmp_path / "c", SUM, agreements=[agreement_row("2019-01-01", "Old", value=1e9)]).verdict == "not_checkable"


# ---------------------------------------------------------------- not_checkable, several checks, output

def test_not_checkable_kind_carries_needs_and_context(tmp_path):
    claim = {"id": "bri", "quote": "q", "needs": "dates countries joined the BRI",
             "check": {"kind": "not_checkable", "context": {"dataset": "events", "category": "bri"}}}
    r = run(tmp_path, [claim], events=[event_row("2015-05-10", "bri", "Belarus backs SREB")])[0]
    assert r.verdict == "not_checkable" and r.needs == "dates countries joined the BRI"
    assert r.by_side[0].evidence[0].startswith("related, not decisive: 2015-05-10")


def test_several_checks_all_must_hold(tmp_path):
    ok = {"kind": "count", "dataset": "events", "category": "visit", "op": ">=", "value": 1}
    open_ = {"kind": "count", "dataset": "events", "category": "war", "op": ">=", "value": 1}
    bad = {**DATE, "date": "2023-03-05"}
    r = run(tmp_path, [{"id": "a", "quote": "q", "checks": [ok, open_]},
                       {"id": "b", "quote": "q", "checks": [ok, bad]}])
    assert [x.verdict for x in r] == ["not_checkable", "contradicted"]
    assert [s.check for s in r[0].by_side] == [1, 2]


def test_json_and_markdown_output(tmp_path):
    folder = make_data(tmp_path, trade=[trade_row(2022, "BLR", "BLR", "CHN", 5.79e9)])
    data = RunData.load(source=str(folder), require_data=False)
    claims = load_claims(write_claims(tmp_path, [{"id": "t", "quote": "over 5bn", "check": THRESHOLD}]))
    out = results_to_json(evaluate(claims, data))
    assert set(out[0]) >= {"id", "quote", "verdict", "by_side", "explanation", "source_ids"}
    assert set(out[0]["by_side"][0]) >= {"reporter", "verdict", "evidence", "source_ids"}
    json.dumps(out)
    md = results_to_markdown(evaluate(claims, data), data.sources)
    assert md == results_to_markdown(evaluate(claims, data), data.sources)
    assert "| t | over 5bn | **supported** |" in md
    assert "`blr-stat`: Publisher blr-stat, <https://example.org/blr-stat>" in md


# ---------------------------------------------------------------- malformed files

def _bad(tmp_path, claim, *, extra=None):
    claims = [claim] + (extra or [])
    with pytest.raises(ClaimsFileError) as info:
        load_claims(write_claims(tmp_path, claims, name="seed.yaml"))
    assert isinstance(info.value, TradebriefError)
    return str(info.value)


def test_bad_op_names_claim_and_field(tmp_path):
    msg = _bad(tmp_path, {"id": "trade-over-5bn", "quote": "q", "check": {**THRESHOLD, "op": "=>"}})
    assert msg == ("claims file seed.yaml, claim 'trade-over-5bn', field 'check.op': "
                   "'=>' is not one of > >= < <= == ~")


@pytest.mark.parametrize("claim,field,words", [
    ({"id": "c1", "check": THRESHOLD}, "'quote'", "missing"),
    ({"id": "c1", "quote": "q", "check": {**THRESHOLD, "kind": "guess"}}, "'check.kind'", "'guess' is not one of"),
    ({"id": "c1", "quote": "q", "check": {**THRESHOLD, "dataset": "events"}}, "'check.dataset'",
     "'events' is not one of trade"),
    ({"id": "c1", "quote": "q", "check": {**THRESHOLD, "partner": "Chian"}}, "'check.partner'",
     "unknown country 'Chian'"),
    ({"id": "c1", "quote": "q", "check": {**THRESHOLD, "op": "~"}}, "'check.tolerance'", "required when op is '~'"),
    ({"id": "c1", "quote": "q", "check": {"kind": "not_checkable"}}, "'needs'", "required"),
    ({"id": "c1", "quote": "q", "checks": [THRESHOLD, {**THRESHOLD, "year": "x"}]}, "'checks.1.year'", "integer"),
])
def test_malformed_claims(tmp_path, claim, field, words):
    msg = _bad(tmp_path, claim)
    assert "claim 'c1'" in msg and f"field {field}" in msg and words in msg


def test_duplicate_id_and_missing_file(tmp_path):
    claim = {"id": "dup", "quote": "q", "check": THRESHOLD}
    assert "claim 'dup', field 'id': duplicate id" in _bad(tmp_path, claim, extra=[claim])
    with pytest.raises(ClaimsFileError, match=r"nope\.yaml not found"):
        load_claims(tmp_path / "nope.yaml")


# ---------------------------------------------------------------- scope, printed rates, text date, self-citation

def test_a_claim_value_that_is_not_finite_is_refused_naming_file_and_field(tmp_path):
    for bad in (".nan", ".inf", "-.inf"):
        path = tmp_path / f"c{bad.strip('.-')}.yaml"
        path.write_text("source: t\nclaims:\n  - id: c\n    quote: q\n    check:\n      kind: threshold\n"
                        "      dataset: trade\n      economy: BLR\n      partner: CHN\n      year: 2022\n"
                        f"      op: '>'\n      value: {bad}\n", encoding="utf-8")
        with pytest.raises(ClaimsFileError) as err:
            load_claims(path)
        assert str(err.value).startswith(f"claims file {path.name}, claim 'c', field 'check.value':")
        assert "finite" in str(err.value) and "\n" not in str(err.value)


def test_growth_never_joins_two_scopes_and_a_claim_may_name_its_scope(tmp_path):
    rows = [trade_row(2020, "BLR", "BLR", "CHN", 4.617e9), trade_row(2022, "BLR", "BLR", "CHN", 5.79e9),
            trade_row(2020, "BLR", "BLR", "CHN", 5.4e9, scope="goods_and_services", source="blr-alt"),
            trade_row(2022, "BLR", "BLR", "CHN", 9.0e9, scope="goods_and_services", source="blr-alt")]
    check = {**GROWTH, "value": 0.12, "tolerance": 0.05}
    goods = side(one(tmp_path, check, trade=rows), "BLR")
    assert goods.verdict == "supported" and "(goods: $4.62 bn to $5.79 bn)" in goods.summary
    wide = side(one(tmp_path / "b", {**check, "scope": "goods_and_services"}, trade=rows), "BLR")
    assert wide.verdict == "contradicted" and "goods and services: $5.4 bn to $9 bn" in wide.summary
    mixed = [rows[0], rows[3]]  # 2020 goods, 2022 goods and services: a break, never a growth
    broken = side(one(tmp_path / "c", check, trade=mixed), "BLR")
    assert broken.verdict == "not_checkable" and "scope changes" in broken.summary


def test_printed_rates_are_evidence_beside_computed_growth(tmp_path):
    rows = [trade_row(2020, "BLR", "BLR", "CHN", 4.617e9), trade_row(2022, "BLR", "BLR", "CHN", 5.79e9),
            trade_row(2022, "CHN", "CHN", "BLR", 5.08e9, source="chn-stat")]
    printed = [change_row(2021, "CHN", "CHN", "BLR", 27.3), change_row(2022, "CHN", "CHN", "BLR", 33)]
    r = one(tmp_path, {**GROWTH, "value": 0.33, "tolerance": 0.1}, trade=rows, changes=printed)
    assert r.verdict == "depends_on_source"
    assert side(r, "BLR").verdict == "contradicted" and side(r, "CHN").verdict == "supported"
    assert "China's printed rates are +27.3% for 2021 and +33% for 2022 (goods)" in r.explanation
    assert "chn-stat" in side(r, "CHN").source_ids
    # a printed rate that disagrees with the side's own figures makes that side depend on the source
    own = [*rows, trade_row(2020, "CHN", "CHN", "BLR", 4.9e9, source="chn-stat")]  # +1.8% a year computed
    split = one(tmp_path / "b", {**GROWTH, "value": 0.33, "tolerance": 0.1}, trade=own, changes=printed)
    assert side(split, "CHN").verdict == "depends_on_source"
    # rates of two scopes are never chained
    mixed = [change_row(2021, "CHN", "CHN", "BLR", 27.3, scope="goods_and_services"), printed[1]]
    open_ = one(tmp_path / "c", {**GROWTH, "value": 0.33, "tolerance": 0.1}, trade=rows, changes=mixed)
    assert side(open_, "CHN").verdict == "not_checkable"
    assert any("no printed rate in one scope" in e for e in side(open_, "CHN").evidence)


def test_a_claim_is_judged_at_its_text_date_and_says_what_changed_since(tmp_path):
    claim = {"id": "c", "quote": "only Pakistan and Belarus", "check": {k: v for k, v in MEMBERS.items()}}
    path = write_claims(tmp_path, [claim])
    text = path.read_text(encoding="utf-8").replace("source: a text\n", "source: a text\ndate: '2023-03-21'\n")
    path.write_text(text, encoding="utf-8")
    r = evaluate(load_claims(path), frames(labels=LABELS))[0]
    assert (r.verdict, r.as_of, r.since_verdict) == ("supported", "2023-03-21", "contradicted")
    assert r.since.startswith("Since 2023-03-21: Today, China has given") and "Venezuela" in r.since
    (tmp_path / "b").mkdir()
    later = evaluate(load_claims(write_claims(tmp_path / "b", [claim])), frames(labels=LABELS))[0]
    assert (later.verdict, later.as_of, later.since) == ("contradicted", None, None)


def test_events_after_the_text_date_are_not_known_to_it(tmp_path):
    events = [event_row("2023-02-28", "visit", "Lukashenko state visit to China"),
              event_row("2023-12-04", "visit", "Lukashenko visit to China again", source="ev-b")]
    claim = {"id": "c", "quote": "two visits", "check": {"kind": "count", "dataset": "events", "category": "visit",
                                                         "op": ">=", "value": 2}}
    path = write_claims(tmp_path, [claim])
    path.write_text(path.read_text(encoding="utf-8").replace("source: a text\n", "source: a text\ndate: '2023-03-21'\n"),
                    encoding="utf-8")
    r = evaluate(load_claims(path), frames(events=events))[0]
    assert r.verdict == "not_checkable" and r.since_verdict == "supported"


def test_the_text_cannot_confirm_itself(tmp_path):
    rows = [trade_row(2016, "BLR", "BLR", "CHN", 2.5e9, source="unk-press", inferred=True),
            trade_row(2017, "BLR", "BLR", "CHN", 3.11e9, source="blr-alt", scope="unknown")]
    printed = [change_row(2017, "BLR", "BLR", "CHN", 20.5, scope="unknown", source="blr-alt")]
    check = {**THRESHOLD, "year": 2016, "op": "~", "value": 2.5e9, "tolerance": 0.05}
    plain = side(one(tmp_path, check, trade=rows, changes=printed), "BLR")
    assert plain.verdict == "supported" and "[unk-press]" in plain.evidence[0]
    r = side(one(tmp_path / "b", {**check, "exclude_sources": ["unk-press"]}, trade=rows, changes=printed), "BLR")
    assert r.verdict == "supported" and "apart from the text itself" in r.summary
    assert "implied by a printed rate" in r.summary and "$2.58 bn" in r.summary
    assert "blr-alt" in r.source_ids and "unk-press" not in r.source_ids
    alone = side(one(tmp_path / "c", {**check, "exclude_sources": ["unk-press"]}, trade=rows[:1]), "BLR")
    assert alone.verdict == "not_checkable" and any(e.startswith("left out") for e in alone.evidence)


def test_growth_leaves_out_the_text_itself(tmp_path):
    rows = [trade_row(2020, "BLR", "BLR", "CHN", 4.617e9), trade_row(2022, "BLR", "BLR", "CHN", 5.79e9, source="unk-press")]
    printed = [change_row(2021, "BLR", "BLR", "CHN", 10, source="unk-press"),
               change_row(2022, "BLR", "BLR", "CHN", 13, source="unk-press")]
    check = {**GROWTH, "value": 0.12, "tolerance": 0.05}
    assert side(one(tmp_path, check, trade=rows, changes=printed), "BLR").verdict == "supported"
    r = side(one(tmp_path / "b", {**check, "exclude_sources": ["unk-press"]}, trade=rows, changes=printed), "BLR")
    assert r.verdict == "not_checkable" and "unk-press" not in r.source_ids


def test_a_since_claim_names_the_earlier_records(tmp_path):
    """Issue 25, item 10: 'facing sanctions since 2020' beside sanctions from 2004 says the start is wrong."""
    rows = [event_row("2004-05-24", "sanctions", "EU sanctions package"),
            event_row("2020-10-02", "sanctions", "EU sanctions after the election", source="ev-b")]
    check = {"kind": "date", "dataset": "events", "category": "sanctions", "date": "2020", "since": True}
    r = one(tmp_path, check, events=rows)
    assert "the earliest is dated 2004-05-24, before 2020, so it did not begin then" in r.by_side[0].summary
    assert r.verdict == "contradicted"  # the verdict follows the evidence it shows
    only = one(tmp_path / "b", check, events=rows[1:] + [event_row("2020-12-17", "sanctions", "More", source="ev-a")])
    assert "earliest" not in only.by_side[0].summary


def test_a_decided_claim_needs_nothing_and_lists_every_source_it_shows(tmp_path):
    """Issue 25, item 11: no `needs` on a supported claim; evidence citations are in source_ids."""
    rows = [partner_row(2022, "BLR", "BLR", "CHN", 2)]
    r = one(tmp_path, RANK, partners=rows)
    assert r.verdict == "supported" and r.needs is None
    assert any(s.verdict == "not_checkable" and s.needs for s in r.by_side)  # the side's own gap stays told
    from tradebrief.claims.results import ClaimResult, SideResult
    shown = ClaimResult("c", "q", "not_checkable", [SideResult("BLR", "not_checkable", "s",
                        ["left out (the text itself): 2021 ... [sb-by-37f240; belta-deu-142954]"], [])], "e", None, None)
    assert shown.source_ids == ["belta-deu-142954", "sb-by-37f240"]


def test_an_explanation_names_what_it_set_aside_and_shows_a_bound_as_a_bound(tmp_path):
    """Issue 25, item 11: a figure of another scope is named as set aside, not 'no figure held'; a
    ceiling implied from 'over 113%' reads 'at most $5.15 bn', never '$0 to $5.15 bn'."""
    check = {**THRESHOLD, "year": 2021, "scope": "goods", "value": 5.0e9}
    wider = [trade_row(2021, "BLR", "BLR", "CHN", 5.9e9, scope="goods_and_services", source="blr-alt")]
    r = side(one(tmp_path, check, trade=wider), "BLR")
    assert r.verdict == "not_checkable" and "1 of another scope set aside" in r.summary
    assert any(e.startswith("set aside (another scope than the claim's goods)") and "$5.9 bn" in e for e in r.evidence)
    rows = [trade_row(2022, "BLR", "BLR", "CHN", 5.79e9)]
    rate = [change_row(2022, "BLR", "BLR", "CHN", 113, measure="pct_of_base", bound="lower", source="blr-stat")]
    implied = side(one(tmp_path / "b", check, trade=rows, changes=rate), "BLR")
    line = next(e for e in implied.evidence if "implied:" in e)
    assert "implied: at most $5.15 bn" in line and "$0" not in line
