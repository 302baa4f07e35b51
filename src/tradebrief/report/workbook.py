"""tables.xlsx: the report's tables for people who work in a spreadsheet, not in pandas.

A `Notes` sheet first (what each sheet holds, the units, where the sources are), then one sheet per
`tables/*.csv` under a name in words, with headers in words, money in US$ millions with a number
format, every list of source ids in one format, and no plotting internals; a table whose rows equal
an earlier table's is not repeated (the notes name both files). A `Sources` sheet last cites every
source the tables name (in a `source_id`, `source_ids` or `*_source_id` column), not the whole
snapshot's list. The CSV files keep the codes and whole dollars for programs. Two rules beyond layout:

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
from tradebrief.text.headings import heading, name_in_words

WORKBOOK_NAME = "tables.xlsx"
SOURCES_SHEET = "Sources"
NOTES_SHEET = "Notes"
#: Money columns (`*_usd`) are shown in US$ millions with this format (no trailing '.' on whole numbers).
MONEY_SCALE, MONEY_UNIT = 1e6, "$ m"
MONEY_FORMAT = "#,##0.0##"
#: … and a whole number of millions without decimals ("5,790", not "5,790.0": no more precise than printed).
MONEY_FORMAT_WHOLE = "#,##0"
#: Columns a chart needs and a reader does not (the CSV files keep them).
HIDDEN_COLUMNS = frozenset({"x", "layer", "reason_code"})
#: Columns of country codes, shown as country names.
COUNTRY_COLUMNS = frozenset({"reporter", "economy", "partner"})
#: One format for every list of source ids in the workbook.
ID_JOIN = "; "

#: Known tables: CSV stem → (sheet name, what the sheet holds). Others get their stem in words.
SHEETS: dict[str, tuple[str, str]] = {
    "trade_series": ("Trade, every figure", ("Every trade figure held, one row per figure and source: "
                     "each side's statistics, statements and the other side's figures for the same flow.")),
    "trade_by_side": ("Trade by side", ("The figures the headline chart draws for each year, flow and "
                      "reporting side, and the latest part-year figure it shows (months under 'Period'); "
                      "other figures for the same cell are counted beside each.")),
    "trade_balance": ("Balance", ("The economy's exports to and imports from the partner, and the balance, each as "
                      "the side under 'Reported by' records them (the partner records the economy's exports as "
                      "its imports).")),
    "trade_flows": ("Both flows, chart", "The rows the chart of both flows and the balance draws."),
    "trade_growth": ("Change on year", "Change from the year before, where both years hold figures of one scope."),
    "trade_spread": ("Spread of figures", "How far the figures held for one year and flow differ."),
    "trade_mirror_gap": ("Both sides compared", ("Each side's figure for the same flow and year, side by side: "
                         "one side's exports are the other side's imports.")),
    "mirror_ratio": ("Both sides compared, chart", "The rows the chart of both sides' figures draws."),
    "trade_partial_year": ("Part-year figures", "Figures for part of a year (months given in 'Period')."),
    "trade_partner_standing": ("Partner standing", "The partner's rank and share among the reporter's partners."),
    "partner_standing": ("Partner standing, chart", "The rows the partner-standing chart draws."),
    "trade_timeline": ("Trade and events", "Trade figures and dated events (agreements, visits) in one list."),
    "agreements_documents": ("Agreements", "Every agreement, contract or package held, with its stated value."),
    "agreements_by_type": ("Agreements by type", ("Agreements counted by kind of document; values summed "
                           "only within one kind of value.")),
    "agreements_by_doc_type": ("Agreements by type, chart", "The rows the chart of agreements by type draws."),
    "corridor_all_rows": ("Rail corridor", "Every rail corridor figure held (trains, containers)."),
    "corridor_belarus_transit_teu": ("Rail transit via Belarus", "Containers (TEU) crossing Belarus by rail."),
    "rail_belarus_transit_teu": ("Rail transit via Belarus, chart", "The rows the chart of containers crossing Belarus draws."),
    "corridor_china_europe_trains": ("China–Europe trains", "China–Europe freight trains per year."),
    "rail_china_europe_trains": ("China–Europe trains, chart", "The rows the chart of China–Europe trains draws."),
    "claims": ("Claims checked", "Each claim checked against the figures: the verdict and why."),
    "claims_list": ("Claims checked", "Each claim checked against the figures: the verdict and why."),
}
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


def words(code: str) -> str:
    """A snake_case name in words: 'agreements_visit_2023_documents' → 'Agreements visit 2023 documents'."""
    return name_in_words(code)


def sheet_title(stem: str) -> str:
    """The sheet name for a table: its name in words (SHEETS), else its stem in words."""
    return SHEETS[stem][0] if stem in SHEETS else words(stem)


def header(column: str) -> str:
    """A column's header in words (`text.headings`, one table with the notebooks'), with the unit its
    cells hold: 'value_usd' → 'Value ($ m)', 'growth_pct' → 'Change (%)'."""
    column = str(column)
    text = heading(column)
    if _is_money(column):
        return f"{text} ({MONEY_UNIT})"
    return f"{text} (%)" if column.endswith("_pct") else text


def _is_money(column: str) -> bool:
    return str(column).endswith("_usd") or str(column) == "value_usd_sum"


def sheet_names(stems: list[str]) -> list[str]:
    """Valid, unique (case-insensitively, and not 'Notes' or 'Sources') sheet names for the table names."""
    taken = {SOURCES_SHEET.casefold(), NOTES_SHEET.casefold()}
    out = []
    for stem in stems:
        base = _SHEET_BAD.sub("_", sheet_title(stem)).strip("'") or "table"
        name, n = base[:SHEET_NAME_MAX], 1
        while name.casefold() in taken:
            n += 1
            suffix = f" ({n})"
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


def _for_readers(frame: pd.DataFrame) -> pd.DataFrame:
    """The table as a reader sees it: no plotting internals, source ids in one format (`a; b`, each
    once), countries by name."""
    from tradebrief.data.countries import country_name, valid_reporter

    out = frame.drop(columns=[c for c in frame.columns if str(c) in HIDDEN_COLUMNS])
    for column in (c for c in out.columns if _SOURCE_COLUMN.search(str(c))):
        out[column] = [ID_JOIN.join(dict.fromkeys(i for i in _ID_SEPARATORS.split(str(v)) if i)) for v in out[column]]
    for column in (c for c in out.columns if str(c) in COUNTRY_COLUMNS):
        out[column] = [country_name(v) if valid_reporter(v) else v for v in out[column]]
    return out


def _fill_sheet(sheet, frame: pd.DataFrame, *, headers: bool = True) -> None:
    """Header in words (bold, frozen, filterable), rows, widths; money in $ m with a number format;
    text starting like a formula stays text."""
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    bold = Font(bold=True)
    columns = [str(c) for c in frame.columns]
    titles = [header(c) for c in columns] if headers else columns
    sheet.append([_text(c) for c in titles])
    for cell in sheet[1]:
        cell.font = bold
        cell.alignment = Alignment(vertical="top", wrap_text=True)
    converted = [_column_values(frame[c]) for c in frame.columns]
    money = [_is_money(c) and all(v is None or isinstance(v, int | float) for v in values)
             for c, values in zip(columns, converted, strict=True)]
    converted = [[v / MONEY_SCALE if m and isinstance(v, int | float) and not isinstance(v, bool) else v
                  for v in values] for m, values in zip(money, converted, strict=True)]
    widths = [min(_display_width(t), 24) for t in titles]  # long headers wrap
    for i in range(len(frame)):
        row = []
        for j, values in enumerate(converted):
            value = values[i]
            row.append(_text(value) if isinstance(value, str) else value)
            if value is not None:
                widths[j] = max(widths[j], _display_width(round(value, 3)) if money[j] else _display_width(value))
        sheet.append(row)
    for row in sheet.iter_rows(min_row=1):
        for cell in row:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                cell.data_type = "s"  # openpyxl took it for a formula; it is text
                cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
            elif isinstance(cell.value, int | float) and cell.row > 1 and money[cell.column - 1]:
                cell.number_format = MONEY_FORMAT_WHOLE if float(cell.value).is_integer() else MONEY_FORMAT
    for j, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(j)].width = max(WIDTH_MIN, min(WIDTH_MAX, width + 2))
    sheet.freeze_panes = "A2"
    if columns:
        sheet.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, len(frame) + 1)}"


def distinct_tables(tables: dict[str, pd.DataFrame]) -> list[tuple[list[str], pd.DataFrame]]:
    """The tables in a reader's order (known tables in SHEETS order, then the rest as given), a table
    equal to an earlier one (same columns, same rows) folded into it: [(its CSV stems, frame)]."""
    known = {stem: i for i, stem in enumerate(SHEETS)}
    order = sorted(tables, key=lambda stem: (known.get(stem, len(known)), list(tables).index(stem)))
    out: list[tuple[list[str], pd.DataFrame]] = []
    for stem in order:
        frame = tables[stem]
        same = next((entry for entry in out if entry[1].shape == frame.shape
                     and list(entry[1].columns) == list(frame.columns) and entry[1].equals(frame)), None)
        if same is None:
            out.append(([stem], frame))
        else:
            same[0].append(stem)
    return out


NOTES_LINES = (
    "The report's tables, one sheet each; the same rows are in the report's tables/ folder as CSV files.",
    (f"Money: US dollars, in millions ({MONEY_UNIT}), converted from the whole dollars of the CSV files; "
    "a figure is as precise as its source printed it."),
    "Percent: per cent. Years: calendar years; a figure for part of a year names its months under 'Period'.",
    ("Exact or bound: 'exact' or 'rounded' as printed; 'approx' an approximate figure; 'lower' a lower bound "
    "(the source said 'over'), 'upper' an upper bound (it said 'under'): a bound is not the value."),
    ("Reported by: the side whose statistics or statement the figure is. One side's exports are the other "
    "side's imports; 'Whose flow' says which side's flow a row is where the two could be confused."),
    (f"Sources: the 'Source' and 'Sources' columns hold source ids ('{ID_JOIN.strip()}' between two); the "
    f"'{SOURCES_SHEET}' sheet gives each one's publisher, address, retrieval date and the quote the figure comes from."),
)


def _fill_notes(sheet, entries: list[tuple[str, list[str], pd.DataFrame]]) -> None:
    """The notes sheet: how to read the workbook, then what each sheet holds."""
    from openpyxl.styles import Alignment, Font

    bold = Font(bold=True)
    sheet.append(["What is in this workbook"])
    sheet["A1"].font = Font(bold=True, size=13)
    for line in NOTES_LINES:
        sheet.append([line])
    sheet.append([])
    sheet.append(["Sheet", "What it holds", "Rows", "CSV file(s) in tables/"])
    for cell in sheet[sheet.max_row]:
        cell.font = bold
    for name, stems, frame in entries:
        what = SHEETS[stems[0]][1] if stems[0] in SHEETS else ""
        sheet.append([_text(name), what, len(frame), ", ".join(f"{s}.csv" for s in stems)])
    sheet.append([SOURCES_SHEET, "Every source the tables name: publisher, address, retrieval date, quote.", None, ""])
    for column, width in zip("ABCD", (26, 90, 8, 40), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(vertical="top", wrap_text=True)


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
    """The workbook's bytes: the notes sheet, a sheet per distinct table, then the sources they name."""
    from openpyxl import Workbook
    from openpyxl.writer.excel import ExcelWriter

    book = Workbook()
    book.remove(book.active)
    notes = book.create_sheet(NOTES_SHEET)
    distinct = distinct_tables(tables)
    names = sheet_names([stems[0] for stems, _ in distinct])
    for name, (_stems, frame) in zip(names, distinct, strict=True):
        _fill_sheet(book.create_sheet(name), _for_readers(frame))
    _fill_notes(notes, [(name, stems, frame) for name, (stems, frame) in zip(names, distinct, strict=True)])
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
