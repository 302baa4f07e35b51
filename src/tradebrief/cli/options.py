"""Options shared by several commands, defined once so that flags match everywhere."""
from __future__ import annotations

from pathlib import Path

import click

data_dir_option = click.option(
    "--data-dir", type=click.Path(path_type=Path), default=None,
    help="Data folder (sources.yaml + raw/*.csv). Default: the shipped snapshot, or $TRADEBRIEF_DATA.")
reporter_option = click.option(
    "--reporter", default="BLR", show_default=True,
    help="Economy the brief is about: ISO3 code or name.")
partner_option = click.option(
    "--partner", default="CHN", show_default=True, help="Partner economy: ISO3 code or name.")
