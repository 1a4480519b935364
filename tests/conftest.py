from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings

from pipedrive_codegen.ir.build import build_ir
from pipedrive_codegen.ir.model import Api
from pipedrive_codegen.spec.load import load_spec
from pipedrive_codegen.spec.resolve import resolve_refs

ROOT = Path(__file__).resolve().parent.parent
GENERATED = ROOT / "generated"
SHARED = ROOT.parent / "shared"
UPSTREAM = ROOT / "specs" / "pipedrive"  # Pipedrive's own specs and examples

if str(GENERATED) not in sys.path:
    sys.path.insert(0, str(GENERATED))


# Hypothesis tests claim what holds of every drawn value, never how fast a value is drawn
# or checked: with both cores busy (and a fresh clone's first draw of text computing
# Hypothesis's table of characters), the default 200 ms deadline and the too-slow health
# check failed tests whose code was right. Each test's own settings still override this.
settings.register_profile(
    "suite", deadline=None, suppress_health_check=[HealthCheck.too_slow]
)
settings.load_profile("suite")


@dataclass(frozen=True)
class Run:
    returncode: int
    stdout: str
    stderr: str


def run_cli(*args: str, cwd: Path = ROOT, env: dict[str, str] | None = None) -> Run:
    """Run ``python -m pipedrive_codegen ARGS`` as a user would, in its own process."""
    environment = {**os.environ, **(env or {})}
    environment["PYTHONPATH"] = str(ROOT)
    completed = subprocess.run(
        [sys.executable, "-m", "pipedrive_codegen", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    return Run(completed.returncode, completed.stdout, completed.stderr)


def tree_bytes(root: Path) -> dict[str, bytes]:
    return {
        path.relative_to(root).as_posix(): path.read_bytes()
        for path in sorted(root.rglob("*"))
        if path.is_file() and "__pycache__" not in path.parts
    }


# A spec of one operation whose query parameter's default breaks its schema (line 8):
# an error, or a warning with --ignore-bad-defaults.
BAD_DEFAULT = """openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      parameters:
        - {name: id, in: query, schema: {type: integer, default: ten}}
      responses:
        '200': {description: ok}
"""

# Lines a test wants in the run's summary (e.g. how many differential cases ran),
# printed just before pytest's closing line.
SUMMARY = pytest.StashKey[list[Callable[[], str | None]]]()


# mypy's cache of this process's runs (each xdist worker has its own: mypy does not
# share a cache between processes). What a run takes from it is what no run changes
# (the standard library, pydantic, httpx); a module whose text changed is checked again,
# and a module with an error is never cached, so every error is found anew.
MYPY_CACHE = Path(os.devnull)


def mypy_strict(*arguments: str) -> list[str]:
    """The command of ``mypy --strict ARGUMENTS``, no configuration file read."""
    return [sys.executable, "-m", "mypy", "--strict", "--config-file", os.devnull] + [
        "--cache-dir",
        str(MYPY_CACHE),
        *arguments,
    ]


def pytest_configure(config: pytest.Config) -> None:
    global MYPY_CACHE
    config.stash[SUMMARY] = []
    MYPY_CACHE = Path(tempfile.mkdtemp(prefix="pipedrive-codegen-mypy-"))
    config.add_cleanup(lambda: shutil.rmtree(MYPY_CACHE, ignore_errors=True))
    # The tests' runs share one cache of their own, empty at the start: a test passes
    # the same on a developer's machine (whatever their cache holds) as in CI, and
    # leaves their cache alone. PIPEDRIVE_CODEGEN_CACHE set outside still wins.
    if not os.environ.get("PIPEDRIVE_CODEGEN_CACHE"):
        folder = tempfile.mkdtemp(prefix="pipedrive-codegen-tests-")
        os.environ["PIPEDRIVE_CODEGEN_CACHE"] = folder

        def clean_up() -> None:
            os.environ.pop("PIPEDRIVE_CODEGEN_CACHE", None)
            shutil.rmtree(folder, ignore_errors=True)

        config.add_cleanup(clean_up)
    # ... and sign its entries with a key of their own, not one the tool keeps in the
    # developer's config folder (tests/unit/test_cache_verified.py tries that one).
    if not os.environ.get("PIPEDRIVE_CODEGEN_CACHE_KEY"):
        os.environ["PIPEDRIVE_CODEGEN_CACHE_KEY"] = os.urandom(16).hex()
        config.add_cleanup(lambda: os.environ.pop("PIPEDRIVE_CODEGEN_CACHE_KEY", None))


# Under pytest-xdist each worker runs some modules: a worker hands its lines to the
# controller when it finishes (``workeroutput``), and the controller prints them all.
WORKER_LINES = pytest.StashKey[list[str]]()


def _summary_lines(config: pytest.Config) -> list[str]:
    lines = [describe() for describe in config.stash.get(SUMMARY, [])]
    return [line for line in lines if line] + config.stash.get(WORKER_LINES, [])


def pytest_sessionfinish(session: pytest.Session) -> None:
    workeroutput = getattr(session.config, "workeroutput", None)
    if workeroutput is not None:  # an xdist worker
        workeroutput["summary_lines"] = _summary_lines(session.config)


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node: Any, error: Any) -> None:
    """(xdist's hook, on the controller: a worker finished.)"""
    lines = getattr(node, "workeroutput", {}).get("summary_lines", [])
    node.config.stash.setdefault(WORKER_LINES, []).extend(lines)


def pytest_terminal_summary(
    terminalreporter: Any, exitstatus: int, config: pytest.Config
) -> None:
    for line in _summary_lines(config):
        terminalreporter.write_line(line)


@pytest.fixture(scope="session")
def root() -> Path:
    return ROOT


@dataclass(frozen=True)
class FullPackage:
    """Pipedrive's full v1 and v2 as one package, ``pipedrive_full``, as a user would
    generate it (ruff, the default formatter; client ``PipedriveFullClient``)."""

    root: Path  # the folder holding the package
    run: Run  # the run that generated it
    seconds: float

    PACKAGE = "pipedrive_full"
    SPECS = {"v1": UPSTREAM / "openapi-v1.yaml", "v2": UPSTREAM / "openapi-v2.yaml"}

    @classmethod
    def spec_arguments(cls) -> list[str]:
        return [f"{name}={path}" for name, path in cls.SPECS.items()]


@pytest.fixture(scope="session")
def full_package(tmp_path_factory: pytest.TempPathFactory) -> FullPackage:
    """The full package, generated once per run for every test that reads it (the full
    spec's tests, the hostile path values, Prism), whichever xdist worker asks first:
    the others wait for it. Tests read it, and write only in folders of their own."""
    shared = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        shared = shared.parent  # the run's folder, above every worker's own
    folder = shared / "full-package"
    with open(shared / "full-package.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file is closed
        made = folder / "run.json"
        if not made.is_file():
            folder.mkdir(exist_ok=True)
            out = folder / "out"
            started = time.monotonic()
            run = run_cli(
                "generate",
                *(
                    part
                    for spec in FullPackage.spec_arguments()
                    for part in ("--spec", spec)
                ),
                *("--out", str(out), "--package", FullPackage.PACKAGE),
            )
            seconds = time.monotonic() - started
            made.write_text(
                json.dumps([run.returncode, run.stdout, run.stderr, seconds])
            )
        returncode, stdout, stderr, seconds = json.loads(made.read_text())
    return FullPackage(folder / "out", Run(returncode, stdout, stderr), seconds)


def openapi_document(
    paths: dict[str, Any], schemas: dict[str, Any] | None = None
) -> dict[str, Any]:
    """A small OpenAPI 3.0 document of ``paths`` (and ``schemas``)."""
    document: dict[str, Any] = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": paths,
    }
    if schemas:
        document["components"] = {"schemas": schemas}
    return document


def build_api(document: dict[str, Any], tmp_path: Path, name: str = "spec") -> Api:
    """The IR of ``document``, written to ``tmp_path`` and read as a spec is."""
    path = tmp_path / f"{name}.json"
    path.write_text(json.dumps(document, default=str))
    return build_ir(resolve_refs(load_spec(path)), "api")
