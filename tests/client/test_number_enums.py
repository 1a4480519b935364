"""An enum with floats among its values (``type: number, enum: [0.5, 1.5]``, or of
mixed types): a float is no member of a ``Literal``, so the models and the client's
signatures type its floats ``float`` (``Literal[2] | float``) and the package passes
``mypy --strict``; the values still go out and come back as given, and the
validators still refuse a value the enum does not list."""

from __future__ import annotations

import json
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import httpx
import pytest

from conftest import answering, generated_package

SPEC = """openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
  /x:
    post:
      operationId: postX
      parameters:
        - {name: rate, in: query, schema: {$ref: '#/components/schemas/Rate'}}
        - {name: mixed, in: query, schema: {enum: [a, 1, true, null, 1.5]}}
        - {name: many, in: query, schema: {type: number, enum: [0.5, 1, 2, 3.5, 4, 5]}}
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/T'}}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/T'}}}
components:
  schemas:
    Rate: {type: number, enum: [0.5, 1.5]}
    Mixed: {enum: [a, 1, true, null, 1.5]}
    T:
      type: object
      required: [step]
      properties:
        rate: {$ref: '#/components/schemas/Rate'}
        step: {type: number, enum: [0.5, 2]}
        mixed: {$ref: '#/components/schemas/Mixed'}
        rates: {type: array, items: {type: number, enum: [0.5, 1.5]}}
"""
# A user's code: the enums' values are what the signatures take.
USER = """from numbers_pkg import NumbersPkgClient
from numbers_pkg.api.models import Mixed, Rate, TRequest

rate: Rate = 0.5
mixed: Mixed = "a"
with NumbersPkgClient() as client:
    client.api.post_x(rate=rate, mixed=1.5, many=3.5, step=0.5, rates=[1.5])
    client.api.post_x(mixed=mixed, many=4, body=TRequest(step=2, mixed=True))
"""


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("numbers")
    specs = {"api": SPEC}
    with generated_package(
        root, "numbers_pkg", specs, scripts={"user.py": USER}
    ) as pkg:
        yield pkg


def call(
    package: ModuleType, answer: dict[str, Any], validate: bool = False, **kwargs: Any
) -> tuple[Any, httpx.Request]:
    """What ``post_x(**kwargs)`` returns when the API answers ``answer``, and the
    request it sent; ``validate``: on a client that validates both bodies."""
    transport, sent = answering(answer)
    checks = {"validate_requests": validate, "validate_responses": validate}
    with package.NumbersPkgClient(transport=transport, **checks) as client:
        return client.api.post_x(**kwargs), sent[0]


def test_values_go_out_and_come_back_as_given(package: ModuleType) -> None:
    answer = {"rate": 1.5, "step": 2, "mixed": 1.5, "rates": [0.5]}
    got, request = call(
        package,
        answer,
        validate=True,
        **{"rate": 0.5, "mixed": "a", "many": 3.5, "step": 0.5, "rates": [1.5]},
    )
    assert dict(request.url.params) == {"rate": "0.5", "mixed": "a", "many": "3.5"}
    assert json.loads(request.content) == {"step": 0.5, "rates": [1.5]}
    assert (got.rate, got.step, got.mixed, got.rates) == (1.5, 2, 1.5, [0.5])


def test_the_validators_refuse_a_value_the_enum_does_not_list(
    package: ModuleType,
) -> None:
    with pytest.raises(package.RequestValidationError, match="one of 0.5, 2"):
        call(package, {"step": 2}, validate=True, step=0.75)
    with pytest.raises(package.ResponseValidationError, match="one of 0.5, 1.5"):
        call(package, {"step": 2, "rate": 0.75}, validate=True, step=2)
