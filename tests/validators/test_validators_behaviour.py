"""The generated validators.py as a user meets it: its API, its issues, its exact rules."""

from __future__ import annotations

import ast
import enum
from collections import defaultdict
import inspect
import json
import subprocess
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from validators_support import (
    DEFAULT_SPECS,
    FEATURES_SPEC,
    ROOT,
    Oracle,
    body_cases,
    import_source,
    render_validators_source,
)

from conftest import mypy_strict

EXAMPLES = ROOT / "specs" / "pipedrive" / "examples"
SEED = ROOT / "tests" / "data" / "seed"
# Where Pipedrive's own examples break their spec (reported, and listed as known drift
# by the contract tests): v1 sends has_pic as a boolean, the spec says integer.
EXAMPLE_DRIFT = {
    "v1/addActivity.201.json": [
        "#/related_objects/user/1234/has_pic: type: expected integer, got false"
    ],
    "v1/getActivities.200.json": [
        "#/related_objects/user/1234/has_pic: type: expected integer, got false"
    ],
    "v1/getActivity.200.json": [
        "#/related_objects/user/1234/has_pic: type: expected integer, got false"
    ],
    "v1/updateActivity.200.json": [
        "#/related_objects/user/1234/has_pic: type: expected integer, got false"
    ],
}


@pytest.fixture(scope="module")
def modules(tmp_path_factory: pytest.TempPathFactory) -> dict[str, ModuleType]:
    directory = tmp_path_factory.mktemp("behaviour_validators")
    specs = {**DEFAULT_SPECS, "features": FEATURES_SPEC}
    return {
        name: import_source(
            render_validators_source(path, name), f"behaviour_{name}", directory
        )
        for name, path in specs.items()
    }


def thing(**values: Any) -> dict[str, Any]:
    return {"name": "ab", "kind": "small", **values}


def issues_of(module: ModuleType, *args: Any) -> list[str]:
    return [str(issue) for issue in module.validate_request(*args)]


# -- the API ----------------------------------------------------------------------------


def test_the_seed_bodies_are_valid(modules: dict[str, ModuleType]) -> None:
    v1 = modules["v1"]
    request = json.loads((SEED / "addActivity.request.json").read_text())
    response = json.loads((SEED / "addActivity.200.json").read_text())
    assert v1.validate_request("addActivity", request) == []
    assert v1.validate_add_activity_request(request) == []
    assert v1.validate_response("addActivity", 201, response) == []
    assert v1.validate_add_activity_response_201(response) == []
    v1.ensure_request("addActivity", request)
    v1.ensure_response("addActivity", 201, response)


def test_an_issue_says_where_which_rule_and_what_was_there(
    modules: dict[str, ModuleType],
) -> None:
    body = {
        "subject": 5,
        "done": 2,
        "deal_id": "300",
        "lead_id": "abc-def",
        "due_date": "2024-02-30",
    }
    issues = modules["v1"].validate_request("addActivity", body)
    # In the order of the checks, which group properties checked alike.
    assert sorted((i.pointer, i.rule, i.expected, i.value) for i in issues) == [
        ("/deal_id", "type", "integer", '"300"'),
        ("/done", "enum", "one of 0, 1", "2"),
        ("/due_date", "format", "date", '"2024-02-30"'),
        ("/lead_id", "format", "uuid", '"abc-def"'),
        ("/subject", "type", "string", "5"),
    ]
    deal_id = next(issue for issue in issues if issue.pointer == "/deal_id")
    assert str(deal_id) == '#/deal_id: type: expected integer, got "300"'


def test_ensure_raises_one_exception_listing_every_issue(
    modules: dict[str, ModuleType],
) -> None:
    v1 = modules["v1"]
    with pytest.raises(v1.InvalidBody) as raised:
        v1.ensure_request("addActivity", {"subject": 5, "done": True})
    assert len(raised.value.issues) == 2
    assert str(raised.value).splitlines() == [
        "the addActivity request body does not match the spec (2 issues):",
        "  #/subject: type: expected string, got 5",
        "  #/done: type: expected number, got true",
    ]
    assert isinstance(raised.value, ValueError)
    with pytest.raises(v1.InvalidBody, match="addActivity 201 response body"):
        v1.ensure_response("addActivity", 201, [])


def test_unknown_operations_are_a_mistake_of_the_caller(
    modules: dict[str, ModuleType],
) -> None:
    with pytest.raises(LookupError, match="no operation 'addActivities'"):
        modules["v1"].validate_request("addActivities", {})
    with pytest.raises(LookupError):
        modules["v1"].validate_response("add_activity", 201, {})


