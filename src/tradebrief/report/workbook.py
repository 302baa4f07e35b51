"""tables.xlsx: the report's tables for people who work in a spreadsheet.

One sheet per `tables/*.csv` (the same rows and columns, numbers as numbers) and a `sources`
sheet with the citation of every source the tables name (in a `source_id`, `source_ids` or
`*_source_id` column), not the whole snapshot's list. Two rules beyond layout:

- Text is never a formula. A cell from the data that starts with `=`, `+`, `-` or `@` (a
  `=HYPERLINK(…)` in a user's sources.yaml, a negative-looking label) is stored as a string with
  Excel's quote prefix, so opening the file, or editing the cell, never evaluates it.
- Same tables → same bytes. The workbook's created/modified times come from SOURCE_DATE_EPOCH
  (else 1970-01-01) and every zip entry carries one fixed timestamp.
"""
from __future__ import annotations

import datetime as dt
import io
import re
import unicodedata
import zipfile
from pathlib import Path

import pandas as pd

from tradebrief.errors import UsageError
from tradebrief.neutralise import plain_cell

WORKBOOK_NAME = "tables.xlsx"
SOURCES_SHEET = "sources"
SOURCE_COLUMNS = ("source_id", "publisher", "url", "retrieved", "quote", "language", "reliability", "via")
#: Excel's limits: sheet names of at most 31 characters without []:*?/\ ; a cell of 32,767 characters.
SHEET_NAME_MAX = 31
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
CELL_MAX = 32_767
#: A CSV value that is a number: optional sign, no leading zero (an HS code "010121" stays text).
_NUMBER = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|-?0?\.\d+(?:[eE][-+]?\d+)?")
_INT = re.compile(r"-?(?:0|[1-9]\d{0,14})")  # up to 15 digits: exact in a spreadsheet's double
_BOOLEANS = {"True": True, "False": False, "true": True, "false": False}
FORMULA_START = ("=", "+", "-", "@")
WIDTH_MIN, WIDTH_MAX = 6, 60
ZIP_TIME = (1980, 1, 1, 0, 0, 0)  # the earliest time a zip entry can carry


#: Columns that name sources: `source_id`, `source_ids`, `economy_source_id`, … (ids split on ; , or space).
_SOURCE_COLUMN = re.compile(r"(?:^|_)source_ids?$")
_ID_SEPARATORS = re.compile(r"[;,\s]+")


def cited_ids(tables: dict[str, pd.DataFrame]) -> set[str]:
    """The source ids the tables name."""
    ids: set[str] = set()
    for frame in tables.values():
        for column in (c for c in frame.columns if _SOURCE_COLUMN.search(str(c))):
            for value in frame[column].dropna().astype(str):
                ids.update(i for i in _ID_SEPARATORS.split(value) if i)
    return ids


def sheet_names(stems: list[str]) -> list[str]:
    """Valid, unique (case-insensitively, and not 'sources') sheet names for the table names."""
    taken = {SOURCES_SHEET}
    out = []
    for stem in stems:
        base = _SHEET_BAD.sub("_", stem).strip("'") or "table"
        name, n = base[:SHEET_NAME_MAX], 1
        while name.casefold() in taken:
            n += 1
            suffix = f"~{n}"
            name = base[:SHEET_NAME_MAX - len(suffix)] + suffix
        taken.add(name.casefold())
        out.append(name)
    return out


def _fixed_time() -> dt.datetime:
    """The workbook's created/modified time: SOURCE_DATE_EPOCH, else the Unix epoch."""
    from tradebrief.data.settings import current

    return dt.datetime.fromtimestamp(current().source_date_epoch, tz=dt.UTC).replace(tzinfo=None)


def _column_values(values: pd.Series) -> list[object]:
    """A CSV column as cell values: all numbers → numbers (ints exact), all True/False → booleans, else text."""
    filled = [v for v in values if v != ""]
    if filled and all(v in _BOOLEANS for v in filled):
        return [None if v == "" else _BOOLEANS[v] for v in values]
    if filled and all(_NUMBER.fullmatch(v) for v in filled):
        out: list[object] = []
        for v in values:
            if v == "":
                out.append(None)
            elif _INT.fullmatch(v):
                out.append(int(v))
            else:
                out.append(float(v))
        return out
    return [None if v == "" else v for v in values]


