"""A spec's property may be named as what a models module reads in a class body (the
runtime's ``tagged``), in pydantic's protected namespaces (``model_dump_x``), or with
characters Python reads as others (``ﬁle`` is ``file``, as NFKC normalizes it): the
package passes ``mypy --strict``, imports with warnings as errors, and each property
reaches its own attribute and goes back under its own key."""

from __future__ import annotations

import importlib
import json
import warnings
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx

from conftest import generated_package

HEAD = """openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
  /x:
    get:
      operationId: getX
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/T'}}}
    post:
      operationId: postX
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/T'}}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/T'}}}
components:
  schemas:
"""


@contextmanager
def generated(tmp_path: Path, schemas: str) -> Iterator[ModuleType]:
    """The package of ``HEAD`` with ``schemas`` (one of them ``T``), checked with
    ``mypy --strict`` and imported with warnings as errors: its ``api.models``."""
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with generated_package(tmp_path, "fields", {"api": HEAD + schemas}):
            yield importlib.import_module("fields.api.models")


def exchange(answer: dict[str, Any], **arguments: Any) -> tuple[Any, Any, Any]:
    """What ``get_x`` returns when the API answers ``answer``, what ``post_x`` sends
    when called with ``arguments``, and what it returns."""
    sent: list[Any] = []

    def respond(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            sent.append(json.loads(request.content))
        return httpx.Response(200, json=answer)

    client_class = getattr(importlib.import_module("fields"), "FieldsClient")
    with client_class(transport=httpx.MockTransport(respond)) as client:
        got = client.api.get_x()
        posted = client.api.post_x(**arguments)
    return got, sent[0], posted


def test_a_field_named_tagged_beside_a_discriminated_union(tmp_path: Path) -> None:
    schemas = """    T:
      type: object
      properties:
        tagged: {type: string}
        pet:
          oneOf: [{$ref: '#/components/schemas/Cat'}, {$ref: '#/components/schemas/Dog'}]
          discriminator: {propertyName: kind}
    Cat:
      type: object
      required: [kind]
      properties: {kind: {type: string}, meow: {type: boolean}}
    Dog:
      type: object
      required: [kind]
      properties: {kind: {type: string}, bark: {type: boolean}}
"""
    answer = {"tagged": "yes", "pet": {"kind": "Dog", "bark": True}}
    with generated(tmp_path, schemas) as models:
        body = models.TRequest(tagged_="no", pet=models.CatRequest(meow=True))
        got, sent, posted = exchange(answer, body=body)
        assert got.tagged_ == "yes"
        assert type(got.pet) is models.Dog and got.pet.bark is True
        assert sent == {"tagged": "no", "pet": {"kind": "Cat", "meow": True}}
        assert posted.model_dump(exclude_unset=True) == answer


def test_fields_in_pydantic_s_protected_namespaces(tmp_path: Path) -> None:
    schemas = """    T:
      type: object
      properties:
        model_validate_only: {type: boolean}
        model_dump_x: {type: string}
        model_dump: {type: string}
"""
    answer = {"model_validate_only": True, "model_dump_x": "x", "model_dump": "d"}
    with generated(tmp_path, schemas) as models:
        got, sent, posted = exchange(answer, model_dump_x="y", model_dump="e")
        assert got.model_validate_only is True
        assert (got.model_dump_x, got.model_dump_) == ("x", "d")
        assert got.model_dump(exclude_unset=True) == answer
        assert sent == {"model_dump_x": "y", "model_dump": "e"}
        request = models.TRequest(model_validate_only=False, model_dump_="f")
        assert request.model_dump(exclude_unset=True) == {
            "model_validate_only": False,
            "model_dump": "f",
        }


def test_names_python_reads_as_another_nfkc(tmp_path: Path) -> None:
    # ``ﬁle`` (U+FB01) beside ``file``, and alone; ``ｔａｇｇｅｄ`` (full width) is
    # ``tagged``, ``＿x`` would be private
    schemas = """    T:
      type: object
      properties:
        "\\uFB01le": {type: string}
        file: {type: string}
        "\\uFF54\\uFF41\\uFF47\\uFF47\\uFF45\\uFF44": {type: string}
        "\\uFF3Fx": {type: string}
        alone: {$ref: '#/components/schemas/Alone'}
    Alone:
      type: object
      properties:
        "\\uFB01le": {type: string}
"""
    tagged = "\uff54\uff41\uff47\uff47\uff45\uff44"
    answer = {
        "\ufb01le": "ligature",
        "file": "plain",
        tagged: "wide",
        "\uff3fx": "low line",
        "alone": {"\ufb01le": "alone"},
    }
    with generated(tmp_path, schemas) as models:
        body = models.TRequest(file_="l", file="p", alone=models.AloneRequest(file="a"))
        got, sent, posted = exchange(answer, body=body)
        assert (got.file_, got.file) == ("ligature", "plain")
        assert (got.tagged_, got.field_x, got.alone.file) == (
            "wide",
            "low line",
            "alone",
        )
        assert sent == {"\ufb01le": "l", "file": "p", "alone": {"\ufb01le": "a"}}
        assert posted.model_dump(exclude_unset=True) == answer
