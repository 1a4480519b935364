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


def _pets(
    mapping: dict[str, str] | None,
    side: str = "response",
    key: str = "kind",
    union: str = "oneOf",
) -> dict[str, Any]:
    """A body that is a Cat or a Dog, told apart by ``mapping`` (tag -> model)."""
    options = [
        {"$ref": "#/components/schemas/Cat"},
        {"$ref": "#/components/schemas/Dog"},
    ]
    schema: dict[str, Any] = {union: options}
    if mapping is not None:
        schema["discriminator"] = {
            "propertyName": key,
            "mapping": {
                tag: f"#/components/schemas/{model}" for tag, model in mapping.items()
            },
        }
    document = thing(**{side: schema})
    tags = ("kind", "type")  # either may be the discriminator
    cat = obj(tags, kind=STRING, type=STRING, meow=INTEGER)
    dog = obj(tags, kind=STRING, type=STRING, bark=INTEGER)
    return spec(document["paths"], schemas={"Cat": cat, "Dog": dog})


def _ab(order: str, side: str = "response", **more_of_b: Any) -> dict[str, Any]:
    """A body that is one of models A and B, in ``order`` ("AB" or "BA")."""
    models = {"A": obj(a=INTEGER), "B": obj(b=INTEGER, **more_of_b)}
    options = [{"$ref": f"#/components/schemas/{name}"} for name in order]
    document = thing(**{side: {"oneOf": options}})
    return spec(document["paths"], schemas=models)


def _others(extra: Any) -> dict[str, Any]:
    """An object with ``additionalProperties: extra``."""
    return {**obj(name=STRING), "additionalProperties": extra}


