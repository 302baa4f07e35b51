"""tradebrief.bulk on small synthetic BACI-format releases, checked against plain pandas."""
from __future__ import annotations

import json
import os
import shutil
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pyarrow.parquet as pq
import pytest

from baci_fixtures import write_release, write_zip
from tradebrief.bulk import (
    BaciCountryError,
    BaciError,
    BaciRelease,
    by_hs2,
    by_section,
    ensure_cache,
    hs_table,
    pair_flows,
    product_section,
    to_parquet_cache,
    top_products,
)
from tradebrief.bulk import cache as cache_module
from tradebrief.errors import CountryError, DataError, TradebriefError, UsageError

YEARS = (2020, 2021, 2022)


@pytest.fixture(scope="module")
def release_dir(tmp_path_factory) -> Path:
    return write_release(tmp_path_factory.mktemp("baci") / "BACI_HS17_V202401", years=YEARS)


@pytest.fixture(autouse=True)
def _no_writer_left_behind():
    """Every background cache writer a test started has finished before the next test."""
    yield
    cache_module.wait_for_writers(timeout=120)


@pytest.fixture(scope="module", params=["cached", "direct"])
def release(request, release_dir, tmp_path_factory) -> BaciRelease:
    """The release read through its Parquet cache (written first) and straight from the CSV files."""
    if request.param == "direct":
        return BaciRelease.open(release_dir, cache=False)
    release = BaciRelease.open(release_dir, cache=tmp_path_factory.mktemp("cache"))
    ensure_cache(release, progress=False)
    return release


def first_and_cached(folder: Path, *args, cache=None, **kwargs) -> pd.DataFrame:
    """pair_flows on a CSV release; with a cache, asked again once the background writer has
    written it, which must read the cache and give the same frame."""
    release = BaciRelease.open(folder, cache=cache)
    first = pair_flows(release, *args, **kwargs)
    if cache is not False:
        cache_module.wait_for_writers(timeout=120)
        years = list(release.years) if kwargs.get("years") is None else kwargs["years"]
        assert set(cache_module.cached_years(release, years)) == set(years)
        pd.testing.assert_frame_equal(pair_flows(BaciRelease.open(folder, cache=cache), *args, **kwargs),
                                      first)
    return first


def pandas_pair(folder: Path, a: int, b: int, years=YEARS) -> pd.DataFrame:
    """The reference: read every small file whole with pandas and filter."""
    parts = []
    for y in years:
        df = pd.read_csv(folder / f"BACI_HS17_Y{y}_V202401.csv", dtype={"k": str, "q": str},
                         keep_default_na=False)
        parts.append(df[((df.i == a) & (df.j == b)) | ((df.i == b) & (df.j == a))])
    df = pd.concat(parts)
    iso = {112: "BLR", 156: "CHN"}
    out = pd.DataFrame({
        "year": df.t.astype("int64"),
        "exporter": df.i.map(iso),
        "importer": df.j.map(iso),
        "hs6": df.k.str.strip().str.zfill(6),
        "value_kusd": df.v.astype(float),
        "quantity_t": pd.to_numeric(df.q.str.strip().replace({"NA": None, "": None})),
    })
    out["hs2"] = out.hs6.str[:2]
    return out.sort_values(["year", "exporter", "importer", "hs6"]).reset_index(drop=True)


# ------------------------------------------------------------------ opening a release
def test_open_folder_reads_version_years_and_citation(release, release_dir):
    assert release.version == "V202401"
    assert release.classification == "HS17"
    assert release.years == YEARS
    assert release.source == "CEPII BACI HS17 V202401"
    assert "V202401" in release.citation() and "Gaulier" in release.citation()
    assert release.codes_for("Belarus") == ("BLR", (112,))
    assert release.codes_for("USA") == ("USA", (842,))  # BACI's own code, not ISO numeric 840


def test_hs_table_has_every_chapter_and_21_sections():
    hs = hs_table()
    assert len(hs) == 97 and hs.hs2.tolist()[0] == "01" and hs.hs2.tolist()[-1] == "97"
    assert hs.section.nunique() == 21
    row = hs.set_index("hs2").loc["84"]
    assert row.section == "XVI" and row.hs2_label.startswith("Nuclear reactors")


# ------------------------------------------------------------------- pair extraction
def test_pair_flows_matches_pandas_both_directions(release, release_dir):
    got = pair_flows(release, "Belarus", "China")
    want = pandas_pair(release_dir, 112, 156)
    assert set(got.exporter) == {"BLR", "CHN"} and set(got.importer) == {"BLR", "CHN"}
    assert (got.exporter != got.importer).all()
    assert len(got) == len(want) > 500
    for col in ["year", "exporter", "importer", "hs6", "hs2"]:
        assert got[col].tolist() == want[col].tolist(), col
    pd.testing.assert_series_equal(got.value_kusd, want.value_kusd)
    pd.testing.assert_series_equal(got.quantity_t, want.quantity_t, check_dtype=False)
    assert (got.value_usd == (got.value_kusd * 1000).round(3)).all()
    assert set(got.source) == {"CEPII BACI HS17 V202401"}


