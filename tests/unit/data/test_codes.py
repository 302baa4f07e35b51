"""The metadata test: every code in the snapshot is in its table, every table entry is worded in both
languages, and validation takes its allowed values from the tables (doc_type included)."""
from __future__ import annotations

import pandas as pd
import pytest

from tradebrief.data import codes, load, schema
from tradebrief.data.countries import is_iso3


@pytest.fixture(scope="module")
def snapshot() -> dict[str, pd.DataFrame]:
    return {name: load.load_table(name) for name in schema.TABLES}


def test_every_code_in_the_snapshot_is_in_its_table(snapshot):
    checked = 0
    for table in codes.TABLES.values():
        for column in table.columns:
            for name, frame in snapshot.items():
                if column not in frame.columns:
                    continue
                if (table is not codes.SIDE and column in schema.FIELDS
                        and schema.field_for(schema.TABLES[name], column).allowed is None):
                    continue  # rail's `scope` is free text, not the coded scope
                values = {str(v) for v in frame[column].dropna()}
                if table is codes.SIDE:
                    values = {v for v in values if not is_iso3(v)}
                assert values <= set(table.codes()), (name, column, values - set(table.codes()))
                checked += 1
    assert checked >= 15  # flow, bound, scope, basis, doc_type, value_kind, category, measure, reporter …
    grades = set(load.load_sources()["reliability"])
    assert grades <= set(codes.RELIABILITY.codes())


def test_every_entry_is_worded_in_both_languages():
    for table in codes.TABLES.values():
        forms = table.forms()
        for entry in table.entries:
            assert entry.description.strip(), (table.name, entry.code)
            for lang in codes.LANGS:
                if table is not codes.BOUND:  # a bound's label is its qualifier, empty for exact figures
                    assert entry.word(lang).strip(), (table.name, entry.code, lang)
                for form in forms - {"label"}:
                    if form in entry.forms:
                        assert entry.word(lang, form).strip(), (table.name, entry.code, form, lang)
        if table is codes.SIDE:  # every side code has every form: a sentence may need any of them
            assert all(set(e.forms) == forms - {"label"} for e in table.entries)
    assert all(codes.BOUND.label(b, lang, "name") for b in codes.BOUND.codes() for lang in codes.LANGS)


def test_validation_takes_its_allowed_values_from_the_tables():
    assert schema.FIELDS["doc_type"].allowed == codes.DOC_TYPE.codes()
    assert schema.FIELDS["category"].allowed == codes.EVENT_CATEGORY.codes()
    assert schema.FIELDS["flow"].allowed == codes.FLOW.codes()
    assert set(schema.BOUNDS) | {"range"} == set(codes.BOUND.codes())
    bad = load.load_table("agreements").head(2).copy()
    bad.loc[bad.index[0], "doc_type"] = "treaty"
    with pytest.raises(Exception, match="doc_type"):
        schema.pandera_schema(schema.TABLES["agreements"]).validate(bad)


def test_a_code_outside_its_table_is_named():
    with pytest.raises(KeyError, match="'treaty' is not a doc_type code; expected one of joint_statement"):
        codes.DOC_TYPE.label("treaty")
