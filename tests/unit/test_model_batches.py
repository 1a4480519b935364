"""Models are generated in batches; should datamodel-code-generator ever name a class
otherwise than the IR does, the models are generated in one batch instead, nothing lost.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT

import pipedrive_codegen.render.models as datamodels
import pipedrive_codegen.render.model_graph as model_graph
from pipedrive_codegen.ir.build import build_ir
from pipedrive_codegen.spec.load import load_spec
from pipedrive_codegen.spec.resolve import resolve_refs
from pipedrive_codegen.target import DEFAULT_TEMPLATES


def api() -> Any:
    spec = load_spec(ROOT / "specs" / "activities-v1.yaml")
    return build_ir(resolve_refs(spec), "v1")


def classes(parts: tuple[datamodels.ModelsPart, ...]) -> list[str]:
    body = "".join(part.source.body for part in parts)
    return re.findall(r"^class (\w+)", body, flags=re.M)


def test_a_renamed_class_falls_back_to_one_batch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(model_graph, "BATCH", 4)  # several batches
    plain = datamodels.render_models(api(), DEFAULT_TEMPLATES)
    generate = datamodels._generate
    documents: list[int] = []

    def renaming(document: dict[str, Any], *args: Any) -> str:
        schemas = document["components"]["schemas"]
        # (a type datamodel-code-generator cannot write is a placeholder stub)
        documents.append(len([n for n in schemas if "PipedriveCodegenType" not in n]))
        source = generate(document, *args)
        return source.replace("class Activity(", "class ActivityRenamed(")

    monkeypatch.setattr(datamodels, "_generate", renaming)
    renamed = datamodels.render_models(api(), DEFAULT_TEMPLATES)

    assert len(documents) > 2 and documents[-1] == len(api().models)  # then one batch
    assert "ActivityRenamed" in classes(renamed)
    assert len(classes(renamed)) == len(classes(plain))


def test_a_large_spec_gets_a_module_per_model_with_names_every_system_accepts(
    tmp_path: Path,
) -> None:
    names = ["Con", "Aux", *(f"Thing{i}" for i in range(70))]
    lines = ["openapi: 3.0.3", "info: {title: T, version: '1'}", "paths:"]
    for name in names:
        lines += [f"  /{name}:", "    get:", f"      operationId: get{name}"]
        lines += ["      responses:", "        '200':", "          description: ok"]
        lines += ["          content:", "            application/json:"]
        lines += [f"              schema: {{$ref: '#/components/schemas/{name}'}}"]
    lines += ["components:", "  schemas:"]
    for name in names:
        lines += [f"    {name}:", "      type: object", "      properties:"]
        lines += [f"        {name.lower()}: {{type: string}}"]  # no two alike
    (tmp_path / "spec.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    ir = build_ir(resolve_refs(load_spec(tmp_path / "spec.yaml")), "api")
    parts = datamodels.render_models(ir, DEFAULT_TEMPLATES)
    modules = {part.module: part.names for part in parts}
    assert modules["con_"] == ("Con",) and modules["aux_"] == ("Aux",)
    assert modules["thing_7"] == ("Thing7",)
    assert len(modules) == len(names)


def twins_api(tmp_path: Path) -> Any:
    """A spec of many models that name one another, and sets of models of one shape
    (one set named by other models, one set with a field of a formatted type)."""
    lines = ["openapi: 3.0.3", "info: {title: T, version: '1'}", "paths: {}"]
    lines += ["components:", "  schemas:"]
    for i in range(60):
        lines += [f"    Thing{i}:", "      type: object", "      properties:"]
        lines += [f"        name{i % 7}: {{type: string}}"]  # every 7th alike
        if i % 5 == 1:  # Thing1 names Thing2 (a twin of Thing9), ...
            lines += [f"        next: {{$ref: '#/components/schemas/Thing{i + 1}'}}"]
        if i % 9 == 4:
            lines += ["        when: {type: string, format: date-time}"]
            lines += [
                "        of: {type: array, items: {$ref: '#/components/schemas/Thing0'}}"
            ]
    path = tmp_path / "spec.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return build_ir(resolve_refs(load_spec(path)), "api")


def test_models_of_one_shape_are_generated_once_and_written_as_each_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    ir = twins_api(tmp_path)
    generate = datamodels._generate
    generated: list[str] = []

    def counting(document: dict[str, Any], *args: Any) -> str:
        source = generate(document, *args)
        generated.extend(re.findall(r"^class (\w+)\(ResponseModel", source, re.M))
        return source

    monkeypatch.setattr(datamodels, "_generate", counting)
    monkeypatch.setattr(model_graph, "BATCH", 6)  # ten batches
    batched = datamodels.render_models(ir, DEFAULT_TEMPLATES)
    twins = len(generated)
    # As datamodel-code-generator writes every model in one batch, each as itself.
    monkeypatch.setattr(model_graph, "BATCH", 1000)
    monkeypatch.setattr(datamodels, "_no_field_named_as_an_import", lambda _: False)
    generated.clear()
    alone = datamodels.render_models(ir, DEFAULT_TEMPLATES)

    assert len(generated) == len(ir.models) == 60
    assert twins < 60, twins  # the models of a shape are written from one
    assert batched == alone
    assert len(classes(batched)) == 60
