"""A property that two parts of an ``allOf`` define: where no value meets both
definitions (a string in one, an integer in the other) the later definition is used,
as a subtype overriding its base's property (datamodel-code-generator reads it so, and
so do specs such as its own tests'), with one warning line located at the later
definition (found by fuzzing: the later one won silently); a definition that only
refines the other (a bound, a format, a description, ``nullable``, the same ``$ref``, a
number for an integer) generates without a word."""

from __future__ import annotations

import importlib
from pathlib import Path

import pytest

from conftest import generated_package, run_cli

SPEC = """openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    post:
      operationId: postA
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}
      responses:
        '200': {description: ok}
components:
  schemas:
    Code: {type: string, maxLength: 3}
    Base:
      type: object
      properties:
        name: {type: string}
        size: {type: integer}
        code: {$ref: '#/components/schemas/Code'}
        deep: {type: object, properties: {y: {type: string}}}
    A:
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          properties:
            name: {type: string, maxLength: 5, description: the name}
            size: {type: number, nullable: true}
            code: {$ref: '#/components/schemas/Code'}
            deep: {type: object, properties: {y: {type: string, format: email}}}
"""
_A = "#/components/schemas/A/allOf/1/properties"
_CONTRADICTS = "contradicts its definition in another allOf part"

CASES = {
    "string-and-integer": (
        (
            "name: {type: string, maxLength: 5, description: the name}",
            "name: {type: integer}",
        ),
        f"spec.yaml:26: {_A}/name: property 'name' {_CONTRADICTS}: allOf requires "
        "a value to be integer and string at once",
    ),
    "a-ref-and-an-array": (
        ("code: {$ref: '#/components/schemas/Code'}\n", "code: {type: array}\n"),
        f"spec.yaml:28: {_A}/code: property 'code' {_CONTRADICTS}: allOf requires "
        "a value to be an array and string at once",
    ),
    "a-property-of-a-property": (
        ("y: {type: string, format: email}", "y: {type: boolean}"),
        f"spec.yaml:29: {_A}/deep/properties/y: property 'y' {_CONTRADICTS}: allOf "
        "requires a value to be boolean and string at once",
    ),
    "enums-with-no-value-in-common": (
        ("size: {type: number, nullable: true}", "size: {type: integer, enum: [1]}"),
        f"spec.yaml:27: {_A}/size: property 'size' {_CONTRADICTS}: allOf parts' "
        "enums have no value in common",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_a_property_no_value_meets_takes_the_later_definition_with_a_warning(
    case: str, tmp_path: Path
) -> None:
    (old, new), expected = CASES[case]
    before, _, after = SPEC.rpartition(old)  # A's own definition, not Base's
    text = before + new + after
    if case == "enums-with-no-value-in-common":
        text = text.replace("size: {type: integer}", "size: {type: integer, enum: [2]}")
    assert text != SPEC
    (tmp_path / "spec.yaml").write_text(text, encoding="utf-8")
    run = run_cli("generate", "--spec", "v1=spec.yaml", "--out", "out", cwd=tmp_path)
    warning = f"{expected}; the later definition is used\n"
    assert (run.returncode, run.stderr) == (0, warning)
    # said again by a run that finds the package as it was (the cache's record)
    run = run_cli("generate", "--spec", "v1=spec.yaml", "--out", "out", cwd=tmp_path)
    assert (run.returncode, run.stderr) == (0, warning)


def test_the_later_definition_is_the_model_s(tmp_path: Path) -> None:
    text = SPEC.replace(
        "name: {type: string, maxLength: 5, description: the name}",
        "name: {type: integer}",
    )
    with generated_package(tmp_path, "overridden", {"api": text}):
        models = importlib.import_module("overridden.api.models")
        assert models.A.model_fields["name"].annotation == int | None


def test_a_refinement_of_a_property_generates(tmp_path: Path) -> None:
    with generated_package(tmp_path, "refined", {"api": SPEC}):
        models = importlib.import_module("refined.api.models")
        fields = models.A.model_fields
        assert {name: fields[name].annotation for name in fields} == {
            "name": str | None,
            "size": float | None,
            "code": str | None,
            "deep": models.ADeep | None,
        }
