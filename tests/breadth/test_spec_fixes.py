"""What a breadth run on public specs found, each on a minimal spec through the CLI: a
field named ``date`` (its type imported under another name), a ``default`` that breaks
its own schema, a ``$ref`` with sibling keys (OpenAPI 3.0 ignores them, 3.1 keeps a
``description``), and ``properties`` that is itself a reference."""

from __future__ import annotations

import importlib
import sys
from datetime import date
from pathlib import Path

import pytest
from breadth_support import LOCATED_LINE, generate_all, import_all, mypy_all

from conftest import run_cli

HEAD = """
openapi: {version}
info: {{title: Fixes, version: '1'}}
paths:
  /e:
    get:
      operationId: getEvent
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
"""
DATE_FIELD = """\
                  date: {type: string, format: date}
                  when: {type: string, format: date}
"""
REF_SIBLINGS = """\
                  owner:
                    $ref: '#/components/schemas/User'
                    description: Who owns it
                    type: string
components:
  schemas:
    User:
      type: object
      properties:
        id: {type: integer}
"""
BAD_DEFAULT = """\
                  count: {type: integer, default: many}
"""
PROPERTIES_REF = """\
                  $ref: '#/components/schemas/Props'
components:
  schemas:
    Props:
      id: {type: integer}
"""
# the 3.1 form of REF_SIBLINGS: a sibling ``type`` would be a second type at once
REF_DESCRIBED = REF_SIBLINGS.replace("                    type: string\n", "")
SPECS = {
    "date_field": HEAD.format(version="3.0.3") + DATE_FIELD,
    "siblings_30": HEAD.format(version="3.0.3") + REF_SIBLINGS,
    "siblings_31": HEAD.format(version="3.1.0") + REF_DESCRIBED,
}


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("fixes")
    for name, text in SPECS.items():
        (out / f"{name}.yaml").write_text(text)
    jobs = {name: ([f"api={name}.yaml"], out) for name in SPECS}
    for name, result in generate_all(jobs, out).items():
        assert result.run.returncode == 0, f"{name}: {result.run.stderr}"
    return out


def test_each_package_imports_and_type_checks(root: Path) -> None:
    assert import_all(root, SPECS) == {name: None for name in SPECS}
    assert mypy_all(root, SPECS) == {name: [] for name in SPECS}


def test_a_field_named_date_keeps_its_type(root: Path) -> None:
    sys.path.insert(0, str(root))
    try:
        models = importlib.import_module("date_field.api.models")
    finally:
        sys.path.remove(str(root))
    event = models.GetEventResponse.model_validate(
        {"date": "2026-12-01", "when": "2026-12-02"}
    )
    assert (event.date, event.when) == (date(2026, 12, 1), date(2026, 12, 2))


def test_ref_siblings_are_ignored_in_3_0_and_described_in_3_1(root: Path) -> None:
    old = (root / "siblings_30" / "api" / "models.py").read_text()
    new = (root / "siblings_31" / "api" / "models.py").read_text()
    # 3.0: the reference is the component, its siblings ignored (no copy of User made
    # a string, no description)
    assert old.endswith("    owner: User | None = None\n")
    assert "Who owns it" not in old and "class GetEventResponseOwner" not in old
    # 3.1: the same component, described where it is used
    assert '    owner: User | None = None\n    """Who owns it"""' in new


@pytest.mark.parametrize("version", ["3.0.3", "3.1.0"])
@pytest.mark.parametrize("command", ["generate", "check"])
def test_properties_that_is_a_reference_is_one_located_line(
    tmp_path: Path, version: str, command: str
) -> None:
    (tmp_path / "spec.yaml").write_text(HEAD.format(version=version) + PROPERTIES_REF)
    run = run_cli(command, "--spec", "api=spec.yaml", "--out", "out", cwd=tmp_path)
    assert run.returncode == 2, run.stderr
    assert LOCATED_LINE.match(run.stderr.strip()), run.stderr
    assert run.stderr.startswith(
        "spec.yaml:16: #/paths/~1e/get/responses/200/content/application~1json/"
        "schema/properties/$ref: "
    )
    assert not (tmp_path / "out").exists()


def test_a_default_that_breaks_its_schema_is_one_located_line(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(HEAD.format(version="3.0.3") + BAD_DEFAULT)
    run = run_cli("generate", "--spec", "api=spec.yaml", "--out", "out", cwd=tmp_path)
    assert (run.returncode, run.stderr.strip()) == (
        2,
        "spec.yaml:16: #/paths/~1e/get/responses/200/content/application~1json/"
        "schema/properties/count/default: 'many' is not of type 'integer'",
    )
    assert not (tmp_path / "out").exists()
