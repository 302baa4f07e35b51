"""`tradebrief data`: a newcomer's first look at what the data can and cannot say."""
from __future__ import annotations

import textwrap

import click

from tradebrief.cli import main
from tradebrief.cli.options import data_dir_option, partner_option, reporter_option

#: The output fits a classic 80-column terminal: tables split their columns, text wraps.
WIDTH = 80


@main.command("data")
@data_dir_option
@reporter_option
@partner_option
def data_command(data_dir, reporter: str, partner: str) -> None:
    """List the datasets, trade coverage (years x reporting side) and sources by grade.

    \b
    Example:
      tradebrief data
      tradebrief data --partner Russia
    """
    from tradebrief.data.catalog import datasets, source_grades, trade_coverage
    from tradebrief.data.countries import country_name, to_iso3
    from tradebrief.data.load import load_trade
    economy, other = to_iso3(reporter), to_iso3(partner, allow_groups=True)
    table = datasets(data_dir)
    click.echo(_wrap(f"Datasets (files in {'the shipped snapshot' if data_dir is None else data_dir}, "
                     "one per dataset: raw/<dataset>.csv)"))
    click.echo(table.drop(columns=["file", "description"]).to_string(index=False, line_width=WIDTH))
    click.echo("")
    click.echo("What each dataset holds")
    for name, description in zip(table["dataset"], table["description"], strict=True):
        click.echo(textwrap.fill(description, WIDTH, initial_indent=f"  {name}: ", subsequent_indent="    "))
    click.echo("")
    click.echo(_wrap(f"Trade coverage {economy}–{other} ({country_name(economy)}–{country_name(other)}), "
                     "full years, US$ bn, preferred figure per side; columns: the side whose figures they are"))
    click.echo(_wrap("T turnover, X exports, M imports (each from the reporter's own view); "
                     "> over, < under, ~ about; (+n) other figures kept; blank = no figure (a gap, not zero)"))
    coverage = trade_coverage(load_trade(data_dir), economy, other)
    coverage = coverage.rename(columns=lambda c: str(c).removesuffix("-reported"))
    click.echo(coverage.to_string(line_width=WIDTH) if not coverage.empty else "(no full-year figures for this pair)")
    click.echo("")
    click.echo("Citations by reliability grade")
    click.echo(source_grades(data_dir).to_string(index=False, line_width=WIDTH))


def _wrap(text: str) -> str:
    return textwrap.fill(text, WIDTH, break_on_hyphens=False)
