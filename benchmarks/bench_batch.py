"""Benchmark `tradebrief batch`: 2 local workers vs 1, and a Dask LocalCluster vs local processes.

Not a timed test: it prints wall-clock seconds for the same batch of runs (24 by default) measured
side by side in one process, and the ratios between them. By default every run executes the
pipeline over SMALL fixture notebooks (the same ones tests/integration/test_batch.py uses: a parameters cell and
one line of work each), so the numbers measure the batch machinery — process pool, Dask, papermill,
kernel start-up, publishing — not the analysis. `--real` uses the real notebooks instead (needs the
data snapshot and notebooks/04_claims.ipynb; about 25 minutes per configuration on 2 cores).

    .venv/bin/python benchmarks/bench_batch.py            # fixture notebooks, 24 runs
    .venv/bin/python benchmarks/bench_batch.py --real --runs 6
"""
from __future__ import annotations

import argparse
import itertools
import os
import platform
import resource
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import LoadWatch  # noqa: E402  (stdlib only, beside this script)

#: Issue 14's target: 2 local workers at least this many times faster than 1.
TARGET_SPEEDUP = 1.8
PARTNERS = ("RUS", "CHN", "POL", "DEU", "KAZ", "LTU", "LVA", "TUR")
RANGES = ((2010, 2025), (2013, 2025), (2015, 2023), (2018, 2024))


def batch_yaml(count: int) -> str:
    """`count` distinct runs: partners × year ranges, labelled by range so that slugs differ."""
    combos = list(itertools.product(PARTNERS, RANGES))[:count]
    if len(combos) < count:
        raise SystemExit(f"at most {len(PARTNERS) * len(RANGES)} runs")
    lines = ["defaults: {reporter: BLR, source: snapshot, label: '{start_year}-{end_year}'}", "runs:"]
    lines += [f"  - {{partner: {p}, start_year: {a}, end_year: {b}}}" for p, (a, b) in combos]
    return "\n".join(lines) + "\n"


def timed(label: str, runs, notebooks: Path, scratch: Path, **kwargs) -> float:
    from tradebrief.run.batch import run_batch

    out = scratch / label.replace(" ", "_").replace(":", "").replace(",", "")
    out.mkdir()
    cpu_before = _cpu()
    started = time.perf_counter()
    result = run_batch(runs, output_root=out, progress=False, notebooks=notebooks, **kwargs)
    seconds = time.perf_counter() - started
    cpu = _cpu() - cpu_before
    failed = [f"{o.slug}: {o.error}" for o in result.failed]
    if failed:
        raise SystemExit(f"{label}: {len(failed)} run(s) failed, the timing would be meaningless:\n"
                         + "\n".join(failed[:5]))
    # CPU of this process and of the reaped workers and kernels (Dask's workers live on: not counted)
    cpu_note = "" if "scheduler" in kwargs else f", CPU {cpu:.1f} s = {cpu / seconds:.2f} cores busy"
    print(f"{label:<46} {seconds:8.1f} s   ({seconds / len(runs):.2f} s per run{cpu_note})", flush=True)
    return seconds


def _cpu() -> float:
    """User+system seconds of this process and every child it has waited for."""
    own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=24, help="runs in the batch (default 24)")
    parser.add_argument("--real", action="store_true", help="use the real notebooks instead of fixtures")
    parser.add_argument("--rounds", type=int, default=1,
                        help="repeat every configuration, alternating the order; report medians")
    parser.add_argument("--no-dask", action="store_true", help="skip the Dask LocalCluster measurement")
    args = parser.parse_args()

    from tradebrief.run.batch import load_batch

    with tempfile.TemporaryDirectory(prefix="bench-batch-") as tmp:
        scratch = Path(tmp)
        if args.real:
            notebooks = REPO / "notebooks"
        else:
            sys.path[:0] = [str(REPO / "tests" / "integration"), str(REPO / "tests")]
            from test_batch import write_fixture_notebooks

            notebooks = write_fixture_notebooks(scratch / "notebooks")
        spec = scratch / "runs.yml"
        spec.write_text(batch_yaml(args.runs), encoding="utf-8")
        runs = load_batch(spec)
        print(f"{len(runs)} runs, {'real' if args.real else 'fixture'} notebooks, "
              f"{os.cpu_count()} CPUs, Python {platform.python_version()}, "
              f"load average {os.getloadavg()[0]:.1f} at start", flush=True)

        configs = ["1 worker", "2 workers"] + ([] if args.no_dask else ["dask"])
        seconds: dict[str, list[float]] = {c: [] for c in configs}
        cluster = None
        watch = LoadWatch().start()
        if not args.no_dask:
            from distributed import LocalCluster

            started = time.perf_counter()
            cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None)
            print(f"{'(Dask LocalCluster start-up)':<46} {time.perf_counter() - started:8.1f} s", flush=True)
        try:
            for r in range(args.rounds):
                # the machine's load drifts: alternate the order so that no configuration always goes first
                for config in (configs if r % 2 == 0 else configs[::-1]):
                    label = f"round {r + 1}: " + {"1 worker": "local processes, 1 worker",
                                                 "2 workers": "local processes, 2 workers",
                                                 "dask": "Dask LocalCluster, 2 workers"}[config]
                    kwargs = ({"scheduler": cluster.scheduler_address} if config == "dask"
                              else {"workers": 1 if config == "1 worker" else 2})
                    seconds[config].append(timed(label, runs, notebooks, scratch, **kwargs))
        finally:
            if cluster is not None:
                cluster.close()
            watch.stop()

        best = {c: statistics.median(v) for c, v in seconds.items()}
        print()
        print(f"median of {args.rounds} round(s): " + ", ".join(f"{c} {v:.1f} s" for c, v in best.items()))
        print(f"speed-up, 2 local workers vs 1:        {best['1 worker'] / best['2 workers']:.2f}x  "
              "(target >= 1.8x)")
        if "dask" in best:
            print(f"Dask LocalCluster vs 2 local workers:  {best['2 workers'] / best['dask']:.2f}x  "
                  "(>1 means Dask was faster)")
        print(f"load average {os.getloadavg()[0]:.1f} at end")
        print(watch.describe())
        speedup = best["1 worker"] / best["2 workers"]
        print(f"ratios against the targets (issue 14):\n  2 local workers vs 1 {speedup:.2f}x "
              f"(target >= {TARGET_SPEEDUP}x)  {watch.verdict(speedup >= TARGET_SPEEDUP)}")


if __name__ == "__main__":
    main()
