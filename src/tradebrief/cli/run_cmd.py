"""`tradebrief run`: render one report through the notebooks (options mirror their parameters)."""
from __future__ import annotations

from pathlib import Path

import click

from tradebrief.cli import main
from tradebrief.cli.options import partner_option, reporter_option
from tradebrief.run.params import RunParameters


@main.command("run")
@reporter_option
@partner_option
@click.option("--start-year", default=RunParameters.start_year, show_default=True, help="First year of the brief (notebook parameter start_year).")
@click.option("--end-year", default=RunParameters.end_year, show_default=True, help="Last year of the brief (notebook parameter end_year).")
@click.option("--source", default=RunParameters.source, show_default=True,
              help="Trade data: snapshot, comtrade or imf (fetched with `tradebrief fetch`), or a data folder.")
@click.option("--label", default="", help="Suffix of the report folder: reports/<reporter>-<partner>-<label>/ "
                                          "(letters, digits and dashes are kept).")
@click.option("--output", "output", type=click.Path(path_type=Path), default=Path("reports"), show_default=True,
              help="Folder that receives the report folder; must exist (reports/ is created).")
@click.option("--claims-file", type=click.Path(path_type=Path), default=None,
              help="Claims YAML checked in the claims notebook (default: data/claims/seed_article.yaml).")
@click.option("--baci", type=click.Path(exists=True, path_type=Path), default=None,
              help="CEPII BACI release (published zip or unzipped folder): adds a product-composition section.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 16),
              help="Notebooks run in parallel (the brief notebook always runs last).")
@click.option("--no-progress", is_flag=True, help="Hide the progress bar.")
def run_command(reporter, partner, start_year, end_year, source, label, output, claims_file, baci, workers,
                no_progress) -> None:
    """Render the brief, figures, tables and executed notebooks for one pair.

    \b
    Writes <output>/<reporter>-<partner>[-<label>]/: brief.md, brief.html, brief.pdf,
    figures/, tables/, notebooks/ and manifest.json. The previous report is replaced only
    when every notebook succeeded.

    \b
    Examples:
      tradebrief run
      tradebrief run --partner Russia --start-year 2015 --end-year 2023 --label since2015
      tradebrief run --baci ~/data/BACI_HS17_V202401.zip --label baci
    """
    from tradebrief.run.pipeline import run_report
    params = RunParameters.create(reporter, partner, start_year, end_year, source, label)
    extra: dict[str, object] = {"claims_file": str(claims_file)} if claims_file else {}
    if baci:
        from tradebrief.bulk import BaciRelease

        BaciRelease.open(baci)  # a malformed release fails here, before any notebook runs
        extra["baci"] = str(baci.resolve())
    create = output == Path("reports")
    result = run_report(params, output_root=output, workers=workers, progress=not no_progress,
                        extra=extra, create_output=create)
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(f"Report written to {result.report_dir} in {result.timings['total']:.1f} s")
