"""Hostile articles: markup, a 1 MB line, no numbers, binary, wrong encoding, missing, empty. Each gives
one clear line (an `Error:` or the `Drafted ...` summary), never a traceback, in bounded time, and a
drafted file always loads with the claims loader."""
from __future__ import annotations

import time

import pytest
from click.testing import CliRunner

from tradebrief.claims import load_claims
from tradebrief.cli import main


def run(*args: str):
    result = CliRunner().invoke(main, ["claims", "draft", *args])
    lines = result.output.strip().splitlines()
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert len(lines) == 1 and "Traceback" not in result.output, result.output
    return result, lines[0]


def test_markup_is_stripped_and_the_quote_is_the_texts_words(tmp_path):
    article = tmp_path / "a.html"
    article.write_text("<html><head><title>x</title><script>var t = '$9 billion';</script></head><body>"
                       "<p>In 2022, trade between <b>Belarus</b> and China reached $5.79&nbsp;billion.</p>"
                       "<p onclick=\"alert(1)\">Published 2023-03-21</p></body></html>", encoding="utf-8")
    result, line = run(str(article), "-o", str(tmp_path / "c.yaml"), "--date", "2023-03-21")
    assert result.exit_code == 0 and line.startswith("Drafted 1 claims from a.html")
    (claim,) = load_claims(tmp_path / "c.yaml").claims
    assert claim.quote == "In 2022, trade between Belarus and China reached $5.79\u00a0billion."
    assert claim.check.value == 5.79e9  # the script's $9 billion is not text


def test_one_megabyte_single_line_is_read_in_bounded_time(tmp_path):
    article = tmp_path / "big.txt"
    article.write_text(("Belarus–China trade grew by 33% to $5.79 billion in 2022 and " * 20_000)[:1_048_576],
                       encoding="utf-8")
    start = time.perf_counter()
    result, line = run(str(article), "-o", str(tmp_path / "c.yaml"), "--date", "2023-03-21")
    assert time.perf_counter() - start < 60  # ~3 s on the shared 2-core VM; quadratic work would take minutes
    assert result.exit_code == 0 and "first 100,000 characters only" in line
    load_claims(tmp_path / "c.yaml")


def test_no_numbers_at_all_gives_an_empty_file_that_loads(tmp_path):
    article = tmp_path / "words.txt"
    article.write_text("Belarus and China are friends. They talk often.\n", encoding="utf-8")
    result, line = run(str(article), "-o", str(tmp_path / "c.yaml"))
    assert result.exit_code == 0 and line.startswith("Drafted 0 claims (no checkable statement found)")
    assert load_claims(tmp_path / "c.yaml").claims == []


@pytest.mark.parametrize(("content", "expected"), [
    (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "is binary (a NUL byte at byte 8)"),
    ("Товарооборот 5,79 млрд долларов".encode("cp1251"), "is not UTF-8 (byte 0"),
])
def test_binary_and_wrong_encoding_are_one_error_line(tmp_path, content, expected):
    article = tmp_path / "bad.txt"
    article.write_bytes(content)
    result, line = run(str(article))
    assert result.exit_code == 2 and line.startswith("Error: article bad.txt ") and expected in line


def test_missing_and_empty_files(tmp_path):
    result, line = run(str(tmp_path / "absent.txt"))
    assert result.exit_code == 2 and line.startswith("Error: article") and "absent.txt not found" in line
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result, line = run(str(empty), "-o", str(tmp_path / "c.yaml"))
    assert result.exit_code == 0 and line.startswith("Drafted 0 claims")


def test_bad_date_and_country_are_one_error_line(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("In 2022, trade between Belarus and China reached $5.79 billion.", encoding="utf-8")
    result, line = run(str(article), "--date", "21.03.2023")
    assert result.exit_code == 2 and line.startswith("Error: --date '21.03.2023' is not a date")
    result, line = run(str(article), "--reporter", "Atlantis", "--partner", "CHN")
    assert result.exit_code == 2 and line.startswith("Error: ") and "Atlantis" in line


def test_the_file_can_be_printed_and_the_check_command_still_takes_a_file(tmp_path):
    article = tmp_path / "a.txt"
    article.write_text("In 2022, trade between Belarus and China reached $5.79 billion.", encoding="utf-8")
    printed = CliRunner().invoke(main, ["claims", "draft", str(article), "-o", "-", "--date", "2023-03-21"])
    assert printed.exit_code == 0 and "kind: threshold" in printed.output
    claims = tmp_path / "c.yaml"
    claims.write_text(printed.output, encoding="utf-8")
    assert load_claims(claims).claims[0].id == "turnover-5-79bn-2022"
