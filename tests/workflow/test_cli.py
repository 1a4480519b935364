"""The CLI as a user meets it: help, diff wiring, exit codes."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from conftest import ROOT, run_cli
from pipedrive_codegen.output.workers import cores


def test_help_names_every_command_and_option() -> None:
    top = run_cli("--help")
    assert top.returncode == 0
    for command in ("generate", "check", "diff", "record"):
        assert command in top.stdout
    generate = run_cli("generate", "--help")
    for option in (
        "--spec NAME=PATH",
        "--out DIR",
        "--package NAME",
        "--templates DIR",
        "--formatter {black,ruff}",
    ):
        assert option in generate.stdout


def test_bad_spec_option_is_a_usage_error() -> None:
    result = run_cli("generate", "--spec", "no-equals-sign")
    assert result.returncode == 2
    assert "--spec takes NAME=PATH" in result.stderr


def test_a_formatter_the_project_names_must_be_one_we_know(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pipedrive-codegen]\nformatter = "yapf"\n'
    )
    result = run_cli("generate", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        2,
        "pyproject.toml: [tool.pipedrive-codegen] formatter 'yapf' is none of "
        "black, ruff\n",
    )


def test_ruff_asked_for_but_not_installed_is_a_usage_error(tmp_path: Path) -> None:
    hidden = tmp_path / "hide" / "ruff"
    hidden.mkdir(parents=True)
    (hidden / "__init__.py").write_text("raise ImportError('not here')\n")
    result = subprocess.run(
        [sys.executable, "-m", "pipedrive_codegen", "generate", "--formatter", "ruff"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": f"{hidden.parent}{os.pathsep}{ROOT}"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "pipedrive-codegen generate: error: formatter ruff is not installed: "
        "reinstall pipedrive-codegen, or pass --formatter black"
    )
    assert not (tmp_path / "generated").exists()


def test_a_ruff_that_will_not_run_is_one_line(tmp_path: Path) -> None:
    broken = tmp_path / "hide" / "ruff"
    broken.mkdir(parents=True)
    (broken / "__init__.py").write_text(
        "def find_ruff_bin():\n    return '/nowhere/ruff'\n"
    )
    spec = ROOT / "specs" / "activities-v1.yaml"
    result = subprocess.run(
        [sys.executable, "-m", "pipedrive_codegen", "generate", "--formatter", "ruff"]
        + ["--spec", f"v1={spec}", "--out", "out"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": f"{broken.parent}{os.pathsep}{ROOT}"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith("ruff: cannot run /nowhere/ruff: ")
    assert len(result.stderr.splitlines()) == 1
    assert not (tmp_path / "out").exists()


def test_diff_of_the_activity_specs_through_the_cli() -> None:
    old, new = ROOT / "specs/activities-v1.yaml", ROOT / "specs/activities-v2.yaml"
    text = run_cli("diff", str(old), str(new))
    assert text.returncode == 0
    assert "BREAKING    operation removed (DELETE /activities)" in text.stdout
    failing = run_cli(
        "diff", str(old), str(new), "--fail-on-breaking", "--format", "json"
    )
    assert failing.returncode == 1
    changes = json.loads(failing.stdout)
    assert any(c["breaking"] for c in changes["changes"])
    same = run_cli("diff", str(old), str(old), "--fail-on-breaking")
    assert same.returncode == 0


def test_diff_on_bad_input_exits_2_with_one_line() -> None:
    result = run_cli("diff", "missing.yaml", str(ROOT / "specs/activities-v2.yaml"))
    assert result.returncode == 2
    assert (
        result.stderr
        == "missing.yaml: cannot read the spec: No such file or directory\n"
    )


def test_record_refuses_to_run_without_a_token(tmp_path) -> None:  # type: ignore[no-untyped-def]
    result = run_cli(
        "record",
        "--out",
        str(tmp_path / "cassettes"),
        env={"PIPEDRIVE_API_TOKEN": "", "CI": ""},
    )
    assert result.returncode == 2
    assert "token" in result.stderr.lower()
    assert not (tmp_path / "cassettes").exists()


def test_the_ruff_formatter_is_pinned_where_it_is_installed_from() -> None:
    from importlib.metadata import version

    from pipedrive_codegen.target import RUFF_PIN

    with open(ROOT / "pyproject.toml", "rb") as handle:
        project = tomllib.load(handle)["project"]
    # The default formatter is a dependency, pinned; so is black, the tests' oracle.
    assert f"ruff=={RUFF_PIN}" in project["dependencies"]
    assert any(item.startswith("black==") for item in project["dependencies"])
    assert "ruff" not in project["optional-dependencies"]
    assert version("ruff") == RUFF_PIN  # what the byte-for-byte tests ran


def test_the_command_ends_at_once_when_main_returns_its_output_flushed(
    tmp_path: Path,
) -> None:
    # No teardown of the interpreter (nothing registered to run at exit runs); the
    # exit code is main's, and what main printed is out, through a pipe too.
    probe = (
        "import atexit, sys\n"
        "atexit.register(lambda: print('teardown'))\n"
        "from pipedrive_codegen.cli import run\n"
        "run()\n"
    )
    spec = ROOT / "specs/activities-v1.yaml"
    command = [sys.executable, "-c", probe, "generate", "--spec", f"v1={spec}"]
    env = {**os.environ, "PIPEDRIVE_CODEGEN_CACHE": "off"}
    env.pop("PYTHONUNBUFFERED", None)  # a pipe's output buffered, as it usually is
    done = subprocess.run(
        [*command, "--out", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        env=env,
    )
    assert done.returncode == 0, done.stderr
    assert "teardown" not in done.stdout
    assert re.fullmatch(
        r".*pipedrive_client: 1 spec, \d+ operations, .* removed in [\d.]+ s\n",
        done.stdout,
    ), done.stdout


_MAIN = "import sys\nfrom pipedrive_codegen.cli import main\nsys.exit(main())\n"


@pytest.mark.skipif(cores() < 2, reason="one core: no thread prepares the rendering")
def test_a_specs_error_ends_the_command_without_waiting_for_the_rendering_stage(
    tmp_path: Path,
) -> None:
    # Meanwhile a thread imports what renders (datamodel-code-generator, 0.3 s):
    # here it would take a minute, and the command must not wait for it.
    bad = tmp_path / "bad.yaml"
    bad.write_text((ROOT / "specs/activities-v1.yaml").read_text() + "\n  : [\n")
    probe = (
        "import sys, time\n"
        "import pipedrive_codegen.pipeline as pipeline\n"
        "pipeline._prepare_rendering = lambda *_: time.sleep(60)\n"
        "from pipedrive_codegen.cli import run\n"
        "sys.argv[1:] = ['generate', '--spec', f'v1={sys.argv[1]}', '--out', sys.argv[2]]\n"
        "run()\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe, str(bad), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=30,
        env={**os.environ, "PIPEDRIVE_CODEGEN_CACHE": "off"},
    )
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1].startswith(f"{bad}:")
