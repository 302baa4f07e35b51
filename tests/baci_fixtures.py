"""Small, synthetic BACI-format releases for tests: same file names, columns and quirks as the
published files, values that are obviously made up (seeded random numbers, not trade data).

Quirks reproduced on purpose: HS6 codes written without their leading zero (``10121`` for
``010121``), quantities missing as ``NA`` or empty, optionally right-aligned numbers padded with
spaces, and a country code table whose codes are BACI's own (842 for the USA, 251 for France).
"""
from __future__ import annotations

import csv
import random
import zipfile
from pathlib import Path

#: (BACI code, name, ISO2, ISO3): a few real BACI codes, including non-ISO-numeric ones.
COUNTRIES: list[tuple[int, str, str, str]] = [
    (112, "Belarus", "BY", "BLR"),
    (156, "China", "CN", "CHN"),
    (251, "France", "FR", "FRA"),
    (276, "Germany", "DE", "DEU"),
    (490, "Other Asia, nes", "N/A", "S19"),
    (643, "Russian Federation", "RU", "RUS"),
    (842, "USA", "US", "USA"),
]

#: Listed in the country file but never trading in the generated files (an empty pair).
SILENT: list[tuple[int, str, str, str]] = [(352, "Iceland", "IS", "ISL")]

#: HS6 codes spread over sections, several with a leading zero.
PRODUCTS: list[tuple[str, str]] = [
    ("010121", "Synthetic product A (live horses)"),
    ("020130", "Synthetic product B (bovine meat)"),
    ("040210", "Synthetic product C (milk powder)"),
    ("090111", "Synthetic product D (coffee)"),
    ("270900", "Synthetic product E (crude oil)"),
    ("310420", "Synthetic product F (potassium chloride)"),
    ("390110", "Synthetic product G (polyethylene)"),
    ("440710", "Synthetic product H (sawn wood)"),
    ("730890", "Synthetic product I (steel structures)"),
    ("847130", "Synthetic product J (laptops)"),
    ("851712", "Synthetic product K (phones)"),
    ("870323", "Synthetic product L (cars)"),
    ("940360", "Synthetic product M (furniture)"),
]


def write_release(folder: Path, *, years: tuple[int, ...] = (2020, 2021, 2022),
                  rows_per_year: int = 800, version: str = "V202401", hs: str = "HS17",
                  seed: int = 7, padded: bool = False, pair_share: float = 0.4,
                  ordered: bool = False) -> Path:
    """Write a BACI-format release (yearly CSVs + code files) into `folder`; return it.

    About `pair_share` of the rows are Belarus↔China flows so that pair queries have data.
    Each (exporter, importer, product) appears at most once per year, as in BACI. `ordered`:
    rows by exporter, importer, product, as CEPII writes them; otherwise in random order.
    """
    folder.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    codes = [c[0] for c in COUNTRIES]
    for year in years:
        seen: set[tuple[int, int, str]] = set()
        rows: list[list[str]] = []
        attempts = 0
        while len(rows) < rows_per_year and attempts < rows_per_year * 50:
            attempts += 1
            if rng.random() < pair_share:
                i, j = rng.choice([(112, 156), (156, 112)])
            else:
                i, j = rng.sample(codes, 2)
            k = rng.choice(PRODUCTS)[0] if rng.random() < 0.5 else _random_hs6(rng)
            if (i, j, k) in seen:
                continue
            seen.add((i, j, k))
            v = rng.randint(1, 5_000_000) / 1000  # thousand USD, three decimals
            q = "NA" if rng.random() < 0.1 else ("" if rng.random() < 0.05 else
                                                 f"{rng.randint(1, 900_000) / 1000:.3f}")
            k_text = k.lstrip("0") if rng.random() < 0.7 else k  # BACI often drops the zero
            v_text = f"{v:.3f}"
            if padded:
                v_text, q = f"{v_text:>12}", f"{q:>12}"
            rows.append([str(year), str(i), str(j), k_text, v_text, q])
        if ordered:
            rows.sort(key=lambda r: (int(r[1]), int(r[2]), int(r[3])))
        path = folder / f"BACI_{hs}_Y{year}_{version}.csv"
        with open(path, "w", newline="", encoding="utf-8") as fh:
            w = csv.writer(fh, lineterminator="\n")
            w.writerow(["t", "i", "j", "k", "v", "q"])
            w.writerows(rows)
    with open(folder / f"country_codes_{version}.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["country_code", "country_name", "country_iso2", "country_iso3"])
        w.writerows(COUNTRIES + SILENT)
    with open(folder / f"product_codes_{hs}_{version}.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["code", "description"])
        w.writerows(PRODUCTS)
    return folder


def _random_hs6(rng: random.Random) -> str:
    chapter = rng.choice([c for c in range(1, 98) if c != 77])
    return f"{chapter:02d}{rng.randint(1, 99):02d}{rng.randint(0, 99):02d}"


def write_zip(folder: Path, zip_path: Path, *, subfolder: str = "") -> Path:
    """Zip a release folder the way CEPII publishes it (members flat, or under `subfolder`)."""
    with zipfile.ZipFile(zip_path, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for file in sorted(folder.iterdir()):
            zf.write(file, arcname=f"{subfolder}{file.name}")
    return zip_path
