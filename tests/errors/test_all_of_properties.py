"""A property that two parts of an ``allOf`` define: where no value meets both
definitions (a string in one, an integer in the other) the later definition is used,
as a subtype overriding its base's property (datamodel-code-generator reads it so, and
so do specs such as its own tests'), with one warning line located at the definition
used that names the earlier ones it contradicts (found by fuzzing: the later one won
silently; then a warning could sit at the earlier definition, and came once per pair of
definitions); the same inside array items and map values; a definition that only
refines the other (a bound, a format, a description, ``nullable``, the same ``$ref``, a
number for an integer) generates without a word."""

from __future__ import annotations

import importlib
from pathlib import Path
from typing import Any

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
_BASE = "#/components/schemas/Base/properties"
_USED = "this definition is used, overriding"

CASES = {
    "string-and-integer": (
        (
            "name: {type: string, maxLength: 5, description: the name}",
            "name: {type: integer}",
        ),
        f"spec.yaml:26: {_A}/name: {_USED} {_BASE}/name, which contradicts it: allOf "
        "requires a value to be integer and string at once",
    ),
    "a-ref-and-an-array": (
        ("code: {$ref: '#/components/schemas/Code'}\n", "code: {type: array}\n"),
        f"spec.yaml:28: {_A}/code: {_USED} {_BASE}/code, which contradicts it: allOf "
        "requires a value to be an array and string at once",
    ),
    "a-property-of-a-property": (
        ("y: {type: string, format: email}", "y: {type: boolean}"),
        f"spec.yaml:29: {_A}/deep/properties/y: {_USED} {_BASE}/deep/properties/y, "
        "which contradicts it: allOf requires a value to be boolean and string at once",
    ),
    "enums-with-no-value-in-common": (
        ("size: {type: number, nullable: true}", "size: {type: integer, enum: [1]}"),
        f"spec.yaml:27: {_A}/size: {_USED} {_BASE}/size, which contradicts it: allOf "
        "parts' enums have no value in common",
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
    warning = f"{expected}\n"
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


# Mid overrides Base's x; D holds Mid twice (x is Mid's still), E holds Mid and then
# Base (x is Base's again: the warning sits there, and names Mid's x).
TWICE = """openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/D'}}}}
  /b:
    get:
      operationId: getB
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/E'}}}}
components:
  schemas:
    Base:
      type: object
      properties:
        x: {type: string}
    Mid:
      allOf:
        - $ref: '#/components/schemas/Base'
        - {type: object, properties: {x: {type: integer}}}
    D:
      allOf:
        - $ref: '#/components/schemas/Mid'
        - $ref: '#/components/schemas/Mid'
    E:
      allOf:
        - $ref: '#/components/schemas/Mid'
        - $ref: '#/components/schemas/Base'
"""


def test_the_warning_sits_at_the_definition_used(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(TWICE, encoding="utf-8")
    run = run_cli("generate", "--spec", "v1=spec.yaml", "--out", "out", cwd=tmp_path)
    schemas = "#/components/schemas"
    reason = "allOf requires a value to be integer and string at once"
    assert (run.returncode, run.stderr.splitlines()) == (
        0,
        [
            f"spec.yaml:23: {schemas}/Mid/allOf/1/properties/x: {_USED} "
            f"{schemas}/Base/properties/x, which contradicts it: {reason}",
            f"spec.yaml:19: {schemas}/Base/properties/x: {_USED} "
            f"{schemas}/Mid/allOf/1/properties/x, which contradicts it: {reason}",
        ],
    )
    with generated_package(tmp_path, "twice", {"api": TWICE}):
        models = importlib.import_module("twice.api.models")
        assert models.D.model_fields["x"].annotation == int | None
        assert models.E.model_fields["x"].annotation == str | None


def test_a_definition_used_over_many_gets_one_line(tmp_path: Path) -> None:
    kinds = ["{type: string}", "{type: integer}", "{type: boolean}", "{type: object}"]
    parts = "".join(
        "        - type: object\n          properties:\n"
        f"            p: {kinds[index % 4]}\n            q: {kinds[index % 4]}\n"
        for index in range(10)
    )
    text = (
        SPEC.split("components:")[0]
        + f"components:\n  schemas:\n    A:\n      allOf:\n{parts}"
    )
    (tmp_path / "spec.yaml").write_text(text, encoding="utf-8")
    run = run_cli("generate", "--spec", "v1=spec.yaml", "--out", "out", cwd=tmp_path)
    # part 9 (an integer) wins; parts 1 and 5 are integers too
    at = "#/components/schemas/A/allOf"
    expected = [
        f"spec.yaml:{53 + offset}: {at}/9/properties/{name}: {_USED} 7 earlier "
        f"definitions that contradict it: {at}/0/properties/{name} (allOf requires a "
        f"value to be integer and string at once), {at}/2/properties/{name} (allOf "
        f"requires a value to be boolean and integer at once), {at}/3/properties/"
        f"{name} (allOf requires a value to be an object and integer at once) and 4 more"
        for offset, name in enumerate("pq")
    ]
    assert (run.returncode, run.stderr.splitlines()) == (0, expected)


ITEMS = """openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/C'}}}}
components:
  schemas:
    C:
      allOf:
        - type: object
          properties:
            arr: {type: array, items: {type: string}}
            obj: {type: object, additionalProperties: {type: string}}
        - type: object
          properties:
            arr: {type: array, items: {type: integer}}
            obj: {type: object, additionalProperties: {type: integer}}
"""


def test_array_items_and_map_values_warn_as_properties_do(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(ITEMS, encoding="utf-8")
    run = run_cli("generate", "--spec", "v1=spec.yaml", "--out", "out", cwd=tmp_path)
    at = "#/components/schemas/C/allOf"
    reason = "allOf requires a value to be integer and string at once"
    assert (run.returncode, run.stderr.splitlines()) == (
        0,
        [
            f"spec.yaml:{line}: {at}/1/properties/{where}: {_USED} "
            f"{at}/0/properties/{where}, which contradicts it: {reason}"
            for line, where in ((19, "arr/items"), (20, "obj/additionalProperties"))
        ],
    )
    with generated_package(tmp_path, "items", {"api": ITEMS}):
        models = importlib.import_module("items.api.models")
        fields = models.C.model_fields
        assert fields["arr"].annotation == list[int] | None
        assert fields["obj"].annotation == dict[str, int] | None


EXTRAS = """openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /a:
    get:
      operationId: getA
      responses:
        '200': {description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/C'}}}}
components:
  schemas:
    C:
      allOf:
        - type: object
          properties: {a: {type: string}}
          additionalProperties: FIRST
        - type: object
          properties: {b: {type: string}}
          additionalProperties: SECOND
"""
_EXTRAS = "#/components/schemas/C/allOf"
_FALSE = "additionalProperties false allows no property beyond those defined"

# (first part's, second part's, the part whose definition is used, why, the type of
# the model's extra properties; a pair alike that agrees, which generates without a
# word)
EXTRA_CASES = {
    "false-and-a-schema": ("false", "{type: integer}", 1, _FALSE, int, ("false",) * 2),
    "a-schema-and-false": (
        "{type: integer}",
        "false",
        0,
        _FALSE,
        int,
        ("{$ref: '#/components/schemas/D'}",) * 2,
    ),
    "true-and-false": ("false", "true", 1, _FALSE, Any, ("true", "{type: integer}")),
    "two-schemas-no-value-meets": (
        "{type: string}",
        "{type: integer}",
        0,
        "allOf requires a value to be integer and string at once",
        str,
        ("{type: string, maxLength: 3}", "{type: string}"),
    ),
}


@pytest.mark.parametrize("case", sorted(EXTRA_CASES))
def test_extra_properties_two_parts_contradict_on_warn(
    case: str, tmp_path: Path
) -> None:
    # The merge used one additionalProperties without a word (true over any, else
    # the first schema).
    first, second, used, reason, value, agreeing = EXTRA_CASES[case]
    text = EXTRAS.replace("FIRST", first).replace("SECOND", second)
    (tmp_path / "spec.yaml").write_text(text, encoding="utf-8")
    run = run_cli("generate", "--spec", "v1=spec.yaml", "--out", "out", cwd=tmp_path)
    line = 15 if used == 0 else 18
    assert (run.returncode, run.stderr.splitlines()) == (
        0,
        [
            f"spec.yaml:{line}: {_EXTRAS}/{used}/additionalProperties: {_USED} "
            f"{_EXTRAS}/{1 - used}/additionalProperties, which contradicts it: "
            f"{reason}"
        ],
    )
    package = "extras" + case.replace("-", "")
    with generated_package(tmp_path, package, {"api": text}):
        models = importlib.import_module(package + ".api.models")
        extra = 1 if value is int else "y"
        parsed = models.C.model_validate({"a": "x", "z": extra})
        assert parsed.model_extra == {"z": extra}
    agrees = EXTRAS.replace("FIRST", agreeing[0]).replace("SECOND", agreeing[1])
    agrees += "    D: {type: string}\n"
    (tmp_path / "spec.yaml").write_text(agrees, encoding="utf-8")
    run = run_cli("generate", "--spec", "v1=spec.yaml", "--out", "out", cwd=tmp_path)
    assert (run.returncode, run.stderr) == (0, "")


def test_each_contradiction_inside_one_pair_of_definitions_warns(
    tmp_path: Path,
) -> None:
    # Only the first of a pair's nested contradictions was said (deep's x; y and the
    # array's items went without a word).
    text = ITEMS.replace(
        "arr: {type: array, items: {type: string}}",
        "arr: {type: array, items: {type: string}}\n"
        "            deep: {type: object, properties: {x: {type: string}, "
        "y: {type: string}}, additionalProperties: {type: string}}",
    ).replace(
        "arr: {type: array, items: {type: integer}}",
        "arr: {type: array, items: {type: integer}}\n"
        "            deep: {type: object, properties: {x: {type: integer}, "
        "y: {type: boolean}}, additionalProperties: {type: integer}}",
    )
    (tmp_path / "spec.yaml").write_text(text, encoding="utf-8")
    run = run_cli("generate", "--spec", "v1=spec.yaml", "--out", "out", cwd=tmp_path)
    at = "#/components/schemas/C/allOf"
    kinds = {"x": "integer and string", "y": "boolean and string"}
    expected = [
        f"spec.yaml:{line}: {at}/1/properties/{where}: {_USED} "
        f"{at}/0/properties/{where}, which contradicts it: allOf requires a value to "
        f"be {kinds.get(where[-1], 'integer and string')} at once"
        for line, where in (
            (20, "arr/items"),
            (21, "deep/properties/x"),
            (21, "deep/properties/y"),
            (21, "deep/additionalProperties"),
            (22, "obj/additionalProperties"),
        )
    ]
    assert (run.returncode, sorted(run.stderr.splitlines())) == (0, sorted(expected))
