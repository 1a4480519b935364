"""A request model a discriminated union picks carries the union's tag as a
``Literal`` field, its default the value that picks it, so ``CowRequest()`` is a body
the union takes (found by fuzzing). A model in two unions whose tags for it differ got
the first union's default, which the other refuses; the ``Literal`` ignored the tag
property's own ``enum``/``const`` and let a nullable property's tag be None; a model
without the tag property got no tag field, so it was sent without one. Each body a
request model sends as it is built is one the validators take."""

from __future__ import annotations

import importlib
import json
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from pydantic import ValidationError

from conftest import answering, generated_package, run_cli

HEAD = """openapi: OPENAPI
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
"""
OPERATION = """  /NAME:
    post:
      operationId: ID
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/UNION'}}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/UNION'}}}
"""


def spec(unions: list[str], components: str, openapi: str = "3.0.3") -> str:
    """A spec with an operation ``postX`` taking and answering each union ``X``."""
    paths = "".join(
        OPERATION.replace("NAME", union.lower())
        .replace("ID", f"post{union}")
        .replace("UNION", union)
        for union in unions
    )
    return (
        HEAD.replace("OPENAPI", openapi)
        + paths
        + "components:\n  schemas:\n"
        + (components)
    )


def sent(package: ModuleType, operation: str, body: Any) -> dict[str, Any]:
    """What ``operation`` sends for ``body`` (the client checks it first), which the
    generated validators also take."""
    transport, requests = answering({})
    client_class = getattr(package, package.__name__.capitalize() + "Client")
    with client_class(transport=transport, validate_requests=True) as client:
        getattr(client.api, operation)(body=body)
    body = json.loads(requests[0].content)
    validators = importlib.import_module(f"{package.__name__}.api.validators")
    operation_id = "post" + operation.removeprefix("post_").upper()
    assert validators.validate_request(operation_id, body) == []
    return body


# -- 1. A model in two unions -------------------------------------------------------

# Cow is in A (mapped: cow) and in D (by its name).
SHARED = spec(
    ["A", "D", "E", "F"],
    """    A:
      oneOf: [{$ref: '#/components/schemas/Cow'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: kind, mapping: {cow: '#/components/schemas/Cow', dog: '#/components/schemas/Dog'}}
    D:
      oneOf: [{$ref: '#/components/schemas/Cow'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: kind}
    E:
      oneOf: [{$ref: '#/components/schemas/B'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: kind}
    B:
      oneOf: [{$ref: '#/components/schemas/Sheep'}, {$ref: '#/components/schemas/Cat'}]
      discriminator: {propertyName: sub}
    F:
      oneOf: [{$ref: '#/components/schemas/Sheep'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: kind}
    Dog: {type: object, required: [kind], properties: {kind: {type: string}}}
    Cow: {type: object, required: [kind], properties: {kind: {type: string}}}
    Cat: {type: object, required: [kind, sub], properties: {kind: {type: string}, sub: {type: string}}}
    Sheep: {type: object, properties: {kind: {type: string}, sub: {type: string}}}
""",
)
# Sheep is in B (inside E, by kind: B) and in F (by kind: Sheep): the caller picks,
# and mypy shows the choices.
SHARED_USER = """from shared import SharedClient
from shared.api.models import CowRequest, SheepRequest

with SharedClient() as client:
    client.api.post_a(body=CowRequest())
    client.api.post_e(body=SheepRequest(kind="B"))
    client.api.post_f(body=SheepRequest(kind="Sheep"))
"""


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("shared")
    with generated_package(
        root, "shared", {"api": SHARED}, scripts={"user.py": SHARED_USER}
    ) as package:
        yield package


@pytest.mark.parametrize("operation", ["post_a", "post_d"])
def test_a_default_tag_is_one_every_union_of_the_model_takes(
    shared: ModuleType, operation: str
) -> None:
    # A takes cow and Cow, D only Cow: the default was cow, which D refused
    models = importlib.import_module("shared.api.models")
    assert sent(shared, operation, models.CowRequest()) == {"kind": "Cow"}


def test_a_model_whose_unions_take_no_common_tag_has_no_default(
    shared: ModuleType,
) -> None:
    # it was kind="B", which F refuses; now the caller picks one
    models = importlib.import_module("shared.api.models")
    with pytest.raises(ValidationError, match="kind"):
        models.SheepRequest()
    assert sent(shared, "post_e", models.SheepRequest(kind="B")) == {
        "kind": "B",
        "sub": "Sheep",
    }
    assert sent(shared, "post_f", models.SheepRequest(kind="Sheep")) == {
        "kind": "Sheep",
        "sub": "Sheep",
    }


# -- 2. The tag property's own enum, const and null ---------------------------------