def test_pair_flows_pads_hs6_and_reads_missing_quantities(release):
    got = pair_flows(release, "BLR", "CHN")
    assert got.hs6.str.fullmatch(r"\d{6}").all()
    assert (got.hs6 == "010121").any()  # written as 10121 in the files
    assert got.quantity_t.isna().any() and got.quantity_t.notna().any()


def test_pair_flows_year_subset_and_argument_order(release):
    one = pair_flows(release, "CHN", "BLR", years=[2021])
    assert set(one.year) == {2021}
    both = pair_flows(release, "BLR", "CHN")
    pd.testing.assert_frame_equal(one, both[both.year == 2021].reset_index(drop=True))


@pytest.mark.parametrize("cache", [True, False])
def test_padded_numbers_are_read(tmp_path, cache):
    folder = write_release(tmp_path / "padded", years=(2022,), padded=True, rows_per_year=200)
    got = first_and_cached(folder, "BLR", "CHN", cache=cache)
    want = pandas_pair(folder, 112, 156, years=(2022,))
    pd.testing.assert_series_equal(got.value_kusd, want.value_kusd)
    pd.testing.assert_series_equal(got.quantity_t, want.quantity_t, check_dtype=False)


# ----------------------------------------------------------------------- aggregates
def test_by_hs2_sums_match_pandas(release, release_dir):
    flows = pair_flows(release, "BLR", "CHN")
    got = by_hs2(flows)
    ref = pandas_pair(release_dir, 112, 156)
    want = ref.groupby(["year", "exporter", "importer", "hs2"]).agg(
        value_kusd=("value_kusd", "sum"), n_flows=("hs6", "size"),
        n_missing=("quantity_t", lambda s: s.isna().sum()),
        quantity_t=("quantity_t", lambda s: s.sum() if s.notna().all() else float("nan")),
    ).reset_index()
    assert got[["year", "exporter", "importer", "hs2"]].values.tolist() == \
        want[["year", "exporter", "importer", "hs2"]].values.tolist()
    assert got.value_kusd.round(3).tolist() == want.value_kusd.round(3).tolist()
    assert (got.value_usd.round(0) == (want.value_kusd * 1000).round(0)).all()
    assert got.n_flows.tolist() == want.n_flows.tolist()
    assert got.n_flows_no_quantity.tolist() == want.n_missing.tolist()
    pd.testing.assert_series_equal(got.quantity_t.round(3), want.quantity_t.round(3),
                                   check_names=False)
    assert got.quantity_t.isna().any()  # a chapter with a missing quantity has no total
    machinery = got[got.hs2 == "84"].iloc[0]
    assert machinery.section == "XVI" and machinery.hs2_label.startswith("Nuclear reactors")


def test_by_section_totals_equal_direction_totals(release):
    flows = pair_flows(release, "BLR", "CHN")
    sections = by_section(flows)
    per_dir = flows.groupby(["year", "exporter", "importer"]).value_kusd.sum().round(3)
    sec_sum = sections.groupby(["year", "exporter", "importer"]).value_kusd.sum().round(3)
    pd.testing.assert_series_equal(per_dir, sec_sum)
    first = sections[(sections.year == 2020) & (sections.exporter == "BLR")].section.tolist()
    order = list(dict.fromkeys(hs_table().section))
    assert first == sorted(first, key=order.index)  # nomenclature order, not alphabetical


def test_top_products_ranks_by_value(release, release_dir):
    flows = pair_flows(release, "BLR", "CHN")
    top = top_products(flows, n=5, products=release.product_labels())
    ref = pandas_pair(release_dir, 112, 156)
    for (exp, imp), group in top.groupby(["exporter", "importer"]):
        assert group["rank"].tolist() == [1, 2, 3, 4, 5]
        sub = ref[(ref.exporter == exp) & (ref.importer == imp)]
        want = sub.groupby("hs6").value_kusd.sum().sort_values(ascending=False).head(5)
        assert group.hs6.tolist() == want.index.tolist()
        assert group.value_kusd.round(3).tolist() == want.round(3).tolist()
        assert group.share_pct.tolist() == sorted(group.share_pct, reverse=True)
        assert (group.first_year == 2020).all() and (group.last_year == 2022).all()
    labelled = top[top.hs6 == "847130"]
    if len(labelled):
        assert labelled.hs6_label.iloc[0].startswith("Synthetic product J")
    with pytest.raises(UsageError):
        top_products(flows, n=0)


def test_product_section_bundles_frames_and_citation(release):
    out = product_section(release, "Belarus", "China", 2019, 2022)
    assert out["years"] == [2020, 2021, 2022] and out["missing_years"] == [2019]
    assert out["economy"] == "BLR" and out["partner"] == "CHN"
    assert set(out["top_exports"].exporter) == {"BLR"}
    assert set(out["top_imports"].exporter) == {"CHN"}
    assert "V202401" in out["citation"] and out["source"] == "CEPII BACI HS17 V202401"
    totals = out["totals"].set_index(["year", "exporter"]).value_kusd.round(3)
    flows = out["flows"].groupby(["year", "exporter"]).value_kusd.sum().round(3)
    pd.testing.assert_series_equal(totals, flows, check_names=False)


