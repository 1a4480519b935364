"""A discriminated union one of whose alternatives is a discriminated union itself
(``A`` is ``B`` or ``Dog`` by ``kind``; ``B`` is ``Cat`` or ``Cow`` by ``sub``): the
outer tag picks ``Dog`` or ``B``, then ``B``'s tag picks its model. The package passes
``mypy --strict`` (``Dog`` holds ``A``, so the union in it names ``Dog`` before it is
defined, quoted); each answer parses as the model its tags name (found by fuzzing:
the outer ``kind`` was dropped, and ``{"kind": "Dog"}`` parsed as a ``Cat``); each
request model of ``B`` sends ``kind`` as ``A`` names ``B``."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from types import ModuleType
from typing import Any

import pytest

from conftest import answering, generated_package

SPEC = """openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
  /a:
    post:
      operationId: postA
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}
components:
  schemas:
    A:
      oneOf: [{$ref: '#/components/schemas/B'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: kind}
    B:
      oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Cow'}]
      discriminator: {propertyName: sub}
    Cat: {type: object, required: [kind, sub], properties: {kind: {type: string}, sub: {type: string}}}
    Cow:
      type: object
      required: [kind, sub]
      properties: {kind: {type: string}, sub: {type: string}, moos: {type: integer}}
    Dog:
      type: object
      required: [kind]
      properties:
        kind: {type: string}
        pups: {type: array, items: {$ref: '#/components/schemas/A'}}
"""
# A user's code, for mypy --strict: a request model of B is a body of A.
USER = """from nested import NestedClient
from nested.api.models import Cow, CowRequest

with NestedClient() as client:
    answer = client.api.post_a(body=CowRequest())
    if isinstance(answer, Cow):
        print(answer.sub)
"""
CHECKS = {"validate_requests": True, "validate_responses": True}


@pytest.fixture(scope="module")
def package(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("nested")
    with generated_package(
        root, "nested", {"api": SPEC}, scripts={"user.py": USER}
    ) as pkg:
        yield pkg


@pytest.mark.parametrize(
    ("answer", "model"),
    [
        ({"kind": "Dog"}, "Dog"),
        ({"kind": "B", "sub": "Cat"}, "Cat"),
        ({"kind": "B", "sub": "Cow"}, "Cow"),
        (
            {"kind": "Dog", "pups": [{"kind": "Dog"}, {"kind": "B", "sub": "Cat"}]},
            "Dog",
        ),
    ],
)
def test_an_answer_parses_as_the_model_both_tags_name(
    package: ModuleType, answer: dict[str, Any], model: str
) -> None:
    models = package_models()
    transport, _ = answering(answer)
    with package.NestedClient(transport=transport, **CHECKS) as client:
        parsed = client.api.post_a(body=models.DogRequest())
    assert type(parsed) is getattr(models, model)
    assert parsed.model_dump(exclude_none=True) == answer
    pups = [type(pup).__name__ for pup in getattr(parsed, "pups", None) or ()]
    assert pups == [pup.get("sub", pup["kind"]) for pup in answer.get("pups", ())]


def test_an_answer_that_does_not_fit_is_still_the_model_both_tags_name(
    package: ModuleType,
) -> None:
    # found by fuzzing: the lenient parse read the outer tag only, and returned a Cat
    # "that does not fit as a whole"
    answer = {"kind": "B", "sub": "Cow", "moos": "many"}
    transport, _ = answering({"many": [answer], **answer})
    with package.NestedClient(transport=transport) as client:
        with pytest.warns(package.ResponseMismatchWarning):
            parsed = client.api.post_a(body=package_models().DogRequest())
    assert type(parsed) is package_models().Cow
    assert [
        (mismatch.pointer, mismatch.problem)
        for mismatch in package.raw_response(parsed).mismatches
    ] == [("/moos", "int_parsing")]


def test_a_tag_the_spec_does_not_map_stays_readable(package: ModuleType) -> None:
    transport, _ = answering({"kind": "Cat", "sub": "Cat"})
    with package.NestedClient(transport=transport) as client:
        parsed = client.api.post_a(body=package_models().DogRequest())
    assert parsed == {"kind": "Cat", "sub": "Cat"}


@pytest.mark.parametrize(
    ("model", "sent"),
    [
        ("DogRequest", {"kind": "Dog"}),
        ("CatRequest", {"kind": "B", "sub": "Cat"}),
        ("CowRequest", {"kind": "B", "sub": "Cow"}),
    ],
)
def test_a_request_model_sends_both_tags(
    package: ModuleType, model: str, sent: dict[str, Any]
) -> None:
    transport, requests = answering({"kind": "Dog"})
    with package.NestedClient(transport=transport, **CHECKS) as client:
        client.api.post_a(body=getattr(package_models(), model)())
    assert json.loads(requests[0].content) == sent


def package_models() -> ModuleType:
    return importlib.import_module("nested.api.models")
