"""Helpers of the breadth tests: generate, import and type-check packages in batches.

Generation runs the CLI, one process per spec, a few at a time; importing and mypy run
once over every package of a batch, and their findings are split per package.
"""

from __future__ import annotations

import ast
import importlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

from conftest import ROOT, SHARED, Run, mypy_strict, run_cli

CORPUS = SHARED / "corpus"
# One line, as ``cli.py`` prints a ``SpecError``: ``FILE:LINE: POINTER: message``.
LOCATED_LINE = re.compile(r"^[^\s:][^:]*:\d+: #[^ ]*: \S.*$")
# Names no model or method of a generated package may have.
BANNED_NAME = re.compile(r"^(?:Data\d+|Model\d*|Item\d+|Field|Schema)$", re.IGNORECASE)


@dataclass(frozen=True)
class Generated:
    run: Run
    seconds: float


def generate_all(
    jobs: Mapping[str, tuple[list[str], Path]],
    out: Path,
    workers: int = 2,
    formatter: str = "ruff",
    options: Mapping[str, list[str]] | None = None,
) -> dict[str, Generated]:
    """Run ``generate --spec ... --out out --package NAME`` for each package name.

    ``jobs`` maps a package name to its ``NAME=PATH`` spec arguments and the folder to
    run in. The longest jobs should come first: they start first. ``options`` adds a
    package's own options (e.g. ``--ignore-bad-defaults``). The formatter is ruff, as
    a user's run has it; black, many times slower, only where a test compares the two.
    """

    def one(package: str) -> Generated:
        specs, cwd = jobs[package]
        arguments = [part for spec in specs for part in ("--spec", spec)]
        arguments += ["--formatter", formatter, *(options or {}).get(package, [])]
        started = time.monotonic()
        run = run_cli(
            "generate", *arguments, "--out", str(out), "--package", package, cwd=cwd
        )
        return Generated(run, time.monotonic() - started)

    with ThreadPoolExecutor(max_workers=workers) as pool:
        return dict(zip(jobs, pool.map(one, jobs), strict=True))


def import_all(root: Path, packages: Iterable[str]) -> dict[str, str | None]:
    """Import every module of each package in one fresh interpreter, warnings as errors.

    Gives, per package, ``None`` or the error its import raised.
    """
    script = (
        "import importlib, json, pathlib, sys, warnings\n"
        "warnings.simplefilter('error')\n"
        "root = pathlib.Path(sys.argv[1])\n"
        "sys.path.insert(0, str(root))\n"
        "result = {}\n"
        "for package in sys.argv[2:]:\n"
        "    try:\n"
        "        for path in sorted((root / package).rglob('*.py')):\n"
        "            parts = path.relative_to(root).with_suffix('').parts\n"
        "            if parts[-1] == '__init__':\n"
        "                parts = parts[:-1]\n"
        "            importlib.import_module('.'.join(parts))\n"
        "        result[package] = None\n"
        "    except BaseException as error:\n"
        "        result[package] = f'{type(error).__name__}: {error}'\n"
        "print(json.dumps(result))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-I", "-c", script, str(root), *packages],
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    result: dict[str, str | None] = json.loads(completed.stdout)
    return result


def mypy_all(root: Path, packages: Iterable[str]) -> dict[str, list[str]]:
    """``mypy --strict`` over every package in one run: the error lines of each."""
    names = list(packages)
    completed = subprocess.run(
        mypy_strict("--no-error-summary", *names),
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "MYPYPATH": str(root)},
    )
    errors: dict[str, list[str]] = {name: [] for name in names}
    for line in completed.stdout.splitlines():
        package = line.split("/", 1)[0]
        errors.setdefault(package if package in errors else "?", []).append(line)
    if completed.returncode not in (0, 1) or (
        completed.returncode and not any(errors.values())
    ):
        errors["?"] = [completed.stdout + completed.stderr]
    return errors


def black_check(packages: Iterable[Path]) -> subprocess.CompletedProcess[str]:
    """``black --check`` (no configuration file, no cache of black's own) over every
    module the format stage wrote in ``packages``: all but ``_runtime/``, the tool's
    own source copied verbatim, which ``test_quality`` checks once where it lies."""
    modules = [
        str(path)
        for package in packages
        for path in sorted(package.rglob("*.py"))
        if "_runtime" not in path.relative_to(package).parts
    ]
    assert modules, "nothing to check"
    with tempfile.TemporaryDirectory() as cache:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "black",
                "--check",
                "--config",
                os.devnull,
                *modules,
            ],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            env={**os.environ, "BLACK_CACHE_DIR": cache},
        )


def class_names(source: str) -> list[str]:
    """The names of the module-level classes of ``source``."""
    return [
        node.name for node in ast.parse(source).body if isinstance(node, ast.ClassDef)
    ]


def method_names(source: str, class_name: str) -> list[str]:
    """The public methods of ``class_name`` in ``source``."""
    for node in ast.parse(source).body:
        if isinstance(node, ast.ClassDef) and node.name == class_name:
            return [
                item.name
                for item in node.body
                if isinstance(item, (ast.FunctionDef, ast.AsyncFunctionDef))
                and not item.name.startswith("_")
            ]
    raise AssertionError(f"no class {class_name}")


def operation_ids(source: str) -> list[str]:
    """The ``operation_id=`` of every ``Operation(...)`` constant of a client module."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "Operation":
            for keyword in node.keywords:
                if keyword.arg == "operation_id" and isinstance(
                    keyword.value, ast.Constant
                ):
                    found.append(str(keyword.value.value))
    return found


def generate_one(spec: Path, package: str, out: Path) -> Path:
    """``spec`` copied into ``out`` as ``spec.yaml`` and generated there as ``package``
    (one subpackage, ``api``); ``out``, after asserting the run succeeded."""
    shutil.copy(spec, out / "spec.yaml")
    result = generate_all({package: (["api=spec.yaml"], out)}, out)[package]
    assert result.run.returncode == 0, result.run.stderr
    return out


@contextmanager
def imported(root: Path, package: str) -> Iterator[ModuleType]:
    """``package``, imported from ``root``; forgotten again afterwards (sys.path and
    sys.modules), so another test's package of the same name imports fresh."""
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module(package)
    finally:
        sys.path.remove(str(root))
        for name in [name for name in sys.modules if name.startswith(package)]:
            del sys.modules[name]
