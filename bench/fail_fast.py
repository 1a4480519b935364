"""How soon a large spec's error arrives: within the time to load and check the spec?

    python bench/fail_fast.py [--size 1300] [--runs 3]

A synthetic spec of SIZE operations (``scaling.synthetic``: Pipedrive's v1 operations
copied under new names; 1,300 of them make about 6 MB of JSON) with one fault at its
very end: the last operation's 200 response names a schema that is not there (a
dangling ``$ref``). In interleaved rounds, each run cold:

* ours, ``generate`` on the faulty spec: exit status 2 and one located line;
* openapi-spec-validator (the reference validator, as its command line runs) on the
  same file: load and check, nothing else (exit status 2: it finds the fault too);
* ours, ``generate`` on the same spec without the fault: the whole run.

The claim: ours reports the fault within the time the validator takes to load and check
the spec (ratio at most 1), long before the whole run would end.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

import yaml

from _timing import Job, cold_caches, compile_ours, interleaved, table
from generate import tool
from scaling import SOURCE, operations, synthetic

MISSING = "#/components/schemas/NoSuchSchemaAnywhere"


def broken(spec: dict[str, Any]) -> tuple[dict[str, Any], str]:
    """``spec`` with its last operation's 200 response naming a schema that is not
    there; and the JSON pointer of that ``$ref``."""
    path, method, operation = operations(spec)[-1]
    operation["responses"]["200"] = {
        "description": "ok",
        "content": {"application/json": {"schema": {"$ref": MISSING}}},
    }
    escaped = path.replace("~", "~0").replace("/", "~1")
    return spec, (
        f"#/paths/{escaped}/{method}/responses/200/content/"
        "application~1json/schema/$ref"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=1300)
    parser.add_argument("--runs", type=int, default=3)
    arguments = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-fail-fast-"))
    source = yaml.load(SOURCE.read_text(), Loader=yaml.CSafeLoader)
    good = work / "spec.json"
    good.write_text(json.dumps(synthetic(arguments.size, source)))
    spec, pointer = broken(synthetic(arguments.size, source))
    bad = work / "broken.json"
    bad.write_text(json.dumps(spec))
    megabytes = bad.stat().st_size / 1e6

    def ours(path: Path) -> list[str]:
        return [
            *(sys.executable, "-m", "pipedrive_codegen", "generate", "--force"),
            *("--spec", f"api={path}", "--out", str(work / "out")),
        ]

    cold = cold_caches(work)

    # The error itself, once, untimed: ours must name the file and the pointer.
    said = subprocess.run(
        ours(bad), capture_output=True, text=True, env={**os.environ, **cold()}
    )
    lines = said.stderr.strip().splitlines()
    if said.returncode != 2 or len(lines) != 1 or pointer not in lines[0]:
        raise SystemExit(f"unexpected: exit {said.returncode}, stderr {said.stderr!r}")
    validator = tool("openapi-spec-validator")
    jobs = {"ours, the faulty spec: its error": Job([ours(bad)], cold, status=2)}
    if validator:
        jobs["openapi-spec-validator, the faulty spec: load and check"] = Job(
            [[validator, str(bad)]], status=2
        )
    jobs["ours, the spec without the fault: the whole run"] = Job([ours(good)], cold)
    compile_ours()
    results = interleaved(jobs, arguments.runs)
    print(
        f"a spec of {arguments.size} operations ({megabytes:.1f} MB of JSON), its fault "
        f"at its end; medians of {arguments.runs} interleaved rounds"
    )
    print(f"ours said: {lines[0][:160]}")
    rows = [("what", "s", "CPU s")]
    for name, measured in results.items():
        rows.append((name, f"{measured.seconds:.2f}", f"{measured.cpu:.2f}"))
    print(table(rows))
    error = results["ours, the faulty spec: its error"].seconds
    whole = results["ours, the spec without the fault: the whole run"].seconds
    print(f"ours: the error after {error / whole:.2f} of the whole run's time")
    name = "openapi-spec-validator, the faulty spec: load and check"
    if name in results:
        ratio = error / results[name].seconds
        verdict = "ok" if ratio <= 1 else "MISSED"
        print(
            f"ours' error / openapi-spec-validator's load and check: {ratio:.2f} "
            f"(goal <= 1) {verdict}"
        )
    shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
