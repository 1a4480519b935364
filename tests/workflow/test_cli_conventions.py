"""The CLI behaves as CLIs do: --version, defaults and an example in every help, the
subcommand's usage on its errors, documented exit codes, a quiet end on a closed pipe,
errors that say what they are about, progress on a terminal only, one summary line."""

from __future__ import annotations

import os
import pty
import re
import select
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

SPEC = ROOT / "specs" / "activities-v1.yaml"
COMMANDS = ("generate", "check", "diff", "record")


def test_version() -> None:
    from importlib.metadata import version

    result = run_cli("--version")
    assert (result.returncode, result.stdout) == (
        0,
        f"pipedrive-codegen {version('pipedrive-codegen')}\n",
    )


@pytest.mark.parametrize("command", ["", *COMMANDS])
def test_every_help_shows_defaults_an_example_and_the_exit_codes(command: str) -> None:
    result = run_cli(*([command] if command else []), "--help")
    assert result.returncode == 0
    text = result.stdout
    assert re.search(r"\nexamples?:\n  .*pipedrive-codegen ", text), text
    codes = text.split("exit status:\n")[1].splitlines()
    assert [line.split()[0] for line in codes[:2]] == [
        "0",
        "1" if command in ("", "check", "diff") else "2",
    ]
    assert any(
        line.startswith("  2 bad input") or "2 refused" in line for line in codes
    )
    if command:
        assert "(default" in text, text


def test_help_names_the_defaults_of_the_target_options() -> None:
    text = " ".join(run_cli("generate", "--help").stdout.split())
    assert "else generated)" in text  # --out
    assert "else pipedrive_client)" in text  # --package
    assert "else black)" in text or "else ruff)" in text  # --formatter


@pytest.mark.parametrize(
    ("arguments", "error"),
    [
        (["generate", "--bogus"], "unrecognized arguments: --bogus"),
        (["check", "--spec", "nameless"], "--spec takes NAME=PATH, not 'nameless'"),
        (["check", "--format", "xml"], "argument --format: invalid choice: 'xml'"),
    ],
)
def test_an_error_in_a_subcommand_shows_that_subcommand_s_usage(
    arguments: list[str], error: str
) -> None:
    result = run_cli(*arguments)
    command = arguments[0]
    assert result.returncode == 2
    assert result.stderr.startswith(
        f"usage: pipedrive-codegen {command} "
    ), result.stderr
    assert result.stderr.splitlines()[-1].startswith(
        f"pipedrive-codegen {command}: error: {error}"
    ), result.stderr


def test_generate_outside_a_project_says_so(tmp_path: Path) -> None:
    result = run_cli("generate", cwd=tmp_path)
    assert result.returncode == 2
    last = result.stderr.splitlines()[-1]
    assert last == (
        "pipedrive-codegen generate: error: no spec to generate: there is no "
        "pyproject.toml here, and no --spec NAME=PATH was given (e.g. --spec "
        "v1=openapi.yaml)"
    )
    assert "activities" not in result.stderr  # no file the user never named
    assert not any(tmp_path.iterdir())


def test_a_keyword_is_called_a_keyword() -> None:
    result = run_cli("generate", "--spec", f"v1={SPEC}", "--package", "class")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "pipedrive-codegen generate: error: package name 'class' is a Python keyword"
    )
    result = run_cli("generate", "--spec", f"import={SPEC}")
    assert result.stderr.splitlines()[-1].endswith(
        "spec name 'import' is a Python keyword"
    )


def test_errors_that_are_about_no_spec_carry_no_pointer(tmp_path: Path) -> None:
    result = run_cli(
        "generate",
        *("--spec", f"v1={SPEC}", "--out", str(tmp_path / "out")),
        env={"PIPEDRIVE_CODEGEN_CACHE_LIMIT": "lots"},
    )
    assert (result.returncode, result.stderr) == (
        2,
        "PIPEDRIVE_CODEGEN_CACHE_LIMIT: 'lots' is not a number of megabytes "
        "(0 or more)\n",
    )
    (tmp_path / "afile").write_text("")
    # With and without the cache's record of a package these inputs make (which has
    # the run read the package where it would be first)
    for out in ("afile", "elsewhere", "afile"):
        result = run_cli("generate", "--spec", f"v1={SPEC}", "--out", out, cwd=tmp_path)
        if out == "afile":
            assert result.stderr == (
                "afile: cannot write the package here: File exists\n"
            )


def test_record_names_the_variable_it_wants(tmp_path: Path) -> None:
    result = run_cli(
        "record",
        "--out",
        str(tmp_path / "cassettes"),
        env={"PIPEDRIVE_API_TOKEN": "", "CI": ""},
    )
    assert result.returncode == 2
    assert "PIPEDRIVE_API_TOKEN" in result.stderr
    assert not (tmp_path / "cassettes").exists()


