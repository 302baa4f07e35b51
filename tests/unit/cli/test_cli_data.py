"""`tradebrief data`: coverage on the snapshot, and one-line errors on bad folders."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from tradebrief.cli import main


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def _rows(output: str, year: int) -> dict[str, str]:
    """The coverage rows of a year, by side: {'Belarus': '2022  Belarus  $5.79 bn ...'}."""
    rows = [line for line in output.splitlines() if line.startswith(f"{year}  ")]
    return {line[6:].split("  ", 1)[0].strip(): line for line in rows}


def test_data_shows_both_sides_for_2019_and_2022() -> None:
    result = run("data")
    assert result.exit_code == 0, result.output
    assert "year  side" in result.output and "turnover" in result.output
    for year in (2019, 2022):
        assert {"Belarus", "China"} <= set(_rows(result.output, year)), year  # both sides have a figure
    assert "$5.79 bn" in _rows(result.output, 2022)["Belarus"]
    assert "$5.08 bn" in _rows(result.output, 2022)["China"]
    assert "official statistics" in result.output and "official_statistics" not in result.output


def test_data_prints_money_as_the_brief_does() -> None:
    """Money through text.numbers.usd: bounds in words, no zeros that rounding added ('over $8 bn', never
    '8.00' or '>8.00'), millions as millions; no letter codes or ISO codes for a reader to decode."""
    output = run("data").output
    assert "over $8 bn" in _rows(output, 2024)["Belarus"]
    assert "$2.5 bn" in _rows(output, 2016)["Belarus"] and "$2.50" not in output
    assert "$920 m" in _rows(output, 2012)["China"]  # China's exports to Belarus: Belarus's imports
    table = output.split("Trade Belarus–China", 1)[1].split("Citations by", 1)[0]
    assert not re.search(r"\d\.\d0\b|[<>~]\d|\bT \d|\bBLR\b|\bCHN\b|preferred", table), table


def test_a_partners_exports_are_the_economys_imports() -> None:
    """Exports and imports read the same way whoever reports them: China's own exports to Belarus
    ($1.15 bn in 2018) stand under Belarus's imports, beside the turnover."""
    row = _rows(run("data").output, 2018)["China"]
    assert _money_cells(row) == ["$1.72 bn", "$570 m", "$1.15 bn"], row


def _money_cells(row: str) -> list[str]:
    return re.findall(r"(?:over |almost |about )?\$[\d.,]+(?: bn| m)?", row)


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
    assert "Trade Belarus–Russia" in result.output and "BLR–RUS" not in result.output


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
