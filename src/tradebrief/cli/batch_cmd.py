"""`tradebrief batch`: many reports from one validated RUNS.yaml, on local processes or Dask."""
from __future__ import annotations

from pathlib import Path

import click

from tradebrief.cli import main
from tradebrief.errors import UsageError


@main.command("batch")
@click.argument("runs_file", metavar="RUNS.yaml", type=click.Path(path_type=Path))
@click.option("--workers", type=click.IntRange(1, 64), default=None,
              help="Runs at once on local processes (default 2). Not with --scheduler.")
@click.option("--scheduler", default=None, metavar="ADDRESS",
              help="Dask scheduler address (tcp://host:8786): run on that cluster instead of local processes.")
@click.option("--output", "output", type=click.Path(path_type=Path), default=Path("reports"), show_default=True,
              help="Folder that receives one folder per run and index.html; must exist (reports/ is created).")
@click.option("--no-progress", is_flag=True, help="Hide the progress bar.")
def batch_command(runs_file: Path, workers: int | None, scheduler: str | None, output: Path,
                  no_progress: bool) -> None:
    """Render one brief per parameter set in RUNS.yaml; write a summary and <output>/index.html.

    \b
    The whole file is validated before the first run. A failing run does not stop the
    others; the exit code is 1 if any run failed (index.html is written all the same).

    \b
    Examples:
      tradebrief batch notebooks/runs/belarus_partners.yml
      tradebrief batch notebooks/runs/bri_years.yml --workers 2 --output reports
      tradebrief batch notebooks/runs/belarus_partners.yml --scheduler tcp://127.0.0.1:8786
    """
    from tradebrief.run.batch import load_batch, raise_if_failed, run_batch, summary_table
    if workers is not None and scheduler:
        raise UsageError("--workers and --scheduler conflict: the Dask cluster decides how many runs go at "
                         "once; drop --workers, or drop --scheduler to use local processes")
    runs = load_batch(runs_file)
    where = f"Dask cluster {scheduler}" if scheduler else f"{workers or 2} local process(es)"
    click.echo(f"{len(runs)} run(s) from {runs_file} on {where}", err=True)
    result = run_batch(runs, output_root=output, workers=workers or 2, scheduler=scheduler,
                       progress=not no_progress, title=f"Trade briefs: {runs_file.stem}",
                       create_output=output == Path("reports"))
    click.echo(summary_table(result.outcomes))
    ok = len(result.outcomes) - len(result.failed)
    click.echo(f"{ok} ok, {len(result.failed)} failed in {result.seconds:.1f} s; index: {result.index}")
    raise_if_failed(result)
