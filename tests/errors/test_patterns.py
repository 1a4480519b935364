"""A spec's ``pattern`` in the check: a ``default`` is matched against it in time
linear in the text (a catastrophic pattern answers at once; one only a backtracking
engine runs is not run, its default taken unchecked), and no warning of Python's
``re`` about how it reads a pattern reaches the user's terminal."""

from pathlib import Path

import pytest

from conftest import run_cli

_SPEC = """\
openapi: {version}
info: {{title: t, version: '1'}}
paths:
  /a:
    post:
      operationId: postA
      requestBody:
        content:
          application/json:
            schema: {{$ref: '#/components/schemas/A'}}
      responses:
        '204': {{description: ok}}
components:
  schemas:
    A:
      type: object
      properties:
        x: {{type: {type}, pattern: '{pattern}', default: '{default}'}}
"""
_POINTER = "#/components/schemas/A/properties/x/default"
_LONG = "a" * 47 + "!"  # to Python's re and ^(a+)+$: 2**47 ways to fail
# A run that took Python's re would take years: 60 s tells it from one that did not.
_TIMEOUT = 60

_CASES = {
    "catastrophic": (
        "3.0.3",
        "string",
        "^(a+)+$",
        f"'{_LONG}' does not match '^(a+)+$'",
    ),
    "catastrophic-3.1-type-array": (
        "3.1.0",
        "[string, 'null']",
        "^(a+)+$",
        f"'{_LONG}' does not match '^(a+)+$'",
    ),
}


@pytest.mark.parametrize("case", sorted(_CASES))
def test_a_default_is_matched_against_its_pattern_in_linear_time(
    tmp_path: Path, case: str
) -> None:
    version, type_, pattern, message = _CASES[case]
    spec = _SPEC.format(version=version, type=type_, pattern=pattern, default=_LONG)
    (tmp_path / "spec.yaml").write_text(spec)
    where = f"spec.yaml:18: {_POINTER}: {message}"

    refused = run_cli(
        *("generate", "--spec", "v1=spec.yaml", "--out", "out"),
        cwd=tmp_path,
        timeout=_TIMEOUT,
    )
    ignored = run_cli(
        *("generate", "--spec", "v1=spec.yaml", "--out", "out"),
        "--ignore-bad-defaults",
        cwd=tmp_path,
        timeout=_TIMEOUT,
    )

    assert (refused.returncode, refused.stdout) == (2, "")
    assert refused.stderr == (
        f"{where}; fix the default, or pass --ignore-bad-defaults to drop it with a "
        "warning\n"
    )
    assert ignored.returncode == 0
    assert ignored.stdout.startswith("out/pipedrive_client: 1 spec, 1 operation")
    assert ignored.stderr == f"{where}; default ignored\n"


@pytest.mark.parametrize("pattern", ["^(a|a)+(?=b)$", r"^((a+)+)\1$"])
def test_a_pattern_only_backtracking_runs_leaves_its_default_unchecked(
    tmp_path: Path, pattern: str
) -> None:
    # Lookaround, a backreference: no linear-time engine runs them, and Python's re
    # would take years on this default; the default (which nothing generated uses) is
    # taken as it is, not refused for what was not checked.
    spec = _SPEC.format(version="3.0.3", type="string", pattern=pattern, default=_LONG)
    (tmp_path / "spec.yaml").write_text(spec)

    run = run_cli(
        *("generate", "--spec", "v1=spec.yaml", "--out", "out", "--quiet"),
        cwd=tmp_path,
        timeout=_TIMEOUT,
    )

    assert (run.returncode, run.stdout, run.stderr) == (0, "", "")


def test_a_default_that_matches_its_pattern_passes(tmp_path: Path) -> None:
    spec = _SPEC.format(version="3.0.3", type="string", pattern="^(a+)+$", default="aa")
    (tmp_path / "spec.yaml").write_text(spec)

    run = run_cli(
        *("generate", "--spec", "v1=spec.yaml", "--out", "out", "--quiet"),
        cwd=tmp_path,
        timeout=_TIMEOUT,
    )

    assert (run.returncode, run.stdout, run.stderr) == (0, "", "")


@pytest.mark.parametrize(
    "pattern, default",
    [("^[[:alpha:]]+$", "p]]"), ("^[a&&b-]+$", "a&b"), ("^[a~~b]+$", "b~")],
)
def test_a_pattern_python_warns_of_is_read_without_a_warning(
    tmp_path: Path, pattern: str, default: str
) -> None:
    # re warns that a later Python may read these sets otherwise; read as re reads
    # them today (a set holding 'p', then ']'s; sets holding '&' and '~', which Rust
    # would read as an intersection and a symmetric difference), each default passes.
    spec = _SPEC.format(
        version="3.0.3", type="string", pattern=pattern, default=default
    )
    (tmp_path / "spec.yaml").write_text(spec)

    run = run_cli(
        *("generate", "--spec", "v1=spec.yaml", "--out", "out", "--quiet"),
        cwd=tmp_path,
        timeout=_TIMEOUT,
    )

    assert (run.returncode, run.stdout, run.stderr) == (0, "", "")
