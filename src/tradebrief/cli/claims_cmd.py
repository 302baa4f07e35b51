"""`tradebrief claims FILE`: check a text's claims against the data, claim by claim."""
from __future__ import annotations

from pathlib import Path

import click

from tradebrief.cli import main
from tradebrief.cli.options import data_dir_option


@main.command("claims")
@click.argument("claims_file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("--format", "fmt", type=click.Choice(["md", "json"]), default="md", show_default=True,
              help="md: verdict table plus evidence and citations; json: one object per claim.")
@click.option("--lang", type=click.Choice(["en", "ru"]), default="en", show_default=True,
              help="Language of the explanations and the report (verdict codes and quotes stay as they are).")
@data_dir_option
def claims_command(claims_file: Path, fmt: str, lang: str, data_dir: Path | None) -> None:
    """Evaluate every claim in CLAIMS_FILE; exit 0 whatever the verdicts.

    \b
    Example:
      tradebrief claims data/claims/seed_article.yaml
      tradebrief claims my_text.yaml --format json > verdicts.json
      tradebrief claims data/claims/seed_article.yaml --lang ru
    """
    from tradebrief.claims import (
        evaluate,
        load_claims,
        results_to_json_text,
        results_to_markdown,
    )
    from tradebrief.data.context import RunData
    from tradebrief.text.catalog import phrase

    claims = load_claims(claims_file)  # validated before any data is read
    data = RunData.load(source=str(data_dir) if data_dir else "snapshot", require_data=False)
    results = evaluate(claims, data)
    if fmt == "json":
        click.echo(results_to_json_text(results, lang), nl=False)
    else:
        judged = phrase("claim.md.as_of", lang, date=claims.date) + "\n" if claims.date else ""
        click.echo(phrase("claim.md.from", lang, source=claims.source) + "\n" + judged)
        click.echo(results_to_markdown(results, data.sources, lang), nl=False)
