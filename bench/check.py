"""The drift check on an unchanged tree (hashes only) beside a full render and diff.

python bench/check.py [--runs 5]
"""

from __future__ import annotations

import argparse
import sys

from _timing import ROOT, measure, table


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    check = [sys.executable, "-m", "pipedrive_codegen", "check"]
    fast = measure(check, runs)
    generate = [
        sys.executable,
        "-m",
        "pipedrive_codegen",
        "generate",
        "--out",
        "/tmp/bench-check",
    ]
    full = measure(generate, runs, lambda: {"PIPEDRIVE_CODEGEN_CACHE": "off"})
    rows = [
        ("default activity specs", "median s"),
        ("check, unchanged tree (manifest hashes)", f"{fast.seconds:.3f}"),
        ("full render (generate, no cache)", f"{full.seconds:.3f}"),
    ]
    print(f"medians of {runs} whole-process runs, run from {ROOT.name}/")
    print(table(rows))


if __name__ == "__main__":
    main()
