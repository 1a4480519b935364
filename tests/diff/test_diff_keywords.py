"""`diff` matches parameters as a caller passes them, by keyword: one change, rightly
classified, where the spec moves a value but the call stays the same."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from spec_pairs import Row, obj, report, rows, spec, thing

OP = "addThing"
STRING = {"type": "string"}
INTEGER = {"type": "integer"}


def _in(where: str, name: str, schema: dict[str, Any]) -> dict[str, Any]:
    return {"name": name, "in": where, "schema": schema}


CASES: dict[str, tuple[dict[str, Any], dict[str, Any], list[Row]]] = {
    "a header's name in another case: headers ignore case, x_trace= stays": (
        thing(parameters=(_in("header", "X-Trace", STRING),)),
        thing(parameters=(_in("header", "x-trace", STRING),)),
        [],
    ),
    "a query parameter sent as a header, limit= stays": (
        thing(parameters=(_in("query", "limit", INTEGER),)),
        thing(parameters=(_in("header", "limit", INTEGER),)),
        [("parameter-moved", "request", f"{OP} query parameter limit", False)],
    ),
    "a body field sent as a query parameter, name= stays": (
        thing(request=obj(name=STRING, other=STRING)),
        thing(request=obj(other=STRING), parameters=(_in("query", "name", STRING),)),
        [("parameter-moved", "request", f"{OP} query parameter name", False)],
    ),
    "a body field sent as a query parameter of another type: that shows too": (
        thing(request=obj(name=STRING, count=INTEGER)),
        thing(
            request=obj(name=STRING),
            parameters=(_in("query", "count", {**STRING, "enum": ["few", "many"]}),),
        ),
        [
            ("parameter-moved", "request", f"{OP} query parameter count", False),
            ("type-changed", "request", f"{OP} query parameter count", True),
        ],
    ),
    "a body field sent as a header of a narrower type: that shows too": (
        thing(request=obj(name=STRING, count=INTEGER)),
        thing(
            request=obj(name=STRING),
            parameters=(_in("header", "count", {**INTEGER, "maximum": 9}),),
        ),
        [
            ("parameter-moved", "request", f"{OP} header parameter count", False),
            ("constraint-changed", "request", f"{OP} header parameter count", True),
        ],
    ),
    "a required body field sent as a required parameter: nothing new required": (
        thing(request=obj(("name",), name=STRING, other=STRING)),
        thing(
            request=obj(other=STRING),
            parameters=({**_in("query", "name", STRING), "required": True},),
        ),
        [("parameter-moved", "request", f"{OP} query parameter name", False)],
    ),
    "a query parameter sent as a body field, flag= stays": (
        thing(request=obj(name=STRING), parameters=(_in("query", "flag", INTEGER),)),
        thing(request=obj(name=STRING, flag=INTEGER)),
        [("parameter-moved", "request", f"{OP} query parameter flag", False)],
    ),
    "a query parameter sent as a body field of another type: that shows too": (
        thing(request=obj(name=STRING), parameters=(_in("query", "flag", INTEGER),)),
        thing(request=obj(name=STRING, flag={"type": "boolean"})),
        [
            ("parameter-moved", "request", f"{OP} query parameter flag", False),
            ("type-changed", "request", f"{OP} query parameter flag", True),
        ],
    ),
    "an optional query parameter sent as a required body field": (
        thing(request=obj(name=STRING), parameters=(_in("query", "flag", INTEGER),)),
        thing(request=obj(("flag",), name=STRING, flag=INTEGER)),
        [("parameter-moved", "request", f"{OP} query parameter flag", True)],
    ),
    "a required query parameter sent in a new required body: every call sends it": (
        thing(parameters=({**_in("query", "flag", INTEGER), "required": True},)),
        thing(request=obj(flag=INTEGER)),
        [("parameter-moved", "request", f"{OP} query parameter flag", False)],
    ),
    "an optional query parameter sent in a new required body: calls without it fail": (
        thing(parameters=(_in("query", "flag", INTEGER),)),
        thing(request=obj(flag=INTEGER)),
        [("parameter-moved", "request", f"{OP} query parameter flag", True)],
    ),
    "a body field kept beside a new parameter: name= sets the parameter": (
        thing(request=obj(name=STRING)),
        thing(request=obj(name=STRING), parameters=(_in("query", "name", STRING),)),
        [
            ("parameter-added", "request", f"{OP} query parameter name", False),
            ("keyword-changed", "request", OP, True),
        ],
    ),
}


def _pets(discriminated: bool) -> dict[str, Any]:
    """A union body, which takes its models' fields as keywords only while a
    discriminator says which model they build."""
    union: dict[str, Any] = {
        "oneOf": [
            {"$ref": "#/components/schemas/Cat"},
            {"$ref": "#/components/schemas/Dog"},
        ]
    }
    if discriminated:
        union["discriminator"] = {"propertyName": "kind"}
    document = thing(request=union)
    document["components"] = {
        "schemas": {
            "Cat": obj(("kind",), kind=STRING, purr={"type": "boolean"}),
            "Dog": obj(("kind",), kind=STRING, bark={"type": "boolean"}),
        }
    }
    return document


def test_keywords_the_method_no_longer_takes_break_its_calls(tmp_path: Path) -> None:
    changes = report(_pets(True), _pets(False), tmp_path)["changes"]
    assert [
        (c["kind"], c["breaking"], c["message"])
        for c in changes
        if c["kind"] == "keyword-removed"
    ] == [
        (
            "keyword-removed",
            True,
            f"keyword {word}= removed (it set the body field {word}); calls passing "
            "it fail",
        )
        for word in ("bark", "kind", "purr")
    ]
    # the other way round the keywords are new: none is said removed
    again = report(_pets(False), _pets(True), tmp_path)["changes"]
    assert [c for c in again if c["kind"].startswith("keyword")] == []


def _pet_body(
    parameters: tuple[dict[str, Any], ...] = (), **cat: Any
) -> dict[str, Any]:
    """A discriminated union body (Cat or Dog), Cat with the extra ``cat`` fields."""
    document = _pets(True)
    document["paths"]["/things"]["post"]["parameters"] = list(parameters)
    document["components"]["schemas"]["Cat"]["properties"].update(cat)
    return document


UNION_CASES: dict[str, tuple[dict[str, Any], dict[str, Any], list[Row]]] = {
    "a union model's body field sent as a query parameter, name= stays": (
        _pet_body(name=STRING),
        _pet_body((_in("query", "name", STRING),)),
        [("parameter-moved", "request", f"{OP} query parameter name", False)],
    ),
    "a query parameter sent as a union model's body field, name= stays": (
        _pet_body((_in("query", "name", STRING),)),
        _pet_body(name=STRING),
        [("parameter-moved", "request", f"{OP} query parameter name", False)],
    ),
    "a union model's field removed: that one change, its keyword goes with it": (
        _pet_body(name=STRING),
        _pet_body(),
        [("field-removed", "request", f"{OP} request body (option 1).name", True)],
    ),
}


@pytest.mark.parametrize("case", list(UNION_CASES))
def test_a_union_body_as_a_plain_one(case: str, tmp_path: Path) -> None:
    """A discriminated union body's fields are keywords as a model body's are: a
    field moved or removed is one change, as it is for a model body."""
    old, new, expected = UNION_CASES[case]
    assert rows(old, new, tmp_path) == expected


@pytest.mark.parametrize("case", list(CASES))
def test_one_change_per_keyword(case: str, tmp_path: Path) -> None:
    old, new, expected = CASES[case]
    assert rows(old, new, tmp_path) == expected


def test_a_parameter_sent_in_the_body_says_where(tmp_path: Path) -> None:
    old = thing(request=obj(name=STRING), parameters=(_in("query", "flag", INTEGER),))
    new = thing(request=obj(name=STRING, flag=INTEGER))
    assert [c["message"] for c in report(old, new, tmp_path)["changes"]] == [
        "now sent as the body field flag; flag= stays"
    ]


def test_a_new_body_of_moved_parameters_says_when_it_is_not_sent(
    tmp_path: Path,
) -> None:
    """``add_thing(flag=1)`` sends ``?flag=1``, then ``{"flag": 1}``: the same call;
    ``add_thing()`` sends no body, which the API now requires."""
    old = thing(parameters=(_in("query", "flag", INTEGER),))
    new = thing(request=obj(flag=INTEGER))
    assert [c["message"] for c in report(old, new, tmp_path)["changes"]] == [
        "now sent as the body field flag; flag= stays; the request body is now "
        "required, and a call without flag= sends none"
    ]


def _shared(body: dict[str, Any], *parameters: dict[str, Any]) -> dict[str, Any]:
    """``addA`` and ``addB``, each with the request body Thing and ``parameters``."""

    def operation(name: str) -> dict[str, Any]:
        document = thing(
            request={"$ref": "#/components/schemas/Thing"},
            parameters=parameters,
            operation_id=name,
        )
        return dict(document["paths"]["/things"]["post"])

    document = spec(
        {"/a": {"post": operation("addA")}, "/b": {"post": operation("addB")}}
    )
    document["components"] = {"schemas": {"Thing": body}}
    return document


def test_a_body_model_two_operations_share_is_judged_alike_in_each(
    tmp_path: Path,
) -> None:
    old = _shared(obj(name=STRING, size=INTEGER))
    moved = _shared(obj(size=INTEGER), _in("query", "name", STRING))
    assert rows(old, moved, tmp_path) == [
        ("parameter-moved", "request", f"{op} query parameter name", False)
        for op in ("addA", "addB")
    ]
    removed = _shared(obj(size=INTEGER))
    assert rows(old, removed, tmp_path) == [
        ("field-removed", "request", f"{op} request body .name", True)
        for op in ("addA", "addB")
    ]
