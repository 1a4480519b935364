"""The drift check on the committed, unchanged tree: warm (the cache's record of what
these inputs make, so nothing is rendered) and cold (no cache: a full render and a
byte-for-byte compare), beside a full generate without a cache.

python bench/check.py [--runs 5]

The warm check must stay under 0.3 s, whole process; the script exits 1 if it does not.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile

from _timing import ROOT, measure, table

BUDGET = 0.3  # seconds, whole process, warm


def cpu_seconds(command: list[str], env: dict[str, str], runs: int) -> float:
    """Median CPU time (user + system) of whole-process runs: what the run costs
    whatever else the machine is doing (its wall time grows with the load)."""
    times = []
    for _ in range(runs):
        process = subprocess.Popen(
            command, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.DEVNULL
        )
        _, _, usage = os.wait4(process.pid, 0)
        times.append(usage.ru_utime + usage.ru_stime)
    return statistics.median(times)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    check = [sys.executable, "-m", "pipedrive_codegen", "check"]
    with tempfile.TemporaryDirectory(prefix="bench-check-cache-") as cache:
        # The first run renders and records the tree in the cache; the rest do not.
        warm = measure(
            check, runs, lambda: {"PIPEDRIVE_CODEGEN_CACHE": cache}, warmup=True
        )
        warm_cpu = cpu_seconds(check, {"PIPEDRIVE_CODEGEN_CACHE": cache}, runs)
    cold = measure(check, runs, lambda: {"PIPEDRIVE_CODEGEN_CACHE": "off"})
    with tempfile.TemporaryDirectory(prefix="bench-check-out-") as out:
        generate = [
            *(sys.executable, "-m", "pipedrive_codegen", "generate"),
            *("--out", out, "--force", "--quiet"),
        ]
        full = measure(generate, runs, lambda: {"PIPEDRIVE_CODEGEN_CACHE": "off"})
    rows = [
        ("default activity specs", "median s"),
        ("check, unchanged tree, warm cache (nothing rendered)", f"{warm.seconds:.3f}"),
        ("  the same, CPU seconds (user + system)", f"{warm_cpu:.3f}"),
        ("check, unchanged tree, no cache (render and compare)", f"{cold.seconds:.3f}"),
        ("generate, no cache", f"{full.seconds:.3f}"),
    ]
    print(f"medians of {runs} whole-process runs, run from {ROOT.name}/")
    print(
        f"load average at the end: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores"
    )
    print(table(rows))
    if warm.seconds >= BUDGET:
        print(f"the warm check took {warm.seconds:.3f} s: over its {BUDGET} s budget")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
