"""`tradebrief verify REPORT`: recompute data checksums and rerun; list what differs."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from tradebrief.cli import main


@main.command("verify")
@click.argument("report", type=click.Path(path_type=Path, file_okay=False))
@click.option("--no-rerun", is_flag=True, help="Only recompute the data checksums (seconds, not minutes).")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 16),
              help="Notebooks run in parallel during the rerun.")
@click.option("--no-progress", is_flag=True, help="Hide the progress bar of the rerun.")
def verify_command(report: Path, no_rerun: bool, workers: int, no_progress: bool) -> None:
    """Check that REPORT is reproducible: exit 0 when nothing differs, 1 otherwise.

    \b
    Recomputes the sha256 of every data file in REPORT/manifest.json, reruns the notebooks
    with the manifest's parameters into a temporary folder and compares brief.md,
    tables/*.csv and figures/*.svg byte for byte. The published report is not touched.

    \b
    Example:
      tradebrief verify reports/BLR-CHN
      tradebrief verify reports/BLR-CHN --no-rerun
    """
    from tradebrief.run.verify import verify_report
    result = verify_report(report, rerun=not no_rerun, workers=workers, progress=not no_progress)
    click.echo(result.table().to_string(index=False))
    click.echo("")
    if result.ok:
        what = "data checksums and outputs" if result.reran else "data checksums (no rerun)"
        click.echo(f"{report}: no differences ({what})")
        return
    names = ", ".join(f"{c.name} ({c.status})" for c in result.differences)
    click.echo(f"{report}: {len(result.differences)} difference(s): {names}", err=True)
    sys.exit(1)