def test_outputs_are_byte_identical_across_runs(release):
    a = by_hs2(pair_flows(release, "BLR", "CHN")).to_csv(index=False)
    b = by_hs2(pair_flows(release, "BLR", "CHN")).to_csv(index=False)
    assert a == b


# ------------------------------------------------------------------ zip and Parquet
@pytest.mark.parametrize("subfolder", ["", "BACI_HS17_V202401/"])
def test_zip_gives_the_same_flows(release, release_dir, tmp_path, subfolder):
    zipped = write_zip(release_dir, tmp_path / "BACI_HS17_V202401.zip", subfolder=subfolder)
    from_zip = BaciRelease.open(zipped, extract_dir=tmp_path / "x")
    assert from_zip.version == "V202401" and from_zip.origin == zipped
    pd.testing.assert_frame_equal(pair_flows(from_zip, "BLR", "CHN"),
                                  pair_flows(release, "BLR", "CHN"))
    again = BaciRelease.open(zipped, extract_dir=tmp_path / "x")  # reuses the extracted files
    assert again.years == YEARS


def _i_bounds(parquet: Path) -> list[tuple[int, int]]:
    meta = pq.ParquetFile(parquet).metadata
    col = meta.schema.names.index("i")
    return [(meta.row_group(g).column(col).statistics.min,
             meta.row_group(g).column(col).statistics.max) for g in range(meta.num_row_groups)]


def test_parquet_cache_equals_csv_and_is_sorted(tmp_path, monkeypatch):
    """Files in random order (not BACI's) are sorted by (i, j, k) in a second pass."""
    # DuckDB rounds row groups up to 2048 rows: enough rows for more groups than the 10 that a
    # clustered file's group may overlap on 2 threads.
    release = BaciRelease.open(write_release(tmp_path / "big", years=YEARS, rows_per_year=30000))
    monkeypatch.setattr(cache_module, "ROW_GROUP_SIZE", 2048)
    cached = to_parquet_cache(release, tmp_path / "cache")
    assert cached.format == "parquet" and cached.version == "V202401"
    assert cached.years == YEARS
    for years in (None, [2021]):
        pd.testing.assert_frame_equal(pair_flows(cached, "BLR", "CHN", years),
                                      pair_flows(release, "BLR", "CHN", years))
    reopened = BaciRelease.open(tmp_path / "cache")
    assert reopened.format == "parquet" and reopened.data_files == cached.data_files
    manifest = json.loads((tmp_path / "cache" / "tradebrief-baci-cache.json").read_text())
    assert {f["order"] for f in manifest["files"].values()} == {"sorted"}
    rows = pq.read_table(cached.data_files[2021]).to_pandas()
    assert rows[["i", "j", "k"]].equals(rows[["i", "j", "k"]].sort_values(["i", "j", "k"])
                                        .reset_index(drop=True))
    bounds = _i_bounds(cached.data_files[2021])
    assert len(bounds) > 3
    assert all(bounds[g][1] <= bounds[g + 1][0] for g in range(len(bounds) - 1))
    with pytest.raises(BaciError, match="already a Parquet cache"):
        to_parquet_cache(cached, tmp_path / "again")


def test_file_in_baci_order_is_cached_in_its_own_order_without_a_sort(tmp_path, monkeypatch):
    """CEPII's files are ordered by (i, j, k): the cache keeps that order, no sort pass."""
    folder = write_release(tmp_path / "r", years=(2021,), rows_per_year=9000, ordered=True)
    monkeypatch.setattr(cache_module, "ROW_GROUP_SIZE", 2048)
    real_copy = cache_module._copy

    def copy_without_sort(con, csv, select, target):
        assert "ORDER BY" not in select(True), "a file in BACI's order was sorted again"
        return real_copy(con, csv, select, target)

    monkeypatch.setattr(cache_module, "_copy", copy_without_sort)
    monkeypatch.setattr(cache_module, "BACKGROUND", False)  # the patch above is in this process
    release = BaciRelease.open(folder)
    got = pair_flows(release, "BLR", "CHN")
    cache = folder / "tradebrief-cache"
    manifest = json.loads((cache / "tradebrief-baci-cache.json").read_text())
    assert manifest["files"]["2021"]["order"] == "csv"
    written = pq.read_table(cache / "baci_Y2021.parquet").to_pandas()
    csv_rows = pd.read_csv(folder / "BACI_HS17_Y2021_V202401.csv", dtype={"k": str})
    assert sorted(zip(written.i, written.j, written.k, strict=True)) == sorted(
        zip(csv_rows.i, csv_rows.j, csv_rows.k.astype(int), strict=True))
    # one CSV buffer, so one thread: the exact order, groups that do not overlap at all
    bounds = _i_bounds(cache / "baci_Y2021.parquet")
    assert len(bounds) > 3 and all(bounds[g][1] <= bounds[g + 1][0] for g in range(len(bounds) - 1))
    pd.testing.assert_frame_equal(got, pair_flows(BaciRelease.open(folder, cache=False), "BLR", "CHN"))
    want = pandas_pair(folder, 112, 156, years=(2021,))
    assert got.hs6.tolist() == want.hs6.tolist() and (got.hs6 == "010121").any()
    pd.testing.assert_series_equal(got.value_kusd, want.value_kusd)


