"""`tradebrief run --article FILE`: the claims drafted by rules, checked in the brief (marked as drafted),
the drafted file beside the report; RunParameters is the one contract (CLI, batch, manifest, notebook)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from conftest import REPO
from tradebrief.claims import load_claims
from tradebrief.claims.draft import BRIEF_NOTICE, DRAFTED_FILE
from tradebrief.cli import main
from tradebrief.data.params import NOTEBOOK_EXTRA_PARAMETERS, PARAMETER_HELP, RunParameters
from tradebrief.errors import UsageError

ARTICLE = REPO / "tests" / "fixtures" / "articles" / "ru_rossaprimavera_2023-02-28.txt"


def test_article_is_a_run_parameter_of_the_claims_notebook():
    params = RunParameters.create(article=str(ARTICLE))
    assert params.article == str(ARTICLE.resolve()) and "article" in PARAMETER_HELP
    assert NOTEBOOK_EXTRA_PARAMETERS["04_claims"]["article"] is str
    assert params.notebook_parameters(Path("/tmp/r"), "04_claims")["article"] == str(ARTICLE.resolve())
    assert "claims drafted from ru_rossaprimavera_2023-02-28.txt" in params.describe()
    notebook = json.loads((REPO / "notebooks" / "04_claims.ipynb").read_text(encoding="utf-8"))
    assert 'article = ""' in "".join(notebook["cells"][1]["source"])


def test_article_and_claims_file_together_are_refused():
    with pytest.raises(UsageError, match="not both"):
        RunParameters.create(article=str(ARTICLE), claims_file="x.yaml")


def test_a_bad_article_stops_the_run_before_any_notebook(tmp_path):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00\x01")
    result = CliRunner().invoke(main, ["run", "--article", str(bad), "--output", str(tmp_path), "--no-progress"])
    assert result.exit_code == 2 and "Traceback" not in result.output
    assert result.output.strip().splitlines()[-1] == ("Error: article bad.txt is binary (a NUL byte at byte 0); expected "
                                                      "a plain-text article in UTF-8 (save a PDF or Word file as text "
                                                      "first)")
    assert not (tmp_path / "BLR-CHN").exists()


@pytest.mark.slow
def test_run_with_an_article_puts_the_drafted_claims_in_the_brief(tmp_path):
    result = CliRunner().invoke(main, ["run", "--article", str(ARTICLE), "--output", str(tmp_path), "--no-progress"])
    assert result.exit_code == 0, result.output
    report = tmp_path / "BLR-CHN"
    drafted = load_claims(report / DRAFTED_FILE)
    assert drafted.drafted and drafted.source == "https://rossaprimavera.ru/news/be78fbda"
    brief = (report / "brief.md").read_text(encoding="utf-8")
    section = brief[brief.index("## Claims checked"):]
    assert BRIEF_NOTICE in section and "| Claim | Verdict | Why |" in section
    assert "| В 2022 году товарооборот Минска" in section  # the article's own words (shortened in the table)
    manifest = json.loads((report / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["parameters"]["article"].endswith("ru_rossaprimavera_2023-02-28.txt")
