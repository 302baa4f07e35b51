"""Errors the library raises. The CLI turns each into one ``Error:`` line and an exit code.

Every message says what failed, the value seen and what was expected, so that a user can fix
the input without reading a traceback.
"""
from __future__ import annotations

from pathlib import Path


class TradebriefError(Exception):
    """Base class: anything the package raises on purpose."""

    exit_code = 1


class UsageError(TradebriefError):
    """A parameter or option is wrong (unknown country, reversed years, unknown parameter)."""

    exit_code = 2


class DataError(TradebriefError):
    """A data file is missing, unreadable or breaks its schema.

    Carries the location so that tests and callers can check it without parsing the text.
    """

    def __init__(
        self,
        message: str,
        *,
        file: Path | str | None = None,
        row: int | None = None,
        column: str | None = None,
    ) -> None:
        self.file = str(file) if file is not None else None
        self.row = row
        self.column = column
        where = []
        if file is not None:
            where.append(str(file))
        if row is not None:
            where.append(f"row {row}")
        if column is not None:
            where.append(f"column '{column}'")
        prefix = ", ".join(where)
        super().__init__(f"{prefix}: {message}" if prefix else message)


class CountryError(UsageError):
    """A country name or code does not resolve to one ISO3 code."""


class RunError(TradebriefError):
    """A notebook run failed; the message names the notebook and the failing cell."""


class SourceError(TradebriefError):
    """A live data source failed (offline, unauthorised, rate-limited, malformed answer)."""