@pytest.mark.parametrize("cache", [True, False])
def test_padding_unseen_in_the_first_lines_falls_back_to_the_text_read(tmp_path, monkeypatch,
                                                                      cache):
    """A padded NA the head of the file did not show: read again with q as text, same result
    (the scan and, in the foreground so that the patch applies, the cache writer)."""
    from tradebrief.bulk import sql

    monkeypatch.setattr(cache_module, "BACKGROUND", False)
    folder = write_release(tmp_path / "padded", years=(2022,), padded=True, rows_per_year=300)
    want = pandas_pair(folder, 112, 156, years=(2022,))
    assert want.quantity_t.isna().any()
    monkeypatch.setattr(sql, "SNIFF_BYTES", 60)  # the header and one line: no padded NA seen
    assert sql.null_strings(folder / "BACI_HS17_Y2022_V202401.csv") == ["", "NA"]
    got = pair_flows(BaciRelease.open(folder, cache=cache), "BLR", "CHN")
    pd.testing.assert_series_equal(got.value_kusd, want.value_kusd)
    pd.testing.assert_series_equal(got.quantity_t, want.quantity_t, check_dtype=False)
    assert got.hs6.tolist() == want.hs6.tolist()


def test_null_strings_are_the_files_spellings_of_a_missing_quantity(tmp_path):
    from tradebrief.bulk.sql import null_strings

    f = tmp_path / "BACI_HS17_Y2022_V202401.csv"
    f.write_text("t,i,j,k,v,q\n2022,4,20,210610,        0.357,           NA\n"
                 "2022,4,20,210690,        0.061,             \n2022,4,31,80211,2.027,0.500\n")
    assert null_strings(f) == ["", "             ", "           NA", "NA"]


@pytest.mark.parametrize("cache", ["background", "foreground", False])
@pytest.mark.parametrize("line", ["2022,112,156,847130,NA,1.0", "2022,112,156,847130,,1.0",
                                  "2022,112,156,NA,1.000,1.0", "2022,,156,847130,1.000,1.0"])
def test_only_the_quantity_may_be_missing(release_dir, tmp_path, monkeypatch, cache, line):
    monkeypatch.setattr(cache_module, "BACKGROUND", cache == "background")
    cache = bool(cache)
    folder = shutil.copytree(release_dir, tmp_path / "r")
    f = folder / "BACI_HS17_Y2022_V202401.csv"
    f.write_text(f.read_text() + line + "\n")
    with pytest.raises(BaciError, match="DuckDB could not read") as exc:
        pair_flows(BaciRelease.open(folder, cache=cache), "BLR", "CHN")
    assert exc.value.file == str(f)


# ------------------------------------------------------ the cache built by the first scan
def _csv_values(folder: Path, year: int) -> list[Decimal]:
    """BACI's values for Belarus→China as written in the CSV text, as exact decimals."""
    rows = (line.split(",") for line in (folder / f"BACI_HS17_Y{year}_V202401.csv")
            .read_text().splitlines()[1:])
    return sorted(Decimal(r[4].strip()) for r in rows if (r[1], r[2]) == ("112", "156"))


def test_first_query_writes_the_cache_and_the_next_one_reads_it(tmp_path, monkeypatch):
    folder = write_release(tmp_path / "r", years=YEARS, rows_per_year=300)
    release = BaciRelease.open(folder)
    assert release.cache_dir == folder / "tradebrief-cache"  # next to the release by default
    first = pair_flows(release, "BLR", "CHN", years=[2021])
    cache_module.wait_for_writers(timeout=120)
    manifest = json.loads((folder / "tradebrief-cache" / "tradebrief-baci-cache.json").read_text())
    assert manifest["years"] == [2021] and manifest["files"]["2021"]["rows"] == 300

    def no_scan(*args, **kwargs):
        raise AssertionError("the CSV file was scanned again")

    from tradebrief.bulk import query

    monkeypatch.setattr(cache_module, "_write_year", no_scan)
    monkeypatch.setattr(query, "scan_select", no_scan)
    monkeypatch.setattr(cache_module, "write_in_background", no_scan)
    again = pair_flows(BaciRelease.open(folder), "BLR", "CHN", years=[2021])
    pd.testing.assert_frame_equal(first, again)
    monkeypatch.undo()
    direct = pair_flows(BaciRelease.open(folder, cache=False), "BLR", "CHN", years=[2021])
    pd.testing.assert_frame_equal(first, direct)
    cached = BaciRelease.open(folder / "tradebrief-cache")  # the cache opens like a release
    assert cached.format == "parquet" and cached.years == (2021,)
    pd.testing.assert_frame_equal(pair_flows(cached, "BLR", "CHN"), first)


