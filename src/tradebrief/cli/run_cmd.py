"""`tradebrief run`: render one report through the notebooks (options mirror their parameters)."""
from __future__ import annotations

import os
from pathlib import Path

import click

from tradebrief.cli import main
from tradebrief.cli.options import partner_option, reporter_option
from tradebrief.errors import UsageError
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
@click.option("--baci-cache", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the sorted Parquet copy the first BACI scan writes "
                   "(default: tradebrief-cache/ inside the release folder).")
@click.option("--no-baci-cache", is_flag=True,
              help="Scan the BACI CSV files on every run instead of writing the Parquet cache.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 16),
              help="Notebooks run in parallel (the brief notebook always runs last).")
@click.option("--no-progress", is_flag=True, help="Hide the progress bar.")
def run_command(reporter, partner, start_year, end_year, source, label, output, claims_file, baci,
                baci_cache, no_baci_cache, workers, no_progress) -> None:
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
    if baci_cache and no_baci_cache:
        raise UsageError("--baci-cache and --no-baci-cache conflict; give one")
    if baci:
        from tradebrief.bulk import BaciRelease, ensure_cache
        from tradebrief.bulk.release import CACHE_ENV

        # A malformed release fails here, before any notebook runs; the first scan (which writes
        # the cache) runs here too, so that its progress bar is on this terminal.
        release = BaciRelease.open(baci, cache=False if no_baci_cache else (baci_cache or True))
        os.environ[CACHE_ENV] = str(release.cache_dir.resolve()) if release.cache_dir else "off"
        ensure_cache(release, [y for y in release.years if params.start_year <= y <= params.end_year],
                     progress=False if no_progress else None)
        extra["baci"] = str(baci.resolve())
    create = output == Path("reports")
    result = run_report(params, output_root=output, workers=workers, progress=not no_progress,
                        extra=extra, create_output=create)
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(f"Report written to {result.report_dir} in {result.timings['total']:.1f} s")