# Dog's kind is const dog, Cat's one of cat and b, Cow's only cow, which A (b for B)
# never picks; Cat's sub may be null, which B refuses.
OWN_VALUES = """    A:
      oneOf: [{$ref: '#/components/schemas/B'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: kind, mapping: {b: B, dog: Dog}}
    B:
      oneOf: [{$ref: '#/components/schemas/Cow'}, {$ref: '#/components/schemas/Cat'}]
      discriminator: {propertyName: sub}
    Dog: {type: object, required: [kind], properties: {kind: {const: dog}}}
    Cat:
      type: object
      required: [kind, sub]
      properties: {kind: {type: string, enum: [cat, b]}, sub: {type: [string, 'null']}}
    Cow:
      type: object
      required: [kind, sub]
      properties: {kind: {type: string, enum: [cow]}, sub: {type: string}}
"""
OWN_USER = """from own import OwnClient
from own.api.models import CatRequest, DogRequest

with OwnClient() as client:
    client.api.post_a(body=CatRequest())
    client.api.post_a(body=DogRequest(kind="dog"))
"""


@pytest.fixture(scope="module")
def own(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("own")
    text = spec(["A"], OWN_VALUES, "3.1.0")
    with generated_package(
        root, "own", {"api": text}, scripts={"user.py": OWN_USER}
    ) as package:
        yield package


@pytest.mark.parametrize(
    ("model", "body"),
    [
        ("DogRequest", {"kind": "dog"}),
        ("CatRequest", {"kind": "b", "sub": "Cat"}),
    ],
)
def test_a_tag_takes_only_values_its_property_allows(
    own: ModuleType, model: str, body: dict[str, Any]
) -> None:
    models = importlib.import_module("own.api.models")
    assert sent(own, "post_a", getattr(models, model)()) == body


@pytest.mark.parametrize(
    ("model", "values"),
    [
        ("DogRequest", {"kind": "Dog"}),  # A's name for Dog, which its const refuses
        ("CatRequest", {"kind": "B"}),  # A's name for B, which Cat's enum refuses
        ("CatRequest", {"sub": None}),  # B picks no model by null
    ],
)
def test_a_tag_its_property_or_its_union_refuses_is_refused(
    own: ModuleType, model: str, values: dict[str, Any]
) -> None:
    models = importlib.import_module("own.api.models")
    with pytest.raises(ValidationError):
        getattr(models, model)(**values)


def test_a_union_that_picks_a_model_by_no_value_it_allows_is_warned_of(
    tmp_path: Path,
) -> None:
    (tmp_path / "spec.yaml").write_text(spec(["A"], OWN_VALUES, "3.1.0"))
    run = run_cli("generate", "--spec", "api=spec.yaml", "--out", "out", cwd=tmp_path)
    assert (run.returncode, run.stderr.strip()) == (
        0,
        "spec.yaml:30: #/components/schemas/Cow/properties/kind: the discriminator "
        "at #/components/schemas/A/discriminator picks this schema by 'b', 'B', "
        "which its own enum/const ('cow') refuses: no body of that union can be "
        "this schema",
    )


# -- 3. A model without the tag property --------------------------------------------

# Y tells Inner from Dog by type, which Cow lacks; Z tells Horse from Pig by type,
# which neither has (Horse's other properties are strings).
NO_PROPERTY = """    X:
      oneOf: [{$ref: '#/components/schemas/Inner'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: kind}
    Y:
      oneOf: [{$ref: '#/components/schemas/Inner'}, {$ref: '#/components/schemas/Dog'}]
      discriminator: {propertyName: type}
    Inner:
      oneOf: [{$ref: '#/components/schemas/Cow'}, {$ref: '#/components/schemas/Cat'}]
      discriminator: {propertyName: sub}
    Z:
      oneOf: [{$ref: '#/components/schemas/Horse'}, {$ref: '#/components/schemas/Pig'}]
      discriminator: {propertyName: type}
    Dog: {type: object, properties: {kind: {type: string}, type: {type: string}}}
    Cat: {type: object, properties: {kind: {type: string}, type: {type: string}, sub: {type: string}}}
    Cow: {type: object, properties: {kind: {type: string}, sub: {type: string}}}
    Horse: {type: object, properties: {name: {type: string}}, additionalProperties: {type: string}}
    Pig: {type: object, properties: {name: {type: string}}}
"""
NO_PROPERTY_USER = """from absent import AbsentClient
from absent.api.models import CowRequest, HorseRequest

with AbsentClient() as client:
    client.api.post_y(body=CowRequest())
    client.api.post_z(body=HorseRequest(name="x"))
"""


@pytest.fixture(scope="module")
def absent(tmp_path_factory: pytest.TempPathFactory) -> Iterator[ModuleType]:
    root = tmp_path_factory.mktemp("absent")
    text = spec(["X", "Y", "Z"], NO_PROPERTY)
    with generated_package(
        root, "absent", {"api": text}, scripts={"user.py": NO_PROPERTY_USER}
    ) as package:
        yield package


@pytest.mark.parametrize(
    ("operation", "model", "body"),
    [
        ("post_y", "CowRequest", {"kind": "Inner", "sub": "Cow", "type": "Inner"}),
        ("post_x", "CowRequest", {"kind": "Inner", "sub": "Cow", "type": "Inner"}),
        ("post_y", "DogRequest", {"kind": "Dog", "type": "Dog"}),
        ("post_z", "HorseRequest", {"type": "Horse"}),
        ("post_z", "PigRequest", {"type": "Pig"}),
    ],
)
def test_a_model_without_the_tag_property_sends_the_tag(
    absent: ModuleType, operation: str, model: str, body: dict[str, Any]
) -> None:
    # Cow, Horse and Pig were sent without type
    models = importlib.import_module("absent.api.models")
    assert sent(absent, operation, getattr(models, model)()) == body


def test_a_model_that_refuses_the_tag_property_is_refused(tmp_path: Path) -> None:
    closed = NO_PROPERTY.replace(
        "Pig: {type: object, properties: {name: {type: string}}}",
        "Pig: {type: object, properties: {name: {type: string}}, "
        "additionalProperties: false}",
    )
    (tmp_path / "spec.yaml").write_text(spec(["Z"], closed))
    run = run_cli("generate", "--spec", "api=spec.yaml", "--out", "out", cwd=tmp_path)
    assert (run.returncode, run.stderr.strip()) == (
        2,
        "spec.yaml:27: #/components/schemas/Z/discriminator: the union picks "
        "#/components/schemas/Pig by its property 'type', which that schema does "
        "not define and its additionalProperties: false refuses: no body of the "
        "union can be that schema",
    )


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        ("{type: integer}", "integer"),
        ("{type: array, items: {type: string}}", "array"),
        ("{type: object, properties: {a: {type: string}}}", "object"),
        # (an enum of several types, none a string)
        ("{enum: [1, true]}", "an enum of no string"),
        # a string the models parse as a date takes no tag as is
        ("{type: string, format: date}", "string (date)"),
    ],
)
def test_a_model_whose_extra_properties_hold_no_string_refuses_the_tag(
    extra: str, said: str, tmp_path: Path
) -> None:
    # A tag is a string: extra properties of another type refuse it as false does
    # (the tag field was added of the extras' type, and no body of it was valid);
    # extras that may be a string take it. So do extras of a string the models
    # parse as a date (a date-typed tag field failed every body), said by the type.
    for extras, refused in (
        (extra, True),
        (f"{{anyOf: [{extra}, {{type: string}}]}}", False),
    ):
        typed = NO_PROPERTY.replace(
            "Pig: {type: object, properties: {name: {type: string}}}",
            "Pig: {type: object, properties: {name: {type: string}}, "
            f"additionalProperties: {extras}}}",
        )
        (tmp_path / "spec.yaml").write_text(spec(["Z"], typed))
        run = run_cli(
            "generate", "--spec", "api=spec.yaml", "--out", "out", cwd=tmp_path
        )
        if not refused:
            assert (run.returncode, run.stderr) == (0, "")
            continue
        assert (run.returncode, run.stderr.strip()) == (
            2,
            "spec.yaml:27: #/components/schemas/Z/discriminator: the union picks "
            "#/components/schemas/Pig by its property 'type', which that schema does "
            f"not define and its additionalProperties refuses (they are {said}, a "
            "tag is a string): no body of the union can be that schema",
        )


