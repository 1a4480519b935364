"""Schemas at the edges of what Python's types say: enums of integers beyond 64 bits
(mypy takes no ``Literal[-2**63]``: they are ``int`` beside the literals it takes) and
OpenAPI 3.1's ``false`` schema (no value is valid: an alternative that adds nothing, a
property never present). The package passes ``mypy --strict``, the values go out as
given, and the validators still hold a body's enum (a parameter's is its type's:
``Literal[0, 1] | int`` takes any integer)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

from conftest import answering, generated_package

SPEC = """openapi: 3.1.0
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
  /x:
    post:
      operationId: postX
      parameters:
        - name: since
          in: query
          schema: {type: integer, enum: [-9223372036854775808, 0, 1, 2, 3, 4, 5]}
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/T'}}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/Either'}}}
components:
  schemas:
    Big: {type: integer, enum: [9223372036854775808, 1]}
    Either:
      anyOf: [{$ref: '#/components/schemas/T'}, false]
    T:
      type: object
      properties:
        big: {type: integer, enum: [9223372036854775807, -9223372036854775808]}
        alias: {$ref: '#/components/schemas/Big'}
        mixed: {enum: [a, -9223372036854775809]}
        gone: false
"""
# A user's code: the large members are ints to a type checker.
USER = """from edges_pkg import EdgesPkgClient
from edges_pkg.api.models import Big, Either, T

big: Big = 9223372036854775808
with EdgesPkgClient() as client:
    got: T = client.api.post_x(since=-(2**63), big=-(2**63), alias=big, mixed="a")
    either: Either = got
"""


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("edges")
    with generated_package(
        root, "edges_pkg", {"api": SPEC}, scripts={"user.py": USER}
    ) as pkg:
        yield pkg


def call(package: ModuleType, answer: dict[str, Any], **kwargs: Any) -> Any:
    """``post_x(**kwargs)`` on a client that validates both bodies, the API answering
    ``answer``; returns what it returned and the request it sent."""
    transport, sent = answering(answer)
    checks = {"validate_requests": True, "validate_responses": True}
    with package.EdgesPkgClient(transport=transport, **checks) as client:
        return client.api.post_x(**kwargs), sent[0]


def test_integers_beyond_64_bits_go_out_and_come_back(package: ModuleType) -> None:
    answer = {"big": -(2**63), "alias": 2**63, "mixed": -(2**63) - 1}
    got, request = call(
        package, answer, since=-(2**63), big=-(2**63), alias=2**63, mixed=-(2**63) - 1
    )
    assert dict(request.url.params) == {"since": str(-(2**63))}
    assert json.loads(request.content) == answer
    assert (got.big, got.alias, got.mixed) == (-(2**63), 2**63, -(2**63) - 1)


def test_the_validators_still_hold_the_enum(package: ModuleType) -> None:
    with pytest.raises(package.RequestValidationError, match="alias"):
        call(package, {}, alias=2**64)
    with pytest.raises(package.ResponseValidationError, match="big"):
        call(package, {"big": 2**64})


def test_a_false_schema_adds_nothing(package: ModuleType) -> None:
    models = package.api.models
    assert models.Either is models.T  # anyOf [T, false] is T
    assert "gone" not in models.TRequest.model_fields
    assert "gone" not in models.T.model_fields
