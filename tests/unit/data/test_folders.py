"""`data.folders.report_folder`: a notebook's report_dir, defaulted inside the project, refused when it is a file."""
from __future__ import annotations

from pathlib import Path

import pytest

from tradebrief.data.folders import LAB_REPORT, report_folder
from tradebrief.errors import UsageError


def test_a_given_folder_is_kept_and_an_empty_one_lands_in_the_project() -> None:
    assert report_folder("/tmp/somewhere") == Path("/tmp/somewhere")
    assert report_folder("").parts[-len(Path(LAB_REPORT).parts):] == Path(LAB_REPORT).parts


def test_a_file_as_report_dir_is_one_usage_error_naming_it(tmp_path: Path) -> None:
    target = tmp_path / "brief.md"
    target.write_text("not a folder", encoding="utf-8")
    with pytest.raises(UsageError, match=r"report_dir '.*brief\.md' is a file, not a folder"):
        report_folder(str(target))
