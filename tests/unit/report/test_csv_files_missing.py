"""`report.csv_files.csv_text` on string columns that hold only missing values (a user's folder with no
value_kind for its agreements): written as empty cells, not a TypeError from pandas."""
from __future__ import annotations

import pandas as pd

from tradebrief.report.csv_files import csv_text


def test_an_all_missing_string_column_is_written_as_empty_cells() -> None:
    table = pd.DataFrame({"title": ["=SUM(A1)", "b"], "value_kind": pd.Series([None, None], dtype="str")})
    text = csv_text(table)
    assert text.splitlines() == ["title,value_kind", "'=SUM(A1),", "b,"]
