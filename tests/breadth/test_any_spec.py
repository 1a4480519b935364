"""Constructs real public specs use, meaning what the spec says (issue: any real spec).

Each spec here is small and inline; each construct is generated, imported, type-checked
with ``mypy --strict``, parsed, validated and sent through ``httpx.MockTransport``.
"""

from __future__ import annotations

import importlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import httpx
import pytest
import yaml
from breadth_support import LOCATED_LINE, generate_all, import_all, mypy_all
from openapi_core import OpenAPI
from openapi_core.testing import MockRequest, MockResponse
from openapi_core.validation.request.validators import V30RequestBodyValidator
from openapi_core.validation.response.validators import V30ResponseDataValidator

from conftest import run_cli

# allOf parts that only add a keyword to what the other parts say, on objects and
# scalars alike, and an anyOf that only says which properties must be present.
KEYWORD_PARTS = r"""
openapi: 3.0.3
info: {title: Keyword parts, version: '1'}
servers: [{url: 'https://api.example.com/v1'}]
paths:
  /pets:
    post:
      operationId: addPet
      requestBody:
        required: true
        content:
          application/json:
            schema:
              allOf:
                - $ref: '#/components/schemas/Pet'
                - required: [name]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
components:
  schemas:
    Code: {type: string}
    Pet:
      type: object
      properties:
        name: {type: string}
        code:
          allOf: [{$ref: '#/components/schemas/Code'}, {maxLength: 3, pattern: '^[A-Z]+$'}]
        nickname:
          allOf: [{type: string, nullable: true}, {nullable: false}]
        owner:
          allOf: [{$ref: '#/components/schemas/Code'}, {nullable: true}]
        status:
          allOf: [{$ref: '#/components/schemas/Code'}, {enum: [available, sold]}]
        tag:
          allOf: [{type: string}, {default: none}, {deprecated: true}]
        size:
          allOf: [{type: integer, minimum: 1}, {maximum: 9}, {minimum: 2}]
        id: {type: integer, readOnly: true}
        created:
          allOf: [{type: string, format: date-time}, {readOnly: true}]
        password: {type: string, writeOnly: true}
        label:
          allOf: [{$ref: '#/components/schemas/Code'}, {minLength: 2}]
        born:
          allOf: [{$ref: '#/components/schemas/Code'}, {format: date}]
        secret:
          allOf: [{$ref: '#/components/schemas/Code'}, {writeOnly: true}]
        contact:
          type: object
          properties: {email: {type: string}, phone: {type: string}}
          oneOf: [{required: [email]}, {required: [phone]}]
      anyOf:
        - required: [name]
        - required: [code]
"""

CONTRADICTION = r"""
openapi: 3.0.3
info: {title: Contradiction, version: '1'}
paths:
  /x:
    get:
      operationId: getX
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  n:
                    allOf: [{type: string}, {type: integer}]
"""

# Two components of one shape: each keeps its name, and each operation its type.
SAME_SHAPE = r"""
openapi: 3.0.3
info: {title: Payments, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
  /pay:
    post:
      operationId: pay
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/CardDetails'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Receipt'}
  /donate:
    post:
      operationId: donate
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/CardDonations'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Receipt'}
components:
  schemas:
    CardDonations:
      type: object
      required: [number]
      properties: {number: {type: string}, cvc: {type: string}}
    CardDetails:
      type: object
      required: [number]
      properties: {number: {type: string}, cvc: {type: string}}
    Receipt:
      type: object
      properties: {id: {type: string}}
"""

# Responses with content and no schema: any JSON, and text as bytes.
NO_SCHEMA = r"""
openapi: 3.0.3
info: {title: No schema, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
  /report:
    get:
      operationId: getReport
      responses:
        '200':
          description: any JSON
          content:
            application/json: {}
  /export:
    get:
      operationId: getExport
      responses:
        '200':
          description: CSV text
          content:
            text/csv: {}
"""

# x- extensions are data: a $ref in one is never followed, wherever it sits (among
# paths and responses too, where any other key is a path or a status), even to nothing.
EXTENSIONS = r"""
openapi: 3.0.3
info: {title: Extensions, version: '1', x-logo: {$ref: '#/nowhere'}}
servers: [{url: 'https://api.example.com'}]
paths:
  x-meta: {$ref: 'missing.yaml#/a'}
  /x:
    x-group: {$ref: '#/components/schemas/Nope'}
    get:
      operationId: getX
      x-codeSamples: [{$ref: 'missing.yaml'}]
      responses:
        x-note: {$ref: '#/components/responses/Nope'}
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                x-extra: {$ref: '#/nope'}
                properties: {a: {type: string, x-more: {$ref: '/etc/passwd'}}}
"""

