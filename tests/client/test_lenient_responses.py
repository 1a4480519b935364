"""A 2xx body that does not fit its model reaches the caller all the same (issue 17).

The server did what was asked; raising would lose the result and a retry would do it
twice. Without ``validate_responses`` the client returns what fits typed and the rest as
it came, warns with ``ResponseMismatchWarning`` and lists the mismatches on
``raw_response(result)``; with it, the same body is a ``ResponseValidationError``.
"""

from __future__ import annotations

import asyncio
import importlib
import json
import sys
import warnings
from collections.abc import Iterator
from datetime import date
from types import ModuleType
from typing import Any

import httpx
import pytest

from conftest import UPSTREAM, run_cli
from pipedrive_client import (
    AsyncPipedriveClient,
    PipedriveClient,
    ResponseMismatch,
    ResponseMismatchWarning,
    ResponseValidationError,
    raw_response,
)
from pipedrive_client.v1 import models as v1
from pipedrive_client.v2 import models as v2

TOKEN = "tok-lenient-0123456789"


def example(name: str) -> dict[str, Any]:
    body = json.loads((UPSTREAM / "examples" / "v1" / f"{name}.json").read_text())
    assert isinstance(body, dict)
    return body


def with_placeholders(body: dict[str, Any]) -> dict[str, Any]:
    """``body`` with its related users keyed as the spec writes them, ``USER_ID``, and
    an extra key of any value (as Prism's mock sends them)."""
    user = next(iter(body["related_objects"]["user"].values()))
    body["related_objects"]["user"] = {"USER_ID": user, "amet_5": True}
    return body


def transport_of(status: int, content: bytes) -> httpx.MockTransport:
    return httpx.MockTransport(lambda request: httpx.Response(status, content=content))


def call_sync(content: bytes, status: int = 200, **options: Any) -> Any:
    with PipedriveClient(
        api_token=TOKEN, transport=transport_of(status, content), **options
    ) as client:
        return client.v1.get_activity(id=8)


def call_async(content: bytes, status: int = 200, **options: Any) -> Any:
    async def run() -> Any:
        async with AsyncPipedriveClient(
            api_token=TOKEN, transport=transport_of(status, content), **options
        ) as client:
            return await client.v1.get_activity(id=8)

    return asyncio.run(run())


CALLS = {"sync": call_sync, "async": call_async}


def mismatch_warnings(caught: list[warnings.WarningMessage]) -> list[str]:
    return [
        str(item.message)
        for item in caught
        if issubclass(item.category, ResponseMismatchWarning)
    ]


@pytest.mark.parametrize("mode", CALLS)
def test_a_placeholder_key_does_not_lose_the_activity(mode: str) -> None:
    body = with_placeholders(example("getActivity.200"))
    with pytest.warns(ResponseMismatchWarning) as caught:
        result = CALLS[mode](json.dumps(body).encode())
    assert isinstance(result, v1.GetActivityResponse)
    assert isinstance(result.data, v1.Activity)
    assert result.data.id == body["data"]["id"]
    assert isinstance(result.data.due_date, date)  # what fits is typed
    users = result.related_objects.user  # type: ignore[union-attr]
    assert users is not None
    assert isinstance(users["USER_ID"], v1.UserDataWithId)  # type: ignore[index]
    assert users["USER_ID"].name == body["related_objects"]["user"]["USER_ID"]["name"]  # type: ignore[index]
    assert users["amet_5"] is True  # type: ignore[index]
    mismatches = raw_response(result).mismatches
    assert ResponseMismatch("/related_objects/user/USER_ID", "key: int_parsing") in (
        mismatches
    )
    assert ResponseMismatch("/related_objects/user/amet_5", "model_type") in mismatches
    (message,) = mismatch_warnings(caught.list)
    assert message.startswith("getActivity: GET /v1/activities/8 -> 200: ")
    assert "GetActivityResponse" in message
    assert "/related_objects/user/USER_ID: key: int_parsing" in message
    assert caught.list[0].filename == __file__  # points at the caller's line


@pytest.mark.parametrize("mode", CALLS)
def test_a_field_of_the_wrong_type_keeps_its_raw_value(mode: str) -> None:
    body = example("getActivity.200")
    body["data"]["id"] = "eight"
    body["data"]["done"] = {"not": "a boolean"}
    with pytest.warns(ResponseMismatchWarning):
        result = CALLS[mode](json.dumps(body).encode())
    assert result.data.id == "eight"
    assert result.data.done == {"not": "a boolean"}
    assert result.data.subject == body["data"]["subject"]
    assert isinstance(result.data.due_date, date)
    assert raw_response(result).mismatches == (
        ResponseMismatch("/data/id", "int_parsing"),
        ResponseMismatch("/data/done", "bool_type"),
    )


def test_a_body_that_is_not_json_still_returns_the_model() -> None:
    with pytest.warns(ResponseMismatchWarning, match="json_invalid"):
        result = call_sync(b"<html>created</html>")
    assert isinstance(result, v1.GetActivityResponse)
    assert result.data is None
    assert raw_response(result).content == b"<html>created</html>"
    assert raw_response(result).mismatches == (ResponseMismatch("", "json_invalid"),)


