"""`tradebrief claims --lang ru`: the same verdicts, worded in Russian by the one renderer."""
from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from tradebrief.cli import main

SEED = Path(__file__).resolve().parents[3] / "data" / "claims" / "seed_article.yaml"


def test_claims_in_russian_keep_the_verdicts():
    runner = CliRunner()
    en = json.loads(runner.invoke(main, ["claims", str(SEED), "--format", "json"]).output)
    result = runner.invoke(main, ["claims", str(SEED), "--format", "json", "--lang", "ru"])
    assert result.exit_code == 0, result.output
    ru = json.loads(result.output)
    assert [(c["id"], c["verdict"], c["source_ids"]) for c in ru] == [(c["id"], c["verdict"], c["source_ids"])
                                                                       for c in en]
    assert all(r["explanation"] != e["explanation"] for r, e in zip(ru, en, strict=True))
    md = runner.invoke(main, ["claims", str(SEED), "--lang", "ru"]).output
    assert md.startswith("Утверждения из:") and "Оценка на дату текста, 2023-03-21." in md


def test_an_unknown_language_is_one_error_line():
    result = CliRunner().invoke(main, ["claims", str(SEED), "--lang", "de"])
    assert result.exit_code != 0 and "'de' is not one of 'en', 'ru'" in result.output