SPECS = {
    "keyword_parts": KEYWORD_PARTS,
    "extensions": EXTENSIONS,
    "same_shape": SAME_SHAPE,
    "no_schema": NO_SCHEMA,
}


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("any_spec")
    for name, text in SPECS.items():
        (out / f"{name}.yaml").write_text(text)
    jobs = {name: ([f"api={name}.yaml"], out) for name in SPECS}
    for name, result in generate_all(jobs, out).items():
        assert result.run.returncode == 0, f"{name}: {result.run.stderr}"
    return out


@pytest.fixture(scope="module")
def packages(root: Path) -> Iterator[dict[str, ModuleType]]:
    sys.path.insert(0, str(root))
    try:
        yield {name: importlib.import_module(name) for name in SPECS}
    finally:
        sys.path.remove(str(root))


def test_each_package_imports_and_type_checks(root: Path) -> None:
    assert import_all(root, SPECS) == {name: None for name in SPECS}
    assert mypy_all(root, SPECS) == {name: [] for name in SPECS}


def test_keyword_only_all_of_parts_fold_into_what_they_qualify(
    packages: dict[str, ModuleType],
) -> None:
    models = importlib.import_module("keyword_parts.api.models")
    validators = importlib.import_module("keyword_parts.api.validators")
    # required: [name] from its own part: the request model needs it, the response not
    assert models.AddPetRequest.model_fields["name"].is_required()
    assert not models.Pet.model_fields["name"].is_required()
    with pytest.raises(ValueError):
        models.AddPetRequest(code="AB")
    issues = validators.validate_request(
        "addPet",
        {"name": "x", "code": "abcd", "nickname": None, "owner": None},
    )
    assert sorted((issue.pointer, issue.rule) for issue in issues) == [
        ("/code", "maxLength"),
        ("/code", "pattern"),
        ("/nickname", "nullable"),  # nullable: false in one part: null breaks it
    ]
    lost = validators.validate_request("addPet", {"name": "x", "status": "lost"})
    assert [issue.rule for issue in lost] == ["enum"]
    # the bounds of three parts at once: 2 <= size <= 9
    for size, rules in ((1, ["minimum"]), (2, []), (9, []), (10, ["maximum"])):
        found = validators.validate_request("addPet", {"name": "x", "size": size})
        assert [issue.rule for issue in found] == rules, size
    assert validators.validate_request("addPet", {"name": "x", "owner": None}) == []
    # minLength and format after a $ref to a plain string qualify it
    found = validators.validate_request(
        "addPet", {"name": "x", "label": "a", "born": "2026-13-45"}
    )
    assert sorted((issue.pointer, issue.rule) for issue in found) == [
        ("/born", "format"),
        ("/label", "minLength"),
    ]
    assert models.Pet.model_validate({"born": "2026-12-01"}).born.day == 1
    with pytest.raises(ValueError):
        models.AddPetRequest(name="x", born="2026-13-45")
    nameless = validators.validate_request("addPet", {"code": "AB"})
    assert [(issue.pointer, issue.rule) for issue in nameless] == [
        ("/name", "required")
    ]


PRESENCE_BODIES = [
    {},
    {"name": "x"},
    {"code": "AB"},
    {"name": "x", "code": "AB"},
    {"size": 3},
    {"name": "x", "contact": {"email": "a@b"}},
    {"name": "x", "contact": {"phone": "1"}},
    {"name": "x", "contact": {"email": "a@b", "phone": "1"}},
    {"name": "x", "contact": {}},
]


@pytest.mark.parametrize("response", [False, True], ids=["request", "response"])
def test_alternatives_that_only_say_required_are_checked_as_openapi_core_does(
    packages: dict[str, ModuleType], response: bool
) -> None:
    # anyOf: [{required: [name]}, {required: [code]}]: one of them present; oneOf:
    # exactly one. The models leave the object as it is; the validators check it.
    validators = importlib.import_module("keyword_parts.api.validators")
    api = OpenAPI.from_dict(yaml.safe_load(KEYWORD_PARTS))
    verdicts = []
    for body in PRESENCE_BODIES:
        data = json.dumps(body).encode()
        request = MockRequest(
            "https://api.example.com",
            "post",
            "/v1/pets",
            data=b"" if response else data,
            content_type="application/json",
        )
        if response:
            answer = MockResponse(
                data, status_code=200, content_type="application/json"
            )
            errors = V30ResponseDataValidator(api.spec).iter_errors(request, answer)
            issues = validators.validate_response("addPet", 200, body)
        else:
            errors = V30RequestBodyValidator(api.spec).iter_errors(request)
            issues = validators.validate_request("addPet", body)
        verdicts.append((json.dumps(body), not issues, not list(errors)))
    assert [verdict for verdict in verdicts if verdict[1] != verdict[2]] == []
    assert {verdict[1] for verdict in verdicts} == {True, False}
    (issue,) = validators.validate_response("addPet", 200, {"size": 3})
    assert (issue.pointer, issue.rule, issue.expected) == (
        "",
        "anyOf",
        "name or code present",
    )
    (issue,) = validators.validate_request(
        "addPet", {"name": "x", "contact": {"email": "a@b", "phone": "1"}}
    )
    assert (issue.pointer, issue.rule, issue.expected) == (
        "/contact",
        "oneOf",
        "exactly one of email or phone present",
    )


