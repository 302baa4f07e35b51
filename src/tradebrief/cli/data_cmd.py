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
    from tradebrief.text.numbers import usd
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
    a, b = country_name(economy), country_name(other)
    click.echo(_wrap(f"Trade {a}–{b}, full years: the figure used for each year and for each side that "
                     "reports one"))
    click.echo(_wrap(f"exports: {a} to {b}; imports: {b} to {a} (whoever reports them); over, almost, about: "
                     "as the source says; more: other figures kept for that year and side; blank: no figure "
                     "(a gap, not a zero)", indent="  "))
    coverage = trade_coverage(load_trade(data_dir), economy, other, money=lambda value, bound: usd(value, bound))
    coverage["side"] = coverage["side"].map(_side_name)
    click.echo(_columns(coverage, left=("year", "side")) if not coverage.empty
               else "(no full-year figures for this pair)")
    click.echo("")
    click.echo("Citations by reliability grade")
    click.echo(_columns(source_grades(data_dir), left=("grade",)))


def _wrap(text: str, indent: str = "") -> str:
    return textwrap.fill(text, WIDTH, break_on_hyphens=False, initial_indent=indent, subsequent_indent=indent)


def _columns(table, left: tuple[str, ...]) -> str:
    """A plain-text table: the `left` columns flush left (words), the others flush right (money), two
    spaces between; trailing blanks dropped."""
    cells = [[str(c) for c in table.columns], *([str(v) for v in row] for row in table.itertuples(index=False))]
    widths = [max(len(row[i]) for row in cells) for i in range(len(table.columns))]
    return "\n".join("  ".join(cell.ljust(w) if name in left else cell.rjust(w)
                               for cell, w, name in zip(row, widths, table.columns, strict=True)).rstrip()
                     for row in cells)


def _side_name(code: str) -> str:
    """Whose figures a row holds, in words: 'Belarus', 'Trade Data Monitor', 'side not stated'."""
    from tradebrief.data import codes
    from tradebrief.data.countries import country_name
    return codes.SIDE.label(code) if code in codes.SIDE.codes() else country_name(code)
