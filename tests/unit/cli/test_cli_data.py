"""`tradebrief data`: coverage on the snapshot, and one-line errors on bad folders."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tradebrief.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_data_shows_both_sides_for_2019_and_2022() -> None:
    result = run("data")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    header = next(line for line in lines if line.lstrip().startswith("BLR "))
    assert " CHN " in header and "the side whose figures they are" in result.output
    for year in ("2019", "2022"):
        row = next(line for line in lines if line.startswith(year + " "))
        # both sides have a turnover figure that year: two 'T ' cells in the row
        assert row.count("T ") >= 2, row
    assert "5.79" in next(line for line in lines if line.startswith("2022 "))
    assert "5.08" in next(line for line in lines if line.startswith("2022 "))
    assert "official_statistics" in result.output


@pytest.mark.parametrize("partner", ["CHN", "Russia"])
def test_data_fits_an_80_column_terminal(partner: str) -> None:
    """Every line within 80 characters: wide tables split their columns, descriptions wrap; nothing is cut."""
    result = run("data", "--partner", partner)
    assert result.exit_code == 0, result.output
    too_wide = [line for line in result.output.splitlines() if len(line) > 80]
    assert not too_wide, too_wide
    flat = " ".join(result.output.split())
    assert "beyond rounding, with the reason (shown in the brief)" in flat  # the longest description, whole


def test_data_other_partner_by_name() -> None:
    result = run("data", "--partner", "Russia")
    assert result.exit_code == 0, result.output
    assert "BLR–RUS" in result.output


def test_unknown_partner_is_a_usage_error() -> None:
    result = run("data", "--partner", "Chian")
    assert result.exit_code == 2
    assert result.output.strip() == "Error: unknown country 'Chian'; did you mean CHN (China)?"


def test_bad_folder_one_line_no_traceback(mini_data: Path) -> None:
    (mini_data / "raw" / "trade.csv").write_text("", encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "tradebrief", "data", "--data-dir", str(mini_data)],
                          check=False, capture_output=True, text=True)
    assert proc.returncode == 1
    assert "Traceback" not in proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ")
    assert "trade.csv" in lines[0]


def test_debug_shows_traceback(mini_data: Path) -> None:
    (mini_data / "raw" / "trade.csv").unlink()
    proc = subprocess.run([sys.executable, "-m", "tradebrief", "--debug", "data", "--data-dir", str(mini_data)],
                          check=False, capture_output=True, text=True)
    assert proc.returncode != 0
    assert "Traceback" in proc.stderr