def _drifted_project(tmp_path: Path) -> Path:
    """A generated package, every line of whose modules then changed by hand."""
    result = run_cli("generate", "--spec", f"v1={SPEC}", "--out", "out", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    for module in (tmp_path / "out").rglob("*.py"):
        module.write_text(
            "".join(f"{line}  # edited\n" for line in module.read_text().splitlines())
        )
    return tmp_path


def test_a_closed_pipe_ends_the_run_quietly(tmp_path: Path) -> None:
    project = _drifted_project(tmp_path)
    process = subprocess.Popen(
        [sys.executable, "-m", "pipedrive_codegen", "check"]
        + ["--spec", f"v1={SPEC}", "--out", "out"],
        cwd=project,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert process.stdout is not None and process.stderr is not None
    first = process.stdout.readline()  # as `check | head -1` does
    process.stdout.close()
    stderr = process.stderr.read().decode()
    code = process.wait()
    assert first.startswith(b"out/pipedrive_client is out of date: ")
    assert stderr == ""  # no BrokenPipeError traceback
    assert code == 141  # as a shell reports a process a closed pipe ended; not 1


def _generate(tmp_path: Path, *more: str, env: dict[str, str] | None = None):  # type: ignore[no-untyped-def]
    return run_cli(
        "generate", "--spec", f"v1={SPEC}", "--out", "out", *more, cwd=tmp_path, env=env
    )


SUMMARY = re.compile(
    r"^out/pipedrive_client: 1 spec, (\d+) operations, (\d+) models; "
    r"(\d+) files? written, (\d+) unchanged, (\d+) removed in \d+\.\d s\n$"
)


def test_generate_ends_with_one_summary_line_and_keeps_unchanged_files(
    tmp_path: Path,
) -> None:
    first = _generate(tmp_path)
    assert first.stderr == ""  # not a terminal: no progress
    found = SUMMARY.match(first.stdout)
    assert found, first.stdout
    operations, models, written, unchanged, removed = map(int, found.groups())
    assert (operations, unchanged, removed) == (7, 0, 0) and models > 10
    package = tmp_path / "out" / "pipedrive_client"
    before = {
        path: (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in package.rglob("*")
        if path.is_file()
    }
    assert written == len(before)
    time.sleep(0.05)

    again = SUMMARY.match(_generate(tmp_path).stdout)
    assert again and again.groups()[2:] == ("0", str(len(before)), "0")
    after = {
        path: (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in package.rglob("*")
        if path.is_file()
    }
    assert after == before  # the same inode and mtime: untouched

    (package / "v1" / "stale.py").unlink(missing_ok=True)
    spec = tmp_path / "spec.yaml"
    spec.write_text(SPEC.read_text().replace("Activities", "Tasks", 1))
    edited = run_cli("generate", "--spec", "v1=spec.yaml", "--out", "out", cwd=tmp_path)
    found = SUMMARY.match(edited.stdout)
    assert found, edited.stdout
    changed = {
        path
        for path in package.rglob("*")
        if path.is_file()
        if (path.stat().st_ino, path.stat().st_mtime_ns) != before.get(path)
    }
    assert int(found.group(3)) == len(changed) and 0 < len(changed) < len(before)


def test_quiet_prints_nothing(tmp_path: Path) -> None:
    assert _generate(tmp_path, "--quiet").stdout == ""
    result = run_cli(
        "check", "--spec", f"v1={SPEC}", "--out", "out", "-q", cwd=tmp_path
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def _on_a_terminal(
    tmp_path: Path, *more: str, env: dict[str, str] | None = None
) -> tuple[int, str, str]:
    """Run generate (no cache, formatted by black, in one process: over a second
    however fast the machine, 1.0 s with workers here) with stderr on a terminal."""
    main, other = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "pipedrive_codegen", "generate", "--formatter", "black"]
        + ["--spec", f"v1={SPEC}", "--out", "out", *more],
        cwd=tmp_path,
        env={
            **os.environ,
            "PYTHONPATH": str(ROOT),
            "PIPEDRIVE_CODEGEN_CACHE": "off",
            "PIPEDRIVE_CODEGEN_WORKERS": "1",
            **(env or {}),
        },
        stdout=subprocess.PIPE,
        stderr=other,
    )
    os.close(other)
    shown = b""
    while True:
        ready, _, _ = select.select([main], [], [], 0.1)
        if ready:
            try:
                chunk = os.read(main, 4096)
            except OSError:  # the terminal's other end closed
                break
            if not chunk:
                break
            shown += chunk
        elif process.poll() is not None:
            break
    os.close(main)
    assert process.stdout is not None
    stdout = process.stdout.read().decode()
    return process.wait(), stdout, shown.decode("utf-8", "replace")


# as python -X importtime: each import on stderr
IMPORTS = {"PYTHONPROFILEIMPORTTIME": "1"}
# (nested or not: another thread may be importing meanwhile)
TQDM = re.compile(r"^import time: .*\|\s+tqdm$", re.MULTILINE)


def test_a_long_run_shows_progress_on_a_terminal_and_not_with_quiet(
    tmp_path: Path,
) -> None:
    code, stdout, terminal = _on_a_terminal(tmp_path)
    assert code == 0
    assert SUMMARY.match(stdout), stdout
    assert "\r" in terminal and "v1: " in terminal, terminal
    assert re.search(r"\[stage \d/6, 00:0\d\]", terminal), terminal  # tqdm's line
    assert terminal.endswith("\r\x1b[K")  # the line cleared at the end
    code, stdout, terminal = _on_a_terminal(tmp_path, "--quiet")
    assert (code, stdout, terminal) == (0, "", "")


def test_a_warning_is_a_line_of_its_own_on_a_terminal(tmp_path: Path) -> None:
    (tmp_path / "flag.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: Flag, version: '1'}\npaths: {}\n"
        "components:\n  schemas:\n    Flag: {type: boolean, default: 'no'}\n"
    )
    code, stdout, terminal = _on_a_terminal(
        tmp_path, "--spec", "flag=flag.yaml", "--ignore-bad-defaults"
    )
    assert (code, stdout.split(":")[0]) == (0, "out/pipedrive_client")
    warning = (
        "flag.yaml:6: #/components/schemas/Flag/default: "
        "'no' is not of type 'boolean'; default ignored"
    )
    # the status line cleared first, the warning on a line, the status drawn again
    assert f"\r\x1b[K{warning}\r\n" in terminal, terminal
    assert "v1: " in terminal.split(warning)[1], terminal
    assert terminal.endswith("\r\x1b[K")


def test_the_progress_library_is_imported_only_when_progress_is_shown(
    tmp_path: Path,
) -> None:
    code, _, terminal = _on_a_terminal(tmp_path, env=IMPORTS)
    assert code == 0 and "v1: " in terminal
    assert TQDM.search(terminal.replace("\r\n", "\n")), terminal
    code, _, terminal = _on_a_terminal(tmp_path, "--quiet", env=IMPORTS)
    assert code == 0 and "import time:" in terminal
    assert not TQDM.search(terminal.replace("\r\n", "\n"))
    piped = _generate(tmp_path, env={"PIPEDRIVE_CODEGEN_CACHE": "off", **IMPORTS})
    assert piped.returncode == 0 and "import time:" in piped.stderr
    assert not TQDM.search(piped.stderr)
    asked = _generate(
        tmp_path, "--progress", env={"PIPEDRIVE_CODEGEN_CACHE": "off", **IMPORTS}
    )
    assert asked.returncode == 0 and "v1: loading" in asked.stderr
    assert not TQDM.search(asked.stderr)  # plain lines to a pipe: no library


def test_a_spec_with_an_error_stops_the_run_before_the_render_stage_is_imported(
    tmp_path: Path,
) -> None:
    """The check comes first, and what renders is imported only after it (with
    workers, while they check: they are forked without it)."""
    (tmp_path / "bad.yaml").write_text(
        "openapi: 3.0.3\ninfo: {title: Bad, version: '1'}\npaths: {/a: {get: {}}}\n"
    )
    one_process = {"PIPEDRIVE_CODEGEN_WORKERS": "1", "PIPEDRIVE_CODEGEN_CACHE": "off"}
    result = run_cli(
        "generate",
        "--spec",
        "bad=bad.yaml",
        cwd=tmp_path,
        env={**one_process, **IMPORTS},
    )
    assert result.returncode == 2 and "bad.yaml:3" in result.stderr, result.stderr
    imported = re.findall(r"^import time: .*\|\s+([\w.]+)$", result.stderr, re.M)
    assert "pipedrive_codegen.spec.check" in imported
    for stage in (
        "jinja2",
        "pipedrive_codegen.render.package",
        "datamodel_code_generator",
    ):
        assert stage not in imported


def test_progress_goes_to_a_pipe_only_when_asked(tmp_path: Path) -> None:
    result = _generate(tmp_path, "--progress", env={"PIPEDRIVE_CODEGEN_CACHE": "off"})
    assert result.returncode == 0
    lines = result.stderr.splitlines()
    for stage in ("loading", "checking", "building", "rendering", "formatting"):
        assert f"v1: {stage}" in lines, lines
    shutil.rmtree(tmp_path / "out")
    assert _generate(tmp_path, env={"PIPEDRIVE_CODEGEN_CACHE": "off"}).stderr == ""


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="no /dev/full here")
@pytest.mark.parametrize("command", ["check", "diff"])
def test_output_that_cannot_be_written_is_one_line_and_no_verdict(
    tmp_path: Path, command: str
) -> None:
    # A full disk under standard output: neither "drift"/"breaking" (1) nor "all is
    # well" (0), and no traceback.
    if command == "check":
        assert _generate(tmp_path).returncode == 0
        arguments = ["check", "--spec", f"v1={SPEC}", "--out", "out"]
    else:
        arguments = ["diff", str(SPEC), str(ROOT / "specs" / "activities-v2.yaml")]
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-m", "pipedrive_codegen", *arguments],
            cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(ROOT)},
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
        )
    assert result.returncode == 2
    assert result.stderr == "standard output: No space left on device\n"
