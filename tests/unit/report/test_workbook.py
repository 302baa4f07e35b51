"""tables.xlsx (report.workbook): a sheet per table, a sources sheet, numbers as numbers, text never a
formula, and the same bytes on every run."""
from __future__ import annotations

import hashlib
import re
import zipfile
from pathlib import Path

import pandas as pd
import pytest

from tradebrief.data.countries import country_name
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


def test_notes_first_then_one_sheet_per_distinct_table_then_sources(report) -> None:
    out, sources = report
    path = wb.write_workbook(out, sources)
    assert path == out / "tables.xlsx"
    book = openpyxl.load_workbook(path)
    tables = wb.read_tables(out / "tables")
    distinct = wb.distinct_tables(tables)
    assert len(distinct) > 5
    assert book.sheetnames == ["Notes", *wb.sheet_names([stems[0] for stems, _ in distinct]), "Sources"]
    # no two sheets hold the same rows; every CSV file is in one sheet, and the notes name it
    assert sorted(s for stems, _ in distinct for s in stems) == sorted(tables)
    notes = [c for row in book["Notes"].iter_rows(values_only=True) for c in row if isinstance(c, str)]
    for stems, _ in distinct:
        assert ", ".join(f"{s}.csv" for s in stems) in notes, stems
    assert any("US dollars, in millions" in line for line in notes)
    for sheet in book.worksheets[1:]:
        stems = next(stems for (stems, _), name in zip(distinct, book.sheetnames[1:], strict=False)
                     if name == sheet.title) if sheet.title != "Sources" else None
        frame = tables[stems[0]] if stems else sources
        headers = [c.value for c in sheet[1]]
        assert sheet.max_row == len(frame) + 1 or stems is None, sheet.title
        assert all(c.font.bold for c in sheet[1]), sheet.title
        assert sheet.freeze_panes == "A2", sheet.title
        assert len(sheet.title) <= 31 and "_" not in sheet.title, sheet.title
        # headers in words: none is a snake_case code, and no plotting internals
        assert not [h for h in headers if re.fullmatch(r"[a-z0-9]+(?:_[a-z0-9]+)*", str(h))], (sheet.title, headers)
        assert not {"x", "layer", "X", "Layer"} & set(headers), sheet.title
    # the sources the tables name, each once, and no other (not the whole snapshot's list)
    named = wb.cited_ids(tables)
    listed = [row[0].value for row in book["Sources"].iter_rows(min_row=2)]
    assert listed == sorted(named) and set(listed) <= set(sources["source_id"])
    assert "belta-3e24e9" in listed and 0 < len(listed) < len(sources)
    assert [c.value for c in book["Sources"][1]][:3] == ["Source", "Publisher", "Address"]


def test_known_duplicates_are_one_sheet() -> None:
    same = pd.DataFrame({"year": ["2022"], "value_usd": ["1"]})
    other = pd.DataFrame({"year": ["2023"], "value_usd": ["1"]})
    tables = {"mirror_ratio": same, "trade_mirror_gap": same.copy(), "zeta": other, "trade_series": other.copy()}
    distinct = wb.distinct_tables(tables)
    assert [stems for stems, _ in distinct] == [["trade_series", "zeta"], ["trade_mirror_gap", "mirror_ratio"]]


def test_money_in_millions_with_a_format_and_one_id_format(report) -> None:
    out, sources = report
    book = openpyxl.load_workbook(wb.write_workbook(out, sources))
    series = book[wb.sheet_title("trade_series")]
    header = [c.value for c in series[1]]
    col = header.index("Value ($ m)")
    frame = pd.read_csv(out / "tables" / "trade_series.csv")
    cells = [row[col] for row in series.iter_rows(min_row=2)]
    assert sorted(c.value for c in cells if c.value is not None) == pytest.approx(
        sorted(frame["value_usd"].dropna() / 1e6))
    for c in cells:  # a whole number of millions without decimals, others with as many as they have
        if c.value is not None:
            assert c.number_format == (wb.MONEY_FORMAT_WHOLE if float(c.value).is_integer() else wb.MONEY_FORMAT)
    assert {c.number_format for c in cells if c.value is not None} == {wb.MONEY_FORMAT_WHOLE, wb.MONEY_FORMAT}
    assert not wb.MONEY_FORMAT.endswith(".") and not wb.MONEY_FORMAT_WHOLE.endswith(".")  # no trailing '.'
    # every list of source ids reads 'a; b', whatever the CSV used
    for sheet in book.worksheets[1:-1]:
        heads = [c.value for c in sheet[1]]
        for j, h in enumerate(heads):
            if h in ("Sources", "Source"):
                for (v,) in sheet.iter_rows(min_row=2, min_col=j + 1, max_col=j + 1, values_only=True):
                    assert v is None or re.fullmatch(r"[^;,\s]+(?:; [^;,\s]+)*", v), (sheet.title, v)


