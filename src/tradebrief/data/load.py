"""Load and validate the snapshot (or a user's data folder) into tidy pandas frames.

Every loader reads one CSV, checks it against its schema (built in `schema.py`), checks that each
row's `source_id` resolves in `sources.yaml`, and raises `DataError` naming the file, row and column
of the first problem. Rows are never dropped or altered.
"""
from __future__ import annotations

import csv
import functools
import io
import math
import re
from pathlib import Path

import pandas as pd
import pandera.errors as pa_errors

from tradebrief.data.facts import mark_preferred, source_list
from tradebrief.data.schema import (
    BOUNDS,
    RELIABILITY_GRADES,
    SCOPES,
    TABLES,
    Table,
    describe,
    field_for,
    pandera_schema,
)
from tradebrief.data.yaml_safe import excerpt, parse_yaml
from tradebrief.errors import DataError

SOURCES_FILE = "sources.yaml"
SOURCE_FIELDS = ("publisher", "url", "retrieved", "quote", "language", "reliability")
_TRUE, _FALSE = {"true", "True", "TRUE", "1"}, {"false", "False", "FALSE", "0"}


def default_data_dir() -> Path:
    """The data folder: $TRADEBRIEF_DATA, else the shipped snapshot (`data.settings`)."""
    from tradebrief.data.settings import current

    return current().snapshot


def _dir(data_dir: str | Path | None) -> Path:
    path = Path(data_dir) if data_dir is not None else default_data_dir()
    if not path.is_dir():
        raise DataError(
            f"data folder not found; expected a folder holding {SOURCES_FILE} and raw/*.csv "
            "(set --data-dir or TRADEBRIEF_DATA)", file=path)
    return path


#: Bounds on one data file, checked before pandas parses it, so that a small hostile file cannot
#: cost gigabytes (a header with a million column names, a megabyte cell). Each is far above every
#: shipped file (the largest, raw/trade.csv, is ~30 KB, 16 columns, lines under 1,000 characters).
MAX_FILE_BYTES = 32 * 1024 * 1024
MAX_COLUMNS = 64
MAX_LINE_CHARS = 100_000
MAX_CELL_CHARS = 20_000
#: Largest magnitude any numeric cell may hold: larger finite numbers (1.7e308) overflow the
#: arithmetic downstream. US$ values have their own, tighter bound in the schema (PLAUSIBLE_MAX_USD).
MAX_MAGNITUDE = 1e15


def _read_text(path: Path) -> str:
    if not path.is_file():
        raise DataError("file not found; every data folder needs it (see data/README.md)", file=path)
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise DataError(f"file holds {size:,} bytes; at most {MAX_FILE_BYTES:,} are read (a data file of "
                        "figures with citations is far smaller); split or trim it", file=path)
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DataError(
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x} on line {line}); save the file as UTF-8",
            file=path, row=line) from None
    text = text.removeprefix("\ufeff")
    if not text.strip():
        raise DataError("file is empty; expected a header row and data rows", file=path)
    return text


