"""``discriminator`` (issue 19 item 2): a union picked by its tag, through the CLI and
the generated package.

``discriminators.yaml`` has a ``oneOf`` with an explicit mapping, an ``anyOf`` mapped
implicitly by schema name, and an ``allOf`` hierarchy whose base carries the
discriminator (``Pet``; ``Cat`` by mapping, ``Dog`` by extending it); each as a model's
field, and as a whole request or response body (``getNode``, ``putNode``, ``listNodes``,
``getPet``, ``addPet``).
"""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import httpx
import pytest
import yaml
from breadth_support import generate_one, import_all, imported, mypy_all
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from openapi_core.validation.request.validators import V30RequestBodyValidator
from openapi_core.validation.response.validators import V30ResponseDataValidator
from pydantic import ValidationError

SPEC = Path(__file__).with_name("discriminators.yaml")
PACKAGE = "discriminated"


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return generate_one(SPEC, PACKAGE, tmp_path_factory.mktemp("discriminators"))


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


# A user's code: what the methods of union bodies return and take, for mypy --strict.
USER_CODE = """\
from typing import Any, assert_type

from discriminated import DiscriminatedClient
from discriminated.api.models import Cat, Div, DivRequest, Dog, DogRequest, Pet, Text


def use(client: DiscriminatedClient) -> None:
    node = client.api.get_node()
    assert_type(node, Text | Div | dict[str, Any])
    if isinstance(node, Div):
        assert_type(node.id, str | None)
    assert_type(client.api.put_node(body=DivRequest(id="d1")), Text | Div | dict[str, Any])
    assert_type(client.api.list_nodes(), list[Text | Div | dict[str, Any]])
    assert_type(client.api.get_pet(), Cat | Dog | Pet)
    assert_type(client.api.add_pet(body=DogRequest(barks=1)), Cat | Dog | Pet)
    # a union body's fields are keyword arguments too: the tag picks the model
    assert_type(client.api.add_pet(pet_type="Dog", barks=1), Cat | Dog | Pet)
    client.api.put_node(node_type="div", id="d1", children=[])
"""


def test_the_package_imports_and_type_checks(root: Path) -> None:
    assert import_all(root, [PACKAGE]) == {PACKAGE: None}
    (root / "user_code.py").write_text(USER_CODE)
    assert mypy_all(root, [PACKAGE, "user_code.py"]) == {
        PACKAGE: [],
        "user_code.py": [],
    }


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


def test_a_response_body_that_is_a_union_is_parsed_by_its_tag(
    package: ModuleType, models: ModuleType
) -> None:
    answers: dict[str, Any] = {
        # Text is listed first and takes every field of a div: only the tag decides
        "/node": {"node_type": "div", "id": "d1"},
        "/node-list": [
            {"node_type": "div", "id": "d1"},
            {"node_type": "Text", "id": "t1"},
            {"node_type": "video", "id": "v1", "length": 3},
        ],
        "/pet": {"petType": "Dog", "name": "Rex", "barks": 2},
    }

    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=answers[request.url.path])

    client = package.DiscriminatedClient(transport=httpx.MockTransport(handle))
    node = client.api.get_node()
    assert type(node) is models.Div and node.id == "d1"
    assert package.raw_response(node).status_code == 200
    assert [type(item) for item in client.api.list_nodes()] == [
        models.Div,
        models.Text,
        dict,  # a tag the spec does not map: the data kept
    ]
    assert client.api.list_nodes()[2] == {"node_type": "video", "id": "v1", "length": 3}
    pet = client.api.get_pet()
    assert type(pet) is models.Dog and (pet.name, pet.barks) == ("Rex", 2)
    answers["/pet"] = {"petType": "cat", "purrs": True}
    assert type(client.api.get_pet()) is models.Cat
    answers["/pet"] = {"petType": "bird", "name": "Tweety", "wings": 2}
    pet = client.api.get_pet()  # an unmapped member of the hierarchy: its base
    assert type(pet) is models.Pet and pet.model_extra == {"wings": 2}