CATS = {"cat": "Cat", "dog": "Dog"}
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
            # model names follow the operationId: the class is renamed too, and
            # code importing it by its old name fails
            ("model-renamed", "response", "createThing response 200 body", True),
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
    "parameter no longer nullable: a query value has no null, None is not sent": (
        thing(parameters=(query("limit", {**INTEGER, "nullable": True}),)),
        thing(parameters=(query("limit", INTEGER),)),
        [],
    ),
    "header parameter now nullable: the generated client is the same": (
        thing(parameters=({"name": "X-Id", "in": "header", "schema": INTEGER},)),
        thing(
            parameters=(
                {
                    "name": "X-Id",
                    "in": "header",
                    "schema": {**INTEGER, "nullable": True},
                },
            )
        ),
        [],
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
    "request field gained a format the validators check: email": (
        thing(request=obj(mail=STRING)),
        thing(request=obj(mail={**STRING, "format": "email"})),
        [("type-changed", "request", f"{BODY} .mail", True)],
    ),
    "request field gained a format the validators check: int32": (
        thing(request=obj(age=INTEGER)),
        thing(request=obj(age={**INTEGER, "format": "int32"})),
        [("type-changed", "request", f"{BODY} .age", True)],
    ),
    "query parameter int64 narrowed to int32": (
        thing(parameters=(query("limit", {**INTEGER, "format": "int64"}),)),
        thing(parameters=(query("limit", {**INTEGER, "format": "int32"}),)),
        [("type-changed", "request", f"{OP} query parameter limit", True)],
    ),
    "request field int32 widened to int64": (
        thing(request=obj(age={**INTEGER, "format": "int32"})),
        thing(request=obj(age={**INTEGER, "format": "int64"})),
        [("type-changed", "request", f"{BODY} .age", False)],
    ),
    "request field widened integer to number but gained a checked format": (
        thing(request=obj(age=INTEGER)),
        thing(request=obj(age={**NUMBER, "format": "int32"})),
        [("type-changed", "request", f"{BODY} .age", True)],
    ),
    "request field widened integer int64 to number int32": (
        thing(request=obj(age={**INTEGER, "format": "int64"})),
        thing(request=obj(age={**NUMBER, "format": "int32"})),
        [("type-changed", "request", f"{BODY} .age", True)],
    ),
    "request field widened integer int32 to number int64": (
        thing(request=obj(age={**INTEGER, "format": "int32"})),
        thing(request=obj(age={**NUMBER, "format": "int64"})),
        [("type-changed", "request", f"{BODY} .age", False)],
    ),
    "response field narrowed number to integer but lost a checked format": (
        thing(response=obj(age={**NUMBER, "format": "int32"})),
        thing(response=obj(age=INTEGER)),
        [("type-changed", "response", f"{RESPONSE} .age", True)],
    ),
    "request field gained a format the validators do not check": (
        thing(request=obj(secret=STRING, ratio=NUMBER)),
        thing(
            request=obj(
                secret={**STRING, "format": "password"},
                ratio={**NUMBER, "format": "float"},
            )
        ),
        [
            ("type-changed", "request", f"{BODY} .secret", False),
            ("type-changed", "request", f"{BODY} .ratio", False),
        ],
    ),
    "response field gained a format: only validate_responses checks it": (
        thing(response=obj(mail=STRING)),
        thing(response=obj(mail={**STRING, "format": "email"})),
        [("type-changed", "response", f"{RESPONSE} .mail", False)],
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
    "response model renamed, same shape: code importing Thing fails": (
        thing(response=obj(title="Thing", id=INTEGER)),
        thing(response=obj(title="Item", id=INTEGER)),
        [("model-renamed", "response", RESPONSE, True)],
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
    "response body became nullable: the method may return None": (
        thing(response=obj(id=INTEGER)),
        thing(response={**obj(id=INTEGER), "nullable": True}),
        [("body-nullable", "response", RESPONSE, True)],
    ),
    "response body no longer nullable": (
        thing(response={**obj(id=INTEGER), "nullable": True}),
        thing(response=obj(id=INTEGER)),
        [("body-nullable", "response", RESPONSE, False)],
    ),
    # -- unions ----------------------------------------------------------------------
    "discriminator mapping swapped: a tag picks another model": (
        _pets(CATS),
        _pets({"cat": "Dog", "dog": "Cat"}),
        [
            ("tag-changed", "response", RESPONSE, True),
            ("tag-changed", "response", RESPONSE, True),
        ],
    ),
    "discriminator mapping swapped in a request: the tags' types change too": (
        _pets(CATS, "request"),
        _pets({"cat": "Dog", "dog": "Cat"}, "request"),
        [
            ("enum-value-removed", "request", f"{BODY} (option 1).kind", True),
            ("enum-value-added", "request", f"{BODY} (option 1).kind", False),
            ("enum-value-removed", "request", f"{BODY} (option 2).kind", True),
            ("enum-value-added", "request", f"{BODY} (option 2).kind", False),
            ("tag-changed", "request", BODY, True),
            ("tag-changed", "request", BODY, True),
        ],
    ),
    "discriminator property renamed": (
        _pets(CATS),
        _pets(CATS, key="type"),
        [("discriminator-changed", "response", RESPONSE, True)],
    ),
    "response tag value removed": (
        _pets(CATS),
        _pets({"cat": "Cat"}),
        [("tag-removed", "response", RESPONSE, False)],
    ),
    "response tag value added: the old client parses it as a plain object": (
        _pets({"cat": "Cat"}),
        _pets(CATS),
        [("tag-added", "response", RESPONSE, False)],
    ),
    "response discriminator removed: the best fit, not the tag, picks the model": (
        _pets(CATS),
        _pets(None),
        [
            # the unmapped tag's plain-object option goes with it
            ("type-changed", "response", RESPONSE, False),
            ("discriminator-removed", "response", RESPONSE, True),
        ],
    ),
    "request discriminator added: an unmapped tag is refused": (
        _pets(None, "request"),
        _pets(CATS, "request"),
        [
            ("type-changed", "request", f"{BODY} (option 1).kind", True),
            ("type-changed", "request", f"{BODY} (option 2).kind", True),
            ("discriminator-added", "request", BODY, True),
        ],
    ),
    "request oneOf became anyOf": (
        _pets(None, "request"),
        _pets(None, "request", union="anyOf"),
        [("union-changed", "request", BODY, False)],
    ),
    "request anyOf became oneOf: a value that fits both is refused": (
        _pets(None, "request", union="anyOf"),
        _pets(None, "request"),
        [("union-changed", "request", BODY, True)],
    ),
    "response oneOf became anyOf": (
        _pets(CATS),
        _pets(CATS, union="anyOf"),
        [("union-changed", "response", RESPONSE, False)],
    ),
    "union options reordered, one changed: paired by model, not by place": (
        _ab("AB"),
        _ab("BA", c=INTEGER),
        [
            ("field-added", "response", f"{RESPONSE} (option 1).c", False),
            # pydantic's smart mode takes the first of equally good fits
            ("options-reordered", "response", RESPONSE, False),
        ],
    ),
    "request union options reordered: no change": (
        _ab("AB", "request"),
        _ab("BA", "request"),
        [],
    ),
    "union option added beside one that changed": (
        thing(response={"oneOf": [obj(a=INTEGER), INTEGER]}),
        thing(response={"oneOf": [STRING, obj(a=INTEGER, b=INTEGER), INTEGER]}),
        [
            ("field-added", "response", f"{RESPONSE} (option 2).b", False),
            ("option-added", "response", RESPONSE, True),
        ],
    ),
    # -- other properties (additionalProperties) -------------------------------------
    "request closed to other properties": (
        thing(request=_others(True)),
        thing(request=_others(False)),
        [("extra-changed", "request", BODY, True)],
    ),
    "request opened to other properties": (
        thing(request=_others(False)),
        thing(request=_others(True)),
        [("extra-changed", "request", BODY, False)],
    ),
    "request other properties narrowed": (
        thing(request=_others(True)),
        thing(request=_others(INTEGER)),
        [("extra-changed", "request", BODY, True)],
    ),
    "request other properties widened": (
        thing(request=_others(INTEGER)),
        thing(request=_others({**INTEGER, "nullable": True})),
        [("extra-changed", "request", BODY, False)],
    ),
    "response other properties changed: only validate_responses checks them": (
        thing(response=_others(STRING)),
        thing(response=_others(INTEGER)),
        [("extra-changed", "response", RESPONSE, False)],
    ),
    "response closed to other properties": (
        thing(response=_others(True)),
        thing(response=_others(False)),
        [("extra-changed", "response", RESPONSE, False)],
    ),
    # a format or bounds changed where the type holds the same values to the models:
    # reported as for a field's type
    "request other properties gained a format the validators check": (
        thing(request=_others({**STRING, "format": "password"})),
        thing(request=_others({**STRING, "format": "email"})),
        [("extra-changed", "request", BODY, True)],
    ),
    "request other properties lost a checked format": (
        thing(request=_others({**STRING, "format": "email"})),
        thing(request=_others({**STRING, "format": "password"})),
        [("extra-changed", "request", BODY, False)],
    ),
    "request other properties int64 narrowed to int32": (
        thing(request=_others({**INTEGER, "format": "int64"})),
        thing(request=_others({**INTEGER, "format": "int32"})),
        [("extra-changed", "request", BODY, True)],
    ),
    "request other properties maxLength narrowed": (
        thing(request=_others({**STRING, "maxLength": 10})),
        thing(request=_others({**STRING, "maxLength": 5})),
        [("extra-changed", "request", BODY, True)],
    ),
    "request other properties lost a minimum": (
        thing(request=_others({**INTEGER, "minimum": 1})),
        thing(request=_others(INTEGER)),
        [("extra-changed", "request", BODY, False)],
    ),
    "request other properties' items: minItems added, their maxLength narrowed": (
        thing(request=_others({"type": "array", "items": STRING})),
        thing(
            request=_others(
                {"type": "array", "items": {**STRING, "maxLength": 3}, "minItems": 1}
            )
        ),
        [
            ("extra-changed", "request", BODY, True),
            ("extra-changed", "request", BODY, True),
        ],
    ),
    "request other properties now nullable, and a checked format": (
        thing(request=_others(STRING)),
        thing(request=_others({**STRING, "format": "email", "nullable": True})),
        [
            ("extra-changed", "request", BODY, True),
            ("extra-changed", "request", BODY, False),
        ],
    ),
    "response other properties gained a checked format and a maximum": (
        thing(response=_others(INTEGER)),
        thing(response=_others({**INTEGER, "format": "int32", "maximum": 9})),
        [
            ("extra-changed", "response", RESPONSE, False),
            ("extra-changed", "response", RESPONSE, False),
        ],
    ),
    # -- nothing ---------------------------------------------------------------------
    "enum value 1 written 1.0: one JSON number": (
        thing(
            parameters=(query("p", _enum(1, 2, type_="number")),),
            response=obj(k=_enum(1, 2, type_="number")),
        ),
        thing(
            parameters=(query("p", _enum(1.0, 2, type_="number")),),
            response=obj(k=_enum(1.0, 2, type_="number")),
        ),
        [],
    ),
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


def test_a_response_body_that_may_be_null_says_the_method_returns_none(
    tmp_path: Path,
) -> None:
    changes = report(
        thing(response=obj(id=INTEGER)),
        thing(response={**obj(id=INTEGER), "nullable": True}),
        tmp_path,
    )["changes"]
    assert [change["message"] for change in changes] == [
        "body may now be null; the client method now returns None for a null body "
        "(its return type gains | None), so code that assumed a value breaks"
    ]


def test_a_tag_that_picks_another_model_says_which(tmp_path: Path) -> None:
    changes = report(_pets(CATS), _pets({"cat": "Dog", "dog": "Cat"}), tmp_path)
    assert [change["message"] for change in changes["changes"]] == [
        'kind "cat" now picks Dog (it picked Cat)',
        'kind "dog" now picks Cat (it picked Dog)',
    ]


def _cycle(n: dict[str, Any]) -> dict[str, Any]:
    """getA returns A {n, x: X}, getX returns X {a: A}: a cycle of two models."""
    paths = {
        f"/{name.lower()}": {
            "get": {
                "operationId": f"get{name}",
                "responses": {"200": ok({"$ref": f"#/components/schemas/{name}"})},
            }
        }
        for name in ("A", "X")
    }
    a = obj(n=n, x={"$ref": "#/components/schemas/X"})
    return spec(paths, schemas={"A": a, "X": obj(a={"$ref": "#/components/schemas/A"})})


def test_a_change_through_a_cycle_of_models_reaches_every_operation(
    tmp_path: Path,
) -> None:
    # X was first met inside A, while A was open: X's "no changes" then held only
    # until A's own were known
    changes = report(_cycle(INTEGER), _cycle(STRING), tmp_path)["changes"]
    assert [(c["kind"], c["location"], c["breaking"]) for c in changes] == [
        ("type-changed", "getA response 200 body .n", True),
        ("model-changed", "getX response 200 body .a", True),
    ]
    assert changes[1]["message"] == (
        "model A changed, as listed under getA response 200 body"
    )


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


def test_a_format_the_validators_check_says_so(tmp_path: Path) -> None:
    old = thing(request=obj(mail=STRING))
    new = thing(request=obj(mail={**STRING, "format": "email"}))
    assert [c["message"] for c in report(old, new, tmp_path)["changes"]] == [
        "type changed from string to string (email); the Python type stays the "
        "same, but format email is checked: some values callers could send are now "
        "refused"
    ]


def test_other_properties_say_what_changed_as_a_field_does(tmp_path: Path) -> None:
    old = thing(request=_others({**STRING, "maxLength": 10}))
    new = _others({**STRING, "format": "email", "maxLength": 5, "nullable": True})
    messages = [
        c["message"] for c in report(old, thing(request=new), tmp_path)["changes"]
    ]
    assert messages == [
        "other properties changed from string to string (email); format email is "
        "checked: some values callers could send are now refused",
        "other properties: maxLength 10 is now 5; some values callers could send are "
        "now refused",
        "other properties now accept null",
    ]
    answered = report(
        thing(response=_others({**INTEGER, "format": "int32", "nullable": True})),
        thing(response=_others(INTEGER)),
        tmp_path,
    )["changes"]
    assert [c["message"] for c in answered] == [
        "other properties changed from integer (int32) to integer; the models do not "
        "check them, validate_responses refuses what is new",
        "other properties are no longer null; the models do not check them",
    ]


def test_a_type_widened_with_a_narrower_checked_format_says_so(
    tmp_path: Path,
) -> None:
    old = thing(request=obj(age={**INTEGER, "format": "int64"}))
    new = thing(request=obj(age={**NUMBER, "format": "int32"}))
    assert [c["message"] for c in report(old, new, tmp_path)["changes"]] == [
        "type changed from integer (int64) to number (int32)"
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