DATED = """    Z:
      oneOf: [{$ref: '#/components/schemas/Horse'}, {$ref: '#/components/schemas/Pig'}]
      discriminator: {propertyName: type, mapping: {'2024-01-01': Pig, horse: Horse}}
    Horse: {type: object, properties: {type: {type: string}}}
    Pig: {type: object, properties: {name: {type: string}}, additionalProperties: {type: string, format: date}}
"""


def test_a_model_whose_extra_dates_take_a_date_tag_sends_it(tmp_path: Path) -> None:
    # Pig's extras are dates and its mapped tag is one: refused as a model no body of
    # the union can be (a tag property of that format was taken); now sent, and its
    # name, which picks it too and is no date, said as a response's would be.
    text = spec(["Z"], DATED)
    (tmp_path / "spec.yaml").write_text(text)
    run = run_cli("generate", "--spec", "api=spec.yaml", "--out", "out", cwd=tmp_path)
    where = "spec.yaml:18: #/components/schemas/Z/discriminator: discriminator 'type': "
    assert (run.returncode, run.stderr) == (
        0,
        f"{where}Pig does not define it and its additionalProperties are string "
        "(date), which its tag 'Pig' is not: no body of it is picked by that tag\n"
        f"{where}Pig does not define it and its additionalProperties are string "
        "(date), which its tag 'Pig' is not: a body of that tag is taken as it, but "
        "validate_responses refuses every one\n",
    )
    with generated_package(tmp_path, "dated", {"api": text}, mypy=False) as package:
        models = importlib.import_module("dated.api.models")
        assert sent(package, "post_z", models.PigRequest(name="x")) == {
            "name": "x",
            "type": "2024-01-01",
        }
