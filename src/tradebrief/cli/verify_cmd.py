"""`tradebrief verify REPORT`: published files and data against the manifest, then a rerun."""
from __future__ import annotations

import sys
from pathlib import Path

import click

from tradebrief.cli import main


@main.command("verify")
@click.argument("report", type=click.Path(path_type=Path, file_okay=False))
@click.option("--no-rerun", is_flag=True, help="Only check data and published files by sha256 (seconds, not minutes).")
@click.option("--workers", default=2, show_default=True, type=click.IntRange(1, 16),
              help="Notebooks run in parallel during the rerun.")
@click.option("--no-progress", is_flag=True, help="Hide the progress bar of the rerun.")
def verify_command(report: Path, no_rerun: bool, workers: int, no_progress: bool) -> None:
    """Check REPORT: exit 0 when nothing differs, 1 otherwise.

    \b
    1. the sha256 of every data file in REPORT/manifest.json;
    2. the sha256 of every published file (brief.md, brief.html, brief.pdf, figures, tables,
       notebooks): an edited, deleted or added file is named;
    3. a rerun with the manifest's parameters into a temporary folder, compared byte for byte
       for every file but the executed notebooks (and the PNGs when this machine's Python or
       libraries differ from the run's), which are checked by sha256 only, and the output says
       why. The published report is not touched.

    \b
    Example:
      tradebrief verify reports/BLR-CHN
      tradebrief verify reports/BLR-CHN --no-rerun
    """
    from tradebrief.neutralise import visible_controls
    from tradebrief.run.verify import verify_report

    result = verify_report(report, rerun=not no_rerun, workers=workers, progress=not no_progress)
    # file names are shown, never acted on: a name with a newline or an ESC sequence stays one cell
    click.echo(result.table().to_string(index=False))
    click.echo("")
    for pattern, (why, names) in result.hash_only().items():
        shown = visible_controls(pattern if "*" in pattern else ", ".join(names), one_line=True)
        click.echo(f"Checked by sha256 only ({len(names)} file(s) {shown}): the rerun cannot "
                   f"reproduce them byte for byte: {why}")
    where = visible_controls(str(report), one_line=True)
    if result.ok:
        what = "data, published files and rerun outputs" if result.reran else "data and published files (no rerun)"
        click.echo(f"{where}: no differences ({what})")
        return
    names = ", ".join(visible_controls(f"{c.name} ({c.status})", one_line=True) for c in result.differences[:20])
    more = f" and {len(result.differences) - 20} more" if len(result.differences) > 20 else ""
    click.echo(f"{where}: {len(result.differences)} difference(s): {names}{more}", err=True)
    sys.exit(1)
