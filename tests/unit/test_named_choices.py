"""Enums of five values or more that the operations take are named once in the client
module, after the first parameter or body field that takes them, and each signature that
takes one says its name; smaller enums stay spelled out."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from conftest import build_api, openapi_document
from pipedrive_codegen.render.client_method import Method
from pipedrive_codegen.render.client_view import ClientView, client_view

KIND = {"type": "string", "enum": ["a", "b", "c", "d", "e"]}
SORT = {
    "type": "string",
    "enum": ["id", "name", "add_time", "update_time", "rank", "x"],
}
OK = {"200": {"description": "ok"}}


def _view(tmp_path: Path, small: bool = True) -> ClientView:
    def body(title: str, **properties: Any) -> dict[str, Any]:
        schema = {"title": title, "type": "object", "properties": properties}
        return {"content": {"application/json": {"schema": schema}}}

    paths = {
        "/things": {
            "post": {
                "operationId": "addThing",
                "requestBody": body(
                    "AddThingRequest",
                    kind=KIND,
                    **(
                        {"small": {"type": "string", "enum": ["x", "y"]}}
                        if small
                        else {}
                    ),
                ),
                "responses": OK,
            },
            "get": {
                "operationId": "listThings",
                "parameters": [
                    {"name": "sort", "in": "query", "schema": SORT},
                    {
                        "name": "tags",
                        "in": "query",
                        "schema": {
                            "type": "array",
                            "items": {**KIND, "enum": [*"vwxyz"]},
                        },
                    },
                ],
                "responses": {
                    "200": {
                        "description": "ok",
                        "content": {
                            "application/json": {
                                "schema": {
                                    "$ref": "#/components/schemas/ListThingsSort"
                                }
                            }
                        },
                    }
                },
            },
        },
        "/things/{id}": {
            "put": {
                "operationId": "updateThing",
                "parameters": [
                    {
                        "name": "id",
                        "in": "path",
                        "required": True,
                        "schema": {"type": "integer"},
                    }
                ],
                "requestBody": body("UpdateThingRequest", kind=KIND),
                "responses": OK,
            }
        },
    }
    # A model with the name the sort enum would take: the enum takes another.
    schemas = {
        "ListThingsSort": {"type": "object", "properties": {"n": {"type": "integer"}}}
    }
    return client_view(build_api(openapi_document(paths, schemas), tmp_path))


def _annotations(method: Method) -> dict[str, str]:
    return {a.name: a.annotation for a in method.arguments + method.body_fields}


def test_large_enums_are_named_once_after_the_first_place_that_takes_them(
    tmp_path: Path,
) -> None:
    view = _view(tmp_path)
    assert [(choice.name, choice.values) for choice in view.choices] == [
        ("AddThingRequestKind", ('"a"', '"b"', '"c"', '"d"', '"e"')),
        ("ListThingsSortChoice", tuple(f'"{v}"' for v in SORT["enum"])),
        ("ListThingsTags", ('"v"', '"w"', '"x"', '"y"', '"z"')),
    ]
    methods = {method.name: method for method in view.methods}
    assert _annotations(methods["add_thing"]) == {
        "kind": "AddThingRequestKind | None",
        "small": 'Literal["x", "y"] | None',  # too small to name
    }
    assert _annotations(methods["update_thing"]) == {
        "id": "int",
        "kind": "AddThingRequestKind | None",  # the same enum, the same name
    }
    assert _annotations(methods["list_things"]) == {
        "sort": "ListThingsSortChoice | None",  # ListThingsSort is a model's name
        "tags": "list[ListThingsTags] | None",
    }


def test_a_named_enum_alone_still_imports_literal_for_its_alias(tmp_path: Path) -> None:
    view = _view(tmp_path, small=False)
    assert "Literal[" not in " ".join(
        a.annotation for m in view.methods for a in m.arguments + m.body_fields
    )
    (typing_names,) = [line for line in view.imports if line.startswith("from typing")]
    assert "Literal" in typing_names.removeprefix("from typing import ").split(", ")
