"""The brief in Russian: the same figures and citations as the English one, and no English sentence
outside quotes, source titles and commands.

Built from library calls (as `test_golden` builds the documents), for Belarus–China in both languages.
"""
from __future__ import annotations

import re
from pathlib import Path

import pytest
from test_golden import build_documents

#: English function words: one of them outside a quote or a source title means an English phrase slipped in.
STOP_WORDS = {"the", "of", "and", "to", "in", "is", "are", "was", "were", "from", "by", "with", "for", "on", "at",
              "as", "that", "this", "which", "not", "no", "only", "over", "about", "its", "their", "has", "have",
              "than", "since", "each", "all", "per", "into", "figures", "figure", "trade", "year", "years", "side",
              "sides", "scope", "stated", "up", "down", "or", "but", "be", "an", "a"}


def english_words(markdown: str) -> list[str]:
    """Latin-script function words, in lower case, in the brief's prose: before the Sources list, outside
    «quotes», “quotes”, code spans, links' targets, anchors and citation superscripts. Lower case only,
    because a proper name (Trade Data Monitor, CEPII BACI) is not a sentence; an English clause always
    holds lower-case function words."""
    body = markdown.split("\n## Источники", 1)[0].split("\n## Sources", 1)[0]
    for pattern in (r"<sup>.*?</sup>", r"<a [^>]*></a>", r"\]\([^)]*\)", r"`[^`]*`", r"«[^»]*»", r"“[^”]*”"):
        body = re.sub(pattern, " ", body)
    return [w for w in re.findall(r"[A-Za-z]+(?:'[a-z]+)?", body) if w in STOP_WORDS]


@pytest.fixture(scope="module")
def briefs(tmp_path_factory) -> dict[str, str]:
    return {lang: build_documents("BLR", "CHN", lang, Path(tmp_path_factory.mktemp(f"blr-chn-{lang}")))["brief.md"]
            for lang in ("en", "ru")}


def test_no_english_outside_quotes(briefs: dict[str, str]) -> None:
    assert english_words(briefs["ru"]) == []
    assert len(english_words(briefs["en"])) > 100  # the detector finds English where there is English


def test_headings_and_bottom_line_in_russian(briefs: dict[str, str]) -> None:
    ru = briefs["ru"]
    headings = re.findall(r"^## (.+)$", ru, flags=re.MULTILINE)
    assert headings[:4] == ["Главное", "Ключевые выводы", "Ключевые показатели", "Чего данные сказать не могут"]
    assert ru.startswith("# Торговля Беларуси и Китая")
    bottom = ru.split("## Главное", 1)[1].split("\n## ", 1)[0]
    assert "Беларуси" in bottom and "Китай" in bottom and re.search(r"\$\d+,\d\d[\u00a0 ]млрд", bottom)


def _cited(text: str) -> list[str]:
    """The sources each superscript links to, in reading order."""
    return re.findall(r"\]\(#src-([^)]+)\)", " ".join(re.findall(r"<sup>.*?</sup>", text)))


def _money(text: str, lang: str) -> list[tuple[float, str]]:
    """Every amount in US dollars as (number, unit), English '$5.79 bn' and Russian '$5,79 млрд' alike."""
    if lang == "en":
        found = re.findall(r"\$([\d,]+(?:\.\d+)?) (bn|m)\b", text)
        return sorted((float(n.replace(",", "")), u) for n, u in found)
    found = re.findall(r"\$(\d[\d\u00a0\u202f ]*(?:,\d+)?)[\u00a0 ](млрд|млн)", text)
    units = {"млрд": "bn", "млн": "m"}
    return sorted((float(re.sub(r"[\u00a0\u202f ]", "", n).replace(",", ".")), units[u]) for n, u in found)


def test_same_figures_and_citations(briefs: dict[str, str]) -> None:
    en, ru = briefs["en"], briefs["ru"]
    assert _cited(ru) == _cited(en)  # the same sources, cited in the same order
    def body(text: str) -> str:  # the claims tables differ: the English one quotes the explanations
        return re.split(r"\n## (Claims checked|Проверенные утверждения)", text)[0]
    assert _money(body(ru), "ru") == _money(body(en), "en") and len(_money(body(en), "en")) > 30
    sources = [re.findall(r"^\d+\. <a id=\"src-([^\"]+)\">", t, flags=re.MULTILINE) for t in (en, ru)]
    assert sources[0] == sources[1] and sources[0]


def test_lang_is_a_run_parameter() -> None:
    """`lang` is part of the one contract: validated, recorded, given to every notebook; a Russian run
    gets its own report folder unless a label is given."""
    from tradebrief.data.params import SHARED_PARAMETERS, RunParameters
    from tradebrief.errors import UsageError

    ru = RunParameters.create(lang="RU")
    assert ru.lang == "ru" and ru.slug == "BLR-CHN-ru" and ru.recorded()["lang"] == "ru"
    assert RunParameters.create(start_year=2015, end_year=2020, lang="ru").slug == "BLR-CHN-2015-2020-ru"
    assert RunParameters.create(lang="ru", label="minsk").slug == "BLR-CHN-minsk"
    assert RunParameters.create().slug == "BLR-CHN" and RunParameters.create().lang == "en"
    assert RunParameters.from_manifest(ru.recorded()) == ru
    assert "lang" in SHARED_PARAMETERS and ru.notebook_parameters(Path("r"))["lang"] == "ru"
    with pytest.raises(UsageError, match=r"lang 'fr' is not a language the brief is written in; use one of en, ru"):
        RunParameters.create(lang="fr")


def test_cli_refuses_an_unknown_language() -> None:
    from click.testing import CliRunner

    from tradebrief.cli import main

    result = CliRunner().invoke(main, ["run", "--lang", "fr", "--output", "."])
    assert result.exit_code == 2
    assert result.output.strip().splitlines() == [
        "Error: lang 'fr' is not a language the brief is written in; use one of en, ru (e.g. --lang ru)"]
