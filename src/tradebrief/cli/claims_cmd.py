"""`tradebrief claims FILE`: check a text's claims against the data, claim by claim;
`tradebrief claims draft TEXT`: propose the claims file from the text itself."""
from __future__ import annotations

from pathlib import Path

import click

from tradebrief.cli import main
from tradebrief.cli.options import data_dir_option


class _ClaimsGroup(click.Group):
    """`claims FILE` stays the check (as before); `claims draft TEXT` drafts. An argument that is not a
    sub-command's name is a claims file, so `claims check` is never needed on the command line."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        if args and args[0] not in self.commands and args[0] not in ("-h", "--help"):
            args = ["check", *args]
        return super().parse_args(ctx, args)


@main.group("claims", cls=_ClaimsGroup)
def claims_group() -> None:
    """Check a text's claims (FILE: a claims YAML) or draft one from the text (draft TEXT).

    \b
    Example:
      tradebrief claims data/claims/seed_article.yaml
      tradebrief claims my_text.yaml --format json > verdicts.json
      tradebrief claims data/claims/seed_article.yaml --lang ru
      tradebrief claims draft article.txt -o my_text.yaml --date 2023-03-21
    """


@claims_group.command("check")
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
        from tradebrief.text.markup import md_escape

        # Markdown on stdout: the claims file's words print as text, never as markup or terminal codes
        judged = phrase("claim.md.as_of", lang, date=md_escape(claims.date)) + "\n" if claims.date else ""
        click.echo(phrase("claim.md.from", lang, source=md_escape(claims.source)) + "\n" + judged)
        click.echo(results_to_markdown(results, data.sources, lang), nl=False)


@claims_group.command("draft")
@click.argument("text_file", type=click.Path(path_type=Path, dir_okay=False))
@click.option("-o", "--output", type=click.Path(path_type=Path, dir_okay=False), default=None,
              help="Where to write the claims file. Default: TEXT_FILE with .claims.yaml; '-' prints it.")
@click.option("--date", default=None, help="When the text was written (YYYY, YYYY-MM or YYYY-MM-DD). "
                                            "Default: a date printed in its first lines.")
@click.option("--reporter", default=None, help="One country of the pair (ISO3 or name). Default: the text's "
                                                "most named countries.")
@click.option("--partner", default=None, help="The other country of the pair. Default: as --reporter.")
@click.option("--url", default=None, help="Where the text was published. The data's citations of it are left "
                                           "out of every check. Default: the first link in its first lines.")
@data_dir_option
def draft_command(text_file: Path, output: Path | None, date: str | None, reporter: str | None,
                  partner: str | None, url: str | None, data_dir: Path | None) -> None:
    """Propose a claims file for TEXT_FILE (a UTF-8 plain-text article, English, Russian or Chinese).

    Each checkable statement becomes a claim with the text's words as its quote, a proposed check and
    a note on how it was read; sentences with figures the rules could not map are listed at the end,
    commented out, with the reason. Review the file, then check it with `tradebrief claims FILE`.

    \b
    Example:
      tradebrief claims draft tests/fixtures/articles/en_ankasam_2023-03.txt -o seed.yaml
      tradebrief claims seed.yaml
    """
    from tradebrief.claims.draft import data_sources, draft_file

    to_stdout = output is not None and str(output) == "-"
    target = None if to_stdout else (output or text_file.with_name(text_file.stem + ".claims.yaml"))
    written, draft, text = draft_file(text_file, target, date=date, reporter=reporter, partner=partner, url=url,
                                      sources=data_sources(data_dir))
    if to_stdout:
        click.echo(text, nl=False)
        return
    found = f"{len(draft.claims)} claims" if draft.claims else "0 claims (no checkable statement found)"
    if draft.truncated:
        found += " (from the text's first 100,000 characters only)"
    click.echo(f"Drafted {found} from {text_file.name} ({draft.pair[0]}–{draft.pair[1]}"
               f"{', dated ' + draft.date if draft.date else ', no date'}); {len(draft.skipped)} sentences with "
               f"figures not mapped are listed at its end. Wrote {written}; review it, then: "
               f"tradebrief claims {written}")
