"""Golden briefs and annexes: the documents of four pairs (and Belarus–China in Russian), compared
word for word with `tests/golden/<PAIR>[-<lang>]/`, so that a changed sentence shows as a diff.

The documents are built from library calls, as notebooks 01–06 make them (sections saved, then the
brief and the annex), without papermill. A golden file is rewritten only when the environment sets
`TRADEBRIEF_UPDATE_GOLDEN=1`; the test then still fails, so that an update is never silent.
"""
from __future__ import annotations

import difflib
import os
from pathlib import Path

import pytest

import tradebrief as tb
from tradebrief.report import sections
from tradebrief.report.annex import build_markdown as annex_markdown
from tradebrief.report.brief import build_markdown as brief_markdown

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("TRADEBRIEF_UPDATE_GOLDEN") == "1"
CASES = [("BLR", "CHN", "en"), ("CHN", "BLR", "en"), ("BLR", "DEU", "en"), ("BLR", "UKR", "en")]


def build_documents(reporter: str, partner: str, lang: str, folder: Path) -> dict[str, str]:
    """{'brief.md': text, 'annex.md': text} for one pair and language, built in `folder`."""
    ctx = tb.ReportContext.load(reporter=reporter, partner=partner)
    products = sections.products_section(ctx, None)
    for section in (sections.trade_section(ctx), sections.agreements_section(ctx), sections.corridor_section(ctx)):
        section.save(folder)
    return {"brief.md": brief_markdown(ctx, folder, products=products),
            "annex.md": annex_markdown(ctx, folder, products=products)}


def _name(reporter: str, partner: str, lang: str) -> str:
    return f"{reporter}-{partner}" + ("" if lang == "en" else f"-{lang}")


@pytest.fixture(scope="module", params=CASES, ids=[_name(*c) for c in CASES])
def documents(request, tmp_path_factory) -> tuple[str, dict[str, str]]:
    reporter, partner, lang = request.param
    name = _name(reporter, partner, lang)
    return name, build_documents(reporter, partner, lang, tmp_path_factory.mktemp(name))


@pytest.mark.parametrize("document", ["brief.md", "annex.md"])
def test_matches_golden(documents: tuple[str, dict[str, str]], document: str) -> None:
    name, texts = documents
    golden = GOLDEN / name / document
    text = texts[document]
    if UPDATE:
        golden.parent.mkdir(parents=True, exist_ok=True)
        before = golden.read_text(encoding="utf-8") if golden.is_file() else ""
        golden.write_text(text, encoding="utf-8")
        if before != text:
            pytest.fail(f"rewrote {golden.relative_to(GOLDEN.parent)}; review `git diff tests/golden` and rerun "
                        "without TRADEBRIEF_UPDATE_GOLDEN")
        return
    assert golden.is_file(), f"no golden file {golden}; write it with TRADEBRIEF_UPDATE_GOLDEN=1"
    expected = golden.read_text(encoding="utf-8")
    if text != expected:
        diff = "".join(difflib.unified_diff(expected.splitlines(keepends=True), text.splitlines(keepends=True),
                                            f"golden/{name}/{document}", "built", n=1))
        pytest.fail(f"{name}/{document} differs from its golden file (TRADEBRIEF_UPDATE_GOLDEN=1 rewrites it):\n"
                    + diff[:6000])
