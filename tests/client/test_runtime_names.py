"""A spec's schema may be named as a class the client module imports (the runtime's
``Operation``, ``SyncClient``, ``AsyncClient``, ``Scheme``; the ``Iterator`` and
``AsyncIterator`` its page walkers return): the model keeps its name, the module calls
the class by another, and the package passes ``mypy --strict``."""

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
NAMES = (
    "Operation",
    "SyncClient",
    "AsyncClient",
    "Scheme",
    "Iterator",
    "AsyncIterator",
)
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
# A list of ``Iterator`` items in cursor pages: ``iter_list_iterators`` returns an
# ``Iterator[Iterator]``, the first the iterator, the second the model.
SPEC += """  /iterators:
    get:
      operationId: listIterators
      parameters: [{name: cursor, in: query, schema: {type: string}}]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: array, items: {$ref: '#/components/schemas/Iterator'}}
                  additional_data:
                    type: object
                    properties: {next_cursor: {type: string, nullable: true}}
"""


def pages(request: httpx.Request) -> httpx.Response:
    """Two pages of ``Iterator`` items at /iterators; else the path, named."""
    if request.url.path != "/iterators":
        return httpx.Response(200, json={"name": request.url.path})
    cursor = request.url.params.get("cursor")
    body = {
        "data": [{"name": f"page {cursor}"}],
        "additional_data": {"next_cursor": None if cursor else "c1"},
    }
    return httpx.Response(200, json=body)


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
        answer = httpx.MockTransport(pages)
        with names.NamesClient(key="k", transport=answer) as client:
            methods = ("get_operation", "get_sync_client", "get_async_client")
            methods += ("get_scheme", "get_iterator", "get_async_iterator")
            for name, method in zip(NAMES, methods, strict=True):
                result = getattr(client.v1, method)()
                assert type(result) is getattr(models, name)
                assert result.name == f"/{name.lower()}"
            items = list(client.v1.iter_list_iterators())
        assert [type(item) for item in items] == [models.Iterator] * 2
        assert [item.name for item in items] == ["page None", "page c1"]
    finally:
        sys.path.remove(str(tmp_path / "out"))
        for module in [m for m in sys.modules if m.split(".")[0] == "names"]:
            del sys.modules[module]
