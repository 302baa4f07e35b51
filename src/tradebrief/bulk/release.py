"""One CEPII BACI release on disk: its yearly trade files, country codes and product codes.

BACI is published as one zip per HS classification and version (``BACI_HS17_V202401.zip``) that
holds one CSV per year (``BACI_HS17_Y2022_V202401.csv``, columns ``t,i,j,k,v,q``) plus
``country_codes_V202401.csv`` and ``product_codes_HS17_V202401.csv``. `BaciRelease.open` accepts
the zip, the unzipped folder, or a Parquet cache folder (see `cache.py`); the release version is
read from the file names so that every figure can cite it.

A release opened from CSV files has a cache folder by default (``tradebrief-cache/`` inside the
release folder; another with ``cache=``/``$TRADEBRIEF_BACI_CACHE``, none with ``cache=False`` or
``TRADEBRIEF_BACI_CACHE=off``): after the first query of a year, a background process writes
that year's Parquet file (see `cache.py`).

Nothing here loads a trade file into memory: the files are only listed, their header line
checked, and queries are handed to DuckDB (see `query.py`). A zip is extracted member by member,
streamed in 1 MiB chunks, because DuckDB cannot read CSV inside a zip without a network-installed
extension.
"""
from __future__ import annotations

import csv
import dataclasses
import functools
import io
import json
import os
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from tradebrief.bulk.errors import BaciCountryError, BaciError
from tradebrief.data.settings import BACI_CACHE_ENV, current

#: Columns of a yearly trade file, in order: year, exporter code, importer code, HS6 product,
#: value (thousand current USD), quantity (metric tons).
BACI_COLUMNS: tuple[str, ...] = ("t", "i", "j", "k", "v", "q")

DATA_FILE = re.compile(r"^BACI_(?P<hs>HS\d{2})_Y(?P<year>\d{4})_(?P<version>V\d{6}[a-z]?)\.csv$")
COUNTRY_FILE = re.compile(r"^country_codes_(?P<version>V\d{6}[a-z]?)\.csv$")
PRODUCT_FILE = re.compile(r"^product_codes_(?P<hs>HS\d{2})_(?P<version>V\d{6}[a-z]?)\.csv$")

#: Written beside the Parquet files; its presence marks a cache folder.
CACHE_MANIFEST = "tradebrief-baci-cache.json"
#: Version of the cache's columns and sort; a cache of another layout is rebuilt, not read.
CACHE_LAYOUT = 2
#: Default cache folder, inside the release folder (or the folder a zip was extracted to).
CACHE_FOLDER = "tradebrief-cache"
#: Environment variable naming the cache folder, or ``off`` (how `tradebrief run --baci` passes
#: ``--baci-cache``/``--no-baci-cache`` on to the notebook kernels).
CACHE_ENV = BACI_CACHE_ENV  # read by data.settings
_OFF = {"off", "0", "false", "no", "none"}
#: One sorted Parquet file per year in a cache folder.
CACHE_DATA = "baci_Y{year}.parquet"

#: Country-file column → names it has had across BACI versions (V202401 first, then pre-2024).
_COUNTRY_COLUMNS: dict[str, tuple[str, ...]] = {
    "country_code": ("country_code",),
    "country_iso3": ("country_iso3", "iso_3digit_alpha"),
    "country_name": ("country_name", "country_name_abbreviation", "country_name_full"),
}
_PRODUCT_COLUMNS = ("code", "description")

CITATION_PAPER = (
    "Gaulier, G. and Zignago, S. (2010), BACI: International Trade Database at the Product-Level. "
    "The 1994-2007 Version, CEPII Working Paper N°2010-23"
)
BACI_URL = "https://www.cepii.fr/CEPII/en/bdd_modele/bdd_modele_item.asp?id=37"


