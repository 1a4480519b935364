"""Schemas that hold themselves with no model between (issue 19, Discord's
``ErrorDetails``): recursive type aliases, through the CLI and the generated package.

``recursive.yaml`` has a map whose values are a union holding the map itself
(``ErrorDetails``), a list holding itself (``Tree``), an ``anyOf`` holding itself through
a ``$ref`` with null among its values (``Json``, ``JsonList``) and a map keyed by ids of
itself (``ById``). A schema that holds itself through unions alone, with nothing that
could end it, stays one located line (``test_public_spec_bugs.py``).
"""

from __future__ import annotations

import importlib
import json
import subprocess
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import yaml
from breadth_support import generate_one, import_all, imported, mypy_all
from conftest import mypy_strict
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from openapi_core.validation.request.validators import V30RequestBodyValidator
from openapi_core.validation.response.validators import V30ResponseDataValidator
from oracle import rewrite_placeholders
from pydantic import TypeAdapter, ValidationError

SPEC = Path(__file__).with_name("recursive.yaml")
PACKAGE = "recursive"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_one(SPEC, PACKAGE, tmp_path_factory.mktemp("recursive"))


@pytest.fixture(scope="module")
def package(root: Path) -> Iterator[ModuleType]:
    with imported(root, PACKAGE) as package:
        yield package


@pytest.fixture(scope="module")
def models(package: ModuleType) -> ModuleType:
    return importlib.import_module(f"{PACKAGE}.api.models")


@pytest.fixture(scope="module")
def validators(package: ModuleType) -> ModuleType:
    return importlib.import_module(f"{PACKAGE}.api.validators")


USER_SCRIPT = """\
from recursive.api.models import EnvelopeRequest, ErrorDetails, Json, Tree

details: ErrorDetails = {"user": {"name": {}}}
tree: Tree = [1, [2, [3, []]]]
value: Json = {"a": [1.5, "b", None, {"c": True}]}
request = EnvelopeRequest(errors={"x": {}}, tree=[1, [2]], value=None)
wrong: Tree = [1, ["2"]]
"""


def test_the_package_imports_and_type_checks(root: Path) -> None:
    assert import_all(root, [PACKAGE]) == {PACKAGE: None}
    assert mypy_all(root, [PACKAGE]) == {PACKAGE: []}
    # a user's code: the aliases are types mypy follows into themselves
    (root / "use.py").write_text(USER_SCRIPT)
    checked = subprocess.run(
        mypy_strict("use.py"),
        cwd=root,
        capture_output=True,
        text=True,
        check=False,
    )
    errors = [line for line in checked.stdout.splitlines() if ": error:" in line]
    assert len(errors) == 1 and errors[0].startswith("use.py:7: "), checked.stdout


def test_the_models_name_the_aliases(models: ModuleType) -> None:
    source = Path(models.__file__).read_text()
    assert 'ErrorDetails = TypeAliasType(\n    "ErrorDetails"' in source or (
        'ErrorDetails = TypeAliasType("ErrorDetails", ' in source
    )
    assert models.Envelope.model_fields["errors"].annotation == (
        models.ErrorDetails | None
    )


def test_a_response_parses_to_any_depth(models: ModuleType) -> None:
    envelope = models.Envelope.model_validate(
        {
            "errors": {
                "user": {"name": {"_errors": [{"code": "TOO_SHORT", "message": "m"}]}}
            },
            "tree": [1, [2, [3, []]]],
            "value": {"a": [1, "b", None, {"c": True}]},
            "by_id": {"1": {"2": {}}},
        }
    )
    inner = envelope.errors["user"]["name"]
    assert type(inner) is models.InnerErrors
    assert inner.field_errors[0].code == "TOO_SHORT"
    assert envelope.tree == [1, [2, [3, []]]]
    assert envelope.value == {"a": [1.0, "b", None, {"c": True}]}
    assert envelope.by_id == {1: {2: {}}}
    assert envelope.model_dump(mode="json", exclude_unset=True)["errors"] == {
        "user": {"name": {"_errors": [{"code": "TOO_SHORT", "message": "m"}]}}
    }


def test_a_request_model_checks_every_level(models: ModuleType) -> None:
    request = models.EnvelopeRequest(errors={"x": {"y": {}}}, tree=[1, [2, [3]]])
    assert request.model_dump(mode="json", exclude_unset=True) == {
        "errors": {"x": {"y": {}}},
        "tree": [1, [2, [3]]],
    }
    for wrong in (
        {"errors": {"x": {"y": 1}}},  # neither a map nor InnerErrors
        {"errors": {}, "tree": [1, [2, ["3"]]]},  # a string three levels down
        {"errors": {}, "value": {"a": [{"b": object()}]}},
    ):
        with pytest.raises(ValidationError):
            models.EnvelopeRequest.model_validate(wrong)