def test_headers_and_sheet_names_in_words() -> None:
    assert wb.header("value_usd") == "Value ($ m)"
    assert wb.header("max_min_ratio") == "Ratio, highest to lowest"
    assert wb.header("growth_pct") == "Change (%)" and wb.header("balance_usd") == "Balance ($ m)"
    assert wb.header("some_new_usd") == "Some new ($ m)"
    assert wb.header("odd_share_pct") == "Odd share (%)"
    assert wb.sheet_title("agreements_visit_2023_documents") == "Agreements visit 2023 documents"
    table = pd.DataFrame({"x": ["1"], "layer": ["a"], "source_ids": ["a,b c;d a"], "reason_code": ["z"],
                          "reporter": ["RUS"], "partner": ["a name"]})
    shown = wb._for_readers(table)
    assert list(shown.columns) == ["source_ids", "reporter", "partner"]
    assert shown.iloc[0].tolist() == ["a; b; c; d", country_name("RUS"), "a name"] and "RUS" not in country_name("RUS")


def test_ids_are_read_from_every_column_that_names_sources() -> None:
    tables = {"a": pd.DataFrame({"source_ids": ["x y", "z;w"], "value": ["1", "2"]}),
              "b": pd.DataFrame({"economy_source_id": ["p"], "partner_source_id": [""], "resource": ["not-an-id"]})}
    assert wb.cited_ids(tables) == {"x", "y", "z", "w", "p"}


def test_numbers_are_numbers_and_codes_stay_text(report) -> None:
    out, sources = report
    book = openpyxl.load_workbook(wb.write_workbook(out, sources))
    series = book[wb.sheet_title("trade_series")]
    header = [c.value for c in series[1]]
    years = [r[header.index("Year")] for r in series.iter_rows(min_row=2, values_only=True)]
    values = [r[header.index("Value ($ m)")] for r in series.iter_rows(min_row=2, values_only=True)]
    assert all(isinstance(y, int) and 2010 <= y <= 2025 for y in years)
    assert all(v is None or isinstance(v, int | float) for v in values)
    # Unit level: HS codes with a leading zero and mixed columns stay text; empty cells are empty.
    cols = wb._column_values(pd.Series(["010121", "2", ""]))
    assert cols == ["010121", "2", None]
    assert wb._column_values(pd.Series(["2022", "-5.5", "1e9", ""])) == [2022, -5.5, 1e9, None]
    assert wb._column_values(pd.Series(["2022", "2023-01..2023-05"])) == ["2022", "2023-01..2023-05"]
    assert wb._column_values(pd.Series(["True", "False"])) == [True, False]


def test_widths_fit_the_text(report) -> None:
    out, sources = report
    sheet = openpyxl.load_workbook(wb.write_workbook(out, sources))["Sources"]
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
    notes = [c.value for c in book["T"]["A"][1:]]
    assert notes[:5] == hostile[:5] and notes[5] == "\ufffdctl"
    assert all(c.quotePrefix for c in book["T"]["A"][1:6])
    assert book["Sources"]["B2"].value.startswith("=") and book["Sources"]["B2"].data_type == "s"
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
    names = wb.sheet_names(["a" * 40, "a" * 40 + "b", "sources", "x/y:z?", "Sources", "A" * 31, "notes"])
    assert all(len(n) <= 31 for n in names)
    assert len({n.casefold() for n in [*names, "sources", "notes"]}) == len(names) + 2
    assert names[3] == "X_y_z_"


def test_no_tables_folder_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(UsageError, match="tables"):
        wb.write_workbook(tmp_path, pd.DataFrame(columns=list(wb.SOURCE_COLUMNS)))
