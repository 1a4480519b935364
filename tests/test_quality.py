"""The committed generated package: mypy --strict, black, and nothing but pydantic + httpx."""

from __future__ import annotations

import os
import subprocess
import sys

import conftest
from conftest import GENERATED, ROOT, mypy_strict


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "MYPYPATH": str(GENERATED)}
    return subprocess.run(
        args, cwd=ROOT, capture_output=True, text=True, check=False, env=env
    )


def test_generated_package_passes_mypy_strict() -> None:
    result = _run(*mypy_strict(str(GENERATED / "pipedrive_client")))
    assert result.returncode == 0, result.stdout + result.stderr


def test_user_scripts_pass_mypy_strict_without_the_pydantic_plugin() -> None:
    result = _run(
        *mypy_strict("tests/typecheck/user_models.py", "tests/typecheck/user_client.py")
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_type_error_in_user_code_is_caught() -> None:
    bad = ROOT / "tests" / "typecheck" / "user_models.py"
    text = bad.read_text().replace("done=1,", "done=2,")
    result = _run(*mypy_strict("-c", text))
    assert result.returncode == 1 and "done" in result.stdout, result.stdout


def test_generated_package_is_black_formatted() -> None:
    result = _run(
        sys.executable,
        "-m",
        "black",
        "--check",
        "--quiet",
        "--config",
        "/dev/null",
        str(GENERATED / "pipedrive_client"),
    )
    assert result.returncode == 0, result.stderr


def test_generated_package_imports_nothing_but_pydantic_and_httpx() -> None:
    code = (
        "import sys\n"
        "import pipedrive_client, pipedrive_client.v1.models, pipedrive_client.v2.models\n"
        "banned = ('pipedrive_codegen', 'yaml', 'jinja2', 'datamodel_code_generator', 'black',"
        " 'openapi_core', 'openapi_spec_validator', 'jsonschema')\n"
        "print(sorted(m for m in sys.modules if m.split('.')[0] in banned))\n"
    )
    result = subprocess.run(
        [
            sys.executable,
            "-I",
            "-c",
            f"import sys; sys.path.insert(0, {str(GENERATED)!r})\n" + code,
        ],
        capture_output=True,
        text=True,
        check=False,
        cwd="/",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_the_generator_itself_passes_mypy_strict() -> None:
    # The project's own configuration (pyproject.toml), on the warm cache of this
    # worker's runs: the standard library, pydantic and httpx are not read again, and
    # a module with an error is never cached.
    cache = ("--cache-dir", str(conftest.MYPY_CACHE))
    result = _run(sys.executable, "-m", "mypy", "--strict", *cache, "generator")
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_generator_itself_is_black_formatted() -> None:
    # Its runtime is copied into every package as it is, without going through black.
    result = _run(sys.executable, "-m", "black", "--check", "--quiet", "generator")
    assert result.returncode == 0, result.stderr


def test_the_stage_bench_runs_on_the_activity_specs() -> None:
    # It reaches into the stages (no anchors needed), so a refactor could break it
    # unseen; this runs it, and asserts nothing about its times.
    result = _run(sys.executable, "bench/stages.py", "--specs", "activities")
    assert result.returncode == 0, result.stderr
    assert "| black, on its own output (its floor) |" in result.stdout