def test_a_union_body_that_does_not_fit_keeps_the_alternative_its_tag_names(
    package: ModuleType, models: ModuleType
) -> None:
    def handle(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json={"node_type": "div", "id": 5, "children": []})

    client = package.DiscriminatedClient(transport=httpx.MockTransport(handle))
    with pytest.warns(package.ResponseMismatchWarning, match="/id"):
        node = client.api.get_node()
    assert type(node) is models.Div and node.id == 5
    assert [m.pointer for m in package.raw_response(node).mismatches] == ["/id"]

    def holder(request: httpx.Request) -> httpx.Response:  # a field, may be null
        return httpx.Response(200, json={"node": {"node_type": "div", "id": 5}})

    client = package.DiscriminatedClient(transport=httpx.MockTransport(holder))
    with pytest.warns(package.ResponseMismatchWarning, match="/node/id"):
        answer = client.api.add_node(node=models.DivRequest(id="d1"))
    assert type(answer.node) is models.Div and answer.node.id == 5


def test_a_request_body_that_is_a_union_sends_the_member_with_its_tag(
    package: ModuleType, models: ModuleType
) -> None:
    sent: list[Any] = []

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        if request.url.path == "/pet":
            return httpx.Response(201, json={"petType": "Dog", "barks": 1})
        return httpx.Response(200, json={"node_type": "text", "id": "t1"})

    client = package.DiscriminatedClient(
        transport=httpx.MockTransport(handle), validate_requests=True
    )
    answer = client.api.put_node(body=models.DivRequest(id="d1"))
    assert type(answer) is models.Text
    pet = client.api.add_pet(body=models.DogRequest(barks=1))
    assert type(pet) is models.Dog
    client.api.add_pet(body=models.CatRequest(purrs=True))
    # each tag left to its default is sent: the member's first tag value
    assert sent == [
        {"node_type": "div", "id": "d1"},
        {"petType": "Dog", "barks": 1},
        {"petType": "cat", "purrs": True},
    ]
    with pytest.raises(ValidationError):
        models.DogRequest(barks=1, petType="cat")  # a tag that picks another member


def test_a_union_body_built_from_its_fields_is_the_model_its_tag_names(
    package: ModuleType, models: ModuleType
) -> None:
    sent: list[Any] = []

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(json.loads(request.content))
        if request.url.path == "/pet":
            return httpx.Response(201, json={"petType": "Dog", "barks": 1})
        return httpx.Response(200, json={"node_type": "text", "id": "t1"})

    client = package.DiscriminatedClient(
        transport=httpx.MockTransport(handle), validate_requests=True
    )
    client.api.put_node(node_type="div", id="d1", children=[models.TextRequest(id="t")])
    client.api.add_pet(pet_type="Dog", barks=2)
    client.api.add_pet(pet_type="cat", purrs=True)
    assert sent == [
        {
            "node_type": "div",
            "id": "d1",
            # Text's default tag: text picks it in the oneOf (mapped) but not in the
            # anyOf of NodeHolder's children (by name), Text in both
            "children": [{"node_type": "Text", "id": "t"}],
        },
        {"petType": "Dog", "barks": 2},
        {"petType": "cat", "purrs": True},
    ]
    # a Text has no children, a Div needs an id, and the tag must name a model
    # (the client's RequestValidationError, pydantic's error as its cause)
    for fields, problem, issue in [
        (
            {"node_type": "text", "id": "t", "children": []},
            "extra_forbidden",
            ("/children", "additionalProperties"),
        ),
        ({"node_type": "div"}, "missing", ("/id", "required")),
        ({"node_type": "video", "id": "v"}, "discriminator", ("", "discriminator")),
        ({"id": "d1"}, "discriminator", ("", "discriminator")),
    ]:
        with pytest.raises(package.RequestValidationError) as raised:
            client.api.put_node(**fields)
        cause = raised.value.__cause__
        assert isinstance(cause, ValidationError)
        assert [error["type"] for error in cause.errors()] == [problem]
        assert [(i.pointer, i.rule) for i in raised.value.issues] == [issue]
    with pytest.raises(TypeError, match="not both"):
        client.api.put_node(body=models.DivRequest(id="d1"), id="d2")
    assert len(sent) == 3  # nothing else was sent
    doc = " ".join((client.api.put_node.__doc__ or "").split())
    assert "one of ``TextRequest``, ``DivRequest``, instead of its fields" in doc
    assert "(they build the model their ``node_type`` names)" in doc


