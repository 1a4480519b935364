"""How cold generation time grows with the size of a spec, ours beside the peers.

    python bench/scaling.py [--sizes 10 30 100 300 1000] [--runs 1] [--chart PATH]

For each size N, a synthetic OpenAPI 3.0 spec of N operations: Pipedrive's v1
operations (specs/pipedrive/openapi-v1.yaml, 213 of them, every schema inline), taken in
order and copied as often as N needs, each copy under new names (its path under
``/copyK``, its operationId ending ``CopyK``, and every property of its schemas
suffixed ``_K``, so no copy's models are the same shape as another's and none are shared).
Every tool generates each spec cold (ours with an empty cache) in rounds that run every
(size, tool) pair once in turn, so the machine's drift slows every row of a round alike.
Prints seconds and seconds per operation for each size and tool, the spread of our
seconds per operation from 100 to 1,000 operations (the goal: within 1.5x), the seconds
each further operation costs from one size to the next (flat when the cost is linear,
whatever a run's fixed cost), and draws
time against operations as a chart (matplotlib, a bench-only dependency).
"""

from __future__ import annotations

import argparse
import copy
import json
import shutil
import statistics
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from _timing import PIPEDRIVE, ROOT, Job, cold_caches, compile_ours, interleaved
from _timing import table
from generate import tool

SOURCE = PIPEDRIVE / "openapi-v1.yaml"
METHODS = ("get", "put", "post", "delete", "patch", "head", "options", "trace")


def operations(spec: dict[str, Any]) -> list[tuple[str, str, dict[str, Any]]]:
    """(path, method, operation) of every operation of ``spec``, in order."""
    return [
        (path, method, operation)
        for path, item in spec["paths"].items()
        for method, operation in item.items()
        if method in METHODS
    ]


def renamed(node: Any, suffix: str) -> Any:
    """``node`` with every property name of every schema in it ending ``suffix``."""
    if isinstance(node, list):
        return [renamed(item, suffix) for item in node]
    if not isinstance(node, dict):
        return node
    result = {}
    for key, value in node.items():
        if key == "properties" and isinstance(value, dict):
            result[key] = {
                name + suffix: renamed(schema, suffix) for name, schema in value.items()
            }
        elif key == "required" and isinstance(value, list):
            result[key] = [
                name + suffix if isinstance(name, str) else name for name in value
            ]
        else:
            result[key] = renamed(value, suffix)
    return result


def synthetic(size: int, source: dict[str, Any]) -> dict[str, Any]:
    """A spec of ``size`` operations copied from ``source`` under new names."""
    pool = operations(source)
    paths: dict[str, dict[str, Any]] = {}
    for index in range(size):
        path, method, operation = pool[index % len(pool)]
        round_ = index // len(pool)
        if round_:
            path = f"/copy{round_}{path}"
            operation = renamed(copy.deepcopy(operation), f"_{round_}")
            if "operationId" in operation:
                operation["operationId"] += f"Copy{round_}"
        item = paths.setdefault(path, {})
        shared = source["paths"][_original(path)]
        if "parameters" in shared and "parameters" not in item:
            item["parameters"] = shared["parameters"]
        item[method] = operation
    spec = {key: value for key, value in source.items() if key != "paths"}
    spec["paths"] = paths
    return spec


