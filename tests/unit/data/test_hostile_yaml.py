"""Issue 12, class 4: hostile YAML is refused fast, in one short line, in every YAML input.

Each hostile document is fed to the three readers that take YAML from users (sources.yaml of a
data folder, a claims file, a batch file); each must refuse it within seconds with one line that
names the file and echoes no more than a short excerpt.
"""
from __future__ import annotations

import time
from pathlib import Path

import pytest

from tradebrief.claims import load_claims
from tradebrief.data.load import load_sources
from tradebrief.data.yaml_safe import EXCERPT_CHARS, YamlLimits, excerpt, parse_yaml
from tradebrief.errors import DataError, TradebriefError
from tradebrief.run.batch import MAX_RUNS, load_batch

LAUGH = "x" * 200  # a long scalar: an error that echoes the expansion would be huge


def alias_bomb(top: str) -> str:
    lines = [f'a0: &a0 ["{LAUGH}", "{LAUGH}", "{LAUGH}", "{LAUGH}", "{LAUGH}", "{LAUGH}", "{LAUGH}", "{LAUGH}"]']
    lines += [f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * 9) + "]" for i in range(1, 10)]
    return "\n".join(lines) + f"\n{top}: *a9\n"


HOSTILE = {
    "alias bomb": (alias_bomb("sources"), "alias bomb"),
    "deep flow nesting": ("sources: " + "[" * 100_000 + "]" * 100_000 + "\n", "nest"),
    "deep block nesting": ("".join("  " * i + f"k{i}:\n" for i in range(300)) + "  " * 300 + "v: 1\n", "nested more than"),
    "5000-digit integer": ("sources:\n  a:\n    year: " + "9" * 5000 + "\n", "integer of 5000 digits"),
    "duplicate key": ("sources:\n  a: {publisher: x}\n  a: {publisher: y}\n", "duplicate key 'a'"),
    "duplicate nested key": ("runs:\n  - {partner: RUS, partner: CHN}\nsources: {}\nclaims: []\n", "duplicate key 'partner'"),
    "recursive alias": ("sources: &s\n  a: *s\n", "contains it"),
    "undefined alias": ("sources: *nowhere\n", "no anchor"),
}


def _sources_folder(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "data"
    (folder / "raw").mkdir(parents=True, exist_ok=True)
    (folder / "sources.yaml").write_text(text, encoding="utf-8")
    return folder


def _readers(tmp_path: Path, text: str):
    yield "sources.yaml", lambda: load_sources(_sources_folder(tmp_path, text))
    claims = tmp_path / "claims.yaml"
    claims.write_text(text, encoding="utf-8")
    yield "claims.yaml", lambda: load_claims(claims)
    batch = tmp_path / "runs.yml"
    batch.write_text(text, encoding="utf-8")
    yield "runs.yml", lambda: load_batch(batch)


@pytest.mark.parametrize("case", sorted(HOSTILE))
def test_hostile_yaml_refused_fast_in_one_short_line(tmp_path: Path, case: str) -> None:
    text, expected = HOSTILE[case]
    for name, read in _readers(tmp_path, text):
        started = time.perf_counter()
        with pytest.raises(TradebriefError) as info:
            read()
        seconds = time.perf_counter() - started
        message = str(info.value)
        assert seconds < 5, (case, name, seconds)
        assert "\n" not in message, (case, name, message)
        assert name in message, (case, name, message)
        assert expected in message, (case, name, message)
        assert len(message) < 400, (case, name, len(message))
        assert LAUGH not in message


def test_limits_on_size_and_aliases() -> None:
    small = YamlLimits(max_bytes=100, max_aliases=2)
    with pytest.raises(DataError, match="at most 100 are accepted"):
        parse_yaml("a: " + "b" * 200, name="big.yaml", error=DataError, limits=small)
    with pytest.raises(DataError, match="more than 2 aliases"):
        parse_yaml("a: &a 1\nb: [*a, *a, *a]\n", name="many.yaml", error=DataError, limits=small)


def test_oversized_file_refused_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "claims.yaml"
    with path.open("wb") as handle:  # sparse: 20 MB on paper, nothing on disk
        handle.truncate(20 * 1024 * 1024)
    with pytest.raises(TradebriefError, match=r"20,971,520 bytes; at most"):
        load_claims(path)


def test_ordinary_yaml_still_reads() -> None:
    doc = parse_yaml("base: &b {x: 1, y: [1, 2]}\nthing:\n  <<: *b\n  x: 2\nbig: 12345678901234567890\n",
                     name="ok.yaml", error=DataError)
    assert doc == {"base": {"x": 1, "y": [1, 2]}, "thing": {"x": 2, "y": [1, 2]}, "big": 12345678901234567890}


def test_shipped_yaml_files_pass() -> None:
    repo = Path(__file__).resolve().parents[3]
    assert len(load_sources(repo / "data")) > 100
    load_claims(repo / "data" / "claims" / "seed_article.yaml")
    for batch in (repo / "notebooks" / "runs").glob("*.yml"):
        load_batch(batch)


def test_grid_counted_before_expansion(tmp_path: Path) -> None:
    years = list(range(2010, 2026))
    text = ("grid:\n  partner: [" + ", ".join(["RUS"] * 100) + "]\n"
            f"  start_year: {years}\n  end_year: {years}\n  label: [" + ", ".join(f"l{i}" for i in range(100)) + "]\n")
    path = tmp_path / "runs.yml"
    path.write_text(text, encoding="utf-8")
    started = time.perf_counter()
    with pytest.raises(TradebriefError, match=f"more than {MAX_RUNS} combinations"):
        load_batch(path)
    assert time.perf_counter() - started < 2


def test_excerpt_is_short_even_for_huge_values() -> None:
    huge = {"k": ["v" * 10_000] * 10_000}
    assert len(excerpt(huge)) <= EXCERPT_CHARS
    assert len(excerpt("x" * 10_000)) <= EXCERPT_CHARS
    assert excerpt("short") == "'short'"