def test_other_years_are_added_and_a_changed_file_is_rescanned(tmp_path):
    folder = write_release(tmp_path / "r", years=YEARS, rows_per_year=300)
    first_and_cached(folder, "BLR", "CHN", years=[2020])
    first_and_cached(folder, "BLR", "CHN", years=[2021, 2022])
    manifest = json.loads((folder / "tradebrief-cache" / "tradebrief-baci-cache.json").read_text())
    assert manifest["years"] == [2020, 2021, 2022]
    f = folder / "BACI_HS17_Y2022_V202401.csv"
    f.write_text(f.read_text() + "2022,112,156,999999,1.000,NA\n")
    assert not cache_module.cached_years(BaciRelease.open(folder), [2022])  # stale: not read
    got = first_and_cached(folder, "BLR", "CHN", years=[2022])  # the CSV, then the rebuilt cache
    assert "999999" in set(got.hs6)


def test_values_come_back_exactly_as_written(tmp_path):
    """Read as DOUBLE, cast back to DECIMAL: exact for up to 15 significant digits (BACI: 12).
    (Values beyond $100 tn per flow are refused as implausible: see test_hardening.py.)"""
    folder = write_release(tmp_path / "r", years=(2022,), rows_per_year=200)
    f = folder / "BACI_HS17_Y2022_V202401.csv"
    extra = ["2022,112,156,999901,987654321.123,1.5", "2022,112,156,999902,0.001,NA",
             "2022,112,156,999903,99999999999.9999,", "2022,112,156,999904,0.000001,1"]
    f.write_text(f.read_text() + "\n".join(extra) + "\n")
    want = _csv_values(folder, 2022)
    for cache in (True, False):
        got = first_and_cached(folder, "BLR", "CHN", cache=cache)
        assert sorted(Decimal(repr(v)) for v in got[got.exporter == "BLR"].value_kusd) == want


def test_cache_off_by_argument_or_environment_and_a_named_folder(tmp_path, monkeypatch):
    folder = write_release(tmp_path / "r", years=(2022,), rows_per_year=100)
    pair_flows(BaciRelease.open(folder, cache=False), "BLR", "CHN")
    monkeypatch.setenv("TRADEBRIEF_BACI_CACHE", "off")
    assert BaciRelease.open(folder).cache_dir is None
    pair_flows(BaciRelease.open(folder), "BLR", "CHN")
    assert not (folder / "tradebrief-cache").exists()
    monkeypatch.setenv("TRADEBRIEF_BACI_CACHE", str(tmp_path / "env-cache"))
    first_and_cached(folder, "BLR", "CHN")
    assert (tmp_path / "env-cache" / "baci_Y2022.parquet").is_file()
    first_and_cached(folder, "BLR", "CHN", cache=tmp_path / "named")
    assert (tmp_path / "named" / "tradebrief-baci-cache.json").is_file()


@pytest.mark.parametrize("background", [True, False])
def test_unwritable_cache_folder_warns_and_reads_the_csv(tmp_path, monkeypatch, background):
    monkeypatch.setattr(cache_module, "BACKGROUND", background)
    folder = write_release(tmp_path / "r", years=(2022,), rows_per_year=100)
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder")
    with pytest.warns(UserWarning, match="cannot create the BACI Parquet cache") as warned:
        got = pair_flows(BaciRelease.open(folder, cache=blocker / "cache"), "BLR", "CHN")
    assert len(warned) == 1 and not cache_module._WRITERS  # one warning; no writer started
    pd.testing.assert_frame_equal(got, pair_flows(BaciRelease.open(folder, cache=False), "BLR", "CHN"))


def test_cache_of_another_layout_is_refused_and_rebuilt(tmp_path):
    folder = write_release(tmp_path / "r", years=(2022,), rows_per_year=100)
    first_and_cached(folder, "BLR", "CHN")
    manifest_path = folder / "tradebrief-cache" / "tradebrief-baci-cache.json"
    manifest = json.loads(manifest_path.read_text())
    manifest_path.write_text(json.dumps(manifest | {"layout": 1}))
    with pytest.raises(BaciError, match="cache layout 1"):
        BaciRelease.open(folder / "tradebrief-cache")
    first_and_cached(folder, "BLR", "CHN")  # the CSV release rebuilds it
    assert json.loads(manifest_path.read_text())["layout"] == 2


