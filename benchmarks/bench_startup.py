"""Start-up: `tradebrief --help` and `import tradebrief`, whole processes, median of N runs.

    .venv/bin/python benchmarks/bench_startup.py           # 7 runs each, interleaved
    .venv/bin/python -X importtime -c "import tradebrief.cli" 2>&1 | sort -t'|' -k2 -n | tail

Target (issue 14): `tradebrief --help` ≤ 0.4 s; `import tradebrief` pays only for what is used.
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_HELP_S = 0.4
sys.path.insert(0, str(Path(__file__).resolve().parent))
from load import LoadWatch  # noqa: E402  (stdlib only, beside this script)

CLI = [str(Path(sys.executable).with_name("tradebrief")), "--help"]
IMPORT = [sys.executable, "-c", "import tradebrief"]


def _once(cmd: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    times: dict[str, list[float]] = {"tradebrief --help": [], "import tradebrief": []}
    _once(CLI)  # warm the file cache
    with LoadWatch(interval=0.25) as watch:
        for _ in range(args.runs):  # interleaved
            times["tradebrief --help"].append(_once(CLI))
            times["import tradebrief"].append(_once(IMPORT))
    print(f"start-up, median of {args.runs} (load average {os.getloadavg()[0]:.1f}):")
    for label, values in times.items():
        print(f"  {label:<18} {statistics.median(values):.2f} s   "
              f"(runs: {' '.join(f'{v:.2f}' for v in values)})")
    help_s = statistics.median(times["tradebrief --help"])
    print(watch.describe())
    print(f"ratios against the targets (issue 14):\n  tradebrief --help {help_s:.2f} s "
          f"(target ≤ {TARGET_HELP_S} s)  {watch.verdict(help_s <= TARGET_HELP_S)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
