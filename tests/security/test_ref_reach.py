"""A hostile spec cannot read files through ``$ref`` (issue 16, finding 1).

A ``$ref`` is followed only where OpenAPI lets a reference stand; in ``enum``,
``default``, ``example(s)``, links' parameters and ``x-`` extensions it is data. Files
are read only under the spec's folder: absolute paths, ``..`` that leaves it, links that
lead out of it, devices and FIFOs are refused with one located line.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, Run, tree_bytes

SPECS = Path(__file__).resolve().parent / "specs"
SECRET = "hosts-file-oauth-token-4f1c"  # what ../hosts.yml holds
_SCHEMA = "#/paths/~1things/get/responses/200/content/application~1json/schema/$ref"


def run_cli(*args: str, cwd: Path = ROOT) -> Run:
    """``python -m pipedrive_codegen ARGS`` in one process, killed after a minute (a
    spec that names /dev/zero or a FIFO must fail fast, not hang the tests)."""
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    environment["PIPEDRIVE_CODEGEN_WORKERS"] = "1"
    completed = subprocess.run(
        [sys.executable, "-m", "pipedrive_codegen", *args],
        cwd=cwd,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    return Run(completed.returncode, completed.stdout, completed.stderr)


def _passwd_line() -> str:
    """A line of /etc/passwd, which no generated file has reason to hold."""
    passwd = Path("/etc/passwd")
    return passwd.read_text().splitlines()[0] if passwd.is_file() else SECRET


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """tmp/hosts.yml (a secret beside the spec's folder) and tmp/spec/, the specs."""
    (tmp_path / "hosts.yml").write_text(f"oauth_token: {SECRET}\n")
    shutil.copytree(SPECS, tmp_path / "spec", ignore=shutil.ignore_patterns("kinds"))
    return tmp_path


def _leaks(text: str) -> bool:
    return SECRET in text or _passwd_line() in text


def _output_leaks(out: Path) -> list[str]:
    return [
        name
        for name, data in tree_bytes(out).items()
        if _leaks(data.decode("utf-8", "replace"))
    ]


def _schema_ref(project: Path, target: str) -> None:
    text = (SPECS / "schema-ref.yaml").read_text().replace("{target}", target)
    (project / "spec" / "spec.yaml").write_text(text)


def test_refs_inside_enum_values_are_data_and_read_no_file(project: Path) -> None:
    result = run_cli("generate", "--spec", "v1=spec/enum-refs.yaml", cwd=project)
    assert result.returncode == 2
    assert result.stderr == (
        "spec/enum-refs.yaml:18: #/paths/~1things/get/responses/200/content/"
        "application~1json/schema/properties/kind/enum: enum values that are objects "
        "or arrays are not supported\n"
    )
    assert not (project / "generated").exists()


def test_refs_where_openapi_has_data_are_kept_as_written(project: Path) -> None:
    result = run_cli(
        "generate", "--spec", "v1=spec/data-refs.yaml", "--out", "out", cwd=project
    )
    assert result.returncode == 0, result.stderr
    assert _output_leaks(project / "out") == []
    assert not _leaks(result.stdout + result.stderr)


@pytest.mark.parametrize("hostile", ["enum-refs.yaml", "data-refs.yaml"])
def test_diff_prints_no_file_a_data_ref_names(project: Path, hostile: str) -> None:
    for old, new in (("benign.yaml", hostile), (hostile, "benign.yaml")):
        result = run_cli("diff", f"spec/{old}", f"spec/{new}", cwd=project)
        assert result.returncode == 0, result.stderr
        assert not _leaks(result.stdout + result.stderr)
        result = run_cli(
            "diff", f"spec/{old}", f"spec/{new}", "--format", "json", cwd=project
        )
        assert not _leaks(result.stdout + result.stderr)


REFUSED = {
    "absolute": (
        "/etc/passwd",
        "$ref '/etc/passwd' is refused: it is an absolute path; a $ref reads only "
        "files under the spec's folder",
    ),
    "device": (
        "/dev/zero",
        "$ref '/dev/zero' is refused: it is an absolute path; a $ref reads only "
        "files under the spec's folder",
    ),
    "dot-dot": (
        "../hosts.yml#/oauth_token",
        "$ref '../hosts.yml#/oauth_token' is refused: it leads out; a $ref reads only "
        "files under the spec's folder",
    ),
    "dot-dot-inside-a-folder": (
        "sub/../../hosts.yml#/oauth_token",
        "$ref 'sub/../../hosts.yml#/oauth_token' is refused: it leads out; a $ref "
        "reads only files under the spec's folder",
    ),
    "symlink-out": (
        "link.yaml#/oauth_token",
        "$ref 'link.yaml#/oauth_token' is refused: it leads out through a symbolic "
        "link; a $ref reads only files under the spec's folder",
    ),
    "symlink-to-a-device": (
        "zero.yaml",
        "$ref 'zero.yaml' is refused: it leads out through a symbolic link; a $ref "
        "reads only files under the spec's folder",
    ),
    "fifo": ("fifo.yaml", "$ref to fifo.yaml: cannot read it: not a regular file"),
    "file-url": (
        "file:///etc/passwd",
        "remote $ref 'file:///etc/passwd' is not supported",
    ),
}


@pytest.mark.parametrize("case", sorted(REFUSED))
def test_a_ref_out_of_the_spec_folder_is_refused_in_one_line(
    project: Path, case: str
) -> None:
    target, message = REFUSED[case]
    _schema_ref(project, target)
    (project / "spec" / "link.yaml").symlink_to(project / "hosts.yml")
    (project / "spec" / "zero.yaml").symlink_to("/dev/zero")
    os.mkfifo(project / "spec" / "fifo.yaml")
    result = run_cli("generate", "--spec", "v1=spec/spec.yaml", cwd=project)
    assert result.returncode == 2
    assert result.stderr == f"spec/spec.yaml:14: {_SCHEMA}: {message}\n"
    assert not (project / "generated").exists()


# The same refusals for a file part percent-encoded (RFC 3986: it is decoded, then
# judged as if written plainly).
ENCODED = {
    "absolute": ("%2Fetc%2Fpasswd", "it is an absolute path"),
    "device": ("%2Fdev/zero", "it is an absolute path"),
    "dot-dot": ("%2E%2E%2Fhosts.yml#/oauth_token", "it leads out"),
    "dot-dot-inside-a-folder": ("sub%2F..%2F%2e%2e/hosts.yml#/x", "it leads out"),
    "symlink-out": ("link%2Eyaml#/oauth_token", "it leads out through a symbolic link"),
}


@pytest.mark.parametrize("case", sorted(ENCODED))
def test_an_encoded_ref_out_of_the_spec_folder_is_refused_alike(
    project: Path, case: str
) -> None:
    target, problem = ENCODED[case]
    _schema_ref(project, target)
    (project / "spec" / "link.yaml").symlink_to(project / "hosts.yml")
    result = run_cli("generate", "--spec", "v1=spec/spec.yaml", cwd=project)
    assert result.returncode == 2
    assert result.stderr == (
        f"spec/spec.yaml:14: {_SCHEMA}: $ref {target!r} is refused: {problem}; a $ref "
        "reads only files under the spec's folder\n"
    )
    assert not (project / "generated").exists()


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("spec%00.yaml", "$ref 'spec%00.yaml' names no file: a NUL byte"),
        (
            "file%3A%2F%2F%2Fetc%2Fpasswd",
            "remote $ref 'file%3A%2F%2F%2Fetc%2Fpasswd' is not supported",
        ),
    ],
)
def test_an_encoded_nul_or_url_is_refused_alike(
    project: Path, target: str, message: str
) -> None:
    _schema_ref(project, target)
    result = run_cli("generate", "--spec", "v1=spec/spec.yaml", cwd=project)
    assert result.returncode == 2
    assert result.stderr == f"spec/spec.yaml:14: {_SCHEMA}: {message}\n"