def test_first_scan_shows_files_and_rows(tmp_path, capsys, monkeypatch):
    folder = write_release(tmp_path / "r", years=YEARS, rows_per_year=100)
    pair_flows(BaciRelease.open(folder), "BLR", "CHN", progress=True)  # the scan; the cache after
    err = capsys.readouterr().err
    assert "3/3" in err and "scanning the CSV files" in err
    cache_module.wait_for_writers(timeout=120)
    pair_flows(BaciRelease.open(folder), "BLR", "CHN", progress=True)  # nothing to scan: no bar
    assert capsys.readouterr().err == ""
    monkeypatch.setattr(cache_module, "BACKGROUND", False)  # the cache written first: its own bar
    pair_flows(BaciRelease.open(folder, cache=tmp_path / "c"), "BLR", "CHN", progress=True)
    err = capsys.readouterr().err
    assert "3/3" in err and "300 rows" in err and "Parquet cache" in err


def test_answer_is_the_same_with_and_without_cache_and_with_part_of_it(tmp_path):
    """The first answer (CSV scan), the answer from the cache, a mix of both, and no cache at all."""
    folder = write_release(tmp_path / "r", years=YEARS, rows_per_year=3000)
    direct = BaciRelease.open(folder, cache=False)
    want = pair_flows(direct, "BLR", "CHN")
    want_hs2 = by_hs2(want).to_csv(index=False)
    first = pair_flows(BaciRelease.open(folder), "BLR", "CHN", years=[2021])  # caches 2021 only
    pd.testing.assert_frame_equal(first, want[want.year == 2021].reset_index(drop=True))
    cache_module.wait_for_writers(timeout=120)
    release = BaciRelease.open(folder)
    assert list(cache_module.cached_years(release, list(YEARS))) == [2021]
    mixed = pair_flows(release, "BLR", "CHN")  # 2021 from the cache, 2020 and 2022 from the CSV
    pd.testing.assert_frame_equal(mixed, want)
    cache_module.wait_for_writers(timeout=120)
    assert list(cache_module.cached_years(release, list(YEARS))) == list(YEARS)
    cached = pair_flows(BaciRelease.open(folder), "BLR", "CHN")
    pd.testing.assert_frame_equal(cached, want)
    assert by_hs2(cached).to_csv(index=False) == want_hs2 == by_hs2(mixed).to_csv(index=False)


def _hold_lock(cache: Path):
    """Take the cache's writer lock in this process, as a writer busy with other years would."""
    import fcntl

    cache.mkdir(parents=True, exist_ok=True)
    fh = open(cache / ".lock", "a")  # held across the test
    fcntl.flock(fh, fcntl.LOCK_EX)
    return fh


@pytest.mark.skipif(os.name != "posix", reason="the writer lock is POSIX flock")
def test_first_answer_does_not_wait_for_the_cache_writer(tmp_path):
    """With the writer blocked (its lock held here), the question is still answered; the cache
    appears once the writer may run."""
    import threading

    folder = write_release(tmp_path / "r", years=YEARS, rows_per_year=300)
    cache = folder / "tradebrief-cache"
    lock = _hold_lock(cache)
    answers: list[pd.DataFrame] = []
    asking = threading.Thread(target=lambda: answers.append(pair_flows(BaciRelease.open(folder), "BLR", "CHN")),
                              daemon=True)
    try:
        asking.start()
        asking.join(timeout=60)
        assert answers, "the question waited for the cache writer"
        writers = list(cache_module._WRITERS)
        assert len(writers) == 1 and writers[0].poll() is None  # started, and blocked on the lock
        assert not (cache / "tradebrief-baci-cache.json").exists()
        assert not cache_module.cached_years(BaciRelease.open(folder), list(YEARS))
    finally:
        lock.close()  # releases the lock: the writer goes on
    cache_module.wait_for_writers(timeout=120)
    assert writers[0].returncode == 0, (cache / ".writer.log").read_text()
    release = BaciRelease.open(folder)
    assert list(cache_module.cached_years(release, list(YEARS))) == list(YEARS)
    pd.testing.assert_frame_equal(pair_flows(release, "BLR", "CHN"), answers[0])


#: A writer whose rename of a finished file (the Parquet file or the manifest) never returns:
#: killed there, it has written everything up to that rename.
_STUCK_WRITER = """
import os, sys, time
from pathlib import Path
from tradebrief.bulk import cache
real = os.replace
def stuck(src, dst):
    if str(dst).endswith(sys.argv[1]):
        Path(sys.argv[2]).write_text("stuck")
        time.sleep(600)
    real(src, dst)
cache.os.replace = stuck
cache.writer_main(sys.argv[3:])
"""


