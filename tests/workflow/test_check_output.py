"""What ``check`` prints stays useful: a summary line first, 'on disk' and 'generated'
labels, a missing package in one line, diffs capped with the cut counted, JSON for
tools, names only on request, and nothing a terminal would obey."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOT, run_cli

SPEC = ROOT / "specs" / "activities-v1.yaml"
PACKAGE = "out/pipedrive_client"


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("generated")
    result = run_cli("generate", "--spec", f"v1={SPEC}", "--out", "out", cwd=folder)
    assert result.returncode == 0, result.stderr
    return folder / "out"


@pytest.fixture
def project(generated: Path, tmp_path: Path) -> Path:
    shutil.copytree(generated, tmp_path / "out")
    return tmp_path


def _check(project: Path, *more: str) -> tuple[int, str, str]:
    result = run_cli(
        "check", "--spec", f"v1={SPEC}", "--out", "out", *more, cwd=project
    )
    return result.returncode, result.stdout, result.stderr


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


def test_a_hand_edit_is_labelled_on_disk_against_generated(project: Path) -> None:
    _edit(project / PACKAGE / "v1/models.py", "class Activity(", "class Activity2(")
    code, stdout, _ = _check(project)
    assert code == 1
    lines = stdout.splitlines()
    assert lines[0] == (
        f"{PACKAGE} is out of date: 1 file differs; run `pipedrive-codegen generate`"
    )
    assert f"--- {PACKAGE}/v1/models.py (on disk)" in lines
    assert f"+++ {PACKAGE}/v1/models.py (generated)" in lines
    assert "committed" not in stdout


def test_a_missing_package_is_one_line(tmp_path: Path) -> None:
    code, stdout, stderr = _check(tmp_path)
    assert (code, stdout, stderr) == (
        1,
        f"{PACKAGE} is missing; run `pipedrive-codegen generate`\n",
        "",
    )


def test_diffs_are_capped_and_what_was_cut_is_counted(project: Path) -> None:
    modules = sorted((project / PACKAGE).rglob("*.py"))
    for module in modules:  # every line of every module changed
        lines = module.read_text().splitlines()
        module.write_text("".join(f"{line}  # edited\n" for line in lines))
    code, stdout, _ = _check(project)
    assert code == 1
    lines = stdout.splitlines()
    headers = [n for n, line in enumerate(lines) if line.startswith("--- ")]
    assert len(headers) >= 10
    shown = [
        line
        for line in lines[headers[0] :]
        if line[:1] in "+- @" and not line.startswith("  ...")
    ]
    assert len(shown) <= 2000
    for start, end in zip(headers, [*headers[1:], len(lines)]):
        assert end - start <= 201  # 200 diff lines and the note of what was cut
    assert re.search(
        r"^  \.\.\. [\d,]+ more lines of this file's diff not shown$", stdout, re.M
    )
    total = re.search(
        r"^\(([\d,]+) diff lines not shown: at most 200 a file and 2,000 in all\)$",
        stdout,
        re.M,
    )
    assert total and int(total.group(1).replace(",", "")) > 1000
    assert len(stdout) < 200_000


def test_json_for_tools(project: Path) -> None:
    code, stdout, _ = _check(project, "--format", "json")
    assert code == 0
    assert json.loads(stdout)["up_to_date"] is True
    _edit(project / PACKAGE / "v1/models.py", "class Activity(", "class Activity2(")
    (project / PACKAGE / "v1/client.py").unlink()
    (project / PACKAGE / "v1/extra.py").write_text("")
    code, stdout, _ = _check(project, "--format", "json")
    assert code == 1
    document = json.loads(stdout)
    assert document["up_to_date"] is False
    states = {item["path"]: item["state"] for item in document["files"]}
    assert states == {
        f"{PACKAGE}/v1/client.py": "missing",
        f"{PACKAGE}/v1/extra.py": "unexpected",
        f"{PACKAGE}/v1/models.py": "differs",
    }
    [models] = [item for item in document["files"] if item["state"] == "differs"]
    assert "+class Activity(" in models["diff"] and models["diff_lines_cut"] == 0
    assert document["counts"]["differs"] == 1


def test_names_only(project: Path) -> None:
    assert _check(project, "--name-only") == (0, "", "")
    _edit(project / PACKAGE / "v1/models.py", "class Activity(", "class Activity2(")
    (project / PACKAGE / "v1/extra.py").write_text("")
    assert _check(project, "--name-only") == (
        1,
        f"{PACKAGE}/v1/extra.py\n{PACKAGE}/v1/models.py\n",
        "",
    )


def test_nothing_printed_is_obeyed_by_a_terminal(project: Path) -> None:
    hostile = "\x1b]0;owned\x07\x1b[2J\u202eevil\u2066\r"
    _edit(
        project / PACKAGE / "v1/models.py",
        "class Activity(",
        f"# {hostile}\nclass Activity(",
    )
    (project / PACKAGE / f"v1/odd\x1b[31mname\u202e.py").write_text(hostile)
    for form in ([], ["--name-only"], ["--format", "json"]):
        code, stdout, _ = _check(project, *form)
        assert code == 1
        assert not any(c in stdout for c in "\x1b\x07\u202e\u2066\r"), form
    code, stdout, _ = _check(project)
    assert "+# \\x1b]0;owned\\x07\\x1b[2J\\u202eevil\\u2066\\x0d" not in stdout
    assert "-# \\x1b]0;owned\\x07\\x1b[2J\\u202eevil\\u2066\\x0d\n" in stdout
    assert f"  unexpected: {PACKAGE}/v1/odd\\x1b[31mname\\u202e.py\n" in stdout
