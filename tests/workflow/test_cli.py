"""The CLI as a user meets it: help, diff wiring, exit codes."""

from __future__ import annotations

import json

from conftest import ROOT, run_cli


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
    ):
        assert option in generate.stdout


def test_bad_spec_option_is_a_usage_error() -> None:
    result = run_cli("generate", "--spec", "no-equals-sign")
    assert result.returncode == 2
    assert "--spec takes NAME=PATH" in result.stderr


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
        == "missing.yaml: #: cannot read the spec: No such file or directory\n"
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