def test_an_undeclared_status_is_an_issue_and_default_covers_the_rest(
    modules: dict[str, ModuleType],
) -> None:
    (issue,) = modules["v1"].validate_response("addActivity", 200, {})
    assert (issue.pointer, issue.rule, issue.expected, issue.value) == (
        "",
        "status",
        "a status of 201",
        "200",
    )
    features = modules["features"]
    assert features.validate_response("addThing", 500, {"error": "boom"}) == []
    assert [i.rule for i in features.validate_response("addThing", 500, {})] == [
        "required"
    ]


def test_a_status_counts_before_its_range_and_the_range_before_default(
    modules: dict[str, ModuleType],
) -> None:
    features = modules["features"]

    def rules(status: int, body: object) -> list[str]:
        issues = features.validate_response("getThing", status, body)
        return [f"{issue.rule} {issue.pointer or issue.expected}" for issue in issues]

    assert rules(200, {"id": 1}) == []
    assert rules(200, {"queued": True}) == ["required /id"]
    assert rules(202, {"queued": True}) == []
    assert rules(202, {"id": 1}) == ["required /queued"]
    assert rules(404, {"missing": 1}) == []
    assert rules(400, {"missing": 1}) == ["required /reason"]
    assert rules(409, {"reason": "taken"}) == []
    assert rules(500, {"reason": "boom"}) == ["required /error"]
    assert rules(302, {"error": "moved"}) == []  # default covers every other status
    assert "def validate_get_thing_response_2xx(" in inspect.getsource(features)


def test_operations_without_a_request_body_have_nothing_to_check(
    modules: dict[str, ModuleType],
) -> None:
    assert modules["v1"].validate_request("getActivities", {"anything": 1}) == []


def test_pointers_escape_slash_and_tilde(modules: dict[str, ModuleType]) -> None:
    issues = modules["features"].validate_request(
        "addThing", thing(labels={"a/b~c": -1})
    )
    assert [issue.pointer for issue in issues] == ["/labels/a~1b~0c"]
    closed = modules["features"].validate_request("addThing", thing(**{"x/y": 1}))
    assert [(i.pointer, i.rule) for i in closed] == [("/x~1y", "additionalProperties")]


def test_long_values_are_shortened(modules: dict[str, ModuleType]) -> None:
    (issue,) = modules["features"].validate_request("addThing", thing(name=["x" * 200]))
    assert issue.value.endswith("...") and len(issue.value) == 60


# -- exact semantics -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "valid"),
    [
        (1, True),
        (1.0, False),
        (True, False),
        ("1", False),
        (None, False),
        (2**70, True),
    ],
)
def test_integers_are_integers(
    modules: dict[str, ModuleType], value: Any, valid: bool
) -> None:
    assert (
        modules["v1"].validate_request("addActivity", {"deal_id": value}) == []
    ) is valid


@pytest.mark.parametrize(
    ("value", "valid"),
    [(0, True), (1.0, True), (True, False), (2, False), ("1", False)],
)
def test_number_booleans_are_numbers_zero_or_one(
    modules: dict[str, ModuleType], value: Any, valid: bool
) -> None:
    assert (
        modules["v1"].validate_request("addActivity", {"done": value}) == []
    ) is valid


def test_null_only_where_the_spec_says_nullable(modules: dict[str, ModuleType]) -> None:
    v1, v2 = modules["v1"], modules["v2"]
    assert (
        v1.validate_request("addActivity", {"lead_id": None, "project_id": None}) == []
    )
    assert [
        (i.pointer, i.rule)
        for i in v1.validate_request("addActivity", {"deal_id": None})
    ] == [("/deal_id", "nullable")]
    last_page = {"success": True, "data": [], "additional_data": {"next_cursor": None}}
    assert [
        i.pointer for i in v2.validate_response("getActivities", 200, last_page)
    ] == [
        "/additional_data/next_cursor"  # v2 declares no nullable at all
    ]


def test_response_enums_are_closed(modules: dict[str, ModuleType]) -> None:
    body = {"success": True, "data": {"side": 1}, "status": "archived"}
    assert [
        i.rule for i in modules["features"].validate_response("addThing", 201, body)
    ] == ["enum"]


def test_subclasses_of_json_types_are_those_types(
    modules: dict[str, ModuleType],
) -> None:
    class Kind(enum.StrEnum):
        SMALL = "small"

    class Flag(enum.IntEnum):
        ON = 1

    assert (
        modules["features"].validate_request(
            "addThing",
            thing(
                kind=Kind.SMALL,
                level=Flag.ON,
                owner={"id": Flag.ON, "name": Kind.SMALL},  # plain integer, string
            ),
        )
        == []
    )


