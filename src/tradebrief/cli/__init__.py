"""The `tradebrief` command. The library raises; this package prints one line and exits.

Each sub-command lives in its own module and registers itself on `main`. Those modules import
only click at the top and the library inside the command, so `tradebrief --help` (and a typo)
answers without importing pandas, pandera, papermill or matplotlib.
"""
from __future__ import annotations

import sys

import click

from tradebrief.errors import TradebriefError


class _Group(click.Group):
    """Turns package errors into `Error: ...` on stderr with the error's exit code."""

    def invoke(self, ctx: click.Context):
        from tradebrief.run.lifeline import Terminated, exit_now, sigterm_raises

        debug = bool(ctx.params.get("debug"))
        try:
            with sigterm_raises():  # SIGTERM cleans up as Ctrl-C does: workers and kernels stopped
                return super().invoke(ctx)
        except TradebriefError as exc:
            if debug:
                raise
            from tradebrief.neutralise import visible_controls

            # one line, whatever the message echoes (a file name with a newline, an ESC sequence)
            click.echo(f"Error: {visible_controls(str(exc), one_line=True)}", err=True)
            sys.exit(exc.exit_code)
        except KeyboardInterrupt as exc:
            if debug:
                raise
            what = "Terminated" if isinstance(exc, Terminated) else "Interrupted"
            click.echo(f"{what}: stopped; the previous report, if any, is unchanged.", err=True)
            exit_now(143 if isinstance(exc, Terminated) else 130)


@click.group(cls=_Group, context_settings={"help_option_names": ["-h", "--help"]})
@click.option("--debug", is_flag=True, help="Show full tracebacks instead of one-line errors.")
@click.version_option(package_name="tradebrief")
def main(debug: bool) -> None:
    """tradebrief: sourced analysis of Belarus–China trade, notebooks and briefs.

    \b
    Example:
      tradebrief data                 # what the snapshot covers
      tradebrief run                  # render reports/BLR-CHN/
    """
    from tradebrief.data.settings import current

    current()  # the environment, checked before any command starts: a malformed variable is one error


from tradebrief.cli import data_cmd  # noqa: F401  (registers commands)

for _optional in ("run_cmd", "claims_cmd", "fetch_cmd", "batch_cmd", "verify_cmd"):
    try:
        __import__(f"{__name__}.{_optional}")
    except ModuleNotFoundError as _exc:  # a command whose module is not written yet
        if _exc.name != f"{__name__}.{_optional}":
            raise
