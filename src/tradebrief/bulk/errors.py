"""Errors raised while reading BACI files: each names the file (and column) that failed."""
from __future__ import annotations

from pathlib import Path

from tradebrief.errors import CountryError, DataError


class BaciError(DataError):
    """A BACI file is missing, unreadable, or does not have BACI's layout."""


class BaciCountryError(CountryError):
    """A country resolves to ISO3 but the release's country file has no code for it."""

    def __init__(self, message: str, *, file: Path | str, column: str) -> None:
        self.file = str(file)
        self.column = column
        super().__init__(f"{file}, column '{column}': {message}")
