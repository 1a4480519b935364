"""The validators template still lays code out as black does (its ``fit`` macro and the
plan's ``LINE_LENGTH``), until it too writes plain code: black formats its input a second
time whenever its first pass changed anything, so a render black leaves as it is costs
one pass. The client, package and models templates write plain code and leave the layout
to the formatter."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT, run_cli

from pipedrive_codegen.ir.build import build_ir
from pipedrive_codegen.output.format import format_sources
from pipedrive_codegen.spec.load import load_spec
from pipedrive_codegen.render.package import render_api
from pipedrive_codegen.spec.resolve import resolve_refs
from pipedrive_codegen.target import DEFAULT_TEMPLATES


@pytest.mark.parametrize("name", ["v1", "v2"])
def test_black_leaves_the_rendered_validators_as_they_are(name: str) -> None:
    spec = load_spec(ROOT / "specs" / f"activities-{name}.yaml")
    rendered = render_api(build_ir(resolve_refs(spec), name), DEFAULT_TEMPLATES)
    validators = {f"{name}/validators.py": rendered[f"{name}/validators.py"]}
    assert format_sources(validators) == validators


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
    (tmp_path / "spec.yaml").write_text(LONG_ARGUMENTS, encoding="utf-8")
    clients = []
    for formatter in ("black", "ruff"):
        run = run_cli(
            *("generate", "--spec", "api=spec.yaml", "--out", formatter),
            *("--package", "deals", "--formatter", formatter),
            cwd=tmp_path,
        )
        assert run.returncode == 0, run.stderr
        clients.append((tmp_path / formatter / "deals/api/client.py").read_text())
    assert "        status: (\n            Literal[\n" in clients[0]
    assert clients[1] == clients[0]