@pytest.mark.parametrize("content", [b"null", b"[1, 2]", b'"created"', b"7"])
@pytest.mark.parametrize("call", CALLS)
def test_a_json_body_that_is_no_object_still_returns_the_model(
    content: bytes, call: str
) -> None:
    with pytest.warns(ResponseMismatchWarning):
        result = CALLS[call](content)
    assert isinstance(result, v1.GetActivityResponse)
    assert raw_response(result).content == content
    assert raw_response(result).mismatches


def test_a_list_field_keeps_the_items_that_fit_typed() -> None:
    body = {"success": True, "data": [{"id": 1}, {"id": "two"}, "three"]}
    with PipedriveClient(
        api_token=TOKEN, transport=transport_of(200, json.dumps(body).encode())
    ) as client:
        with pytest.warns(ResponseMismatchWarning):
            result = client.v2.get_activities()
    assert isinstance(result.data[0], v2.ActivityItem) and result.data[0].id == 1
    assert isinstance(result.data[1], v2.ActivityItem) and result.data[1].id == "two"
    assert result.data[2] == "three"
    assert [str(item) for item in raw_response(result).mismatches] == [
        "/data/1/id: int_parsing",
        "/data/2: model_type",
    ]


def test_a_body_that_fits_gives_no_warning_and_no_mismatches() -> None:
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        warnings.simplefilter("ignore", DeprecationWarning)  # v1's operations are
        result = call_sync(json.dumps(example("getActivity.200")).encode())
    assert raw_response(result).mismatches == ()


@pytest.mark.parametrize("mode", CALLS)
def test_validating_responses_still_refuses_a_body_that_does_not_fit(
    mode: str,
) -> None:
    body = with_placeholders(example("getActivity.200"))
    del body["related_objects"]["user"]["amet_5"]  # the validators refuse it first
    body["related_objects"]["user"]["USER_ID"]["has_pic"] = 0  # the spec's drift fixed
    with pytest.raises(ResponseValidationError, match="GetActivityResponse"):
        CALLS[mode](json.dumps(body).encode(), validate_responses=True)


def test_the_warning_masks_what_the_server_echoes_of_the_token() -> None:
    body = example("getActivity.200")
    body["data"] = {TOKEN: 1, "id": TOKEN}
    body["related_objects"]["user"] = {TOKEN: {"id": 1}}
    with pytest.warns(ResponseMismatchWarning) as caught:
        call_sync(json.dumps(body).encode())
    (message,) = mismatch_warnings(caught.list)
    assert "/related_objects/user/" in message
    assert TOKEN not in message


NODES_SPEC = """openapi: 3.0.3
info: {title: Nodes, version: '1'}
servers: [{url: 'https://api.pipedrive.com/v1'}]
paths:
  /nodes:
    get:
      operationId: getNodes
      responses:
        '200':
          description: nodes
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Node'}}
  /nodes/{id}:
    get:
      operationId: getNode
      parameters: [{in: path, name: id, required: true, schema: {type: integer}}]
      responses:
        '200':
          description: a node
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Node'}
components:
  schemas:
    Node:
      type: object
      properties:
        name: {type: string}
        child: {$ref: '#/components/schemas/Node'}
"""


@pytest.fixture(scope="module")
def nodes(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    """A package of a small spec with a model that holds itself and a list body."""
    folder = tmp_path_factory.mktemp("nodes")
    spec = folder / "nodes.yaml"
    spec.write_text(NODES_SPEC)
    out = folder / "out"
    run = run_cli(
        "generate", "--spec", f"v1={spec}", "--out", str(out), "--package", "nodes"
    )
    assert run.returncode == 0, run.stderr
    sys.path.insert(0, str(out))
    yield importlib.import_module("nodes")
    sys.path.remove(str(out))


def test_a_body_nested_deeper_than_python_recurses_is_still_returned(
    nodes: ModuleType,
) -> None:
    deep = '{"name": 5}'
    for _ in range(600):  # json.loads reads it; a walk of Python calls would not
        deep = '{"child": ' + deep + "}"
    transport = transport_of(200, deep.encode())
    with nodes.NodesClient(api_token=TOKEN, transport=transport) as client:
        with pytest.warns(nodes.ResponseMismatchWarning, match="nested too deep"):
            result = client.v1.get_node(id=1)
    assert type(result).__name__ == "Node"
    assert nodes.raw_response(result).content == deep.encode()


def test_a_body_that_is_a_list_keeps_the_items_that_fit_typed(
    nodes: ModuleType,
) -> None:
    body = [{"name": "a"}, {"name": 5, "child": {"name": "c"}}, "x"]
    transport = transport_of(200, json.dumps(body).encode())
    with nodes.NodesClient(api_token=TOKEN, transport=transport) as client:
        with pytest.warns(nodes.ResponseMismatchWarning) as caught:
            result = client.v1.get_nodes()
    first, second, third = result
    assert type(first).__name__ == "Node" and first.name == "a"
    assert second.name == 5 and second.child.name == "c"
    assert third == "x"
    (message,) = [str(item.message) for item in caught.list]
    assert "/1/name: string_type, /2: model_type" in message
