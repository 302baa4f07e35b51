"""text.catalog: one template per phrase and language, with the same fields in every language."""
from __future__ import annotations

import pytest

from tradebrief.text.catalog import CATALOGS, EN, fields_of, phrase


def test_every_phrase_is_written_in_every_language_with_the_same_fields():
    for lang, catalog in CATALOGS.items():
        assert set(catalog) == set(EN), lang
        for key, template in catalog.items():
            assert fields_of(template) == fields_of(EN[key]), (lang, key)


def test_a_missing_phrase_or_field_fails_at_once():
    with pytest.raises(KeyError, match=r"no phrase 'no\.such'"):
        phrase("no.such")
    with pytest.raises(KeyError):
        phrase("claim.since", "en", date="2023")  # explanation missing


def test_templates_fill_their_fields():
    assert phrase("claim.since", "en", date="2023-03-21", explanation="x.") == "Since 2023-03-21: x."
    assert phrase("claim.since", "ru", date="2023-03-21", explanation="x.") == "После 2023-03-21: x."
