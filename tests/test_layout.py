"""Templates write plain code and leave the layout to the formatter, ruff's by default,
which must write black's bytes (the tests' oracle): where the two could differ on what a
template writes, the template writes what both lay out alike."""

from __future__ import annotations

from pathlib import Path

from conftest import run_cli

from pipedrive_codegen.ir.build import build_ir
from pipedrive_codegen.output.format import format_sources
from pipedrive_codegen.spec.load import load_spec
from pipedrive_codegen.render.package import render_api
from pipedrive_codegen.spec.resolve import resolve_refs
from pipedrive_codegen.target import DEFAULT_TEMPLATES

ENUMS = """openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /deals:
    post:
      operationId: addDeal
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                status: {type: string, enum: [open, won, lost]}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  status: {type: string, enum: [open, won, lost]}
"""


def _by_each_formatter(
    tmp_path: Path, spec: str, package: str, module: str
) -> list[str]:
    """``spec`` generated as ``package`` with black, then with ruff: ``api/module.py``
    as each wrote it."""
    (tmp_path / "spec.yaml").write_text(spec, encoding="utf-8")
    written = []
    for formatter in ("black", "ruff"):
        run = run_cli(
            *("generate", "--spec", "api=spec.yaml", "--out", formatter),
            *("--package", package, "--formatter", formatter),
            cwd=tmp_path,
        )
        assert run.returncode == 0, run.stderr
        written.append(
            (tmp_path / formatter / package / f"api/{module}.py").read_text()
        )
    return written


def test_models_come_with_their_enums_in_double_quotes(tmp_path: Path) -> None:
    (tmp_path / "spec.yaml").write_text(ENUMS, encoding="utf-8")
    spec = load_spec(tmp_path / "spec.yaml")
    rendered = render_api(build_ir(resolve_refs(spec), "api"), DEFAULT_TEMPLATES)
    models = rendered["api/models.py"]
    assert 'Literal["open", "won", "lost"]' in models
    assert format_sources({"models.py": models})["models.py"] == models


# Long optional arguments: black puts such an annotation in brackets of its own, ruff's
# formatter only keeps brackets it is given; an enum of four values is spelled out in
# each signature, a longer one named once.
LONG_ARGUMENTS = """openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /deals:
    get:
      operationId: getDeals
      parameters:
        - name: status
          in: query
          schema:
            type: string
            enum: [open_and_waiting, won_after_a_while, lost_to_a_rival, deleted_by_a_user]
        - name: sort_by_field_of_the_deal_record
          in: query
          schema: {type: array, items: {type: string, format: date-time}}
        - {name: short, in: query, schema: {type: integer}}
      responses: {'200': {description: ok}}
"""


def test_ruff_lays_out_long_optional_arguments_as_black(tmp_path: Path) -> None:
    clients = _by_each_formatter(tmp_path, LONG_ARGUMENTS, "deals", "client")
    assert "        status: (\n            Literal[\n" in clients[0]
    assert clients[1] == clients[0]


# Validators whose names and lines outgrow a line: the template writes each statement
# on one line, and both formatters must break them alike (an alias in brackets, a
# signature, a call, a loop over keys).
LONG_VALIDATORS = """openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /things:
    post:
      operationId: addThing
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                first: {$ref: '#/components/schemas/ThingWithAVeryLongNameThatSpecsDoWriteInPractice'}
                second: {$ref: '#/components/schemas/ThingWithAVeryLongNameThatSpecsDoWriteInPracticeToo'}
                tags:
                  type: array
                  items: {type: string, enum: [alpha_value_number_one, beta_value_number_two]}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ThingWithAVeryLongNameThatSpecsDoWriteInPractice'}
components:
  schemas:
    ThingWithAVeryLongNameThatSpecsDoWriteInPractice: &thing
      type: object
      required: [identifier_of_the_thing_that_is_long]
      properties:
        identifier_of_the_thing_that_is_long: {type: integer, minimum: 1, maximum: 1000000000000000}
        another_really_quite_long_property_name: {type: string, format: date-time, maxLength: 100000}
        a: {type: string}
        b: {type: string}
        c: {type: string}
        d_with_a_long_name_of_its_own_to_push_the_loop_past_the_line: {type: string}
        e_with_a_long_name_of_its_own_to_push_the_loop_past_the_line: {type: string}
    ThingWithAVeryLongNameThatSpecsDoWriteInPracticeToo: *thing
"""


def test_ruff_lays_out_long_validators_as_black(tmp_path: Path) -> None:
    modules = _by_each_formatter(tmp_path, LONG_VALIDATORS, "things", "validators")
    assert (
        "_check_thing_with_a_very_long_name_that_specs_do_write_in_practice_too = (\n"
        in modules[0]
    )
    assert "    for key in (\n" in modules[0]
    assert modules[1] == modules[0]


# A request body whose model's name outgrows the line: `body: Model | None = None` is
# an optional argument like the query's, and both formatters must lay it out alike.
LONG_BODY = """openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /things:
    post:
      operationId: addAThingWithAVeryLongOperationIdAsSomeSpecsWrite
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/ThingRequestWithAVeryLongNameOfItsOwnTooAsSomeSpecsDoWriteTheirNames'}
      responses: {'200': {description: ok}}
components:
  schemas:
    ThingRequestWithAVeryLongNameOfItsOwnTooAsSomeSpecsDoWriteTheirNames:
      type: object
      properties:
        name: {type: string}
"""


def test_ruff_lays_out_a_long_body_argument_as_black(tmp_path: Path) -> None:
    clients = _by_each_formatter(tmp_path, LONG_BODY, "things", "client")
    assert "        body: (\n" in clients[0], clients[0]
    assert clients[1] == clients[0]
