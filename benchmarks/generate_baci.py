"""Write synthetic BACI-format files for benchmarks: five yearly files of 10 million rows each.

    python benchmarks/generate_baci.py                      # /tmp/baci-bench, 5 × 10M rows
    python benchmarks/generate_baci.py /data/baci --rows 1000000 --years 2018-2022

The files have BACI's names and columns (``BACI_HS17_Y2022_V000000.csv``: t,i,j,k,v,q, plus
``country_codes_V000000.csv`` and ``product_codes_HS17_V000000.csv``) and its quirks (HS6 codes
without their leading zero, empty quantities, rows ordered by exporter, importer and product as
CEPII writes them — `--shuffled` for rows in random order); the numbers are seeded random values,
not trade data, and the version ``V000000`` marks them as synthetic. A small share of rows is Belarus↔China
so that the benchmark's pair has a realistic few thousand flows per year. Nothing is written into
the repository: the default folder is /tmp/baci-bench (about 300 MB per 10M-row file).
"""
from __future__ import annotations

import argparse
import csv
import sys
import time
from pathlib import Path

import numpy as np
import pyarrow as pa
import pyarrow.csv as pacsv
import pycountry

VERSION = "V000000"
HS = "HS17"
PAIR = (112, 156)  # Belarus, China (BACI codes)


def country_table() -> list[tuple[int, str, str, str]]:
    """(code, name, iso2, iso3) for every ISO country: BACI-like numeric codes."""
    rows = [(int(c.numeric), c.name, c.alpha_2, c.alpha_3) for c in pycountry.countries]
    return sorted(rows)


def product_codes(rng: np.random.Generator, n: int = 5000) -> np.ndarray:
    """`n` distinct synthetic HS6 codes (as integers: the leading zero is lost, as in BACI)."""
    chapters = np.array([c for c in range(1, 98) if c != 77])
    codes: set[int] = set()
    while len(codes) < n:
        ch = rng.choice(chapters, n)
        rest = rng.integers(101, 9999, n)
        codes.update((ch * 10000 + rest).tolist())
    return np.array(sorted(codes)[:n], dtype=np.int32)


def _decimal3(milli: np.ndarray, mask: np.ndarray | None = None) -> pa.Array:
    """Non-negative integers in thousandths → decimal128(18, 3), written as e.g. 1234.567."""
    words = np.zeros((len(milli), 2), dtype=np.int64)
    words[:, 0] = milli
    validity = None
    if mask is not None:  # True where null
        validity = pa.array(~mask).buffers()[1]
    return pa.Array.from_buffers(pa.decimal128(18, 3), len(milli),
                                 [validity, pa.py_buffer(words.tobytes())],
                                 null_count=int(mask.sum()) if mask is not None else 0)


def write_year(folder: Path, year: int, rows: int, codes: np.ndarray, products: np.ndarray,
               pair_share: float, shuffled: bool = False) -> Path:
    rng = np.random.default_rng(year)
    i = rng.choice(codes, rows).astype(np.int16)
    j = rng.choice(codes, rows).astype(np.int16)
    same = i == j
    j[same] = np.where(i[same] == codes[0], codes[1], codes[0])
    pair = rng.random(rows) < pair_share
    direction = rng.random(rows) < 0.5
    i[pair] = np.where(direction[pair], PAIR[0], PAIR[1])
    j[pair] = np.where(direction[pair], PAIR[1], PAIR[0])
    k = rng.choice(products, rows)
    v = np.maximum(1, rng.lognormal(mean=4.0, sigma=2.5, size=rows) * 1000).astype(np.int64)
    q = np.maximum(1, rng.lognormal(mean=2.0, sigma=2.5, size=rows) * 1000).astype(np.int64)
    if not shuffled:  # BACI's order: exporter, importer, product (see benchmarks/README.md)
        order = np.lexsort((k, j, i))
        i, j, k, v, q = i[order], j[order], k[order], v[order], q[order]
    table = pa.table({
        "t": pa.array(np.full(rows, year, dtype=np.int16)),
        "i": pa.array(i), "j": pa.array(j), "k": pa.array(k),
        "v": _decimal3(v), "q": _decimal3(q, mask=rng.random(rows) < 0.03),
    })
    path = folder / f"BACI_{HS}_Y{year}_{VERSION}.csv"
    with open(path, "wb") as out:  # BACI's header is not quoted; pyarrow would quote it
        out.write(b"t,i,j,k,v,q\n")
        pacsv.write_csv(table, out, pacsv.WriteOptions(include_header=False, quoting_style="none"))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("folder", nargs="?", default="/tmp/baci-bench")
    parser.add_argument("--rows", type=int, default=10_000_000, help="rows per yearly file")
    parser.add_argument("--years", default="2018-2022", help="first-last year, e.g. 2018-2022")
    parser.add_argument("--pair-share", type=float, default=0.0005,
                        help="share of rows that are Belarus<->China flows")
    parser.add_argument("--shuffled", action="store_true",
                        help="rows in random order instead of BACI's (exporter, importer, product)")
    args = parser.parse_args(argv)
    first, _, last = args.years.partition("-")
    years = range(int(first), int(last or first) + 1)
    folder = Path(args.folder)
    folder.mkdir(parents=True, exist_ok=True)
    countries = country_table()
    codes = np.array([c[0] for c in countries], dtype=np.int16)
    products = product_codes(np.random.default_rng(0))
    with open(folder / f"country_codes_{VERSION}.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["country_code", "country_name", "country_iso2", "country_iso3"])
        w.writerows(countries)
    with open(folder / f"product_codes_{HS}_{VERSION}.csv", "w", newline="", encoding="utf-8") as fh:
        w = csv.writer(fh, lineterminator="\n")
        w.writerow(["code", "description"])
        w.writerows((f"{p:06d}", f"Synthetic product {p:06d}") for p in products)
    for year in years:
        start = time.perf_counter()
        path = write_year(folder, year, args.rows, codes, products, args.pair_share, args.shuffled)
        print(f"{path}  {args.rows:,} rows  {path.stat().st_size / 2**20:,.0f} MiB  "
              f"{time.perf_counter() - start:.1f} s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
