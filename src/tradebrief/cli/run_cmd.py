"""`tradebrief run`: render one report through the notebooks.

Its parameter options are derived from RunParameters (names, defaults, help), so they match
the notebooks' parameters, batch entries and the manifest by construction.
"""
from __future__ import annotations

import os
from pathlib import Path

import click

from tradebrief.cli import main
from tradebrief.cli.options import parameter_options
from tradebrief.data.params import PARAMETER_NAMES, RunParameters
from tradebrief.errors import UsageError


@main.command("run")
@parameter_options
@click.option("--output", "output", type=click.Path(path_type=Path), default=Path("reports"), show_default=True,
              help="Folder that receives the report folder; must exist (reports/ is created).")
@click.option("--replace", is_flag=True,
              help="Replace a report folder made with other parameters (refused otherwise).")
@click.option("--baci-cache", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Folder for the sorted Parquet copy the first BACI scan writes "
                   "(default: tradebrief-cache/ inside the release folder).")
@click.option("--no-baci-cache", is_flag=True,
              help="Scan the BACI CSV files on every run instead of writing the Parquet cache.")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 16),
              help="Notebooks run in parallel (the brief once 01 is done, the annex once 01–03 are).")
@click.option("--no-progress", is_flag=True, help="Hide the progress bar.")
def run_command(output: Path, replace: bool, baci_cache: Path | None, no_baci_cache: bool, workers: int,
                no_progress: bool, **values: object) -> None:
    """Render the brief, figures, tables and executed notebooks for one pair.

    \b
    Writes <output>/<reporter>-<partner>[-<label>]/: brief.md, brief.html, brief.pdf,
    figures/, tables/, notebooks/ and manifest.json. The previous report is replaced only
    when every notebook succeeded, and only if it was made with the same parameters
    (else give --label, or --replace). Other years than the default get the label
    <start>-<end> unless --label is given.

    \b
    Examples:
      tradebrief run
      tradebrief run --partner Russia --start-year 2015 --end-year 2023 --label since2015
      tradebrief run --baci ~/data/BACI_HS17_V202401.zip --label baci
    """
    from tradebrief.run.pipeline import check_target, run_report

    params = RunParameters.create(**{name: values[name] for name in PARAMETER_NAMES})
    if baci_cache and no_baci_cache:
        raise UsageError("--baci-cache and --no-baci-cache conflict; give one")
    if params.baci:
        from tradebrief.bulk import BaciRelease, ensure_cache
        from tradebrief.bulk.release import CACHE_ENV

        # A malformed release fails here, before any notebook runs; the first scan (which writes
        # the cache) runs here too, so that its progress bar is on this terminal.
        release = BaciRelease.open(params.baci, cache=False if no_baci_cache else (baci_cache or True))
        os.environ[CACHE_ENV] = str(release.cache_dir.resolve()) if release.cache_dir else "off"
        ensure_cache(release, [y for y in release.years if params.start_year <= y <= params.end_year],
                     progress=False if no_progress else None)
    create = output == Path("reports")
    if output.is_dir():
        replaces = check_target(output.resolve() / params.slug, params, replace=replace)
        click.echo(f"Writing {output / params.slug}/ ({'replaces ' + replaces if replaces else 'new folder'}): "
                   f"{params.describe()}", err=True)
    result = run_report(params, output_root=output, workers=workers, progress=not no_progress,
                        create_output=create, replace=replace)
    for warning in result.warnings:
        click.echo(f"Warning: {warning}", err=True)
    click.echo(f"Report written to {result.report_dir} in {result.timings['total']:.1f} s")
