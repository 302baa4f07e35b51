"""One pair's HS2 table over every year of a BACI-format release: pandas vs DuckDB vs Parquet.

    python benchmarks/generate_baci.py            # once: 5 × 10M rows into /tmp/baci-bench
    python benchmarks/bench_bulk.py               # measure, side by side, in one run
    python benchmarks/bench_bulk.py /tmp/baci-bench --repeat 3 --pair BLR CHN
    python benchmarks/generate_baci.py /tmp/baci-small --rows 1000000   # smaller, to iterate
    python benchmarks/bench_bulk.py /tmp/baci-small --repeat 1

Five ways to get the same table (year, exporter, importer, HS2 → value), each run in a fresh
Python process so that peak memory (the child's own max RSS, from os.wait4) and time are whole
processes, interpreter start and imports included ("query s" is the part after the imports;
"CPU s" is user+system time of the process, which other load on the machine changes less):

  pandas          read_csv each yearly file whole, filter the pair, group by HS2 (the usual way)
  pandas-dtypes   the same with narrow dtypes given to read_csv (a tuned pandas, for reference)
  first-scan      tradebrief.bulk.pair_flows + by_hs2 on the CSV files, cache on (the default):
                  the first question, answered from the CSV files; its Parquet cache is written
                  after the answer by a background writer (into a fresh folder each run, deleted
                  after). The writer is reaped by this script (a Linux child subreaper) and
                  measured apart ("cache writer": wall time after the answer, CPU, peak); the
                  next method starts only once it has finished
  scan-no-cache   the same with cache=False: the CSV files scanned for the pair only
  cache-query     the same calls on a CSV release whose cache exists: a user's second question

Targets (issue 28): first-scan at least as fast as pandas (≥ 1.0×) with ≤ 20% of its peak
memory; cache-query ≥ 10× faster than pandas, whole process. The files are read once before
timing so that every method finds them in the page cache. Methods are interleaved, the order
reversed every other round, and medians reported; all results must be the same table. The load
is watched during every run (benchmarks/load.py): with the load average before, or the other
processes' load during the runs, above 1.5 the targets are reported as not judged.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {"first-scan": (1.0, 0.20), "cache-query": (10.0, None)}
ISSUE = "issue 28"
sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import QUIET_LOAD, LoadWatch, sleep_until_quiet  # noqa: E402  (stdlib only, beside this script)

METHODS = ("pandas", "pandas-dtypes", "first-scan", "scan-no-cache", "cache-query")


# ------------------------------------------------------------------ child processes
def _work_pandas(data: Path, a: str, b: str, tuned: bool = False) -> list[tuple]:
    import pandas as pd

    from tradebrief.bulk import BaciRelease

    release = BaciRelease.open(data)  # only to list the files and look up the two codes
    a_iso, a_codes = release.codes_for(a)
    b_iso, b_codes = release.codes_for(b)
    iso = {c: a_iso for c in a_codes} | {c: b_iso for c in b_codes}
    parts = []
    for _, path in sorted(release.data_files.items()):
        if tuned:  # narrow dtypes: less memory than pandas' defaults
            df = pd.read_csv(path, dtype={"t": "int16", "i": "int16", "j": "int16", "k": "int32",
                                          "v": "float64", "q": "float64"})
        else:
            df = pd.read_csv(path)
        mask = (df.i.isin(a_codes) & df.j.isin(b_codes)) | (df.i.isin(b_codes) & df.j.isin(a_codes))
        parts.append(df[mask])
        del df
    pair = pd.concat(parts)
    pair = pair.assign(exporter=pair.i.map(iso), importer=pair.j.map(iso),
                       hs2=pair.k.astype(str).str.zfill(6).str[:2])
    table = (pair.groupby(["t", "exporter", "importer", "hs2"], as_index=False)["v"].sum()
             .sort_values(["t", "exporter", "importer", "hs2"]))
    return [(int(r.t), r.exporter, r.importer, r.hs2, round(float(r.v), 3))
            for r in table.itertuples()]


def _work_duckdb(data: Path, a: str, b: str, cache: Path | bool) -> list[tuple]:
    from tradebrief.bulk import BaciRelease, by_hs2, pair_flows

    table = by_hs2(pair_flows(BaciRelease.open(data, cache=cache), a, b, progress=False))
    return [(int(r.year), r.exporter, r.importer, r.hs2, round(float(r.value_kusd), 3))
            for r in table.itertuples()]


def worker(method: str, data: Path, cache: Path, a: str, b: str) -> None:
    import pandas  # noqa: F401  (imports timed apart from the query)

    import tradebrief.bulk  # noqa: F401

    start = time.perf_counter()
    if method == "pandas":
        rows = _work_pandas(data, a, b)
    elif method == "pandas-dtypes":
        rows = _work_pandas(data, a, b, tuned=True)
    elif method in ("first-scan", "cache-query"):  # the parent gives first-scan an empty folder
        rows = _work_duckdb(data, a, b, cache)
    elif method == "scan-no-cache":
        rows = _work_duckdb(data, a, b, False)
    else:
        raise SystemExit(f"unknown method {method}")
    print(json.dumps({"work_s": time.perf_counter() - start, "rows": rows}))


# ----------------------------------------------------------------------- the parent
def run_measured(method: str, args: argparse.Namespace) -> dict:
    """Run one method in a fresh interpreter: wall time, and max RSS of that child only (wait4)."""
    cache = args.cache
    if method == "first-scan":  # a first scan: no cache yet
        cache = Path(tempfile.mkdtemp(prefix="first-scan-", dir=args.data))
    try:
        return _spawn(method, args, cache)
    finally:
        if method == "first-scan":
            shutil.rmtree(cache, ignore_errors=True)


def _become_subreaper() -> bool:
    """Adopt orphaned descendants (Linux PR_SET_CHILD_SUBREAPER), so that the background cache
    writer, which outlives the process that started it, is reaped and measured here."""
    try:
        import ctypes

        return ctypes.CDLL(None, use_errno=True).prctl(36, 1, 0, 0, 0) == 0
    except (OSError, AttributeError):
        return False


def _spawn(method: str, args: argparse.Namespace, cache: Path) -> dict:
    cmd = [sys.executable, __file__, "--worker", method, str(args.data), "--cache", str(cache),
           "--pair", *args.pair]
    read_fd, write_fd = os.pipe()
    watch = LoadWatch().start()
    start = time.perf_counter()
    pid = os.posix_spawn(sys.executable, cmd, os.environ,
                         file_actions=[(os.POSIX_SPAWN_DUP2, write_fd, 1),
                                       (os.POSIX_SPAWN_CLOSE, read_fd)])
    os.close(write_fd)
    with os.fdopen(read_fd) as fh:
        out = fh.read()
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    watch.stop()
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{method} failed with status {status}")
    result = json.loads(out.strip().splitlines()[-1])
    writer = _reap_writers(start + wall)
    return {"method": method, "wall_s": wall, "work_s": result["work_s"],
            "cpu_s": usage.ru_utime + usage.ru_stime,
            "peak_mib": usage.ru_maxrss / 1024, "rows": result["rows"],
            "others_load": watch.others, "samples": watch.samples, "writer": writer}


def _reap_writers(answered: float) -> dict | None:
    """Wait for the adopted background writers: wall time after the answer, CPU-s, peak MiB."""
    cpu, peak, found = 0.0, 0.0, False
    while True:
        try:
            _, _, usage = os.wait4(-1, 0)
        except ChildProcessError:
            break
        found = True
        cpu += usage.ru_utime + usage.ru_stime
        peak = max(peak, usage.ru_maxrss / 1024)
    if not found:
        return None
    return {"after_s": time.perf_counter() - answered, "cpu_s": cpu, "peak_mib": peak}


def warm(data: Path) -> float:
    """Read every file once so that all methods start from the page cache."""
    total = 0
    for path in sorted(data.glob("BACI_*.csv")):
        with open(path, "rb") as fh:
            while chunk := fh.read(1 << 24):
                total += len(chunk)
    return total / 2**20


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("data", nargs="?", type=Path, default=Path("/tmp/baci-bench"))
    parser.add_argument("--cache", type=Path, default=None,
                        help="Parquet cache folder for cache-query (default: DATA/parquet-cache)")
    parser.add_argument("--pair", nargs=2, default=["BLR", "CHN"], metavar=("A", "B"))
    parser.add_argument("--repeat", type=int, default=3, help="rounds (medians shown)")
    parser.add_argument("--methods", nargs="+", default=list(METHODS), choices=METHODS)
    parser.add_argument("--worker", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--wait-quiet", type=float, default=0, metavar="SECONDS",
                        help="first wait up to this long for the load average to fall to 1.5")
    parser.add_argument("--require-quiet", action="store_true",
                        help="measure nothing if the load average is still above 1.5 after waiting")
    args = parser.parse_args(argv)
    args.cache = args.cache or args.data / "parquet-cache"
    if args.worker:
        worker(args.worker, args.data, args.cache, *args.pair)
        return 0
    if not args.data.is_dir():
        print(f"{args.data}: no benchmark data; write it first with "
              "`python benchmarks/generate_baci.py` (5 × 10M rows, 1.6 GB)", file=sys.stderr)
        return 0

    # The parent stays stdlib-only: a child started by posix_spawn (vfork) inherits the parent's
    # high-water RSS in ru_maxrss, so a parent holding pandas or DuckDB would inflate every peak.
    files = sorted(args.data.glob("BACI_*_Y*.csv"))
    size = sum(p.stat().st_size for p in files) / 2**20
    print(f"data: {args.data}  {len(files)} files  {size:,.0f} MiB  pair {args.pair[0]}-{args.pair[1]}")
    print(f"machine: {platform.node()}  {os.cpu_count()} CPUs  Python {platform.python_version()}")
    print(f"warm-up read: {warm(args.data):,.0f} MiB")
    if not _become_subreaper():
        print("(not Linux: the background cache writer is not measured)")
    if args.wait_quiet or args.require_quiet:
        load = sleep_until_quiet(timeout=args.wait_quiet)
        print(f"load average after waiting up to {args.wait_quiet:g} s for a quiet machine: {load:.1f}")
        if args.require_quiet and load > QUIET_LOAD:
            print(f"not measured: the load stayed above {QUIET_LOAD}")
            return 0
    if "cache-query" in args.methods:  # needs the cache: built once (if missing) in a child, not timed
        _spawn("cache-query", args, args.cache)
    disk = sum(p.stat().st_size for p in args.cache.glob("*.parquet")) / 2**20
    print(f"Parquet cache: {disk:,.0f} MiB on disk ({args.cache})")

    watch = LoadWatch(sample=False).start()  # each run samples others' load: gathered below
    runs: dict[str, list[dict]] = {m: [] for m in args.methods}
    for round_no in range(args.repeat):  # interleaved, order reversed every other round
        order = args.methods if round_no % 2 == 0 else args.methods[::-1]
        for method in order:
            one = run_measured(method, args)
            runs[method].append(one)
            load = "?" if one["others_load"] is None else f"{one['others_load']:.1f}"
            writer = (f"; cache writer {one['writer']['after_s']:.1f} s after the answer, "
                      f"CPU {one['writer']['cpu_s']:.1f} s" if one["writer"] else "")
            print(f"  round {round_no + 1} {method:<14} {one['wall_s']:6.2f} s  CPU {one['cpu_s']:5.1f} s  "
                  f"{one['peak_mib']:5.0f} MiB  others' load {load}{writer}", flush=True)
    watch.stop()
    watch.samples = [n for rs in runs.values() for r in rs for n in r["samples"]]

    def others(rs: list[dict]) -> float | None:
        seen = [r["others_load"] for r in rs if r["others_load"] is not None]
        return statistics.median(seen) if seen else None

    results = {m: {"wall_s": statistics.median(r["wall_s"] for r in rs),
                   "work_s": statistics.median(r["work_s"] for r in rs),
                   "cpu_s": statistics.median(r["cpu_s"] for r in rs),
                   "peak_mib": max(r["peak_mib"] for r in rs), "rows": rs[0]["rows"],
                   "walls": [r["wall_s"] for r in rs], "others": others(rs),
                   "writers": [r["writer"] for r in rs if r["writer"]]}
               for m, rs in runs.items()}
    reference = next(iter(results.values()))["rows"]
    for method, res in results.items():
        if res["rows"] != reference:
            raise SystemExit(f"{method} gave a different HS2 table than {next(iter(results))}")
    print(f"\nHS2 table: {len(reference)} rows, identical from every method "
          f"(median of {args.repeat} round(s); peak = max RSS of the process, max over rounds)")
    print(watch.describe() + "\n")
    if "pandas" not in results:
        for method, res in results.items():
            print(f"{method:<14} {res['wall_s']:7.2f} s  CPU {res['cpu_s']:5.1f} s  "
                  f"{res['peak_mib']:5.0f} MiB")
        return 0
    base = results["pandas"]
    print(f"{'method':<15}{'process s':>10}{'query s':>9}{'CPU s':>8}{'peak MiB':>10}"
          f"{'speed-up':>10}{'memory':>9}{'others':>8}   runs (s)")
    for method, res in results.items():
        load = "" if res["others"] is None else f"{res['others']:.1f}"
        print(f"{method:<15}{res['wall_s']:>10.2f}{res['work_s']:>9.2f}{res['cpu_s']:>8.1f}"
              f"{res['peak_mib']:>10.0f}{base['wall_s'] / res['wall_s']:>9.2f}×"
              f"{res['peak_mib'] / base['peak_mib']:>9.0%}{load:>8}   "
              + " ".join(f"{w:.1f}" for w in res["walls"]))
        if res["writers"]:
            w = res["writers"]
            print(f"{'  cache writer':<15}{statistics.median(x['after_s'] for x in w):>10.2f}"
                  f"{'':>9}{statistics.median(x['cpu_s'] for x in w):>8.1f}"
                  f"{max(x['peak_mib'] for x in w):>10.0f}   (after the answer, in the background)")
    print("(others: median over the rounds of the other processes' mean load during the method's run)")
    print(f"\nratios against the targets ({ISSUE}):")
    for method, (t_speed, t_mem) in TARGETS.items():
        if method not in results:
            continue
        res = results[method]
        speed, mem = base["wall_s"] / res["wall_s"], res["peak_mib"] / base["peak_mib"]
        ok = speed >= t_speed and (t_mem is None or mem <= t_mem)
        line = f"  {method:<12} {speed:5.2f}× pandas (target ≥ {t_speed:g}×)"
        if t_mem is not None:
            line += f", memory {mem:.0%} of pandas (target ≤ {t_mem:.0%})"
        print(f"{line}  {watch.verdict(ok)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
