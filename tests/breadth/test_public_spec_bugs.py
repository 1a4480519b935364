"""Bugs the public specs found (tests/breadth/test_public_specs.py), each on a minimal
spec through the CLI: a ``required`` name beside an ``allOf`` that no property defines
(PagerDuty), components that are each a union of all of them (HubSpot's filter
branches), which took factorial time, schemas that hold themselves with no model
between (Discord's ``ErrorDetails``), which ended in a ``RecursionError`` traceback (now
recursive type aliases, ``test_recursive.py``: only one that holds itself through unions
alone is an error), and Discord's empty ``enum`` beside an ``allOf``."""

from __future__ import annotations

import importlib
import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pydantic
import pytest
from breadth_support import LOCATED_LINE, generate_all, import_all, mypy_all

from conftest import ROOT, run_cli

REQUIRED_WITHOUT_PROPERTY = """
openapi: 3.0.3
info: {title: Required, version: '1'}
paths:
  /a:
    post:
      operationId: addA
      requestBody:
        content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}
      responses:
        '200':
          description: ok
          content: {application/json: {schema: {$ref: '#/components/schemas/A'}}}
components:
  schemas:
    A:
      allOf:
        - {type: object, properties: {id: {type: string}}}
      required: [id, namespace]
"""
EMPTY_ENUM = """
openapi: 3.1.0
info: {title: Requests, version: '1'}
paths:
  /requests:
    get:
      operationId: getRequests
      parameters:
        - name: status
          in: query
          schema:
            type: string
            enum: []
            allOf: [{$ref: '#/components/schemas/Status'}]
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties: {premium_subscriber: {type: 'null'}}
components:
  schemas:
    Status: {type: string, enum: [SUBMITTED, APPROVED]}
"""
SPECS = {"required_names": REQUIRED_WITHOUT_PROPERTY, "empty_enum": EMPTY_ENUM}


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    out = tmp_path_factory.mktemp("public-bugs")
    for name, text in SPECS.items():
        (out / f"{name}.yaml").write_text(text)
    jobs = {name: ([f"api={name}.yaml"], out) for name in SPECS}
    for name, result in generate_all(jobs, out, formatter="ruff").items():
        assert result.run.returncode == 0, f"{name}: {result.run.stderr}"
        assert result.run.stderr == "", f"{name}: {result.run.stderr}"
    sys.path.insert(0, str(out))
    yield out
    sys.path.remove(str(out))


def models(name: str) -> ModuleType:
    return importlib.import_module(f"{name}.api.models")


def test_each_package_imports_and_type_checks(root: Path) -> None:
    assert import_all(root, SPECS) == {name: None for name in SPECS}
    assert mypy_all(root, SPECS) == {name: [] for name in SPECS}


def test_a_required_name_no_property_defines_is_a_field_of_any_value(
    root: Path,
) -> None:
    # JSON Schema lets ``required`` name a key no property describes: the key must be
    # there, with any value. The request model requires it, the response model reads
    # it (as every response field, it may be missing).
    module = models("required_names")
    with pytest.raises(pydantic.ValidationError, match="namespace"):
        module.ARequest(id="1")
    sent = module.ARequest(id="1", namespace={"any": ["value"]})
    assert sent.model_dump(by_alias=True) == {
        "id": "1",
        "namespace": {"any": ["value"]},
    }
    assert module.A.model_validate({"id": "1", "namespace": "n"}).namespace == "n"


def test_an_empty_enum_beside_an_all_of_means_the_parts_enum(root: Path) -> None:
    # Discord's spec writes ``enum: []`` beside the allOf that names the enum: read
    # literally no value would do, and the run stopped ("enum must be a non-empty
    # list"); alone, an empty enum still does (test_bad_input.py).
    source = (root / "empty_enum" / "api" / "client.py").read_text()
    assert 'status: Literal["SUBMITTED", "APPROVED"] | None = None' in source


def test_type_null_alone_is_null(root: Path) -> None:
    # Discord's GuildRoleTagsResponse: a property whose only value is null (the run
    # stopped: "unknown type 'null'")
    validators = importlib.import_module("empty_enum.api.validators")
    assert (
        validators.validate_response("getRequests", 200, {"premium_subscriber": None})
        == []
    )
    (issue,) = validators.validate_response(
        "getRequests", 200, {"premium_subscriber": 1}
    )
    assert (issue.pointer, issue.rule) == ("/premium_subscriber", "enum")
    answer = models("empty_enum").GetRequestsResponse.model_validate(
        {"premium_subscriber": None}
    )
    assert answer.premium_subscriber is None
    # typed None, as the README says (it was Any, which took any value)
    field = models("empty_enum").GetRequestsResponse.model_fields["premium_subscriber"]
    assert field.annotation is type(None)