def test_arrays_of_objects_in_a_property_are_checked_item_by_item(
    modules: dict[str, ModuleType],
) -> None:
    # An array of objects that is a property is walked in its object's own check (a
    # list), or by the array's function (anything else): the same issues either way.
    v2 = modules["v2"]

    class Attendees(list[Any]):
        pass

    attendees = [{"email": "a@example.org"}, {"email": 5, "user_id": "7"}]
    expected = [
        "#/attendees/1/email: type: expected string, got 5",
        '#/attendees/1/user_id: type: expected integer, got "7"',
    ]
    for value in (attendees, Attendees(attendees)):
        body = {"subject": "Call", "attendees": value}
        assert issues_of(v2, "addActivity", body) == expected
        assert [str(i) for i in v2.validate_add_activity_request(body, first=True)] == (
            expected[:1]
        )
    assert issues_of(v2, "addActivity", {"attendees": {"0": {}}}) == [
        '#/attendees: type: expected array, got {"0": {}}'
    ]
    assert issues_of(v2, "addActivity", {"attendees": [], "participants": [[]]}) == [
        "#/participants/0: type: expected object, got []"
    ]
    # An array of scalars likewise: each item checked in the object's own loop.
    v1 = modules["v1"]
    ids = [1, "2", True, None]
    expected = [
        '#/data/id/1: type: expected integer, got "2"',
        "#/data/id/2: type: expected integer, got true",
        "#/data/id/3: nullable: expected integer, got null",
    ]
    for value in (ids, Attendees(ids)):
        body = {"success": True, "data": {"id": value}}
        found = v1.validate_response("deleteActivities", 200, body)
        assert [str(issue) for issue in found] == expected
        assert v1.validate_response("deleteActivities", 200, body, first=True) == (
            found[:1]
        )
    body = {"data": {"id": 5}}
    assert [str(i) for i in v1.validate_response("deleteActivities", 200, body)] == [
        "#/data/id: type: expected array, got 5"
    ]


def test_string_properties_are_looked_at_together_then_one_by_one(
    modules: dict[str, ModuleType],
) -> None:
    # The location's ten string properties: all there and all strings is one look
    # (all_strings); a missing one, a value of another type or a dict subclass is
    # looked at one by one, and the body is never changed.
    v2 = modules["v2"]

    class Text(str):
        pass

    keys = ["value", "country", "admin_area_level_1", "admin_area_level_2"]
    keys += ["locality", "sublocality", "route", "street_number", "subpremise"]
    location: dict[str, Any] = {key: f"{key}!" for key in [*keys, "postal_code"]}
    assert issues_of(v2, "addActivity", {"location": location}) == []
    assert issues_of(v2, "addActivity", {"location": {"route": Text("Main")}}) == []
    for wrong in (5, None, b"x", ["x"]):
        body = {"location": {**location, "route": wrong}}
        [found] = v2.validate_add_activity_request(body)
        assert (found.pointer, found.rule) == (
            "/location/route",
            "nullable" if wrong is None else "type",
        )
        assert v2.validate_add_activity_request(body, first=True) == [found]
    sparse = defaultdict(str, {"route": "Main"})
    assert issues_of(v2, "addActivity", {"location": sparse}) == []
    assert dict(sparse) == {"route": "Main"}  # no key filled in
    sparse["country"] = 5
    assert issues_of(v2, "addActivity", {"location": sparse}) == [
        "#/location/country: type: expected string, got 5"
    ]


def test_one_of_means_exactly_one(modules: dict[str, ModuleType]) -> None:
    features = modules["features"]
    assert (
        features.validate_response(
            "addThing", 201, {"success": True, "data": {"side": 2}}
        )
        == []
    )
    both = {"success": True, "data": {"side": 2, "radius": 1}}
    assert [i.rule for i in features.validate_response("addThing", 201, both)] == [
        "oneOf"
    ]


def test_the_upstream_examples_validate_clean_but_for_known_drift(
    modules: dict[str, ModuleType],
) -> None:
    index = json.loads((EXAMPLES / "index.json").read_text())
    seen = {}
    for entry in index:
        module = modules[entry["api"]]
        if entry["operationId"] not in module._RESPONSE_VALIDATORS:
            continue  # an example of an operation outside the activity subset
        body = json.loads((EXAMPLES / entry["file"]).read_text())
        issues = module.validate_response(entry["operationId"], entry["status"], body)
        seen[entry["file"]] = [str(issue) for issue in issues]
    assert {name: found for name, found in seen.items() if found} == EXAMPLE_DRIFT
    assert len(seen) == 13


