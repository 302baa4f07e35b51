"""The brief's line on which tables a user's folder took from the shipped snapshot, in both languages."""
from __future__ import annotations

from tradebrief.text.brief import snapshot_tables_note, source_name_ru


def test_the_note_names_the_tables_in_words_and_is_empty_without_any() -> None:
    assert snapshot_tables_note([]) == ""
    assert snapshot_tables_note(["partners", "rail"]) == "; partner ranks and rail figures from the shipped snapshot"
    ru = snapshot_tables_note(["partners", "rail"], "ru")
    assert "места партнёров" in ru and "железнодорожные показатели" in ru and "snapshot" not in ru


def test_a_user_folder_is_named_not_its_absolute_path_in_russian() -> None:
    assert source_name_ru("/home/analyst/secret/mydata") == "папка данных mydata"