def branches(count: int) -> str:
    """A spec of ``count`` components, each an object whose ``branches`` are a list of
    any of them (HubSpot CRM lists' filter branches are seven such)."""
    names = [f"Branch{chr(ord('A') + index)}" for index in range(count)]
    options = ", ".join("{$ref: '#/components/schemas/" + name + "'}" for name in names)
    schemas = "".join(f"""
    {name}:
      type: object
      properties:
        kind: {{type: string, enum: [{name}]}}
        branches: {{type: array, items: {{oneOf: [{options}]}}}}""" for name in names)
    return f"""
openapi: 3.0.3
info: {{title: Branches, version: '1'}}
paths:
  /filters:
    post:
      operationId: addFilter
      requestBody:
        content: {{application/json: {{schema: {{$ref: '#/components/schemas/BranchA'}}}}}}
      responses:
        '200':
          description: ok
          content: {{application/json: {{schema: {{$ref: '#/components/schemas/BranchA'}}}}}}
components:
  schemas:{schemas}
"""


def test_components_that_each_hold_all_of_them_generate(tmp_path: Path) -> None:
    # Each component's shape used to be expanded as a tree, every component inside
    # it again: 6 branches took 0.35 s, 7 took 2.1 s, 12 would take days. A component
    # inside a shape now counts by its name. The limit is no timing assertion: it only
    # stops the run that would not end (it takes a few seconds).
    (tmp_path / "branches.yaml").write_text(branches(12))
    arguments = ["generate", "--spec", "api=branches.yaml", "--out", "out"]
    # Its own process group: a run stopped at the limit takes its workers with it.
    process = subprocess.Popen(
        [sys.executable, "-m", "pipedrive_codegen", *arguments, "--package", "tree"],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _, stderr = process.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail("12 components that each hold all of them: no end in 120 s")
    assert (process.returncode, stderr) == (0, ""), stderr
    sys.path.insert(0, str(tmp_path / "out"))
    try:
        module = importlib.import_module("tree.api.models")
    finally:
        sys.path.remove(str(tmp_path / "out"))
    # every component its own model, and a tree of them reads and writes back
    assert all(hasattr(module, f"Branch{letter}") for letter in "ABCDEFGHIJKL")
    tree = {"kind": "BranchA", "branches": [{"kind": "BranchC", "branches": []}]}
    answer = module.BranchA.model_validate(tree)
    assert isinstance(answer.branches[0], pydantic.BaseModel)
    assert answer.model_dump(by_alias=True, exclude_unset=True) == tree


HOLDS_ITSELF = """
openapi: 3.0.3
info: {{title: Recursive, version: '1'}}
paths:
  /v:
    post:
      operationId: addValue
      requestBody:
        content: {{application/json: {{schema: {{$ref: '#/components/schemas/Value'}}}}}}
      responses:
        '200':
          description: ok
          content: {{application/json: {{schema: {{$ref: '#/components/schemas/Value'}}}}}}
components:
  schemas:
    Value:
      {value}
    Other:
      {other}
"""
OBJECT = "{type: object, properties: {x: {type: string}}}"


@pytest.mark.parametrize(
    ("value", "other", "line", "problem"),
    [
        pytest.param(  # one of itself or a string: only strings, written so
            "{oneOf: [{$ref: '#/components/schemas/Value'}, {type: string}]}",
            OBJECT,
            17,
            "a schema that holds itself through unions and allOf alone",
            id="one-of-itself",
        ),
        pytest.param(  # any of another that is any of it: no array or map between
            "{anyOf: [{$ref: '#/components/schemas/Other'}, {type: integer}]}",
            "{anyOf: [{$ref: '#/components/schemas/Value'}, {type: string}]}",
            17,
            "a schema that holds itself through unions and allOf alone",
            id="any-of-any-of-itself",
        ),
        pytest.param(  # one of something that is all of it
            "{oneOf: [{$ref: '#/components/schemas/Other'}, {type: string}]}",
            "{allOf: [{$ref: '#/components/schemas/Value'}]}",
            17,
            "a schema that holds itself",
            id="one-of-all-of-itself",
        ),
        pytest.param(  # all of itself and of an object
            "{allOf: [{$ref: '#/components/schemas/Value'}, " + OBJECT + "]}",
            OBJECT,
            17,
            "allOf holds the schema it is in",
            id="all-of-itself",
        ),
        pytest.param(  # an object whose property is all of itself, read-only
            "{type: object, properties: {x: {$ref: '#/components/schemas/Other'}}}",
            "{allOf: [{$ref: '#/components/schemas/Other'}], readOnly: true}",
            19,
            "a schema that holds itself",
            id="read-only-all-of-itself",
        ),
    ],
)
def test_a_schema_that_holds_itself_through_unions_alone_is_one_located_line(
    tmp_path: Path, value: str, other: str, line: int, problem: str
) -> None:
    # Nothing between ends it: no array, map or object whose emptiness could stop the
    # recursion. Through an array or a map it is a recursive type alias, through a
    # model a model (test_recursive.py).
    spec = HOLDS_ITSELF.format(value=value, other=other)
    (tmp_path / "spec.yaml").write_text(spec)
    run = run_cli("generate", "--spec", "api=spec.yaml", "--out", "out", cwd=tmp_path)
    assert run.returncode == 2, run.stderr
    assert LOCATED_LINE.match(run.stderr.strip()), run.stderr
    where, _, said = run.stderr.partition(": #/components/schemas/")
    assert where == f"spec.yaml:{line}"
    assert problem in said
    assert not (tmp_path / "out").exists()
