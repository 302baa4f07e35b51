"""`tradebrief data`: a newcomer's first look at what the data can and cannot say."""
from __future__ import annotations

import click

from tradebrief.cli import main
from tradebrief.cli.options import data_dir_option, partner_option, reporter_option


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
    click.echo("Datasets")
    click.echo(datasets(data_dir).to_string(index=False))
    click.echo("")
    click.echo(f"Trade coverage {economy}–{other} ({country_name(economy)}–{country_name(other)}), "
               "full years, US$ bn, preferred figure per side")
    click.echo("T turnover, X exports, M imports (each from the reporter's own view); "
               "> over, < under, ~ about; (+n) other figures kept; blank = no figure (a gap, not zero)")
    coverage = trade_coverage(load_trade(data_dir), economy, other)
    click.echo(coverage.to_string() if not coverage.empty else "(no full-year figures for this pair)")
    click.echo("")
    click.echo("Citations by reliability grade")
    click.echo(source_grades(data_dir).to_string(index=False))