def test_keyword_only_parts_reach_the_wire(packages: dict[str, ModuleType]) -> None:
    sent: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"name": "Rex", "code": "RX", "size": 3})

    client = packages["keyword_parts"].KeywordPartsClient(
        api_token="t", transport=httpx.MockTransport(handle), validate_requests=True
    )
    pet = client.api.add_pet(name="Rex", code="RX", size=3)
    assert (pet.name, pet.code, pet.size) == ("Rex", "RX", 3)
    assert json.loads(sent[0].content) == {"name": "Rex", "code": "RX", "size": 3}
    with pytest.raises(Exception, match="maxLength|at most 3"):
        client.api.add_pet(name="Rex", code="REXX")
    assert len(sent) == 1  # the invalid body was never sent


def test_a_true_contradiction_is_one_located_line(tmp_path: Path) -> None:
    (tmp_path / "contradiction.yaml").write_text(CONTRADICTION)
    run = run_cli(
        "generate", "--spec", "api=contradiction.yaml", "--out", "out", cwd=tmp_path
    )
    assert run.returncode == 2
    assert LOCATED_LINE.match(run.stderr.strip()), run.stderr
    assert run.stderr.strip() == (
        "contradiction.yaml:17: #/paths/~1x/get/responses/200/content/"
        "application~1json/schema/properties/n/allOf: "
        "allOf requires a value to be integer and string at once"
    )
    assert not (tmp_path / "out").exists()


def test_read_only_is_never_sent_and_write_only_never_received(
    packages: dict[str, ModuleType],
) -> None:
    models = importlib.import_module("keyword_parts.api.models")
    sent, received = models.AddPetRequest.model_fields, models.Pet.model_fields
    assert "id" not in sent and "created" not in sent
    assert "password" in sent and "secret" in sent
    assert "id" in received and "created" in received
    assert "password" not in received and "secret" not in received
    with pytest.raises(ValueError):
        models.AddPetRequest(name="x", id=1)  # request models refuse unknown fields
    pet = models.Pet.model_validate({"id": 1, "created": "2026-12-01T10:00:00Z"})
    assert (pet.id, pet.created.year) == (1, 2026)


def test_components_of_one_shape_each_keep_their_name(
    root: Path, packages: dict[str, ModuleType]
) -> None:
    models = importlib.import_module("same_shape.api.models")
    assert models.CardDetails is not models.CardDonations
    client_source = (root / "same_shape" / "api" / "client.py").read_text()
    operations = client_source.split("class AsyncApiOperations")[0]
    pay, donate = operations.split("def pay(")[1].split("def donate(")
    assert "body: CardDetails | None" in pay and "CardDonations" not in pay
    assert "body: CardDonations | None" in donate
    sent: list[httpx.Request] = []

    def handle(request: httpx.Request) -> httpx.Response:
        sent.append(request)
        return httpx.Response(200, json={"id": "r1"})

    client = packages["same_shape"].SameShapeClient(
        api_token="t", transport=httpx.MockTransport(handle)
    )
    receipt = client.api.pay(body=models.CardDetails(number="4242"))
    client.api.donate(body=models.CardDonations(number="4343", cvc="1"))
    assert receipt.id == "r1"
    assert [json.loads(request.content) for request in sent] == [
        {"number": "4242"},
        {"number": "4343", "cvc": "1"},
    ]


def test_content_without_a_schema_returns_what_the_annotation_says(
    root: Path, packages: dict[str, ModuleType]
) -> None:
    source = (root / "no_schema" / "api" / "client.py").read_text()
    assert "def get_report(\n        self,\n    ) -> Any:" in source
    assert "def get_export(\n        self,\n    ) -> bytes:" in source

    def handle(request: httpx.Request) -> httpx.Response:
        if request.url.path == "/report":
            return httpx.Response(200, json={"rows": [1, None]})
        return httpx.Response(
            200, content=b"a,b\n1,2\n", headers={"content-type": "text/csv"}
        )

    client = packages["no_schema"].NoSchemaClient(
        api_token="t", transport=httpx.MockTransport(handle)
    )
    assert client.api.get_report() == {"rows": [1, None]}
    assert client.api.get_export() == b"a,b\n1,2\n"


def test_refs_in_extensions_are_data_even_to_nothing(
    packages: dict[str, ModuleType],
) -> None:
    client = packages["extensions"].ExtensionsClient(
        transport=httpx.MockTransport(lambda r: httpx.Response(200, json={"a": "b"}))
    )
    assert client.api.get_x().a == "b"
    assert [name for name in dir(client.api) if not name.startswith("_")] == ["get_x"]
