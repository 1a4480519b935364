"""The rules openapi-spec-validator checks beyond the structure, each broken once: one
located line, exit 2. The check's own walk (``spec/rules.py``) gives its verdict on the
plain data and places the errors of paths and parameters (the validator's own say "#");
a schema or default it doubts goes to openapi-spec-validator, whose words are kept.

And a spec that breaks none, using every construct the walk follows, is generated
without openapi-spec-validator being imported at all: the fast verdict is the one used.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import run_cli

_HEAD = "openapi: {version}\ninfo: {{title: t, version: '1'}}\n"
_OPERATION = """      operationId: {name}
      responses:
        '200':
          description: ok
"""
_FIX = "; fix the default, or pass --ignore-bad-defaults to drop it with a warning"

CASES = {
    "duplicate-operation-id": (
        "paths:\n  /a:\n    get:\n"
        + _OPERATION.format(name="x")
        + "  /b:\n    get:\n"
        + _OPERATION.format(name="x"),
        "spec.yaml:12: #/paths/~1b/get/operationId: operationId 'x' is not unique: "
        "#/paths/~1a/get/operationId has it too",
    ),
    "path-parameter-not-declared": (
        "paths:\n  /a/{id}:\n    get:\n" + _OPERATION.format(name="x"),
        "spec.yaml:6: #/paths/~1a~1{id}/get: path parameter 'id' of '/a/{id}' is not "
        "among the parameters of get (add one with in: path)",
    ),
    "declared-parameter-not-in-the-path": (
        "paths:\n  /a:\n    get:\n      parameters:\n"
        "        - {name: id, in: path, required: true, schema: {type: integer}}\n"
        + _OPERATION.format(name="x"),
        "spec.yaml:7: #/paths/~1a/get/parameters/0/name: path parameter 'id' is not "
        "in the path '/a'",
    ),
    "path-item-parameter-not-in-the-path": (
        "paths:\n  /a:\n    parameters:\n"
        "      - $ref: '#/components/parameters/Id'\n    get:\n"
        + _OPERATION.format(name="x")
        + "components:\n  parameters:\n"
        "    Id: {name: id, in: path, required: true, schema: {type: integer}}\n",
        "spec.yaml:6: #/paths/~1a/parameters/0/name: path parameter 'id' is not in the "
        "path '/a'",
    ),
    "parameter-given-twice": (
        "paths:\n  /a:\n    get:\n      parameters:\n"
        "        - {name: q, in: query, schema: {type: integer}}\n"
        "        - {name: q, in: query, schema: {type: string}}\n"
        + _OPERATION.format(name="x"),
        "spec.yaml:8: #/paths/~1a/get/parameters/1: parameter 'q' (in: query) is given "
        "twice: #/paths/~1a/get/parameters/0 is the same",
    ),
    "parameter-schema": (
        "paths:\n  /a:\n    get:\n      parameters:\n"
        "        - {name: q, in: query, schema: {type: integer, minimum: low}}\n"
        + _OPERATION.format(name="x"),
        "spec.yaml:7: #/paths/~1a/get/parameters/0/schema/minimum: 'low' is not of "
        "type 'number'",
    ),
    "default-deep-in-a-property": (
        "paths: {}\ncomponents:\n  schemas:\n    A:\n      type: object\n"
        "      properties:\n        b:\n          type: array\n          items:\n"
        "            properties: {c: {type: integer, default: one}}\n",
        "spec.yaml:12: #/components/schemas/A/properties/b/items/properties/c/default: "
        "'one' is not of type 'integer'" + _FIX,
    ),
    "default-through-a-ref": (
        "paths: {}\ncomponents:\n  schemas:\n    Kind: {type: string, enum: [a, b]}\n"
        "    A:\n      type: object\n      properties:\n"
        "        kinds: {type: array, items: {$ref: '#/components/schemas/Kind'}, "
        "default: [c]}\n",
        "spec.yaml:10: #/components/schemas/A/properties/kinds/default/0: 'c' is not "
        "one of ['a', 'b']" + _FIX,
    ),
    "default-of-a-response-reached-by-ref": (
        "paths:\n  /a:\n    get:\n      operationId: x\n      responses:\n"
        "        '200': {$ref: '#/components/responses/R'}\n"
        "components:\n  responses:\n    R:\n      description: ok\n      content:\n"
        "        application/json:\n          schema:\n"
        "            anyOf: [{type: integer, default: true}]\n",
        "spec.yaml:16: #/components/responses/R/content/application~1json/schema/anyOf/"
        "0/default: True is not of type 'integer'" + _FIX,
    ),
    "default-in-one-of-in-all-of": (
        "paths: {}\ncomponents:\n  schemas:\n"
        "    A: {allOf: [{oneOf: [{type: boolean, default: 1}]}]}\n",
        "spec.yaml:6: #/components/schemas/A/allOf/0/oneOf/0/default: 1 is not of type "
        "'boolean'" + _FIX,
    ),
    "default-not-in-the-enum": (
        "paths: {}\ncomponents:\n  schemas:\n"
        "    A: {type: integer, enum: [1, 2], default: 3}\n",
        "spec.yaml:6: #/components/schemas/A/default: 3 is not one of [1, 2]" + _FIX,
    ),
    "null-default-not-nullable": (
        "paths: {}\ncomponents:\n  schemas:\n    A: {type: string, default: null}\n",
        "spec.yaml:6: #/components/schemas/A/default: None is not of type 'string'"
        + _FIX,
    ),
}


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
@pytest.mark.parametrize("case", sorted(CASES))
def test_a_broken_rule_is_one_located_line(
    case: str, version: str, tmp_path: Path
) -> None:
    text, expected = CASES[case]
    (tmp_path / "spec.yaml").write_text(_HEAD.format(version=version) + text)

    result = run_cli("generate", "--spec", "v1=spec.yaml", "--out", "out", cwd=tmp_path)

    assert (result.returncode, result.stderr) == (2, expected + "\n")
    assert not (tmp_path / "out").exists()


_VALID = """\
tags: [{name: things}, {name: other}]
paths:
  /things/{id}:
    parameters: [{$ref: 'parts.yaml#/Id'}]
    get:
      operationId: getThing
      tags: [things]
      parameters:
        - {name: limit, in: query, schema: {type: integer, default: 10, enum: [10, 50]}}
        - {name: day, in: query, schema: {type: string, format: date, default: '2024-01-02'}}
      responses:
        '200': {$ref: '#/components/responses/Thing'}
