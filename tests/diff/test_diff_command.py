"""`diff_command`, and `pipedrive-codegen diff` run in-process: output, exit status, bad input."""

from __future__ import annotations

import io
import json
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path

import pytest

from pipedrive_codegen.spec import check
from pipedrive_codegen.cli import main
from pipedrive_codegen.diff.command import diff_command
from pipedrive_codegen.errors import SpecError
from spec_pairs import obj, thing, write

INTEGER = {"type": "integer"}


@pytest.fixture
def specs(tmp_path: Path) -> dict[str, Path]:
    """Specs named by what changes from ``base``: nothing, compatibly, breakingly."""
    base = thing(request=obj(name=INTEGER), response=obj(id=INTEGER))
    return {
        "base": write(tmp_path, "base.yaml", base),
        "same": write(tmp_path, "same.yaml", base),
        "compatible": write(
            tmp_path,
            "compatible.yaml",
            thing(request=obj(name=INTEGER), response=obj(id=INTEGER, name=INTEGER)),
        ),
        "breaking": write(
            tmp_path,
            "breaking.yaml",
            thing(request=obj(("name",), name=INTEGER), response=obj(name=INTEGER)),
        ),
        "broken": write(tmp_path, "broken.yaml", {"openapi": "3.0.3", "paths": {}}),
    }


def _run(
    old: Path, new: Path, output_format: str = "text", fail_on_breaking: bool = False
) -> tuple[int, str]:
    stdout = io.StringIO()
    status = diff_command(
        old,
        new,
        output_format=output_format,
        fail_on_breaking=fail_on_breaking,
        stdout=stdout,
    )
    return status, stdout.getvalue()


def test_text_report(specs: dict[str, Path]) -> None:
    status, text = _run(specs["base"], specs["breaking"])
    assert status == 0
    old, new = specs["base"], specs["breaking"]
    assert text == (
        f"{old} -> {new}: 3 changes for a caller of the generated client, "
        "2 breaking, 1 compatible\n"
        "\n"
        "addThing\n"
        "  BREAKING    request body .name: field became required; calls without it fail\n"
        "  BREAKING    response 200 body .id: field removed; the API no longer returns it\n"
        "  compatible  response 200 body .name: field added (integer)\n"
    )


def test_json_report(specs: dict[str, Path]) -> None:
    status, text = _run(specs["base"], specs["compatible"], output_format="json")
    assert status == 0
    assert json.loads(text) == {
        "old": str(specs["base"]),
        "new": str(specs["compatible"]),
        "breaking": 0,
        "compatible": 1,
        "changes": [
            {
                "kind": "field-added",
                "side": "response",
                "operation": "addThing",
                "location": "addThing response 200 body .name",
                "breaking": False,
                "message": "field added (integer)",
            }
        ],
    }


@pytest.mark.parametrize(
    ("new", "fail_on_breaking", "status"),
    [
        ("same", True, 0),
        ("compatible", True, 0),
        ("breaking", True, 1),
        ("breaking", False, 0),
    ],
)
def test_exit_status(
    specs: dict[str, Path], new: str, fail_on_breaking: bool, status: int
) -> None:
    for output_format in ("text", "json"):
        result, _ = _run(
            specs["base"],
            specs[new],
            output_format=output_format,
            fail_on_breaking=fail_on_breaking,
        )
        assert result == status


def test_no_changes(specs: dict[str, Path]) -> None:
    _, text = _run(specs["base"], specs["same"])
    assert text == (
        f"{specs['base']} -> {specs['same']}: no changes for a caller of the "
        "generated client\n"
    )


def test_bad_input_raises_spec_error(specs: dict[str, Path]) -> None:
    with pytest.raises(SpecError) as raised:
        _run(specs["base"], specs["broken"])
    assert str(raised.value).startswith(f"{specs['broken']}:")
    with pytest.raises(SpecError, match="cannot read the spec"):
        _run(specs["base"], specs["base"].parent / "missing.yaml")


