"""The default `tradebrief run` against its floor: the same pipeline on notebooks that do nothing.

    python benchmarks/bench_run.py                  # median of 3 each, interleaved
    python benchmarks/bench_run.py --repeat 5
    python benchmarks/bench_run.py --write-floor    # regenerate benchmarks/floor/ from notebooks/

Both sides are the same command in a fresh process, `tradebrief run --no-progress --output <tmp>`
(interpreter start, CLI, papermill, 2 workers: the brief once 01–03 are done, beside 04; manifest, publish):

  run    the real notebooks (notebooks/)
  floor  benchmarks/floor/: for each real notebook, its own parameters cell and its own import
         statements, nothing else (TRADEBRIEF_NOTEBOOKS points the pipeline there)

So floor = what papermill, kernels and imports cost at this parallelism; run / floor = how much
the analysis, charts and brief add on top. Runs alternate (run, floor, run, …) so that load from
other processes on the machine hits both sides alike. Wall-clock seconds.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from floor import FLOOR, REPO, stale, write_floor
from load import LoadWatch

#: Issue 14's target for the default run: at most this many times its floor.
TARGET_RATIO = 1.5

TRADEBRIEF = Path(sys.executable).with_name("tradebrief")


def check_floor() -> None:
    """The committed floor must match the real notebooks' names, parameters and imports."""
    problems = stale()
    if problems:
        raise SystemExit(f"{problems[0]}; run with --write-floor")


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def time_run(notebooks: Path | None, workers: int) -> dict:
    """One `tradebrief run` in a fresh process: wall seconds, CPU seconds (the run, its workers and
    their kernels: every process it waited for) and the manifest's per-notebook timings."""
    env = {**os.environ}
    env.pop("TRADEBRIEF_NOTEBOOKS", None)
    if notebooks is not None:
        env["TRADEBRIEF_NOTEBOOKS"] = str(notebooks)
    with tempfile.TemporaryDirectory(prefix="bench-run-") as out:
        started, cpu_before = time.perf_counter(), _children_cpu()
        done = subprocess.run([str(TRADEBRIEF), "run", "--no-progress", "--workers", str(workers),
                               "--output", out], env=env, cwd=REPO, capture_output=True, text=True, check=False)
        seconds, cpu = time.perf_counter() - started, _children_cpu() - cpu_before
        if done.returncode != 0:
            raise SystemExit(f"tradebrief run failed ({done.returncode}):\n{done.stderr[-3000:]}")
        manifest = json.loads((Path(out) / "BLR-CHN" / "manifest.json").read_text(encoding="utf-8"))
    return {"seconds": seconds, "cpu_seconds": cpu, "timings": manifest["timings_seconds"]}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="runs of each side (median reported)")
    parser.add_argument("--workers", type=int, default=2, help="as `tradebrief run --workers` (default 2)")
    parser.add_argument("--write-floor", action="store_true", help="regenerate benchmarks/floor/ and exit")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    if args.write_floor:
        for path in write_floor():
            print(f"wrote {path.relative_to(REPO)}")
        return 0
    check_floor()
    if not TRADEBRIEF.exists():
        raise SystemExit(f"{TRADEBRIEF} not found; run with the project's venv Python")

    results: dict[str, list[dict]] = {"run": [], "floor": []}
    watch = LoadWatch().start()
    for i in range(args.repeat):
        for side, folder in (("run", None), ("floor", FLOOR)):
            one = time_run(folder, args.workers)
            results[side].append(one)
            print(f"  {side:5s} #{i + 1}: {one['seconds']:6.1f} s, {one['cpu_seconds']:5.1f} CPU-s  "
                  f"(load {os.getloadavg()[0]:.1f})", flush=True)
    watch.stop()

    median = {side: statistics.median(r["seconds"] for r in runs) for side, runs in results.items()}
    names = sorted(results["run"][0]["timings"])
    per_notebook = {side: {n: statistics.median(r["timings"][n] for r in runs) for n in names}
                    for side, runs in results.items()}
    print(f"\n{'':18s}{'run':>9s}{'floor':>9s}")
    for name in names:
        print(f"{name:18s}{per_notebook['run'][name]:8.1f}s{per_notebook['floor'][name]:8.1f}s")
    print(f"{'wall (process)':18s}{median['run']:8.1f}s{median['floor']:8.1f}s")
    cpu = {side: statistics.median(r["cpu_seconds"] for r in runs) for side, runs in results.items()}
    print(f"{'CPU-s (all procs)':18s}{cpu['run']:8.1f}s{cpu['floor']:8.1f}s")
    cores = min(args.workers, os.cpu_count() or 1)
    print(f"\nlower bound on {cores} busy cores: the run's CPU-s / {cores} = {cpu['run'] / cores:.1f} s, "
          f"{cpu['run'] / cores / median['floor']:.2f}x the floor's wall time")
    # Outside the notebook phase (start-up, preflight, manifest, publish) one process works, so at
    # most one core is busy: that time cannot be shared, and the rest of the CPU-s at best can.
    serial = median["run"] - per_notebook["run"]["total"]
    bound = serial + max(cpu["run"] - serial, 0) / cores
    print(f"with the {serial:.1f} s outside the notebooks on one core: {serial:.1f} + "
          f"({cpu['run']:.1f} - {serial:.1f}) / {cores} = {bound:.1f} s, {bound / median['floor']:.2f}x the floor")
    print(f"\nratio run / floor: {median['run'] / median['floor']:.2f} "
          f"(median of {args.repeat}, workers={args.workers}, {os.cpu_count()} CPUs, "
          f"Python {platform.python_version()})")
    print(watch.describe())
    ratio = median["run"] / median["floor"]
    print(f"ratios against the targets (issue 14):\n  run / floor {ratio:.2f} (target ≤ {TARGET_RATIO})  "
          f"{watch.verdict(ratio <= TARGET_RATIO)}")
    if args.json:
        args.json.write_text(json.dumps({"median_seconds": median, "median_cpu_seconds": cpu,
                                         "per_notebook_median_seconds": per_notebook,
                                         "ratio": median["run"] / median["floor"],
                                         "bound_seconds": bound, "runs": results,
                                         "workers": args.workers, "cpus": os.cpu_count()}, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