components:
  responses:
    Thing:
      description: ok
      content:
        application/json:
          schema: {$ref: '#/components/schemas/Thing'}
  schemas:
    Kind: {type: string, enum: [a, b]}
    Thing:
      type: object
      required: [id]
      properties:
        id: {type: integer}
        flag: {type: boolean, default: false}
        note: {type: string, nullable: true, default: null}
        kinds: {type: array, items: {$ref: '#/components/schemas/Kind'}, default: [a]}
        child: {$ref: '#/components/schemas/Thing'}
        either: {oneOf: [{type: integer}, {$ref: 'parts.yaml#/Named'}]}
        both: {allOf: [{$ref: 'parts.yaml#/Named'}]}
"""
_PARTS = """\
Id: {name: id, in: path, required: true, schema: {type: integer, default: 1}}
Named:
  type: object
  properties:
    name: {type: string, pattern: '^[a-z]+$', default: abc}
"""
_IMPORTED = re.compile(r"^import time: .*\| (openapi_spec_validator)$", re.MULTILINE)


def test_a_valid_spec_is_judged_without_openapi_spec_validator(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(_HEAD.format(version="3.0.3") + _VALID)
    (tmp_path / "parts.yaml").write_text(_PARTS)

    result = run_cli(
        "generate",
        *("--spec", "v1=spec.yaml", "--out", "out", "--quiet"),
        cwd=tmp_path,
        env={"PYTHONPROFILEIMPORTTIME": "1", "PIPEDRIVE_CODEGEN_WORKERS": "1"},
    )

    assert result.returncode == 0, result.stderr
    assert "Traceback" not in result.stderr
    assert not _IMPORTED.search(result.stderr)
    # the same spec with one default broken is refused: the walk above did look
    broken = _VALID.replace("default: [a]", "default: [c]")
    (tmp_path / "spec.yaml").write_text(_HEAD.format(version="3.0.3") + broken)
    result = run_cli("generate", "--spec", "v1=spec.yaml", "--out", "o2", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.startswith(
        "spec.yaml:31: #/components/schemas/Thing/properties/kinds/default/0: 'c' is "
        "not one of ['a', 'b']"
    ), result.stderr