@pytest.mark.parametrize("stuck_at", [".parquet", ".json"])
def test_killed_writer_leaves_no_cache_that_is_read(tmp_path, stuck_at):
    import signal
    import subprocess
    import sys
    import time

    folder = write_release(tmp_path / "r", years=YEARS, rows_per_year=3000)
    want = pair_flows(BaciRelease.open(folder, cache=False), "BLR", "CHN")
    cache = folder / "tradebrief-cache"
    flag = tmp_path / "stuck"
    writer = subprocess.Popen([sys.executable, "-c", _STUCK_WRITER, stuck_at, str(flag), str(folder),
                               str(cache), *map(str, YEARS)])
    try:
        for _ in range(1200):
            if flag.exists() or writer.poll() is not None:
                break
            time.sleep(0.1)
        assert flag.exists(), "the writer never reached the rename"
    finally:
        writer.send_signal(signal.SIGKILL)
        writer.wait()
    # what the killed writer left: a finished Parquet file not yet renamed, or renamed but not
    # yet in the manifest; never read
    left = sorted(p.name for p in cache.iterdir())
    assert any(".part" in name for name in left), left
    assert not (cache / "tradebrief-baci-cache.json").exists()
    release = BaciRelease.open(folder)
    assert not cache_module.cached_years(release, list(YEARS))
    pd.testing.assert_frame_equal(pair_flows(release, "BLR", "CHN"), want)  # from the CSV files
    cache_module.wait_for_writers(timeout=120)  # the next writer cleans up and writes the cache
    assert not any(".part" in p.name for p in cache.iterdir())
    assert list(cache_module.cached_years(release, list(YEARS))) == list(YEARS)
    pd.testing.assert_frame_equal(pair_flows(BaciRelease.open(folder), "BLR", "CHN"), want)


# ---------------------------------------------------------------------------- errors
def test_missing_path_is_an_error(tmp_path):
    with pytest.raises(BaciError) as exc:
        BaciRelease.open(tmp_path / "nope")
    assert exc.value.file == str(tmp_path / "nope") and isinstance(exc.value, DataError)


def test_folder_without_baci_files(tmp_path):
    with pytest.raises(BaciError, match="no BACI trade files"):
        BaciRelease.open(tmp_path)


def test_not_a_zip(tmp_path):
    bad = tmp_path / "BACI_HS17_V202401.zip"
    bad.write_text("hello")
    with pytest.raises(BaciError, match="not a zip"):
        BaciRelease.open(bad)


def test_wrong_columns_name_file_and_column(release_dir, tmp_path):
    folder = shutil.copytree(release_dir, tmp_path / "r")
    f = folder / "BACI_HS17_Y2021_V202401.csv"
    lines = f.read_text().splitlines()
    f.write_text("\n".join(["year,i,j,k,v,q"] + lines[1:]) + "\n")
    with pytest.raises(BaciError) as exc:
        BaciRelease.open(folder)
    assert exc.value.file == str(f) and exc.value.column == "t"
    assert "expected BACI's columns" in str(exc.value)


def test_missing_country_file(release_dir, tmp_path):
    folder = shutil.copytree(release_dir, tmp_path / "r")
    (folder / "country_codes_V202401.csv").unlink()
    with pytest.raises(BaciError, match=r"country_codes_V202401\.csv missing"):
        BaciRelease.open(folder)


def test_country_file_without_iso3_column(release_dir, tmp_path):
    folder = shutil.copytree(release_dir, tmp_path / "r")
    f = folder / "country_codes_V202401.csv"
    f.write_text(f.read_text().replace("country_iso3", "iso3"))
    with pytest.raises(BaciError) as exc:
        BaciRelease.open(folder)
    assert exc.value.column == "country_iso3" and exc.value.file == str(f)


def test_country_absent_from_release(release):
    with pytest.raises(BaciCountryError) as exc:
        pair_flows(release, "Japan", "CHN")
    assert exc.value.column == "country_iso3"
    assert exc.value.file == str(release.country_file)
    assert "JPN" in str(exc.value) and isinstance(exc.value, TradebriefError)


def test_unknown_country_name(release):
    with pytest.raises(CountryError, match="did you mean"):
        pair_flows(release, "Belarsu", "CHN")


def test_same_country_twice(release):
    with pytest.raises(UsageError, match="both BLR"):
        pair_flows(release, "BLR", "Belarus")


def test_year_not_in_release(release):
    with pytest.raises(BaciError, match=r"no trade file for year\(s\) \[2030\]"):
        pair_flows(release, "BLR", "CHN", years=[2022, 2030])


def test_mixed_versions_refused(release_dir, tmp_path):
    folder = shutil.copytree(release_dir, tmp_path / "r")
    shutil.copy(folder / "BACI_HS17_Y2022_V202401.csv", folder / "BACI_HS17_Y2023_V202501.csv")
    with pytest.raises(BaciError, match="mixes classifications"):
        BaciRelease.open(folder)


@pytest.mark.parametrize("cache", [True, False])
def test_bad_value_names_duckdb_problem(release_dir, tmp_path, cache):
    folder = shutil.copytree(release_dir, tmp_path / "r")
    f = folder / "BACI_HS17_Y2022_V202401.csv"
    f.write_text(f.read_text() + "2022,112,156,847130,lots,1.0\n")
    release = BaciRelease.open(folder, cache=cache)
    with pytest.raises(BaciError, match="DuckDB could not read") as exc:
        pair_flows(release, "BLR", "CHN")
    assert exc.value.file == str(f)


