"""A spec's names may read as a name the client module already has: a schema named as
a class it imports (the runtime's ``Operation``, ``SyncClient``, ``AsyncClient``,
``Scheme``; the ``Iterator`` and ``AsyncIterator`` its pagers return), an operation
named as another's pager (``iterListIterators``) or whose constant reads as a model
or an import (``getplain`` beside ``GETPLAIN``, ``typeChecking``), a schema named as
the operations class (``V1Operations``), a credential named as a client option
(``Allowed-Api-Domains``). The spec's names are kept, ours give way (``_Iterator``,
``iter_list_iterators_``, ``TYPE_CHECKING_``, ``V1Operations_``...), and the package
passes ``mypy --strict`` and calls what it says."""

from __future__ import annotations

import importlib
from pathlib import Path

import httpx

from conftest import generated_package

SPEC = """openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com'}]
security: [{Key: []}]
components:
  securitySchemes:
    Key: {type: apiKey, in: header, name: X-Key}
    Domains: {type: apiKey, in: header, name: Allowed-Api-Domains}  # an option's name
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
# A list of ``Iterator`` items in cursor pages: its pager returns an
# ``Iterator[Iterator]``, the first the iterator, the second the model. An operation
# takes the pager's name, ``iter_list_iterators``: the pager is ``iter_list_iterators_``.
# Operations whose constants read as a model (``GETPLAIN``) or an import
# (``TYPE_CHECKING``): the constants take an underscore.
SPEC += """  /plain:
    get:
      operationId: getplain
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/GETPLAIN'}
  /type-checking:
    get:
      operationId: typeChecking
      responses: {'204': {description: ok}}
"""
# A schema named as the spec's operations class (``V1Operations``): the class gives way.
SPEC += """  /v1-operations:
    get:
      operationId: getV1Operations
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/V1Operations'}
"""
SPEC = SPEC.replace(
    "  schemas:\n",
    "  schemas:\n    GETPLAIN: {type: object, properties: {name: {type: string}}}\n"
    "    V1Operations: {type: object, properties: {name: {type: string}}}\n",
)
SPEC += """  /other:
    get:
      operationId: iterListIterators
      responses: {'204': {description: ok}}
  /iterators:
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
    if request.url.path in ("/other", "/type-checking"):
        return httpx.Response(204)
    if request.url.path != "/iterators":
        return httpx.Response(200, json={"name": request.url.path})
    cursor = request.url.params.get("cursor")
    body = {
        "data": [{"name": f"page {cursor}"}],
        "additional_data": {"next_cursor": None if cursor else "c1"},
    }
    return httpx.Response(200, json=body)


def test_models_named_as_runtime_classes_keep_their_names(tmp_path: Path) -> None:
    with generated_package(tmp_path, "names", {"v1": SPEC}) as names:
        models = importlib.import_module("names.v1.models")
        answer = httpx.MockTransport(pages)
        with names.NamesClient(key="k", transport=answer) as client:
            methods = ("get_operation", "get_sync_client", "get_async_client")
            methods += ("get_scheme", "get_iterator", "get_async_iterator")
            for name, method in zip(NAMES, methods, strict=True):
                result = getattr(client.v1, method)()
                assert type(result) is getattr(models, name)
                assert result.name == f"/{name.lower()}"
            items = list(client.v1.iter_list_iterators_())
            assert client.v1.iter_list_iterators() is None  # the operation
            assert type(client.v1.getplain()) is models.GETPLAIN
            assert client.v1.type_checking() is None
            assert type(client.v1.get_v_1_operations()) is models.V1Operations
        assert [type(item) for item in items] == [models.Iterator] * 2
        assert [item.name for item in items] == ["page None", "page c1"]
