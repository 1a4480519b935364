"""The templates lay code out as black does. Black formats its input a second time
whenever its first pass changed anything, so a render black leaves as it is costs one
pass: this keeps the format stage, most of a cold run's time, at its least."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT

from pipedrive_codegen.ir.build import build_ir
from pipedrive_codegen.output.format import format_sources
from pipedrive_codegen.spec.load import load_spec
from pipedrive_codegen.render.package import render_api
from pipedrive_codegen.spec.resolve import resolve_refs
from pipedrive_codegen.target import DEFAULT_TEMPLATES


@pytest.mark.parametrize("name", ["v1", "v2"])
def test_black_leaves_the_rendered_modules_as_they_are(name: str) -> None:
    spec = load_spec(ROOT / "specs" / f"activities-{name}.yaml")
    rendered = render_api(build_ir(resolve_refs(spec), name), DEFAULT_TEMPLATES)
    modules = {path: text for path, text in rendered.items() if path.endswith(".py")}
    assert sorted(modules) == [
        f"{name}/{m}"
        for m in ("__init__.py", "client.py", "models.py", "validators.py")
    ]
    # The client template writes plain code and leaves its layout to the formatter.
    laid_out = {
        path: text for path, text in modules.items() if path != f"{name}/client.py"
    }
    formatted = format_sources(laid_out)
    assert {path: formatted[path] == text for path, text in laid_out.items()} == {
        path: True for path in laid_out
    }


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
