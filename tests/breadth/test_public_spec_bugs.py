"""Bugs the public specs found (tests/breadth/test_public_specs.py), each on a minimal
spec through the CLI: a ``required`` name beside an ``allOf`` that no property defines
(PagerDuty), ..."""

from __future__ import annotations

import importlib
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pydantic
import pytest
from breadth_support import generate_all, import_all, mypy_all

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
SPECS = {"required_names": REQUIRED_WITHOUT_PROPERTY}


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
