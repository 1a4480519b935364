"""A spec's schema may be named as a runtime class the client module uses
(``Operation``, ``SyncClient``, ``AsyncClient``, ``Scheme``): the model keeps its name,
the module calls the class by another, and the package passes ``mypy --strict``."""

from __future__ import annotations

import importlib
import subprocess
import sys
from pathlib import Path

import httpx

from conftest import mypy_strict, run_cli

SPEC = """openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com'}]
security: [{Key: []}]
components:
  securitySchemes:
    Key: {type: apiKey, in: header, name: X-Key}
  schemas:
"""
NAMES = ("Operation", "SyncClient", "AsyncClient", "Scheme")
SPEC += "".join(
    f"    {name}: {{type: object, properties: {{name: {{type: string}}}}}}\n"
    for name in NAMES
)
SPEC += "paths:\n" + "".join(
    f"  /{name.lower()}:\n    get:\n      operationId: get{name}\n      responses:\n"
    f"        '200':\n          description: ok\n          content:\n"
    f"            application/json:\n              schema: "
    f"{{$ref: '#/components/schemas/{name}'}}\n"
    for name in NAMES
)


def test_models_named_as_runtime_classes_keep_their_names(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(SPEC)
    run = run_cli(
        *("generate", "--spec", "v1=spec.yaml", "--out", "out", "--package", "names"),
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stderr
    checked = subprocess.run(
        mypy_strict("names"),
        cwd=tmp_path / "out",
        capture_output=True,
        text=True,
        check=False,
    )
    assert checked.returncode == 0, checked.stdout
    sys.path.insert(0, str(tmp_path / "out"))
    try:
        names = importlib.import_module("names")
        models = importlib.import_module("names.v1.models")
        answer = httpx.MockTransport(
            lambda request: httpx.Response(200, json={"name": request.url.path})
        )
        with names.NamesClient(key="k", transport=answer) as client:
            methods = ("get_operation", "get_sync_client", "get_async_client")
            for name, method in zip(NAMES, (*methods, "get_scheme"), strict=True):
                result = getattr(client.v1, method)()
                assert type(result) is getattr(models, name)
                assert result.name == f"/{name.lower()}"
    finally:
        sys.path.remove(str(tmp_path / "out"))
        for module in [m for m in sys.modules if m.split(".")[0] == "names"]:
            del sys.modules[module]
