"""A discriminator written in a part of an ``allOf`` is the schema's own (found by
fuzzing): ``Cat: {allOf: [$ref Pet, {..., discriminator: {propertyName: catType}}]}``
was read as no hierarchy at all, so ``{"petType": "Cat", "catType": "Lion"}`` parsed as
``Cat`` (``roars`` left in its extras) and ``LionRequest``/``TigerRequest`` were never
made; written beside ``allOf`` it worked. Both spellings now give the same package.
Two parts with different discriminators are a located error."""

from __future__ import annotations

import importlib
from pathlib import Path

from conftest import answering, generated_package, run_cli

SPEC = """openapi: 3.0.3
info: {title: t, version: '1'}
servers: [{url: 'https://api.example.com'}]
paths:
  /p:
    post:
      operationId: addPet
      requestBody: {required: true, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Pet'}}}}
  /c:
    get:
      operationId: getCat
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Cat'}}}}
components:
  schemas:
    Pet:
      type: object
      required: [petType]
      properties: {petType: {type: string}, name: {type: string}}
      discriminator: {propertyName: petType}
    Dog:
      allOf:
        - $ref: '#/components/schemas/Pet'
        - type: object
          properties: {barks: {type: boolean}}
    Cat:
      allOf:
        - $ref: '#/components/schemas/Pet'
        - type: object
          required: [catType]
          properties: {catType: {type: string}}
          discriminator: {propertyName: catType}
    Lion:
      allOf:
        - $ref: '#/components/schemas/Cat'
        - type: object
          properties: {roars: {type: boolean}}
    Tiger:
      allOf:
        - $ref: '#/components/schemas/Cat'
        - type: object
          properties: {stripes: {type: integer}}
"""
PART = "          discriminator: {propertyName: catType}\n"
BESIDE = "      discriminator: {propertyName: catType}\n"

USER_CODE = """\
from typing import assert_type

from parted import PartedClient
from parted.api.models import Cat, Dog, Lion, LionRequest, Pet, Tiger, TigerRequest


def use(client: PartedClient) -> None:
    assert_type(client.api.get_cat(), Lion | Tiger | Cat)
    assert_type(
        client.api.add_pet(body=LionRequest(roars=True)), Dog | Lion | Tiger | Cat | Pet
    )
    client.api.add_pet(body=TigerRequest(stripes=3))
"""
LION = {"petType": "Cat", "catType": "Lion", "roars": True}


def test_a_discriminator_in_an_allof_part_picks_the_subtype(tmp_path: Path) -> None:
    with generated_package(
        tmp_path, "parted", {"api": SPEC}, scripts={"user_code.py": USER_CODE}
    ) as package:
        validators = importlib.import_module("parted.api.validators")
        models = importlib.import_module("parted.api.models")
        transport, sent = answering(LION)
        with package.PartedClient(transport=transport) as client:
            cat = client.api.get_cat()
            pet = client.api.add_pet(body=models.LionRequest(roars=True))
        assert (type(cat).__name__, type(pet).__name__) == ("Lion", "Lion")
        assert cat.roars is True and cat.model_extra == {}
        assert sent[-1].content == b'{"petType":"Cat","catType":"Lion","roars":true}'
        assert validators.validate_response("getCat", 200, LION) == []
        assert validators.validate_response("addPet", 200, LION) == []
        assert validators.validate_request("addPet", LION) == []
        # (the tag of an allOf hierarchy is a hint: the body must fit the base)
        issues = validators.validate_response("getCat", 200, {"petType": "Cat"})
        assert [(issue.pointer, issue.rule) for issue in issues] == [
            ("/catType", "required")
        ]


def test_every_spelling_generates_the_same_package(tmp_path: Path) -> None:
    beside = SPEC.replace(PART, "").replace("    Lion:\n", BESIDE + "    Lion:\n")
    # a part that holds the discriminator and nothing else (it was "allOf requires a
    # value to be a union and an object at once")
    alone = SPEC.replace(PART, "        - discriminator: {propertyName: catType}\n")
    models = {}
    for name, text in (("part", SPEC), ("beside", beside), ("alone", alone)):
        (tmp_path / f"{name}.yaml").write_text(text, encoding="utf-8")
        run = run_cli(
            "generate", "--spec", f"api={name}.yaml", "--out", name, cwd=tmp_path
        )
        assert run.returncode == 0, run.stderr
        written = tmp_path / name / "pipedrive_client" / "api" / "models.py"
        models[name] = written.read_text().split("\n", 3)[3]  # (the spec's sha256)
    assert models["part"] == models["beside"] == models["alone"]
    assert "class LionRequest(RequestModel):" in models["part"]


def test_two_parts_with_different_discriminators_are_refused(tmp_path: Path) -> None:
    spec = SPEC.replace(
        "          discriminator: {propertyName: catType}\n",
        "          discriminator: {propertyName: catType}\n"
        "        - {type: object, discriminator: {propertyName: name}}\n",
    )
    (tmp_path / "spec.yaml").write_text(spec, encoding="utf-8")
    run = run_cli("generate", "--spec", "api=spec.yaml", "--out", "out", cwd=tmp_path)
    assert run.returncode == 2
    assert run.stderr == (
        "spec.yaml:35: #/components/schemas/Cat/allOf/2/discriminator: a second "
        "discriminator for this schema, unlike the one at spec.yaml:34 "
        "#/components/schemas/Cat/allOf/1/discriminator: write one\n"
    )