def load_sources(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Citations: one row per source_id with publisher, url, retrieved, quote, language, reliability."""
    path = _dir(data_dir) / SOURCES_FILE
    if not path.is_file():
        _read_text(path)  # raises the file-not-found error
    stat = path.stat()
    return _load_sources_cached(str(path.resolve()), stat.st_mtime_ns, stat.st_size).copy()


@functools.lru_cache(maxsize=16)
def _load_sources_cached(path_text: str, mtime_ns: int, size: int) -> pd.DataFrame:
    """Parse sources.yaml once per file version (it is read by every loader and notebook)."""
    path = Path(path_text)
    text = _read_text(path)
    doc = parse_yaml(text, name=str(path), error=DataError)  # bounded: depth, aliases, size, duplicate keys
    entries = doc.get("sources") if isinstance(doc, dict) else None
    if not isinstance(entries, dict) or not entries:
        raise DataError("expected a top-level 'sources:' mapping of source_id → citation", file=path)
    rows = []
    for source_id, entry in entries.items():
        if not isinstance(entry, dict):
            raise DataError(f"source {source_id!r} is not a mapping", file=path, column=str(source_id))
        for key in SOURCE_FIELDS:
            if entry.get(key) in (None, ""):
                raise DataError(f"source {source_id!r} lacks '{key}'; every citation needs "
                                f"{', '.join(SOURCE_FIELDS)}", file=path, column=key)
        if entry["reliability"] not in RELIABILITY_GRADES:
            raise DataError(f"source {source_id!r} has reliability {entry['reliability']!r}; expected one of "
                            f"{', '.join(RELIABILITY_GRADES)}", file=path, column="reliability")
        rows.append({"source_id": str(source_id), **{k: str(entry[k]) for k in SOURCE_FIELDS},
                     "via": str(entry.get("via", ""))})
    return pd.DataFrame(rows).sort_values("source_id", ignore_index=True)


def csv_error(exc: Exception, path: Path) -> DataError:
    """pandas' parser message (often two lines, no advice) as one line that says how to fix the file."""
    text = " ".join(str(exc).split())
    if m := re.search(r"Expected (\d+) fields in line (\d+), saw (\d+)", text):
        expected, line, seen = m.groups()
        return DataError(f"line {line} has {seen} fields but the header has {expected}; put values that contain "
                         'commas in double quotes ("a, b") or remove the extra commas', file=path, row=int(line))
    if m := re.search(r"EOF inside string starting at row (\d+)", text):
        return DataError('a double quote opened here is never closed; close it or write a literal quote as ""',
                         file=path, row=int(m.group(1)) + 1)
    return DataError(f"not a readable CSV ({text[:120]}); check the commas and double quotes", file=path)


def check_csv_shape(text: str, path: Path) -> None:
    """Bounds and shape before pandas parses: columns, line and cell length, the same number of
    fields on every row. pandas pads a short row with empty cells, so a `;`-separated row or a
    stray double quote would otherwise surface as a wrong value in the last column."""
    for number, line in enumerate(text.split("\n"), start=1):  # as the csv reader counts lines
        if len(line) > MAX_LINE_CHARS:
            raise DataError(f"line {number} has {len(line):,} characters; at most {MAX_LINE_CHARS:,} per line",
                            file=path, row=number)
    old_limit = csv.field_size_limit()
    csv.field_size_limit(MAX_CELL_CHARS)
    reader = csv.reader(io.StringIO(text))
    width, start = None, 1
    try:
        for record in reader:
            line, start = start, reader.line_num + 1  # the record began where the previous one ended
            if not record:
                continue  # a blank line (pandas skips it too)
            if width is None:
                width = len(record)
                if width > MAX_COLUMNS:
                    raise DataError(f"the header has {width:,} columns; at most {MAX_COLUMNS} (a data file "
                                    "has at most 16)", file=path, row=1)
                continue
            if len(record) != width:
                raise DataError(_field_count_message(record, width, line), file=path, row=line)
    except csv.Error as exc:
        raise DataError(f"line {start}: a cell is longer than {MAX_CELL_CHARS:,} characters or unreadable "
                        f"({excerpt(str(exc), 60)}); check the double quotes", file=path, row=start) from None
    finally:
        csv.field_size_limit(old_limit)


def _field_count_message(record: list[str], width: int, line: int) -> str:
    """Why a row has another number of fields than the header, and how to fix it."""
    fields = f"{len(record)} field{'s' if len(record) != 1 else ''}"
    if len(record) > width:
        return (f"line {line} has {fields} but the header has {width}; put values that contain commas in "
                'double quotes ("a, b") or remove the extra commas')
    if any("\n" in cell for cell in record):
        return (f"line {line} has {fields} but the header has {width}: a double quote opened here is never "
                'closed; close it or write a literal quote as ""')
    if any(";" in cell for cell in record):
        return (f"line {line} has {fields} but the header has {width}; is the file ';'-separated? separate "
                'values with commas and put values that contain commas in double quotes ("a, b")')
    return (f"line {line} has {fields} but the header has {width}; add the missing values (an empty cell is "
            'a gap) and put values that contain commas in double quotes ("a, b")')


def _read_table(table: Table, data_dir: Path) -> pd.DataFrame:
    path = data_dir / table.file
    text = _read_text(path)
    check_csv_shape(text, path)
    try:
        frame = pd.read_csv(io.StringIO(text), dtype=str, keep_default_na=False, na_values=[""])
    except (pd.errors.ParserError, pd.errors.EmptyDataError) as exc:
        raise csv_error(exc, path) from None
    for name, default in table.optional.items():  # absent or empty: the documented default
        if default.startswith("=") and default[1:] not in frame.columns:
            continue  # the copied column is missing: reported below
        fill = frame[default[1:]] if default.startswith("=") else (default or None)
        frame[name] = frame[name].where(frame[name].notna(), fill) if name in frame.columns else fill
    missing = [c for c in table.columns if c not in frame.columns]
    if missing:
        raise DataError(f"missing column(s) {', '.join(repr(c) for c in missing)}; expected columns: "
                        f"{', '.join(table.columns)}", file=path, column=missing[0])
    extra = [c for c in frame.columns if c not in table.columns]
    if extra:
        named = ", ".join(excerpt(c, 40) for c in extra[:5]) + (f" and {len(extra) - 5} more" if len(extra) > 5 else "")
        raise DataError(f"unexpected column(s) {named}; expected columns: {', '.join(table.columns)}",
                        file=path, column=str(extra[0])[:40])
    if frame.empty and not table.may_be_empty:
        raise DataError("has a header but no data rows", file=path)
    for name in table.columns:
        dtype = field_for(table, name).dtype
        if dtype == "bool":
            frame[name] = _parse_bool(frame[name], path, name)
        elif dtype in ("int", "float"):
            _refuse_non_finite(frame[name], path, name)
    return frame[list(table.columns)]


def _refuse_non_finite(column: pd.Series, path: Path, name: str) -> None:
    """NaN and ±inf are not figures, nor are magnitudes beyond MAX_MAGNITUDE: a cell is a plausible
    finite number or empty (a gap)."""
    for idx, value in column.items():
        if not isinstance(value, str) or not value.strip():
            continue
        try:
            number = float(value)
        except ValueError:
            continue  # not a number at all: the schema check reports it
        if not math.isfinite(number):
            raise DataError(f"value {excerpt(value)} is not a finite number; leave the cell empty for a gap",
                            file=path, row=int(idx) + 2, column=name)
        if abs(number) > MAX_MAGNITUDE:
            raise DataError(f"value {excerpt(value)} is implausibly large (beyond ±{MAX_MAGNITUDE:g}); "
                            "check the unit and the digits", file=path, row=int(idx) + 2, column=name)


def _parse_bool(column: pd.Series, path: Path, name: str) -> pd.Series:
    for idx, value in column.items():
        if value not in _TRUE and value not in _FALSE:
            raise DataError(f"value {excerpt(value)} is not true or false", file=path, row=int(idx) + 2, column=name)
    return column.map(lambda v: v in _TRUE).astype(bool)


def _validate(table: Table, frame: pd.DataFrame, path: Path) -> pd.DataFrame:
    try:
        return pandera_schema(table).validate(frame, lazy=True)
    except pa_errors.SchemaErrors as exc:
        cases = exc.failure_cases
        cases = cases[cases["index"].notna()] if cases["index"].notna().any() else cases
        first = cases.sort_values(["index", "column"], na_position="last").iloc[0]
        row = int(first["index"]) + 2 if pd.notna(first["index"]) else None
        raise DataError(f"value {_show(first['failure_case'])} is not {describe(str(first['check']))}",
                        file=path, row=row, column=first["column"]) from None


def _show(value: object) -> str:
    """A failing cell as the user wrote it: '5.1bn' quoted, -5790000000 without numpy noise."""
    if isinstance(value, str):
        return excerpt(value)  # a cell may be 20,000 characters: echo the start only
    try:
        number = float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return repr(value)
    return str(int(number)) if number.is_integer() else repr(number)


def _check_keys(table: Table, frame: pd.DataFrame, path: Path) -> None:
    dup = frame.duplicated(list(table.key), keep="first")
    if dup.any():
        idx = int(dup.idxmax())
        key = ", ".join(f"{k}={excerpt(frame.at[idx, k])}" for k in table.key)  # a cell may be long or multi-line
        first = int(frame[(frame[list(table.key)] == frame.loc[idx, list(table.key)]).all(axis=1)].index[0])
        raise DataError(f"duplicate key ({key}), same as row {first + 2}; each "
                        f"({', '.join(table.key)}) must be unique", file=path, row=idx + 2, column=table.key[0])


def _check_sources(frame: pd.DataFrame, sources: pd.DataFrame, path: Path) -> None:
    known = set(sources["source_id"])
    for idx, sid in frame["source_id"].items():
        if sid not in known:
            raise DataError(f"source_id {excerpt(sid)} does not resolve in {SOURCES_FILE}; add the citation "
                            "there or fix the id", file=path, row=int(idx) + 2, column="source_id")
    if "source_ids" not in frame:
        return
    for idx, ids in frame["source_ids"].items():
        listed = source_list(ids)
        if not listed or listed[0] != frame.at[idx, "source_id"]:
            raise DataError(f"source_ids {excerpt(ids)} must list the row's source_id "
                            f"{frame.at[idx, 'source_id']!r} first", file=path, row=int(idx) + 2,
                            column="source_ids")
        for sid in listed:
            if sid not in known:
                raise DataError(f"source id {excerpt(sid)} in source_ids does not resolve in {SOURCES_FILE}",
                                file=path, row=int(idx) + 2, column="source_ids")


def _significant_digits(value: float) -> str:
    """The digits a figure is written with, without sign, point and leading or trailing zeros
    (5790000000 → '579'); '' when the float has no plain decimal form."""
    text = f"{abs(value):.15g}"
    return "" if "e" in text else text.replace(".", "").strip("0")


def _check_quoted_values(frame: pd.DataFrame, path: Path) -> None:
    """A US$ figure must be the number its row's wording states: the figure's significant digits
    appear among the wording's digits ('$5.79 billion', '1,46 млрд.', '50.8亿美元', '3 млрд 88 млн').
    So a value changed without its quote (or a quote pasted beside another figure) is refused
    where it enters, instead of printing one number beside a quote that says another."""
    if "value_text" not in frame or "value_usd" not in frame:
        return
    for idx, value, wording in frame[["value_usd", "value_text"]].itertuples():
        if pd.isna(value) or not isinstance(wording, str) or not re.search(r"\d", wording):
            continue
        wanted = _significant_digits(float(value))
        written = re.sub(r"\D", "", wording)
        if wanted and wanted not in written and wanted.replace("0", "") not in written.replace("0", ""):
            raise DataError(f"value_usd {_show(value)} is not the number its wording states "
                            f"({excerpt(wording)}); change the figure and its value_text together",
                            file=path, row=int(idx) + 2, column="value_usd")


def load_table(name: str, data_dir: str | Path | None = None) -> pd.DataFrame:
    """Load one table by name, validated, with its citation's reliability grade attached."""
    if name not in TABLES:
        raise DataError(f"unknown dataset {name!r}; expected one of {', '.join(TABLES)}")
    table = TABLES[name]
    folder = _dir(data_dir)
    sources = load_sources(folder)
    path = folder / table.file
    frame = _validate(table, _read_table(table, folder), path)
    _check_keys(table, frame, path)
    _check_quoted_values(frame, path)
    _check_sources(frame, sources, path)
    grades = sources.set_index("source_id")["reliability"]
    frame["reliability"] = frame["source_id"].map(grades)
    return frame


def load_trade(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Goods trade figures, both sides, annual and part-year, with `preferred` and `full_year` marked."""
    frame = load_table("trade", data_dir)
    frame["full_year"] = frame["period"] == frame["year"].astype(str)
    frame["preferred"] = mark_preferred(frame, ("period", "reporter", "economy", "partner", "flow"))
    return frame


def load_partners(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Partner ranks and shares, with `preferred` marked per (period, reporter, economy, partner, flow)."""
    frame = load_table("partners", data_dir)
    # exactness of a standing: a rank backed by printed shares before a bare rank (data/README.md)
    exactness = frame["share_pct"].notna().map({True: "exact", False: "rounded"})
    frame["preferred"] = mark_preferred(frame.assign(bound=exactness), ("period", "reporter", "economy", "partner", "flow"))
    return frame


def load_totals(data_dir: str | Path | None = None) -> pd.DataFrame:
    """An economy's total exports, imports and balances."""
    return load_table("totals", data_dir)


def load_products(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Product groups traded: values, shares, or named only."""
    return load_table("products", data_dir)


def load_agreements(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Documents signed or announced, with dates as given (YYYY, YYYY-MM or YYYY-MM-DD)."""
    return load_table("agreements", data_dir)


def load_events(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Visits, sanctions, war events and partnership upgrades."""
    return load_table("events", data_dir)


def load_rail(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Rail-corridor measures, each in the unit the source used."""
    return load_table("rail", data_dir)


def load_labels(data_dir: str | Path | None = None) -> pd.DataFrame:
    """China's 'all-weather' partnership labels."""
    return load_table("labels", data_dir)


def load_changes(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Growth rates and ratios the sources print (period, base period, side, flow, scope, citation)."""
    return load_table("changes", data_dir)


def load_disagreements(data_dir: str | Path | None = None) -> pd.DataFrame:
    """Printed changes that disagree with computed growth beyond rounding, with the reason."""
    return load_table("disagreements", data_dir)


LOADERS = {
    "trade": load_trade, "partners": load_partners, "totals": load_totals, "products": load_products,
    "agreements": load_agreements, "events": load_events, "rail": load_rail, "labels": load_labels,
    "changes": load_changes, "disagreements": load_disagreements,
}

__all__ = ["BOUNDS", "SCOPES", "LOADERS", "default_data_dir", "load_table", "mark_preferred"] + [
    f"load_{n}" for n in LOADERS] + ["load_sources"]
