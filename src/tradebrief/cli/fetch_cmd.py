"""`tradebrief fetch comtrade|imf`: pull a pair's official series into a data folder."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import click

from tradebrief.cli import main
from tradebrief.cli.options import partner_option, reporter_option


def _progress(label: str):
    def wrap(items: Iterable, total: int) -> Iterable:
        from tqdm import tqdm

        return tqdm(items, total=total, desc=label, unit="request", leave=False, file=None, disable=None)
    return wrap


@main.command("fetch")
@click.argument("source", type=click.Choice(["comtrade", "imf"]))
@reporter_option
@partner_option
@click.option("--years", default="2000:2024", show_default=True,
              help="Years to fetch, FIRST:LAST (or one year).")
@click.option("--out", "out_root", type=click.Path(path_type=Path), default=None,
              help="Folder receiving <source>-<REPORTER>-<PARTNER>/. Default: data/external "
                   "(git-ignored), or $TRADEBRIEF_EXTERNAL.")
@click.option("--freq", type=click.Choice(["A", "M"]), default="A", show_default=True,
              help="imf only: A annual, M monthly (written to imf-<R>-<P>-monthly/).")
@click.option("--chunk-years", type=click.IntRange(min=1), default=None,
              help="Years per request (default: 5 for comtrade, 10 for imf; the keyless Comtrade preview "
                   "asks for partners one year at a time and HS chapters two years at a time).")
@click.option("--tables", default="trade,partners,products", show_default=True,
              help="comtrade only: what to fetch besides the pair's totals (trade): partners (the "
                   "reporter's trade with every partner, for rank and share), products (HS chapters).")
@click.option("--max-response-mb", type=click.FloatRange(min=0.001), default=64, show_default=True,
              help="Largest response accepted, in MiB; a larger one stops the fetch.")
@click.option("--deadline", type=click.FloatRange(min=0.01), default=300, show_default=True,
              help="Seconds one request may take in all (connect, headers, body); each read also "
                   "times out after --timeout.")
@click.option("--timeout", type=click.FloatRange(min=0.01), default=60, show_default=True,
              help="Seconds to wait for a connection or for each read.")
def fetch_command(source: str, reporter: str, partner: str, years: str, out_root: Path | None,
                  freq: str, chunk_years: int | None, tables: str, max_response_mb: float, deadline: float,
                  timeout: float) -> None:
    """Fetch both sides' goods trade for a pair from UN Comtrade or IMF IMTS.

    Comtrade uses $COMTRADE_API_KEY when set (the key is read from the environment only, sent only
    to the Comtrade host and never written out); without it, the keyless preview (at most 500
    records per request). Fetched data stays out of the repository: publishers restrict
    redistribution of raw extracts.

    \b
    Example:
      tradebrief fetch comtrade --reporter BLR --partner CHN --years 2000:2024
      tradebrief fetch imf --partner CHN --years 2015:2024 --freq M
    """
    # imported here so that the rest of the CLI works without `requests` (the `live` extra)
    try:
        from tradebrief.sources import (
            SOURCES,
            RetryPolicy,
            default_external_root,
            fetch,
            parse_years,
        )
    except ModuleNotFoundError as exc:
        raise click.UsageError(f"fetch needs the live-source extra ({exc.name} is missing): "
                               "pip install -e '.[live]'") from None
    first, last = parse_years(years)
    options: dict = {"policy": RetryPolicy(timeout=timeout, deadline=deadline,
                                           max_bytes=int(max_response_mb * 1024 * 1024))}
    if chunk_years is not None:
        options["chunk_years"] = chunk_years
    if source == "imf":
        options["freq"] = freq
        if tables != "trade,partners,products" and tables != "trade":
            raise click.UsageError("--tables is for comtrade only; IMF IMTS is fetched as trade totals")
    else:
        if freq != "A":
            raise click.UsageError("--freq M is available for imf only; Comtrade is fetched annually")
        options["tables"] = tuple(t.strip() for t in tables.split(",") if t.strip())
    root = out_root if out_root is not None else default_external_root()
    result = fetch(source, reporter, partner, first, last, out_root=root,
                   progress=_progress(f"{SOURCES[source]}"),
                   warn=lambda message: click.echo(f"Warning: {message}", err=True), **options)
    sides = ", ".join(f"{side} {n}" for side, n in sorted(result.rows_by_reporter.items()))
    extra = "".join(f", {n} {name} rows" for name, n in result.tables.items() if name != "trade")
    click.echo(f"Wrote {result.rows} rows ({sides}){extra} from {result.requests} request(s) to {result.folder}")
    click.echo(f"Load it with tradebrief.load_trade({str(result.folder)!r}); it is git-ignored: do not commit it")