class Oracle:
    """openapi-core's verdict on a body of the spec."""

    def __init__(self) -> None:
        self.api = OpenAPI.from_dict(yaml.safe_load(SPEC.read_text()))
        self.requests = V30RequestBodyValidator(self.api.spec)
        self.responses = V30ResponseDataValidator(self.api.spec)

    def valid(
        self, method: str, path: str, body: Any, response: bool, status: int = 200
    ) -> bool:
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
        answer = MockResponse(data, status_code=status, content_type="application/json")
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


# An allOf hierarchy: the discriminator sits on the base (Pet) that Cat and Dog extend.
# Outside oneOf/anyOf it is a hint: a body must fit the base, whatever its tag says.
PETS = [
    {"petType": "Dog", "barks": 2},
    {"petType": "Dog", "barks": "loud"},  # Dog's barks is no integer: Pet has none
    {"petType": "Dog"},  # Dog requires barks: Pet does not
    {"petType": "cat", "purrs": 1},
    {"petType": "bird", "name": "Tweety"},  # a tag nothing maps
    {"petType": ""},
    {"petType": 5},  # the base's tag is a string
    {"petType": None},
    {"name": "Rex"},  # the base requires its tag
    {"petType": "Dog", "name": 3},  # the base's own property
    ["Dog"],
]
# (method, path, status of the response, the operation's id)
PET_OPERATIONS = [
    ("get", "/pet", 200, "getPet"),
    ("post", "/pet", 201, "addPet"),
    ("post", "/cats", None, "addCat"),  # a member itself, its tag as the spec types it
    ("put", "/node", 200, "putNode"),  # a oneOf as the whole body
]


@pytest.mark.parametrize("response", [False, True], ids=["request", "response"])
def test_validators_agree_with_openapi_core_on_whole_bodies(
    validators: ModuleType, response: bool
) -> None:
    oracle = Oracle()
    verdicts = []
    for method, path, status, operation_id in PET_OPERATIONS:
        if (status is None) if response else (method == "get"):
            continue  # no response body, or no request body
        bodies = NODES if path == "/node" else PETS
        for body in bodies:
            if response:
                issues = validators.validate_response(operation_id, status, body)
            else:
                issues = validators.validate_request(operation_id, body)
            expected = oracle.valid(method, path, body, response, status or 200)
            verdicts.append((operation_id, json.dumps(body), not issues, expected))
    assert [v for v in verdicts if v[2] != v[3]] == []
    assert {v[2] for v in verdicts} == {True, False}  # both verdicts occur


def test_validators_name_the_tag_that_picks_no_alternative(
    validators: ModuleType,
) -> None:
    (issue,) = validators.validate_request("addNode", {"node": {"node_type": "x"}})
    assert (issue.pointer, issue.rule, issue.expected) == (
        "/node/node_type",
        "discriminator",
        'one of "text", "div", "Text", "Div"',
    )
    # on an allOf base the tag is a hint: the body must fit the base alone
    assert (
        validators.validate_response(
            "getPets", 200, {"pet": {"petType": "Dog", "barks": "loud"}}
        )
        == []
    )
    (issue,) = validators.validate_response("getPets", 200, {"pet": {"petType": 5}})
    assert (issue.pointer, issue.rule) == ("/pet/petType", "type")