@pytest.mark.parametrize("opened", ["csv release", "parquet release"])
def test_damaged_cache_file_is_named_with_what_to_do(tmp_path, opened):
    folder = write_release(tmp_path / "r", years=YEARS, rows_per_year=300)
    first_and_cached(folder, "BLR", "CHN")  # writes the cache
    damaged = folder / "tradebrief-cache" / "baci_Y2021.parquet"
    damaged.write_bytes(damaged.read_bytes()[:200])  # cut short: the footer is gone
    release = BaciRelease.open(folder if opened == "csv release" else folder / "tradebrief-cache")
    with pytest.raises(BaciError, match="could not read the Parquet file") as exc:
        pair_flows(release, "BLR", "CHN")
    assert exc.value.file == str(damaged)
    assert ("delete it" in str(exc.value)) == (opened == "csv release")


@pytest.mark.parametrize("cache", [True, False])
def test_file_holding_another_year(release_dir, tmp_path, cache):
    folder = shutil.copytree(release_dir, tmp_path / "r")
    f = folder / "BACI_HS17_Y2022_V202401.csv"
    f.write_text(f.read_text() + "2019,112,156,847130,1.000,1.000\n")
    with pytest.raises(BaciError) as exc:
        pair_flows(BaciRelease.open(folder, cache=cache), "BLR", "CHN")
    assert exc.value.column == "t" and exc.value.file == str(f)


@pytest.mark.parametrize("cache", [True, False])
def test_long_product_code_is_refused_not_truncated(release_dir, tmp_path, cache):
    folder = shutil.copytree(release_dir, tmp_path / "r")
    f = folder / "BACI_HS17_Y2022_V202401.csv"
    f.write_text(f.read_text() + "2022,112,156,8471301,1.000,1.000\n")
    with pytest.raises(BaciError, match="'8471301' is not an HS6 code") as exc:
        pair_flows(BaciRelease.open(folder, cache=cache), "BLR", "CHN")
    assert exc.value.column == "k"


def test_product_section_without_flows_keeps_shape(release):
    out = product_section(release, "Iceland", "Germany", 2020, 2020)
    assert out["flows"].empty and out["years"] == [2020]
    for key in ("by_hs2", "by_section", "top_exports", "top_imports", "totals"):
        assert out[key].empty and "value_usd" in out[key].columns


# ------------------------------------------------------------------- tradebrief run --baci
@pytest.mark.parametrize("flags, where", [([], "default"), (["--no-baci-cache"], "off"),
                                          (["--baci-cache", "NAMED"], "named")])
def test_run_baci_scans_first_and_passes_the_cache_on(tmp_path, monkeypatch, flags, where):
    from types import SimpleNamespace

    from click.testing import CliRunner

    import tradebrief.run.pipeline as pipeline
    from tradebrief.cli import main

    folder = write_release(tmp_path / "r", years=YEARS, rows_per_year=100)
    named = tmp_path / "named"
    monkeypatch.setenv("TRADEBRIEF_BACI_CACHE", "")  # restored after the test
    seen = {}

    def fake_run_report(params, **kwargs):
        seen.update(env=os.environ["TRADEBRIEF_BACI_CACHE"], baci=params.baci)
        return SimpleNamespace(warnings=[], report_dir=tmp_path / "out", timings={"total": 0.0})

    monkeypatch.setattr(pipeline, "run_report", fake_run_report)
    args = ["run", "--baci", str(folder), "--start-year", "2021", "--end-year", "2025",
            "--output", str(tmp_path), *[str(named) if f == "NAMED" else f for f in flags]]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    assert seen["baci"] == str(folder.resolve())
    cache = {"default": folder / "tradebrief-cache", "named": named, "off": None}[where]
    if cache is None:
        assert seen["env"] == "off" and not (folder / "tradebrief-cache").exists()
    else:  # the CLI ran the first scan for the run's years; the notebooks find the cache
        assert seen["env"] == str(cache.resolve())
        assert json.loads((cache / "tradebrief-baci-cache.json").read_text())["years"] == [2021, 2022]


def test_run_baci_cache_flags_conflict(tmp_path):
    from click.testing import CliRunner

    from tradebrief.cli import main

    result = CliRunner().invoke(main, ["run", "--baci", str(tmp_path), "--baci-cache", str(tmp_path),
                                       "--no-baci-cache"])
    assert result.exit_code == 2 and "--baci-cache and --no-baci-cache conflict" in result.output


def test_a_release_code_needs_no_country_lookup(tmp_path: Path) -> None:
    """codes_for('BLR') answers from the release's own table without importing pycountry (the
    cached question's start-up); names and lower-case codes still resolve through data.countries."""
    import subprocess
    import sys

    folder = write_release(tmp_path / "rel")
    probe = ("import sys; from tradebrief.bulk import BaciRelease; "
             f"r = BaciRelease.open({str(folder)!r}); "
             "print(r.codes_for('BLR'), 'pycountry' in sys.modules)")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "('BLR', (112,)) False"
    release = BaciRelease.open(folder)
    assert release.codes_for("blr") == release.codes_for("Belarus") == ("BLR", (112,))
    with pytest.raises(CountryError):
        release.codes_for("XYZ")  # not the release's code, and not a country: the lookup's error