def _original(path: str) -> str:
    """The source path a copy's path was made from."""
    if path.startswith("/copy"):
        return "/" + path.split("/", 2)[2]
    return path


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--sizes", type=int, nargs="+", default=[10, 30, 100, 300, 1000]
    )
    parser.add_argument("--runs", type=int, default=1)
    parser.add_argument("--chart", default=str(ROOT / "docs" / "scaling.png"))
    parser.add_argument(
        "--peers", nargs="*", default=None, help="peer rows to run (default: all)"
    )
    arguments = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-scaling-"))
    source = yaml.load(SOURCE.read_text(), Loader=yaml.CSafeLoader)
    specs = {}
    for size in arguments.sizes:
        specs[size] = work / f"spec-{size}.json"
        specs[size].write_text(json.dumps(synthetic(size, source)))
    cold = cold_caches(work)

    peers = _peers(work)
    if arguments.peers is not None:
        peers = {name: make for name, make in peers.items() if name in arguments.peers}
    jobs: dict[str, Job] = {}
    for size, path in specs.items():
        ours = [sys.executable, "-m", "pipedrive_codegen", "generate", "--force"]
        ours += ["--spec", f"api={path}", "--out", str(work / f"ours-{size}")]
        jobs[f"ours|{size}"] = Job([ours], cold)
        for name, make in peers.items():
            jobs[f"{name}|{size}"] = Job([make(path, size)], may_fail=True)
    compile_ours()
    results = interleaved(jobs, arguments.runs)

    tools = ["ours", *peers]
    rows = [("operations", *(f"{name} s (s/op)" for name in tools))]
    for size in specs:
        cells = []
        for name in tools:
            if f"{name}|{size}" not in results:  # a peer that refused this spec
                cells.append("failed")
                continue
            seconds = results[f"{name}|{size}"].seconds
            cells.append(f"{seconds:.2f} ({seconds / size * 1000:.1f} ms)")
        rows.append((str(size), *cells))
    print(
        f"synthetic specs copied from {SOURCE.name}; medians of {arguments.runs} "
        "interleaved rounds; s/op in milliseconds"
    )
    print(table(rows))
    large = [size for size in specs if 100 <= size <= 1000]
    if len(large) > 1:
        per_op = [results[f"ours|{size}"].seconds / size for size in large]
        spread = max(per_op) / min(per_op)
        # The same within each round (its sizes ran minutes apart at most, so the
        # host's drift from one round to the next falls out), the median over rounds.
        rounds = zip(*(results[f"ours|{size}"].rounds for size in large))
        spreads = [
            max(t / n for t, n in zip(times, large))
            / min(t / n for t, n in zip(times, large))
            for times in rounds
        ]
        within = statistics.median(spreads)
        verdict = "ok" if spread <= 1.5 and within <= 1.5 else "MISSED"
        print(
            f"ours, seconds per operation from {min(large)} to {max(large)} "
            f"operations: max/min {spread:.2f} of the medians, "
            f"{within:.2f} median of each round's (goal <= 1.5) {verdict}"
        )
        # What each further operation costs, between one size and the next: flat when
        # the cost is linear, whatever fixed cost a run has (which makes the seconds
        # per operation fall with size).
        seconds = [results[f"ours|{size}"].seconds for size in large]
        steps = list(zip(large, large[1:], seconds, seconds[1:]))
        marginal = [(t2 - t1) / (n2 - n1) for n1, n2, t1, t2 in steps]
        print(
            "ours, seconds per further operation: "
            + ", ".join(
                f"{n1} -> {n2}: {m * 1000:.1f} ms"
                for (n1, n2, _, _), m in zip(steps, marginal)
            )
            + (
                f"; max/min {max(marginal) / min(marginal):.2f}"
                if min(marginal) > 0
                else ""
            )
        )
    for name in peers:
        timed = [size for size in specs if f"{name}|{size}" in results]
        if not timed:
            continue
        ratios = [
            results[f"{name}|{size}"].seconds / results[f"ours|{size}"].seconds
            for size in timed
        ]
        print(
            f"{name} / ours: "
            + ", ".join(f"{size}: {r:.2f}x" for size, r in zip(timed, ratios))
            + f" (median {statistics.median(ratios):.2f}x)"
        )
    if arguments.chart:
        _chart(Path(arguments.chart), specs, tools, results, arguments.runs)
        print(f"chart: {arguments.chart}")
    shutil.rmtree(work, ignore_errors=True)


def _peers(work: Path) -> dict[str, Any]:
    """The peers installed (bench/requirements.txt): name -> command for a spec."""
    peers: dict[str, Any] = {}
    datamodel_codegen = tool("datamodel-codegen")
    if datamodel_codegen:
        peers["datamodel-code-generator (models only)"] = lambda path, size: [
            datamodel_codegen,
            *("--input", str(path), "--input-file-type", "openapi"),
            *("--openapi-scopes", "schemas", "paths"),
            *("--output", str(work / f"datamodel-codegen-{size}.py")),
        ]
    opc = tool("openapi-python-client")
    if opc:
        peers["openapi-python-client"] = lambda path, size: [
            opc,
            *("generate", "--path", str(path), "--overwrite"),
            *("--output-path", str(work / f"openapi-python-client-{size}")),
        ]
    generator = tool("openapi-generator-cli")
    if generator:
        peers["openapi-generator (python)"] = lambda path, size: [
            generator,
            *("generate", "-i", str(path), "-g", "python", "--skip-validate-spec"),
            *("-o", str(work / f"openapi-generator-{size}")),
        ]
    return peers


def _chart(
    path: Path, specs: dict[int, Path], tools: list[str], results: Any, runs: int
) -> None:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(figsize=(7, 4.5), dpi=100)
    sizes = list(specs)
    for name in tools:
        timed = [size for size in sizes if f"{name}|{size}" in results]
        seconds = [results[f"{name}|{size}"].seconds for size in timed]
        axes.plot(
            timed,
            seconds,
            marker="o",
            label=name,
            linewidth=2.5 if name == "ours" else 1.5,
        )
    axes.set_xscale("log")
    axes.set_yscale("log")
    axes.set_xlabel("operations in the spec (synthetic, copied from Pipedrive v1)")
    axes.set_ylabel("seconds, cold, whole process")
    axes.set_title(f"Cold generation time against spec size (median of {runs})")
    axes.grid(True, which="both", alpha=0.3)
    axes.legend()
    figure.tight_layout()
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, metadata={"Software": None})
    plt.close(figure)


if __name__ == "__main__":
    main()
