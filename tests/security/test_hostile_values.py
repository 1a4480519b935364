"""Spec values made to break the generator (issue 16, finding 6): numbers JSON has not,
enum values Python confuses, nesting that recursion cannot follow, keys YAML refuses,
enums of 100,000 values. Each is one located line or generates, never a traceback or
code that does not import."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import ROOT

_HEAD = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n"


def _generate(
    tmp_path: Path, name: str, text: str, *options: str
) -> subprocess.CompletedProcess[str]:
    (tmp_path / name).write_text(text, encoding="utf-8")
    return subprocess.run(
        [sys.executable, "-m", "pipedrive_codegen", "generate", "--spec"]
        + [f"v1={name}", "--out", "out", *options],
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _operation(request: dict[str, object], response: dict[str, object]) -> str:
    """A JSON spec of one POST /a, with these request and response body schemas."""
    body = {"content": {"application/json": {"schema": request}}}
    answer = {
        "description": "ok",
        "content": {"application/json": {"schema": response}},
    }
    operation = {"operationId": "postA", "requestBody": body}
    operation["responses"] = {"200": answer}
    spec = {
        "openapi": "3.0.3",
        "info": {"title": "t", "version": "1"},
        "paths": {"/a": {"post": operation}},
    }
    return json.dumps(spec, indent=1)


NOT_FINITE = {
    "nan": (
        "spec.yaml",
        _HEAD + "x-a: [1, .nan]\n",
        "spec.yaml:4: #/x-a/1: .nan is not a number JSON has (not finite)",
    ),
    "inf-in-a-schema": (
        "spec.yaml",
        _HEAD.replace("paths: {}\n", "")
        + "paths:\n  /a:\n    get:\n      operationId: getA\n      responses:\n"
        + "        '200':\n          description: ok\n          content:\n"
        + "            application/json:\n"
        + "              schema: {type: number, maximum: .inf}\n",
        "spec.yaml:12: #/paths/~1a/get/responses/200/content/application~1json/schema/"
        "maximum: .inf is not a number JSON has (not finite)",
    ),
    "minus-inf": (
        "spec.yaml",
        _HEAD + "x-a:\n  b: -.Inf\n",
        "spec.yaml:5: #/x-a/b: -.Inf is not a number JSON has (not finite)",
    ),
    "too-large-for-a-double": (
        "spec.json",
        '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},\n'
        ' "paths": {},\n "x-a": {"enum": [1, 1e400]}}\n',
        "spec.json:3: #/x-a/enum/1: 1e400 is not a number JSON has (not finite)",
    ),
    # What follows such a number is JSON too, or the file is malformed JSON: not read
    # as the YAML it may be.
    "too-large-then-yaml": (
        "spec.json",
        '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},\n'
        ' "paths": {}, "x-a": [1e400 x], x-b: \'yaml\', # a comment\n}\n',
        "spec.json:2: #: malformed JSON: Expecting ',' delimiter",
    ),
    "too-large-then-a-trailing-comma": (
        "spec.json",
        '{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},\n'
        ' "paths": {}, "x-a": 1e400, "x-b": [1,],}\n',
        "spec.json:2: #: malformed JSON: Expecting value",
    ),
}


@pytest.mark.parametrize("case", sorted(NOT_FINITE))
def test_a_number_json_has_not_is_refused_with_its_line(
    tmp_path: Path, case: str
) -> None:
    name, text, expected = NOT_FINITE[case]
    result = _generate(tmp_path, name, text)
    assert result.returncode == 2
    assert result.stderr == expected + "\n"


def test_true_is_not_1_and_false_is_not_0_in_models_and_validators(
    tmp_path: Path,
) -> None:
    request = {
        "type": "object",
        "properties": {
            "one": {"enum": [1, True]},
            "zero": {"enum": [0, False]},
            "number": {"enum": [1, "x"]},
            "flag": {"enum": [True, "x"]},
        },
    }
    response = {"type": "object", "properties": {"state": {"enum": [False, 0, "x"]}}}
    result = _generate(tmp_path, "spec.json", _operation(request, response))
    assert result.returncode == 0, result.stderr
    models = (tmp_path / "out" / "pipedrive_client" / "v1" / "models.py").read_text()
    assert "one: Literal[1, True] | None = None" in models
    assert "zero: Literal[0, False] | None = None" in models
    assert "state: Literal[False, 0, " in models
    check = (
        "from pipedrive_client.v1.validators import validate_request as v\n"
        "from pipedrive_client.v1.models import PostARequest as R\n"
        "print([len(v('postA', {k: x})) for k, x in "
        "[('one', 1), ('one', True), ('zero', 0), ('zero', False), ('one', 2),"
        " ('number', True), ('flag', 1), ('number', 1), ('flag', True)]])\n"
        "print([R(one=1).one is 1, R(one=True).one is True, R(zero=False).zero is False])"
    )
    run = subprocess.run(
        [sys.executable, "-c", check],
        cwd=tmp_path / "out",
        capture_output=True,
        text=True,
        check=True,
    )
    assert run.stdout.splitlines() == [
        "[0, 0, 0, 0, 1, 1, 1, 0, 0]",
        "[True, True, True]",
    ]


def _nested_arrays(depth: int) -> dict[str, object]:
    schema: dict[str, object] = {"type": "string"}
    for _ in range(depth):
        schema = {"type": "array", "items": schema}
    return schema


def test_an_array_nested_200_deep_is_one_located_line(tmp_path: Path) -> None:
    schema = {"type": "object", "properties": {"x": _nested_arrays(200)}}
    result = _generate(tmp_path, "spec.json", _operation(schema, {}))
    assert result.returncode == 2
    pointer = (
        "#/paths/~1a/post/requestBody/content/application~1json/schema/properties/x"
        + "/items" * 119
    )
    assert (
        result.stderr == f"spec.json:255: {pointer}: nested more than 128 levels deep\n"
    )


def _nested_objects(depth: int) -> dict[str, object]:
    schema: dict[str, object] = {"type": "string"}
    for _ in range(depth):
        schema = {"type": "object", "properties": {"p": schema}}
    return schema


def test_objects_nested_30_deep_generate(tmp_path: Path) -> None:
    # Found by fuzzing: 29 were refused as "nested more than 64 levels deep", each
    # object in a property two JSON levels; the models are flat classes.
    result = _generate(tmp_path, "spec.json", _operation(_nested_objects(30), {}))
    assert (result.returncode, result.stderr) == (0, "")
    models = (tmp_path / "out" / "pipedrive_client" / "v1" / "models.py").read_text()
    assert models.count("(RequestModel):") == 30


def test_objects_nested_100_deep_are_one_located_line(tmp_path: Path) -> None:
    result = _generate(tmp_path, "spec.json", _operation(_nested_objects(100), {}))
    assert result.returncode == 2
    pointer = "#/paths/~1a/post/requestBody/content/application~1json/schema" + (
        "/properties/p" * 60 + "/properties"
    )
    assert (
        result.stderr == f"spec.json:196: {pointer}: nested more than 128 levels deep\n"
    )


def test_arrays_nested_past_what_the_models_take_are_one_located_line(
    tmp_path: Path,
) -> None:
    schema = {"type": "object", "properties": {"x": _nested_arrays(40)}}
    result = _generate(tmp_path, "spec.json", _operation(schema, {}))
    assert result.returncode == 2
    pointer = (
        "#/paths/~1a/post/requestBody/content/application~1json/schema/properties/x"
        + "/items" * 7
    )
    assert result.stderr == (
        f"spec.json:31: {pointer}: arrays, maps and unions nested more than 32 deep "
        "are not supported\n"
    )


def test_a_chain_of_refs_nested_without_end_is_one_located_line(
    tmp_path: Path,
) -> None:
    schemas: dict[str, object] = {
        f"S{n}": {"type": "array", "items": {"$ref": f"#/components/schemas/S{n + 1}"}}
        for n in range(400)
    }
    schemas["S400"] = {"type": "string"}
    spec = json.loads(_operation({"$ref": "#/components/schemas/S0"}, {}))
    spec["components"] = {"schemas": schemas}
    result = _generate(tmp_path, "spec.json", json.dumps(spec, indent=1))
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("spec.json:")
    assert result.stderr.endswith(": nested more than 128 levels deep through $refs\n")


def test_a_key_longer_than_yaml_takes_loads_from_json(tmp_path: Path) -> None:
    long_key = "k" * 2000
    schema = {"type": "object", "properties": {long_key: {"type": "string"}}}
    result = _generate(tmp_path, "spec.json", _operation(schema, schema))
    assert result.returncode == 0, result.stderr
    models = (tmp_path / "out" / "pipedrive_client" / "v1" / "models.py").read_text()
    assert long_key in models


def test_an_enum_of_100000_values_generates_in_seconds(tmp_path: Path) -> None:
    values = [f"value{n}" for n in range(100_000)]
    schema = {"type": "object", "properties": {"e": {"enum": values}}}
    text = _operation(schema, schema)
    start = time.perf_counter()
    result = _generate(tmp_path, "spec.json", text, "--formatter", "ruff")
    seconds = time.perf_counter() - start
    assert result.returncode == 0, result.stderr
    models = (tmp_path / "out" / "pipedrive_client" / "v1" / "models.py").read_text()
    assert models.count('"value99999"') == 2
    assert (
        seconds < 60
    ), f"{seconds:.1f} s"  # about 15 s on 2 busy cores; 39 s for 20,000 before
