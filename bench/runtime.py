"""Import time, time to first call, and per-call overhead of the generated client.

    python bench/runtime.py [--runs 5]

(b) whole-process `import` of the generated package (full Pipedrive v1 + v2, and the
    activity package), and import + first call on an httpx.MockTransport, beside the
    floor any httpx + pydantic client pays (both imported, one small model, one call) and
    importing openapi-python-client's package generated from the full v1 spec; each in
    two environments: a venv that holds only what the generated packages need at run
    time (httpx, pydantic, and attrs for openapi-python-client's),
    at this venv's versions, made once in bench/.runtime-venv; and this bench venv, where
    the anchors' command lines also installed rich and click, which httpx then imports
    for its own command line;
(c) per-call cost of `client.v2.get_activity(id=1)` against a bare httpx call through the
    same MockTransport plus `model_validate_json` of the same body.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from _timing import PIPEDRIVE, ROOT, Job, interleaved, paired_difference, table

# What the generated packages import at run time: ours httpx and pydantic,
# openapi-python-client's httpx and attrs (its pyproject.toml says so).
RUNTIME_PACKAGES = ("httpx", "pydantic", "attrs")
# ... and what they depend on, pinned alike.
RUNTIME_DEPENDENCIES = (
    "annotated-types",
    "anyio",
    "certifi",
    "h11",
    "httpcore",
    "idna",
    "pydantic-core",
    "sniffio",
    "typing-extensions",
    "typing-inspection",
)
BYTECODE = {"PYTHONDONTWRITEBYTECODE": ""}  # empty: Python writes and reads .pyc files
FIRST_CALL = """
import httpx
from {package} import PipedriveClient
body = {body!r}
with PipedriveClient(api_token="t", transport=httpx.MockTransport(lambda r: httpx.Response(200, content=body))) as c:
    c.v2.get_activity(id=1)
"""
# The floor any httpx + pydantic client pays: both imported, one small model, one call.
FLOOR = """
import httpx
from pydantic import BaseModel, ConfigDict
class Response(BaseModel):
    model_config = ConfigDict(defer_build=True)
    success: bool
    data: dict[str, object]
body = {body!r}
with httpx.Client(transport=httpx.MockTransport(lambda r: httpx.Response(200, content=body))) as c:
    Response.model_validate_json(c.get("https://api.pipedrive.com/api/v2/activities/1").content)
