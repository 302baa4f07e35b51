"""tradebrief.bulk on small synthetic BACI-format releases, checked against plain pandas."""
from __future__ import annotations

import json
import shutil
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


@pytest.fixture(scope="module")
def release(release_dir) -> BaciRelease:
    return BaciRelease.open(release_dir)


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


def test_padded_numbers_are_read(tmp_path):
    folder = write_release(tmp_path / "padded", years=(2022,), padded=True, rows_per_year=200)
    got = pair_flows(BaciRelease.open(folder), "BLR", "CHN")
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


def test_parquet_cache_equals_csv_and_is_sorted(tmp_path, monkeypatch):
    # DuckDB rounds row groups up to 2048 rows: enough rows for several groups.
    release = BaciRelease.open(write_release(tmp_path / "big", years=YEARS, rows_per_year=9000))
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
    assert manifest["sorted_by"][:2] == ["i", "j"]
    meta = pq.ParquetFile(cached.data_files[2021]).metadata
    assert meta.num_row_groups > 3
    col = meta.schema.names.index("i")
    bounds = [(meta.row_group(g).column(col).statistics.min,
               meta.row_group(g).column(col).statistics.max) for g in range(meta.num_row_groups)]
    assert all(bounds[g][1] <= bounds[g + 1][0] for g in range(len(bounds) - 1))
    with pytest.raises(BaciError, match="already a Parquet cache"):
        to_parquet_cache(cached, tmp_path / "again")


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


def test_bad_value_names_duckdb_problem(release_dir, tmp_path):
    folder = shutil.copytree(release_dir, tmp_path / "r")
    f = folder / "BACI_HS17_Y2022_V202401.csv"
    f.write_text(f.read_text() + "2022,112,156,847130,lots,1.0\n")
    release = BaciRelease.open(folder)
    with pytest.raises(BaciError, match="DuckDB could not read"):
        pair_flows(release, "BLR", "CHN")


def test_file_holding_another_year(release_dir, tmp_path):
    folder = shutil.copytree(release_dir, tmp_path / "r")
    f = folder / "BACI_HS17_Y2022_V202401.csv"
    f.write_text(f.read_text() + "2019,112,156,847130,1.000,1.000\n")
    with pytest.raises(BaciError) as exc:
        pair_flows(BaciRelease.open(folder), "BLR", "CHN")
    assert exc.value.column == "t" and exc.value.file == str(f)


def test_long_product_code_is_refused_not_truncated(release_dir, tmp_path):
    folder = shutil.copytree(release_dir, tmp_path / "r")
    f = folder / "BACI_HS17_Y2022_V202401.csv"
    f.write_text(f.read_text() + "2022,112,156,8471301,1.000,1.000\n")
    with pytest.raises(BaciError, match="'8471301' is not an HS6 code") as exc:
        pair_flows(BaciRelease.open(folder), "BLR", "CHN")
    assert exc.value.column == "k"


def test_product_section_without_flows_keeps_shape(release):
    out = product_section(release, "Iceland", "Germany", 2020, 2020)
    assert out["flows"].empty and out["years"] == [2020]
    for key in ("by_hs2", "by_section", "top_exports", "top_imports", "totals"):
        assert out[key].empty and "value_usd" in out[key].columns