@dataclass(frozen=True, eq=False)
class BaciRelease:
    """A BACI release: where its files are and which version and classification it is."""

    root: Path
    classification: str
    version: str
    data_files: dict[int, Path] = field(repr=False)
    country_file: Path = field(repr=False)
    product_file: Path | None = field(default=None, repr=False)
    format: str = "csv"  # "csv": the published files; "parquet": a tradebrief cache
    origin: Path | None = None
    cache_dir: Path | None = None  # where the first scan writes the Parquet cache; None: no cache

    # ---------------------------------------------------------------- opening
    @classmethod
    def open(cls, path: str | Path, *, extract_dir: str | Path | None = None,
             cache: bool | str | Path | None = None) -> BaciRelease:
        """Open a BACI zip, an unzipped release folder, or a Parquet cache folder.

        A zip is extracted (once; members already present with the same size are kept) into
        `extract_dir`, by default ``$XDG_CACHE_HOME/tradebrief/baci/<zip name>``. `cache`: a
        folder for the Parquet cache, True for the default one, False for none; None reads
        ``$TRADEBRIEF_BACI_CACHE`` (a folder, or ``off``) and defaults to True.
        """
        release = cls._open(Path(path), extract_dir)
        if release.format == "parquet":
            return release
        folder = _cache_folder(release.root, cache)
        return release.with_cache(folder) if folder else release

    def with_cache(self, cache_dir: str | Path | None) -> BaciRelease:
        """The same release with another cache folder (None: read the CSV files directly)."""
        return dataclasses.replace(self, cache_dir=Path(cache_dir).expanduser() if cache_dir else None)

    @classmethod
    def _open(cls, path: Path, extract_dir: str | Path | None) -> BaciRelease:
        if not path.exists():
            raise BaciError(
                "not found; expected a BACI zip (BACI_HS17_V202401.zip), its unzipped folder, or a "
                f"Parquet cache folder; download BACI from {BACI_URL}", file=path)
        if path.is_file():
            if not zipfile.is_zipfile(path):
                raise BaciError(
                    "not a zip file; pass the BACI zip as published, or the folder holding its "
                    "CSV files", file=path)
            folder = _extract_zip(path, Path(extract_dir) if extract_dir else _default_extract_dir(path))
            return cls._from_folder(folder, origin=path)
        if (path / CACHE_MANIFEST).is_file():
            return cls._from_cache(path)
        return cls._from_folder(path, origin=path)

    @classmethod
    def _from_folder(cls, folder: Path, *, origin: Path) -> BaciRelease:
        data: dict[int, Path] = {}
        hs_seen: set[str] = set()
        versions: set[str] = set()
        countries: list[Path] = []
        products: list[Path] = []
        for file in sorted(folder.iterdir()):
            if m := DATA_FILE.match(file.name):
                data[int(m["year"])] = file
                hs_seen.add(m["hs"])
                versions.add(m["version"])
            elif COUNTRY_FILE.match(file.name):
                countries.append(file)
            elif PRODUCT_FILE.match(file.name):
                products.append(file)
        if not data:
            raise BaciError(
                "no BACI trade files found; expected files named like BACI_HS17_Y2022_V202401.csv "
                f"(download and unzip a release from {BACI_URL})", file=folder)
        if len(hs_seen) > 1 or len(versions) > 1:
            raise BaciError(
                f"mixes classifications {sorted(hs_seen)} / versions {sorted(versions)}; a release "
                "folder must hold one classification and one version — keep each zip in its own "
                "folder", file=folder)
        hs, version = hs_seen.pop(), versions.pop()
        country = _pick(countries, COUNTRY_FILE, version, folder, f"country_codes_{version}.csv")
        product_matches = [p for p in products if PRODUCT_FILE.match(p.name)["hs"] == hs]  # type: ignore[index]
        product = (_pick(product_matches, PRODUCT_FILE, version, folder,
                         f"product_codes_{hs}_{version}.csv") if product_matches else None)
        for file in data.values():
            check_header(file)
        release = cls(root=folder, classification=hs, version=version, data_files=data,
                      country_file=country, product_file=product, origin=origin)
        release.country_codes()  # fail now, not in the middle of a query, if the file is broken
        return release

    @classmethod
    def _from_cache(cls, folder: Path) -> BaciRelease:
        manifest_path = folder / CACHE_MANIFEST
        try:
            manifest = json.loads(manifest_path.read_text("utf-8"))
            hs, version = manifest["classification"], manifest["version"]
            layout = manifest.get("layout")
            years = [int(y) for y in manifest["files"]]
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise BaciError(f"unreadable cache manifest ({exc}); rebuild it with to_parquet_cache",
                            file=manifest_path) from None
        if layout != CACHE_LAYOUT:
            raise BaciError(f"cache layout {layout!r}, this tradebrief reads layout {CACHE_LAYOUT}; "
                            "open the CSV release instead (its first query rebuilds the cache)",
                            file=manifest_path)
        data = {y: folder / CACHE_DATA.format(year=y) for y in years}
        for parquet in data.values():
            if not parquet.is_file():
                raise BaciError("Parquet file missing from the cache; rebuild it with "
                                "to_parquet_cache", file=parquet)
        country = folder / f"country_codes_{version}.csv"
        if not country.is_file():
            raise BaciError("country code file missing from the cache; rebuild it", file=country)
        product = folder / f"product_codes_{hs}_{version}.csv"
        release = cls(root=folder, classification=hs, version=version,
                      data_files=data, country_file=country,
                      product_file=product if product.is_file() else None,
                      format="parquet", origin=folder)
        release.country_codes()
        return release

    # ------------------------------------------------------------ description
    @property
    def years(self) -> tuple[int, ...]:
        """Years the release has a trade file for, ascending."""
        return tuple(sorted(self.data_files))

    @property
    def source(self) -> str:
        """Short label carried in every output row, e.g. 'CEPII BACI HS17 V202401'."""
        return f"CEPII BACI {self.classification} {self.version}"

    def citation(self) -> str:
        """Citation text for a brief: database, version, classification, paper and URL."""
        return (f"CEPII BACI, {self.classification} classification, version {self.version} "
                f"(values in thousand current US dollars, quantities in metric tons; "
                f"reconciled exporter/importer declarations from UN Comtrade). {CITATION_PAPER}. "
                f"{BACI_URL}")

    # ----------------------------------------------------------- code tables
    @functools.cached_property
    def _countries(self) -> pd.DataFrame:
        rows, header = _read_small_csv(self.country_file)
        columns: dict[str, str] = {}
        for canonical, names in _COUNTRY_COLUMNS.items():
            found = next((n for n in names if n in header), None)
            if found is None:
                raise BaciError(
                    f"column missing; expected one of {list(names)}, found {header}",
                    file=self.country_file, column=canonical)
            columns[canonical] = found
        out: dict[str, list] = {"country_code": [], "country_iso3": [], "country_name": []}
        for n, row in enumerate(rows, start=2):
            raw_code = row[columns["country_code"]].strip()
            if not raw_code.isdigit():
                raise BaciError(f"country code {raw_code!r} is not a number; expected a numeric "
                                "code such as 112", file=self.country_file, row=n,
                                column=columns["country_code"])
            out["country_code"].append(int(raw_code))
            for name in ("country_iso3", "country_name"):
                out[name].append(row[columns[name]].strip())
        return pd.DataFrame(out)  # columns, not a list of dicts: a third of the time

    def country_codes(self) -> pd.DataFrame:
        """The release's country table: country_code (int), country_iso3, country_name."""
        return self._countries.copy()

    def codes_for(self, country: str) -> tuple[str, tuple[int, ...]]:
        """ISO3 and BACI numeric code(s) for a country given in any common form ('Belarus', 'BY').

        BACI's codes are not always ISO numeric (e.g. 842 for the USA, 251 for France), so the
        release's own country file decides; a country it lacks is an error, never a guess.
        """
        table = self._countries
        if isinstance(country, str) and country.isascii() and country.isupper() and len(country) == 3 \
                and (table["country_iso3"] == country).any():
            iso3 = country  # the release's own ISO3 code: no name lookup (pycountry and its data: ~25 ms)
        else:
            from tradebrief.data.countries import to_iso3

            iso3 = to_iso3(country)
        codes = tuple(sorted(int(c) for c in table.loc[table["country_iso3"] == iso3, "country_code"]))
        if not codes:
            raise BaciCountryError(
                f"no row with ISO3 {iso3!r} (resolved from {country!r}); this BACI release has no "
                "code for that country — check the country or use a release that covers it",
                file=self.country_file, column="country_iso3")
        return iso3, codes

    @functools.cached_property
    def _products(self) -> pd.DataFrame:
        if self.product_file is None:
            return pd.DataFrame({"hs6": pd.Series(dtype=str), "hs6_label": pd.Series(dtype=str)})
        rows, header = _read_small_csv(self.product_file)
        for col in _PRODUCT_COLUMNS:
            if col not in header:
                raise BaciError(f"column missing; expected {list(_PRODUCT_COLUMNS)}, found {header}",
                                file=self.product_file, column=col)
        return pd.DataFrame({"hs6": [r["code"].strip().zfill(6) for r in rows],
                             "hs6_label": [r["description"].strip() for r in rows]})

    def product_labels(self) -> pd.DataFrame:
        """HS6 code (zero-padded string) → description, from the release's product file."""
        return self._products.copy()

    # ------------------------------------------------------------------ scans
    def files_for(self, years: list[int] | tuple[int, ...] | None) -> dict[int, Path]:
        """The trade files for `years` (all when None); unknown years are an error."""
        if years is None:
            return dict(sorted(self.data_files.items()))
        missing = sorted(set(years) - set(self.data_files))
        if missing:
            raise BaciError(
                f"no trade file for year(s) {missing}; this release covers "
                f"{self.years[0]}-{self.years[-1]} — ask for those years or use a newer release",
                file=self.root)
        return {y: self.data_files[y] for y in sorted(set(years))}


