"""The README's examples are true: its Python runs and prints what its comments say, its
TOML is this project's own settings, and the CLI prints what the README shows.

A block of Python runs in a process of its own against the committed package; a line
``print(...)`` followed by comment lines must print exactly those lines. A block tagged
``python skip`` (one that needs the live API) is only compiled.
"""

from __future__ import annotations

import subprocess
import sys
import tomllib

import pytest

from conftest import GENERATED, ROOT, run_cli

README = (ROOT / "README.md").read_text(encoding="utf-8")


def _fenced() -> list[tuple[str, str]]:
    """Every fenced block of the README: its info string and its text."""
    blocks: list[tuple[str, str]] = []
    info: str | None = None
    body: list[str] = []
    for line in README.splitlines():
        if info is None and line.startswith("```"):
            info, body = line[3:].strip(), []
        elif info is not None and line == "```":
            blocks.append((info, "".join(text + "\n" for text in body)))
            info = None
        elif info is not None:
            body.append(line)
    return blocks


def _blocks(language: str) -> list[tuple[str, str]]:
    """(tag, text) of each block in LANGUAGE: ``python skip`` has the tag ``skip``."""
    found = []
    for info, text in _fenced():
        words = info.split(maxsplit=1) or [""]
        if words[0] == language:
            found.append((words[1] if len(words) > 1 else "", text))
    return found


def _expected_output(code: str) -> str:
    """The comment lines after each ``print(...)``, as the output they promise."""
    lines: list[str] = []
    printing = False
    for line in code.splitlines():
        if line.startswith("print("):
            printing = True
        elif printing and line.startswith("# "):
            lines.append(line[2:])
        else:
            printing = False
    return "".join(line + "\n" for line in lines)


PYTHON = _blocks("python")


def test_the_readme_has_examples_to_run() -> None:
    runnable = [code for tag, code in PYTHON if tag != "skip"]
    assert len(runnable) >= 2 and all(_expected_output(code) for code in runnable)


@pytest.mark.parametrize(
    "code",
    [code for tag, code in PYTHON if tag != "skip"],
    ids=lambda code: code.splitlines()[0][:40],
)
def test_each_python_example_prints_what_it_says(code: str) -> None:
    ran = subprocess.run(
        [sys.executable, "-c", code],
        cwd=GENERATED,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == _expected_output(code)


@pytest.mark.parametrize("code", [code for tag, code in PYTHON if tag == "skip"])
def test_each_live_example_compiles(code: str) -> None:
    compile(code, "README.md", "exec")


def test_the_toml_is_this_projects_own_settings() -> None:
    (toml,) = [code for _, code in _blocks("toml")]
    shown = tomllib.loads(toml)["tool"]["pipedrive-codegen"]
    settings = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert shown == settings["tool"]["pipedrive-codegen"]


def test_diff_prints_what_the_readme_shows() -> None:
    (shown,) = [
        text for _, text in _blocks("") if text.startswith("$ pipedrive-codegen diff")
    ]
    command, *lines = shown.splitlines()
    ran = run_cli(*command.split()[2:])
    assert ran.returncode == 0, ran.stderr
    printed = ran.stdout.splitlines()
    position = 0
    for line in lines:  # each line shown is printed, in the order shown
        if line.strip() == "...":
            continue
        assert line in printed[position:], line
        position = printed.index(line, position) + 1
