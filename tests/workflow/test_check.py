"""`pipedrive-codegen check`: the drift check a CI runs on the committed output."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import BAD_DEFAULT, ROOT, run_cli, tree_bytes


def _check(project: Path, command: str = "check", *more: str) -> tuple[int, str]:
    result = run_cli(
        command,
        *more,
        "--spec",
        "v1=specs/activities-v1.yaml",
        "--spec",
        "v2=specs/activities-v2.yaml",
        "--templates",
        "templates",
        "--out",
        "out",
        cwd=project,
    )
    return result.returncode, result.stdout + result.stderr


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text
    path.write_text(text.replace(old, new, 1))


EDITS: dict[str, tuple[Callable[[Path], None], str]] = {
    "template": (
        lambda p: _edit(
            p / "templates/models/models.py.jinja", "Models of", "The models of"
        ),
        "out/pipedrive_client/v1/models.py",
    ),
    "spec-field": (
        lambda p: _edit(
            p / "specs/activities-v2.yaml",
            "          description: The ID of the activity",
            "          description: The id of the activity",
        ),
        "out/pipedrive_client/v2/models.py",
    ),
    "hand-edit": (
        lambda p: _edit(
            p / "out/pipedrive_client/v1/models.py",
            "class Activity(",
            "class Activity2(",
        ),
        "out/pipedrive_client/v1/models.py",
    ),
    "stray-binary-file": (
        lambda p: (p / "out/pipedrive_client/.DS_Store").write_bytes(b"\xff\x00"),
        "out/pipedrive_client/.DS_Store",
    ),
    "deleted-file": (
        lambda p: (p / "out/pipedrive_client/v2/models.py").unlink(),
        "missing: out/pipedrive_client/v2/models.py",
    ),
}


def test_check_passes_on_a_fresh_tree(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "specs", tmp_path / "specs")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    assert _check(tmp_path, "generate")[0] == 0
    code, output = _check(tmp_path)
    assert (code, output) == (0, "out/pipedrive_client is up to date\n")


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_check_catches_drift_and_generate_mends_it(edit: str, tmp_path: Path) -> None:
    shutil.copytree(ROOT / "specs", tmp_path / "specs")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    assert _check(tmp_path, "generate")[0] == 0
    change, expected = EDITS[edit]
    change(tmp_path)

    code, output = _check(tmp_path)
    assert code == 1, output
    assert expected in output
    assert "--- " in output or "missing: " in output or "unexpected: " in output

    if edit == "stray-binary-file":  # not written by the tool: generate keeps it
        code, output = _check(tmp_path, "generate")
        assert code == 2
        assert "holds files this tool did not write: .DS_Store" in output
        assert _check(tmp_path, "generate", "--force")[0] == 0
    else:
        assert _check(tmp_path, "generate")[0] == 0
    assert _check(tmp_path) == (0, "out/pipedrive_client is up to date\n")


def test_check_on_bad_input_exits_2(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / "specs").mkdir()
    (tmp_path / "specs/activities-v1.yaml").write_text("- not openapi\n")
    (tmp_path / "specs/activities-v2.yaml").write_text("- not openapi\n")
    code, output = _check(tmp_path)
    assert code == 2
    assert (
        output
        == "specs/activities-v1.yaml:1: #: top level is a list: expected an OpenAPI 3 object\n"
    )


def test_check_reads_the_spec_it_is_given(tmp_path: Path) -> None:
    # The manifest names each spec's files relative to its root: another root
    # beside the first must be read, not the file the manifest remembers.
    shutil.copytree(ROOT / "specs", tmp_path / "specs")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    assert _check(tmp_path, "generate")[0] == 0
    other = tmp_path / "specs/other-v1.yaml"
    shutil.copy(tmp_path / "specs/activities-v1.yaml", other)
    _edit(other, "description: ", "description: Changed. ")

    def check_with(v1: str) -> tuple[int, str]:
        result = run_cli(
            "check",
            *("--spec", f"v1={v1}", "--spec", "v2=specs/activities-v2.yaml"),
            *("--templates", "templates", "--out", "out"),
            cwd=tmp_path,
        )
        return result.returncode, result.stdout + result.stderr

    code, output = check_with("specs/other-v1.yaml")
    assert code == 1, output
    assert "out/pipedrive_client/v1/" in output
    code, output = check_with("specs/missing.yaml")
    assert code == 2, output
    assert output.startswith("specs/missing.yaml") and output.count("\n") == 1
    assert check_with("specs/activities-v1.yaml") == (
        0,
        "out/pipedrive_client is up to date\n",
    )


def test_committed_output_is_up_to_date() -> None:
    result = run_cli("check")
    assert result.returncode == 0, result.stdout[-3000:]


def test_tool_litter_in_the_templates_is_not_drift(tmp_path: Path) -> None:
    shutil.copytree(ROOT / "specs", tmp_path / "specs")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    assert _check(tmp_path, "generate")[0] == 0
    (tmp_path / "templates" / ".mypy_cache").mkdir()
    (tmp_path / "templates" / ".mypy_cache" / "cache.db").write_text("x")
    (tmp_path / "templates" / "client" / "__pycache__").mkdir()
    (tmp_path / "templates" / "client" / "__pycache__" / "x.pyc").write_text("x")
    assert _check(tmp_path) == (0, "out/pipedrive_client is up to date\n")


def test_a_project_that_formats_with_black_gets_ruff_s_bytes(tmp_path: Path) -> None:
    # ruff's formatter is the default (the committed tree is its output); black, the
    # tests' oracle, makes the same files byte for byte, all but the manifest that
    # names it.
    shutil.copytree(ROOT / "specs", tmp_path / "specs")
    shutil.copytree(ROOT / "templates", tmp_path / "templates")
    (tmp_path / "pyproject.toml").write_text(
        '[tool.pipedrive-codegen]\nformatter = "black"\n'
    )
    assert _check(tmp_path, "generate")[0] == 0
    assert _check(tmp_path) == (0, "out/pipedrive_client is up to date\n")
    made = tree_bytes(tmp_path / "out/pipedrive_client")
    committed = tree_bytes(ROOT / "generated/pipedrive_client")
    differ = {p for p in set(made) | set(committed) if made.get(p) != committed.get(p)}
    assert differ == {"_manifest.json"}  # it names the formatter
    # Checked with ruff instead, the tree is out of date only in the formatter's name,
    # and the check says which tool made it.
    code, output = _check(tmp_path, "check", "--formatter", "ruff")
    assert code == 1
    assert "  differs: out/pipedrive_client/_manifest.json\n" in output
    assert [line for line in output.splitlines() if "differs:" in line] == [
        "  differs: out/pipedrive_client/_manifest.json"
    ]
    assert (
        "  (it was made with black, this check formats with ruff: name one formatter "
        "in [tool.pipedrive-codegen])\n"
    ) in output
    changed = {line for line in output.splitlines() if line.startswith(("-  ", "+  "))}
    assert {line.split('"')[1] for line in changed} == {
        "tool:black",  # what black made
        "tool:ruff",  # what ruff would make
        "tool:datamodel-code-generator",  # only its trailing comma moved
    }
    assert '-  "tool:black": "' in output and '+  "tool:ruff": "' in output


REFERRED = """openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '../shared/a.yaml'}
"""


@pytest.mark.parametrize(
    ("option", "without"),
    [
        (("--client", "AcmeClient"), "out/pipedrive_client/_client.py"),
        (("--ignore-bad-defaults",), "api.yaml:8: #/paths/~1a/get/parameters/0/"),
        (("--allow-refs", "."), "api.yaml:12: #/paths/~1a/get/responses/200/"),
    ],
    ids=["client", "ignore-bad-defaults", "allow-refs"],
)
def test_a_tree_made_with_an_option_is_not_up_to_date_without_it(
    option: tuple[str, ...], without: str, tmp_path: Path
) -> None:
    # The cache's record that a tree is what its inputs make (check's fast path) must
    # name every option that changes the outcome: with the record from a run with the
    # option, a check without it must find what a run without it finds.
    (tmp_path / "specs").mkdir()
    (tmp_path / "shared").mkdir()
    (tmp_path / "shared/a.yaml").write_text("type: object\n")
    spec = {"--client": BAD_DEFAULT.replace("default: ten", "default: 10")}
    (tmp_path / "specs/api.yaml").write_text(
        spec.get(option[0], BAD_DEFAULT if "bad" in option[0] else REFERRED)
    )

    def run(command: str, *more: str) -> tuple[int, str]:
        result = run_cli(
            command, "--spec", "v1=specs/api.yaml", "--out", "out", *more, cwd=tmp_path
        )
        return result.returncode, result.stdout + result.stderr

    assert run("generate", "-q", *option)[0] == 0
    assert run("check", *option)[0] == 0
    code, output = run("check")
    assert code == (1 if option[0] == "--client" else 2), output
    assert without in output