def test_openapi_core_sees_the_same_drift_in_the_examples() -> None:
    oracles = {name: Oracle(path) for name, path in DEFAULT_SPECS.items()}
    cases = {
        (case.spec, case.operation_id, case.status): case
        for name, path in DEFAULT_SPECS.items()
        for case in body_cases(name, path)
    }
    for entry in json.loads((EXAMPLES / "index.json").read_text()):
        case = cases.get((entry["api"], entry["operationId"], entry["status"]))
        if case is not None:
            body = json.loads((EXAMPLES / entry["file"]).read_text())
            assert bool(oracles[case.spec].errors(case, body)) == (
                entry["file"] in EXAMPLE_DRIFT
            )


# Where openapi-core is looser than the RFCs it implements, the validators follow the RFC:
# jsonschema checks uuid with Python's UUID() (which takes "_", "+" and spaces inside the
# hex), date-time with a regex that allows a final newline, and email as "has an @".
STRICTER_THAN_OPENAPI_CORE = [
    ("ref", "12345678-1234-1234-1234-1234567890_1"),
    ("ref", "+2345678-1234-1234-1234-123456789012"),
    ("ref", " 2345678-1234-1234-1234-123456789012"),
    ("starts_at", "2024-01-01T10:00:00Z\n"),
    ("contact", "@"),
    ("contact", "a@"),
    ("contact", "@example.com"),
    ("contact", "a b@example.com"),
    ("contact", "a@b@example.com"),
]


@pytest.mark.parametrize(("key", "value"), STRICTER_THAN_OPENAPI_CORE)
def test_formats_follow_the_rfcs_where_openapi_core_is_looser(
    modules: dict[str, ModuleType], key: str, value: str
) -> None:
    case = next(
        case for case in body_cases("features", FEATURES_SPEC) if case.status is None
    )
    assert Oracle(FEATURES_SPEC).errors(case, thing(**{key: value})) == []
    assert [
        i.rule
        for i in modules["features"].validate_request("addThing", thing(**{key: value}))
    ] == ["format"]


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("contact", "first.last+tag@example.co.uk"),
        ("contact", '"quoted local"@example.com'),
        ("contact", "user@[192.168.0.1]"),
        ("starts_at", "2024-02-29t23:59:59.123456+05:30"),
        ("ref", "46C3B0E1-DB35-59CA-1828-4817378DFF71"),
        ("day", "2024-02-29"),
    ],
)
def test_valid_formats_pass(
    modules: dict[str, ModuleType], key: str, value: str
) -> None:
    assert modules["features"].validate_request("addThing", thing(**{key: value})) == []


# -- the generated module itself -----------------------------------------------------------


def test_the_module_imports_only_the_standard_library(
    modules: dict[str, ModuleType],
) -> None:
    package = Path(modules["features"].__file__ or "").parents[1]
    code = (
        "import importlib, sys\n"
        "before = set(sys.modules)\n"
        f"sys.path.insert(0, {str(package.parent)!r})\n"
        f"importlib.import_module('{package.name}.spec.validators')\n"
        "new = {m.split('.')[0] for m in set(sys.modules) - before}\n"
        f"print(sorted(new - set(sys.stdlib_module_names) - {{{package.name!r}}}))\n"
    )
    result = subprocess.run(
        [sys.executable, "-I", "-c", code],
        capture_output=True,
        text=True,
        check=False,
        cwd="/",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"


def test_each_module_imports_only_the_runtime_names_it_uses(
    modules: dict[str, ModuleType],
) -> None:
    for name, module in modules.items():
        tree = ast.parse(Path(module.__file__ or "").read_text(encoding="utf-8"))
        imported = {
            alias.name
            for node in tree.body
            if isinstance(node, ast.ImportFrom) and node.level
            for alias in node.names
        }
        used = {node.id for node in ast.walk(tree) if isinstance(node, ast.Name)}
        assert imported - used == set(), name
        assert "Issue" in imported and "InvalidBody" in imported, name


def test_the_features_module_passes_mypy_strict(modules: dict[str, ModuleType]) -> None:
    # The default specs' modules are checked with the whole package (tests/test_quality.py);
    # this one has what they lack: unions, typed extras, bounds, patterns.
    result = subprocess.run(
        mypy_strict(str(modules["features"].__file__)),
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_committed_packages_hold_the_validators() -> None:
    for name in DEFAULT_SPECS:
        assert (
            ROOT / "generated" / "pipedrive_client" / name / "validators.py"
        ).is_file()
    assert Path(FEATURES_SPEC).is_file()
