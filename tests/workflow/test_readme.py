"""The README's examples are true: its Python runs and prints what its comments say, its
TOML is this project's own settings, and the CLI prints what the README shows.

A block of Python runs in a process of its own against the committed package; a line
``print(...)`` followed by comment lines must print exactly those lines. A block tagged
``python live`` talks to Pipedrive as a user's code would: it runs with the client's
documented ``http_client=`` option given an httpx MockTransport that answers as the API
does (and checks the token is sent), so the reader's text stays as they would write it.
A block tagged ``python skip`` is only compiled.
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

# What a ``python live`` block runs against: Pipedrive's answers, through the client's
# own ``http_client=`` option, in place of the network.
CONSTRUCTOR = 'PipedriveClient(api_token="...")'
LIVE = """
import httpx

def _pipedrive(request: httpx.Request) -> httpx.Response:
    assert request.headers["x-api-token"] == "...", request.headers
    if request.method == "POST" and request.url.path == "/v1/activities":
        data = {"id": 7, "subject": "Call", "done": 1}
        return httpx.Response(
            201, json={"success": True, "data": data},
            headers={"x-ratelimit-remaining": "39"},
        )
    if request.url.path == "/api/v2/activities":
        first = request.url.params.get("cursor") is None
        data = [{"id": 1, "subject": "Call"} if first else {"id": 2, "subject": "Lunch"}]
        cursor = "page-2" if first else None
        return httpx.Response(
            200,
            json={"success": True, "data": data, "additional_data": {"next_cursor": cursor}},
        )
    return httpx.Response(404, json={"success": False, "error": "not found"})

_HTTP = httpx.Client(transport=httpx.MockTransport(_pipedrive))
"""


def _runnable(tag: str, code: str) -> str:
    """The code a block runs: a ``live`` one with Pipedrive's answers mocked."""
    if tag != "live":
        return code
    assert code.count(CONSTRUCTOR) == 1, "a live example makes one client"
    with_mock = CONSTRUCTOR[:-1] + ", http_client=_HTTP)"
    return LIVE + code.replace(CONSTRUCTOR, with_mock)


def test_the_readme_has_examples_to_run() -> None:
    runnable = [code for tag, code in PYTHON if tag != "skip"]
    assert len(runnable) >= 2 and all(_expected_output(code) for code in runnable)
    assert any(tag == "live" for tag, _ in PYTHON)  # the client's quick start


@pytest.mark.parametrize(
    "tag, code",
    [(tag, code) for tag, code in PYTHON if tag != "skip"],
    ids=[code.splitlines()[0][:40] for tag, code in PYTHON if tag != "skip"],
)
def test_each_python_example_prints_what_it_says(tag: str, code: str) -> None:
    ran = subprocess.run(
        [sys.executable, "-c", _runnable(tag, code)],
        cwd=GENERATED,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert ran.returncode == 0, ran.stderr
    assert ran.stdout == _expected_output(code)


@pytest.mark.parametrize("code", [code for _, code in PYTHON])
def test_every_python_example_compiles(code: str) -> None:
    compile(code, "README.md", "exec")  # a ``skip`` one too, which needs no more


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