#: Longest line a BACI trade file may hold (a row is about 40 bytes; the header 12).
MAX_LINE_BYTES = 4096


def check_header(file: Path) -> None:
    """Raise BaciError unless the file's first line is BACI's header `t,i,j,k,v,q` and a data row
    follows: a header-only file, or one whose "line" runs for megabytes, would otherwise read as a
    year without trade and vanish from the report without a word. Reads at most two short lines."""
    try:
        with open(file, "rb") as fh:
            first = fh.readline(MAX_LINE_BYTES)
            second = fh.readline(MAX_LINE_BYTES) if first.endswith(b"\n") else b""
    except OSError as exc:
        raise BaciError(f"cannot read ({exc.strerror})", file=file) from None
    if len(first) >= MAX_LINE_BYTES and not first.endswith(b"\n"):
        raise BaciError(f"the first line is longer than {MAX_LINE_BYTES} bytes; a BACI file starts with the "
                        "line t,i,j,k,v,q — the file is damaged or not a BACI trade file", file=file, row=1)
    if first.endswith(b"\n") and not second.strip():
        raise BaciError("holds no data rows after its header (or a blank second line); the year would read "
                        "as no trade at all — get the file again from CEPII", file=file, row=2)
    if len(second) >= MAX_LINE_BYTES and not second.endswith(b"\n"):
        raise BaciError(f"line 2 is longer than {MAX_LINE_BYTES} bytes; a BACI row is about 40 — the file is "
                        "damaged or not a BACI trade file", file=file, row=2)
    names = [c.strip().strip('"') for c in first.decode("utf-8-sig", "replace").strip().split(",")]
    if tuple(names) != BACI_COLUMNS:
        missing = [c for c in BACI_COLUMNS if c not in names]
        raise BaciError(
            f"header is {names}; expected BACI's columns {list(BACI_COLUMNS)} in that order "
            "(year, exporter, importer, HS6 product, value in thousand USD, quantity in tons)",
            file=file, column=missing[0] if missing else None)