def test_an_encoded_file_name_is_read_and_checked(project: Path) -> None:
    """``other%20file.yaml`` names ``other file.yaml``, for us and for
    openapi-spec-validator alike: a schema it refuses there is located there."""
    _schema_ref(project, "other%20file.yaml#/Thing")
    other = project / "spec" / "other file.yaml"
    other.write_text("Thing: {type: object, properties: {name: {type: string}}}\n")
    result = run_cli(
        "generate", "--spec", "v1=spec/spec.yaml", "--out", "out", cwd=project
    )
    assert result.returncode == 0, result.stderr
    models = (project / "out" / "pipedrive_client" / "v1" / "models.py").read_text()
    assert "class Thing(ResponseModel):" in models
    other.write_text("Thing: {type: object, properties: {name: {type: strin}}}\n")
    result = run_cli("generate", "--spec", "v1=spec/spec.yaml", cwd=project)
    assert result.returncode == 2
    assert result.stderr.startswith(
        "spec/other file.yaml:1: #/Thing/properties/name/type: 'strin' is not one of"
    )


def test_a_spec_that_is_a_device_is_refused(project: Path) -> None:
    result = run_cli("generate", "--spec", "v1=/dev/zero", cwd=project)
    assert result.returncode == 2
    assert result.stderr == "/dev/zero: cannot read the spec: not a regular file\n"


def test_a_ref_under_a_folder_named_by_allow_refs_is_read(project: Path) -> None:
    _schema_ref(project, "../hosts.yml#/schema")
    (project / "hosts.yml").write_text("schema: {type: object}\n")
    refused = run_cli("generate", "--spec", "v1=spec/spec.yaml", cwd=project)
    assert refused.returncode == 2
    allowed = run_cli(
        "generate", "--spec", "v1=spec/spec.yaml", "--allow-refs", ".", cwd=project
    )
    assert allowed.returncode == 0, allowed.stderr
    elsewhere = run_cli(
        "generate", "--spec", "v1=spec/spec.yaml", "--allow-refs", "spec", cwd=project
    )
    assert elsewhere.stderr == (
        f"spec/spec.yaml:14: {_SCHEMA}: $ref '../hosts.yml#/schema' is refused: it "
        "leads out; a $ref reads only files under the folder --allow-refs names\n"
    )


def test_every_kind_of_reference_is_followed(tmp_path: Path) -> None:
    """Path item, parameter, request body, response, header, example, link, callback
    and schema references through other files, and a '..' that stays in the folder."""
    result = run_cli(
        "generate",
        *("--spec", f"v1={SPECS / 'kinds' / 'spec.yaml'}", "--out", str(tmp_path)),
    )
    assert result.returncode == 0, result.stderr
    models = (tmp_path / "pipedrive_client" / "v1" / "models.py").read_text()
    client = (tmp_path / "pipedrive_client" / "v1" / "client.py").read_text()
    assert "class Thing(ResponseModel):" in models
    assert "class ThingRequest(RequestModel):" in models
    assert "def put_thing(" in client and "id: int" in client
