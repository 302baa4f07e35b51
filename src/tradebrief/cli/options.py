"""Options shared by several commands, defined once so that flags match everywhere."""
from __future__ import annotations

from pathlib import Path

import click

from tradebrief.data.params import PARAMETER_DEFAULTS, PARAMETER_HELP

data_dir_option = click.option(
    "--data-dir", type=click.Path(path_type=Path), default=None,
    help="Data folder (sources.yaml + raw/*.csv). Default: the shipped snapshot, or $TRADEBRIEF_DATA.")
reporter_option = click.option(
    "--reporter", default=PARAMETER_DEFAULTS["reporter"], show_default=True, help=PARAMETER_HELP["reporter"])
partner_option = click.option(
    "--partner", default=PARAMETER_DEFAULTS["partner"], show_default=True, help=PARAMETER_HELP["partner"])


def parameter_options(command):
    """One option per run parameter (RunParameters): `--start-year` for start_year, and so on."""
    for name in reversed(tuple(PARAMETER_DEFAULTS)):
        default = PARAMETER_DEFAULTS[name]
        command = click.option(f"--{name.replace('_', '-')}", name, default=default, type=type(default),
                               show_default=bool(default), help=PARAMETER_HELP[name])(command)
    return command
