"""A spec or package name that would break the generated package is refused (issue 17,
finding 6): a spec named after one of the client's attributes (``client.call`` would be
the spec's operations, not the method) and a package named after a module it imports
(``--package httpx`` would import itself in httpx's place). One line, exit 2, nothing
written."""

from __future__ import annotations

import ast
import sys
from pathlib import Path

import pytest

from conftest import GENERATED, run_cli
from pipedrive_client import AsyncPipedriveClient, PipedriveClient
from pipedrive_codegen.target import client_attributes

SPEC = "specs/activities-v1.yaml"


def _public_attributes() -> list[str]:
    """What the generated clients have besides their specs' attributes: methods,
    properties, class attributes and what a client sets on itself."""
    names = set()
    for client in (PipedriveClient(api_token="t"), AsyncPipedriveClient(api_token="t")):
        names |= {name for name in dir(client) if not name.startswith("_")}
    return sorted(names - {"v1", "v2"})


def test_the_generators_list_of_client_attributes_is_the_clients() -> None:
    # The generator lists them rather than reading the runtime's source on each run:
    # an attribute added to (or gone from) the runtime must be added to (or go from)
    # the list.
    import pipedrive_client

    exported = set(pipedrive_client.__all__)
    assert client_attributes() == set(_public_attributes()) | exported


def _imported_modules() -> list[str]:
    """Every top-level module the generated package imports."""
    found = set()
    for path in (GENERATED / "pipedrive_client").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and not node.level and node.module:
                found.add(node.module.split(".")[0])
    return sorted(found - {"__future__"})


def test_spec_names_that_are_client_attributes_are_refused(tmp_path: Path) -> None:
    attributes = _public_attributes()
    assert {"call", "close", "base_url", "paginate", "aclose"} <= set(attributes)
    specs = [part for name in attributes for part in ("--spec", f"{name}={SPEC}")]
    result = run_cli("generate", *specs, "--out", str(tmp_path / "out"))
    assert result.returncode == 2
    line = result.stderr.splitlines()[-1]
    assert line.startswith("pipedrive-codegen generate: error: spec names 'aclose'")
    for name in attributes:
        assert repr(name) in line, name
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


def test_one_clashing_spec_name_is_named(tmp_path: Path) -> None:
    result = run_cli(
        "generate",
        *("--spec", f"call={SPEC}", "--spec", f"v1={SPEC}"),
        *("--out", str(tmp_path / "out")),
    )
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        "pipedrive-codegen generate: error: spec name 'call' would hide the client's "
        "attribute of that name (client.NAME is how a spec's operations are reached): "
        "choose another"
    )


@pytest.mark.parametrize(
    "package",
    sorted(set(_imported_modules()) | {"json", "os", "typing", "pydantic_core"}),
)
def test_package_names_that_shadow_an_import_are_refused(
    package: str, tmp_path: Path
) -> None:
    assert package in sys.stdlib_module_names or package in {
        "httpx",
        "pydantic",
        "pydantic_core",
        "typing_extensions",  # deprecated operations' marker; pydantic depends on it
    }, package
    result = run_cli(
        "generate",
        *("--spec", f"v1={SPEC}", "--out", str(tmp_path / "out")),
        *("--package", package),
    )
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1].startswith(
        f"pipedrive-codegen generate: error: package name {package!r} is a "
    )
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("client", "problem"),
    [
        ("InvalidBody", "is a name the package already exports"),
        ("RateLimit", "is a name the package already exports"),
        ("SyncOptions", "is a name the package's modules already use"),
        ("Client", "is a name the package's modules already use"),  # AsyncClient
        ("Literal", "is a name the package's modules already use"),
        ("Unpack", "is a name the package's modules already use"),
        ("Any", "is a name the package's modules already use"),  # the root's
        ("", "is not a Python identifier"),  # not the default in its place
    ],
)
def test_client_names_the_package_already_uses_are_refused(
    client: str, problem: str, tmp_path: Path
) -> None:
    result = run_cli(
        "generate",
        *("--spec", f"v1={SPEC}", "--out", str(tmp_path / "out")),
        *("--client", client),
    )
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == (
        f"pipedrive-codegen generate: error: client name {client!r} {problem}"
    )
    assert not (tmp_path / "out").exists()
