"""``discriminator`` (issue 19 item 2): a union picked by its tag, through the CLI and
the generated package.

``discriminators.yaml`` has a ``oneOf`` with an explicit mapping, an ``anyOf`` mapped
implicitly by schema name, and an ``allOf`` hierarchy whose base carries the
discriminator (``Pet``; ``Cat`` by mapping, ``Dog`` by extending it).
"""

from __future__ import annotations

import importlib
import json
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import yaml
from breadth_support import generate_all, import_all, mypy_all
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from openapi_core.validation.request.validators import V30RequestBodyValidator
from openapi_core.validation.response.validators import V30ResponseDataValidator
from pydantic import ValidationError

SPEC = Path(__file__).with_name("discriminators.yaml")
PACKAGE = "discriminated"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("discriminators")
    shutil.copy(SPEC, out / "spec.yaml")
    result = generate_all({PACKAGE: (["api=spec.yaml"], out)}, out)[PACKAGE]
    assert result.run.returncode == 0, result.run.stderr
    return out


@pytest.fixture(scope="module")
def package(root: Path) -> Iterator[ModuleType]:
    sys.path.insert(0, str(root))
    try:
        yield importlib.import_module(PACKAGE)
    finally:
        sys.path.remove(str(root))


@pytest.fixture(scope="module")
def models(package: ModuleType) -> ModuleType:
    return importlib.import_module(f"{PACKAGE}.api.models")


@pytest.fixture(scope="module")
def validators(package: ModuleType) -> ModuleType:
    return importlib.import_module(f"{PACKAGE}.api.validators")


def test_the_package_imports_and_type_checks(root: Path) -> None:
    assert import_all(root, [PACKAGE]) == {PACKAGE: None}
    assert mypy_all(root, [PACKAGE]) == {PACKAGE: []}


def test_a_response_is_parsed_as_the_alternative_its_tag_names(
    models: ModuleType,
) -> None:
    # Text is listed first and takes every field of a div: only the tag tells them apart
    holder = models.NodeHolder.model_validate(
        {
            "node": {"node_type": "div", "id": "d1", "children": []},
            "children": [
                {"node_type": "Image", "src": "a.png"},
                {"node_type": "Text", "id": "t1"},
            ],
        }
    )
    assert type(holder.node) is models.Div and holder.node.id == "d1"
    assert [type(child) for child in holder.children] == [models.Image, models.Text]
    pets = [
        models.PetHolder.model_validate({"pet": pet}).pet
        for pet in ({"petType": "cat", "purrs": True}, {"petType": "Dog", "barks": 2})
    ]
    assert [type(pet) for pet in pets] == [models.Cat, models.Dog]
    assert (pets[0].purrs, pets[1].barks) == (True, 2)


def test_a_response_with_an_unknown_tag_stays_readable(models: ModuleType) -> None:
    holder = models.NodeHolder.model_validate(
        {"node": {"node_type": "video", "id": "v1", "length": 3}}
    )
    assert holder.node == {"node_type": "video", "id": "v1", "length": 3}
    # a hierarchy's unknown member parses as its base, the rest kept
    pet = models.PetHolder.model_validate(
        {"pet": {"petType": "bird", "name": "Tweety", "wings": 2}}
    ).pet
    assert type(pet) is models.Pet
    assert (pet.name, pet.model_extra) == ("Tweety", {"wings": 2})


def test_a_request_tag_is_a_literal_with_its_value_as_default(
    package: ModuleType, models: ModuleType
) -> None:
    div = models.DivRequest(id="d1")
    assert div.node_type == "div"
    # the mapping's value first, then the schema's name, which openapi-core takes too
    tag_type = models.DivRequest.model_fields["node_type"].annotation
    assert tag_type.__args__ == ("div", "Div")
    with pytest.raises(ValidationError):
        models.DivRequest(id="d1", node_type="text")
    with pytest.raises(ValidationError, match="node_type must be one of 'text', 'div'"):
        models.NodeHolderRequest.model_validate({"node": {"node_type": "x", "id": "1"}})
    parsed = models.NodeHolderRequest.model_validate(
        {"node": {"node_type": "text", "id": "t1"}}
    )
    assert type(parsed.node) is models.TextRequest
    sent: list[Any] = []

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        return httpx.Response(200, json={"node": {"node_type": "div", "id": "d1"}})

    client = package.DiscriminatedClient(
        api_token="t", transport=httpx.MockTransport(handle), validate_requests=True
    )
    answer = client.api.add_node(node=div, children=[models.ImageRequest(src="a")])
    # the tag the caller left to its default is sent
    assert sent == [
        {
            "node": {"node_type": "div", "id": "d1"},
            "children": [{"node_type": "Image", "src": "a"}],
        }
    ]
    assert type(answer.node) is models.Div


class Oracle:
    """openapi-core's verdict on a body of the spec."""

    def __init__(self) -> None:
        self.api = OpenAPI.from_dict(yaml.safe_load(SPEC.read_text()))
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


NODES = [
    {"node_type": "div", "id": "d1"},
    {"node_type": "text", "id": "t1", "text": "hi"},
    {"node_type": "div"},  # Div requires id
    {"node_type": "text", "id": 5},
    {"node_type": "video", "id": "v"},  # no such tag
    {"node_type": "Text", "id": "t"},  # Text's implicit name: the mapping names it
    {"id": "d1"},  # no tag
    {"node_type": None, "id": "d1"},
    "div",
    {"node_type": "div", "id": "d1", "children": [{"node_type": "text", "id": 1}]},
]
CHILDREN = [
    {"node_type": "Image", "src": "a"},
    {"node_type": "Text", "id": "t1"},
    {"node_type": "Text"},  # Text requires id
    {"node_type": "image", "src": "a"},  # the implicit tag is the schema's name
    {"node_type": "Image", "src": 3},
    {"src": "a"},
]


@pytest.mark.parametrize("response", [False, True], ids=["request", "response"])
def test_validators_agree_with_openapi_core(
    validators: ModuleType, response: bool
) -> None:
    oracle = Oracle()
    bodies = [{"node": node} for node in NODES]
    bodies += [{"children": [child]} for child in CHILDREN]
    verdicts = []
    for body in bodies:
        if response:
            issues = validators.validate_response("addNode", 200, body)
        else:
            issues = validators.validate_request("addNode", body)
        expected = oracle.valid("post", "/nodes", body, response)
        verdicts.append((json.dumps(body), not issues, expected))
    assert [v for v in verdicts if v[1] != v[2]] == []
    assert {v[1] for v in verdicts} == {True, False}  # both verdicts occur


def test_validators_name_the_tag_that_picks_no_alternative(
    validators: ModuleType,
) -> None:
    (issue,) = validators.validate_request("addNode", {"node": {"node_type": "x"}})
    assert (issue.pointer, issue.rule, issue.expected) == (
        "/node/node_type",
        "discriminator",
        'one of "text", "div", "Text", "Div"',
    )
    (issue,) = validators.validate_response(
        "getPets", 200, {"pet": {"petType": "Dog", "barks": "loud"}}
    )
    assert (issue.pointer, issue.rule) == ("/pet/barks", "type")
