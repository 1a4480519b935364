"""Whole-process generation, side by side with the tools a user would pick instead.

    python bench/generate.py [--runs 5] [--specs full|activities|box|sendgrid|discord]

Runs, on the same specs, in --runs rounds that each run every row once in turn (so the
machine's drift slows every row of a round alike), the median of each row's
whole-process runs:
  ours, cold (empty cache), with ruff's formatter (the default) and with black; with
  nothing changed (warm cache), rendered anew and with the package left in place; and
  after a one-field change to the spec (warm cache);
  datamodel-code-generator, models only, default formatters (black + isort);
  openapi-python-client, full client; openapi-generator (python), full client;
and prints a table of seconds, peak memory and ratios (anchor time / our time).
``box``, ``sendgrid`` and ``discord`` are public specs of 250+ operations (from
tests/breadth/public/, decompressed into the bench's folder), held out from our own
work: there the issue asks that our whole cold run beat datamodel-code-generator's
models alone.
Anchors come from bench/requirements.txt; missing ones are reported, not guessed.
"""

from __future__ import annotations

import argparse
import gzip
import shutil
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from _timing import (
    PIPEDRIVE,
    ROOT,
    Job,
    Measure,
    cold_caches,
    compile_ours,
    interleaved,
    run,
    table,
)

SPECS = {
    "full": {
        "v1": PIPEDRIVE / "openapi-v1.yaml",
        "v2": PIPEDRIVE / "openapi-v2.yaml",
    },
    "activities": {
        "v1": ROOT / "specs/activities-v1.yaml",
        "v2": ROOT / "specs/activities-v2.yaml",
    },
}
PUBLIC = ROOT / "tests" / "breadth" / "public"
for _name, _file in [
    ("box", "box.json.gz"),
    ("sendgrid", "sendgrid_v3.json.gz"),
    ("discord", "discord.json.gz"),
]:
    SPECS[_name] = {_name: PUBLIC / _file}


def readable(specs: dict[str, Path], work: Path) -> dict[str, Path]:
    """``specs`` with each gzipped one decompressed into ``work`` (the tools read JSON)."""
    found = {}
    for name, path in specs.items():
        if path.suffix == ".gz":
            plain = work / path.stem
            plain.write_bytes(gzip.decompress(path.read_bytes()))
            path = plain
        found[name] = path
    return found


ONE_FIELD = (
    "description: The ID of the activity",
    "description: The id of the activity",
)


def tool(name: str) -> str | None:
    candidate = Path(sys.executable).parent / name
    return str(candidate) if candidate.exists() else shutil.which(name)


