"""A success response whose whole body may be null (3.0 ``nullable: true`` on an
object, a component or an array; 3.1 ``type: [array, "null"]``): the method returns
``X | None`` (``mypy --strict`` on a user's code that must check for None), a ``null``
body comes back as None with no warning, on a client that validates responses too
(the validators take it), and any other body as before."""

from __future__ import annotations

import json
import warnings
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import httpx
import pytest

from conftest import generated_package


def _operation(name: str, schema: str) -> str:
    return f"""  /{name}:
    get:
      operationId: {name}
      responses:
        '200':
          description: ok
          content: {{application/json: {{schema: {schema}}}}}
"""


SPEC30 = (
    """openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
"""
    + _operation(
        "thing", "{type: object, nullable: true, properties: {x: {type: string}}}"
    )
    + _operation("named", "{$ref: '#/components/schemas/Named'}")
    + _operation("words", "{type: array, nullable: true, items: {type: string}}")
    + """components:
  schemas:
    Named: {type: object, nullable: true, properties: {y: {type: integer}}}
"""
)
SPEC31 = (
    """openapi: 3.1.0
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
"""
    + _operation("values", "{type: [array, 'null'], items: {type: [string, integer]}}")
    + _operation("count", "{type: [integer, 'null']}")
)
# A user's code: each result must be checked for None before it is used.
USER = """from typing import assert_type

from nullable import NullableClient
from nullable.v30.models import Named, ThingResponse

with NullableClient() as client:
    thing = client.v30.thing()
    assert_type(thing, ThingResponse | None)
    if thing is not None:
        print(thing.x)
    assert_type(client.v30.named(), Named | None)
    assert_type(client.v30.words(), list[str] | None)
    assert_type(client.v31.values(), list[str | int] | None)
    assert_type(client.v31.count(), int | None)
"""


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("nullable")
    specs = {"v30": SPEC30, "v31": SPEC31}
    with generated_package(root, "nullable", specs, scripts={"user.py": USER}) as pkg:
        yield pkg


def call(
    package: ModuleType, spec: str, operation: str, answer: Any, validate: bool
) -> Any:
    """What ``operation`` of ``spec`` returns when the API answers the JSON ``answer``
    (``validate``: on a client that validates responses); any warning fails."""
    transport = httpx.MockTransport(
        lambda request: httpx.Response(
            200,
            content=json.dumps(answer).encode(),
            headers={"Content-Type": "application/json"},
        )
    )
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with package.NullableClient(
            transport=transport, validate_responses=validate
        ) as client:
            return getattr(getattr(client, spec), operation)()


OPERATIONS = [
    ("v30", "thing"),
    ("v30", "named"),
    ("v30", "words"),
    ("v31", "values"),
    ("v31", "count"),
]


@pytest.mark.parametrize("validate", [False, True])
@pytest.mark.parametrize(("spec", "operation"), OPERATIONS)
def test_a_null_body_is_none(
    package: ModuleType, spec: str, operation: str, validate: bool
) -> None:
    assert call(package, spec, operation, None, validate) is None


@pytest.mark.parametrize("validate", [False, True])
def test_any_other_body_is_parsed_as_before(
    package: ModuleType, validate: bool
) -> None:
    thing = call(package, "v30", "thing", {"x": "a"}, validate)
    assert (type(thing).__name__, thing.x) == ("ThingResponse", "a")
    named = call(package, "v30", "named", {"y": 1}, validate)
    assert (type(named).__name__, named.y) == ("Named", 1)
    assert call(package, "v30", "words", ["a"], validate) == ["a"]
    assert call(package, "v31", "values", ["a", 2], validate) == ["a", 2]
    assert call(package, "v31", "count", 3, validate) == 3