def test_the_client_sends_and_returns_aliased_types(
    package: ModuleType, models: ModuleType
) -> None:
    sent: list[Any] = []

    def handle(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            sent.append(json.loads(request.content))
            return httpx.Response(200, json={"errors": {"a": {"_errors": []}}})
        return httpx.Response(200, json=[{"k": [None, 1]}, "x"])

    client = package.RecursiveClient(
        api_token="t",
        transport=httpx.MockTransport(handle),
        validate_requests=True,
        validate_responses=True,
    )
    answer = client.api.send_envelope(errors={"a": {"b": {}}}, tree=[[1]])
    assert sent == [{"errors": {"a": {"b": {}}}, "tree": [[1]]}]
    assert type(answer.errors["a"]) is models.InnerErrors
    assert client.api.get_json() == [{"k": [None, 1.0]}, "x"]
    # the request model refuses it: the client's error, pydantic's as its cause
    with pytest.raises(package.RequestValidationError) as refused:
        client.api.send_envelope(errors={"a": []})
    assert isinstance(refused.value.__cause__, ValidationError)
    # each alternative's complaint, as pydantic makes them: a map's, InnerErrors'
    assert [(i.pointer, i.rule, i.expected) for i in refused.value.issues] == [
        ("/errors/a", "type", "object"),
        ("/errors/_errors", "required", "a value"),
        ("/errors/a", "additionalProperties", "no other property"),
    ]
    assert len(sent) == 1


class Oracle:
    """openapi-core's verdict on a body of the spec."""

    def __init__(self) -> None:
        spec = rewrite_placeholders(yaml.safe_load(SPEC.read_text()))
        self.api = OpenAPI.from_dict(spec)
        self.requests = V30RequestBodyValidator(self.api.spec)
        self.responses = V30ResponseDataValidator(self.api.spec)

    def valid(self, method: str, path: str, body: Any, response: bool) -> bool:
        data = json.dumps(body).encode()
        request = MockRequest(
            "https://api.example.com",
            method,
            path,
            data=b"" if response else data,
            content_type="application/json",
        )
        if not response:
            return not list(self.requests.iter_errors(request))
        answer = MockResponse(data, status_code=200, content_type="application/json")
        return not list(self.responses.iter_errors(request, answer))


ERRORS = [
    {},
    {"a": {}},
    {"a": {"b": {"_errors": [{"code": "X"}]}}},
    {"a": {"b": {"_errors": [{"message": "no code"}]}}},
    {"a": {"b": 1}},
    {"a": [{}]},
    {"_errors": []},
    {"_errors": "x"},
    None,
]
TREES = [[], [1, [2, [3]]], [1, [2, ["3"]]], [[[[[]]]]], [None], 1]
VALUES = [None, "a", 1.5, [1, [None, {"a": {"b": [True]}}]], {"a": None}, [{"a": []}]]
VALUES += [[1, [{"a": {"b": [[]]}}]], {"a": [{"b": {}}]}, [[[[None]]]]]
IDS = [{}, {"1": {"2": {}}}, {"1": {"2": 3}}, {"1": None}]


@pytest.mark.parametrize("response", [False, True], ids=["request", "response"])
def test_validators_agree_with_openapi_core(
    validators: ModuleType, response: bool
) -> None:
    oracle = Oracle()
    bodies: list[Any] = [{"errors": errors} for errors in ERRORS]
    bodies += [{"errors": {}, "tree": tree} for tree in TREES]
    bodies += [{"errors": {}, "value": value} for value in VALUES]
    bodies += [{"errors": {}, "by_id": ids} for ids in IDS]
    verdicts = []
    for body in bodies:
        if response:
            issues = validators.validate_response("sendEnvelope", 200, body)
        else:
            issues = validators.validate_request("sendEnvelope", body)
        expected = oracle.valid("post", "/envelopes", body, response)
        verdicts.append((json.dumps(body), not issues, expected))
    for value in VALUES:
        issues = validators.validate_response("getJson", 200, value)
        verdicts.append(
            (json.dumps(value), not issues, oracle.valid("get", "/json", value, True))
        )
    assert [v for v in verdicts if v[1] != v[2]] == []
    assert {v[1] for v in verdicts} == {True, False}  # both verdicts occur


def nested_lists(depth: int) -> list[Any]:
    """``[[[...]]]``, ``depth`` lists deep, built without recursion."""
    value: list[Any] = []
    for _ in range(depth - 1):
        value = [value]
    return value


def test_validators_stop_at_the_depth_limit(validators: ModuleType) -> None:
    # each level a union and a list: two of the 200 levels the checks follow
    assert validators.validate_response("getJson", 200, nested_lists(90)) == []
    for depth in (300, 100_000):
        issues = validators.validate_response("getJson", 200, nested_lists(depth))
        # too deep, every alternative of the union fails: one issue, no RecursionError
        assert [issue.rule for issue in issues] == ["anyOf"]
        issues = validators.validate_request(
            "sendEnvelope", {"errors": {}, "tree": nested_lists(depth)}
        )
        assert [(issue.pointer, issue.rule) for issue in issues] == [
            ("/tree/0", "oneOf")
        ]


def test_a_body_that_does_not_fit_is_kept_where_it_does_not(
    package: ModuleType, models: ModuleType
) -> None:
    """Without ``validate_responses`` a 2xx that does not fit still returns, typed
    where it fits: the lenient parse follows an alias into its type."""

    def handle(request: httpx.Request) -> httpx.Response:
        body = {"errors": {"a": {"b": {"_errors": []}}}, "tree": [1, [2, "x"]]}
        return httpx.Response(200, json=body)

    client = package.RecursiveClient(
        api_token="t", transport=httpx.MockTransport(handle)
    )
    with pytest.warns(package.ResponseMismatchWarning):
        answer = client.api.send_envelope(errors={})
    assert type(answer.errors["a"]["b"]) is models.InnerErrors
    assert answer.tree == [1, [2, "x"]]
    mismatches = package.raw_response(answer).mismatches
    assert [mismatch.pointer for mismatch in mismatches] == ["/tree/1/1"]


def test_an_alias_is_a_type_pydantic_reads_alone(models: ModuleType) -> None:
    assert TypeAdapter(models.Tree).validate_python([1, [2]]) == [1, [2]]
    with pytest.raises(ValidationError):
        TypeAdapter(models.TreeRequest).validate_python([1, ["x"]])
