"""Issue 25, class 10: a verdict follows from the evidence it shows, and one rule decides which of the
text's own sources may confirm it — on claims and data built here."""
from __future__ import annotations

import yaml

from test_claims_fixtures import agreement_row, event_row, frames
from tradebrief.claims import evaluate, load_claims


def _file(tmp_path, claims, **extra):
    path = tmp_path / "claims.yaml"
    path.write_text(yaml.safe_dump({"source": "a text", **extra, "claims": claims}, allow_unicode=True,
                                   sort_keys=False), encoding="utf-8")
    return load_claims(path)


SANCTIONS = [event_row("2004-05-24", "sanctions", "EU sanctions package"),
             event_row("2020-10-02", "sanctions", "EU sanctions after the election", source="ev-b")]


def test_a_claimed_start_with_earlier_records_is_contradicted_and_says_why(tmp_path):
    check = {"kind": "date", "dataset": "events", "category": "sanctions", "date": "2020", "since": True}
    r = evaluate(_file(tmp_path, [{"id": "c", "quote": "q", "check": check}]), frames(events=SANCTIONS))[0]
    assert r.verdict == "contradicted"
    assert "the earliest is dated 2004-05-24, before 2020, so it did not begin then" in r.by_side[0].summary
    # the same records without the earlier one: the start holds
    later = SANCTIONS[1:] + [event_row("2020-12-17", "sanctions", "More", source="ev-a")]
    ok = evaluate(_file(tmp_path, [{"id": "c", "quote": "q", "check": check}]), frames(events=later))[0]
    assert ok.verdict == "supported" and "earliest" not in ok.by_side[0].summary
    # a plain date check ("sanctions were imposed in 2020") is not a claimed start: records of 2020 support it
    plain = {k: v for k, v in check.items() if k != "since"}
    r = evaluate(_file(tmp_path, [{"id": "c", "quote": "q", "check": plain}]), frames(events=SANCTIONS))[0]
    assert r.verdict == "supported" and "earliest" not in r.by_side[0].summary


def test_since_takes_only_a_plain_date_comparison(tmp_path):
    import pytest

    from tradebrief.claims import ClaimsFileError
    check = {"kind": "date", "dataset": "events", "date": "2020", "since": True, "op": "<="}
    with pytest.raises(ClaimsFileError, match="since"):
        _file(tmp_path, [{"id": "c", "quote": "q", "check": check}])


DOCS = [{**agreement_row("2023-03-01", "Package worth USD 3.5 bn", value=3.5e9, text="$3.5 billion", source="agr-a"),
         "doc_type": "package", "value_kind": "contract_value"},
        agreement_row("2023-03-01", "Documents in trade and customs", sector="trade; customs", source="agr-b")]
WORTH = {"id": "worth", "quote": "worth 3.5 billion", "check": {
    "kind": "sum", "dataset": "agreements", "between": ["2023-02-28", "2023-03-02"], "totals_title_contains": "Package",
    "op": "~", "value": 3.5e9, "tolerance": 0.05}}
FIELDS = {"id": "fields", "quote": "in trade and customs", "check": {
    "kind": "membership", "dataset": "agreements", "between": ["2023-02-28", "2023-03-02"],
    "items": ["trade", "customs"]}}


def test_one_rule_for_the_texts_own_sources(tmp_path):
    """The text cites both records: the publisher's own statement (agr-a, official) still confirms it;
    the paraphrase it repeats (agr-b, secondary) is left out of every claim, not hand-picked per claim."""
    data = frames(agreements=DOCS)
    free = {r.id: r for r in evaluate(_file(tmp_path, [WORTH, FIELDS]), data)}
    assert free["worth"].verdict == "supported" and free["fields"].verdict == "supported"
    ruled = {r.id: r for r in evaluate(_file(tmp_path, [WORTH, FIELDS], cites=["agr-a", "agr-b"]), data)}
    assert ruled["worth"].verdict == "supported" and "agr-a" in ruled["worth"].source_ids
    assert ruled["fields"].verdict != "supported"
    assert any(e.startswith("left out") for s in ruled["fields"].by_side for e in s.evidence)
    assert "agr-b" not in [sid for s in ruled["fields"].by_side for sid in s.source_ids]


def test_the_seed_article_uses_one_rule_for_its_sources():
    """The seed file names what the article cites; no claim hand-excludes one of them."""
    from tradebrief.claims import claims_path
    from tradebrief.data.context import RunData

    spec = load_claims(claims_path())
    assert {"president-2fef77", "nanhai-en-42dfbe"} <= set(spec.cites)
    for claim in spec.claims:
        for chk in claim.all_checks:
            assert not set(getattr(chk, "exclude_sources", None) or []) & set(spec.cites), claim.id
    from tradebrief.claims.engine import repeated_sources
    assert repeated_sources(spec.cites, RunData.load()) == ["nanhai-en-42dfbe"]
