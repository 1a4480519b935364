"""A request model a discriminated union picks carries the union's tag as a
``Literal`` field, its default the value that picks it, so ``CowRequest()`` is a body
the union takes (found by fuzzing). A model in two unions whose tags for it differ got
the first union's default, which the other refuses. Each body a request model sends
as it is built is one the validators take."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest
from pydantic import ValidationError

from conftest import answering, generated_package

HEAD = """openapi: OPENAPI
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
"""
OPERATION = """  /NAME:
    post:
      operationId: ID
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/UNION'}}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/UNION'}}}
"""


def spec(unions: list[str], components: str, openapi: str = "3.0.3") -> str:
    """A spec with an operation ``postX`` taking and answering each union ``X``."""
    paths = "".join(
        OPERATION.replace("NAME", union.lower())
        .replace("ID", f"post{union}")
        .replace("UNION", union)
        for union in unions
    )
    return (
        HEAD.replace("OPENAPI", openapi)
        + paths
        + "components:\n  schemas:\n"
        + (components)
    )


def sent(package: ModuleType, operation: str, body: Any) -> dict[str, Any]:
    """What ``operation`` sends for ``body`` (the client checks it first), which the
    generated validators also take."""
    transport, requests = answering({})
    client_class = getattr(package, package.__name__.capitalize() + "Client")
    with client_class(transport=transport, validate_requests=True) as client:
        getattr(client.api, operation)(body=body)
    body = json.loads(requests[0].content)
    validators = importlib.import_module(f"{package.__name__}.api.validators")
    operation_id = "post" + operation.removeprefix("post_").upper()
    assert validators.validate_request(operation_id, body) == []
    return body


# -- 1. A model in two unions -------------------------------------------------------

# Cow is in A (mapped: cow) and in D (by its name).
SHARED = spec(
    ["A", "D", "E", "F"],
    """    A:
      oneOf: [{$ref: '#/components/schemas/Cow'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: kind, mapping: {cow: '#/components/schemas/Cow', dog: '#/components/schemas/Dog'}}
    D:
      oneOf: [{$ref: '#/components/schemas/Cow'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: kind}
    E:
      oneOf: [{$ref: '#/components/schemas/B'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: kind}
    B:
      oneOf: [{$ref: '#/components/schemas/Sheep'}, {$ref: '#/components/schemas/Cat'}]
      discriminator: {propertyName: sub}
    F:
      oneOf: [{$ref: '#/components/schemas/Sheep'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: kind}
    Dog: {type: object, required: [kind], properties: {kind: {type: string}}}
    Cow: {type: object, required: [kind], properties: {kind: {type: string}}}
    Cat: {type: object, required: [kind, sub], properties: {kind: {type: string}, sub: {type: string}}}
    Sheep: {type: object, properties: {kind: {type: string}, sub: {type: string}}}
""",
)
# Sheep is in B (inside E, by kind: B) and in F (by kind: Sheep): the caller picks,
# and mypy shows the choices.
SHARED_USER = """from shared import SharedClient
from shared.api.models import CowRequest, SheepRequest

with SharedClient() as client:
    client.api.post_a(body=CowRequest())
    client.api.post_e(body=SheepRequest(kind="B"))
    client.api.post_f(body=SheepRequest(kind="Sheep"))
"""


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("shared")
    with generated_package(
        root, "shared", {"api": SHARED}, scripts={"user.py": SHARED_USER}
    ) as package:
        yield package


@pytest.mark.parametrize("operation", ["post_a", "post_d"])
def test_a_default_tag_is_one_every_union_of_the_model_takes(
    shared: ModuleType, operation: str
) -> None:
    # A takes cow and Cow, D only Cow: the default was cow, which D refused
    models = importlib.import_module("shared.api.models")
    assert sent(shared, operation, models.CowRequest()) == {"kind": "Cow"}


def test_a_model_whose_unions_take_no_common_tag_has_no_default(
    shared: ModuleType,
) -> None:
    # it was kind="B", which F refuses; now the caller picks one
    models = importlib.import_module("shared.api.models")
    with pytest.raises(ValidationError, match="kind"):
        models.SheepRequest()
    assert sent(shared, "post_e", models.SheepRequest(kind="B")) == {
        "kind": "B",
        "sub": "Sheep",
    }
    assert sent(shared, "post_f", models.SheepRequest(kind="Sheep")) == {
        "kind": "Sheep",
        "sub": "Sheep",
    }