def warmed(command: list[str], cache: Path) -> Callable[[], dict[str, str]]:
    """A job's set-up: the environment of a run whose cache (and output folder) an
    earlier run of ``command`` filled, made the first time it is asked for."""

    def environment() -> dict[str, str]:
        env = {"PIPEDRIVE_CODEGEN_CACHE": str(cache)}
        if not cache.exists():
            run(command, env)
        return env

    return environment


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--specs", choices=sorted(SPECS), default="full")
    arguments = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-generate-"))
    specs = readable(SPECS[arguments.specs], work)
    runs = arguments.runs

    ours = [
        sys.executable,
        "-m",
        "pipedrive_codegen",
        "generate",
        "--out",
        str(work / "ours"),
        "--package",
        "pipedrive_full",
    ]
    for name, path in specs.items():
        ours += ["--spec", f"{name}={path}"]
    cold = cold_caches(work)

    jobs = {"ours, cold": Job([ours], cold)}
    # The same output, byte for byte (tests say so), from black in place of ruff's
    # formatter: formatter = "black".
    jobs["ours, cold, formatter black"] = Job([[*ours, "--formatter", "black"]], cold)

    # Nothing changed: the cache holds a run of the same specs, and the package is
    # rendered anew (--force: the package in place is not taken as it is).
    ours_unchanged = [*ours[:5], str(work / "ours-unchanged"), *ours[6:], "--force"]
    jobs["ours, nothing changed (warm cache)"] = Job(
        [ours_unchanged], warmed(ours_unchanged, work / "cache-unchanged")
    )
    # Nothing changed, the package in place as the last run left it: the cache's record
    # of what these inputs make matches it file for file, and it is left as it is.
    ours_in_place = [*ours[:5], str(work / "ours-in-place"), *ours[6:]]
    jobs["ours, nothing changed, package in place"] = Job(
        [ours_in_place], warmed(ours_in_place, work / "cache-in-place")
    )

    # After a one-field change: the cache holds the run before the change.
    changed = {name: work / f"changed-{name}.yaml" for name in specs}
    warm_cache = str(work / "cache-warm")
    edits = iter(range(10**6))
    ours_changed = [c for c in ours]
    for name in specs:
        index = ours_changed.index(f"{name}={specs[name]}")
        ours_changed[index] = f"{name}={changed[name]}"

    def change_one_field() -> dict[str, str]:
        for name, path in specs.items():
            shutil.copy(path, changed[name])
        run(ours_changed, {"PIPEDRIVE_CODEGEN_CACHE": warm_cache})
        text = changed["v2"].read_text()
        old, new = ONE_FIELD
        assert old in text
        changed["v2"].write_text(text.replace(old, new + f" {next(edits)}", 1))
        return {"PIPEDRIVE_CODEGEN_CACHE": warm_cache}

    if "v2" in specs:  # the edit is one of Pipedrive's v2 spec
        jobs["ours, one field changed"] = Job([ours_changed], change_one_field)

    # The anchors take one spec at a time: one run per spec, times added up.
    datamodel_codegen = tool("datamodel-codegen")
    if datamodel_codegen:
        jobs["datamodel-code-generator (models only)"] = Job(
            [
                [
                    datamodel_codegen,
                    "--input",
                    str(path),
                    "--input-file-type",
                    "openapi",
                    "--openapi-scopes",
                    "schemas",
                    "paths",
                    "--output",
                    str(work / f"datamodel-codegen-{name}"),
                ]
                for name, path in specs.items()
            ],
            may_fail=True,
        )
    opc = tool("openapi-python-client")
    if opc:
        jobs["openapi-python-client"] = Job(
            [
                [
                    opc,
                    "generate",
                    "--path",
                    str(path),
                    "--output-path",
                    str(work / f"openapi-python-client-{name}"),
                    "--overwrite",
                ]
                for name, path in specs.items()
            ],
            may_fail=True,
        )
    generator = tool("openapi-generator-cli")
    if generator:
        jobs["openapi-generator (python)"] = Job(
            [
                [
                    generator,
                    "generate",
                    "-i",
                    str(path),
                    "-g",
                    "python",
                    "-o",
                    str(work / f"openapi-generator-{name}"),
                    "--skip-validate-spec",
                ]
                for name, path in specs.items()
            ],
            may_fail=True,
        )
    compile_ours()
    results = interleaved(jobs, runs)

    base = results["ours, cold"].seconds
    rows = [("tool", "median s", "CPU s", "peak MiB", "x ours cold")]
    for name, result in results.items():
        rows.append(
            (
                name,
                f"{result.seconds:.2f}",
                f"{result.cpu:.2f}",
                f"{result.peak_mib:.0f}",
                f"{result.seconds / base:.2f}",
            )
        )
    print(
        f"specs: {arguments.specs} ({', '.join(str(p.name) for p in specs.values())}); "
        f"medians of {runs} interleaved rounds"
    )
    print(table(rows))
    if arguments.specs == "full":  # the goals are the full API's
        for line in _verdicts(results):
            print(line)
    anchor = "datamodel-code-generator (models only)"
    if "v2" not in specs and anchor in results:
        ratio = results[anchor].seconds / base
        print(
            f"ours, cold: {ratio:.2f}x faster than {anchor} (goal > 1) "
            + ("ok" if ratio > 1 else "MISSED")
        )
    missing = [
        n
        for n in ("datamodel-codegen", "openapi-python-client", "openapi-generator-cli")
        if not tool(n)
    ]
    if missing:
        print(
            "not installed (pip install -r bench/requirements.txt):", ", ".join(missing)
        )
    shutil.rmtree(work, ignore_errors=True)


def _verdicts(results: dict[str, Measure]) -> list[str]:
    """The issue's goals, as this run measured them."""
    lines = []
    goals = {
        "datamodel-code-generator (models only)": 3.0,
        "openapi-generator (python)": 2.0,
    }
    for ours in ("ours, cold", "ours, cold, formatter black"):
        for anchor, goal in goals.items():
            if anchor in results:
                ratio = results[anchor].seconds / results[ours].seconds
                wanted = goal if ours == "ours, cold" else 1.0
                verdict = "ok" if ratio >= wanted else "MISSED"
                lines.append(
                    f"{ours}: {ratio:.2f}x faster than {anchor} "
                    f"(goal >= {wanted:g}) {verdict}"
                )
    cold = results["ours, cold"]
    changed = results["ours, one field changed"].seconds / cold.seconds
    lines.append(
        f"one field changed: {changed:.2f} of cold (goal < 0.25) "
        + ("ok" if changed < 0.25 else "MISSED")
    )
    lines.append(
        f"ours, cold: {cold.seconds:.2f} s (goal < 3 s) "
        + ("ok" if cold.seconds < 3 else "MISSED")
    )
    peak = max(results[name].peak_mib for name in results if name.startswith("ours"))
    lines.append(
        f"peak memory: {peak:.0f} MiB (goal < 300 MiB) "
        + ("ok" if peak < 300 else "MISSED")
    )
    return lines


if __name__ == "__main__":
    main()
