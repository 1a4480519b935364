"""`diff` on changes another change could hide: a bound that admits less under a type
that got wider, an enum value a checked format or bound refuses, a change inside the
model or union that other properties (``additionalProperties``) are.

Every case asserts the whole list of changes (kind, side, location, breaking), as in
``test_diff_rules``.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from spec_pairs import Row, obj, report, rows, thing

INTEGER = {"type": "integer"}
NUMBER = {"type": "number"}
STRING = {"type": "string"}
BODY = "addThing request body"
RESPONSE = "addThing response 200 body"


def _others(extra: Any) -> dict[str, Any]:
    """An object with ``additionalProperties: extra``."""
    return {**obj(name=STRING), "additionalProperties": extra}


def _hook(longest: int, **more: Any) -> dict[str, Any]:
    return obj(url={**STRING, "maxLength": longest}, **more)


def _hooks(hook: dict[str, Any]) -> dict[str, Any]:
    """A request body whose other properties are Hooks."""
    document = thing(request=_others({"$ref": "#/components/schemas/Hook"}))
    document["components"] = {"schemas": {"Hook": hook}}
    return document


def _hook_or(hook: dict[str, Any], *others: dict[str, Any]) -> dict[str, Any]:
    """Request and response bodies whose other properties are a Hook or ``others``."""
    union = _others({"oneOf": [{"$ref": "#/components/schemas/Hook"}, *others]})
    document = thing(request=union, response=union)
    document["components"] = {"schemas": {"Hook": hook}}
    return document


def _hook_alias() -> dict[str, Any]:
    """Hook as a recursive type alias: a map of Hooks, or a string."""
    nested = {
        "type": "object",
        "additionalProperties": {"$ref": "#/components/schemas/Hook"},
    }
    return {"oneOf": [nested, STRING]}


def _enum(*values: Any, type_: str = "string") -> dict[str, Any]:
    return {"type": type_, "enum": list(values)}


CASES: dict[str, tuple[dict[str, Any], dict[str, Any], list[Row]]] = {
    # -- a bound under a type that got wider ----------------------------------------
    "request integer to number, maximum 10 now 5": (
        thing(request=obj(n={**INTEGER, "maximum": 10})),
        thing(request=obj(n={**NUMBER, "maximum": 5})),
        [
            ("type-changed", "request", f"{BODY} .n", False),
            ("constraint-changed", "request", f"{BODY} .n", True),
        ],
    ),
    "request integer (int32) to number (int32) with a multipleOf": (
        thing(request=obj(n={**INTEGER, "format": "int32"})),
        thing(request=obj(n={**NUMBER, "format": "int32", "multipleOf": 2})),
        [
            ("type-changed", "request", f"{BODY} .n", False),
            ("constraint-changed", "request", f"{BODY} .n", True),
        ],
    ),
    "request string to a union of a shorter string and an integer": (
        thing(request=obj(n={**STRING, "maxLength": 3})),
        thing(request=obj(n={"oneOf": [{**STRING, "maxLength": 2}, INTEGER]})),
        [
            ("type-changed", "request", f"{BODY} .n", False),
            ("constraint-changed", "request", f"{BODY} .n(option 1)", True),
        ],
    ),
    "request union gained an option, its string got shorter": (
        thing(request=obj(n={"anyOf": [{**STRING, "maxLength": 3}, INTEGER]})),
        thing(
            request=obj(
                n={"anyOf": [{**STRING, "maxLength": 2}, INTEGER, {"type": "boolean"}]}
            )
        ),
        [
            ("type-changed", "request", f"{BODY} .n", False),
            ("constraint-changed", "request", f"{BODY} .n(option 1)", True),
        ],
    ),
    "request other properties integer to number, maximum 10 now 5": (
        thing(request=_others({**INTEGER, "maximum": 10})),
        thing(request=_others({**NUMBER, "maximum": 5})),
        [
            ("extra-changed", "request", BODY, False),
            ("extra-changed", "request", BODY, True),
        ],
    ),
    "response integer to number, maximum 5 now 10: validate_responses only": (
        thing(response=obj(n={**INTEGER, "maximum": 5})),
        thing(response=obj(n={**NUMBER, "maximum": 10})),
        [
            ("type-changed", "response", f"{RESPONSE} .n", True),
            ("constraint-changed", "response", f"{RESPONSE} .n", False),
        ],
    ),
    # -- an enum that became a primitive with a checked format or a bound -----------
    "request enum to number (int32), which refuses one of its values": (
        thing(request=obj(n=_enum(1, 3000000000, type_="integer"))),
        thing(request=obj(n={**NUMBER, "format": "int32"})),
        [("type-changed", "request", f"{BODY} .n", True)],
    ),
    "request enum to integer (int32), which refuses one of its values": (
        thing(request=obj(n=_enum(1, 3000000000, type_="integer"))),
        thing(request=obj(n={**INTEGER, "format": "int32"})),
        [("type-changed", "request", f"{BODY} .n", True)],
    ),
    "request enum to string (email): refuses one enum's values, not another's": (
        thing(request=obj(n=_enum("x", "y"), m=_enum("a@b.c", "d@e.f"))),
        thing(
            request=obj(
                n={**STRING, "format": "email"},
                m={**STRING, "format": "email", "maxLength": 5},
            )
        ),
        [
            ("type-changed", "request", f"{BODY} .n", True),
            ("type-changed", "request", f"{BODY} .m", False),
        ],
    ),
    "request enum to string of at most 1 character": (
        thing(request=obj(n=_enum("ab", "cd"))),
        thing(request=obj(n={**STRING, "maxLength": 1})),
        [("type-changed", "request", f"{BODY} .n", True)],
    ),
    "enum to number of at most 1: refused in a request; parsed before in a response": (
        thing(
            request=obj(n=_enum(1, 2, type_="integer")),
            response=obj(n=_enum(1, 2, type_="integer")),
        ),
        thing(
            request=obj(n={**NUMBER, "maximum": 1}),
            response=obj(n={**INTEGER, "maximum": 1}),
        ),
        [
            ("type-changed", "request", f"{BODY} .n", True),
            ("type-changed", "response", f"{RESPONSE} .n", False),
        ],
    ),
    # -- a model, a union, an inline object as other properties --------------------
    "request other properties a model whose field got shorter": (
        _hooks(_hook(9)),
        _hooks(_hook(3)),
        [("constraint-changed", "request", f"{BODY} {{}}.url", True)],
    ),
    "request other properties a model that gained an optional field": (
        _hooks(_hook(9)),
        _hooks(_hook(9, event=STRING)),
        [("field-added", "request", f"{BODY} {{}}.event", False)],
    ),
    "other properties a union whose string got shorter": (
        thing(
            request=_others({"oneOf": [{**STRING, "maxLength": 3}, INTEGER]}),
            response=_others({"oneOf": [{**STRING, "maxLength": 3}, INTEGER]}),
        ),
        thing(
            request=_others({"oneOf": [{**STRING, "maxLength": 2}, INTEGER]}),
            response=_others({"oneOf": [{**STRING, "maxLength": 2}, INTEGER]}),
        ),
        [
            ("extra-changed", "request", BODY, True),
            ("extra-changed", "response", RESPONSE, False),
        ],
    ),
    "other properties a union whose model became a recursive type alias": (
        _hook_or(_hook(9), INTEGER),
        _hook_or(_hook_alias(), INTEGER),
        [
            ("type-changed", "request", f"{BODY} {{}}(option 1)", True),
            ("type-changed", "response", f"{RESPONSE} {{}}(option 1)", True),
        ],
    ),
    "other properties a union whose model gained a required field": (
        _hook_or(_hook(9), INTEGER),
        _hook_or(_hook(9, event=STRING) | {"required": ["event"]}, INTEGER),
        [
            ("field-added", "request", f"{BODY} {{}}(option 1).event", True),
            ("field-added", "response", f"{RESPONSE} {{}}(option 1).event", False),
        ],
    ),
    "other properties a union whose model lost a field": (
        _hook_or(_hook(9, event=STRING), INTEGER),
        _hook_or(_hook(9), INTEGER),
        [
            ("field-removed", "request", f"{BODY} {{}}(option 1).event", True),
            ("field-removed", "response", f"{RESPONSE} {{}}(option 1).event", True),
        ],
    ),
    "other properties a union whose model's field got shorter, and a new option": (
        _hook_or(_hook(9), INTEGER),
        _hook_or(_hook(3), INTEGER, {"type": "boolean"}),
        [
            ("extra-changed", "request", BODY, False),
            ("constraint-changed", "request", f"{BODY} {{}}(option 1).url", True),
            ("extra-changed", "response", RESPONSE, False),
            ("constraint-changed", "response", f"{RESPONSE} {{}}(option 1).url", False),
        ],
    ),
    "request other properties an inline object whose field got a maxLength": (
        thing(request=_others(obj(a=STRING))),
        thing(request=_others(obj(a={**STRING, "maxLength": 2}))),
        [("constraint-changed", "request", f"{BODY} {{}}.a", True)],
    ),
}


@pytest.mark.parametrize("name", list(CASES))
def test_each_change_is_found_and_classified(name: str, tmp_path: Path) -> None:
    old, new, expected = CASES[name]
    assert rows(old, new, tmp_path) == expected


def test_a_widened_type_and_its_narrower_bound_say_so(tmp_path: Path) -> None:
    old = thing(request=obj(n={**INTEGER, "maximum": 10}))
    new = thing(request=obj(n={**NUMBER, "maximum": 5}))
    assert [c["message"] for c in report(old, new, tmp_path)["changes"]] == [
        "type changed from integer to number; bounds aside, it accepts every value "
        "it did before",
        "maximum 10 is now 5; some values callers could send are now refused",
    ]


def test_widened_other_properties_and_their_narrower_bound_say_so(
    tmp_path: Path,
) -> None:
    # worded as a field's type is (above)
    old = thing(request=_others({**INTEGER, "maximum": 10}))
    new = thing(request=_others({**NUMBER, "maximum": 5}))
    assert [c["message"] for c in report(old, new, tmp_path)["changes"]] == [
        "other properties changed from integer to number; bounds aside, it accepts "
        "every value it did before",
        "other properties: maximum 10 is now 5; some values callers could send are "
        "now refused",
    ]


def test_an_enum_names_the_values_its_new_type_refuses(tmp_path: Path) -> None:
    old = thing(request=obj(n=_enum(1, 3000000000, type_="integer")))
    new = thing(request=obj(n={**NUMBER, "format": "int32"}))
    assert [c["message"] for c in report(old, new, tmp_path)["changes"]] == [
        "type changed from one of 1, 3000000000 to number (int32); 3000000000 now "
        "refused"
    ]


def test_a_union_model_option_of_other_properties_that_became_an_alias_is_said(
    tmp_path: Path,
) -> None:
    # as for a field's union's option that did so: at the option
    old = _hook_or(_hook(9), INTEGER)
    new = _hook_or(_hook_alias(), INTEGER)
    changes = report(old, new, tmp_path)["changes"]
    assert [
        (c["location"], c["message"]) for c in changes if c["side"] == "request"
    ] == [
        (
            f"{BODY} {{}}(option 1)",
            "model HookRequest is now a type alias (exactly one of: object of "
            "HookRequest by key, string)",
        ),
    ]
