"""`diff` on small hand-written spec pairs: each kind of change and how it is classified.

Every case asserts the whole list of changes, so a change reported twice, or one too
many, fails as surely as a wrong classification.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from spec_pairs import Row, obj, ok, query, report, rows, spec, thing

INTEGER = {"type": "integer"}
NUMBER = {"type": "number"}
STRING = {"type": "string"}
OP = "addThing"
BODY = f"{OP} request body"
RESPONSE = f"{OP} response 200 body"


def _with_other(document: dict[str, Any]) -> dict[str, Any]:
    other = {"operationId": "getOthers", "responses": {"200": ok(obj(id=INTEGER))}}
    return spec({**document["paths"], "/others": {"get": other}})


def _moved(document: dict[str, Any], method: str) -> dict[str, Any]:
    return spec({"/things": {method: document["paths"]["/things"]["post"]}})


def _with_unused(document: dict[str, Any]) -> dict[str, Any]:
    document["components"] = {"schemas": {"Unused": {"not": {"type": "string"}}}}
    return document


def _named_body(unused: bool) -> dict[str, Any]:
    """A body written inline, twin of a component that names its model."""
    document = thing(request=obj(subject=STRING))
    document["components"] = {"schemas": {"Note": obj(subject=STRING)}}
    if unused:
        document["components"]["schemas"]["Odd"] = {"enum": [{"a": 1}]}
    return document


def _two_successes(first: str, second: str) -> dict[str, Any]:
    document = thing()
    operation = document["paths"]["/things"]["post"]
    bodies = {"200": obj(id=INTEGER), "201": obj(name=STRING)}
    operation["responses"] = {status: ok(bodies[status]) for status in (first, second)}
    return document


def _enum(*values: Any, type_: str = "string") -> dict[str, Any]:
    return {"type": type_, "enum": list(values)}


CASES: dict[str, tuple[dict[str, Any], dict[str, Any], list[Row]]] = {
    # -- operations ------------------------------------------------------------------
    "operation removed": (
        _with_other(thing()),
        thing(),
        [("operation-removed", "operation", "getOthers", True)],
    ),
    "operation added": (
        thing(),
        _with_other(thing()),
        [("operation-added", "operation", "getOthers", False)],
    ),
    "operationId changed: matched by method and path, the method name changes": (
        thing(),
        thing(operation_id="createThing"),
        [
            ("operation-renamed", "operation", "createThing", True),
            # model names follow the operationId: the class is renamed too
            ("model-renamed", "response", "createThing response 200 body", False),
        ],
    ),
    "operationId changed, same client method: validators find it by operationId": (
        thing(),
        thing(operation_id="AddThing"),
        [("operation-renamed", "operation", "AddThing", True)],
    ),
    "a new query parameter takes a body field's keyword": (
        thing(request=obj(name=STRING)),
        thing(request=obj(name=STRING), parameters=(query("name", STRING),)),
        [
            ("parameter-added", "request", f"{OP} query parameter name", False),
            ("keyword-changed", "request", OP, True),  # name= now sets the query
        ],
    ),
    "request field maxLength narrowed": (
        thing(request=obj(name={"type": "string", "maxLength": 255})),
        thing(request=obj(name={"type": "string", "maxLength": 10})),
        [("constraint-changed", "request", f"{OP} request body .name", True)],
    ),
    "request field pattern added, minimum dropped": (
        thing(request=obj(name=STRING, n={"type": "integer", "minimum": 1})),
        thing(request=obj(name={"type": "string", "pattern": "^a"}, n=INTEGER)),
        [
            ("constraint-changed", "request", f"{OP} request body .name", True),
            ("constraint-changed", "request", f"{OP} request body .n", False),
        ],
    ),
    "query parameter maximum narrowed": (
        thing(parameters=(query("limit", {"type": "integer", "maximum": 500}),)),
        thing(parameters=(query("limit", {"type": "integer", "maximum": 10}),)),
        [("constraint-changed", "request", f"{OP} query parameter limit", True)],
    ),
    "request array minItems added": (
        thing(request=obj(ids={"type": "array", "items": INTEGER})),
        thing(request=obj(ids={"type": "array", "items": INTEGER, "minItems": 1})),
        [("constraint-changed", "request", f"{OP} request body .ids", True)],
    ),
    "response field maxLength widened": (
        thing(response=obj(name={"type": "string", "maxLength": 10})),
        thing(response=obj(name={"type": "string", "maxLength": 20})),
        [("constraint-changed", "response", f"{OP} response 200 body .name", False)],
    ),
    "multipleOf 4 -> 2 admits more": (
        thing(request=obj(n={"type": "integer", "multipleOf": 4})),
        thing(request=obj(n={"type": "integer", "multipleOf": 2})),
        [("constraint-changed", "request", f"{OP} request body .n", False)],
    ),
    "success statuses reordered": (
        _two_successes("200", "201"),
        _two_successes("201", "200"),
        [],
    ),
    "method changed: same client method": (
        thing(),
        _moved(thing(), "put"),
        [("operation-moved", "operation", OP, False)],
    ),
    "operation deprecated": (
        thing(),
        thing(deprecated=True),
        [("operation-deprecated", "operation", OP, False)],
    ),
    # -- parameters ------------------------------------------------------------------
    "required parameter added": (
        thing(),
        thing(parameters=(query("limit", INTEGER, required=True),)),
        [("parameter-added", "request", f"{OP} query parameter limit", True)],
    ),
    "optional parameter added": (
        thing(),
        thing(parameters=(query("limit", INTEGER),)),
        [("parameter-added", "request", f"{OP} query parameter limit", False)],
    ),
    "parameter removed": (
        thing(parameters=(query("limit", INTEGER),)),
        thing(),
        [("parameter-removed", "request", f"{OP} query parameter limit", True)],
    ),
    "parameter became required": (
        thing(parameters=(query("limit", INTEGER),)),
        thing(parameters=(query("limit", INTEGER, required=True),)),
        [("parameter-required", "request", f"{OP} query parameter limit", True)],
    ),
    "parameter became optional": (
        thing(parameters=(query("limit", INTEGER, required=True),)),
        thing(parameters=(query("limit", INTEGER),)),
        [("parameter-required", "request", f"{OP} query parameter limit", False)],
    ),
    "parameter widened integer to number": (
        thing(parameters=(query("limit", INTEGER),)),
        thing(parameters=(query("limit", NUMBER),)),
        [("type-changed", "request", f"{OP} query parameter limit", False)],
    ),
    "parameter narrowed number to integer": (
        thing(parameters=(query("limit", NUMBER),)),
        thing(parameters=(query("limit", INTEGER),)),
        [("type-changed", "request", f"{OP} query parameter limit", True)],
    ),
    "parameter enum value added": (
        thing(parameters=(query("sort", _enum("a")),)),
        thing(parameters=(query("sort", _enum("a", "b")),)),
        [("enum-value-added", "request", f"{OP} query parameter sort", False)],
    ),
    "parameter enum value removed": (
        thing(parameters=(query("sort", _enum("a", "b")),)),
        thing(parameters=(query("sort", _enum("a")),)),
        [("enum-value-removed", "request", f"{OP} query parameter sort", True)],
    ),
    "parameter enum value 1 replaced by true": (
        thing(parameters=(query("flag", {"enum": [1, "x"]}),)),
        thing(parameters=(query("flag", {"enum": [True, "x"]}),)),
        [
            ("enum-value-removed", "request", f"{OP} query parameter flag", True),
            ("enum-value-added", "request", f"{OP} query parameter flag", False),
        ],
    ),
    "parameter no longer nullable": (
        thing(parameters=(query("limit", {**INTEGER, "nullable": True}),)),
        thing(parameters=(query("limit", INTEGER),)),
        [("parameter-nullable", "request", f"{OP} query parameter limit", True)],
    ),
    # -- request body ----------------------------------------------------------------
    "request body added, required": (
        thing(),
        thing(request=obj(name=STRING)),
        [("body-added", "request", BODY, True)],
    ),
    "request body removed": (
        thing(request=obj(name=STRING)),
        thing(),
        [("body-removed", "request", BODY, True)],
    ),
    "required request field added": (
        thing(request=obj(name=STRING)),
        thing(request=obj(("size",), name=STRING, size=INTEGER)),
        [("field-added", "request", f"{BODY} .size", True)],
    ),
    "optional request field added": (
        thing(request=obj(name=STRING)),
        thing(request=obj(name=STRING, size=INTEGER)),
        [("field-added", "request", f"{BODY} .size", False)],
    ),
    "request field removed": (
        thing(request=obj(name=STRING, size=INTEGER)),
        thing(request=obj(name=STRING)),
        [("field-removed", "request", f"{BODY} .size", True)],
    ),
    "request field became required": (
        thing(request=obj(name=STRING)),
        thing(request=obj(("name",), name=STRING)),
        [("field-required", "request", f"{BODY} .name", True)],
    ),
    "request field became optional": (
        thing(request=obj(("name",), name=STRING)),
        thing(request=obj(name=STRING)),
        [("field-required", "request", f"{BODY} .name", False)],
    ),
    "request field no longer nullable": (
        thing(request=obj(name={**STRING, "nullable": True})),
        thing(request=obj(name=STRING)),
        [("field-nullable", "request", f"{BODY} .name", True)],
    ),
    "request field now nullable": (
        thing(request=obj(name=STRING)),
        thing(request=obj(name={**STRING, "nullable": True})),
        [("field-nullable", "request", f"{BODY} .name", False)],
    ),
    "request field type changed": (
        thing(request=obj(size=STRING)),
        thing(request=obj(size=INTEGER)),
        [("type-changed", "request", f"{BODY} .size", True)],
    ),
    "request field widened integer to number": (
        thing(request=obj(size=INTEGER)),
        thing(request=obj(size=NUMBER)),
        [("type-changed", "request", f"{BODY} .size", False)],
    ),
    "request field narrowed from anything to integer": (
        thing(request=obj(size={})),
        thing(request=obj(size=INTEGER)),
        [("type-changed", "request", f"{BODY} .size", True)],
    ),
    "request field lost a format that makes a Python type": (
        thing(request=obj(due={**STRING, "format": "date"})),
        thing(request=obj(due=STRING)),
        [("type-changed", "request", f"{BODY} .due", True)],
    ),
    "request field lost a format that does not": (
        thing(request=obj(mail={**STRING, "format": "email"})),
        thing(request=obj(mail=STRING)),
        [("type-changed", "request", f"{BODY} .mail", False)],
    ),
    "request enum value added": (
        thing(request=obj(kind=_enum("call"))),
        thing(request=obj(kind=_enum("call", "meeting"))),
        [("enum-value-added", "request", f"{BODY} .kind", False)],
    ),
    "request enum value removed": (
        thing(request=obj(kind=_enum("call", "meeting"))),
        thing(request=obj(kind=_enum("call"))),
        [("enum-value-removed", "request", f"{BODY} .kind", True)],
    ),
    "an unused component that does not build: the rest is still compared": (
        _with_unused(thing(request=obj(kind=_enum("call", "meeting")))),
        _with_unused(thing(request=obj(kind=_enum("call")))),
        [("enum-value-removed", "request", f"{BODY} .kind", True)],
    ),
    "an unused component that does not build: the models keep their names": (
        _named_body(unused=False),
        _named_body(unused=True),
        [],
    ),
    "required field added inside an array item": (
        thing(request=obj(items={"type": "array", "items": obj(a=INTEGER)})),
        thing(
            request=obj(
                items={"type": "array", "items": obj(("b",), a=INTEGER, b=INTEGER)}
            )
        ),
        [("field-added", "request", f"{BODY} .items[].b", True)],
    ),
    "request model renamed, same shape": (
        thing(request=obj(title="NewThing", name=STRING)),
        thing(request=obj(title="ThingInput", name=STRING)),
        [("model-renamed", "request", BODY, True)],
    ),
    "request union widened": (
        thing(request=obj(v={"oneOf": [INTEGER, STRING]})),
        thing(request=obj(v={"oneOf": [INTEGER, STRING, {"type": "boolean"}]})),
        [("type-changed", "request", f"{BODY} .v", False)],
    ),
    # -- responses -------------------------------------------------------------------
    "response field removed": (
        thing(response=obj(id=INTEGER, name=STRING)),
        thing(response=obj(id=INTEGER)),
        [("field-removed", "response", f"{RESPONSE} .name", True)],
    ),
    "response field added": (
        thing(response=obj(id=INTEGER)),
        thing(response=obj(id=INTEGER, name=STRING)),
        [("field-added", "response", f"{RESPONSE} .name", False)],
    ),
    "response field widened integer to number": (
        thing(response=obj(id=INTEGER)),
        thing(response=obj(id=NUMBER)),
        [("type-changed", "response", f"{RESPONSE} .id", True)],
    ),
    "response field narrowed number to integer": (
        thing(response=obj(id=NUMBER)),
        thing(response=obj(id=INTEGER)),
        [("type-changed", "response", f"{RESPONSE} .id", False)],
    ),
    "response field type changed": (
        thing(response=obj(id=INTEGER)),
        thing(response=obj(id=STRING)),
        [("type-changed", "response", f"{RESPONSE} .id", True)],
    ),
    "response enum value added: open in our client": (
        thing(response=obj(kind=_enum("call"))),
        thing(response=obj(kind=_enum("call", "meeting"))),
        [("enum-value-added", "response", f"{RESPONSE} .kind", False)],
    ),
    "response enum value removed": (
        thing(response=obj(kind=_enum("call", "meeting"))),
        thing(response=obj(kind=_enum("call"))),
        [("enum-value-removed", "response", f"{RESPONSE} .kind", False)],
    ),
    "response enum dropped for its plain type: open already": (
        thing(response=obj(kind=_enum("call"))),
        thing(response=obj(kind=STRING)),
        [("type-changed", "response", f"{RESPONSE} .kind", False)],
    ),
    "closed response enum (0/1 flag) gained a value": (
        thing(response=obj(flag=_enum(0, type_="number"))),
        thing(response=obj(flag=_enum(0, 1, type_="number"))),
        [("enum-value-added", "response", f"{RESPONSE} .flag", True)],
    ),
    "closed response enum widened to its type": (
        thing(response=obj(flag=_enum(True, type_="boolean"))),
        thing(response=obj(flag={"type": "boolean"})),
        [("type-changed", "response", f"{RESPONSE} .flag", True)],
    ),
    "response field now nullable": (
        thing(response=obj(id=INTEGER)),
        thing(response=obj(id={**INTEGER, "nullable": True})),
        [("field-nullable", "response", f"{RESPONSE} .id", False)],
    ),
    "response array items now nullable: code that assumed a value breaks": (
        thing(response=obj(tags={"type": "array", "items": STRING})),
        thing(
            response=obj(tags={"type": "array", "items": {**STRING, "nullable": True}})
        ),
        [("items-nullable", "response", f"{RESPONSE} .tags", True)],
    ),
    "response array items no longer nullable": (
        thing(
            response=obj(tags={"type": "array", "items": {**STRING, "nullable": True}})
        ),
        thing(response=obj(tags={"type": "array", "items": STRING})),
        [("items-nullable", "response", f"{RESPONSE} .tags", False)],
    ),
    "request map values no longer nullable": (
        thing(
            request=obj(
                scores={
                    "type": "object",
                    "additionalProperties": {**INTEGER, "nullable": True},
                }
            )
        ),
        thing(request=obj(scores={"type": "object", "additionalProperties": INTEGER})),
        [("values-nullable", "request", f"{BODY} .scores", True)],
    ),
    "request array items now nullable": (
        thing(request=obj(tags={"type": "array", "items": STRING})),
        thing(
            request=obj(tags={"type": "array", "items": {**STRING, "nullable": True}})
        ),
        [("items-nullable", "request", f"{BODY} .tags", False)],
    ),
    "response field became optional": (
        thing(response=obj(("id",), id=INTEGER)),
        thing(response=obj(id=INTEGER)),
        [("field-required", "response", f"{RESPONSE} .id", False)],
    ),
    "response model renamed, same shape": (
        thing(response=obj(title="Thing", id=INTEGER)),
        thing(response=obj(title="Item", id=INTEGER)),
        [("model-renamed", "response", RESPONSE, False)],
    ),
    "response union widened": (
        thing(response=obj(v={"oneOf": [INTEGER, STRING]})),
        thing(response=obj(v={"oneOf": [INTEGER, STRING, {"type": "boolean"}]})),
        [("type-changed", "response", f"{RESPONSE} .v", True)],
    ),
    "response union option changed: compared option by option": (
        thing(response={"oneOf": [obj(a=INTEGER), obj(b=INTEGER)]}),
        thing(response={"oneOf": [obj(a=INTEGER), obj(b=INTEGER, c=STRING)]}),
        [("field-added", "response", f"{RESPONSE} (option 2).c", False)],
    ),
    "success status changed": (
        thing(status="201"),
        thing(status="200"),
        [("status-changed", "response", f"{OP} response", True)],
    ),
    "success status changed: the bodies are still compared": (
        thing(status="201", response=obj(id=INTEGER)),
        thing(status="200", response=obj(id=INTEGER, name=STRING)),
        [
            ("status-changed", "response", f"{OP} response", True),
            ("field-added", "response", f"{RESPONSE} .name", False),
        ],
    ),
    "response body removed": (
        thing(),
        spec(
            {
                "/things": {
                    "post": {
                        "operationId": OP,
                        "responses": {"200": {"description": "ok"}},
                    }
                }
            }
        ),
        [("body-removed", "response", RESPONSE, True)],
    ),
    "error response declared": (
        thing(),
        spec(
            {
                "/things": {
                    "post": {
                        **thing()["paths"]["/things"]["post"],
                        "responses": {
                            "200": ok(obj(id=INTEGER)),
                            "404": {"description": "no such thing"},
                        },
                    }
                }
            }
        ),
        [("response-added", "response", f"{OP} response 404", False)],
    ),
    # -- nothing ---------------------------------------------------------------------
    "prose only: descriptions and examples are no change": (
        thing(request=obj(name=STRING)),
        thing(request=obj(name={**STRING, "description": "the name", "example": "x"})),
        [],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_each_change_is_found_and_classified(name: str, tmp_path: Path) -> None:
    old, new, expected = CASES[name]
    assert rows(old, new, tmp_path) == expected


def test_response_enum_and_null_changes_say_why_they_are_compatible(
    tmp_path: Path,
) -> None:
    changes = report(
        thing(response=obj(kind=_enum("call"), id=INTEGER)),
        thing(
            response=obj(
                kind=_enum("call", "meeting"), id={**INTEGER, "nullable": True}
            )
        ),
        tmp_path,
    )["changes"]
    messages = {change["kind"]: change["message"] for change in changes}
    assert (
        "response enums are open in our generated client"
        in messages["enum-value-added"]
    )
    assert "our response models accept null anyway" in messages["field-nullable"]


def _recursive(*extra_fields: str) -> dict[str, Any]:
    children = {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}
    node = obj(name=STRING, children=children)
    node["properties"].update({field: INTEGER for field in extra_fields})
    document = thing(response={"$ref": "#/components/schemas/Node"})
    return spec(document["paths"], schemas={"Node": node})


def test_types_are_worded_as_the_validators_word_them(tmp_path: Path) -> None:
    # ir.words: one vocabulary for the diff and the validators' docstrings and issues
    old = obj(tags={"type": "object", "additionalProperties": STRING}, size=INTEGER)
    new = obj(
        tags={"type": "array", "items": STRING, "maxItems": 3},
        size={"oneOf": [INTEGER, {"type": "string", "format": "uuid"}]},
    )
    changes = report(thing(request=old), thing(request=new), tmp_path)["changes"]
    assert [change["message"] for change in changes] == [
        "type changed from object of string by key to array of string",
        "type changed from integer to exactly one of: integer, string (uuid); it "
        "accepts every value it did before",
    ]


def test_recursive_models_are_compared_once(tmp_path: Path) -> None:
    assert rows(_recursive(), _recursive("size"), tmp_path) == [
        ("field-added", "response", f"{RESPONSE} .size", False)
    ]


def _tree(leaf: dict[str, Any]) -> dict[str, Any]:
    """A response that is a list of leaves or of itself: a recursive type alias."""
    tree = {
        "type": "array",
        "items": {"oneOf": [leaf, {"$ref": "#/components/schemas/Tree"}]},
    }
    document = thing(response=obj(tree={"$ref": "#/components/schemas/Tree"}))
    return spec(document["paths"], schemas={"Tree": tree})


def test_a_recursive_type_alias_is_compared_by_its_type(tmp_path: Path) -> None:
    # followed into its type once, the change named where it sits
    assert rows(_tree(INTEGER), _tree(STRING), tmp_path) == [
        ("type-changed", "response", f"{RESPONSE} .tree[](option 1)", True)
    ]
    assert rows(_tree(INTEGER), _tree(INTEGER), tmp_path) == []


def _shared(*fields: str) -> dict[str, Any]:
    shape = {"type": "object", "properties": {field: INTEGER for field in fields}}
    document = spec(
        {
            "/things": {
                "post": {
                    "operationId": OP,
                    "responses": {"200": ok({"$ref": "#/components/schemas/Thing"})},
                }
            },
            "/others": {
                "get": {
                    "operationId": "getOthers",
                    "responses": {"200": ok({"$ref": "#/components/schemas/Thing"})},
                }
            },
        }
    )
    return spec(document["paths"], schemas={"Thing": shape})


def test_a_model_shared_by_operations_is_listed_once_then_pointed_to(
    tmp_path: Path,
) -> None:
    changes = report(_shared("id", "name"), _shared("id"), tmp_path)["changes"]
    assert [(c["kind"], c["location"], c["breaking"]) for c in changes] == [
        ("field-removed", f"{RESPONSE} .name", True),
        ("model-changed", "getOthers response 200 body", True),
    ]
    assert changes[1]["message"] == f"model Thing changed, as listed under {RESPONSE}"


def _xml_body(schema: dict[str, Any], *parameters: dict[str, Any]) -> dict[str, Any]:
    document = thing(parameters=parameters)
    document["paths"]["/things"]["post"]["requestBody"] = {
        "content": {"application/xml": {"schema": schema}}
    }
    return document


def test_a_part_build_ir_cannot_handle_is_compared_as_raw_text(tmp_path: Path) -> None:
    # application/xml bodies do not build; the rest of the operation is still compared
    limit = query("limit", INTEGER)
    unchanged = rows(
        _xml_body(obj(a=INTEGER)),
        _xml_body(obj(a={**INTEGER, "description": "prose only"}), limit),
        tmp_path,
    )
    assert unchanged == [
        ("parameter-added", "request", f"{OP} query parameter limit", False)
    ]
    changed = report(_xml_body(obj(a=INTEGER)), _xml_body(obj(a=STRING)), tmp_path)
    assert [(c["kind"], c["location"], c["breaking"]) for c in changed["changes"]] == [
        ("not-compared", BODY, True)
    ]
    assert "application/xml" in changed["changes"][0]["message"]


def test_changes_are_ordered_by_operation_then_side(tmp_path: Path) -> None:
    old = _with_other(thing(request=obj(a=INTEGER), response=obj(b=INTEGER)))
    new = thing(request=obj(a=STRING), response=obj(b=STRING), deprecated=True)
    assert rows(old, new, tmp_path) == [
        ("operation-deprecated", "operation", OP, False),
        ("type-changed", "request", f"{BODY} .a", True),
        ("type-changed", "response", f"{RESPONSE} .b", True),
        ("operation-removed", "operation", "getOthers", True),
    ]