def test_unknown_output_format_is_a_programming_error(specs: dict[str, Path]) -> None:
    with pytest.raises(ValueError, match="output_format"):
        _run(specs["base"], specs["same"], output_format="yaml")


def _main(*argv: str) -> tuple[int, str, str]:
    """``pipedrive-codegen diff ARGV...``, in this process."""
    stdout, stderr = io.StringIO(), io.StringIO()
    with redirect_stdout(stdout), redirect_stderr(stderr):
        status = main(["diff", *argv])
    return status, stdout.getvalue(), stderr.getvalue()


def test_argv_json_and_fail_on_breaking(specs: dict[str, Path]) -> None:
    old, new = str(specs["base"]), str(specs["breaking"])
    status, out, err = _main(old, new, "--format", "json", "--fail-on-breaking")
    assert (status, err) == (1, "")
    assert json.loads(out)["breaking"] == 2
    status, out, _ = _main(old, new)
    assert status == 0
    assert out.startswith(f"{old} -> {new}: 3 changes")


def test_argv_bad_input_is_one_line_on_stderr_and_exit_2(
    specs: dict[str, Path],
) -> None:
    status, out, err = _main(str(specs["base"]), str(specs["broken"]))
    assert (status, out) == (2, "")
    assert err.count("\n") == 1
    assert err.startswith(f"{specs['broken']}:")


def test_argv_unknown_format_is_a_usage_error(specs: dict[str, Path]) -> None:
    with pytest.raises(SystemExit) as raised:
        _main(str(specs["base"]), str(specs["same"]), "--format", "yaml")
    assert raised.value.code == 2


def test_a_spec_checked_once_is_not_checked_again(
    specs: dict[str, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PIPEDRIVE_CODEGEN_CACHE", str(tmp_path / "cache"))
    old, new = str(specs["base"]), str(specs["breaking"])
    first = _main(old, new)
    assert first[0] == 0

    def checked_again(*args: object) -> None:
        raise AssertionError("checked again")

    monkeypatch.setattr(check, "check_spec", checked_again)
    assert _main(old, new) == first  # both verdicts come from the cache
    specs["breaking"].write_text(specs["breaking"].read_text() + "# edited\n")
    with pytest.raises(AssertionError, match="checked again"):
        _main(old, new)  # an edited spec is checked again


def test_two_processes_or_one_give_the_same_report(
    specs: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    pair = [str(specs["base"]), str(specs["breaking"])]
    both = _main(*pair, "--format", "json")
    monkeypatch.setenv("PIPEDRIVE_CODEGEN_WORKERS", "1")
    assert _main(*pair, "--format", "json") == both
    broken = str(specs["broken"])
    status, out, err = _main(broken, broken)
    assert (status, out, err.count("\n")) == (2, "", 1)


def test_the_same_files_under_another_root_are_checked_on_their_own(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("PIPEDRIVE_CODEGEN_CACHE", str(tmp_path / "cache"))
    (tmp_path / "api.yaml").write_text(
        "openapi: 3.0.3\n"
        "info: {title: t, version: '1'}\n"
        "paths: {}\n"
        "components:\n"
        "  schemas:\n"
        "    Thing: {$ref: 'parts.yaml#/Thing'}\n"
        "    Other: {type: string}\n"
    )
    (tmp_path / "parts.yaml").write_text(
        "Thing:\n"
        "  type: object\n"
        "  properties:\n"
        "    other: {$ref: 'api.yaml#/components/schemas/Other'}\n"
    )
    api, parts = str(tmp_path / "api.yaml"), str(tmp_path / "parts.yaml")
    assert _main(api, api)[0] == 0  # valid, and so cached, with api.yaml the root
    status, out, err = _main(parts, parts)  # the same two files, parts.yaml the root
    assert (status, out) == (2, "")
    assert err == f"{parts}:1: #: no 'openapi' field: not an OpenAPI 3 document\n"