def _pick(candidates: list[Path], pattern: re.Pattern[str], version: str, folder: Path,
          expected: str) -> Path:
    same = [p for p in candidates if pattern.match(p.name)["version"] == version]  # type: ignore[index]
    if not same:
        raise BaciError(f"{expected} missing; every BACI release ships it beside the yearly files",
                        file=folder / expected)
    return same[0]


def _read_small_csv(path: Path) -> tuple[list[dict[str, str]], list[str]]:
    """Read a code table (a few hundred or thousand rows). UTF-8, or Latin-1 for older releases."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise BaciError(f"cannot read ({exc.strerror})", file=path) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("latin-1")
    reader = csv.DictReader(io.StringIO(text))
    header = [h.strip() for h in (reader.fieldnames or [])]
    reader.fieldnames = header
    return list(reader), header


def _cache_folder(root: Path, cache: bool | str | Path | None) -> Path | None:
    if cache is None:
        env = current().baci_cache
        cache = False if env.lower() in _OFF else (env or True)
    if cache is True:
        return root / CACHE_FOLDER
    return Path(cache) if cache else None


def _default_extract_dir(zip_path: Path) -> Path:
    return current().user_cache / "tradebrief" / "baci" / zip_path.stem


def _extract_zip(zip_path: Path, dest: Path) -> Path:
    """Extract the BACI members of a zip into `dest` (flat), streaming; reuse complete files."""
    wanted = (DATA_FILE, COUNTRY_FILE, PRODUCT_FILE)
    members: list[zipfile.ZipInfo] = []
    try:
        with zipfile.ZipFile(zip_path) as zf:
            members = [m for m in zf.infolist()
                       if not m.is_dir() and any(p.match(Path(m.filename).name) for p in wanted)]
            if not members:
                raise BaciError(
                    "holds no BACI files; expected members named like BACI_HS17_Y2022_V202401.csv",
                    file=zip_path)
            dest.mkdir(parents=True, exist_ok=True)
            for m in members:
                target = dest / Path(m.filename).name
                if target.is_file() and target.stat().st_size == m.file_size:
                    continue
                partial = target.with_name(target.name + ".part")
                try:
                    with zf.open(m) as src, open(partial, "wb") as out:
                        shutil.copyfileobj(src, out, length=1 << 20)
                    os.replace(partial, target)
                finally:
                    partial.unlink(missing_ok=True)  # a full disk or an interrupt leaves no half-written file
    except zipfile.BadZipFile as exc:
        raise BaciError(f"damaged zip ({exc}); download it again", file=zip_path) from None
    except OSError as exc:
        need = sum(m.file_size for m in members) / 1e9
        raise BaciError(f"cannot extract into {dest} ({exc.strerror}); the CSV files need {need:.1f} GB: "
                        "set XDG_CACHE_HOME to a folder with room for them, or unzip the release yourself "
                        "and pass its folder to --baci", file=zip_path) from None
    return dest