def _text(value: str) -> str:
    """A string a cell can hold: control characters replaced, length within Excel's limit."""
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    text = ILLEGAL_CHARACTERS_RE.sub("\ufffd", value)
    return text if len(text) <= CELL_MAX else text[:CELL_MAX - 1] + "…"


def _display_width(value: object) -> int:
    text = f"{value:,}" if isinstance(value, int | float) and not isinstance(value, bool) else str(value)
    longest = max((len(line) + sum(unicodedata.east_asian_width(c) in "WF" for c in line)
                   for line in text.splitlines() or [""]), default=0)
    return longest


def _fill_sheet(sheet, frame: pd.DataFrame) -> None:
    """Header (bold, frozen, filterable), rows, widths; text starting like a formula stays text."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    columns = [str(c) for c in frame.columns]
    sheet.append([_text(c) for c in columns])
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = Alignment(vertical="top")
    converted = [_column_values(frame[c]) for c in frame.columns]
    widths = [_display_width(c) for c in columns]
    for i in range(len(frame)):
        row = []
        for j, values in enumerate(converted):
            value = values[i]
            row.append(_text(value) if isinstance(value, str) else value)
            if value is not None:
                widths[j] = max(widths[j], _display_width(value))
        sheet.append(row)
    for row in sheet.iter_rows(min_row=1):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                cell.data_type = "s"  # openpyxl took it for a formula; it is text
                cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
            elif isinstance(cell.value, int | float) and cell.row > 1 and "usd" in columns[cell.column - 1]:
                cell.number_format = "#,##0.###"
    for j, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(j)].width = max(WIDTH_MIN, min(WIDTH_MAX, width + 2))
    sheet.freeze_panes = "A2"
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, len(frame) + 1)}"


def _normalized_zip(data: bytes) -> bytes:
    """The same archive with one fixed timestamp and fixed attributes on every entry."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            fixed.create_system = 3
            target.writestr(fixed, source.read(info.filename), compresslevel=6)
    return out.getvalue()


def build_workbook(tables: dict[str, pd.DataFrame], sources: pd.DataFrame) -> bytes:
    """The workbook's bytes: a sheet per table (in the given order), then the sheet of the sources they name."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook()
    book.remove(book.active)
    for name, frame in zip(sheet_names(list(tables)), tables.values(), strict=True):
        _fill_sheet(book.create_sheet(name), frame)
    if "source_id" in sources.columns:
        sources = sources[sources["source_id"].astype(str).isin(cited_ids(tables))]
    cited = sources.astype(str).reindex(columns=[c for c in SOURCE_COLUMNS if c in sources.columns])
    _fill_sheet(book.create_sheet(SOURCES_SHEET), cited.sort_values("source_id", kind="mergesort")
                .reset_index(drop=True) if "source_id" in cited else cited)
    when = _fixed_time()
    book.properties.created = when
    book.properties.modified = when
    book.properties.creator = "tradebrief"
    buffer = io.BytesIO()
    archive = zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True)
    ExcelWriter(book, archive).save()  # not save_workbook(): it stamps the current time as 'modified'
    return _normalized_zip(buffer.getvalue())


def read_tables(folder: Path) -> dict[str, pd.DataFrame]:
    """Every `*.csv` of a tables folder as text columns (numbers converted per column later)."""
    out = {}
    for path in sorted(folder.glob("*.csv")):
        try:
            frame = pd.read_csv(path, dtype=str, keep_default_na=False, na_filter=False)
            # the CSVs guard formula-like text with a `'`; the workbook guards it its own way
            frame.columns = [plain_cell(c) for c in frame.columns]
            out[path.stem] = frame.map(plain_cell)
        except pd.errors.EmptyDataError:
            out[path.stem] = pd.DataFrame()
    return out


def write_workbook(report_dir: Path, sources: pd.DataFrame) -> Path:
    """Write <report_dir>/tables.xlsx from <report_dir>/tables/*.csv and the citations; return its path."""
    report_dir = Path(report_dir)
    folder = report_dir / "tables"
    if not folder.is_dir():
        raise UsageError(f"{folder} does not exist; write the report's tables before the workbook")
    target = report_dir / WORKBOOK_NAME
    data = build_workbook(read_tables(folder), sources)
    partial = target.with_name(target.name + ".part")
    partial.write_bytes(data)
    partial.replace(target)
    return target
