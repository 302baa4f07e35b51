"""tables.xlsx (report.workbook): a sheet per table, a sources sheet, numbers as numbers, text never a
formula, and the same bytes on every run."""
from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from tradebrief.errors import UsageError
from tradebrief.report import workbook as wb

openpyxl = pytest.importorskip("openpyxl")


@pytest.fixture(scope="module")
def report(tmp_path_factory) -> tuple[Path, pd.DataFrame]:
    """A real report's tables folder: the sections the notebooks save, from the shipped snapshot."""
    import tradebrief as tb
    from tradebrief.report import sections

    out = tmp_path_factory.mktemp("report")
    ctx = tb.ReportContext.load()
    for build in (sections.trade_section, sections.agreements_section, sections.corridor_section):
        build(ctx).save(out)
    return out, ctx.sources


def test_one_sheet_per_table_and_sources(report) -> None:
    out, sources = report
    path = wb.write_workbook(out, sources)
    assert path == out / "tables.xlsx"
    book = openpyxl.load_workbook(path)
    stems = sorted(p.stem for p in (out / "tables").glob("*.csv"))
    assert len(stems) > 5
    assert book.sheetnames == [*wb.sheet_names(stems), "sources"]
    for stem, sheet in zip(stems, book.worksheets, strict=False):
        frame = pd.read_csv(out / "tables" / f"{stem}.csv", dtype=str, keep_default_na=False)
        assert sheet.max_row == len(frame) + 1, stem
        assert [c.value for c in sheet[1]] == list(frame.columns), stem
        assert all(c.font.bold for c in sheet[1]), stem
        assert sheet.freeze_panes == "A2", stem
        assert len(sheet.title) <= 31
    # the sources the tables name, each once, and no other (not the whole snapshot's list)
    named = wb.cited_ids(wb.read_tables(out / "tables"))
    listed = [row[0].value for row in book["sources"].iter_rows(min_row=2)]
    assert listed == sorted(named) and set(listed) <= set(sources["source_id"])
    assert "belta-3e24e9" in listed and 0 < len(listed) < len(sources)
    assert [c.value for c in book["sources"][1]][:3] == ["source_id", "publisher", "url"]


def test_ids_are_read_from_every_column_that_names_sources() -> None:
    tables = {"a": pd.DataFrame({"source_ids": ["x y", "z;w"], "value": ["1", "2"]}),
              "b": pd.DataFrame({"economy_source_id": ["p"], "partner_source_id": [""], "resource": ["not-an-id"]})}
    assert wb.cited_ids(tables) == {"x", "y", "z", "w", "p"}


def test_numbers_are_numbers_and_codes_stay_text(report) -> None:
    out, sources = report
    book = openpyxl.load_workbook(wb.write_workbook(out, sources))
    series = book["trade_series"]
    header = [c.value for c in series[1]]
    years = [r[header.index("year")] for r in series.iter_rows(min_row=2, values_only=True)]
    values = [r[header.index("value_usd")] for r in series.iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(y, int) and 2010 <= y <= 2025 for y in years)
    assert all(v is None or isinstance(v, int | float) for v in values) and any(isinstance(v, int) for v in values)
    frame = pd.read_csv(out / "tables" / "trade_series.csv")
    assert sorted(v for v in values if v is not None) == sorted(frame["value_usd"].dropna().tolist())
    # Unit level: HS codes with a leading zero and mixed columns stay text; empty cells are empty.
    cols = wb._column_values(pd.Series(["010121", "2", ""]))
    assert cols == ["010121", "2", None]
    assert wb._column_values(pd.Series(["2022", "-5.5", "1e9", ""])) == [2022, -5.5, 1e9, None]
    assert wb._column_values(pd.Series(["2022", "2023-01..2023-05"])) == ["2022", "2023-01..2023-05"]
    assert wb._column_values(pd.Series(["True", "False"])) == [True, False]


def test_widths_fit_the_text(report) -> None:
    out, sources = report
    sheet = openpyxl.load_workbook(wb.write_workbook(out, sources))["sources"]
    widths = {c: sheet.column_dimensions[c].width for c in "ABCDEFGH"}
    assert widths["A"] >= max(len(str(v)) for v in sources["source_id"])  # ids are short: fully shown
    assert widths["E"] == wb.WIDTH_MAX  # quotes are long: capped
    assert all(wb.WIDTH_MIN <= w <= wb.WIDTH_MAX for w in widths.values())


def test_text_that_looks_like_a_formula_is_text(tmp_path: Path) -> None:
    (tmp_path / "tables").mkdir()
    hostile = ['=HYPERLINK("http://evil.example/","x")', "+1+1", "-2+3", "@SUM(A1)", "=1+1", "\x01ctl"]
    pd.DataFrame({"note": hostile, "value": [1, 2, 3, 4, 5, 6], "source_id": ["a"] * 6}).to_csv(
        tmp_path / "tables" / "t.csv", index=False)
    sources = pd.DataFrame([{"source_id": "a", "publisher": "=cmd|' /C calc'!A0", "url": "https://e.org",
                             "retrieved": "2026", "quote": "-q", "language": "en", "reliability": "secondary"}])
    path = wb.write_workbook(tmp_path, sources)
    book = openpyxl.load_workbook(path)
    cells = [c for s in book.worksheets for row in s.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    notes = [c.value for c in book["t"]["A"][1:]]
    assert notes[:5] == hostile[:5] and notes[5] == "\ufffdctl"
    assert all(c.quotePrefix for c in book["t"]["A"][1:6])
    assert book["sources"]["B2"].value.startswith("=") and book["sources"]["B2"].data_type == "s"
    with zipfile.ZipFile(path) as archive:
        sheet_xml = b"".join(archive.read(n) for n in archive.namelist() if n.startswith("xl/worksheets/"))
    assert b"<f>" not in sheet_xml and b"<f " not in sheet_xml


def test_same_tables_same_bytes(report, tmp_path: Path, monkeypatch) -> None:
    out, sources = report
    first = hashlib.sha256(wb.write_workbook(out, sources).read_bytes()).hexdigest()
    import time

    time.sleep(2.1)  # zip timestamps have a 2-second resolution
    second = hashlib.sha256(wb.write_workbook(out, sources).read_bytes()).hexdigest()
    assert first == second
    with zipfile.ZipFile(out / "tables.xlsx") as archive:
        assert {i.date_time for i in archive.infolist()} == {wb.ZIP_TIME}
        core = archive.read("docProps/core.xml").decode()
    assert "1970-01-01T00:00:00Z" in core
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    with zipfile.ZipFile(wb.write_workbook(out, sources)) as archive:
        assert "2023-11-14T22:13:20Z" in archive.read("docProps/core.xml").decode()
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    with pytest.raises(UsageError, match="SOURCE_DATE_EPOCH"):
        wb.write_workbook(out, sources)


def test_sheet_names_are_valid_and_unique() -> None:
    names = wb.sheet_names(["a" * 40, "a" * 40 + "b", "sources", "x/y:z?", "Sources", "A" * 31])
    assert all(len(n) <= 31 for n in names)
    assert len({n.casefold() for n in [*names, "sources"]}) == len(names) + 1
    assert names[3] == "x_y_z_"


def test_no_tables_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="tables"):
        wb.write_workbook(tmp_path, pd.DataFrame(columns=list(wb.SOURCE_COLUMNS)))
