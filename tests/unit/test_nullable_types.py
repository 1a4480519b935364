"""Nullability inside types (array items, map values, extra properties) and OpenAPI 3.0's
nullable reference (``allOf: [{$ref}], nullable: true``), on the IR of small specs."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from conftest import build_api, openapi_document
from pipedrive_codegen.ir.model import ArrayOf, MapOf, Model, ModelRef, Primitive

DEAL = {"$ref": "#/components/schemas/Deal"}
STRING = {"type": "string"}


def models(tmp_path: Path, **properties: Any) -> dict[str, Model]:
    answer = {"type": "object", "title": "Answer", "properties": properties}
    content = {"application/json": {"schema": answer}}
    paths = {
        "/x": {
            "get": {
                "operationId": "getX",
                "responses": {"200": {"description": "ok", "content": content}},
            }
        }
    }
    deal = {"type": "object", "properties": {"id": {"type": "integer"}}}
    api = build_api(openapi_document(paths, {"Deal": deal}), tmp_path)
    return {model.name: model for model in api.models}


@pytest.mark.parametrize(
    "item",
    [
        {**STRING, "nullable": True},  # OpenAPI 3.0
        {"type": ["string", "null"]},  # 3.1
        {"oneOf": [STRING, {"type": "null"}]},  # 3.1, spelled as a union
    ],
)
def test_null_items_and_values_however_the_spec_says_it(
    item: dict[str, Any], tmp_path: Path
) -> None:
    found = models(
        tmp_path,
        items={"type": "array", "items": item},
        values={"type": "object", "additionalProperties": item},
    )
    fields = {field.name: field.type for field in found["Answer"].fields}
    assert fields["items"] == ArrayOf(Primitive("string"), nullable_items=True)
    assert fields["values"] == MapOf(
        "string", Primitive("string"), nullable_values=True
    )


def test_items_of_no_type_are_not_marked_nullable_again(tmp_path: Path) -> None:
    found = models(tmp_path, items={"type": "array", "items": {"nullable": True}})
    [field] = found["Answer"].fields
    assert field.type == ArrayOf(Primitive("any"))


def test_extra_properties_of_a_model_may_be_null(tmp_path: Path) -> None:
    owner = {
        "type": "object",
        "properties": {"id": {"type": "integer"}},
        "additionalProperties": {**STRING, "nullable": True},
    }
    found = models(tmp_path, owner=owner)
    assert found["AnswerOwner"].extra == Primitive("string")
    assert found["AnswerOwner"].nullable_extra


def test_a_nullable_reference_is_the_referenced_model(tmp_path: Path) -> None:
    wrapped = {"allOf": [DEAL], "nullable": True, "description": "maybe a deal"}
    found = models(tmp_path, deal=wrapped, deals={"type": "array", "items": wrapped})
    assert sorted(found) == ["Answer", "Deal"]  # no copy named after its place
    fields = {field.name: field for field in found["Answer"].fields}
    assert fields["deal"].type == ModelRef("Deal") and fields["deal"].nullable
    assert fields["deal"].description == "maybe a deal"
    assert fields["deals"].type == ArrayOf(ModelRef("Deal"), nullable_items=True)


def test_an_all_of_that_adds_to_a_reference_is_a_model_of_its_own(
    tmp_path: Path,
) -> None:
    more = {"allOf": [DEAL], "properties": {"title": STRING}}
    named = {"allOf": [DEAL], "title": "Owner"}
    found = models(tmp_path, more=more, named=named)
    assert sorted(found) == ["Answer", "AnswerMore", "Deal", "Owner"]