"""


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    work = Path(tempfile.mkdtemp(prefix="bench-runtime-"))
    body = (PIPEDRIVE / "examples/v2/getActivity.200.json").read_bytes()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pipedrive_codegen",
            "generate",
            "--out",
            str(work),
            "--package",
            "pipedrive_full",
            "--client",
            "PipedriveClient",
            "--spec",
            f"v1={PIPEDRIVE / 'openapi-v1.yaml'}",
            "--spec",
            f"v2={PIPEDRIVE / 'openapi-v2.yaml'}",
        ],
        cwd=ROOT,
        check=True,
        capture_output=True,
    )
    pythons = {"bench venv": sys.executable}
    try:
        pythons = {"runtime venv": runtime_python(), **pythons}
    except (subprocess.CalledProcessError, PackageNotFoundError) as error:
        print(f"no runtime venv ({error}): the bench venv only", file=sys.stderr)

    activities = ROOT / "generated"
    commands = {
        "python -c pass": ("pass", work),
        "bare httpx + one pydantic model, one call (the floor)": (
            FLOOR.format(body=body),
            work,
        ),
        "import pipedrive_full (v1+v2)": ("import pipedrive_full", work),
        "import + first call (full)": (
            FIRST_CALL.format(package="pipedrive_full", body=body),
            work,
        ),
        "import pipedrive_client (activities)": ("import pipedrive_client", activities),
        "import + first call (activities)": (
            FIRST_CALL.format(package="pipedrive_client", body=body),
            activities,
        ),
    }
    opc = shutil.which("openapi-python-client") or str(
        Path(sys.executable).parent / "openapi-python-client"
    )
    anchor = ""
    if Path(opc).exists():
        subprocess.run(
            [
                opc,
                "generate",
                "--path",
                str(PIPEDRIVE / "openapi-v1.yaml"),
                "--output-path",
                str(work / "opc"),
                "--overwrite",
            ],
            check=True,
            capture_output=True,
        )
        package = next(
            p.name for p in (work / "opc").iterdir() if (p / "__init__.py").exists()
        )
        anchor = f"import {package} (openapi-python-client, v1)"
        commands[anchor] = (f"import {package}; import {package}.models", work / "opc")
    # Imports as a user has them: byte-compiled (pip compiles what it installs, a
    # vendored package compiles on its first import), so bytecode is on and each
    # command runs once untimed first; rounds interleave the rows, so drift slows all.
    measures = {
        where: interleaved(
            {
                name: Job([[python, "-c", code]], lambda: BYTECODE, cwd)
                for name, (code, cwd) in commands.items()
            },
            runs,
            warmup=True,
        )
        for where, python in pythons.items()
    }
    # CPU (user + system) beside the wall time: on a host whose speed drifts, the
    # difference of two medians of CPU wavers less than that of wall times.
    rows = [("what", *(f"{where} s (CPU s)" for where in pythons))]
    for name in commands:
        rows.append(
            (
                name,
                *(
                    f"{measures[where][name].seconds:.3f} "
                    f"({measures[where][name].cpu:.3f})"
                    for where in pythons
                ),
            )
        )
    print(f"import and first call, medians of {runs} interleaved whole-process runs")
    print(table(rows))
    for where in pythons:
        seconds = {name: measured.seconds for name, measured in measures[where].items()}
        if anchor:
            ratio = seconds["import + first call (full)"] / seconds[anchor]
            verdict = "ok" if ratio < 0.2 else "MISSED"
            print(
                f"{where}: import + first call (full) / import of "
                f"openapi-python-client's package: {ratio:.2f} (goal < 0.2) {verdict}"
            )
        floor = seconds["bare httpx + one pydantic model, one call (the floor)"]
        if anchor:
            print(
                f"{where}: the floor / import of openapi-python-client's package: "
                f"{floor / seconds[anchor]:.2f}"
            )
        cpu = {name: measured.cpu for name, measured in measures[where].items()}
        floor_cpu = cpu["bare httpx + one pydantic model, one call (the floor)"]
        paired = paired_difference(
            measures[where]["import + first call (full)"],
            measures[where]["bare httpx + one pydantic model, one call (the floor)"],
        )
        verdict = "ok" if paired < 0.03 else "MISSED"
        print(
            f"{where}: import + first call (full) over the floor: "
            f"{seconds['import + first call (full)'] - floor:+.3f} s "
            f"({cpu['import + first call (full)'] - floor_cpu:+.3f} s of CPU); "
            f"median of each round's difference {paired:+.3f} s (goal < 0.03 s) "
            f"{verdict}"
        )
        activity = seconds["import pipedrive_client (activities)"]
        verdict = "ok" if activity < 0.15 else "MISSED"
        print(
            f"{where}: import of the activity package: {activity:.3f} s "
            f"(goal < 0.15 s) {verdict}"
        )
    print()
    print(overhead(body, work))
    shutil.rmtree(work, ignore_errors=True)


def runtime_python() -> str:
    """The python of a venv with only ``RUNTIME_PACKAGES`` and their dependencies, at
    this venv's versions (made once, again when a version changes)."""
    venv = ROOT / "bench" / ".runtime-venv"
    names = [*RUNTIME_PACKAGES]
    for name in RUNTIME_DEPENDENCIES:
        try:
            version(name)
        except PackageNotFoundError:  # not needed at this version
            continue
        names.append(name)
    pins = "\n".join(f"{name}=={version(name)}" for name in names)
    python = venv / "bin" / "python"
    marker = venv / "pins.txt"
    if not marker.exists() or marker.read_text() != pins:
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        subprocess.run(
            [str(python), "-m", "pip", "install", "-q", *pins.split()], check=True
        )
        marker.write_text(pins)
    return str(python)


def overhead(body: bytes, work: Path, calls: int = 3000) -> str:
    sys.path.insert(0, str(ROOT / "generated"))
    import httpx

    from pipedrive_client import PipedriveClient
    from pipedrive_client.v2.models import UpsertActivityResponse

    transport = httpx.MockTransport(lambda request: httpx.Response(200, content=body))
    with (
        httpx.Client(transport=transport) as bare,
        PipedriveClient(api_token="t", transport=transport) as client,
    ):

        def bare_call() -> None:
            response = bare.get(
                "https://api.pipedrive.com/api/v2/activities/1",
                headers={"x-api-token": "t"},
            )
            UpsertActivityResponse.model_validate_json(response.content)

        # Interleaved, so that the host's speed, which drifts from minute to minute,
        # slows both alike: loop by loop, the bare call's then the client's.
        timings = _best_of(
            {
                "bare httpx + model_validate_json": bare_call,
                "client.v2.get_activity(id=1)": lambda: client.v2.get_activity(id=1),
            },
            calls,
        )
    base = timings["bare httpx + model_validate_json"]
    rows = [("per call", "µs", "x bare")]
    rows += [
        (name, f"{seconds * 1e6:.0f}", f"{seconds / base:.2f}")
        for name, seconds in timings.items()
    ]
    ratio = timings["client.v2.get_activity(id=1)"] / base
    verdict = "ok" if ratio < 1.3 else "MISSED"
    return (
        f"per-call cost, best of 5 interleaved loops of {calls} calls\n{table(rows)}\n"
        f"client / bare: {ratio:.2f} (goal < 1.3) {verdict}"
    )


def _best_of(named, calls: int) -> dict[str, float]:  # type: ignore[no-untyped-def]
    """Seconds a call of each, the best of 5 loops of ``calls``, the loops of all taken
    in turn (after one untimed loop each: first calls build models)."""
    best = {name: float("inf") for name in named}
    for loop in range(6):
        for name, call in named.items():
            start = time.perf_counter()
            for _ in range(calls):
                call()
            if loop:
                best[name] = min(best[name], (time.perf_counter() - start) / calls)
    return best


if __name__ == "__main__":
    main()
