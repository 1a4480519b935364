"""A body cannot stall or break the generated validators (issue 17, item 4).

Linear work (``uniqueItems`` hashes, and is not tested on an array already too long), a
depth limit where a schema holds itself, ``multipleOf`` exact on any number, ``NaN`` and
``Infinity`` no JSON numbers; in the validators, in the client with
``validate_responses=True`` and in request rendering. Work is counted, not timed: the
number of Python and C calls a validation makes (``sys.setprofile``), which a quadratic
walk or a recursion into the body multiplies.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from types import ModuleType
from typing import Any

import httpx
import pytest

from validators_support import (
    DEFAULT_SPECS,
    HERE,
    ROOT,
    Oracle,
    body_cases,
    import_source,
    render_validators_source,
)

from conftest import mypy_strict

HOSTILE_SPEC = HERE / "specs" / "hostile.yaml"
DEEP = 100_000


@pytest.fixture(scope="module")
def modules(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ModuleType]:
    directory = tmp_path_factory.mktemp("hostile_validators")
    specs = {"hostile": HOSTILE_SPEC, "v1": DEFAULT_SPECS["v1"]}
    return {
        name: import_source(
            render_validators_source(path, name), f"hostile_{name}", directory
        )
        for name, path in specs.items()
    }


def nested(depth: int, innermost: Any = None, key: str | None = None) -> Any:
    """A value ``depth`` levels deep: lists, or objects with one ``key``; built
    without recursion."""
    value = innermost
    for _ in range(depth):
        value = [value] if key is None else {key: value}
    return value


def tree(depth: int) -> Any:
    """A ``Node`` with one child, and that child one, ``depth`` nodes in all."""
    node: dict[str, Any] = {"name": "leaf"}
    for _ in range(depth - 1):
        node = {"name": "node", "children": [node]}
    return node


def calls(function: Callable[[], object]) -> int:
    """How many functions (Python's and C's) ``function()`` calls."""
    count = 0

    def profile(frame: object, event: str, argument: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        function()
    finally:
        sys.setprofile(None)
    return count


def sets(modules: dict[str, ModuleType], **body: Any) -> list[tuple[str, str]]:
    issues = modules["hostile"].validate_response("addTree", 200, body)
    return [(issue.pointer, issue.rule) for issue in issues]


# -- uniqueItems ------------------------------------------------------------------------


def test_unique_items_is_linear_in_the_array(modules: dict[str, ModuleType]) -> None:
    small = calls(lambda: sets(modules, anything=list(range(200))))
    large = calls(lambda: sets(modules, anything=list(range(2_000))))
    assert large < 12 * small  # ten times the items: about ten times the work
    body = [{"id": number, "tags": [number, str(number)]} for number in range(2_000)]
    assert calls(lambda: sets(modules, anything=body)) < 200 * len(body)


def test_unique_items_is_not_tested_on_an_array_already_too_long(
    modules: dict[str, ModuleType],
) -> None:
    short = ["same"] * 10_000
    assert sets(modules, short=short) == [("/short", "maxItems")]
    assert calls(lambda: sets(modules, short=short)) < 1_000
    assert sets(modules, short=["same", "same"]) == [("/short", "uniqueItems")]


@pytest.mark.parametrize(
    ("items", "unique"),
    [
        ([1, 1.0], False),  # one number
        ([1, True], True),  # a boolean is no number
        ([0, False], True),
        ([True, True], False),
        (["1", 1], True),
        ([None, 0, False, "", [], {}], True),
        ([[1, 2], [2, 1]], True),  # order counts in an array
        ([{"a": 1, "b": [1]}, {"b": [1.0], "a": 1}], False),  # not in an object
        ([[1], [True]], True),
        ([{"a": None}, {}], True),
        ([2**80, float(2**80)], False),
        ([2**80 + 1, float(2**80)], True),
    ],
)
def test_unique_items_is_json_equality_as_openapi_core_sees_it(
    modules: dict[str, ModuleType], items: list[Any], unique: bool
) -> None:
    assert (sets(modules, anything=items) == []) is unique
    case = next(case for case in body_cases("hostile", HOSTILE_SPEC) if case.status)
    assert (Oracle(HOSTILE_SPEC).errors(case, {"anything": items}) == []) is unique


def test_unique_items_compares_items_of_any_depth(
    modules: dict[str, ModuleType],
) -> None:
    assert sets(modules, anything=[nested(DEEP, 1), nested(DEEP, 1.0)]) == [
        ("/anything", "uniqueItems")
    ]
    assert sets(modules, anything=[nested(DEEP, 1), nested(DEEP, True)]) == []
    assert sets(modules, anything=[nested(DEEP, 1, "k"), nested(DEEP, 2, "k")]) == []


# -- depth -------------------------------------------------------------------------------


def test_a_schema_that_holds_itself_is_followed_200_levels_deep(
    modules: dict[str, ModuleType],
) -> None:
    hostile = modules["hostile"]
    assert hostile.validate_request("addTree", tree(100)) == []  # 199 levels
    issues = hostile.validate_request("addTree", tree(DEEP))
    assert [(issue.rule, issue.expected) for issue in issues] == [
        ("depth", "at most 200 levels of nesting")
    ]
    assert issues[0].pointer.startswith("/children/0/children/0/")
    assert '{"name": "node", "children": [{"name": "node"' in issues[0].value
    # A union passes the depth on as well: too deep, its alternatives all fail.
    chains = [nested(depth, {"name": "last"}, key="next") for depth in (1_000, DEEP)]
    for chain in chains:
        chain["name"] = "first"
        assert [i.rule for i in hostile.validate_request("addTree", chain)] == ["oneOf"]
    # The work stops where the checks stop, however deep the body goes on.
    work = [
        calls(lambda: hostile.validate_request("addTree", chain)) for chain in chains
    ]
    assert work[1] < work[0] + 100  # (give or take a first call's set-up)
    trees = [tree(1_000), tree(DEEP)]
    work = [calls(lambda: hostile.validate_request("addTree", body)) for body in trees]
    assert work[1] < work[0] + 100  # (give or take a first call's set-up)


def test_a_deep_body_where_the_schema_ends_is_an_ordinary_issue(
    modules: dict[str, ModuleType],
) -> None:
    v1 = modules["v1"]
    (issue,) = v1.validate_response("getActivities", 200, nested(DEEP))
    assert (issue.pointer, issue.rule, issue.expected) == ("", "type", "object")
    assert issue.value == "[" * 57 + "..."
    (issue,) = v1.validate_response(
        "getActivities", 200, {"data": nested(DEEP, key="x")}
    )
    assert (issue.pointer, issue.rule) == ("/data", "type")
    assert issue.value == ('{"x": ' * 10)[:57] + "..."
    # Where the spec says nothing of a value, nothing looks into it.
    assert sets(modules, free=nested(DEEP)) == []
    assert calls(lambda: sets(modules, free=nested(DEEP))) < 1_000


# -- numbers -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "multiple"),
    [
        ({"tenth": 10**400}, True),  # exact, as the spec writes 0.1
        ({"tenth": -(10**400) - 1}, True),
        ({"tenth": 1e308}, True),
        ({"third": 10**400}, False),
        ({"third": 3 * 10**400}, True),
        # Small enough for openapi-core (it overflows on the others):
        ({"tenth": 0.5}, True),
        ({"tenth": 0.05}, False),
        ({"tenth": 5e-324}, False),
        ({"third": 2**70 * 3}, True),
    ],
)
def test_multiple_of_is_exact_on_any_number(
    modules: dict[str, ModuleType], body: dict[str, Any], multiple: bool
) -> None:
    assert [rule for _, rule in sets(modules, **body)] == ["multipleOf"] * (
        not multiple
    )
    (value,) = body.values()
    if abs(value) < 1e300:
        case = next(c for c in body_cases("hostile", HOSTILE_SPEC) if c.status)
        assert (Oracle(HOSTILE_SPEC).errors(case, body) == []) is multiple


@pytest.mark.parametrize(
    ("body", "found"),
    [
        ({"tenth": float("nan")}, [("/tenth", "type")]),
        ({"tenth": float("inf")}, [("/tenth", "type")]),
        ({"third": float("nan")}, [("/third", "type")]),
        ({"amount": float("nan")}, [("/amount", "type")]),
        ({"amount": float("-inf")}, [("/amount", "type")]),
        ({"amount": float("inf")}, [("/amount", "type")]),
        ({"numbers": [1.5, float("nan")]}, [("/numbers/1", "type")]),
        ({"amount": 1e-300, "numbers": [10**400, 1e308]}, []),
    ],
)
def test_nan_and_infinity_fail_every_number_schema(
    modules: dict[str, ModuleType], body: dict[str, Any], found: list[Any]
) -> None:
    assert sets(modules, **body) == found


def test_nan_and_infinity_are_no_json_numbers_for_any_number_schema(
    modules: dict[str, ModuleType],
) -> None:
    body = json.loads((ROOT / "tests/data/seed/addActivity.200.json").read_text())
    assert modules["v1"].validate_response("addActivity", 201, body) == []
    for value in (float("nan"), float("inf"), float("-inf")):
        deals = {"300": {"id": 300, "title": "Deal", "value": value}}
        body["related_objects"]["deal"] = deals
        issues = modules["v1"].validate_response("addActivity", 201, body)
        assert [(i.pointer, i.rule, i.expected) for i in issues] == [
            ("/related_objects/deal/300/value", "type", "number")
        ]
        assert issues[0].value in ("NaN", "Infinity", "-Infinity")


# -- the generated client ----------------------------------------------------------------


def deep_json(depth: int) -> bytes:
    return b'{"success": true, "data": ' + b"[" * depth + b"]" * depth + b"}"


def client(answer: bytes, **options: Any) -> Any:
    from pipedrive_client import PipedriveClient

    def respond(request: httpx.Request) -> httpx.Response:
        return httpx.Response(
            201, content=answer, headers={"content-type": "application/json"}
        )

    return PipedriveClient(
        api_token="secret-token", transport=httpx.MockTransport(respond), **options
    )


def test_a_deep_response_is_a_validation_error_of_the_client() -> None:
    from pipedrive_client import ResponseValidationError

    with client(deep_json(DEEP), validate_responses=True) as validating:
        with pytest.raises(ResponseValidationError) as raised:
            validating.v1.add_activity(subject="Call")
    assert [issue.rule for issue in raised.value.issues] == ["depth"]
    assert "secret-token" not in str(raised.value)
    with client(deep_json(500), validate_responses=True) as validating:
        with pytest.raises(ResponseValidationError) as raised:
            validating.v1.add_activity(subject="Call")
    assert [issue.pointer for issue in raised.value.issues] == ["/data"]
    with client(deep_json(DEEP)) as lenient:  # the 2xx kept, the mismatch warned of
        with pytest.warns(Warning, match="nested too deeply"):
            lenient.v1.add_activity(subject="Call")


@pytest.mark.parametrize("validate", [False, True])
def test_a_deep_request_body_is_a_value_error_before_anything_is_sent(
    validate: bool,
) -> None:
    from pipedrive_client.v1.models import AddActivityRequest

    sent: list[httpx.Request] = []

    def respond(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(201, json={"success": True})

    from pipedrive_client import PipedriveClient

    with PipedriveClient(
        api_token="secret-token",
        transport=httpx.MockTransport(respond),
        validate_requests=validate,
    ) as pipedrive:
        with pytest.raises(ValueError, match="depth"):
            pipedrive.v1.add_activity(participants=[{"person": nested(DEEP)}])
        body = AddActivityRequest(subject="Call").with_extra_fields({"x": nested(DEEP)})
        with pytest.raises(ValueError, match="depth"):
            pipedrive.v1.add_activity(body=body)
    assert sent == []


def test_the_committed_validators_take_deep_and_odd_bodies() -> None:
    from pipedrive_client.v1 import validators

    for body in (
        nested(DEEP),
        nested(DEEP, key="data"),
        {"data": [nested(DEEP, key="id")]},
        {"data": [{"id": float("nan"), "due_date": nested(DEEP)}]},
        {"data": [{"id": 10**4000}] * 10_000},
    ):
        assert isinstance(
            validators.validate_response("getActivities", 200, body), list
        )


def test_the_module_with_depth_counting_passes_mypy_strict(
    modules: dict[str, ModuleType],
) -> None:
    result = subprocess.run(
        mypy_strict(str(modules["hostile"].__file__)),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_first_stops_at_the_first_issue(modules: dict[str, ModuleType]) -> None:
    v1 = modules["v1"]
    body = {"data": [{"id": str(number)} for number in range(1_000)]}
    every = v1.validate_response("getActivities", 200, body)
    assert len(every) == 1_000
    assert v1.validate_response("getActivities", 200, body, first=True) == every[:1]
    assert v1.validate_get_activities_response_200(body, first=True) == every[:1]
    assert calls(
        lambda: v1.validate_response("getActivities", 200, body, first=True)
    ) < (calls(lambda: v1.validate_response("getActivities", 200, body)) / 100)
    request = {"subject": 5, "done": 2}
    assert v1.validate_request("addActivity", request, first=True) == (
        v1.validate_request("addActivity", request)[:1]
    )
    # An alternative of a union that fails is no issue of the body.
    hostile = modules["hostile"]
    assert hostile.validate_request("addTree", tree(3), first=True) == []
    linked = {"name": "a", "next": {"name": "b", "next": "c"}}
    assert hostile.validate_request("addTree", linked, first=True) == []
    assert [i.rule for i in hostile.validate_request("addTree", {}, first=True)] == [
        "required"
    ]


def test_first_keeps_nothing_between_calls(modules: dict[str, ModuleType]) -> None:
    # Every first=True walk shares one FIRST_ISSUE: it can hold no issue (it gives
    # each back to the check that found it), and a result must be a list of the
    # caller's own.
    v1 = modules["v1"]
    valid = {"success": True, "data": [{"id": 1}]}
    result = v1.validate_get_activities_response_200(valid, first=True)
    assert result == [] and result is not v1.FIRST_ISSUE
    result.append("mine")
    invalid = {"data": [{"id": "1"}, {"id": "2"}]}
    [found] = v1.validate_get_activities_response_200(invalid, first=True)
    assert found.pointer == "/data/0/id"
    assert v1.validate_get_activities_response_200(valid, first=True) == []
    assert not hasattr(v1.FIRST_ISSUE, "__dict__")
    assert v1.FIRST_ISSUE.append(found) is found
