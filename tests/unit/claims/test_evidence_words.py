"""The claims output's evidence lines speak plainly (issue 24, item 7): never the data's internal words
("preferred:", "mirrored", "unstated-scope", a bound's or a code's raw name such as 'exact', 'lower',
'unknown', 'official', 'goods_and_services'), in the CLI's Markdown and JSON, in English and Russian."""
from __future__ import annotations

import json
import re

import pytest

from conftest import REPO, SNAPSHOT
from tradebrief.claims import evaluate, load_claims, results_to_json_text, results_to_markdown
from tradebrief.data import codes
from tradebrief.data.context import RunData
from tradebrief.text.said import Word, write

CLAIMS_FILES = sorted((SNAPSHOT / "claims").glob("*.yaml")) + sorted(
    (REPO / "tests" / "fixtures" / "articles").glob("*.claims.yaml"))
#: Words a reader should never meet in an evidence line (English and Russian).
INTERNAL = re.compile(r"\bpreferred\b|\bmirror(?:ed)?\b|unstated|основная цифра|основание:|\bbasis\b"
                      r"|\((?:exact|rounded|approx|lower|upper|range);|\bunknown\b|[a-z]_[a-z]")


@pytest.fixture(scope="module")
def data() -> RunData:
    return RunData.load(source=str(SNAPSHOT), require_data=False)


def _evidence_lines(doc: list[dict]) -> list[str]:
    return [line for claim in doc for line in [claim["explanation"], *([claim["needs"]] if claim["needs"] else [])]
            ] + [line for claim in doc for side in claim["by_side"] for line in [side["summary"], *side["evidence"]]]


def _without_ids(line: str) -> str:
    """A line without its bracketed source ids and quoted source words (those are the data's, as printed)."""
    line = re.sub(r"\\?\[[^\]]*\\?\]\s*$", "", line)
    return re.sub(r"'[^']*'|«[^»]*»|“[^”]*”|\([^()]*[\u4e00-\u9fff][^()]*\)", "", line)


@pytest.mark.parametrize("path", CLAIMS_FILES, ids=lambda p: p.stem)
@pytest.mark.parametrize("lang", ["en", "ru"])
def test_evidence_lines_hold_no_internal_words(data: RunData, path, lang: str) -> None:
    results = evaluate(load_claims(path), data)
    lines = _evidence_lines(json.loads(results_to_json_text(results, lang)))
    assert lines
    bad = [line for line in lines if INTERNAL.search(_without_ids(line))]
    assert not bad, bad
    md = results_to_markdown(results, data.sources, lang)
    bullets = [line for line in md.splitlines() if line.startswith("  - ")]
    assert not [line for line in bullets if INTERNAL.search(_without_ids(line))]


def test_the_figure_used_is_named_as_such(data: RunData) -> None:
    results = evaluate(load_claims(SNAPSHOT / "claims" / "seed_article.yaml"), data)
    doc = json.loads(results_to_json_text(results, "en"))
    lines = _evidence_lines(doc)
    assert any(line.startswith("the figure used: 2022 Belarus–China trade") and "(as published; goods;" in line
               for line in lines), lines
    ru = _evidence_lines(json.loads(results_to_json_text(results, "ru")))
    assert any(line.startswith("использованная цифра: ") for line in ru), ru


@pytest.mark.parametrize("lang", ["en", "ru"])
def test_every_code_a_line_can_name_reads_in_words(lang: str) -> None:
    """Each bound, scope and basis code, through the word functions the evidence uses, is words, never the
    code (a new code without words shows up here)."""
    for bound in codes.BOUND.codes():
        shown = write(Word("bound_name", bound), lang)
        assert shown and shown not in ("exact", "approx", "lower", "upper", "range"), (bound, shown)
    for table in ("scope", "basis"):
        for code in codes.TABLES[table].codes():
            for fn in ("code_raw", "code_as_is"):
                shown = write(Word(fn, table, code), lang)
                assert shown == codes.TABLES[table].label(code, lang) and "_" not in shown, (fn, code, shown)
    assert write(Word("code_raw", "scope", "unknown"), "en") == "scope not stated"
    assert write(Word("bound_name", "exact"), "en") == "as published"
